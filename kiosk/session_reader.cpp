// session_reader.cpp — the session reader's thread (session_reader.h).
#include "session_reader.h"

#include <chrono>

#include "hub_sync.h"

namespace workshop::kiosk {

SessionReader::SessionReader(std::unique_ptr<Session> reader, double poll_seconds)
    : m_reader(std::move(reader)), m_poll_seconds(poll_seconds), m_thread([this] { run(); }) {}

SessionReader::~SessionReader() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

std::shared_ptr<const SessionSnapshot> SessionReader::take() {
    std::lock_guard lock(m_mutex);
    return std::move(m_newest);
}

// Snapshots only this thread still holds: neither waiting in m_newest nor adopted by the screen.
// None can be shared again (only this thread hands them out), so the count cannot go back up.
void SessionReader::free_retired() {
    std::erase_if(m_made, [](const std::shared_ptr<const SessionSnapshot>& made) { return made.use_count() == 1; });
}

// A new snapshot when another connection committed (changes() moved) or the screen's Session
// wrote (its snapshots would be refused until one counts that write).
void SessionReader::run() {
    run_below_screen(kReaderThreadName);
    bool first = true;
    std::uint64_t seen_changes = 0, seen_writes = 0;
    for (;;) {
        m_reader->check_for_changes();
        if (first || m_reader->changes() != seen_changes || m_reader->writes() != seen_writes) {
            free_retired();
            if (auto snapshot = m_reader->snapshot()) {
                first = false;
                seen_changes = m_reader->changes();
                seen_writes = snapshot->writes;
                m_made.push_back(snapshot);
                std::lock_guard lock(m_mutex);
                m_newest = std::move(snapshot);
            }
        }
        std::unique_lock lock(m_mutex);
        if (m_wake.wait_for(lock, std::chrono::duration<double>(m_poll_seconds), [this] { return m_stop; })) return;
    }
}

}  // namespace workshop::kiosk
