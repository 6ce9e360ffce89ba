"""The benchmark harness: the synthetic generator, the tuple floors, and a quick run's output.

No test here times anything; the smoke test only checks that ``benchmarks/run.py --quick
--json`` works and that its records have the documented shape.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import negpos

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
NAMES = {
    "load_json",
    "load_yaml",
    "locate_errors",
    "compare",
    "changes",
    "raw",
    "matrix",
    "trajectory",
    "explore",
    "explore_june",
    "explore_june_hypothesis",
    "explore_agenda",
    "explore_many",
    "explore_milp",
    "explore_forty",
    "bargain_frontier",
    "robust",
    "robust_workers",
    "wide_set_load",
    "wide_set_compare",
    "wide_sequence_compare",
    "cli_report",
    "common_ground",
    "assess_plan",
    *(
        f"{which}_report_{fmt}"
        for which in ("round", "negotiation")
        for fmt in ("markdown", "html", "json", "terminal")
    ),
    *(f"start_{c}{p}" for c in ("version", "help", "validate") for p in ("", "_no_pandas")),
}
#: The measurements with no plain-Python floor, reported without a ratio.
NO_FLOOR = {"explore_june", "explore_june_hypothesis", "explore_forty", "bargain_frontier"}
#: The measurements of whole processes or Hypothesis searches, run without tracemalloc.
NO_MEMORY = {"explore_june_hypothesis", "cli_report", "robust_workers"}
#: The measurements whose ``n`` counts something else than the synthetic size's issues:
#: candidate moves, combinations of readings, or a fixed agenda.
BY_MOVES = {
    "explore",
    "explore_june",
    "explore_june_hypothesis",
    "explore_many",
    "explore_milp",
    "explore_forty",
    "bargain_frontier",
    "robust",
    "robust_workers",
}


def _load(name: str) -> ModuleType:
    # The benchmarks are scripts beside the package, not part of it: load them by path, under
    # the names they import each other by.
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


synth: Any = _load("synth")
floors: Any = _load("floors")
floors_moves: Any = _load("floors_moves")
floors_many: Any = _load("floors_many")
floors_reports: Any = _load("floors_reports")
measurements: Any = _load("measurements")


# --- the synthetic generator -----------------------------------------------------------------


def test_same_seed_gives_the_same_document() -> None:
    """The generator is deterministic for a seed and varies with it."""
    size = synth.Size(issues=40, parties=3, rounds=3)
    first = synth.negotiation_data(size, seed=7)
    assert first == synth.negotiation_data(size, seed=7)
    assert first != synth.negotiation_data(size, seed=8)


def test_document_has_the_requested_shape() -> None:
    """Every party tables one memorandum per round, on most issues, with alternatives and withdrawals."""
    neg = synth.negotiation(synth.Size(issues=400, parties=3, rounds=4), seed=1)
    assert 400 == len(neg.issues)
    assert ["p0", "p1", "p2"] == [p.id for p in neg.parties]
    assert ["r001", "r002", "r003", "r004"] == [r.id for r in neg.rounds]
    for rnd in neg.rounds:
        assert ["p0", "p1", "p2"] == [m.party for m in rnd.memoranda]
        for memo in rnd.memoranda:
            assert 0.75 * 400 < len(memo.positions) < 0.95 * 400
    assert all(len(r.memoranda[0].alternatives) == 1 for r in neg.rounds)
    assert all(r.memoranda[0].alternatives[0].options[1].positions for r in neg.rounds)
    assert all(m.withdrawn for r in neg.rounds[1:] for m in r.memoranda)
    assert not any(m.withdrawn for m in neg.rounds[0].memoranda)


def test_document_settles_issues_and_binds_positions() -> None:
    """Every round settles a few percent of the agenda; a few percent of positions bind.

    Comparisons then report settled issues, reneging and conditional issues.
    """
    neg = synth.negotiation(synth.Size(issues=1000, parties=3, rounds=3), seed=1)
    for rnd in neg.rounds:
        typed = [o for o in rnd.agreed if o.stance is not None]
        assert len(typed) == round(synth.SETTLED * 1000)
        assert len({o.issue for o in typed}) == len(typed)
        assert any(o.parties for o in typed)
    positions = [p for r in neg.rounds for m in r.memoranda for p in m.positions]
    share = sum(bool(p.conditions) for p in positions) / len(positions)
    assert 0.5 * synth.CONDITIONED < share < 1.5 * synth.CONDITIONED
    memo_a, memo_b = neg.rounds[-1].memoranda[:2]
    found = negpos.compare(memo_a, memo_b, neg, outcomes=neg.rounds[0].agreed)
    statuses = {str(r.status) for r in found.rows}
    assert {"settled", "conditional", "gap", "overlap", "identical"} <= statuses
    assert any(r.reneged_by for r in found.rows)


def test_every_kind_is_on_the_agenda() -> None:
    """An agenda of seven or more issues holds all seven kinds, and the stances use them all."""
    neg = synth.negotiation(synth.Size(issues=7), seed=3)
    assert set(synth.KINDS) == {str(issue.kind) for issue in neg.issues}
    bigger = synth.negotiation(synth.Size(issues=70), seed=3)
    stated = {str(p.stance.kind) for r in bigger.rounds for m in r.memoranda for p in m.positions}
    assert set(synth.KINDS) == stated


def test_json_and_yaml_files_load_to_the_parsed_negotiation() -> None:
    """The document written as JSON or YAML loads to the same negotiation as the parsed data."""
    data = synth.negotiation_data(synth.Size(issues=60, parties=2, rounds=3), seed=4)
    parsed = negpos.parse(data)
    assert parsed == negpos.loads(json.dumps(data), fmt="json")
    text = yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True)
    assert parsed == negpos.loads(text, fmt="yaml")


def test_size_refuses_an_empty_dimension() -> None:
    """A size with no issues, parties or rounds is refused."""
    with pytest.raises(ValueError, match="at least one"):
        synth.Size(issues=0)


@given(
    issues=st.integers(1, 40),
    parties=st.integers(1, 4),
    rounds=st.integers(1, 4),
    seed=st.integers(0, 2**16),
    coverage=st.floats(0.05, 1.0),
)
def test_every_generated_document_is_valid(
    issues: int, parties: int, rounds: int, seed: int, coverage: float
) -> None:
    """Whatever the size, seed and coverage, the document passes negpos' strict checks."""
    size = synth.Size(issues=issues, parties=parties, rounds=rounds)
    data = synth.negotiation_data(size, seed=seed, coverage=coverage)
    neg = negpos.parse(data)
    assert (issues, parties, rounds) == (len(neg.issues), len(neg.parties), len(neg.rounds))
    text = yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False)
    assert neg == negpos.loads(text, fmt="yaml")


# --- the tuple floors ------------------------------------------------------------------------


def _memo(party: str, *positions: tuple[str, Any, float, str]) -> negpos.Memorandum:
    return negpos.Memorandum(
        party=party,
        positions=tuple(
            negpos.Position(
                issue=issue, stance=stance, salience=salience, firmness=negpos.Firmness(firmness)
            )
            for issue, stance, salience, firmness in positions
        ),
    )


AGENDA = (
    negpos.NumericIssue(id="army", title="Army", unit="personnel", bounds=(0, 100)),
    negpos.NumericIssue(
        id="days", title="Days", unit="days", bounds=(1, 1000), scale=negpos.Scale.LOG
    ),
    negpos.SetIssue(
        id="regions",
        title="Regions",
        items=(
            negpos.Element(id="c"),
            negpos.Element(id="d", weight=2.0),
            negpos.Element(id="l"),
        ),
    ),
    negpos.SequenceIssue(
        id="order",
        title="Order",
        steps=(negpos.Element(id="x"), negpos.Element(id="y"), negpos.Element(id="z")),
    ),
    negpos.OrdinalIssue(
        id="autonomy", title="Autonomy", levels=tuple(negpos.Element(id=f"l{i}") for i in range(5))
    ),
    negpos.CategoricalIssue(
        id="monitor",
        title="Monitor",
        options=(negpos.Element(id="un"), negpos.Element(id="osce"), negpos.Element(id="none")),
        distances=(negpos.Distance(between=("un", "osce"), value=0.25),),
    ),
    negpos.BooleanIssue(id="neutral", title="Neutral"),
    negpos.BooleanIssue(id="talks", title="Talks"),
    negpos.TextIssue(id="preamble", title="Preamble"),
    negpos.BooleanIssue(id="church", title="Church"),
)

SIDE_A = _memo(
    "a",
    ("army", negpos.NumericStance(max=20), 1.0, "red_line"),
    ("days", negpos.NumericStance(max=10), 0.5, "firm"),
    ("regions", negpos.SetStance(requires=("c", "d")), 0.5, "firm"),
    ("order", negpos.SequenceStance(precedes=(("x", "y"), ("y", "z"))), 0.5, "firm"),
    ("autonomy", negpos.OrdinalStance(lowest="l0", highest="l1"), 0.5, "firm"),
    ("monitor", negpos.CategoricalStance(accepts=("un",)), 0.5, "firm"),
    ("neutral", negpos.BooleanStance(accepts=(True,)), 0.5, "firm"),
    ("talks", negpos.BooleanStance(accepts=(True, False), preferred=True), 0.2, "firm"),
    ("preamble", negpos.TextStance(statement="Peace."), 0.5, "firm"),
    ("church", negpos.BooleanStance(accepts=(True,)), 0.5, "firm"),
)
SIDE_B = _memo(
    "b",
    ("army", negpos.NumericStance(min=60), 1.0, "firm"),
    ("days", negpos.NumericStance(min=100), 0.5, "firm"),
    ("regions", negpos.SetStance(forbids=("d",)), 0.5, "firm"),
    ("order", negpos.SequenceStance(precedes=(("z", "x"),)), 0.5, "firm"),
    ("autonomy", negpos.OrdinalStance(lowest="l3", highest="l4"), 0.5, "firm"),
    ("monitor", negpos.CategoricalStance(accepts=("osce", "none")), 0.5, "firm"),
    ("neutral", negpos.BooleanStance(accepts=(False,)), 0.5, "firm"),
    ("talks", negpos.BooleanStance(accepts=(True,), preferred=True), 0.4, "firm"),
    ("preamble", negpos.TextStance(statement="Security."), 0.5, "firm"),
)


def _floor_results() -> dict[str, tuple[Any, ...]]:
    results, _, _ = floors.compare(
        floors.agenda_tuples(AGENDA), floors.memo_tuples(SIDE_A), floors.memo_tuples(SIDE_B)
    )
    return {r[0]: r for r in results}


def test_floor_gaps_match_hand_worked_magnitudes() -> None:
    """Each kind's gap is the hand-computed share of its scale, items, pairs or levels."""
    found = {iid: (status, magnitude) for iid, status, magnitude, *_ in _floor_results().values()}
    assert ("gap", pytest.approx(0.4)) == found["army"]  # (60 - 20) / 100
    assert ("gap", pytest.approx(1 / 3)) == found["days"]  # log(100 / 10) / log(1000)
    assert ("gap", pytest.approx(0.5)) == found["regions"]  # weight 2 of 4
    assert ("gap", pytest.approx(1.0)) == found["order"]  # x, y, z all in one cycle: 3 of 3 pairs
    assert ("gap", pytest.approx(0.5)) == found["autonomy"]  # 2 steps of 4
    assert ("gap", pytest.approx(0.25)) == found["monitor"]  # the stated un-osce distance
    assert ("gap", 1.0) == found["neutral"]
    # Different accepted answers, the same preferred one.
    assert ("same_preference", 0.0) == found["talks"]
    assert ("uncomparable", None) == found["preamble"]
    assert ("one_sided", None) == found["church"]


def test_floor_reports_conflicts_and_red_lines() -> None:
    """The floor names the items and constraints in conflict and whose red lines are involved."""
    results = _floor_results()
    assert ("d",) == results["regions"][3]
    assert (("x", "y"), ("y", "z"), ("z", "x")) == results["order"][3]
    assert ("a",) == results["army"][4]
    assert () == results["days"][4]


def test_floor_summary_counts_weighs_and_orders() -> None:
    """The summary counts statuses, weighs (1 - gap) by mean salience and puts red lines first."""
    _, summary, options = floors.compare(
        floors.agenda_tuples(AGENDA), floors.memo_tuples(SIDE_A), floors.memo_tuples(SIDE_B)
    )
    counts, index, mean_gap, red, order = summary
    # settled, identical, same_preference, overlap, conditional, gap, one_sided,
    # other_option, uncomparable
    assert (0, 0, 1, 0, 0, 7, 1, 0, 1) == counts
    gaps = [0.4, 1 / 3, 0.5, 1.0, 0.5, 0.25, 1.0]
    weights = [1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    expected = (sum(w * (1 - g) for w, g in zip(weights, gaps, strict=True)) + 0.3) / (
        sum(weights) + 0.3
    )
    assert math.isclose(expected, index)
    assert math.isclose((sum(gaps) + 0.0) / 8, mean_gap)
    assert 1 == red
    assert ("army", "order", "neutral", "regions", "autonomy", "days", "monitor") == order
    assert () == options


def test_floor_standing_keeps_the_latest_word() -> None:
    """A later position replaces an earlier one; a withdrawal drops it, and so do options."""
    neg = negpos.loads(
        """
format: 1
title: T
parties: [{id: a, name: A}]
issues:
  - {id: one, kind: boolean, title: One}
  - {id: two, kind: boolean, title: Two}
  - {id: three, kind: boolean, title: Three}
rounds:
  - id: r1
    date: 2025-01-01
    memoranda:
      - party: a
        positions:
          - {issue: one, stance: {kind: boolean, accepts: [true]}}
          - {issue: two, stance: {kind: boolean, accepts: [true]}}
          - {issue: three, stance: {kind: boolean, accepts: [true]}}
  - id: r2
    date: 2025-01-08
    memoranda:
      - party: a
        positions: [{issue: one, stance: {kind: boolean, accepts: [false]}}]
        withdrawn: [two]
        alternatives:
          - id: g
            options:
              - id: o
                positions: [{issue: three, stance: {kind: boolean, accepts: [false]}}]
              - id: p
                positions: [{issue: three, stance: {kind: boolean, accepts: [true, false]}}]
""",
        fmt="yaml",
    )
    positions, groups, _, since, at = floors.standing(floors.round_tuples(neg), "a")
    assert {"one": (((False,), None), 0.5, False, ())} == positions
    assert ["g"] == [g[0] for g in groups]
    assert ({"one": 1}, 1) == (since, at)
    assert [p.issue for p in neg.standing("a", round_id="r2").positions] == list(positions)


# The settled, conditional and other_option rules on a small agenda.
RULES_YAML = """
format: 1
title: T
parties: [{id: a, name: A}, {id: b, name: B}]
issues:
  - {id: truce, kind: boolean, title: Truce}
  - {id: troops, kind: numeric, title: Troops, unit: k, bounds: [0, 100]}
  - {id: pows, kind: boolean, title: Prisoners}
  - {id: aid, kind: boolean, title: Aid}
  - {id: ports, kind: boolean, title: Ports}
rounds:
  - id: r1
    date: 2025-01-01
    agreed:
      - {summary: Prisoners, issue: pows, stance: {kind: boolean, accepts: [true]}}
    memoranda:
      - party: a
        positions:
          - issue: truce
            stance: {kind: boolean, accepts: [true]}
            conditions: [{issue: troops, stance: {kind: numeric, max: 10}}]
          - {issue: troops, stance: {kind: numeric, max: 30}, salience: 0.9}
          - {issue: aid, stance: {kind: boolean, accepts: [true]}, salience: 0.8}
        alternatives:
          - id: g
            options:
              - id: near
                positions: [{issue: aid, stance: {kind: boolean, accepts: [false]}}]
              - id: far
                positions: [{issue: ports, stance: {kind: boolean, accepts: [true]}}]
      - party: b
        positions:
          - {issue: truce, stance: {kind: boolean, accepts: [true, false]}}
          - {issue: troops, stance: {kind: numeric, min: 20}, salience: 0.3}
          - {issue: aid, stance: {kind: boolean, accepts: [false]}}
  - id: r2
    date: 2025-01-08
    memoranda:
      - party: b
        positions: [{issue: pows, stance: {kind: boolean, accepts: [false]}}]
"""


def test_floor_settles_conditions_and_takes_the_closest_option() -> None:
    """By hand: settled, reneged, conditional, the closest option and other_option.

    An outcome settles its issue and a later position reneges on it; a condition outside the
    zone turns an agreement conditional; the closest option (the one that closes the gap on
    aid) is taken, and the issue only the other option addresses is other_option.
    """
    neg = negpos.loads(RULES_YAML, fmt="yaml")
    rounds = floors.round_tuples(neg)
    held = [floors.standing(rounds, p) for p in ("a", "b")]
    settled = floors.settlements(rounds, ("a", "b"), ("a", "b"))
    results, summary, options = floors.compare(floors.agenda_tuples(neg.issues), *held, settled)
    rows = {r[0]: r for r in results}
    assert ("settled", 0.0, ("b",)) == (rows["pows"][1], rows["pows"][2], rows["pows"][7])
    assert ("conditional", None, (("a", "troops"),)) == (
        rows["truce"][1],
        rows["truce"][2],
        rows["truce"][6],
    )
    assert ("overlap", 0.0) == rows["troops"][1:3]
    assert "identical" == rows["aid"][1]
    assert "other_option" == rows["ports"][1]
    # "far" leaves aid alone: under it a's main position on aid stands, a gap with b's.
    assert [("a", "g", "near", "identical"), ("a", "g", "far", "gap")] == [
        f[:4] for f in rows["aid"][8]
    ]
    ((fared, best),) = options
    # near closes the gap on aid (one issue left open: truce); far leaves aid in gap and
    # ports unanswered as well.
    assert 0 == best
    assert 1 == fared[1][0][0][floors.STATUSES.index("one_sided")]
    # settled, identical, same_preference, overlap, conditional, gap, one_sided,
    # other_option, uncomparable; every issue with a magnitude is at 0, and the conditional
    # truce counts 0 in the index with its weight: 7/9 of the weight is common ground.
    counts, index, mean_gap, red, order = summary
    assert ((1, 1, 0, 1, 1, 0, 0, 1, 0), 0.0, 0, ()) == (counts, mean_gap, red, order)
    assert pytest.approx(7 / 9) == index
    comparison = neg.compare("a", "b")
    assert [(r.issue.id, str(r.status)) for r in comparison.rows] == [(r[0], r[1]) for r in results]
    assert pytest.approx(7 / 9) == comparison.summary.compatibility


def _rows(result: Any) -> list[tuple[Any, ...]]:
    def side(party: str, c: Any) -> str:
        return "a" if party == c.party_a else "b"

    return [
        (
            c.issue.id,
            str(c.status),
            c.magnitude,
            c.conflicting_items or c.conflicting_constraints,
            len(c.red_lines),
            tuple((side(p, c), i) for p, i in c.unmet_conditions),
            tuple(side(p, c) for p in c.reneged_by),
            tuple(
                (side(f.party, c), f.group, f.option, f.status and str(f.status), len(f.red_lines))
                for f in c.fares
            ),
        )
        for c in result.rows
    ]


def _floor_rows(results: Any) -> list[tuple[Any, ...]]:
    return [
        (*r[:4], len(r[4]), r[6], r[7], tuple((*f[:4], len(f[4])) for f in r[8])) for r in results
    ]


def _figures(summary: Any) -> tuple[Any, ...]:
    counts = tuple(n for _, n in summary.counts)
    return counts, summary.compatibility, summary.mean_gap, summary.red_line_count


def _assert_same(result: Any, floor: tuple[Any, ...]) -> None:
    """The comparison and the floor's agree on every row, figure, option and closest option.

    Exactly: the floor's sums are exact as negpos' are, so no tolerance is needed.
    """
    results, summary, options = floor
    assert _rows(result) == _floor_rows(results)
    assert (*_figures(result.summary), tuple(c.issue.id for c in result.summary.gaps)) == summary
    found = [
        (
            tuple((_figures(o.summary), _rows(o)) for o in g.options),
            [o.option for o in g.options].index(g.closest),
        )
        for g in result.alternatives
    ]
    assert found == [
        (tuple((figures, _floor_rows(own)) for figures, own, *_ in fared), best)
        for fared, best in options
    ]


def _unconditioned(memo: negpos.Memorandum) -> negpos.Memorandum:
    """The memorandum with every position's conditions left out."""

    def plain(positions: tuple[negpos.Position, ...]) -> tuple[negpos.Position, ...]:
        return tuple(p.model_copy(update={"conditions": ()}) for p in positions)

    groups = tuple(
        g.model_copy(
            update={
                "options": tuple(
                    o.model_copy(update={"positions": plain(o.positions)}) for o in g.options
                )
            }
        )
        for g in memo.alternatives
    )
    return negpos.Memorandum(
        party=memo.party, round=memo.round, positions=plain(memo.positions), alternatives=groups
    )


@pytest.mark.skipif(not hasattr(negpos, "compare"), reason="negpos.compare is not in negpos yet")
def test_many_party_floors_compute_what_negpos_computes() -> None:
    """On 8 synthetic parties the floors give negpos' common ground and plan, issue by issue."""
    neg = synth.negotiation(synth.Size(issues=350, parties=8, rounds=1), seed=5)
    # The many-party floor reads no conditions: compare the memoranda without them.
    memos = tuple(_unconditioned(m) for m in neg.rounds[-1].memoranda)
    names = [m.party for m in memos]
    agenda = floors.agenda_tuples(neg.issues)
    tuples = [floors.memo_tuples(m) for m in memos]
    ground = negpos.common_ground(memos, neg)
    assert ground.alternatives  # party 0 offers a group: both read it as offered
    rows, _, index, mean, blocking = floors_many.common(agenda, tuples)
    assert [(r.issue.id, r.status.value) for r in ground.rows] == [r[:2] for r in rows]
    assert [r.magnitude for r in ground.rows] == pytest.approx([r[2] for r in rows])
    assert [r.largest for r in ground.rows] == [
        tuple(tuple(names[k] for k in g) for g in r[3]) for r in rows
    ]
    assert ground.summary.index == pytest.approx(index)
    assert ground.summary.mean_gap == pytest.approx(mean)
    assert ground.summary.blocking == tuple(zip(names, blocking, strict=True))
    plan = negpos.assess(memos[0], memos[1:], neg)
    rows, verdicts, toward, margin = floors_many.assess(agenda, tuples[0], tuples[1:])
    assert [tuple(f.fit.value for f in r.sides) for r in plan.rows] == [
        tuple(f[0] for f in r[1]) for r in rows
    ]
    assert [r.toward for r in plan.rows] == [
        None if r[2] is None else names[1 + r[2]] for r in rows
    ]
    assert [r.lean for r in plan.rows] == pytest.approx([r[3] for r in rows])
    assert [v.accepts for v in plan.verdicts] == pytest.approx([v[1] for v in verdicts])
    assert [v.lean for v in plan.verdicts] == pytest.approx([v[4] for v in verdicts])
    assert plan.leans_toward == (None if toward is None else names[1 + toward])
    assert plan.lean == pytest.approx(margin)


def test_floor_computes_what_negpos_compare_computes() -> None:
    """On a synthetic negotiation the floor's figures equal negpos.compare's, issue by issue.

    Tabled memoranda with the outcomes given, as the ``compare`` benchmark runs it.
    """
    neg = synth.negotiation(synth.Size(issues=700, parties=2, rounds=2), seed=11)
    memo_a, memo_b = neg.rounds[-1].memoranda
    outcomes = [o for r in neg.rounds for o in r.agreed]
    result = negpos.compare(memo_a, memo_b, neg, outcomes=outcomes)
    statuses = {str(c.status) for c in result.rows}
    assert {"settled", "conditional"} <= statuses
    assert result.alternatives
    rounds = floors.round_tuples(neg)
    agreed = [o for _, found in rounds for o in found]
    _assert_same(
        result,
        floors.compare(
            floors.agenda_tuples(neg.issues),
            rounds[-1][0]["p0"],
            rounds[-1][0]["p1"],
            floors.settlements_of(agreed, ("p0", "p1")),
        ),
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_floor_standing_comparisons_match_negpos(seed: int) -> None:
    """Standing positions at every round and pair give ``Negotiation.compare``'s figures.

    Settlements by round; the same rows, figures, options and closest options, and the
    same matrix.
    """
    neg = synth.negotiation(synth.Size(issues=150, parties=3, rounds=4), seed=seed)
    agenda = floors.agenda_tuples(neg.issues)
    rounds = floors.round_tuples(neg)
    everyone = [p.id for p in neg.parties]
    seen: set[str] = set()
    for k, rnd in enumerate(neg.rounds):
        for a, b in (("p0", "p1"), ("p2", "p0"), ("p1", "p2")):
            held = [floors.standing(rounds[: k + 1], p) for p in (a, b)]
            settled = floors.settlements(rounds[: k + 1], (a, b), everyone)
            result = neg.compare(a, b, round_id=rnd.id)
            _assert_same(result, floors.compare(agenda, *held, settled))
            seen.update(str(c.status) for c in result.rows)
    assert {"settled", "conditional", "gap", "one_sided"} <= seen
    matrix = neg.matrix()
    assert [(p.party_a, p.party_b, _figures(p.summary)) for p in matrix.pairs] == list(
        floors.matrix(agenda, rounds, everyone)
    )


def test_floor_reads_the_bundled_negotiation_as_negpos_does() -> None:
    """On the bundled dataset, at every round and pair, the floor gives negpos' comparison.

    It has alternatives, other_option rows, and outcomes in words and typed.
    """
    neg = negpos.bundled()
    agenda = floors.agenda_tuples(neg.issues)
    rounds = floors.round_tuples(neg)
    everyone = [p.id for p in neg.parties]
    compared = 0
    for k, rnd in enumerate(neg.rounds):
        for a, b in (("ru", "ua"), ("us", "ua"), ("ru", "us")):
            held = [floors.standing(rounds[: k + 1], p) for p in (a, b)]
            if not all(h[0] or h[1] for h in held):
                continue
            settled = floors.settlements(rounds[: k + 1], (a, b), everyone)
            _assert_same(neg.compare(a, b, round_id=rnd.id), floors.compare(agenda, *held, settled))
            compared += 1
    assert compared > 10


@pytest.mark.parametrize("kind", ["set", "sequence"])
def test_wide_issues_are_valid_deterministic_and_in_conflict(kind: str) -> None:
    """One issue of n items or steps, the same for a seed, with a gap the floor measures alike."""
    data = synth.wide_issue_data(kind, 300, seed=2)
    assert data == synth.wide_issue_data(kind, 300, seed=2)
    neg = negpos.parse(data)
    (issue,) = neg.issues
    assert 300 == len(issue.elements())
    memo_a, memo_b = neg.rounds[0].memoranda
    row = negpos.compare(memo_a, memo_b, neg).rows[0]
    assert negpos.Status.GAP is row.status
    conflicts = row.conflicting_items or row.conflicting_constraints
    assert len(conflicts) > 10
    (result,), _, _ = floors.compare(
        floors.agenda_tuples(neg.issues), floors.memo_tuples(memo_a), floors.memo_tuples(memo_b)
    )
    assert row.magnitude == pytest.approx(result[2])
    assert conflicts == result[3]


def test_wide_issues_refuse_other_kinds() -> None:
    """Only sets and sequences can be wide."""
    with pytest.raises(ValueError, match="'set' or 'sequence'"):
        synth.wide_issue_data("numeric", 10)


def test_report_floors_write_every_issue_negpos_writes() -> None:
    """Each report floor names every issue of the report, as negpos does; JSON is the same data."""
    from negpos._render.json import to_data
    from negpos._render.markdown import escape

    neg = synth.negotiation(synth.Size(issues=40, parties=2, rounds=2), seed=3, realistic=True)
    report = negpos.round_report(neg, "p0", "p1", round_id=neg.rounds[-1].id)
    titles = [c.issue.title for c in report.comparison.rows]
    assert len(titles) > 30
    pairs = (
        (
            floors_reports.markdown(report),
            floors_reports._md,
            negpos.render(report, "markdown"),
            escape,
        ),
        (floors_reports.html_page(report), html.escape, negpos.render(report, "html"), html.escape),
    )
    for written, floor_escape, ours, our_escape in pairs:
        for title in titles:
            assert floor_escape(title) in written
            assert our_escape(title) in ours
    assert json.loads(floors_reports.json_text(to_data(report))) == json.loads(
        negpos.render(report, "json")
    )


DAYS = floors.agenda_tuples([negpos.NumericIssue(id="d", title="D", unit="d", bounds=(0, 100))])
_, _KIND, _DOM = DAYS[0]


@pytest.mark.parametrize(
    ("before", "after", "reference", "expected"),
    [
        ((None, 20.0, None), (None, 40.0, None), (60.0, None, None), ("concession", 0.4, 0.2)),
        ((None, 40.0, None), (None, 10.0, None), (60.0, None, None), ("hardening", 0.2, 0.5)),
        ((None, 20.0, None), (None, 20.0, None), (60.0, None, None), ("unchanged", 0.4, 0.4)),
        ((10.0, 20.0, None), (5.0, 30.0, None), None, ("concession", None, None)),
        ((10.0, 20.0, None), (12.0, 18.0, None), None, ("hardening", None, None)),
        ((10.0, 20.0, None), (30.0, 40.0, None), None, ("lateral", None, None)),
        # Both compatible with the reference at every step: the shared zone decides.
        ((10.0, 70.0, None), (50.0, 90.0, None), (60.0, None, None), ("concession", 0.0, 0.0)),
        (None, (10.0, 20.0, None), (60.0, None, None), ("added", None, 0.4)),
        ((10.0, 20.0, None), None, (60.0, None, None), ("dropped", 0.4, None)),
    ],
)
def test_floor_movement_follows_the_rules(
    before: tuple[Any, ...] | None,
    after: tuple[Any, ...] | None,
    reference: tuple[Any, ...] | None,
    expected: tuple[str, float | None, float | None],
) -> None:
    """A move is judged by the gap to the counterpart, then by widening, then by the zone."""
    movement, d0, d1 = floors_moves.classify(_KIND, _DOM, before, after, reference)
    assert expected[0] == movement
    assert expected[1:] == pytest.approx((d0, d1))


def test_floor_text_movement_compares_statements() -> None:
    """On a text issue a new statement is a lateral move and the same one is unchanged."""
    assert ("lateral", None, None) == floors_moves.classify(
        "text", None, ("a", None), ("b", None), None
    )
    assert ("unchanged", None, None) == floors_moves.classify(
        "text", None, ("a", None), ("a", None), None
    )


@pytest.mark.skipif(not hasattr(negpos, "changes"), reason="negpos.changes is not in negpos yet")
def test_floor_classifies_moves_as_negpos_changes_does() -> None:
    """On a synthetic negotiation the floor's movements and distances equal negpos.changes'."""
    neg = synth.negotiation(synth.Size(issues=700, parties=2, rounds=3), seed=12)
    before, reference = neg.rounds[0].memoranda
    after = neg.rounds[-1].memoranda[0]
    result = negpos.changes(before, after, reference, neg)
    items = floors_moves.changes(
        floors.agenda_tuples(neg.issues),
        floors.memo_tuples(before),
        floors.memo_tuples(after),
        floors.memo_tuples(reference),
    )
    assert [(c.issue.id, str(c.movement)) for c in result.rows] == [i[:2] for i in items]
    assert [c.distance_before for c in result.rows] == pytest.approx([i[2] for i in items])
    assert [c.distance_after for c in result.rows] == pytest.approx([i[3] for i in items])


@pytest.mark.skipif(
    not hasattr(negpos.Negotiation, "trajectory"), reason="trajectories are not in negpos yet"
)
def test_floor_trajectory_matches_negpos_trajectory() -> None:
    """The floor's rows, convergence points and movement totals equal Negotiation.trajectory's."""
    neg = synth.negotiation(synth.Size(issues=300, parties=3, rounds=4), seed=13)
    result = neg.trajectory("p0", "p1")
    rows, points, slope, totals = floors_moves.trajectory(
        floors.agenda_tuples(neg.issues), floors.round_tuples(neg), "p0", "p1", ["p0", "p1", "p2"]
    )
    points_of = [(r.issue.id, p) for r in result.rows for p in r.points]
    assert [(iid, None if p.status is None else str(p.status)) for iid, p in points_of] == [
        (iid, status) for iid, _, status, _ in rows
    ]
    assert [p.magnitude for _, p in points_of] == [row[3] for row in rows]
    found = [x for p in result.convergence.points for x in (p.compatibility, p.mean_gap)]
    assert found == [x for _, index, gap in points for x in (index, gap)]
    assert result.convergence.slope_per_round == pytest.approx(slope)
    for mine, (counts, conceded, hardened) in zip(result.totals, totals, strict=True):
        assert dict(counts) == {str(m): n for m, n in mine.counts if n}
        assert (mine.concession_weight, mine.hardening_weight) == pytest.approx(
            (conceded, hardened)
        )


def _search_floor(threshold: float) -> tuple[Any, Any, tuple[Any, ...]]:
    from negpos import scenarios

    neg = negpos.bundled()
    base = scenarios.Baseline.of(neg, "ru", "ua", round_id="istanbul-2")
    moves = measurements.twelve_moves(base)
    tuples = measurements.explore_floor_inputs(base, moves, neg)
    floor = floors_moves.explore(*tuples, threshold)
    found = scenarios.explore(
        base, goal=scenarios.compatibility_at_least(threshold), method="exact", candidates=moves
    )
    return floor, found, moves


def test_search_floor_takes_twelve_moves_on_twelve_issues() -> None:
    """The benchmark's 12 moves are on 12 different issues and none adopts the other's stance."""
    from negpos import scenarios

    base = scenarios.Baseline.of(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
    moves = measurements.twelve_moves(base)
    assert 12 == len({m.issue for m in moves})
    assert not any(isinstance(m, scenarios.AdoptStance) for m in moves)


def test_search_floor_finds_no_subset_reaching_an_index_of_one() -> None:
    """Like negpos, the brute force evaluates all 4,096 subsets and none reaches an index of 1."""
    (cost, mask, evaluated), found, _ = _search_floor(1.0)
    assert (None, None, 4096) == (cost, mask, evaluated)
    assert (None, 4096, True) == (found.best, found.evaluated, found.complete)


@pytest.mark.parametrize(
    "share",
    # One share in the default run; the others, a few seconds each, with -m "" (.ci/run).
    [pytest.param(0.25, marks=pytest.mark.slow), 0.5, pytest.param(0.75, marks=pytest.mark.slow)],
)
def test_search_floor_finds_the_cheapest_cost_negpos_finds(share: float) -> None:
    """On reachable thresholds the brute force and negpos' exact search agree on the least cost."""
    (cost, _, _), top, moves = _search_floor(1.0)
    base_index = top.base.comparison.summary.compatibility
    everything = top.base.compare_after(top.base.moved_positions(moves)).summary.compatibility
    assert base_index < everything
    threshold = base_index + share * (everything - base_index)
    (cost, mask, _), found, moves = _search_floor(threshold)
    assert found.best is not None
    assert cost == pytest.approx(found.best.cost)
    chosen = tuple(m for k, m in enumerate(moves) if mask >> k & 1)
    assert (
        threshold <= top.base.compare_after(top.base.moved_positions(chosen)).summary.compatibility
    )


# --- the harness -----------------------------------------------------------------------------


@pytest.mark.slow
def test_quick_run_prints_well_formed_json_lines() -> None:
    """``run.py --quick --json`` succeeds and every record has the documented keys and types."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a timing assertion
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    kinds = {r["record"] for r in records}
    assert kinds <= {"measurement", "fit", "skipped", "unavailable"}
    measured = [r for r in records if r["record"] == "measurement"]
    unavailable = {r["name"] for r in records if r["record"] == "unavailable"}
    assert NAMES == {r["name"] for r in measured} | unavailable
    assert not unavailable & {r["name"] for r in measured}
    assert {"load_json", "load_yaml"} <= {r["name"] for r in measured}
    for r in measured:
        assert isinstance(r["n"], int)
        if r["name"] in BY_MOVES:
            assert r["n"] > 0
        elif r["name"].startswith("start_"):
            assert 1 == r["n"]  # one process start, whatever the synthetic size
        else:
            assert r["n"] == r["issues"]
        assert isinstance(r["positions"], int)
        timed = ("negpos_s",) if r["name"] in NO_FLOOR else ("negpos_s", "baseline_s", "ratio")
        for key in timed:
            assert isinstance(r[key], float)
            assert r[key] > 0
        if r["name"] in NO_FLOOR:
            assert (None, None, None) == (r["baseline_s"], r["baseline"], r["ratio"])
        else:
            assert r["baseline_s"] == r["floors"][r["baseline"]]
        if r["name"] in NO_MEMORY or r["name"].startswith("start_"):
            assert r["peak_mb"] is None
        else:
            assert isinstance(r["peak_mb"], float)
        expects_deepdiff = r["name"] in (
            "compare",
            "changes",
            "raw",
        )  # quick sizes stay under the cap
        assert expects_deepdiff == isinstance(r["deepdiff_s"], float)
        if not expects_deepdiff:
            assert r["deepdiff_s"] is None
    for r in records:
        if r["record"] == "fit":
            assert r["axis"] in ("issues", "rounds", "parties")
            assert isinstance(r["negpos_exponent"], float)
        if r["record"] == "unavailable":
            assert isinstance(r["reason"], str)
            assert r["reason"]


def test_the_many_party_search_floor_reads_what_negpos_reads() -> None:
    """On the bundled US plan round, every subset's index is negpos' common-ground index."""
    from negpos import scenarios

    base = scenarios.GroundBaseline.of(
        negpos.bundled(), ["ru", "ua", "us"], round_id="us-28-points"
    )
    moves = measurements.twelve_moves(base)
    agenda, memos, tuples = measurements.explore_many_inputs(base, moves)
    assert len(moves) == 10
    for mask in range(0, 1 << len(moves), 37):
        chosen = [m for k, m in enumerate(moves) if mask >> k & 1]
        moved: list[dict[str, Any]] = [{} for _ in memos]
        for k, (side, iid, position, _) in enumerate(tuples):
            if mask >> k & 1:
                moved[side][iid] = position
        now = [floors_many.moved_memo(memo, moved[k]) for k, memo in enumerate(memos)]
        expected = base.after(base.moved_positions(chosen)).summary.index
        assert floors_many.common(agenda, now)[2] == pytest.approx(expected), mask
    cost, _, evaluated = floors_many.explore(agenda, memos, tuples[:4], 0.25)
    found = scenarios.explore(
        base, goal=scenarios.compatibility_at_least(0.25), method="exact", candidates=moves[:4]
    )
    assert evaluated == 16
    assert found.best is not None
    assert cost == pytest.approx(found.best.cost)
