// facilitator_test.cpp — facilitator mode and kiosk hardening, driven like a person would: the
// hidden gesture (a 3 s press in the top-left corner), the PIN pad, every facilitator action, and
// the kiosk surviving SIGKILL, a failing database and close requests. Checks go to the engine
// (Session, Store, the audit log), never to pixels; screenshots are saved for people to look at.
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <functional>

#include "facilitator_auth.h"
#include "facilitator_mode.h"
#include "kiosk_harness.h"
#include "soft_render.h"
#include "internal_access.h"

using namespace kiosk_test;

namespace {

namespace fs = std::filesystem;

const char* const kPin = "2468";

const char* const workshop_toml = R"(format = 1
id = "harbour"
languages = ["en", "nl"]
title = { en = "Harbour workshop", nl = "Havenwerkplaats" }

[kiosk]
ask_language = false

[[role]]
id = "resident"
label = { en = "Resident", nl = "Bewoner" }

[[role]]
id = "council"
label = { en = "Council", nl = "Gemeente" }

[[step]]
id = "intro"
type = "info"
title = "Welcome"
body = "Hello."

[[step]]
id = "colours"
type = "dot_vote"
title = { en = "Pick colours", nl = "Kies kleuren" }
dots = 2
options = [ { id = "red", label = { en = "Red", nl = "Rood" } }, { id = "blue", label = { en = "Blue", nl = "Blauw" } } ]

[[step]]
id = "shapes"
type = "ranking"
title = "Rank shapes"
options = [ { id = "circle", label = "Circle" }, { id = "square", label = "Square" } ]

[[step]]
id = "ideas"
type = "idea_vote"
title = "Your ideas"
collect_ideas = true
options = [ { id = "park", label = "A park" } ]
)";

AppConfig config_with_pin(const std::string& pin = kPin) {
    AppConfig c;
    c.start_language = "en";
    c.kiosk.pin = pin;
    return c;
}

std::string screenshot_path(const std::string& name) {
    return std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/facilitator/" + name;
}

void save(Kiosk& k, const std::string& name) {
    fs::create_directories(fs::path(screenshot_path(name)).parent_path());
    std::string error;
    CHECK(write_png(screenshot_path(name), k.headless().screenshot(), &error));
}

// The hidden gesture: a finger held still in the top-left corner for `seconds`, then lifted.
void hold_corner(HeadlessKiosk& h, double seconds = 3.2, ImVec2 at = {12, 12}) {
    h.frame({at, true});
    for (double held = 0; held < seconds; held += 0.25) {
        h.advance(0.25);
        h.frame({at, true});
    }
    h.frame({at, false});
    h.frame({at, false});
}
void hold_corner(Kiosk& k, double seconds = 3.2, ImVec2 at = {12, 12}) { hold_corner(k.headless(), seconds, at); }

// Gesture + PIN: facilitator mode's home screen.
void enter(Kiosk& k, const std::string& pin = kPin) {
    hold_corner(k);
    REQUIRE(k.screen() == ScreenId::facilitator_pin);
    KIOSK_RUN(k, "type \"" + pin + "\"\ntap \"OK\"\n");
    REQUIRE(k.screen() == ScreenId::facilitator_home);
}

std::vector<ActionRecord> actions(Kiosk& k, const std::string& name) {
    auto all = detail::store_of(k.session()).actions(k.session().id());
    REQUIRE(all.ok());
    std::vector<ActionRecord> out;
    for (const ActionRecord& a : *all)
        if (a.action == name) out.push_back(a);
    return out;
}

// One voter through the whole scenario: 2 dots on red, circle first, the park idea.
const char* const one_voter = R"(
tap "Touch the screen to start"
tap "Resident"
tap "Next →"
tap "Red"
tap "Red"
tap "Next →"
tap "Circle"
tap "Next →"
tap "A park"
tap "Next →"
expect "Check your choices"
tap "✓ Confirm"
expect "Thank you!"
tap "Done"
expect "Touch the screen to start"
)";

}  // namespace

TEST_CASE("the hidden gesture and the PIN open facilitator mode; both attempts are audited", "[ui][facilitator]") {
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

TEST_CASE("wrong PINs lock the pad with a growing, visible countdown; each try is audited", "[ui][facilitator]") {
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
    Status played = h.run("expect \"Too many wrong PINs.\"\n");
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

TEST_CASE("PIN hashes: Argon2id, salted, never the PIN; the gate", "[facilitator][pin]") {
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

TEST_CASE("open and close steps: a closed step is skipped by voters and refuses ballots", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    enter(k);
    KIOSK_RUN(k, R"(
tap "Closed Pick colours"
expect "“Pick colours” is closed: voters skip it."
expect "Dot vote · 0 ballots · closed: voters skip this step"
tap "Closed Welcome"
)");
    CHECK_FALSE(k.session().step_open("colours"));
    CHECK_FALSE(k.session().step_open("intro"));
    CHECK(k.session().step_open("shapes"));
    save(k, "05-home-steps-closed.png");
    KIOSK_RUN(k, R"(
tap "Exit facilitator mode"
tap "Touch the screen to start"
tap "Resident"
expect "Rank shapes"
expect "Step 1 of 3"
)");
    k.app().reset_visit();

    Ballot b;
    b.visit = "paper-1";
    b.step = "colours";
    b.marks = {{"red", 1}};
    const Status refused = k.session().cast_visit({b});
    CHECK_FALSE(refused);
    CHECK_THAT(refused.message, Catch::Contains("step `colours` is closed"));

    enter(k);
    KIOSK_RUN(k, "tap \"Open Pick colours\"\n");
    CHECK(k.session().step_open("colours"));
    CHECK(k.session().cast_visit({b}));
    CHECK(actions(k, "step_closed").size() == 2);
    CHECK(actions(k, "step_opened").size() == 1);
}

TEST_CASE("blind voting: results show on the shared screen only after the reveal", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    KIOSK_RUN(k, one_voter);
    KIOSK_RUN(k, "expect_not \"See the results\"\n");
    CHECK_FALSE(k.session().revealed("colours"));

    enter(k);
    KIOSK_RUN(k, R"(
expect "1 voter so far · session 1"
expect "Dot vote · 1 ballot: Resident 1"
tap "Revealed Pick colours"
expect "The results of “Pick colours” are revealed to everyone."
)");
    CHECK(k.session().revealed("colours"));
    CHECK_FALSE(k.session().revealed("shapes"));
    save(k, "06-home-revealed.png");
    KIOSK_RUN(k, R"(
tap "Exit facilitator mode"
tap "See the results"
expect "Pick colours"
expect_not "Rank shapes"
expect "Red"
)");
    CHECK(k.screen() == ScreenId::results);

    // "Show on screen" puts a revealed step's results up for the room.
    KIOSK_RUN(k, "tap \"← Close\"\n");
    enter(k);
    KIOSK_RUN(k, "tap \"Revealed Rank shapes\"\ntap \"Show on screen Rank shapes\"\nexpect \"Circle\"\n");
    CHECK(k.screen() == ScreenId::results);
    CHECK_FALSE(k.app().facilitator().active());

    enter(k);
    KIOSK_RUN(k, "tap \"Hidden Pick colours\"\ntap \"Hidden Rank shapes\"\ntap \"Exit facilitator mode\"\nexpect_not \"See the results\"\n");
    CHECK_FALSE(k.session().revealed("colours"));
}

TEST_CASE("pause and resume: voters see a calm screen, the gesture still works on it", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    enter(k);
    KIOSK_RUN(k, "tap \"Pause voting\"\nexpect \"Paused\"\nexpect \"Resume voting\"\n");
    CHECK(k.session().state() == SessionState::paused);
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\nexpect \"Voting is paused\"\n");
    CHECK(k.screen() == ScreenId::paused);
    enter(k);
    KIOSK_RUN(k, "tap \"Resume voting\"\nexpect \"Voting has resumed.\"\ntap \"Exit facilitator mode\"\nexpect \"Touch the screen to start\"\n");
    CHECK(k.session().state() == SessionState::running);
    CHECK(actions(k, "session_paused").size() == 1);
    CHECK(actions(k, "session_resumed").size() == 1);

    enter(k);
    KIOSK_RUN(k, "tap \"End the session…\"\nexpect \"End this session?\"\n");
    save(k, "07-confirm-end.png");
    KIOSK_RUN(k, "tap \"End the session\"\nexpect \"Ended\"\n");
    CHECK(k.session().state() == SessionState::ended);
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\nexpect \"Voting has ended\"\n");
}

TEST_CASE("undo the last ballot: confirmed, marked void (never deleted), audited", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    KIOSK_RUN(k, one_voter);
    KIOSK_RUN(k, one_voter);
    REQUIRE(k.session().visit_count() == 2);
    auto last = detail::store_of(k.session()).last_visit(k.session().id(), BallotSource::kiosk);
    REQUIRE(last.ok());
    const std::string visit = *last;

    enter(k);
    KIOSK_RUN(k, "tap \"Undo the last ballot…\"\nexpect \"Undo the last ballot?\"\ntap \"Cancel\"\n");
    CHECK(k.session().visit_count() == 2);
    CHECK(k.screen() == ScreenId::facilitator_home);
    KIOSK_RUN(k, "tap \"Undo the last ballot…\"\n");
    save(k, "08-confirm-undo.png");
    KIOSK_RUN(k, "tap \"Undo the ballot\"\nexpect \"The last ballot (" + visit + ") is void: it no longer counts.\"\nexpect \"1 voter so far · session 1\"\n");
    CHECK(k.session().visit_count() == 1);
    CHECK(k.ballots("colours").size() == 1);
    auto stored = detail::store_of(k.session()).find_ballot(k.session().id(), visit, "colours");
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK((*stored)->is_void);  // still there, marked void
    const auto voided = actions(k, "visit_voided");
    REQUIRE(voided.size() == 1);
    CHECK(voided[0].actor == "facilitator");
    CHECK(voided[0].target == visit);
}

TEST_CASE("hide an idea (moderation) after a confirmation, and show it again", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    auto idea = k.session().add_idea("ideas", "Free ferry on Sundays", "en");
    REQUIRE(idea.ok());
    REQUIRE(k.session().add_idea("ideas", "=HYPERLINK(\"x\")", "en").ok());
    enter(k);
    KIOSK_RUN(k, R"(
expect "Ideas · 0 ballots · 2 ideas"
tap "Ideas… Your ideas"
expect "Ideas: Your ideas"
expect "Free ferry on Sundays"
)");
    save(k, "09-ideas.png");
    KIOSK_RUN(k, "tap \"Hide Free ferry on Sundays\"\nexpect \"Hide this idea?\"\ntap \"Hide the idea\"\nexpect \"The idea is hidden.\"\n");
    CHECK(k.screen() == ScreenId::facilitator_ideas);
    auto visible = k.session().ideas("ideas");
    REQUIRE(visible.size() == 1);
    CHECK(visible[0].text == "=HYPERLINK(\"x\")");
    CHECK(actions(k, "idea_hidden").size() == 1);
    CHECK(actions(k, "idea_hidden")[0].target == idea->id);
    KIOSK_RUN(k, "tap \"Show Free ferry on Sundays\"\n");
    CHECK(k.session().ideas("ideas").size() == 2);
    KIOSK_RUN(k, "tap \"← Back\"\nexpect \"Steps\"\n");
}

TEST_CASE("load a scenario: a broken file shows its errors and changes nothing; a valid one switches", "[ui][facilitator]") {
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
expect "broken.toml:6:"
)");
    save(k, "10-scenarios-broken.png");
    CHECK(k.app().session() == before);
    CHECK(k.app().scenario()->id == "harbour");

    KIOSK_RUN(k, R"(
tap "Second workshop"
expect "Switch to “Second workshop”?"
tap "Load it"
expect "Now running: “Second workshop”"
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
    KIOSK_RUN(k, "tap \"Stick workshop\"\ntap \"Load it\"\nexpect \"Now running: “Stick workshop”\"\n");
    CHECK(k.app().scenario()->id == "usb");
    REQUIRE(fs::exists(dir / "scenarios/stick.toml"));
    CHECK(read_file(dir / "scenarios/stick.toml") == read_file(dir / "stick/stick.toml"));
    CHECK(k.app().scenario()->source_path == (dir / "scenarios/stick.toml"));
    CHECK(actions(k, "scenario_copied_from_usb").size() == 1);
}

TEST_CASE("export CSV to a chosen folder, with the Excel choice; the paths are shown; failures too", "[ui][facilitator]") {
    TempDir dir;
    {
        std::ofstream(dir / "not-a-folder") << "a file where a folder should be\n";
        std::ofstream(dir / "mounts") << "/dev/sda1 / ext4 rw 0 0\ntmpfs /media tmpfs rw 0 0\n"
                                      << "/dev/sdb1 " << dir / "stick" << " vfat rw 0 0\n";
    }
    fs::create_directories(dir / "stick");
    AppConfig config = config_with_pin();
    config.kiosk.exports_dir = dir / "exports";
    config.kiosk.export_dirs = {dir / "not-a-folder"};
    config.kiosk.mounts_file = dir / "mounts";
    std::string root = dir / "";
    root.pop_back();  // USB sticks: mount points below the test folder
    config.kiosk.media_roots = {root};
    Kiosk k(workshop_toml, {1920, 1080}, config);
    KIOSK_RUN(k, one_voter);

    enter(k);
    KIOSK_RUN(k, "tap \"Export CSV…\"\nexpect \"" + dir / "exports" + "\"\n");
    // The stick's line ends in its free space, which differs per machine: the fixed part.
    CHECK(k.shows_part(dir / "stick" + " · "));
    CHECK(k.shows_part("USB"));
    REQUIRE(k.app().facilitator().export_targets().size() == 3);
    CHECK(k.app().facilitator().export_targets()[2].removable);
    KIOSK_RUN(k, "tap \"Export here " + dir / "exports" + "\"\nexpect \"Exported 5 files. A USB stick can be removed now.\"\n");
    save(k, "12-export-done.png");
    const Feedback& done = k.app().facilitator().feedback();
    REQUIRE(done.lines.size() == 5);  // the three CSV files, report.pdf and results.xlsx
    CHECK(fs::path(done.lines[3]).filename() == "report.pdf");
    CHECK(fs::path(done.lines[4]).filename() == "results.xlsx");
    CHECK(read_file(done.lines[3]).rfind("%PDF-", 0) == 0);
    CHECK(read_file(done.lines[4]).rfind("PK", 0) == 0);  // a zip: the .xlsx container
    for (const std::string& file : done.lines) {
        CHECK(fs::exists(file));
        CHECK(k.shows(file));  // the full path is on screen
        CHECK(file.rfind(dir / "exports/harbour_session", 0) == 0);
    }
    const std::string plain = read_file(fs::path(done.lines[0]).parent_path() / "results.csv");
    CHECK(plain.rfind("session,step,", 0) == 0);

    KIOSK_RUN(k, "tap \"Excel (semicolon)\"\ntap \"Export here " + dir / "stick" + "\"\nexpect \"Exported 5 files. A USB stick can be removed now.\"\n");
    const std::string excel = read_file(fs::path(k.app().facilitator().feedback().lines[0]).parent_path() / "results.csv");
    CHECK(excel.rfind("\xEF\xBB\xBFsession;step;", 0) == 0);

    KIOSK_RUN(k, "tap \"Export here " + dir / "not-a-folder" + "\"\nexpect \"The export to " + dir / "not-a-folder" + " failed.\"\n");
    save(k, "13-export-failed.png");
    CHECK(k.app().facilitator().feedback().error);
    CHECK_FALSE(k.app().facilitator().feedback().lines.empty());
    CHECK(actions(k, "csv_exported").size() == 2);
    CHECK(actions(k, "report_exported").size() == 2);
    CHECK(actions(k, "csv_export_failed").size() == 1);
}

TEST_CASE("the facilitator's export never follows a planted link: a new folder, the link left alone", "[ui][facilitator][export]") {
    TempDir dir;
    fs::create_directories(dir / "exports");
    fs::create_directories(dir / "elsewhere");
    // Links named like the export folder of this minute and the next (the test may cross a minute).
    for (int ahead : {0, 60}) {
        const std::time_t t = std::time(nullptr) + ahead;
        std::tm tm {};
        ::localtime_r(&t, &tm);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%d_%H%M", &tm);
        std::error_code ec;
        fs::create_directory_symlink(dir / "elsewhere", dir / ("exports/harbour_session1_" + std::string(stamp)), ec);
    }
    AppConfig config = config_with_pin();
    config.kiosk.exports_dir = dir / "exports";
    config.kiosk.mounts_file = dir / "no-mounts";
    Kiosk k(workshop_toml, {1920, 1080}, config);
    KIOSK_RUN(k, one_voter);
    enter(k);
    KIOSK_RUN(k, "tap \"Export CSV…\"\ntap \"Export here " + dir / "exports" + "\"\nexpect \"Exported 5 files. A USB stick can be removed now.\"\n");
    const Feedback& done = k.app().facilitator().feedback();
    REQUIRE(done.lines.size() == 5);
    for (const std::string& file : done.lines) {
        INFO(file);
        CHECK(fs::is_regular_file(fs::symlink_status(file)));
        CHECK(fs::path(file).parent_path().filename().string().ends_with("_2"));
    }
    CHECK(fs::is_empty(dir / "elsewhere"));  // nothing written through the link
}

TEST_CASE("USB sticks are listed by their label and size, then their mount point", "[ui][facilitator][export]") {
    TempDir dir;
    fs::create_directories(dir / "stick");
    fs::create_directories(dir / "other");
    fs::create_directories(dir / "by-label");
    std::ofstream(dir / "sdb1") << "a block device stand-in";
    std::ofstream(dir / "sdc1") << "another";
    fs::create_symlink(dir / "sdb1", dir / "by-label/KIOSK\\x20DATA");  // udev's escape for a space
    std::ofstream(dir / "mounts") << dir / "sdb1" << " " << dir / "stick" << " vfat rw 0 0\n"
                                  << dir / "sdc1" << " " << dir / "other" << " vfat rw 0 0\n";
    AppConfig config = config_with_pin();
    config.kiosk.exports_dir = dir / "exports";
    config.kiosk.mounts_file = dir / "mounts";
    config.kiosk.labels_dir = dir / "by-label";
    std::string root = dir / "";
    root.pop_back();
    config.kiosk.media_roots = {root};
    Kiosk k(workshop_toml, {1920, 1080}, config);
    enter(k);
    KIOSK_RUN(k, "tap \"Export CSV…\"\n");
    // Each line ends in the stick's size, which differs per machine: the fixed part.
    CHECK(k.shows_part("USB stick “KIOSK DATA” · "));
    CHECK(k.shows_part("USB stick without a name · "));
    save(k, "14-export-sticks.png");
    const auto& targets = k.app().facilitator().export_targets();
    REQUIRE(targets.size() == 3);
    CHECK(targets[1].path == dir / "other");
    CHECK(targets[1].label.empty());
    CHECK(targets[2].path == dir / "stick");
    CHECK(targets[2].label == "KIOSK DATA");
    CHECK(targets[2].size_bytes > 0);
    KIOSK_RUN(k, "expect \"" + dir / "stick" + "\"\n");  // the mount point stays visible: two sticks never look alike
}

TEST_CASE("removable media are the mount points below /media and /run/media", "[facilitator][export]") {
    TempDir dir;
    std::ofstream(dir / "mounts") << "/dev/sda1 / ext4 rw 0 0\n"
                                  << "tmpfs /media tmpfs rw 0 0\n"
                                  << "/dev/sdb1 /media/usb0 vfat rw 0 0\n"
                                  << "/dev/sdc1 /run/media/kiosk/MY\\040STICK vfat rw 0 0\n"
                                  << "/dev/sdd1 /mediawiki ext4 rw 0 0\n";
    CHECK(removable_media(dir / "mounts", {"/media", "/run/media"}) ==
          std::vector<std::string>{"/media/usb0", "/run/media/kiosk/MY STICK"});
    CHECK(removable_media(dir / "missing", {"/media"}).empty());
}

TEST_CASE("supervised turns: each voter starts only after the facilitator's release", "[ui][facilitator]") {
    AppConfig config = config_with_pin();
    config.kiosk.supervised = true;
    Kiosk k(workshop_toml, {1920, 1080}, config);
    CHECK(k.screen() == ScreenId::wait_for_facilitator);
    KIOSK_RUN(k, "expect \"Please wait for the facilitator\"\nexpect \"Wacht even op de begeleider\"\nexpect_not \"Touch the screen to start\"\ntap 960 540\n");
    save(k, "14-wait-for-facilitator.png");
    CHECK(k.screen() == ScreenId::wait_for_facilitator);  // a tap does not start a visit

    enter(k);
    KIOSK_RUN(k, "expect \"Supervised turns: the next voter is waiting for you.\"\ntap \"Let the next voter start\"\nexpect \"Touch the screen to start\"\n");
    CHECK(actions(k, "voter_released").size() == 1);
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Resident"
tap "Next →"
tap "Red"
tap "Next →"
tap "Skip this question"
tap "Skip this question"
tap "✓ Confirm"
tap "Done"
expect "Please wait for the facilitator"
)");
    CHECK(k.session().visit_count() == 1);
    // A voter who walks away also uses up the release.
    enter(k);
    KIOSK_RUN(k, "tap \"Let the next voter start\"\ntap \"Touch the screen to start\"\nwait 100s\nexpect \"Please wait for the facilitator\"\n");
}

TEST_CASE("locked exits: a close request is refused outside facilitator mode", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    const Facilitator& f = k.app().facilitator();
    CHECK_FALSE(f.allows_close());
    KIOSK_RUN(k, "tap \"Touch the screen to start\"\n");
    CHECK_FALSE(f.allows_close());
    k.app().reset_visit();
    hold_corner(k);
    CHECK_FALSE(f.allows_close());  // the PIN pad is not facilitator mode yet
    KIOSK_RUN(k, "type \"2468\"\ntap \"OK\"\n");
    CHECK(f.allows_close());
    CHECK(k.find("Quit the kiosk…") != nullptr);
    KIOSK_RUN(k, "tap \"Quit the kiosk…\"\ntap \"Cancel\"\n");
    CHECK_FALSE(k.app().wants_quit());
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\n");
    CHECK_FALSE(f.allows_close());
    CHECK_FALSE(k.app().wants_quit());
    enter(k);
    KIOSK_RUN(k, "tap \"Quit the kiosk…\"\ntap \"Quit\"\n");
    CHECK(k.app().wants_quit());
    CHECK(actions(k, "kiosk_quit").size() == 1);

    AppConfig no_quit = config_with_pin();
    no_quit.kiosk.allow_quit = false;
    Kiosk q(workshop_toml, {1920, 1080}, no_quit);
    enter(q);
    CHECK(q.find("Quit the kiosk…") == nullptr);
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

TEST_CASE("a failing database: the voter sees a calm message, the facilitator the cause; nothing is lost", "[ui][facilitator][storage]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    KIOSK_RUN(k, one_voter);
    REQUIRE(k.session().visit_count() == 1);
    sqlite3* db = detail::handle_of(detail::store_of(k.session()));
    const std::string path = k.db_path();
    const char* const to_review = R"(
tap "Touch the screen to start"
tap "Resident"
tap "Next →"
tap "Blue"
tap "Next →"
tap "Skip this question"
tap "Skip this question"
tap "✓ Confirm"
expect "This ballot could not be saved"
expect "This is not your fault. Please call the facilitator."
expect_not "Thank you!"
)";
    std::string cause;
    std::function<void()> fix;  // what the facilitator does about it
    int recorded = 1;

    SECTION("a read-only file") {
        // chmod alone does not stop a connection that is already open (nor root): query_only makes
        // this connection behave exactly as it would on a read-only file.
        REQUIRE(::chmod(path.c_str(), 0444) == 0);
        REQUIRE(sqlite3_exec(db, "PRAGMA query_only = ON", nullptr, nullptr, nullptr) == SQLITE_OK);
        cause = "is read-only";
        fix = [&] {
            REQUIRE(::chmod(path.c_str(), 0600) == 0);
            REQUIRE(sqlite3_exec(db, "PRAGMA query_only = OFF", nullptr, nullptr, nullptr) == SQLITE_OK);
        };
    }
    SECTION("a file that vanished (deleted, or its disk pulled out)") {
        REQUIRE(::rename(path.c_str(), (path + ".away").c_str()) == 0);
        cause = "has vanished";
        fix = [&] { REQUIRE(::rename((path + ".away").c_str(), path.c_str()) == 0); };
    }
    SECTION("a full disk") {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &stmt, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
        const long long pages = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        // The file may not grow: visits the size of the voter's fill it up until one fails.
        REQUIRE(sqlite3_exec(db, ("PRAGMA max_page_count = " + std::to_string(pages)).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        Status cast = Status::success();
        for (int i = 0; i < 5000 && cast; ++i) {
            Ballot b;
            b.visit = "filler-" + std::to_string(i);
            b.step = "colours";
            b.role = "resident";
            b.language = "en";
            b.marks = {{"blue", 1}};
            cast = k.session().cast_visit({b});
            if (cast) ++recorded;
        }
        REQUIRE_FALSE(cast);
        // Small audit rows may still fit in the last page: fill that too, as a full disk would.
        for (int i = 0; i < 5000 && k.session().log_action("filler", "x"); ++i) {
        }
        cause = "is full";
        fix = [&] { REQUIRE(sqlite3_exec(db, "PRAGMA max_page_count = 1000000", nullptr, nullptr, nullptr) == SQLITE_OK); };
    }
    KIOSK_RUN(k, to_review);
    CHECK(k.screen() == ScreenId::save_failed);
    CHECK(k.session().visit_count() == recorded);  // nothing recorded is lost, the failed visit left no trace
    CHECK_THAT(k.session().last_storage_error(), Catch::Contains(cause));

    // The facilitator, called over: the cause on the home screen.
    enter(k);
    KIOSK_RUN(k, "expect \"Ballots cannot be saved\"\nexpect \"" + cause + "\"\nexpect \"the voter then taps “Try again”\"\n");
    save(k, "15-home-storage-problem-" + std::string(cause == "is full" ? "full" : cause == "has vanished" ? "vanished" : "readonly") + ".png");
    KIOSK_RUN(k, "tap \"Check again\"\nexpect \"" + cause + "\"\n");
    CHECK(k.app().facilitator().feedback().error);

    fix();
    KIOSK_RUN(k, "tap \"Check again\"\nexpect \"The database can be written again.\"\nexpect_not \"Ballots cannot be saved\"\n");
    CHECK(k.session().last_storage_error().empty());

    // Back to the voter, exactly where they were: the same ballot, retried.
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\nexpect \"This ballot could not be saved\"\ntap \"Try again\"\nexpect \"Thank you!\"\n");
    CHECK(k.session().visit_count() == recorded + 1);
    const auto stored = k.ballots("colours");
    REQUIRE(stored.size() == static_cast<std::size_t>(recorded + 1));
    CHECK(stored.back().visit == detail::store_of(k.session()).last_visit(k.session().id(), BallotSource::kiosk).value());
    CHECK(Kiosk::marks(stored.back()) == std::vector<std::string>{"blue=1"});
}

TEST_CASE("after SIGKILL the kiosk resumes its session: steps, reveals and every confirmed ballot", "[ui][facilitator][crash]") {
    TempDir dir;
    const std::string db = dir / "workshop.db";
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The kiosk: two voters, the facilitator closes a step and reveals another; then it
        // waits, mid-session, for the kill. No Catch2 here: a problem is an exit status.
        ::close(ready[0]);
        ScenarioLoad load = parse_scenario(workshop_toml, "harbour.toml");
        auto session = Session::open(db, std::move(*load.scenario));
        if (!session) ::_exit(10);
        App app(**session, config_with_pin());
        HeadlessKiosk h(app, {1280, 800});
        h.frame({});
        if (!h.run(one_voter) || !h.run(one_voter)) ::_exit(11);
        h.frame({{10, 10}, true});
        for (int i = 0; i < 14; ++i) {
            h.advance(0.25);
            h.frame({{10, 10}, true});
        }
        h.frame({{10, 10}, false});
        h.frame({{10, 10}, false});
        if (!h.run("type \"2468\"\ntap \"OK\"\ntap \"Closed Rank shapes\"\ntap \"Revealed Pick colours\"\n")) ::_exit(12);
        if ((*session)->step_open("shapes") || !(*session)->revealed("colours")) ::_exit(13);
        const char byte = 'k';
        if (::write(ready[1], &byte, 1) != 1) ::_exit(14);
        for (;;) ::pause();  // in facilitator mode, database open: SIGKILL comes now
    }
    ::close(ready[1]);
    char byte = 0;
    const bool signalled = ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(signalled);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);

    // Restart with the same database: the same session, as the facilitator left it.
    ScenarioLoad load = parse_scenario(workshop_toml, "harbour.toml");
    auto resumed = Session::open(db, std::move(*load.scenario));
    REQUIRE(resumed.ok());
    Session& s = **resumed;
    CHECK(s.id() == 1);
    CHECK(s.visit_count() == 2);
    CHECK(s.ballot_counts("colours") == std::map<std::string, int>{{"resident", 2}});
    CHECK_FALSE(s.step_open("shapes"));
    CHECK(s.step_open("colours"));
    CHECK(s.revealed("colours"));
    CHECK(s.state() == SessionState::running);
    App app(s, config_with_pin());
    HeadlessKiosk h(app, {1280, 800});
    h.frame({});
    CHECK(app.screen() == ScreenId::attract);  // the UI starts over; facilitator mode is locked
    CHECK_FALSE(app.facilitator().active());
    const Status played = h.run(R"(
expect "See the results"
tap "Touch the screen to start"
tap "Resident"
tap "Next →"
expect "Pick colours"
tap "Skip this question"
expect "Your ideas"
)");
    CHECK(played.message == "");
}

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

TEST_CASE("a tour of facilitator mode, landscape and portrait (scripts/facilitator_tour.kscript)", "[ui][facilitator][screenshots]") {
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
        TempDir dir;
        AppConfig config = config_with_pin();
        config.kiosk.scenarios_dir = WORKSHOP_SOURCE_DIR "/scenarios";
        config.kiosk.exports_dir = dir / "exports";
        Kiosk k(workshop_toml, size, config);
        KIOSK_RUN(k, one_voter);
        REQUIRE(k.session().add_idea("ideas", "Free ferry on Sundays", "en").ok());
        REQUIRE(k.session().add_idea("ideas", "Benches along the quay, with shade for the summer and a view of the boats", "en").ok());
        hold_corner(k);
        const std::string shots = screenshot_path("tour-" + std::to_string(static_cast<int>(size.x)) + "x" +
                                                  std::to_string(static_cast<int>(size.y)));
        fs::create_directories(shots);
        auto script = Script::load(WORKSHOP_SOURCE_DIR "/tests/ui/scripts/facilitator_tour.kscript");
        REQUIRE(script.ok());
        const Status played = k.headless().run(*script, shots);
        INFO(size.x << "x" << size.y);
        CHECK(played.message == "");
        CHECK(fs::exists(shots + "/home.png"));
        CHECK(k.session().revealed("colours"));
        CHECK_FALSE(k.session().step_open("intro"));
        CHECK(k.session().ideas("ideas").size() == 2);  // the hide was cancelled
        CHECK(k.screen() == ScreenId::attract);
    }
}

TEST_CASE("facilitator mode speaks the configured language (Dutch)", "[ui][facilitator][screenshots]") {
    AppConfig config = config_with_pin();
    config.kiosk.language = "nl";
    config.kiosk.supervised = true;
    Kiosk k(workshop_toml, {1920, 1080}, config);
    REQUIRE(k.session().add_idea("ideas", "Gratis pont op zondag", "nl").ok());
    enter(k);
    KIOSK_RUN(k, R"(
expect "Begeleidersmodus"
expect "Volgende stemmer laten beginnen"
expect "0 stemmers tot nu toe · sessie 1"
tap "Gesloten Kies kleuren"
expect "“Kies kleuren” is gesloten: stemmers slaan deze stap over."
)");
    save(k, "16-home-dutch.png");
    CHECK_FALSE(k.session().step_open("colours"));
    CHECK(Facilitator::strings().misses().empty());  // every text it asked for exists in Dutch
}
