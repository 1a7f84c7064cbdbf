// pointer_events_test.cpp — the window feeds ImGui the pointer from its events, not from the X
// server (pointer_events.h): a quick tap (press and release in one batch) is still one frame
// down and one up, and the pointer is where the last event put it.
#include <catch2/catch.hpp>

#include <cfloat>

#include "pointer_events.h"

using namespace workshop::kiosk;

namespace {

bool nowhere(const ImGuiIO& io) { return io.MousePos.x == -FLT_MAX && io.MousePos.y == -FLT_MAX; }

}  // namespace

TEST_CASE("a quick tap is down for one frame and up in the next") {
    PointerEvents pointer;
    ImGuiIO io;
    pointer.moved(330, 330);
    pointer.button(0, true);
    pointer.button(0, false);  // the same batch
    pointer.feed(io);
    CHECK(io.MouseDown[0]);
    CHECK(pointer.press_already_over());
    CHECK(io.MousePos.x == 330);
    CHECK(io.MousePos.y == 330);
    pointer.feed(io);
    CHECK_FALSE(io.MouseDown[0]);
    CHECK_FALSE(pointer.press_already_over());
}

TEST_CASE("a held press stays down until its release") {
    PointerEvents pointer;
    ImGuiIO io;
    pointer.moved(10, 20);
    pointer.button(0, true);
    pointer.feed(io);
    CHECK(io.MouseDown[0]);
    CHECK_FALSE(pointer.press_already_over());
    pointer.moved(14, 20);
    pointer.feed(io);
    CHECK(io.MouseDown[0]);
    CHECK(io.MousePos.x == 14);
    pointer.button(0, false);
    pointer.feed(io);
    CHECK_FALSE(io.MouseDown[0]);
    CHECK_FALSE(pointer.press_already_over());
}

TEST_CASE("the other buttons are fed too, and unknown ones ignored") {
    PointerEvents pointer;
    ImGuiIO io;
    pointer.button(1, true);
    pointer.button(7, true);
    pointer.button(-1, true);
    pointer.feed(io);
    CHECK_FALSE(io.MouseDown[0]);
    CHECK(io.MouseDown[1]);
    CHECK_FALSE(io.MouseDown[2]);
}

TEST_CASE("the pointer is nowhere before an event placed it and outside the window") {
    PointerEvents pointer;
    ImGuiIO io;
    CHECK_FALSE(pointer.knows_position());
    pointer.feed(io);
    CHECK(nowhere(io));
    pointer.moved(5, 6);
    CHECK(pointer.knows_position());
    pointer.feed(io);
    CHECK(io.MousePos.x == 5);
    pointer.entered(false);
    pointer.feed(io);
    CHECK(nowhere(io));
    // A finger that drags out of the window keeps its pointer until it lets go.
    pointer.button(0, true);
    pointer.moved(-3, 6);
    pointer.feed(io);
    CHECK(io.MousePos.x == -3);
    pointer.button(0, false);
    pointer.feed(io);
    CHECK(nowhere(io));
    pointer.entered(true);
    pointer.feed(io);
    CHECK(io.MousePos.x == -3);
}
