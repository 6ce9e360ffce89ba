"""Building reports: defaults, the changes since each side's previous round, sources."""

from __future__ import annotations

import pytest

import negpos
from negpos._analysis.reports import SourceIndex, moved
from negpos._model.selection import default_parties, previous_round

THREE_SIDES = negpos.loads(
    """
format: 1
title: Coalition talks
parties:
  - {id: greens, name: Greens}
  - {id: reds, name: Reds}
  - {id: blues, name: Blues}
  - {id: chair, name: Chair, role: mediator}
issues:
  - {id: tax, kind: numeric, title: Top tax rate, unit: "%", bounds: [0, 100]}
  - {id: coal, kind: boolean, title: Coal exit}
rounds:
  - id: r1
    date: 2025-01-10
    sources: ["https://example.org/r1"]
    memoranda:
      - party: greens
        positions:
          - issue: tax
            stance: {kind: numeric, min: 45}
            sources: ["https://example.org/g1"]
      - party: reds
        positions:
          - issue: tax
            stance: {kind: numeric, min: 50}
            sources: ["https://example.org/r1", "https://example.org/shared"]
  - id: r2
    date: 2025-02-10
    memoranda:
      - party: blues
        positions:
          - {issue: tax, stance: {kind: numeric, max: 40}}
  - id: r3
    date: 2025-03-10
    memoranda:
      - party: greens
        positions:
          - issue: tax
            stance: {kind: numeric, min: 42}
            sources: ["https://example.org/shared"]
          - {issue: coal, stance: {kind: boolean, accepts: [true]}, firmness: red_line}
      - party: reds
        positions:
          - {issue: coal, stance: {kind: boolean, accepts: [false]}}
""",
    fmt="yaml",
)


def test_default_parties_are_the_two_sides() -> None:
    """With exactly two parties of role party, those two; mediators do not count."""
    assert ("ru", "ua") == default_parties(negpos.bundled())


def test_default_parties_otherwise_the_first_two() -> None:
    """With three sides the default is the first two parties listed."""
    assert ("greens", "reds") == default_parties(THREE_SIDES)


def test_round_report_defaults_to_the_latest_shared_round() -> None:
    """With no round, the report is on the latest round in which both parties tabled."""
    report = negpos.round_report(negpos.bundled())
    assert "june-2026" == report.round.id
    assert ("ru", "ua") == tuple(p.id for p in report.parties)
    assert not report.tabled_only


def test_previous_round_skips_rounds_without_positions() -> None:
    """A party's previous round is the last earlier one in which it tabled anything."""
    assert "r1" == previous_round(THREE_SIDES, "greens", "r3")
    assert previous_round(THREE_SIDES, "greens", "r1") is None
    assert previous_round(THREE_SIDES, "blues", "r2") is None
    assert "r2" == previous_round(THREE_SIDES, "blues", "r3")


def test_changes_since_each_sides_previous_round() -> None:
    """Both sides' moves run from their own previous round, against the other's positions there."""
    report = negpos.round_report(THREE_SIDES, round_id="r3")
    assert [("greens", "reds", "r1", "r3"), ("reds", "greens", "r1", "r3")] == [
        (c.party, c.counterpart, c.from_round, c.to_round) for c in report.changes
    ]
    greens = report.changes[0]
    # From "at least 45" to "at least 42", against the reds' "at least 50": wider, so closer.
    assert negpos.Movement.CONCESSION == greens.issue("tax").movement
    assert negpos.Movement.ADDED == greens.issue("coal").movement
    assert ["r1"] == [r.id for r in report.earlier]


def test_a_side_without_an_earlier_round_has_no_changes() -> None:
    """At the first round there is nothing to compare with."""
    assert () == negpos.round_report(THREE_SIDES, round_id="r1").changes


def test_moved_leaves_out_untouched_positions() -> None:
    """The listed changes are the moves, not the positions that stand unchanged."""
    changes = negpos.bundled().changes("ru", from_round="istanbul-2", to_round="istanbul-3")
    listed = moved(changes)
    assert all(
        c.movement is not negpos.Movement.UNCHANGED
        or c.firmness_before is not c.firmness_after
        or c.salience_before != c.salience_after
        or c.links_added
        or c.links_removed
        for c in listed
    )
    assert len(listed) < len(changes.rows)


def test_sources_are_numbered_in_reading_order() -> None:
    """Sources are numbered as the report shows them, each once, earlier positions last."""
    report = negpos.round_report(THREE_SIDES, "greens", "reds", round_id="r3")
    # The tax row: the greens' r3 position (shared), then the reds' standing r1 position
    # (r1, shared again); last the greens' earlier position, shown among the changes (g1).
    assert [
        "https://example.org/shared",
        "https://example.org/r1",
        "https://example.org/g1",
    ] == [s.url for s in report.sources.sources]


def test_round_sources_come_first() -> None:
    """The sources of the round itself open the index."""
    report = negpos.round_report(THREE_SIDES, "greens", "reds", round_id="r1")
    assert "https://example.org/r1" == report.sources.sources[0].url


def test_source_index_numbers() -> None:
    """Numbers start at 1, follow first appearance and ignore repeats."""
    a = negpos.Source(url="https://example.org/a")
    b = negpos.Source(url="https://example.org/b")
    index = SourceIndex.of([b, a, b])
    assert (b, a) == index.sources
    assert (2, 1, 1) == index.numbers([a, b, b])
    assert 1 == index.number(b)


def test_same_party_twice_is_refused() -> None:
    """A report compares two different parties: naming one twice is a usage error."""
    with pytest.raises(negpos.UsageError, match="two different parties"):
        negpos.round_report(THREE_SIDES, "reds", "reds", round_id="r3")


def test_unknown_party_or_round_is_not_found() -> None:
    """Unknown ids raise NotFoundError naming what exists."""
    with pytest.raises(negpos.NotFoundError, match="no party 'pinks'"):
        negpos.round_report(THREE_SIDES, "reds", "pinks", round_id="r3")
    with pytest.raises(negpos.NotFoundError, match="no round 'r9'"):
        negpos.round_report(THREE_SIDES, round_id="r9")


def test_negotiation_report_follows_every_pair() -> None:
    """The whole-negotiation report has a trajectory for each pair of the final matrix."""
    report = negpos.negotiation_report(negpos.bundled())
    assert "june-2026" == report.matrix.round
    pairs = [(p.party_a, p.party_b) for p in report.matrix.pairs]
    assert pairs == [(t.party_a, t.party_b) for t in report.trajectories]
    assert ("ru", "ua") == report.focus
    assert ("ru", "ua") == (report.focus_trajectory.party_a, report.focus_trajectory.party_b)


def test_negotiation_report_adds_the_focus_pair() -> None:
    """A focus pair outside the matrix gets its own trajectory."""
    report = negpos.negotiation_report(THREE_SIDES, "greens", "reds", round_id="r1")
    assert ("greens", "reds") == report.focus
    assert ["greens", "reds"] == list(report.matrix.parties)
    report = negpos.negotiation_report(THREE_SIDES, "reds", "greens", round_id="r1")
    assert ("reds", "greens") == (report.trajectories[-1].party_a, report.trajectories[-1].party_b)


def test_report_dicts_name_their_parts() -> None:
    """The JSON-ready data of a round report holds the round, parties, comparison and changes."""
    data = negpos.round_report(THREE_SIDES, round_id="r3").to_dict()
    assert [
        "agreed",
        "changes",
        "comparison",
        "origins",
        "parties",
        "round",
        "sources",
        "tabled_only",
        "title",
        "withdrawals",
    ] == sorted(data)
    assert "raw" not in data["changes"][0]
    assert "2025-03-10" == data["round"]["date"]
