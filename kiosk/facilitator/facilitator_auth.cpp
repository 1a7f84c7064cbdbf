#include "facilitator_auth.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>

#include <termios.h>
#include <unistd.h>

#include "workshop/scenario.h"

namespace workshop::kiosk {

namespace {

constexpr std::string_view kScheme = "sha256i";

std::string to_hex(const unsigned char* bytes, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xF];
    }
    return out;
}

std::string random_salt() {
    unsigned char bytes[16] = {};
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    if (!urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes)) {
        std::random_device random;  // the same source on Linux, through the library
        for (unsigned char& b : bytes) b = static_cast<unsigned char>(random());
    }
    return to_hex(bytes, sizeof bytes);
}

std::string derive(std::string_view pin, std::string_view salt, long iterations) {
    std::string h = sha256_hex(std::string(salt) + ":" + std::string(pin));
    std::string buffer;
    for (long k = 1; k < iterations; ++k) {
        buffer.assign(h).append(salt).append(pin);
        h = sha256_hex(buffer);
    }
    return h;
}

bool is_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct Parsed {
    long iterations = 0;
    std::string_view salt, hash;
};

bool parse(std::string_view stored, Parsed& out) {
    auto next = [&](std::string_view& part) {
        const auto bar = stored.find('$');
        part = stored.substr(0, bar);
        stored = bar == std::string_view::npos ? std::string_view{} : stored.substr(bar + 1);
        return bar != std::string_view::npos;
    };
    std::string_view scheme, iterations;
    if (!next(scheme) || scheme != kScheme || !next(iterations) || !next(out.salt)) return false;
    out.hash = stored;
    if (iterations.empty() || iterations.size() > 8 || !std::all_of(iterations.begin(), iterations.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    out.iterations = std::stol(std::string(iterations));
    return out.iterations >= 1 && out.salt.size() >= 16 && is_hex(out.salt) && out.hash.size() == 64 && is_hex(out.hash);
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

std::string hash_pin(std::string_view pin, int iterations) {
    const std::string salt = random_salt();
    return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + salt + "$" + derive(pin, salt, iterations);
}

bool verify_pin(std::string_view pin, std::string_view stored) {
    Parsed p;
    if (!parse(stored, p)) return false;
    return same(derive(pin, p.salt, p.iterations), p.hash);
}

std::string pin_hash_problem(std::string_view stored) {
    Parsed p;
    if (parse(stored, p)) return {};
    return "is not a PIN hash written by workshop-kiosk (expected sha256i$ITERATIONS$SALT$HASH)";
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

PinGate::Attempt PinGate::attempt(std::string_view pin, double now) {
    Attempt a;
    if (!has_pin()) {
        a.verdict = Verdict::no_pin;
        return a;
    }
    if (locked_for(now) > 0) {
        a.verdict = Verdict::locked;
        a.wrong_in_row = m_wrong_in_row;
        return a;
    }
    const bool right = !m_plain.empty() ? same(pin, m_plain) : verify_pin(pin, m_stored);
    if (right) {
        m_wrong_in_row = 0;
        m_locked_until = 0;
        a.verdict = Verdict::accepted;
        return a;
    }
    a.verdict = Verdict::wrong;
    a.wrong_in_row = ++m_wrong_in_row;
    a.locked_for = lockout_after(m_wrong_in_row);
    if (a.locked_for > 0) m_locked_until = now + a.locked_for;
    return a;
}

int run_pin_tool(const KioskConfig& config) {
    const bool store = config.tool == KioskConfig::Tool::set_pin;
    std::string pin, again;
    if (!read_pin("New facilitator PIN (4 to 8 digits): ", pin)) {
        std::fprintf(stderr, "workshop-kiosk: error: no PIN given (type it, or pipe it in: echo 2468 | workshop-kiosk %s)\n",
                     store ? "--set-pin" : "--pin-hash");
        return 2;
    }
    if (!pin_well_formed(pin)) {
        std::fprintf(stderr, "workshop-kiosk: error: a PIN is 4 to 8 digits (0-9), e.g. 2468; nothing was changed\n");
        return 1;
    }
    if (::isatty(STDIN_FILENO)) {
        if (!read_pin("The same PIN again: ", again) || again != pin) {
            std::fprintf(stderr, "workshop-kiosk: error: the two PINs differ; nothing was changed\n");
            return 1;
        }
    }
    const std::string hash = hash_pin(pin);
    if (!store) {
        std::printf("%s\n", hash.c_str());
        return 0;
    }
    if (Status written = write_config_values(config.path, {{"pin_hash", toml_string(hash)}}); !written) {
        std::fprintf(stderr, "workshop-kiosk: error: %s\n", written.message.c_str());
        return 2;
    }
    std::printf("The facilitator PIN is set (stored as a salted hash in %s).\n", config.path.c_str());
    return 0;
}

}  // namespace workshop::kiosk
