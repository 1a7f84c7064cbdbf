#include "take_home.h"

#include <dlfcn.h>

#include <filesystem>

#include "workshop/take_home_module.h"

namespace workshop::kiosk {

namespace {

namespace fs = std::filesystem;

constexpr const char* kFile = "workshop-take-home.so";

// The module, opened once; null with `why` when no place has a usable one.
const TakeHomeModule* open_module(std::string& why) {
    static const TakeHomeModule* module = nullptr;
    static std::string failure;
    if (module || !failure.empty()) {
        why = failure;
        return module;
    }
    failure = std::string("cannot open ") + kFile + " for the PDF report and the workbook (the CSV files are written):";
    for (const std::string& place : take_home_module_places()) {
        void* library = dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed: a second export reuses it
        if (!library) {
            if (std::error_code ec; fs::exists(place, ec)) failure += std::string(" ") + dlerror() + ";";
            continue;
        }
        using Entry = const TakeHomeModule* (*)();
        const auto entry = reinterpret_cast<Entry>(dlsym(library, kTakeHomeSymbol));
        const TakeHomeModule* found = entry ? entry() : nullptr;
        if (found && found->abi == kTakeHomeAbi && found->session_size == sizeof(Session)) {
            failure.clear();
            return module = found;
        }
        failure += " " + place + " is from another build;";
    }
    failure += " looked in";
    for (const std::string& place : take_home_module_places()) failure += " " + place;
    why = failure;
    return nullptr;
}

}  // namespace

std::vector<std::string> take_home_module_places() {
    std::vector<std::string> places;
    std::error_code ec;
    const fs::path program = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        places.push_back(program.parent_path() / kFile);
        places.push_back((program.parent_path().parent_path() / WORKSHOP_INSTALL_LIBDIR / "workshop" / kFile).lexically_normal());
    }
    places.push_back(WORKSHOP_TAKE_HOME_BUILT);
    return places;
}

Outcome<std::vector<std::string>> write_take_home(Session& session, const std::string& dir, const std::string& language) {
    std::string why;
    const TakeHomeModule* module = open_module(why);
    if (!module) return Status::failure(why);
    return module->write_take_home(session, dir, language);
}

}  // namespace workshop::kiosk
