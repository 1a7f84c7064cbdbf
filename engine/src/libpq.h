// libpq.h — libpq, opened when the first hub connection is made (dlopen), not when the program
// starts: it brings ~20 more libraries (Kerberos, LDAP, GnuTLS, ...), ~18 ms of CPU at every
// start of the kiosk and of every `workshop` command, though most of them never reach a hub.
// Only its header is needed to build; at run time libpq.so.5 (Debian: libpq5) is opened.
#pragma once

#include <libpq-fe.h>

#include <string>

namespace workshop::hub {

// Every libpq function the hub uses, named as in libpq (pq().PQexec(...)).
#define WORKSHOP_LIBPQ_FUNCTIONS(X)                                                                            \
    X(PQclear) X(PQcmdTuples) X(PQconnectdbParams) X(PQconninfo) X(PQconninfoFree) X(PQconsumeInput) X(PQdb)   \
    X(PQencryptPasswordConn) X(PQerrorMessage) X(PQescapeIdentifier) X(PQescapeLiteral) X(PQexec)             \
    X(PQexecParams) X(PQfinish) X(PQfreemem) X(PQgetisnull) X(PQgetlength) X(PQgetResult) X(PQgetvalue)        \
    X(PQhost) X(PQnotifies) X(PQntuples) X(PQport) X(PQputCopyData) X(PQputCopyEnd) X(PQresultErrorField)     \
    X(PQresultErrorMessage) X(PQresultStatus) X(PQsendQuery) X(PQsocket) X(PQstatus)

struct LibPq {
#define WORKSHOP_LIBPQ_POINTER(name) decltype(&::name) name = nullptr;
    WORKSHOP_LIBPQ_FUNCTIONS(WORKSHOP_LIBPQ_POINTER)
#undef WORKSHOP_LIBPQ_POINTER
};

// Opens libpq once (any thread); false with `why` ("cannot open libpq.so.5: ...") when it cannot.
bool open_libpq(std::string& why);
// The open libpq's functions: only after open_libpq() succeeded (every use of the hub starts
// with HubConnection::connect, which opens it).
const LibPq& pq();

}  // namespace workshop::hub
