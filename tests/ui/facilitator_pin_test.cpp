// facilitator_pin_test.cpp — the way into facilitator mode: the hidden gesture (a 3 s press in the
// top-left corner), the PIN pad and its growing lockouts (kept across restarts), the PIN hashes,
// and facilitator mode locking itself when left alone.
#include <sys/stat.h>

#include <cmath>
#include <cstdio>

#include "facilitator_harness.h"

using namespace kiosk_test;

TEST_CASE("the hidden gesture and the PIN open facilitator mode, both attempts are audited", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    REQUIRE(k.screen() == ScreenId::attract);
    CHECK_FALSE(k.shows_part("Facilitator"));  // no visible way in for participants

    // A short press in the corner is a tap on the attract screen: it starts a visit, nothing else.
    hold_corner(k, 1.0);
    CHECK(k.screen() != ScreenId::facilitator_pin);
    k.app().reset_visit();

    hold_corner(k);
    REQUIRE(k.screen() == ScreenId::facilitator_pin);
    CHECK(k.app().visit().drafts().empty());  // the lifted finger did not start a visit
    save(k, "01-pin.png");
    KIOSK_RUN(k, "type \"1111\"\ntap \"OK\"\nexpect \"Wrong PIN. 2 more tries before a pause.\"\n");
    CHECK(k.screen() == ScreenId::facilitator_pin);
    KIOSK_RUN(k, "type \"2468\"\n");
    save(k, "02-pin-typed.png");
    KIOSK_RUN(k, "tap \"OK\"\n");
    REQUIRE(k.screen() == ScreenId::facilitator_home);
    save(k, "03-home.png");

    CHECK(actions(k, "facilitator_pin_wrong").size() == 1);
    CHECK(actions(k, "facilitator_pin_accepted").size() == 1);
    for (const auto& a : actions(k, "facilitator_pin_wrong")) CHECK(a.detail.find("1111") == std::string::npos);

    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\nexpect \"Touch the screen to start\"\n");
    CHECK(k.screen() == ScreenId::attract);
}

TEST_CASE("wrong PINs lock the pad with a growing, visible countdown, each try is audited", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    hold_corner(k);
    REQUIRE(k.screen() == ScreenId::facilitator_pin);
    KIOSK_RUN(k, R"(
type "1111"
tap "OK"
expect "Wrong PIN. 2 more tries before a pause."
type "2222"
tap "OK"
expect "Wrong PIN. 1 more try before a pause."
type "3333"
tap "OK"
expect "Too many wrong PINs. Try again in 0:30."
)");
    save(k, "04-pin-locked.png");
    REQUIRE(k.find("2") != nullptr);
    CHECK_FALSE(k.find("2")->enabled);  // the keys are off while locked
    KIOSK_RUN(k, "tap \"2\"\n");
    CHECK(k.app().facilitator().typed().empty());

    const auto wrong = actions(k, "facilitator_pin_wrong");
    REQUIRE(wrong.size() == 3);
    CHECK(wrong[2].detail == "wrong PIN (3 in a row); PIN pad locked for 30 s");

    // The countdown runs; afterwards one more wrong PIN locks for twice as long.
    k.headless().advance(20);
    KIOSK_RUN(k, "wait 1\nexpect \"Too many wrong PINs. Try again in 0:10.\"\n");
    k.headless().advance(11);
    KIOSK_RUN(k, "wait 1\ntype \"4444\"\ntap \"OK\"\nexpect \"Too many wrong PINs. Try again in 1:00.\"\n");
    CHECK(actions(k, "facilitator_pin_wrong").back().detail == "wrong PIN (4 in a row); PIN pad locked for 60 s");
    k.headless().advance(61);  // the pad closes after a minute untouched; the lockout stays
    KIOSK_RUN(k, "wait 1\nexpect \"Touch the screen to start\"\n");
    hold_corner(k);
    KIOSK_RUN(k, "type \"2468\"\ntap \"OK\"\n");
    CHECK(k.screen() == ScreenId::facilitator_home);
    CHECK(actions(k, "facilitator_pin_accepted").size() == 1);
}

TEST_CASE("a restart keeps the wrong PINs counted and their lockout running", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    hold_corner(k);
    KIOSK_RUN(k, R"(
type "1111"
tap "OK"
type "2222"
tap "OK"
type "3333"
tap "OK"
expect "Too many wrong PINs. Try again in 0:30."
)");
    // The kiosk restarts (power cut, crash): a new App on the same database, its clock from 0.
    App again(k.session(), config_with_pin());
    HeadlessKiosk h(again, {1920, 1080});
    h.frame({});
    CHECK(again.facilitator().gate().wrong_in_row() == 3);
    CHECK(again.facilitator().gate().locked_for(h.now()) > 25);  // the audit log has whole seconds
    hold_corner(h);
    REQUIRE(again.screen() == ScreenId::facilitator_pin);
    // The countdown goes on from the restart's clock: the seconds left, rounded up, as m:ss.
    const int left = static_cast<int>(std::ceil(again.facilitator().gate().locked_for(h.now())));
    char countdown[16];
    std::snprintf(countdown, sizeof countdown, "%d:%02d", left / 60, left % 60);
    Status played = h.run("expect \"Too many wrong PINs. Try again in " + std::string(countdown) + ".\"\n");
    INFO(played.message);
    CHECK(played.ok);
    REQUIRE(again.registry().find("2") != nullptr);
    CHECK_FALSE(again.registry().find("2")->enabled);  // the keys are off: not even the right PIN
    // Once the lockout is over, the next wrong PIN is the fourth: it locks for a minute.
    h.advance(31);
    played = h.run("wait 1\ntype \"4444\"\ntap \"OK\"\nexpect \"Too many wrong PINs. Try again in 1:00.\"\n");
    INFO(played.message);
    CHECK(played.ok);
    CHECK(actions(k, "facilitator_pin_wrong").back().detail == "wrong PIN (4 in a row); PIN pad locked for 60 s");

    // The right PIN resets the count, for later restarts too.
    h.advance(61);
    hold_corner(h);
    played = h.run("type \"2468\"\ntap \"OK\"\n");
    CHECK(played.ok);
    CHECK(again.screen() == ScreenId::facilitator_home);
    App third(k.session(), config_with_pin());
    HeadlessKiosk h3(third, {1920, 1080});
    h3.frame({});
    CHECK(third.facilitator().gate().wrong_in_row() == 0);
    CHECK(third.facilitator().gate().locked_for(h3.now()) == 0);
}

TEST_CASE("wrong PINs count across sessions: a kiosk restarted after its session ended stays locked", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    hold_corner(k);
    KIOSK_RUN(k, "type \"1111\"\ntap \"OK\"\ntype \"2222\"\ntap \"OK\"\ntype \"3333\"\ntap \"OK\"\n");
    REQUIRE(k.session().end());
    // The restart opens a new session (the old one ended): its audit log starts empty.
    ScenarioLoad load = parse_scenario(workshop_toml, "harbour.toml");
    REQUIRE(load.ok());
    auto next = Session::open(k.db_path(), std::move(*load.scenario));
    REQUIRE(next);
    REQUIRE((*next)->id() != k.session().id());
    App again(**next, config_with_pin());
    HeadlessKiosk h(again, {1920, 1080});
    h.frame({});
    CHECK(again.facilitator().gate().wrong_in_row() == 3);
    CHECK(again.facilitator().gate().locked_for(h.now()) > 25);
}

TEST_CASE("resumed PIN lockouts: the growing pause, a clock set back", "[facilitator][pin]") {
    PinGate gate(kPin, "");
    gate.resume(2, 500, 10);  // two wrong tries long ago: no pause, one try left before it
    CHECK(gate.locked_for(10) == 0);
    CHECK(gate.tries_left() == 1);
    gate.resume(4, 50, 10);  // the fourth wrong try 50 s ago locked for 60 s: 10 s remain
    CHECK(gate.locked_for(10) == Approx(10));
    gate.resume(4, -3600, 10);  // its time lies ahead (the clock went back): the whole minute
    CHECK(gate.locked_for(10) == Approx(60));
    CHECK(PinGate::lockout_after(2) == 0);
    CHECK(PinGate::lockout_after(3) == 30);
    CHECK(PinGate::lockout_after(5) == 120);
    CHECK(PinGate::lockout_after(1000) == 15 * 60);
}

TEST_CASE("without a PIN facilitator mode cannot be entered", "[ui][facilitator]") {
    AppConfig config;
    config.start_language = "en";
    config.kiosk.path = "/nowhere/kiosk.toml";
    Kiosk k(workshop_toml, {1920, 1080}, config);
    hold_corner(k);
    REQUIRE(k.screen() == ScreenId::facilitator_pin);
    KIOSK_RUN(k, "expect \"No facilitator PIN is set. Set one with: workshop-kiosk --set-pin --config /nowhere/kiosk.toml\"\n");
    CHECK_FALSE(k.find("1")->enabled);
    KIOSK_RUN(k, "tap \"Cancel\"\nexpect \"Touch the screen to start\"\n");
}

TEST_CASE("PIN hashes: Argon2id, salted, never the PIN, the gate", "[facilitator][pin]") {
    const std::string a = hash_pin("246813"), b = hash_pin("246813");
    CHECK(a != b);  // a fresh salt each time
    CHECK(a.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);  // libsodium's interactive limits
    CHECK(a.find("246813") == std::string::npos);
    CHECK(verify_pin("246813", a));
    CHECK_FALSE(verify_pin("246814", a));
    CHECK(pin_hash_problem(a).empty());
    CHECK_FALSE(pin_hash_outdated(a));
    CHECK_FALSE(pin_hash_problem("2468").empty());
    CHECK_FALSE(verify_pin("2468", "sha256i$50$00$abc"));
    CHECK_FALSE(verify_pin("246813", "$argon2id$v=19$m=65536,t=2,p=1$garbage"));

    CHECK(pin_well_formed("000000"));
    CHECK(pin_well_formed("123456789012"));
    CHECK_FALSE(pin_well_formed("12345"));  // new PINs: 6 to 12 digits
    CHECK_FALSE(pin_well_formed("1234567890123"));
    CHECK_FALSE(pin_well_formed("12a456"));
    PinGate gate("", a);
    CHECK(gate.attempt("0000", 100).verdict == PinGate::Verdict::wrong);
    CHECK(gate.attempt("0000", 101).verdict == PinGate::Verdict::wrong);
    const auto third = gate.attempt("0000", 102);
    CHECK(third.verdict == PinGate::Verdict::wrong);
    CHECK(third.locked_for == 30);
    CHECK(gate.attempt("246813", 110).verdict == PinGate::Verdict::locked);  // even the right one waits
    CHECK(gate.locked_for(110) == Approx(22));
    CHECK(gate.attempt("246813", 133).verdict == PinGate::Verdict::accepted);
    CHECK(gate.wrong_in_row() == 0);
    CHECK(PinGate("", "").attempt("2468", 0).verdict == PinGate::Verdict::no_pin);
}

// A kiosk.toml written before Argon2id: h(1) = sha256("SALT:1234"), h(2) = sha256(h(1) SALT "1234"),
// computed by hand (Python's hashlib) from the old format.
const char* const kOldSalt = "00112233445566778899aabbccddeeff";
const char* const kOldH1 = "8ea092a8015b7f4e96d99819caed8bb5ddcd0f636cf2d11aff9a5a3c51cc2ff8";
const char* const kOldH2 = "343acde60f39bef2031a5e837bd6a55770c72177bd3541d5e02c83598b9aa2bf";

TEST_CASE("an old sha256i hash (a 4-digit PIN) is accepted once and upgraded to Argon2id in kiosk.toml", "[ui][facilitator][pin]") {
    const std::string old_hash = std::string("sha256i$2$") + kOldSalt + "$" + kOldH2;
    CHECK(verify_pin("1234", old_hash));
    CHECK_FALSE(verify_pin("1234", std::string("sha256i$1$") + kOldSalt + "$" + kOldH2));
    CHECK(verify_pin("1234", std::string("sha256i$1$") + kOldSalt + "$" + kOldH1));
    CHECK(pin_hash_outdated(old_hash));

    TempDir dir;
    const std::string path = dir / "kiosk.toml";
    REQUIRE(write_config_values(path, {{"pin_hash", toml_string(old_hash)}}));
    AppConfig config;
    config.start_language = "en";
    config.kiosk.path = path;
    REQUIRE(read_kiosk_config(config.kiosk));
    Kiosk k(workshop_toml, {1920, 1080}, config);
    enter(k, "1234");  // the shorter PIN set before keeps working until it is changed

    KioskConfig after;
    after.path = path;
    REQUIRE(read_kiosk_config(after));
    CHECK(after.pin_hash.rfind("$argon2id$", 0) == 0);
    CHECK_FALSE(pin_hash_outdated(after.pin_hash));
    CHECK(verify_pin("1234", after.pin_hash));
    CHECK_FALSE(verify_pin("1235", after.pin_hash));
    CHECK(read_file(path).find("sha256i") == std::string::npos);
    CHECK(actions(k, "facilitator_pin_upgraded").size() == 1);

    // The next entry uses the new hash (nothing more to upgrade).
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\n");
    enter(k, "1234");
    CHECK(actions(k, "facilitator_pin_upgraded").size() == 1);
}

TEST_CASE("the start-up error screen keeps wrong PINs in a private file: a restart loop stays locked", "[ui][facilitator][pin]") {
    TempDir dir;
    AppConfig config;
    config.start_language = "en";
    config.kiosk.path = dir / "kiosk.toml";
    config.kiosk.pin_hash = hash_pin("246813");
    const std::vector<std::string> errors = {"workshop.db: error: database is locked"};
    {
        App first(errors, config);
        HeadlessKiosk h(first, {1920, 1080});
        h.frame({});
        REQUIRE(first.screen() == ScreenId::startup_error);
        hold_corner(h);
        REQUIRE(first.screen() == ScreenId::facilitator_pin);
        const Status played = h.run("type \"111111\"\ntap \"OK\"\ntype \"222222\"\ntap \"OK\"\ntype \"333333\"\ntap \"OK\"\n"
                                    "expect \"Too many wrong PINs. Try again in 0:30.\"\n");
        INFO(played.message);
        CHECK(played.ok);
    }  // "Close" quits; Restart=always starts it again, still broken
    const std::string tries = pin_tries_path(config.kiosk.path);
    struct stat info {};
    REQUIRE(::stat(tries.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(read_pin_tries(tries).wrong_in_row == 3);

    for (int restart = 0; restart < 3; ++restart) {
        App again(errors, config);
        HeadlessKiosk h(again, {1920, 1080});
        h.frame({});
        CHECK(again.facilitator().gate().wrong_in_row() == 3);
        CHECK(again.facilitator().gate().locked_for(h.now()) > 25);
        hold_corner(h);
        REQUIRE(again.screen() == ScreenId::facilitator_pin);
        REQUIRE(again.registry().find("2") != nullptr);
        CHECK_FALSE(again.registry().find("2")->enabled);  // no fresh tries for a guesser
    }

    // A damaged tries file never hands out fresh tries either.
    std::ofstream(tries, std::ios::trunc) << "garbage";
    App damaged(errors, config);
    HeadlessKiosk h(damaged, {1920, 1080});
    h.frame({});
    CHECK(damaged.facilitator().gate().locked_for(h.now()) > 25);
}
TEST_CASE("facilitator mode locks itself when left alone", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    enter(k);
    k.headless().advance(k.app().facilitator().config().facilitator_timeout + 1);
    KIOSK_RUN(k, "wait 2\nexpect \"Touch the screen to start\"\n");
    CHECK_FALSE(k.app().facilitator().active());
    CHECK(actions(k, "facilitator_timed_out").size() == 1);
    hold_corner(k);
    k.headless().advance(61);
    KIOSK_RUN(k, "wait 2\n");
    CHECK_FALSE(k.app().facilitator().active());  // an abandoned PIN pad closes too
}
