// kiosk_harness.h — the UI tests' driver: a headless kiosk on a fresh database, played by the
// same script commands a person's taps become (tap = press in one frame, release in the next).
// Checks go to the engine (Session, Store), never to pixels.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app.h"
#include "headless.h"
#include "store_helpers.h"  // tests/: TempDir, read_text
#include "workshop/store.h"
#include "workshop/workshop.h"
#include "internal_access.h"

namespace kiosk_test {

using namespace workshop;
using namespace workshop::kiosk;

using test::TempDir;
inline std::string read_file(const std::string& path) { return test::read_text(path); }

inline std::string sample_scenario() { return read_file(WORKSHOP_SOURCE_DIR "/scenarios/almere-stakeholders.toml"); }

// One kiosk (App + headless ImGui) on a new database for `scenario_toml`.
class Kiosk {
public:
    explicit Kiosk(const std::string& scenario_toml, ImVec2 size = {1920, 1080}, AppConfig config = {})
        : Kiosk(loaded(scenario_toml), size, std::move(config)) {}
    // A kiosk for a scenario loaded elsewhere (e.g. from a file beside its pictures).
    Kiosk(Scenario scenario, ImVec2 size, AppConfig config = {}) {
        auto opened = Session::open(m_dir / "workshop.db", std::move(scenario));
        if (!opened) FAIL("cannot open the session: " << opened.message());
        m_session = std::move(opened.value());
        m_app = std::make_unique<App>(*m_session, config);
        m_headless = std::make_unique<HeadlessKiosk>(*m_app, size);
        m_headless->frame({});
    }

    Session& session() { return *m_session; }
    App& app() { return *m_app; }
    HeadlessKiosk& headless() { return *m_headless; }
    std::string db_path() const { return m_dir / "workshop.db"; }
    ScreenId screen() const { return m_app->screen(); }
    bool shows(const std::string& text) const { return m_app->registry().shows(text); }
    // Anywhere, even inside a longer text: for what must not be on screen.
    bool shows_part(const std::string& text) const { return m_app->registry().shows_part(text); }
    const Tappable* find(const std::string& label) const { return m_app->registry().find(label); }

    // Plays script lines; a failing line fails the test, naming the caller's file and line.
    void run(const std::string& script, const char* file, int line) {
        const Status played = m_headless->run(script, std::string(file) + ":" + std::to_string(line) + " script");
        if (!played) FAIL(played.message);
    }

    // The valid ballots stored for a step.
    std::vector<Ballot> ballots(const std::string& step) {
        std::vector<Ballot> out;
        const Status loaded = detail::store_of(*m_session).load_ballots(m_session->id(), step, out);
        if (!loaded) FAIL("cannot read ballots: " << loaded.message);
        return out;
    }

    // The stored ballot's marks as "option=value", sorted.
    static std::vector<std::string> marks(const Ballot& b) {
        std::vector<std::string> out;
        for (const Mark& m : b.marks) out.push_back(m.option + "=" + std::to_string(m.value));
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    static Scenario loaded(const std::string& scenario_toml) {
        ScenarioLoad load = parse_scenario(scenario_toml, "test-scenario.toml");
        if (!load.ok()) FAIL("test scenario does not load:\n" << format_diagnostics(load.errors));
        return std::move(*load.scenario);
    }

    TempDir m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<App> m_app;
    std::unique_ptr<HeadlessKiosk> m_headless;
};

#define KIOSK_RUN(kiosk, script) (kiosk).run((script), __FILE__, __LINE__)

// The sample scenario's way to the dot vote in English as a given role.
inline const char* const to_dot_vote_en = R"(
tap "Raak het scherm aan om te beginnen"
tap "English"
tap "Employer"
expect "Welcome"
tap "Next →"
expect "What should we work on first?"
)";

}  // namespace kiosk_test
