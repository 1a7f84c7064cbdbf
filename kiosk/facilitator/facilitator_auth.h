// facilitator_auth.h — the facilitator PIN: stored as a libsodium Argon2id hash (never the PIN
// itself), checked with a growing lockout after wrong tries that survives restarts, and set with
// --set-pin.
//
// Stored form: crypto_pwhash_str's "$argon2id$v=19$m=...,t=...,p=1$SALT$HASH" with the
// interactive limits. Kiosks set up before that have "sha256i$ITERATIONS$SALT$HASH" (h(1) =
// sha256(SALT ":" PIN), h(k+1) = sha256(h(k) SALT PIN)): still accepted, and replaced by an
// Argon2id hash of the same PIN the next time it is entered correctly.
#pragma once

#include <string>
#include <string_view>

#include "kiosk_config.h"
#include "workshop/result.h"

namespace workshop::kiosk {

// A new PIN has 6 to 12 digits. A shorter PIN set before (4 or 5 digits, an old kiosk.toml)
// keeps working until it is changed: the pad takes up to 12 digits and never checks the length.
inline constexpr int kPinMinDigits = 6;
inline constexpr int kPinMaxDigits = 12;

// 6 to 12 digits: what --set-pin accepts.
bool pin_well_formed(std::string_view pin);
// Argon2id (libsodium, interactive limits) with a fresh salt: the stored form. "" only when
// libsodium cannot start or is out of memory.
std::string hash_pin(std::string_view pin);
// Whether `pin` matches `stored`, an Argon2id or an old sha256i hash (false when malformed).
bool verify_pin(std::string_view pin, std::string_view stored);
// What is wrong with a stored hash ("" when it is usable).
std::string pin_hash_problem(std::string_view stored);
// Whether a usable stored hash should be replaced once its PIN is known (an old sha256i hash,
// or Argon2id with weaker limits than today's).
bool pin_hash_outdated(std::string_view stored);

// The PIN pad's memory across restarts and crashes: kept in a small private file beside
// kiosk.toml, read on every path (with a session or on the start-up error screen).
struct PinTries {
    int wrong_in_row = 0;
    long long last_wrong_at = 0;  // Unix seconds of the last wrong try
};
// "<config>.pin-tries" ("" for no config file: tests keep the tries in memory only).
std::string pin_tries_path(const std::string& config_path);
// A missing file is no tries; an unreadable or malformed one counts as a lockout (free_tries
// wrong tries just now), so that tampering never hands out fresh tries.
PinTries read_pin_tries(const std::string& path);
// Written atomically, mode 0600.
Status write_pin_tries(const std::string& path, const PinTries& tries);

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

    // `plain` (from --pin) wins over `stored` (the config's hash). `tries_file` (pin_tries_path)
    // keeps the wrong tries across restarts; "" keeps them in memory only.
    PinGate(std::string plain, std::string stored, std::string tries_file = {})
        : m_plain(std::move(plain)), m_stored(std::move(stored)), m_tries_file(std::move(tries_file)) {}

    bool has_pin() const { return !m_plain.empty() || !m_stored.empty(); }
    // Reads the tries file first (another run of the kiosk may have written it) and records the
    // outcome in it before returning.
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
    // Carries on from the tries file when it counts more wrong tries than the gate has.
    void recall(double now);
    // The stored hash (after an upgrade: the new one).
    const std::string& stored() const { return m_stored; }
    void set_stored(std::string stored) { m_stored = std::move(stored); }

private:
    void remember(bool wrong) const;  // into the tries file

    std::string m_plain, m_stored, m_tries_file;
    int m_wrong_in_row = 0;
    double m_locked_until = 0;
};

// --set-pin and --pin-hash: reads the PIN from the terminal (twice, not echoed) or one line of
// standard input, and stores or prints its hash. Returns the exit status.
int run_pin_tool(const KioskConfig& config);

}  // namespace workshop::kiosk
