// A program that embeds the workshop engine: load a scenario, record one visit, print results.
#include <cstdio>

#include <workshop/workshop.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: workshop_example DB\n");
        return 2;
    }
    const char* const text = R"(format = 1
id = "drinks"
languages = ["en"]
title = "Drinks"

[[step]]
id = "pick"
type = "dot_vote"
title = "What shall we drink?"
dots = 3
options = [ { id = "tea", label = "Tea" }, { id = "coffee", label = "Coffee" } ]
)";
    workshop::ScenarioLoad load = workshop::parse_scenario(text, "drinks.toml");
    if (!load.ok()) {
        std::fputs(workshop::format_diagnostics(load.errors).c_str(), stderr);
        return 1;
    }
    auto session = workshop::Session::open(argv[1], *load.scenario);
    if (!session) {
        std::fprintf(stderr, "%s\n", session.message().c_str());
        return 1;
    }
    workshop::Ballot ballot;
    ballot.visit = (*session)->new_visit_id();
    ballot.step = "pick";
    ballot.marks = {{"tea", 3}};
    if (workshop::Status cast = (*session)->cast_visit({ballot}); !cast) {
        std::fprintf(stderr, "%s\n", cast.message.c_str());
        return 1;
    }
    for (const workshop::ResultRow& row : (*session)->results("pick").rows)
        std::printf("%s: %lld dots, position %d\n", row.option.c_str(), row.score, row.position);
    return 0;
}
