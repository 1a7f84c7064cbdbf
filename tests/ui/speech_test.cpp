// speech_test.cpp — read aloud's synthesis (kiosk/speech.h), with no sound card: which of the
// kiosk's ten languages has an eSpeak NG voice, and that each of those turns a sentence into
// audible samples in a buffer.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "speech.h"
#include "workshop/languages.h"

using namespace workshop::kiosk;

namespace {

// A sentence per voiced language ("Where do you want to live?" or close to it).
struct Sample {
    const char* language;
    const char* text;
};
const Sample sentences[] = {
    {"nl", "Waar wilt u wonen?"},      {"en", "Where would you like to live?"}, {"uk", "Де ви хочете жити?"},
    {"ar", "أين تريد أن تعيش؟"},         {"fa", "کجا می‌خواهید زندگی کنید؟"},     {"tr", "Nerede yaşamak istersiniz?"},
    {"pl", "Gdzie chcesz mieszkać?"},  {"ru", "Где вы хотите жить?"},
};

double rms(const std::vector<std::int16_t>& samples) {
    double sum = 0;
    for (const std::int16_t s : samples) sum += static_cast<double>(s) * s;
    return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

}  // namespace

TEST_CASE("eight of the kiosk's ten languages have an eSpeak NG voice, Tigrinya and Somali have none", "[speech]") {
    std::vector<std::string> voiced, hidden;
    for (const workshop::UiLanguage& language : workshop::ui_languages())
        (speech_voice(language.code).empty() ? hidden : voiced).emplace_back(language.code);
    CHECK(voiced == std::vector<std::string>{"ar", "en", "fa", "nl", "pl", "ru", "tr", "uk"});
    CHECK(hidden == std::vector<std::string>{"so", "ti"});
    // The voice that speaks the language itself, never a fallback to another one.
    CHECK(speech_voice("nl") == "gmw/nl");
    CHECK(speech_voice("en") == "gmw/en");
    CHECK(speech_voice("uk") == "zle/uk");
    CHECK(speech_voice("") == "");
    CHECK(speech_voice("xx") == "");
}

TEST_CASE("a sentence in each voiced language becomes audible samples in a buffer", "[speech]") {
    for (const Sample& sample : sentences) {
        INFO(sample.language);
        const SpeechAudio audio = synthesize_speech(sample.language, sample.text);
        CHECK(audio.sample_rate == 22050);
        // A short question: more than half a second, less than ten.
        CHECK(audio.samples.size() > 22050 / 2);
        CHECK(audio.samples.size() < 22050 * 10);
        CHECK(rms(audio.samples) > 300);  // speech, not silence (full scale is 32767)
    }
}

TEST_CASE("a language without a voice and an empty text give no samples", "[speech]") {
    CHECK(synthesize_speech("ti", "ሰላም").samples.empty());
    CHECK(synthesize_speech("so", "Halkee ayaad rabtaa inaad ku noolaato?").samples.empty());
    CHECK(synthesize_speech("en", "").samples.empty());
}

TEST_CASE("the audio as a WAV file: a 44-byte header, then the samples little-endian", "[speech]") {
    SpeechAudio audio;
    audio.sample_rate = 22050;
    audio.samples = {1, -2, 0x1234};
    const std::string wav = wav_file_bytes(audio);
    REQUIRE(wav.size() == 44 + 6);
    CHECK(wav.substr(0, 4) == "RIFF");
    CHECK(wav.substr(8, 8) == "WAVEfmt ");
    CHECK(wav.substr(36, 4) == "data");
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(wav[i]); };
    CHECK(byte(4) == 42);                                  // 36 + 6 bytes of samples
    CHECK((byte(24) | byte(25) << 8) == 22050);            // the sample rate
    CHECK((byte(40) | byte(41) << 8) == 6);                // the data size
    CHECK((byte(44) == 1 && byte(45) == 0));               // 1
    CHECK((byte(46) == 0xFE && byte(47) == 0xFF));         // -2
    CHECK((byte(48) == 0x34 && byte(49) == 0x12));         // 0x1234
}
