// PLACEHOLDER — replaced by the real command.
#include <cstdio>
#include "commands.h"
int workshop::cli::run_export(int, char**) { std::fputs("workshop export: not built yet\n", stderr); return 2; }
