// PLACEHOLDER — replaced by the real command.
#include <cstdio>
#include "commands.h"
int workshop::cli::run_tally(int, char**) { std::fputs("workshop tally: not built yet\n", stderr); return 2; }
