// damage_test.cpp — a software-rendered kiosk redraws only what a frame changed (damage.h): the
// rectangles found must hold every pixel that differs between two frames, and stay small for a tap.
#include <cstring>
#include <initializer_list>

#include "damage.h"
#include "support/kiosk_harness.h"

using namespace kiosk_test;

namespace {

bool inside(const std::vector<PixelRect>& rects, int x, int y) {
    for (const PixelRect& r : rects)
        if (x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1) return true;
    return false;
}

// Pixels that differ between the two pictures and lie outside every rectangle.
int changed_outside(const Image& a, const Image& b, const std::vector<PixelRect>& rects) {
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    int outside = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            const std::size_t at = (static_cast<std::size_t>(y) * a.width + x) * 4;
            if (std::memcmp(&a.rgba[at], &b.rgba[at], 4) != 0 && !inside(rects, x, y)) ++outside;
        }
    return outside;
}

// True when the rectangles hold [x0, x1) × [y0, y1).
bool covers(const std::vector<PixelRect>& rects, int x0, int y0, int x1, int y1) {
    for (const PixelRect& r : rects)
        if (r.x0 <= x0 && r.y0 <= y0 && r.x1 >= x1 && r.y1 >= y1) return true;
    return false;
}

long long area(const std::vector<PixelRect>& rects) {
    long long sum = 0;
    for (const PixelRect& r : rects) sum += r.area();
    return sum;
}

// Plays `script`, then checks the damage against the pictures before and after.
struct Watched {
    Kiosk& kiosk;
    DamageTracker tracker;
    Image last;
    explicit Watched(Kiosk& k) : kiosk(k) {
        tracker.next(*ImGui::GetDrawData());
        last = kiosk.headless().screenshot();
    }
    std::vector<PixelRect> after(const std::string& script, int line) {
        kiosk.run(script, __FILE__, line);
        const std::vector<PixelRect> damage = tracker.next(*ImGui::GetDrawData());
        Image now = kiosk.headless().screenshot();
        CHECK(changed_outside(last, now, damage) == 0);
        last = std::move(now);
        return damage;
    }
};

}  // namespace

TEST_CASE("a tap on a card damages the card and the dots left, not the screen", "[ui][damage]") {
    Kiosk k(sample_scenario(), {1080, 1920});
    KIOSK_RUN(k, to_dot_vote_en);
    Watched w(k);
    const long long screen = 1080LL * 1920;

    const auto first = w.after("tap \"Housing\"\nexpect \"4 dots left\"\n", __LINE__);
    CHECK(!first.empty());
    CHECK(area(first) < screen / 4);
    const auto second = w.after("tap \"Language\"\nexpect \"3 dots left\"\n", __LINE__);
    CHECK(area(second) < screen / 4);
    const auto minus = w.after("tap \"− Housing\"\nexpect \"4 dots left\"\n", __LINE__);
    CHECK(area(minus) < screen / 4);
    // Nothing new drawn: nothing to redraw.
    CHECK(w.after("wait 0.01\n", __LINE__).empty());
}

TEST_CASE("another screen, a note and a popup are covered as a whole", "[ui][damage]") {
    Kiosk k(sample_scenario(), {1080, 1920});
    Watched w(k);
    w.after("tap \"Raak het scherm aan om te beginnen\"\n", __LINE__);
    w.after("tap \"English\"\n", __LINE__);
    w.after("tap \"Employer\"\nexpect \"Welcome\"\n", __LINE__);
    w.after("tap \"Next →\"\n", __LINE__);
    w.after("tap \"Housing\"\ntap \"Housing\"\ntap \"Housing\"\ntap \"Housing\"\n", __LINE__);  // the cap's note
    w.after("wait 70\n", __LINE__);  // "Are you still there?" over the vote
}

TEST_CASE("damage rectangles merge when near and stay few", "[ui][damage]") {
    // Joined when the union adds fewer than 2 000 pixels (what a rectangle of its own costs).
    auto kept = merge_rects({{0, 0, 100, 100}, {130, 0, 230, 100}}, 4);  // adds 3 000
    REQUIRE(kept.size() == 2);
    auto joined = merge_rects({{0, 0, 100, 100}, {110, 0, 210, 100}}, 4);  // adds 1 000
    REQUIRE(joined.size() == 1);
    CHECK((joined[0].x0 == 0 && joined[0].y0 == 0 && joined[0].x1 == 210 && joined[0].y1 == 100));
    // A chain joined through the union: c brings a and b close enough (each join adds 1 000).
    auto chain = merge_rects({{0, 0, 100, 100}, {380, 0, 480, 100}, {110, 0, 370, 100}}, 4);
    REQUIRE(chain.size() == 1);
    CHECK(chain[0].x1 == 480);
    // A card's border: four thin sides stay four, not the whole card (610 x 250).
    auto border = merge_rects({{0, 0, 610, 4}, {0, 246, 610, 250}, {0, 0, 4, 250}, {606, 0, 610, 250}}, 16);
    CHECK(border.size() == 4);
    CHECK(area(border) < 610 * 250 / 10);
    // Copied to the window, the card is one rectangle: a copy waits for the X server.
    const auto copied = merge_rects(border, 16, kCopyJoin);
    REQUIRE(copied.size() == 1);
    CHECK((copied[0].x0 == 0 && copied[0].y0 == 0 && copied[0].x1 == 610 && copied[0].y1 == 250));
    // Five far apart, at most two: the pairs whose union adds least are joined first (the two
    // left squares, the two right ones, then those two columns), the far one stays alone.
    auto few = merge_rects({{0, 0, 100, 100}, {0, 1000, 100, 1100}, {1000, 0, 1100, 100}, {1000, 1000, 1100, 1100},
                            {5000, 5000, 5100, 5100}}, 2);
    REQUIRE(few.size() == 2);
    CHECK(area(few) == 1100LL * 1100 + 100 * 100);
    CHECK(merge_rects({{5, 5, 5, 9}}, 4).empty());  // nothing in an empty rectangle
}

TEST_CASE("overlapping damage is cut into pieces that share no pixel", "[ui][damage]") {
    // A card's top side and left side share the corner (0..4, 0..4).
    const auto pieces = disjoint({{0, 0, 610, 4}, {0, 0, 4, 250}, {100, 100, 200, 200}, {150, 150, 250, 250}});
    // Every pixel of the union in exactly one piece.
    for (int y = 0; y < 260; ++y)
        for (int x = 0; x < 620; ++x) {
            int holding = 0;
            for (const PixelRect& p : pieces) holding += x >= p.x0 && x < p.x1 && y >= p.y0 && y < p.y1;
            const bool in_union = (y < 4 && x < 610) || (x < 4 && y < 250) || (x >= 100 && x < 200 && y >= 100 && y < 200) ||
                                  (x >= 150 && x < 250 && y >= 150 && y < 250);
            REQUIRE(holding == (in_union ? 1 : 0));
        }
    CHECK(area(pieces) == 610 * 4 + 4 * 246 + 100 * 100 + 100 * 100 - 50 * 50);
}

namespace {

// A triangle of its own three corners, added to `list` (a command's ElemCount is the caller's).
void add_triangle(ImDrawList& list, std::initializer_list<ImVec2> corners, ImU32 colour) {
    const ImDrawIdx first = static_cast<ImDrawIdx>(list.VtxBuffer.Size);
    for (ImVec2 p : corners) {
        ImDrawVert v{};
        v.pos = p;
        v.col = colour;
        list.VtxBuffer.push_back(v);
    }
    for (ImDrawIdx i = 0; i < 3; ++i) list.IdxBuffer.push_back(static_cast<ImDrawIdx>(first + i));
}

// One command list as the backend gets it, at framebuffer scale 1.
struct OneList {
    ImDrawList* lists[1];
    ImDrawData data;
    OneList(ImDrawList& list, ImVec2 size) : lists{&list} {
        data.Valid = true;
        data.CmdLists = lists;
        data.CmdListsCount = 1;
        data.TotalVtxCount = list.VtxBuffer.Size;
        data.TotalIdxCount = list.IdxBuffer.Size;
        data.DisplaySize = size;
        data.FramebufferScale = ImVec2(1, 1);
    }
    // `list` with one command over all its triangles, clipped to the screen.
    static OneList whole(ImDrawList& list, ImVec2 size) {
        ImDrawCmd cmd;
        cmd.ClipRect = ImVec4(0, 0, size.x, size.y);
        cmd.ElemCount = static_cast<unsigned>(list.IdxBuffer.Size);
        list.CmdBuffer.push_back(cmd);
        return OneList(list, size);
    }
    OneList(const OneList&) = delete;  // `data` points into `lists`
    OneList& operator=(const OneList&) = delete;
};

}  // namespace

TEST_CASE("a command cut to a rectangle gets the backend's scissor inside it and only the triangles that reach it",
          "[ui][damage]") {
    ImDrawCmd cmd;
    cmd.ClipRect = ImVec4(10.5f, 20.25f, 100.7f, 200.9f);
    // glScissor(10, (int)(1000 - 200.9) = 799, (int)90.2 = 90, (int)180.65 = 180): rows 21 to 200.
    const PixelRect box = backend_scissor(cmd, ImVec2(0, 0), 1000);
    CHECK((box.x0 == 10 && box.x1 == 100 && box.y0 == 21 && box.y1 == 201));
    ImDrawList list(nullptr);  // holds commands only: no context needed
    // Two triangles: one at x 20..30, one at x 70..80, both rows 30..40.
    for (float x0 : {20.0f, 70.0f})
        add_triangle(list, {ImVec2(x0, 30), ImVec2(x0 + 10, 30), ImVec2(x0, 40)}, IM_COL32(x0, 0, 0, 255));
    cmd.ElemCount = 6;
    list.CmdBuffer.push_back(cmd);
    const OneList one(list, ImVec2(800, 1000));
    const ImDrawData& data = one.data;
    DamagedPart part;
    // Columns 65..75: the command's scissor there, and only the second triangle, its corners copied.
    const ImDrawData& cut = part.cut(data, {{65, 0, 75, 1000}});
    REQUIRE(cut.CmdListsCount == 1);
    const ImDrawList& out = *cut.CmdLists[0];
    REQUIRE(out.CmdBuffer.Size == 1);
    const PixelRect limited = backend_scissor(out.CmdBuffer[0], ImVec2(0, 0), 1000);
    CHECK((limited.x0 == 65 && limited.x1 == 75 && limited.y0 == 21 && limited.y1 == 201));
    CHECK(part.triangles() == 1);
    REQUIRE(out.VtxBuffer.Size == 3);
    CHECK(out.VtxBuffer[0].pos.x == 70.0f);
    CHECK(out.VtxBuffer[out.IdxBuffer[1]].pos.x == 80.0f);
    // Two rectangles, each reaching one triangle: the command twice, one triangle each.
    part.cut(data, {{0, 0, 25, 1000}, {79, 0, 90, 1000}});
    CHECK(part.triangles() == 2);
    CHECK(cut.CmdLists[0]->CmdBuffer.Size == 2);
    // The fixed-function backend ignores VtxOffset: every index counts from the list's first vertex.
    const ImDrawList& both = *cut.CmdLists[0];
    for (const ImDrawCmd& c : both.CmdBuffer) CHECK(c.VtxOffset == 0u);
    CHECK(both.VtxBuffer[both.IdxBuffer[static_cast<int>(both.CmdBuffer[1].IdxOffset) + 1]].pos.x == 80.0f);
    // Outside the command's own scissor, or between the triangles: nothing to draw.
    CHECK(part.cut(data, {{200, 0, 300, 10}}).CmdListsCount == 0);
    CHECK(part.cut(data, {{45, 0, 60, 1000}}).CmdListsCount == 0);
}

TEST_CASE("a cut that copies more vertices than 16-bit indices reach goes on in another list", "[ui][damage]") {
    ImDrawList list(nullptr);
    const int triangles = 21000;  // 63,000 vertices, each triangle across the whole width
    for (int t = 0; t < triangles; ++t) add_triangle(list, {ImVec2(0, 10), ImVec2(800, 10), ImVec2(0, 20)}, 0);
    const OneList one = OneList::whole(list, ImVec2(800, 1000));
    DamagedPart part;
    // Both rectangles reach every triangle: 126,000 vertices, more than one list can index.
    const ImDrawData& cut = part.cut(one.data, {{0, 0, 100, 1000}, {400, 0, 500, 1000}});
    CHECK(cut.CmdListsCount == 2);
    CHECK(part.triangles() == 2 * triangles);
    for (int l = 0; l < cut.CmdListsCount; ++l) {
        const ImDrawList& out = *cut.CmdLists[l];
        CHECK(out.VtxBuffer.Size <= 65536);
        int beyond = 0;
        for (const ImDrawIdx i : out.IdxBuffer) beyond += i >= out.VtxBuffer.Size;
        CHECK(beyond == 0);
    }
}

// A frame drawn as the OpenGL backend scissors it: whole pixels, as backend_scissor() says.
Image drawn_whole(Kiosk& k, DamagedPart& part, const ImDrawData& data) {
    const PixelRect screen{0, 0, static_cast<int>(data.DisplaySize.x), static_cast<int>(data.DisplaySize.y)};
    return k.headless().screenshot(part.cut(data, {screen}));
}

TEST_CASE("a frame redrawn only where damaged equals a full redraw pixel for pixel", "[ui][damage]") {
    // The window drawing the cut part either draws the background or clears to its colour (as
    // the software rasterizer here does before drawing).
    const bool without_background = GENERATE(false, true);
    Kiosk k(sample_scenario(), {1080, 1920});
    KIOSK_RUN(k, to_dot_vote_en);
    REQUIRE(opaque_background(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts) == ImGui::GetColorU32(ImGuiCol_WindowBg));
    DamageTracker tracker;
    DamagedPart part;
    tracker.next(*ImGui::GetDrawData());
    Image shown = drawn_whole(k, part, *ImGui::GetDrawData());
    int frames = 0;
    for (const char* tap : {"tap \"Housing\"\nexpect \"4 dots left\"\n", "tap \"Language\"\nexpect \"3 dots left\"\n",
                            "tap \"− Housing\"\nexpect \"4 dots left\"\n", "tap \"Housing\"\ntap \"Housing\"\ntap \"Housing\"\n"}) {
        k.run(tap, __FILE__, __LINE__);
        const ImDrawData& frame = *ImGui::GetDrawData();
        int all_triangles = 0;
        for (int l = 0; l < frame.CmdListsCount; ++l) all_triangles += frame.CmdLists[l]->IdxBuffer.Size / 3;
        const std::vector<PixelRect> damage = disjoint(tracker.next(frame));
        REQUIRE(!damage.empty());
        // The damaged part alone, drawn over the picture on screen, rectangle by rectangle.
        const Image redrawn = k.headless().screenshot(part.cut(frame, damage, without_background));
        if (area(damage) < 1080LL * 1920) CHECK(part.triangles() < all_triangles / 2);  // the culling culls
        for (const PixelRect& r : damage)
            for (int y = r.y0; y < r.y1; ++y)
                std::memcpy(&shown.rgba[(static_cast<std::size_t>(y) * shown.width + r.x0) * 4],
                            &redrawn.rgba[(static_cast<std::size_t>(y) * shown.width + r.x0) * 4],
                            static_cast<std::size_t>(r.x1 - r.x0) * 4);
        const Image full = drawn_whole(k, part, frame);
        REQUIRE(full.rgba.size() == shown.rgba.size());
        CHECK(changed_outside(shown, full, {}) == 0);  // not one pixel differs
        ++frames;
    }
    CHECK(frames == 4);
}

// An ImGui context of 200 x 100 pixels with its font atlas built, for one test.
struct SmallScreen {
    SmallScreen() : context(ImGui::CreateContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(200, 100);
        io.DeltaTime = 1.0f / 60;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~SmallScreen() { ImGui::DestroyContext(context); }
    SmallScreen(const SmallScreen&) = delete;
    SmallScreen& operator=(const SmallScreen&) = delete;
    ImGuiContext* context;
};

TEST_CASE("the same triangles drawn in another order damage where they overlap", "[ui][damage]") {
    SmallScreen screen;
    DamageTracker tracker;
    auto frame = [&](bool red_on_top) {
        ImGui::NewFrame();
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        const ImU32 red = IM_COL32(255, 0, 0, 255), blue = IM_COL32(0, 0, 255, 255);
        auto red_square = [&] { dl->AddRectFilled(ImVec2(10, 10), ImVec2(60, 60), red); };
        auto blue_square = [&] { dl->AddRectFilled(ImVec2(40, 40), ImVec2(90, 90), blue); };
        if (red_on_top) blue_square(), red_square();
        else red_square(), blue_square();
        dl->AddRectFilled(ImVec2(150, 10), ImVec2(190, 20), IM_COL32(0, 128, 0, 255));  // unchanged
        ImGui::Render();
        return tracker.next(*ImGui::GetDrawData());
    };
    CHECK(frame(false).size() == 1);  // the first frame: the whole screen
    CHECK(frame(false).empty());
    // Red comes to the front: every triangle is the same, only their order differs.
    const auto swapped = frame(true);
    CHECK(covers(swapped, 40, 40, 60, 60));
}

TEST_CASE("only a rectangle of one opaque colour over the whole screen, drawn first, is a background", "[ui][damage]") {
    SmallScreen screen;
    ImGuiIO& io = ImGui::GetIO();
    auto background = [&](ImVec2 min, ImVec2 max, ImU32 color, bool textured = false) {
        ImGui::NewFrame();
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        if (textured) dl->AddImage(io.Fonts->TexID, min, max);  // the atlas itself, not its white pixel
        else dl->AddRectFilled(min, max, color);
        dl->AddRectFilled(ImVec2(10, 10), ImVec2(20, 20), IM_COL32(255, 0, 0, 255));
        ImGui::Render();
        return opaque_background(*ImGui::GetDrawData(), *io.Fonts);
    };
    const ImU32 sand = IM_COL32(244, 242, 237, 255);
    CHECK(background(ImVec2(0, 0), ImVec2(200, 100), sand) == sand);
    CHECK(background(ImVec2(-5, -5), ImVec2(205, 105), sand) == sand);  // reaching past the screen
    CHECK_FALSE(background(ImVec2(0, 0), ImVec2(200, 100), IM_COL32(244, 242, 237, 254)));  // see-through
    CHECK_FALSE(background(ImVec2(1, 0), ImVec2(200, 100), sand));  // a column left out
    CHECK_FALSE(background(ImVec2(0, 0), ImVec2(200, 99), sand));   // a row left out
    CHECK_FALSE(background(ImVec2(0, 0), ImVec2(200, 100), sand, true));
    ImGui::NewFrame();  // nothing drawn at all
    ImGui::Render();
    CHECK_FALSE(opaque_background(*ImGui::GetDrawData(), *io.Fonts));
}

TEST_CASE("a cut without the background leaves out exactly its two triangles", "[ui][damage]") {
    ImDrawList list(nullptr);
    add_triangle(list, {ImVec2(0, 0), ImVec2(800, 0), ImVec2(800, 1000)}, IM_COL32(1, 2, 3, 255));
    add_triangle(list, {ImVec2(0, 0), ImVec2(800, 1000), ImVec2(0, 1000)}, IM_COL32(1, 2, 3, 255));
    add_triangle(list, {ImVec2(10, 10), ImVec2(20, 10), ImVec2(10, 20)}, IM_COL32(9, 9, 9, 255));
    const OneList one = OneList::whole(list, ImVec2(800, 1000));
    DamagedPart part;
    CHECK(part.cut(one.data, {{0, 0, 100, 100}}).TotalIdxCount == 9);
    const ImDrawData& cut = part.cut(one.data, {{0, 0, 100, 100}}, true);
    REQUIRE(cut.TotalIdxCount == 3);
    CHECK(cut.CmdLists[0]->VtxBuffer[0].col == IM_COL32(9, 9, 9, 255));
}
