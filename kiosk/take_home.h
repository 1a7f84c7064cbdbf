// take_home.h — the facilitator's PDF report and workbook beside the CSV files, written by
// workshop-take-home.so, which the kiosk opens at its first export (workshop/take_home_module.h):
// a kiosk that never exports never loads Cairo, Pango or libxlsxwriter.
#pragma once

#include <string>
#include <vector>

#include "workshop/result.h"
#include "workshop/session.h"

namespace workshop::kiosk {

// report.h's write_take_home through the module; a failure names the places it looked in.
Outcome<std::vector<std::string>> write_take_home(Session& session, const std::string& dir, const std::string& language);

// Where the module is looked for, in this order: beside the program (a build tree's kiosk),
// LIBDIR/workshop/ of the program's install (../lib/workshop from its bin/), the build tree it
// came from (tests).
std::vector<std::string> take_home_module_places();

}  // namespace workshop::kiosk
