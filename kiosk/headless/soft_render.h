// soft_render.h — a small software rasterizer for ImGui's draw data, so a headless kiosk (CI,
// no GPU) can take screenshots of every screen: textured, vertex-coloured triangles with
// scissor rectangles and alpha blending, as the OpenGL backend draws them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

namespace workshop::kiosk {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgba;  // width * height * 4, top row first
};

// A texture our frames use: ImGui's font atlas as RGBA32, or a scenario's picture.
struct Texture {
    const unsigned char* rgba = nullptr;
    int width = 0;
    int height = 0;
};

// Draws `data` over a background of `clear` into a new image of the display's size. Draw
// commands whose texture id is one of `pictures` sample that picture; all others the atlas.
Image rasterize(const ImDrawData& data, const Texture& font_atlas, ImU32 clear,
                const std::vector<std::pair<ImTextureID, Texture>>& pictures = {});

// Writes a PNG (stb_image_write); false with a message on failure. Creates missing folders.
bool write_png(const std::string& path, const Image& image, std::string* error);

// Flips rows in place (OpenGL reads the bottom row first).
void flip_vertically(Image& image);

}  // namespace workshop::kiosk
