// facilitator_scenarios_test.cpp — loading another scenario in facilitator mode: from the scenarios
// folder or a USB stick; a broken file shows its errors and changes nothing.
#include <sys/stat.h>

#include "facilitator_harness.h"

using namespace kiosk_test;

TEST_CASE("load a scenario: a broken file shows its errors and changes nothing, a valid one switches", "[ui][facilitator]") {
    TempDir dir;
    fs::create_directories(dir / "scenarios");
    {
        std::ofstream(dir / "scenarios/broken.toml") << "format = 1\nid = \"broken\"\nlanguages = [\"en\"]\ntitle = \"Broken\"\n[[step]]\nid = 3\n";
        std::string second = workshop_toml;
        second.replace(second.find("id = \"harbour\""), 14, "id = \"second\"");
        second.replace(second.find("en = \"Harbour workshop\""), 23, "en = \"Second workshop\"");
        std::ofstream(dir / "scenarios/second.toml") << second;
    }
    AppConfig config = config_with_pin();
    config.kiosk.scenarios_dir = dir / "scenarios";
    config.kiosk.path = dir / "kiosk.toml";
    Kiosk k(workshop_toml, {1920, 1080}, config);
    KIOSK_RUN(k, one_voter);
    Session* before = k.app().session();

    enter(k);
    KIOSK_RUN(k, "tap \"Load a scenario…\"\nexpect \"Scenarios in " + dir / "scenarios" + "\"\n");
    KIOSK_RUN(k, R"(
expect "Second workshop"
expect "Has errors — tap to see them"
tap "broken.toml"
expect "broken.toml cannot be loaded"
expect "Nothing was changed: the current session goes on. Fix the file, then tap Refresh."
)");
    KIOSK_RUN(k, "expect \"" + dir / "scenarios/broken.toml" + ":6:6: error: `id` must be a text in double quotes, not a whole number\"\n");
    save(k, "10-scenarios-broken.png");
    CHECK(k.app().session() == before);
    CHECK(k.app().scenario()->id == "harbour");

    KIOSK_RUN(k, R"(
tap "Second workshop"
expect "Switch to “Second workshop”?"
tap "Load it"
expect "Now running: “Second workshop” (session 2)."
)");
    save(k, "11-home-after-load.png");
    REQUIRE(k.app().session() != before);
    CHECK(k.app().scenario()->id == "second");
    CHECK(k.app().session()->visit_count() == 0);
    CHECK(k.session().visit_count() == 1);  // the old session keeps its ballots
    CHECK(actions(k, "scenario_left").size() == 1);

    // Remembered for a restart, in a private file.
    const std::string text = read_file(dir / "kiosk.toml");
    CHECK_THAT(text, Catch::Contains("scenario = \"" + fs::absolute(dir / "scenarios/second.toml").string() + "\""));
    struct stat info {};
    REQUIRE(::stat((dir / "kiosk.toml").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    // Voters now vote in the new session.
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\n");
    KIOSK_RUN(k, one_voter);
    CHECK(k.app().session()->visit_count() == 1);
    CHECK(k.session().visit_count() == 1);
}

TEST_CASE("load a scenario from a USB stick: a valid file is copied into the scenarios folder and loaded", "[ui][facilitator]") {
    TempDir dir;
    fs::create_directories(dir / "scenarios");
    fs::create_directories(dir / "stick");
    {
        std::ofstream(dir / "mounts") << "/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 " << dir / "stick" << " vfat rw 0 0\n";
        std::ofstream(dir / "stick/broken.toml") << "format = 1\nid = \"broken\"\nlanguages = [\"en\"]\ntitle = \"Broken\"\n[[step]]\nid = 3\n";
        std::string usb = workshop_toml;
        usb.replace(usb.find("id = \"harbour\""), 14, "id = \"usb\"");
        usb.replace(usb.find("en = \"Harbour workshop\""), 23, "en = \"Stick workshop\"");
        std::ofstream(dir / "stick/stick.toml") << usb;
    }
    AppConfig config = config_with_pin();
    config.kiosk.scenarios_dir = dir / "scenarios";
    config.kiosk.mounts_file = dir / "mounts";
    std::string root = dir / "";
    root.pop_back();  // USB sticks: mount points below the test folder
    config.kiosk.media_roots = {root};
    Kiosk k(workshop_toml, {1920, 1080}, config);
    Session* before = k.app().session();
    enter(k);
    KIOSK_RUN(k, R"(
tap "Load a scenario…"
expect "USB: stick.toml"
expect "USB: broken.toml"
tap "USB: broken.toml"
)");
    KIOSK_RUN(k, "expect \"" + dir / "stick/broken.toml" + ":6:6: error: `id` must be a text in double quotes, not a whole number\"\n");
    CHECK(k.app().session() == before);
    CHECK_FALSE(fs::exists(dir / "scenarios/broken.toml"));  // a broken file changes nothing
    KIOSK_RUN(k, "tap \"Stick workshop\"\ntap \"Load it\"\nexpect \"Now running: “Stick workshop” (session 2).\"\n");
    CHECK(k.app().scenario()->id == "usb");
    REQUIRE(fs::exists(dir / "scenarios/stick.toml"));
    CHECK(read_file(dir / "scenarios/stick.toml") == read_file(dir / "stick/stick.toml"));
    CHECK(k.app().scenario()->source_path == (dir / "scenarios/stick.toml"));
    CHECK(actions(k, "scenario_copied_from_usb").size() == 1);
}
