#include "speech.h"

#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>

#include <cstring>
#include <map>
#include <mutex>
#include <type_traits>

namespace workshop::kiosk {
namespace {

// eSpeak NG's functions, loaded when a text is first read aloud rather than linked: the library
// brings 25 others (PulseAudio, libsndfile and its codecs) that every start of the kiosk loaded
// and relocated (~10 ms of CPU, ~1 MiB of memory), though most kiosks never read aloud.
struct EspeakLibrary {
    decltype(&espeak_Initialize) initialize = nullptr;
    decltype(&espeak_SetSynthCallback) set_synth_callback = nullptr;
    decltype(&espeak_Terminate) terminate = nullptr;
    decltype(&espeak_ListVoices) list_voices = nullptr;
    decltype(&espeak_SetVoiceByName) set_voice_by_name = nullptr;
    decltype(&espeak_Synth) synth = nullptr;

    // False (nothing is read, as without voices) when the library or a function is missing.
    bool load() {
        void* library = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);  // libespeak-ng1's soname
        if (!library) return false;
        auto find = [library](auto& function, const char* name) {
            function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(dlsym(library, name));
            return function != nullptr;
        };
        return find(initialize, "espeak_Initialize") && find(set_synth_callback, "espeak_SetSynthCallback") &&
               find(terminate, "espeak_Terminate") && find(list_voices, "espeak_ListVoices") &&
               find(set_voice_by_name, "espeak_SetVoiceByName") && find(synth, "espeak_Synth");
    }
};

// eSpeak NG is one global synthesiser: every call goes through this lock.
class Espeak {
public:
    static Espeak& get() {
        static Espeak instance;
        return instance;
    }
    std::mutex lock;
    int sample_rate = 0;  // 0 = not started yet, -1 = could not start
    EspeakLibrary api;    // loaded by start()

    bool start() {  // with `lock` held
        if (sample_rate == 0) {
            // DONT_EXIT: missing voice data must not end the kiosk.
            sample_rate = api.load() ? api.initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT) : -1;
            if (sample_rate <= 0) sample_rate = -1;
            else api.set_synth_callback(&Espeak::collect);
        }
        return sample_rate > 0;
    }
    std::string voice(std::string_view language) {  // with `lock` held
        const auto found = voices.find(std::string(language));
        if (found != voices.end()) return found->second;
        std::string best;
        if (start() && !language.empty()) best = find_voice(language);
        voices.emplace(std::string(language), best);
        return best;
    }

private:
    std::map<std::string, std::string> voices;  // language → voice ("" = none), looked up once

    ~Espeak() {
        if (sample_rate > 0) api.terminate();
    }
    // The voice listing `language` exactly, at its best priority (a voice's "languages" are
    // pairs of a priority byte and a name, ended by a zero byte).
    std::string find_voice(std::string_view language) const {
        std::string best;
        int best_priority = 1000;
        for (const espeak_VOICE* const* v = api.list_voices(nullptr); v && *v; ++v) {
            for (const char* l = (*v)->languages; l && *l; l += std::strlen(l + 1) + 2) {
                const int priority = static_cast<unsigned char>(*l);
                if (language == std::string_view(l + 1) && priority < best_priority) {
                    best = (*v)->identifier;
                    best_priority = priority;
                }
            }
        }
        return best;
    }
    static int collect(short* wav, int count, espeak_EVENT* events) {
        auto* out = events ? static_cast<std::vector<std::int16_t>*>(events->user_data) : nullptr;
        if (out && wav && count > 0) out->insert(out->end(), wav, wav + count);
        return 0;  // go on
    }
};

void put_le(std::string& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace

std::string speech_voice(std::string_view language) {
    Espeak& espeak = Espeak::get();
    const std::lock_guard hold(espeak.lock);
    return espeak.voice(language);
}

SpeechAudio synthesize_speech(std::string_view language, std::string_view text) {
    Espeak& espeak = Espeak::get();
    const std::lock_guard hold(espeak.lock);
    SpeechAudio audio;
    const std::string voice = espeak.voice(language);
    if (voice.empty() || text.empty() || espeak.api.set_voice_by_name(voice.c_str()) != EE_OK) return audio;
    const std::string chars(text);  // eSpeak NG wants it zero-terminated
    espeak.api.synth(chars.c_str(), chars.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &audio.samples);
    audio.sample_rate = espeak.sample_rate;
    return audio;
}

std::string wav_file_bytes(const SpeechAudio& audio) {
    const auto data_size = static_cast<std::uint32_t>(audio.samples.size() * 2);
    std::string out = "RIFF";
    put_le(out, 36 + data_size, 4);
    out += "WAVEfmt ";
    put_le(out, 16, 4);                                         // the format chunk's size
    put_le(out, 1, 2);                                          // PCM
    put_le(out, 1, 2);                                          // mono
    put_le(out, static_cast<std::uint32_t>(audio.sample_rate), 4);
    put_le(out, static_cast<std::uint32_t>(audio.sample_rate) * 2, 4);  // bytes per second
    put_le(out, 2, 2);                                          // bytes per frame
    put_le(out, 16, 2);                                         // bits per sample
    out += "data";
    put_le(out, data_size, 4);
    for (const std::int16_t s : audio.samples) put_le(out, static_cast<std::uint16_t>(s), 2);
    return out;
}

}  // namespace workshop::kiosk
