"""The analyst scripts in ``examples/`` run, print what they promise, and stay examples.

Each script runs in its own process from an empty working directory outside the repository,
with its temporary files sent to a folder of the test's, so that a script that depended on the
current directory, or wrote into it, would fail here.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import negpos

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))

# What each script must print: a few lines an analyst would look for.
EXPECTED: dict[str, tuple[str, ...]] = {
    "compare_memoranda.py": (
        "Istanbul round 2 — the two memoranda: 48 issues",
        "compatibility index 0.24",
        "1.00  Regions recognised as Russian  (red line of Russia, Ukraine)",
        "0.50  Ukraine's path to NATO  (red line of Ukraine)",
        "Variant 1 — withdrawal from the four regions: 36 issues open, index 0.24  <- closest",
        "Variant 2 — the ten-point package: 43 issues open, index 0.28",
    ),
    "who_moved.py": (
        "Russia, istanbul-1 -> istanbul-2: 19 added, 1 into_options, 8 unchanged",
        "Russia, istanbul-2 -> istanbul-3: 2 added, 26 unchanged, 1 hardening",
        "  hardening  Meeting of the presidents",
        "Ukraine, istanbul-2 -> istanbul-3: 1 added, 27 unchanged, 1 hardening",
        "  unchanged  Ukraine's path to NATO (now red_line, was firm)",
    ),
    "build_from_scratch.py": (
        "Pay rise: gap of 0.13",
        "Terminals kept open: gap of 0.33",
        "No-strike clause: overlap",
        "reads back unchanged: True",
    ),
    "explore_scenario.py": (
        "goal: no red line in conflict (exact search",
        "cheapest: 12 moves costing 9.20; 486 ways",
        "  Ukraine relaxes its red line on Regions recognised as Russian to firm",
        "what if: Ukraine adopts Russia's stance on Ukraine's path to NATO (cost 2.10)",
        "  red lines in conflict -1, gaps -1",
    ),
    "export_matrix.py": (
        "(15 pairs, standard library)",
        "(16 columns, pandas)"
        if importlib.util.find_spec("pandas")
        else "pandas is not installed; pip install 'negpos[pandas]'",
    ),
    "report_html.py": ("Istanbul round 2 — the two memoranda", "june-2025.html"),
}

# Scripts that write files take the folder to write into as their argument.
WRITES = {"build_from_scratch.py", "export_matrix.py", "report_html.py"}


def run(script: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run an example with this interpreter from ``cwd``; temporary files go under ``cwd``."""
    temp = cwd.parent / f"{cwd.name}-tmp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_every_example_has_expectations() -> None:
    """There are at least five examples, and each one's output is checked below."""
    names = {p.name for p in EXAMPLES}
    assert len(names) >= 5
    assert set(EXPECTED) == names


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_from_anywhere(script: Path, tmp_path: Path) -> None:
    """The script exits 0 from an empty directory, prints its key lines, and leaves it empty."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = tmp_path / "out"
    args = (str(out),) if script.name in WRITES else ()
    result = run(script, cwd, *args)
    assert (0, "") == (result.returncode, result.stderr)
    for line in EXPECTED[script.name]:
        assert line in result.stdout, f"{script.name}: missing {line!r}"
    assert [] == list(cwd.iterdir())


def test_report_example_writes_both_reports(tmp_path: Path) -> None:
    """The report example writes an HTML page and a Markdown file into the folder it is given."""
    out = tmp_path / "out"
    run(ROOT / "examples" / "report_html.py", tmp_path, str(out))
    assert {"june-2025.html", "june-2025.md"} == {p.name for p in out.iterdir()}
    assert (out / "june-2025.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_build_example_saves_where_it_says(tmp_path: Path) -> None:
    """The YAML file the build example says it saved is there, in the folder it is given."""
    out = tmp_path / "out"
    result = run(ROOT / "examples" / "build_from_scratch.py", tmp_path, str(out))
    saved = out / "port-talks.yaml"
    assert f"saved {saved}, " in result.stdout
    assert "Port wage talks" == negpos.load(saved).title


def test_build_example_saves_in_the_current_folder_by_default(tmp_path: Path) -> None:
    """With no folder named, the build example saves its file in the current folder."""
    result = run(ROOT / "examples" / "build_from_scratch.py", tmp_path)
    assert 0 == result.returncode
    assert "saved " in result.stdout
    assert (tmp_path / "port-talks.yaml").is_file()


def test_export_example_writes_the_matrix(tmp_path: Path) -> None:
    """The export example's CSV has a header and one row per pair of the matrix."""
    out = tmp_path / "out"
    run(ROOT / "examples" / "export_matrix.py", tmp_path, str(out))
    rows = (out / "matrix.csv").read_text(encoding="utf-8").splitlines()
    pairs = negpos.bundled().matrix().pairs
    assert "round,party_a,party_b,compatibility,mean_gap,red_line_conflicts,gaps" == rows[0]
    assert len(pairs) + 1 == len(rows)
    assert "june-2026,ru,ua,0.3476,0.5713,8,16" == rows[1]


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_starts_with_a_one_line_docstring(script: Path) -> None:
    """Each script opens with a docstring of exactly one line saying what it does."""
    docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")))
    assert docstring is not None
    assert 1 == len(docstring.splitlines())
    assert docstring.endswith(".")


def negpos_names(tree: ast.Module) -> list[str]:
    """Every negpos name a script imports or reaches as an attribute of ``negpos``."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("negpos")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("negpos"):
            found += [f"{node.module}.{a.name}" for a in node.names]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("negpos", "scenarios")
        ):
            module = "negpos" if node.value.id == "negpos" else "negpos.scenarios"
            found.append(f"{module}.{node.attr}")
    return found


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_uses_only_the_public_api(script: Path) -> None:
    """A script touches only names in ``negpos.__all__`` and ``negpos.scenarios.__all__``."""
    from negpos import scenarios

    public = {"negpos", "negpos.scenarios"}
    public |= {f"negpos.{name}" for name in negpos.__all__}
    public |= {f"negpos.scenarios.{name}" for name in scenarios.__all__}
    tree = ast.parse(script.read_text(encoding="utf-8"))
    assert [] == [name for name in negpos_names(tree) if name not in public]
