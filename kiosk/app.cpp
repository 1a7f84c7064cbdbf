#include "app.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "assets.h"
#include "chrome.h"
#include "facilitator_mode.h"
#include "utf8.h"

namespace workshop::kiosk {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr double kExternalPoll = 5.0;
// While frames are drawn, how often to ask SQLite whether another program wrote (a reveal from
// the `workshop` command): each check is a read transaction with file locks, a third of a
// frame's CPU if done every frame, and a quarter second is too short for anyone to notice.
constexpr double kExternalCheck = 0.25;

bool draft_acceptable(const Step& step, const StepDraft& d) {
    // An empty draft is acceptable: the voter skips the step and casts no ballot for it.
    switch (step.type) {
        case StepType::info: return true;
        case StepType::dot_vote:
            if (d.dots_used() == 0) return !step.require_all_dots;
            return d.dots_used() <= step.dots && (!step.require_all_dots || d.dots_used() == step.dots);
        case StepType::ranking:
            if (d.ranking.empty()) return true;
            return static_cast<int>(d.ranking.size()) >= step.rank_at_least &&
                   static_cast<int>(d.ranking.size()) <= step.rank_at_most;
        case StepType::idea_vote:
            return step.votes_per_participant == 0 || static_cast<int>(d.approved.size()) <= step.votes_per_participant;
    }
    return true;
}

}  // namespace

int StepDraft::dots_used() const {
    int n = 0;
    for (const auto& [option, count] : dots) n += count;
    return n;
}

App::App(Session& session, AppConfig config)
    : m_session(&session), m_config(std::move(config)), m_strings(&Strings::builtin()), m_theme(&Theme::builtin()) {
    m_session->set_check_each_read(false);  // frame() asks for other programs' writes itself
    m_visit.language = start_language();
    m_facilitator = std::make_unique<Facilitator>(m_config.kiosk, m_config.start_language);
}

App::App(std::vector<std::string> startup_errors, AppConfig config)
    : m_startup_errors(std::move(startup_errors)), m_config(std::move(config)), m_strings(&Strings::builtin()),
      m_theme(&Theme::builtin()), m_screen(ScreenId::startup_error) {
    m_visit.language = start_language();
    m_facilitator = std::make_unique<Facilitator>(m_config.kiosk, m_config.start_language);
}

App::~App() = default;

const Scenario* App::scenario() const { return m_session ? &m_session->scenario() : nullptr; }

std::string App::start_language() const {
    const Scenario* s = scenario();
    if (!s) return m_config.start_language.empty() ? "en" : m_config.start_language;
    if (!m_config.start_language.empty() && s->has_language(m_config.start_language)) return m_config.start_language;
    return s->default_language();
}

// --- display ---------------------------------------------------------------------------------------

void App::set_display(ImVec2 size, float px_per_mm) {
    m_metrics = Metrics::compute(*m_theme, size, px_per_mm, m_config.ui_scale);
}

// What the display font draws: the scenario's title, and titles, digits and symbols of the
// built-in texts (all of them, in every language: a few hundred code points, not all of Unicode).
namespace {

// The scenario texts drawn in the display font: its title, and its steps' titles (the results
// slides' headings).
template <class Visit>
void for_display_titles(const Scenario& s, Visit&& visit) {
    for (const auto& [language, text] : s.title.by_language) visit(text);
    for (const Step& step : s.steps)
        for (const auto& [language, text] : step.title.by_language) visit(text);
}

}  // namespace

std::string App::display_titles() const {
    std::string out;
    if (const Scenario* s = scenario()) for_display_titles(*s, [&](const std::string& text) { out += text; });
    return out;
}

bool App::fonts_stale() const {
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

void App::build_fonts(ImFontAtlas& atlas) {
    m_fonts_titles = display_titles();
    const std::string display_texts = std::string(assets::strings_toml()) + std::string(assets::facilitator_strings_toml()) + m_fonts_titles;
    m_fonts = kiosk::build_fonts(atlas, *m_theme, m_metrics, display_texts);
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
    switch (m_visit.page) {
        case Page::language: return ScreenId::language;
        case Page::role: return ScreenId::role;
        case Page::review: return ScreenId::review;
        case Page::step: break;
    }
    const Scenario* s = scenario();
    if (!s || m_visit.step < 0 || m_visit.step >= static_cast<int>(s->steps.size())) return ScreenId::review;
    switch (s->steps[static_cast<std::size_t>(m_visit.step)].type) {
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

bool App::page_applies(Page page, int step) const {
    const Scenario* s = scenario();
    if (!s) return false;
    switch (page) {
        case Page::language: return s->kiosk.ask_language && s->languages.size() > 1;
        case Page::role: return s->kiosk.ask_role && !s->roles.empty();
        case Page::step:
            return step >= 0 && step < static_cast<int>(s->steps.size()) &&
                   m_session->step_open(s->steps[static_cast<std::size_t>(step)].id);
        case Page::review: return true;
    }
    return false;
}

void App::advance(int direction) {
    const Scenario* s = scenario();
    if (!s) return;
    const int steps = static_cast<int>(s->steps.size());
    // Pages in order: language (0), role (1), steps (2 .. steps+1), review (steps+2).
    auto position = [&] {
        switch (m_visit.page) {
            case Page::language: return 0;
            case Page::role: return 1;
            case Page::step: return 2 + m_visit.step;
            case Page::review: return steps + 2;
        }
        return 0;
    };
    int pos = position();
    while (true) {
        pos += direction;
        if (pos < 0) {  // back from the first page: the voter leaves
            reset_visit();
            return;
        }
        if (pos > steps + 2) pos = steps + 2;
        Page page = pos == 0 ? Page::language : pos == 1 ? Page::role : pos == steps + 2 ? Page::review : Page::step;
        const int step = pos - 2;
        if (page_applies(page, step)) {
            m_visit.page = page;
            if (page == Page::step) m_visit.step = step;
            m_visit.memory.notice.clear();
            m_screen_since = m_now;
            return;
        }
    }
}

int App::count_steps(int* ordinal) const {
    const Scenario* s = scenario();
    int total = 0;
    if (ordinal) *ordinal = 0;
    if (!s) return 0;
    for (int i = 0; i < static_cast<int>(s->steps.size()); ++i) {
        if (!page_applies(Page::step, i)) continue;
        ++total;
        if (ordinal && m_visit.page == Page::step && i <= m_visit.step) *ordinal = total;
    }
    return total;
}

void App::begin_visit() {
    m_visit = Visit{};
    m_ui.forget_texts();
    m_visit.language = start_language();
    m_visit.page = Page::language;
    m_in_flow = true;
    m_screen_since = m_now;
    if (!page_applies(Page::language, 0)) advance(+1);
}

void App::reset_visit() {
    m_visit = Visit{};
    m_ui.forget_texts();  // its layout cache may hold what the voter typed
    m_visit.language = start_language();
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
}

std::vector<Ballot> App::build_ballots() const {
    std::vector<Ballot> ballots;
    const Scenario* s = scenario();
    if (!s) return ballots;
    for (const Step& step : s->steps) {
        if (!step.takes_ballots() || !m_session->step_open(step.id)) continue;
        auto it = m_visit.drafts.find(step.id);
        if (it == m_visit.drafts.end() || it->second.empty()) continue;
        const StepDraft& d = it->second;
        Ballot b;
        b.visit = m_visit.id;
        b.step = step.id;
        b.role = m_visit.role;
        b.language = m_visit.language;
        switch (step.type) {
            case StepType::dot_vote:
                for (const Option& o : step.options) {
                    auto dit = d.dots.find(o.id);
                    if (dit != d.dots.end() && dit->second > 0) b.marks.push_back({o.id, dit->second});
                }
                break;
            case StepType::ranking:
                for (std::size_t i = 0; i < d.ranking.size(); ++i) b.marks.push_back({d.ranking[i], static_cast<int>(i) + 1});
                break;
            case StepType::idea_vote:
                for (const std::string& id : d.approved) b.marks.push_back({id, 1});
                break;
            case StepType::info: break;
        }
        ballots.push_back(std::move(b));
    }
    return ballots;
}

void App::confirm() {
    if (!m_session) return;
    if (m_visit.id.empty()) m_visit.id = m_session->new_visit_id();
    const std::vector<Ballot> ballots = build_ballots();
    m_last_cast = ballots.empty() ? Status::success() : m_session->cast_visit(ballots);
    if (!m_last_cast.ok) {
        std::fprintf(stderr, "workshop-kiosk: ballot not stored: %s\n", m_last_cast.message.c_str());
        show(ScreenId::save_failed);
        return;
    }
    // Stored: forget the choices at once; only the language stays for the thank-you.
    const std::string language = m_visit.language;
    m_visit = Visit{};
    m_ui.forget_texts();
    m_visit.language = language;
    show(ScreenId::thanks);
}

bool App::insert_text(std::string_view text) {
    const Step* step = (m_in_flow && m_visit.page == Page::step && scenario())
                           ? &scenario()->steps[static_cast<std::size_t>(m_visit.step)] : nullptr;
    if (!step || step->type != StepType::idea_vote || !m_visit.memory.editor.open) return false;
    for (char32_t c : decode_utf8(text))
        apply_key(m_visit.memory.editor.text, {KeyPress::Kind::insert, encode_utf8(c)}, step->max_idea_length);
    return true;
}

void App::apply(const Intent& intent) {
    const Scenario* s = scenario();
    const Step* step = (m_in_flow && m_visit.page == Page::step && s)
                           ? &s->steps[static_cast<std::size_t>(m_visit.step)] : nullptr;
    StepDraft* draft = step ? &m_visit.drafts[step->id] : nullptr;
    ScreenMemory& mem = m_visit.memory;

    switch (intent.kind) {
        case IntentKind::none: break;
        case IntentKind::start: begin_visit(); break;
        case IntentKind::choose_language:
            if (s && s->has_language(intent.id)) {
                m_visit.language = intent.id;
                advance(+1);
            }
            break;
        case IntentKind::choose_role:
            if (s && (intent.id.empty() || s->find_role(intent.id))) {
                m_visit.role = intent.id;
                advance(+1);
            }
            break;
        case IntentKind::back:
            if (mem.editor.open) {
                mem.editor = IdeaEditor{};
            } else if (m_in_flow) {
                m_visit.return_to_review = false;
                advance(-1);
            } else {
                reset_visit();
            }
            break;
        case IntentKind::next:
            if (step && draft && !draft_acceptable(*step, *draft)) break;
            if (m_visit.return_to_review) {
                m_visit.return_to_review = false;
                m_visit.page = Page::review;
                m_screen_since = m_now;
            } else {
                advance(+1);
            }
            break;
        case IntentKind::add_dot:
            if (step && step->type == StepType::dot_vote && step->find_option(intent.id) &&
                draft->dots_used() < step->dots && draft->dots[intent.id] < step->max_per_option)
                ++draft->dots[intent.id];
            break;
        case IntentKind::remove_dot:
            if (step && step->type == StepType::dot_vote) {
                auto it = draft->dots.find(intent.id);
                if (it != draft->dots.end() && --it->second <= 0) draft->dots.erase(it);
            }
            break;
        case IntentKind::rank_toggle:
            if (step && step->type == StepType::ranking && step->find_option(intent.id)) {
                auto& r = draft->ranking;
                auto it = std::find(r.begin(), r.end(), intent.id);
                if (it != r.end()) r.erase(it);
                else if (static_cast<int>(r.size()) < step->rank_at_most) r.push_back(intent.id);
            }
            break;
        case IntentKind::rank_move:
            if (step && step->type == StepType::ranking) {
                auto& r = draft->ranking;
                auto it = std::find(r.begin(), r.end(), intent.id);
                if (it != r.end()) {
                    r.erase(it);
                    const int at = std::clamp(intent.index, 0, static_cast<int>(r.size()));
                    r.insert(r.begin() + at, intent.id);
                }
            }
            break;
        case IntentKind::approve_toggle:
            if (step && step->type == StepType::idea_vote) {
                auto& a = draft->approved;
                auto it = std::find(a.begin(), a.end(), intent.id);
                if (it != a.end()) a.erase(it);
                else if (step->votes_per_participant == 0 || static_cast<int>(a.size()) < step->votes_per_participant)
                    a.push_back(intent.id);
            }
            break;
        case IntentKind::open_editor:
            if (step && step->type == StepType::idea_vote && step->collect_ideas) {
                mem.editor = IdeaEditor{};
                mem.editor.open = true;
                mem.editor.keyboard.layout = keyboard_layout_for(m_visit.language);
                mem.notice.clear();
            }
            break;
        case IntentKind::close_editor: mem.editor = IdeaEditor{}; break;
        case IntentKind::submit_idea:
            if (step && step->type == StepType::idea_vote && m_session) {
                const std::string text = mem.editor.text;
                if (!check_idea_text(*step, text).empty()) {
                    mem.editor.error = strings().get("idea_empty", m_visit.language);
                    break;
                }
                Outcome<Idea> added = m_session->add_idea(step->id, text, m_visit.language);
                if (!added) {
                    std::fprintf(stderr, "workshop-kiosk: idea not stored: %s\n", added.message().c_str());
                    mem.editor.error = strings().get("idea_not_saved", m_visit.language);
                    break;
                }
                mem.my_ideas.push_back(added->id);
                mem.editor = IdeaEditor{};
                mem.notice = strings().get("idea_added", m_visit.language);
                mem.scroll["ideas/" + step->id] = 1e9f;  // show the new idea (at the end of the grid)
            }
            break;
        case IntentKind::edit_step:
            if (s && page_applies(Page::step, intent.index)) {
                m_visit.page = Page::step;
                m_visit.step = intent.index;
                m_visit.return_to_review = true;
                m_screen_since = m_now;
            }
            break;
        case IntentKind::confirm: confirm(); break;
        case IntentKind::finish: reset_visit(); break;
        case IntentKind::show_results:
            reset_visit();
            show(ScreenId::results);
            m_visit.memory.results_step = intent.id;
            break;
        case IntentKind::run:
            if (intent.action) intent.action(*this);
            break;
        case IntentKind::quit: m_quit = true; break;
    }
}

// --- frames -------------------------------------------------------------------------------------------

double App::idle_limit() const {
    const Scenario* s = scenario();
    return s ? static_cast<double>(s->kiosk.idle_reset_seconds) : kNever;
}

double App::countdown_window() const { return std::min(30.0, idle_limit() / 3.0); }

ScreenContext App::context() {
    ScreenContext ctx{m_ui, *m_strings, m_visit.language, scenario(), m_session, m_visit, m_visit.memory};
    ctx.now = m_now;
    ctx.startup_errors = &m_startup_errors;
    ctx.facilitator = m_facilitator.get();
    if (m_in_flow && m_visit.page == Page::step && ctx.scenario) {
        ctx.step = &ctx.scenario->steps[static_cast<std::size_t>(m_visit.step)];
        ctx.draft = &m_visit.drafts[ctx.step->id];
    }
    if (m_in_flow) ctx.step_count = count_steps(&ctx.step_number);
    return ctx;
}

void App::frame(double now) {
    m_now = now;
    if (!m_lockout_resumed) {  // at the first frame only: later the gate in memory is the truth
        if (m_session) m_facilitator->resume_lockout(*m_session, now);
        m_lockout_resumed = true;
    }
    // What another program wrote (a reveal, an import) is seen within kExternalCheck.
    if (m_session && !(now >= m_last_external_check && now < m_last_external_check + kExternalCheck)) {
        m_session->check_for_changes();
        m_last_external_check = now;
    }
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoNav);
    m_ui.begin_frame(ImGui::GetWindowDrawList(), m_metrics, m_fonts, m_theme->palette, now);

    const ScreenId shown = screen();
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
    const std::string title = strings().get("idle_title", m_visit.language);
    // Choices not yet confirmed would be lost: say so plainly.
    const bool unsaved = std::any_of(m_visit.drafts.begin(), m_visit.drafts.end(), [](const auto& d) { return !d.second.empty(); });
    const std::string body = strings().get(unsaved ? "idle_body_unsaved" : "idle_body", m_visit.language, {{"n", std::to_string(seconds)}});
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
