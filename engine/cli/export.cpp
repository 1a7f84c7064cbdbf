// workshop export — results.csv, ballots.csv and ideas.csv of a session into a folder.
#include <cstdio>

#include "cli_util.h"
#include "commands.h"
#include "workshop/diagnostic.h"
#include "hub_cli.h"
#include "workshop/exchange.h"
#include "workshop/report.h"

namespace workshop::cli {

namespace {

const char* const usage =
    "usage: workshop export --db DB | --hub URL [--session ID] --out DIR [--delimiter ,|;] [--bom] [--exact-times]\n"
    "       workshop export --db DB | --hub URL [--session ID] --xlsx FILE.xlsx [--out DIR ...]\n"
    "\n"
    "Writes results.csv, ballots.csv and ideas.csv of a session into DIR (created if missing;\n"
    "never through a symbolic link). Each file is complete or not written at all. Results are\n"
    "tallied from the scenario text stored with the session. With --xlsx, one Excel workbook too\n"
    "(or alone, without --out): a sheet per step with a bar chart, the results per group, the\n"
    "ideas and the ballots. For ballot secrecy, ballots are listed by step and then in an order\n"
    "unrelated to voting, and cast_at/submitted_at are cut to the quarter hour (the database\n"
    "keeps the exact times).\n"
    "\n"
    "  --db DB           the database file\n"
    "  --hub URL         the combined session straight from a hub (libpq URL; password from\n"
    "                    PGPASSFILE or PGPASSWORD); --session is then the hub's session number\n"
    "  --out DIR         the folder to write into\n"
    "  --session ID      the session to export (default: the newest)\n"
    "  --delimiter ,|;   field separator (default ','; ';' for Dutch-locale Excel)\n"
    "  --bom             start each file with a UTF-8 byte order mark (for Excel)\n"
    "  --exact-times     exact cast_at/submitted_at to the second (for audits)\n"
    "  --xlsx FILE.xlsx  also write the workbook (text as text, numbers as numbers)\n"
    "\n"
    "Exit status: 0 written, 2 usage, I/O or database errors.\n";

}  // namespace

int run_export(int argc, char** argv) {
    const char* const command = "export";
    Args args = parse_args(argc, argv, {"db", "hub", "out", "session", "delimiter", "xlsx"}, {"bom", "exact-times"});
    if (args.help) {
        std::fputs(usage, stdout);
        return exit_ok;
    }
    if (!args.error.empty()) return usage_error(command, args.error, usage);
    HubCopy hub_copy;
    if (int code = use_hub(command, args, hub_copy, usage); code != exit_ok) return code;
    if (!args.has("db")) return usage_error(command, "--db DB is required", usage);
    if (!args.has("out") && !args.has("xlsx")) return usage_error(command, "--out DIR is required (or --xlsx FILE.xlsx for the workbook alone)", usage);
    if (!args.positional.empty()) return usage_error(command, "unexpected argument " + args.positional.front(), usage);
    CsvStyle style;
    style.bom = args.flags.count("bom") != 0;
    if (args.has("delimiter")) {
        const std::string& d = args.value("delimiter");
        if (d != "," && d != ";") return usage_error(command, "--delimiter must be ',' or ';'", usage);
        style.delimiter = d[0];
    }

    auto store = Store::open(args.value("db"), Store::OpenMode::existing);
    if (!store) return fail(command, store.message());
    auto chosen = choose_session(**store, args);
    if (!chosen) return fail(command, chosen.message());
    ExportOptions options;
    options.exact_times = args.flags.count("exact-times") != 0;
    if (args.has("out")) {
        auto report = export_session(**store, chosen->record.id, chosen->scenario, args.value("out"), style, options);
        if (!report) return fail(command, report.message());
        std::printf("session %lld: %zu result rows, %zu ballot rows, %zu ideas\n",
                    static_cast<long long>(chosen->record.id), report->result_rows, report->ballot_rows, report->idea_rows);
        for (const std::string& file : report->files) std::printf("wrote %s\n", escape_controls(file).c_str());
    }
    if (args.has("xlsx")) {
        if (Status written = write_session_workbook(**store, chosen->record.id, chosen->scenario, chosen->record.created_at,
                                                    args.value("xlsx"), options);
            !written)
            return fail(command, written.message);
        std::printf("wrote %s\n", escape_controls(args.value("xlsx")).c_str());
    }
    return finish_output(command);
}

}  // namespace workshop::cli
