// cli_util.cpp — what the database commands share.
#include "cli_util.h"

#include "workshop/diagnostic.h"
#include "workshop/exchange.h"
#include "workshop/utf8.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace workshop::cli {

Args parse_args(int argc, char** argv, const std::set<std::string>& with_value, const std::set<std::string>& flags) {
    Args args;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (options_done || arg.size() < 2 || arg[0] != '-') {
            args.positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            args.help = true;
            continue;
        }
        std::string name = arg.substr(arg.rfind("--", 0) == 0 ? 2 : 1);
        std::optional<std::string> value;
        if (const std::size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        if (flags.count(name)) {
            if (value) args.error = "option --" + name + " takes no value";
            args.flags.insert(name);
        } else if (with_value.count(name)) {
            if (!value) {
                if (i + 1 >= argc) {
                    args.error = "option --" + name + " needs a value";
                    continue;
                }
                value = argv[++i];
            }
            if (args.values.count(name)) args.error = "option --" + name + " is given twice";
            args.values[name] = *value;
        } else if (args.error.empty()) {
            args.error = "unknown option " + arg;
        }
    }
    return args;
}

int usage_error(const char* command, const std::string& message, const char* usage) {
    std::fprintf(stderr, "workshop %s: %s\n%s", command, message.c_str(), usage);
    return exit_error;
}

int fail(const char* command, const std::string& message, int code) {
    std::fprintf(stderr, "workshop %s: %s\n", command, escape_controls(message, true).c_str());
    return code;
}

int finish_output(const char* command) {
    errno = 0;
    if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return exit_ok;
    return fail(command, "cannot write the output: " + io_error_text(errno ? errno : EIO));
}

Outcome<std::string> read_file(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return Status::failure("cannot read " + path + ": " + std::strerror(errno));
    if (S_ISDIR(info.st_mode)) return Status::failure("cannot read " + path + ": it is a folder");
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::failure("cannot read " + path + ": " + std::strerror(errno));
    std::string data;
    data.resize(static_cast<std::size_t>(info.st_size));
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    data.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return Status::failure("cannot read " + path + ": read error");
    // A file that grew while we read it: take the rest too.
    std::ostringstream rest;
    rest << in.rdbuf();
    data += rest.str();
    return data;
}

Outcome<FileBytes> FileBytes::read(const std::string& path) {
    FileBytes bytes;
    struct stat info {};
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
        const auto size = static_cast<std::size_t>(info.st_size);
        void* memory = ::mmap(nullptr, size + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (memory != MAP_FAILED) {
            bytes.m_data = static_cast<char*>(memory);
            bytes.m_mapped = size + 1;
            // Room for one byte more than the file holds tells a file that grew while read.
            bool failed = false;
            while (bytes.m_size <= size) {
                const ssize_t got = ::read(fd, bytes.m_data + bytes.m_size, size + 1 - bytes.m_size);
                if (got < 0 && errno == EINTR) continue;
                failed = got < 0;
                if (got <= 0) break;
                bytes.m_size += static_cast<std::size_t>(got);
            }
            if (failed || bytes.m_size > size) {  // read_file reads it again, and tells the error
                ::munmap(memory, bytes.m_mapped);
                bytes.m_data = nullptr;
                bytes.m_mapped = bytes.m_size = 0;
            }
        }
    }
    if (fd >= 0) ::close(fd);
    if (bytes.m_mapped) return bytes;
    auto copy = read_file(path);
    if (!copy) return copy.status();
    bytes.m_copy = std::move(*copy);
    return bytes;
}

FileBytes::FileBytes(FileBytes&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_mapped(std::exchange(other.m_mapped, 0)),
      m_size(std::exchange(other.m_size, 0)), m_copy(std::move(other.m_copy)) {}

FileBytes::~FileBytes() {
    if (m_mapped) ::munmap(m_data, m_mapped);
}

std::optional<std::int64_t> parse_count(const std::string& text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
    return value;
}

std::optional<Scenario> load_scenario(const char* command, const std::string& path, int& code) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        code = fail(command, "cannot read scenario " + path + ": " + std::strerror(errno));
        return std::nullopt;
    }
    ScenarioLoad load = load_scenario_file(path);
    if (!load.ok()) {
        std::fputs(format_diagnostics(load.errors).c_str(), stderr);
        code = fail(command, "scenario " + path + " is not valid; nothing was written", exit_rejected);
        return std::nullopt;
    }
    return std::move(*load.scenario);
}

Outcome<ChosenSession> choose_session(Store& store, const Args& args) {
    std::optional<SessionRecord> record;
    if (args.has("session")) {
        const auto id = parse_count(args.value("session"));
        if (!id) return Status::failure("--session needs a session number such as 1, not `" + args.value("session") + "`");
        auto found = store.session(*id);
        if (!found) return found.status();
        if (!*found) return Status::failure("database " + store.path() + " has no session " + args.value("session"));
        record = std::move(*found);
    } else {
        auto latest = store.latest_session();
        if (!latest) return latest.status();
        if (!*latest) return Status::failure("database " + store.path() + " holds no session yet");
        record = std::move(*latest);
    }
    const std::string name = "scenario of session " + std::to_string(record->id);
    auto pictures = store.pictures(record->id);  // what its voters saw, not today's files
    if (!pictures) return pictures.status();
    ScenarioLoad load = parse_scenario(record->scenario_text, name, &*pictures);
    if (!load.ok())
        return Status::failure("the scenario stored with session " + std::to_string(record->id) +
                               " cannot be read by this program:\n" + format_diagnostics(load.errors));
    return ChosenSession{std::move(*record), std::move(*load.scenario)};
}

std::function<void(std::size_t, std::size_t)> progress_on_terminal(const char* verb, std::size_t ballots) {
    if (ballots < 20000 || !::isatty(STDERR_FILENO)) return {};
    return [verb](std::size_t done, std::size_t total) {
        std::fprintf(stderr, "\r%s: %zu of %zu ballots (%zu%%)", verb, done, total, total ? done * 100 / total : 100);
        if (done == total) std::fputc('\n', stderr);
    };
}

int display_width(std::string_view text) {
    int width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const Utf8CodePoint at = decode_utf8_at(text, i);
        const char32_t cp = at.code_point;  // an invalid byte shows as one U+FFFD
        i += at.length;
        if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F))
            continue;  // combining marks and zero-width characters take no column
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
                          (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
        width += wide ? 2 : 1;
    }
    return width;
}

}  // namespace workshop::cli
