// pictograms.cpp — decoding pictures (stb_image, from libstb) and drawing icons and pictures.
#include "pictograms.h"

#include <algorithm>
#include <set>

#include <stb_image.h>

#include "screens.h"
#include "utf8.h"

namespace workshop::kiosk {

namespace {

// Box filter down to at most `max_side` on the longer side (pictures shrink; they never grow).
PictureTexture scaled(const unsigned char* rgba, int width, int height, int max_side) {
    PictureTexture out;
    const int factor = std::max(1, (std::max(width, height) + max_side - 1) / max_side);
    out.width = std::max(1, width / factor);
    out.height = std::max(1, height / factor);
    out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            for (int ch = 0; ch < 4; ++ch) {
                unsigned sum = 0;
                for (int dy = 0; dy < factor; ++dy)
                    for (int dx = 0; dx < factor; ++dx)
                        sum += rgba[(static_cast<std::size_t>(y * factor + dy) * width + (x * factor + dx)) * 4 + ch];
                out.rgba[(static_cast<std::size_t>(y) * out.width + x) * 4 + ch] =
                    static_cast<unsigned char>(sum / static_cast<unsigned>(factor * factor));
            }
    return out;
}

}  // namespace

void PictureTextures::sync(const Scenario* scenario) {
    if (scenario == m_scenario && (!scenario || scenario->sha256 == m_sha256)) return;
    m_scenario = scenario;
    m_sha256 = scenario ? scenario->sha256 : std::string();
    m_textures.clear();
    ++m_serial;
    if (!scenario) return;
    for (const auto& [image, picture] : scenario->pictures) {
        int width = 0, height = 0, channels = 0;
        unsigned char* rgba = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(picture.bytes.data()),
                                                    static_cast<int>(picture.bytes.size()), &width, &height, &channels, 4);
        if (!rgba) continue;  // the engine checked the header; a damaged body shows no picture
        PictureTexture texture = scaled(rgba, width, height, max_side);
        stbi_image_free(rgba);
        texture.image = image;
        m_textures.push_back(std::move(texture));
    }
}

const PictureTexture* PictureTextures::find(std::string_view image) const {
    for (const PictureTexture& texture : m_textures)
        if (texture.image == image) return &texture;
    return nullptr;
}

std::vector<ImWchar> icon_codepoints(const Scenario* scenario, bool read_aloud) {
    std::set<ImWchar> codes;
    if (read_aloud) codes.insert(static_cast<ImWchar>(speaker_icon));
    if (scenario) {
        for (const Role& role : scenario->roles)
            if (role.pictogram.codepoint) codes.insert(static_cast<ImWchar>(role.pictogram.codepoint));
        for (const Step& step : scenario->steps)
            for (const Option& option : step.options)
                if (option.pictogram.codepoint) codes.insert(static_cast<ImWchar>(option.pictogram.codepoint));
    }
    return {codes.begin(), codes.end()};
}

void draw_pictogram(const ScreenContext& ctx, const Pictogram& pictogram, const Rect& box, ImU32 color) {
    Ui& ui = ctx.ui;
    const float side = std::min(box.w(), box.h());
    if (side <= 0) return;
    if (const ImWchar icon = ui.fonts().icon(pictogram.codepoint)) {
        const std::string glyph = encode_utf8(icon);
        const char* utf8 = glyph.c_str();
        ImFont* font = ui.fonts().icons;
        const float size = side * 0.9f;
        const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0, utf8);
        const ImVec2 at(std::round(box.center().x - extent.x / 2), std::round(box.center().y - extent.y / 2));
        ui.dl()->AddText(font, size, at, color, utf8);
        return;
    }
    const PictureTexture* texture = ctx.pictures ? ctx.pictures->find(pictogram.image) : nullptr;
    if (!texture || !texture->id) return;
    const float scale = std::min(box.w() / texture->width, box.h() / texture->height);
    const ImVec2 size(texture->width * scale, texture->height * scale);
    const ImVec2 min(std::round(box.center().x - size.x / 2), std::round(box.center().y - size.y / 2));
    ui.dl()->AddImageRounded(texture->id, min, ImVec2(min.x + size.x, min.y + size.y), ImVec2(0, 0), ImVec2(1, 1),
                             IM_COL32_WHITE, ui.m().radius * 0.5f);
}

void draw_pictogram_left(const ScreenContext& ctx, const Pictogram& pictogram, Rect& area, float side, ImU32 color) {
    if (pictogram.empty()) return;
    side = std::min(side, area.h());
    const Rect column = cut_left(area, side, ctx.ui.m().gap * 0.6f);
    draw_pictogram(ctx, pictogram, Rect::xywh(column.min.x, column.center().y - side / 2, side, side), color);
}

}  // namespace workshop::kiosk
