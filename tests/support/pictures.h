// pictures.h — real PNG files made in memory for tests of `image = "..."`: stored
// (uncompressed) deflate blocks, so no image library is needed to write them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

namespace test {

inline void put32(std::string& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

inline std::uint32_t crc32(const std::string& bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

inline void png_chunk(std::string& out, const char* type, const std::string& data) {
    put32(out, static_cast<std::uint32_t>(data.size()));
    const std::string typed = std::string(type, 4) + data;
    out += typed;
    put32(out, crc32(typed));
}

// Only the signature and the header: enough for a size check, not for decoding.
inline std::string png_header(std::uint32_t width, std::uint32_t height) {
    std::string out = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    put32(ihdr, width);
    put32(ihdr, height);
    ihdr += std::string("\x08\x06\x00\x00\x00", 5);  // 8 bits, RGBA
    png_chunk(out, "IHDR", ihdr);
    return out;
}

// A whole RGBA picture of one colour (0xRRGGBBAA), width × height ≤ a few hundred pixels.
inline std::string png_filled(std::uint32_t width, std::uint32_t height, std::uint32_t rgba) {
    std::string raw;
    for (std::uint32_t y = 0; y < height; ++y) {
        raw += '\0';  // filter: none
        for (std::uint32_t x = 0; x < width; ++x)
            for (int shift = 24; shift >= 0; shift -= 8) raw += static_cast<char>((rgba >> shift) & 0xFF);
    }
    std::string zlib = "\x78\x01";
    for (std::size_t at = 0; at < raw.size(); at += 65535) {
        const std::size_t size = std::min<std::size_t>(65535, raw.size() - at);
        zlib += static_cast<char>(at + size >= raw.size() ? 1 : 0);  // last block?
        zlib += static_cast<char>(size & 0xFF);
        zlib += static_cast<char>(size >> 8);
        zlib += static_cast<char>(~size & 0xFF);
        zlib += static_cast<char>((~size >> 8) & 0xFF);
        zlib += raw.substr(at, size);
    }
    std::uint32_t a = 1, b = 0;  // Adler-32
    for (unsigned char byte : raw) a = (a + byte) % 65521, b = (b + a) % 65521;
    put32(zlib, (b << 16) | a);
    std::string out = png_header(width, height);
    png_chunk(out, "IDAT", zlib);
    png_chunk(out, "IEND", "");
    return out;
}

// The start of a baseline JPEG up to its frame header: enough for a size check.
inline std::string jpeg_header(std::uint16_t width, std::uint16_t height) {
    std::string out = "\xFF\xD8";                           // start of image
    out += std::string("\xFF\xC0\x00\x11\x08", 5);          // frame, 17 bytes, 8 bits
    out += static_cast<char>(height >> 8), out += static_cast<char>(height & 0xFF);
    out += static_cast<char>(width >> 8), out += static_cast<char>(width & 0xFF);
    out += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);  // 3 components
    return out;
}

}  // namespace test
