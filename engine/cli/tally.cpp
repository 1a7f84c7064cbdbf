// workshop tally — each step's results as a readable table, with a column per role.
#include <cstdio>
#include <string>
#include <vector>

#include "cli_util.h"
#include "commands.h"
#include "workshop/diagnostic.h"
#include "hub_cli.h"
#include "workshop/tally.h"
#include "workshop/utf8.h"

namespace workshop::cli {

namespace {

const char* const usage =
    "usage: workshop tally --db DB | --hub URL [--session ID]\n"
    "\n"
    "Prints each voting step's results: position, option, label and score, then the score\n"
    "within each role (stakeholder group) and the number of ballots. Results are tallied from\n"
    "the scenario text stored with the session; void ballots and hidden ideas are left out.\n"
    "\n"
    "  --db DB       the database file\n"
    "  --hub URL     the combined session straight from a hub (libpq URL; password from\n"
    "                PGPASSFILE or PGPASSWORD); --session is then the hub's session number\n"
    "  --session ID  the session to tally (default: the newest)\n"
    "\n"
    "Exit status: 0 printed, 2 usage, I/O or database errors.\n";

// At most `columns` wide, with "…" when cut; line breaks become spaces and other control
// characters escapes (a scenario or a CSV file must never send terminal codes).
std::string fitted(std::string_view text, int columns) {
    std::string flat(text);
    for (char& c : flat)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    flat = escape_controls(flat);
    if (display_width(flat) <= columns) return flat;
    std::string out;
    for (std::size_t i = 0; i < flat.size();) {
        const std::size_t length = decode_utf8_at(flat, i).length;
        if (display_width(out + flat.substr(i, length)) > columns - 1) break;
        out += flat.substr(i, length);
        i += length;
    }
    return out + "\u2026";
}

// Columns padded by display width (UTF-8 aware), numbers right-aligned.
class Table {
public:
    explicit Table(std::vector<bool> right_aligned) : m_right(std::move(right_aligned)) {}
    void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
    void print(const char* indent) const {
        std::vector<int> width(m_right.size(), 0);
        for (const auto& row : m_rows)
            for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
        for (const auto& row : m_rows) {
            std::string line = indent;
            for (std::size_t c = 0; c < row.size(); ++c) {
                const std::string pad(static_cast<std::size_t>(width[c] - display_width(row[c])), ' ');
                if (c) line += "  ";
                line += m_right[c] ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : "");
            }
            line.erase(line.find_last_not_of(' ') + 1);  // an empty last cell leaves no trailing blanks
            std::printf("%s\n", line.c_str());
        }
    }

private:
    std::vector<bool> m_right;
    std::vector<std::vector<std::string>> m_rows;
};

// One step's results as a table: position, option, label, score, first choices for a ranking,
// then a column per role group large enough to be shown.
void print_step(const Scenario& scenario, const Step& step, const StepResult& total, const RoleTally& by_role) {
    const std::string& lang = scenario.default_language();
    // Per-role columns obey min_group_size: a small group never gets a column of its own.
    const int min_size = scenario.results.min_group_size;
    const std::vector<RoleGroup> groups =
        scenario.roles.empty() ? std::vector<RoleGroup>{} : visible_role_groups(by_role, min_size);

    std::string kind(to_string(step.type));
    if (step.type == StepType::ranking) kind += ", " + std::string(to_string(step.method));
    std::printf("\n%s (%s): %s\n", step.id.c_str(), kind.c_str(), fitted(step.title.in(lang), 70).c_str());
    const bool ranking = step.type == StepType::ranking;

    std::vector<bool> right = {true, false, false, true};
    std::vector<std::string> header = {"pos", "option", "label", "score"};
    if (ranking) {
        right.push_back(true);
        header.push_back("first");
    }
    for (const RoleGroup& group : groups) {
        right.push_back(true);
        header.push_back(group.other_groups ? "(other groups)" : group.roles.front().empty() ? "(no role)" : escape_controls(group.roles.front()));
    }
    Table table(right);
    table.add(header);
    for (const ResultRow& row : total.rows) {
        std::vector<std::string> cells = {std::to_string(row.position), escape_controls(row.option), fitted(row.label.in(lang), 40),
                                          std::to_string(row.score)};
        if (ranking) cells.push_back(std::to_string(row.first_choices));
        for (const RoleGroup& group : groups) {
            long long score = 0;
            for (const ResultRow& r : group.result.rows)
                if (r.option == row.option) score = r.score;
            cells.push_back(std::to_string(score));
        }
        table.add(cells);
    }
    std::vector<std::string> footer = {"", "ballots", "", std::to_string(total.ballots)};
    if (ranking) footer.push_back("");
    for (const RoleGroup& group : groups) footer.push_back(std::to_string(group.result.ballots));
    table.add(footer);
    table.print("  ");
    if (!scenario.roles.empty())
        std::printf("  (a role group with fewer than %d ballots has no column of its own: together they are \"(other groups)\" "
                    "when they reach %d, else not shown)\n", min_size, min_size);
}

}  // namespace

int run_tally(int argc, char** argv) {
    const char* const command = "tally";
    Args args = parse_args(argc, argv, {"db", "hub", "session"}, {});
    if (args.help) {
        std::fputs(usage, stdout);
        return exit_ok;
    }
    if (!args.error.empty()) return usage_error(command, args.error, usage);
    HubCopy hub_copy;
    if (int code = use_hub(command, args, hub_copy, usage); code != exit_ok) return code;
    if (!args.has("db")) return usage_error(command, "--db DB is required", usage);
    if (!args.positional.empty()) return usage_error(command, "unexpected argument " + args.positional.front(), usage);

    auto opened = Store::open(args.value("db"), Store::OpenMode::existing);
    if (!opened) return fail(command, opened.message());
    Store& store = **opened;
    Store::Transaction snapshot(store);  // one consistent view while a kiosk keeps voting
    if (!snapshot.status()) return fail(command, snapshot.status().message);
    auto chosen = choose_session(store, args);
    if (!chosen) return fail(command, chosen.message());
    const Scenario& scenario = chosen->scenario;
    const SessionRecord& record = chosen->record;
    const std::string& lang = scenario.default_language();
    auto visits = store.visit_count(record.id);
    if (!visits) return fail(command, visits.message());
    auto ideas = store.ideas(record.id);
    if (!ideas) return fail(command, ideas.message());

    std::printf("Session %lld: %s \"%s\"\n", static_cast<long long>(record.id), scenario.id.c_str(),
                escape_controls(scenario.title.in(lang)).c_str());
    std::printf("created %s on %s, scenario sha256 %.12s, %d visits\n", escape_controls(record.created_at).c_str(),
                escape_controls(record.kiosk).c_str(), record.scenario_sha256.c_str(), *visits);

    // One pass over the ballots, each tallied as it is read for its step and its role's group:
    // holding 100 000 ranking ballots cost more than tallying them.
    struct Tallies {
        StepTally total;
        RoleTally by_role;
    };
    std::vector<Tallies> tallies;
    tallies.reserve(scenario.steps.size());
    for (const Step& step : scenario.steps) tallies.push_back({StepTally(step, *ideas), RoleTally(scenario, step, *ideas)});
    Status loaded = store.for_each_ballot(record.id, {}, [&](Ballot& ballot) {
        for (std::size_t i = 0; i < scenario.steps.size(); ++i)
            if (scenario.steps[i].id == ballot.step) {
                tallies[i].total.add(ballot);
                tallies[i].by_role.add(ballot);
                break;
            }
        return true;
    });
    if (!loaded) return fail(command, loaded.message);

    for (std::size_t index = 0; index < scenario.steps.size(); ++index)
        if (scenario.steps[index].takes_ballots())
            print_step(scenario, scenario.steps[index], tallies[index].total.result(), tallies[index].by_role);
    return finish_output(command);
}

}  // namespace workshop::cli
