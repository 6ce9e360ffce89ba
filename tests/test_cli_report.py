"""The report, compare and changes commands, run through main(argv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import negpos
from negpos._cli.common import choose_format
from negpos._cli.main import main

AGREEING = """\
format: 1
title: Harbour talks
parties: [{id: city, name: City}, {id: port, name: Port}]
issues:
  - {id: berths, kind: numeric, title: New berths, unit: berths, bounds: [0, 20]}
rounds:
  - id: r1
    date: 2025-03-01
    memoranda:
      - party: city
        positions: [{issue: berths, stance: {kind: numeric, max: 6}}]
      - party: port
        positions: [{issue: berths, stance: {kind: numeric, min: 4}}]
"""


@pytest.fixture
def agreeing(tmp_path: Path) -> Path:
    """A negotiation in which the two sides overlap on their only issue."""
    path = tmp_path / "harbour.yaml"
    path.write_text(AGREEING, encoding="utf-8")
    return path


def test_no_arguments_reports_on_the_bundled_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    """Bare negpos writes the round report of the bundled dataset as Markdown when piped."""
    assert 0 == main([])
    out = capsys.readouterr()
    assert out.out.startswith("# Zelensky's open letter and Moscow's answer\n")
    assert (
        "negpos: round report: ru and ua at june-2026 "
        "(the bundled dataset, default parties, default round; see --help)\n"
    ) == out.err


def test_report_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json writes the versioned JSON report and nothing else on stdout."""
    assert 0 == main(
        ["report", "--round", "istanbul-2", "--parties", "ua", "ru", "--format", "json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert "round_report" == data["kind"]
    assert ["ua", "ru"] == [p["id"] for p in data["parties"]]
    assert "istanbul-2" == data["round"]["id"]


def test_report_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    """The command prints exactly what negpos.render gives."""
    assert 0 == main(["report", "--round", "istanbul-2", "--format", "markdown"])
    expected = negpos.round_report(negpos.bundled(), round_id="istanbul-2").to_markdown()
    assert expected == capsys.readouterr().out


def test_output_file_format_follows_its_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o report.html writes HTML to the file and says so on stderr; stdout stays empty."""
    target = tmp_path / "report.html"
    assert 0 == main(["report", "-o", str(target)])
    out = capsys.readouterr()
    assert "" == out.out
    assert f"negpos: wrote {target}\n" in out.err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_fail_on_gaps(capsys: pytest.CaptureFixture[str]) -> None:
    """--fail-on-gaps exits 1 when gaps are found, after writing the report."""
    assert 1 == main(["report", "--format", "json", "--fail-on-gaps"])
    assert json.loads(capsys.readouterr().out)["comparison"]["summary"]["counts"]["gap"] > 0


def test_fail_on_gaps_passes_without_gaps(
    agreeing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fail-on-gaps exits 0 when no issue is a gap."""
    assert 0 == main(["report", str(agreeing), "--fail-on-gaps"])
    assert "**overlap**" in capsys.readouterr().out


def test_path_without_command_means_report(
    agreeing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path given without a command is reported on, with no note about the dataset."""
    assert 0 == main([str(agreeing), "--format", "json"])
    out = capsys.readouterr()
    assert "Harbour talks" == json.loads(out.out)["title"]
    assert "bundled dataset" not in out.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "--parties", "ru", "xx"], "negpos: error: no party 'xx'; parties are"),
        (["report", "--round", "nope"], "negpos: error: no round 'nope'; rounds are"),
        (["report", "--parties", "ru", "ru"], "two different parties"),
        (["compare", "--parties", "ua", "e3"], "never tabled positions in the same round"),
        (
            ["changes", "--party", "eu", "--counterpart", "ru"],
            "'eu' tabled no positions before round 'eu-core-interests'",
        ),
        (["report", "--negotiation", "--tabled-only"], "--tabled-only applies to a round report"),
        (["report", "/no/such/file.yaml"], "no such file"),
    ],
)
def test_bad_input_exits_2_without_traceback(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unknown ids and impossible requests give status 2 and one clear message on stderr."""
    assert 2 == main(argv)
    out = capsys.readouterr()
    assert "" == out.out
    assert message in out.err
    assert "Traceback" not in out.err


@pytest.mark.parametrize(
    "argv",
    [["report", "--parties", "ru"], ["report", "--format", "pdf"], ["compare", "--bogus"]],
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Malformed arguments give status 2 and a usage message on stderr."""
    assert 2 == main(argv)
    out = capsys.readouterr()
    assert "" == out.out
    assert "usage: negpos" in out.err


def test_negotiation_report(capsys: pytest.CaptureFixture[str]) -> None:
    """--negotiation writes the whole-negotiation report."""
    assert 0 == main(["report", "--negotiation", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert "negotiation_report" == data["kind"]
    assert ["ru", "ua"] == data["focus"]


def test_compare_command(capsys: pytest.CaptureFixture[str]) -> None:
    """Compare writes the comparison of the chosen pair at the chosen round."""
    assert 0 == main(["compare", "--round", "istanbul-2", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert "comparison" == data["kind"]
    assert ("ru", "ua", "istanbul-2") == (data["party_a"], data["party_b"], data["round_a"])


def test_compare_fail_on_gaps(capsys: pytest.CaptureFixture[str]) -> None:
    """Compare --fail-on-gaps exits 1 on the bundled dataset, whose sides are far apart."""
    assert 1 == main(["compare", "--fail-on-gaps", "--format", "json"])


def test_changes_command_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    """Changes fills in the party, its two latest rounds and the counterpart."""
    assert 0 == main(["changes", "--format", "json"])
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert ("changes", "ru", "ua") == (data["kind"], data["party"], data["counterpart"])
    assert ("geneva-2026", "june-2026") == (data["from_round"], data["to_round"])
    assert "changes of ru from geneva-2026 to june-2026, against ua" in out.err


def test_changes_command_explicit(capsys: pytest.CaptureFixture[str]) -> None:
    """Changes with every id named lists the moves between those rounds."""
    argv = ["changes", "--party", "ua", "--from", "istanbul-1", "--to", "istanbul-2"]
    assert 0 == main([*argv, "--counterpart", "ru", "--format", "markdown"])
    assert capsys.readouterr().out.startswith(
        "# Changes of `ua` from `istanbul-1` to `istanbul-2`\n"
    )


def test_terminal_format(capsys: pytest.CaptureFixture[str]) -> None:
    """--format terminal prints tables with the issue titles, and no Markdown."""
    assert 0 == main(["report", "--round", "istanbul-2", "--format", "terminal"])
    out = capsys.readouterr().out
    assert "Regions recognised as Russian" in out
    assert "Compatibility index" in out
    assert "|---|" not in out


def test_terminal_format_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format terminal -o FILE writes the tables without colour codes."""
    target = tmp_path / "report.txt"
    assert 0 == main(["report", "--format", "terminal", "-o", str(target)])
    text = target.read_text(encoding="utf-8")
    assert "Regions recognised as Russian" in text
    assert "\x1b" not in text


@pytest.mark.parametrize(
    ("requested", "output", "terminal", "chosen"),
    [
        ("json", "out.html", True, "json"),
        (None, "out.HTML", False, "html"),
        (None, "out.json", True, "json"),
        (None, "out.txt", True, "markdown"),
        (None, "-", True, "terminal"),
        (None, None, True, "terminal"),
        (None, None, False, "markdown"),
    ],
)
def test_choose_format(
    requested: str | None, output: str | None, terminal: bool, chosen: str
) -> None:
    """The format asked for wins, then the file's extension, then where stdout goes."""
    assert chosen == choose_format(requested, output, terminal)


def test_report_help_documents_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    """Report --help explains the default dataset, parties, round and format."""
    assert 0 == main(["report", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "with exactly two parties of role 'party', those two" in text
    assert "the latest round in which both parties tabled positions" in text
