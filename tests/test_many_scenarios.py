"""Scenarios with many parties: the search on a common ground, movers, and its laws."""

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
from negpos import GroundStatus, Memorandum, Negotiation, Party, Round
from negpos import strategies as nst
from negpos._analysis.common import common_of
from negpos._cli.main import main
from negpos._errors import NotFoundError, UsageError
from negpos.scenarios import (
    AdoptStance,
    GroundBaseline,
    GroundScenario,
    Move,
    RelaxRedLine,
    WidenRange,
    all_compatible,
    compatibility_at_least,
    conflicting,
    explore,
    ground_candidates,
    issue_compatible,
    issues_compatible,
    no_red_line_conflicts,
)

# Three parties on a cap from 0 to 100 and on a truce. Hand-worked:
# - cap: Alpha accepts 0-30 (salience 0.5), Beta 50-100 (0.8), the mediator Gamma 20-60.
#   Alpha and Gamma share 20-30, Beta and Gamma 50-60, Alpha and Beta nothing: a gap, no
#   blocker (two largest groups). Alpha widening up to 50 (cost 0.5) leaves {50} to all
#   three; Beta widening down to 30 (cost 0.8) leaves {30}. Adopting a stance costs the
#   same as widening but leaves no outcome for the third party: Alpha taking Beta's 50-100
#   misses nothing of Gamma's (50-60 remains), so it reaches the goal too, at 0.5.
# - truce: Alpha (0.6) and Gamma (0.5 by default) accept yes, Beta only no, as a red line
#   (salience 0.4): Beta accepting yes costs 3 x 0.4 = 1.2, relaxing the red line 0.4 (it
#   leaves the gap); Alpha and Gamma both accepting no costs 0.6 + 0.5 = 1.1, cheaper. With
#   Gamma's plan fixed only Beta's 1.2 remains.
TALKS = """\
format: 1
title: Three-way talks
parties:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
  - {id: g, name: Gamma, role: mediator}
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
          - issue: truce
            stance: {kind: boolean, accepts: [false]}
            salience: 0.4
            firmness: red_line
      - party: g
        positions:
          - {issue: cap, stance: {kind: numeric, min: 20, max: 60}}
          - {issue: truce, stance: {kind: boolean, accepts: [true]}}
"""


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    return negpos.loads(TALKS, fmt="yaml")


@pytest.fixture(scope="module")
def base(talks: Negotiation) -> GroundBaseline:
    return GroundBaseline.of(talks, ["a", "b", "g"], round_id="r1")


def test_the_baseline_reads_the_common_ground(talks: Negotiation, base: GroundBaseline) -> None:
    """The baseline's ground is the negotiation's common ground of the same parties."""
    assert base.parties == ("a", "b", "g")
    assert base.ground == talks.common(["a", "b", "g"], round_id="r1")
    assert base.ground.issue("cap").status is GroundStatus.GAP
    assert base.ground.issue("cap").largest == (("a", "g"), ("b", "g"))
    assert base.round == "r1"
    assert base.round_date == dt.date(2025, 6, 2)
    assert base.party_name("g") == "Gamma"


def test_candidates_go_towards_each_party_a_position_clashes_with(base: GroundBaseline) -> None:
    """Alpha clashes with Beta only on the cap; on the truce Beta clashes with both others."""
    cap = ground_candidates(base.ground.issue("cap"))
    b_stance = base.position("b", "cap")
    a_stance = base.position("a", "cap")
    assert b_stance is not None
    assert a_stance is not None
    assert cap == [
        WidenRange("a", "cap", high=50.0),
        AdoptStance("a", "cap", b_stance.stance, of="b"),
        WidenRange("b", "cap", low=30.0),
        AdoptStance("b", "cap", a_stance.stance, of="a"),
    ]
    truce = ground_candidates(base.ground.issue("truce"), movers=["b"])
    assert [(m.party, m.kind) for m in truce] == [
        ("b", "accept_outcome"),
        ("b", "relax_red_line"),
        ("b", "adopt_stance"),
    ]
    mediator = ground_candidates(base.ground.issue("truce"), movers=["g"])
    assert [(m.party, m.kind, m.of if isinstance(m, AdoptStance) else None) for m in mediator] == [
        ("g", "accept_outcome", None),
        ("g", "adopt_stance", "b"),
    ]


def test_the_cheapest_way_to_an_outcome_all_three_accept_on_the_cap(talks: Negotiation) -> None:
    """Hand-worked: Alpha widening to 50 or taking Beta's range, each 0.5; Beta alone 0.8."""
    found = explore(talks, parties=["a", "b", "g"], round_id="r1", goal=issue_compatible("cap"))
    assert found.complete
    assert found.method == "exact"
    assert found.best is not None
    assert isinstance(found.best, GroundScenario)
    assert found.best.cost == 0.5
    assert found.solution_count == 2
    assert {m.kind for s in found.solutions for m in s} == {"widen_range", "adopt_stance"}
    assert found.pivotal == ()
    row = found.best.ground.issue("cap")
    assert row.status is GroundStatus.OVERLAP
    only_b = explore(
        talks, parties=["a", "b", "g"], round_id="r1", goal=issue_compatible("cap"), movers=["b"]
    )
    assert only_b.best is not None
    assert only_b.best.moves == (WidenRange("b", "cap", low=30.0),)
    assert only_b.best.cost == 0.8
    assert only_b.movers == ("b",)


def test_no_red_line_in_conflict_among_three(talks: Negotiation) -> None:
    """Beta's red line on the truce: relaxing it (0.4) is the cheapest way out of conflict."""
    found = explore(talks, parties=["a", "b", "g"], round_id="r1")
    assert found.best is not None
    assert found.best.moves == (RelaxRedLine("b", "truce"),)
    assert found.best.delta.red_line_conflicts == -1
    assert found.best.delta.index == 0.0
    both = explore(
        talks, parties=["a", "b", "g"], round_id="r1", goal=issues_compatible(["cap", "truce"])
    )
    assert both.best is not None
    assert both.best.cost == pytest.approx(0.5 + 0.6 + 0.5)
    assert {(m.party, m.issue) for m in both.best.moves} == {
        ("a", "cap"),
        ("a", "truce"),
        ("g", "truce"),
    }
    assert both.best.delta.count("gap") == -2
    assert both.best.ground.summary.index == 1.0


def test_a_mediator_that_cannot_move_leaves_the_sides_to_concede(talks: Negotiation) -> None:
    """With the mediator's plan fixed, an outcome inside the plan costs what the sides pay."""
    found = explore(
        talks,
        parties=["a", "b", "g"],
        round_id="r1",
        movers=["a", "b"],
        goal=issues_compatible(["cap", "truce"]),
    )
    assert found.best is not None
    assert found.best.cost == pytest.approx(0.5 + 1.2)
    assert {m.party for m in found.best.moves} <= {"a", "b"}
    assert found.best.ground.issue("truce").zone is not None


def test_reports_name_every_party_and_the_movers(talks: Negotiation) -> None:
    found = explore(talks, parties=["a", "b", "g"], round_id="r1", movers=["a", "b"])
    text = found.to_markdown()
    assert "Parties: Alpha (a), Beta (b) and Gamma (g), at round r1" in text
    assert "only Alpha and Beta may move" in text
    assert "Common-ground index" in text
    html = found.to_html()
    assert "only Alpha and Beta may move" in html
    data = json.loads(found.to_json())
    assert data["parties"] == ["a", "b", "g"]
    assert data["movers"] == ["a", "b"]
    assert data["best"]["after"]["red_line_count"] == 0


def test_bad_arguments_are_refused(talks: Negotiation, base: GroundBaseline) -> None:
    with pytest.raises(UsageError, match="either as a and b or as parties"):
        explore(talks, "a", parties=["a", "b", "g"])  # type: ignore[call-overload]
    with pytest.raises(NotFoundError, match="mover 'x'"):
        explore(talks, parties=["a", "b", "g"], movers=["x"])
    with pytest.raises(UsageError, match="more than once"):
        explore(talks, parties=["a", "b", "g"], movers=["a", "a"])
    with pytest.raises(UsageError, match="not one string"):
        explore(talks, parties="abg")
    with pytest.raises(UsageError, match="fixes the parties"):
        explore(base, round_id="r1")
    with pytest.raises(UsageError, match="at least 2"):
        GroundBaseline.of(talks, ["a"])
    with pytest.raises(UsageError):
        issues_compatible([])
    with pytest.raises(UsageError, match="more than once"):
        issues_compatible(["cap", "cap"])
    with pytest.raises(NotFoundError, match="did you mean 'cap'"):
        explore(talks, parties=["a", "b", "g"], goal=issues_compatible(["cap", "caps"]))


def test_a_settled_issue_counts_as_compatible() -> None:
    """An issue agreed at the table needs no move: the issue goal holds on it."""
    neg = negpos.bundled()
    june = neg.compare("ru", "ua", round_id="istanbul-2")
    settled = next(r for r in june.rows if r.status.value == "settled")
    assert issue_compatible(settled.issue.id)(june)
    found = explore(neg, "ru", "ua", round_id="istanbul-2", goal=issue_compatible(settled.issue.id))
    assert found.best is not None
    assert found.best.moves == ()


# --- the bundled November 2025 plans ---------------------------------------------------------


def test_what_the_sides_would_concede_for_the_us_plan() -> None:
    """November 2025: the US 28 points against Russia and Ukraine, only the sides moving."""
    neg = negpos.bundled()
    found = explore(
        neg,
        parties=["ru", "ua", "us"],
        round_id="us-28-points",
        movers=["ru", "ua"],
        goal=issues_compatible(["security.nato", "security.force_limits"]),
    )
    assert found.complete
    assert found.best is not None
    assert [(m.party, m.issue, m.kind) for m in found.best.moves] == [
        ("ua", "security.nato", "widen_range"),
        ("ua", "security.force_limits", "accept_outcome"),
    ]
    assert found.best.cost == pytest.approx(4.2)
    for iid in ("security.nato", "security.force_limits"):
        assert found.best.ground.issue(iid).status is GroundStatus.OVERLAP
        assert found.best.ground.issue(iid).zone is not None


# --- laws ------------------------------------------------------------------------------------


@st.composite
def small_tables(draw: st.DrawFn, parties: int = 3, conditions: bool = False) -> Negotiation:
    """Parties with positions on every issue of a small generated agenda."""
    agenda = draw(nst.agendas(1, 3))
    ids = [chr(ord("a") + k) for k in range(parties)]
    around = agenda if conditions else ()
    memos = [
        Memorandum(party=p, positions=tuple(draw(nst.positions(issue, around)) for issue in agenda))
        for p in ids
    ]
    return Negotiation.model_validate(
        {
            "title": "Generated talks",
            "parties": tuple(Party(id=p, name=p.upper()) for p in ids),
            "issues": agenda,
            "rounds": (Round(id="r", date=dt.date(2025, 6, 2), memoranda=tuple(memos)),),
        }
    )


def goals() -> st.SearchStrategy[object]:
    return st.one_of(
        st.just(no_red_line_conflicts()),
        st.just(all_compatible()),
        st.integers(0, 20).map(lambda k: compatibility_at_least(k / 20)),
    )


@settings(max_examples=30, deadline=None)
@given(small_tables(parties=2), goals())
def test_two_parties_on_their_common_ground_cost_what_their_comparison_does(
    neg: Negotiation, goal: object
) -> None:
    """For two parties the common ground is the comparison: the same cheapest cost."""
    pair = explore(neg, "a", "b", round_id="r", goal=goal)  # type: ignore[call-overload]
    many = explore(neg, parties=["a", "b"], round_id="r", goal=goal)  # type: ignore[call-overload]
    assert set(pair.candidates) == set(many.candidates)
    assert pair.complete == many.complete
    if pair.best is None:
        assert many.best is None
        return
    assert many.best is not None
    assert pair.best.cost == pytest.approx(many.best.cost, abs=1e-9)
    assert pair.solution_count == many.solution_count


def brute_force(base: GroundBaseline, moves: list[Move], goal: object) -> float | None:
    """The cheapest cost over every subset of the moves that combine."""
    best: float | None = None
    for size in range(len(moves) + 1):
        for combo in itertools.combinations(moves, size):
            if any(conflicting(x, y) for x, y in itertools.combinations(combo, 2)):
                continue
            try:
                after = GroundScenario.of(base, combo)
            except negpos.NegposError:
                continue
            if goal(after.ground):  # type: ignore[operator]
                cost = math.fsum(base.price(m) for m in combo)
                best = cost if best is None else min(best, cost)
    return best


@settings(max_examples=30, deadline=None)
@given(small_tables(), goals())
def test_the_search_among_three_agrees_with_trying_every_subset(
    neg: Negotiation, goal: object
) -> None:
    """On up to six candidates the exact search's cost is the brute-force minimum."""
    base = GroundBaseline.of(neg, ["a", "b", "c"], round_id="r")
    moves = list(base.candidates()[:6])
    found = explore(base, goal=goal, candidates=moves)  # type: ignore[call-overload]
    cost = brute_force(base, moves, goal)
    assert found.complete
    if cost is None:
        assert found.best is None
    else:
        assert found.best is not None
        assert found.best.cost == pytest.approx(cost, abs=1e-9)
        assert goal(found.best.after)  # type: ignore[operator]


@settings(max_examples=25, deadline=None)
@given(small_tables(), goals(), st.permutations(["a", "b", "c"]), st.sampled_from(["a", "b", "c"]))
def test_order_of_parties_changes_nothing_and_fewer_movers_never_cost_less(
    neg: Negotiation, goal: object, order: list[str], fixed: str
) -> None:
    """Listing the parties in another order finds the same cost; fixing a party never helps.

    The searches are exact: with ``auto``, a search of one party's moves fewer can pass
    the exact search's bound and fall back to Hypothesis's, which proves nothing (and
    cannot run inside this test's own ``@given``).
    """
    first = explore(neg, parties=["a", "b", "c"], round_id="r", goal=goal, method="exact")  # type: ignore[call-overload]
    again = explore(neg, parties=order, round_id="r", goal=goal, method="exact")  # type: ignore[call-overload]
    movers = [p for p in ("a", "b", "c") if p != fixed]
    fewer = explore(
        neg,
        parties=["a", "b", "c"],
        round_id="r",
        goal=goal,
        movers=movers,  # type: ignore[call-overload]
        method="exact",
    )
    assert first.complete
    assert again.complete
    assert fewer.complete
    assert (first.best is None) == (again.best is None)
    if first.best is None:
        assert fewer.best is None
        return
    assert again.best is not None
    assert first.best.cost == pytest.approx(again.best.cost, abs=1e-9)
    if fewer.best is not None:
        assert fewer.best.cost >= first.best.cost - 1e-9
        assert all(m.party != fixed for m in fewer.best.moves)


# --- the command line ------------------------------------------------------------------------


def test_the_command_explores_three_parties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(TALKS, encoding="utf-8")
    code = main(
        [
            "explore",
            str(path),
            "--parties",
            "a",
            "b",
            "g",
            "--movers",
            "b",
            "--goal",
            "issues=cap,truce",
            "--format",
            "json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["movers"] == ["b"]
    assert data["best"]["cost"] == pytest.approx(0.8 + 1.2)
    assert main(["explore", str(path), "--parties", "a", "--format", "json"]) == 2
    assert "at least two parties" in capsys.readouterr().err
    assert main(["explore", str(path), "--parties", "a", "b", "g", "--movers", "z"]) == 2
    assert "mover 'z'" in capsys.readouterr().err
    assert main(["explore", str(path), "--goal", "issues=cap,", "--format", "json"]) == 2


@settings(max_examples=60, deadline=None)
@given(small_tables(conditions=True), st.data())
def test_patching_the_ground_equals_reading_it_again(neg: Negotiation, data: st.DataObject) -> None:
    """Only the moved issues and the conditioned rows are read again, with the same result."""
    base = GroundBaseline.of(neg, ["a", "b", "c"], round_id="r")
    moves = list(base.candidates())
    chosen = data.draw(st.lists(st.sampled_from(moves), max_size=4, unique=True)) if moves else []
    try:
        moved = base.moved_positions(chosen)
    except negpos.NegposError:
        return
    patched = base.after(moved)
    again = common_of(base.memoranda_after(moved), base.issues, round_id="r", settled=base.settled)
    assert patched.to_dict() == again.to_dict()
