#include "translations.h"

#include <cmath>
#include <cstdio>

#include <toml++/toml.h>

#include "assets.h"

namespace workshop::kiosk {

int plural_form(std::string_view language, long long n) {
    const long long a = n < 0 ? -n : n;
    const bool few_ending = a % 10 >= 2 && a % 10 <= 4 && (a % 100 < 12 || a % 100 > 14);
    if (language == "uk" || language == "ru") {
        if (a % 10 == 1 && a % 100 != 11) return 0;
        return few_ending ? 1 : 2;
    }
    if (language == "pl") return a == 1 ? 0 : few_ending ? 1 : 2;
    if (language == "ar") {
        if (a <= 2) return static_cast<int>(a);  // zero, one, two
        if (a % 100 >= 3 && a % 100 <= 10) return 3;  // few
        if (a % 100 >= 11) return 4;  // many
        return 5;  // other: 100, 101, 102, ...
    }
    if (language == "ti" || language == "fa") return a <= 1 ? 0 : 1;
    return a == 1 ? 0 : 1;
}

int plural_form_count(std::string_view language) {
    if (language == "ar") return 6;
    if (language == "uk" || language == "ru" || language == "pl") return 3;
    return 2;
}

namespace {

// A text is a string, or an array of plural forms; anything else gives no forms.
std::vector<std::string> forms_of(const toml::node& value) {
    std::vector<std::string> forms;
    if (auto s = value.value<std::string>()) {
        forms.push_back(*s);
    } else if (const toml::array* arr = value.as_array()) {
        for (const auto& item : *arr)
            if (auto f = item.value<std::string>()) forms.push_back(*f);
    }
    return forms;
}

Status not_a_text(std::string_view origin, const toml::node& value, const std::string& name) {
    return Status::failure(std::string(origin) + ":" + std::to_string(value.source().begin.line) + ": error: `" +
                           name + "` must be a text or an array of plural forms");
}

// CLDR's grouping separator of a language, and whether a four-digit number stays ungrouped.
struct NumberStyle {
    std::string_view group = ",", decimal = ".";
    bool group_four_digits = true;
};

NumberStyle number_style(std::string_view language) {
    if (language == "uk") return {"\u202F", ",", true};
    if (language == "ru") return {"\u00A0", ",", true};
    if (language == "pl") return {"\u00A0", ",", false};
    if (language == "nl" || language == "de" || language == "tr" || language == "da" || language == "id") return {".", ",", true};
    if (language == "es") return {".", ",", false};
    if (language == "fr") return {"\u202F", ",", true};
    return {};
}

}  // namespace

std::string format_number(long long n, std::string_view language) {
    const NumberStyle style = number_style(language);
    const std::string digits = std::to_string(n < 0 ? -static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n));
    std::string out = n < 0 ? "-" : "";
    const bool group = digits.size() > 4 || (digits.size() == 4 && style.group_four_digits);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (group && i > 0 && (digits.size() - i) % 3 == 0) out += style.group;
        out += digits[i];
    }
    return out;
}

std::string format_decimal(double value, int decimals, std::string_view language) {
    const long long tenths = std::llround(value * 10);
    if (decimals <= 0) return format_number(std::llround(value), language);
    return format_number(tenths / 10, language) + std::string(number_style(language).decimal) +
           std::to_string((tenths < 0 ? -tenths : tenths) % 10);
}

std::string format_percent(double value, int decimals, std::string_view language) { return format_decimal(value, decimals, language) + "%"; }

std::string fill(std::string_view text, const Args& args) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{') {
            const std::size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                const std::string_view name = text.substr(i + 1, close - i - 1);
                bool found = false;
                for (const auto& [k, v] : args) {
                    if (k == name) {
                        out += v;
                        found = true;
                        break;
                    }
                }
                if (found) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return out;
}

Outcome<Strings> Strings::parse(std::string_view toml_text, std::string_view origin) {
    // The Debian toml++ library is built with exceptions: its parse errors are caught here.
    toml::table root;
    try {
        root = toml::parse(toml_text, origin);
    } catch (const toml::parse_error& err) {
        return Status::failure(std::string(origin) + ":" + std::to_string(err.source().begin.line) + ":" +
                               std::to_string(err.source().begin.column) +
                               ": error: " + std::string(err.description()));
    }
    Strings strings;
    for (const auto& [key, node] : root) {
        const toml::table* table = node.as_table();
        const std::string where = std::string(origin) + ":" + std::to_string(node.source().begin.line);
        if (!table) return Status::failure(where + ": error: `" + std::string(key.str()) + "` must be a table of languages");
        if (key.str() == "language_names") {
            for (const auto& [code, name] : *table) {
                if (auto s = name.value<std::string>()) strings.m_language_names[std::string(code.str())] = *s;
            }
            continue;
        }
        if (key.str() == "reviewed") {
            for (const auto& [code, flag] : *table) strings.m_reviewed[std::string(code.str())] = flag.value_or(false);
            continue;
        }
        auto& by_language = strings.m_texts[std::string(key.str())];
        for (const auto& [lang, value] : *table) {
            std::vector<std::string> forms = forms_of(value);
            if (forms.empty()) return not_a_text(origin, value, std::string(key.str()) + "." + std::string(lang.str()));
            by_language[std::string(lang.str())] = std::move(forms);
            strings.m_written.insert(std::string(lang.str()));
        }
    }
    return strings;
}

Status Strings::add_language(std::string_view code, std::string_view toml_text, std::string_view origin) {
    toml::table root;
    try {
        root = toml::parse(toml_text, origin);
    } catch (const toml::parse_error& err) {
        return Status::failure(std::string(origin) + ":" + std::to_string(err.source().begin.line) + ": error: " +
                               std::string(err.description()));
    }
    m_reviewed[std::string(code)] = root["reviewed"].value_or(false);
    if (auto name = root["name"].value<std::string>()) m_language_names[std::string(code)] = *name;
    for (const auto& [key, value] : root) {
        if (key.str() == "reviewed" || key.str() == "name") continue;
        std::vector<std::string> forms = forms_of(value);
        if (forms.empty()) return not_a_text(origin, value, std::string(key.str()));
        m_texts[std::string(key.str())][std::string(code)] = std::move(forms);
    }
    return Status::success();
}

const Strings& Strings::builtin() {
    static const Strings strings = [] {
        Outcome<Strings> parsed = Strings::parse(assets::strings_toml(), "assets/strings.toml");
        if (!parsed) {
            // A broken built-in file is a build mistake; say so and carry on with keys shown.
            std::fprintf(stderr, "%s\n", parsed.message().c_str());
            return Strings{};
        }
        for (const assets::LanguageFile& file : assets::language_files()) {
            const Status added = parsed->add_language(file.code, file.text(), "assets/lang/" + std::string(file.code) + ".toml");
            if (!added) std::fprintf(stderr, "%s\n", added.message.c_str());
        }
        return std::move(parsed.value());
    }();
    return strings;
}

const std::vector<std::string>* Strings::forms(std::string_view key, std::string_view language) const {
    auto it = m_texts.find(key);
    if (it == m_texts.end()) return nullptr;
    auto lit = it->second.find(language);
    return lit == it->second.end() ? nullptr : &lit->second;
}

const std::vector<std::string>* Strings::lookup(std::string_view key, std::string_view language) const {
    if (const auto* f = forms(key, language)) return f;
    if (!has_language(language)) return forms(key, "en");  // no kiosk texts in it: English (not a miss)
    m_misses.insert(std::string(key) + "/" + std::string(language));
    return forms(key, "en");
}

std::string Strings::get(std::string_view key, std::string_view language, const Args& args) const {
    const auto* f = lookup(key, language);
    if (!f) return std::string(key);
    return fill(f->front(), args);
}

std::string Strings::plural(std::string_view key, std::string_view language, long long n,
                            const Args& args) const {
    const auto* f = lookup(key, language);
    if (!f) return std::string(key);
    const bool has_language = forms(key, language) != nullptr;
    const std::size_t index = static_cast<std::size_t>(plural_form(has_language ? language : "en", n));
    Args all = args;
    all.emplace_back("n", format_number(n, has_language ? language : "en"));
    return fill((*f)[index < f->size() ? index : f->size() - 1], all);
}

std::string Strings::language_name(std::string_view code) const {
    auto it = m_language_names.find(code);
    return it == m_language_names.end() ? std::string(code) : it->second;
}

std::vector<std::string> Strings::keys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : m_texts) out.push_back(k);
    return out;
}

}  // namespace workshop::kiosk
