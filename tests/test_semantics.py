"""Outcomes agreed at the table, conditions that bind, and alternatives read as offered.

Hand-worked examples for each rule of issue 15, and the laws: an issue settled at the table
is never a gap; an unmet condition never yields common ground nor raises the index; adding an
option never hides an issue or a red line; an option never weakens a restated position.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import (
    AlternativeGroup,
    BooleanIssue,
    BooleanStance,
    Condition,
    Element,
    Firmness,
    Memorandum,
    NumericIssue,
    NumericStance,
    Option,
    Outcome,
    Position,
    SetIssue,
    SetStance,
    Status,
)
from negpos import strategies as nst
from negpos._model.issues import Issue, Kind
from negpos._model.stances import AnyStance

WITHDRAW = BooleanIssue(id="withdraw", title="Withdrawal")
TRUCE = NumericIssue(id="truce", title="Ceasefire days", unit="days", bounds=(0, 100))
BODIES = BooleanIssue(id="bodies", title="Repatriation of bodies")
POWS = SetIssue(
    id="pows",
    title="Prisoner categories",
    items=(
        Element(id="wounded", label="Wounded"),
        Element(id="young", label="Aged 18 to 25"),
        Element(id="others", label="All others"),
    ),
)
ELECTIONS = BooleanIssue(id="elections", title="Elections")
MARTIAL = BooleanIssue(id="martial", title="Martial law lifted")
AGENDA: tuple[Issue, ...] = (WITHDRAW, TRUCE, BODIES, POWS, ELECTIONS, MARTIAL)

YES, NO = BooleanStance(accepts=(True,)), BooleanStance(accepts=(False,))


def pos(
    issue: str,
    stance: AnyStance,
    firmness: Firmness = Firmness.FIRM,
    salience: float = 0.5,
    conditions: tuple[Condition, ...] = (),
) -> Position:
    """A position with the given stance, firmness, salience and conditions."""
    return Position(
        issue=issue, stance=stance, firmness=firmness, salience=salience, conditions=conditions
    )


def memo(party: str, *positions: Position, groups: tuple[AlternativeGroup, ...] = ()) -> Memorandum:
    """A memorandum of ``party``."""
    return Memorandum(party=party, positions=positions, alternatives=groups)


# --- outcomes agreed at the table --------------------------------------------------------------

TALKS = """\
format: 1
title: Talks
parties:
  - {id: ru, name: Russia}
  - {id: ua, name: Ukraine}
  - {id: us, name: United States, role: mediator}
issues:
  - {id: truce, kind: numeric, title: Ceasefire days, unit: days, bounds: [0, 100]}
  - {id: bodies, kind: boolean, title: Repatriation of bodies}
  - id: pows
    kind: set
    title: Prisoner categories
    items: [{id: wounded, label: Wounded}, {id: young, label: Young}, {id: others, label: Others}]
rounds:
  - id: r1
    date: 2025-06-02
    memoranda:
      - party: ru
        positions:
          - {issue: truce, stance: {kind: numeric, max: 5}}
          - {issue: bodies, stance: {kind: boolean, accepts: [false]}}
      - party: ua
        positions:
          - {issue: truce, stance: {kind: numeric, min: 30}}
          - {issue: bodies, stance: {kind: boolean, accepts: [true]}}
    agreed:
      - summary: Bodies are repatriated.
        issue: bodies
        stance: {kind: boolean, accepts: [true]}
        parties: [ru, ua]
        sources: [https://example.org/bodies]
      - summary: Wounded and young prisoners are exchanged.
        issue: pows
        stance: {kind: set, requires: [wounded, young]}
      - summary: The delegations will meet again.
      - summary: Russia and the US agree on a ceasefire of 10 days.
        issue: truce
        stance: {kind: numeric, min: 10, max: 10}
        parties: [ru, us]
  - id: r2
    date: 2025-07-23
    memoranda:
      - party: ru
        positions:
          - {issue: bodies, stance: {kind: boolean, accepts: [false]}}
"""


@pytest.fixture(scope="module")
def talks() -> negpos.Negotiation:
    """Two rounds: outcomes typed and in words at r1, Russia going back on one at r2."""
    return negpos.loads(TALKS)


def test_an_outcome_settles_its_issue_whatever_the_memoranda_say(
    talks: negpos.Negotiation,
) -> None:
    """At r1 the memoranda disagree on bodies, but both agreed at the table: settled.

    Prisoners, which neither memorandum addresses, is settled too (no parties listed: every
    party of the round). The truce outcome of Russia and the US settles nothing between
    Russia and Ukraine, and the outcome in words settles nothing. Index: bodies and
    prisoners count 1 each with weight 0.5 (neither side addresses prisoners: 0.5), the truce
    gap 0.25 with weight 0.5: (0.5 + 0.5 + 0.375) / 1.5.
    """
    result = talks.compare("ru", "ua", round_id="r1")
    assert [("truce", Status.GAP), ("bodies", Status.SETTLED), ("pows", Status.SETTLED)] == [
        (c.issue.id, c.status) for c in result.rows
    ]
    bodies = result.issue("bodies")
    assert (0.0, YES, "r1", ()) == (bodies.magnitude, bodies.zone, bodies.settled_in, ())
    assert () == bodies.reneged_by  # tabled at the round of the agreement, not after it
    assert bodies.outcome is not None
    assert "Bodies are repatriated." == bodies.outcome.summary
    pows = result.issue("pows")
    assert (None, None) == (pows.position_a, pows.position_b)
    assert SetStance(requires=("wounded", "young")) == pows.zone
    assert pytest.approx((0.5 + 0.5 + 0.375) / 1.5) == result.summary.compatibility
    assert 2 == result.summary.count("settled")
    assert 0 == result.summary.red_line_count


def test_a_later_position_that_departs_from_an_outcome_is_flagged(
    talks: negpos.Negotiation,
) -> None:
    """At r2 Russia restates "no repatriation": still settled, Russia flagged as reneging."""
    bodies = talks.compare("ru", "ua", round_id="r2").issue("bodies")
    assert (Status.SETTLED, ("ru",), "r2") == (bodies.status, bodies.reneged_by, bodies.since_a)
    assert ("ru",) == bodies.swapped().reneged_by


def test_outcomes_show_in_reports_changes_and_trajectories(talks: negpos.Negotiation) -> None:
    """Every outcome of the round is listed, typed or in words; trajectories list both's."""
    report = negpos.round_report(talks, "ru", "ua", round_id="r1")
    assert [o.outcome.summary for o in report.agreed] == [
        "Bodies are repatriated.",
        "Wounded and young prisoners are exchanged.",
        "The delegations will meet again.",
        "Russia and the US agree on a ceasefire of 10 days.",
    ]
    markdown = report.to_markdown()
    assert "Agreed at the table" in markdown
    assert "The delegations will meet again. (in words only; agreed by every party" in markdown
    assert "settled at the table" in markdown
    assert "Agreed at the table" in report.to_html()
    assert "Agreed at the table" in negpos.render(report, fmt="terminal")
    assert "Bodies are repatriated." in report.to_json()
    trajectory = talks.trajectory("ru", "ua")
    assert 3 == len(trajectory.agreed)  # the ru-us outcome is not both's
    assert [Status.SETTLED, Status.SETTLED] == [p.status for p in trajectory.issue("bodies").points]
    changes = talks.changes("ru", from_round="r1", to_round="r2")
    assert () == changes.agreed


def test_a_plain_comparison_takes_outcomes_and_checks_them() -> None:
    """``compare(..., outcomes=...)`` settles; an outcome off the agenda is an input error."""
    a, b = memo("a", pos("bodies", NO)), memo("b", pos("bodies", YES))
    agreed = Outcome(summary="Bodies.", issue="bodies", stance=YES)
    result = negpos.compare(a, b, AGENDA, outcomes=[agreed])
    # Without rounds, any position that does not accept the outcome is flagged.
    assert (Status.SETTLED, ("a",)) == (
        result.issue("bodies").status,
        result.issue("bodies").reneged_by,
    )
    with pytest.raises(negpos.InputError, match=r"outcomes\[0\]\.issue"):
        negpos.compare(a, b, AGENDA, outcomes=[Outcome(summary="x", issue="nope", stance=YES)])
    bad = Outcome(summary="x", issue="truce", stance=YES)
    with pytest.raises(negpos.InputError, match=r"outcomes\[0\]\.stance"):
        negpos.compare(a, b, AGENDA, outcomes=[bad])
    with pytest.raises(negpos.UsageError, match=r"negpos\.Outcome"):
        negpos.compare(a, b, AGENDA, outcomes=["bodies"])  # type: ignore[list-item]


# --- conditions --------------------------------------------------------------------------------

AFTER_WITHDRAWAL = (Condition(issue="withdraw", stance=YES),)


def test_an_overlap_whose_condition_is_in_gap_is_conditional() -> None:
    """Russia: a truce of up to 60 days once Ukraine withdraws; Ukraine: 30 days, no withdrawal.

    The truce overlaps on [30, 60], but withdrawal is a gap: the truce is conditional, out of
    the index. The index is then the withdrawal gap alone, 0; without the condition it
    would be (0 + 1) / 2 = 0.5.
    """
    ru = memo(
        "ru", pos("withdraw", YES), pos("truce", NumericStance(max=60), conditions=AFTER_WITHDRAWAL)
    )
    ua = memo("ua", pos("withdraw", NO), pos("truce", NumericStance(min=30)))
    result = negpos.compare(ru, ua, AGENDA)
    truce = result.issue("truce")
    assert (Status.CONDITIONAL, None, (("ru", "withdraw"),)) == (
        truce.status,
        truce.magnitude,
        truce.unmet_conditions,
    )
    assert NumericStance(min=30, max=60) == truce.zone  # the zone if the condition is met
    assert 0.0 == result.summary.compatibility
    assert 1 == result.summary.count("conditional")
    plain = memo("ru", pos("withdraw", YES), pos("truce", NumericStance(max=60)))
    assert 0.5 == negpos.compare(plain, ua, AGENDA).summary.compatibility


def test_a_condition_is_met_by_a_common_outcome_or_an_outcome_agreed() -> None:
    """Met when both accept withdrawal, or when withdrawal was settled as demanded."""
    ru = memo(
        "ru", pos("withdraw", YES), pos("truce", NumericStance(max=60), conditions=AFTER_WITHDRAWAL)
    )
    either = memo(
        "ua",
        pos("withdraw", BooleanStance(accepts=(True, False))),
        pos("truce", NumericStance(min=30)),
    )
    assert Status.OVERLAP == negpos.compare(ru, either, AGENDA).issue("truce").status
    ua = memo("ua", pos("withdraw", NO), pos("truce", NumericStance(min=30)))
    settled = Outcome(summary="Withdrawal.", issue="withdraw", stance=YES)
    assert (
        Status.OVERLAP == negpos.compare(ru, ua, AGENDA, outcomes=[settled]).issue("truce").status
    )
    refused = Outcome(summary="No withdrawal.", issue="withdraw", stance=NO)
    found = negpos.compare(ru, ua, AGENDA, outcomes=[refused]).issue("truce")
    assert Status.CONDITIONAL == found.status
    # A condition on an issue nobody addresses cannot be met either.
    lone = memo("ru", pos("truce", NumericStance(max=60), conditions=AFTER_WITHDRAWAL))
    only = memo("ua", pos("truce", NumericStance(min=30)))
    assert Status.CONDITIONAL == negpos.compare(lone, only, AGENDA).issue("truce").status


def test_conditions_chain() -> None:
    """Elections after martial law is lifted, martial law lifted after withdrawal (in gap).

    Both sides accept elections and lifting martial law, but the chain ends in a gap, so
    both are conditional.
    """
    ru = memo(
        "ru",
        pos("withdraw", YES),
        pos("martial", YES, conditions=AFTER_WITHDRAWAL),
        pos("elections", YES, conditions=(Condition(issue="martial", stance=YES),)),
    )
    ua = memo("ua", pos("withdraw", NO), pos("martial", YES), pos("elections", YES))
    result = negpos.compare(ru, ua, AGENDA)
    assert [Status.GAP, Status.CONDITIONAL, Status.CONDITIONAL] == [
        result.issue(i).status for i in ("withdraw", "martial", "elections")
    ]
    assert (("ru", "martial"),) == result.issue("elections").unmet_conditions


def test_a_file_with_a_bad_condition_names_the_field() -> None:
    """An unknown issue, a text issue and a stance of the wrong kind are refused by path."""
    text = """\
format: 1
title: T
parties: [{id: a, name: A}]
issues:
  - {id: x, kind: boolean, title: X}
  - {id: y, kind: numeric, title: Y, unit: days, bounds: [0, 10]}
  - {id: note, kind: text, title: Note}
rounds:
  - id: r1
    date: 2025-01-01
    memoranda:
      - party: a
        positions:
          - issue: x
            stance: {kind: boolean, accepts: [true]}
            conditions:
              - {issue: nope, stance: {kind: boolean, accepts: [true]}}
              - {issue: y, stance: {kind: boolean, accepts: [true]}}
              - {issue: note, stance: {kind: text, statement: hi}}
"""
    with pytest.raises(negpos.InputError) as caught:
        negpos.loads(text)
    fields = {p.field for p in caught.value.problems}
    at = "rounds[0].memoranda[0].positions[0].conditions"
    assert {f"{at}[0].issue", f"{at}[1].stance.kind", f"{at}[2].issue"} <= fields
    with pytest.raises(ValueError, match="its own issue"):
        Position(issue="x", stance=YES, conditions=(Condition(issue="x", stance=YES),))


# --- alternatives ------------------------------------------------------------------------------

PULLOUT = Option(id="pullout", positions=(pos("withdraw", YES, Firmness.FLEXIBLE, 0.9),))
PACKAGE = Option(
    id="package",
    positions=(
        pos("truce", NumericStance(max=40)),
        pos("elections", YES),
        pos("martial", YES),
        pos("bodies", YES),
    ),
)
ROUTES = AlternativeGroup(id="routes", options=(PULLOUT, PACKAGE))


def russia() -> Memorandum:
    """Russia: withdrawal as a red line, a five-day truce, and two routes."""
    return memo(
        "ru",
        pos("withdraw", YES, Firmness.RED_LINE),
        pos("truce", NumericStance(max=5)),
        groups=(ROUTES,),
    )


UKRAINE = memo("ua", pos("withdraw", NO), pos("truce", NumericStance(min=30)))


def test_the_closest_option_counts_the_demands_left_unanswered() -> None:
    """The package has the higher index but leaves four issues open; the pullout two.

    Pullout: withdrawal gap (red line; weight (0.9 + 0.5) / 2 = 0.7, the option's higher
    salience standing), truce gap 0.25 (weight 0.5): index (0 + 0.5 * 0.75) / 1.2 = 0.3125,
    unresolved 2. Package: withdrawal gap (weight 0.5), truce overlap [30, 40]: index
    0.5 / 1.0 = 0.5, but elections, martial law and bodies go unanswered: unresolved 4. The pullout is closest; the headline takes it, and lists the
    package's three other issues as in another option, with how each option fares.
    """
    result = negpos.compare(russia(), UKRAINE, AGENDA)
    (group,) = result.alternatives
    pullout, package = group.options
    assert (2, 4) == (pullout.summary.unresolved, package.summary.unresolved)
    assert pytest.approx(0.3125) == pullout.summary.compatibility
    assert pytest.approx(0.5) == package.summary.compatibility
    assert "pullout" == group.closest
    assert pytest.approx(0.3125) == result.summary.compatibility
    statuses = {c.issue.id: c.status for c in result.rows}
    assert {
        "withdraw": Status.GAP,
        "truce": Status.GAP,
        "bodies": Status.OTHER_OPTION,
        "elections": Status.OTHER_OPTION,
        "martial": Status.OTHER_OPTION,
    } == statuses
    truce = result.issue("truce")
    assert [("pullout", False, Status.GAP), ("package", True, Status.OVERLAP)] == [
        (f.option, f.addresses, f.status) for f in truce.fares
    ]


def test_an_option_never_weakens_a_restated_red_line() -> None:
    """The pullout restates withdrawal as flexible at salience 0.9: red line, 0.9 stand."""
    withdraw = negpos.compare(russia(), UKRAINE, AGENDA).issue("withdraw")
    assert withdraw.position_a is not None
    assert (Firmness.RED_LINE, 0.9) == (withdraw.position_a.firmness, withdraw.position_a.salience)
    assert ("ru",) == withdraw.red_lines


def test_alternatives_supersede_earlier_positions() -> None:
    """May: withdrawal as a precondition. June: withdrawal or a truce, as options.

    At June the May position no longer stands on its own: the headline reads the June
    options.
    """
    text = """\
format: 1
title: T
parties: [{id: ru, name: Russia}, {id: ua, name: Ukraine}]
issues:
  - {id: withdraw, kind: boolean, title: Withdrawal}
  - {id: truce, kind: numeric, title: Days, unit: days, bounds: [0, 100]}
rounds:
  - id: may
    date: 2025-05-16
    memoranda:
      - party: ru
        positions: [{issue: withdraw, stance: {kind: boolean, accepts: [true]}}]
      - party: ua
        positions: [{issue: withdraw, stance: {kind: boolean, accepts: [false]}}]
  - id: june
    date: 2025-06-02
    memoranda:
      - party: ru
        alternatives:
          - id: routes
            options:
              - {id: pullout, positions: [{issue: withdraw, stance: {kind: boolean, accepts: [true]}}]}
              - {id: truce, positions: [{issue: truce, stance: {kind: numeric, max: 30}}]}
"""
    neg = negpos.loads(text)
    assert neg.standing("ru", round_id="june").position("withdraw") is None
    result = neg.compare("ru", "ua", round_id="june")
    # Pullout leaves one issue open (the withdrawal gap); the truce option two (a truce
    # Ukraine does not answer, a withdrawal Russia no longer demands).
    assert "pullout" == result.alternatives[0].closest
    withdraw = result.issue("withdraw")
    assert (Status.GAP, "june", "may") == (withdraw.status, withdraw.since_a, withdraw.since_b)
    assert Status.OTHER_OPTION == result.issue("truce").status
    changes = neg.changes("ru", from_round="may", to_round="june")
    assert negpos.Movement.INTO_OPTIONS == changes.issue("withdraw").movement


# --- laws --------------------------------------------------------------------------------------


@st.composite
def _pair_and_outcomes(
    draw: st.DrawFn,
) -> tuple[tuple[Issue, ...], Memorandum, Memorandum, tuple[Outcome, ...]]:
    agenda = draw(nst.agendas(1, 5))
    a = draw(nst.memoranda(agenda, "a"))
    b = draw(nst.memoranda(agenda, "b"))
    typed = [i for i in agenda if i.kind is not Kind.TEXT]
    outcomes: list[Outcome] = []
    if typed:
        for issue in draw(st.lists(st.sampled_from(typed), max_size=2, unique_by=lambda i: i.id)):
            stance = draw(nst.stances(issue))
            outcomes.append(
                Outcome.model_validate({"summary": "agreed", "issue": issue.id, "stance": stance})
            )
    return agenda, a, b, tuple(outcomes)


@given(_pair_and_outcomes())
def test_law_an_issue_settled_at_the_table_is_never_a_gap(
    case: tuple[tuple[Issue, ...], Memorandum, Memorandum, tuple[Outcome, ...]],
) -> None:
    """Every issue with an outcome agreed by both is settled, with the outcome as its zone."""
    agenda, a, b, outcomes = case
    result = negpos.compare(a, b, agenda, outcomes=outcomes)
    for outcome in outcomes:
        assert outcome.issue is not None
        row = result.issue(outcome.issue)
        assert Status.SETTLED == row.status
        assert 0.0 == row.magnitude
        assert outcome.stance == row.zone
    assert all(g.status is Status.GAP for g in result.summary.gaps)


@given(_pair_and_outcomes())
def test_law_an_unmet_condition_never_yields_common_ground(
    case: tuple[tuple[Issue, ...], Memorandum, Memorandum, tuple[Outcome, ...]],
) -> None:
    """A row whose condition cannot be met is conditional and has no magnitude.

    Every compatible row's conditions lie on rows that are settled or compatible.
    """
    agenda, a, b, outcomes = case
    result = negpos.compare(a, b, agenda, outcomes=outcomes)
    for row in result.rows:
        if row.unmet_conditions:
            assert (Status.CONDITIONAL, None) == (row.status, row.magnitude)
        if row.status in (Status.IDENTICAL, Status.SAME_PREFERENCE, Status.OVERLAP):
            for p in (row.position_a, row.position_b):
                assert p is not None
                for condition in p.conditions:
                    other = result.issue(condition.issue)
                    assert other.status in (
                        Status.SETTLED,
                        Status.IDENTICAL,
                        Status.SAME_PREFERENCE,
                        Status.OVERLAP,
                    )


@given(_pair_and_outcomes(), st.data())
def test_law_a_condition_never_raises_the_index(
    case: tuple[tuple[Issue, ...], Memorandum, Memorandum, tuple[Outcome, ...]],
    data: st.DataObject,
) -> None:
    """Adding a condition to a position never raises the index (nor turns None into one).

    Read on main positions only: with alternatives a condition may change which option is
    closest, and so what the headline reads.
    """
    agenda, a, b, outcomes = case
    a = a.model_copy(update={"alternatives": ()})
    b = b.model_copy(update={"alternatives": ()})
    if not a.positions:
        return
    k = data.draw(st.integers(0, len(a.positions) - 1))
    target = a.positions[k]
    issue = next(i for i in agenda if i.id == target.issue)
    added = data.draw(nst.conditions(issue, agenda))
    if not added or any(c.issue == added[0].issue for c in target.conditions):
        return
    stricter = target.model_copy(update={"conditions": (*target.conditions, *added)})
    positions = (*a.positions[:k], stricter, *a.positions[k + 1 :])
    after = negpos.Memorandum(party="a", positions=positions)
    before_index = negpos.compare(a, b, agenda, outcomes=outcomes).summary.compatibility
    after_index = negpos.compare(after, b, agenda, outcomes=outcomes).summary.compatibility
    if before_index is None:
        assert after_index is None
    elif after_index is not None:
        assert after_index <= before_index + 1e-12


@given(_pair_and_outcomes(), st.data())
def test_law_adding_an_option_never_hides_an_issue_or_a_red_line(
    case: tuple[tuple[Issue, ...], Memorandum, Memorandum, tuple[Outcome, ...]],
    data: st.DataObject,
) -> None:
    """One more option in a group: every issue and every red line in conflict still shows.

    Every red line an option crosses (read whole, its fares) still shows; and when only one
    side offers alternatives, so does every red line of the headline. A red line crossed only
    by the pair of both sides' closest options is the documented exception (concepts,
    "Alternatives"); ``test_a_red_line_of_the_headline_pair_only`` works one through.
    """
    agenda, a, b, outcomes = case
    if not a.alternatives:
        return
    extra = data.draw(nst.memoranda(agenda, "a"))
    if not extra.positions:
        return
    group = a.alternatives[0]
    taken = {o.id for o in group.options}
    option = Option(
        id=next(f"x{n}" for n in range(10) if f"x{n}" not in taken), positions=extra.positions
    )
    grown = group.model_copy(update={"options": (*group.options, option)})
    after = a.model_copy(update={"alternatives": (grown, *a.alternatives[1:])})
    before = negpos.compare(a, b, agenda, outcomes=outcomes)
    now = negpos.compare(after, b, agenda, outcomes=outcomes)
    assert {c.issue.id for c in before.rows} <= {c.issue.id for c in now.rows}
    assert _crossed_by_an_option(before) <= _crossed_by_an_option(now)
    if not b.alternatives:
        assert set(before.red_lines_anywhere) <= set(now.red_lines_anywhere)


def _crossed_by_an_option(comparison: negpos.Comparison) -> set[str]:
    return {r.issue.id for r in comparison.rows if any(f.red_lines for f in r.fares)}


def test_a_red_line_of_the_headline_pair_only() -> None:
    """Both sides offer options; a red line crossed only by the pair of closest options.

    Russia's closest option caps the truce at 5 days (a red line); Ukraine's asks for at
    least 30 (a red line). Each side's other option adds a demand on bodies the other leaves
    unanswered, so it leaves one issue more unresolved (4 against 3). Read alone, each option
    meets the other side's silence on the truce (one-sided), so the fares cross no red line;
    the headline takes both closest options and shows the gap, red lines (ru, ua). Ukraine
    then adds a route that accepts elections and lifting martial law and leaves nothing
    unresolved: it comes closest, the headline pair changes, and the truce's red line leaves
    ``red_lines_anywhere`` (the documented exception).
    """
    cap = pos("truce", NumericStance(max=5), Firmness.RED_LINE)
    floor_ = pos("truce", NumericStance(min=30), Firmness.RED_LINE)
    ru = memo(
        "ru",
        pos("elections", YES),
        pos("martial", YES),
        groups=(
            AlternativeGroup(
                id="r",
                options=(
                    Option(id="cap", positions=(cap,)),
                    Option(id="hard", positions=(cap, pos("bodies", YES))),
                ),
            ),
        ),
    )
    floor = Option(id="floor", positions=(floor_,))
    firm = Option(id="firm", positions=(floor_, pos("bodies", NO)))
    vote = Option(id="vote", positions=(pos("elections", YES), pos("martial", YES)))

    def ukraine(*options: Option) -> Memorandum:
        return memo(
            "ua",
            pos("elections", NO),
            pos("martial", NO),
            groups=(AlternativeGroup(id="u", options=options),),
        )

    before = negpos.compare(ru, ukraine(floor, firm), AGENDA)
    truce = before.issue("truce")
    assert (Status.GAP, ("ru", "ua")) == (truce.status, truce.red_lines)
    assert {Status.ONE_SIDED} == {f.status for f in truce.fares}
    assert ("truce",) == before.red_lines_anywhere
    after = negpos.compare(ru, ukraine(floor, firm, vote), AGENDA)
    assert ["cap", "vote"] == [g.closest for g in after.alternatives]
    assert Status.ONE_SIDED is after.issue("truce").status
    assert () == after.red_lines_anywhere


@given(_pair_and_outcomes())
def test_law_an_option_never_weakens_a_restated_position(
    case: tuple[tuple[Issue, ...], Memorandum, Memorandum, tuple[Outcome, ...]],
) -> None:
    """An option never makes a restated position less firm or less salient.

    Wherever an option restates a main position, the row shows a firmness at least as
    strict and a salience at least as high as the main position's.
    """
    agenda, a, b, outcomes = case
    result = negpos.compare(a, b, agenda, outcomes=outcomes)
    strictness = {f: k for k, f in enumerate(Firmness)}
    rows = [*result.rows, *(r for g in result.alternatives for o in g.options for r in o.rows)]
    for row in rows:
        main = a.position(row.issue.id)
        shown = row.position_a
        if main is None or shown is None:
            continue
        assert strictness[shown.firmness] <= strictness[main.firmness]
        assert shown.salience >= main.salience


# --- scenarios ---------------------------------------------------------------------------------


def test_scenarios_honour_conditions_and_outcomes() -> None:
    """Ukraine accepting the withdrawal turns the conditional truce into an overlap.

    The patched comparison of a scenario equals comparing the moved memoranda from scratch,
    and the search counts the freed truce as common ground.
    """
    from negpos.scenarios import Baseline, compatibility_at_least, explore

    ru = memo(
        "ru",
        pos("withdraw", YES),
        pos("truce", NumericStance(max=60), conditions=AFTER_WITHDRAWAL),
    )
    ua = memo("ua", pos("withdraw", NO), pos("truce", NumericStance(min=30)))
    base = Baseline.of_memoranda(ru, ua, AGENDA)
    assert Status.CONDITIONAL == base.comparison.issue("truce").status
    moved = {("ua", "withdraw"): pos("withdraw", BooleanStance(accepts=(True, False)))}
    after = base.compare_after(moved)
    assert [Status.OVERLAP, Status.OVERLAP] == [
        after.issue(i).status for i in ("withdraw", "truce")
    ]
    fresh = negpos.compare(ru, memo("ua", moved["ua", "withdraw"], ua.positions[1]), AGENDA)
    assert fresh.rows == after.rows
    assert fresh.summary == after.summary
    found = explore(base, goal=compatibility_at_least(1.0))
    assert found.best is not None
    assert Status.OVERLAP is found.best.comparison.issue("truce").status


# --- the June 2025 round, end to end -------------------------------------------------------


def test_june_2025_round_report_end_to_end() -> None:
    """Istanbul, 2 June 2025, in every format: agreed outcomes, package items, conditions.

    The three outcomes (an exchange by category, 6,000 bodies, standing medical
    commissions) are settled at the table although the memoranda barely address them; the
    withdrawal route leaves fewer issues open than the ten-point package, so the headline
    reads it, and the package's own items are "in another option"; Russia's 30-day regime
    holds only after the withdrawal, which is a gap, so it is conditional.
    """
    report = negpos.round_report(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
    june = report.comparison
    settled = {c.issue.id: c for c in june.where(status="settled")}
    assert {
        "humanitarian.exchange_categories",
        "humanitarian.bodies",
        "humanitarian.medical_commissions",
    } == set(settled)
    assert {"istanbul-2"} == {c.settled_in for c in settled.values()}
    assert 3 == len(report.agreed)
    (routes,) = june.alternatives
    assert "withdrawal" == routes.closest
    withdrawal, package = routes.options
    assert withdrawal.summary.unresolved < package.summary.unresolved
    elections = june.issue("politics.elections_deadline")
    assert Status.OTHER_OPTION == elections.status
    assert [("withdrawal", False, Status.OTHER_OPTION), ("package", True, Status.ONE_SIDED)] == [
        (f.option, f.addresses, f.status) for f in elections.fares
    ]
    assert len(june.where(status="other_option")) >= 6
    duration = june.issue("ceasefire.duration")
    assert Status.CONDITIONAL == duration.status
    assert ("ru", "territory.withdrawal") in duration.unmet_conditions
    assert "territory.withdrawal" in june.red_lines_anywhere
    markdown = report.to_markdown()
    for words in (
        "Agreed at the table",
        "**settled at the table**",
        "**in another option**",
        "**conditional**",
        "condition not met: Russia only if territory.withdrawal",
        "options of Russia: withdrawal",
    ):
        assert words in markdown
    html = report.to_html()
    assert "settled at the table" in html
    assert "in another option" in html
    terminal = negpos.render(report, fmt="terminal")
    assert "settled at the table" in terminal
    assert "conditional" in terminal
    data = report.to_dict()["comparison"]
    row = next(r for r in data["rows"] if r["issue"] == "ceasefire.duration")
    assert [["ru", "territory.withdrawal"]] == row["unmet_conditions"]
