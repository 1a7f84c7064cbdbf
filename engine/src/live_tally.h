// live_tally.h — the streaming tallies of one step that a Session keeps (session.cpp): the
// step's exact results, and the held bars shared screens show while its voting is open.
//
// Held bars are a function of the ballots alone, never of when a screen looked: the tally of the
// first (floor(n / g) - 1) * g of the step's n valid ballots in the session's ballot order (g =
// `[results] min_group_size`; none below 2g), one whole group behind, so that closing the step,
// which shows its exact results, changes the bars by at least g ballots too. That order is the hub's (hub.md, "hub order") where a ballot has a
// hub number, then this file's ballots without one, in row order; without a hub, row order. So
// every kiosk of a hub session, a restarted kiosk and a second screen on one file show the same
// bars for the same ballots, and two showings differ by none or by at least g ballots.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "workshop/scenario.h"
#include "workshop/store.h"
#include "workshop/tally.h"

namespace workshop::detail {

class LiveTally {
public:
    // Over `ideas` (kept here: the tallies point into them), held in steps of `step_size`; on a
    // hub, up to `recent_kept` held ballots without a hub number are kept whole (m_recent).
    LiveTally(const Scenario& scenario, const Step& step, std::vector<Idea> ideas, int step_size,
              std::size_t recent_kept);

    // Adds what the file recorded since the last update (read inside one read transaction).
    // Ballots counted stay counted: 10 ballots a second from other kiosks never re-tally a
    // 100,000-ballot step. False (with `status` ok) when a ballot was voided since, or the ballot
    // order changed before the held ballots' end (a ballot of this file got its hub number after
    // another kiosk's): then make a new one, which reads the step whole.
    bool update(Store& store, std::int64_t session, Status& status);

    const std::vector<Idea>& ideas() const { return m_ideas; }
    const StepTally& total() const { return *m_total; }
    const RoleTally& groups() const { return *m_groups; }
    // The held bars, and the role groups of the same ballots that may be shown.
    StepResult held() const;
    std::vector<RoleGroup> held_groups() const;

    std::optional<std::uint64_t> read_at;  // the Session's `changes` when the file was last read for it

private:
    // A ballot after the held ones, in the session's order: its hub number (0: none yet) and row.
    struct Pending {
        std::int64_t seq = 0;
        std::int64_t row = 0;
        Ballot ballot;
    };
    static bool before(std::int64_t seq_a, std::int64_t row_a, std::int64_t seq_b, std::int64_t row_b);
    bool top_up(Store& store, std::int64_t session, std::int64_t newest_seq, Status& status);
    Status read_all(Store& store, std::int64_t session, std::int64_t newest_seq);
    void add_to_held(Pending& pending);
    std::size_t held_of(std::size_t valid) const;
    void hold_what_is_due();
    void take_number(std::int64_t seq, std::int64_t row, std::vector<std::pair<std::int64_t, std::int64_t>>& numbered,
                     bool& reordered);
    void unhold_recent();

    const Scenario& m_scenario;
    const Step& m_step;
    std::vector<Idea> m_ideas;
    int m_step_size = 1;
    std::size_t m_recent_kept = 0;
    std::int64_t m_newest_void = 0;  // the newest void row of the file when read whole
    std::unique_ptr<StepTally> m_total, m_held;
    std::unique_ptr<RoleTally> m_groups, m_held_groups;
    // The held ballots: counted in m_held (those with a hub number, and older ones without), and
    // the newest ones without a hub number, kept whole so that the hub numbering another kiosk's
    // ballot before them only sends them back to the pending ones (no reading the step again).
    int m_held_count = 0;
    std::deque<std::int64_t> m_held_unnumbered;  // rows counted in m_held without a hub number, by row
    std::deque<Pending> m_recent;                // held, without a hub number, not in m_held
    std::vector<Pending> m_pending;              // the valid ballots after the held ones, in order
    std::int64_t m_last_ballot = 0;  // the newest ballot row read
    std::int64_t m_last_seq = 0;     // the newest hub number read
    bool m_started = false;
};

}  // namespace workshop::detail
