"""The explore command, run through main(argv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negpos._cli.explore import parse_goal
from negpos._cli.main import main
from negpos._errors import NegposError

TALKS = """\
format: 1
title: Harbour talks
parties: [{id: city, name: City}, {id: port, name: Port}]
issues:
  - {id: berths, kind: numeric, title: New berths, unit: berths, bounds: [0, 20]}
  - {id: night, kind: boolean, title: Night shifts}
rounds:
  - id: r1
    date: 2025-03-01
    memoranda:
      - party: city
        positions:
          - {issue: berths, stance: {kind: numeric, max: 4}, salience: 0.6}
          - {issue: night, stance: {kind: boolean, accepts: [false]}, firmness: red_line}
      - party: port
        positions:
          - {issue: berths, stance: {kind: numeric, min: 8}, salience: 0.3}
          - {issue: night, stance: {kind: boolean, accepts: [true]}, salience: 0.4}
"""


@pytest.fixture
def talks(tmp_path: Path) -> Path:
    """Two sides apart on berths, and on night shifts where the city holds a red line."""
    path = tmp_path / "harbour.yaml"
    path.write_text(TALKS, encoding="utf-8")
    return path


def test_no_arguments_explores_the_round_report_reports_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Bare explore takes report's defaults: the latest round both tabled, Markdown when piped."""
    assert 0 == main(["report", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert 0 == main(["explore"])
    out = capsys.readouterr()
    assert out.out.startswith("# What it would take: no red line in conflict\n")
    round_id = report["round"]["id"]
    assert f"Parties: Russia (ru) and Ukraine (ua), at round {round_id} (" in out.out
    # The latest round both tabled is June 2026.
    assert "june-2026" == round_id
    assert (
        "\n1. Ukraine adopts Russia's stance on Regions recognised as Russian — cost 0.70 [\\[1\\]]("
        in out.out
    )
    assert "negpos: done: cost 7.10 with 9 moves (exact)" in out.err


def test_the_june_2025_round_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    """June 2025: Russia and Ukraine, no red line in conflict, cost 9.20, as a terminal table."""
    assert 0 == main(["explore", "--round", "istanbul-2", "--format", "terminal"])
    out = capsys.readouterr()
    assert out.out.startswith("# What it would take: no red line in conflict\n")
    assert "Parties: Russia (ru) and Ukraine (ua), at round istanbul-2 (2025-06-02)" in out.out
    assert "## Cheapest scenario: 12 moves, cost 9.20\n" in out.out
    # Each move cites the sources of the position it moves, listed at the end.
    assert (
        " 1. Russia relaxes its red line on Regions recognised as Russian to firm  [0.90] [1] [2]\n"
        in out.out
    )
    assert "  red lines in conflict        9       0       -9\n" in out.out
    assert "## Pivotal moves (in every one of the 486 cheapest scenarios)\n" in out.out
    pivotal, sources = out.out.split("## Pivotal moves")[1].strip().split("\n\nSources\n")
    assert 6 == len(pivotal.splitlines()[2:])
    assert sources.startswith("  1. https://")
    assert "negpos:" not in out.out
    assert [
        "negpos: candidates: 93 moves on 16 issues",
        "negpos: exact search, issue by issue",
        "negpos: done: cost 9.20 with 12 moves (exact)",
    ] == out.err.splitlines()


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json writes the exploration as versioned JSON with sorted keys."""
    assert 0 == main(
        ["explore", "--round", "istanbul-3", "--format", "json", "--goal", "issue=security.nato"]
    )
    text = capsys.readouterr().out
    data = json.loads(text)
    assert (2, "exploration") == (data["schema_version"], data["kind"])
    assert "issue security.nato compatible" == data["goal"]
    assert 0.7 == data["best"]["cost"]
    assert 2 == data["solution_count"]
    assert [] == data["pivotal"]
    assert list(data) == sorted(data)


def test_a_file_with_a_goal_and_a_bound(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every issue compatible: the port widens (0.3) and the port accepts no nights (0.4)."""
    assert 0 == main(["explore", str(talks), "--goal", "all-compatible", "--format", "terminal"])
    out = capsys.readouterr().out
    assert "Parties: City (city) and Port (port), at round r1 (2025-03-01)" in out
    assert "## Cheapest scenario: 2 moves, cost 0.70\n" in out
    assert "1. Port widens its range on New berths down to 4 berths  [0.30]" in out
    assert '2. Port accepts "no" on Night shifts  [0.40]' in out


def test_an_unreachable_goal_exits_with_1(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One move cannot close two gaps: exit status 1 and a sentence saying so."""
    argv = ["explore", str(talks), "--goal", "all-compatible", "--max-moves", "1"]
    assert 1 == main([*argv, "--format", "terminal"])
    out = capsys.readouterr().out
    assert "No set of the candidate moves reaches the goal within the bounds.\n" in out
    assert "; at most 1 move\n" in out


def test_the_hypothesis_method_says_it_proves_nothing(
    talks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --method hypothesis the report hedges its cheapest scenario and pivotal moves."""
    assert 0 == main(
        ["explore", str(talks), "--goal", "compatibility=0.9", "--method", "hypothesis"]
    )
    out = capsys.readouterr().out
    assert "Search: hypothesis;" in out
    assert "## Cheapest scenario found:" in out
    assert "does not prove there are no others" in out


def test_output_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o writes the answer to a file and says so on stderr."""
    target = tmp_path / "explore.txt"
    assert 0 == main(
        ["explore", "--round", "istanbul-3", "--goal", "issue=security.nato", "-o", str(target)]
    )
    assert target.read_text(encoding="utf-8").startswith("# What it would take: issue security")
    out = capsys.readouterr()
    assert "" == out.out
    assert f"negpos: wrote {target}" in out.err


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("explore.md", "# What it would take: issue security.nato compatible\n\nParties: "),
        ("explore.html", "<!DOCTYPE html>"),
        ("explore.json", "{\n"),
    ],
)
def test_the_output_file_picks_the_format(tmp_path: Path, name: str, start: str) -> None:
    """Like the report, explore writes Markdown, HTML or JSON by the -o file's extension."""
    target = tmp_path / name
    assert 0 == main(
        ["explore", "--round", "istanbul-3", "--goal", "issue=security.nato", "-o", str(target)]
    )
    text = target.read_text(encoding="utf-8")
    assert text.startswith(start)
    assert "Russia widens its range on Ukraine" in text or '"widen_range"' in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["explore", "--goal", "peace"], "unknown goal 'peace'"),
        (["explore", "--goal", "compatibility=2"], "between 0 and 1"),
        (["explore", "--goal", "compatibility=high"], "between 0 and 1"),
        (["explore", "--round", "yalta"], "no round 'yalta'"),
        (["explore", "--parties", "ru", "ru"], "two different parties"),
        (["explore", "--parties", "ru", "xx"], "no party 'xx'"),
        (["explore", "--max-moves", "-2"], "whole number"),
        (["explore", "--max-examples", "0"], "whole number"),
    ],
)
def test_bad_input_exits_with_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad goals, rounds, parties and numbers are reported on stderr with status 2."""
    assert 2 == main(argv)
    out = capsys.readouterr()
    assert message in out.err
    assert "Traceback" not in out.err
    assert "" == out.out


def test_parse_goal_names_every_shipped_goal() -> None:
    """The four goal spellings map onto the four shipped goals."""
    assert "no red line in conflict" == parse_goal("no-red-lines").describe()
    assert "every issue both sides address compatible" == parse_goal("all-compatible").describe()
    assert "compatibility index at least 0.25" == parse_goal("compatibility=0.25").describe()
    assert "issue days compatible" == parse_goal("issue=days").describe()
    with pytest.raises(NegposError):
        parse_goal("issue=")


def test_a_goal_on_an_unknown_issue_exits_with_2_at_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--goal issue=<typo> names the issue and its near misses instead of searching."""
    assert 2 == main(["explore", "--goal", "issue=security.nat"])
    err = capsys.readouterr().err
    assert "negpos: error: the goal names issue 'security.nat', which is not on the agenda" in err
    assert "'security.nato'" in err
    assert "candidates" not in err


def test_the_exact_search_stops_at_max_nodes_and_says_how_to_go_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--max-nodes bounds --method exact; the answer and stderr both say how to go further."""
    argv = ["explore", "--method", "exact", "--goal", "compatibility=0.5", "--max-nodes", "300"]
    assert 1 == main(argv)
    out = capsys.readouterr()
    assert "negpos: exact search stopped at its bound of 300 sets" in out.err
    assert "--max-nodes" in out.err
    assert "The exact search stopped at its bound of 300 sets of moves" in out.out
