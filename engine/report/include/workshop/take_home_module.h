// take_home_module.h — the report and the workbook as a module a program opens when it first
// needs them (dlopen), instead of linking workshop::report: Cairo, Pango and libxlsxwriter bring
// ~40 shared libraries, ~22 ms of CPU at every start of a program that seldom exports (the
// kiosk). The module, workshop-take-home.so, is built from the same tree as the program that
// opens it (it holds its own copy of the engine and the report); `cmake --install` puts it in
// LIBDIR/workshop/. The `workshop` command links workshop::report as before.
#pragma once

#include <string>
#include <vector>

#include "workshop/result.h"
#include "workshop/session.h"

namespace workshop {

// What the module hands out (its one exported symbol, workshop_take_home_module, returns it).
struct TakeHomeModule {
    int abi;                  // kTakeHomeAbi of the tree it was built from
    std::size_t session_size;  // sizeof(Session) there: a module of another build is refused
    // write_take_home(Session&, dir, language) of report.h.
    Outcome<std::vector<std::string>> (*write_take_home)(Session& session, const std::string& dir, const std::string& language);
};

inline constexpr int kTakeHomeAbi = 1;
inline constexpr const char* kTakeHomeSymbol = "workshop_take_home_module";

}  // namespace workshop
