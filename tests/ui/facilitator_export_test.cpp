// facilitator_export_test.cpp — the facilitator's export: CSV (plain or for Excel), the PDF report
// and the workbook to a chosen folder or USB stick, the paths shown, failures, planted links.
#include <ctime>

#include "facilitator_chrome.h"
#include "facilitator_harness.h"
#include "support/files.h"

using namespace kiosk_test;
using test::mapped;

namespace {

// The line under a stick's name on the export screen: its mount point and free space.
std::string mount_and_free(const ExportTarget& t) { return t.path + " · " + human_size(t.free_bytes, "en") + " free"; }

// Exports into `folder` from the export screen: the five files written.
std::vector<std::string> export_here(Kiosk& k, const std::string& folder) {
    KIOSK_RUN(k, "tap \"Export here " + folder + "\"\nexpect \"Exported 5 files.\"\n");
    const Feedback& done = k.app().facilitator().feedback();
    CHECK(done.text == "Exported 5 files.");  // a folder on the kiosk: no word of a USB stick
    REQUIRE(done.lines.size() == 5);  // the three CSV files, report.pdf and results.xlsx
    return done.lines;
}

}  // namespace

TEST_CASE("sizes on the export screen: decimal units, one decimal below 100", "[facilitator][export]") {
    CHECK(human_size(-1, "en").empty());  // unknown: nothing shown
    CHECK(human_size(999, "en") == "999 B");
    CHECK(human_size(1500, "en") == "1.5 KB");
    CHECK(human_size(123'456'789, "en") == "123 MB");
    CHECK(human_size(70'512'345'678, "en") == "70.5 GB");
    CHECK(human_size(99'970'000'000, "en") == "100 GB");  // not "100.0 GB"
}

TEST_CASE("sizes in the facilitator's language: its decimal sign and its unit names", "[facilitator][export]") {
    // The export screen wrote "57.2 GB" in Ukrainian, where "57,2 ГБ" is right (and "57,2 GB" in Dutch).
    CHECK(human_size(57'200'000'000, "uk") == "57,2 ГБ");
    CHECK(human_size(57'200'000'000, "nl") == "57,2 GB");
    CHECK(human_size(57'200'000'000, "en") == "57.2 GB");
    CHECK(human_size(1500, "nl") == "1,5 kB");
    CHECK(human_size(1500, "uk") == "1,5 КБ");
    CHECK(human_size(999, "uk") == "999 Б");
    CHECK(human_size(123'456'789, "uk") == "123 МБ");
    CHECK(human_size(2'500'000'000'000, "uk") == "2,5 ТБ");
    CHECK(human_size(2'500'000'000'000, "ar") == "2.5 TB");  // no facilitator texts in Arabic: English
    for (const char* lang : {"nl", "en", "uk"})
        for (const char* unit : {"size_b", "size_kb", "size_mb", "size_gb", "size_tb"}) {
            INFO(lang << " " << unit);
            CHECK(Facilitator::strings().forms(unit, lang) != nullptr);
        }
}

TEST_CASE("export CSV to a chosen folder, with the Excel choice, the paths are shown, failures too", "[ui][facilitator]") {
    TempDir dir;
    {
        std::ofstream(dir / "not-a-folder") << "a file where a folder should be\n";
        std::ofstream(dir / "mounts") << "/dev/sda1 / ext4 rw 0 0\ntmpfs /media tmpfs rw 0 0\n"
                                      << "/dev/sdb1 " << dir / "stick" << " vfat rw 0 0\n";
    }
    fs::create_directories(dir / "stick");
    AppConfig config = config_with_pin();
    config.kiosk.exports_dir = dir / "exports";
    config.kiosk.export_dirs = {dir / "not-a-folder"};
    config.kiosk.mounts_file = dir / "mounts";
    std::string root = dir / "";
    root.pop_back();  // USB sticks: mount points below the test folder
    config.kiosk.media_roots = {root};
    Kiosk k(workshop_toml, {1920, 1080}, config);
    KIOSK_RUN(k, one_voter);

    enter(k);
    KIOSK_RUN(k, "tap \"Export CSV…\"\nexpect \"" + dir / "exports" + "\"\nexpect \"USB\"\n");
    REQUIRE(k.app().facilitator().export_targets().size() == 3);
    CHECK(k.app().facilitator().export_targets()[2].removable);
    // The stick's line ends in its free space, which differs per machine.
    KIOSK_RUN(k, "expect \"" + mount_and_free(k.app().facilitator().export_targets()[2]) + "\"\n");
    KIOSK_RUN(k, "tap \"Export here " + dir / "exports" + "\"\nexpect \"Exported 5 files.\"\n");
    save(k, "12-export-done.png");
    CHECK(k.app().facilitator().feedback().text == "Exported 5 files.");  // not a stick: nothing to remove
    const Feedback& done = k.app().facilitator().feedback();
    REQUIRE(done.lines.size() == 5);  // the three CSV files, report.pdf and results.xlsx
    CHECK(fs::path(done.lines[3]).filename() == "report.pdf");
    CHECK(fs::path(done.lines[4]).filename() == "results.xlsx");
    CHECK(read_file(done.lines[3]).rfind("%PDF-", 0) == 0);
    CHECK(read_file(done.lines[4]).rfind("PK", 0) == 0);  // a zip: the .xlsx container
    for (const std::string& file : done.lines) {
        CHECK(fs::exists(file));
        CHECK(k.shows(file));  // the full path is on screen
        CHECK(file.rfind(dir / "exports/harbour_session", 0) == 0);
    }
    const std::string plain = read_file(fs::path(done.lines[0]).parent_path() / "results.csv");
    CHECK(plain.rfind("session,step,", 0) == 0);

    KIOSK_RUN(k, "tap \"Excel (semicolon)\"\ntap \"Export here " + dir / "stick" + "\"\nexpect \"Exported 5 files. The USB stick can be removed now.\"\n");
    const std::string excel = read_file(fs::path(k.app().facilitator().feedback().lines[0]).parent_path() / "results.csv");
    CHECK(excel.rfind("\xEF\xBB\xBFsession;step;", 0) == 0);

    KIOSK_RUN(k, "tap \"Export here " + dir / "not-a-folder" + "\"\nexpect \"The export to " + dir / "not-a-folder" + " failed. Nothing was half written.\"\n");
    save(k, "13-export-failed.png");
    CHECK(k.app().facilitator().feedback().error);
    CHECK_FALSE(k.app().facilitator().feedback().lines.empty());
    CHECK(actions(k, "csv_exported").size() == 2);
    CHECK(actions(k, "report_exported").size() == 2);
    CHECK(actions(k, "csv_export_failed").size() == 1);
}

// The kiosk links neither Cairo, Pango nor libxlsxwriter: workshop-take-home.so brings them at
// the first export (kiosk/take_home.h). Each test case runs in a process of its own.
TEST_CASE("the report and the workbook are written by a module opened at the first export", "[ui][facilitator][export]") {
    for (const char* library : {"workshop-take-home.so", "libcairo.so", "libpango-1.0.so", "libxlsxwriter.so"}) {
        INFO(library << " before the first export");
        CHECK_FALSE(mapped(library));
    }
    TempDir dir;
    AppConfig config = config_with_pin();
    config.kiosk.exports_dir = dir / "exports";
    Kiosk k(workshop_toml, {1920, 1080}, config);
    KIOSK_RUN(k, one_voter);
    enter(k);
    KIOSK_RUN(k, "tap \"Export CSV…\"");
    const std::vector<std::string> files = export_here(k, dir / "exports");
    CHECK(read_file(files[3]).rfind("%PDF-", 0) == 0);
    CHECK(read_file(files[4]).rfind("PK", 0) == 0);
    for (const char* library : {"workshop-take-home.so", "libcairo.so", "libpango-1.0.so", "libxlsxwriter.so"}) {
        INFO(library << " after the export");
        CHECK(mapped(library));
    }
    // A second export uses the module already open.
    export_here(k, dir / "exports");
    CHECK(actions(k, "report_exported").size() == 2);
}

TEST_CASE("the facilitator's export never follows a planted link: a new folder, the link left alone", "[ui][facilitator][export]") {
    TempDir dir;
    fs::create_directories(dir / "exports");
    fs::create_directories(dir / "elsewhere");
    // Links named like the export folder of this minute and the next (the test may cross a minute).
    for (int ahead : {0, 60}) {
        const std::time_t t = std::time(nullptr) + ahead;
        std::tm tm {};
        ::localtime_r(&t, &tm);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%d_%H%M", &tm);
        std::error_code ec;
        fs::create_directory_symlink(dir / "elsewhere", dir / ("exports/harbour_session1_" + std::string(stamp)), ec);
    }
    AppConfig config = config_with_pin();
    config.kiosk.exports_dir = dir / "exports";
    config.kiosk.mounts_file = dir / "no-mounts";
    Kiosk k(workshop_toml, {1920, 1080}, config);
    KIOSK_RUN(k, one_voter);
    enter(k);
    KIOSK_RUN(k, "tap \"Export CSV…\"");
    for (const std::string& file : export_here(k, dir / "exports")) {
        INFO(file);
        CHECK(fs::is_regular_file(fs::symlink_status(file)));
        CHECK(fs::path(file).parent_path().filename().string().ends_with("_2"));
    }
    CHECK(fs::is_empty(dir / "elsewhere"));  // nothing written through the link
}

TEST_CASE("USB sticks are listed by their label and size, then their mount point", "[ui][facilitator][export]") {
    TempDir dir;
    fs::create_directories(dir / "stick");
    fs::create_directories(dir / "other");
    fs::create_directories(dir / "by-label");
    std::ofstream(dir / "sdb1") << "a block device stand-in";
    std::ofstream(dir / "sdc1") << "another";
    fs::create_symlink(dir / "sdb1", dir / "by-label/KIOSK\\x20DATA");  // udev's escape for a space
    std::ofstream(dir / "mounts") << dir / "sdb1" << " " << dir / "stick" << " vfat rw 0 0\n"
                                  << dir / "sdc1" << " " << dir / "other" << " vfat rw 0 0\n";
    AppConfig config = config_with_pin();
    config.kiosk.exports_dir = dir / "exports";
    config.kiosk.mounts_file = dir / "mounts";
    config.kiosk.labels_dir = dir / "by-label";
    std::string root = dir / "";
    root.pop_back();
    config.kiosk.media_roots = {root};
    Kiosk k(workshop_toml, {1920, 1080}, config);
    enter(k);
    KIOSK_RUN(k, "tap \"Export CSV…\"\n");
    save(k, "14-export-sticks.png");
    const auto& targets = k.app().facilitator().export_targets();
    REQUIRE(targets.size() == 3);
    // Each line ends in the stick's size, which differs per machine.
    KIOSK_RUN(k, "expect \"USB stick “KIOSK DATA” · " + human_size(targets[2].size_bytes, "en") + "\"\n"
                 "expect \"USB stick without a name · " + human_size(targets[1].size_bytes, "en") + "\"\n");
    CHECK(targets[1].path == dir / "other");
    CHECK(targets[1].label.empty());
    CHECK(targets[2].path == dir / "stick");
    CHECK(targets[2].label == "KIOSK DATA");
    CHECK(targets[2].size_bytes > 0);
    KIOSK_RUN(k, "expect \"" + mount_and_free(targets[2]) + "\"\n");  // the mount point stays visible: two sticks never look alike
}

TEST_CASE("removable media are the mount points below /media and /run/media", "[facilitator][export]") {
    TempDir dir;
    std::ofstream(dir / "mounts") << "/dev/sda1 / ext4 rw 0 0\n"
                                  << "tmpfs /media tmpfs rw 0 0\n"
                                  << "/dev/sdb1 /media/usb0 vfat rw 0 0\n"
                                  << "/dev/sdc1 /run/media/kiosk/MY\\040STICK vfat rw 0 0\n"
                                  << "/dev/sdd1 /mediawiki ext4 rw 0 0\n";
    CHECK(removable_media(dir / "mounts", {"/media", "/run/media"}) ==
          std::vector<std::string>{"/media/usb0", "/run/media/kiosk/MY STICK"});
    CHECK(removable_media(dir / "missing", {"/media"}).empty());
}
