"""The matrix: every pair of parties that holds positions, compared at one round."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

import negpos
from negpos import Matrix, Negotiation, NotFoundError, Summary
from negpos import strategies as nst

TALKS = """\
format: 1
title: Talks
parties:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
  - {id: c, name: Gamma, role: mediator}
  - {id: d, name: Delta, role: observer}
issues:
  - {id: truce, kind: boolean, title: Truce}
  - {id: days, kind: numeric, title: Days, unit: days, bounds: [0, 100]}
rounds:
  - id: r1
    date: 2025-05-16
    memoranda:
      - party: a
        positions:
          - {issue: truce, stance: {kind: boolean, accepts: [true]}}
          - {issue: days, stance: {kind: numeric, min: 30}, salience: 1.0}
      - party: b
        positions:
          - {issue: truce, stance: {kind: boolean, accepts: [false]}, firmness: red_line}
          - {issue: days, stance: {kind: numeric, max: 10}}
  - id: r2
    date: 2025-06-02
    memoranda:
      - party: c
        positions:
          - {issue: days, stance: {kind: numeric, min: 20, max: 40}}
"""


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    """Two parties in r1 and a mediator in r2; the observer never tables anything."""
    return negpos.loads(TALKS)


def figures(summary: Summary) -> tuple[object, ...]:
    """A summary's figures, with the gaps by issue id."""
    return (
        summary.counts,
        summary.compatibility,
        summary.mean_gap,
        tuple(c.issue.id for c in summary.gaps),
    )


def test_standing_matrix_covers_every_party_holding_positions(talks: Negotiation) -> None:
    """At the last round a, b and c hold positions (d none): three pairs in party order.

    Pair a-b: truce and days are full and 0.2 gaps; a-c: days overlap [30, 40]; b-c: days 0.1.
    """
    matrix = talks.matrix()
    assert ("r2", ("a", "b", "c"), False) == (matrix.round, matrix.parties, matrix.tabled_only)
    assert [("a", "b"), ("a", "c"), ("b", "c")] == [(p.party_a, p.party_b) for p in matrix.pairs]
    ab = matrix.pair("b", "a").summary
    assert 2 == ab.count("gap")
    assert pytest.approx(0.6) == ab.mean_gap
    assert ["truce"] == [c.issue.id for c in ab.red_line_conflicts]
    ac = matrix.pair("a", "c").summary
    assert (1.0, 0.0) == (ac.compatibility, ac.mean_gap)
    assert pytest.approx(0.1) == matrix.pair("b", "c").summary.mean_gap


def test_each_pair_has_the_figures_of_comparing_the_two(talks: Negotiation) -> None:
    """A pair's summary is the summary of comparing the two parties at the matrix's round."""
    matrix = talks.matrix(round_id="r2")
    for pair in matrix.pairs:
        expected = talks.compare(pair.party_a, pair.party_b, round_id="r2").summary
        assert figures(expected) == figures(pair.summary)


def test_tabled_only_matrix_uses_the_latest_round_two_parties_tabled_in(
    talks: Negotiation,
) -> None:
    """Only r1 saw two parties table positions; restricted to it, a and b are the matrix."""
    matrix = talks.matrix(tabled_only=True)
    assert ("r1", ("a", "b")) == (matrix.round, matrix.parties)
    assert 1 == len(matrix.pairs)
    solo = talks.matrix(round_id="r2", tabled_only=True)
    assert (("c",), ()) == (solo.parties, solo.pairs)


def test_matrix_lookups_and_errors(talks: Negotiation) -> None:
    """Missing pairs and rounds raise NotFoundError; a party paired with itself is a misuse."""
    matrix = talks.matrix()
    with pytest.raises(NotFoundError, match="no pair 'a' and 'd'"):
        matrix.pair("a", "d")
    with pytest.raises(negpos.UsageError, match="two different parties"):
        matrix.pair("a", "a")
    with pytest.raises(NotFoundError, match="no round 'r9'"):
        talks.matrix(round_id="r9")
    lonely = negpos.loads("format: 1\ntitle: T\nparties: [{id: a, name: A}]\n")
    with pytest.raises(NotFoundError, match="no round has positions tabled by two parties"):
        lonely.matrix()


def test_matrix_data_is_json_ready(talks: Negotiation) -> None:
    """The matrix's data form survives JSON and names the round and the pairs."""
    data = talks.matrix().to_dict()
    assert data == json.loads(json.dumps(data))
    assert ["a", "b", "c"] == data["parties"]
    assert {"party_a": "a", "party_b": "b"} == {
        k: data["pairs"][0][k] for k in ("party_a", "party_b")
    }


def test_matrix_is_frozen_and_hashable(talks: Negotiation) -> None:
    """A matrix is an immutable value."""
    matrix: Matrix = talks.matrix()
    assert hash(matrix) == hash(talks.matrix())
    with pytest.raises(AttributeError):
        matrix.round = "r1"  # type: ignore[misc]


def test_bundled_matrix_pairs_every_party_of_the_dataset() -> None:
    """At the end of the bundled dataset, every party that tabled positions is in the matrix."""
    neg = negpos.bundled()
    matrix = neg.matrix()
    tabled = [p.id for p in neg.parties if any(r.memorandum(p.id) for r in neg.rounds)]
    assert tabled == list(matrix.parties)
    n = len(tabled)
    assert n * (n - 1) // 2 == len(matrix.pairs)


@given(nst.negotiations())
def test_every_pair_matches_its_comparison(neg: Negotiation) -> None:
    """For generated negotiations, pairs are all parties holding positions, with their figures."""
    if not neg.rounds:
        return
    matrix = neg.matrix(round_id=neg.rounds[-1].id)
    holding = [
        p.id
        for p in neg.parties
        if neg.standing(p.id, round_id=matrix.round).positions
        or neg.standing(p.id, round_id=matrix.round).alternatives
    ]
    assert tuple(holding) == matrix.parties
    for pair in matrix.pairs:
        expected = neg.compare(pair.party_a, pair.party_b, round_id=matrix.round).summary
        assert figures(expected) == figures(pair.summary)
