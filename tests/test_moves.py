"""Moves: what each kind does to a position, what it refuses, what it costs, how it reads."""

from __future__ import annotations

import itertools
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
    Element,
    Firmness,
    Issue,
    Kind,
    NumericIssue,
    NumericStance,
    OrdinalIssue,
    OrdinalStance,
    Position,
    SequenceIssue,
    SequenceStance,
    SetIssue,
    SetStance,
    Source,
)
from negpos import strategies as nst
from negpos._analysis.kinds import assess
from negpos.scenarios import (
    AcceptOutcome,
    AddProhibition,
    AddRequirement,
    AdoptStance,
    DropConstraint,
    DropProhibition,
    DropRequirement,
    Move,
    MoveError,
    NarrowRange,
    RelaxRedLine,
    WidenRange,
    candidates,
    conflicting,
)


def els(*ids: str) -> tuple[Element, ...]:
    return tuple(Element(id=i) for i in ids)


NEUTRAL = BooleanIssue(id="neutral", title="Neutral status")
CHOICE = CategoricalIssue(id="monitor", title="Monitoring", options=els("un", "osce", "none"))
LEVELS = OrdinalIssue(
    id="nato", title="NATO path", levels=els("barred", "deferred", "consensus", "open")
)
DAYS = NumericIssue(id="days", title="Ceasefire days", unit="days", bounds=(0, 100))
REGIONS = SetIssue(
    id="regions", title="Regions", items=(Element(id="crimea", label="Crimea"), *els("donetsk"))
)
STEPS = SequenceIssue(id="order", title="Order", steps=els("truce", "talks", "vote"))


def position(issue: Issue, stance: negpos.Stance, **extra: object) -> Position:
    return Position.model_validate({"issue": issue.id, "stance": stance, **extra})


def test_accept_outcome_on_a_boolean_issue_accepts_both_answers() -> None:
    """Accepting "no" next to "yes" gives a stance that accepts both, in yes-no order."""
    before = position(NEUTRAL, BooleanStance(accepts=(True,), preferred=True))
    after = AcceptOutcome("ru", "neutral", False).apply(NEUTRAL, before)
    assert BooleanStance(accepts=(True, False), preferred=True) == after.stance


def test_accept_outcome_on_a_categorical_issue_keeps_the_issue_order() -> None:
    """An accepted option joins the others in the order the issue lists its options."""
    before = position(CHOICE, CategoricalStance(accepts=("none",)))
    after = AcceptOutcome("ua", "monitor", "un").apply(CHOICE, before)
    assert ("un", "none") == after.stance.accepts  # type: ignore[union-attr]


def test_widen_range_on_an_ordinal_issue_moves_one_end() -> None:
    """Widening the low end to 'deferred' keeps the high end where it was."""
    before = position(LEVELS, OrdinalStance(lowest="consensus", highest="open"))
    after = WidenRange("ua", "nato", low="deferred").apply(LEVELS, before)
    assert OrdinalStance(lowest="deferred", highest="open") == after.stance


def test_narrow_range_drops_a_preference_that_falls_outside() -> None:
    """Narrowing a numeric range to [40, 60] drops a preferred value of 80."""
    before = position(DAYS, NumericStance(min=30, max=90, preferred=80))
    after = NarrowRange("ua", "days", low=40, high=60).apply(DAYS, before)
    assert NumericStance(min=40, max=60) == after.stance


def test_widen_range_keeps_an_open_end_open() -> None:
    """Widening the upper end of "at least 60" leaves the open end open."""
    before = position(DAYS, NumericStance(min=60))
    after = WidenRange("ua", "days", low=30).apply(DAYS, before)
    assert NumericStance(min=30) == after.stance


def test_set_moves_edit_requirements_and_prohibitions_in_the_issue_order() -> None:
    """Adding and dropping items keeps both lists in the issue's item order."""
    before = position(REGIONS, SetStance(requires=("donetsk",)))
    added = AddRequirement("ru", "regions", "crimea").apply(REGIONS, before)
    assert ("crimea", "donetsk") == added.stance.requires  # type: ignore[union-attr]
    dropped = DropRequirement("ru", "regions", "donetsk").apply(REGIONS, added)
    assert SetStance(requires=("crimea",)) == dropped.stance
    forbidding = AddProhibition("ru", "regions", "donetsk").apply(REGIONS, dropped)
    assert SetStance(requires=("crimea",), forbids=("donetsk",)) == forbidding.stance
    lifted = DropProhibition("ru", "regions", "donetsk").apply(REGIONS, forbidding)
    assert SetStance(requires=("crimea",)) == lifted.stance


def test_relax_red_line_changes_only_the_firmness() -> None:
    """Relaxing a red line keeps the stance, salience, links, sources and note."""
    source = Source(document="Memorandum", url="https://example.org/m")
    before = position(
        NEUTRAL,
        BooleanStance(accepts=(False,)),
        firmness="red_line",
        salience=0.7,
        links=("days",),
        sources=(source,),
        note="as tabled",
    )
    after = RelaxRedLine("ua", "neutral", "flexible").apply(NEUTRAL, before)
    expected = position(
        NEUTRAL,
        BooleanStance(accepts=(False,)),
        firmness="flexible",
        salience=0.7,
        links=("days",),
        sources=(source,),
        note="as tabled",
    )
    assert expected == after
    assert Firmness.RED_LINE is before.firmness


def test_drop_constraint_removes_one_precedence() -> None:
    """Dropping "truce before talks" leaves the other constraint."""
    before = position(STEPS, SequenceStance(precedes=(("truce", "talks"), ("talks", "vote"))))
    after = DropConstraint("ua", "order", "truce", "talks").apply(STEPS, before)
    assert SequenceStance(precedes=(("talks", "vote"),)) == after.stance


def test_adopt_stance_replaces_the_stance() -> None:
    """Adopting the counterpart's stance makes the position hold exactly that stance."""
    theirs = SetStance(forbids=("crimea",))
    before = position(REGIONS, SetStance(requires=("crimea",)))
    after = AdoptStance("ru", "regions", theirs, of="ua").apply(REGIONS, before)
    assert theirs == after.stance


@pytest.mark.parametrize(
    ("move", "issue", "stance", "firmness", "reason"),
    [
        (
            AcceptOutcome("a", "neutral", True),
            NEUTRAL,
            BooleanStance(accepts=(True,)),
            "firm",
            "already accepts",
        ),
        (
            AcceptOutcome("a", "neutral", "yes"),
            NEUTRAL,
            BooleanStance(accepts=(True,)),
            "firm",
            "true or false",
        ),
        (
            AcceptOutcome("a", "monitor", "eu"),
            CHOICE,
            CategoricalStance(accepts=("un",)),
            "firm",
            "not an option",
        ),
        (
            AcceptOutcome("a", "days", "five"),
            DAYS,
            NumericStance(min=1),
            "firm",
            "boolean or categorical",
        ),
        (
            WidenRange("a", "nato", high="deferred"),
            LEVELS,
            OrdinalStance(lowest="barred", highest="open"),
            "firm",
            "does not widen",
        ),
        (
            WidenRange("a", "days", high=150),
            DAYS,
            NumericStance(max=60),
            "firm",
            "outside the issue's bounds",
        ),
        (NarrowRange("a", "days", low=10), DAYS, NumericStance(min=60), "firm", "does not narrow"),
        (
            NarrowRange("a", "nato", low="open", high="barred"),
            LEVELS,
            OrdinalStance(lowest="barred", highest="open"),
            "firm",
            "backwards",
        ),
        (
            DropRequirement("a", "regions", "crimea"),
            REGIONS,
            SetStance(),
            "firm",
            "does not say so",
        ),
        (
            AddRequirement("a", "regions", "crimea"),
            REGIONS,
            SetStance(forbids=("crimea",)),
            "firm",
            "the opposite",
        ),
        (AddProhibition("a", "regions", "kyiv"), REGIONS, SetStance(), "firm", "not an item"),
        (
            RelaxRedLine("a", "neutral"),
            NEUTRAL,
            BooleanStance(accepts=(True,)),
            "firm",
            "not a red line",
        ),
        (
            RelaxRedLine("a", "neutral", "red_line"),
            NEUTRAL,
            BooleanStance(accepts=(True,)),
            "red_line",
            "relaxes to",
        ),
        (
            DropConstraint("a", "order", "vote", "truce"),
            STEPS,
            SequenceStance(),
            "firm",
            "no such constraint",
        ),
        (
            AdoptStance("a", "neutral", BooleanStance(accepts=(True,))),
            NEUTRAL,
            BooleanStance(accepts=(True,)),
            "firm",
            "already",
        ),
        (
            AdoptStance("a", "monitor", CategoricalStance(accepts=("eu",))),
            CHOICE,
            CategoricalStance(accepts=("un",)),
            "firm",
            "not one of the issue's options",
        ),
        (
            AcceptOutcome("a", "other", True),
            NEUTRAL,
            BooleanStance(accepts=(False,)),
            "firm",
            "the move is on",
        ),
    ],
)
def test_moves_that_do_not_fit_are_refused(
    move: Move, issue: Issue, stance: negpos.Stance, firmness: str, reason: str
) -> None:
    """A move that does not fit its position raises MoveError saying why."""
    before = Position.model_validate({"issue": issue.id, "stance": stance, "firmness": firmness})
    with pytest.raises(MoveError, match=reason):
        move.apply(issue, before)


def test_default_cost_is_the_salience_tripled_on_a_red_line() -> None:
    """A move costs the salience, three times as much on a red line, at least 0.05."""
    firm = position(NEUTRAL, BooleanStance(accepts=(True,)), salience=0.7)
    red = position(NEUTRAL, BooleanStance(accepts=(True,)), salience=0.7, firmness="red_line")
    silent = position(NEUTRAL, BooleanStance(accepts=(True,)), salience=0.0)
    accept = AcceptOutcome("a", "neutral", False)
    assert 0.7 == accept.cost(firm)
    assert 2.1 == accept.cost(red)
    assert 0.05 == accept.cost(silent)
    assert 1.4 == accept.cost(red, red_line_factor=2)
    assert 0.7 == RelaxRedLine("a", "neutral").cost(red)


def test_describe_uses_the_names_of_a_negotiation() -> None:
    """With the bundled dataset, a move reads with party names, titles and labels."""
    neg = negpos.bundled()
    move = DropRequirement("ru", "territory.recognition", "crimea")
    assert (
        "Russia drops its requirement that Crimea be included (Regions recognised as Russian)"
        == move.describe(neg)
    )
    assert "ru drops its requirement that crimea be included (territory.recognition)" == (
        move.describe()
    )
    adopt = AdoptStance("ua", "security.nato", BooleanStance(accepts=(True,)), of="ru")
    assert "Ukraine adopts Russia's stance on Ukraine's path to NATO" == adopt.describe(neg)


@pytest.mark.parametrize(
    ("move", "text"),
    [
        (AcceptOutcome("a", "neutral", False), 'a accepts "no" on neutral'),
        (WidenRange("a", "days", low=30), "a widens its range on days down to 30"),
        (WidenRange("a", "days", high=1500.5), "a widens its range on days up to 1,500.5"),
        (
            NarrowRange("a", "nato", high="deferred"),
            "a narrows its range on nato to at most deferred",
        ),
        (
            NarrowRange("a", "nato", low="deferred", high="open"),
            "a narrows its range on nato to deferred through open",
        ),
        (AddProhibition("a", "regions", "crimea"), "a forbids that crimea be included (regions)"),
        (RelaxRedLine("a", "neutral", "open"), "a relaxes its red line on neutral to open"),
        (
            DropConstraint("a", "order", "truce", "vote"),
            "a drops its condition that truce come before vote (order)",
        ),
        (
            AdoptStance("a", "neutral", BooleanStance(accepts=(True,))),
            "a adopts a new stance on neutral",
        ),
    ],
)
def test_describe_reads_as_a_sentence(move: Move, text: str) -> None:
    """Each kind of move has its own sentence; without names it uses the ids."""
    assert text == move.describe()


def test_to_dict_is_json_ready() -> None:
    """A move's dictionary names its kind and fields and survives a JSON round trip."""
    move = AdoptStance("a", "neutral", BooleanStance(accepts=(True,)), of="b")
    data = move.to_dict()
    assert {
        "kind": "adopt_stance",
        "party": "a",
        "issue": "neutral",
        "stance": {"kind": "boolean", "accepts": [True]},
        "of": "b",
        "description": "a adopts b's stance on neutral",
    } == data
    assert data == json.loads(json.dumps(data))
    assert {"kind": "relax_red_line", "to": "firm"}.items() <= RelaxRedLine(
        "a", "x"
    ).to_dict().items()


def test_adopting_conflicts_with_other_changes_to_the_same_stance() -> None:
    """Adopting a stance does not combine with another stance change on that issue."""
    adopt_a = AdoptStance("a", "regions", SetStance())
    adopt_b = AdoptStance("b", "regions", SetStance())
    drop_a = DropRequirement("a", "regions", "crimea")
    relax_a = RelaxRedLine("a", "regions")
    drop_b = DropProhibition("b", "regions", "crimea")
    assert conflicting(adopt_a, adopt_b)
    assert conflicting(adopt_a, drop_a)
    assert conflicting(drop_a, adopt_a)
    assert not conflicting(adopt_a, relax_a)
    assert not conflicting(adopt_a, drop_b)
    assert not conflicting(drop_a, drop_b)
    assert not conflicting(adopt_a, AdoptStance("b", "neutral", SetStance()))


def test_candidates_on_a_set_issue() -> None:
    """Each side may drop each item in conflict, relax a red line, or adopt the other's stance."""
    a = position(REGIONS, SetStance(requires=("crimea", "donetsk")), firmness="red_line")
    b = position(REGIONS, SetStance(forbids=("donetsk", "crimea")))
    assert [
        DropRequirement("a", "regions", "crimea"),
        DropRequirement("a", "regions", "donetsk"),
        RelaxRedLine("a", "regions"),
        AdoptStance("a", "regions", b.stance, of="b"),
        DropProhibition("b", "regions", "crimea"),
        DropProhibition("b", "regions", "donetsk"),
        AdoptStance("b", "regions", a.stance, of="a"),
    ] == candidates(REGIONS, a, b, "a", "b")


def test_candidates_widen_just_enough_to_meet() -> None:
    """On a numeric issue each side widens its near end to the other's near end."""
    a = position(DAYS, NumericStance(min=60))
    b = position(DAYS, NumericStance(max=30))
    assert [
        WidenRange("a", "days", low=30.0),
        AdoptStance("a", "days", b.stance, of="b"),
        WidenRange("b", "days", high=60.0),
        AdoptStance("b", "days", a.stance, of="a"),
    ] == candidates(DAYS, a, b, "a", "b")


def test_no_candidates_where_the_positions_are_compatible() -> None:
    """Compatible positions and text issues get no candidate moves."""
    a = position(DAYS, NumericStance(min=20))
    b = position(DAYS, NumericStance(max=30))
    assert [] == candidates(DAYS, a, b, "a", "b")


def _apart(draw: st.DrawFn, issue: Issue) -> tuple[negpos.Stance, negpos.Stance]:
    """Two stances on ``issue`` that no outcome satisfies both, built rather than filtered."""
    ids = [e.id for e in issue.elements()]
    if isinstance(issue, BooleanIssue):
        value = draw(st.booleans())
        return BooleanStance(accepts=(value,)), BooleanStance(accepts=(not value,))
    if isinstance(issue, (CategoricalIssue, OrdinalIssue)):
        cut = draw(st.integers(1, len(ids) - 1))
        low = draw(st.lists(st.sampled_from(ids[:cut]), min_size=1, unique=True))
        high = draw(st.lists(st.sampled_from(ids[cut:]), min_size=1, unique=True))
        if isinstance(issue, CategoricalIssue):
            pair: tuple[negpos.Stance, negpos.Stance] = (
                CategoricalStance(accepts=tuple(low)),
                CategoricalStance(accepts=tuple(high)),
            )
        else:
            rank = {i: k for k, i in enumerate(ids)}
            low.sort(key=rank.__getitem__)
            high.sort(key=rank.__getitem__)
            pair = (
                OrdinalStance(lowest=low[0], highest=low[-1]),
                OrdinalStance(lowest=high[0], highest=high[-1]),
            )
    elif isinstance(issue, NumericIssue):
        bottom, top = issue.bounds
        share = draw(st.integers(1, 99)) / 100
        below = bottom + (top - bottom) * share * draw(st.integers(0, 99)) / 100
        above = bottom + (top - bottom) * (share + (1 - share) * draw(st.integers(1, 100)) / 100)
        pair = (NumericStance(max=below), NumericStance(min=min(above, top)))
    elif isinstance(issue, SetIssue):
        marks = draw(st.lists(st.sampled_from([0, 1, 2]), min_size=len(ids), max_size=len(ids)))
        clash = draw(st.sampled_from(ids))
        mine = {i for i, m in zip(ids, marks, strict=True) if m == 1} | {clash}
        theirs = {i for i, m in zip(ids, marks, strict=True) if m == 2} | {clash}
        pair = (
            SetStance(requires=tuple(i for i in ids if i in mine)),
            SetStance(forbids=tuple(i for i in ids if i in theirs)),
        )
    else:
        order = draw(st.permutations(ids))
        first, then = order[0], order[1]
        extra = [pair for pair in itertools.pairwise(order[1:]) if draw(st.booleans())]
        pair = (
            SequenceStance(precedes=((first, then), *extra)),
            SequenceStance(precedes=((then, first),)),
        )
    return pair if draw(st.booleans()) else (pair[1], pair[0])


@st.composite
def gaps(draw: st.DrawFn) -> tuple[Issue, Position, Position]:
    """An issue of a comparable kind and two incompatible positions on it."""
    issue = draw(nst.issues([k for k in Kind if k is not Kind.TEXT]))
    mine, theirs = _apart(draw, issue)
    sides = [
        Position.model_validate(
            {
                "issue": issue.id,
                "stance": stance,
                "salience": draw(st.integers(0, 20)) / 20,
                "firmness": draw(st.sampled_from(list(Firmness))),
            }
        )
        for stance in (mine, theirs)
    ]
    assert not assess(issue, mine, theirs)[0]
    return issue, sides[0], sides[1]


@given(gaps())
def test_no_candidate_widens_a_gap(case: tuple[Issue, Position, Position]) -> None:
    """Every candidate move applies cleanly and never makes the gap larger."""
    issue, a, b = case
    before = assess(issue, a.stance, b.stance)[2]
    for move in candidates(issue, a, b, "a", "b"):
        mine, theirs = (a, b) if move.party == "a" else (b, a)
        moved = move.apply(issue, mine)
        assert assess(issue, moved.stance, theirs.stance)[2] <= before


@given(gaps())
def test_one_sides_concessions_together_close_the_gap(
    case: tuple[Issue, Position, Position],
) -> None:
    """A side's candidate concessions (all but adopting) close the gap, as adopting does."""
    issue, a, b = case
    moves = candidates(issue, a, b, "a", "b")
    for party, mine, theirs in (("a", a, b), ("b", b, a)):
        own = [m for m in moves if m.party == party]
        adopt = [m for m in own if isinstance(m, AdoptStance)]
        concessions = [m for m in own if m.changes_stance and not isinstance(m, AdoptStance)]
        assert 1 == len(adopt)
        assert assess(issue, adopt[0].apply(issue, mine).stance, theirs.stance)[0]
        moved = mine
        for move in concessions:
            moved = move.apply(issue, moved)
        assert assess(issue, moved.stance, theirs.stance)[0]
