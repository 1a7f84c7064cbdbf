#include "soft_render.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <stb_image_write.h>

namespace workshop::kiosk {

namespace {

struct Vertex {
    float x, y, u, v;
    float r, g, b, a;  // 0..1
};

Vertex to_vertex(const ImDrawVert& v, ImVec2 origin) {
    const ImU32 c = v.col;
    return {v.pos.x - origin.x, v.pos.y - origin.y, v.uv.x, v.uv.y,
            static_cast<float>((c >> IM_COL32_R_SHIFT) & 0xFF) / 255.0f, static_cast<float>((c >> IM_COL32_G_SHIFT) & 0xFF) / 255.0f,
            static_cast<float>((c >> IM_COL32_B_SHIFT) & 0xFF) / 255.0f, static_cast<float>((c >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f};
}

// Bilinear sample (GL_LINEAR, clamp to edge), rgba 0..1.
void sample(const Texture& t, float u, float v, float out[4]) {
    if (!t.rgba) {
        out[0] = out[1] = out[2] = out[3] = 1;
        return;
    }
    const float x = u * t.width - 0.5f, y = v * t.height - 0.5f;
    const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
    const float fx = x - x0, fy = y - y0;
    auto texel = [&](int tx, int ty, int ch) {
        tx = std::clamp(tx, 0, t.width - 1);
        ty = std::clamp(ty, 0, t.height - 1);
        return static_cast<float>(t.rgba[(static_cast<std::size_t>(ty) * t.width + tx) * 4 + ch]);
    };
    for (int ch = 0; ch < 4; ++ch) {
        const float top = texel(x0, y0, ch) * (1 - fx) + texel(x0 + 1, y0, ch) * fx;
        const float bottom = texel(x0, y0 + 1, ch) * (1 - fx) + texel(x0 + 1, y0 + 1, ch) * fx;
        out[ch] = (top * (1 - fy) + bottom * fy) / 255.0f;
    }
}

float edge(const Vertex& a, const Vertex& b, float px, float py) {
    return (b.x - a.x) * (py - a.y) - (b.y - a.y) * (px - a.x);
}

// Shared edges belong to exactly one of the two triangles (no double blending along seams).
bool owns_ties(const Vertex& a, const Vertex& b) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    return (dy == 0 && dx > 0) || dy < 0;
}

void draw_triangle(Image& img, const ImVec4& clip, const Texture& tex, Vertex v0, Vertex v1, Vertex v2) {
    float area = edge(v0, v1, v2.x, v2.y);
    if (std::abs(area) < 1e-6f) return;
    if (area < 0) {
        std::swap(v1, v2);
        area = -area;
    }
    const int min_x = std::max({0, static_cast<int>(std::floor(std::min({v0.x, v1.x, v2.x}))), static_cast<int>(std::floor(clip.x))});
    const int min_y = std::max({0, static_cast<int>(std::floor(std::min({v0.y, v1.y, v2.y}))), static_cast<int>(std::floor(clip.y))});
    const int max_x = std::min({img.width - 1, static_cast<int>(std::ceil(std::max({v0.x, v1.x, v2.x}))), static_cast<int>(std::ceil(clip.z)) - 1});
    const int max_y = std::min({img.height - 1, static_cast<int>(std::ceil(std::max({v0.y, v1.y, v2.y}))), static_cast<int>(std::ceil(clip.w)) - 1});
    if (min_x > max_x || min_y > max_y) return;
    const bool t0 = owns_ties(v1, v2), t1 = owns_ties(v2, v0), t2 = owns_ties(v0, v1);
    // Solid fills (every vertex on the atlas' white pixel, one colour) skip the texture fetch.
    const bool flat_uv = v0.u == v1.u && v1.u == v2.u && v0.v == v1.v && v1.v == v2.v;
    float flat_tex[4] = {1, 1, 1, 1};
    if (flat_uv) sample(tex, v0.u, v0.v, flat_tex);
    for (int y = min_y; y <= max_y; ++y) {
        const float py = static_cast<float>(y) + 0.5f;
        for (int x = min_x; x <= max_x; ++x) {
            const float px = static_cast<float>(x) + 0.5f;
            const float w0 = edge(v1, v2, px, py), w1 = edge(v2, v0, px, py), w2 = edge(v0, v1, px, py);
            if (w0 < 0 || w1 < 0 || w2 < 0) continue;
            if ((w0 == 0 && !t0) || (w1 == 0 && !t1) || (w2 == 0 && !t2)) continue;
            const float b0 = w0 / area, b1 = w1 / area, b2 = w2 / area;
            float texel[4];
            if (flat_uv) {
                std::copy(flat_tex, flat_tex + 4, texel);
            } else {
                sample(tex, v0.u * b0 + v1.u * b1 + v2.u * b2, v0.v * b0 + v1.v * b1 + v2.v * b2, texel);
            }
            const float sr = (v0.r * b0 + v1.r * b1 + v2.r * b2) * texel[0];
            const float sg = (v0.g * b0 + v1.g * b1 + v2.g * b2) * texel[1];
            const float sb = (v0.b * b0 + v1.b * b1 + v2.b * b2) * texel[2];
            const float sa = (v0.a * b0 + v1.a * b1 + v2.a * b2) * texel[3];
            if (sa <= 0) continue;
            unsigned char* d = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
            auto blend = [sa](unsigned char dst, float src) {
                return static_cast<unsigned char>(std::clamp(src * 255.0f * sa + dst * (1 - sa) + 0.5f, 0.0f, 255.0f));
            };
            d[0] = blend(d[0], sr);
            d[1] = blend(d[1], sg);
            d[2] = blend(d[2], sb);
            d[3] = 255;
        }
    }
}

}  // namespace

Image rasterize(const ImDrawData& data, const Texture& font_atlas, ImU32 clear,
                const std::vector<std::pair<ImTextureID, Texture>>& pictures) {
    Image img;
    img.width = static_cast<int>(data.DisplaySize.x);
    img.height = static_cast<int>(data.DisplaySize.y);
    img.rgba.resize(static_cast<std::size_t>(img.width) * img.height * 4);
    for (std::size_t i = 0; i < img.rgba.size(); i += 4) {
        img.rgba[i + 0] = (clear >> IM_COL32_R_SHIFT) & 0xFF;
        img.rgba[i + 1] = (clear >> IM_COL32_G_SHIFT) & 0xFF;
        img.rgba[i + 2] = (clear >> IM_COL32_B_SHIFT) & 0xFF;
        img.rgba[i + 3] = 0xFF;
    }
    const ImVec2 origin = data.DisplayPos;
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList* list = data.CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;  // we use none
            const Texture* texture = &font_atlas;
            for (const auto& [id, picture] : pictures)
                if (id == cmd.TextureId) texture = &picture;
            const ImVec4 clip(cmd.ClipRect.x - origin.x, cmd.ClipRect.y - origin.y, cmd.ClipRect.z - origin.x, cmd.ClipRect.w - origin.y);
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset + i;
                const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
                draw_triangle(img, clip, *texture, to_vertex(vtx[idx[0]], origin), to_vertex(vtx[idx[1]], origin),
                              to_vertex(vtx[idx[2]], origin));
            }
        }
    }
    return img;
}

void flip_vertically(Image& image) {
    const std::size_t row = static_cast<std::size_t>(image.width) * 4;
    for (int y = 0; y < image.height / 2; ++y)
        std::swap_ranges(image.rgba.begin() + y * row, image.rgba.begin() + (y + 1) * row,
                         image.rgba.begin() + (image.height - 1 - y) * row);
}

bool write_png(const std::string& path, const Image& image, std::string* error) {
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (image.width <= 0 || image.height <= 0 ||
        !stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4)) {
        if (error) *error = "cannot write the screenshot " + path + (ec ? " (" + ec.message() + ")" : "");
        return false;
    }
    return true;
}

}  // namespace workshop::kiosk
