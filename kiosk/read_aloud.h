// read_aloud.h — the kiosk's voice (`read_aloud = true` in kiosk.toml): the speaker button on a
// participant screen and a long press on a card hand a text to a Speaker, which returns at once.
// EspeakSpeaker synthesises on its own speech thread (speech.h) and plays through `aplay`; a
// kiosk without a sound card or without aplay simply stays silent. Tests use a recording Speaker.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace workshop::kiosk {

class Speaker {
public:
    virtual ~Speaker() = default;
    // Whether `language` can be read aloud (has a voice). Called every frame: it must not wait.
    virtual bool can_read(std::string_view language) = 0;
    // Reads `text` in `language`, instead of whatever is being read; returns at once.
    virtual void read(std::string_view language, std::string text) = 0;
};

class EspeakSpeaker final : public Speaker {
public:
    // Looks up the voices of `languages` now (the kiosk's start); any other language is looked
    // up on the speech thread when first asked for (can_read says no until then).
    explicit EspeakSpeaker(const std::vector<std::string>& languages);
    ~EspeakSpeaker() override;  // stops what is playing, joins the thread
    bool can_read(std::string_view language) override;
    void read(std::string_view language, std::string text) override;

private:
    struct Request {
        std::string language, text;  // empty text: only look up the language's voice
    };
    void run();
    void play(const Request& request);
    bool wait_for_player(int pid);  // false when a newer request or the end interrupted it

    std::mutex m_lock;
    std::condition_variable m_wake;
    std::map<std::string, bool, std::less<>> m_voices;  // language → has a voice
    std::optional<Request> m_next;
    std::vector<std::string> m_lookups;
    bool m_stop = false;
    std::thread m_thread;  // last: started once everything above exists
};

// What the speaker button reads on a screen: `heading` (the question), then each option, one
// sentence each, so the voice pauses between them.
std::string spoken_text(std::string_view heading, const std::vector<std::string>& options);

}  // namespace workshop::kiosk
