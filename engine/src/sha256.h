// sha256.h — SHA-256 of bytes, lowercase hex: the engine's file fingerprint (a scenario's hash) and
// the export's stable ballot order. Not for secrets (the kiosk's PIN uses libsodium).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace workshop {

std::string sha256_hex(std::string_view bytes);
// The first 8 bytes of the digest as a big-endian number (the first 16 hex digits).
std::uint64_t sha256_first64(std::string_view bytes);

}  // namespace workshop
