// late_libraries_test.cpp — libpq is opened at the first hub connection (engine/src/libpq.h), not
// when a program that links the engine starts: an idle kiosk and most `workshop` commands never
// reach a hub. Each test case runs in a process of its own (catch_discover_tests).
#include <catch2/catch.hpp>

#include <string>

#include "support/files.h"
#include "workshop/hub.h"

using test::mapped;

TEST_CASE("libpq is opened at the first hub connection, and a connection through it fails with the hub's reason",
          "[hub][startup]") {
    CHECK_FALSE(mapped("libpq.so"));
    // Port 1 on this machine: nothing listens there, so libpq itself answers.
    workshop::Outcome<std::unique_ptr<workshop::HubConnection>> hub =
        workshop::HubConnection::connect("postgresql://kiosk@127.0.0.1:1/workshop");
    REQUIRE_FALSE(hub);
    CHECK(hub.message().rfind("cannot connect to the hub: ", 0) == 0);
    CHECK(hub.message().find("libpq.so.5") == std::string::npos);  // libpq opened: its own reason
    CHECK(hub.message().find("127.0.0.1") != std::string::npos);
    CHECK(mapped("libpq.so.5"));
}
