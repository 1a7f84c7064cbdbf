// fuzz_kiosk_config.cpp — any bytes as kiosk.toml (and as its PIN tries file): read_kiosk_config
// must accept the file or name it in its message, never crash; an accepted file must take a new
// pin_hash through write_config_values and read back with exactly that hash; the tries file
// must read as a count within bounds whatever it holds.
#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "facilitator_auth.h"
#include "fuzz_support.h"
#include "kiosk_config.h"

using namespace workshop::kiosk;

namespace {

// A well-formed old-style hash: checking its form costs nothing (no Argon2id per input).
const std::string kHash = "sha256i$1$00112233445566778899aabbccddeeff$"
                          "8ea092a8015b7f4e96d99819caed8bb5ddcd0f636cf2d11aff9a5a3c51cc2ff8";

void write_bytes(const std::string& path, const std::uint8_t* data, std::size_t size) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    ::chmod(path.c_str(), 0600);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::Scratch scratch;
    scratch.clear();
    const std::string path = scratch / "kiosk.toml";
    write_bytes(path, data, size);

    KioskConfig config;
    config.path = path;
    const workshop::Status read = read_kiosk_config(config);
    if (!read) {
        FUZZ_CHECK(read.message.find(path) != std::string::npos, read.message);
    } else {
        FUZZ_CHECK(config.monitor >= -1 && config.monitor <= 15, "monitor out of range");
        FUZZ_CHECK(config.facilitator_timeout >= 30 && config.facilitator_timeout <= 86400, "timeout out of range");
        FUZZ_CHECK(config.pin_hash.empty() || pin_hash_problem(config.pin_hash).empty(), config.pin_hash);
        if (write_config_values(path, {{"pin_hash", toml_string(kHash)}})) {
            KioskConfig again;
            again.path = path;
            const workshop::Status reread = read_kiosk_config(again);
            FUZZ_CHECK(reread.ok, reread.message);
            FUZZ_CHECK(again.pin_hash == kHash, again.pin_hash);
        }
    }

    const std::string tries_path = pin_tries_path(path);
    write_bytes(tries_path, data, size);
    const PinTries tries = read_pin_tries(tries_path);
    FUZZ_CHECK(tries.wrong_in_row >= 0 && tries.wrong_in_row <= 1000, std::to_string(tries.wrong_in_row));
    FUZZ_CHECK(tries.last_wrong_at >= 0, std::to_string(tries.last_wrong_at));
    return 0;
}
