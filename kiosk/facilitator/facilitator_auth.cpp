#include "facilitator_auth.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <ctime>

#include <fcntl.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

namespace workshop::kiosk {

namespace {

constexpr std::string_view kLegacyScheme = "sha256i";

bool sodium_ready() {
    static const bool ready = ::sodium_init() >= 0;  // thread-safe; 1 = already initialised
    return ready;
}

std::string sha256_of(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string legacy_derive(std::string_view pin, std::string_view salt, long iterations) {
    std::string h = sha256_of(std::string(salt) + ":" + std::string(pin));
    std::string buffer;
    for (long k = 1; k < iterations; ++k) {
        buffer.assign(h).append(salt).append(pin);
        h = sha256_of(buffer);
    }
    return h;
}

bool is_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct Legacy {
    long iterations = 0;
    std::string_view salt, hash;
};

bool parse_legacy(std::string_view stored, Legacy& out) {
    auto next = [&](std::string_view& part) {
        const auto bar = stored.find('$');
        part = stored.substr(0, bar);
        stored = bar == std::string_view::npos ? std::string_view{} : stored.substr(bar + 1);
        return bar != std::string_view::npos;
    };
    std::string_view scheme, iterations;
    if (!next(scheme) || scheme != kLegacyScheme || !next(iterations) || !next(out.salt)) return false;
    out.hash = stored;
    if (iterations.empty() || iterations.size() > 8 || !std::all_of(iterations.begin(), iterations.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    out.iterations = std::stol(std::string(iterations));
    return out.iterations >= 1 && out.salt.size() >= 16 && is_hex(out.salt) && out.hash.size() == 64 && is_hex(out.hash);
}

bool is_argon2id(std::string_view stored) {
    return stored.starts_with(crypto_pwhash_STRPREFIX) && stored.size() < crypto_pwhash_STRBYTES &&
           stored.find('\0') == std::string_view::npos;
}

// Compares without stopping at the first difference.
bool same(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

// One PIN from the terminal without echo, or one line of standard input.
bool read_pin(const char* prompt, std::string& pin) {
    const bool tty = ::isatty(STDIN_FILENO);
    termios saved {};
    if (tty) {
        std::fprintf(stderr, "%s", prompt);
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    const bool got = static_cast<bool>(std::getline(std::cin, pin));
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
    return got;
}

}  // namespace

bool pin_well_formed(std::string_view pin) {
    return static_cast<int>(pin.size()) >= kPinMinDigits && static_cast<int>(pin.size()) <= kPinMaxDigits &&
           std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string hash_pin(std::string_view pin) {
    char out[crypto_pwhash_STRBYTES] = {};
    if (!sodium_ready() || crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return out;
}

bool verify_pin(std::string_view pin, std::string_view stored) {
    if (is_argon2id(stored)) {
        const std::string z(stored);  // crypto_pwhash_str_verify wants a terminated string
        return sodium_ready() && crypto_pwhash_str_verify(z.c_str(), pin.data(), pin.size()) == 0;
    }
    Legacy p;
    if (!parse_legacy(stored, p)) return false;
    return same(legacy_derive(pin, p.salt, p.iterations), p.hash);
}

std::string pin_hash_problem(std::string_view stored) {
    Legacy p;
    if (is_argon2id(stored) || parse_legacy(stored, p)) return {};
    return "is not a PIN hash written by workshop-kiosk (expected $argon2id$...)";
}

bool pin_hash_outdated(std::string_view stored) {
    if (!is_argon2id(stored)) return true;
    const std::string z(stored);
    return !sodium_ready() ||
           crypto_pwhash_str_needs_rehash(z.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

// --- the tries file ---------------------------------------------------------------------------------

std::string pin_tries_path(const std::string& config_path) {
    return config_path.empty() ? std::string() : config_path + ".pin-tries";
}

PinTries read_pin_tries(const std::string& path) {
    PinTries tries;
    if (path.empty()) return tries;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) return tries;
    char buf[256] = {};
    const ssize_t n = fd < 0 ? -1 : ::read(fd, buf, sizeof buf - 1);
    if (fd >= 0) ::close(fd);
    long long wrong = -1, at = -1;
    if (n <= 0 || std::sscanf(buf, "wrong_in_row = %lld\nlast_wrong_at = %lld", &wrong, &at) != 2 || wrong < 0 || at < 0) {
        std::fprintf(stderr, "workshop-kiosk: warning: %s is unreadable or damaged: the PIN pad starts locked\n", path.c_str());
        return {PinGate::free_tries, static_cast<long long>(std::time(nullptr))};
    }
    tries.wrong_in_row = static_cast<int>(std::min<long long>(wrong, 1000));
    tries.last_wrong_at = at;
    return tries;
}

Status write_pin_tries(const std::string& path, const PinTries& tries) {
    if (path.empty()) return Status::success();
    const std::string text = "wrong_in_row = " + std::to_string(tries.wrong_in_row) +
                             "\nlast_wrong_at = " + std::to_string(tries.last_wrong_at) + "\n";
    return write_private_file(path, text);
}

int PinGate::tries_left() const {
    if (m_wrong_in_row < free_tries) return free_tries - m_wrong_in_row;
    return 1;  // after the first lockout, each wrong try locks again
}

double PinGate::lockout_after(int wrong_in_row) {
    if (wrong_in_row < free_tries) return 0;
    return std::min(longest_lockout, first_lockout * std::pow(2.0, std::min(wrong_in_row - free_tries, 30)));
}

void PinGate::resume(int wrong_in_row, double seconds_ago, double now) {
    m_wrong_in_row = std::max(0, wrong_in_row);
    // A clock set back (seconds_ago < 0) counts as "just now": the full lockout, never none.
    m_locked_until = now - std::max(0.0, seconds_ago) + lockout_after(m_wrong_in_row);
}

void PinGate::recall(double now) {
    if (m_tries_file.empty()) return;
    const PinTries t = read_pin_tries(m_tries_file);
    if (t.wrong_in_row <= m_wrong_in_row) return;  // the gate in memory knows at least as much
    resume(t.wrong_in_row, std::difftime(std::time(nullptr), static_cast<std::time_t>(t.last_wrong_at)), now);
}

void PinGate::remember(bool wrong) const {
    const PinTries t{m_wrong_in_row, wrong ? static_cast<long long>(std::time(nullptr)) : 0};
    if (Status written = write_pin_tries(m_tries_file, t); !written)  // the lockout still holds in memory
        std::fprintf(stderr, "workshop-kiosk: warning: the PIN tries were not recorded: %s\n", written.message.c_str());
}

PinGate::Attempt PinGate::attempt(std::string_view pin, double now) {
    Attempt a;
    if (!has_pin()) {
        a.verdict = Verdict::no_pin;
        return a;
    }
    recall(now);
    if (locked_for(now) > 0) {
        a.verdict = Verdict::locked;
        a.wrong_in_row = m_wrong_in_row;
        return a;
    }
    const bool right = !m_plain.empty() ? same(pin, m_plain) : verify_pin(pin, m_stored);
    if (right) {
        m_wrong_in_row = 0;
        m_locked_until = 0;
        remember(false);
        a.verdict = Verdict::accepted;
        return a;
    }
    a.verdict = Verdict::wrong;
    a.wrong_in_row = ++m_wrong_in_row;
    a.locked_for = lockout_after(m_wrong_in_row);
    if (a.locked_for > 0) m_locked_until = now + a.locked_for;
    remember(true);
    return a;
}

int run_pin_tool(const KioskConfig& config) {
    const bool store = config.tool == KioskConfig::Tool::set_pin;
    std::string pin, again;
    if (!read_pin("New facilitator PIN (6 to 12 digits; 8 or more is harder to guess): ", pin)) {
        std::fprintf(stderr, "workshop-kiosk: error: no PIN given (type it, or pipe it in: echo 246813 | workshop-kiosk %s)\n",
                     store ? "--set-pin" : "--pin-hash");
        return 2;
    }
    if (!pin_well_formed(pin)) {
        std::fprintf(stderr, "workshop-kiosk: error: a PIN is 6 to 12 digits (0-9), e.g. 246813; nothing was changed\n");
        return 1;
    }
    if (::isatty(STDIN_FILENO)) {
        if (!read_pin("The same PIN again: ", again) || again != pin) {
            std::fprintf(stderr, "workshop-kiosk: error: the two PINs differ; nothing was changed\n");
            return 1;
        }
    }
    const std::string hash = hash_pin(pin);
    if (hash.empty()) {
        std::fprintf(stderr, "workshop-kiosk: error: the PIN could not be hashed (libsodium failed to start or is out of memory); nothing was changed\n");
        return 2;
    }
    if (!store) {
        std::printf("%s\n", hash.c_str());
        return 0;
    }
    if (Status written = write_config_values(config.path, {{"pin_hash", toml_string(hash)}}); !written) {
        std::fprintf(stderr, "workshop-kiosk: error: %s\n", written.message.c_str());
        return 2;
    }
    // A new PIN starts with a clean slate of tries.
    if (Status cleared = write_pin_tries(pin_tries_path(config.path), {}); !cleared)
        std::fprintf(stderr, "workshop-kiosk: warning: %s\n", cleared.message.c_str());
    std::printf("The facilitator PIN is set (stored as an Argon2id hash in %s).\n", config.path.c_str());
    return 0;
}

}  // namespace workshop::kiosk
