// scenario_cli_test.cpp — `workshop validate FILE...` end to end: the real binary (env
// WORKSHOP_CLI), its output streams and its exit status (0 valid, 1 invalid, 2 usage or I/O).
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(WORKSHOP_FIXTURES_DIR) / "scenarios";
const fs::path samples = fs::path(WORKSHOP_SOURCE_DIR) / "scenarios";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("validate: the samples are ok, exit 0", "[cli][validate]") {
    const std::string a = (samples / "almere-stakeholders.toml").string();
    const std::string b = (samples / "expert-pool-feedback.toml").string();
    const std::string c = (samples / "welcome-meeting.toml").string();
    const test::CliRun run = test::run_cli({"validate", a, b, c});
    INFO(run.err);
    CHECK(run.status == 0);
    // welcome-meeting offers Arabic, Persian and Tigrinya, whose kiosk texts are not reviewed yet.
    const std::string unreviewed = "\" have not been reviewed by a native speaker yet; ask one to check assets/lang/";
    CHECK(lines_of(run.err) == std::vector<std::string>{
                                   c + ":7:32: warning: the kiosk's own texts in \"ar" + unreviewed + "ar.toml before the session",
                                   c + ":7:38: warning: the kiosk's own texts in \"fa" + unreviewed + "fa.toml before the session",
                                   c + ":7:44: warning: the kiosk's own texts in \"ti" + unreviewed + "ti.toml before the session"});
    CHECK(lines_of(run.out) == std::vector<std::string>{a + ": ok, 5 steps", b + ": ok, 5 steps", c + ": ok, 5 steps"});
}

TEST_CASE("validate: one step is one step", "[cli][validate]") {
    const std::string minimal = (fixtures / "valid" / "minimal.toml").string();
    const test::CliRun run = test::run_cli({"validate", minimal});
    CHECK(run.status == 0);
    CHECK(run.out == minimal + ": ok, 1 step\n");
}

TEST_CASE("validate: an invalid file prints every error on stderr, exit 1", "[cli][validate]") {
    const std::string broken = (fixtures / "invalid" / "three-errors.toml").string();
    const test::CliRun run = test::run_cli({"validate", broken});
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    const std::vector<std::string> errors = lines_of(run.err);
    REQUIRE(errors.size() == 3);
    CHECK(errors[0] == broken + ":12:8: error: `dots` must be between 1 and 1000; it is 0");
    CHECK(errors[1] == broken + ":13:11: error: a dot_vote step needs 2 to 60 options; this one has 1");
    CHECK(errors[2].rfind(broken + ":14:1: error: unknown key `colour` in step", 0) == 0);
}

TEST_CASE("validate: a language without kiosk texts is a warning, exit 0", "[cli][validate][languages]") {
    const test::TempDir folder;
    const std::string file = folder / "german.toml";
    test::write_text(file, "format = 1\nid = \"de-test\"\nlanguages = [\"de\", \"nl\"]\ntitle = { de = \"Willkommen\" }\n"
                           "[[step]]\nid = \"i\"\ntype = \"info\"\ntitle = { de = \"Hallo\" }\nbody = { de = \"Willkommen\" }\n");
    const test::CliRun run = test::run_cli({"validate", file});
    CHECK(run.status == 0);
    CHECK(run.out == file + ": ok, 1 step\n");
    const std::vector<std::string> warnings = lines_of(run.err);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].rfind(file + ":3:14: warning: the kiosk has no texts of its own in \"de\"", 0) == 0);
}

TEST_CASE("validate: warnings of an invalid file come with its errors, in file order", "[cli][validate][languages]") {
    const test::TempDir folder;
    const std::string file = folder / "bad.toml";
    test::write_text(file, "format = 2\nid = \"x\"\nlanguages = [\"en\", \"fa\"]\ntitle = { en = \"T\" }\n"
                           "[[step]]\nid = \"i\"\ntype = \"info\"\ntitle = { en = \"Hi\" }\nbody = { en = \"Hello\" }\n");
    const test::CliRun run = test::run_cli({"validate", file});
    CHECK(run.status == 1);
    const std::vector<std::string> lines = lines_of(run.err);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].rfind(file + ":1:10: error: format 2", 0) == 0);
    CHECK(lines[1] == file + ":3:20: warning: the kiosk's own texts in \"fa\" have not been reviewed by a native speaker "
                             "yet; ask one to check assets/lang/fa.toml before the session");
}

TEST_CASE("validate: every file is checked, valid ones still say ok", "[cli][validate]") {
    const std::string broken = (fixtures / "invalid" / "many-errors.toml").string();
    const std::string minimal = (fixtures / "valid" / "minimal.toml").string();
    const test::CliRun run = test::run_cli({"validate", broken, minimal});
    CHECK(run.status == 1);
    CHECK(run.out == minimal + ": ok, 1 step\n");
    CHECK(lines_of(run.err).size() == 18);
}

TEST_CASE("validate: malformed files give errors and exit 1, never a crash", "[cli][validate]") {
    for (const char* name : {"garbage.bin", "empty.toml", "deep-arrays.toml", "invalid-utf8.toml", "duplicate-keys.toml"}) {
        const std::string file = (fixtures / "malformed" / name).string();
        const test::CliRun run = test::run_cli({"validate", file});
        INFO(file << "\n" << run.err);
        CHECK(run.status == 1);
        CHECK(run.err.rfind(file + ":", 0) == 0);
    }
}

TEST_CASE("validate: usage and I/O errors exit 2", "[cli][validate]") {
    const test::CliRun none = test::run_cli({"validate"});
    CHECK(none.status == 2);
    CHECK_THAT(none.err, Catch::Contains("usage: workshop validate FILE..."));

    const test::CliRun unknown = test::run_cli({"validate", "--strict", (fixtures / "valid" / "minimal.toml").string()});
    CHECK(unknown.status == 2);
    CHECK_THAT(unknown.err, Catch::Contains("unknown option '--strict'"));

    const std::string missing = (fixtures / "no-such-file.toml").string();
    const test::CliRun gone = test::run_cli({"validate", missing});
    CHECK(gone.status == 2);
    CHECK(gone.err == missing + ": error: cannot open the file: No such file or directory; check the name and path\n");

    // An unreadable file outranks an invalid one, and the other files are still checked.
    const std::string broken = (fixtures / "invalid" / "three-errors.toml").string();
    const std::string minimal = (fixtures / "valid" / "minimal.toml").string();
    const test::CliRun mixed = test::run_cli({"validate", missing, broken, minimal});
    CHECK(mixed.status == 2);
    CHECK(lines_of(mixed.err).size() == 4);
    CHECK(mixed.out == minimal + ": ok, 1 step\n");
}

TEST_CASE("validate --help prints usage on stdout, exit 0", "[cli][validate]") {
    for (const char* flag : {"--help", "-h"}) {
        const test::CliRun run = test::run_cli({"validate", flag});
        CHECK(run.status == 0);
        CHECK_THAT(run.out, Catch::Contains("usage: workshop validate FILE..."));
        CHECK_THAT(run.out, Catch::Contains("Exit status: 0 all files valid, 1 any file invalid, 2"));
        CHECK(run.err.empty());
    }
    // After `--`, a name that starts with a dash is a file.
    const test::CliRun dashed = test::run_cli({"validate", "--", "--help"});
    CHECK(dashed.status == 2);
    CHECK_THAT(dashed.err, Catch::Contains("--help: error: cannot open the file"));
}
