// commands.h — the `workshop` subcommands (cli-and-data.md). Each returns the exit status:
// 0 success, 1 rejected input (nothing written), 2 usage, I/O or database errors.
#pragma once

namespace workshop::cli {

int run_validate(int argc, char** argv);  // argv[0] is "validate"
int run_import(int argc, char** argv);
int run_export(int argc, char** argv);
int run_tally(int argc, char** argv);
int run_synth(int argc, char** argv);
int run_report(int argc, char** argv);
int run_hub(int argc, char** argv);   // hub.cpp: hub init | add-kiosk | status
int run_sync(int argc, char** argv);

}  // namespace workshop::cli
