// main.cpp — workshop-kiosk: the GLFW + OpenGL window around the App, step for step as in
// Dear ImGui's example_glfw_opengl2/main.cpp (window, context, style, backends, fonts, loop,
// cleanup in reverse). Additions: options, the headless path, event-driven waiting, a script
// player and screenshots. Everything that draws lives in the workshop_kiosk_ui library.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>  // malloc_trim
#endif

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl2.h>

#include "app.h"
#include "facilitator_mode.h"
#include "headless.h"
#include "options.h"
#include "partial_present.h"
#include "platform_glfw.h"
#include "pointer_events.h"
#include "script.h"
#include "startup.h"
#include "window_context.h"

using namespace workshop::kiosk;

static void glfw_error_callback(int error, const char* description) {
    std::fprintf(stderr, "workshop-kiosk: GLFW error %d: %s\n", error, description);
}

// Input and window events since the last look: a wake-up without any is the App's timer, which
// needs one frame, not the few that let ImGui see a press and its release.
static int g_events = 0;
static double g_first_input_ms = 0;  // when GLFW handed the first of them on (--trace-taps)

// The monotonic clock in milliseconds: the clock bench_screen_probe --trace stamps its taps with.
static double monotonic_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static void note_input() {
    if (g_events++ == 0) g_first_input_ms = monotonic_ms();
}
static PointerEvents g_pointer;  // where the events put the pointer, and its buttons
static bool g_expose = true;  // the window's pixels were lost or resized: present a frame
// The window's size, place or the monitors changed: measure the display again. Each measure is
// a few round trips to the X server (the video mode through RandR), too slow for every frame of
// a tap.
static bool g_display_changed = true;

// A hash of what a frame would put on screen: when it equals the frame presented last, the
// software renderer (llvmpipe) need not draw it again. Its fields, not its padding.
static std::uint64_t hash_draw_data(const ImDrawData& data) {
    std::uint64_t h = 1469598103934665603ull;
    auto mix_bytes = [&h](const void* p, std::size_t n) {  // FNV-1a, a word at a time
        const auto* b = static_cast<const unsigned char*>(p);
        std::size_t i = 0;
        for (std::uint64_t w = 0; i + sizeof(w) <= n; i += sizeof(w)) {
            std::memcpy(&w, b + i, sizeof(w));
            h = (h ^ w) * 1099511628211ull;
        }
        for (; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    };
    mix_bytes(&data.DisplaySize, sizeof(data.DisplaySize));
    for (int i = 0; i < data.CmdListsCount; ++i) {
        const ImDrawList& list = *data.CmdLists[i];
        mix_bytes(list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.size_in_bytes()));
        mix_bytes(list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.size_in_bytes()));
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            mix_bytes(&cmd.ClipRect, sizeof(cmd.ClipRect));
            mix_bytes(&cmd.TextureId, sizeof(cmd.TextureId));
            mix_bytes(&cmd.VtxOffset, sizeof(cmd.VtxOffset));
            mix_bytes(&cmd.IdxOffset, sizeof(cmd.IdxOffset));
            mix_bytes(&cmd.ElemCount, sizeof(cmd.ElemCount));
        }
    }
    return h;
}

// The calling thread's CPU time: what a phase cost, however loaded the machine.
static double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// The CPU time of all the program's threads so far.
static double process_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// --trace-startup: "workshop-kiosk: start-up: PHASE at N ms (CPU: this thread T ms, all A ms)" as
// each phase ends, counted from main() (loading the program before it takes ~2 ms), so that the
// README's start-up profile can be measured again. On a shared two-core machine the CPU time of
// all threads before the first frame, not one thread's, decides when it comes.
class StartupTrace {
public:
    StartupTrace(bool on, std::chrono::steady_clock::time_point start) : m_on(on), m_start(start) {}
    void done(const char* phase) const {
        if (m_on)
            std::fprintf(stderr, "workshop-kiosk: start-up: %s at %.1f ms (CPU: this thread %.1f ms, all %.1f ms)\n", phase,
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count(),
                         thread_cpu_ms(), process_cpu_ms());
    }
    void note(const char* what) const {
        if (m_on) std::fprintf(stderr, "workshop-kiosk: start-up: %s\n", what);
    }
    // The atlas's size: its glyphs (the font phase's work) and texture (Mesa keeps it in RAM).
    void atlas(const ImFontAtlas& atlas, double cpu_ms) const {
        if (!m_on) return;
        int glyphs = 0;
        std::string each;
        for (const ImFont* font : atlas.Fonts) {
            glyphs += font->Glyphs.Size;
            each += (each.empty() ? "" : " + ") + std::to_string(font->Glyphs.Size);
        }
        std::fprintf(stderr, "workshop-kiosk: start-up: font atlas %d glyphs in %d fonts (%s), texture %dx%d, %.1f ms of CPU\n",
                     glyphs, atlas.Fonts.Size, each.c_str(), atlas.TexWidth, atlas.TexHeight, cpu_ms);
    }

private:
    bool m_on;
    std::chrono::steady_clock::time_point m_start;
};

// --trace-taps: for each frame presented after input, when each phase ended, on the monotonic
// clock in ms: "woke" (the wait for events returned), "input" (GLFW's first input callback),
// "built" (the frames that pass through a tap and the presented one built, with their count),
// "damage" (the rectangles to redraw found), "drawn" (draw commands submitted), "finished" (glFinish: llvmpipe done filling; called only
// when tracing), "copied" (the rectangles copied to the window, in the X server).
class TapTrace {
public:
    explicit TapTrace(bool on) : m_on(on) {}
    void woke(bool input) {
        if (!m_on || !input) return;
        m_woke = monotonic_ms();
        m_input = g_first_input_ms;
        m_frames = 0;
    }
    void built() {
        if (m_woke > 0) ++m_frames, m_built = monotonic_ms();
    }
    bool on() const { return m_on && m_woke > 0; }
    void damage_found() { m_damage = monotonic_ms(); }
    void drawn() { m_drawn = monotonic_ms(); }
    void finished() { m_finished = monotonic_ms(); }
    void copied(const std::vector<PixelRect>& rects) {
        if (!on()) return;
        long long pixels = 0;
        for (const PixelRect& r : rects) pixels += r.area();
        std::fprintf(stderr,
                     "workshop-kiosk: tap: woke %.3f input %.3f built %.3f (%d frames) damage %.3f drawn %.3f finished %.3f "
                     "copied %.3f (%zu rects, %lld pixels)\n",
                     m_woke, m_input, m_built, m_frames, m_damage, m_drawn, m_finished, monotonic_ms(), rects.size(), pixels);
        m_woke = 0;
    }

private:
    bool m_on;
    double m_woke = 0, m_input = 0, m_built = 0, m_damage = 0, m_drawn = 0, m_finished = 0;
    int m_frames = 0;
};

// The backend uploads an atlas as RGBA, white everywhere but alpha. Its texture object holding
// `atlas` as alpha only draws identically (the fixed-function pipeline's GL_MODULATE takes the
// colour from the vertex) in a quarter of the memory, which a software driver keeps in RAM
// (4 MB -> 1 MB at 1280x800), and uploads 4x faster.
static void use_alpha_only_font_texture(ImFontAtlas& atlas) {
    unsigned char* alpha = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&alpha, &w, &h);
    GLint bound = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(atlas.TexID)));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_ALPHA8, w, h, 0, GL_ALPHA, GL_UNSIGNED_BYTE, alpha);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
}

// The scenario's pictures as GL textures, made again when the scenario changes (pictograms.h).
static void upload_pictures(PictureTextures& pictures, std::vector<GLuint>& names, unsigned& uploaded_serial) {
    if (pictures.serial() == uploaded_serial) return;
    uploaded_serial = pictures.serial();
    if (!names.empty()) glDeleteTextures(static_cast<GLsizei>(names.size()), names.data());
    names.assign(pictures.all().size(), 0);
    if (names.empty()) return;
    glGenTextures(static_cast<GLsizei>(names.size()), names.data());
    GLint bound = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
    for (std::size_t i = 0; i < names.size(); ++i) {
        PictureTexture& picture = pictures.all()[i];
        glBindTexture(GL_TEXTURE_2D, names[i]);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, picture.width, picture.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     picture.rgba.data());
        picture.id = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(names[i]));
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
}

// --- the steps of main() ---------------------------------------------------------------------

// The scenario and its session, or why not (a broken config is one more problem to show: a
// kiosk started at boot has no terminal).
static Startup open_scenario(const Options& options, const workshop::Status& configured) {
    Startup opened = configured ? open_session(options) : Startup{};
    if (!configured) {
        opened.errors.push_back(configured.message);
        opened.exit_code = 2;
    }
    return opened;
}

// OpenGL 2.1 and ImGui's fixed-function backend (the glad loader is generated for it): ImGui
// draws textured, coloured triangles, which needs no shaders. On Mesa's software renderer the
// GLSL compiler those would need costs 7.5 MB of RAM for as long as the kiosk runs (its built-in
// functions) and ~30 ms of start-up; every OpenGL driver still offers 2.1.
static void ask_for_opengl_21() {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 2);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 1);
}

// Fullscreen on the primary monitor by default, or on --monitor N / the config's `monitor`;
// nullptr for a window.
static GLFWmonitor* choose_monitor(const Options& options) {
    GLFWmonitor* monitor = options.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    if (monitor && options.kiosk.monitor >= 0) {
        int count = 0;
        GLFWmonitor** monitors = glfwGetMonitors(&count);
        if (options.kiosk.monitor < count) monitor = monitors[options.kiosk.monitor];
        else std::fprintf(stderr, "workshop-kiosk: warning: there is no monitor %d (%d found): using the primary one\n",
                          options.kiosk.monitor, count);
    }
    return monitor;
}

// Everything the window kiosk holds, made in this order and let go in reverse.
struct WindowKiosk {
    const Options& options;
    const StartupTrace& trace;
    GLFWmonitor* monitor = nullptr;
    Startup startup;
    std::unique_ptr<App> app;
    ImFontAtlas atlas;  // declared before the thread that fills it: outlives it
    std::unique_ptr<WindowContext> context;  // the window and its OpenGL context
    GLFWwindow* window = nullptr;            // context's
    std::unique_ptr<ScriptPlayer> player;
    bool passing = false;       // this frame only passes through a quick tap: not presented
    bool script_quits = false;  // a script without `quit` hands the kiosk to a person at its end
    // The frame loop's state.
    int exit_code = 0;
    double clock_offset = 0;      // `wait Ns` in a script moves the kiosk's clock forward
    int settle_frames = 3;        // after waking up, a few frames let ImGui see press and release
    std::uint64_t presented = 0;  // hash_draw_data of the frame on screen
    bool first_frame = true;      // for --trace-startup
    std::vector<GLuint> picture_textures;
    unsigned pictures_uploaded = 0;
    std::unique_ptr<PartialPresenter> partial;  // only what changed is redrawn (software renderer)
    DamageTracker damage;
    DamagedPart damaged;  // the triangles of the damage, drawn alone
    std::pair<int, int> framebuffer;  // its size in pixels, as fit_display() last measured it
    ImVec2 window_size;               // in window coordinates, measured with it
    double imgui_time = 0;            // glfwGetTime() at ImGui's last frame
    bool input_now = false;  // this frame's look for events found some
    TapTrace tap_trace;

    WindowKiosk(const Options& o, const StartupTrace& t) : options(o), trace(t), tap_trace(o.trace_taps) {}
};

// The scenario and database, then the App (the voting kiosk, or the list of problems a
// facilitator has to fix) and its fonts: made while the window and its OpenGL context come up.
// On a software renderer those take most of the start-up, and neither needs the other. The
// atlas is sized for the window asked for; fit_display() rebuilds it if it differs.
static void open_window_while_preparing(WindowKiosk& k, const workshop::Status& configured) {
    int width = k.options.width, height = k.options.height;
    if (k.monitor) {
        const GLFWvidmode* mode = glfwGetVideoMode(k.monitor);
        width = mode->width;
        height = mode->height;
    }
    const float px_per_mm = monitor_px_per_mm(k.monitor ? k.monitor : glfwGetPrimaryMonitor());
    std::jthread prepare([&] {
        k.startup = open_scenario(k.options, configured);
        k.app = k.startup.session ? std::make_unique<App>(*k.startup.session, app_config(k.options))
                                  : std::make_unique<App>(k.startup.errors, app_config(k.options));
        k.app->set_display(ImVec2(static_cast<float>(width), static_cast<float>(height)), px_per_mm);
        k.trace.done("scenario, database and App (second thread)");
        const double cpu_before = thread_cpu_ms();
        // Only the attract screen's glyphs before its first frame (complete_fonts adds the rest);
        // a script's screenshots all come from the whole atlas.
        k.app->build_fonts(k.atlas, k.options.script.empty() ? App::FontScope::first_screen : App::FontScope::all);
        k.trace.done("fonts (second thread)");
        k.trace.atlas(k.atlas, thread_cpu_ms() - cpu_before);
    });
    k.context = WindowContext::open(width, height, "Workshop kiosk", k.monitor);
    k.window = k.context ? k.context->window() : nullptr;
    k.trace.done("window and OpenGL context");
    if (k.context) k.trace.note(k.context->own_glx() ? "the context made with GLX for the window's visual" : "the context made by GLFW");
}

// A fullscreen kiosk ignores the close button and Alt-F4 outside facilitator mode; only the
// facilitator's "Quit the kiosk" ends it (Escape is ignored too, in the frame loop).
static void ignore_close_outside_facilitator_mode(WindowKiosk& k) {
    glfwSetWindowUserPointer(k.window, k.app.get());
    if (!k.monitor) return;
    glfwSetWindowCloseCallback(k.window, [](GLFWwindow* w) {
        const App* kiosk = static_cast<const App*>(glfwGetWindowUserPointer(w));
        if (kiosk && !kiosk->facilitator().allows_close()) {
            glfwSetWindowShouldClose(w, GLFW_FALSE);
            std::fprintf(stderr, "workshop-kiosk: close request ignored (only facilitator mode can end the kiosk)\n");
        }
    });
}

// Input is counted before ImGui's backend installs its callbacks (it calls these in turn).
static void count_input_events(GLFWwindow* window) {
    glfwSetMouseButtonCallback(window, [](GLFWwindow*, int button, int action, int) {
        note_input();
        g_pointer.button(button, action == GLFW_PRESS);
    });
    glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { note_input(); });
    glfwSetKeyCallback(window, [](GLFWwindow*, int, int, int, int) { note_input(); });
    glfwSetCharCallback(window, [](GLFWwindow*, unsigned int) { note_input(); });
    glfwSetCursorEnterCallback(window, [](GLFWwindow*, int entered) {
        note_input();
        g_pointer.entered(entered == GLFW_TRUE);
    });
    glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { note_input(); });
    glfwSetCursorPosCallback(window, [](GLFWwindow*, double x, double y) {
        note_input();
        g_pointer.moved(static_cast<float>(x), static_cast<float>(y));
    });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { g_expose = true; });
    glfwSetFramebufferSizeCallback(window, [](GLFWwindow*, int, int) { g_expose = g_display_changed = true; });
    glfwSetWindowSizeCallback(window, [](GLFWwindow*, int, int) { g_display_changed = true; });
    glfwSetWindowPosCallback(window, [](GLFWwindow*, int, int) { g_display_changed = true; });  // another monitor?
    glfwSetWindowContentScaleCallback(window, [](GLFWwindow*, float, float) { g_display_changed = true; });
    glfwSetMonitorCallback([](GLFWmonitor*, int) { g_display_changed = true; });
}

// Dear ImGui's context, style and GLFW + OpenGL backends.
static void start_imgui(WindowKiosk& k) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext(&k.atlas);
    ImGui::GetIO().IniFilename = nullptr;  // nothing of a voter may persist, not even window positions
    // The arrow keeps its shape (hidden when fullscreen): the backend's new frame, which would
    // set it, is not called (new_frame_from_events).
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    k.app->apply_style(ImGui::GetStyle());
    count_input_events(k.window);
    ImGui_ImplGlfw_InitForOpenGL(k.window, true);
    ImGui_ImplOpenGL2_Init();
}

// glibc returns free memory to the system only from the top of the main heap: trimming gives
// back all free pages, also those of other threads' arenas.
static void give_back_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

// The font texture now (else the first NewFrame uploads the atlas again). The
// backend makes its font texture from RGBA pixels, four times the atlas: it makes one of a small
// stand-in atlas instead, and the real one goes into that texture as a single alpha channel
// (use_alpha_only_font_texture).
static void upload_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplOpenGL2_DestroyDeviceObjects();
    ImFontAtlas* fonts = io.Fonts;
    ImFontAtlas stand_in;  // ImGui's small built-in font
    io.Fonts = &stand_in;
    ImGui_ImplOpenGL2_CreateDeviceObjects();
    io.Fonts = fonts;
    fonts->SetTexID(stand_in.TexID);
    use_alpha_only_font_texture(*fonts);
    // The GPU has the atlas and screenshots read the framebuffer: drop the CPU copy. A rebuild
    // rasterizes it again from the fonts.
    io.Fonts->ClearTexData();
    // Building the atlas (on the second thread, in that thread's malloc arena) left megabytes
    // free but resident: the fonts' files, stb_truetype's scratch, the CPU copy.
    give_back_free_memory();
}

// Fonts sized for this screen's real millimetres, rebuilt (true) if the window or the App (large
// text) changed them.
static bool fit_display(WindowKiosk& k) {
    if (std::exchange(g_display_changed, false)) {
        int w = 0, h = 0, fb_w = 0, fb_h = 0;
        glfwGetWindowSize(k.window, &w, &h);
        glfwGetFramebufferSize(k.window, &fb_w, &fb_h);
        const float fb_scale = w > 0 ? static_cast<float>(fb_w) / static_cast<float>(w) : 1.0f;
        k.app->set_display(ImVec2(static_cast<float>(w), static_cast<float>(h)),
                           monitor_px_per_mm(window_monitor(k.window)) / fb_scale);
        k.framebuffer = {fb_w, fb_h};
        k.window_size = ImVec2(static_cast<float>(w), static_cast<float>(h));
    }
    if (!k.app->fonts_stale()) return false;
    k.app->build_fonts(*ImGui::GetIO().Fonts);
    upload_fonts();
    return true;
}

// The first frame (the attract screen) is drawn with only its own glyphs (App::FontScope); the
// others are made when the kiosk first wakes up after that frame is on screen: at the first
// input, or when it was quiet this long. On a small machine the display server shares the
// cores, and building them at once delayed that frame reaching the screen.
constexpr double kOtherGlyphsAfter = 0.5;  // seconds

// The glyphs of every other screen, before any frame that could draw another screen (any wake-up
// after the first frame), so no voter ever sees a missing letter.
static bool complete_fonts(WindowKiosk& k) {
    if (!k.app->fonts_partial() || k.first_frame) return false;
    k.app->build_fonts(*ImGui::GetIO().Fonts);
    upload_fonts();
    k.trace.done("the other screens' glyphs");
    return true;
}

// Event-driven: sleep until input, or until the App has a timer (countdown) running.
static void wait_for_input(WindowKiosk& k) {
    const int before = g_events;
    const bool glyphs_to_make = !k.first_frame && k.app->fonts_partial();
    if (k.player || (k.settle_frames > 0 && !glyphs_to_make)) {
        glfwPollEvents();
        k.input_now = g_events != before;
    } else {
        const double wait = glyphs_to_make ? kOtherGlyphsAfter : k.app->seconds_until_update(glfwGetTime() + k.clock_offset);
        g_events = 0;
        if (std::isinf(wait)) glfwWaitEvents();
        else glfwWaitEventsTimeout(std::max(wait, 0.005));
        if (g_events > 0) k.settle_frames = 2;
        k.input_now = g_events > 0;
        k.tap_trace.woke(g_events > 0);
    }
    if (k.settle_frames > 0) --k.settle_frames;
}

// The script's next step (nothing without a script); false when the loop must end.
static bool follow_script(WindowKiosk& k, FrameRequest& request) {
    if (!k.player) return true;
    request = k.player->next_frame(k.app->registry());
    if (k.player->failed()) {
        k.exit_code = 1;
        return false;
    }
    if (request.quit && request.screenshot.empty() && k.player->done()) {
        if (k.script_quits) return false;
        k.player.reset();  // out of lines without `quit`: the kiosk stays, for a person
        request = {};
    }
    if (!request.insert_text.empty() && !k.app->insert_text(request.insert_text)) {
        k.player->fail("cannot type \"" + request.insert_text + "\": no key types it and no text field is open");
        k.exit_code = 1;
        return false;
    }
    k.clock_offset += request.advance;
    return true;
}

// What ImGui's GLFW backend sets at a new frame, from the events (pointer_events.h) and the
// display as fit_display() measured it: the backend would ask the X server for the window's
// size, the focus and the pointer, four round trips on the frame that starts a tap. Only a
// pointer no event has placed yet is asked for, once.
static void new_frame_from_events(WindowKiosk& k) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = k.window_size;
    if (k.window_size.x > 0 && k.window_size.y > 0)
        io.DisplayFramebufferScale = ImVec2(static_cast<float>(k.framebuffer.first) / k.window_size.x,
                                            static_cast<float>(k.framebuffer.second) / k.window_size.y);
    const double now = glfwGetTime();
    io.DeltaTime = k.imgui_time > 0 ? std::max(static_cast<float>(now - k.imgui_time), 1e-6f) : 1.0f / 60;  // ImGui asks for more than nothing
    k.imgui_time = now;
    if (!g_pointer.knows_position() && k.input_now) {
        // ImGui's backend reads the pointer only when the window has the focus or saw the
        // pointer enter. Fullscreen on a bare X server (xinit, no window manager) it gets
        // neither, and every tap landed nowhere; the kiosk's window is the whole screen.
        double x = 0, y = 0;
        glfwGetCursorPos(k.window, &x, &y);
        g_pointer.moved(static_cast<float>(x), static_cast<float>(y));
    }
    g_pointer.feed(io);
}

// The App draws one frame into ImGui's draw lists.
static void draw_frame(WindowKiosk& k, const FrameRequest& request) {
    k.app->pictures().sync(k.app->scenario());
    const unsigned uploaded = k.pictures_uploaded;
    upload_pictures(k.app->pictures(), k.picture_textures, k.pictures_uploaded);
    if (k.pictures_uploaded != uploaded) k.damage.invalidate();  // a texture may have new pixels
    ImGui_ImplOpenGL2_NewFrame();
    new_frame_from_events(k);
    ImGuiIO& io = ImGui::GetIO();
    if (k.player) {  // the script is the finger
        io.MousePos = request.pointer.pos;
        io.MouseDown[0] = request.pointer.down;
    }
    // The press of a tap whose release came in the same batch (a quick tap): shown for no one,
    // so not presented (present_frame).
    const bool press_already_over = !k.player && g_pointer.press_already_over();
    ImGui::NewFrame();
    const ScreenId before = k.app->screen();
    k.app->frame(glfwGetTime() + k.clock_offset);
    if (k.app->screen() != before) k.settle_frames = std::max(k.settle_frames, 1);  // show where the frame's intent led
    ImGui::Render();
    k.tap_trace.built();
    k.passing = !k.player && (press_already_over || io.MouseReleased[0]);
}

// Draws the frame into the back buffer: all of it, or on a software renderer only the
// rectangles that differ from the picture it holds (returned).
static std::vector<PixelRect> draw_into_back_buffer(WindowKiosk& k, int width, int height) {
    ImDrawData& data = *ImGui::GetDrawData();
    const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    const bool whole_pixels = data.FramebufferScale.x == 1 && data.FramebufferScale.y == 1;
    if (!k.partial || !whole_pixels) {
        k.damage.invalidate();
        k.tap_trace.damage_found();
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL2_RenderDrawData(&data);
        return {PixelRect{0, 0, width, height}};
    }
    const std::vector<PixelRect> changed = disjoint(k.damage.next(data));
    k.tap_trace.damage_found();
    if (changed.empty()) return changed;
    // The window's background is cleared, not drawn (opaque_background).
    const std::optional<ImU32> background = opaque_background(data, *ImGui::GetIO().Fonts);
    if (background) {
        const ImVec4 color = ImGui::ColorConvertU32ToFloat4(*background);
        glClearColor(color.x, color.y, color.z, 1.0f);
    }
    glEnable(GL_SCISSOR_TEST);  // the clear too keeps to the rectangles
    for (const PixelRect& r : changed) {
        glScissor(r.x0, height - r.y1, r.x1 - r.x0, r.y1 - r.y0);
        glClear(GL_COLOR_BUFFER_BIT);
    }
    glDisable(GL_SCISSOR_TEST);
    // One pass for every rectangle, with only the triangles that reach them.
    ImGui_ImplOpenGL2_RenderDrawData(&k.damaged.cut(data, changed, background.has_value()));
    return changed;
}

// Where the window shows another picture than a full redraw makes.
static std::string first_difference(const Image& shown, const Image& redrawn, const std::string& name) {
    for (std::size_t i = 0; i < shown.rgba.size(); i += 4)
        if (std::memcmp(&shown.rgba[i], &redrawn.rgba[i], 4) != 0) {
            const std::size_t pixel = i / 4, width = static_cast<std::size_t>(shown.width);
            return name + ": the window differs from a full redraw at pixel (" + std::to_string(pixel % width) + ", " +
                   std::to_string(pixel / width) + "): the partial redraw missed a change";
        }
    return name + ": the window differs from a full redraw";
}

// The screenshot a script asked for, if any; false (the script failed) when it cannot be saved.
// Drawing only what changed, it is what the window shows, checked against a full redraw: a
// pixel left stale by a wrong damage rectangle fails the script that took it. (A window reaching
// past the screen cannot be read back: its full redraw is saved unchecked.)
static bool save_screenshot(WindowKiosk& k, const FrameRequest& request, int width, int height) {
    if (request.screenshot.empty()) return true;
    Image shown;
    const bool read = k.partial && k.partial->read_shown(width, height, shown);
    if (k.partial) {
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL2_RenderDrawData(ImGui::GetDrawData());
    }
    std::string error;
    if (Image redrawn; read && !read_framebuffer(width, height, redrawn))
        error = "cannot read the framebuffer for " + request.screenshot;
    else if (read && shown.rgba != redrawn.rgba)
        error = first_difference(shown, redrawn, request.screenshot);
    else if (save_framebuffer_png(width, height, request.screenshot, &error))
        return true;
    k.player->fail(error);
    k.exit_code = 1;
    return false;
}

// Renders and presents the frame (skipped when the picture is the one on screen already: a
// timer wake-up on the attract screen usually changes nothing), and saves a screenshot asked
// for; false when that failed.
static bool present_frame(WindowKiosk& k, const FrameRequest& request) {
    const std::uint64_t picture = hash_draw_data(*ImGui::GetDrawData());
    // A tap changes what the frame drew above the tapped card (the dots left) only in the next
    // frame: build frames until one shows nothing new, then sleep until input. Neither a press
    // already over nor the frame a tap ended in is presented: the next frame, built at once,
    // shows the tap's outcome (building a frame takes microseconds, presenting one on a
    // software renderer tens of milliseconds).
    if (k.passing || k.presented != picture) k.settle_frames = std::max(k.settle_frames, 1);
    if (k.passing || (!k.player && !g_expose && picture == k.presented)) return true;
    k.presented = picture;
    if (std::exchange(g_expose, false)) k.damage.invalidate();
    const auto [display_w, display_h] = k.framebuffer;
    glViewport(0, 0, display_w, display_h);
    const std::vector<PixelRect> changed = draw_into_back_buffer(k, display_w, display_h);
    const bool tracing_startup = k.options.trace_startup && k.first_frame;
    if (tracing_startup || k.tap_trace.on()) {
        k.tap_trace.drawn();
        glFinish();  // only when tracing: so that drawing and presenting are told apart
        k.tap_trace.finished();
        if (tracing_startup) k.trace.done("first frame drawn");
    }
    if (k.partial) {
        // Fewer, larger rectangles than were drawn: each copy waits for the X server.
        k.partial->present(merge_rects(changed, DamageTracker::kMaxRects, kCopyJoin), display_h);
        if (!save_screenshot(k, request, display_w, display_h)) return false;  // what the window shows
    } else {
        if (!save_screenshot(k, request, display_w, display_h)) return false;  // before a swap undoes it
        k.context->swap();
    }
    k.tap_trace.copied(changed);
    if (std::exchange(k.first_frame, false)) {
        k.trace.done("first frame presented");
        give_back_free_memory();  // what compiling the first frame's draw code left free
    }
    return true;
}

// Frames until the window closes, the facilitator quits, or the script ends.
static void run_frames(WindowKiosk& k) {
    while (!glfwWindowShouldClose(k.window) && !k.app->wants_quit()) {
        wait_for_input(k);
        if (!k.monitor && glfwGetKey(k.window, GLFW_KEY_ESCAPE) == GLFW_PRESS) break;  // windowed: Esc quits
        if (fit_display(k) || complete_fonts(k)) k.damage.invalidate();  // new glyphs in the font texture
        FrameRequest request;
        if (!follow_script(k, request)) break;
        draw_frame(k, request);
        if (!present_frame(k, request)) break;
        if (k.player && request.quit) break;
    }
    if (k.player && k.player->failed()) std::fprintf(stderr, "%s\n", k.player->error().c_str());
}

// Cleanup, in the reverse order of the start.
static void shut_down(WindowKiosk& k) {
    ImGui_ImplOpenGL2_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    k.app.reset();
    k.context.reset();
    glfwTerminate();
}

// The window kiosk: a window (and the scenario, made meanwhile), ImGui in it, frames, cleanup.
static int run_window(const Options& options, const workshop::Status& configured, const StartupTrace& trace,
                      std::unique_ptr<Script> script) {
    glfwSetErrorCallback(glfw_error_callback);
    if (!glfwInit()) {  // the scenario's problems, if any, still decide the exit status
        const int scenario_status = open_scenario(options, configured).exit_code;
        std::fprintf(stderr, "workshop-kiosk: error: cannot open a window (no display?); try --headless\n");
        return scenario_status ? scenario_status : 2;
    }
    trace.done("GLFW connected to the display");
    ask_for_opengl_21();
    WindowKiosk k(options, trace);
    k.monitor = choose_monitor(options);
    open_window_while_preparing(k, configured);
    if (!k.window) {
        glfwTerminate();
        return k.startup.exit_code ? k.startup.exit_code : 2;
    }
    k.context->swap_interval(1);  // Enable vsync
    if (!gladLoadGL(k.context->loader())) {
        std::fprintf(stderr, "workshop-kiosk: error: OpenGL 2.1 is not available\n");
        return 2;
    }
    k.partial = PartialPresenter::open(*k.context, reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
    if (k.monitor) glfwSetInputMode(k.window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);  // a touch screen shows no arrow
    ignore_close_outside_facilitator_mode(k);
    start_imgui(k);
    if (!fit_display(k)) upload_fonts();  // the atlas made while the window opened fits
    trace.done("ImGui backend and font texture");
    if (script) {
        k.player = std::make_unique<ScriptPlayer>(*script, options.screenshot_dir);
        k.script_quits = script->quits();
    }
    k.exit_code = k.startup.exit_code;
    run_frames(k);
    shut_down(k);
    return k.exit_code;
}

int main(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();
    workshop::Outcome<Options> parsed = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed) {
        std::fprintf(stderr, "workshop-kiosk: %s\n", parsed.message().c_str());
        return 2;
    }
    Options options = *parsed;
    const StartupTrace trace(options.trace_startup, started);
    if (options.help) {
        std::fputs(usage().c_str(), stdout);
        return 0;
    }
    // The kiosk's own settings (kiosk_config.h): PIN hash, supervised turns, the scenario it runs.
    const workshop::Status configured = load_kiosk_config(options);
    if (!configured) std::fprintf(stderr, "workshop-kiosk: %s\n", configured.message.c_str());
    if (options.kiosk.tool != KioskConfig::Tool::none) return configured ? run_pin_tool(options.kiosk) : 2;
    if (options.headless) return configured ? run_headless(options) : 2;

    std::unique_ptr<Script> script;
    if (!options.script.empty()) {
        workshop::Outcome<Script> loaded = Script::load(options.script);
        if (!loaded) {
            std::fprintf(stderr, "%s\n", loaded.message().c_str());
            return 1;
        }
        script = std::make_unique<Script>(std::move(*loaded));
    }
    return run_window(options, configured, trace, std::move(script));
}
