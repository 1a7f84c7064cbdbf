// kiosk_config_test.cpp — the kiosk's own settings: kiosk.toml (read, checked with line numbers,
// updated in place, private), the command line, and `workshop-kiosk --set-pin` (the real program).
#include <sys/stat.h>

#include "facilitator_harness.h"

using namespace kiosk_test;

TEST_CASE("the kiosk config file: read, checked with line numbers, updated in place, private", "[facilitator][config]") {
    TempDir dir;
    const std::string path = dir / "kiosk.toml";
    std::ofstream(path) << "# my kiosk\nsupervised = true   # one at a time\nscenarios = \"sc\"\nexport_to = [\"/srv/share\", \"out\"]\nmonitor = 1\n";
    ::chmod(path.c_str(), 0600);
    KioskConfig c;
    c.path = path;
    REQUIRE(read_kiosk_config(c));
    CHECK(c.is_supervised());
    CHECK(c.monitor == 1);
    CHECK(c.scenarios_dir == dir / "sc");
    CHECK(c.export_dirs == std::vector<std::string>{"/srv/share", dir / "out"});
    CHECK(c.quit_allowed());
    CHECK(c.pin_hash.empty());

    // The command line wins.
    KioskConfig given;
    given.path = path;
    given.supervised = false;
    given.monitor = 0;
    REQUIRE(read_kiosk_config(given));
    CHECK_FALSE(given.is_supervised());
    CHECK(given.monitor == 0);

    const std::string hash = hash_pin("135790");
    REQUIRE(write_config_values(path, {{"pin_hash", toml_string(hash)}, {"supervised", "false"}}));
    const std::string text = read_file(path);
    CHECK_THAT(text, Catch::StartsWith("# my kiosk\nsupervised = false\nscenarios = \"sc\"\n"));
    CHECK_THAT(text, Catch::Contains("pin_hash = \"" + hash + "\""));
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    KioskConfig again;
    again.path = path;
    REQUIRE(read_kiosk_config(again));
    CHECK(verify_pin("135790", again.pin_hash));
    CHECK_FALSE(again.is_supervised());

    // A new file is created private.
    const std::string fresh = dir / "new.toml";
    REQUIRE(write_config_values(fresh, {{"scenario", toml_string("a \"quoted\" name.toml")}}));
    REQUIRE(::stat(fresh.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    KioskConfig quoted;
    quoted.path = fresh;
    REQUIRE(read_kiosk_config(quoted));
    CHECK(quoted.scenario == dir / "a \"quoted\" name.toml");

    // Mistakes name the file and line and say what to write.
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"supervised = \"yes\"\n", ":1: error: `supervised` must be true or false"},
        {"\n\nsupervized = true\n", ":3: error: unknown setting `supervized`"},
        {"monitor = -1\n", ":1: error: `monitor` must be a monitor number"},
        {"pin_hash = \"2468\"\n", ":1: error: `pin_hash` is not a PIN hash written by workshop-kiosk"},
        {"scenario = [1]\n", ":1: error: `scenario` must be a text in quotes"},
        {"supervised = \n", "bad.toml:1:"},
    };
    for (const auto& [content, message] : bad) {
        std::ofstream(dir / "bad.toml") << content;
        ::chmod((dir / "bad.toml").c_str(), 0600);
        KioskConfig b;
        b.path = dir / "bad.toml";
        const Status read = read_kiosk_config(b);
        INFO(content);
        CHECK_FALSE(read);
        CHECK_THAT(read.message, Catch::Contains(message));
    }
    KioskConfig missing;
    missing.path = dir / "missing.toml";
    CHECK(read_kiosk_config(missing));

    // A config others can read, a link, or one another user owns is refused (the PIN hash).
    std::ofstream(dir / "open.toml") << "supervised = true\n";
    ::chmod((dir / "open.toml").c_str(), 0640);
    KioskConfig open;
    open.path = dir / "open.toml";
    CHECK_THAT(read_kiosk_config(open).message, Catch::Contains("can be read or changed by other users; make it private: chmod 600"));
    ::chmod((dir / "open.toml").c_str(), 0600);
    CHECK(read_kiosk_config(open));
    fs::create_symlink(dir / "open.toml", dir / "link.toml");
    KioskConfig link;
    link.path = dir / "link.toml";
    CHECK_THAT(read_kiosk_config(link).message, Catch::Contains("must be a plain file"));
    if (::geteuid() == 0) {  // only root can give a file away
        REQUIRE(::chown((dir / "open.toml").c_str(), 65534, 65534) == 0);
        CHECK_THAT(read_kiosk_config(open).message, Catch::Contains("belongs to another user"));
    }

    // The example shipped for deployment reads as it says (installed private, as the README says).
    fs::copy_file(WORKSHOP_SOURCE_DIR "/kiosk/deploy/kiosk.toml.example", dir / "example.toml");
    ::chmod((dir / "example.toml").c_str(), 0600);
    KioskConfig example;
    example.path = dir / "example.toml";
    REQUIRE(read_kiosk_config(example));
    CHECK(example.scenario == dir / "scenarios/almere-stakeholders.toml");
    CHECK_FALSE(example.is_supervised());
    CHECK(example.language == "nl");
    CHECK(example.facilitator_timeout == 300);
}

TEST_CASE("command line: kiosk options, and the config's scenario unless --scenario is given", "[facilitator][config]") {
    TempDir dir;
    std::ofstream(dir / "kiosk.toml") << "scenario = \"mine.toml\"\nsupervised = true\n";
    ::chmod((dir / "kiosk.toml").c_str(), 0600);
    auto parsed = parse_options({"--db", dir / "workshop.db", "--pin", "246813", "--monitor", "1", "--allow-quit"});
    REQUIRE(parsed.ok());
    Options o = *parsed;
    REQUIRE(load_kiosk_config(o));
    CHECK(o.kiosk.path == dir / "kiosk.toml");  // beside the database
    CHECK(o.scenario == dir / "mine.toml");
    CHECK(o.kiosk.is_supervised());
    CHECK(o.kiosk.pin == "246813");
    CHECK(o.kiosk.monitor == 1);

    auto explicit_scenario = parse_options({"--db", dir / "workshop.db", "--scenario", "other.toml"});
    REQUIRE(explicit_scenario.ok());
    Options e = *explicit_scenario;
    REQUIRE(load_kiosk_config(e));
    CHECK(e.scenario == "other.toml");

    CHECK_THAT(parse_options({"--pin", "12"}).message(), Catch::Contains("--pin needs 6 to 12 digits"));
    CHECK_THAT(parse_options({"--monitor", "x"}).message(), Catch::Contains("--monitor needs a monitor number"));
    CHECK(parse_options({"--set-pin"})->kiosk.tool == KioskConfig::Tool::set_pin);
    CHECK_THAT(usage(), Catch::Contains("--set-pin"));
}

#ifdef WORKSHOP_KIOSK
TEST_CASE("workshop-kiosk --set-pin stores an Argon2id hash in a private config file", "[facilitator][config]") {
    TempDir dir;
    const std::string config = dir / "kiosk.toml";
    const std::string command = "echo 975310 | '" WORKSHOP_KIOSK "' --set-pin --config '" + config + "' > '" + (dir / "out.txt") + "' 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    CHECK_THAT(read_file(dir / "out.txt"), Catch::Contains("The facilitator PIN is set"));
    struct stat info {};
    REQUIRE(::stat(config.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    const std::string text = read_file(config);
    CHECK(text.find("975310") == std::string::npos);
    KioskConfig c;
    c.path = config;
    REQUIRE(read_kiosk_config(c));
    CHECK(c.pin_hash.rfind("$argon2id$", 0) == 0);
    CHECK(verify_pin("975310", c.pin_hash));

    const std::string wrong = "echo 1234 | '" WORKSHOP_KIOSK "' --set-pin --config '" + config + "' > /dev/null 2>&1";
    CHECK(WEXITSTATUS(std::system(wrong.c_str())) == 1);
    CHECK(read_file(config) == text);  // unchanged
}
#endif
