"""Comparing two memoranda: statuses, magnitudes, zones, summaries and alternatives."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import (
    AlternativeGroup,
    BooleanIssue,
    BooleanStance,
    CategoricalIssue,
    CategoricalStance,
    Comparison,
    Distance,
    Element,
    Firmness,
    InputError,
    Issue,
    Memorandum,
    NotFoundError,
    NumericIssue,
    NumericStance,
    Option,
    OrdinalIssue,
    OrdinalStance,
    Position,
    Scale,
    SequenceIssue,
    SequenceStance,
    SetIssue,
    SetStance,
    Stance,
    Status,
    TextIssue,
    TextStance,
)
from negpos import strategies as nst
from negpos._analysis.compare import restated
from negpos._analysis.kinds import contains
from negpos._model.issues import AnyIssue
from negpos._model.stances import AnyStance


def els(*ids: str) -> tuple[Element, ...]:
    """Domain elements with these ids."""
    return tuple(Element(id=i) for i in ids)


def pos(
    issue: str, stance: AnyStance, salience: float = 0.5, firmness: Firmness = Firmness.FIRM
) -> Position:
    """A position on ``issue``."""
    return Position(issue=issue, stance=stance, salience=salience, firmness=firmness)


RED = Firmness.RED_LINE

# --- a worked example covering every kind -----------------------------------------------------

AGENDA: tuple[AnyIssue, ...] = (
    BooleanIssue(id="neutral", title="Neutral status"),
    BooleanIssue(id="pows", title="Prisoner exchange"),
    CategoricalIssue(id="venue", title="Venue", options=els("istanbul", "geneva", "riyadh")),
    CategoricalIssue(
        id="monitors",
        title="Monitors",
        options=els("un", "osce", "none"),
        distances=(Distance(between=("un", "osce"), value=0.25),),
    ),
    OrdinalIssue(
        id="autonomy", title="Autonomy", levels=els("none", "cultural", "local", "regional", "full")
    ),
    NumericIssue(
        id="army.cap",
        title="Army ceiling",
        unit="personnel",
        bounds=(100_000, 2_000_000),
        scale=Scale.LOG,
    ),
    SetIssue(
        id="recognition",
        title="Recognition",
        items=(Element(id="crimea"), Element(id="donetsk", weight=2.0), Element(id="luhansk")),
    ),
    SequenceIssue(id="order", title="Order", steps=els("truce", "talks", "vote", "swap")),
    TextIssue(id="preamble", title="Preamble"),
    BooleanIssue(id="elections", title="Elections"),
    BooleanIssue(id="amnesty", title="Amnesty"),
)

UA = Memorandum(
    party="ua",
    round="june",
    positions=(
        pos("elections", BooleanStance(accepts=(True,)), 0.3),
        pos("neutral", BooleanStance(accepts=(True,)), 0.6),
        pos("pows", BooleanStance(accepts=(True,)), 0.5),
        pos("venue", CategoricalStance(accepts=("istanbul", "geneva"), preferred="istanbul"), 0.2),
        pos("monitors", CategoricalStance(accepts=("un",)), 0.8),
        pos("autonomy", OrdinalStance(lowest="none", highest="cultural"), 1.0, RED),
        pos("army.cap", NumericStance(min=800_000), 0.9),
        pos("recognition", SetStance(forbids=("crimea", "donetsk", "luhansk")), 1.0, RED),
        pos("order", SequenceStance(precedes=(("truce", "talks"), ("talks", "vote")))),
        pos("preamble", TextStance(statement="A just peace.")),
    ),
)

RU = Memorandum(
    party="ru",
    round="june",
    positions=(
        pos("neutral", BooleanStance(accepts=(True, False)), 0.4),
        pos("pows", BooleanStance(accepts=(True,)), 0.5),
        pos("venue", CategoricalStance(accepts=("riyadh", "istanbul"), preferred="istanbul"), 0.4),
        pos("monitors", CategoricalStance(accepts=("osce", "none")), 0.6),
        pos("autonomy", OrdinalStance(lowest="regional", highest="full"), 0.6),
        pos("army.cap", NumericStance(max=600_000), 0.7, RED),
        pos("recognition", SetStance(requires=("crimea", "donetsk", "luhansk")), 1.0, RED),
        pos("order", SequenceStance(precedes=(("vote", "truce"),))),
        pos("preamble", TextStance(statement="Root causes first.")),
    ),
)

ARMY_GAP = math.log(4 / 3) / math.log(20)  # log scale: ln(800k/600k) / ln(2M/100k) = 0.0960...


def test_worked_example_statuses_and_magnitudes() -> None:
    """Every kind gets the status and magnitude worked out by hand, in agenda order."""
    result = negpos.compare(UA, RU, AGENDA)
    expected = [
        ("neutral", Status.OVERLAP, 0.0),
        ("pows", Status.IDENTICAL, 0.0),
        ("venue", Status.SAME_PREFERENCE, 0.0),  # different options accepted, same preferred
        ("monitors", Status.GAP, 0.25),  # the closest pair, UN and OSCE, is 0.25 apart
        ("autonomy", Status.GAP, 0.5),  # cultural to regional: 2 steps of 4
        ("army.cap", Status.GAP, pytest.approx(ARMY_GAP)),
        ("recognition", Status.GAP, 1.0),  # every item in conflict: weight 4 of 4
        ("order", Status.GAP, 0.5),  # truce, talks, vote form a cycle: 3 of 6 pairs
        ("preamble", Status.UNCOMPARABLE, None),
        ("elections", Status.ONE_SIDED, None),
    ]
    assert expected == [(c.issue.id, c.status, c.magnitude) for c in result.rows]
    assert 0.0960 == pytest.approx(ARMY_GAP, abs=1e-4)


def test_worked_example_zones_conflicts_and_red_lines() -> None:
    """Zones, conflicting items and constraints, and red lines are those worked out by hand."""
    result = negpos.compare(UA, RU, AGENDA)
    assert BooleanStance(accepts=(True,)) == result.issue("neutral").zone
    assert CategoricalStance(accepts=("istanbul",), preferred="istanbul") == (
        result.issue("venue").zone
    )
    assert result.issue("monitors").zone is None
    assert ("crimea", "donetsk", "luhansk") == result.issue("recognition").conflicting_items
    assert (("truce", "talks"), ("talks", "vote"), ("vote", "truce")) == (
        result.issue("order").conflicting_constraints
    )
    assert ("ua", "ru") == result.issue("recognition").red_lines
    assert ("ua",) == result.issue("autonomy").red_lines
    assert ("ru",) == result.issue("army.cap").red_lines
    assert () == result.issue("order").red_lines
    assert RU.position("army.cap") == result.issue("army.cap").position_b
    assert result.issue("elections").position_b is None


def test_worked_example_summary() -> None:
    """Counts, the weighted index, the mean gap and the order of gaps match the hand sums.

    Weights (mean saliences) of the eight comparable issues sum to 5.1; weighted closeness
    sums to 3.275 - 0.8 * g for the army gap g; the gaps sum to 2.25 + g.
    """
    summary = negpos.compare(UA, RU, AGENDA).summary
    counts = [
        (Status.SETTLED, 0),
        (Status.IDENTICAL, 1),
        (Status.SAME_PREFERENCE, 1),
        (Status.OVERLAP, 1),
        (Status.CONDITIONAL, 0),
        (Status.GAP, 5),
        (Status.ONE_SIDED, 1),
        (Status.OTHER_OPTION, 0),
        (Status.UNCOMPARABLE, 1),
    ]
    assert counts == list(summary.counts)
    assert 10 == summary.total
    assert 5 == summary.count("gap")
    assert (3.275 - 0.8 * ARMY_GAP) / 5.1 == pytest.approx(summary.compatibility)
    assert 0.6271 == pytest.approx(summary.compatibility, abs=1e-4)
    assert (2.25 + ARMY_GAP) / 8 == pytest.approx(summary.mean_gap)
    # Red lines first (largest first), then the other gaps (largest first).
    order = ["recognition", "autonomy", "army.cap", "order", "monitors"]
    assert order == [c.issue.id for c in summary.gaps]
    assert ["recognition", "autonomy", "army.cap"] == [
        c.issue.id for c in summary.red_line_conflicts
    ]


def test_sequence_zone_exposes_a_merged_order() -> None:
    """A compatible sequence issue's comparison gives one order of all steps both accept."""
    a = Memorandum(
        party="a", positions=(pos("order", SequenceStance(precedes=(("vote", "talks"),))),)
    )
    b = Memorandum(
        party="b", positions=(pos("order", SequenceStance(precedes=(("swap", "truce"),))),)
    )
    found = negpos.compare(a, b, AGENDA).issue("order")
    assert Status.OVERLAP == found.status
    assert ("vote", "talks", "swap", "truce") == found.order
    assert negpos.compare(UA, RU, AGENDA).issue("neutral").order is None


def test_to_dict_is_json_ready_and_complete() -> None:
    """The comparison's data form survives JSON and carries positions, zones and the summary."""
    data = negpos.compare(UA, RU, AGENDA).to_dict()
    assert data == json.loads(json.dumps(data))
    recognition = next(i for i in data["rows"] if i["issue"] == "recognition")
    assert ["crimea", "donetsk", "luhansk"] == recognition["conflicting_items"]
    assert {"kind": "set", "forbids": ["crimea", "donetsk", "luhansk"]} == (
        recognition["position_a"]["stance"]
    )
    assert {"kind": "boolean", "accepts": [True]} == next(
        i["zone"] for i in data["rows"] if i["issue"] == "neutral"
    )
    assert ["recognition", "autonomy", "army.cap"] == data["summary"]["red_line_conflicts"]
    assert (1, 1) == (
        data["summary"]["counts"]["identical"],
        data["summary"]["counts"]["same_preference"],
    )
    assert "agreed" not in data["summary"]["counts"]
    assert {"identical", "same_preference"} <= {row["status"] for row in data["rows"]}


def test_results_are_frozen_and_hashable() -> None:
    """Results cannot be changed after the fact and can be used as keys."""
    result = negpos.compare(UA, RU, AGENDA)
    assert hash(result) == hash(negpos.compare(UA, RU, AGENDA))
    with pytest.raises(AttributeError):
        result.party_a = "x"  # type: ignore[misc]


def test_zero_saliences_count_every_issue_equally() -> None:
    """With every salience 0 the index falls back to 1 minus the mean gap."""
    a = Memorandum(party="a", positions=(pos("monitors", CategoricalStance(accepts=("un",)), 0.0),))
    b = Memorandum(
        party="b", positions=(pos("monitors", CategoricalStance(accepts=("osce",)), 0.0),)
    )
    summary = negpos.compare(a, b, AGENDA).summary
    assert (0.75, 0.25) == (summary.compatibility, summary.mean_gap)


def test_nothing_comparable_gives_no_index() -> None:
    """When no issue is addressed by both sides, the index and the mean gap are None."""
    a = Memorandum(party="a", positions=(pos("pows", BooleanStance(accepts=(True,))),))
    summary = negpos.compare(a, Memorandum(party="b"), AGENDA).summary
    assert (None, None, 1) == (summary.compatibility, summary.mean_gap, summary.total)


def test_lookups_name_what_is_missing() -> None:
    """Looking up an issue the comparison does not hold raises NotFoundError with its id."""
    result = negpos.compare(UA, RU, AGENDA)
    with pytest.raises(NotFoundError, match="'amnesty'"):
        result.issue("amnesty")
    assert ("pows",) == tuple(c.issue.id for c in result.where(status="identical"))
    assert ("venue",) == tuple(c.issue.id for c in result.where(status="same_preference"))


def test_the_old_word_agreed_filters_and_counts_both_statuses() -> None:
    """``agreed``, the one status of earlier versions, still filters and counts both halves."""
    result = negpos.compare(UA, RU, AGENDA)
    assert ("pows", "venue") == tuple(c.issue.id for c in result.where(status="agreed"))
    assert ("neutral", "pows", "venue") == tuple(
        c.issue.id for c in result.where(status=["agreed", "overlap"])
    )
    assert 2 == result.summary.count("agreed")
    assert "agreed" not in {s.value for s in Status}
    with pytest.raises(ValueError, match="'identical', 'same_preference'"):
        result.where(status="agree")


# --- input errors ---------------------------------------------------------------------------


def test_memoranda_that_do_not_fit_the_agenda_are_refused_with_field_paths() -> None:
    """Unknown issues and misfitting stances are all reported, each with its field path."""
    bad = Memorandum(
        party="a",
        positions=(
            pos("nowhere", BooleanStance(accepts=(True,))),
            pos("venue", CategoricalStance(accepts=("paris",))),
        ),
    )
    with pytest.raises(InputError) as info:
        negpos.compare(UA, bad, AGENDA)
    assert ["memo_b.positions[0].issue", "memo_b.positions[1].stance.accepts"] == [
        p.field for p in info.value.problems
    ]


def test_an_agenda_with_a_repeated_issue_is_refused() -> None:
    """An agenda listing the same issue id twice is an input error."""
    with pytest.raises(InputError, match="'pows' is used twice"):
        negpos.compare(UA, RU, (*AGENDA, BooleanIssue(id="pows", title="Again")))


def test_a_negotiation_serves_as_the_agenda_and_checks_outside_memoranda() -> None:
    """With a negotiation as agenda, its own memoranda pass and an outside one is checked."""
    neg = negpos.Negotiation(
        title="Talks",
        parties=(negpos.Party(id="ua", name="Ukraine"), negpos.Party(id="ru", name="Russia")),
        issues=AGENDA,
        rounds=(negpos.Round(id="june", date="2025-06-02", memoranda=(UA, RU)),),  # type: ignore[arg-type]
    )
    ua, ru = neg.rounds[0].memoranda
    assert negpos.compare(UA, RU, AGENDA) == negpos.compare(ua, ru, neg)
    stray = Memorandum(party="x", positions=(pos("nowhere", BooleanStance(accepts=(True,))),))
    with pytest.raises(InputError, match="unknown issue 'nowhere'"):
        negpos.compare(ua, stray, neg)


# --- alternatives ---------------------------------------------------------------------------

CEASEFIRE: tuple[Issue, ...] = (
    NumericIssue(id="days", title="Ceasefire days", unit="days", bounds=(0, 100)),
    BooleanIssue(id="withdraw", title="Withdrawal from four regions"),
    BooleanIssue(id="pows", title="Prisoner exchange"),
)

UKRAINE = Memorandum(
    party="ua",
    positions=(
        pos("days", NumericStance(min=30)),
        pos("withdraw", BooleanStance(accepts=(False,))),
    ),
)


def russia(*options: Option) -> Memorandum:
    """Russia's memorandum: a five-day truce, an exchange, and a group of options."""
    return Memorandum(
        party="ru",
        positions=(pos("days", NumericStance(max=5)), pos("pows", BooleanStance(accepts=(True,)))),
        alternatives=(AlternativeGroup(id="ceasefire", label="Routes", options=options),),
    )


PULLOUT = Option(
    id="pullout", positions=(pos("withdraw", BooleanStance(accepts=(True,)), 0.5, RED),)
)
PACKAGE = Option(id="package", label="Ten points", positions=(pos("days", NumericStance(max=10)),))


def test_each_option_is_compared_and_the_closest_named() -> None:
    """The package (a 10-day gap of 0.2) beats the pullout (a red-line gap of 1 on withdrawal).

    Both leave three issues unresolved: pullout the days gap (0.25), the withdrawal gap and
    the exchange Ukraine does not answer; package the days gap (0.2), the withdrawal only
    Ukraine addresses and the exchange. The index decides: pullout (0.75 + 0) / 2 = 0.375,
    package 0.8. The headline takes the package: index 0.8, withdrawal one-sided, with the
    pullout's red-line gap shown among its fares.
    """
    result = negpos.compare(UKRAINE, russia(PULLOUT, PACKAGE), CEASEFIRE)
    assert pytest.approx(0.8) == result.summary.compatibility
    withdraw = result.issue("withdraw")
    assert Status.ONE_SIDED == withdraw.status
    # Under the package Russia is silent on withdrawal: one-sided, as in the headline.
    assert [("pullout", True, Status.GAP, ("ru",)), ("package", False, Status.ONE_SIDED, ())] == [
        (f.option, f.addresses, f.status, f.red_lines) for f in withdraw.fares
    ]
    assert ("withdraw",) == result.red_lines_anywhere
    (group,) = result.alternatives
    assert ("ru", "ceasefire", "Routes", "package") == (
        group.party,
        group.group,
        group.label,
        group.closest,
    )
    pullout, package = group.options
    assert (0.375, 1) == (pullout.summary.compatibility, len(pullout.summary.red_line_conflicts))
    assert [("withdraw", Status.GAP, 1.0, ("ru",))] == [
        (c.issue.id, c.status, c.magnitude, c.red_lines) for c in pullout.rows
    ]
    assert pytest.approx(0.8) == package.summary.compatibility
    (days,) = package.rows
    assert ("days", Status.GAP) == (days.issue.id, days.status)
    assert pytest.approx(0.2) == days.magnitude
    assert package == group.option("package")
    assert "Ten points" == package.label


def test_main_comparison_marks_issues_also_offered_as_options() -> None:
    """Issues a party also addresses inside its alternatives name that party."""
    result = negpos.compare(UKRAINE, russia(PULLOUT, PACKAGE), CEASEFIRE)
    marks = {c.issue.id: c.in_alternatives for c in result.rows}
    assert {"days": ("ru",), "withdraw": ("ru",), "pows": ()} == marks
    assert Status.ONE_SIDED == result.issue("withdraw").status


def test_ties_between_options_go_to_fewer_red_lines_then_the_earlier_option() -> None:
    """Equal indices: the option without a red line wins; fully equal: the first one wins."""
    firm = Option(id="firm", positions=(pos("withdraw", BooleanStance(accepts=(True,))),))
    result = negpos.compare(UKRAINE, russia(PULLOUT, firm), CEASEFIRE)
    assert "firm" == result.alternatives[0].closest
    twin = Option(id="twin", positions=firm.positions)
    assert "firm" == negpos.compare(UKRAINE, russia(firm, twin), CEASEFIRE).alternatives[0].closest


def test_alternatives_of_the_second_party_sit_on_side_b() -> None:
    """Options of the second memorandum are compared with their positions on side b."""
    result = negpos.compare(russia(PULLOUT, PACKAGE), UKRAINE, CEASEFIRE)
    pullout = result.alternatives[0].option("pullout")
    (withdraw,) = pullout.rows
    assert ("ru", "ua") == (withdraw.party_a, withdraw.party_b)
    assert PULLOUT.positions[0] == withdraw.position_a
    with pytest.raises(NotFoundError, match="no option 'nope'"):
        result.alternatives[0].option("nope")


# --- the bundled dataset: the memoranda of 2 June 2025 -----------------------------------------


def test_june_2025_memoranda_end_to_end() -> None:
    """The Istanbul memoranda of 2 June 2025 compare as the dataset encodes them.

    Russia's memorandum requires recognition of all five regions and Ukraine's forbids it,
    both as red lines, so recognition is a full gap led by red lines; Russia's two routes to
    a ceasefire form one group of alternatives.
    """
    neg = negpos.bundled()
    ru, ua = (
        neg.memorandum("ru", round_id="istanbul-2"),
        neg.memorandum("ua", round_id="istanbul-2"),
    )
    assert ru is not None
    assert ua is not None
    result = negpos.compare(ru, ua, neg)
    recognition = result.issue("territory.recognition")
    assert (Status.GAP, 1.0, ("ru", "ua")) == (
        recognition.status,
        recognition.magnitude,
        recognition.red_lines,
    )
    regions = ("crimea", "donetsk", "luhansk", "zaporizhzhia", "kherson")
    assert set(regions) == set(recognition.conflicting_items)
    first = result.summary.gaps[0]
    assert first.red_lines
    assert result.summary.total == len(result.rows)
    (group,) = result.alternatives
    assert "ru" == group.party
    assert 2 == len(group.options)
    best = group.option(group.closest).summary.unresolved
    assert all(o.summary.unresolved >= best for o in group.options)
    # The negotiation's own comparison of the round sees the same memoranda, and the
    # outcomes agreed at the round, which a plain comparison takes when given.
    own = neg.compare("ru", "ua", round_id="istanbul-2", tabled_only=True)
    assert result != own
    given = negpos.compare(ru, ua, neg, outcomes=neg.round("istanbul-2").agreed)
    assert [(c.issue.id, c.status) for c in given.rows] == [
        (c.issue.id, c.status) for c in own.rows
    ]
    assert given.summary == own.summary
    assert {"istanbul-2"} == {c.settled_in for c in own.where(status="settled")}
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()


# --- laws -----------------------------------------------------------------------------------


def two_memoranda() -> st.SearchStrategy[tuple[tuple[Issue, ...], Memorandum, Memorandum]]:
    """An agenda and two parties' memoranda on it."""
    return nst.agendas().flatmap(
        lambda agenda: st.tuples(
            st.just(agenda), nst.memoranda(agenda, "a"), nst.memoranda(agenda, "b")
        )
    )


Case = tuple[tuple[Issue, ...], Memorandum, Memorandum]


def figures(summary: negpos.Summary) -> tuple[object, ...]:
    """A summary's figures, with the gaps by issue id."""
    return (
        summary.counts,
        summary.compatibility,
        summary.mean_gap,
        tuple(c.issue.id for c in summary.gaps),
    )


@given(two_memoranda())
def test_comparing_b_with_a_mirrors_comparing_a_with_b(case: Case) -> None:
    """Swapping the memoranda swaps the sides and changes no figure."""
    agenda, a, b = case
    ab, ba = negpos.compare(a, b, agenda), negpos.compare(b, a, agenda)
    assert tuple(c.swapped() for c in ab.rows) == ba.rows
    assert figures(ab.summary) == figures(ba.summary)
    mirrored = {(g.party, g.group): g for g in ba.alternatives}
    for group in ab.alternatives:
        other = mirrored[group.party, group.group]
        assert group.closest == other.closest
        for mine, theirs in zip(group.options, other.options, strict=True):
            assert figures(mine.summary) == figures(theirs.summary)
            assert tuple(c.swapped() for c in mine.rows) == theirs.rows


@given(nst.agendas().flatmap(lambda agenda: st.tuples(st.just(agenda), nst.memoranda(agenda))))
def test_a_memorandum_agrees_with_itself(case: tuple[tuple[Issue, ...], Memorandum]) -> None:
    """Compared with itself a memorandum is identical on everything but text.

    Except where its own positions do not meet its conditions (conditional), and on issues
    only options it does not take address (in another option).
    """
    agenda, memo = case
    result = negpos.compare(memo, memo, agenda)
    for c in result.rows:
        if c.status is Status.OTHER_OPTION:
            continue
        expected = Status.UNCOMPARABLE if isinstance(c.issue, TextIssue) else Status.IDENTICAL
        if c.unmet_conditions:
            expected = Status.CONDITIONAL
        assert expected == c.status
    if not result.summary.count("conditional"):
        assert result.summary.compatibility in (None, 1.0)


@given(two_memoranda())
def test_magnitudes_are_in_range_and_zero_exactly_when_compatible(case: Case) -> None:
    """Gaps lie in (0, 1]; compatible issues have 0; issues not compared have None."""
    agenda, a, b = case
    for c in negpos.compare(a, b, agenda).rows:
        if c.status in (Status.IDENTICAL, Status.SAME_PREFERENCE, Status.OVERLAP):
            assert 0.0 == c.magnitude
        elif c.status is Status.GAP:
            assert c.magnitude is not None
            assert 0.0 < c.magnitude <= 1.0
        else:
            assert c.magnitude is None


@given(two_memoranda())
def test_zones_lie_inside_both_positions(case: Case) -> None:
    """Every outcome of a zone is acceptable to both sides; only compatible issues have one."""
    agenda, a, b = case
    for c in negpos.compare(a, b, agenda).rows:
        # A conditional issue's zone is the one both accept if the condition is met.
        if c.status in (
            Status.IDENTICAL,
            Status.SAME_PREFERENCE,
            Status.OVERLAP,
            Status.CONDITIONAL,
        ):
            assert c.zone is not None
            assert c.position_a is not None
            assert c.position_b is not None
            assert contains(c.issue, c.position_a.stance, c.zone)
            assert contains(c.issue, c.position_b.stance, c.zone)
        else:
            assert c.zone is None


@given(two_memoranda())
def test_counts_add_up_and_issues_follow_the_agenda(case: Case) -> None:
    """Each count is the number of issues with that status; issues come in agenda order."""
    agenda, a, b = case
    result = negpos.compare(a, b, agenda)
    assert len(result.rows) == result.summary.total
    for status, n in result.summary.counts:
        assert n == len(result.where(status=status))
    rank = {issue.id: k for k, issue in enumerate(agenda)}
    ranks = [rank[c.issue.id] for c in result.rows]
    assert sorted(ranks) == ranks
    # Every issue either side addresses, in its main positions or in any option.
    addressed = {*a.issue_ids(), *b.issue_ids()}
    assert addressed == {c.issue.id for c in result.rows}


def hull(issue: Issue, a: AnyStance, c: Stance) -> AnyStance:
    """The narrowest stance that accepts everything ``a`` or ``c`` accepts."""
    if isinstance(a, BooleanStance) and isinstance(c, BooleanStance):
        return BooleanStance(accepts=tuple(dict.fromkeys((*a.accepts, *c.accepts))))
    if isinstance(a, CategoricalStance) and isinstance(c, CategoricalStance):
        return CategoricalStance(accepts=tuple(dict.fromkeys((*a.accepts, *c.accepts))))
    if isinstance(a, OrdinalStance) and isinstance(c, OrdinalStance):
        assert isinstance(issue, OrdinalIssue)
        low = min(issue.rank(a.lowest), issue.rank(c.lowest))
        high = max(issue.rank(a.highest), issue.rank(c.highest))
        return OrdinalStance(lowest=issue.levels[low].id, highest=issue.levels[high].id)
    if isinstance(a, NumericStance) and isinstance(c, NumericStance):
        start = None if a.min is None or c.min is None else min(a.min, c.min)
        end = None if a.max is None or c.max is None else max(a.max, c.max)
        return NumericStance(min=start, max=end)
    if isinstance(a, SetStance) and isinstance(c, SetStance):
        return SetStance(
            requires=tuple(i for i in a.requires if i in c.requires),
            forbids=tuple(i for i in a.forbids if i in c.forbids),
        )
    if isinstance(a, SequenceStance) and isinstance(c, SequenceStance):
        # Keep a's constraints that c also implies: a subset of a's closure, so acyclic.
        kept = tuple(e for e in a.precedes if contains(issue, SequenceStance(precedes=(e,)), c))
        return SequenceStance(precedes=kept)
    return a


@given(two_memoranda(), st.data())
def test_widening_one_side_never_widens_a_gap(case: Case, data: st.DataObject) -> None:
    """Accepting more on one issue never raises its gap nor lowers the compatibility index.

    Read on main positions without conditions: with alternatives a wider position may change
    which option is closest, and with conditions a wider condition issue may free a
    conditional row and so change the index either way.
    """
    agenda, a, b = case
    a, b = (
        Memorandum(
            party=m.party,
            positions=tuple(p.model_copy(update={"conditions": ()}) for p in m.positions),
        )
        for m in (a, b)
    )
    before = negpos.compare(a, b, agenda)
    comparable = [c for c in before.rows if c.magnitude is not None]
    if not comparable:
        return
    target = data.draw(st.sampled_from(comparable))
    issue = target.issue
    assert target.position_a is not None
    other = data.draw(nst.stances(issue))
    wider = hull(issue, target.position_a.stance, other)
    assert contains(issue, wider, target.position_a.stance)
    positions = tuple(
        Position(issue=p.issue, stance=wider, salience=p.salience, firmness=p.firmness)
        if p.issue == issue.id
        else p
        for p in a.positions
    )
    after = negpos.compare(Memorandum(party="a", positions=positions), b, agenda)
    magnitude = after.issue(issue.id).magnitude
    assert magnitude is not None
    assert target.magnitude is not None
    assert magnitude <= target.magnitude
    assert before.summary.compatibility is not None
    assert after.summary.compatibility is not None
    assert after.summary.compatibility >= before.summary.compatibility - 1e-12


@given(two_memoranda())
def test_an_options_figures_are_those_of_the_memorandum_with_the_option_taken(
    case: Case,
) -> None:
    """Each option's summary equals comparing the memorandum rewritten with that option.

    The option's positions restate the main ones (stricter firmness, higher salience), and
    the counterpart is read on its main positions.
    """
    agenda, a, b = case
    result = negpos.compare(a, b, agenda)
    main_a = Memorandum(party=a.party, positions=a.positions)
    main_b = Memorandum(party=b.party, positions=b.positions)
    for group in result.alternatives:
        memo, mirrored = (a, False) if group.party == "a" else (b, True)
        for fared in group.options:
            option = next(
                o
                for g in memo.alternatives
                if g.id == group.group
                for o in g.options
                if o.id == fared.option
            )
            taken = {p.issue: p for p in memo.positions}
            taken.update({p.issue: restated(taken.get(p.issue), p) for p in option.positions})
            rewritten = Memorandum(party=memo.party, positions=tuple(taken.values()))
            pair = (main_a, rewritten) if mirrored else (rewritten, main_b)
            expected = negpos.compare(*pair, agenda).summary
            assert figures(expected) == figures(fared.summary)


@given(two_memoranda())
def test_comparisons_serialise_deterministically(case: Case) -> None:
    """The data form is JSON-ready and the same for equal comparisons."""
    agenda, a, b = case
    first: Comparison = negpos.compare(a, b, agenda)
    text = json.dumps(first.to_dict(), sort_keys=False)
    assert text == json.dumps(negpos.compare(a, b, agenda).to_dict(), sort_keys=False)
