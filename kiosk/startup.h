// startup.h — what both the window and the headless kiosk do first: load the scenario and open
// its session in the database, or say clearly why not.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "options.h"
#include "workshop/session.h"

namespace workshop::kiosk {

struct Startup {
    std::unique_ptr<Session> session;
    std::vector<std::string> errors;  // one line each, already printed to stderr
    int exit_code = 0;                // 1: the scenario has errors, 2: the database failed
};

Startup open_session(const Options& options);
AppConfig app_config(const Options& options);

}  // namespace workshop::kiosk
