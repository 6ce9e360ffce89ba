"""Results as pandas data frames, and as HTML in notebooks.

The worked example is a small negotiation whose figures are worked out by hand in the
comments; the laws tie every frame to the result it comes from, row by row.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import math
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import strategies as nst
from negpos._model.issues import Issue
from negpos._render.frames import (
    CHANGE_COLUMNS,
    COMPARISON_COLUMNS,
    MATRIX_COLUMNS,
    POSITION_COLUMNS,
    TRAJECTORY_COLUMNS,
)

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def talks(harbour_talks: negpos.Negotiation) -> negpos.Negotiation:
    """The hand-worked negotiation ``HARBOUR`` of conftest.py, shared by the card and frame tests."""
    return harbour_talks


def records(frame: Any) -> list[dict[str, Any]]:
    """A frame's rows as dicts, with missing values as None so that rows compare with ==."""
    return [
        {k: None if _missing(v) else v for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- worked examples -------------------------------------------------------------------------


def test_comparison_frame_has_one_row_per_issue_worked_by_hand(talks: negpos.Negotiation) -> None:
    """Round 1: army cap a 0.2 gap on a's red line, neutrality overlapping, land b's alone."""
    frame = talks.compare("a", "b", round_id="r1").to_frame()
    assert list(COMPARISON_COLUMNS) == list(frame.columns)
    rows = records(frame)
    # army.cap: a accepts at most 500,000, b at least 700,000; the span is 1,000,000.
    assert pytest.approx(0.2) == rows[0].pop("magnitude")
    assert {
        "issue": "army.cap",
        "title": "Army ceiling",
        "category": "security",
        "kind": "numeric",
        "status": "gap",
        "red_lines": ["a"],
        "zone": None,
        "outcome": None,
        "settled_in": None,
        "reneged_by": [],
        "unmet_conditions": [],
        "options": "",
        "party_a": "a",
        "stance_a": "≤ 500,000 personnel",
        "salience_a": 0.8,
        "firmness_a": "red_line",
        "since_a": "r1",
        "party_b": "b",
        "stance_b": "≥ 700,000 personnel",
        "salience_b": 0.6,
        "firmness_b": "firm",
        "since_b": "r1",
    } == rows[0]
    assert ("neutral", "overlap", 0.0, [], "yes", "yes or no") == (
        rows[1]["issue"],
        rows[1]["status"],
        rows[1]["magnitude"],
        rows[1]["red_lines"],
        rows[1]["zone"],
        rows[1]["stance_b"],
    )
    land = rows[2]
    assert ("land", "one_sided", None, None, None, None) == (
        land["issue"],
        land["status"],
        land["magnitude"],
        land["stance_a"],
        land["salience_a"],
        land["firmness_a"],
    )
    assert ("requires —; forbids crimea", "red_line") == (land["stance_b"], land["firmness_b"])


def test_matrix_frame_has_one_row_per_pair_worked_by_hand(talks: negpos.Negotiation) -> None:
    """At round 2 the three pairs' counts and indices are the ones worked out by hand."""
    frame = talks.matrix(round_id="r2").to_frame()
    assert list(MATRIX_COLUMNS) == list(frame.columns)
    rows = records(frame)
    # a-b: army gap 0.1 (weight 0.7) and neutral overlap (weight 0.45): 1.08 / 1.15.
    assert pytest.approx([1.08 / 1.15, 0.0, 1.0]) == [r.pop("compatibility") for r in rows]
    assert pytest.approx([0.05, 1.0, 0.0]) == [r.pop("mean_gap") for r in rows]
    counts = {
        "settled": 0,
        "identical": 0,
        "same_preference": 0,
        "conditional": 0,
        "other_option": 0,
        "uncomparable": 0,
    }
    assert [
        {"round_id": "r2", "party_a": "a", "party_b": "b", "red_line_conflicts": 1, **counts,
         "overlap": 1, "gap": 1, "one_sided": 1, "total": 3},
        {"round_id": "r2", "party_a": "a", "party_b": "c", "red_line_conflicts": 0, **counts,
         "overlap": 0, "gap": 1, "one_sided": 1, "total": 2},
        {"round_id": "r2", "party_a": "b", "party_b": "c", "red_line_conflicts": 0, **counts,
         "overlap": 1, "gap": 0, "one_sided": 2, "total": 3},
    ] == rows  # fmt: skip


def test_trajectory_frame_has_one_row_per_issue_and_round(talks: negpos.Negotiation) -> None:
    """Three issues over two rounds give six rows, issue by issue, dated, gaps as computed."""
    frame = talks.trajectory("a", "b").to_frame()
    assert list(TRAJECTORY_COLUMNS) == list(frame.columns)
    assert [
        ("army.cap", "r1", "gap"),
        ("army.cap", "r2", "gap"),
        ("neutral", "r1", "overlap"),
        ("neutral", "r2", "overlap"),
        ("land", "r1", "one_sided"),
        ("land", "r2", "one_sided"),
    ] == list(zip(frame.issue, frame["round_id"], frame.status, strict=True))
    assert pytest.approx([0.2, 0.1, 0.0, 0.0]) == frame.magnitude.tolist()[:4]
    assert frame.magnitude.iloc[4:].isna().all()
    assert [pd.Timestamp("2025-05-16"), pd.Timestamp("2025-06-01")] == frame.date.tolist()[:2]
    assert {"a"} == set(frame.party_a)
    assert {"b"} == set(frame.party_b)


def test_change_frame_has_one_row_per_issue_worked_by_hand(talks: negpos.Negotiation) -> None:
    """A raises its cap from 500,000 to 600,000: a concession from 0.2 to 0.1 against b."""
    frame = talks.changes("a", from_round="r1", to_round="r2").to_frame()
    assert list(CHANGE_COLUMNS) == list(frame.columns)
    rows = records(frame)
    army = rows[0]
    assert pytest.approx((0.2, 0.1)) == (army.pop("distance_before"), army.pop("distance_after"))
    assert {
        "party": "a",
        "counterpart": "b",
        "from_round": "r1",
        "to_round": "r2",
        "issue": "army.cap",
        "title": "Army ceiling",
        "category": "security",
        "kind": "numeric",
        "movement": "concession",
        "stance_before": "≤ 500,000 personnel",
        "stance_after": "≤ 600,000 personnel",
        "reference": "≥ 700,000 personnel",
        "salience_before": 0.8,
        "salience_after": 0.8,
        "firmness_before": "red_line",
        "firmness_after": "red_line",
        "attributes_changed": False,
    } == army
    # Neutrality stands unchanged from round 1; land is b's issue, not a's.
    assert (["army.cap", "neutral"], ["concession", "unchanged"]) == (
        frame.issue.tolist(),
        frame.movement.tolist(),
    )


def test_change_frame_marks_what_was_dropped() -> None:
    """At Geneva the US withdrew three points of its plan: dropped, nothing after."""
    moves = negpos.bundled().changes(
        "us", from_round="us-28-points", to_round="geneva", counterpart="ua"
    )
    frame = moves.to_frame()
    dropped = frame[frame.movement == "dropped"]
    assert ["security.force_limits", "security.army_size", "politics.amnesty"] == list(
        dropped.issue
    )
    assert dropped.stance_after.isna().all()
    assert dropped.distance_after.isna().all()
    cap = dropped.stance_before.iloc[1]
    assert "exactly 600,000 personnel (prefers 600,000 personnel)" == cap


def test_june_comparison_frame_lists_the_red_lines_in_conflict() -> None:
    """Filtering the June frame on red lines gives the summary's nine conflicts."""
    june = negpos.bundled().compare("ru", "ua", round_id="istanbul-2")
    frame = june.to_frame()
    conflicts = frame[frame.red_lines.str.len() > 0]
    assert {c.issue.id for c in june.summary.red_line_conflicts} == set(conflicts.issue)
    assert 9 == len(conflicts)


# --- laws ------------------------------------------------------------------------------------


def two_memoranda() -> st.SearchStrategy[tuple[tuple[Issue, ...], Any, Any]]:
    """An agenda and two parties' memoranda on it."""
    return nst.agendas().flatmap(
        lambda agenda: st.tuples(
            st.just(agenda), nst.memoranda(agenda, "a"), nst.memoranda(agenda, "b")
        )
    )


def _same(value: Any, expected: Any) -> bool:
    return _missing(expected) if _missing(value) else value == expected


@given(two_memoranda())
def test_comparison_frame_mirrors_the_comparison(case: tuple[Any, Any, Any]) -> None:
    """Row k of the frame is issue k of the comparison: id, status, gap, red lines, saliences."""
    agenda, a, b = case
    comparison = negpos.compare(a, b, agenda)
    frame = comparison.to_frame()
    assert list(COMPARISON_COLUMNS) == list(frame.columns)
    assert len(comparison.rows) == len(frame)
    for c, row in zip(comparison.rows, records(frame), strict=True):
        sa = None if c.position_a is None else c.position_a.salience
        sb = None if c.position_b is None else c.position_b.salience
        assert (c.issue.id, c.status.value, list(c.red_lines)) == (
            row["issue"],
            row["status"],
            row["red_lines"],
        )
        assert _same(row["magnitude"], c.magnitude)
        assert _same(row["salience_a"], sa)
        assert _same(row["salience_b"], sb)
        assert (c.zone is None) == (row["zone"] is None)


@given(nst.negotiations(max_parties=3, max_issues=4, max_rounds=3))
def test_matrix_and_trajectory_frames_mirror_their_results(neg: negpos.Negotiation) -> None:
    """A matrix frame has a row per pair and a trajectory frame a row per issue and round."""
    try:
        matrix = neg.matrix()
    except negpos.NotFoundError:
        return
    frame = matrix.to_frame()
    assert [(p.party_a, p.party_b) for p in matrix.pairs] == list(
        zip(frame.party_a, frame.party_b, strict=True)
    )
    assert [p.summary.total for p in matrix.pairs] == frame.total.tolist()
    for p, row in zip(matrix.pairs, records(frame), strict=True):
        assert _same(row["compatibility"], p.summary.compatibility)
    for pair in matrix.pairs:
        trajectory = neg.trajectory(pair.party_a, pair.party_b)
        tf = trajectory.to_frame()
        assert len(trajectory.rows) * len(trajectory.rounds) == len(tf)
        assert [(r.issue.id, p.round) for r in trajectory.rows for p in r.points] == list(
            zip(tf.issue, tf["round_id"], strict=True)
        )


@given(two_memoranda())
def test_csv_keeps_ids_statuses_and_figures(case: tuple[Any, Any, Any]) -> None:
    """Written to CSV and read back, a comparison frame keeps its ids, statuses and gaps."""
    agenda, a, b = case
    # Free text is left out: pandas does not quote a lone carriage return, which then reads
    # back as a line break. Ids are slugs and figures are numbers.
    frame = negpos.compare(a, b, agenda).to_frame()[["issue", "status", "magnitude"]]
    back = pd.read_csv(
        io.StringIO(frame.to_csv(index=False)),
        dtype={"issue": str},
        # An issue may well be called "nan" or "null": only an empty gap is missing.
        keep_default_na=False,
        na_values={"magnitude": [""]},
    )
    assert frame.issue.tolist() == back.issue.tolist()
    assert frame.status.tolist() == back.status.tolist()
    for before, after in zip(frame.magnitude, back.magnitude, strict=True):
        assert _same(after, before)


def test_empty_results_give_empty_frames_with_every_column() -> None:
    """A comparison of two silent memoranda has no rows but the same columns and types."""
    issue = negpos.BooleanIssue(id="neutral", title="Neutral")
    silent = negpos.compare(
        negpos.Memorandum(party="a"), negpos.Memorandum(party="b"), [issue]
    ).to_frame()
    assert (0, list(COMPARISON_COLUMNS)) == (len(silent), list(silent.columns))
    assert "float64" == str(silent.magnitude.dtype)


# --- errors ----------------------------------------------------------------------------------


def test_missing_pandas_is_a_clear_error(
    talks: negpos.Negotiation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pandas, to_frame raises a NegposError that says what to install."""
    comparison = talks.compare("a", "b", round_id="r1")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(negpos.NegposError) as caught:
        comparison.to_frame()
    assert (
        "data frames need pandas, which is not installed; "
        "install it with pip install 'negpos[pandas]'"
    ) == str(caught.value)
    assert isinstance(caught.value.__cause__, ImportError)


def test_reports_name_the_tables_to_ask_for(talks: negpos.Negotiation) -> None:
    """A report holds several tables, so its to_frame says which results to ask instead."""
    with pytest.raises(negpos.UsageError, match=r"report\.comparison\.to_frame\(\)"):
        negpos.round_report(talks, "a", "b", round_id="r1").to_frame()
    with pytest.raises(negpos.UsageError, match=r"report\.matrix\.to_frame\(\)"):
        negpos.negotiation_report(talks, "a", "b").to_frame()


def test_something_else_is_refused() -> None:
    """The dispatcher refuses a value that is not a result."""
    from negpos._render.frames import to_frame

    with pytest.raises(negpos.UsageError, match="no data frame for a date"):
        to_frame(dt.date(2025, 6, 2))


def test_frame_examples_run() -> None:
    """The examples in the frames module's docstrings give what they show."""
    import doctest

    import negpos._render.frames

    assert 0 == doctest.testmod(negpos._render.frames).failed


# --- tidy columns and the positions frame ----------------------------------------------------


def _every_frame() -> dict[str, Any]:
    from negpos._render.agreements import agreement_frame

    talks = negpos.bundled()
    return {
        "comparison": talks.compare("ru", "ua", round_id="istanbul-2").to_frame(),
        "matrix": talks.matrix(round_id="geneva").to_frame(),
        "trajectory": talks.trajectory("ru", "ua").to_frame(),
        "changes": talks.changes("ru", from_round="istanbul-2", to_round="istanbul-3").to_frame(),
        "plan": talks.assess("us", ["ru", "ua"]).to_frame(),
        "common": talks.common(["ru", "ua", "us", "e3"], round_id="russia-response").to_frame(),
        "agreement": agreement_frame(negpos.agreement([talks, talks], ["one", "two"]))
        if importlib.util.find_spec("krippendorff")
        else None,
        "positions": talks.positions_frame(),
        "standing": talks.positions_frame(standing=True),
    }


def test_no_column_is_named_after_a_data_frame_attribute() -> None:
    """frame.round_id, frame.status... read columns: none hides behind a DataFrame method."""
    taken = set(dir(pd.DataFrame))
    for name, frame in _every_frame().items():
        if frame is not None:
            assert [] == [c for c in frame.columns if c in taken], name


def test_enums_are_categoricals_in_the_enums_order() -> None:
    """Statuses, kinds, firmness, fits and movements list every value, in the enum's order."""
    frames = _every_frame()
    kinds = [k.value for k in negpos.Kind]
    firmness = [f.value for f in negpos.Firmness]
    expected = {
        ("comparison", "status"): [s.value for s in negpos.Status],
        ("comparison", "kind"): kinds,
        ("comparison", "firmness_a"): firmness,
        ("trajectory", "status"): [s.value for s in negpos.Status],
        ("changes", "movement"): [m.value for m in negpos.Movement],
        ("changes", "firmness_after"): firmness,
        ("plan", "fit"): [f.value for f in negpos.Fit],
        ("plan", "side_firmness"): firmness,
        ("common", "status"): [g.value for g in negpos.GroundStatus],
        ("common", "firmness"): firmness,
        ("positions", "kind"): kinds,
        ("positions", "firmness"): firmness,
    }
    for (name, column), categories in expected.items():
        series = frames[name][column]
        assert isinstance(series.dtype, pd.CategoricalDtype), (name, column)
        assert categories == list(series.cat.categories), (name, column)
    counts = frames["comparison"].status.value_counts(sort=False)
    assert [s.value for s in negpos.Status] == counts.index.tolist()


def test_list_columns_hold_lists() -> None:
    """Several values are a list, never a joined text; none is an empty list."""
    frames = _every_frame()
    lists = {
        "comparison": ("red_lines", "reneged_by", "unmet_conditions"),
        "common": ("unmet_conditions", "options"),
        "positions": ("conditions", "links", "sources"),
    }
    for name, columns in lists.items():
        for column in columns:
            assert all(type(v) is list for v in frames[name][column]), (name, column)
    june = frames["comparison"]
    nato = june[june.issue == "security.nato"].red_lines.tolist()
    assert [["ua"]] == nato


def test_lists_are_formula_safe() -> None:
    """A list's items that a spreadsheet would run get the apostrophe too."""
    from negpos._render.frames import _safe

    assert ["'=1+1", "ok"] == _safe(["=1+1", "ok"])


def test_positions_frame_has_one_row_per_position() -> None:
    """Each main position and each option's position of every memorandum is one row."""
    talks = negpos.bundled()
    frame = talks.positions_frame()
    assert list(POSITION_COLUMNS) == list(frame.columns)
    expected = [
        (rnd.id, memo.party, p.issue, group.id if group else None, option.id if option else None)
        for rnd in talks.rounds
        for memo in rnd.memoranda
        for group, option, p in [
            *((None, None, p) for p in memo.positions),
            *((g, o, p) for g in memo.alternatives for o in g.options for p in o.positions),
        ]
    ]
    got = [
        (r, party, issue, None if _missing(g) else g, None if _missing(o) else o)
        for r, party, issue, g, o in zip(
            frame.round_id, frame.party, frame.issue, frame.group, frame.option, strict=True
        )
    ]
    assert expected == got
    assert (frame.round_id == frame.tabled_in).all()
    assert "datetime64[s]" == str(frame.date.dtype)
    row = frame[(frame.issue == "security.nato") & (frame.round_id == "istanbul-2")].iloc[0]
    assert {"kind": "ordinal"}.items() <= row.stance_data.items()


@given(nst.negotiations(max_parties=3, max_issues=4, max_rounds=3))
def test_positions_frames_count_every_position(neg: negpos.Negotiation) -> None:
    """Tabled: one row per position of every memorandum; standing: of every standing one."""

    def count(memo: negpos.Memorandum) -> int:
        options = sum(len(o.positions) for g in memo.alternatives for o in g.options)
        return len(memo.positions) + options

    tabled = neg.positions_frame()
    assert sum(count(m) for r in neg.rounds for m in r.memoranda) == len(tabled)
    standing = neg.positions_frame(standing=True)
    assert sum(
        count(neg.standing(p.id, round_id=r.id)) for r in neg.rounds for p in neg.parties
    ) == len(standing)
    rounds = [r.id for r in neg.rounds]
    for held, tabled_in in zip(standing.round_id, standing.tabled_in, strict=True):
        assert rounds.index(tabled_in) <= rounds.index(held)


def test_positions_frame_needs_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas the positions frame says how to install it."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(negpos.NegposError, match="pip install"):
        negpos.bundled().positions_frame()
