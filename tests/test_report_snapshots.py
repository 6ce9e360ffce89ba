"""Snapshots: every format of the reports on the bundled dataset, byte for byte.

The stored files under ``tests/snapshots/`` are the reviewed output. A change to the
renderers, the analyses or the bundled dataset that alters a report fails here; when the
change is intended, rewrite the snapshots and review their diff:

    NEGPOS_UPDATE_SNAPSHOTS=1 pytest tests/test_report_snapshots.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import negpos
from negpos._render import Format, Result

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = bool(os.environ.get("NEGPOS_UPDATE_SNAPSHOTS"))

CASES: dict[str, Callable[[], Result]] = {
    # The June 2025 memoranda, Russia against Ukraine.
    "round-istanbul-2-ru-ua": lambda: negpos.round_report(
        negpos.bundled(), "ru", "ua", round_id="istanbul-2"
    ),
    "negotiation": lambda: negpos.negotiation_report(negpos.bundled()),
    # Ukraine between the June and July rounds: moves, and every field that changed.
    "changes-ua-istanbul-2-istanbul-3": lambda: negpos.bundled().changes(
        "ua", from_round="istanbul-2", to_round="istanbul-3"
    ),
}
SUFFIXES: dict[Format, str] = {
    "markdown": "md",
    "html": "html",
    "json": "json",
    "terminal": "txt",
}


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
@pytest.mark.parametrize("case", sorted(CASES))
def test_report_matches_snapshot(case: str, fmt: Format) -> None:
    """The rendered report equals its stored snapshot byte for byte."""
    text = negpos.render(CASES[case](), fmt)
    path = SNAPSHOTS / f"{case}.{SUFFIXES[fmt]}"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == text
