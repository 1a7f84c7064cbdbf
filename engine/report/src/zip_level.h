// zip_level.h — the deflate level of the workbook's zip container.
//
// libxlsxwriter (1.1 up to 1.2.3) asks minizip for zlib's default level 6 and has no option for
// it. On a 100k-ballot workbook level 6 took half of all the instructions (3.6G of 7.1G, for 41
// MB of sheet XML); level 2 deflates the same XML in a quarter of the time into a file about a
// quarter larger. While a ZipLevel lives, minizip's
// zipOpenNewFileInZip4_64 — which libxlsxwriter calls through the dynamic linker for each part
// of the package — is given `level` instead of the default; outside one, and for any other
// level asked for, nothing changes. Where libxlsxwriter carries its own minizip (a static or
// bundled build), the wrapper is never reached and the workbook is only slower.
#pragma once

namespace workshop::report {

class ZipLevel {
public:
    explicit ZipLevel(int level);
    ~ZipLevel();
    ZipLevel(const ZipLevel&) = delete;
    ZipLevel& operator=(const ZipLevel&) = delete;

private:
    int m_previous;
};

}  // namespace workshop::report
