// session_reader.h — what other connections write to the kiosk's file (the sync thread's pulls
// of other kiosks' ballots, a reveal made elsewhere), read and tallied on a thread of its own:
// the UI thread only swaps in the newest snapshot (Session::adopt), so 10 ballots a second
// arriving at a revealed 100,000-ballot results screen cost the frame a pointer, not a read.
//
// The kiosk uses it when it shares a hub; without one, another program's writes are rare and
// the UI thread checks for them itself (App::frame).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "workshop/session.h"

namespace workshop::kiosk {

inline constexpr const char* kReaderThreadName = "session-read";

class SessionReader {
public:
    // `reader`: Session::open_reader of the session the screen shows. Reads at once, then
    // whenever the file changed (checked every `poll_seconds`).
    explicit SessionReader(std::unique_ptr<Session> reader, double poll_seconds = 0.1);
    ~SessionReader();  // stops the thread
    SessionReader(const SessionReader&) = delete;
    SessionReader& operator=(const SessionReader&) = delete;

    // The newest snapshot not taken yet, or null (cheap: for every frame). The reader keeps a
    // share of each snapshot it made and frees it here, on its thread, once the screen let go of
    // it (before making the next): the frame that adopts a snapshot never frees the one before.
    std::shared_ptr<const SessionSnapshot> take();

private:
    void run();
    void free_retired();

    std::unique_ptr<Session> m_reader;  // used by the thread only
    std::vector<std::shared_ptr<const SessionSnapshot>> m_made;  // the thread's share of each snapshot not freed yet
    const double m_poll_seconds;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::shared_ptr<const SessionSnapshot> m_newest;
    bool m_stop = false;
    std::thread m_thread;  // last: starts after everything above exists
};

}  // namespace workshop::kiosk
