// files.h — a file written under a temporary name beside its final one, renamed when complete.
#pragma once

#include <string>

#include "workshop/result.h"

namespace workshop::report {

class PendingPath {
public:
    explicit PendingPath(std::string final_path);
    ~PendingPath();  // removes the temporary file unless kept
    PendingPath(const PendingPath&) = delete;
    PendingPath& operator=(const PendingPath&) = delete;
    Status open();                       // reserves the temporary name
    const std::string& temp() const { return m_temp; }
    Status keep();                       // syncs it and renames it to the final name

private:
    std::string m_final;
    std::string m_temp;
    bool m_created = false;
    bool m_kept = false;
};

}  // namespace workshop::report
