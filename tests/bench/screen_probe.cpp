// screen_probe — start a program on an X display (Xvfb) and measure, the same way for any program:
//   * start to first frame: time from fork() until the screen first shows the program's settled
//     picture (a reference taken in an earlier --learn run), polled every 10 ms with MIT-SHM
//     grabs; also when anything at all first changed on screen (an empty window counts);
//   * idle: CPU seconds (per thread from /proc/*/task/*/schedstat) and peak RSS and PSS summed over
//     the program's whole process tree, during a window of seconds after it settled;
//   * tap-to-photon (--taps): once the program's picture settled, taps sent to the X server with
//     XTest (press and release at once, like `xdotool click`), each when the screen has been
//     still for 0.3 s, timed until the watched box of the screen changes (polled every 0.5 ms).
//
// usage: bench_screen_probe --reference FILE [--learn] [--idle SECONDS] [--settle SECONDS]
//                           [--timeout SECONDS] -- PROGRAM ARGS...
//        bench_screen_probe --taps N --tap X,Y [--tap X,Y...] --watch X,Y,W,H [--start-tap X,Y...]
//                           [--trace] [--settle SECONDS] [--timeout SECONDS] -- PROGRAM ARGS...
//   --start-tap: taps that lead to the measured screen; --tap: the measured taps, used in turn;
//   --dump: where to write the screen (PPM) when a tap changed nothing; --trace: when each tap
//   was sent and seen, on the monotonic clock (to line up with workshop-kiosk --trace-taps).
// Prints one line of key=value pairs for scripts/bench.sh. Exit 0 when the program showed its
// picture in time (and every tap changed the watched box), 1 when not, 2 on usage errors.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/XTest.h>
#include <dirent.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
void sleep_for(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

// Grabs the whole root window through shared memory (falls back to XGetImage).
class Grabber {
public:
    explicit Grabber(Display* display) : m_display(display) {
        const int screen = DefaultScreen(display);
        m_root = RootWindow(display, screen);
        m_width = DisplayWidth(display, screen);
        m_height = DisplayHeight(display, screen);
        if (XShmQueryExtension(display)) {
            m_image = XShmCreateImage(display, DefaultVisual(display, screen), static_cast<unsigned>(DefaultDepth(display, screen)),
                                      ZPixmap, nullptr, &m_shm, static_cast<unsigned>(m_width), static_cast<unsigned>(m_height));
            m_shm.shmid = shmget(IPC_PRIVATE, static_cast<std::size_t>(m_image->bytes_per_line) * static_cast<std::size_t>(m_height), IPC_CREAT | 0600);
            m_shm.shmaddr = m_image->data = static_cast<char*>(shmat(m_shm.shmid, nullptr, 0));
            m_shm.readOnly = False;
            XShmAttach(display, &m_shm);
            XSync(display, False);
            shmctl(m_shm.shmid, IPC_RMID, nullptr);
        }
    }
    ~Grabber() {
        if (m_image) {
            XShmDetach(m_display, &m_shm);
            XDestroyImage(m_image);
            shmdt(m_shm.shmaddr);
        }
    }
    // The screen as 0xRRGGBB pixels, row by row.
    const std::vector<std::uint32_t>& grab() {
        m_pixels.resize(static_cast<std::size_t>(m_width) * static_cast<std::size_t>(m_height));
        XImage* image = m_image;
        XImage* slow = nullptr;
        if (image) {
            XShmGetImage(m_display, m_root, image, 0, 0, AllPlanes);
        } else {
            image = slow = XGetImage(m_display, m_root, 0, 0, static_cast<unsigned>(m_width), static_cast<unsigned>(m_height), AllPlanes, ZPixmap);
        }
        const bool fast = image->bits_per_pixel == 32;
        for (int y = 0; y < m_height; ++y) {
            const auto* row = reinterpret_cast<const std::uint32_t*>(image->data + static_cast<std::ptrdiff_t>(y) * image->bytes_per_line);
            std::uint32_t* out = &m_pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_width)];
            for (int x = 0; x < m_width; ++x)
                out[x] = (fast ? row[x] : static_cast<std::uint32_t>(XGetPixel(image, x, y))) & 0xFFFFFFu;
        }
        if (slow) XDestroyImage(slow);
        return m_pixels;
    }
    int width() const { return m_width; }
    int height() const { return m_height; }

private:
    Display* m_display;
    Window m_root;
    int m_width = 0, m_height = 0;
    XImage* m_image = nullptr;
    XShmSegmentInfo m_shm{};
    std::vector<std::uint32_t> m_pixels;
};

double differing(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    if (a.size() != b.size() || a.empty()) return 1;
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
    return static_cast<double>(n) / static_cast<double>(a.size());
}

bool uniform(const std::vector<std::uint32_t>& a) {
    for (std::uint32_t p : a)
        if (p != a.front()) return false;
    return true;
}

// --- the process tree, from /proc ------------------------------------------------------------

struct ProcStat {
    int ppid = 0;
    long long ticks = 0;  // utime + stime + cutime + cstime
};

bool read_stat(int pid, ProcStat& out) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(in, text)) return false;
    const std::size_t close = text.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return false;
    std::istringstream fields(text.substr(close + 2));
    std::vector<std::string> f;
    for (std::string s; fields >> s;) f.push_back(s);
    if (f.size() < 15) return false;
    // After ")": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
    out.ppid = std::atoi(f[1].c_str());
    out.ticks = std::atoll(f[11].c_str()) + std::atoll(f[12].c_str()) + std::atoll(f[13].c_str()) + std::atoll(f[14].c_str());
    return true;
}

std::map<int, ProcStat> tree_of(int root) {
    std::map<int, ProcStat> all;
    if (DIR* dir = opendir("/proc")) {
        while (dirent* e = readdir(dir)) {
            const int pid = std::atoi(e->d_name);
            ProcStat s;
            if (pid > 0 && read_stat(pid, s)) all[pid] = s;
        }
        closedir(dir);
    }
    std::map<int, ProcStat> tree;
    std::set<int> members{root};
    bool grew = true;
    while (grew) {
        grew = false;
        for (const auto& [pid, s] : all)
            if (!members.count(pid) && members.count(s.ppid)) grew = members.insert(pid).second || grew;
    }
    for (int pid : members)
        if (all.count(pid)) tree[pid] = all[pid];
    return tree;
}

long long field_kb(const std::string& path, const char* key) {
    std::ifstream in(path);
    const std::size_t n = std::strlen(key);
    for (std::string line; std::getline(in, line);)
        if (line.compare(0, n, key) == 0) return std::atoll(line.c_str() + n);
    return 0;
}

struct Usage {
    long long ticks = 0, rss_kb = 0, pss_kb = 0;
    std::map<int, long long> run_ns;  // per thread: time on a CPU (schedstat), exact unlike ticks
    int processes = 0;
};

// CPU seconds between two samples: per thread from schedstat when the kernel has it (threads that
// started in between count whole; threads that ended are lost, which only a short-lived helper
// process would notice), else from the tick counts (10 ms steps, exited children included).
double cpu_seconds(const Usage& before, const Usage& after) {
    if (before.run_ns.empty() || after.run_ns.empty())
        return static_cast<double>(after.ticks - before.ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
    long long ns = 0;
    for (const auto& [tid, t] : after.run_ns) {
        auto was = before.run_ns.find(tid);
        ns += t - (was == before.run_ns.end() ? 0 : was->second);
    }
    return static_cast<double>(ns) / 1e9;
}

Usage usage_of(int root) {
    Usage u;
    for (const auto& [pid, s] : tree_of(root)) {
        u.ticks += s.ticks;
        const std::string base = "/proc/" + std::to_string(pid);
        if (DIR* tasks = opendir((base + "/task").c_str())) {
            while (dirent* e = readdir(tasks)) {
                const int tid = std::atoi(e->d_name);
                std::ifstream in(base + "/task/" + e->d_name + "/schedstat");
                long long ns = 0;
                if (tid > 0 && in >> ns) u.run_ns[tid] = ns;
            }
            closedir(tasks);
        }
        u.rss_kb += field_kb(base + "/status", "VmRSS:");
        u.pss_kb += field_kb(base + "/smaps_rollup", "Pss:");
        ++u.processes;
    }
    return u;
}

void stop_tree(int root) {
    std::set<int> pids;
    for (const auto& [pid, s] : tree_of(root)) pids.insert(pid);
    kill(-root, SIGTERM);
    for (int pid : pids) kill(pid, SIGTERM);
    for (int i = 0; i < 60; ++i) {
        if (waitpid(root, nullptr, WNOHANG) == root) break;
        sleep_for(0.05);
    }
    kill(-root, SIGKILL);
    for (int pid : pids) kill(pid, SIGKILL);
    waitpid(root, nullptr, 0);
}

bool save(const std::string& path, int w, int h, const std::vector<std::uint32_t>& pixels) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    const int size[2] = {w, h};
    bool ok = std::fwrite(size, sizeof size, 1, f) == 1 && std::fwrite(pixels.data(), 4, pixels.size(), f) == pixels.size();
    return std::fclose(f) == 0 && ok;
}

bool load(const std::string& path, int w, int h, std::vector<std::uint32_t>& pixels) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    int size[2] = {0, 0};
    pixels.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0);
    const bool ok = std::fread(size, sizeof size, 1, f) == 1 && size[0] == w && size[1] == h &&
                    std::fread(pixels.data(), 4, pixels.size(), f) == pixels.size();
    std::fclose(f);
    return ok;
}

// --- tap-to-photon: a tap sent with XTest until the watched part of the screen changes ----------

struct Point {
    int x = 0, y = 0;
};
struct Box {
    int x = 0, y = 0, w = 0, h = 0;
};

bool parse_ints(const char* text, int* out, int n) {
    std::stringstream in(text);
    for (int i = 0; i < n; ++i) {
        if (!(in >> out[i])) return false;
        if (i + 1 < n && in.get() != ',') return false;
    }
    return in.peek() == EOF;
}

// The pixels of one part of the screen (a small XGetImage: cheap enough to poll every millisecond).
std::vector<char> grab_box(Display* display, const Box& box) {
    XImage* image = XGetImage(display, DefaultRootWindow(display), box.x, box.y, static_cast<unsigned>(box.w),
                              static_cast<unsigned>(box.h), AllPlanes, ZPixmap);
    if (!image) return {};
    std::vector<char> out(image->data, image->data + static_cast<std::ptrdiff_t>(image->bytes_per_line) * box.h);
    XDestroyImage(image);
    return out;
}

// A finger: press and release at once, as `xdotool click` sends them.
void tap_at(Display* display, const Point& p) {
    XTestFakeMotionEvent(display, -1, p.x, p.y, CurrentTime);
    XTestFakeButtonEvent(display, 1, True, CurrentTime);
    XTestFakeButtonEvent(display, 1, False, CurrentTime);
    XSync(display, False);
}

// Waits until the screen stays unchanged for `quiet` seconds; false when `timeout` passes first.
bool wait_quiet(Grabber& grabber, double quiet, double timeout) {
    const Clock::time_point t0 = Clock::now();
    std::vector<std::uint32_t> last = grabber.grab();
    Clock::time_point changed = Clock::now();
    while (seconds_since(t0) < timeout) {
        sleep_for(0.02);
        const std::vector<std::uint32_t>& now = grabber.grab();
        if (now != last) {
            last = now;
            changed = Clock::now();
        } else if (seconds_since(changed) >= quiet) {
            return true;
        }
    }
    return false;
}

// The screen as a binary PPM, to see what a tap that changed nothing met.
void dump_ppm(const std::string& path, Grabber& grabber) {
    if (path.empty()) return;
    const std::vector<std::uint32_t>& pixels = grabber.grab();
    if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fprintf(f, "P6\n%d %d\n255\n", grabber.width(), grabber.height());
        for (std::uint32_t p : pixels) {
            const unsigned char rgb[3] = {static_cast<unsigned char>(p >> 16), static_cast<unsigned char>(p >> 8),
                                          static_cast<unsigned char>(p)};
            std::fwrite(rgb, 1, 3, f);
        }
        std::fclose(f);
    }
}

struct TapPlan {
    int taps = 0;
    std::string dump;  // where to write the screen when a tap changed nothing
    std::vector<Point> start;  // taps that lead to the measured screen (each waits for quiet after)
    std::vector<Point> cycle;  // the measured taps, in turn (e.g. a card, then its "−")
    Box watch;                 // where the tap's change shows
    bool trace = false;        // --trace: each tap's send and seen times on stderr
};

// The monotonic clock in ms, as workshop-kiosk --trace-taps prints it: the two traces line up.
double monotonic_ms(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(t.time_since_epoch()).count();
}

// Milliseconds from each measured tap until the watched box changed; empty with a message on
// stderr when a tap changed nothing within `timeout` seconds.
std::vector<double> tap_latencies(Display* display, Grabber& grabber, const TapPlan& plan, double timeout) {
    for (const Point& p : plan.start) {
        tap_at(display, p);
        if (!wait_quiet(grabber, 1.0, timeout)) return {};
    }
    std::vector<double> ms;
    for (int i = 0; i < plan.taps; ++i) {
        const Point& p = plan.cycle[static_cast<std::size_t>(i) % plan.cycle.size()];
        XTestFakeMotionEvent(display, -1, p.x, p.y, CurrentTime);  // hover effects settle first
        XSync(display, False);
        if (!wait_quiet(grabber, 0.3, timeout)) return {};
        const std::vector<char> before = grab_box(display, plan.watch);
        const Clock::time_point t0 = Clock::now();
        tap_at(display, p);
        while (grab_box(display, plan.watch) == before) {
            if (seconds_since(t0) > timeout) {
                std::fprintf(stderr, "bench_screen_probe: tap %d at %d,%d changed nothing in the watched box within %.0f s\n",
                             i + 1, p.x, p.y, timeout);
                dump_ppm(plan.dump, grabber);
                return {};
            }
            sleep_for(0.0005);
        }
        ms.push_back(seconds_since(t0) * 1000);
        if (plan.trace)
            std::fprintf(stderr, "bench_screen_probe: tap %d sent %.3f seen %.3f\n", i + 1, monotonic_ms(t0),
                         monotonic_ms(t0) + ms.back());
    }
    return ms;
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

// --- the program under test ------------------------------------------------------------------

struct Args {
    std::string reference;
    bool learn = false;
    double idle = 0, settle = 2, timeout = 30;
    TapPlan tap;
    int first_arg = 0;
};

// 0 on success, else the exit code (2) after a message.
int parse_args(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; ++i) {
        const std::string s = argv[i];
        const bool more = i + 1 < argc;
        Point p;
        if (s == "--") {
            a.first_arg = i + 1;
            break;
        }
        if (s == "--learn") a.learn = true;
        else if (s == "--reference" && more) a.reference = argv[++i];
        else if (s == "--idle" && more) a.idle = std::atof(argv[++i]);
        else if (s == "--settle" && more) a.settle = std::atof(argv[++i]);
        else if (s == "--timeout" && more) a.timeout = std::atof(argv[++i]);
        else if (s == "--taps" && more) a.tap.taps = std::atoi(argv[++i]);
        else if (s == "--dump" && more) a.tap.dump = argv[++i];
        else if (s == "--trace") a.tap.trace = true;
        else if ((s == "--tap" || s == "--start-tap") && more && parse_ints(argv[i + 1], &p.x, 2)) {
            (s == "--tap" ? a.tap.cycle : a.tap.start).push_back(p);
            ++i;
        } else if (s == "--watch" && more && parse_ints(argv[i + 1], &a.tap.watch.x, 4)) ++i;
        else {
            std::fprintf(stderr, "bench_screen_probe: unknown argument or bad value: %s\n", s.c_str());
            return 2;
        }
    }
    const bool tapping = a.tap.taps > 0 && !a.tap.cycle.empty() && a.tap.watch.w > 0 && a.tap.watch.h > 0;
    if ((a.reference.empty() && !tapping) || a.first_arg == 0 || a.first_arg >= argc) {
        std::fprintf(stderr,
                     "usage: bench_screen_probe --reference FILE [--learn] [--idle S] [--settle S] [--timeout S] -- PROGRAM ARGS...\n"
                     "       bench_screen_probe --taps N --tap X,Y [--tap X,Y...] --watch X,Y,W,H [--start-tap X,Y...] [--dump PPM]\n"
                     "                          [--trace] [--settle S] [--timeout S] -- PROGRAM ARGS...\n");
        return 2;
    }
    return 0;
}

pid_t start_program(char** argv) {
    const pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0);
        execvp(argv[0], argv);
        std::perror("bench_screen_probe: exec");
        _exit(127);
    }
    setpgid(child, child);
    return child;
}

struct Start {
    double first_frame = -1, first_change = -1, mismatch = 1;
    bool exited = false;
};

// Waits for a picture that stays unchanged for `settle` seconds (it becomes the reference).
Start wait_settled(Grabber& grabber, const std::vector<std::uint32_t>& blank, pid_t child, Clock::time_point t0,
                   const Args& a, std::vector<std::uint32_t>& last) {
    Start s;
    last = blank;
    double changed_at = 0;
    while (seconds_since(t0) < a.timeout) {
        sleep_for(0.05);
        const std::vector<std::uint32_t>& now = grabber.grab();
        if (now != last) {
            last = now;
            changed_at = seconds_since(t0);
        } else if (last != blank && !uniform(last) && seconds_since(t0) - changed_at >= a.settle) {
            s.first_frame = changed_at;
            s.mismatch = 0;
            break;
        }
        if (waitpid(child, nullptr, WNOHANG) == child) {
            s.exited = true;
            break;
        }
    }
    return s;
}

// Polls every 10 ms until the screen shows the reference picture.
Start wait_reference(Grabber& grabber, const std::vector<std::uint32_t>& blank, const std::vector<std::uint32_t>& target,
                     pid_t child, Clock::time_point t0, const Args& a) {
    Start s;
    while (seconds_since(t0) < a.timeout) {
        const std::vector<std::uint32_t>& now = grabber.grab();
        if (s.first_change < 0 && now != blank) s.first_change = seconds_since(t0);
        s.mismatch = differing(now, target);
        if (s.mismatch <= 0.005) {  // the settled picture (a caret or cursor may differ)
            s.first_frame = seconds_since(t0);
            break;
        }
        if (waitpid(child, nullptr, WNOHANG) == child) {
            s.exited = true;
            break;
        }
        sleep_for(0.01);
    }
    return s;
}

struct Idle {
    double cpu_s = 0;
    long long rss_peak = 0, pss_peak = 0;
    int processes = 0;
};

// CPU and peak memory of the program's process tree over `a.idle` seconds after it settled.
Idle measure_idle(pid_t child, const Args& a) {
    Idle r;
    sleep_for(a.settle);
    const Usage before = usage_of(child);
    const Clock::time_point start = Clock::now();
    while (seconds_since(start) < a.idle) {
        const Usage u = usage_of(child);
        r.rss_peak = std::max(r.rss_peak, u.rss_kb);
        r.pss_peak = std::max(r.pss_peak, u.pss_kb);
        r.processes = std::max(r.processes, u.processes);
        sleep_for(std::min(0.25, std::max(0.0, a.idle - seconds_since(start))));
    }
    const Usage after = usage_of(child);
    r.rss_peak = std::max(r.rss_peak, after.rss_kb);
    r.pss_peak = std::max(r.pss_peak, after.pss_kb);
    r.cpu_s = cpu_seconds(before, after);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    if (const int bad = parse_args(argc, argv, a)) return bad;
    const bool tapping = a.tap.taps > 0;
    Display* display = XOpenDisplay(nullptr);
    if (!display) {
        std::fprintf(stderr, "bench_screen_probe: cannot open display %s\n", std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "(DISPLAY unset)");
        return 2;
    }
    int xtest[4];
    if (tapping && !XTestQueryExtension(display, &xtest[0], &xtest[1], &xtest[2], &xtest[3])) {
        std::fprintf(stderr, "bench_screen_probe: the X server has no XTEST extension to tap with\n");
        return 2;
    }
    auto owned = std::make_unique<Grabber>(display);
    Grabber& grabber = *owned;
    const std::vector<std::uint32_t> blank = grabber.grab();
    std::vector<std::uint32_t> target;
    if (!a.learn && !tapping && !load(a.reference, grabber.width(), grabber.height(), target)) {
        std::fprintf(stderr, "bench_screen_probe: cannot read reference %s (run with --learn first)\n", a.reference.c_str());
        return 2;
    }

    const Clock::time_point t0 = Clock::now();
    const pid_t child = start_program(argv + a.first_arg);
    std::vector<std::uint32_t> settled;
    Start s = a.learn || tapping ? wait_settled(grabber, blank, child, t0, a, settled)
                                 : wait_reference(grabber, blank, target, child, t0, a);
    if (a.learn && s.first_frame >= 0 && !save(a.reference, grabber.width(), grabber.height(), settled)) {
        std::fprintf(stderr, "bench_screen_probe: cannot write %s\n", a.reference.c_str());
        s.first_frame = -1;
    }
    std::vector<double> taps;
    if (tapping && s.first_frame >= 0 && !s.exited) taps = tap_latencies(display, grabber, a.tap, 5);
    Idle idle;
    if (s.first_frame >= 0 && a.idle > 0 && !s.exited) idle = measure_idle(child, a);
    if (!s.exited) stop_tree(child);
    owned.reset();  // before the display it uses
    XCloseDisplay(display);

    if (tapping) {
        std::printf("taps=%zu tap_median_ms=%.2f tap_p10_ms=%.2f tap_p90_ms=%.2f tap_min_ms=%.2f tap_max_ms=%.2f\n", taps.size(),
                    percentile(taps, 0.5), percentile(taps, 0.1), percentile(taps, 0.9), percentile(taps, 0), percentile(taps, 1));
        std::printf("tap_ms=");
        for (std::size_t i = 0; i < taps.size(); ++i) std::printf(i ? ",%.2f" : "%.2f", taps[i]);
        std::printf("\n");
        return static_cast<int>(taps.size()) == a.tap.taps ? 0 : 1;
    }
    std::printf("first_change_ms=%.1f ", s.first_change * 1000);
    std::printf("first_frame_ms=%.1f mismatch=%.4f idle_s=%.1f idle_cpu_s=%.3f rss_peak_kb=%lld pss_peak_kb=%lld processes=%d exited=%d\n",
                s.first_frame * 1000, s.mismatch, a.idle, idle.cpu_s, idle.rss_peak, idle.pss_peak, idle.processes,
                s.exited ? 1 : 0);
    return s.first_frame >= 0 ? 0 : 1;
}
