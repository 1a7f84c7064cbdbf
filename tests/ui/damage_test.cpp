// damage_test.cpp — a software-rendered kiosk redraws only what a frame changed (damage.h): the
// rectangles found must hold every pixel that differs between two frames, and stay small for a tap.
#include <cstring>

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
    // Joined when the union adds fewer than 8 000 pixels (the cost of a pass of its own).
    auto kept = merge_rects({{0, 0, 100, 100}, {300, 0, 400, 100}}, 4);  // adds 20 000
    REQUIRE(kept.size() == 2);
    auto joined = merge_rects({{0, 0, 100, 100}, {150, 0, 250, 100}}, 4);  // adds 5 000
    REQUIRE(joined.size() == 1);
    CHECK((joined[0].x0 == 0 && joined[0].y0 == 0 && joined[0].x1 == 250 && joined[0].y1 == 100));
    // A chain joined through the union: c brings a and b close enough.
    auto chain = merge_rects({{0, 0, 100, 100}, {400, 0, 500, 100}, {130, 0, 370, 100}}, 4);
    REQUIRE(chain.size() == 1);
    CHECK(chain[0].x1 == 500);
    // Five far apart, at most two: the pairs whose union adds least are joined first (the two
    // left squares, the two right ones, then those two columns), the far one stays alone.
    auto few = merge_rects({{0, 0, 100, 100}, {0, 1000, 100, 1100}, {1000, 0, 1100, 100}, {1000, 1000, 1100, 1100},
                            {5000, 5000, 5100, 5100}}, 2);
    REQUIRE(few.size() == 2);
    CHECK(area(few) == 1100LL * 1100 + 100 * 100);
    CHECK(merge_rects({{5, 5, 5, 9}}, 4).empty());  // nothing in an empty rectangle
}

TEST_CASE("a command limited to a rectangle gets exactly the backend's scissor inside it", "[ui][damage]") {
    ImDrawCmd cmd;
    cmd.ClipRect = ImVec4(10.5f, 20.25f, 100.7f, 200.9f);
    // glScissor(10, (int)(1000 - 200.9) = 799, (int)90.2 = 90, (int)180.65 = 180): rows 21 to 200.
    const PixelRect box = backend_scissor(cmd, ImVec2(0, 0), 1000);
    CHECK((box.x0 == 10 && box.x1 == 100 && box.y0 == 21 && box.y1 == 201));
    ImDrawList list(nullptr);  // holds commands only: no context needed
    list.CmdBuffer.push_back(cmd);
    ImDrawList* lists[] = {&list};
    ImDrawData data;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.DisplaySize = ImVec2(800, 1000);
    data.FramebufferScale = ImVec2(1, 1);
    const auto saved = clip_to(data, {50, 0, 60, 1000});
    const PixelRect limited = backend_scissor(list.CmdBuffer[0], ImVec2(0, 0), 1000);
    CHECK((limited.x0 == 50 && limited.x1 == 60 && limited.y0 == 21 && limited.y1 == 201));
    clip_to(data, {200, 0, 300, 10});  // outside the command's own scissor: drawn nowhere
    CHECK(backend_scissor(list.CmdBuffer[0], ImVec2(0, 0), 1000).empty());
    restore_clips(data, saved);
    CHECK(list.CmdBuffer[0].ClipRect.z == 100.7f);
}

TEST_CASE("the same triangles drawn in another order damage where they overlap", "[ui][damage]") {
    ImGuiContext* context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(200, 100);
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
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
    ImGui::DestroyContext(context);
}
