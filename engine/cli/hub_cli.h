// hub_cli.h — export --hub and tally --hub: the hub's session copied into a temporary database
// file, which the command then reads exactly like a kiosk's file (hub.md, Convergence).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "workshop/result.h"

namespace workshop::cli {

class HubCopy {
public:
    HubCopy() = default;
    ~HubCopy();  // removes the temporary file
    HubCopy(const HubCopy&) = delete;
    HubCopy& operator=(const HubCopy&) = delete;

    // Copies hub session `session` (default: the newest) from the hub at `url`.
    Status make(const std::string& url, std::optional<std::int64_t> session);
    const std::string& path() const { return m_path; }
    std::int64_t session() const { return m_session; }

private:
    std::string m_dir;
    std::string m_path;
    std::int64_t m_session = 0;
};

struct Args;
// For a command given --hub URL: copies the hub's session (--session, or the newest) and points
// `args` at the copy (--db and --session), so that the command goes on as with a file. Returns
// exit_ok, or the exit status after printing the problem (--db and --hub together, no hub).
int use_hub(const char* command, Args& args, HubCopy& copy, const char* usage);

}  // namespace workshop::cli
