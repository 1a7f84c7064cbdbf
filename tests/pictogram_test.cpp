// pictogram_test.cpp — `icon` and `image` on options and roles (scenario-format.md,
// "Additions"): valid and invalid values with their positions, and the pictures a session
// stores so that a file changed on disk later changes nothing the session shows or reports.

#include "sha256.h"
#include "support/cli.h"
#include "support/database.h"
#include "support/pictures.h"
#include "support/scenarios.h"
#include "support/temp_dir.h"
#include "workshop/store.h"

using namespace workshop;

namespace {

// A scenario with one dot_vote whose first option carries `option_extra` (written inside its
// inline table, from column 37) and one role with `role_extra` (its own line, line 7).
// Lines: 1-4 head, 5 [[role]], 6 id, 7 role_extra, 8 label, 9 [[step]] ... 14 options.
std::string scenario_with(const std::string& option_extra, const std::string& role_extra = "") {
    return "format = 1\nid = \"p\"\nlanguages = [\"nl\", \"en\"]\ntitle = \"P\"\n"
           "[[role]]\nid = \"r\"\n" + role_extra + "\nlabel = \"R\"\n"
           "[[step]]\nid = \"s\"\ntype = \"dot_vote\"\ntitle = \"S\"\ndots = 3\n"
           "options = [{ id = \"a\", label = \"A\"" + (option_extra.empty() ? "" : ", " + option_extra) +
           " }, { id = \"b\", label = \"B\" }]\n";
}

// Loads `text` as the file `name` in `dir`; expects exactly one error when `line` > 0.
ScenarioLoad load_in(const test::TempDir& dir, const std::string& text, const std::string& name = "s.toml") {
    test::write_text(dir / name, text);
    return load_scenario_file(dir / name);
}

void check_one_error(const ScenarioLoad& load, int line, int column, const std::string& piece) {
    INFO(format_diagnostics(load.errors));
    REQUIRE_FALSE(load.ok());
    REQUIRE(load.errors.size() == 1);
    CHECK(load.errors[0].line == line);
    CHECK(load.errors[0].column == column);
    CHECK_THAT(load.errors[0].message, Catch::Contains(piece));
}

}  // namespace

TEST_CASE("icon: a Font Awesome 4.7 name on an option and a role, aliases included", "[pictogram][icon]") {
    const ScenarioLoad load = parse_scenario(scenario_with("icon = \"home\"", "icon = \"navicon\""), "i.toml");
    INFO(format_diagnostics(load.errors));
    REQUIRE(load.ok());
    const Option& a = load.scenario->steps[0].options[0];
    CHECK(a.pictogram.icon == "home");
    CHECK(a.pictogram.codepoint == 0xf015);  // font-awesome.css: .fa-home:before { content: "\f015" }
    CHECK(a.pictogram.image.empty());
    CHECK(load.scenario->steps[0].options[1].pictogram.empty());
    // navicon is an alias of bars (\f0c9).
    CHECK(load.scenario->roles[0].pictogram.icon == "navicon");
    CHECK(load.scenario->roles[0].pictogram.codepoint == 0xf0c9);
}

TEST_CASE("icon: unknown names are errors at the key naming the closest name", "[pictogram][icon]") {
    // Option keys start at column 37 ("options = [{ id = \"a\", label = \"A\", " is 36 characters).
    check_one_error(parse_scenario(scenario_with("icon = \"hme\""), "i.toml"), 14, 37, "did you mean `home`?");
    check_one_error(parse_scenario(scenario_with("icon = \"briefcse\""), "i.toml"), 14, 37, "did you mean `briefcase`?");
    check_one_error(parse_scenario(scenario_with("icon = \"fa-users\""), "i.toml"), 14, 37, "did you mean `users`?");
    check_one_error(parse_scenario(scenario_with("", "icon = \"hom\""), "i.toml"), 7, 1, "unknown icon `hom`");
    // A wrong type is reported at the value, as for every key.
    check_one_error(parse_scenario(scenario_with("icon = 5"), "i.toml"), 14, 44, "`icon` must be a text");
    // Still a typo-level suggestion for something far off: the closest name is always named.
    const ScenarioLoad far = parse_scenario(scenario_with("icon = \"zzzzzzzz\""), "i.toml");
    REQUIRE(far.errors.size() == 1);
    CHECK_THAT(far.errors[0].message, Catch::Contains("did you mean `"));
}

TEST_CASE("icon and image together are an error at the second of the two", "[pictogram]") {
    check_one_error(parse_scenario(scenario_with("icon = \"home\", image = \"x.png\""), "i.toml"), 14, 52,
                    "option `a` has both `icon` and `image`");
    check_one_error(parse_scenario(scenario_with("image = \"x.png\", icon = \"home\""), "i.toml"), 14, 54,
                    "has both `icon` and `image`");
}

TEST_CASE("image: a PNG or JPEG beside the scenario file is loaded with its size and hash", "[pictogram][image]") {
    test::TempDir dir;
    std::filesystem::create_directory(dir / "pictures");
    const std::string png = test::png_filled(3, 2, 0xD55E00FF);
    const std::string jpeg = test::jpeg_header(640, 480);
    test::write_text(dir / "pictures/housing.png", png);
    test::write_text(dir / "work.jpg", jpeg);
    const ScenarioLoad load =
        load_in(dir, scenario_with("image = \"pictures/housing.png\"", "image = \"work.jpg\""));
    INFO(format_diagnostics(load.errors));
    REQUIRE(load.ok());
    const Scenario& s = *load.scenario;
    CHECK(s.steps[0].options[0].pictogram.image == "pictures/housing.png");
    CHECK(s.roles[0].pictogram.image == "work.jpg");
    REQUIRE(s.picture("pictures/housing.png") != nullptr);
    CHECK(s.picture("pictures/housing.png")->bytes == png);
    CHECK(s.picture("pictures/housing.png")->sha256 == sha256_hex(png));
    CHECK(s.picture("pictures/housing.png")->width == 3);
    CHECK(s.picture("pictures/housing.png")->height == 2);
    REQUIRE(s.picture("work.jpg") != nullptr);
    CHECK(s.picture("work.jpg")->width == 640);
    CHECK(s.picture("work.jpg")->height == 480);
    CHECK(s.pictures.size() == 2);
}

TEST_CASE("image: missing, unreadable, not a picture, too large: an error at the key", "[pictogram][image]") {
    test::TempDir dir;
    test::write_text(dir / "notes.png", "just some text, not a picture\n");
    test::write_text(dir / "wide.png", test::png_header(4097, 10));
    test::write_text(dir / "tall.jpg", test::jpeg_header(100, 5000));
    test::write_text(dir / "edge.png", test::png_header(4096, 4096));  // exactly at the limit: fine
    std::string big = test::png_header(10, 10);
    big.resize(max_picture_bytes + 1, '\0');
    test::write_text(dir / "big.png", big);
    std::filesystem::create_directory(dir / "folder.png");
    test::write_text(dir / "locked.png", test::png_filled(1, 1, 0xFFFFFFFF));
    std::filesystem::permissions(dir / "locked.png", std::filesystem::perms::none);

    struct Bad {
        std::string value;
        std::string piece;
    };
    const std::vector<Bad> cases = {
        {"missing.png", "cannot be opened"},
        {"notes.png", "is not a PNG or JPEG picture"},
        {"wide.png", "is 4097×10 pixels, more than 4096 on a side"},
        {"tall.jpg", "is 100×5000 pixels"},
        {"big.png", "is larger than 4 MiB"},
        {"folder.png", "is a folder"},
        {"", "`image` is empty"},
        {"/etc/hostname", "must be a path relative to the scenario file"},
    };
    for (const Bad& bad : cases) {
        INFO("image = " << bad.value);
        check_one_error(load_in(dir, scenario_with("image = \"" + bad.value + "\"")), 14, 37, bad.piece);
        check_one_error(load_in(dir, scenario_with("", "image = \"" + bad.value + "\"")), 7, 1, bad.piece);
    }
    CHECK(load_in(dir, scenario_with("image = \"edge.png\"")).ok());
    if (::geteuid() != 0)  // root reads any file
        check_one_error(load_in(dir, scenario_with("image = \"locked.png\"")), 14, 37, "cannot be opened");
    // A wrong type is an error at the value.
    check_one_error(load_in(dir, scenario_with("image = true")), 14, 45, "`image` must be a text");
}

TEST_CASE("image: a picture shown by several options is read once, and `workshop validate` checks it",
          "[pictogram][image]") {
    test::TempDir dir;
    test::write_text(dir / "p.png", test::png_filled(2, 2, 0x000000FF));
    const std::string text = scenario_with("image = \"p.png\"", "image = \"p.png\"");
    ScenarioLoad load = load_in(dir, text);
    REQUIRE(load.ok());
    CHECK(load.scenario->pictures.size() == 1);

    CHECK(test::run_cli({"validate", dir / "s.toml"}).status == 0);
    std::filesystem::remove(dir / "p.png");
    const test::CliRun run = test::run_cli({"validate", dir / "s.toml"});
    CHECK(run.status != 0);
    CHECK_THAT(run.err, Catch::Contains(dir / "s.toml" + ":7:1: error: picture \"p.png\" cannot be opened"));
}

TEST_CASE("a session stores its pictures: a picture changed on disk later changes nothing it shows or reports",
          "[pictogram][image][session]") {
    test::TempDir dir;
    const std::string before = test::png_filled(4, 4, 0x0072B2FF);
    const std::string after = test::png_filled(8, 2, 0xE69F00FF);
    test::write_text(dir / "p.png", before);
    const std::string text = scenario_with("image = \"p.png\"");
    const std::string db = dir / "w.db";
    std::int64_t id = 0;
    {
        ScenarioLoad load = load_in(dir, text);
        REQUIRE(load.ok());
        auto session = Session::open(db, std::move(*load.scenario));
        REQUIRE(session.ok());
        id = (*session)->id();
        CHECK((*session)->scenario().picture("p.png")->bytes == before);
    }
    test::write_text(dir / "p.png", after);  // the facilitator replaces the picture mid-workshop
    {
        ScenarioLoad load = load_in(dir, text);
        REQUIRE(load.ok());
        CHECK(load.scenario->picture("p.png")->bytes == after);  // the file as it is now
        auto session = Session::open(db, std::move(*load.scenario));
        REQUIRE(session.ok());
        CHECK((*session)->id() == id);  // the same text: the session resumes...
        const Picture* shown = (*session)->scenario().picture("p.png");
        REQUIRE(shown != nullptr);
        CHECK(shown->bytes == before);  // ...with the picture its voters saw
        CHECK(shown->width == 4);
        CHECK(shown->sha256 == sha256_hex(before));
    }
    {
        auto store = Store::open(db, Store::OpenMode::existing);
        REQUIRE(store.ok());
        auto stored = (*store)->pictures(id);
        REQUIRE(stored.ok());
        REQUIRE(stored->size() == 1);
        CHECK(stored->at("p.png").bytes == before);
        // The stored scenario reads its pictures from the database, never from the disk.
        std::filesystem::remove(dir / "p.png");
        ScenarioLoad again = parse_scenario(text, dir / "s.toml", &*stored);
        INFO(format_diagnostics(again.errors));
        REQUIRE(again.ok());
        CHECK(again.scenario->picture("p.png")->bytes == before);
        // The database refuses to change what voters saw.
        test::Connection raw(db);
        CHECK(raw.exec("UPDATE session_pictures SET bytes = x'00'") != SQLITE_OK);
        CHECK(raw.exec("DELETE FROM session_pictures") != SQLITE_OK);
    }
    // Reports need no picture file either: the command reads the stored session.
    CHECK(test::run_cli({"tally", "--db", db}).status == 0);
}

TEST_CASE("a schema 1 database with sessions is upgraded to hold pictures", "[pictogram][store]") {
    test::TempDir dir;
    const std::string db = dir / "old.db";
    {
        auto session = Session::open(db, test::scenario());
        REQUIRE(session.ok());
    }
    {
        // Back to what a schema 1 program wrote.
        test::Connection raw(db);
        REQUIRE(raw.exec("DROP TABLE session_pictures; DROP TABLE hub_rows; DROP TABLE hub_links;"
                         " PRAGMA user_version = 1") == SQLITE_OK);
    }
    auto store = Store::open(db);
    REQUIRE(store.ok());
    test::Connection raw(db);
    CHECK(raw.number("PRAGMA user_version") == 3);  // through schema 2 (pictures) to 3 (hub links)
    CHECK(raw.number("SELECT COUNT(*) FROM sessions") == 1);
    auto pictures = (*store)->pictures(1);
    REQUIRE(pictures.ok());
    CHECK(pictures->empty());
}
