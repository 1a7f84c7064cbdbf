// exchange_export.cpp — results.csv, ballots.csv and ideas.csv of one session.
//
// All three files come from one read snapshot, so they agree with each other even while a
// kiosk keeps recording. Ballot rows are streamed from SQLite into a large stdio buffer in one
// pass, which also tallies each step for results.csv.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "workshop/csv.h"
#include "workshop/exchange.h"
#include "workshop/tally.h"

namespace workshop {

namespace {

// A file being written under a temporary name in the target folder; removed unless kept.
class PendingFile {
public:
    PendingFile(std::string dir, std::string name) : m_final(dir + "/" + name), m_temp(dir + "/." + name + ".XXXXXX") {}
    ~PendingFile() {
        if (m_file) std::fclose(m_file);
        if (!m_kept && m_created) ::unlink(m_temp.c_str());
    }
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;

    Status open() {
        const int fd = ::mkstemp(m_temp.data());
        if (fd < 0) return Status::failure("cannot write " + m_final + ": " + std::strerror(errno));
        m_created = true;
        m_file = ::fdopen(fd, "wb");
        if (!m_file) {
            ::close(fd);
            return Status::failure("cannot write " + m_final + ": " + std::strerror(errno));
        }
        std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
        return Status::success();
    }
    std::FILE* file() { return m_file; }

    // Flushes and syncs; the file is complete on disk (under its temporary name) on success.
    Status finish(const CsvWriter& writer) {
        const bool written = !writer.failed() && std::fflush(m_file) == 0 && ::fsync(::fileno(m_file)) == 0;
        const int error = errno;
        const bool closed = std::fclose(m_file) == 0;
        m_file = nullptr;
        if (!written || !closed)
            return Status::failure("cannot write " + m_final + ": " + std::strerror(written ? errno : error) +
                                   " (disk full or removed?); no file was changed");
        return Status::success();
    }
    Status keep() {
        if (::rename(m_temp.c_str(), m_final.c_str()) != 0)
            return Status::failure("cannot write " + m_final + ": " + std::strerror(errno));
        m_kept = true;
        return Status::success();
    }
    const std::string& path() const { return m_final; }

private:
    std::string m_final;
    std::string m_temp;
    std::FILE* m_file = nullptr;
    bool m_created = false;
    bool m_kept = false;
};

}  // namespace

Status for_each_exported_ballot(Store& store, std::int64_t session, const std::function<bool(Ballot&)>& each) {
    return store.for_each_ballot(session, {}, each);
}

Outcome<ExportReport> export_session(Store& store, std::int64_t session, const Scenario& scenario,
                                     const std::string& dir, const CsvStyle& style) {
    if (style.delimiter != ',' && style.delimiter != ';')
        return Status::failure(std::string("the delimiter must be ',' or ';', not '") + style.delimiter + "'");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir, ec))
        return Status::failure("cannot create the folder " + dir + ": " + (ec ? ec.message() : "a file has that name"));

    PendingFile results(dir, "results.csv"), ballots(dir, "ballots.csv"), ideas(dir, "ideas.csv");
    for (PendingFile* file : {&results, &ballots, &ideas})
        if (Status opened = file->open(); !opened) return opened;

    ExportReport report;
    Store::Transaction snapshot(store);
    if (!snapshot.status()) return snapshot.status();
    auto all_ideas = store.ideas(session);
    if (!all_ideas) return all_ideas.status();

    // One pass over the ballots writes ballots.csv and tallies each step for results.csv as it
    // goes (holding a million rows for the tally cost more than writing them).
    std::vector<StepTally> tallies;
    tallies.reserve(scenario.steps.size());
    std::unordered_map<std::string_view, std::size_t> step_index;
    for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
        tallies.emplace_back(scenario.steps[i], *all_ideas);  // each takes only its own step's ideas
        step_index.emplace(scenario.steps[i].id, i);
    }
    {
        CsvWriter out(ballots.file(), style.delimiter, style.bom);
        for (const char* name : {"session", "ballot", "step", "option", "value", "role", "lang", "cast_at", "kiosk"})
            out.raw(name);
        out.end_row();
        Status streamed = for_each_exported_ballot(store, session, [&](Ballot& ballot) {
            for (const Mark& mark : ballot.marks) {
                out.number(session);
                out.text(ballot.visit);  // an imported ballot id is free text
                out.raw(ballot.step);
                out.raw(mark.option);
                out.number(mark.value);
                out.raw(ballot.role);
                out.raw(ballot.language);
                out.raw(ballot.cast_at);
                out.text(ballot.kiosk);
                out.end_row();
                ++report.ballot_rows;
            }
            if (const auto found = step_index.find(ballot.step); found != step_index.end())
                tallies[found->second].add(ballot);
            return true;
        });
        if (!streamed) return streamed;
        if (Status done = ballots.finish(out); !done) return done;
    }
    {
        CsvWriter out(results.file(), style.delimiter, style.bom);
        for (const char* name : {"session", "step", "step_type", "method", "option", "label", "score", "position", "ballots"})
            out.raw(name);
        out.end_row();
        for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
            const Step& step = scenario.steps[i];
            if (!step.takes_ballots()) continue;
            const StepResult result = tallies[i].result();
            for (const ResultRow& row : result.rows) {
                out.number(session);
                out.raw(step.id);
                out.raw(to_string(step.type));
                out.raw(step.type == StepType::ranking ? to_string(step.method) : "");
                out.raw(row.option);
                out.text(row.label.in(scenario.default_language()));
                out.number(row.score);
                out.number(row.position);
                out.number(result.ballots);
                out.end_row();
                ++report.result_rows;
            }
        }
        if (Status done = results.finish(out); !done) return done;
    }
    {
        CsvWriter out(ideas.file(), style.delimiter, style.bom);
        for (const char* name : {"session", "step", "idea", "text", "lang", "submitted_at", "hidden"}) out.raw(name);
        out.end_row();
        for (const Idea& idea : *all_ideas) {
            out.number(session);
            out.raw(idea.step);
            out.raw(idea.id);
            out.text(idea.text);
            out.raw(idea.language);
            out.raw(idea.submitted_at);
            out.number(idea.hidden ? 1 : 0);
            out.end_row();
            ++report.idea_rows;
        }
        if (Status done = ideas.finish(out); !done) return done;
    }
    snapshot.commit();

    // Only now, with all three complete on disk, do they take their real names.
    for (PendingFile* file : {&results, &ballots, &ideas}) {
        if (Status kept = file->keep(); !kept) return kept;
        report.files.push_back(file->path());
    }
    const int folder = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);  // make the renames durable too
        ::close(folder);
    }
    return report;
}

}  // namespace workshop
