#include "read_aloud.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "speech.h"

extern char** environ;

namespace workshop::kiosk {

EspeakSpeaker::EspeakSpeaker(const std::vector<std::string>& languages) {
    for (const std::string& language : languages) m_voices[language] = !speech_voice(language).empty();
    m_thread = std::thread([this] { run(); });
}

EspeakSpeaker::~EspeakSpeaker() {
    {
        const std::lock_guard hold(m_lock);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

bool EspeakSpeaker::can_read(std::string_view language) {
    const std::lock_guard hold(m_lock);  // never held long: the thread looks voices up unlocked
    const auto found = m_voices.find(language);
    if (found != m_voices.end()) return found->second;
    m_voices.emplace(std::string(language), false);  // until the thread found out
    m_lookups.emplace_back(language);
    m_wake.notify_all();
    return false;
}

void EspeakSpeaker::read(std::string_view language, std::string text) {
    {
        const std::lock_guard hold(m_lock);
        m_next = Request{std::string(language), std::move(text)};
    }
    m_wake.notify_all();
}

void EspeakSpeaker::run() {
    std::unique_lock hold(m_lock);
    while (true) {
        m_wake.wait(hold, [this] { return m_stop || m_next || !m_lookups.empty(); });
        if (m_stop) return;
        if (!m_lookups.empty()) {
            const std::string language = m_lookups.back();
            m_lookups.pop_back();
            hold.unlock();
            const bool found = !speech_voice(language).empty();
            hold.lock();
            m_voices[language] = found;
            continue;
        }
        const Request request = std::move(*m_next);
        m_next.reset();
        hold.unlock();
        play(request);
        hold.lock();
    }
}

void EspeakSpeaker::play(const Request& request) {
    const SpeechAudio audio = synthesize_speech(request.language, request.text);
    if (audio.samples.empty()) return;
    char path[] = "/tmp/workshop-speech-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) return;  // silent: reading aloud is a help, never a failure
    const std::string wav = wav_file_bytes(audio);
    const bool written = write(fd, wav.data(), wav.size()) == static_cast<ssize_t>(wav.size());
    close(fd);
    if (written) {
        // aplay's messages (no sound card, ...) go nowhere: the voter sees nothing either way.
        posix_spawn_file_actions_t files;
        posix_spawn_file_actions_init(&files);
        posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
        char* args[] = {const_cast<char*>("aplay"), const_cast<char*>("-q"), path, nullptr};
        pid_t pid = 0;
        if (posix_spawnp(&pid, "aplay", &files, nullptr, args, environ) == 0) wait_for_player(pid);
        posix_spawn_file_actions_destroy(&files);
    }
    unlink(path);
}

bool EspeakSpeaker::wait_for_player(int pid) {
    std::unique_lock hold(m_lock);
    while (true) {
        if (waitpid(pid, nullptr, WNOHANG) == pid) return true;
        if (m_stop || m_next) break;  // a new text (or the end) cuts this one off
        m_wake.wait_for(hold, std::chrono::milliseconds(50));
    }
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    return false;
}

std::string spoken_text(std::string_view heading, const std::vector<std::string>& options) {
    std::string out(heading);
    for (const std::string& option : options) {
        if (option.empty()) continue;
        if (!out.empty()) out += out.back() == '.' || out.back() == '?' || out.back() == '!' || out.back() == ':' ? " " : ". ";
        out += option;
    }
    return out;
}

}  // namespace workshop::kiosk
