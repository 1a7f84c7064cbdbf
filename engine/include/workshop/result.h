// result.h — success or a message, as a value (nothing throws across the engine's boundary).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace workshop {

// What went wrong, for a person: the cause and what to do about it.
struct Status {
    bool ok = true;
    std::string message;

    static Status success() { return {}; }
    static Status failure(std::string message) { return {false, std::move(message)}; }
    explicit operator bool() const { return ok; }
};

// A value, or the Status that explains why there is none.
template <class T>
class Outcome {
public:
    Outcome(T value) : m_value(std::move(value)) {}
    Outcome(Status failure) : m_status(std::move(failure)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    T& value() { return *m_value; }
    const T& value() const { return *m_value; }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    T& operator*() { return *m_value; }
    const T& operator*() const { return *m_value; }
    const std::string& message() const { return m_status.message; }
    const Status& status() const { return m_status; }

private:
    std::optional<T> m_value;
    Status m_status;
};

}  // namespace workshop
