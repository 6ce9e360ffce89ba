"""Common ground of many parties: n-way zones, largest groups, blockers, the summary."""

from __future__ import annotations

from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import (
    BooleanIssue,
    BooleanStance,
    GroundStatus,
    Issue,
    Memorandum,
    NumericIssue,
    NumericStance,
    Position,
    TextIssue,
    TextStance,
)
from negpos import strategies as nst
from negpos._analysis.kinds import contains
from negpos._model.documents import AlternativeGroup, Condition, Option, Outcome

TRUCE = BooleanIssue(id="truce", title="Truce")
DAYS = NumericIssue(id="days", title="Days", unit="days", bounds=(0, 100))
NOTE = TextIssue(id="note", title="Preamble")
AGENDA = (TRUCE, DAYS, NOTE)


def memo(party: str, **stances: Any) -> Memorandum:
    """A memorandum of ``party`` with a position per keyword (issue id: stance)."""
    return Memorandum(
        party=party,
        positions=tuple(Position(issue=iid, stance=s, salience=0.5) for iid, s in stances.items()),
    )


def yes_no(*accepts: bool) -> BooleanStance:
    """A boolean stance."""
    return BooleanStance(accepts=accepts)


# --- worked example ---------------------------------------------------------------------------

A = memo("a", truce=yes_no(True), days=NumericStance(min=10, max=60))
B = memo("b", truce=yes_no(True, False), days=NumericStance(min=30))
C = memo(
    "c", truce=yes_no(False), days=NumericStance(min=40, max=50), note=TextStance(statement="x")
)
D = memo("d", days=NumericStance(max=5))


def test_three_parties_by_hand() -> None:
    """a, b, c: no common answer on the truce; 40 to 50 days suit all three."""
    ground = negpos.common_ground([A, B, C], AGENDA)
    truce = ground.issue("truce")
    assert GroundStatus.GAP == truce.status
    assert 1.0 == truce.magnitude
    assert (("a", "b"), ("b", "c")) == truce.largest
    assert () == truce.blockers  # a and c each belong to one of the largest groups
    assert None is truce.zone
    span = ground.issue("days")
    assert GroundStatus.OVERLAP == span.status
    assert NumericStance(min=40, max=50) == span.zone
    assert (("a", "b", "c"),) == span.largest
    assert GroundStatus.UNCOMPARABLE == ground.issue("note").status
    assert ("a", "b") == ground.issue("note").silent
    # index: (1 - 1) and (1 - 0), equal weights: 0.5
    assert 0.5 == ground.summary.index
    assert 0.5 == ground.summary.mean_gap
    assert 1 == ground.summary.count("gap")
    assert (ground.issue("days"),) == ground.shared


def test_a_silent_party_makes_an_issue_partial_and_a_blocker_shows() -> None:
    """Party d is silent on the truce (partial, never agreement) and blocks on the days."""
    ground = negpos.common_ground([A, B, D], AGENDA)
    truce = ground.issue("truce")
    assert GroundStatus.PARTIAL == truce.status
    assert ("d",) == truce.silent
    assert None is truce.magnitude
    assert None is truce.zone
    span = ground.issue("days")
    assert GroundStatus.GAP == span.status
    assert (("a", "b"),) == span.largest
    assert ("d",) == span.blockers
    assert (("a", 0), ("b", 0), ("d", 1)) == ground.summary.blocking
    held = span.position("d")
    assert held is not None
    assert NumericStance(max=5) == held.stance


def test_identical_positions_are_identical() -> None:
    """Parties that accept exactly the same outcomes are identical, with one group of all."""
    same = [memo(p, truce=yes_no(True)) for p in ("a", "b", "c")]
    row = negpos.common_ground(same, [TRUCE]).issue("truce")
    assert GroundStatus.IDENTICAL == row.status
    assert yes_no(True) == row.zone


def test_the_result_renders_to_json_data() -> None:
    """to_dict holds the rows with zone, groups, blockers and silent parties."""
    data = negpos.common_ground([A, B, D], AGENDA).to_dict()
    assert ["a", "b", "d"] == data["parties"]
    days = next(r for r in data["rows"] if r["issue"] == "days")
    assert ["d"] == days["blockers"]
    assert None is days["zone"]


def test_bad_arguments() -> None:
    """Fewer than two memoranda, one party twice, a single memorandum: usage errors."""
    with pytest.raises(negpos.UsageError, match="at least 2"):
        negpos.common_ground([A], AGENDA)
    with pytest.raises(negpos.UsageError, match="twice"):
        negpos.common_ground([A, A], AGENDA)
    with pytest.raises(negpos.UsageError, match="list of Memorandum"):
        negpos.common_ground(A, AGENDA)  # type: ignore[arg-type]
    with pytest.raises(negpos.InputError, match="unknown issue"):
        negpos.common_ground([A, B], [TRUCE])


# --- outcomes, conditions, alternatives -------------------------------------------------------


def test_an_outcome_all_agreed_settles_the_issue_even_unaddressed() -> None:
    """Agreed by a, b and c: settled with the outcome as zone; a later reneging is flagged."""
    agreed = Outcome(summary="A truce", issue="truce", stance=yes_no(True))
    ground = negpos.common_ground([A, B, C], AGENDA, outcomes=[agreed])
    truce = ground.issue("truce")
    assert GroundStatus.SETTLED == truce.status
    assert 0.0 == truce.magnitude
    assert yes_no(True) == truce.zone
    assert ("c",) == truce.reneged_by  # c accepts no truce
    assert () == truce.blockers
    assert truce in ground.shared
    # Both issues count now, each at 1 - 0: the index is 1.
    assert 1.0 == ground.summary.index
    # Agreed by a and b only: not settled among the three.
    partial = Outcome(summary="A truce", issue="truce", stance=yes_no(True), parties=("a", "b"))
    assert (
        GroundStatus.GAP
        == negpos.common_ground([A, B, C], AGENDA, outcomes=[partial]).issue("truce").status
    )
    # Nobody addresses the note's issue... a settled issue nobody addresses still gets a row.
    silent = negpos.common_ground(
        [D, memo("e", days=NumericStance(max=5))], AGENDA, outcomes=[agreed]
    )
    row = silent.issue("truce")
    assert GroundStatus.SETTLED == row.status
    assert ("d", "e") == row.silent
    assert (("d", 0), ("e", 0)) == silent.summary.blocking


def _conditional_on_truce(party: str, days: NumericStance, truce: bool) -> Memorandum:
    condition = Condition(issue="truce", stance=yes_no(truce))
    return Memorandum(
        party=party,
        positions=(
            Position(issue="truce", stance=yes_no(True)),
            Position(issue="days", stance=days, conditions=(condition,)),
        ),
    )


def test_a_condition_the_ground_cannot_meet_makes_the_issue_conditional() -> None:
    """Days hold only without a truce, which all three accept: conditional, out of the index."""
    memos = [
        _conditional_on_truce("a", NumericStance(min=10), truce=False),
        memo("b", truce=yes_no(True), days=NumericStance(max=50)),
        memo("c", truce=yes_no(True, False), days=NumericStance(min=20, max=30)),
    ]
    ground = negpos.common_ground(memos, AGENDA)
    days = ground.issue("days")
    assert GroundStatus.CONDITIONAL == days.status
    assert None is days.magnitude
    assert (("a", "truce"),) == days.unmet_conditions
    assert NumericStance(min=20, max=30) == days.zone
    assert 1 == ground.summary.unresolved
    # Met: a truce is what the condition asks for.
    met = [_conditional_on_truce("a", NumericStance(min=10), truce=True), *memos[1:]]
    assert GroundStatus.OVERLAP == negpos.common_ground(met, AGENDA).issue("days").status


def test_each_party_is_read_with_its_closest_option() -> None:
    """Party a offers a short or a long truce; the long one suits b and c: the ground takes it."""
    short = Option(id="short", positions=(Position(issue="days", stance=NumericStance(max=5)),))
    long = Option(id="long", positions=(Position(issue="days", stance=NumericStance(min=40)),))
    offering = Memorandum(
        party="a",
        positions=(Position(issue="truce", stance=yes_no(True)),),
        alternatives=(AlternativeGroup(id="span", options=(short, long)),),
    )
    ground = negpos.common_ground([offering, B, C], AGENDA)
    (group,) = ground.alternatives
    assert "long" == group.closest
    assert group.option("short").unresolved > group.option("long").unresolved
    days = ground.issue("days")
    assert GroundStatus.OVERLAP == days.status
    assert NumericStance(min=40, max=50) == days.zone
    assert [("short", GroundStatus.GAP), ("long", GroundStatus.OVERLAP)] == [
        (f.option, f.status) for f in days.fares
    ]


def test_an_issue_only_a_set_aside_option_addresses_is_other_option() -> None:
    """The option not taken states the note's issue too: listed, with how each option fares."""
    short = Option(
        id="short",
        positions=(
            Position(issue="days", stance=NumericStance(max=5)),
            Position(issue="truce", stance=yes_no(False)),
        ),
    )
    long = Option(id="long", positions=(Position(issue="days", stance=NumericStance(min=40)),))
    offering = Memorandum(
        party="a", alternatives=(AlternativeGroup(id="span", options=(short, long)),)
    )
    b = memo("b", days=NumericStance(min=30))
    ground = negpos.common_ground([offering, b], AGENDA)
    truce = ground.issue("truce")
    assert GroundStatus.OTHER_OPTION == truce.status
    assert [("short", GroundStatus.PARTIAL), ("long", None)] == [
        (f.option, f.status) for f in truce.fares
    ]
    assert 0 == ground.summary.count("partial")


# --- the bundled dataset: November 2025 -------------------------------------------------------

NEG = negpos.bundled()


def test_november_2025_four_parties() -> None:
    """At Russia's response, on NATO the four split into ru with us and ua with e3."""
    ground = NEG.common(["ru", "ua", "us", "e3"], round_id="russia-response")
    assert ("ru", "ua", "us", "e3") == ground.parties
    nato = ground.issue("security.nato")
    assert GroundStatus.GAP == nato.status
    assert (("ru", "us"), ("ua", "e3")) == nato.largest
    baseline = ground.issue("territory.baseline")
    assert (("ua", "e3"),) == baseline.largest
    assert ("ru", "us") == baseline.blockers
    assert 0 == ground.summary.count("overlap") + ground.summary.count("identical")
    assert ("e3",) == ground.issue("security.non_nuclear").silent


def test_default_parties_and_round() -> None:
    """Left out: every party holding positions at the last round."""
    ground = NEG.common()
    assert NEG.rounds[-1].id == ground.round
    assert ("ru", "ua", "us", "e3", "coalition", "eu") == ground.parties


def test_two_parties_index_equals_the_pairwise_compatibility() -> None:
    """For ru and ua in June 2025 the common-ground index is the compatibility index."""
    ground = NEG.common(["ru", "ua"], round_id="istanbul-2")
    pair = NEG.compare("ru", "ua", round_id="istanbul-2")
    assert pair.summary.compatibility == pytest.approx(ground.summary.index, abs=1e-12)
    assert pair.summary.count("gap") == ground.summary.count("gap")
    assert pair.summary.count("settled") == ground.summary.count("settled") == 3
    assert [g.closest for g in pair.alternatives] == [g.closest for g in ground.alternatives]


def test_an_outcome_two_of_three_agreed_settles_nothing_among_three() -> None:
    """At Geneva the US and Ukraine agreed on prisoners; with Russia too, nothing is settled."""
    pair = NEG.common(["ua", "us"], round_id="geneva")
    assert GroundStatus.SETTLED == pair.issue("humanitarian.prisoners").status
    three = NEG.common(["ru", "ua", "us"], round_id="geneva")
    assert GroundStatus.SETTLED is not three.issue("humanitarian.prisoners").status


def test_negotiation_errors() -> None:
    """One party, a party twice, text for a list, unknown party or round."""
    with pytest.raises(negpos.UsageError, match="at least 2"):
        NEG.common(["ru"])
    with pytest.raises(negpos.UsageError, match="twice"):
        NEG.common(["ru", "ru"])
    with pytest.raises(negpos.UsageError, match="list of party ids"):
        NEG.common("ru")
    with pytest.raises(negpos.NotFoundError, match="no party 'xx'"):
        NEG.common(["ru", "xx"])
    with pytest.raises(negpos.NotFoundError, match="no round 'nope'"):
        NEG.common(["ru", "ua"], round_id="nope")


# --- laws -------------------------------------------------------------------------------------


def _agenda_and_memos(
    low: int, high: int
) -> st.SearchStrategy[tuple[tuple[Issue, ...], list[Memorandum]]]:
    return nst.agendas(1, 5).flatmap(
        lambda agenda: st.tuples(
            st.just(agenda),
            st.integers(low, high).flatmap(
                lambda n: st.tuples(*(nst.memoranda(agenda, f"p{k}") for k in range(n))).map(list)
            ),
        )
    )


@given(_agenda_and_memos(2, 4))
def test_the_n_way_zone_lies_inside_every_party_set(
    case: tuple[tuple[Issue, ...], list[Memorandum]],
) -> None:
    """Every zone is accepted by every party; groups and blockers split the addressing parties."""
    agenda, memos = case
    ground = negpos.common_ground(memos, agenda)
    for row in ground.rows:
        if row.zone is not None:
            for p in row.positions:
                assert p is not None
                assert contains(row.issue, p.stance, row.zone)
        if row.addressing and row.status not in (GroundStatus.UNCOMPARABLE, GroundStatus.SETTLED):
            assert row.largest
            inside = {party for group in row.largest for party in group}
            assert set(row.addressing) == inside | set(row.blockers)
    assert ground.summary.index is None or 0.0 <= ground.summary.index <= 1.0


@given(_agenda_and_memos(2, 2))
def test_for_two_parties_the_zone_is_the_pairwise_zone(
    case: tuple[tuple[Issue, ...], list[Memorandum]],
) -> None:
    """Two parties: the n-way zone is the comparison's zone, the index its compatibility."""
    agenda, (a, b) = case
    ground = negpos.common_ground([a, b], agenda)
    pair = negpos.compare(a, b, agenda)
    for row in pair.rows:
        mine = ground.issue(row.issue.id)
        assert row.zone == mine.zone
        assert row.magnitude == mine.magnitude or mine.status is GroundStatus.PARTIAL
    if pair.summary.compatibility is None:
        assert ground.summary.index is None
    else:
        assert ground.summary.index == pytest.approx(pair.summary.compatibility, abs=1e-9)


def _main_only(memo: Memorandum) -> Memorandum:
    return memo.model_copy(update={"alternatives": ()})


@given(_agenda_and_memos(2, 3), st.data())
def test_adding_a_party_never_widens_the_zone(
    case: tuple[tuple[Issue, ...], list[Memorandum]], data: st.DataObject
) -> None:
    """With one more party, every zone lies inside the zone without it.

    On main positions: with alternatives, a new party can change which option another
    party is read with, and so widen what that party accepts.
    """
    agenda, memos = case
    memos = [_main_only(m) for m in memos]
    extra = _main_only(data.draw(nst.memoranda(agenda, "extra")))
    before = negpos.common_ground(memos, agenda)
    after = negpos.common_ground([*memos, extra], agenda)
    for row in after.rows:
        if row.zone is None:
            continue
        old = before.issue(row.issue.id)
        assert old.zone is not None
        assert contains(row.issue, old.zone, row.zone)


# --- laws with outcomes, conditions and alternatives --------------------------------------------

Case = tuple[tuple[Issue, ...], list[Memorandum], list[Outcome]]


def _conditioned(agenda: tuple[Issue, ...], position: Position) -> st.SearchStrategy[Position]:
    targets = [i for i in agenda if i.id != position.issue and i.kind.value != "text"]
    if not targets:
        return st.just(position)
    condition = st.sampled_from(targets).flatmap(
        lambda issue: nst.stances(issue).map(
            lambda s: Condition(issue=issue.id, stance=cast(Any, s))
        )
    )
    return st.one_of(
        st.just(position),
        condition.map(lambda c: position.model_copy(update={"conditions": (c,)})),
    )


def _with_conditions(agenda: tuple[Issue, ...], memo: Memorandum) -> st.SearchStrategy[Memorandum]:
    def positions(ps: tuple[Position, ...]) -> st.SearchStrategy[tuple[Position, ...]]:
        return st.tuples(*(_conditioned(agenda, p) for p in ps))

    def group(g: AlternativeGroup) -> st.SearchStrategy[AlternativeGroup]:
        def build(ops: tuple[tuple[Position, ...], ...]) -> AlternativeGroup:
            options = tuple(
                o.model_copy(update={"positions": p}) for o, p in zip(g.options, ops, strict=True)
            )
            return g.model_copy(update={"options": options})

        return st.tuples(*(positions(o.positions) for o in g.options)).map(build)

    def groups() -> st.SearchStrategy[tuple[AlternativeGroup, ...]]:
        return st.tuples(*(group(g) for g in memo.alternatives))

    return st.tuples(positions(memo.positions), groups()).map(
        lambda t: memo.model_copy(update={"positions": t[0], "alternatives": t[1]})
    )


def _outcomes(agenda: tuple[Issue, ...], parties: list[str]) -> st.SearchStrategy[list[Outcome]]:
    def on(issue: Issue) -> st.SearchStrategy[Outcome]:
        return st.builds(
            Outcome,
            summary=st.just("agreed"),
            issue=st.just(issue.id),
            stance=nst.stances(issue),
            parties=st.lists(st.sampled_from(parties), unique=True).map(tuple),
        )

    return st.lists(st.sampled_from(agenda).flatmap(on), max_size=3)


def _rich_cases(low: int, high: int) -> st.SearchStrategy[Case]:
    """An agenda, memoranda with conditions and alternatives, and outcomes agreed."""

    def build(agenda: tuple[Issue, ...]) -> Any:
        return (
            st.integers(low, high)
            .flatmap(
                lambda n: st.tuples(
                    *(
                        nst.memoranda(agenda, f"p{k}").flatmap(
                            lambda m: _with_conditions(agenda, m)
                        )
                        for k in range(n)
                    )
                ).map(list)
            )
            .flatmap(
                lambda memos: st.tuples(
                    st.just(agenda), st.just(memos), _outcomes(agenda, [m.party for m in memos])
                )
            )
        )

    return nst.agendas(1, 5).flatmap(build)


_PAIRWISE = {
    negpos.Status.SETTLED: GroundStatus.SETTLED,
    negpos.Status.IDENTICAL: GroundStatus.IDENTICAL,
    negpos.Status.SAME_PREFERENCE: GroundStatus.OVERLAP,
    negpos.Status.OVERLAP: GroundStatus.OVERLAP,
    negpos.Status.CONDITIONAL: GroundStatus.CONDITIONAL,
    negpos.Status.GAP: GroundStatus.GAP,
    negpos.Status.ONE_SIDED: GroundStatus.PARTIAL,
    negpos.Status.OTHER_OPTION: GroundStatus.OTHER_OPTION,
    negpos.Status.UNCOMPARABLE: GroundStatus.UNCOMPARABLE,
}


@given(_rich_cases(2, 2))
def test_for_two_parties_every_figure_is_the_pairwise_one(case: Case) -> None:
    """Outcomes, conditions, alternatives: two parties' ground is their comparison, mapped."""
    agenda, (a, b), outcomes = case
    ground = negpos.common_ground([a, b], agenda, outcomes=outcomes)
    pair = negpos.compare(a, b, agenda, outcomes=outcomes)
    assert [r.issue.id for r in pair.rows] == [r.issue.id for r in ground.rows]
    for row in pair.rows:
        mine = ground.issue(row.issue.id)
        expected = _PAIRWISE[row.status]
        if row.status is negpos.Status.ONE_SIDED and row.issue.kind.value == "text":
            expected = GroundStatus.UNCOMPARABLE
        assert expected == mine.status
        assert row.zone == mine.zone
        assert row.magnitude == mine.magnitude
        assert row.reneged_by == mine.reneged_by
        assert row.unmet_conditions == mine.unmet_conditions
    if pair.summary.compatibility is None:
        assert ground.summary.index is None
    else:
        assert ground.summary.index == pytest.approx(pair.summary.compatibility, abs=1e-12)
    assert pair.summary.unresolved == ground.summary.unresolved
    assert [g.closest for g in pair.alternatives] == [g.closest for g in ground.alternatives]


@given(_rich_cases(2, 4))
def test_an_issue_settled_by_all_is_never_a_gap(case: Case) -> None:
    """An outcome every party agreed settles its issue: a row, settled, with the outcome."""
    agenda, memos, outcomes = case
    ground = negpos.common_ground(memos, agenda, outcomes=outcomes)
    parties = {m.party for m in memos}
    last: dict[str, Outcome] = {}
    for outcome in outcomes:
        if outcome.issue is not None and (not outcome.parties or parties <= set(outcome.parties)):
            last[outcome.issue] = outcome
    for issue_id, outcome in last.items():
        row = ground.issue(issue_id)
        assert GroundStatus.SETTLED == row.status
        assert 0.0 == row.magnitude
        assert outcome.stance == row.zone
    for row in ground.rows:
        if row.status is GroundStatus.SETTLED:
            assert row.issue.id in last


def _unconditional(memo: Memorandum) -> Memorandum:
    return memo.model_copy(
        update={"positions": tuple(p.model_copy(update={"conditions": ()}) for p in memo.positions)}
    )


@given(_rich_cases(2, 4))
def test_an_unmet_condition_never_raises_the_index(case: Case) -> None:
    """On main positions, the index with conditions is at most the index without them.

    A conditional issue leaves the index, and every issue it could have counted as is
    compatible (1 - 0), so taking it out never raises a weighted mean of figures at most 1.
    """
    agenda, memos, outcomes = case
    memos = [_main_only(m) for m in memos]
    bound = negpos.common_ground(memos, agenda, outcomes=outcomes)
    free = negpos.common_ground([_unconditional(m) for m in memos], agenda, outcomes=outcomes)
    for row in bound.rows:
        other = free.issue(row.issue.id)
        if row.status is GroundStatus.CONDITIONAL:
            assert other.status in (GroundStatus.IDENTICAL, GroundStatus.OVERLAP)
            assert row.zone == other.zone
        else:
            assert row.status == other.status
    if bound.summary.index is not None:
        assert free.summary.index is not None
        assert bound.summary.index <= free.summary.index + 1e-12


@given(_rich_cases(2, 3), st.data())
def test_adding_an_option_never_hides_an_issue(case: Case, data: st.DataObject) -> None:
    """A party that offers one more option still shows every issue it showed before."""
    agenda, memos, outcomes = case
    before = negpos.common_ground(memos, agenda, outcomes=outcomes)
    k = data.draw(st.integers(0, len(memos) - 1))
    chosen = data.draw(st.lists(st.sampled_from(agenda), min_size=1, unique_by=lambda i: i.id))
    positions = data.draw(st.tuples(*(nst.positions(issue, agenda) for issue in chosen)))
    extra = Option(id="extra-option", positions=positions)
    memo_k = memos[k]
    grow = data.draw(st.booleans())
    groups: tuple[AlternativeGroup, ...]
    if memo_k.alternatives and grow:
        first, *rest = memo_k.alternatives
        grown = first.model_copy(update={"options": (*first.options, extra)})
        groups = (grown, *rest)
    else:
        stay = Option(id="stay", positions=positions)
        groups = (*memo_k.alternatives, AlternativeGroup(id="extra-group", options=(stay, extra)))
    memos[k] = memo_k.model_copy(update={"alternatives": groups})
    after = negpos.common_ground(memos, agenda, outcomes=outcomes)
    shown = {row.issue.id for row in after.rows}
    assert {row.issue.id for row in before.rows} <= shown
