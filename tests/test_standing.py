"""Standing positions, and comparing two parties of a negotiation at a round."""

from __future__ import annotations

import pytest
from hypothesis import given

import negpos
from negpos import Negotiation, NotFoundError, NumericStance, Status
from negpos import strategies as nst
from negpos._model.standing import standing, standing_by_round

TALKS = """\
format: 1
title: Talks
parties:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
  - {id: c, name: Gamma, role: mediator}
issues:
  - {id: truce, kind: boolean, title: Truce}
  - {id: days, kind: numeric, title: Days, unit: days, bounds: [0, 100]}
  - {id: pows, kind: boolean, title: Prisoners}
rounds:
  - id: r1
    date: 2025-05-16
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
          - {issue: truce, stance: {kind: boolean, accepts: [false]}}
  - id: r2
    date: 2025-06-02
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
        positions:
          - {issue: days, stance: {kind: numeric, min: 20}}
        withdrawn: [pows]
        alternatives:
          - id: g
            options:
              - {id: x, positions: [{issue: days, stance: {kind: numeric, min: 5}}]}
              - {id: z, positions: [{issue: truce, stance: {kind: boolean, accepts: [false]}}]}
      - party: c
        positions:
          - {issue: truce, stance: {kind: boolean, accepts: [true]}}
"""


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    """Three rounds in which positions are carried forward, restated and withdrawn."""
    return negpos.loads(TALKS)


def issues_of(memo: negpos.Memorandum) -> list[str]:
    """The issues of a memorandum's main positions, in order."""
    return [p.issue for p in memo.positions]


def test_positions_stand_until_restated(talks: Negotiation) -> None:
    """A round that tables only prisoners leaves the truce and days positions standing."""
    held = talks.standing("a", round_id="r2")
    assert ["truce", "days", "pows"] == issues_of(held)  # agenda order, not tabling order
    assert ("a", "r2") == (held.party, held.round)
    days = held.position("days")
    assert days is not None
    assert NumericStance(min=30) == days.stance


def test_restating_replaces_and_withdrawing_drops(talks: Negotiation) -> None:
    """At r3, days is restated at 20, prisoners is withdrawn, and the truce is superseded.

    The r3 memorandum offers an option on the truce (z) and states no main position on it:
    the option supersedes the truce position of r1. It states days both as a main position
    and in an option (x), so the main position on days stands.
    """
    held = standing(talks, "a", "r3")
    assert ["days"] == issues_of(held)
    days = held.position("days")
    assert days is not None
    assert NumericStance(min=20) == days.stance
    assert ["days"] == issues_of(standing(talks, "b", "r2"))


def test_groups_of_alternatives_stand_and_are_replaced_by_id(talks: Negotiation) -> None:
    """Group g of r1 stands at r2 and is replaced by the group g restated at r3."""
    assert ["x", "y"] == [o.id for o in talks.standing("a", round_id="r2").alternatives[0].options]
    (group,) = talks.standing("a", round_id="r3").alternatives
    assert ["x", "z"] == [o.id for o in group.options]


def test_a_party_that_never_tabled_holds_nothing(talks: Negotiation) -> None:
    """Before its first memorandum a party's standing memorandum is empty."""
    held = talks.standing("c", round_id="r2")
    assert ((), ()) == (held.positions, held.alternatives)


def test_unknown_party_or_round_is_refused(talks: Negotiation) -> None:
    """Standing positions of an unknown party or at an unknown round raise NotFoundError."""
    with pytest.raises(NotFoundError, match="no party 'zz'"):
        talks.standing("zz", round_id="r1")
    with pytest.raises(NotFoundError, match="no round 'r9'"):
        talks.standing("a", round_id="r9")


def test_compare_defaults_to_the_latest_round_both_tabled_in(talks: Negotiation) -> None:
    """Parties a and b last tabled together at r2; their standing positions are compared there.

    Standing at r2: a holds truce, days >= 30 and prisoners; b holds days <= 10 (its truce
    position withdrawn): days is a gap of 20/100, the other two are one-sided.
    """
    result = talks.compare("a", "b")
    assert ("r2", "r2") == (result.round_a, result.round_b)
    assert [
        ("truce", Status.ONE_SIDED),
        ("days", Status.GAP),
        ("pows", Status.ONE_SIDED),
    ] == [(c.issue.id, c.status) for c in result.rows]
    assert pytest.approx(0.2) == result.issue("days").magnitude
    assert result == talks.compare("a", "b", round_id="r2")


def test_tabled_only_compares_what_the_round_itself_holds(talks: Negotiation) -> None:
    """Restricted to r2's memoranda, a's prisoners point and b's days point do not meet.

    A party that tabled nothing in the round is compared as an empty memorandum.
    """
    result = talks.compare("a", "b", round_id="r2", tabled_only=True)
    assert [("days", Status.ONE_SIDED), ("pows", Status.ONE_SIDED)] == [
        (c.issue.id, c.status) for c in result.rows
    ]
    empty = talks.compare("a", "c", round_id="r2", tabled_only=True)
    assert ["pows"] == [c.issue.id for c in empty.rows]


def test_compare_refuses_parties_that_never_met(talks: Negotiation) -> None:
    """Parties b and c never tabled in the same round, so there is no default round to compare."""
    with pytest.raises(NotFoundError, match="'b' and 'c' never tabled positions"):
        talks.compare("b", "c")
    with pytest.raises(NotFoundError, match="no party 'zz'"):
        talks.compare("a", "zz")
    assert "r3" == talks.compare("a", "c").round_a


@given(nst.negotiations())
def test_standing_is_the_latest_word_on_each_issue(neg: Negotiation) -> None:
    """Each standing position is the one in the latest memorandum that speaks to the issue."""
    for k, rnd in enumerate(neg.rounds):
        for party in neg.parties:
            held = standing(neg, party.id, rnd.id)
            expected = []
            for issue in neg.issues:
                # Walk back from this round to the last memorandum that states or withdraws it.
                for earlier in reversed(neg.rounds[: k + 1]):
                    memo = earlier.memorandum(party.id)
                    if memo is None:
                        continue
                    found = memo.position(issue.id)
                    if found is not None:
                        expected.append(found)
                        break
                    # Withdrawn, or superseded by the memorandum's options.
                    if issue.id in memo.withdrawn or issue.id in memo.issue_ids():
                        break
            assert tuple(expected) == held.positions


@given(nst.negotiations())
def test_standing_by_round_equals_standing_at_each_round(neg: Negotiation) -> None:
    """Carrying positions forward in one pass equals standing() at every round."""
    for party in neg.parties:
        expected = tuple(standing(neg, party.id, rnd.id) for rnd in neg.rounds)
        assert expected == standing_by_round(neg, party.id)


def test_standing_by_round_unknown_party(talks: Negotiation) -> None:
    """An unknown party is refused, as standing() refuses it."""
    with pytest.raises(NotFoundError):
        standing_by_round(talks, "zz")


def test_standing_by_round_hand_worked(talks: Negotiation) -> None:
    """Each round's memorandum carries the earlier positions, restatements and withdrawals."""
    assert [["truce", "days"], ["truce", "days", "pows"], ["days"]] == [
        issues_of(m) for m in standing_by_round(talks, "a")
    ]
