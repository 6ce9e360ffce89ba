"""Trajectories: gaps per issue and round, movement totals, convergence and its slopes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import negpos
from negpos import Movement, Status
from negpos import strategies as nst
from negpos._analysis.trajectory import least_squares_slope

TALKS: dict[str, Any] = {
    "format": 1,
    "title": "Lease talks",
    "parties": [{"id": "city", "name": "City"}, {"id": "operator", "name": "Operator"}],
    "issues": [
        {"id": "lease", "kind": "numeric", "title": "Lease", "unit": "years", "bounds": [5, 60]},
        {"id": "neutral", "kind": "boolean", "title": "Neutral operator"},
    ],
    "rounds": [
        {
            "id": "r1",
            "date": "2025-01-10",
            "memoranda": [
                {
                    "party": "city",
                    "positions": [
                        {
                            "issue": "lease",
                            "stance": {"kind": "numeric", "max": 25},
                            "salience": 0.8,
                        },
                        {"issue": "neutral", "stance": {"kind": "boolean", "accepts": [True]}},
                    ],
                }
            ],
        },
        {
            "id": "r2",
            "date": "2025-01-20",
            "memoranda": [
                {
                    "party": "operator",
                    "positions": [
                        {
                            "issue": "lease",
                            "stance": {"kind": "numeric", "min": 35},
                            "salience": 0.6,
                        }
                    ],
                }
            ],
        },
        {
            "id": "r3",
            "date": "2025-01-30",
            "memoranda": [
                {
                    "party": "city",
                    "positions": [
                        {
                            "issue": "lease",
                            "stance": {"kind": "numeric", "max": 30},
                            "salience": 0.8,
                        }
                    ],
                },
                {
                    "party": "operator",
                    "positions": [
                        {
                            "issue": "lease",
                            "stance": {"kind": "numeric", "min": 28},
                            "salience": 0.6,
                        },
                        {
                            "issue": "neutral",
                            "stance": {"kind": "boolean", "accepts": [False]},
                            "salience": 0.4,
                        },
                    ],
                },
            ],
        },
    ],
}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 9)


def test_worked_example_rows() -> None:
    """The trajectory starts when both sides hold positions; a row per issue, a point per round."""
    t = negpos.parse(TALKS).trajectory("city", "operator")
    assert ("r2", "r3") == t.rounds
    assert ["lease", "neutral"] == [r.issue.id for r in t.rows]
    # lease: at most 25 against at least 35 is 10 of 55 years apart; at most 30 against at
    # least 28 overlaps. neutral: only the city speaks in r2; yes against no in r3.
    assert [
        ("lease", "r2", Status.GAP, round(10 / 55, 9)),
        ("lease", "r3", Status.OVERLAP, 0.0),
        ("neutral", "r2", Status.ONE_SIDED, None),
        ("neutral", "r3", Status.GAP, 1.0),
    ] == [(r.issue.id, p.round, p.status, _rounded(p.magnitude)) for r in t.rows for p in r.points]
    assert t.issue("neutral").at("r3") == t.issue("neutral").points[1]
    # A row's own status and gap are those of the last round followed.
    assert (Status.GAP, 1.0) == (t.issue("neutral").status, t.issue("neutral").magnitude)
    assert ("neutral",) == tuple(r.issue.id for r in t.where(status="gap"))


def test_worked_example_totals() -> None:
    """Each side's lease move is a concession against the other's r2 position, weighted by salience."""
    t = negpos.parse(TALKS).trajectory("city", "operator")
    city, operator = t.totals
    # City: at most 25 to at most 30 against at least 35; its r2 salience on the lease is 0.8.
    assert ("city", "operator", 1, 0, 0.8, 0.0) == (
        city.party,
        city.counterpart,
        city.concessions,
        city.hardenings,
        city.concession_weight,
        city.hardening_weight,
    )
    assert {Movement.CONCESSION: 1, Movement.UNCHANGED: 1} == {m: n for m, n in city.counts if n}
    # Operator: at least 35 to at least 28 against at most 25; neutral is new in r3.
    assert (1, 0.6, 0.6) == (operator.concessions, operator.concession_weight, operator.net_weight)
    assert {Movement.CONCESSION: 1, Movement.ADDED: 1} == {m: n for m, n in operator.counts if n}
    assert operator == t.totals_of("operator")


def test_worked_example_convergence() -> None:
    """The index falls from 45/55 to 14/23 when the neutrality gap opens; slopes per round and day."""
    t = negpos.parse(TALKS).trajectory("city", "operator")
    first, second = t.convergence.points
    # r2: only the lease is two-sided: 1 - 10/55. r3: lease (weight 0.7) compatible, neutral
    # (weight 0.45) a full gap: 0.7 / 1.15 = 14/23.
    assert ("r2", round(45 / 55, 9), round(10 / 55, 9)) == (
        first.round,
        _rounded(first.compatibility),
        _rounded(first.mean_gap),
    )
    assert ("r3", round(14 / 23, 9), 0.5) == (
        second.round,
        _rounded(second.compatibility),
        _rounded(second.mean_gap),
    )
    slope = 14 / 23 - 45 / 55
    assert (round(slope, 9), round(slope / 10, 9)) == (
        _rounded(t.convergence.slope_per_round),
        _rounded(t.convergence.slope_per_day),
    )


def test_to_dict_is_json_ready() -> None:
    """The whole trajectory serialises to JSON with rounds, rows, totals and convergence."""
    data = json.loads(json.dumps(negpos.parse(TALKS).trajectory("city", "operator").to_dict()))
    assert ["r2", "r3"] == data["rounds"]
    assert {"round": "r2", "status": "one_sided", "magnitude": None} == data["rows"][1]["points"][0]
    assert ["lease", "neutral"] == [row["issue"] for row in data["rows"]]
    assert ["city", "operator"] == [t["party"] for t in data["totals"]]
    assert "2025-01-20" == data["convergence"]["points"][0]["date"]


def test_lookups_and_missing_parties() -> None:
    """Unknown parties, rows and issues raise NotFoundError; so do parties that never meet."""
    neg = negpos.parse(TALKS)
    t = neg.trajectory("city", "operator")
    with pytest.raises(negpos.NotFoundError):
        t.issue("lease").at("r1")
    with pytest.raises(negpos.NotFoundError):
        t.issue("nowhere")
    with pytest.raises(negpos.NotFoundError):
        t.totals_of("broker")
    with pytest.raises(negpos.NotFoundError):
        neg.trajectory("city", "broker")
    alone = {**TALKS, "rounds": TALKS["rounds"][:1]}
    with pytest.raises(negpos.NotFoundError, match="never hold positions"):
        negpos.parse(alone).trajectory("city", "operator")


def test_a_single_point_has_no_slope() -> None:
    """With one round followed there is nothing to fit."""
    two_rounds = {**TALKS, "rounds": TALKS["rounds"][:2]}
    t = negpos.parse(two_rounds).trajectory("city", "operator")
    assert (("r2",), None, None) == (
        t.rounds,
        t.convergence.slope_per_round,
        t.convergence.slope_per_day,
    )


def test_least_squares_slope() -> None:
    """The slope of a least-squares line, worked by hand, and the cases with no slope."""
    # Points (0, 1), (1, 3), (2, 2): mean x 1, mean y 2; sxy = (-1)(-1) + 0 + (1)(0) = 1; sxx = 2.
    assert 0.5 == least_squares_slope([0, 1, 2], [1, 3, 2])
    assert least_squares_slope([3], [1]) is None
    assert least_squares_slope([2, 2], [1, 5]) is None
    with pytest.raises(ValueError, match="same length"):
        least_squares_slope([1, 2], [1])


# --- the bundled dataset ------------------------------------------------------------------------


def test_russia_and_ukraine_from_2022_to_2026() -> None:
    """From the 2022 drafts to June 2026; in 2025 one hardening each and no concession."""
    neg = negpos.bundled()
    t = neg.trajectory("ru", "ua")
    assert tuple(r.id for r in neg.rounds) == t.rounds
    ru, ua = t.totals
    assert (3, 3) == (ru.concessions, ru.hardenings)
    assert (5, 4) == (ua.concessions, ua.hardenings)
    # In 2025 alone: Russia's leaders' meeting only to sign (July); Ukraine's ceasefire scope
    # widened to infrastructure strikes (July). No concession.
    year = ("istanbul-1", "istanbul-2", "istanbul-3", "russia-response")
    for party, issue in (("ru", "process.leaders_meeting"), ("ua", "ceasefire.scope")):
        moved = [
            (b, row.issue.id, row.movement.value)
            for a, b in itertools.pairwise(year)
            for row in neg.changes(party, from_round=a, to_round=b).rows
            if row.movement.value in ("concession", "hardening")
        ]
        assert [("istanbul-3", issue, "hardening")] == moved
    # 2022: two steps apart (to negotiate, to sign only); one step in May and June 2025, two
    # from July on: the scale's full width.
    assert [1.0, 0.5, 0.5] + [1.0] * 12 == [
        p.magnitude for p in t.issue("process.leaders_meeting").points
    ]
    # Neither side tables anything between July and Russia's response, so the figures hold.
    held = {p.compatibility for p in t.convergence.points[3:7]}
    assert 1 == len(held)


# --- laws ------------------------------------------------------------------------------------------


@st.composite
def _talks(draw: st.DrawFn) -> negpos.Negotiation:
    """Two parties over a few rounds, tabling main positions and sometimes withdrawing one."""
    agenda = draw(nst.agendas(1, 4))
    rounds = []
    day = dt.date(2025, 1, 1)
    for k in range(draw(st.integers(1, 4))):
        memos = []
        for party in ("a", "b"):
            if k > 0 and draw(st.booleans()):
                continue
            chosen = [i for i in agenda if draw(st.booleans())]
            withdrawn = [i.id for i in agenda if i not in chosen and draw(st.integers(0, 3)) == 0]
            positions = tuple(draw(nst.positions(i, agenda)) for i in chosen)
            memos.append(
                negpos.Memorandum(party=party, positions=positions, withdrawn=tuple(withdrawn))
            )
        day += dt.timedelta(days=draw(st.integers(0, 40)))
        rounds.append(negpos.Round(id=f"r{k}", date=day, memoranda=tuple(memos)))
    return negpos.Negotiation.model_validate(
        {
            "title": "Talks",
            "parties": [negpos.Party(id="a", name="A"), negpos.Party(id="b", name="B")],
            "issues": agenda,
            "rounds": rounds,
        }
    )


def _followed(neg: negpos.Negotiation) -> negpos.Trajectory:
    try:
        return neg.trajectory("a", "b")
    except negpos.NotFoundError:
        assume(False)
        raise


@given(_talks())
def test_law_rows_agree_with_the_comparison_at_each_round(neg: negpos.Negotiation) -> None:
    """Every row is the comparison engine's status and gap at that round, standing positions."""
    t = _followed(neg)
    for row in t.rows:
        assert t.rounds == tuple(p.round for p in row.points)
        for point in row.points:
            found = {c.issue.id: c for c in neg.compare("a", "b", round_id=point.round).rows}
            expected = found.get(row.issue.id)
            assert (
                (None, None) if expected is None else (expected.status, expected.magnitude)
            ) == (point.status, point.magnitude)


@given(_talks())
def test_law_totals_add_up_the_changes_between_consecutive_rounds(
    neg: negpos.Negotiation,
) -> None:
    """The totals are the sums of each side's change sets over consecutive rounds."""
    t = _followed(neg)
    for party, other, totals in (("a", "b", t.totals[0]), ("b", "a", t.totals[1])):
        counts = dict.fromkeys(Movement, 0)
        weights = {Movement.CONCESSION: 0.0, Movement.HARDENING: 0.0}
        for r0, r1 in zip(t.rounds, t.rounds[1:], strict=False):
            for item in neg.changes(party, from_round=r0, to_round=r1, counterpart=other).rows:
                counts[item.movement] += 1
                if item.movement in weights and item.before is not None:
                    weights[item.movement] += item.before.salience
        assert tuple(counts.items()) == totals.counts
        assert (counts[Movement.CONCESSION], counts[Movement.HARDENING]) == (
            totals.concessions,
            totals.hardenings,
        )
        assert (
            round(weights[Movement.CONCESSION], 9),
            round(weights[Movement.HARDENING], 9),
        ) == (round(totals.concession_weight, 9), round(totals.hardening_weight, 9))


@given(
    st.lists(st.integers(-100, 100), min_size=2, max_size=8, unique=True),
    st.integers(-20, 20),
    st.integers(-50, 50),
)
def test_law_the_slope_of_points_on_a_line_is_the_line_s(
    xs: list[int], slope: int, intercept: int
) -> None:
    """Points lying exactly on y = slope * x + intercept give back that slope."""
    ys = [slope * x + intercept for x in xs]
    fitted = least_squares_slope([float(x) for x in xs], [float(y) for y in ys])
    assert fitted is not None
    assert slope == pytest.approx(fitted, abs=1e-9)


def test_docstring_examples_run() -> None:
    """The examples in the trajectory module's docstrings give the output they show."""
    import doctest

    import negpos._analysis.trajectory

    assert 0 == doctest.testmod(negpos._analysis.trajectory).failed
