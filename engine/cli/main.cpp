// workshop — the display-free command for facilitators and scripts.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "commands.h"

namespace {

const char* const usage =
    "usage: workshop COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  validate FILE...                       check scenario files\n"
    "  import --db DB --scenario FILE [--session ID] BALLOTS.csv [IDEAS.csv]\n"
    "                                         record ballots through the engine\n"
    "  export --db DB | --hub URL --out DIR [--session ID] [--delimiter ,|;] [--bom] [--xlsx FILE.xlsx]\n"
    "                                         write results.csv, ballots.csv, ideas.csv\n"
    "                                         (and/or one Excel workbook)\n"
    "  report --db DB [--session ID] [--lang L] --out FILE.pdf [--png DIR]\n"
    "                                         an A4 PDF report and chart images\n"
    "  tally --db DB | --hub URL [--session ID]\n"
    "                                         print each step's results\n"
    "  synth --db DB --scenario FILE --ballots N [--seed S]\n"
    "                                         record N random valid ballots per step\n"
    "  hub init | add-kiosk | status URL ...  set up and watch a hub (several kiosks, one session)\n"
    "  sync --db DB --hub URL                 one push and pull of a kiosk file with the hub\n"
    "\n"
    "Run 'workshop COMMAND --help' for a command's options.\n"
    "Exit status: 0 success, 1 rejected input (nothing written), 2 usage, I/O or database errors.\n";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(usage, stderr);
        return 2;
    }
    const std::string_view command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(usage, stdout);
        return 0;
    }
    struct Entry {
        std::string_view name;
        int (*run)(int, char**);
    };
    const Entry commands[] = {
        {"validate", workshop::cli::run_validate}, {"import", workshop::cli::run_import},
        {"export", workshop::cli::run_export},     {"tally", workshop::cli::run_tally},
        {"synth", workshop::cli::run_synth},       {"report", workshop::cli::run_report},
        {"hub", workshop::cli::run_hub},           {"sync", workshop::cli::run_sync},
    };
    for (const Entry& entry : commands)
        if (entry.name == command) return entry.run(argc - 1, argv + 1);
    std::fprintf(stderr, "workshop: unknown command '%s'\n\n%s", argv[1], usage);
    return 2;
}
