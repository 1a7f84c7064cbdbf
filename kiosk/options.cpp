#include "options.h"

#include <cstdlib>

namespace workshop::kiosk {

std::string usage() {
    return R"(usage: workshop-kiosk [options]

The touch-screen workshop kiosk: voters walk through the scenario's steps on a shared screen.

options:
  --scenario FILE     scenario file (default: scenarios/almere-stakeholders.toml)
  --db FILE           database file, created when missing (default: workshop.db)
  --lang CODE         the language the kiosk starts in (default: the scenario's first)
  --fullscreen        fullscreen on the primary monitor (the default)
  --windowed WxH      a window of W by H pixels instead (with --headless: the screen size)
  --ui-scale F        multiply every size by F (when the monitor misreports its size)
  --headless          run without a window (no GPU needed); screenshots still work
  --script FILE       play an input script (.kscript): tap, drag, type, wait, expect,
                      screenshot, quit; exits 1 naming the file and line that failed
  --screenshots DIR   folder for the script's screenshots (default: the working folder)
  --trace-startup     print when each start-up phase ended (milliseconds since the start)
  --trace-taps        print, for each frame put on screen after input, when each phase of it
                      ended (input seen, frames built, drawn, finished, copied to the screen)
  --help              show this text
)" + kiosk_options_usage() + R"(
exit status: 0 success, 1 bad scenario or failed script, 2 usage, database or display errors
)";
}

Outcome<Options> parse_options(const std::vector<std::string>& args) {
    Options o;
    bool windowed = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) -> bool {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        std::string v;
        if (a == "--help" || a == "-h") {
            o.help = true;
        } else if (a == "--trace-startup") {
            o.trace_startup = true;
        } else if (a == "--trace-taps") {
            o.trace_taps = true;
        } else if (a == "--headless") {
            o.headless = true;
        } else if (a == "--fullscreen") {
            o.fullscreen = true;
            windowed = false;
        } else if (a == "--windowed") {
            if (!value(v)) return Status::failure("--windowed needs a size, e.g. --windowed 1280x720");
            const std::size_t x = v.find('x');
            // strtol's end pointers point into these, so they must outlive the check below.
            const std::string ws = x == std::string::npos ? std::string() : v.substr(0, x);
            const std::string hs = x == std::string::npos ? std::string() : v.substr(x + 1);
            char* end1 = nullptr;
            char* end2 = nullptr;
            const long w = std::strtol(ws.c_str(), &end1, 10);
            const long h = std::strtol(hs.c_str(), &end2, 10);
            if (w < 200 || h < 200 || w > 16384 || h > 16384 || *end1 || *end2)
                return Status::failure("--windowed " + v + ": write WIDTHxHEIGHT in pixels, e.g. 1080x1920 (200 to 16384 each)");
            o.width = static_cast<int>(w);
            o.height = static_cast<int>(h);
            windowed = true;
        } else if (a == "--scenario") {
            if (!value(o.scenario)) return Status::failure("--scenario needs a file");
            o.scenario_given = true;
        } else if (a == "--db") {
            if (!value(o.db)) return Status::failure("--db needs a file");
        } else if (a == "--lang") {
            if (!value(o.lang)) return Status::failure("--lang needs a language code, e.g. --lang uk");
        } else if (a == "--script") {
            if (!value(o.script)) return Status::failure("--script needs a file");
        } else if (a == "--screenshots") {
            if (!value(o.screenshot_dir)) return Status::failure("--screenshots needs a folder");
        } else if (a == "--ui-scale") {
            char* end = nullptr;
            if (!value(v)) return Status::failure("--ui-scale needs a number, e.g. --ui-scale 1.5");
            o.ui_scale = std::strtof(v.c_str(), &end);
            if (*end || !(o.ui_scale >= 0.25f && o.ui_scale <= 8))
                return Status::failure("--ui-scale " + v + ": give a number from 0.25 to 8, e.g. 1.5");
        } else if (std::optional<Status> kiosk = parse_kiosk_option(args, i, o.kiosk)) {
            if (!*kiosk) return *kiosk;
        } else {
            return Status::failure("unknown option `" + a + "` (see --help)");
        }
    }
    o.fullscreen = !windowed && !o.headless;
    return o;
}

}  // namespace workshop::kiosk
