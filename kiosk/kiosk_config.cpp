#include "kiosk_config.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include "facilitator_auth.h"
#include "options.h"

namespace workshop::kiosk {

namespace fs = std::filesystem;

namespace {

std::string line_of(const toml::node& node) { return std::to_string(node.source().begin.line); }

// A path from the config file: relative ones are relative to the file's folder.
std::string resolve(const std::string& config_path, const std::string& value) {
    if (value.empty() || fs::path(value).is_absolute()) return value;
    return (fs::path(config_path).parent_path() / value).lexically_normal().string();
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

// The key a top-level `key = value` line sets, or "" for comments, blank lines and the rest.
std::string key_of_line(std::string_view line) {
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == '[') return {};
    const auto eq = t.find('=');
    if (eq == std::string::npos) return {};
    return trim(std::string_view(t).substr(0, eq));
}

// The PIN hash must stay with the kiosk's user: a file others can read, or one another user
// owns (and so could swap), is refused, not just warned about.
Status check_private(const std::string& path, const struct stat& info) {
    if (!S_ISREG(info.st_mode))
        return Status::failure(path + ": error: the kiosk config must be a plain file (not a link or a folder)");
    if (info.st_uid != ::geteuid())
        return Status::failure(path + ": error: the kiosk config belongs to another user (uid " + std::to_string(info.st_uid) +
                               "); make it the kiosk's own: chown $(id -un) " + path);
    if (info.st_mode & 077)
        return Status::failure(path + ": error: the kiosk config can be read or changed by other users; make it private: chmod 600 " + path);
    return Status::success();
}

const char* const kNewFileHeader =
    "# kiosk.toml — settings of this workshop kiosk (see kiosk/deploy/README.md).\n"
    "# Keep it private (mode 0600): it holds the facilitator PIN's salted hash.\n";

}  // namespace

std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string default_config_path(const std::string& db) {
    const fs::path folder = fs::path(db).parent_path();
    return (folder / "kiosk.toml").string();
}

std::optional<Status> parse_kiosk_option(const std::vector<std::string>& args, std::size_t& i, KioskConfig& c) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) -> bool {
        if (i + 1 >= args.size()) return false;
        out = args[++i];
        return true;
    };
    if (a == "--config") {
        if (!value(c.path)) return Status::failure("--config needs a file, e.g. --config /var/lib/workshop/kiosk.toml");
    } else if (a == "--pin") {
        if (!value(c.pin) || !pin_well_formed(c.pin))
            return Status::failure("--pin needs 6 to 12 digits, e.g. --pin 246813 (for tests; kiosks use --set-pin)");
    } else if (a == "--set-pin") {
        c.tool = KioskConfig::Tool::set_pin;
    } else if (a == "--pin-hash") {
        c.tool = KioskConfig::Tool::pin_hash;
    } else if (a == "--supervised") {
        c.supervised = true;
    } else if (a == "--allow-quit") {
        c.allow_quit = true;
    } else if (a == "--monitor") {
        std::string v;
        char* end = nullptr;
        const long n = value(v) ? std::strtol(v.c_str(), &end, 10) : -1;
        if (v.empty() || *end || n < 0 || n > 15)
            return Status::failure("--monitor needs a monitor number: 0 for the primary one, 1 for the next, ...");
        c.monitor = static_cast<int>(n);
    } else if (a == "--scenarios") {
        if (!value(c.scenarios_dir)) return Status::failure("--scenarios needs a folder");
    } else if (a == "--exports") {
        if (!value(c.exports_dir)) return Status::failure("--exports needs a folder");
    } else if (a == "--hub") {
        if (!value(c.hub)) return Status::failure("--hub needs the hub's address, e.g. --hub postgresql://kiosk_zaal1@hub.local/workshop");
    } else if (a == "--kiosk") {
        if (!value(c.kiosk_name) || c.kiosk_name.empty()) return Status::failure("--kiosk needs this screen's name, e.g. --kiosk zaal-1");
    } else {
        return std::nullopt;
    }
    return Status::success();
}

std::string kiosk_options_usage() {
    return R"(
facilitator mode and kiosk options (also settable in the config file):
  --config FILE       kiosk settings (default: kiosk.toml beside the database)
  --set-pin           ask for a new facilitator PIN, store its salted hash in the
                      config file (created mode 0600), and exit
  --pin-hash          read a PIN from standard input, print its salted hash, and exit
  --pin NNNN          use this PIN instead of the config's (tests and development)
  --supervised        supervised turns: each voter starts after a facilitator release
  --monitor N         fullscreen on monitor N (0 = the primary one)
  --scenarios DIR     the folder facilitator mode lists scenarios from
                      (default: the current scenario's folder)
  --exports DIR       the kiosk's own export folder (default: exports/)
  --allow-quit        offer "Quit the kiosk" in facilitator mode (the default)
  --hub URL           share the session with other kiosks through this hub (PostgreSQL;
                      the password goes in the config file as hub_password, never here)
  --kiosk NAME        this screen's name on the hub (default: the host name)
  Facilitator mode: hold the top-left corner of the screen for 3 seconds, then enter the PIN.
)";
}

Status read_kiosk_config(KioskConfig& c) {
    struct stat info {};
    if (::lstat(c.path.c_str(), &info) != 0) {
        if (errno == ENOENT) return Status::success();
        return Status::failure("cannot read the kiosk config " + c.path + ": " + std::strerror(errno));
    }
    std::ifstream in(c.path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof())
        return Status::failure("cannot read the kiosk config " + c.path + ": check that it is a readable file");
    if (Status private_file = check_private(c.path, info); !private_file) return private_file;

    toml::table root;
    try {
        root = toml::parse(text.str(), c.path);
    } catch (const toml::parse_error& err) {
        return Status::failure(c.path + ":" + std::to_string(err.source().begin.line) + ":" +
                               std::to_string(err.source().begin.column) + ": error: " + std::string(err.description()));
    }
    for (const auto& entry : root) {  // not a structured binding: clang 14 cannot capture those
        const std::string key(entry.first.str());
        const toml::node& node = entry.second;
        const std::string where = c.path + ":" + line_of(node) + ": error: ";
        auto text_value = [&](std::string& out, bool is_path) -> Status {
            auto s = node.value<std::string>();
            if (!s) return Status::failure(where + "`" + key + "` must be a text in quotes, e.g. " + key + " = \"...\"");
            out = is_path ? resolve(c.path, *s) : *s;
            return Status::success();
        };
        auto flag = [&](std::optional<bool>& out) -> Status {
            auto b = node.value<bool>();
            if (!b || !node.is_boolean()) return Status::failure(where + "`" + key + "` must be true or false");
            if (!out) out = *b;  // the command line wins
            return Status::success();
        };
        Status s;
        if (key == "pin_hash") {
            s = text_value(c.pin_hash, false);
            if (s && !pin_hash_problem(c.pin_hash).empty())
                s = Status::failure(where + "`pin_hash` " + pin_hash_problem(c.pin_hash) +
                                    ": set the PIN again with workshop-kiosk --set-pin --config " + c.path);
        } else if (key == "scenario") {
            s = text_value(c.scenario, true);
        } else if (key == "scenarios") {
            std::string v;
            s = text_value(v, true);
            if (c.scenarios_dir.empty()) c.scenarios_dir = v;
        } else if (key == "exports") {
            std::string v;
            s = text_value(v, true);
            if (c.exports_dir.empty()) c.exports_dir = v;
        } else if (key == "export_to") {
            const toml::array* list = node.as_array();
            if (!list) s = Status::failure(where + "`export_to` must be a list of folders, e.g. export_to = [\"/srv/share\"]");
            for (std::size_t k = 0; list && k < list->size() && s; ++k) {
                auto folder = (*list)[k].value<std::string>();
                if (!folder) s = Status::failure(where + "`export_to` must hold folder names in quotes");
                else c.export_dirs.push_back(resolve(c.path, *folder));
            }
        } else if (key == "facilitator_language") {
            std::string v;
            s = text_value(v, false);
            if (c.language.empty()) c.language = v;
        } else if (key == "hub" || key == "kiosk") {
            std::string v;
            s = text_value(v, false);
            std::string& out = key == "hub" ? c.hub : c.kiosk_name;
            if (out.empty()) out = v;  // the command line wins
        } else if (key == "hub_password") {
            s = text_value(c.hub_password, false);
        } else if (key == "supervised") {
            s = flag(c.supervised);
        } else if (key == "allow_quit") {
            s = flag(c.allow_quit);
        } else if (key == "read_aloud") {
            s = flag(c.read_aloud);
        } else if (key == "monitor" || key == "facilitator_timeout") {
            auto n = node.value<std::int64_t>();
            const bool monitor = key == "monitor";
            if (!n || !node.is_integer() || (monitor ? (*n < 0 || *n > 15) : (*n < 30 || *n > 86400)))
                s = Status::failure(where + "`" + key + "` must be " +
                                    (monitor ? "a monitor number: 0 for the primary one, 1 for the next, ..."
                                             : "a number of seconds from 30 to 86400"));
            else if (monitor && c.monitor < 0) c.monitor = static_cast<int>(*n);
            else if (!monitor) c.facilitator_timeout = static_cast<double>(*n);
        } else {
            s = Status::failure(where + "unknown setting `" + key +
                                "` (known: pin_hash, scenario, scenarios, exports, export_to, supervised, monitor, "
                                "allow_quit, read_aloud, facilitator_language, facilitator_timeout, hub, hub_password, kiosk)");
        }
        if (!s) return s;
    }
    return Status::success();
}

Status load_kiosk_config(Options& options) {
    KioskConfig& c = options.kiosk;
    c.db = options.db;
    if (c.path.empty()) c.path = default_config_path(options.db);
    if (Status read = read_kiosk_config(c); !read) return read;
    if (!options.scenario_given && !c.scenario.empty()) options.scenario = c.scenario;
    return Status::success();
}

Status write_private_file(const std::string& path, const std::string& text) {
    const fs::path target(path);
    std::string temp = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());  // mode 0600: nobody else ever reads it, not even half-written
    if (fd < 0) return Status::failure(path + ": " + std::strerror(errno) + ": check that its folder exists and is writable");
    const char* p = text.data();
    std::size_t left = text.size();
    bool ok = true;
    while (left > 0 && ok) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) {
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }
    const int saved = errno;
    ok = ok && ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = ok ? errno : saved;
        ::unlink(temp.c_str());
        return Status::failure(path + ": " + std::strerror(err) + " (the old file is unchanged)");
    }
    return Status::success();
}

Status write_config_values(const std::string& path, const std::vector<std::pair<std::string, std::string>>& values) {
    std::vector<std::string> lines;
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return Status::failure("cannot read the kiosk config " + path + ": check that it is a readable file");
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    } else if (errno != ENOENT) {
        return Status::failure("cannot read the kiosk config " + path + ": " + std::strerror(errno));
    } else {
        std::istringstream header(kNewFileHeader);
        for (std::string line; std::getline(header, line);) lines.push_back(line);
    }
    // Top-level keys come before the first [table]: new ones go just there.
    std::size_t tables = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (trim(lines[i]).starts_with('[')) {
            tables = i;
            break;
        }
    }
    for (const auto& [key, value] : values) {
        const std::string line = key + " = " + value;
        bool replaced = false;
        for (std::size_t i = 0; i < tables && !replaced; ++i) {
            if (key_of_line(lines[i]) == key) {
                lines[i] = line;
                replaced = true;
            }
        }
        if (!replaced) lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(tables++), line);
    }
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    try {
        (void)toml::parse(text, path);  // never write a file the kiosk could not read back
    } catch (const toml::parse_error& err) {
        return Status::failure("cannot update the kiosk config " + path + ": it would not be valid TOML (line " +
                               std::to_string(err.source().begin.line) + "); fix the file by hand");
    }

    if (Status written = write_private_file(path, text); !written)
        return Status::failure("cannot write the kiosk config " + written.message);
    return Status::success();
}

}  // namespace workshop::kiosk
