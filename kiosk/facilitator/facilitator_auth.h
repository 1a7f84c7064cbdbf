// facilitator_auth.h — the facilitator PIN: stored as a salted, iterated SHA-256 hash (never the
// PIN itself), checked with a growing lockout after wrong tries, and set with --set-pin.
//
// Stored form: "sha256i$ITERATIONS$SALT$HASH", SALT 16 random bytes in hex, HASH the hex of
// h(N) where h(1) = sha256_hex(SALT ":" PIN) and h(k+1) = sha256_hex(h(k) SALT PIN).
#pragma once

#include <string>
#include <string_view>

#include "kiosk_config.h"

namespace workshop::kiosk {

inline constexpr int kPinIterations = 100000;  // ~0.1-0.3 s on a mini-PC: slow to brute-force a stolen hash
inline constexpr int kPinMinDigits = 4;
inline constexpr int kPinMaxDigits = 8;

// 4 to 8 digits.
bool pin_well_formed(std::string_view pin);
// A fresh salt from the operating system's random source; the stored form.
std::string hash_pin(std::string_view pin, int iterations = kPinIterations);
// Whether `pin` matches `stored` (false when `stored` is malformed).
bool verify_pin(std::string_view pin, std::string_view stored);
// What is wrong with a stored hash ("" when it is usable).
std::string pin_hash_problem(std::string_view stored);

// Checks PIN attempts: three tries, then a lockout that doubles with each further wrong try
// (30 s, 60 s, 2 min, ... at most 15 min). A right PIN resets it.
class PinGate {
public:
    static constexpr int free_tries = 3;
    static constexpr double first_lockout = 30;
    static constexpr double longest_lockout = 15 * 60;

    enum class Verdict { accepted, wrong, locked, no_pin };
    struct Attempt {
        Verdict verdict = Verdict::wrong;
        int wrong_in_row = 0;   // after this attempt
        double locked_for = 0;  // seconds of lockout this attempt started (0 = none)
    };

    // `plain` (from --pin) wins over `stored` (the config's hash).
    PinGate(std::string plain, std::string stored) : m_plain(std::move(plain)), m_stored(std::move(stored)) {}

    bool has_pin() const { return !m_plain.empty() || !m_stored.empty(); }
    Attempt attempt(std::string_view pin, double now);
    // Seconds until PINs are taken again (0 = now).
    double locked_for(double now) const { return m_locked_until > now ? m_locked_until - now : 0; }
    int wrong_in_row() const { return m_wrong_in_row; }
    // Wrong tries left before the next lockout.
    int tries_left() const;
    // The lockout that `wrong_in_row` wrong tries in a row start (0 while free tries remain).
    static double lockout_after(int wrong_in_row);
    // Carries on from an earlier run of the kiosk (its audit log): `wrong_in_row` wrong tries,
    // the last `seconds_ago` before `now`. A restart must not hand out fresh tries.
    void resume(int wrong_in_row, double seconds_ago, double now);

private:
    std::string m_plain, m_stored;
    int m_wrong_in_row = 0;
    double m_locked_until = 0;
};

// --set-pin and --pin-hash: reads the PIN from the terminal (twice, not echoed) or one line of
// standard input, and stores or prints its hash. Returns the exit status.
int run_pin_tool(const KioskConfig& config);

}  // namespace workshop::kiosk
