// PLACEHOLDER — replaced by the real command.
#include <cstdio>
#include "commands.h"
int workshop::cli::run_synth(int, char**) { std::fputs("workshop synth: not built yet\n", stderr); return 2; }
