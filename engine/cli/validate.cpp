// PLACEHOLDER — replaced by the real command.
#include <cstdio>
#include "commands.h"
int workshop::cli::run_validate(int, char**) { std::fputs("workshop validate: not built yet\n", stderr); return 2; }
