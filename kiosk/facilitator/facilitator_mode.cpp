#include "facilitator_mode.h"

#include "hub_sync.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include <sys/statvfs.h>
#include <unistd.h>

#include "app.h"
#include "take_home.h"
#include "workshop/diagnostic.h"
#include "workshop/exchange.h"

namespace workshop::kiosk {

namespace assets {
std::string_view facilitator_strings_toml();  // assets/facilitator_strings.toml, embedded
}

namespace fs = std::filesystem;

namespace {

// The audit log's names for PIN tries (read back at start: see resume_lockout).
const std::string kPinAccepted = "facilitator_pin_accepted";
const std::string kPinWrong = "facilitator_pin_wrong";

std::string same_file_key(const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? path : p.string();
}

long long free_bytes(const std::string& folder) {
    // The folder may not exist yet (exports/): ask about the nearest existing parent.
    fs::path p = fs::absolute(folder);
    std::error_code ec;
    while (!p.empty() && !fs::exists(p, ec) && p != p.root_path()) p = p.parent_path();
    struct statvfs info {};
    if (::statvfs(p.c_str(), &info) != 0) return -1;
    return static_cast<long long>(info.f_bavail) * static_cast<long long>(info.f_frsize);
}

// "2024-05-01_0930" in local time: export folders sort by time (make_export_folder adds _2, _3,
// ... for a second export within the same minute).
std::string local_stamp() {
    const std::time_t t = std::time(nullptr);
    std::tm tm {};
    ::localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d_%H%M", &tm);
    return buf;
}

// Undoes the octal escapes of /proc/mounts (a space is \040).
std::string unescape_mount(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7') {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 3)), nullptr, 8));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

const Strings& Facilitator::strings() {
    static const Strings strings = [] {
        Outcome<Strings> parsed = Strings::parse(assets::facilitator_strings_toml(), "assets/facilitator_strings.toml");
        if (!parsed) {
            std::fprintf(stderr, "%s\n", parsed.message().c_str());  // a build mistake: keys show instead
            return Strings{};
        }
        return std::move(parsed.value());
    }();
    return strings;
}

std::string ftr(const ScreenContext& ctx, std::string_view key, const Args& args) {
    return Facilitator::strings().get(key, ctx.facilitator->language(ctx.scenario), args);
}

std::string fplural(const ScreenContext& ctx, std::string_view key, long long n, const Args& args) {
    return Facilitator::strings().plural(key, ctx.facilitator->language(ctx.scenario), n, args);
}

std::vector<MountedMedium> mounted_media(const std::string& mounts_file, const std::vector<std::string>& roots) {
    std::vector<MountedMedium> found;
    std::ifstream in(mounts_file);
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string device, mount_point;
        if (!(fields >> device >> mount_point)) continue;
        const std::string path = unescape_mount(mount_point);
        for (const std::string& root : roots) {
            if (path.size() > root.size() + 1 && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/') {
                found.push_back({path, unescape_mount(device)});
                break;
            }
        }
    }
    std::sort(found.begin(), found.end(), [](const MountedMedium& a, const MountedMedium& b) { return a.path < b.path; });
    found.erase(std::unique(found.begin(), found.end(), [](const MountedMedium& a, const MountedMedium& b) { return a.path == b.path; }),
                found.end());
    return found;
}

std::vector<std::string> removable_media(const std::string& mounts_file, const std::vector<std::string>& roots) {
    std::vector<std::string> paths;
    for (const MountedMedium& medium : mounted_media(mounts_file, roots)) paths.push_back(medium.path);
    return paths;
}

std::string medium_label(const std::string& device, const std::string& labels_dir) {
    std::error_code ec;
    const fs::path target = fs::canonical(device, ec);
    if (ec) return {};
    for (const auto& entry : fs::directory_iterator(labels_dir, ec)) {
        std::error_code ignored;
        if (fs::canonical(entry.path(), ignored) != target || ignored) continue;
        // udev writes unsafe bytes of a label as \xNN ("MY\x20STICK").
        const std::string name = entry.path().filename().string();
        std::string label;
        for (std::size_t i = 0; i < name.size(); ++i) {
            if (name[i] == '\\' && i + 3 < name.size() && name[i + 1] == 'x' && std::isxdigit(static_cast<unsigned char>(name[i + 2])) &&
                std::isxdigit(static_cast<unsigned char>(name[i + 3]))) {
                label += static_cast<char>(std::stoi(name.substr(i + 2, 2), nullptr, 16));
                i += 3;
            } else {
                label += name[i];
            }
        }
        return escape_controls(label);
    }
    return {};
}

Facilitator::Facilitator(KioskConfig config, std::string start_language)
    : m_config(std::move(config)), m_start_language(std::move(start_language)), m_gate(m_config.pin, m_config.pin_hash, pin_tries_path(m_config.path)) {}

std::string Facilitator::language(const Scenario* scenario) const {
    if (!m_config.language.empty()) return m_config.language;
    if (!m_start_language.empty()) return m_start_language;
    return scenario ? scenario->default_language() : "en";
}

std::string Facilitator::text(const App& app, std::string_view key, const Args& args) const {
    return strings().get(key, language(app.scenario()), args);
}

// --- the mode --------------------------------------------------------------------------------------

Intent Facilitator::watch(Ui& ui, ScreenId shown, Intent intent) {
    const Touch& touch = ui.touch();
    m_now = ui.now();
    if (m_swallow_release) {  // the finger that made the gesture: what it is lifted from is not tapped
        intent = {};
        if (!touch.down) m_swallow_release = false;
    }
    if (screen_entry(shown).mode == Mode::facilitator) {
        if (touch.pressed || touch.down) m_last_touch = m_now;
        const double limit = unlocked() ? m_config.facilitator_timeout : m_config.pin_timeout;
        if (!intent && m_now - m_last_touch >= limit)  // a facilitator who walked away: lock again
            return Intent::run([](App& app) { app.facilitator().leave(app, "facilitator_timed_out"); });
        return intent;
    }

    // Participant screens: the hidden gesture, a long press in the top-left corner. Nothing shows
    // until the finger has stayed a while; then a ring fills so the facilitator knows it works.
    const Metrics& m = ui.m();
    const float side = std::max(m.target * 1.5f, m.mm(18));
    const Rect corner = ui.physical(Rect::xywh(0, 0, side, side));  // top-left on the glass, RTL too
    if (ui.pressing(corner)) {
        const double held = m_now - touch.press_time;
        const double quiet = 1.0;
        if (held > quiet) {
            const float frac = static_cast<float>(std::clamp((held - quiet) / (hold_seconds - quiet), 0.0, 1.0));
            const ImVec2 c(corner.min.x + side * 0.45f, side * 0.45f);
            const float r = side * 0.28f;
            ImDrawList* dl = ui.dl();
            dl->AddCircle(c, r, with_alpha(ui.colors().muted, 0.25f), 48, m.body * 0.25f);
            constexpr float pi = std::numbers::pi_v<float>;
            dl->PathArcTo(c, r, -pi / 2, -pi / 2 + frac * 2 * pi, 48);
            dl->PathStroke(ui.colors().primary, 0, m.body * 0.25f);
        }
    }
    if (ui.long_pressed(corner, hold_seconds)) {
        m_swallow_release = true;
        return Intent::run([shown](App& app) { app.facilitator().open_pin(app, shown); });
    }
    if (intent.kind == IntentKind::start && m_config.is_supervised()) m_voter_released = false;  // the release is used
    return intent;
}

double Facilitator::seconds_until_update(double now) const {
    if (!active()) return 1.0;  // the supervised wait screen: look now and then for outside changes
    if (m_phase == Phase::pin && m_gate.locked_for(now) > 0) return 0.25;  // the lockout countdown ticks
    const double limit = unlocked() ? m_config.facilitator_timeout : m_config.pin_timeout;
    return std::clamp(limit - (now - m_last_touch), 0.02, 1.0);  // counts refresh each second
}

void Facilitator::log(App& app, const std::string& action, const std::string& detail) {
    Session* session = app.session();
    if (!session) {  // no session (the kiosk could not start): the system journal keeps it
        std::fprintf(stderr, "workshop-kiosk: audit: %s %s\n", action.c_str(), detail.c_str());
        return;
    }
    if (Status logged = session->log_action(action, detail); !logged)
        std::fprintf(stderr, "workshop-kiosk: audit log not written (%s %s): %s\n", action.c_str(), detail.c_str(),
                     logged.message.c_str());
}

void Facilitator::report(const Status& status, std::string done_text) {
    m_feedback = status ? Feedback{std::move(done_text), false, {}} : Feedback{status.message, true, {}};
}

// --- the PIN pad --------------------------------------------------------------------------------------

void Facilitator::open_pin(App& app, ScreenId from) {
    m_voter_problem = from == ScreenId::save_failed ? app.last_cast().message : std::string();
    m_storage_problem = app.session() ? app.session()->last_storage_error() : std::string();
    m_scroll.clear();
    m_phase = Phase::pin;
    m_screen = ScreenId::facilitator_pin;
    m_typed.clear();
    m_pin_message.clear();
    m_feedback = {};
    m_last_touch = m_now;
}

void Facilitator::resume_lockout(Session* session, double now) {
    m_gate.recall(now);  // the tries file beside kiosk.toml: there with a session or without
    if (!session) return;
    // Of every session: a kiosk restarted after its session ended starts a new one.
    auto logged = session->actions_named(kPinAccepted, kPinWrong);
    if (!logged) return;  // the store's problem shows elsewhere; the gate starts as it is
    int wrong = 0;
    std::string last_wrong_at;
    for (const ActionRecord& a : *logged) {
        if (a.action == kPinAccepted) wrong = 0;
        if (a.action == kPinWrong) {
            ++wrong;
            last_wrong_at = a.at;
        }
    }
    if (wrong <= m_gate.wrong_in_row()) return;  // the tries file knew as much
    std::tm at{};
    const char* end = strptime(last_wrong_at.c_str(), "%Y-%m-%dT%H:%M:%SZ", &at);
    const double seconds_ago = end && *end == '\0' ? std::difftime(std::time(nullptr), timegm(&at)) : 0;
    m_gate.resume(wrong, seconds_ago, now);
}

void Facilitator::type_digit(char digit) {
    if (digit >= '0' && digit <= '9' && static_cast<int>(m_typed.size()) < kPinMaxDigits) m_typed += digit;
    m_pin_message.clear();
}

void Facilitator::erase_digit() {
    if (!m_typed.empty()) m_typed.pop_back();
}

void Facilitator::submit_pin(App& app, double now) {
    const PinGate::Attempt a = m_gate.attempt(m_typed, now);
    if (a.verdict == PinGate::Verdict::accepted) upgrade_pin_hash(app, m_typed);
    m_typed.clear();
    switch (a.verdict) {
        case PinGate::Verdict::no_pin:
            m_pin_message = text(app, "pin_not_set", {{"file", m_config.path.empty() ? "kiosk.toml" : m_config.path}});
            return;
        case PinGate::Verdict::locked: return;  // the keys are off; the screen shows the countdown
        case PinGate::Verdict::accepted:
            log(app, kPinAccepted, "facilitator mode opened");
            m_phase = Phase::unlocked;
            m_screen = ScreenId::facilitator_home;
            m_pin_message.clear();
            m_feedback = {};
            m_last_touch = now;
            return;
        case PinGate::Verdict::wrong: {
            std::string detail = "wrong PIN (" + std::to_string(a.wrong_in_row) + " in a row)";
            if (a.locked_for > 0) detail += "; PIN pad locked for " + std::to_string(static_cast<int>(a.locked_for)) + " s";
            log(app, kPinWrong, detail);  // never the digits themselves
            m_pin_message = a.locked_for > 0 ? std::string() : strings().plural("pin_wrong", language(app.scenario()), m_gate.tries_left());
            return;
        }
    }
}

void Facilitator::upgrade_pin_hash(App& app, const std::string& pin) {
    if (!m_config.pin.empty() || m_config.path.empty() || !pin_hash_outdated(m_gate.stored())) return;
    const std::string hash = hash_pin(pin);
    Status written = hash.empty() ? Status::failure("libsodium could not hash the PIN")
                                  : write_config_values(m_config.path, {{"pin_hash", toml_string(hash)}});
    if (!written) {  // the old hash keeps working; try again next time
        std::fprintf(stderr, "workshop-kiosk: warning: the PIN hash was not upgraded: %s\n", written.message.c_str());
        return;
    }
    m_gate.set_stored(hash);
    m_config.pin_hash = hash;
    log(app, "facilitator_pin_upgraded", "the PIN hash is now Argon2id");
    if (static_cast<int>(pin.size()) < kPinMinDigits)
        std::fprintf(stderr, "workshop-kiosk: warning: the facilitator PIN has fewer than %d digits; set a longer one with "
                             "workshop-kiosk --set-pin --config %s\n", kPinMinDigits, m_config.path.c_str());
}

// --- moving around -------------------------------------------------------------------------------------

void Facilitator::leave(App& app, std::string_view why) {
    if (unlocked() && !why.empty()) log(app, std::string(why), "");
    m_phase = Phase::closed;
    m_typed.clear();
    m_confirmation = {};
    m_feedback = {};
}

void Facilitator::go(ScreenId page) {
    m_screen = page;
    m_feedback = {};
}

void Facilitator::ask(Confirmation confirmation) {
    m_confirmation = std::move(confirmation);
    m_screen = ScreenId::facilitator_confirm;
    m_feedback = {};
}

void Facilitator::answer(App& app, bool yes) {
    Confirmation c = std::move(m_confirmation);
    m_confirmation = {};
    m_screen = c.back;
    m_feedback = {};
    if (yes && c.action) c.action(app);
}

// --- the session ---------------------------------------------------------------------------------------

void Facilitator::set_paused(App& app, bool paused) {
    if (Session* s = app.session()) report(paused ? s->pause() : s->resume(), text(app, paused ? "done_paused" : "done_resumed"));
}

void Facilitator::end_session(App& app) {
    if (Session* s = app.session()) report(s->end(), text(app, "done_ended"));
}

void Facilitator::set_step_open(App& app, const std::string& step, bool open) {
    Session* s = app.session();
    const Step* st = s ? s->scenario().find_step(step) : nullptr;
    if (!st) return;
    report(s->set_step_open(step, open), text(app, open ? "done_step_opened" : "done_step_closed",
                                              {{"step", st->title.in(language(app.scenario()))}}));
}

void Facilitator::set_revealed(App& app, const std::string& step, bool revealed) {
    Session* s = app.session();
    const Step* st = s ? s->scenario().find_step(step) : nullptr;
    if (!st) return;
    report(s->set_revealed(step, revealed), text(app, revealed ? "done_revealed" : "done_hidden",
                                                 {{"step", st->title.in(language(app.scenario()))}}));
}

void Facilitator::show_results(App& app, const std::string& step) {
    leave(app, "results_shown_on_screen");
    app.apply(Intent::of(IntentKind::show_results, step));
    m_presenting = true;
    m_return_until = m_now + m_config.facilitator_timeout;
}

void Facilitator::return_from_presentation(App& app) {
    if (!may_return(m_now)) return;
    m_presenting = false;
    m_return_until = -1;
    m_phase = Phase::unlocked;
    m_screen = ScreenId::facilitator_home;
    m_feedback = {};
    m_last_touch = m_now;
    log(app, "facilitator_returned_from_results", "");
    app.reset_visit();  // the results screen underneath is done
}

void Facilitator::set_groups_on_screen(App& app, bool shown) {
    m_groups_on_screen = shown;
    log(app, shown ? "groups_shown_on_screen" : "groups_kept_off_screen", "");
}

void Facilitator::undo_last_ballot(App& app) {
    Session* s = app.session();
    if (!s) return;
    Outcome<std::string> undone = s->void_last_visit("facilitator");
    report(undone.status(), undone ? text(app, "done_undone", {{"visit", *undone}}) : std::string());
}

void Facilitator::set_idea_hidden(App& app, const std::string& step, const std::string& idea, bool hidden) {
    if (Session* s = app.session())
        report(s->set_idea_hidden(step, idea, hidden), text(app, hidden ? "done_idea_hidden" : "done_idea_shown"));
}

std::string Facilitator::storage_problem(const Session& session) const {
    return session.last_storage_error().empty() ? m_storage_problem : session.last_storage_error();
}

void Facilitator::check_storage(App& app) {
    Session* s = app.session();
    if (!s) return;
    const Status written = s->log_action("storage_checked", "the facilitator checked the database");
    if (written) m_storage_problem.clear();
    report(written, text(app, "done_storage_ok"));
}

void Facilitator::release_next_voter(App& app) {
    m_voter_released = true;
    log(app, "voter_released", "supervised turn: the next voter may start");
    leave(app, {});
}

void Facilitator::quit(App& app) {
    log(app, "kiosk_quit", "the facilitator quit the kiosk");
    app.apply(Intent::of(IntentKind::quit));
}

void Facilitator::open_ideas(const std::string& step) {
    m_ideas_step = step;
    go(ScreenId::facilitator_ideas);
}

// --- scenarios ------------------------------------------------------------------------------------------

void Facilitator::open_scenarios(const App& app) {
    go(ScreenId::facilitator_scenarios);
    const Scenario* current = app.scenario();
    m_scenarios_dir = m_config.scenarios_dir;
    if (m_scenarios_dir.empty() && current && !current->source_path.empty())
        m_scenarios_dir = fs::path(current->source_path).parent_path().string();
    if (m_scenarios_dir.empty()) m_scenarios_dir = "scenarios";
    m_current_scenario_path = current ? same_file_key(current->source_path) : std::string();
    m_scenarios.clear();
    m_selected_scenario.clear();

    // The *.toml files of a folder, sorted; the error when it cannot be read.
    auto toml_files = [](const std::string& folder, std::vector<fs::path>& files) {
        std::error_code ec;
        std::vector<fs::path> found;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".toml" && it->is_regular_file(ec)) found.push_back(it->path());
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
        return ec;
    };
    std::vector<fs::path> files;
    if (const std::error_code ec = toml_files(m_scenarios_dir, files)) {
        m_feedback = {text(app, "scenarios_folder_unreadable", {{"folder", m_scenarios_dir}}), true, {ec.message()}};
        return;
    }
    const std::size_t own = files.size();
    for (const std::string& media : removable_media(m_config.mounts_file, m_config.media_roots)) toml_files(media, files);
    const std::string lang = language(current);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const fs::path& file = files[i];
        ScenarioFile entry;
        entry.path = file.string();
        entry.removable = i >= own;
        entry.name = entry.removable ? "USB: " + file.filename().string() : file.filename().string();
        ScenarioLoad load = load_scenario_file(entry.path);
        if (load.ok()) entry.title = load.scenario->title.in(lang);
        for (const Diagnostic& d : load.errors) entry.errors.push_back(d.to_string());
        if (!load.ok() && entry.errors.empty()) entry.errors.push_back(entry.path + ": error: the file could not be loaded");
        entry.current = same_file_key(entry.path) == m_current_scenario_path;
        m_scenarios.push_back(std::move(entry));
    }
}

// Opens (or resumes) the session of `scenario` in the kiosk's database and shows it; `source`
// names where the scenario came from in the audit log. When `lead` (the facilitator chose it
// here), the session left records the switch, so on a hub the room follows (guarantee 8).
bool Facilitator::switch_session(App& app, Scenario scenario, const std::string& source, bool lead) {
    std::string db = m_config.db;
    if (db.empty() && app.session()) db = app.session()->database_path();
    const std::string title = scenario.title.in(language(&scenario));
    const std::string sha256 = scenario.sha256;
    Outcome<std::unique_ptr<Session>> opened = Session::open(db, std::move(scenario), session_options(m_config));
    if (!opened) {
        m_feedback = {text(app, "scenario_not_opened"), true, {opened.message()}};
        return false;
    }
    std::unique_ptr<Session> next = std::move(opened.value());
    log(app, "scenario_left", "switched to " + source + " (session " + std::to_string(next->id()) + ")");
    if (lead && app.session() && app.session()->scenario().sha256 != sha256)
        log(app, std::string(action::scenario_switched), sha256);
    app.set_session(*next);
    m_session = std::move(next);  // a session loaded here before closes now: the App let go of it
    log(app, "scenario_loaded", source);
    m_feedback = {text(app, "done_scenario_loaded", {{"title", title}, {"id", std::to_string(m_session->id())}}), false, {}};
    return true;
}

// The room moved on at another kiosk (hub.md, guarantee 8): the scenario text comes from the
// hub, never from this kiosk's disk. Called between voters only.
void Facilitator::follow_room(App& app, const RoomMove& move) {
    // The pictures too come from the hub, never from this kiosk's disk.
    ScenarioLoad load = parse_scenario(move.scenario_text, "scenario of hub session " + std::to_string(move.hub_session),
                                       &move.pictures);
    if (!load.ok()) {
        log(app, "room_not_followed", "hub session " + std::to_string(move.hub_session) + ": " + format_diagnostics(load.errors));
        return;
    }
    load.scenario->sha256 = move.scenario_sha256;  // as the hub knows the file
    switch_session(app, std::move(*load.scenario), "hub session " + std::to_string(move.hub_session), false);
}

void Facilitator::load_scenario(App& app, const std::string& path) {
    m_selected_scenario = path;
    ScenarioLoad load = load_scenario_file(path);
    if (!load.ok()) {  // the running session stays as it is
        std::vector<std::string> errors;
        for (const Diagnostic& d : load.errors) errors.push_back(d.to_string());
        for (ScenarioFile& f : m_scenarios)
            if (f.path == path) f.errors = errors;
        m_screen = ScreenId::facilitator_scenarios;
        m_feedback = {text(app, "scenario_has_errors", {{"file", fs::path(path).filename().string()}}), true, errors};
        return;
    }
    // A file on a USB stick is copied into the scenarios folder first (the stick leaves with its
    // owner; a restart must find the scenario), then loaded from there.
    const auto listed = std::find_if(m_scenarios.begin(), m_scenarios.end(), [&](const ScenarioFile& f) { return f.path == path; });
    std::string source = path;
    if (listed != m_scenarios.end() && listed->removable) {
        Outcome<std::string> copied = copy_into_scenarios(path);
        if (!copied) {
            m_screen = ScreenId::facilitator_scenarios;
            m_feedback = {text(app, "scenario_not_copied", {{"folder", m_scenarios_dir}}), true, {copied.message()}};
            return;
        }
        source = *copied;
        load = load_scenario_file(source);
        if (!load.ok()) {  // cannot happen for a byte-identical copy, but never load what was not checked
            m_screen = ScreenId::facilitator_scenarios;
            m_feedback = {text(app, "scenario_has_errors", {{"file", fs::path(source).filename().string()}}), true, {}};
            return;
        }
        log(app, "scenario_copied_from_usb", path + " -> " + source);
    }
    if (!switch_session(app, std::move(*load.scenario), source, true)) {
        m_screen = ScreenId::facilitator_scenarios;
        return;
    }
    m_screen = ScreenId::facilitator_home;

    // Remember it: a kiosk restarted after a power cut continues this scenario.
    if (!m_config.path.empty()) {
        const std::string absolute = fs::absolute(source).lexically_normal().string();
        if (Status saved = write_config_values(m_config.path, {{"scenario", toml_string(absolute)}}); !saved) {
            m_feedback.error = true;
            m_feedback.lines.push_back(text(app, "scenario_not_remembered"));
            m_feedback.lines.push_back(saved.message);
        }
    }
}

Outcome<std::string> Facilitator::copy_into_scenarios(const std::string& path) const {
    std::error_code ec;
    fs::create_directories(m_scenarios_dir, ec);
    const std::string name = fs::path(path).stem().string();
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in) return Status::failure(path + ": cannot read the file");
    // Its own name, or name-2, name-3 ... when another file has it; the same content is reused.
    for (int n = 1; n < 1000; ++n) {
        const fs::path target = fs::path(m_scenarios_dir) / (name + (n == 1 ? "" : "-" + std::to_string(n)) + ".toml");
        if (fs::exists(target, ec)) {
            std::ifstream old(target, std::ios::binary);
            std::stringstream old_bytes;
            old_bytes << old.rdbuf();
            if (old_bytes.str() == bytes.str()) return target.string();
            continue;
        }
        const fs::path temporary = target.string() + ".part";
        {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            out << bytes.str();
            out.flush();
            if (!out) {
                fs::remove(temporary, ec);
                return Status::failure(target.string() + ": cannot write (is the folder writable, the disk full?)");
            }
        }
        fs::rename(temporary, target, ec);
        if (ec) return Status::failure(target.string() + ": " + ec.message());
        return target.string();
    }
    return Status::failure(m_scenarios_dir + ": too many files named " + name + "*.toml");
}

// --- export -------------------------------------------------------------------------------------------------

void Facilitator::open_export() {
    go(ScreenId::facilitator_export);
    m_export_targets.clear();
    auto add = [&](const std::string& folder, bool removable) {
        const std::string path = fs::absolute(folder).lexically_normal().string();
        for (const ExportTarget& t : m_export_targets)
            if (t.path == path) return;
        m_export_targets.push_back({path, removable, free_bytes(path)});
    };
    add(m_config.exports_dir.empty() ? "exports" : m_config.exports_dir, false);
    for (const std::string& folder : m_config.export_dirs) add(folder, false);
    // A stick shows its label and its size, so that the facilitator picks theirs, not a planted one.
    for (const MountedMedium& medium : mounted_media(m_config.mounts_file, m_config.media_roots)) {
        add(medium.path, true);
        ExportTarget& stick = m_export_targets.back();
        if (stick.path != fs::absolute(medium.path).lexically_normal().string()) continue;  // already listed
        stick.label = medium_label(medium.device, m_config.labels_dir);
        struct statvfs info {};
        if (::statvfs(medium.path.c_str(), &info) == 0)
            stick.size_bytes = static_cast<long long>(info.f_blocks) * static_cast<long long>(info.f_frsize);
    }
}

void Facilitator::export_to(App& app, const std::string& folder) {
    Session* s = app.session();
    if (!s) return;
    // Always a new folder, made with mkdir (never through a link); a name already taken, by an
    // earlier export or by anything planted there, gets _2, _3, ...
    const std::string name = s->scenario().id + "_session" + std::to_string(s->id()) + "_" + local_stamp();
    Outcome<std::string> made = make_export_folder(folder, name);
    if (!made) {
        log(app, "csv_export_failed", folder + ": " + made.message());
        m_feedback = {text(app, "export_failed", {{"folder", folder}}), true, {made.message()}};
        return;
    }
    const std::string out = *made;
    const CsvStyle style{m_excel ? ';' : ',', m_excel};
    Outcome<ExportReport> exported = s->export_csv(out, style);
    if (!exported) {
        ::rmdir(out.c_str());  // the folder made for it is empty again: leave nothing behind
        log(app, "csv_export_failed", out + ": " + exported.message());
        m_feedback = {text(app, "export_failed", {{"folder", folder}}), true, {exported.message()}};
        return;
    }
    log(app, "csv_exported", out + (m_excel ? " (Excel: ; and BOM)" : ""));
    std::vector<std::string> files = exported->files;
    // The PDF report and the workbook beside them, in the facilitator's language.
    Outcome<std::vector<std::string>> take_home = write_take_home(*s, out, language(app.scenario()));
    ::sync();  // a USB stick may be pulled out the moment the screen says "done"
    if (!take_home) {
        log(app, "report_export_failed", out + ": " + take_home.message());
        files.push_back(take_home.message());
        m_feedback = {text(app, "export_failed", {{"folder", folder}}), true, files};
        return;
    }
    log(app, "report_exported", out);
    files.insert(files.end(), take_home->begin(), take_home->end());
    // "The stick can be removed" only where it is one: said of a folder on the kiosk, it misled.
    const std::string target = fs::absolute(folder).lexically_normal().string();
    const bool stick = std::any_of(m_export_targets.begin(), m_export_targets.end(),
                                   [&](const ExportTarget& t) { return t.removable && t.path == target; });
    m_feedback = {text(app, stick ? "done_exported_stick" : "done_exported", {{"n", std::to_string(files.size())}}), false, files};
}

}  // namespace workshop::kiosk
