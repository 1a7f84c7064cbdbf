// options.h — workshop-kiosk's command line.
#pragma once

#include <string>
#include <vector>

#include "kiosk_config.h"
#include "workshop/result.h"

namespace workshop::kiosk {

struct Options {
    std::string scenario = "scenarios/almere-stakeholders.toml";
    bool scenario_given = false;  // --scenario given: it wins over the config file's `scenario`
    std::string db = "workshop.db";
    std::string lang;          // start language ("" = the scenario's default)
    std::string script;        // --script FILE
    std::string screenshot_dir;  // --screenshots DIR: where relative screenshot names go
    bool headless = false;
    bool fullscreen = true;    // the default unless --windowed or --headless
    int width = 1920, height = 1080;  // --windowed WxH (also the headless screen size)
    float ui_scale = 1;
    bool help = false;
    bool trace_startup = false;  // --trace-startup: when each start-up phase ended, on stderr
    bool trace_taps = false;     // --trace-taps: the phases of each frame presented after input
    KioskConfig kiosk;  // facilitator mode, supervised turns, monitor (kiosk_config.h)
};

// Parses argv; a usage mistake is a failure whose message says what to write instead.
Outcome<Options> parse_options(const std::vector<std::string>& args);
std::string usage();

}  // namespace workshop::kiosk
