"""Per-kind semantics: compatibility, identity, zones, gap magnitudes and containment."""

from __future__ import annotations

import itertools
import math

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
    Scale,
    SequenceIssue,
    SequenceStance,
    SetIssue,
    SetStance,
    Stance,
    TextIssue,
    TextStance,
)
from negpos import strategies as nst
from negpos._analysis.kinds import (
    assess,
    comparable,
    compatible,
    conflicting_constraints,
    conflicting_items,
    contains,
    identical,
    magnitude,
    merged_order,
    zone,
)

COMPARABLE = [k for k in Kind if k is not Kind.TEXT]


def els(*ids: str) -> tuple[Element, ...]:
    """Domain elements with these ids."""
    return tuple(Element(id=i) for i in ids)


# --- worked examples ------------------------------------------------------------------------

NEUTRAL = BooleanIssue(id="neutral", title="Neutral status")

MONITORS = CategoricalIssue(
    id="ceasefire.monitors",
    title="Who monitors the ceasefire",
    options=els("un", "osce", "none"),
    distances=(Distance(between=("un", "osce"), value=0.25),),
)

AUTONOMY = OrdinalIssue(
    id="autonomy", title="Autonomy", levels=els("none", "cultural", "local", "regional", "full")
)

ARMY = NumericIssue(
    id="army.cap",
    title="Army ceiling",
    unit="personnel",
    bounds=(100_000, 2_000_000),
    scale=Scale.LOG,
)

DAYS = NumericIssue(id="ceasefire.days", title="Duration", unit="days", bounds=(0, 100))

REGIONS = SetIssue(
    id="recognition",
    title="Recognition",
    items=(Element(id="crimea"), Element(id="donetsk", weight=2.0), Element(id="luhansk")),
)

STEPS = SequenceIssue(id="order", title="Order", steps=els("truce", "talks", "vote", "swap"))


def test_boolean_disjoint_answers_are_a_full_gap() -> None:
    """Yes against no is incompatible, with the boolean gap of 1 and no zone."""
    yes, no = BooleanStance(accepts=(True,)), BooleanStance(accepts=(False,))
    assert (False, False, 1.0, ()) == assess(NEUTRAL, yes, no)
    assert zone(NEUTRAL, yes, no) is None


def test_boolean_zone_is_the_common_answer() -> None:
    """Either answer against yes leaves yes as the zone, with the shared preference kept."""
    either = BooleanStance(accepts=(False, True), preferred=True)
    yes = BooleanStance(accepts=(True,), preferred=True)
    assert BooleanStance(accepts=(True,), preferred=True) == zone(NEUTRAL, either, yes)
    assert 0.0 == magnitude(NEUTRAL, either, yes)
    assert not identical(NEUTRAL, either, yes)
    assert identical(NEUTRAL, either, BooleanStance(accepts=(True, False)))


def test_categorical_gap_uses_the_closest_pair_of_options() -> None:
    """UN against OSCE-or-nothing is 0.25 apart: the stated UN-OSCE distance, not 1."""
    un = CategoricalStance(accepts=("un",))
    other = CategoricalStance(accepts=("none", "osce"))
    assert 0.25 == magnitude(MONITORS, un, other)
    assert 1.0 == magnitude(MONITORS, un, CategoricalStance(accepts=("none",)))


def test_categorical_zone_follows_the_issue_order_and_drops_differing_preferences() -> None:
    """The zone lists the common options in the issue's order; different preferences give none."""
    a = CategoricalStance(accepts=("none", "osce", "un"), preferred="un")
    b = CategoricalStance(accepts=("un", "none"), preferred="none")
    assert CategoricalStance(accepts=("un", "none")) == zone(MONITORS, a, b)


def test_ordinal_gap_counts_steps_between_ranges() -> None:
    """none..cultural against regional..full is 2 steps apart out of 4: a gap of 0.5."""
    low = OrdinalStance(lowest="none", highest="cultural")
    high = OrdinalStance(lowest="regional", highest="full")
    assert 0.5 == magnitude(AUTONOMY, low, high)
    assert 0.5 == magnitude(AUTONOMY, high, low)


def test_ordinal_zone_is_the_common_range() -> None:
    """none..local and cultural..full share cultural..local."""
    a = OrdinalStance(lowest="none", highest="local", preferred="cultural")
    b = OrdinalStance(lowest="cultural", highest="full", preferred="cultural")
    expected = OrdinalStance(lowest="cultural", highest="local", preferred="cultural")
    assert expected == zone(AUTONOMY, a, b)


def test_numeric_gap_is_measured_on_a_log_scale() -> None:
    """A cap of 600,000 against a floor of 800,000 on 100k..2M (log) is ln(4/3)/ln(20) apart."""
    cap = NumericStance(max=600_000)
    floor = NumericStance(min=800_000)
    expected = math.log(4 / 3) / math.log(20)
    assert expected == pytest.approx(magnitude(ARMY, cap, floor), rel=1e-12)
    assert 0.0960 == pytest.approx(magnitude(ARMY, floor, cap), abs=1e-4)


def test_numeric_gap_is_measured_on_a_linear_scale() -> None:
    """At most 30 days against at least 50 on a 0..100 linear scale is 0.2 apart."""
    assert 0.2 == pytest.approx(magnitude(DAYS, NumericStance(max=30), NumericStance(min=50)))


def test_numeric_zone_keeps_an_end_open_only_where_both_leave_it_open() -> None:
    """[30, open] and [open, 60] share [30, 60]; [30, open] and [50, open] share [50, open]."""
    assert NumericStance(min=30, max=60) == zone(DAYS, NumericStance(min=30), NumericStance(max=60))
    assert NumericStance(min=50) == zone(DAYS, NumericStance(min=30), NumericStance(min=50))


def test_numeric_open_end_is_identical_to_the_bound() -> None:
    """An open upper end accepts the same outcomes as an upper end at the issue's bound."""
    assert identical(DAYS, NumericStance(min=10), NumericStance(min=10, max=100))


def test_touching_numeric_intervals_are_compatible() -> None:
    """Closed intervals that meet at one value overlap in that value."""
    assert NumericStance(min=30, max=30) == zone(DAYS, NumericStance(max=30), NumericStance(min=30))


def test_set_gap_is_the_weight_of_the_items_in_conflict() -> None:
    """Requiring Donetsk (weight 2) against forbidding it is a gap of 2 out of a total of 4."""
    a = SetStance(requires=("crimea", "donetsk"))
    b = SetStance(forbids=("luhansk", "donetsk"))
    assert (False, False, 0.5, ("donetsk",)) == assess(REGIONS, a, b)
    assert ("donetsk",) == conflicting_items(REGIONS, b, a)


def test_set_zone_joins_requirements_and_prohibitions() -> None:
    """The zone of compatible set stances requires and forbids what either side does."""
    a = SetStance(requires=("luhansk",))
    b = SetStance(requires=("crimea",), forbids=("donetsk",))
    assert SetStance(requires=("crimea", "luhansk"), forbids=("donetsk",)) == zone(REGIONS, a, b)


def test_sequence_cycle_is_a_gap_over_the_pairs_it_leaves_unordered() -> None:
    """A three-step cycle among four steps leaves 3 of the 6 pairs unordered: a gap of 0.5."""
    a = SequenceStance(precedes=(("truce", "talks"), ("talks", "vote")))
    b = SequenceStance(precedes=(("vote", "truce"),))
    expected = (("truce", "talks"), ("talks", "vote"), ("vote", "truce"))
    assert (False, False, 0.5, expected) == assess(STEPS, a, b)
    assert expected == conflicting_constraints(STEPS, b, a)


def test_sequence_gap_does_not_grow_when_a_constraint_outside_the_cycle_is_dropped() -> None:
    """Dropping truce-before-swap, which lies on no cycle, leaves the gap at 0.5.

    Counting the share of constraints on a cycle would have gone from 3/4 to 3/3 here.
    """
    b = SequenceStance(precedes=(("vote", "truce"),))
    wide = SequenceStance(precedes=(("truce", "talks"), ("talks", "vote")))
    narrow = SequenceStance(precedes=(*wide.precedes, ("truce", "swap")))
    assert magnitude(STEPS, narrow, b) == magnitude(STEPS, wide, b)
    assert ("truce", "swap") not in conflicting_constraints(STEPS, narrow, b)


def test_sequence_identity_compares_transitive_closures() -> None:
    """Stating the implied truce-before-vote constraint changes nothing about the outcomes."""
    short = SequenceStance(precedes=(("truce", "talks"), ("talks", "vote")))
    spelled = SequenceStance(precedes=(*short.precedes, ("truce", "vote")))
    assert identical(STEPS, short, spelled)
    assert contains(STEPS, short, spelled)
    assert contains(STEPS, spelled, short)
    assert not identical(STEPS, short, SequenceStance(precedes=(("truce", "talks"),)))


def test_sequence_zone_and_merged_order() -> None:
    """The zone joins both sides' constraints; its merged order breaks ties by the issue's order."""
    a = SequenceStance(precedes=(("vote", "talks"),))
    b = SequenceStance(precedes=(("swap", "truce"),))
    both = zone(STEPS, a, b)
    assert SequenceStance(precedes=(("vote", "talks"), ("swap", "truce"))) == both
    assert both is not None
    assert ("vote", "talks", "swap", "truce") == merged_order(STEPS, both)
    assert ("truce", "talks", "vote", "swap") == merged_order(STEPS, SequenceStance())


def test_containment_per_kind() -> None:
    """Wider stances contain narrower ones and not the reverse, kind by kind."""
    cases: list[tuple[Issue, Stance, Stance]] = [
        (NEUTRAL, BooleanStance(accepts=(True, False)), BooleanStance(accepts=(False,))),
        (MONITORS, CategoricalStance(accepts=("un", "osce")), CategoricalStance(accepts=("un",))),
        (
            AUTONOMY,
            OrdinalStance(lowest="none", highest="local"),
            OrdinalStance(lowest="cultural", highest="local"),
        ),
        (ARMY, NumericStance(max=800_000), NumericStance(min=200_000, max=600_000)),
        (REGIONS, SetStance(requires=("crimea",)), SetStance(requires=("crimea", "luhansk"))),
        (STEPS, SequenceStance(), SequenceStance(precedes=(("truce", "vote"),))),
    ]
    for issue, wide, narrow in cases:
        assert (True, False) == (contains(issue, wide, narrow), contains(issue, narrow, wide))


def test_text_issues_are_refused() -> None:
    """Text stances are never compared: every function refuses them by name."""
    preamble = TextIssue(id="preamble", title="Preamble")
    words = TextStance(statement="peace")
    assert not comparable(preamble)
    for fn in (compatible, identical, magnitude, zone, contains, conflicting_items):
        with pytest.raises(ValueError, match="'preamble' is a text issue"):
            fn(preamble, words, words)


def test_merged_order_refuses_other_kinds() -> None:
    """A merged order exists only for sequence issues."""
    with pytest.raises(ValueError, match="needs a sequence issue"):
        merged_order(NEUTRAL, BooleanStance(accepts=(True,)))


# --- an independent oracle: enumerate the outcomes each stance accepts -------------------------

Outcome = object


def outcomes(issue: Issue) -> list[Outcome]:
    """Every possible outcome of a finite issue, or grid points of a numeric one."""
    if isinstance(issue, BooleanIssue):
        return [True, False]
    if isinstance(issue, CategoricalIssue | OrdinalIssue):
        return [e.id for e in issue.elements()]
    if isinstance(issue, NumericIssue):
        low, high = issue.bounds
        # The numeric strategy puts every bound on this grid, computed the same way.
        return [low + (high - low) * k / 1000 for k in range(1001)]
    if isinstance(issue, SetIssue):
        ids = [e.id for e in issue.items]
        return [frozenset(c) for r in range(len(ids) + 1) for c in itertools.combinations(ids, r)]
    assert isinstance(issue, SequenceIssue)
    return list(itertools.permutations([e.id for e in issue.steps]))


def accepts(issue: Issue, stance: Stance, outcome: Outcome) -> bool:
    """Whether ``stance`` accepts ``outcome``, read straight from the stance's definition."""
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


def accepted(issue: Issue, stance: Stance) -> frozenset[Outcome]:
    """The outcomes ``stance`` accepts."""
    return frozenset(o for o in outcomes(issue) if accepts(issue, stance, o))


def issue_with(n: int) -> st.SearchStrategy[tuple[Issue, tuple[Stance, ...]]]:
    """A comparable issue and ``n`` stances on it."""
    return nst.issues(COMPARABLE).flatmap(
        lambda issue: st.tuples(st.just(issue), st.tuples(*[nst.stances(issue)] * n))
    )


@given(issue_with(2))
def test_compatibility_identity_and_zone_match_the_outcomes_accepted(
    case: tuple[Issue, tuple[Stance, ...]],
) -> None:
    """Compatible, identical and the zone agree with intersecting the accepted outcomes."""
    issue, (a, b) = case
    mine, theirs = accepted(issue, a), accepted(issue, b)
    assert bool(mine & theirs) == compatible(issue, a, b)
    assert (mine == theirs) == identical(issue, a, b)
    both = zone(issue, a, b)
    assert (mine & theirs) == (frozenset() if both is None else accepted(issue, both))


@given(issue_with(2))
def test_containment_matches_the_outcomes_accepted(
    case: tuple[Issue, tuple[Stance, ...]],
) -> None:
    """``contains(outer, inner)`` holds exactly when inner's outcomes are a subset of outer's."""
    issue, (a, b) = case
    assert (accepted(issue, b) <= accepted(issue, a)) == contains(issue, a, b)


# --- laws -----------------------------------------------------------------------------------


@given(issue_with(2))
def test_every_answer_is_symmetric(case: tuple[Issue, tuple[Stance, ...]]) -> None:
    """Swapping the two sides changes no answer: compatibility, gap, zone or conflicts."""
    issue, (a, b) = case
    assert assess(issue, a, b) == assess(issue, b, a)
    assert zone(issue, a, b) == zone(issue, b, a)


@given(issue_with(1))
def test_a_stance_agrees_with_itself(case: tuple[Issue, tuple[Stance, ...]]) -> None:
    """A stance is identical to itself, contains itself, and is its own zone's equal."""
    issue, (a,) = case
    assert (True, True, 0.0, ()) == assess(issue, a, a)
    assert contains(issue, a, a)
    both = zone(issue, a, a)
    assert both is not None
    assert identical(issue, a, both)


@given(issue_with(2))
def test_magnitude_is_in_range_and_zero_exactly_when_compatible(
    case: tuple[Issue, tuple[Stance, ...]],
) -> None:
    """The gap lies in [0, 1] and is 0 exactly for compatible stances."""
    issue, (a, b) = case
    gap = magnitude(issue, a, b)
    assert 0.0 <= gap <= 1.0
    assert compatible(issue, a, b) == (gap == 0.0)


@given(issue_with(2))
def test_zone_lies_inside_both_stances(case: tuple[Issue, tuple[Stance, ...]]) -> None:
    """Both sides accept every outcome of the zone."""
    issue, (a, b) = case
    both = zone(issue, a, b)
    if both is not None:
        assert (True, True) == (contains(issue, a, both), contains(issue, b, both))
        assert [] == both.problems(issue)


def widened(issue: Issue, stance: Stance, data: st.DataObject) -> Stance:
    """A stance accepting everything ``stance`` accepts and perhaps more."""
    if isinstance(stance, BooleanStance):
        more = data.draw(st.lists(st.booleans(), unique=True))
        return BooleanStance(accepts=tuple(dict.fromkeys((*stance.accepts, *more))))
    if isinstance(stance, CategoricalStance):
        ids = [e.id for e in issue.elements()]
        extra = data.draw(st.lists(st.sampled_from(ids), unique=True))
        return CategoricalStance(accepts=tuple(dict.fromkeys((*stance.accepts, *extra))))
    if isinstance(stance, OrdinalStance):
        assert isinstance(issue, OrdinalIssue)
        low, high = issue.rank(stance.lowest), issue.rank(stance.highest)
        lowest = data.draw(st.integers(0, low))
        highest = data.draw(st.integers(high, len(issue.levels) - 1))
        return OrdinalStance(lowest=issue.levels[lowest].id, highest=issue.levels[highest].id)
    if isinstance(stance, NumericStance):
        assert isinstance(issue, NumericIssue)
        bottom, top = issue.bounds
        start: float | None = stance.min
        if start is not None:
            start = data.draw(st.none() | st.floats(bottom, start))
        end: float | None = stance.max
        if end is not None:
            end = data.draw(st.none() | st.floats(end, top))
        return NumericStance(min=start, max=end)
    if isinstance(stance, SetStance):
        return SetStance(
            requires=tuple(i for i in stance.requires if data.draw(st.booleans())),
            forbids=tuple(i for i in stance.forbids if data.draw(st.booleans())),
        )
    assert isinstance(stance, SequenceStance)
    return SequenceStance(precedes=tuple(c for c in stance.precedes if data.draw(st.booleans())))


@given(issue_with(2), st.data())
def test_widening_one_side_never_increases_the_gap(
    case: tuple[Issue, tuple[Stance, ...]], data: st.DataObject
) -> None:
    """A side that comes to accept more outcomes never ends up further from the other side."""
    issue, (a, b) = case
    wider = widened(issue, a, data)
    assert contains(issue, wider, a)
    assert magnitude(issue, wider, b) <= magnitude(issue, a, b)
    if compatible(issue, a, b):
        assert compatible(issue, wider, b)


@given(issue_with(3))
def test_containment_is_transitive(case: tuple[Issue, tuple[Stance, ...]]) -> None:
    """If a contains b and b contains c, then a contains c."""
    issue, (a, b, c) = case
    if contains(issue, a, b) and contains(issue, b, c):
        assert contains(issue, a, c)


@given(nst.issues([Kind.SEQUENCE]).flatmap(lambda i: st.tuples(st.just(i), nst.stances(i))))
def test_merged_order_respects_every_constraint(case: tuple[Issue, Stance]) -> None:
    """The merged order lists every step once and honours every constraint of the stance."""
    issue, stance = case
    order = merged_order(issue, stance)
    assert sorted(e.id for e in issue.elements()) == sorted(order)
    assert accepts(issue, stance, order)


def test_magnitude_of_nearly_touching_intervals_stays_positive() -> None:
    """Intervals one float apart are incompatible, so their gap is positive however small."""
    wide = NumericIssue(id="x", title="X", unit="u", bounds=(1.0, 1e301), scale=Scale.LOG)
    below = NumericStance(max=1e300)
    above = NumericStance(min=math.nextafter(1e300, 1e301))
    # On the log scale both ends round to the same position: the raw difference is 0.
    assert wide.position(below.max or 0) == wide.position(above.min or 0)
    assert not compatible(wide, below, above)
    assert 0.0 < magnitude(wide, below, above)


# --- numbers at the edges of the float range --------------------------------------------------


def test_numeric_gap_near_the_float_range_is_exact() -> None:
    """On bounds [-1e308, 1e308], at most -5e307 against at least 5e307 is half the span apart."""
    wide = NumericIssue(id="x", title="X", unit="u", bounds=(-1e308, 1e308))
    assert 0.5 == magnitude(wide, NumericStance(max=-5e307), NumericStance(min=5e307))
    assert (0.0, 0.75, 1.0) == (wide.position(-1e308), wide.position(5e307), wide.position(1e308))


def test_numeric_gap_between_close_log_bounds_is_exact() -> None:
    """On a log scale from 1e15 to 1e15 + 4, the values 1e15 + 1 and 1e15 + 3 are half apart.

    ln((1e15 + 3) / (1e15 + 1)) / ln((1e15 + 4) / 1e15) = (2e-15 + O(1e-30)) / (4e-15 + O(1e-30)).
    """
    close = NumericIssue(id="x", title="X", unit="u", bounds=(1e15, 1e15 + 4), scale=Scale.LOG)
    below, above = NumericStance(max=1e15 + 1), NumericStance(min=1e15 + 3)
    assert 0.5 == pytest.approx(magnitude(close, below, above), rel=1e-12)


def test_set_gap_with_weights_near_the_float_range() -> None:
    """Two items of weight 1e308 each: one in conflict is half the weight, though the sum overflows."""
    heavy = SetIssue(
        id="s", title="S", items=(Element(id="a", weight=1e308), Element(id="b", weight=1e308))
    )
    assert (False, False, 0.5, ("a",)) == assess(
        heavy, SetStance(requires=("a",)), SetStance(forbids=("a",))
    )
    assert math.inf == heavy.total_weight


_FINITE = st.floats(allow_nan=False, allow_infinity=False)
_POSITIVE = st.floats(min_value=5e-324, max_value=1.7976931348623157e308)


@given(st.lists(_FINITE, min_size=4, max_size=4, unique=True).map(sorted), st.booleans())
def test_numeric_distances_hold_for_any_finite_bounds(values: list[float], log: bool) -> None:
    """Over any bounds: 0 to 1 between the bounds, symmetric, additive, ordered like the values."""
    if log:
        values = [abs(v) or 5e-324 for v in values]
        values = sorted(set(values))
        if len(values) < 4:
            return
    low, a, b, high = values
    issue = NumericIssue(
        id="x", title="X", unit="u", bounds=(low, high), scale=Scale.LOG if log else Scale.LINEAR
    )
    assert (0.0, 1.0, 1.0) == (issue.position(low), issue.position(high), issue.distance(low, high))
    between = issue.distance(a, b)
    assert 0.0 <= between <= 1.0
    assert between == issue.distance(b, a)
    assert issue.position(low) <= issue.position(a) <= issue.position(b) <= issue.position(high)
    pieces = issue.distance(low, a) + between + issue.distance(b, high)
    assert 1.0 == pytest.approx(pieces, abs=1e-9)
    gap = magnitude(issue, NumericStance(max=a), NumericStance(min=b))
    assert 0.0 < gap <= 1.0
    assert max(between, math.ulp(0.0)) == pytest.approx(gap, abs=1e-12)


@given(_POSITIVE, _POSITIVE)
def test_set_shares_hold_for_any_finite_weights(first: float, second: float) -> None:
    """The share of one item of two is its weight over the total, whatever the sizes."""
    issue = SetIssue(
        id="s", title="S", items=(Element(id="a", weight=first), Element(id="b", weight=second))
    )
    share = issue.weight_share([first])
    assert 0.0 <= share <= 1.0
    assert 1.0 == pytest.approx(share + issue.weight_share([second]), abs=1e-12)
    assert first / (first + second) == pytest.approx(share, abs=1e-12) or math.isinf(first + second)
