// files.h — whole files as bytes, and the paths of the test fixtures (tests/fixtures/).
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace test {

// The file's bytes ("" when it cannot be read).
inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Replaces the file with `text`, byte for byte.
inline void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE(out.good());
}

// Whether a shared object whose file name contains `name` is mapped into this process (libraries
// a program opens only when first used).
inline bool mapped(const std::string& name) {
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);)
        if (line.find(name) != std::string::npos) return true;
    return false;
}

// tests/fixtures/<relative>.
inline std::string fixture_path(const std::string& relative) { return std::string(WORKSHOP_FIXTURES_DIR) + "/" + relative; }

// A fixture's bytes; the test stops when it is missing.
inline std::string fixture_text(const std::string& relative) {
    const std::string path = fixture_path(relative);
    INFO(path);
    REQUIRE(std::filesystem::is_regular_file(path));
    return read_text(path);
}

}  // namespace test
