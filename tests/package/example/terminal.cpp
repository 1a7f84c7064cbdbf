// A second front-end of the engine, in a terminal: one participant's turn through every step
// type, driven by commands (from a file or the keyboard). It has no voting rule of its own:
// every "may I" is asked of workshop::Turn, and the Turn's reason is printed when it says no.
//   workshop_terminal DB SCENARIO [COMMANDS]   commands: lang CODE, role ID, next, back,
//   dot ID, undot ID, rank ID, approve ID, idea TEXT, confirm
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <workshop/workshop.h>

namespace {

void show_page(const workshop::Turn& turn) {
    using workshop::TurnPage;
    switch (turn.page()) {
    case TurnPage::language: std::printf("[language]\n"); return;
    case TurnPage::role: std::printf("[role]\n"); return;
    case TurnPage::review:
        std::printf("[review, step %d of %d]", turn.progress().number, turn.progress().total);
        for (const workshop::Ballot& ballot : turn.ballots()) std::printf(" %s:%zu", ballot.step.c_str(), ballot.marks.size());
        std::printf("\n");
        return;
    case TurnPage::done: std::printf("[done]\n"); return;
    case TurnPage::step:
    case TurnPage::closing: break;
    }
    const workshop::Step& step = *turn.step();
    std::printf("[%s %s: %s]\n", turn.page() == TurnPage::closing ? "closing" : "step",
                std::string(workshop::to_string(step.type)).c_str(), step.title.in(turn.language()).c_str());
}

void answer(const workshop::Answer& a) {
    if (a) std::printf("  ok\n");
    else std::printf("  no: %s\n", a.why.message.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: workshop_terminal DB SCENARIO [COMMANDS]\n");
        return 2;
    }
    workshop::ScenarioLoad load = workshop::load_scenario_file(argv[2]);
    if (!load.ok()) {
        std::fputs(workshop::format_diagnostics(load.errors).c_str(), stderr);
        return 1;
    }
    auto session = workshop::Session::open(argv[1], *load.scenario);
    if (!session) {
        std::fprintf(stderr, "%s\n", session.message().c_str());
        return 1;
    }
    std::ifstream file;
    if (argc > 3) file.open(argv[3]);
    std::istream& in = argc > 3 ? static_cast<std::istream&>(file) : std::cin;

    workshop::Turn turn(**session);
    turn.start();
    show_page(turn);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string command, rest;
        words >> command;
        std::getline(words >> std::ws, rest);
        std::printf("> %s\n", line.c_str());
        if (command == "lang") answer(turn.choose_language(rest));
        else if (command == "role") answer(turn.choose_role(rest));
        else if (command == "next") answer(turn.next());
        else if (command == "back") answer(turn.back() ? workshop::Answer::yes() : workshop::Answer{});
        else if (command == "dot") answer(turn.add_dot(rest));
        else if (command == "undot") answer(turn.remove_dot(rest));
        else if (command == "rank") answer(turn.rank_toggle(rest));
        else if (command == "approve") answer(turn.approve_toggle(rest));
        else if (command == "idea") answer(turn.add_idea(rest));
        else if (command == "confirm") {
            const workshop::CastReport report = turn.confirm();
            if (report.ok()) std::printf("  stored, %zu new ideas\n", report.ideas.size());
            else std::printf("  not stored: %s\n", report.message().c_str());
        } else {
            std::printf("  unknown command\n");
            continue;
        }
        show_page(turn);
    }
    for (const workshop::Step& step : (*session)->scenario().steps)
        if (step.takes_ballots())
            for (const workshop::ResultRow& row : (*session)->results(step.id).rows)
                if (row.score > 0) std::printf("result %s %s %lld\n", step.id.c_str(), row.option.c_str(), row.score);
    return 0;
}
