// pictograms.h — what an option or a role shows beside its text (scenario `icon` / `image`):
// Font Awesome icons from the font atlas, pictures as textures.
//
// Pictures are decoded from the bytes the session stored (never from the file on disk), scaled
// down to at most max_side pixels: a card shows them a few hundred pixels wide, and a 4096 px
// RGBA picture would hold 64 MB. The window uploads them to the GPU (PictureTexture::id); the
// headless renderer samples `rgba` directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "workshop/scenario.h"

namespace workshop::kiosk {

struct ScreenContext;
struct Rect;

struct PictureTexture {
    std::string image;  // the `image` path it was loaded for
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
    ImTextureID id = nullptr;  // set by whoever draws the frames (GPU texture, or headless)
};

class PictureTextures {
public:
    static constexpr int max_side = 512;
    // Decodes the scenario's pictures when the scenario is another one than last time.
    void sync(const Scenario* scenario);
    const PictureTexture* find(std::string_view image) const;
    std::vector<PictureTexture>& all() { return m_textures; }
    unsigned serial() const { return m_serial; }  // changes whenever the set is decoded anew

private:
    const Scenario* m_scenario = nullptr;
    std::string m_sha256;
    std::vector<PictureTexture> m_textures;
    unsigned m_serial = 0;
};

// Font Awesome's "volume-up": the read-aloud button (chrome.cpp).
constexpr std::uint32_t speaker_icon = 0xF028;

// The Font Awesome code points the scenario's options and roles use (the atlas gets only these),
// and the speaker when the kiosk reads aloud.
std::vector<ImWchar> icon_codepoints(const Scenario* scenario, bool read_aloud = false);

// Draws `pictogram` centred in `box`: an icon in `color` as large as the box, a picture fitted
// with its proportions kept. Nothing when the pictogram is empty (or its picture is not loaded).
void draw_pictogram(const ScreenContext& ctx, const Pictogram& pictogram, const Rect& box, ImU32 color);
// The same in a square of `side` (at most the area's height) cut off the left of `area`, with a
// gap after it; `area` is left as it is when the pictogram is empty.
void draw_pictogram_left(const ScreenContext& ctx, const Pictogram& pictogram, Rect& area, float side, ImU32 color);

}  // namespace workshop::kiosk
