#include "app.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "assets.h"
#include "bidi.h"
#include "chrome.h"
#include "facilitator_mode.h"
#include "keyboard.h"
#include "utf8.h"
#include "workshop/languages.h"
#include "workshop/exchange.h"

namespace workshop::kiosk {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr double kExternalPoll = 5.0;
// While frames are drawn, how often to ask SQLite whether another program wrote (a reveal from
// the `workshop` command): each check is a read transaction with file locks, a third of a
// frame's CPU if done every frame, and a quarter second is too short for anyone to notice.
constexpr double kExternalCheck = 0.25;

}  // namespace

const std::string& Visit::role() const {
    static const std::string none;
    return turn ? turn->role() : none;
}

const StepDraft& Visit::draft(std::string_view step_id) const {
    static const StepDraft none;
    return turn ? turn->draft(step_id) : none;
}

const std::map<std::string, StepDraft>& Visit::drafts() const {
    static const std::map<std::string, StepDraft> none;
    return turn ? turn->drafts() : none;
}

App::App(Session& session, AppConfig config)
    : m_session(&session), m_config(std::move(config)), m_strings(&Strings::builtin()), m_theme(&Theme::builtin()) {
    m_session->set_check_each_read(false);  // frame() asks for other programs' writes itself
    new_visit();
    m_facilitator = std::make_unique<Facilitator>(m_config.kiosk, m_config.start_language);
    const KioskConfig& k = m_config.kiosk;
    start_speaker();
    if (!k.hub.empty()) {
        m_hub = std::make_unique<HubSync>(k.hub, k.hub_password, k.kiosk_name.empty() ? host_name() : k.kiosk_name);
        m_hub->follow(session.database_path(), session.id());
    }
    start_reader();
}

// With a hub, other kiosks' rows arrive all the time: read and tallied off the UI thread. When
// the reader cannot open the file, frame() checks for them itself, as without a hub.
void App::start_reader() {
    m_reader.reset();
    if (!m_hub || !m_session) return;
    if (auto reader = m_session->open_reader()) m_reader = std::make_unique<SessionReader>(std::move(*reader));
}

App::App(std::vector<std::string> startup_errors, AppConfig config)
    : m_startup_errors(std::move(startup_errors)), m_config(std::move(config)), m_strings(&Strings::builtin()),
      m_theme(&Theme::builtin()), m_screen(ScreenId::startup_error) {
    new_visit();
    m_facilitator = std::make_unique<Facilitator>(m_config.kiosk, m_config.start_language);
}

App::~App() = default;

void App::start_speaker() {
    if (!m_config.kiosk.reads_aloud() || m_config.speaker) return;
    // The voices of every language a voter may choose, looked up now rather than mid-visit.
    std::vector<std::string> languages;
    for (const UiLanguage& language : ui_languages()) languages.emplace_back(language.code);
    if (const Scenario* s = scenario()) languages.insert(languages.end(), s->languages.begin(), s->languages.end());
    m_config.speaker = std::make_shared<EspeakSpeaker>(languages);
}

const Scenario* App::scenario() const { return m_session ? &m_session->scenario() : nullptr; }

std::string App::start_language() const {
    const Scenario* s = scenario();
    if (!s) return m_config.start_language.empty() ? "en" : m_config.start_language;
    if (!m_config.start_language.empty() && s->has_language(m_config.start_language)) return m_config.start_language;
    return s->default_language();
}

// --- display ---------------------------------------------------------------------------------------

void App::set_display(ImVec2 size, float px_per_mm) {
    m_display = size;
    m_px_per_mm = px_per_mm;
    m_large_text = m_visit.memory.large_text;
    m_metrics = Metrics::compute(*m_theme, size, px_per_mm, m_config.ui_scale * (m_large_text ? large_text_scale : 1.0f));
}

const Palette& App::palette() const {
    return m_visit.memory.high_contrast ? m_theme->high_contrast : m_theme->palette;
}

namespace {

// The scenario texts drawn in the display font: its title, and its steps' titles (the results
// slides' headings).
template <class Visit>
void for_display_titles(const Scenario& s, Visit&& visit) {
    for (const auto& [language, text] : s.title.by_language) visit(text);
    for (const Step& step : s.steps)
        for (const auto& [language, text] : step.title.by_language) visit(text);
}

// Each text as typed and as drawn (shaped one by one: a newline joins no letters), for the
// glyphs a font needs.
std::string as_typed_and_drawn(const std::vector<std::string>& texts) {
    std::string out;
    for (const std::string& text : texts) out += text + "\n" + visual_line(text, true) + "\n";
    return out;
}

}  // namespace

std::string App::display_titles() const {
    std::string out;
    if (const Scenario* s = scenario()) for_display_titles(*s, [&](const std::string& text) { out += text; });
    return out;
}

// The letters of the scenario's languages that DejaVu lacks (Arabic, Ge'ez), as far as a voter
// can see them: those of the languages' scripts (script_glyphs), of their keyboards, and of the
// kiosk's and the scenario's texts in those scripts. Only these go into the atlas, so a
// Dutch-English session carries none of them.
// Without a scenario (the start-up error screen): those of the start language, whose words the
// screen shows (an Arabic kiosk drew them as "?").
std::string App::script_glyphs_of_scenario() const {
    const Scenario* s = scenario();
    const std::vector<std::string> languages = s ? s->languages : std::vector<std::string>{start_language()};
    std::string out;
    for (const std::string& language : languages)
        if (const std::string own = script_glyphs(language); !own.empty())
            out += own + keyboard_text(keyboard_layout_for(language));
    if (out.empty()) return out;
    bool needed[3] = {};
    for (char32_t c : decode_utf8(out)) needed[static_cast<int>(script_font_of(c))] = true;
    std::string texts = std::string(assets::strings_toml()) + std::string(assets::facilitator_strings_toml()) + (s ? s->source_text : "");
    if (needed[static_cast<int>(ScriptFont::arabic)]) texts += visual_line(texts, true);  // as shaped
    for (char32_t c : decode_utf8(texts))
        if (const ScriptFont font = script_font_of(c); font != ScriptFont::none && needed[static_cast<int>(font)]) append_utf8(out, c);
    return out;
}

// What the display font draws, each text as typed and as drawn (shaped one by one: a newline
// joins no letters): the scenario's and its steps' titles (attract screen, results slides), the
// big messages' titles in the languages that may show them (thanks, paused, ended, idle, save
// failed; facilitator mode's wait in each of its languages), digits (idle countdown, PIN pad) and
// the messages' symbols. Only these: the display size is the atlas's largest, and it took the
// glyphs of every built-in text before (a third of the atlas's pixels and build time).
std::string App::display_font_texts() const {
    std::vector<std::string> texts{"0123456789 ?!✓…"};
    std::vector<std::string> languages;
    if (const Scenario* s = scenario()) {
        for_display_titles(*s, [&](const std::string& text) { texts.push_back(text); });
        languages = s->languages;
    } else {
        for (const auto& [language, reviewed] : strings().languages()) languages.push_back(language);
    }
    languages.push_back(start_language());
    for (const std::string& language : languages)
        for (const char* key : {"thanks_title", "paused_title", "ended_title", "idle_title", "save_failed_title"})
            texts.push_back(strings().get(key, language));
    for (const auto& [language, reviewed] : strings().languages())  // facilitator mode's are among these
        if (const std::vector<std::string>* wait = Facilitator::strings().forms("wait_title", language)) texts.push_back(wait->front());
    return as_typed_and_drawn(texts);
}

// What the attract screen writes besides its titles (display font): the invitation, the
// reading buttons, the results button and the description, in every language it may show them
// in, as typed and as drawn. FontScope::first_screen builds only these glyphs (a tenth of the
// atlas with ten languages); tests/ui/first_screen_fonts_test.cpp draws the screen with both.
std::string App::first_screen_texts() const {
    const Scenario* s = scenario();
    if (!s) return {};
    std::vector<std::string> languages = s->languages;
    languages.push_back(start_language());
    std::vector<std::string> texts{"✓ Aa"};
    for (const std::string& language : languages) {
        for (const char* key : {"touch_to_start", "high_contrast", "see_results", "read_aloud"})
            texts.push_back(strings().get(key, language));
        texts.push_back(s->description.in(language));
    }
    return as_typed_and_drawn(texts);
}

// What the attract screen writes in the display font: the scenario's title in each language.
std::string App::first_screen_titles() const {
    std::vector<std::string> texts;
    if (const Scenario* s = scenario())
        for (const auto& [language, text] : s->title.by_language) texts.push_back(text);
    return as_typed_and_drawn(texts);
}

bool App::fonts_stale() const {
    if (icon_codepoints(scenario(), reads_aloud()) != m_fonts_icons) return true;
    if (!m_fonts.regular || std::abs(m_fonts.built_for_body - m_metrics.body) > m_metrics.body * 0.08f) return true;
    // Another scenario's titles may need other glyphs (compared piece by piece: no allocation).
    std::string_view built = m_fonts_titles;
    bool same = true;
    if (const Scenario* s = scenario())
        for_display_titles(*s, [&](const std::string& text) {
            if (!same || built.substr(0, text.size()) != text) {
                same = false;
                return;
            }
            built.remove_prefix(text.size());
        });
    return !same || !built.empty();
}

void App::build_fonts(ImFontAtlas& atlas, FontScope scope) {
    m_fonts_titles = display_titles();
    m_fonts_icons = icon_codepoints(scenario(), reads_aloud());
    if (scope == FontScope::first_screen && screen() == ScreenId::attract)
        m_fonts = kiosk::build_fonts(atlas, *m_theme, m_metrics, first_screen_titles(), {}, m_fonts_icons, first_screen_texts());
    else
        m_fonts = kiosk::build_fonts(atlas, *m_theme, m_metrics, display_font_texts(), script_glyphs_of_scenario(), m_fonts_icons);
    if (!m_fonts.warning.empty()) std::fprintf(stderr, "workshop-kiosk: warning: %s\n", m_fonts.warning.c_str());
}

void App::apply_style(ImGuiStyle& style) const {
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;
    style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(m_theme->palette.background);
    style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(m_theme->palette.text);
}

// --- the flow ----------------------------------------------------------------------------------------

ScreenId App::flow_screen() const {
    if (!m_visit.turn) return ScreenId::attract;
    switch (m_visit.turn->page()) {
        case TurnPage::language: return ScreenId::language;
        case TurnPage::role: return ScreenId::role;
        case TurnPage::review: return ScreenId::review;
        case TurnPage::done: return ScreenId::thanks;
        case TurnPage::step:
        case TurnPage::closing: break;
    }
    const Step* step = m_visit.turn->step();
    if (!step) return ScreenId::review;
    switch (step->type) {
        case StepType::info: return ScreenId::info;
        case StepType::dot_vote: return ScreenId::dot_vote;
        case StepType::ranking: return ScreenId::ranking;
        case StepType::idea_vote: return ScreenId::idea_vote;
    }
    return ScreenId::info;
}

ScreenId App::screen() const {
    if (m_facilitator->active()) return m_facilitator->screen();  // whatever the session's state
    // Results stay on screen when voting is paused or over: that is when they are presented.
    const bool results = !m_in_flow && m_screen == ScreenId::results;
    if (m_session && m_screen != ScreenId::startup_error && m_screen != ScreenId::thanks && !results &&
        m_session->state() != SessionState::running)
        return ScreenId::paused;
    if (!m_in_flow && m_screen == ScreenId::attract && m_facilitator->voter_must_wait())
        return ScreenId::wait_for_facilitator;  // supervised turns
    return m_in_flow ? flow_screen() : m_screen;
}

// A fresh Visit: nothing of the last voter stays.
void App::new_visit() {
    const std::string language = start_language();
    m_visit = Visit{};
    m_ui.forget_texts();  // its layout cache may hold what the voter typed
    m_visit.no_turn_language = language;
    if (m_session) m_visit.turn.emplace(*m_session, language);
}

void App::begin_visit() {
    // The reading choices made on the attract screen stay for the visit they started.
    ScreenMemory reading = m_visit.memory.reading_choices();
    new_visit();
    m_visit.memory = std::move(reading);
    if (!m_visit.turn) return;
    m_visit.turn->start();
    m_in_flow = true;
    m_screen_since = m_now;
}

void App::reset_visit() {
    new_visit();
    m_in_flow = false;
    m_screen = ScreenId::attract;
    m_screen_since = m_now;
    m_press_in_countdown = false;
}

void App::show(ScreenId id) {
    m_in_flow = false;
    m_screen = id;
    m_screen_since = m_now;
}

void App::set_session(Session& session) {
    m_session = &session;
    m_session->set_check_each_read(false);  // as in the constructor
    m_last_external_check = -kNever;
    m_startup_errors.clear();
    m_last_cast = Status::success();
    reset_visit();
    if (m_hub) m_hub->follow(session.database_path(), session.id());
    start_reader();
}

void App::confirm() {
    if (!m_visit.turn) return;
    const CastReport report = m_visit.turn->confirm();
    m_last_cast = report.ok() ? Status::success() : Status::failure(report.message());
    if (!report.ok()) {
        std::fprintf(stderr, "workshop-kiosk: ballot not stored: %s\n", m_last_cast.message.c_str());
        show(ScreenId::save_failed);
        return;
    }
    // Stored: the Turn forgot the choices; the typed texts leave the layout cache too.
    m_ui.forget_texts();
    // The voter is still reading (the closing info, the thanks): their reading choices stay
    // until the visit ends.
    m_visit.memory = m_visit.memory.reading_choices();
    m_screen_since = m_now;
    if (m_visit.turn->page() == TurnPage::done) show(ScreenId::thanks);
    else m_in_flow = true;  // the closing info steps (also after "try again" on the failure screen)
}

bool App::insert_text(std::string_view text) {
    const Step* step = m_in_flow && m_visit.turn && m_visit.turn->page() == TurnPage::step ? m_visit.turn->step() : nullptr;
    if (!step || step->type != StepType::idea_vote || !m_visit.memory.editor.open) return false;
    for (char32_t c : decode_utf8(text))
        apply_key(m_visit.memory.editor.text, {KeyPress::Kind::insert, encode_utf8(c)}, step->max_idea_length);
    return true;
}

// The intents that move through the pages; false when `intent` is not one of them.
bool App::apply_flow(const Intent& intent) {
    Turn* turn = m_visit.turn ? &*m_visit.turn : nullptr;
    ScreenMemory& mem = m_visit.memory;
    if (m_hub && intent.kind != IntentKind::none) m_hub->poke();  // a cast or an action: push it soon

    switch (intent.kind) {
        case IntentKind::start: begin_visit(); break;
        case IntentKind::choose_language:
            if (turn) turn->choose_language(intent.id);
            break;
        case IntentKind::choose_role:
            if (turn) turn->choose_role(intent.id);
            break;
        case IntentKind::back:
            if (mem.editor.open) mem.editor = IdeaEditor{};
            else if (!m_in_flow || !turn || !turn->back()) reset_visit();  // back from the first page: the voter leaves
            break;
        case IntentKind::next:
            if (turn) turn->next();
            break;
        case IntentKind::edit_step:
            if (turn) turn->edit_step(intent.index);
            break;
        case IntentKind::confirm: confirm(); break;
        case IntentKind::finish: reset_visit(); break;
        default: return false;
    }
    return true;
}

// The intents that change the voter's choices in the current step; the Turn says yes or no.
bool App::apply_choice(const Intent& intent) {
    Turn* turn = m_in_flow && m_visit.turn ? &*m_visit.turn : nullptr;
    const Step* step = turn && turn->page() == TurnPage::step ? turn->step() : nullptr;
    ScreenMemory& mem = m_visit.memory;
    switch (intent.kind) {
        case IntentKind::add_dot:
            if (turn) turn->add_dot(intent.id);
            break;
        case IntentKind::remove_dot:
            if (turn) turn->remove_dot(intent.id);
            break;
        case IntentKind::rank_toggle:
            if (turn) turn->rank_toggle(intent.id);
            break;
        case IntentKind::rank_move:
            if (turn) turn->rank_move(intent.id, intent.index);
            break;
        case IntentKind::approve_toggle:
            if (turn) turn->approve_toggle(intent.id);
            break;
        case IntentKind::open_editor:
            if (step && step->type == StepType::idea_vote && step->collect_ideas) {
                mem.editor = IdeaEditor{};
                mem.editor.open = true;
                mem.editor.keyboard.layout = keyboard_layout_for(m_visit.language());
                mem.notice.clear();
            }
            break;
        case IntentKind::close_editor: mem.editor = IdeaEditor{}; break;
        case IntentKind::submit_idea: submit_idea(); break;
        default: return false;
    }
    return true;
}

// The editor's text becomes one of the turn's new ideas (stored with the ballots at confirm).
void App::submit_idea() {
    Turn* turn = m_in_flow && m_visit.turn ? &*m_visit.turn : nullptr;
    const Step* step = turn ? turn->step() : nullptr;
    if (!step) return;
    ScreenMemory& mem = m_visit.memory;
    const Answer added = turn->add_idea(mem.editor.text);
    if (!added) {
        const bool limit = added.why.code == ProblemCode::too_many_ideas;
        mem.editor.error = strings().get(limit ? "ideas_limit" : "idea_empty", m_visit.language(),
                                         {{"n", std::to_string(max_ideas_per_visit)}});
        return;
    }
    mem.editor = IdeaEditor{};
    mem.notice = strings().get("idea_added", m_visit.language());
    mem.scroll["ideas/" + step->id] = 1e9f;  // show the new idea (at the end of the grid)
}

void App::apply(const Intent& intent) {
    const Turn* turn = m_visit.turn ? &*m_visit.turn : nullptr;
    const TurnPage page_before = turn ? turn->page() : TurnPage::language;
    const int step_before = turn ? turn->step_index() : -1;
    switch (intent.kind) {
        case IntentKind::none: return;
        case IntentKind::show_results:
            reset_visit();
            show(ScreenId::results);
            m_visit.memory.results_step = intent.id;
            return;
        case IntentKind::run:
            if (intent.action) intent.action(*this);
            return;
        case IntentKind::quit: m_quit = true; return;
        default: break;
    }
    if (!apply_flow(intent)) apply_choice(intent);
    // A new page: its own time, no notice from the last one; the closing steps end in the thank-you.
    turn = m_visit.turn ? &*m_visit.turn : nullptr;
    if (turn && m_in_flow && (turn->page() != page_before || turn->step_index() != step_before)) {
        m_visit.memory.notice.clear();
        m_screen_since = m_now;
        if (turn->page() == TurnPage::done) show(ScreenId::thanks);
    }
}

// --- frames -------------------------------------------------------------------------------------------

double App::idle_limit() const {
    const Scenario* s = scenario();
    return s ? static_cast<double>(s->kiosk.idle_reset_seconds) : kNever;
}

double App::countdown_window() const { return std::min(30.0, idle_limit() / 3.0); }

ScreenContext App::context() {
    ScreenContext ctx{m_ui, *m_strings, m_visit.language(), scenario(), m_session, m_visit, m_visit.memory};
    ctx.now = m_now;
    ctx.startup_errors = &m_startup_errors;
    ctx.facilitator = m_facilitator.get();
    ctx.hub = m_hub.get();
    ctx.pictures = &m_pictures;
    if (reads_aloud()) ctx.speaker = m_config.speaker.get();
    if (m_in_flow && m_visit.turn) {
        const Turn& turn = *m_visit.turn;
        ctx.turn = &turn;
        ctx.step = turn.step();
        if (ctx.step) ctx.draft = &turn.draft(ctx.step->id);
        const Turn::Progress progress = turn.progress();
        ctx.step_number = progress.number;
        ctx.step_count = progress.total;
    }
    return ctx;
}

void App::frame(double now) {
    m_now = now;
    m_pictures.sync(scenario());
    // The voter asked for large text (or a new visit went back to normal): everything grows,
    // and the window rebuilds the fonts for the new size before the next frame.
    if (m_large_text != m_visit.memory.large_text) set_display(m_display, m_px_per_mm);
    ImGui::GetStyle().Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(palette().background);
    if (!m_lockout_resumed) {  // at the first frame only: later the gate in memory is the truth
        m_facilitator->resume_lockout(m_session, now);  // also on the start-up error screen
        m_lockout_resumed = true;
    }
    // What another program or kiosk wrote (a reveal, an import, a pull) is seen within
    // kExternalCheck: read by the reader's thread when there is one, else here.
    if (m_reader) {
        if (std::shared_ptr<const SessionSnapshot> snapshot = m_reader->take()) m_session->adopt(std::move(snapshot));
    } else if (m_session && !(now >= m_last_external_check && now < m_last_external_check + kExternalCheck)) {
        m_session->check_for_changes();
        m_last_external_check = now;
    }
    // The room moved on at another kiosk (hub.md, guarantee 8): follow it between voters only,
    // and try each move once (a file this program cannot read stays in the audit log).
    if (m_hub && screen() == ScreenId::attract)
        if (std::optional<RoomMove> move = m_hub->room_move(); move && move->hub_session != m_room_tried) {
            m_room_tried = move->hub_session;
            m_facilitator->follow_room(*this, *move);
        }
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoNav);
    const ScreenId shown = screen();
    // An Arabic or Persian voter sees every participant screen mirrored (facilitator mode is not);
    // the results as the language they show in reads, also a slide the facilitator put in Arabic.
    const std::string& results_language = m_visit.memory.results_language;
    const std::string& reading = shown == ScreenId::results && !results_language.empty() ? results_language : m_visit.language();
    m_ui.set_mirrored(screen_entry(shown).mode == Mode::participant && is_rtl_language(reading));
    m_ui.begin_frame(ImGui::GetWindowDrawList(), m_metrics, m_fonts, palette(), now);

    if (shown != ScreenId::results) m_facilitator->stop_presenting();
    // The results the facilitator put on the shared screen stay until someone closes them.
    const bool presenting = shown == ScreenId::results && m_facilitator->presenting();
    const bool idle_applies = screen_entry(shown).mode == Mode::participant && shown != ScreenId::wait_for_facilitator &&
                              shown != ScreenId::attract && shown != ScreenId::startup_error &&
                              shown != ScreenId::thanks && !(shown == ScreenId::paused && !m_in_flow) && !presenting;
    const double idle_before = now - m_last_touch;
    const bool countdown_visible = idle_applies && idle_before >= idle_limit() - countdown_window();
    const Touch& touch = m_ui.touch();
    if (touch.pressed) m_press_in_countdown = countdown_visible;
    if (touch.pressed || touch.down) m_last_touch = now;
    // The touch that dismisses "are you still there?" must not also press what lies beneath.
    m_ui.block_input(m_press_in_countdown);

    ScreenContext ctx = context();
    Intent intent = screen_entry(shown).draw(ctx);
    if (ctx.read_page && ctx.speaker) ctx.speaker->read(ctx.lang, page_text(ctx));
    if (m_press_in_countdown) {
        intent = {};
        if (!touch.down) m_press_in_countdown = false;
    }
    if (idle_applies) {
        const double idle = now - m_last_touch;
        if (idle >= idle_limit()) {
            intent = Intent::of(IntentKind::finish);
        } else if (idle >= idle_limit() - countdown_window()) {
            draw_idle_countdown(idle_limit() - idle);
        }
    }
    // Reading choices left on the attract screen by someone who walked away go back to normal.
    const bool reading_changed = m_visit.memory.large_text || m_visit.memory.high_contrast;
    if (shown == ScreenId::attract && !m_in_flow && reading_changed && now - m_last_touch >= idle_limit()) reset_visit();
    if (shown == ScreenId::thanks && now - m_screen_since >= std::min(m_config.thanks_seconds, idle_limit()))
        intent = Intent::of(IntentKind::finish);
    intent = m_facilitator->watch(m_ui, shown, std::move(intent));  // the hidden gesture, time-outs

    m_ui.end_frame();
    ImGui::End();
    apply(intent);
}

void App::draw_idle_countdown(double remaining) {
    Ui& ui = m_ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Rect screen = ui.screen();
    ui.dl()->AddRectFilled(screen.min, screen.max, with_alpha(IM_COL32(0x10, 0x10, 0x10, 0xFF), 0.45f));
    const int seconds = static_cast<int>(std::ceil(remaining));
    const std::string title = strings().get("idle_title", m_visit.language());
    // Choices not yet confirmed would be lost: say so plainly.
    const bool unsaved = std::any_of(m_visit.drafts().begin(), m_visit.drafts().end(), [](const auto& d) { return !d.second.empty(); }) ||
                         (m_visit.turn && !m_visit.turn->new_ideas().empty());
    const std::string body = strings().plural(unsaved ? "idle_body_unsaved" : "idle_body", m_visit.language(), seconds);
    const float w = std::min(screen.w() - 2 * m.margin, m.body * 26);
    const float inner_w = w - 2 * m.pad * 1.5f;
    const float h = ui.measure(ui.title(), title, inner_w).y + ui.measure(ui.body(), body, inner_w).y +
                    ui.m().display_text * 1.3f + m.pad * 6;
    Rect card = Rect::xywh(screen.center().x - w / 2, screen.center().y - h / 2, w, h);
    ui.panel(card, c.surface, c.border, 2);
    Rect inner = card.shrink(m.pad * 1.5f);
    cut_top(inner, ui.text(ui.title(), title, inner, c.text, Align::center), m.pad * 0.5f);
    const std::string number = std::to_string(seconds);
    cut_top(inner, ui.text(ui.display(), number, inner, c.primary, Align::center), m.pad * 0.3f);
    ui.text(ui.body(), body, inner, c.text, Align::center);
    // A bar that empties as the seconds run out.
    const float bar_h = std::max(6.0f, m.body * 0.3f);
    const Rect bar = Rect::xywh(card.min.x + m.pad * 1.5f, card.max.y - m.pad * 0.8f - bar_h, card.w() - m.pad * 3, bar_h);
    ui.dl()->AddRectFilled(bar.min, bar.max, c.disabled, bar_h / 2);
    const float frac = static_cast<float>(std::clamp(remaining / countdown_window(), 0.0, 1.0));
    ui.dl()->AddRectFilled(bar.min, ImVec2(bar.min.x + bar.w() * frac, bar.max.y), c.primary, bar_h / 2);
}

double App::seconds_until_update(double now) const {
    if (m_ui.touch().down) return 0.05;  // long presses and drags change the screen by themselves
    if (m_ui.animating()) return 1.0 / 60;  // a flicked list glides
    const ScreenId shown = screen();
    if (screen_entry(shown).mode == Mode::facilitator || shown == ScreenId::wait_for_facilitator)
        return m_facilitator->seconds_until_update(now);
    if (shown == ScreenId::thanks) return std::max(0.0, m_screen_since + std::min(m_config.thanks_seconds, idle_limit()) - now);
    if (shown == ScreenId::startup_error) return kNever;
    if (shown == ScreenId::results && m_facilitator->presenting()) return 1.0;  // the live ballot counter
    // Waiting for a voter: look now and then whether the facilitator (maybe with the `workshop`
    // command) paused, resumed or revealed something; a check costs nothing.
    if (shown == ScreenId::attract || (shown == ScreenId::paused && !m_in_flow)) return kExternalPoll;
    const double remaining = idle_limit() - (now - m_last_touch);
    const double until_countdown = remaining - countdown_window();
    if (until_countdown > 0) return until_countdown;
    return std::clamp(remaining - std::floor(remaining), 0.02, 0.25);  // tick with the seconds shown
}

}  // namespace workshop::kiosk
