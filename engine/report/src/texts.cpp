// texts.cpp — the report's own words. One row per text: English, Dutch, Ukrainian.
#include "texts.h"

#include <array>

#include "workshop/report.h"

namespace workshop {

const std::vector<std::string>& report_languages() {
    static const std::vector<std::string> languages = {"en", "nl", "uk"};
    return languages;
}

namespace report {

namespace {

struct Row {
    Text key;
    std::array<std::string_view, 3> by_language;  // en, nl, uk
};

// clang-format off
constexpr Row rows[] = {
    {Text::session, {"Session {n}", "Sessie {n}", "Сесія {n}"}},
    {Text::date, {"Date", "Datum", "Дата"}},
    {Text::kiosks, {"Place (kiosks)", "Plaats (kiosken)", "Місце (кіоски)"}},
    {Text::visits, {"Visits", "Bezoeken", "Відвідування"}},
    {Text::by_role, {"Visits per group", "Bezoeken per groep", "Відвідування за групами"}},
    {Text::by_language, {"Visits per language", "Bezoeken per taal", "Відвідування за мовами"}},
    {Text::no_role, {"no group given", "geen groep gekozen", "групу не вказано"}},
    {Text::no_language, {"no language given", "geen taal gekozen", "мову не вказано"}},
    {Text::ballots, {"{n} ballots", "{n} stembiljetten", "бюлетенів: {n}"}},
    {Text::method_dot_vote,
     {"How this counts: each participant shares out {dots} dots over the options; an option's score is the number of dots it received.",
      "Zo telt het: iedere deelnemer verdeelt {dots} stippen over de opties; de score van een optie is het aantal stippen dat zij kreeg.",
      "Як рахуємо: кожен учасник розподіляє між варіантами свої крапки (усього {dots}); бал варіанта — це кількість крапок, які він отримав."}},
    {Text::method_borda,
     {"How this counts (Borda): with {n} options, a first place earns {first} points, a second place one less, and so on; options left unranked earn nothing. The highest total wins.",
      "Zo telt het (Borda): met {n} opties levert een eerste plaats {first} punten op, een tweede plaats één minder, enzovoort; opties zonder plaats krijgen niets. Het hoogste totaal wint.",
      "Як рахуємо (Борда): коли варіантів {n}, перше місце дає {first} б., друге — на один менше і так далі; варіанти без місця не отримують нічого. Перемагає найбільша сума."}},
    {Text::method_schulze,
     {"How this counts (Schulze): every pair of options is compared by how many ballots put one above the other; an option's score is the number of options it beats, directly or through a stronger chain of wins.",
      "Zo telt het (Schulze): elk paar opties wordt vergeleken op hoeveel stembiljetten de ene boven de andere zetten; de score van een optie is het aantal opties dat zij verslaat, direct of via een sterkere reeks overwinningen.",
      "Як рахуємо (Шульце): кожну пару варіантів порівнюємо за тим, скільки бюлетенів ставлять один вище за інший; бал варіанта — це кількість варіантів, які він перемагає напряму або через сильніший ланцюжок перемог."}},
    {Text::method_idea_vote,
     {"How this counts: each participant votes for the ideas they support; an idea's score is the number of votes it received.",
      "Zo telt het: iedere deelnemer stemt op de ideeën die hij steunt; de score van een idee is het aantal stemmen dat het kreeg.",
      "Як рахуємо: кожен учасник голосує за ідеї, які підтримує; бал ідеї — це кількість отриманих голосів."}},
    {Text::points, {"{n} points", "{n} punten", "балів: {n}"}},
    {Text::first_choices, {"{n}× first", "{n}× eerste", "{n}× перше"}},
    {Text::dots, {"{n} dots", "{n} stippen", "крапок: {n}"}},
    {Text::votes, {"{n} votes", "{n} stemmen", "голосів: {n}"}},
    {Text::beats_count, {"beats {n}", "verslaat {n}", "перемагає {n}"}},
    {Text::tie, {"= tied", "= gedeeld", "= нарівні"}},
    {Text::per_group, {"Per group", "Per groep", "За групами"}},
    {Text::other_groups, {"Other groups", "Overige groepen", "Інші групи"}},
    {Text::groups_small,
     {"A group with fewer than {n} ballots is never shown on its own; small groups are shown together as \"other groups\" once they reach {n}.",
      "Een groep met minder dan {n} stembiljetten wordt nooit apart getoond; kleine groepen staan samen onder \"overige groepen\" zodra zij samen {n} halen.",
      "Групу, що має менше бюлетенів, ніж {n}, ніколи не показуємо окремо; малі групи показуємо разом як «інші групи», коли разом вони мають щонайменше {n}."}},
    {Text::hidden_ideas, {"Ideas hidden by the facilitator: {n}", "Ideeën verborgen door de begeleider: {n}", "Ідеї, приховані ведучим: {n}"}},
    {Text::voided, {"Ballots undone by the facilitator (not counted): {n}", "Stembiljetten ongedaan gemaakt door de begeleider (niet geteld): {n}", "Бюлетені, скасовані ведучим (не враховано): {n}"}},
    {Text::scenario, {"Scenario", "Scenario", "Сценарій"}},
    {Text::sha256, {"SHA-256 of the scenario file", "SHA-256 van het scenariobestand", "SHA-256 файлу сценарію"}},
    {Text::pairwise_caption,
     {"Ballots that rank the row's option above the column's option (columns numbered as the rows)",
      "Stembiljetten die de optie van de rij boven die van de kolom zetten (kolommen genummerd als de rijen)",
      "Бюлетені, що ставлять варіант рядка вище за варіант стовпця (стовпці пронумеровано як рядки)"}},
    {Text::who_beats_whom, {"Who beats whom", "Wie verslaat wie", "Хто кого перемагає"}},
    {Text::beats, {"{a} beats {b} ({x} to {y})", "{a} verslaat {b} ({x} tegen {y})", "{a} перемагає {b} ({x} проти {y})"}},
    {Text::beats_nobody, {"{a} beats no other option head to head", "{a} verslaat geen andere optie rechtstreeks", "{a} не перемагає жодного варіанта напряму"}},
    {Text::no_ballots, {"No ballots were cast for this step.", "Voor deze stap is niet gestemd.", "На цьому кроці ніхто не голосував."}},
    {Text::page, {"Page {n} of {of}", "Pagina {n} van {of}", "Сторінка {n} з {of}"}},
};
// clang-format on

std::size_t column_of(std::string_view language) {
    if (language == "nl") return 1;
    if (language == "uk") return 2;
    return 0;
}

}  // namespace

std::string text(Text which, std::string_view language,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
    std::string out;
    for (const Row& row : rows)
        if (row.key == which) out = std::string(row.by_language[column_of(language)]);
    for (const auto& [name, value] : values) {
        const std::string mark = "{" + std::string(name) + "}";
        for (std::size_t at = out.find(mark); at != std::string::npos; at = out.find(mark, at + value.size()))
            out.replace(at, mark.size(), value);
    }
    return out;
}

const std::string& local(const LocalText& text, std::string_view language, const Scenario& scenario) {
    if (const auto found = text.by_language.find(std::string(language)); found != text.by_language.end())
        return found->second;
    return text.in(scenario.default_language());
}

}  // namespace report
}  // namespace workshop
