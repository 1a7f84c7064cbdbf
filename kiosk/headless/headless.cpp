#include "headless.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "startup.h"

namespace workshop::kiosk {

HeadlessKiosk::HeadlessKiosk(App& app, ImVec2 size, float px_per_mm) : m_app(app) {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    m_context = ImGui::CreateContext();
    ImGui::SetCurrentContext(m_context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = size;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // our rasterizer honours VtxOffset
    m_app.set_display(size, px_per_mm);
    m_app.apply_style(ImGui::GetStyle());
    build_fonts();
    if (previous) ImGui::SetCurrentContext(previous);
}

void HeadlessKiosk::build_fonts(App::FontScope scope) {
    ImGui::SetCurrentContext(m_context);
    ImGuiIO& io = ImGui::GetIO();
    m_app.build_fonts(*io.Fonts, scope);
    unsigned char* pixels = nullptr;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &m_atlas.width, &m_atlas.height);
    m_atlas.rgba = pixels;
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
}

HeadlessKiosk::~HeadlessKiosk() {
    if (ImGui::GetCurrentContext() == m_context) ImGui::SetCurrentContext(nullptr);
    ImGui::DestroyContext(m_context);
}

void HeadlessKiosk::frame(PointerState pointer) {
    ImGui::SetCurrentContext(m_context);
    ImGuiIO& io = ImGui::GetIO();
    m_now += 1.0 / 60.0;
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = pointer.pos;
    io.MouseDown[0] = pointer.down;
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;  // our own key numbers: no keyboard here
    for (bool& key : io.KeysDown) key = false;
    if (m_key >= 0) io.KeysDown[m_key] = true;
    m_key = -1;
    m_pointer = pointer;
    if (m_app.fonts_stale()) build_fonts();  // e.g. another scenario, whose title needs other glyphs
    // Pictures need no upload here: a picture's id is its own address, which screenshot() finds.
    m_app.pictures().sync(m_app.scenario());
    for (PictureTexture& picture : m_app.pictures().all()) picture.id = &picture;
    ImGui::NewFrame();
    m_app.frame(m_now);
    ImGui::Render();
}

Image HeadlessKiosk::screenshot() const {
    ImGui::SetCurrentContext(m_context);
    const ImDrawData* data = ImGui::GetDrawData();
    if (!data || !data->Valid) return {};
    return screenshot(*data);
}

Image HeadlessKiosk::screenshot(const ImDrawData& data) const {
    ImGui::SetCurrentContext(m_context);
    std::vector<std::pair<ImTextureID, Texture>> pictures;
    for (const PictureTexture& picture : m_app.pictures().all())
        pictures.push_back({picture.id, Texture{picture.rgba.data(), picture.width, picture.height}});
    return rasterize(data, m_atlas, m_app.fonts().regular ? ImGui::GetColorU32(ImGuiCol_WindowBg) : IM_COL32_WHITE,
                     pictures);
}

Status HeadlessKiosk::run(const Script& script, const std::string& screenshot_dir) {
    ScriptPlayer player(script, screenshot_dir);
    while (true) {
        const FrameRequest req = player.next_frame(m_app.registry());
        if (player.failed()) return Status::failure(player.error());
        if (req.quit && req.screenshot.empty() && player.done()) break;
        if (!req.insert_text.empty() && !m_app.insert_text(req.insert_text)) {
            player.fail("cannot type \"" + req.insert_text + "\": no key types it and no text field is open");
            return Status::failure(player.error());
        }
        m_now += req.advance;
        frame(req.pointer);
        if (!req.screenshot.empty()) {
            std::string error;
            if (!write_png(req.screenshot, screenshot(), &error)) {
                player.fail(error);
                return Status::failure(player.error());
            }
        }
        if (m_app.wants_quit() || req.quit) break;
    }
    return Status::success();
}

namespace {
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }
}  // namespace

// A script played out without `quit` (script.h): frames on the wall clock, a few a second,
// until SIGTERM or SIGINT; then the App closes as usual (its hub link pushes what is waiting).
void HeadlessKiosk::run_until_stopped() {
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);
    auto last = std::chrono::steady_clock::now();
    while (!g_stop && !m_app.wants_quit()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto now = std::chrono::steady_clock::now();
        m_now += std::max(0.0, std::chrono::duration<double>(now - last).count() - 1.0 / 60.0);
        last = now;
        frame(m_pointer);
    }
}

Status HeadlessKiosk::run(std::string_view script_text, const std::string& name) {
    Outcome<Script> script = Script::parse(script_text, name);
    if (!script) return script.status();
    return run(*script);
}

int run_headless(const Options& options) {
    Startup startup = open_session(options);
    if (!startup.session) return startup.exit_code;
    App app(*startup.session, app_config(options));
    HeadlessKiosk kiosk(app, ImVec2(static_cast<float>(options.width), static_cast<float>(options.height)));
    if (options.script.empty()) {
        kiosk.frame({});  // one frame: the UI starts and draws
        return 0;
    }
    Outcome<Script> script = Script::load(options.script);
    if (!script) {
        std::fprintf(stderr, "%s\n", script.message().c_str());
        return 1;
    }
    const Status played = kiosk.run(*script, options.screenshot_dir);
    if (!played) {
        std::fprintf(stderr, "%s\n", played.message.c_str());
        return 1;
    }
    if (!script->quits()) kiosk.run_until_stopped();
    return 0;
}

}  // namespace workshop::kiosk
