// PLACEHOLDER — replaced by the real command.
#include <cstdio>
#include "commands.h"
int workshop::cli::run_import(int, char**) { std::fputs("workshop import: not built yet\n", stderr); return 2; }
