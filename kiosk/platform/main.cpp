// main.cpp — workshop-kiosk: the GLFW + OpenGL 3 window around the App, step for step as in
// Dear ImGui's example_glfw_opengl3/main.cpp (window, context, style, backends, fonts, loop,
// cleanup in reverse). Additions: options, the headless path, event-driven waiting, a script
// player and screenshots. Everything that draws lives in the workshop_kiosk_ui library.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app.h"
#include "facilitator_mode.h"
#include "headless.h"
#include "options.h"
#include "platform_glfw.h"
#include "script.h"
#include "startup.h"

using namespace workshop::kiosk;

static void glfw_error_callback(int error, const char* description) {
    std::fprintf(stderr, "workshop-kiosk: GLFW error %d: %s\n", error, description);
}

// Input and window events since the last look: a wake-up without any is the App's timer, which
// needs one frame, not the few that let ImGui see a press and its release.
static int g_events = 0;
static bool g_expose = true;  // the window's pixels were lost or resized: present a frame

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

// --trace-startup: "workshop-kiosk: start-up: PHASE at N ms" as each phase ends, counted from
// main() (loading the program before it takes ~2 ms), so that the README's start-up profile can
// be measured again.
class StartupTrace {
public:
    StartupTrace(bool on, std::chrono::steady_clock::time_point start) : m_on(on), m_start(start) {}
    void done(const char* phase) const {
        if (m_on)
            std::fprintf(stderr, "workshop-kiosk: start-up: %s at %.1f ms\n", phase,
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count());
    }

private:
    bool m_on;
    std::chrono::steady_clock::time_point m_start;
};

// The backend uploads an atlas as RGBA, white everywhere but alpha. Its texture object holding
// `atlas` as one red channel read as (1, 1, 1, red) draws identically in a quarter of the memory,
// which a software driver keeps in RAM (4 MB -> 1 MB at 1280x800), and uploads 4x faster.
static void use_alpha_only_font_texture(ImFontAtlas& atlas) {
    unsigned char* alpha = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&alpha, &w, &h);
    GLint bound = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(atlas.TexID)));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, alpha);
    const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
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

    // The scenario and its session, or why not (a broken config is one more problem to show: a
    // kiosk started at boot has no terminal).
    const auto open = [&] {
        Startup opened = configured ? open_session(options) : Startup{};
        if (!configured) {
            opened.errors.push_back(configured.message);
            opened.exit_code = 2;
        }
        return opened;
    };
    std::unique_ptr<Script> script;
    if (!options.script.empty()) {
        workshop::Outcome<Script> loaded = Script::load(options.script);
        if (!loaded) {
            std::fprintf(stderr, "%s\n", loaded.message().c_str());
            return 1;
        }
        script = std::make_unique<Script>(std::move(*loaded));
    }

    // Setup window
    glfwSetErrorCallback(glfw_error_callback);
    if (!glfwInit()) {  // the scenario's problems, if any, still decide the exit status
        const int scenario_status = open().exit_code;
        std::fprintf(stderr, "workshop-kiosk: error: cannot open a window (no display?); try --headless\n");
        return scenario_status ? scenario_status : 2;
    }
    trace.done("GLFW connected to the display");
    // Decide GL+GLSL versions: OpenGL 3.3 core (the glad loader is generated for it).
    const char* glsl_version = "#version 330 core";
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);

    // Create window with graphics context (fullscreen on the primary monitor by default,
    // or on --monitor N / the config's `monitor`).
    GLFWmonitor* monitor = options.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    if (monitor && options.kiosk.monitor >= 0) {
        int count = 0;
        GLFWmonitor** monitors = glfwGetMonitors(&count);
        if (options.kiosk.monitor < count) monitor = monitors[options.kiosk.monitor];
        else std::fprintf(stderr, "workshop-kiosk: warning: there is no monitor %d (%d found): using the primary one\n",
                          options.kiosk.monitor, count);
    }
    int width = options.width, height = options.height;
    if (monitor) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        width = mode->width;
        height = mode->height;
    }
    // The scenario and database, then the App (the voting kiosk, or the list of problems a
    // facilitator has to fix) and its fonts: made while the window and its OpenGL context come
    // up. On a software renderer those take most of the start-up, and neither needs the other.
    // The atlas is sized for the window asked for; fit_display() below rebuilds it if it differs.
    const float px_per_mm = monitor_px_per_mm(monitor ? monitor : glfwGetPrimaryMonitor());
    Startup startup;
    std::unique_ptr<App> app;
    ImFontAtlas atlas;  // declared before the thread: outlives it
    std::jthread prepare([&] {
        startup = open();
        app = startup.session ? std::make_unique<App>(*startup.session, app_config(options))
                              : std::make_unique<App>(startup.errors, app_config(options));
        app->set_display(ImVec2(static_cast<float>(width), static_cast<float>(height)), px_per_mm);
        app->build_fonts(atlas);
        trace.done("scenario, database, App and fonts (second thread)");
    });
    GLFWwindow* window = glfwCreateWindow(width, height, "Workshop kiosk", monitor, nullptr);
    trace.done("window and OpenGL context");
    prepare.join();
    if (!window) {
        glfwTerminate();
        return startup.exit_code ? startup.exit_code : 2;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);  // Enable vsync
    if (!gladLoadGL(glfwGetProcAddress)) {
        std::fprintf(stderr, "workshop-kiosk: error: OpenGL 3.3 is not available\n");
        return 2;
    }
    if (monitor) glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);  // a touch screen shows no arrow

    // A fullscreen kiosk ignores the close button and Alt-F4 outside facilitator mode; only the
    // facilitator's "Quit the kiosk" ends it (Escape is ignored too, below).
    glfwSetWindowUserPointer(window, app.get());
    if (monitor) {
        glfwSetWindowCloseCallback(window, [](GLFWwindow* w) {
            const App* kiosk = static_cast<const App*>(glfwGetWindowUserPointer(w));
            if (kiosk && !kiosk->facilitator().allows_close()) {
                glfwSetWindowShouldClose(w, GLFW_FALSE);
                std::fprintf(stderr, "workshop-kiosk: close request ignored (only facilitator mode can end the kiosk)\n");
            }
        });
    }

    // Setup Dear ImGui context
    IMGUI_CHECKVERSION();
    ImGui::CreateContext(&atlas);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing of a voter may persist, not even window positions

    // Setup Dear ImGui style
    app->apply_style(ImGui::GetStyle());

    // Count input before ImGui's backend installs its callbacks (it calls these in turn).
    glfwSetMouseButtonCallback(window, [](GLFWwindow*, int, int, int) { ++g_events; });
    glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { ++g_events; });
    glfwSetKeyCallback(window, [](GLFWwindow*, int, int, int, int) { ++g_events; });
    glfwSetCharCallback(window, [](GLFWwindow*, unsigned int) { ++g_events; });
    glfwSetCursorEnterCallback(window, [](GLFWwindow*, int) { ++g_events; });
    glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { ++g_events; });
    glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { ++g_events; });  // ImGui polls it
    glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { g_expose = true; });
    glfwSetFramebufferSizeCallback(window, [](GLFWwindow*, int, int) { g_expose = true; });

    // Setup Platform/Renderer backends
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init(glsl_version);

    auto upload_fonts = [&] {
        // Shaders and font texture at once (else the first NewFrame uploads the atlas again).
        // The backend makes its font texture from RGBA pixels, four times the atlas: it makes
        // one of a small stand-in atlas instead, and the real one goes into that texture as a
        // single alpha channel (use_alpha_only_font_texture).
        ImGui_ImplOpenGL3_DestroyDeviceObjects();
        ImFontAtlas* fonts = io.Fonts;
        ImFontAtlas stand_in;  // ImGui's small built-in font
        io.Fonts = &stand_in;
        ImGui_ImplOpenGL3_CreateDeviceObjects();
        io.Fonts = fonts;
        fonts->SetTexID(stand_in.TexID);
        use_alpha_only_font_texture(*fonts);
        // The GPU has the atlas and screenshots read the framebuffer: drop the CPU copy. A
        // rebuild rasterizes it again from the fonts.
        io.Fonts->ClearTexData();
    };
    // Fonts sized for this screen's real millimetres (rebuilt if the window changes).
    auto fit_display = [&] {
        int w = 0, h = 0, fb_w = 0, fb_h = 0;
        glfwGetWindowSize(window, &w, &h);
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        const float fb_scale = w > 0 ? static_cast<float>(fb_w) / static_cast<float>(w) : 1.0f;
        app->set_display(ImVec2(static_cast<float>(w), static_cast<float>(h)),
                         monitor_px_per_mm(window_monitor(window)) / fb_scale);
        if (!app->fonts_stale()) return false;
        app->build_fonts(*io.Fonts);
        upload_fonts();
        return true;
    };
    if (!fit_display()) upload_fonts();  // the atlas made while the window opened fits
    trace.done("shaders and font texture");

    std::unique_ptr<ScriptPlayer> player = script ? std::make_unique<ScriptPlayer>(*script, options.screenshot_dir) : nullptr;
    int exit_code = startup.exit_code;
    double clock_offset = 0;  // `wait Ns` in a script moves the kiosk's clock forward
    int settle_frames = 3;    // after waking up, a few frames let ImGui see press and release
    std::uint64_t presented = 0;  // hash_draw_data of the frame on screen
    bool first_frame = true;  // for --trace-startup
    std::vector<GLuint> picture_textures;
    unsigned pictures_uploaded = 0;

    // Main loop
    while (!glfwWindowShouldClose(window) && !app->wants_quit()) {
        // Event-driven: sleep until input, or until the App has a timer (countdown) running.
        if (player || settle_frames > 0) {
            glfwPollEvents();
        } else {
            const double wait = app->seconds_until_update(glfwGetTime() + clock_offset);
            g_events = 0;
            if (std::isinf(wait)) glfwWaitEvents();
            else glfwWaitEventsTimeout(std::max(wait, 0.005));
            if (g_events > 0) settle_frames = 2;
        }
        if (settle_frames > 0) --settle_frames;
        if (!monitor && glfwGetKey(window, GLFW_KEY_ESCAPE) == GLFW_PRESS) break;  // windowed: Esc quits
        fit_display();

        FrameRequest request;
        if (player) {
            request = player->next_frame(app->registry());
            if (player->failed()) {
                exit_code = 1;
                break;
            }
            if (request.quit && request.screenshot.empty() && player->done()) break;
            if (!request.insert_text.empty() && !app->insert_text(request.insert_text)) {
                player->fail("cannot type \"" + request.insert_text + "\": no key types it and no text field is open");
                exit_code = 1;
                break;
            }
            clock_offset += request.advance;
        }

        app->pictures().sync(app->scenario());
        upload_pictures(app->pictures(), picture_textures, pictures_uploaded);

        // Start the Dear ImGui frame
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (player) {  // the script is the finger
            io.MousePos = request.pointer.pos;
            io.MouseDown[0] = request.pointer.down;
        } else if (!ImGui::IsMousePosValid(&io.MousePos)) {
            // ImGui's backend reads the pointer only when the window has the focus or saw the
            // pointer enter. Fullscreen on a bare X server (xinit, no window manager) it gets
            // neither, and every tap landed nowhere; the kiosk's window is the whole screen.
            double x = 0, y = 0;
            glfwGetCursorPos(window, &x, &y);
            io.MousePos = ImVec2(static_cast<float>(x), static_cast<float>(y));
        }
        // The press of a tap whose release came in the same batch (a quick tap): shown for no
        // one, so not presented (below).
        const bool press_already_over = !player && io.MouseDown[0] && glfwGetMouseButton(window, GLFW_MOUSE_BUTTON_LEFT) == GLFW_RELEASE;
        ImGui::NewFrame();
        const ScreenId before = app->screen();
        app->frame(glfwGetTime() + clock_offset);
        if (app->screen() != before) settle_frames = std::max(settle_frames, 1);  // show where the frame's intent led

        // Rendering (skipped when the picture is the one on screen already: a timer wake-up
        // on the attract screen usually changes nothing)
        ImGui::Render();
        const std::uint64_t picture = hash_draw_data(*ImGui::GetDrawData());
        // A tap changes what the frame drew above the tapped card (the dots left) only in the
        // next frame: build frames until one shows nothing new, then sleep until input. Neither
        // a press already over nor the frame a tap ended in is presented: the next frame, built
        // at once, shows the tap's outcome (building a frame takes microseconds, presenting one
        // on a software renderer tens of milliseconds).
        const bool passing = !player && (press_already_over || io.MouseReleased[0]);
        if (passing || presented != picture) settle_frames = std::max(settle_frames, 1);
        if (passing || (!player && !g_expose && picture == presented)) continue;
        presented = picture;
        g_expose = false;
        int display_w = 0, display_h = 0;
        glfwGetFramebufferSize(window, &display_w, &display_h);
        glViewport(0, 0, display_w, display_h);
        const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(clear.x, clear.y, clear.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (options.trace_startup && first_frame) {
            glFinish();  // only when tracing: so that drawing and presenting are told apart
            trace.done("first frame drawn");
        }
        if (!request.screenshot.empty()) {
            std::string error;
            if (!save_framebuffer_png(display_w, display_h, request.screenshot, &error)) {
                player->fail(error);
                exit_code = 1;
                break;
            }
        }
        glfwSwapBuffers(window);
        if (std::exchange(first_frame, false)) trace.done("first frame presented");
        if (player && request.quit) break;
    }
    if (player && player->failed()) std::fprintf(stderr, "%s\n", player->error().c_str());

    // Cleanup
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    app.reset();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}
