"""What a new run does to the previous run's proposals, worked out by hand on tiny cases."""

from selaras.core.alignment.rerun import Change, DecidedChange, ProposalState, proposal_key, rerun_diff


def test_a_proposal_key_ignores_the_order_of_its_rows() -> None:
    assert proposal_key("kolaborasi", "B", "A") == proposal_key("kolaborasi", "A", "B") == "kolaborasi|A|B"
    assert proposal_key("duplikasi", "A", "B") != proposal_key("kolaborasi", "A", "B")


def test_it_sorts_proposals_into_kept_new_and_vanished() -> None:
    before = [ProposalState("kolaborasi|A|B", "r"), ProposalState("duplikasi|C|D", "r")]
    after = [ProposalState("kolaborasi|A|B", "r"), ProposalState("duplikasi|E|F", "r")]
    diff = rerun_diff(before, after)
    assert (diff.kept, diff.new, diff.vanished) == (
        {"kolaborasi|A|B"},
        {"duplikasi|E|F"},
        {"duplikasi|C|D"},
    )
    assert diff.decided_changes == ()  # nothing was decided: no confirmation needed
    assert diff.change_of("duplikasi|E|F") == Change.NEW
    assert diff.change_of("kolaborasi|A|B") == Change.KEPT


def test_a_decided_proposal_that_vanishes_changes_type_or_reason_needs_confirmation() -> None:
    before = [
        ProposalState("kolaborasi|A|B", "shared years", decided=True),
        ProposalState("duplikasi|C|D", "same villages", decided=True),
        ProposalState("kolaborasi|E|F", "old reason", decided=True),
        ProposalState("kolaborasi|G|H", "same", decided=True),
    ]
    after = [
        ProposalState("layanan_bersama|C|D", "shared asset"),
        ProposalState("kolaborasi|E|F", "new reason"),
        ProposalState("kolaborasi|G|H", "same"),
    ]
    changes = {c.key: c for c in rerun_diff(before, after).decided_changes}
    assert set(changes) == {"kolaborasi|A|B", "duplikasi|C|D", "kolaborasi|E|F"}
    assert changes["kolaborasi|A|B"].change == DecidedChange.VANISHES
    assert (changes["duplikasi|C|D"].change, changes["duplikasi|C|D"].kind_after) == (
        DecidedChange.TYPE_CHANGES,
        "layanan_bersama",
    )
    assert changes["kolaborasi|E|F"].reason_after == "new reason"


def test_the_fingerprint_changes_with_the_changes_it_stands_for() -> None:
    before = [ProposalState("kolaborasi|A|B", "r", decided=True), ProposalState("kolaborasi|C|D", "r")]
    one = rerun_diff(before, [])
    assert one.fingerprint == rerun_diff(before, []).fingerprint
    both = rerun_diff([*before[:1], ProposalState("kolaborasi|C|D", "r", decided=True)], [])
    assert both.fingerprint != one.fingerprint
