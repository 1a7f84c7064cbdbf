// read_aloud_test.cpp — the speaker button and the long press (kiosk.toml `read_aloud = true`):
// there only when the voter's language has an eSpeak NG voice; what they read goes to a
// recording Speaker (no sound).
#include "support/kiosk_harness.h"
#include "speech.h"

#include <sys/stat.h>

#include <fstream>

using namespace kiosk_test;

namespace {

// Says it can read what eSpeak NG has a voice for; remembers what it was asked to read.
class RecordingSpeaker final : public Speaker {
public:
    bool can_read(std::string_view language) override { return !speech_voice(language).empty(); }
    void read(std::string_view language, std::string text) override { heard.emplace_back(std::string(language) + ": " + text); }
    std::vector<std::string> heard;
};

const char* const two_languages = R"(format = 1
id = "read-aloud"
languages = ["en", "ti"]
title = { en = "Our neighbourhood", ti = "ከባቢና" }
[[step]]
id = "themes"
type = "dot_vote"
title = { en = "What should we work on first?", ti = "ቅድሚያ እንታይ ክንሰርሕ?" }
dots = 5
options = [
  { id = "housing", label = { en = "Housing", ti = "ገዛ" }, description = { en = "Homes for families", ti = "ገዛ ንስድራ" } },
  { id = "work", label = { en = "Work", ti = "ስራሕ" } },
  { id = "language", label = { en = "Language", ti = "ቋንቋ" } },
]
)";

AppConfig reading_aloud(std::shared_ptr<RecordingSpeaker> speaker, bool on = true) {
    AppConfig config;
    config.kiosk.read_aloud = on;
    config.speaker = std::move(speaker);
    return config;
}

const char* const start_in_english = "tap \"Touch the screen to start\"\ntap \"English\"\nexpect \"What should we work on first?\"\n";

}  // namespace

TEST_CASE("the speaker button reads the question and the options in the voter's language", "[ui][read_aloud]") {
    auto speaker = std::make_shared<RecordingSpeaker>();
    for (ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        speaker->heard.clear();
        Kiosk k(two_languages, size, reading_aloud(speaker));
        KIOSK_RUN(k, start_in_english);
        REQUIRE(k.find("Read aloud") != nullptr);
        CHECK(k.find("Read aloud")->context == "Reading");
        KIOSK_RUN(k, "tap \"Read aloud\"\n");
        CHECK(speaker->heard == std::vector<std::string>{"en: What should we work on first? Housing. Work. Language"});
        CHECK(k.app().visit().draft("themes").empty());  // reading changed nothing
    }
}

TEST_CASE("no speaker button for a language without a voice, nor when read_aloud is off", "[ui][read_aloud]") {
    auto speaker = std::make_shared<RecordingSpeaker>();
    SECTION("Tigrinya has no eSpeak NG voice: no button, and a long press reads nothing") {
        Kiosk k(two_languages, {1920, 1080}, reading_aloud(speaker));
        KIOSK_RUN(k, "tap \"Touch the screen to start\"\ntap \"ትግርኛ\"\nexpect \"ቅድሚያ እንታይ ክንሰርሕ?\"\n");
        CHECK(k.find("Aa") != nullptr);
        CHECK(k.find(Strings::builtin().get("read_aloud", "ti")) == nullptr);
        KIOSK_RUN(k, "hold \"ገዛ\" 2\n");
        CHECK(speaker->heard.empty());
    }
    SECTION("read_aloud = false: no button in English either") {
        Kiosk k(two_languages, {1920, 1080}, reading_aloud(speaker, false));
        KIOSK_RUN(k, start_in_english);
        CHECK(k.find("Aa") != nullptr);
        CHECK(k.find("Read aloud") == nullptr);
        KIOSK_RUN(k, "hold \"Housing\" 2\n");
        CHECK(speaker->heard.empty());
    }
}

TEST_CASE("a long press on a card reads that option, and gives it no dot", "[ui][read_aloud]") {
    auto speaker = std::make_shared<RecordingSpeaker>();
    Kiosk k(two_languages, {1920, 1080}, reading_aloud(speaker));
    KIOSK_RUN(k, start_in_english);
    KIOSK_RUN(k, "hold \"Housing\" 1.5\n");
    CHECK(speaker->heard == std::vector<std::string>{"en: Housing. Homes for families"});
    CHECK(k.app().visit().draft("themes").empty());  // the release after a long press is no tap
    KIOSK_RUN(k, "hold \"Work\" 0.3\n");  // a short press is a tap: a dot, nothing read
    CHECK(speaker->heard.size() == 1);
    CHECK(k.app().visit().draft("themes").dots_used() == 1);
}

TEST_CASE("kiosk.toml: read_aloud is off unless set to true, anything but true or false is refused", "[ui][read_aloud][config]") {
    TempDir dir;
    const auto read = [&](const std::string& content, KioskConfig& config) {
        const std::string path = dir / "kiosk.toml";
        std::ofstream(path) << content;
        ::chmod(path.c_str(), 0600);
        config.path = path;
        return read_kiosk_config(config);
    };
    KioskConfig none, on, off, wrong;
    REQUIRE(read("supervised = false\n", none));
    CHECK_FALSE(none.reads_aloud());
    REQUIRE(read("read_aloud = true\n", on));
    CHECK(on.reads_aloud());
    REQUIRE(read("read_aloud = false\n", off));
    CHECK_FALSE(off.reads_aloud());
    const Status refused = read("\nread_aloud = \"yes\"\n", wrong);
    CHECK_FALSE(refused);
    CHECK_THAT(refused.message, Catch::Contains("kiosk.toml:2: error: `read_aloud` must be true or false"));
}
