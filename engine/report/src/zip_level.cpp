// zip_level.cpp — see zip_level.h.
#include "zip_level.h"

#include <dlfcn.h>

namespace workshop::report {

namespace {
thread_local int wanted_level = 0;  // 0: leave libxlsxwriter's choice alone
}

ZipLevel::ZipLevel(int level) : m_previous(wanted_level) { wanted_level = level; }
ZipLevel::~ZipLevel() { wanted_level = m_previous; }

}  // namespace workshop::report

// minizip's declaration (zip.h, not installed with libminizip1): uInt and uLong are zlib's.
// Weak, so that a link that also holds minizip's own object (a static libxlsxwriter) keeps that
// one instead of failing; the dynamic linker still finds this one first.
extern "C" __attribute__((weak)) int zipOpenNewFileInZip4_64(
    void* file, const char* filename, const void* zipfi, const void* extrafield_local,
    unsigned size_extrafield_local, const void* extrafield_global, unsigned size_extrafield_global,
    const char* comment, int method, int level, int raw, int window_bits, int mem_level, int strategy,
    const char* password, unsigned long crc_for_crypting, unsigned long version_made_by, unsigned long flag_base,
    int zip64) {
    using Open = int (*)(void*, const char*, const void*, const void*, unsigned, const void*, unsigned, const char*,
                         int, int, int, int, int, int, const char*, unsigned long, unsigned long, unsigned long, int);
    static const auto next = reinterpret_cast<Open>(dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64"));
    constexpr int zip_internal_error = -104;  // ZIP_INTERNALERROR
    constexpr int zlib_default_level = -1;    // Z_DEFAULT_COMPRESSION
    if (!next) return zip_internal_error;
    if (level == zlib_default_level && workshop::report::wanted_level != 0) level = workshop::report::wanted_level;
    return next(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, level, raw, window_bits, mem_level, strategy, password,
                crc_for_crypting, version_made_by, flag_base, zip64);
}
