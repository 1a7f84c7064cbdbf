// cli_util.h — what the database commands share: argument parsing, files, picking a session.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "workshop/result.h"
#include "workshop/scenario.h"
#include "workshop/store.h"

namespace workshop::cli {

enum Exit { exit_ok = 0, exit_rejected = 1, exit_error = 2 };

// `--name VALUE`, `--name=VALUE`, flags, and positional arguments (after `--` everything is).
struct Args {
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
    std::vector<std::string> positional;
    bool help = false;
    std::string error;  // usage problem, or ""

    bool has(const std::string& name) const { return values.count(name) != 0; }
    const std::string& value(const std::string& name) const { return values.at(name); }
};
// argv[0] is the command name. `with_value` and `flags` are option names without "--".
Args parse_args(int argc, char** argv, const std::set<std::string>& with_value, const std::set<std::string>& flags);

// Prints "workshop COMMAND: MESSAGE" and the usage hint on stderr; returns exit_error.
int usage_error(const char* command, const std::string& message, const char* usage);
// Prints "workshop COMMAND: MESSAGE" on stderr, control characters escaped; returns `code`.
int fail(const char* command, const std::string& message, int code = exit_error);
// Flushes standard output: exit_ok, or the reason it could not be written (a full disk named
// as a full disk) and exit_error.
int finish_output(const char* command);

// A whole file, or the reason it could not be read.
Outcome<std::string> read_file(const std::string& path);

// A whole file like read_file, in memory that is faulted in at once instead of zero-filled and
// then faulted in page by page: that was a tenth of the time of importing a large ballots file.
class FileBytes {
public:
    static Outcome<FileBytes> read(const std::string& path);
    FileBytes(FileBytes&& other) noexcept;
    FileBytes& operator=(FileBytes&&) = delete;
    ~FileBytes();
    std::string_view view() const { return m_mapped ? std::string_view(m_data, m_size) : std::string_view(m_copy); }

private:
    FileBytes() = default;
    char* m_data = nullptr;  // m_size bytes read into m_mapped bytes of memory
    std::size_t m_mapped = 0;
    std::size_t m_size = 0;
    std::string m_copy;  // when it could not be mapped (a pipe, an empty or growing file)
};

// A positive whole number from an option, or nullopt.
std::optional<std::int64_t> parse_count(const std::string& text);

// Loads a scenario file: diagnostics on stderr, exit code in `code` when it fails.
std::optional<Scenario> load_scenario(const char* command, const std::string& path, int& code);

// The session asked for with --session, or the newest one; and its scenario, parsed from the
// text stored with it (results never depend on a file that may have changed since).
struct ChosenSession {
    SessionRecord record;
    Scenario scenario;
};
Outcome<ChosenSession> choose_session(Store& store, const Args& args);

// A progress display on stderr for `record_batch`, when stderr is a terminal and the batch is big
// enough to make someone wait; otherwise an empty function.
std::function<void(std::size_t, std::size_t)> progress_on_terminal(const char* verb, std::size_t ballots);

// Display width of UTF-8 text in a terminal (one column per code point, none for combining marks).
int display_width(std::string_view text);

}  // namespace workshop::cli
