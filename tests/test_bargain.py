"""Partial moves, the exact optimiser, and bargaining: frontier, Nash package, trades."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negpos
from negpos import Memorandum, Negotiation, Party, Round
from negpos import strategies as nst
from negpos.scenarios import (
    Baseline,
    WidenRange,
    bargain,
    compatibility_at_least,
    conflicting,
    explore,
    issues_compatible,
)
from negpos.scenarios._bargain import _allowed

pytest.importorskip("highspy")

# A cap from 0 to 100: Alpha at most 30 (salience 0.5), Beta at least 50 (salience 0.8).
# Widening part of the way costs the share of the full price: Alpha a quarter of the way
# (to 35) 0.125, half (40) 0.25, three quarters (45) 0.375, all the way (50) 0.5.
# A truce: Alpha yes (0.6), Beta no (0.4). Closing the truce costs Alpha 0.6, Beta 0.4.
TALKS = """\
format: 1
title: Cap and truce
parties: [{id: a, name: Alpha}, {id: b, name: Beta}]
issues:
  - {id: cap, kind: numeric, title: Cap, unit: units, bounds: [0, 100]}
  - {id: truce, kind: boolean, title: Truce}
rounds:
  - id: r1
    date: 2025-06-02
    memoranda:
      - party: a
        positions:
          - {issue: cap, stance: {kind: numeric, max: 30}, salience: 0.5}
          - {issue: truce, stance: {kind: boolean, accepts: [true]}, salience: 0.6}
      - party: b
        positions:
          - {issue: cap, stance: {kind: numeric, min: 50}, salience: 0.8}
          - {issue: truce, stance: {kind: boolean, accepts: [false]}, salience: 0.4}
"""


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    return negpos.loads(TALKS, fmt="yaml")


def test_partial_widenings_cost_their_share(talks: Negotiation) -> None:
    base = Baseline.of(talks, "a", "b", round_id="r1")
    alpha = [m for m in base.candidates(partial=True) if m.party == "a" and m.issue == "cap"]
    widenings = [m for m in alpha if isinstance(m, WidenRange)]
    assert [(m.high, m.share) for m in widenings] == [
        (35.0, 0.25),
        (40.0, 0.5),
        (45.0, 0.75),
        (50.0, 1.0),
    ]
    assert [base.price(m) for m in widenings] == [0.125, 0.25, 0.375, 0.5]
    assert widenings[1].describe(base) == (
        "Alpha widens its range on Cap up to 40 units (half the way)"
    )
    assert conflicting(widenings[0], widenings[3])
    assert base.candidates() != base.candidates(partial=True)
    with pytest.raises(negpos.scenarios.MoveError, match="share"):
        WidenRange("a", "cap", high=40.0, share=1.5)


def test_meeting_halfway_reaches_an_index_more_cheaply(talks: Negotiation) -> None:
    """Hand-worked: the index needs the cap's gap narrowed, not closed."""
    full = explore(talks, "a", "b", round_id="r1", goal=compatibility_at_least(0.5))
    part = explore(talks, "a", "b", round_id="r1", goal=compatibility_at_least(0.5), partial=True)
    assert full.best is not None
    assert part.best is not None
    assert part.method == "milp"
    assert part.proven
    assert part.best.cost <= full.best.cost
    assert part.best.comparison.summary.compatibility is not None
    assert part.best.comparison.summary.compatibility >= 0.5


def test_the_optimiser_proves_the_june_optimum() -> None:
    found = explore(
        negpos.bundled(), "ru", "ua", round_id="istanbul-2", goal=compatibility_at_least(0.35)
    )
    assert found.method == "milp"
    assert found.complete
    assert found.best is not None
    assert found.best.cost == pytest.approx(0.9)
    assert found.solution_count == 8
    assert found.best.comparison.summary.compatibility is not None
    assert found.best.comparison.summary.compatibility >= 0.35


def test_bargain_by_hand(talks: Negotiation) -> None:
    """Closing both issues: the frontier and the Nash package, worked out by hand.

    Stakes: Alpha 0.5 + 0.6 = 1.1, Beta 0.8 + 0.4 = 1.2. The cap closes when Alpha widens a
    share f of the way and Beta the rest: (0.5 f, 0.8 (1 - f)) for f in 0, 1/4, 1/2, 3/4, 1.
    The truce closes with Beta accepting (0.4) or Alpha (0.6). With Beta's truce: (0, 1.2),
    (0.125, 1.0), (0.25, 0.8), (0.375, 0.6), (0.5, 0.4). With Alpha's: (0.6, 0.8), (0.725,
    0.6) and (0.85, 0.4) are beaten by the former, (0.975, 0.2) and (1.1, 0) are not. Gains
    (1.1 - a) (1.2 - b) peak at (0.5, 0.4): 0.6 x 0.8 = 0.48, the Nash package.
    """
    found = bargain(talks, "a", "b", round_id="r1")
    points = {tuple(round(c, 9) for _, c in p.concessions) for p in found.frontier}
    assert points == {
        (0.0, 1.2),
        (0.125, 1.0),
        (0.25, 0.8),
        (0.375, 0.6),
        (0.5, 0.4),
        (0.975, 0.2),
        (1.1, 0.0),
    }
    assert found.complete
    assert dict(found.stakes) == {"a": 1.1, "b": 1.2}
    assert found.nash is not None
    assert dict(found.nash.concessions) == {"a": 0.5, "b": 0.4}
    assert found.nash.product == pytest.approx(0.6 * 0.8)
    # Alpha gives the cap (0.5 to it) for the truce (0.6); Beta the truce (0.4) for the cap
    # (0.8): Alpha nets 0.6 - 0.5 = 0.1, Beta 0.8 - 0.4 = 0.4.
    assert [(t.first, t.first_gives, t.second_gives) for t in found.trades] == [
        ("a", "cap", "truce")
    ]
    assert found.trades[0].first_gain == pytest.approx(0.1)
    assert found.trades[0].second_gain == pytest.approx(0.4)
    text = found.to_markdown()
    assert "## The Pareto frontier" in text
    assert "(Nash)" in text
    assert "frontier-chart" in found.to_html()
    data = json.loads(found.to_json())
    assert data["nash"]["concessions"] == {"a": 0.5, "b": 0.4}
    assert len(repr(found)) < 300


def test_red_lines_are_hard_limits() -> None:
    found = bargain(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
    assert found.frontier == ()
    assert found.nash is None
    assert "No package reaches the goal without crossing a red line" in found.to_markdown()


# --- laws -------------------------------------------------------------------------------------


@st.composite
def small_talks(draw: st.DrawFn) -> Negotiation:
    agenda = draw(nst.agendas(1, 3))
    memos = [
        Memorandum(party=p, positions=tuple(draw(nst.positions(issue)) for issue in agenda))
        for p in ("a", "b")
    ]
    return Negotiation.model_validate(
        {
            "title": "Generated talks",
            "parties": (Party(id="a", name="A"), Party(id="b", name="B")),
            "issues": agenda,
            "rounds": (Round(id="r", date=dt.date(2025, 6, 2), memoranda=tuple(memos)),),
        }
    )


def _packages(base: Baseline, goal: object) -> list[dict[str, float]]:
    """Every package of the allowed moves that reaches the goal, by brute force."""
    moves = list(_allowed(base, base.candidates(partial=True)))[:8]
    out = []
    for size in range(len(moves) + 1):
        for combo in itertools.combinations(moves, size):
            if any(conflicting(x, y) for x, y in itertools.combinations(combo, 2)):
                continue
            try:
                after = base.scenario(combo)
            except negpos.NegposError:
                continue
            if goal(after.comparison):  # type: ignore[operator]
                conceded = {"a": [], "b": []}  # type: dict[str, list[float]]
                for m in combo:
                    conceded[m.party].append(base.price(m))
                out.append({p: math.fsum(v) for p, v in conceded.items()})
    return out


@settings(max_examples=25, deadline=None)
@given(small_talks(), st.integers(0, 20))
def test_the_frontier_is_undominated_and_complete(neg: Negotiation, k: int) -> None:
    goal = compatibility_at_least(k / 20)
    base = Baseline.of(neg, "a", "b", round_id="r")
    if len(_allowed(base, base.candidates(partial=True))) > 8:
        return
    found = bargain(base, goal=goal)
    points = [dict(p.concessions) for p in found.frontier]
    for x, y in itertools.permutations(points, 2):
        assert not (all(x[p] <= y[p] + 1e-9 for p in x) and any(x[p] < y[p] - 1e-9 for p in x))
    for package in _packages(base, goal):
        assert any(all(f[p] <= package[p] + 1e-6 for p in f) for f in points)
    if found.nash is not None:
        best = max(p.product for p in found.frontier if p.product is not None)
        assert found.nash.product == pytest.approx(best)


@settings(max_examples=25, deadline=None)
@given(small_talks(), st.integers(0, 20))
def test_the_optimiser_equals_brute_force_and_ignores_order(neg: Negotiation, k: int) -> None:
    goal = compatibility_at_least(k / 20)
    base = Baseline.of(neg, "a", "b", round_id="r")
    moves = list(base.candidates(partial=True))[:7]
    milp = explore(base, goal=goal, candidates=moves, method="milp")
    exact = explore(base, goal=goal, candidates=moves, method="exact", max_nodes=None)
    flipped = explore(base, goal=goal, candidates=list(reversed(moves)), method="milp")
    assert (milp.best is None) == (exact.best is None) == (flipped.best is None)
    if milp.best is not None:
        assert exact.best is not None
        assert flipped.best is not None
        assert milp.best.cost == pytest.approx(exact.best.cost, abs=1e-9)
        assert flipped.best.cost == pytest.approx(exact.best.cost, abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(small_talks())
def test_partial_moves_never_cost_more_than_full_ones(neg: Negotiation) -> None:
    base = Baseline.of(neg, "a", "b", round_id="r")
    moves = [m for m in base.candidates(partial=True) if isinstance(m, WidenRange)]
    for m in moves:
        full = next(
            f for f in moves if f.party == m.party and f.issue == m.issue and f.share == 1.0
        )
        assert base.price(m) <= base.price(full) + 1e-12


def test_sides_in_either_order_give_the_same_frontier(talks: Negotiation) -> None:
    one = bargain(talks, "a", "b", round_id="r1")
    two = bargain(talks, "b", "a", round_id="r1")
    assert {tuple(sorted(p.concessions)) for p in one.frontier} == {
        tuple(sorted(p.concessions)) for p in two.frontier
    }
    assert one.nash is not None
    assert two.nash is not None
    assert dict(one.nash.concessions) == dict(two.nash.concessions)


# --- the command line --------------------------------------------------------------------------


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from negpos._cli.main import main

    path = tmp_path / "talks.yaml"
    path.write_text(TALKS, encoding="utf-8")
    assert main(["bargain", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nash"]["concessions"] == {"a": 0.5, "b": 0.4}
    assert main(["bargain", str(path), "--goal", "issues=truce", "--format", "markdown"]) == 0
    assert "The Nash package" in capsys.readouterr().out
    assert main(["bargain", str(path), "--parties", "a"]) == 2
    assert main(["bargain", str(path), "--max-packages", "0"]) == 2
    assert main(["explore", str(path), "--method", "milp", "--partial", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["method"] == "milp"


def test_without_the_solver(monkeypatch: pytest.MonkeyPatch, talks: Negotiation) -> None:
    import negpos.scenarios._bargain as module
    import negpos.scenarios._search as search

    monkeypatch.setattr(module, "available", lambda: False)
    with pytest.raises(negpos.UsageError, match=r"negpos\[optimise\]"):
        bargain(talks, "a", "b")
    monkeypatch.setattr(search, "optimiser_available", lambda: False)
    monkeypatch.setattr(search, "optimise", lambda *args: None)
    with pytest.raises(negpos.UsageError, match=r"negpos\[optimise\]"):
        explore(talks, "a", "b", method="milp")
    found = explore(talks, "a", "b", goal=compatibility_at_least(0.5))
    assert found.method in ("exact", "local")
    assert issues_compatible(["cap"]).describe() == "issue cap compatible"
