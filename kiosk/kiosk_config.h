// kiosk_config.h — this kiosk's own settings: the facilitator PIN (a salted hash, never the PIN),
// supervised turns, the monitor, the scenario it runs and the folders facilitator mode offers.
//
// They come from the config file (`--config FILE`, default kiosk.toml beside the database) and
// from the command line, which wins. The file is TOML, created mode 0600; the kiosk rewrites only
// the lines it changes (the PIN, the scenario the facilitator loaded) and keeps the others:
//
//   pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$..."  # written by `workshop-kiosk --set-pin`
//   scenario = "scenarios/almere.toml"          # the scenario the kiosk runs (relative: to this file)
//   scenarios = "scenarios"                     # the folder "Load a scenario" lists
//   exports = "exports"                         # the kiosk's own export folder
//   export_to = ["/srv/share"]                  # more folders offered for export
//   supervised = false                          # a facilitator releases each voter
//   monitor = 0                                 # fullscreen on this monitor (0 = primary)
//   allow_quit = true                           # "Quit the kiosk" in facilitator mode
//   read_aloud = true                           # a speaker button reads each screen (eSpeak NG)
//   facilitator_language = "en"                 # facilitator mode's language ("" = the kiosk's)
//   hub = "postgresql://kiosk_zaal1@hub.local/workshop"  # share the session (docs/hub.md)
//   hub_password = "..."                        # the kiosk role's password (only in this file)
//   kiosk = "zaal-1"                            # this screen's name (default: the host name)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "workshop/result.h"

namespace workshop::kiosk {

struct Options;

struct KioskConfig {
    std::string path;      // the config file; "" = kiosk.toml beside the database
    std::string db;        // the database (--db): where the session of a loaded scenario goes
    std::string pin_hash;  // from the file: "$argon2id$..." (or an old "sha256i$...")
    std::string pin;       // --pin NNNNNN (tests, development): used instead of pin_hash, never stored
    std::string scenario;  // the file's `scenario` (the command line's --scenario wins)
    std::string scenarios_dir;  // the folder "Load a scenario" lists ("" = the current scenario's)
    std::string exports_dir;    // the kiosk's own export folder ("" = exports/ in the working folder)
    std::vector<std::string> export_dirs;  // more folders offered for export
    // Removable media are the mount points below these folders (read from /proc/self/mounts).
    std::vector<std::string> media_roots = {"/media", "/run/media"};
    std::string mounts_file = "/proc/self/mounts";
    std::string labels_dir = "/dev/disk/by-label";  // a stick's label: the link to its device here
    std::string language;       // facilitator mode's language ("" = the kiosk's start language)
    int monitor = -1;           // -1 = not given (the primary monitor)
    std::optional<bool> supervised;
    std::optional<bool> allow_quit;
    std::optional<bool> read_aloud;  // the speaker button and long press (read_aloud.h); default off
    double pin_timeout = 60;           // seconds of no touch before the PIN pad closes
    double facilitator_timeout = 300;  // seconds of no touch before facilitator mode locks itself
    std::string hub;           // --hub / `hub`: libpq URL of the hub ("" = no hub)
    std::string hub_password;  // `hub_password`: never on the command line, never logged
    std::string kiosk_name;    // --kiosk / `kiosk`: this screen's name ("" = the host name)

    enum class Tool { none, set_pin, pin_hash };
    Tool tool = Tool::none;  // --set-pin / --pin-hash: a one-off task instead of the kiosk

    bool is_supervised() const { return supervised.value_or(false); }
    bool quit_allowed() const { return allow_quit.value_or(true); }
    bool reads_aloud() const { return read_aloud.value_or(false); }
};

// Reads the kiosk option at args[i] into `config`, moving i past its value. nullopt when
// args[i] is not a kiosk option; a failure says what to write instead.
std::optional<Status> parse_kiosk_option(const std::vector<std::string>& args, std::size_t& i, KioskConfig& config);
// The kiosk options for --help.
std::string kiosk_options_usage();

// kiosk.toml in the database's folder.
std::string default_config_path(const std::string& db);

// Fills `config` from its file (settings the command line gave win). A missing file is no error
// (the kiosk then has no PIN yet); a malformed one names the file, line and what to fix; one
// that other users can read or that another user owns is refused.
Status read_kiosk_config(KioskConfig& config);
// Everything the program does before opening the session: resolves the config file (beside
// options.db unless --config), reads it, and takes the scenario from it unless --scenario was given.
Status load_kiosk_config(Options& options);

// Sets `key = value` lines at the top of the config file (value is TOML, e.g. toml_string(...)),
// keeping every other line and comment; creates the file mode 0600 when missing. Written to a
// temporary file and renamed: a failure leaves the old file as it was.
Status write_config_values(const std::string& path, const std::vector<std::pair<std::string, std::string>>& values);
// Replaces `path` with `text` atomically (a temporary file, fsync, rename), mode 0600. A failure
// names the file and leaves the old one as it was.
Status write_private_file(const std::string& path, const std::string& text);
// `text` as a TOML basic string, quoted and escaped.
std::string toml_string(std::string_view text);

}  // namespace workshop::kiosk
