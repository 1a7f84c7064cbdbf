// cli.h — runs the `workshop` command (the binary ctest names in WORKSHOP_CLI) the way a
// facilitator's shell would, and captures what it says.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/files.h"
#include "support/temp_dir.h"

namespace test {

struct CliRun {
    int status = -1;  // the exit status
    std::string out;  // standard output ("" when sent elsewhere)
    std::string err;  // standard error
};

// `text` quoted for the shell, whatever it holds.
inline std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs `workshop ARGS...` with nothing on standard input; standard output goes to `out_path`
// when one is given (such as /dev/full), else it is captured.
inline CliRun run_cli(const std::vector<std::string>& args, const std::string& out_path = "") {
    const char* cli = std::getenv("WORKSHOP_CLI");
    REQUIRE(cli != nullptr);  // set by ctest (tests/CMakeLists.txt)
    const TempDir capture;
    std::string command = shell_quote(cli);
    for (const std::string& arg : args) command += " " + shell_quote(arg);
    command += " >" + shell_quote(out_path.empty() ? capture / "stdout" : out_path) + " 2>" +
               shell_quote(capture / "stderr") + " </dev/null";
    const int raw = std::system(command.c_str());
    REQUIRE(WIFEXITED(raw));
    CliRun run;
    run.status = WEXITSTATUS(raw);
    if (out_path.empty()) run.out = read_text(capture / "stdout");
    run.err = read_text(capture / "stderr");
    return run;
}

}  // namespace test
