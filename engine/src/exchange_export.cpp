// exchange_export.cpp — results.csv, ballots.csv and ideas.csv of one session.
//
// All three files come from one read snapshot, so they agree with each other even while a
// kiosk keeps recording. Ballot rows are streamed from SQLite in one pass, which also tallies
// each step for results.csv; they are written in an order unrelated to voting (step, then a
// hash of session and ballot id) with times cut to the quarter hour, so that a camera or a
// sign-in list cannot be matched to a row. Nothing is ever written through a symbolic link.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "sha256.h"
#include "workshop/csv.h"
#include "workshop/exchange.h"
#include "workshop/hub.h"
#include "workshop/tally.h"

namespace workshop {

namespace {

// An open folder descriptor, closed on scope exit.
class FolderFd {
public:
    explicit FolderFd(int fd) : m_fd(fd) {}
    ~FolderFd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    FolderFd(const FolderFd&) = delete;
    FolderFd& operator=(const FolderFd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

// `dir` opened as a folder; a symbolic link in its place is refused, never followed.
Outcome<int> open_folder(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) return fd;
    if (errno == ELOOP || errno == ENOTDIR) {
        struct stat info {};
        if (::lstat(dir.c_str(), &info) == 0 && S_ISLNK(info.st_mode))
            return Status::failure("cannot write into " + dir + ": it is a symbolic link, and an export never follows one; give a real folder");
    }
    return Status::failure("cannot open the folder " + dir + ": " + io_error_text(errno));
}

// A new file `name` inside the open folder: never an existing file or link (O_EXCL | O_NOFOLLOW).
Outcome<int> create_in(int folder, const std::string& dir, const std::string& name) {
    const int fd = ::openat(folder, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    const int err = errno;
    if (err == EEXIST)
        return Status::failure("cannot write " + dir + "/" + name + ": something of that name is already there (a file or a link); nothing was overwritten");
    return Status::failure("cannot write " + dir + "/" + name + ": " + io_error_text(err));
}

// A file being written under a temporary name in the target folder; removed unless kept.
class PendingFile {
public:
    PendingFile(int folder, std::string dir, std::string name)
        : m_folder(folder), m_final(dir + "/" + name), m_dir(std::move(dir)), m_name(std::move(name)) {}
    ~PendingFile() {
        if (m_file) std::fclose(m_file);
        if (!m_kept && m_created) ::unlinkat(m_folder, m_temp.c_str(), 0);
    }
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;

    Status open() {
        // A fresh temporary name in the folder itself (no path to re-resolve through a link).
        Outcome<int> fd = Status::failure("");
        for (int attempt = 0; attempt < 100; ++attempt) {
            m_temp = "." + m_name + "." + std::to_string(::getpid()) + "." + std::to_string(attempt);
            fd = create_in(m_folder, m_dir, m_temp);
            if (fd || errno != EEXIST) break;
        }
        if (!fd) return Status::failure("cannot write " + m_final + ": " + fd.message());
        m_created = true;
        m_file = ::fdopen(*fd, "wb");
        if (!m_file) {
            ::close(*fd);
            return Status::failure("cannot write " + m_final + ": " + io_error_text(errno));
        }
        std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
        return Status::success();
    }
    std::FILE* file() { return m_file; }

    // Flushes and syncs; the file is complete on disk (under its temporary name) on success.
    Status finish(const CsvWriter& writer) {
        const bool written = !writer.failed() && std::fflush(m_file) == 0 && !std::ferror(m_file) && ::fsync(::fileno(m_file)) == 0;
        const int error = errno;
        const bool closed = std::fclose(m_file) == 0;
        m_file = nullptr;
        if (!written || !closed)
            return Status::failure("cannot write " + m_final + ": " + io_error_text(written ? errno : error) +
                                   "; no file was changed");
        return Status::success();
    }
    // Takes the real name (renameat replaces a link of that name, it never writes through it).
    Status keep() {
        if (::renameat(m_folder, m_temp.c_str(), m_folder, m_name.c_str()) != 0)
            return Status::failure("cannot write " + m_final + ": " + io_error_text(errno));
        m_kept = true;
        return Status::success();
    }
    const std::string& path() const { return m_final; }

private:
    int m_folder;
    std::string m_final, m_dir, m_name, m_temp;
    std::FILE* m_file = nullptr;
    bool m_created = false;
    bool m_kept = false;
};

// "2024-05-01T09:37:12Z" -> "2024-05-01T09:30:00Z" (also with fractions of a second). Any other
// text (import only lets ISO 8601 UTC times in) is returned unchanged.
std::string quarter_hour(std::string_view at) {
    const bool iso = at.size() >= 20 && at[4] == '-' && at[10] == 'T' && at[13] == ':' && at[16] == ':' && at.back() == 'Z' &&
                     at[14] >= '0' && at[14] <= '5' && at[15] >= '0' && at[15] <= '9';
    if (!iso) return std::string(at);
    const int minute = (at[14] - '0') * 10 + (at[15] - '0');
    const int cut = minute / 15 * 15;
    std::string out(at.substr(0, 14));
    out += static_cast<char>('0' + cut / 10);
    out += static_cast<char>('0' + cut % 10);
    out += ":00Z";
    return out;
}

}  // namespace

std::string io_error_text(int err) {
    if (err == ENOSPC || err == EDQUOT) return "the disk is full (no space left on the device): free some space or use another disk";
    if (err == EROFS) return "the disk is read-only";
    if (err == EIO) return "input/output error (a disk or stick removed or failing?)";
    return std::strerror(err);
}

std::uint64_t export_ballot_key(std::int64_t session, std::string_view ballot) {
    std::string text = std::to_string(session);
    text += ':';
    text += ballot;
    return sha256_first64(text);
}

Outcome<std::string> make_export_folder(const std::string& parent, const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        return Status::failure("cannot make the export folder " + name + ": not a plain folder name");
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);  // the kiosk's own exports/ may not exist yet
    Outcome<int> opened = open_folder(parent);
    if (!opened) return opened.status();
    const FolderFd folder(*opened);
    for (int n = 1; n <= 1000; ++n) {
        const std::string candidate = n == 1 ? name : name + "_" + std::to_string(n);
        if (::mkdirat(folder.get(), candidate.c_str(), 0777) == 0) return parent + "/" + candidate;
        if (errno != EEXIST) return Status::failure("cannot make a folder in " + parent + ": " + io_error_text(errno));
        // Something of that name (an earlier export, a file, a planted link): take the next name.
    }
    return Status::failure("cannot make a folder in " + parent + ": " + name + "_2 to _1000 are all taken");
}

Outcome<int> open_new_export_file(const std::string& dir, const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        return Status::failure("cannot write " + name + ": not a plain file name");
    Outcome<int> opened = open_folder(dir);
    if (!opened) return opened.status();
    const FolderFd folder(*opened);
    return create_in(folder.get(), dir, name);
}

Status for_each_exported_ballot(Store& store, std::int64_t session, const Scenario& scenario,
                                const ExportOptions& options, const std::function<bool(Ballot&)>& each) {
    // The order must not follow the order of casting (ballot secrecy): SQLite sorts the whole
    // session (in a temporary file past a small cache) before the first ballot is handed on.
    std::unordered_map<std::string_view, std::int64_t> step_index;
    for (std::size_t i = 0; i < scenario.steps.size(); ++i)
        step_index.emplace(scenario.steps[i].id, static_cast<std::int64_t>(i));
    const auto unknown = static_cast<std::int64_t>(scenario.steps.size());  // unknown steps last
    Store::BallotOrder order;
    order.group = [&](std::string_view step) {
        const auto found = step_index.find(step);
        return found != step_index.end() ? found->second : unknown;
    };
    order.key = [session](std::string_view visit) { return export_ballot_key(session, visit); };
    return store.for_each_ballot_ordered(session, order, [&](Ballot& ballot) {
        if (!options.exact_times) ballot.cast_at = quarter_hour(ballot.cast_at);
        return each(ballot);
    });
}

namespace {

// What the three files of one export share: the session, the number it goes by, the style.
struct ExportRun {
    Store& store;
    std::int64_t session;
    std::int64_t number;  // a session synced with a hub goes by the hub's number (hub.md)
    const Scenario& scenario;
    const CsvStyle& style;
    const ExportOptions& options;
    ExportReport& report;
};

// `dir` made when missing (a symbolic link to a folder is taken as it is).
Status make_export_dir(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    struct stat info {};
    const bool link = ::lstat(dir.c_str(), &info) == 0 && S_ISLNK(info.st_mode);
    if (!link && (ec || !std::filesystem::is_directory(dir, ec)))
        return Status::failure("cannot create the folder " + dir + ": " + (ec ? ec.message() : "a file has that name"));
    return Status::success();
}

// One pass over the ballots writes ballots.csv and tallies each step for results.csv as it
// goes (holding a million ballots for the tally cost more than writing them).
Status write_ballots_file(const ExportRun& run, PendingFile& file, std::vector<StepTally>& tallies) {
    std::unordered_map<std::string_view, std::size_t> step_index;
    for (std::size_t i = 0; i < run.scenario.steps.size(); ++i) step_index.emplace(run.scenario.steps[i].id, i);
    CsvWriter out(file.file(), run.style.delimiter, run.style.bom);
    for (const char* name : {"session", "ballot", "step", "option", "value", "role", "lang", "cast_at", "kiosk"})
        out.raw(name);
    out.end_row();
    Status streamed = for_each_exported_ballot(run.store, run.session, run.scenario, run.options, [&](Ballot& ballot) {
        for (const Mark& mark : ballot.marks) {
            out.number(run.number);
            out.text(ballot.visit);  // an imported ballot id is free text
            out.raw(ballot.step);
            out.raw(mark.option);
            out.number(mark.value);
            out.raw(ballot.role);
            out.raw(ballot.language);
            out.raw(ballot.cast_at);
            out.text(ballot.kiosk);
            out.end_row();
            ++run.report.ballot_rows;
        }
        if (const auto found = step_index.find(ballot.step); found != step_index.end())
            tallies[found->second].add(ballot);
        return true;
    });
    if (!streamed) return streamed;
    return file.finish(out);
}

Status write_results_file(const ExportRun& run, PendingFile& file, const std::vector<StepTally>& tallies) {
    CsvWriter out(file.file(), run.style.delimiter, run.style.bom);
    for (const char* name : {"session", "step", "step_type", "method", "option", "label", "score", "position", "ballots"})
        out.raw(name);
    out.end_row();
    for (std::size_t i = 0; i < run.scenario.steps.size(); ++i) {
        const Step& step = run.scenario.steps[i];
        if (!step.takes_ballots()) continue;
        const StepResult result = tallies[i].result();
        for (const ResultRow& row : result.rows) {
            out.number(run.number);
            out.raw(step.id);
            out.raw(to_string(step.type));
            out.raw(step.type == StepType::ranking ? to_string(step.method) : "");
            out.raw(row.option);
            out.text(row.label.in(run.scenario.default_language()));
            out.number(row.score);
            out.number(row.position);
            out.number(result.ballots);
            out.end_row();
            ++run.report.result_rows;
        }
    }
    return file.finish(out);
}

Status write_ideas_file(const ExportRun& run, PendingFile& file, const std::vector<Idea>& ideas) {
    CsvWriter out(file.file(), run.style.delimiter, run.style.bom);
    for (const char* name : {"session", "step", "idea", "text", "lang", "submitted_at", "hidden"}) out.raw(name);
    out.end_row();
    for (const Idea& idea : ideas) {
        out.number(run.number);
        out.raw(idea.step);
        out.raw(idea.id);
        out.text(idea.text);
        out.raw(idea.language);
        out.raw(run.options.exact_times ? idea.submitted_at : quarter_hour(idea.submitted_at));
        out.number(idea.hidden ? 1 : 0);
        out.end_row();
        ++run.report.idea_rows;
    }
    return file.finish(out);
}

}  // namespace

Outcome<ExportReport> export_session(Store& store, std::int64_t session, const Scenario& scenario,
                                     const std::string& dir, const CsvStyle& style, const ExportOptions& options) {
    if (style.delimiter != ',' && style.delimiter != ';')
        return Status::failure(std::string("the delimiter must be ',' or ';', not '") + style.delimiter + "'");
    if (Status made = make_export_dir(dir); !made) return made;
    Outcome<int> opened = open_folder(dir);
    if (!opened) return opened.status();
    const FolderFd folder(*opened);

    PendingFile results(folder.get(), dir, "results.csv"), ballots(folder.get(), dir, "ballots.csv"),
        ideas(folder.get(), dir, "ideas.csv");
    for (PendingFile* file : {&results, &ballots, &ideas})
        if (Status opened_file = file->open(); !opened_file) return opened_file;

    ExportReport report;
    Store::Transaction snapshot(store);
    if (!snapshot.status()) return snapshot.status();
    auto all_ideas = store.ideas(session);
    if (!all_ideas) return all_ideas.status();
    auto on_hub = hub_session_of(store, session);
    const ExportRun run{store, session, on_hub && *on_hub ? *on_hub : session, scenario, style, options, report};

    std::vector<StepTally> tallies;
    tallies.reserve(scenario.steps.size());
    for (const Step& step : scenario.steps) tallies.emplace_back(step, *all_ideas);  // each takes its own step's ideas
    if (Status done = write_ballots_file(run, ballots, tallies); !done) return done;
    if (Status done = write_results_file(run, results, tallies); !done) return done;
    if (Status done = write_ideas_file(run, ideas, *all_ideas); !done) return done;
    snapshot.commit();

    // Only now, with all three complete on disk, do they take their real names.
    for (PendingFile* file : {&results, &ballots, &ideas}) {
        if (Status kept = file->keep(); !kept) return kept;
        report.files.push_back(file->path());
    }
    ::fsync(folder.get());  // make the renames durable too
    return report;
}

}  // namespace workshop
