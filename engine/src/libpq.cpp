#include "libpq.h"

#include <dlfcn.h>

#include <mutex>

namespace workshop::hub {

namespace {

LibPq g_libpq;
std::string g_failure;  // why libpq could not be opened; "" when it was

void load() {
    void* library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);  // never closed: connections may outlive any caller
    if (!library) {
        const char* why = dlerror();
        g_failure = std::string("cannot open libpq.so.5 (install libpq5): ") + (why ? why : "unknown error");
        return;
    }
#define WORKSHOP_LIBPQ_LOAD(name)                                                                   \
    g_libpq.name = reinterpret_cast<decltype(g_libpq.name)>(dlsym(library, #name));                \
    if (!g_libpq.name) {                                                                            \
        g_failure = "libpq.so.5 has no " #name ": too old a libpq (the hub needs PostgreSQL 10's or later)"; \
        return;                                                                                     \
    }
    WORKSHOP_LIBPQ_FUNCTIONS(WORKSHOP_LIBPQ_LOAD)
#undef WORKSHOP_LIBPQ_LOAD
}

}  // namespace

bool open_libpq(std::string& why) {
    static std::once_flag once;
    std::call_once(once, load);
    why = g_failure;
    return g_failure.empty();
}

const LibPq& pq() { return g_libpq; }

}  // namespace workshop::hub
