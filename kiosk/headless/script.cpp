#include "script.h"

#include <algorithm>
#include <thread>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "utf8.h"

namespace workshop::kiosk {

namespace {

struct Token {
    std::string text;
    bool quoted = false;
};

// Splits a line into words and "quoted strings" (with \" and \\); stops at a # outside quotes.
bool tokenize(std::string_view line, std::vector<Token>& out, std::string& problem) {
    std::size_t i = 0;
    while (i < line.size()) {
        const char ch = line[i];
        if (ch == ' ' || ch == '\t' || ch == '\r') {
            ++i;
        } else if (ch == '#') {
            break;
        } else if (ch == '"') {
            Token t{{}, true};
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '\\' && i + 1 < line.size()) {
                    const char e = line[i + 1];
                    t.text += e == 'n' ? '\n' : e;
                    i += 2;
                } else if (line[i] == '"') {
                    closed = true;
                    ++i;
                    break;
                } else {
                    t.text += line[i++];
                }
            }
            if (!closed) {
                problem = "unterminated string (a \" is missing)";
                return false;
            }
            out.push_back(std::move(t));
        } else {
            Token t;
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') t.text += line[i++];
            out.push_back(std::move(t));
        }
    }
    return true;
}

bool to_number(const std::string& s, float& out) {
    char* end = nullptr;
    out = std::strtof(s.c_str(), &end);
    // "inf" and "nan" parse as floats but are no place on a screen.
    return end && *end == '\0' && !s.empty() && std::isfinite(out);
}

// Why `expect`/`wait_for` did not find `text`: the whole texts that hold it only as a part (write
// one whole), then every text and every tappable on screen.
std::string not_shown(const Registry& reg, std::string_view text) {
    const std::string holding = reg.describe_texts(text);
    const std::string all = reg.describe_texts();
    return (holding.empty() ? std::string() : " (only as a part of " + holding + ": write a whole text)") +
           "; texts on screen: " + (all.empty() ? std::string("none") : all) + "; tappable: " + reg.describe();
}

}  // namespace

Outcome<Script> Script::parse(std::string_view text, std::string path) {
    Script script;
    script.path = path;
    std::string problems;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        std::vector<Token> tokens;
        std::string problem;
        auto report = [&](const std::string& message) {
            problems += path + ":" + std::to_string(line_no) + ": error: " + message + "\n";
        };
        if (!tokenize(line, tokens, problem)) {
            report(problem);
            continue;
        }
        if (tokens.empty()) continue;
        ScriptCommand c;
        c.line = line_no;
        c.name = tokens[0].text;
        bool numbers_ok = true;
        for (std::size_t k = 1; k < tokens.size(); ++k) {
            if (tokens[k].quoted) {
                c.text.push_back(tokens[k].text);
                continue;
            }
            std::string word = tokens[k].text;
            if ((c.name == "wait" || c.name == "hold" || c.name == "sleep") && word.size() > 1 && word.back() == 's') {
                c.seconds = true;
                word.pop_back();
            }
            float v = 0;
            if (c.name == "screenshot") {
                c.text.push_back(word);  // a file name need not be quoted
            } else if (to_number(word, v)) {
                c.numbers.push_back(v);
            } else {
                numbers_ok = false;
            }
        }
        const std::size_t nt = c.text.size(), nn = c.numbers.size();
        bool ok = numbers_ok;
        if (c.name == "tap") ok = ok && ((nt == 1 && nn == 0) || (nt == 0 && nn == 2));
        else if (c.name == "drag") ok = ok && ((nt == 0 && nn == 4) || (nt == 1 && nn == 2));
        else if (c.name == "type" || c.name == "expect" || c.name == "expect_not" || c.name == "screenshot") ok = ok && nt == 1 && nn == 0;
        // The player queues a wait's frames at once: keep waits to what a person could sit through.
        else if (c.name == "wait") ok = ok && nt == 0 && nn == 1 && c.numbers[0] >= 0 && c.numbers[0] <= (c.seconds ? 3600 : 1e6f);
        // A long press of at most a minute (the facilitator's hidden gesture takes 3 s).
        else if (c.name == "hold") ok = ok && ((nt == 1 && nn == 1) || (nt == 0 && nn == 3)) && c.numbers.back() > 0 && c.numbers.back() <= 60;
        else if (c.name == "wait_for") ok = ok && nt == 1 && nn == 1 && c.numbers[0] > 0 && c.numbers[0] <= 3600;
        else if (c.name == "sleep") ok = ok && nt == 0 && nn == 1 && c.numbers[0] > 0 && c.numbers[0] <= 3600;
        else if (c.name == "quit") ok = ok && nt == 0 && nn == 0;
        else {
            report("unknown command `" + c.name + "` (known: tap, hold, drag, type, wait, wait_for, sleep, expect, expect_not, screenshot, quit)");
            continue;
        }
        if (!ok) {
            static const std::map<std::string, std::string> forms = {
                {"tap", "tap \"LABEL\" or tap X Y"}, {"hold", "hold X Y SECONDS or hold \"LABEL\" SECONDS (at most 60)"}, {"drag", "drag X1 Y1 X2 Y2 or drag \"LABEL\" DX DY"},
                {"type", "type \"TEXT\""}, {"expect", "expect \"TEXT\""}, {"expect_not", "expect_not \"TEXT\""},
                {"screenshot", "screenshot NAME.png"}, {"wait", "wait N (frames, at most 1000000) or wait Ns (seconds, at most 3600)"},
                {"wait_for", "wait_for \"TEXT\" SECONDS (at most 3600)"}, {"sleep", "sleep SECONDS (at most 3600)"}, {"quit", "quit"}};
            report("bad arguments for `" + c.name + "`: write " + forms.at(c.name));
            continue;
        }
        script.commands.push_back(std::move(c));
    }
    if (!problems.empty()) {
        problems.pop_back();
        return Status::failure(problems);
    }
    return script;
}

Outcome<Script> Script::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::failure(path + ": error: cannot read the script file (does it exist?)");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

ScriptPlayer::ScriptPlayer(Script script, std::string screenshot_dir)
    : m_script(std::move(script)), m_screenshot_dir(std::move(screenshot_dir)) {
    // Two frames for the first screen to settle before the first command looks at it.
    m_pending.push_back({});
    m_pending.push_back({});
}

void ScriptPlayer::error_at(int line, const std::string& message) {
    if (m_error.empty()) m_error = m_script.path + ":" + std::to_string(line) + ": error: " + message;
    m_done = true;
}

void ScriptPlayer::fail(const std::string& message) { error_at(m_line, message); }

void ScriptPlayer::push_tap(ImVec2 p) {
    m_pending.push_back({{p, true}, {}, {}, 0, false});
    m_pending.push_back({{p, false}, {}, {}, 0, false});
    m_pending.push_back({{p, false}, {}, {}, 0, false});  // the screen follows the tap
    m_pointer = {p, false};
}

void ScriptPlayer::push_hold(ImVec2 p, double seconds) {
    // Down for `seconds` of the kiosk's clock in small steps (timers see the finger stay down),
    // then the release and a frame for the screen to follow.
    constexpr double kStep = 0.1;
    m_pending.push_back({{p, true}, {}, {}, 0, false});
    for (double held = 0; held < seconds - 1e-9; held += kStep)
        m_pending.push_back({{p, true}, {}, {}, std::min(kStep, seconds - held), false});
    m_pending.push_back({{p, false}, {}, {}, 0, false});
    m_pending.push_back({{p, false}, {}, {}, 0, false});
    m_pointer = {p, false};
}

void ScriptPlayer::push_drag(ImVec2 from, ImVec2 to) {
    constexpr int kSteps = 12;
    m_pending.push_back({{from, true}, {}, {}, 0, false});
    for (int i = 1; i <= kSteps; ++i) {
        const float t = static_cast<float>(i) / kSteps;
        m_pending.push_back({{ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t), true}, {}, {}, 0, false});
    }
    m_pending.push_back({{to, false}, {}, {}, 0, false});
    m_pending.push_back({{to, false}, {}, {}, 0, false});
    m_pointer = {to, false};
}

bool ScriptPlayer::step_typing(const Registry& reg) {
    const std::string& ch = m_typing.front();
    if (const Tappable* key = reg.find_key(ch); key && key->enabled) {
        push_tap(key->rect.center());
        m_typing.erase(m_typing.begin());
        m_layouts_seen.clear();
        m_shift_tried.clear();
        m_consonant_tried.clear();
        return true;
    }
    // A Ge'ez syllable: its consonant's key opens the row of its vowel forms (typed next step).
    const char32_t code_point = decode_utf8(ch).front();
    if (code_point >= 0x1200 && code_point <= 0x137F && (code_point & 7u) < 7u) {
        const Tappable* consonant = reg.find(encode_utf8(code_point & ~char32_t{7}));
        if (consonant && consonant->enabled && consonant->types.empty() && !m_consonant_tried.count(code_point)) {
            m_consonant_tried.insert(code_point);
            push_tap(consonant->rect.center());
            return true;
        }
    }
    // Which layout shows: the one whose switch key is missing (ABC = Latin, 123 = symbols, else
    // the other script's: АБВ, أبت, الفبا, ሀለሐ).
    auto layout_of = [](std::string_view key) { return key == "ABC" || key == "123" ? std::string(key) : std::string("native"); };
    const std::string layout = !reg.find("ABC") ? "ABC" : !reg.find("123") ? "123" : "native";
    if (const Tappable* shift = reg.find("⇧"); shift && !m_shift_tried.count(layout)) {
        m_shift_tried.insert(layout);
        push_tap(shift->rect.center());
        return true;
    }
    m_layouts_seen.insert(layout);
    for (const char* name : {"ABC", "АБВ", "أبت", "الفبا", "ሀለሐ", "123"}) {
        const Tappable* key = reg.find(name);
        if (key && !m_layouts_seen.count(layout_of(name))) {
            push_tap(key->rect.center());
            return true;
        }
    }
    // No key types this character: put it straight into the field.
    FrameRequest r;
    r.pointer = m_pointer;
    r.insert_text = ch;
    m_pending.push_back(r);
    m_typing.erase(m_typing.begin());
    m_layouts_seen.clear();
    m_shift_tried.clear();
    m_consonant_tried.clear();
    return true;
}

bool ScriptPlayer::start_command(const ScriptCommand& c, const Registry& reg) {
    m_line = c.line;
    auto find = [&](const std::string& label) -> const Tappable* {
        const Tappable* t = reg.find(label);
        if (!t) error_at(c.line, "nothing to tap labelled \"" + label + "\" on screen; tappable: " + reg.describe());
        return t;
    };
    if (c.name == "tap") {
        if (c.text.empty()) {
            push_tap(ImVec2(c.numbers[0], c.numbers[1]));
        } else if (const Tappable* t = find(c.text[0])) {
            push_tap(t->rect.center());
        }
    } else if (c.name == "hold") {
        if (c.text.empty()) {
            push_hold(ImVec2(c.numbers[0], c.numbers[1]), c.numbers[2]);
        } else if (const Tappable* t = find(c.text[0])) {
            push_hold(t->rect.center(), c.numbers[0]);
        }
    } else if (c.name == "drag") {
        if (c.text.empty()) {
            push_drag(ImVec2(c.numbers[0], c.numbers[1]), ImVec2(c.numbers[2], c.numbers[3]));
        } else if (const Tappable* t = find(c.text[0])) {
            const ImVec2 from = t->rect.center();
            push_drag(from, ImVec2(from.x + c.numbers[0], from.y + c.numbers[1]));
        }
    } else if (c.name == "type") {
        for (char32_t cp : decode_utf8(c.text[0])) m_typing.push_back(encode_utf8(cp));
        m_layouts_seen.clear();
        m_shift_tried.clear();
    } else if (c.name == "wait") {
        if (c.seconds) {
            // The clock jumps (the kiosk only looks at time), then a few frames let it react.
            FrameRequest r;
            r.pointer = m_pointer;
            r.advance = c.numbers[0];
            m_pending.push_back(r);
            m_pending.push_back({m_pointer, {}, {}, 0, false});
        } else {
            const int frames = static_cast<int>(std::lround(c.numbers[0]));
            for (int i = 0; i < frames; ++i) m_pending.push_back({m_pointer, {}, {}, 0, false});
        }
    } else if (c.name == "wait_for" || c.name == "sleep") {  // sleep: wait_for no text, all the time
        const auto now = std::chrono::steady_clock::now();
        m_wait_for = WaitFor{c.name == "sleep" ? std::string() : c.text[0], c.line,
                             now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                       std::chrono::duration<double>(c.numbers[0])),
                             now};
        return false;
    } else if (c.name == "expect") {
        if (!reg.shows(c.text[0])) error_at(c.line, "expected \"" + c.text[0] + "\" on screen" + not_shown(reg, c.text[0]));
        return false;
    } else if (c.name == "expect_not") {
        if (reg.shows_part(c.text[0])) error_at(c.line, "did not expect \"" + c.text[0] + "\" on screen");
        return false;
    } else if (c.name == "screenshot") {
        std::string path = c.text[0];
        if (!m_screenshot_dir.empty() && !path.empty() && path[0] != '/') path = m_screenshot_dir + "/" + path;
        FrameRequest r;
        r.pointer = m_pointer;
        r.screenshot = path;
        m_pending.push_back(r);
    } else if (c.name == "quit") {
        FrameRequest r;
        r.pointer = m_pointer;
        r.quit = true;
        m_pending.push_back(r);
    }
    return true;
}

// One frame of `wait_for`: none when TEXT is on screen; else, after a short sleep, a frame
// whose clock moved on by the wall-clock time since the last one.
bool ScriptPlayer::step_wait_for(const Registry& reg) {
    WaitFor& w = *m_wait_for;
    if (!w.text.empty() && reg.shows(w.text)) {
        m_wait_for.reset();
        return false;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= w.deadline) {
        if (!w.text.empty()) error_at(w.line, "\"" + w.text + "\" did not appear on screen in time" + not_shown(reg, w.text));
        m_wait_for.reset();
        return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // what arrives, arrives on the wall clock
    const auto after = std::chrono::steady_clock::now();
    FrameRequest r;
    r.pointer = m_pointer;
    r.advance = std::max(0.0, std::chrono::duration<double>(after - w.last).count() - 1.0 / 60.0);
    w.last = after;
    m_pending.push_back(r);
    return true;
}

bool Script::quits() const {
    return std::any_of(commands.begin(), commands.end(), [](const ScriptCommand& c) { return c.name == "quit"; });
}

FrameRequest ScriptPlayer::next_frame(const Registry& last_frame) {
    while (m_pending.empty() && !m_done) {
        if (m_wait_for) {
            step_wait_for(last_frame);
            if (failed()) break;
            continue;
        }
        if (!m_typing.empty()) {
            step_typing(last_frame);
            continue;
        }
        if (m_next >= m_script.commands.size()) {
            m_done = true;
            break;
        }
        start_command(m_script.commands[m_next++], last_frame);
    }
    if (failed()) m_pending.clear();
    if (m_pending.empty()) return {m_pointer, {}, {}, 0, m_done};
    FrameRequest r = m_pending.front();
    m_pending.pop_front();
    if (r.quit) {
        m_done = true;
        m_pending.clear();
    }
    return r;
}

}  // namespace workshop::kiosk
