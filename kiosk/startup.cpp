#include "startup.h"

#include "hub_sync.h"

#include <cstdio>

#include "workshop/diagnostic.h"
#include "workshop/scenario.h"

namespace workshop::kiosk {

Startup open_session(const Options& options) {
    Startup s;
    ScenarioLoad load = load_scenario_file(options.scenario);
    if (!load.ok()) {
        for (const Diagnostic& d : load.errors) s.errors.push_back(d.to_string());
        if (s.errors.empty()) s.errors.push_back(options.scenario + ": error: the scenario could not be loaded");
        for (const std::string& e : s.errors) std::fprintf(stderr, "%s\n", e.c_str());
        s.exit_code = 1;
        return s;
    }
    Outcome<std::unique_ptr<Session>> opened =
        Session::open(options.db, std::move(*load.scenario), session_options(options.kiosk));
    if (!opened) {
        s.errors.push_back(options.db + ": error: " + opened.message());
        std::fprintf(stderr, "%s\n", s.errors.back().c_str());
        s.exit_code = 2;
        return s;
    }
    s.session = std::move(opened.value());
    return s;
}

AppConfig app_config(const Options& options) {
    AppConfig config;
    config.start_language = options.lang;
    config.ui_scale = options.ui_scale;
    config.kiosk = options.kiosk;
    return config;
}

}  // namespace workshop::kiosk
