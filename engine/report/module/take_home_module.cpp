// take_home_module.cpp — workshop-take-home.so: report.h's write_take_home for a program that
// opens it when first used (take_home_module.h).
#include "workshop/report.h"
#include "workshop/take_home_module.h"

namespace {

workshop::Outcome<std::vector<std::string>> write(workshop::Session& session, const std::string& dir, const std::string& language) {
    return workshop::write_take_home(session, dir, language);
}

const workshop::TakeHomeModule g_module{workshop::kTakeHomeAbi, sizeof(workshop::Session), &write};

}  // namespace

extern "C" __attribute__((visibility("default"))) const workshop::TakeHomeModule* workshop_take_home_module() { return &g_module; }
