// frame_bench — CPU time to build one frame of the kiosk's heaviest screens, headless (ImGui
// NewFrame + the screen + Render, no GPU), against ImGui's own ShowDemoWindow() frame built in
// the same process, frame by frame interleaved (and, for context, the demo with its sections open).
//
// usage: bench_frame [--frames N] [--size WxH] [--ideas a,b,c] [--options a,b,c] [--screenshots DIR]
//   ideas:   an idea_vote step with that many collected ideas (the voter's screen)
//   options: the revealed results of a dot_vote step with that many options (and 1000 visits)
// Prints one line of key=value pairs per screen and size (times in microseconds of thread CPU).
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>  // only to open the demo window's sections

#include "app.h"
#include "headless.h"
#include "workshop/exchange.h"
#include "workshop/session.h"

namespace {

using namespace workshop;

double thread_cpu_us() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::vector<int> parse_list(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) out.push_back(std::atoi(item.c_str()));
    return out;
}

// Idea texts of realistic length (40..140 characters), different from each other.
std::string idea_text(int i) {
    static const char* const words[] = {"more",   "buddy",  "language", "housing", "weekly", "meetings", "with",
                                        "local",  "jobs",   "children", "school",  "sport",  "library",  "evening",
                                        "help",   "forms",  "doctor",   "transport", "bikes", "childcare"};
    std::string text = "Idea " + std::to_string(i) + ":";
    const int length = 40 + (i * 37) % 100;
    for (int k = 0; static_cast<int>(text.size()) < length; ++k) text += std::string(" ") + words[(i * 7 + k * 3) % 20];
    return text;
}

std::string ideas_scenario() {
    return "format = 1\nid = \"bench-ideas\"\nlanguages = [\"en\"]\ntitle = \"Benchmark: ideas\"\n"
           "[[step]]\nid = \"ideas\"\ntype = \"idea_vote\"\ncollect_ideas = true\nvotes_per_participant = 3\n"
           "title = \"Which ideas should we try first?\"\nprompt = \"Tap the ideas you support.\"\noptions = []\n";
}

std::string results_scenario(int options) {
    std::string text = "format = 1\nid = \"bench-results\"\nlanguages = [\"en\"]\ntitle = \"Benchmark: results\"\n";
    for (const char* role : {"municipality", "employer", "newcomer"})
        text += std::string("[[role]]\nid = \"") + role + "\"\nlabel = \"" + role + "\"\n";
    text += "[[step]]\nid = \"themes\"\ntype = \"dot_vote\"\ndots = 5\nmax_per_option = 3\n"
            "title = \"What should we work on first?\"\noptions = [\n";
    for (int i = 0; i < options; ++i)
        text += "  { id = \"option-" + std::to_string(i) + "\", label = \"Theme number " + std::to_string(i) + " for the city\" },\n";
    return text + "]\n";
}

// A database holding the screen's data, recorded through the engine in one transaction.
bool prepare(const std::string& db, const Scenario& scenario, int ideas, int visits) {
    auto store = Store::open(db);
    if (!store) {
        std::fprintf(stderr, "bench_frame: %s\n", store.message().c_str());
        return false;
    }
    BallotBatch batch;
    batch.ballots_file = batch.ideas_file = "bench_frame";
    for (int i = 0; i < ideas; ++i) {
        BallotBatch::IdeaEntry& e = batch.ideas.emplace_back();
        e.idea.id = "idea-" + std::to_string(i);
        e.idea.step = scenario.steps.front().id;
        e.idea.text = idea_text(i);
        e.idea.language = "en";
        e.idea.submitted_at = "2024-05-01T09:30:00Z";
    }
    const Step& step = scenario.steps.front();
    for (int v = 0; v < visits && step.type == StepType::dot_vote; ++v) {
        BallotBatch::BallotEntry& e = batch.ballots.emplace_back();
        e.ballot.visit = "visit-" + std::to_string(v);
        e.ballot.step = step.id;
        e.ballot.role = scenario.roles[static_cast<std::size_t>(v) % scenario.roles.size()].id;
        e.ballot.language = "en";
        const std::size_t n = step.options.size();
        // Skewed towards low option numbers, so the bars differ.
        e.ballot.marks.push_back({step.options[static_cast<std::size_t>(v * 7) % n].id, 2});
        e.ballot.marks.push_back({step.options[static_cast<std::size_t>(v * 3 + 1) % std::max<std::size_t>(1, n / 2)].id, 3});
        if (e.ballot.marks[0].option == e.ballot.marks[1].option) e.ballot.marks.pop_back();
    }
    const ImportOutcome outcome = record_batch(**store, scenario, batch);
    if (!outcome.ok()) {
        std::fprintf(stderr, "bench_frame: could not record the data: %s%s\n", outcome.status.message.c_str(),
                     format_diagnostics(outcome.rejected).c_str());
        return false;
    }
    return true;
}

// ImGui's own demo window, in its own context: the peer. As it opens (its sections folded), or,
// for context, with its nine top-level sections unfolded.
class DemoFrame {
public:
    DemoFrame(ImVec2 size, bool sections_open) : m_sections_open(sections_open) {
        ImGuiContext* previous = ImGui::GetCurrentContext();
        m_context = ImGui::CreateContext();
        ImGui::SetCurrentContext(m_context);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = size;
        unsigned char* pixels = nullptr;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &m_atlas.width, &m_atlas.height);
        m_atlas.rgba = pixels;
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
        ImGui::SetCurrentContext(previous);
    }
    ~DemoFrame() { ImGui::DestroyContext(m_context); }
    void frame() {
        ImGui::SetCurrentContext(m_context);
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        ImGui::ShowDemoWindow();
        ImGui::Render();
        if (m_sections_open && !m_opened) {
            // The demo's CollapsingHeader()s sit at the root of its window: open them as a click would.
            if (ImGuiWindow* window = ImGui::FindWindowByName("Dear ImGui Demo")) {
                for (const char* section : {"Help", "Configuration", "Window options", "Widgets", "Layout & Scrolling",
                                            "Popups & Modal windows", "Tables & Columns", "Filtering",
                                            "Inputs, Navigation & Focus"})
                    window->StateStorage.SetInt(ImHashStr(section, 0, window->ID), 1);
                m_opened = true;
            }
        }
    }
    kiosk::Image screenshot() const {
        ImGui::SetCurrentContext(m_context);
        return kiosk::rasterize(*ImGui::GetDrawData(), m_atlas, IM_COL32(0x40, 0x40, 0x40, 0xFF));
    }

private:
    ImGuiContext* m_context = nullptr;
    kiosk::Texture m_atlas;
    bool m_sections_open = false;
    bool m_opened = false;
};

// The measured frames, each in a function of its own (never inlined or merged), so that a profile
// shows what one frame costs: valgrind --tool=callgrind --toggle-collect='*ours_frame*' bench_frame ...
[[gnu::noipa]] void ours_frame(kiosk::HeadlessKiosk& kiosk) { kiosk.frame({}); }
[[gnu::noipa]] void peer_frame(DemoFrame& demo) { demo.frame(); }
[[gnu::noipa]] void peer_open_frame(DemoFrame& demo) { demo.frame(); }

struct Measured {
    double ours = 0, peer = 0, peer_open = 0;
    int ours_vertices = 0, peer_vertices = 0;
    bool ok = false;
};

Measured measure(const std::string& dir, const std::string& name, const std::string& scenario_text, int ideas,
                 int visits, ImVec2 size, int frames, const std::string& screenshots) {
    Measured m;
    ScenarioLoad load = parse_scenario(scenario_text, name + ".toml");
    if (!load.ok()) {
        std::fprintf(stderr, "bench_frame: %s", format_diagnostics(load.errors).c_str());
        return m;
    }
    const std::string db = dir + "/" + name + ".db";
    if (!prepare(db, *load.scenario, ideas, visits)) return m;
    auto opened = Session::open(db, *load.scenario);
    if (!opened) {
        std::fprintf(stderr, "bench_frame: %s\n", opened.message().c_str());
        return m;
    }
    Session& session = **opened;
    kiosk::App app(session);
    kiosk::HeadlessKiosk kiosk(app, size);
    kiosk.frame({});
    kiosk::ScreenId want = kiosk::ScreenId::idea_vote;
    if (visits > 0) {
        want = kiosk::ScreenId::results;
        if (Status shown = session.set_revealed(load.scenario->steps.front().id, true); !shown) {
            std::fprintf(stderr, "bench_frame: %s\n", shown.message.c_str());
            return m;
        }
        app.apply(kiosk::Intent::of(kiosk::IntentKind::show_results, load.scenario->steps.front().id));
    } else {
        app.apply(kiosk::Intent::of(kiosk::IntentKind::start));
    }
    if (app.screen() != want) {
        std::fprintf(stderr, "bench_frame: %s: the kiosk did not reach the screen to measure\n", name.c_str());
        return m;
    }
    DemoFrame demo(size, false), demo_open(size, true);
    for (int i = 0; i < 30; ++i) {  // caches filled, fonts touched, ImGui windows settled
        kiosk.frame({});
        demo.frame();
        demo_open.frame();
    }
    if (!screenshots.empty()) {
        std::string error;
        if (!kiosk::write_png(screenshots + "/" + name + ".png", kiosk.screenshot(), &error) ||
            !kiosk::write_png(screenshots + "/demo.png", demo.screenshot(), &error) ||
            !kiosk::write_png(screenshots + "/demo-open.png", demo_open.screenshot(), &error))
            std::fprintf(stderr, "bench_frame: %s\n", error.c_str());
    }
    std::vector<double> ours, peer, peer_open;
    for (int i = 0; i < frames; ++i) {
        const double t0 = thread_cpu_us();
        ours_frame(kiosk);
        const double t1 = thread_cpu_us();
        peer_frame(demo);
        const double t2 = thread_cpu_us();
        peer_open_frame(demo_open);
        const double t3 = thread_cpu_us();
        ours.push_back(t1 - t0);
        peer.push_back(t2 - t1);
        peer_open.push_back(t3 - t2);
    }
    if (app.screen() != want) {
        std::fprintf(stderr, "bench_frame: %s: the kiosk left the screen while measuring\n", name.c_str());
        return m;
    }
    // How much each frame draws (the same for every measured frame of a still screen).
    ours_frame(kiosk);
    m.ours_vertices = ImGui::GetDrawData()->TotalVtxCount;
    peer_frame(demo);
    m.peer_vertices = ImGui::GetDrawData()->TotalVtxCount;
    m.ours = median(ours);
    m.peer = median(peer);
    m.peer_open = median(peer_open);
    m.ok = true;
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    int frames = 300;
    ImVec2 size(1920, 1080);
    std::vector<int> ideas = {50, 158, 500};
    std::vector<int> options = {6, 19, 60};
    std::string screenshots;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--frames") frames = std::atoi(v.c_str());
        else if (a == "--size") size = ImVec2(std::strtof(v.c_str(), nullptr), std::strtof(v.substr(v.find('x') + 1).c_str(), nullptr));
        else if (a == "--ideas") ideas = parse_list(v);
        else if (a == "--options") options = parse_list(v);
        else if (a == "--screenshots") screenshots = v;
        else {
            std::fprintf(stderr, "usage: bench_frame [--frames N] [--size WxH] [--ideas a,b,c] [--options a,b,c] [--screenshots DIR]\n");
            return 2;
        }
    }
    char pattern[] = "/tmp/bench-frame-XXXXXX";
    if (!mkdtemp(pattern)) {
        std::perror("bench_frame: mkdtemp");
        return 2;
    }
    const std::string dir = pattern;
    int failures = 0;
    auto report = [&](const char* screen, int n, const Measured& m) {
        if (!m.ok) {
            ++failures;
            return;
        }
        std::printf("screen=%s n=%d frames=%d ours_median_us=%.1f peer_median_us=%.1f peer_open_median_us=%.1f "
                    "ours_vertices=%d peer_vertices=%d\n",
                    screen, n, frames, m.ours, m.peer, m.peer_open, m.ours_vertices, m.peer_vertices);
        std::fflush(stdout);
    };
    for (int n : ideas)
        report("ideas", n, measure(dir, "ideas-" + std::to_string(n), ideas_scenario(), n, 0, size, frames, screenshots));
    for (int n : options)
        report("results", n, measure(dir, "results-" + std::to_string(n), results_scenario(n), 0, 1000, size, frames, screenshots));
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return failures ? 1 : 0;
}
