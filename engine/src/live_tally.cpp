// live_tally.cpp — a step's streaming tallies: exact results and the held bars (live_tally.h).
#include "live_tally.h"

#include <sqlite3.h>

#include <algorithm>

#include "internal_access.h"

namespace workshop::detail {

LiveTally::LiveTally(const Scenario& scenario, const Step& step, std::vector<Idea> ideas, int step_size,
                     std::size_t recent_kept)
    : m_scenario(scenario), m_step(step), m_ideas(std::move(ideas)), m_step_size(std::max(1, step_size)),
      m_recent_kept(recent_kept) {
    m_total = std::make_unique<StepTally>(m_step, m_ideas);
    m_held = std::make_unique<StepTally>(m_step, m_ideas);
    m_groups = std::make_unique<RoleTally>(m_scenario, m_step, m_ideas);
    m_held_groups = std::make_unique<RoleTally>(m_scenario, m_step, m_ideas);
}

// The session's ballot order: hub numbers first, in their order; then ballots without one, by row.
bool LiveTally::before(std::int64_t seq_a, std::int64_t row_a, std::int64_t seq_b, std::int64_t row_b) {
    if ((seq_a == 0) != (seq_b == 0)) return seq_a != 0;
    return seq_a != 0 ? seq_a < seq_b : row_a < row_b;
}

void LiveTally::add_to_held(Pending& pending) {
    ++m_held_count;
    if (pending.seq != 0) {
        m_held->add(pending.ballot);
        m_held_groups->add(pending.ballot);
        return;
    }
    m_recent.push_back(std::move(pending));
    if (m_recent.size() <= m_recent_kept) return;
    m_held->add(m_recent.front().ballot);
    m_held_groups->add(m_recent.front().ballot);
    m_held_unnumbered.push_back(m_recent.front().row);
    m_recent.pop_front();
}

// Another kiosk's ballot goes before the kiosk's own held ones: they wait again.
void LiveTally::unhold_recent() {
    m_held_count -= static_cast<int>(m_recent.size());
    for (Pending& pending : m_recent) m_pending.push_back(std::move(pending));
    m_recent.clear();
}

// One hub number, in hub order: a held ballot's (the next of them, else the order changed), or
// one that is pending or new (`numbered`).
void LiveTally::take_number(std::int64_t seq, std::int64_t row, std::vector<std::pair<std::int64_t, std::int64_t>>& numbered,
                            bool& reordered) {
    if (!m_held_unnumbered.empty()) {
        if (m_held_unnumbered.front() == row) m_held_unnumbered.pop_front();  // counted already
        else reordered = true;
        return;
    }
    if (!m_recent.empty() && m_recent.front().row == row) {
        m_held->add(m_recent.front().ballot);
        m_held_groups->add(m_recent.front().ballot);
        m_recent.pop_front();
        return;
    }
    if (!m_recent.empty()) unhold_recent();
    numbered.emplace_back(row, seq);
}

StepResult LiveTally::held() const {
    if (m_recent.empty()) return m_held->result();
    StepTally all(m_step, m_ideas);
    all.merge(*m_held);
    for (const Pending& pending : m_recent) all.add(pending.ballot);
    return all.result();
}

std::vector<RoleGroup> LiveTally::held_groups() const {
    if (m_recent.empty()) return visible_role_groups(*m_held_groups, m_step_size);
    RoleTally all(m_scenario, m_step, m_ideas);
    all.merge(*m_held_groups);
    for (const Pending& pending : m_recent) all.add(pending.ballot);
    return visible_role_groups(all, m_step_size);
}

// How many of `valid` ballots are held: whole groups of g but the newest whole group, so that
// closing the step (exact results) adds at least g ballots to the last held bars. Holding every
// whole group would let a step closed at n = 5k + 1 show the last voter's ballot as the change.
std::size_t LiveTally::held_of(std::size_t valid) const {
    const auto g = static_cast<std::size_t>(m_step_size);
    if (g == 1) return valid;  // no group size: nothing to hide
    const std::size_t groups = valid / g;
    return groups > 1 ? (groups - 1) * g : 0;
}

// Holds the ballots that complete steps of m_step_size, from the front of the pending ones.
void LiveTally::hold_what_is_due() {
    const std::size_t valid = static_cast<std::size_t>(m_held_count) + m_pending.size();
    const int due = static_cast<int>(held_of(valid)) - m_held_count;
    if (due <= 0) return;
    for (int i = 0; i < due; ++i) add_to_held(m_pending[static_cast<std::size_t>(i)]);
    m_pending.erase(m_pending.begin(), m_pending.begin() + due);
}

bool LiveTally::update(Store& store, std::int64_t session, Status& status) {
    std::optional<Store::Transaction> snapshot;  // the voids, numbers and ballots as of one moment
    if (sqlite3_get_autocommit(handle_of(store))) {
        snapshot.emplace(store);
        if (!(status = snapshot->status())) return true;
    }
    auto newest_void = StoreAccess::newest_void(store);
    auto newest_seq = StoreAccess::newest_hub_row(store);
    if (!newest_void || !newest_seq) {
        status = !newest_void ? newest_void.status() : newest_seq.status();
        return true;
    }
    if (!m_started) {
        m_newest_void = *newest_void;
        status = read_all(store, session, *newest_seq);
        m_started = status.ok;
        return true;
    }
    if (*newest_void != m_newest_void) return false;  // a ballot left: count again (voids are rare)
    return top_up(store, session, *newest_seq, status);
}

// Every valid ballot of the step: those in the first held_of(n) of the session's order are held,
// the rest wait (in that order) for the next step of ballots.
Status LiveTally::read_all(Store& store, std::int64_t session, std::int64_t newest_seq) {
    std::vector<std::pair<std::int64_t, std::int64_t>> numbers;  // (row, seq), by row
    Status read = StoreAccess::for_each_ballot_number(store, session, m_step.id, [&](std::int64_t row, std::int64_t seq) {
        numbers.emplace_back(row, seq);
    });
    if (!read) return read;
    auto in_order = numbers;
    std::sort(in_order.begin(), in_order.end(),
              [](const auto& a, const auto& b) { return before(a.second, a.first, b.second, b.first); });
    const std::size_t held = held_of(in_order.size());
    const auto is_held = [&](std::int64_t row, std::int64_t seq) {
        return held > 0 && !before(in_order[held - 1].second, in_order[held - 1].first, seq, row);
    };
    m_last_seq = newest_seq;
    read = StoreAccess::for_each_ballot_after(store, session, m_step.id, 0, [&](std::int64_t row, Ballot& ballot) {
        m_total->add(ballot);
        m_groups->add(ballot);
        m_last_ballot = row;
        const auto found = std::lower_bound(numbers.begin(), numbers.end(), std::make_pair(row, std::int64_t{0}));
        Pending pending{found != numbers.end() && found->first == row ? found->second : 0, row, std::move(ballot)};
        if (is_held(pending.row, pending.seq)) add_to_held(pending);
        else m_pending.push_back(std::move(pending));
        return true;
    });
    if (!read) return read;
    std::stable_sort(m_pending.begin(), m_pending.end(),
                     [](const Pending& a, const Pending& b) { return before(a.seq, a.row, b.seq, b.row); });
    hold_what_is_due();
    return Status::success();
}

// What was recorded since: new hub numbers, then new ballots. A ballot numbered now that goes
// before held ones still without a number makes those wait again; false when they were counted
// in already (more than m_recent_kept of them).
bool LiveTally::top_up(Store& store, std::int64_t session, std::int64_t newest_seq, Status& status) {
    std::vector<std::pair<std::int64_t, std::int64_t>> numbered;  // (row, seq), not held
    bool reordered = false;
    status = StoreAccess::for_each_ballot_numbered(store, session, m_step.id, m_last_seq, newest_seq,
                                                   [&](std::int64_t seq, std::int64_t row) {
        if (!reordered) take_number(seq, row, numbered, reordered);
    });
    if (!status || reordered) return !reordered;
    m_last_seq = newest_seq;
    std::sort(numbered.begin(), numbered.end());
    const auto number_of = [&](std::int64_t row, std::int64_t seq) {
        const auto found = std::lower_bound(numbered.begin(), numbered.end(), std::make_pair(row, std::int64_t{0}));
        return found != numbered.end() && found->first == row ? found->second : seq;
    };
    for (Pending& pending : m_pending) pending.seq = number_of(pending.row, pending.seq);
    status = StoreAccess::for_each_ballot_after(store, session, m_step.id, m_last_ballot, [&](std::int64_t row, Ballot& ballot) {
        m_total->add(ballot);
        m_groups->add(ballot);
        m_last_ballot = row;
        m_pending.push_back({number_of(row, 0), row, std::move(ballot)});
        return true;
    });
    if (!status) return true;
    if ((!m_held_unnumbered.empty() || !m_recent.empty()) &&
        std::any_of(m_pending.begin(), m_pending.end(), [](const Pending& p) { return p.seq != 0; })) {
        if (!m_held_unnumbered.empty()) return false;  // counted in: read the step again
        unhold_recent();
    }
    const auto order = [](const Pending& a, const Pending& b) { return before(a.seq, a.row, b.seq, b.row); };
    if (!std::is_sorted(m_pending.begin(), m_pending.end(), order)) std::stable_sort(m_pending.begin(), m_pending.end(), order);
    hold_what_is_due();
    return true;
}

}  // namespace workshop::detail
