// speech.h — text to speech with eSpeak NG (offline): which language has a voice, and a text
// synthesised into a buffer of samples. No ImGui, no sound card: the kiosk's speaker
// (read_aloud.h) plays the buffer; tests look at it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace workshop::kiosk {

// The installed eSpeak NG voice (its identifier, e.g. "gmw/nl") that speaks `language` (one of our
// codes: "nl", "uk", "fa", ...), or "" when none does — then nothing is read rather than read in
// the wrong language. Only a voice that lists exactly this language counts (no fallback to English).
std::string speech_voice(std::string_view language);

struct SpeechAudio {
    int sample_rate = 0;                // Hz (eSpeak NG: 22050)
    std::vector<std::int16_t> samples;  // mono, signed 16 bit
};

// `text` (UTF-8) spoken in `language`; no samples when the language has no voice or eSpeak NG
// could not start. Safe from any thread (one synthesis at a time); takes about as long as the
// synthesis, so the kiosk calls it on its speech thread, never on the UI thread.
SpeechAudio synthesize_speech(std::string_view language, std::string_view text);

// The audio as a WAV file (RIFF, PCM 16 bit mono), for `aplay`.
std::string wav_file_bytes(const SpeechAudio& audio);

}  // namespace workshop::kiosk
