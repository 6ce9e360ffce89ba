"""Markdown and terminal text for the many-party results: a plan assessed, a common ground.

The format modules (``markdown.py``, ``terminal.py``) register these for
[`PlanAssessment`][negpos.PlanAssessment] and [`CommonGround`][negpos.CommonGround] and import
this module when such a result is rendered. Every position shown cites its sources: a number
in brackets, and the list of sources at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from markupsafe import Markup

from negpos._analysis.common import CommonGround, GroundStatus, IssueGround
from negpos._analysis.plans import Fit, PlanAssessment, PlanIssue, SideFit
from negpos._analysis.reports import Citations
from negpos._model.documents import Position
from negpos._render.markdown import (
    _autolinked,
    _code,
    cite_marks,
    escape,
    sources_section,
    table,
)
from negpos._render.terminal import cite_text, sources_block
from negpos._render.text_table import Column, Line, Table
from negpos._render.words import clean_text, describe_stance, format_fraction

__all__ = [
    "FIT_WORDS",
    "GROUND_WORDS",
    "common_blocks",
    "common_markdown",
    "fit_words",
    "ground_details",
    "ground_words",
    "offered_words",
    "plan_blocks",
    "plan_markdown",
]

#: How each fit reads in a report.
FIT_WORDS: Final = {
    "inside": "inside",
    "overlaps": "overlaps",
    "conditional": "conditional",
    "outside": "outside",
    "silent": "silent",
    "uncomparable": "not comparable",
}

#: How each common-ground status reads in a report.
GROUND_WORDS: Final = {
    "settled": "settled at the table",
    "identical": "identical",
    "overlap": "overlap",
    "conditional": "conditional",
    "gap": "gap",
    "partial": "partial (some silent)",
    "other_option": "in another option",
    "uncomparable": "not comparable",
}


def ground_details(row: IssueGround) -> list[str]:
    """What qualifies a common-ground row's status, one sentence each.

    The round and who reneged on a settled issue; the unmet conditions of a conditional
    one; how the options fare on an issue only an option not taken addresses.
    """
    status = row.status
    details: list[str] = []
    if status is GroundStatus.SETTLED:
        where = f" at {row.settled_in}" if row.settled_in else ""
        details.append(f"settled{where}")
        if row.reneged_by:
            details.append(f"reneged on by {', '.join(row.reneged_by)}")
    elif status is GroundStatus.CONDITIONAL:
        details += [
            f"{party}'s condition on {issue} is not met" for party, issue in row.unmet_conditions
        ]
    elif status is GroundStatus.OTHER_OPTION:
        details += [
            f"{f.party}'s option {f.option} ({f.group}): {GROUND_WORDS[f.status.value]}"
            for f in row.fares
            if f.status is not None
        ]
    return details


def ground_words(row: IssueGround, *, details: bool = True) -> str:
    """A common-ground row's status in words: the joint gap of a gap, then the details."""
    words = GROUND_WORDS[row.status.value]
    if row.status is GroundStatus.GAP:
        words += f" {format_fraction(row.magnitude)}"
    found = ground_details(row) if details else []
    return f"{words} ({'; '.join(found)})" if found else words


def offered_words(result: CommonGround) -> list[str]:
    """One sentence per group of alternatives: the option the ground reads its party with."""
    return [
        f"{g.party} is read with option {g.closest} of {g.group} "
        f"(of {', '.join(o.option for o in g.options)}): the fewest issues left open."
        for g in result.alternatives
    ]


def fit_words(fit: SideFit, row: PlanIssue) -> str:
    """How the plan fits one side on one issue, in words."""
    word = FIT_WORDS[fit.fit.value]
    if row.outcome is not None and fit.fit in (Fit.INSIDE, Fit.OVERLAPS, Fit.OUTSIDE):
        word += " the outcome agreed at the table"
    if fit.fit is Fit.OUTSIDE:
        word += f", gap {format_fraction(fit.magnitude)}"
    if fit.fit is Fit.CONDITIONAL:
        word += f": the plan does not meet its conditions on {', '.join(fit.unmet_conditions)}"
    if fit.red_line_crossed:
        word += ", crosses a red line"
    return word


def _stance(row: PlanIssue | IssueGround, position: Position | None, cite: Citations) -> Markup:
    if position is None:
        return Markup("— (silent)")
    words = escape(describe_stance(row.issue, position.stance))
    red = " **red line**" if position.red_line else ""
    marks = cite_marks(cite, position.sources)
    return Markup(words + red + (f" {marks}" if marks else ""))


def _noted(
    result: PlanAssessment | CommonGround,
) -> list[tuple[PlanIssue | IssueGround, str, str]]:
    """(row, whose, note) for each position shown that carries a note, in the rows' order.

    The plan's own position first (named "plan"), then each side's, in the order of sides:
    the remarks and doubts (``[U]``) an analyst reads before quoting a figure.
    """
    out: list[tuple[PlanIssue | IssueGround, str, str]] = []
    held: list[tuple[str, Position | None]]
    for row in result.rows:
        if isinstance(row, PlanIssue):
            held = (
                [(f"plan ({result.plan})", row.plan)] if isinstance(result, PlanAssessment) else []
            )
            held += [(f.party, f.position) for f in row.sides]
        else:
            held = list(zip(row.parties, row.positions, strict=True))
        out += [(row, who, p.note) for who, p in held if p is not None and p.note]
    return out


def _note_lines(result: PlanAssessment | CommonGround) -> list[str]:
    noted = _noted(result)
    if not noted:
        return []
    lines = ["## Notes", ""]
    lines += [
        f"- {_issue_cell(row)} — {escape(who)}: {_autolinked(note)}" for row, who, note in noted
    ]
    return [*lines, ""]


def _issue_cell(row: PlanIssue | IssueGround) -> Markup:
    return Markup(f"{escape(row.issue.title)} ({_code(row.issue.id)})")


def _fraction(value: float | None) -> Markup:
    return Markup(format_fraction(value))


def _lean_text(party: str | None, lean: float | None, names: Mapping[str, str]) -> str:
    if lean is None:
        return "—"
    if party is None:
        return "balanced"
    return f"{names.get(party, party)} {format_fraction(lean)}"


def _verdict_fits(result: PlanAssessment) -> tuple[Fit, ...]:
    """The fits the per-side tables count: ``conditional`` only where some side has one."""
    conditional = any(v.count(Fit.CONDITIONAL) for v in result.verdicts)
    return (
        Fit.INSIDE,
        Fit.OVERLAPS,
        *((Fit.CONDITIONAL,) if conditional else ()),
        Fit.OUTSIDE,
        Fit.SILENT,
    )


def plan_markdown(result: PlanAssessment) -> str:
    """A plan assessment as a Markdown document."""
    cite = Citations()
    names = {s: s for s in result.sides}
    sides = ", ".join(f"{_code(s)}" for s in result.sides)
    where = f" at round {_code(result.round)}" if result.round else ""
    lines: list[str] = [f"# The plan of {_code(result.plan)} against {sides}{where}", ""]
    overall = _lean_text(result.leans_toward, result.lean, names)
    lines += [
        f"The plan addresses {len(result.rows)} issues; it lies inside every side's accepted "
        f"set on {len(result.inside_all)}. Overall lean: {escape(overall)}.",
        "",
        "## Per side",
        "",
    ]
    fits = _verdict_fits(result)
    lines.append(
        table(
            (
                "Side",
                "Accepts",
                *(FIT_WORDS[f.value].capitalize() for f in fits),
                "Red lines crossed",
                "Lean toward it",
            ),
            (
                (
                    _code(v.party),
                    _fraction(v.accepts),
                    *(v.count(f) for f in fits),
                    len(v.red_lines_crossed),
                    _fraction(v.lean),
                )
                for v in result.verdicts
            ),
        )
    )
    lines.append("")
    for v in result.verdicts:
        if v.concessions:
            lines.append(
                f"- {_code(v.party)} would have to concede on: "
                + ", ".join(f"{_code(i)}" for i in v.concessions)
                + "."
            )
        if v.red_lines_crossed:
            lines.append(
                f"- the plan crosses red lines of {_code(v.party)} on: "
                + ", ".join(f"{_code(i)}" for i in v.red_lines_crossed)
                + "."
            )
    lines += ["", "## Issue by issue", ""]
    header = ["Issue", "Plan", *(f"{_code(s)}" for s in result.sides), "Leans toward"]
    body = []
    for row in result.rows:
        cells: list[object] = [_issue_cell(row), _stance(row, row.plan, cite)]
        for fit in row.sides:
            text = Markup(escape(fit_words(fit, row)))
            if fit.position is not None:
                text += Markup(": ") + _stance(row, fit.position, cite)
            cells.append(text)
        cells.append(Markup(escape(_lean_text(row.toward, row.lean, names))))
        body.append(cells)
    lines.append(table([Markup(h) for h in header], body))
    if result.unaddressed:
        lines += [
            "",
            "The plan is silent on issues a side addresses: "
            + ", ".join(f"{_code(i)}" for i in result.unaddressed)
            + ".",
        ]
    lines += ["", *_note_lines(result), *sources_section(cite)]
    return "\n".join(str(line).rstrip("\n") for line in lines).strip("\n") + "\n"


def common_markdown(result: CommonGround) -> str:
    """A common ground as a Markdown document."""
    cite = Citations()
    parties = ", ".join(f"{_code(p)}" for p in result.parties)
    where = f" at round {_code(result.round)}" if result.round else ""
    s = result.summary
    counts = ", ".join(f"{GROUND_WORDS[st.value]} {n}" for st, n in s.counts if n)
    lines = [
        f"# Common ground of {parties}{where}",
        "",
        f"Issues: {s.total} ({counts or 'none'}). Common-ground index: "
        f"{format_fraction(s.index)}; mean joint gap: {format_fraction(s.mean_gap)}.",
        "",
    ]
    blockers = [f"{_code(p)} {n}" for p, n in s.blocking if n]
    if blockers:
        lines += [f"Issues each party blocks: {', '.join(blockers)}.", ""]
    offered = offered_words(result)
    if offered:
        lines += [*(f"- {escape(line)}" for line in offered), ""]
    header = [
        "Issue",
        "Status",
        "Zone of all",
        "Largest groups",
        "Blockers",
        *(f"{_code(p)}" for p in result.parties),
    ]
    body = []
    for row in result.rows:
        zone = "—" if row.zone is None else describe_stance(row.issue, row.zone)
        groups = "; ".join(", ".join(g) for g in row.largest) or "—"
        status_cell = Markup(escape(ground_words(row)))
        body.append(
            [
                _issue_cell(row),
                status_cell,
                zone,
                groups,
                ", ".join(row.blockers) or "—",
                *(_stance(row, p, cite) for p in row.positions),
            ]
        )
    lines.append(table([Markup(h) for h in header], body))
    lines += ["", *_note_lines(result), *sources_section(cite)]
    return "\n".join(str(line).rstrip("\n") for line in lines).strip("\n") + "\n"


# --- terminal -------------------------------------------------------------------------------


def _line(text: str, style: str = "") -> Line:
    return (clean_text(text), style)


_FIT_STYLES: Final = {
    "inside": "bold green",
    "overlaps": "bold blue",
    "conditional": "bold yellow",
    "outside": "bold red",
    "silent": "dim",
    "uncomparable": "dim",
}


def _cited_stance(row: PlanIssue | IssueGround, position: Position, cite: Citations) -> list[Line]:
    out = [_line(describe_stance(row.issue, position.stance))]
    if position.red_line:
        out.append(_line("red line", "bold red"))
    marks = cite_text(cite, position.sources)
    if marks:
        out.append(_line(marks, "dim"))
    return out


def _note_block(result: PlanAssessment | CommonGround) -> list[Table | list[Line]]:
    noted = _noted(result)
    if not noted:
        return []
    return [
        [
            _line("Notes", "bold"),
            *(
                _line(f"{row.issue.title} ({row.issue.id}), {who}: {note}")
                for row, who, note in noted
            ),
        ]
    ]


def plan_blocks(result: PlanAssessment) -> list[Table | list[Line]]:
    """A plan assessment as the command line shows it."""
    cite = Citations()
    names = {s: s for s in result.sides}
    where = f" at {result.round}" if result.round else ""
    head = [
        _line(f"The plan of {result.plan} against {', '.join(result.sides)}{where}", "bold"),
        _line(
            f"{len(result.rows)} issues; inside every side on {len(result.inside_all)}; "
            f"overall lean: {_lean_text(result.leans_toward, result.lean, names)}"
        ),
    ]
    fits = _verdict_fits(result)
    verdicts = Table(
        "Per side",
        (
            Column("Side", 1),
            Column("Accepts", right=True),
            *(Column(FIT_WORDS[f.value].capitalize(), right=True) for f in fits),
            Column("Red lines crossed", 2),
            Column("Lean", right=True),
        ),
        (
            (
                [_line(v.party, "bold")],
                [_line(format_fraction(v.accepts))],
                *([_line(str(v.count(f)))] for f in fits),
                [_line(", ".join(v.red_lines_crossed) or "—")],
                [_line(format_fraction(v.lean))],
            )
            for v in result.verdicts
        ),
    )
    rows = []
    for row in result.rows:
        settled = [_line("settled by every side", "dim")] if row.settled else []
        cells: list[list[Line]] = [
            [_line(row.issue.title, "bold"), _line(row.issue.id, "dim"), *settled],
            _cited_stance(row, row.plan, cite),
        ]
        for fit in row.sides:
            cell = [_line(fit_words(fit, row), _FIT_STYLES[fit.fit.value])]
            if fit.position is not None:
                cell += _cited_stance(row, fit.position, cite)
            cells.append(cell)
        cells.append([_line(_lean_text(row.toward, row.lean, names))])
        rows.append(cells)
    issues = Table(
        "Issues",
        (
            Column("Issue", 2),
            Column("Plan", 2),
            *(Column(clean_text(s), 2) for s in result.sides),
            Column("Leans toward", 1),
        ),
        rows,
        spaced=True,
    )
    return [head, verdicts, issues, *_note_block(result), *sources_block(cite)]


def common_blocks(result: CommonGround) -> list[Table | list[Line]]:
    """A common ground as the command line shows it."""
    cite = Citations()
    s = result.summary
    where = f" at {result.round}" if result.round else ""
    head = [
        _line(f"Common ground of {', '.join(result.parties)}{where}", "bold"),
        _line(
            f"{s.total} issues; common-ground index {format_fraction(s.index)}; mean joint gap "
            f"{format_fraction(s.mean_gap)}; "
            + ", ".join(f"{GROUND_WORDS[st.value]} {n}" for st, n in s.counts if n)
        ),
        *(_line(line) for line in offered_words(result)),
    ]
    rows = []
    for row in result.rows:
        zone = "—" if row.zone is None else describe_stance(row.issue, row.zone)
        # Each party's position is cited by number, the party named: the table shows the
        # zone of all, not each stance, so that it stays readable for many parties.
        cited = [
            _line(f"{party} {marks}")
            for party, position in zip(result.parties, row.positions, strict=True)
            if position is not None and (marks := cite_text(cite, position.sources))
        ]
        rows.append(
            (
                [
                    _line(row.issue.title, "bold"),
                    _line(row.issue.id, "dim"),
                    *(_line(detail, "dim") for detail in ground_details(row)),
                ],
                [
                    _line(GROUND_WORDS[row.status.value]),
                    _line(format_fraction(row.magnitude)),
                ],
                [_line(zone)],
                [_line("; ".join(", ".join(g) for g in row.largest) or "—")],
                [_line(", ".join(row.blockers) or "—")],
                [_line(", ".join(row.silent) or "—")],
                cited or [_line("—")],
            )
        )
    issues = Table(
        "Issues",
        (
            Column("Issue", 3),
            Column("Status", 1),
            Column("Zone of all", 3),
            Column("Largest groups", 2),
            Column("Blockers", 1),
            Column("Silent", 1),
            Column("Sources", 1),
        ),
        rows,
        spaced=True,
    )
    return [head, issues, *_note_block(result), *sources_block(cite)]
