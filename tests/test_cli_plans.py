"""The assess, common and revisions commands: outputs, defaults and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import negpos
from negpos._cli.main import main


def test_assess_writes_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The command assess --plan us --sides ua ru gives the same assessment as Negotiation.assess."""
    argv = ["assess", "--plan", "us", "--sides", "ua", "ru", "--round", "us-28-points"]
    assert 0 == main([*argv, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    expected = negpos.bundled().assess("us", ["ru", "ua"], round_id="us-28-points")
    assert "plan_assessment" == data["kind"]
    assert ["ru", "ua"] == data["sides"]
    assert expected.leans_toward == data["leans_toward"]
    assert round(expected.lean or 0.0, 6) == data["lean"]


def test_assess_markdown_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    """Sides and round left out are filled in and said on stderr; Markdown when piped."""
    assert 0 == main(["assess", "--plan", "e3"])
    out = capsys.readouterr()
    assert out.out.startswith(
        "# The plan of `e3` against `ru`, `ua` at round `e3-counter-proposal`"
    )
    assert "defaults filled in" in out.err


def test_assess_html_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o plan.html writes one page with an SVG chart per issue that has an axis."""
    target = tmp_path / "plan.html"
    assert 0 == main(["assess", "--plan", "us", "--sides", "ru", "ua", "-o", str(target)])
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<svg class="chart ranges"') >= 20
    assert "red line crossed" in page


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["assess", "--sides", "ru", "ua"], "required: --plan"),
        (["assess", "--plan", "us", "--sides", "ru"], "at least 2"),
        (["assess", "--plan", "us", "--sides", "ru", "us"], "own party"),
        (["assess", "--plan", "xx", "--sides", "ru", "ua"], "no party 'xx'"),
        (["assess", "--plan", "us", "--round", "nope"], "no round 'nope'"),
        (["assess", "--plan", "us", "--round", "istanbul-1"], "holds no positions"),
        (["common", "--parties", "ru"], "at least 2"),
        (["common", "--parties", "ru", "ru"], "twice"),
        (["revisions", "--party", "us", "--from", "geneva", "--to", "us-28-points"], "before"),
        (["revisions", "--party", "us", "--from", "geneva"], "required: --to"),
    ],
)
def test_bad_input_exits_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input: status 2, a one-line message on stderr, nothing on stdout, no traceback."""
    assert 2 == main(argv)
    out = capsys.readouterr()
    assert "" == out.out
    assert message in out.err
    assert "Traceback" not in out.err


def test_common_writes_every_party(capsys: pytest.CaptureFixture[str]) -> None:
    """The command common --parties ru ua us e3 writes rows, largest groups and blockers as JSON."""
    argv = ["common", "--parties", "ru", "ua", "us", "e3", "--round", "russia-response"]
    assert 0 == main([*argv, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert "common_ground" == data["kind"]
    nato = next(r for r in data["rows"] if r["issue"] == "security.nato")
    assert [["ru", "us"], ["ua", "e3"]] == nato["largest"]


def test_common_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    """The terminal format prints the summary line and the table of issues."""
    assert 0 == main(["common", "--round", "geneva", "--format", "terminal"])
    out = capsys.readouterr().out
    assert out.startswith("Common ground of ru, ua, us, e3 at geneva")
    assert "Largest groups" in out


def test_revisions_of_the_us_plan_include_raw_changes(capsys: pytest.CaptureFixture[str]) -> None:
    """The 28 points against the Geneva revision: three clauses dropped, raw changes listed."""
    argv = ["revisions", "--party", "us", "--from", "us-28-points", "--to", "geneva"]
    assert 0 == main([*argv, "--format", "json"])
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert 3 == data["counts"]["dropped"]
    removed = {tuple(c["path"]) for c in data["raw"] if c["kind"] == "removed"}
    assert ("positions", "security.army_size") in removed
    assert "widening and narrowing alone" in out.err


def test_revisions_match_python(capsys: pytest.CaptureFixture[str]) -> None:
    """The command gives what negpos.changes gives on the standing documents, counterpart ru."""
    neg = negpos.bundled()
    before = neg.standing("us", round_id="us-28-points")
    after = neg.standing("us", round_id="geneva")
    counterpart = neg.standing("ru", round_id="us-28-points")
    expected = negpos.changes(before, after, counterpart, neg).to_json()
    argv = ["revisions", "--party", "us", "--from", "us-28-points", "--to", "geneva"]
    assert 0 == main([*argv, "--counterpart", "ru", "--format", "json"])
    assert expected == capsys.readouterr().out
