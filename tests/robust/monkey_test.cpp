// monkey_test.cpp — random taps, drags, long presses and pauses on every screen of the headless
// kiosk, seeded. Nothing may crash or trip a sanitizer; every ballot the kiosk records obeys its
// step's rules; a voter's choices never outlive the visit; and no participant touch sequence
// reaches facilitator mode or records a facilitator action.
//
//   WORKSHOP_MONKEY_ACTIONS=100000 WORKSHOP_MONKEY_SEED=7 ./monkey_test    # the long variant
#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "facilitator_mode.h"
#include "headless.h"
#include "robust_support.h"
#include "screens.h"
#include "internal_access.h"

using namespace workshop;
using namespace workshop::kiosk;

namespace {

struct MonkeyRun {
    long actions = 0;
    long frames = 0;
    std::size_t ballots = 0;
    int visits = 0;
    int ideas = 0;
    int pin_tries = 0;
    std::set<std::string> screens;
};

class Monkey {
public:
    Monkey(HeadlessKiosk& kiosk, Session& facilitator, std::uint64_t seed, ImVec2 size)
        : m_kiosk(kiosk), m_facilitator(facilitator), m_rng(seed), m_size(size) {}

    // One random thing a person (or a hand leaning on the screen) might do.
    void act() {
        const int roll = pick(0, 999);
        if (roll < 450) tap_widget();
        else if (roll < 600) tap_forward();  // else random voters seldom finish a visit
        else if (roll < 720) tap(random_point());
        else if (roll < 800) drag(random_point(), random_point(), pick(2, 20));
        else if (roll < 860) drag_widget();
        else if (roll < 890) hold(random_point(), pick(20, 240));
        else if (roll < 895) hold(corner(), pick(120, 480));  // the hidden facilitator gesture
        else if (roll < 935) multi_tap();
        else if (roll < 965) wait(pick(1, 5) == 1 ? pick(60, 400) : pick(1, 20));
        else if (roll < 975) facilitator_changes_something();
        else tap_widget();
        ++m_run.actions;
    }

    MonkeyRun& run() { return m_run; }

private:
    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
    float pickf(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(m_rng); }
    ImVec2 random_point() { return {pickf(-20, m_size.x + 20), pickf(-20, m_size.y + 20)}; }
    ImVec2 corner() {
        const float d = 30;
        switch (pick(0, 3)) {
            case 0: return {d, d};
            case 1: return {m_size.x - d, d};
            case 2: return {d, m_size.y - d};
            default: return {m_size.x - d, m_size.y - d};
        }
    }

    void frame(ImVec2 pos, bool down) {
        m_kiosk.frame({pos, down});
        ++m_run.frames;
        after_frame();
    }

    void tap(ImVec2 p) {
        frame(p, true);
        frame(p, false);
        frame(p, false);
    }
    void tap_widget() {
        const auto& tappables = m_kiosk.app().registry().tappables;
        if (tappables.empty()) return tap(random_point());
        const Tappable& t = tappables[static_cast<std::size_t>(pick(0, static_cast<int>(tappables.size()) - 1))];
        const ImVec2 c = t.rect.center();
        tap({c.x + pickf(-t.rect.w() * 0.4f, t.rect.w() * 0.4f), c.y + pickf(-t.rect.h() * 0.4f, t.rect.h() * 0.4f)});
    }
    // A button that moves the visit on: next, skip, to the review, confirm, done, start.
    void tap_forward() {
        const App& app = m_kiosk.app();
        const std::string& lang = app.visit().language();
        std::vector<std::string> labels;
        for (const char* key : {"next", "skip", "to_review", "confirm", "done", "touch_to_start"})
            labels.push_back(app.strings().get(key, lang));
        std::vector<const Tappable*> forward;
        for (const Tappable& t : app.registry().tappables)
            for (const std::string& label : labels)
                if (t.enabled && !label.empty() && t.label.find(label) != std::string::npos) forward.push_back(&t);
        if (forward.empty()) return tap_widget();
        tap(forward[static_cast<std::size_t>(pick(0, static_cast<int>(forward.size()) - 1))]->rect.center());
    }
    void drag(ImVec2 from, ImVec2 to, int steps) {
        frame(from, true);
        for (int i = 1; i <= steps; ++i) {
            const float k = static_cast<float>(i) / static_cast<float>(steps);
            frame({from.x + (to.x - from.x) * k, from.y + (to.y - from.y) * k}, true);
        }
        frame(to, false);
        frame(to, false);
    }
    void drag_widget() {  // grab a widget (a ranking row, a card) and move it
        const auto& tappables = m_kiosk.app().registry().tappables;
        if (tappables.empty()) return;
        const ImVec2 from = tappables[static_cast<std::size_t>(pick(0, static_cast<int>(tappables.size()) - 1))].rect.center();
        drag(from, {from.x + pickf(-300, 300), from.y + pickf(-600, 600)}, pick(3, 30));
    }
    void hold(ImVec2 p, int frames) {
        for (int i = 0; i < frames; ++i) frame(p, true);
        frame(p, false);
        frame(p, false);
    }
    void multi_tap() {
        const ImVec2 p = random_point();
        for (int i = pick(2, 8); i > 0; --i) tap(p);
    }
    void wait(int seconds) {
        m_kiosk.advance(seconds);
        frame(m_kiosk.pointer().pos, false);
        frame(m_kiosk.pointer().pos, false);
    }
    // Changes made from outside the participant's reach (another program, the facilitator),
    // so the monkey also meets the paused, closed-step and results screens.
    void facilitator_changes_something() {
        const Scenario& s = m_facilitator.scenario();
        const Step& step = s.steps[static_cast<std::size_t>(pick(0, static_cast<int>(s.steps.size()) - 1))];
        // Weighted so that the session mostly runs with its steps open.
        switch (pick(0, 9)) {
            case 0: m_facilitator.pause(); break;
            case 1: m_facilitator.set_step_open(step.id, false); break;
            case 2:
            case 3: m_facilitator.set_revealed(step.id, !m_facilitator.revealed(step.id)); break;
            default:
                m_facilitator.resume();
                m_facilitator.set_step_open(step.id, true);
                break;
        }
    }

    void after_frame() {
        App& app = m_kiosk.app();
        const ScreenId shown = app.screen();
        const ScreenEntry& entry = screen_entry(shown);
        m_run.screens.insert(std::string(entry.name));
        // The hidden gesture may open the PIN pad (a long press in a corner is easy to do by
        // chance); nothing beyond it may open without the PIN.
        if (app.facilitator().unlocked() || (entry.mode != Mode::participant && shown != ScreenId::facilitator_pin)) {
            FAIL_CHECK("participant touches reached facilitator screen `" << entry.name << "` after "
                                                                            << m_run.actions << " actions");
            throw std::runtime_error("stop");
        }
        // Between voters nothing of the last one remains (a known bug class of voting kiosks).
        if (shown == ScreenId::attract && !app.visit().drafts().empty()) {
            bool any = false;
            for (const auto& [step, draft] : app.visit().drafts()) any = any || !draft.empty();
            if (any) {
                FAIL_CHECK("the attract screen still holds the last voter's choices");
                throw std::runtime_error("stop");
            }
        }
        if (shown == ScreenId::attract && !app.visit().memory.editor.text.empty()) {
            FAIL_CHECK("the attract screen still holds the last voter's typed idea");
            throw std::runtime_error("stop");
        }
    }

    HeadlessKiosk& m_kiosk;
    Session& m_facilitator;
    std::mt19937_64 m_rng;
    ImVec2 m_size;
    MonkeyRun m_run;
};

MonkeyRun monkey(const std::string& scenario_file, ImVec2 size, long actions, std::uint64_t seed) {
    test::TempDir dir;
    const std::string db = dir / "monkey.db";
    SessionOptions kiosk_options;
    kiosk_options.kiosk_id = "monkey";
    auto session = Session::open(db, robust::load_scenario(scenario_file), kiosk_options);
    REQUIRE(session.ok());
    // The facilitator side is another connection with its own actor name: every action the
    // kiosk's own session records is then recognisable.
    SessionOptions facilitator_options;
    facilitator_options.actor = "test-facilitator";
    auto facilitator = Session::open(db, robust::load_scenario(scenario_file), facilitator_options);
    REQUIRE(facilitator.ok());
    REQUIRE((*facilitator)->id() == (*session)->id());

    AppConfig config;
    // Eight digits: the monkey jumps the clock past the PIN pad's lockouts (which a person
    // cannot), so it gets thousands of tries in a long run; it must still never get in.
    config.kiosk.pin = "90417263";
    App app(**session, config);
    HeadlessKiosk kiosk(app, size);
    Monkey m(kiosk, **facilitator, seed, size);
    try {
        while (m.run().actions < actions) m.act();
    } catch (const std::runtime_error&) {
        // an invariant failed: already reported
    }
    MonkeyRun run = m.run();

    Store& store = detail::store_of(**session);
    run.ballots = robust::check_stored_ballots(store, (*session)->id(), (*session)->scenario());
    run.visits = (*session)->visit_count();
    auto ideas = store.ideas((*session)->id());
    REQUIRE(ideas.ok());
    run.ideas = static_cast<int>(ideas->size());

    // No facilitator function ran for the monkey: the kiosk's own audit entries are only the
    // session's creation, wrong PINs (which are logged, never the digits) and the ideas a
    // confirmed visit added (idea_added, for undo).
    auto actions_logged = store.actions((*session)->id());
    REQUIRE(actions_logged.ok());
    for (const ActionRecord& a : *actions_logged) {
        if (a.actor == "test-facilitator") continue;
        INFO("action " << a.action << " by " << a.actor << " at " << a.at << ": " << a.detail);
        CHECK((a.action == std::string(action::session_created) || a.action == "facilitator_pin_wrong" ||
               a.action == std::string(action::idea_added)));
        run.pin_tries += a.action == "facilitator_pin_wrong";
        CHECK(a.detail.find(config.kiosk.pin) == std::string::npos);
    }
    test::Connection check(db);
    CHECK(check.query("PRAGMA integrity_check") == "ok\n");
    return run;
}

void report(const char* what, const MonkeyRun& run) {
    std::string screens;
    for (const auto& s : run.screens) screens += (screens.empty() ? "" : " ") + s;
    std::printf("monkey %s: %ld actions, %ld frames, %d visits, %zu ballots re-checked, %d ideas, %d wrong PINs; "
                "screens: %s\n",
                what, run.actions, run.frames, run.visits, run.ballots, run.ideas, run.pin_tries, screens.c_str());
}

}  // namespace

TEST_CASE("random touches on every screen: no crash, only valid ballots, never facilitator mode") {
    // The CI variant (about a minute either way; ASan makes each frame ~8x slower);
    // WORKSHOP_MONKEY_ACTIONS sets the per-scenario count for a long run by hand.
#if defined(__SANITIZE_ADDRESS__)
    const long ci_actions = 3000;
#else
    const long ci_actions = 20000;
#endif
    const long actions = robust::env_number("WORKSHOP_MONKEY_ACTIONS", ci_actions);
    const auto seed = static_cast<std::uint64_t>(robust::env_number("WORKSHOP_MONKEY_SEED", 20240501));

    struct Case {
        const char* scenario;
        ImVec2 size;
    };
    const Case cases[] = {
        {"scenarios/almere-stakeholders.toml", {1920, 1080}},
        {"scenarios/expert-pool-feedback.toml", {1280, 800}},
        {"scenarios/welcome-meeting.toml", {800, 1280}},  // portrait
        {"scenarios/almere-stakeholders.toml", {640, 480}},  // a small screen: the layout squeezes
    };
    std::set<std::string> screens;
    int visits = 0;
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        const Case& c = cases[i];
        INFO(c.scenario << " at " << c.size.x << "x" << c.size.y << ", seed " << seed + i);
        const MonkeyRun run = monkey(c.scenario, c.size, actions, seed + i);
        report(c.scenario, run);
        CHECK(run.actions == actions);  // stopped early only when an invariant failed
        screens.insert(run.screens.begin(), run.screens.end());
        visits += run.visits;
    }
    // The monkey really went everywhere a participant can go (else it tests little).
    for (const char* screen : {"attract", "language", "role", "info", "dot_vote", "ranking", "idea_vote", "review",
                               "thanks", "paused", "results"}) {
        INFO("screen " << screen);
        CHECK(screens.count(screen) == 1);
    }
    CHECK(visits > 0);
}
