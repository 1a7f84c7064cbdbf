// held_bars.cpp — held_bars_test.py's hands on a kiosk's file: cast a ballot as a kiosk would, or
// print what a shared screen of that file shows of a step (Session::shown_results).
//   held_bars cast SCENARIO DB KIOSK VISIT STEP OPTION
//   held_bars show SCENARIO DB STEP      prints "held/now: option=score ..., groups n ..."
#include <cstdio>
#include <string>

#include "support/shown_bars.h"
#include "workshop/workshop.h"

using namespace workshop;

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "held_bars: %s\n", message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    if (!((command == "cast" && argc == 8) || (command == "show" && argc == 5)))
        return fail("usage: held_bars cast SCENARIO DB KIOSK VISIT STEP OPTION | show SCENARIO DB STEP");
    ScenarioLoad load = load_scenario_file(argv[2]);
    if (!load.ok()) return fail(std::string("cannot load ") + argv[2]);
    SessionOptions options;
    options.kiosk_id = command == "cast" ? argv[4] : "viewer";
    auto session = Session::open(argv[3], std::move(*load.scenario), options);
    if (!session) return fail(session.message());
    if (command == "show") {
        std::printf("%s\n", test::bars_of((*session)->shown_results(argv[4])).c_str());
        return 0;
    }
    Ballot ballot;
    ballot.visit = argv[5];
    ballot.step = argv[6];
    ballot.marks = {{argv[7], 1}};
    ballot.language = (*session)->scenario().languages.front();
    ballot.cast_at = Store::now();
    ballot.kiosk = argv[4];
    if (Status cast = (*session)->cast_visit(std::vector<Ballot>{ballot}); !cast) return fail(cast.message);
    return 0;
}
