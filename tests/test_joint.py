"""Per-kind rules for many stances: joint zones and gaps, largest groups, separation and lean."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negpos import (
    BooleanIssue,
    BooleanStance,
    CategoricalIssue,
    CategoricalStance,
    Distance,
    Element,
    Issue,
    Kind,
    NumericIssue,
    NumericStance,
    OrdinalIssue,
    OrdinalStance,
    SequenceIssue,
    SequenceStance,
    SetIssue,
    SetStance,
    Stance,
    TextIssue,
    TextStance,
)
from negpos import strategies as nst
from negpos._analysis.joint import (
    joint_magnitude,
    joint_zone,
    largest_compatible,
    lean,
    lies_inside,
    separation,
)
from negpos._analysis.kinds import contains, magnitude, zone

COMPARABLE = [k for k in Kind if k is not Kind.TEXT]


def els(*ids: str) -> tuple[Element, ...]:
    """Domain elements with these ids."""
    return tuple(Element(id=i) for i in ids)


LEVELS = OrdinalIssue(id="nato", title="NATO", levels=els("never", "deferred", "open", "member"))
DAYS = NumericIssue(id="days", title="Days", unit="days", bounds=(0, 100))
REGIONS = SetIssue(
    id="regions",
    title="Regions",
    items=(Element(id="c"), Element(id="d", weight=2.0), Element(id="l")),
)
STEPS = SequenceIssue(id="order", title="Order", steps=els("truce", "talks", "vote"))
MONITORS = CategoricalIssue(
    id="monitors",
    title="Monitors",
    options=els("un", "osce", "none"),
    distances=(Distance(between=("un", "osce"), value=0.25),),
)


def days(low: float | None, high: float | None) -> NumericStance:
    """A numeric stance on DAYS."""
    return NumericStance(min=low, max=high)


def levels(low: str, high: str) -> OrdinalStance:
    """An ordinal stance on LEVELS."""
    return OrdinalStance(lowest=low, highest=high)


# --- worked examples ------------------------------------------------------------------------


def test_joint_zone_of_three_intervals_is_their_common_part() -> None:
    """Three numeric stances share the interval between the highest low and the lowest high."""
    found = joint_zone(DAYS, [days(10, None), days(None, 60), days(30, 90)])
    assert days(30, 60) == found


def test_joint_zone_is_none_when_one_stance_leaves() -> None:
    """A third stance disjoint from the zone of the first two leaves no joint zone."""
    assert None is joint_zone(DAYS, [days(10, 50), days(20, 60), days(70, 80)])


def test_joint_magnitude_is_the_spread_between_the_ends() -> None:
    """On an ordinal issue the joint gap is the steps from the lowest top to the highest bottom."""
    stances = [
        levels("never", "deferred"),
        levels("deferred", "member"),
        levels("member", "member"),
    ]
    assert 2 / 3 == joint_magnitude(LEVELS, stances)


def test_joint_magnitude_of_a_categorical_issue_uses_stated_distances() -> None:
    """Three parties on three options, un and osce 0.25 apart: the best meeting point is 0.25 away."""
    one = [CategoricalStance(accepts=(o,)) for o in ("un", "osce")]
    assert 0.25 == joint_magnitude(MONITORS, one)
    three = [*one, CategoricalStance(accepts=("none",))]
    assert 1.0 == joint_magnitude(MONITORS, three)


def test_pairwise_compatible_choices_may_share_nothing() -> None:
    """{a,b}, {b,c}, {a,c} meet pairwise but have no common option: a joint gap, three pairs."""
    issue = CategoricalIssue(id="x", title="X", options=els("a", "b", "c"))
    stances = [CategoricalStance(accepts=pair) for pair in (("a", "b"), ("b", "c"), ("a", "c"))]
    assert 1.0 == joint_magnitude(issue, stances)
    assert ((0, 1), (0, 2), (1, 2)) == largest_compatible(issue, stances)


def test_largest_groups_of_intervals() -> None:
    """Intervals: the largest groups are those meeting at one point; touching ends meet."""
    stances = [days(0, 10), days(10, 20), days(5, 15), days(30, 40), days(35, 50)]
    assert ((0, 1, 2),) == largest_compatible(DAYS, stances)


def test_largest_groups_on_a_set_issue_avoid_every_clash() -> None:
    """A set issue: the largest groups with no item required by one and forbidden by another."""
    stances = [
        SetStance(requires=("c",)),
        SetStance(forbids=("c",)),
        SetStance(requires=("d",)),
        SetStance(forbids=("d", "c")),
    ]
    # Clashes: 0-1 and 0-3 over c, 2-3 over d.
    assert ((0, 2), (1, 2), (1, 3)) == largest_compatible(REGIONS, stances)


def test_a_cycle_of_three_sequence_stances_leaves_groups_of_two() -> None:
    """truce<talks, talks<vote, vote<truce: every two agree, the three do not."""
    stances = [
        SequenceStance(precedes=(("truce", "talks"),)),
        SequenceStance(precedes=(("talks", "vote"),)),
        SequenceStance(precedes=(("vote", "truce"),)),
    ]
    assert 1.0 == joint_magnitude(STEPS, stances)
    assert ((0, 1), (0, 2), (1, 2)) == largest_compatible(STEPS, stances)
    assert None is joint_zone(STEPS, stances)


def test_separation_per_kind() -> None:
    """Hand-worked separations: Jaccard, mean end distances, item states."""
    yes, both = BooleanStance(accepts=(True,)), BooleanStance(accepts=(True, False))
    assert 0.5 == separation(BooleanIssue(id="b", title="B"), yes, both)
    # Upper ends two steps apart of three, lower ends equal: (0 + 2) / (2 x 3).
    assert 1 / 3 == separation(LEVELS, levels("never", "deferred"), levels("never", "member"))
    assert 0.25 == separation(DAYS, days(0, 50), days(None, 100))
    # c: required vs open (1/2 x 1); d: required vs forbidden (1 x 2); total weight 4.
    assert 2.5 / 4 == separation(REGIONS, SetStance(requires=("c", "d")), SetStance(forbids=("d",)))
    one = SequenceStance(precedes=(("truce", "talks"),))
    two = SequenceStance(precedes=(("truce", "talks"), ("talks", "vote")))
    assert 0.5 == separation(STEPS, one, two)


def test_lean_is_signed_between_the_two_sides() -> None:
    """+1 at the side leaned toward, -1 at the other, 0 halfway, None when the sides agree."""
    a, b = days(0, 20), days(0, 100)
    assert 1.0 == lean(DAYS, a, a, b)
    assert -1.0 == lean(DAYS, b, a, b)
    assert 0.0 == lean(DAYS, days(0, 60), a, b)
    assert None is lean(DAYS, days(0, 60), a, a)


def test_lies_inside_reads_in_order() -> None:
    """``lies_inside(inner, outer)`` is ``contains(outer, inner)``."""
    assert lies_inside(DAYS, days(20, 30), days(10, None))
    assert not lies_inside(DAYS, days(10, None), days(20, 30))


def test_text_issues_and_empty_lists_are_refused() -> None:
    """Text issues raise ValueError in every helper; joint rules need a stance."""
    text = TextIssue(id="t", title="T")
    s = TextStance(statement="words")
    for call in (
        lambda: joint_zone(text, [s]),
        lambda: joint_magnitude(text, [s]),
        lambda: largest_compatible(text, [s]),
        lambda: separation(text, s, s),
    ):
        with pytest.raises(ValueError, match="text issue"):
            call()
    with pytest.raises(ValueError, match="at least one"):
        joint_zone(DAYS, [])
    with pytest.raises(ValueError, match="at least one"):
        joint_magnitude(DAYS, [])
    assert () == largest_compatible(DAYS, [])


# --- an independent oracle: the outcomes each stance accepts --------------------------------


def outcomes(issue: Issue) -> list[object]:
    """Every outcome of a finite issue, or grid points of a numeric one."""
    if isinstance(issue, BooleanIssue):
        return [True, False]
    if isinstance(issue, CategoricalIssue | OrdinalIssue):
        return [e.id for e in issue.elements()]
    if isinstance(issue, NumericIssue):
        low, high = issue.bounds
        return [low + (high - low) * k / 1000 for k in range(1001)]
    if isinstance(issue, SetIssue):
        ids = [e.id for e in issue.items]
        return [frozenset(c) for r in range(len(ids) + 1) for c in itertools.combinations(ids, r)]
    assert isinstance(issue, SequenceIssue)
    return list(itertools.permutations([e.id for e in issue.steps]))


def accepts(issue: Issue, stance: Stance, outcome: object) -> bool:
    """Whether ``stance`` accepts ``outcome``, read from the stance's definition."""
    if isinstance(stance, BooleanStance | CategoricalStance):
        return outcome in stance.accepts
    if isinstance(stance, OrdinalStance):
        assert isinstance(issue, OrdinalIssue)
        assert isinstance(outcome, str)
        return issue.rank(stance.lowest) <= issue.rank(outcome) <= issue.rank(stance.highest)
    if isinstance(stance, NumericStance):
        assert isinstance(outcome, float)
        return (stance.min is None or stance.min <= outcome) and (
            stance.max is None or outcome <= stance.max
        )
    if isinstance(stance, SetStance):
        assert isinstance(outcome, frozenset)
        return outcome.issuperset(stance.requires) and outcome.isdisjoint(stance.forbids)
    assert isinstance(stance, SequenceStance)
    assert isinstance(outcome, tuple)
    return all(outcome.index(x) < outcome.index(y) for x, y in stance.precedes)


def accepted(issue: Issue, stance: Stance) -> frozenset[object]:
    """The outcomes ``stance`` accepts."""
    return frozenset(o for o in outcomes(issue) if accepts(issue, stance, o))


def issue_with_many(low: int, high: int) -> st.SearchStrategy[tuple[Issue, list[Stance]]]:
    """A comparable issue and between ``low`` and ``high`` stances on it."""
    return nst.issues(COMPARABLE).flatmap(
        lambda issue: st.tuples(
            st.just(issue), st.lists(nst.stances(issue), min_size=low, max_size=high)
        )
    )


# --- laws -----------------------------------------------------------------------------------


@given(issue_with_many(1, 4))
def test_joint_zone_accepts_exactly_what_every_stance_accepts(
    case: tuple[Issue, list[Stance]],
) -> None:
    """The joint zone's outcomes are the intersection; the joint gap is 0 exactly then."""
    issue, stances = case
    common = frozenset.intersection(*(accepted(issue, s) for s in stances))
    found = joint_zone(issue, stances)
    assert common == (frozenset() if found is None else accepted(issue, found))
    assert (found is not None) == (joint_magnitude(issue, stances) == 0.0)
    assert 0.0 <= joint_magnitude(issue, stances) <= 1.0


@given(issue_with_many(2, 2))
def test_for_two_stances_the_joint_rules_are_the_pairwise_ones(
    case: tuple[Issue, list[Stance]],
) -> None:
    """Two stances: joint zone is the zone, joint gap is the magnitude."""
    issue, (a, b) = case
    assert zone(issue, a, b) == joint_zone(issue, [a, b])
    assert magnitude(issue, a, b) == joint_magnitude(issue, [a, b])


@given(issue_with_many(1, 4), st.data())
def test_adding_a_stance_never_widens_the_joint_zone(
    case: tuple[Issue, list[Stance]], data: st.DataObject
) -> None:
    """The joint zone of more stances lies inside the joint zone of fewer."""
    issue, stances = case
    more = data.draw(nst.stances(issue))
    before = joint_zone(issue, stances)
    after = joint_zone(issue, [*stances, more])
    if after is not None:
        assert before is not None
        assert contains(issue, before, after)
    assert joint_magnitude(issue, stances) <= joint_magnitude(issue, [*stances, more])


@given(issue_with_many(1, 5))
def test_largest_groups_share_an_outcome_and_none_is_larger(
    case: tuple[Issue, list[Stance]],
) -> None:
    """Every group returned shares an outcome, all have the size of the largest such group."""
    issue, stances = case
    sets = [accepted(issue, s) for s in stances]

    def shares(group: tuple[int, ...]) -> bool:
        return bool(frozenset.intersection(*(sets[k] for k in group)))

    n = len(stances)
    best = max(
        size
        for size in range(1, n + 1)
        for g in itertools.combinations(range(n), size)
        if shares(g)
    )
    expected = tuple(g for g in itertools.combinations(range(n), best) if shares(g))
    assert expected == largest_compatible(issue, stances)


@given(issue_with_many(3, 3))
def test_separation_is_a_metric(case: tuple[Issue, list[Stance]]) -> None:
    """Separation: in [0, 1], 0 for a stance with itself, symmetric, triangle inequality."""
    issue, (a, b, c) = case
    ab, ba = separation(issue, a, b), separation(issue, b, a)
    assert ab == ba
    assert 0.0 <= ab <= 1.0
    assert 0.0 == separation(issue, a, a)
    assert ab <= separation(issue, a, c) + separation(issue, c, b) + 1e-12
    if accepted(issue, a) != accepted(issue, b) and issue.kind is not Kind.SEQUENCE:
        assert ab > 0.0


@given(issue_with_many(3, 3))
def test_lean_is_one_at_the_side_itself_and_within_range(
    case: tuple[Issue, list[Stance]],
) -> None:
    """A stance equal to ``toward`` leans 1; every lean lies in [-1, 1]."""
    issue, (p, a, b) = case
    found = lean(issue, p, a, b)
    if separation(issue, a, b) == 0.0:
        assert found is None
        return
    assert found is not None
    assert -1.0 <= found <= 1.0
    assert 1.0 == lean(issue, a, a, b)
    assert -1.0 == lean(issue, b, a, b)
