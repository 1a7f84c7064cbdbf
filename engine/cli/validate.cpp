// validate.cpp — `workshop validate FILE...`: checks scenario files (scenario-format.md).
//
// Every file is checked, even after a bad one, so a facilitator sees all problems in one run.
// Exit status: 0 all valid, 1 any invalid, 2 usage or a file that cannot be read.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "workshop/scenario.h"

namespace {

const char* const validate_usage =
    "usage: workshop validate FILE...\n"
    "\n"
    "Checks scenario files (TOML, format 1). A valid file prints 'FILE: ok, N steps';\n"
    "each problem prints as 'FILE:LINE:COLUMN: error: MESSAGE' on stderr, and each warning\n"
    "(a language the kiosk has no texts in, or texts no native speaker reviewed) as\n"
    "'FILE:LINE:COLUMN: warning: MESSAGE'; warnings do not make a file invalid.\n"
    "\n"
    "Exit status: 0 all files valid, 1 any file invalid, 2 usage error or unreadable file.\n";

// Errors and warnings of one file together, by position.
workshop::Diagnostics in_file_order(workshop::Diagnostics errors, const workshop::Diagnostics& warnings) {
    errors.insert(errors.end(), warnings.begin(), warnings.end());
    std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return errors;
}

}  // namespace

int workshop::cli::run_validate(int argc, char** argv) {
    std::vector<std::string> files;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (!options_done && (arg == "--help" || arg == "-h")) {
            std::fputs(validate_usage, stdout);
            return 0;
        }
        if (!options_done && arg == "--") {
            options_done = true;
        } else if (!options_done && arg.size() > 1 && arg.front() == '-') {
            std::fprintf(stderr, "workshop validate: unknown option '%s'\n\n%s", argv[i], validate_usage);
            return 2;
        } else {
            files.emplace_back(arg);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "workshop validate: name at least one scenario file\n\n%s", validate_usage);
        return 2;
    }

    bool any_invalid = false;
    bool any_unreadable = false;
    for (const std::string& file : files) {
        const ScenarioLoad load = load_scenario_file(file);
        if (load.ok()) {
            std::fputs(format_diagnostics(load.warnings).c_str(), stderr);
            const std::size_t steps = load.scenario->steps.size();
            std::printf("%s: ok, %zu step%s\n", file.c_str(), steps, steps == 1 ? "" : "s");
            continue;
        }
        std::fputs(format_diagnostics(in_file_order(load.errors, load.warnings)).c_str(), stderr);
        (load.unreadable ? any_unreadable : any_invalid) = true;
    }
    std::fflush(stdout);
    return any_unreadable ? 2 : any_invalid ? 1 : 0;
}
