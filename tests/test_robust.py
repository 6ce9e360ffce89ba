"""Readings and robust comparisons: hand-worked ranges, smallest sets, weights, and laws."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negpos
from negpos import Memorandum, Negotiation, Reading, Status
from negpos import strategies as nst
from negpos._analysis.readings import variables_of
from negpos._analysis.robust import robust_of
from negpos._errors import UsageError

# Two boolean issues, hand-worked. Truce: Alpha yes (0.8), Beta no (0.4): a gap of 1,
# weight 0.6; Beta may also be read as accepting a truce ("yes", weight 3: probability 3/4),
# which makes the issue identical. Venue: both yes (0.5), identical; Beta's salience is a
# guess between 0.2 and 0.9, so the venue weighs 0.5, 0.35 or 0.7.
#   truce main: index 0.5 / 1.1 = 0.4545 (venue 0.5), 0.35 / 0.95 = 0.3684 (low),
#               0.7 / 1.3 = 0.5385 (high); truce "yes": 1.0 whatever the venue.
#   Weighted mean: 1/4 x (0.4545 + 0.3684 + 0.5385) / 3 + 3/4 x 1.0 = 0.8635.
TALKS = """\
format: 1
title: Two readings
parties: [{id: a, name: Alpha}, {id: b, name: Beta}]
issues:
  - {id: truce, kind: boolean, title: Truce}
  - {id: venue, kind: boolean, title: Venue}
rounds:
  - id: r1
    date: 2025-06-02
    memoranda:
      - party: a
        positions:
          - {issue: truce, stance: {kind: boolean, accepts: [true]}, salience: 0.8}
          - {issue: venue, stance: {kind: boolean, accepts: [true]}}
      - party: b
        positions:
          - issue: truce
            stance: {kind: boolean, accepts: [false]}
            salience: 0.4
            readings:
              - id: yes
                label: would accept a truce
                stance: {kind: boolean, accepts: [true]}
                weight: 3
                sources: ["https://example.org/interview"]
          - issue: venue
            stance: {kind: boolean, accepts: [true]}
            salience_range: [0.2, 0.9]
"""


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    return negpos.loads(TALKS, fmt="yaml")


def test_readings_are_variables(talks: Negotiation) -> None:
    memos = [talks.standing(p, round_id="r1") for p in ("a", "b")]
    variables = variables_of(memos)
    assert [(v.party, v.issue, v.choices) for v in variables] == [
        ("b", "truce", ("main", "yes")),
        ("b", "venue", ("main", "salience-low", "salience-high")),
    ]
    assert variables[0].probabilities == (0.25, 0.75)
    assert variables[1].probabilities == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert variables[0].weighted
    assert not variables[1].weighted
    assert variables[0].describe(1) == "b on truce: would accept a truce"


def test_hand_worked_ranges(talks: Negotiation) -> None:
    result = talks.robust("a", "b", round_id="r1")
    assert result.exact
    assert (result.combinations, result.evaluated) == (6, 6)
    index = result.compatibility
    assert index.main == pytest.approx(0.5 / 1.1)
    assert index.low == pytest.approx(0.35 / 0.95)
    assert index.high == pytest.approx(1.0)
    assert not index.robust
    assert result.lowest == ("b on venue: salience 0.2",)
    assert result.highest == ("b on truce: would accept a truce",)
    truce = result.issue("truce")
    assert truce.status is Status.GAP
    assert not truce.robust
    assert truce.statuses == (Status.IDENTICAL, Status.GAP)
    assert truce.depends_on == ("b on truce: would accept a truce",)
    assert truce.flipped_to is Status.IDENTICAL
    assert truce.main_probability == pytest.approx(0.25)
    venue = result.issue("venue")
    assert venue.robust
    assert venue.depends_on == ()
    assert result.fragile == (truce,)
    assert result.count("gap").to_dict() == {"main": 1.0, "low": 0.0, "high": 1.0}
    assert result.weighted
    mean = 0.25 * (0.5 / 1.1 + 0.35 / 0.95 + 0.7 / 1.3) / 3 + 0.75
    assert result.index_mean == pytest.approx(mean)
    assert result.index_quantiles == pytest.approx((0.35 / 0.95, 1.0, 1.0))


def test_past_the_limit_the_search_samples_and_finds_every_single_flip(talks: Negotiation) -> None:
    sampled = talks.robust("a", "b", round_id="r1", limit=2, samples=0)
    assert not sampled.exact
    # The main combination and the three single departures.
    assert sampled.evaluated == 4
    assert sampled.issue("truce").depends_on == ("b on truce: would accept a truce",)
    exact = talks.robust("a", "b", round_id="r1")
    assert exact.compatibility.low is not None
    assert sampled.compatibility.low is not None
    assert exact.compatibility.low <= sampled.compatibility.low
    assert sampled.compatibility.high == exact.compatibility.high


def test_executors_give_the_serial_result(talks: Negotiation) -> None:
    serial = talks.robust("a", "b", round_id="r1")
    with ThreadPoolExecutor(2) as pool:
        threaded = talks.robust("a", "b", round_id="r1", executor=pool)
    with ProcessPoolExecutor(2) as pool:
        processes = talks.robust("a", "b", round_id="r1", executor=pool)
    assert serial.to_dict() == threaded.to_dict() == processes.to_dict()


def test_bad_arguments(talks: Negotiation) -> None:
    with pytest.raises(UsageError, match="limit"):
        talks.robust("a", "b", limit=0)
    with pytest.raises(UsageError, match="samples"):
        talks.robust("a", "b", samples=-1)
    with pytest.raises(UsageError, match="seed"):
        talks.robust("a", "b", seed=1.5)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="chunk"):
        negpos.sweep(abs, [1], chunk=0)


def test_readings_are_checked_against_the_agenda() -> None:
    bad = TALKS.replace(
        "stance: {kind: boolean, accepts: [true]}\n                weight: 3",
        "stance: {kind: numeric, min: 3}\n                weight: 3",
    )
    with pytest.raises(negpos.InputError, match=r"readings\[0\]\.stance"):
        negpos.loads(bad, fmt="yaml")
    with pytest.raises(negpos.InputError, match="salience_range"):
        negpos.loads(TALKS.replace("[0.2, 0.9]", "[0.6, 0.9]"), fmt="yaml")
    with pytest.raises(negpos.InputError, match="changes nothing"):
        negpos.loads(
            TALKS.replace(
                "stance: {kind: boolean, accepts: [true]}\n                weight: 3", "weight: 3"
            ),
            fmt="yaml",
        )


# --- laws --------------------------------------------------------------------------------------


@st.composite
def read_talks(draw: st.DrawFn, readings: bool = True) -> tuple[Memorandum, Memorandum, tuple]:  # type: ignore[type-arg]
    """Two memoranda on a small agenda, some positions with readings or a salience range."""
    agenda = draw(nst.agendas(1, 4))
    memos = []
    for party in ("a", "b"):
        positions = []
        for issue in agenda:
            position = draw(nst.positions(issue))
            if readings and draw(st.booleans()):
                stances = draw(st.lists(nst.stances(issue), min_size=1, max_size=2))
                found = tuple(
                    Reading(
                        id=f"r{k}",
                        stance=s,  # type: ignore[arg-type]
                        weight=draw(st.none() | st.floats(0.1, 5)),
                        sources=("https://example.org/r",),  # type: ignore[arg-type]
                    )
                    for k, s in enumerate(stances)
                )
                position = position.model_copy(update={"readings": found})
            if readings and draw(st.booleans()):
                low = draw(st.floats(0, position.salience))
                high = draw(st.floats(position.salience, 1))
                position = position.model_copy(update={"salience_range": (low, high)})
            positions.append(position)
        memos.append(Memorandum(party=party, positions=tuple(positions)))
    return memos[0], memos[1], agenda


def _plain(memo: Memorandum) -> Memorandum:
    positions = tuple(
        p.model_copy(update={"readings": (), "salience_range": None}) for p in memo.positions
    )
    return memo.model_copy(update={"positions": positions})


@settings(max_examples=60, deadline=None)
@given(read_talks())
def test_every_range_contains_the_main_value(talks: tuple) -> None:  # type: ignore[type-arg]
    memo_a, memo_b, agenda = talks
    result = robust_of(memo_a, memo_b, agenda)
    base = negpos.compare(memo_a, memo_b, agenda)
    assert result.compatibility.main == base.summary.compatibility
    assert result.compatibility.contains(base.summary.compatibility)
    assert result.mean_gap.contains(base.summary.mean_gap)
    for status, figure in result.counts:
        assert figure.contains(float(base.summary.count(status)))
    for row in result.rows:
        assert row.status in row.statuses
        assert row.magnitude.contains(row.row.magnitude)
        assert row.robust == (not row.depends_on)
        assert 0.0 <= row.main_probability <= 1.0 + 1e-12


@settings(max_examples=40, deadline=None)
@given(read_talks(readings=False))
def test_without_readings_robust_figures_are_todays(talks: tuple) -> None:  # type: ignore[type-arg]
    memo_a, memo_b, agenda = talks
    result = robust_of(memo_a, memo_b, agenda)
    base = negpos.compare(memo_a, memo_b, agenda)
    assert result.exact
    assert result.combinations == result.evaluated == 1
    assert result.compatibility.low == result.compatibility.high == base.summary.compatibility
    assert all(row.robust for row in result.rows)
    assert [r.status for r in result.rows] == [r.status for r in base.rows]


@settings(max_examples=40, deadline=None)
@given(read_talks())
def test_adding_readings_never_narrows_a_range(talks: tuple) -> None:  # type: ignore[type-arg]
    memo_a, memo_b, agenda = talks
    fewer = robust_of(_plain(memo_a), memo_b, agenda)
    more = robust_of(memo_a, memo_b, agenda)
    for a, b in ((fewer.compatibility, more.compatibility), (fewer.mean_gap, more.mean_gap)):
        if a.low is None:
            continue
        assert b.low is not None
        assert b.high is not None
        assert a.high is not None
        assert b.low <= a.low
        assert b.high >= a.high
    for x, y in zip(fewer.rows, more.rows, strict=True):
        assert set(x.statuses) <= set(y.statuses)


def test_the_bundled_round_without_readings_is_robust() -> None:
    result = negpos.bundled().robust("ru", "ua", round_id="istanbul-2")
    base = negpos.bundled().compare("ru", "ua", round_id="istanbul-2")
    assert result.compatibility.main == base.summary.compatibility
    assert len(result.rows) == len(base.rows)


# --- pickling, clusters and the command line ---------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(nst.negotiations())
def test_documents_pickle_with_their_lookups_left_behind(neg: Negotiation) -> None:
    """A process pool or a cluster receives documents whole, even after lookups were cached."""
    import pickle

    for rnd in neg.rounds:
        for memo in rnd.memoranda:
            memo.position("anything")
    again = pickle.loads(pickle.dumps(neg))
    assert again == neg
    assert again.to_dict() == neg.to_dict()


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_serial_result(talks: Negotiation) -> None:
    """The sweep runs on ``distributed.Client.get_executor()`` as on any executor."""
    distributed = pytest.importorskip("distributed")
    serial = talks.robust("a", "b", round_id="r1")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        distributed.Client(cluster) as client,
    ):
        clustered = talks.robust("a", "b", round_id="r1", executor=client.get_executor())
        doubled = negpos.sweep(abs, range(-5, 5), executor=client.get_executor(), chunk=3)
    assert clustered.to_dict() == serial.to_dict()
    assert doubled == [abs(k) for k in range(-5, 5)]


def test_the_command(tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    import json
    from pathlib import Path

    from negpos._cli.main import main

    path = Path(str(tmp_path)) / "talks.yaml"
    path.write_text(TALKS, encoding="utf-8")
    assert main(["robust", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["compatibility"]["high"] == 1.0
    assert data["rows"][0]["depends_on"] == ["b on truce: would accept a truce"]
    assert main(["robust", str(path), "--workers", "2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == data
    assert main(["robust", str(path), "--limit", "2", "--samples", "0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["exact"] is False
    assert main(["robust", str(path), "--limit", "0"]) == 2
    assert main(["robust", str(path), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "## Issues whose status depends on reading" in out
    assert "would accept a truce" in out


def test_hostile_reading_text_is_escaped() -> None:
    hostile = "<script>alert(1)</script> | **x**"
    text = TALKS.replace("label: would accept a truce", f"label: '{hostile}'")
    result = negpos.loads(text, fmt="yaml").robust("a", "b", round_id="r1")
    html = result.to_html()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    markdown = result.to_markdown()
    assert "<script>" not in markdown
    assert "\\| \\*\\*x\\*\\*" in markdown or "\\|" in markdown
    assert result.to_json() == result.to_json()
    assert result.to_html() == html


def test_reports_show_notes_and_other_readings_in_every_format(talks: Negotiation) -> None:
    """An analyst reads the doubts before quoting a figure, whatever the format."""
    report = negpos.round_report(talks, "a", "b", round_id="r1")
    markdown = report.to_markdown()
    assert "## Notes and readings" in markdown
    assert "other reading: would accept a truce: yes; weight 3" in markdown
    assert "other reading: salience between 0.20 and 0.90" in markdown
    assert "[https://example.org/interview](https://example.org/interview)" in markdown
    terminal = negpos.render(report, "terminal")
    assert "Notes and readings" in terminal
    assert "other reading: would accept a truce: yes; weight 3" in terminal
    html = report.to_html()
    assert "other reading: would accept a truce: yes; weight 3" in html
    plain = negpos.loads(
        TALKS.split("            readings:")[0]
        + "          - issue: venue\n            stance: {kind: boolean, accepts: [true]}\n",
        fmt="yaml",
    )
    assert "Notes and readings" not in negpos.round_report(plain, "a", "b").to_markdown()


# --- any figure over the readings ------------------------------------------------------------


def _truce_figures(negotiation: Negotiation) -> dict[str, object]:
    comparison = negotiation.compare("a", "b", round_id="r1")
    return {
        "index": comparison.summary.compatibility,
        "truce": comparison.issue("truce").status,
        "gaps": comparison.summary.count("gap"),
        "agreed": comparison.summary.count("gap") == 0,
    }


def test_any_figure_over_the_readings(talks: Negotiation) -> None:
    """The general sweep finds the comparison's figures as the robust comparison does."""
    swept = negpos.robust_figures(talks, _truce_figures)
    assert swept.exact
    assert swept.combinations == 6
    index = swept.figure("index")
    assert index.range is not None
    assert index.range.low == pytest.approx(0.35 / 0.95)
    assert index.range.high == pytest.approx(1.0)
    truce = swept.figure("truce")
    assert truce.main == "gap"
    assert truce.values == ("gap", "identical")
    assert truce.depends_on == ("b on truce at r1: would accept a truce",)
    assert truce.changed_to == "identical"
    assert truce.range is None
    agreed = swept.figure("agreed")
    assert agreed.values == (False, True)
    assert agreed.range is None
    assert swept.figure("gaps").range == negpos.FigureRange(1.0, 0.0, 1.0)
    assert "Figures under every reading" in swept.to_markdown()
    assert "b on truce at r1: would accept a truce" in negpos.render(swept, "terminal")
    assert "<svg" in swept.to_html()
    with ProcessPoolExecutor(2) as pool:
        assert negpos.robust_figures(talks, _truce_figures, executor=pool) == swept
    with pytest.raises(negpos.NotFoundError, match="no figure"):
        swept.figure("nothing")


def test_a_measure_gives_plain_values(talks: Negotiation) -> None:
    with pytest.raises(UsageError, match="a measure gives numbers"):
        negpos.robust_figures(talks, lambda n: {"x": [1, 2]})
    with pytest.raises(UsageError, match="names its figures with text"):
        negpos.robust_figures(talks, lambda n: {1: 2})
    with pytest.raises(UsageError, match="function of a negotiation"):
        negpos.robust_figures(talks, 3)  # type: ignore[arg-type]
    single = negpos.robust_figures(talks, lambda n: len(n.rounds))
    assert single.figure("value").robust


@settings(max_examples=25, deadline=None)
@given(read_talks())
def test_the_general_sweep_agrees_with_the_robust_comparison(talks: tuple) -> None:  # type: ignore[type-arg]
    memo_a, memo_b, agenda = talks
    neg = Negotiation.model_validate(
        {
            "title": "Generated",
            "parties": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
            "issues": agenda,
            "rounds": [{"id": "r", "date": "2025-06-02", "memoranda": [memo_a, memo_b]}],
        }
    )
    direct = neg.robust("a", "b", round_id="r")
    swept = negpos.robust_figures(
        neg, lambda n: n.compare("a", "b", round_id="r").summary.compatibility
    )
    figure = swept.figure("value")
    if figure.range is None:
        assert direct.compatibility.low is None
        return
    assert figure.range.low == pytest.approx(direct.compatibility.low)
    assert figure.range.high == pytest.approx(direct.compatibility.high)


def test_a_round_report_can_show_every_figure_under_every_reading(
    talks: Negotiation, tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    from pathlib import Path

    from negpos._cli.main import main

    plain = negpos.round_report(talks, "a", "b", round_id="r1")
    assert plain.robust is None
    assert "robust" not in json.loads(plain.to_json())
    report = negpos.round_report(talks, "a", "b", round_id="r1", robust=True)
    assert report.robust == talks.robust("a", "b", round_id="r1")
    markdown = report.to_markdown()
    assert "## Under every reading" in markdown
    assert "| Compatibility index | 0\\.455 | 0\\.368 | 1\\.000 | no |" in markdown
    assert "b on truce: would accept a truce → identical" in markdown
    assert "Under every reading" in negpos.render(report, "terminal")
    html = report.to_html()
    assert 'id="under-every-reading"' in html
    assert "range-chart" in html
    assert json.loads(report.to_json())["robust"]["compatibility"]["high"] == 1.0
    path = Path(str(tmp_path)) / "talks.yaml"
    path.write_text(TALKS, encoding="utf-8")
    assert main(["report", str(path), "--robust", "--format", "markdown"]) == 0
    assert "## Under every reading" in capsys.readouterr().out
    assert main(["report", str(path), "--robust", "--negotiation"]) == 2
