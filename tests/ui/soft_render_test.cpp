// soft_render_test.cpp — the headless screenshots' rasterizer: fills, scissor, blending, and the
// texture (text) path, against hand-computed pixels.
#include <catch2/catch.hpp>

#include "soft_render.h"

using namespace workshop::kiosk;

namespace {

struct Frame {
    ImGuiContext* ctx;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    Frame() {
        ctx = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(40, 30);
        io.DeltaTime = 1.0f / 60;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ImGui::NewFrame();
    }
    ~Frame() { ImGui::DestroyContext(ctx); }
    Image render(ImU32 clear) {
        ImGui::Render();
        return rasterize(*ImGui::GetDrawData(), {pixels, w, h}, clear);
    }
};

ImU32 at(const Image& img, int x, int y) {
    const unsigned char* p = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
    return IM_COL32(p[0], p[1], p[2], p[3]);
}

}  // namespace

TEST_CASE("solid rectangles, scissor and alpha blending", "[ui][soft_render]") {
    Frame f;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->Flags = ImDrawListFlags_None;  // no anti-aliased fringes: exact edges
    dl->AddRectFilled(ImVec2(10, 10), ImVec2(20, 20), IM_COL32(255, 0, 0, 255));
    dl->PushClipRect(ImVec2(0, 0), ImVec2(25, 30));
    dl->AddRectFilled(ImVec2(15, 0), ImVec2(40, 5), IM_COL32(0, 0, 255, 128));
    dl->PopClipRect();
    const Image img = f.render(IM_COL32(255, 255, 255, 255));
    REQUIRE(img.width == 40);
    REQUIRE(img.height == 30);
    CHECK(at(img, 10, 10) == IM_COL32(255, 0, 0, 255));
    CHECK(at(img, 19, 19) == IM_COL32(255, 0, 0, 255));
    CHECK(at(img, 20, 20) == IM_COL32(255, 255, 255, 255));  // max edge excluded
    CHECK(at(img, 9, 15) == IM_COL32(255, 255, 255, 255));
    // 50% blue over white: 255 * (1 - 128/255) = 127 for red and green.
    CHECK(at(img, 16, 2) == IM_COL32(127, 127, 255, 255));
    CHECK(at(img, 30, 2) == IM_COL32(255, 255, 255, 255));  // scissored away
}

TEST_CASE("text is drawn from the font atlas", "[ui][soft_render]") {
    Frame f;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->AddText(ImVec2(2, 2), IM_COL32(0, 0, 0, 255), "MW");
    const Image img = f.render(IM_COL32(255, 255, 255, 255));
    int dark = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            if (((at(img, x, y) >> IM_COL32_R_SHIFT) & 0xFF) < 128) ++dark;
    CHECK(dark > 20);   // two glyphs' worth of ink
    CHECK(dark < 300);  // and not a filled box
}
