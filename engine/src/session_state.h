// session_state.h — what a session's audit log adds up to (the latest action wins): running,
// paused or ended, which steps are closed and which results revealed. The kiosk's Session and
// the import (paper ballots into a closed step) read it the same way.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "workshop/session.h"
#include "workshop/store.h"

namespace workshop::detail {

struct SessionFlags {
    SessionState state = SessionState::running;
    std::set<std::string> closed_steps;
    std::set<std::string> revealed_steps;
};

SessionFlags session_flags(const std::vector<ActionRecord>& actions);

}  // namespace workshop::detail
