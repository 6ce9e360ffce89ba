"""Identical sets and the same stated preference; where standing positions come from; withdrawals."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import (
    BooleanIssue,
    BooleanStance,
    CategoricalIssue,
    CategoricalStance,
    Memorandum,
    Negotiation,
    NumericStance,
    OrdinalIssue,
    OrdinalStance,
    Position,
    SequenceStance,
    SetStance,
    Status,
    Withdrawal,
)
from negpos import strategies as nst
from negpos._analysis.kinds import compatible, identical
from negpos._analysis.withdrawals import withdrawals_in
from negpos._model.issues import Issue, Kind
from negpos._model.stances import AnyStance, Stance
from negpos._model.standing import standing, standing_by_round

TALKS = """\
format: 1
title: Talks
parties:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
issues:
  - {id: truce, kind: boolean, title: Truce}
  - {id: days, kind: numeric, title: Days, unit: days, bounds: [0, 100]}
  - {id: pows, kind: boolean, title: Prisoners}
rounds:
  - id: r1
    date: 2025-05-16
    label: First round
    memoranda:
      - party: a
        positions:
          - {issue: days, stance: {kind: numeric, min: 30}}
          - {issue: truce, stance: {kind: boolean, accepts: [true]}}
        alternatives:
          - id: g
            options:
              - {id: x, positions: [{issue: pows, stance: {kind: boolean, accepts: [true]}}]}
              - {id: y, positions: [{issue: pows, stance: {kind: boolean, accepts: [false]}}]}
      - party: b
        positions:
          - {issue: truce, stance: {kind: boolean, accepts: [true]}}
          - {issue: pows, stance: {kind: boolean, accepts: [true]}}
  - id: r2
    date: 2025-06-02
    label: Second round
    memoranda:
      - party: a
        positions:
          - {issue: pows, stance: {kind: boolean, accepts: [true]}}
      - party: b
        positions:
          - {issue: days, stance: {kind: numeric, max: 10}}
        withdrawn: [truce]
  - id: r3
    date: 2025-07-23
    memoranda:
      - party: a
        withdrawn: [pows, days]
"""


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    """Three rounds: positions carried forward, restated and withdrawn, a round of withdrawals."""
    return negpos.loads(TALKS)


# --- identical and same_preference: hand-worked --------------------------------------------

VENUE = CategoricalIssue(
    id="venue",
    title="Venue",
    options=({"id": "istanbul"}, {"id": "geneva"}, {"id": "riyadh"}),  # type: ignore[arg-type]
)


def venue(accepts: tuple[str, ...], preferred: str | None) -> Memorandum:
    """A memorandum with one position on the venue."""
    stance = CategoricalStance(accepts=accepts, preferred=preferred)
    return Memorandum(party="p", positions=(Position(issue="venue", stance=stance),))


@pytest.mark.parametrize(
    ("a", "b", "status", "zone"),
    [
        # The same sets: identical whatever each prefers.
        (("istanbul", "geneva"), ("istanbul", "geneva"), Status.IDENTICAL, {"istanbul", "geneva"}),
        # Different sets, both prefer Istanbul.
        (("istanbul", "geneva"), ("istanbul", "riyadh"), Status.SAME_PREFERENCE, {"istanbul"}),
        # Different sets, different preferences.
        (("istanbul", "geneva"), ("riyadh", "istanbul"), Status.OVERLAP, {"istanbul"}),
        (("geneva",), ("riyadh",), Status.GAP, None),
    ],
)
def test_the_venue_table_of_the_concepts_page(
    a: tuple[str, ...], b: tuple[str, ...], status: Status, zone: set[str] | None
) -> None:
    """The statuses and zones of docs/concepts.md's venue example, each preferring its first."""
    b_preferred = "geneva" if status is Status.IDENTICAL else b[0]
    found = negpos.compare(venue(a, a[0]), venue(b, b_preferred), [VENUE]).issue("venue")
    assert status == found.status
    assert zone == (None if found.zone is None else set(found.zone.accepts))  # type: ignore[attr-defined]


def test_same_preference_is_reported_with_the_preferred_outcome() -> None:
    """A report names the outcome both prefer, so a reader cannot mistake it for identical sets."""
    result = negpos.compare(
        venue(("istanbul", "geneva"), "istanbul"),
        venue(("istanbul", "riyadh"), "istanbul"),
        [VENUE],
    )
    markdown = result.to_markdown()
    assert "**same preference**" in markdown
    assert "both prefer: istanbul" in markdown
    assert "same_preference" == result.to_dict()["rows"][0]["status"]
    assert {"identical": 0, "same_preference": 1} == {
        k: v
        for k, v in result.to_dict()["summary"]["counts"].items()
        if k in ("identical", "same_preference")
    }


def test_a_boolean_issue_can_have_the_same_preference_over_different_sets() -> None:
    """Yes-or-no: {yes, no} preferring yes against {yes} preferring yes is the same preference."""
    issue = BooleanIssue(id="talks", title="Talks")
    a = Memorandum(
        party="a",
        positions=(
            Position(issue="talks", stance=BooleanStance(accepts=(True, False), preferred=True)),
        ),
    )
    b = Memorandum(
        party="b",
        positions=(Position(issue="talks", stance=BooleanStance(accepts=(True,), preferred=True)),),
    )
    assert Status.SAME_PREFERENCE == negpos.compare(a, b, [issue]).issue("talks").status


# --- identical and same_preference: laws ---------------------------------------------------


def _pairs() -> st.SearchStrategy[tuple[Issue, AnyStance, AnyStance]]:
    """An issue and two stances on it, half of them sharing the first one's preference."""

    def build(issue: Issue) -> st.SearchStrategy[tuple[Issue, AnyStance, AnyStance]]:
        stances = nst.stances(issue).map(_any)
        return st.tuples(st.just(issue), stances, stances, st.booleans()).map(
            lambda t: (t[0], *_shared(t[0], t[1], t[2])) if t[3] else (t[0], t[1], t[2])
        )

    return nst.issues([k for k in Kind if k is not Kind.TEXT]).flatmap(build)


def _any(stance: Stance) -> AnyStance:
    assert isinstance(
        stance,
        (BooleanStance, CategoricalStance, OrdinalStance, NumericStance, SetStance, SequenceStance),
    )
    return stance


def _shared(issue: Issue, a: AnyStance, b: AnyStance) -> tuple[AnyStance, AnyStance]:
    """``a`` given a preferred outcome where it states none, and ``b`` sharing it."""
    if isinstance(a, BooleanStance | CategoricalStance) and a.preferred is None:
        a = type(a)(accepts=a.accepts, preferred=a.accepts[0])  # type: ignore[arg-type]
    elif isinstance(a, OrdinalStance) and a.preferred is None:
        a = OrdinalStance(lowest=a.lowest, highest=a.highest, preferred=a.lowest)
    elif isinstance(a, NumericStance) and a.preferred is None:
        ends = [v for v in (a.min, a.max) if v is not None]
        if ends:
            a = NumericStance(min=a.min, max=a.max, preferred=ends[0])
    return a, _sharing(issue, a, b)


def _sharing(issue: Issue, a: AnyStance, b: AnyStance) -> AnyStance:
    """``b`` widened to accept ``a``'s preferred outcome and prefer it, where the kind allows."""
    if isinstance(a, BooleanStance) and isinstance(b, BooleanStance) and a.preferred is not None:
        return BooleanStance(accepts=tuple({*b.accepts, a.preferred}), preferred=a.preferred)
    if isinstance(a, CategoricalStance) and isinstance(b, CategoricalStance) and a.preferred:
        accepts = tuple(dict.fromkeys((*b.accepts, a.preferred)))
        return CategoricalStance(accepts=accepts, preferred=a.preferred)
    if isinstance(a, OrdinalStance) and isinstance(b, OrdinalStance) and a.preferred:
        assert isinstance(issue, OrdinalIssue)
        levels = sorted({b.lowest, b.highest, a.preferred}, key=issue.rank)
        return OrdinalStance(lowest=levels[0], highest=levels[-1], preferred=a.preferred)
    if isinstance(a, NumericStance) and isinstance(b, NumericStance) and a.preferred is not None:
        p = a.preferred
        low = None if b.min is None else min(b.min, p)
        high = None if b.max is None else max(b.max, p)
        return NumericStance(min=low, max=high, preferred=p)
    return b


@given(_pairs())
def test_identical_and_same_preference_mean_what_they_say(
    case: tuple[Issue, AnyStance, AnyStance],
) -> None:
    """identical: the same accepted sets; same_preference: different sets, one shared preference."""
    issue, sa, sb = case
    a = Memorandum(party="a", positions=(Position(issue=issue.id, stance=sa),))
    b = Memorandum(party="b", positions=(Position(issue=issue.id, stance=sb),))
    found = negpos.compare(a, b, [issue]).issue(issue.id)
    preferred_a, preferred_b = getattr(sa, "preferred", None), getattr(sb, "preferred", None)
    if found.status is Status.IDENTICAL:
        assert identical(issue, sa, sb)
    elif found.status is Status.SAME_PREFERENCE:
        assert not identical(issue, sa, sb)
        assert preferred_a is not None
        assert preferred_a == preferred_b
        assert compatible(issue, sa, sb)
    elif found.status is Status.OVERLAP:
        assert not identical(issue, sa, sb)
        assert preferred_a is None or preferred_a != preferred_b
    if compatible(issue, sa, sb):
        assert found.status in (Status.IDENTICAL, Status.SAME_PREFERENCE, Status.OVERLAP)
        assert 0.0 == found.magnitude
        assert found.zone is not None


# --- where standing positions come from: hand-worked ---------------------------------------


def test_each_standing_position_records_the_round_it_was_tabled_in(talks: Negotiation) -> None:
    """Positions carried forward keep their round; restated ones take the new one."""
    r2 = standing(talks, "a", "r2")
    assert {"truce": "r1", "days": "r1", "pows": "r2"} == {
        p.issue: r2.tabled_in(p.issue) for p in r2.positions
    }
    assert "r1" == r2.group_tabled_in("g")
    r3 = standing(talks, "a", "r3")
    assert ("r1", None, None) == (r3.tabled_in("truce"), r3.tabled_in("pows"), r3.tabled_in("days"))
    assert ("r1", None) == (r3.group_tabled_in("g"), r3.group_tabled_in("zz"))


def test_a_memorandum_that_is_not_standing_was_tabled_in_its_own_round(talks: Negotiation) -> None:
    """A tabled memorandum's positions come from its round; one with no round says None."""
    tabled = talks.memorandum("b", round_id="r2")
    assert tabled is not None
    assert ("r2", None) == (tabled.tabled_in("days"), tabled.tabled_in("truce"))
    assert venue(("geneva",), None).tabled_in("venue") is None


def test_origins_are_no_part_of_the_document(talks: Negotiation) -> None:
    """A standing memorandum rebuilt from its data equals it and records nothing."""
    held = standing(talks, "a", "r2")
    rebuilt = Memorandum.model_validate(held.to_dict())
    assert rebuilt == held
    assert hash(rebuilt) == hash(held)
    assert "r2" == rebuilt.tabled_in("truce")
    assert "since" not in json.dumps(held.to_dict())


def test_comparison_rows_carry_the_rounds(talks: Negotiation) -> None:
    """At r2, a's truce and days stand since r1, b's days is new, b's truce is withdrawn."""
    result = talks.compare("a", "b", round_id="r2")
    assert {
        "truce": ("r1", None),
        "days": ("r1", "r2"),
        "pows": ("r2", "r1"),
    } == {c.issue.id: (c.since_a, c.since_b) for c in result.rows}
    swapped = result.issue("days").swapped()
    assert ("r2", "r1") == (swapped.since_a, swapped.since_b)
    (group,) = result.alternatives
    # Both options restate a's main position on prisoners, tabled at r2.
    assert [("r2", "r1"), ("r2", "r1")] == [
        (o.rows[0].since_a, o.rows[0].since_b) for o in group.options
    ]
    row = next(r for r in result.to_dict()["rows"] if r["issue"] == "days")
    assert ("r1", "r2") == (row["since_a"], row["since_b"])
    tabled = talks.compare("a", "b", round_id="r2", tabled_only=True)
    assert {("r2", None), (None, "r2")} == {(c.since_a, c.since_b) for c in tabled.rows}


def test_reports_say_standing_since_an_earlier_round(talks: Negotiation) -> None:
    """Only positions tabled before the round reported are marked, with the round's name."""
    report = negpos.round_report(talks, "a", "b", round_id="r2")
    assert ["r1"] == [r.id for r in report.origins]
    markdown = report.to_markdown()
    assert "standing since First round (16 May 2025)" in markdown
    assert "standing since Second round" not in markdown
    assert "standing since First round (16 May 2025)" in report.to_html()
    assert "standing since First round" in negpos.render(report, fmt="terminal")
    data = json.loads(report.to_json())
    assert [{"id": "r1", "date": "2025-05-16", "label": "First round"}] == data["origins"]


def test_a_scenario_move_is_new_in_the_round_and_the_rest_keep_their_rounds(
    talks: Negotiation,
) -> None:
    """The patched comparison gives the moved position the round compared, like a fresh one."""
    from negpos.scenarios import Baseline

    baseline = Baseline.of(talks, "a", "b", round_id="r2")
    (days,) = [p for p in baseline.memoranda[0].positions if p.issue == "days"]
    moved = {("a", "days"): Position(issue="days", stance=negpos.NumericStance(max=10))}
    patched = baseline.compare_after(moved)
    fresh = negpos.compare(*baseline.memoranda_after(moved), talks)
    assert ("r2", "r2") == (patched.issue("days").since_a, fresh.issue("days").since_a)
    assert "r1" == patched.issue("truce").since_a == fresh.issue("truce").since_a
    assert fresh.rows == patched.rows
    assert days.stance != moved[("a", "days")].stance


# --- where standing positions come from: laws ----------------------------------------------


def _last_stated(neg: Negotiation, party: str, k: int, issue_id: str) -> str | None:
    """The latest round at or before round ``k`` in which ``party`` stated a position on it."""
    for earlier in reversed(neg.rounds[: k + 1]):
        memo = earlier.memorandum(party)
        if memo is None:
            continue
        if issue_id in memo.withdrawn:
            return None
        if memo.position(issue_id) is not None:
            return earlier.id
    return None


@given(nst.negotiations())
def test_the_round_recorded_is_the_latest_that_stated_the_position(neg: Negotiation) -> None:
    """Each standing position's round is the latest at or before the analysed one that states it."""
    for k, rnd in enumerate(neg.rounds):
        for party in neg.parties:
            held = standing(neg, party.id, rnd.id)
            for p in held.positions:
                since = held.tabled_in(p.issue)
                assert _last_stated(neg, party.id, k, p.issue) == since
                assert since is not None
                tabled = neg.round(since).memorandum(party.id)
                assert tabled is not None
                assert p is tabled.position(p.issue)


@given(nst.negotiations())
def test_standing_and_standing_by_round_agree_on_origins(neg: Negotiation) -> None:
    """Carried forward or gathered again, every position and group has the same round."""
    for party in neg.parties:
        for rnd, carried in zip(neg.rounds, standing_by_round(neg, party.id), strict=True):
            gathered = standing(neg, party.id, rnd.id)
            assert [gathered.tabled_in(p.issue) for p in gathered.positions] == [
                carried.tabled_in(p.issue) for p in carried.positions
            ]
            assert [gathered.group_tabled_in(g.id) for g in gathered.alternatives] == [
                carried.group_tabled_in(g.id) for g in carried.alternatives
            ]


@given(nst.negotiations(max_parties=3))
def test_rows_carry_the_rounds_their_memoranda_record(neg: Negotiation) -> None:
    """A comparison's since_a and since_b are the standing memoranda's rounds, or None."""
    ids = [p.id for p in neg.parties]
    a, b = ids[0], ids[-1]
    for rnd in neg.rounds:
        memo_a, memo_b = standing(neg, a, rnd.id), standing(neg, b, rnd.id)
        for c in negpos.compare(memo_a, memo_b, neg).rows:
            for memo, since, held in (
                (memo_a, c.since_a, c.position_a),
                (memo_b, c.since_b, c.position_b),
            ):
                if held is None or memo.position(c.issue.id) is not None:
                    assert memo.tabled_in(c.issue.id) == since
                else:
                    # Stated only in the option the headline takes: since its group.
                    groups = {memo.group_tabled_in(g.id) for g in memo.alternatives}
                    assert since in groups


# --- withdrawals ---------------------------------------------------------------------------


def test_withdrawals_are_listed_round_by_round(talks: Negotiation) -> None:
    """Beta withdraws the truce at r2 (held since r1); Alpha withdraws days and prisoners at r3."""
    found = [(w.round, w.party, w.issue.id, w.since) for w in withdrawals_in(talks)]
    assert [
        ("r2", "b", "truce", "r1"),
        ("r3", "a", "days", "r1"),
        ("r3", "a", "pows", "r2"),
    ] == found
    assert [("r3", "a", "days", "r1")] == [
        (w.round, w.party, w.issue.id, w.since)
        for w in withdrawals_in(talks, ["a"], after="r2", through="r3")
        if w.issue.id == "days"
    ]
    assert () == withdrawals_in(talks, after="r3")


def test_a_round_of_withdrawals_shows_what_was_withdrawn(talks: Negotiation) -> None:
    """The round report of r3 names what a withdrew there instead of counting 0 positions."""
    report = negpos.round_report(talks, "a", "b", round_id="r3")
    assert [("a", "days"), ("a", "pows")] == [(w.party, w.issue.id) for w in report.withdrawals]
    markdown = report.to_markdown()
    assert "withdraws 2 positions: Prisoners, Days" in markdown  # as the memorandum lists them
    assert "0 positions" not in markdown
    assert "Alpha withdrew Days (held since First round (16 May 2025)); Prisoners (held since " in (
        markdown
    )
    assert "withdraws 2 positions" in report.to_html()
    data = report.to_dict()
    assert ["pows", "days"] == data["round"]["memoranda"][0]["withdrawn"]
    assert {"round": "r3", "party": "a", "issue": "days", "title": "Days", "since": "r1"} == (
        data["withdrawals"][0]
    )


def test_change_sets_say_in_which_round_a_position_was_withdrawn(talks: Negotiation) -> None:
    """From r1 to r3, a's days and prisoners are dropped, withdrawn at r3."""
    cs = talks.changes("a", from_round="r1", to_round="r3", counterpart="b")
    assert ["dropped"] == [cs.issue("days").movement.value]
    assert [("r3", "days", "r1"), ("r3", "pows", "r2")] == [
        (w.round, w.issue.id, w.since) for w in cs.withdrawals
    ]
    assert "withdrew" in cs.to_markdown()
    assert "days" in {w["issue"] for w in cs.moves_dict()["withdrawals"]}


def test_bare_memoranda_list_the_later_ones_withdrawals() -> None:
    """Compared on their own, the later memorandum's withdrawn issues are its withdrawals."""
    issue = BooleanIssue(id="truce", title="Truce")
    before = Memorandum(
        party="a", positions=(Position(issue="truce", stance=BooleanStance(accepts=(True,))),)
    )
    after = Memorandum(party="a", round="r2", withdrawn=("truce",))
    cs = negpos.changes(before, after, None, [issue])
    assert (Withdrawal("r2", "a", issue),) == cs.withdrawals


def test_trajectories_and_negotiation_reports_list_withdrawals(talks: Negotiation) -> None:
    """The trajectory of a and b, and the report of the whole negotiation, list all three."""
    t = talks.trajectory("a", "b")
    assert [("r2", "b"), ("r3", "a"), ("r3", "a")] == [(w.round, w.party) for w in t.withdrawals]
    assert "Beta withdrew Truce" in negpos.negotiation_report(talks, "a", "b").to_markdown()
    assert 3 == len(json.loads(t.to_json())["withdrawals"])
