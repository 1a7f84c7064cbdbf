// hub_pg.h — the little of libpq the hub needs: a connection, results that free themselves,
// parameterised statements, COPY.
#pragma once

#include "libpq.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "workshop/hub.h"
#include "workshop/result.h"

namespace workshop::hub {

// Held by every push for the length of its transaction (pg_advisory_xact_lock): sequence
// numbers are then handed out in commit order, so a puller never skips a late commit.
inline constexpr const char* push_lock = "SELECT pg_advisory_xact_lock(1465077840)";
// The same lock, taken only when free ("t"), else not waited for ("f").
inline constexpr const char* push_lock_if_free = "SELECT pg_try_advisory_xact_lock(1465077840)";
// Held while a kiosk opens a session, so that two kiosks never open two: a lock of its own, so
// that kiosks joining never wait for pushes (a session row is not pulled by its number).
inline constexpr const char* open_lock = "SELECT pg_advisory_xact_lock(1465077841)";

// A PGresult freed on scope exit.
class Result {
public:
    explicit Result(PGresult* result = nullptr) : m_result(result) {}
    Result(Result&& other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    Result& operator=(Result&& other) noexcept {
        std::swap(m_result, other.m_result);
        return *this;
    }
    ~Result() {
        if (m_result) pq().PQclear(m_result);
    }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;

    bool ok() const {
        const ExecStatusType s = pq().PQresultStatus(m_result);
        return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
    }
    bool copying() const { return pq().PQresultStatus(m_result) == PGRES_COPY_IN; }
    int rows() const { return pq().PQntuples(m_result); }
    std::string text(int row, int column) const {
        return std::string(pq().PQgetvalue(m_result, row, column), static_cast<std::size_t>(pq().PQgetlength(m_result, row, column)));
    }
    bool null(int row, int column) const { return pq().PQgetisnull(m_result, row, column) != 0; }
    std::int64_t integer(int row, int column) const { return std::strtoll(pq().PQgetvalue(m_result, row, column), nullptr, 10); }
    std::int64_t affected() const { return std::strtoll(pq().PQcmdTuples(m_result), nullptr, 10); }
    std::string state() const {  // the SQLSTATE of an error ("23505": a unique key met), "" when none
        const char* code = pq().PQresultErrorField(m_result, PG_DIAG_SQLSTATE);
        return code ? code : "";
    }
    std::string error() const {
        std::string message = pq().PQresultErrorMessage(m_result);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        return message;
    }

private:
    PGresult* m_result;
};

}  // namespace workshop::hub

namespace workshop {

struct HubConnection::Impl {
    PGconn* conn = nullptr;
    std::string kiosk_role_name;  // workshop.kiosk_name() of this role, "" for the owner
    std::string hub_id;
    std::chrono::steady_clock::time_point last_heartbeat{};
    ~Impl() {
        if (conn) hub::pq().PQfinish(conn);
    }

    // One statement with text parameters.
    hub::Result exec(const std::string& sql, const std::vector<std::string>& params = {});
    // What went wrong, for a person: "cannot DOING on the hub: why".
    Status failure(std::string_view doing, const hub::Result& result) const;
    Status failure(std::string_view doing) const;
    Status run(const std::string& sql, std::string_view doing);  // exec, ok or failure
};

}  // namespace workshop
