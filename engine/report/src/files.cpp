// files.cpp — complete files or none: what a facilitator carries away is never half written.
#include "files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace workshop::report {

PendingPath::PendingPath(std::string final_path) : m_final(std::move(final_path)) {
    const std::filesystem::path p(m_final);
    const std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    m_temp = dir + "/." + p.filename().string() + ".XXXXXX";
}

PendingPath::~PendingPath() {
    if (m_created && !m_kept) ::unlink(m_temp.c_str());
}

Status PendingPath::open() {
    const int fd = ::mkstemp(m_temp.data());
    if (fd < 0) return Status::failure("cannot write " + m_final + ": " + std::strerror(errno));
    ::close(fd);
    m_created = true;
    return Status::success();
}

Status PendingPath::keep() {
    const int fd = ::open(m_temp.c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!synced || ::rename(m_temp.c_str(), m_final.c_str()) != 0)
        return Status::failure("cannot write " + m_final + ": " + std::strerror(errno) + " (disk full or removed?)");
    m_kept = true;
    return Status::success();
}

}  // namespace workshop::report
