"""The negotiation an agenda and a positions table make together, and where each problem lies.

``_assemble`` puts each row of the positions table into its round's memorandum, checks the
ids, reads each cell by its issue's kind, and validates the whole as a loaded file is; every
problem is placed at the sheet, the row and the column it came from (``Origin``), in the
order of the workbook.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import pydantic

from negpos._errors import InputError, Problem, excerpt
from negpos._io.problems import collector_paused
from negpos._io.sheets import Row, Sheet
from negpos._io.tables.cells import _REQUIRED, _SHEET_COLUMNS, COLUMNS, SHEETS, _BadCellError, _what
from negpos._io.tables.stances import _preferred, parse_stance
from negpos._model.base import validate_raw
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation
from negpos._model.translate import path_text, problems_of

__all__ = ["Origin"]


Origin = tuple[Sheet, int, str | None]
"""Where a part of the document came from: the sheet, the row, and the column when known."""


def _no_round(rid: Any, rounds: Mapping[Any, Any]) -> str:
    known = ", ".join(str(r) for r in rounds if isinstance(r, str)) or "none"
    return f"no round {excerpt(rid)} in the agenda (rounds: {known})"


def _assemble(
    head: dict[str, Any],
    origins: dict[tuple[Any, ...], Origin],
    sheet: Sheet,
    name: str,
    earlier: Sequence[Problem] = (),
) -> Negotiation:
    """The negotiation the agenda and the positions table make together.

    ``earlier`` are the problems found in the agenda's sheets, reported with the others.
    """
    problems: list[Problem] = list(earlier)
    missing = [c for c in _REQUIRED["positions"] if c not in sheet.columns]
    if missing:
        raise InputError(
            [*problems, *(sheet.problem(f"the column {c!r} is missing", 1) for c in missing)]
        )
    issues = _issues_of(head)
    parties = {p.get("id") for p in head.get("parties", []) if isinstance(p, dict)}
    rounds: list[dict[str, Any]] = [r for r in head.get("rounds", []) if isinstance(r, dict)]
    by_round = {r.get("id"): (k, r) for k, r in enumerate(rounds)}
    memo_index: dict[tuple[Any, Any], int] = {}
    for r in rounds:
        r["memoranda"] = [{**m, "positions": []} for m in r.get("memoranda", [])]
        for j, m in enumerate(r["memoranda"]):
            memo_index[(r.get("id"), m.get("party"))] = j
    seen: dict[tuple[str, str, str], int] = {}
    for row in sheet.rows:
        cells = row.cells
        bad = len(problems)
        keys: dict[str, str] = {}
        for column in ("round", "party", "issue"):
            value = cells.get(column)
            if value is None:
                problems.append(sheet.problem(f"the {column} is missing", row.number, column))
            elif not isinstance(value, str):
                problems.append(
                    sheet.problem(f"expected an id, found {_what(value)}", row.number, column)
                )
            else:
                keys[column] = value
        if "stance" not in cells:
            problems.append(sheet.problem("the stance is missing", row.number, "stance"))
        if len(keys) < 3:
            continue
        rid, party, iid = keys["round"], keys["party"], keys["issue"]
        if rid not in by_round:
            problems.append(sheet.problem(_no_round(rid, by_round), row.number, "round"))
        if party not in parties:
            known = ", ".join(sorted(str(p) for p in parties))
            problems.append(
                sheet.problem(f"no party {excerpt(party)} (parties: {known})", row.number, "party")
            )
        issue = issues.get(iid)
        if issue is None:
            problems.append(
                sheet.problem(f"no issue {excerpt(iid)} on the agenda", row.number, "issue")
            )
        key = (rid, party, iid)
        if key in seen:
            problems.append(
                sheet.problem(
                    f"{excerpt(party)} takes a position on {excerpt(iid)} in round "
                    f"{excerpt(rid)} in row {seen[key]} already",
                    row.number,
                    "issue",
                )
            )
        else:
            seen[key] = row.number
        position: dict[str, Any] = {"issue": iid}
        if issue is not None:
            position.update(_position_cells(sheet, row, issue, problems))
        if len(problems) > bad:
            continue
        round_index, target = by_round[rid]
        memoranda = target["memoranda"]
        known_memo = memo_index.get((rid, party))
        if known_memo is None:
            j = memo_index[(rid, party)] = len(memoranda)
            memoranda.append({"party": party, "positions": []})
            origins[("rounds", round_index, "memoranda", j)] = (sheet, row.number, None)
        else:
            j = known_memo
        positions = memoranda[j]["positions"]
        origins[("rounds", round_index, "memoranda", j, "positions", len(positions))] = (
            sheet,
            row.number,
            None,
        )
        positions.append(position)
    for r in rounds:
        if not r["memoranda"]:
            del r["memoranda"]
    # A cell reported already is not reported again for what validation makes of it.
    marked = {(p.file, p.field) for p in problems}
    found = [p for p in _validate(head, origins, name) if (p.file, p.field) not in marked]
    if problems or found:
        raise InputError(sorted([*problems, *found], key=_order))
    return validate_raw(Negotiation, head)


_ROW: Final = re.compile(r"^(?:sheet (?P<sheet>[^,]+), )?row (?P<row>[0-9]+)")


def _order(problem: Problem) -> tuple[int, int]:
    """Problems sheet by sheet, in the order of the workbook, and row by row within each."""
    match = _ROW.match(problem.field)
    if match is None:
        return (-1, 0)
    sheet = match.group("sheet") or "positions"
    rank = SHEETS.index(sheet) if sheet in SHEETS else -1
    return (rank, int(match.group("row")))


def _issues_of(head: Mapping[str, Any]) -> dict[str, Issue]:
    """The agenda's issues that are valid, by id (the others are reported by validation)."""
    from negpos._model.issues import AnyIssue

    adapter: pydantic.TypeAdapter[Issue] = pydantic.TypeAdapter(AnyIssue)
    out: dict[str, Issue] = {}
    for data in head.get("issues", []):
        try:
            issue = adapter.validate_python(data)
        except (pydantic.ValidationError, ValueError):
            continue
        out.setdefault(issue.id, issue)
    return out


def _position_cells(
    sheet: Sheet, row: Row, issue: Issue, problems: list[Problem]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    stance: dict[str, Any] | None = None
    for column, value in row.cells.items():
        if column in ("round", "party", "issue"):
            continue
        try:
            if column == "stance":
                stance = parse_stance(issue, value)
            elif column == "preferred":
                out["preferred"] = _preferred(issue, value)
            else:
                out[column] = _SHEET_COLUMNS["positions"][column](value)
        except _BadCellError as exc:
            problems.append(sheet.problem(str(exc), row.number, column))
    preferred = out.pop("preferred", None)
    if stance is not None:
        if preferred is not None:
            stance["preferred"] = preferred
        out = {"stance": stance, **out}
    return out


def _validate(
    head: dict[str, Any], origins: dict[tuple[Any, ...], Origin], name: str
) -> list[Problem]:
    """The problems of the assembled document, each placed at its sheet, row and column."""
    try:
        with collector_paused():
            validate_raw(Negotiation, head)
    except pydantic.ValidationError as exc:
        found = problems_of(exc, head)
    except InputError as exc:
        return list(exc.problems)
    else:
        return []
    return [_place(message, path, origins, name) for message, path in found]


_POSITION_COLUMNS: Final = frozenset(COLUMNS["positions"])


def _place(
    message: str, path: list[str | int], origins: dict[tuple[Any, ...], Origin], name: str
) -> Problem:
    """A problem of the document at the cell it came from, or at its field path."""
    for cut in range(len(path), 0, -1):
        origin = origins.get(tuple(path[:cut]))
        if origin is None:
            continue
        sheet, number, column = origin
        rest = path[cut:]
        if column is None and rest and isinstance(rest[0], str):
            column = rest[0]
            if (
                sheet.name in (None, "positions")
                and column == "stance"
                and rest[1:2] == ["preferred"]
            ):
                column = "preferred"
            rest = rest[1:]
            if sheet.name in (None, "positions") and column not in _POSITION_COLUMNS:
                column = None
        detail = f" (at {path_text(rest)})" if rest and column is not None else ""
        return sheet.problem(message + detail, number, column)
    return Problem(message, field=path_text(path), file=name)
