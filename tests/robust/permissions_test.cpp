// permissions_test.cpp — what the kiosk writes about people stays readable by its owner only
// (mode 0600), even under a permissive umask: the database and its -wal/-shm files, whether the
// kiosk or `workshop import` created them, and the kiosk's config file (the PIN's hash).
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "robust_support.h"
#include "support/cli.h"
#ifdef WORKSHOP_HAVE_KIOSK
#include "kiosk_config.h"
#endif

using namespace workshop;

namespace {

// Sets the umask for the life of the object (000: the process would let everyone read anything).
class Umask {
public:
    explicit Umask(mode_t mask) : m_old(::umask(mask)) {}
    ~Umask() { ::umask(m_old); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

private:
    mode_t m_old;
};

}  // namespace

TEST_CASE("a database the kiosk creates is owner-only, with its -wal and -shm files") {
    test::TempDir dir;
    Umask open_umask(0);
    const std::string db = dir / "kiosk.db";
    auto session = Session::open(db, test::scenario());
    REQUIRE(session.ok());
    REQUIRE((*session)->cast_visit(test::visit("v1")));
    for (const char* suffix : {"", "-wal", "-shm"}) {
        INFO(db + suffix);
        CHECK(robust::mode_of(db + suffix) == 0600);
    }
}

TEST_CASE("a database `workshop import` creates is owner-only") {
    test::TempDir dir;
    Umask open_umask(0);
    const std::string scenario = dir / "s.toml", ballots = dir / "ballots.csv", db = dir / "imported.db";
    test::write_text(scenario, test::scenario_text());
    test::write_text(ballots, "ballot,step,option,value\r\nv1,themes,housing,2\r\n");
    REQUIRE(test::run_cli({"import", "--db", db, "--scenario", scenario, ballots}).status == 0);
    CHECK(robust::mode_of(db) == 0600);
    for (const char* suffix : {"-wal", "-shm"})
        if (::access((db + suffix).c_str(), F_OK) == 0) CHECK(robust::mode_of(db + suffix) == 0600);
}

#ifdef WORKSHOP_HAVE_KIOSK
TEST_CASE("the kiosk's config file (the PIN hash) is owner-only, new or rewritten") {
    test::TempDir dir;
    Umask open_umask(0);
    const std::string config = dir / "kiosk.toml";
    using workshop::kiosk::write_config_values;
    REQUIRE(write_config_values(config, {{"pin_hash", workshop::kiosk::toml_string("sha256i$1$00$00")}}));
    CHECK(robust::mode_of(config) == 0600);

    // A config someone made readable for all is private again after the kiosk rewrites it.
    REQUIRE(::chmod(config.c_str(), 0644) == 0);
    REQUIRE(write_config_values(config, {{"supervised", "true"}}));
    CHECK(robust::mode_of(config) == 0600);
    CHECK_THAT(test::read_text(config), Catch::Contains("pin_hash"));  // the other line kept
}
#endif
