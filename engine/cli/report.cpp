// workshop report — an A4 PDF of a session's results (from a file or a hub), and with --png each
// step's chart as images.
#include <cstdio>

#include "cli_util.h"
#include "commands.h"
#include "hub_cli.h"
#include "workshop/report.h"

namespace workshop::cli {

namespace {

const char* const usage =
    "usage: workshop report --db DB | --hub URL [--session ID] [--lang L] --out FILE.pdf [--png DIR]\n"
    "\n"
    "Writes an A4 PDF report of a session: title, date, kiosks, visits per group and language,\n"
    "and for each step its question, a chart, how the method counts and the results per group\n"
    "(a group with fewer ballots than the scenario's min_group_size is never shown on its own).\n"
    "\n"
    "  --db DB         the database file\n"
    "  --hub URL       the combined session straight from a hub (libpq URL; password from\n"
    "                  PGPASSFILE or PGPASSWORD); --session is then the hub's session number\n"
    "  --session ID    the session (default: the newest)\n"
    "  --lang L        the report's language (nl, en, uk; others fall back to English for the\n"
    "                  report's own words); default: the scenario's first language\n"
    "  --out FILE.pdf  the PDF to write (complete or not at all)\n"
    "  --png DIR       also write each step's chart as STEP-wide.png (1920x1080) and\n"
    "                  STEP-square.png (1080x1080) into DIR\n"
    "\n"
    "Exit status: 0 written, 2 usage, I/O or database errors.\n";

}  // namespace

int run_report(int argc, char** argv) {
    const char* const command = "report";
    Args args = parse_args(argc, argv, {"db", "hub", "out", "session", "lang", "png"}, {});
    if (args.help) {
        std::fputs(usage, stdout);
        return exit_ok;
    }
    if (!args.error.empty()) return usage_error(command, args.error, usage);
    HubCopy hub_copy;  // with --hub, the session read from a copy of the hub's rows, as export does
    if (int code = use_hub(command, args, hub_copy, usage); code != exit_ok) return code;
    if (!args.has("db")) return usage_error(command, "--db DB is required", usage);
    if (!args.has("out")) return usage_error(command, "--out FILE.pdf is required", usage);
    if (!args.positional.empty()) return usage_error(command, "unexpected argument " + args.positional.front(), usage);

    auto store = Store::open(args.value("db"), Store::OpenMode::existing);
    if (!store) return fail(command, store.message());
    auto chosen = choose_session(**store, args);
    if (!chosen) return fail(command, chosen.message());
    Store::Transaction snapshot(**store);
    if (!snapshot.status()) return fail(command, snapshot.status().message);
    auto summary = summarize_session(**store, chosen->record.id, chosen->scenario, chosen->record.created_at);
    if (!summary) return fail(command, summary.message());
    snapshot.commit();

    ReportOptions options;
    if (args.has("lang")) options.language = args.value("lang");
    if (Status written = write_report_pdf(*summary, args.value("out"), options); !written)
        return fail(command, written.message);
    std::printf("wrote %s\n", args.value("out").c_str());
    if (args.has("png")) {
        auto images = write_chart_pngs(*summary, args.value("png"), options);
        if (!images) return fail(command, images.message());
        for (const std::string& file : *images) std::printf("wrote %s\n", file.c_str());
    }
    return exit_ok;
}

}  // namespace workshop::cli
