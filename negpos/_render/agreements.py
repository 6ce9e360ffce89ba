"""Inter-coder agreement in every format: Markdown, terminal text, HTML and a data frame.

The format modules (``markdown.py``, ``terminal.py``, ``html.py``, ``frames.py``) register
these for [`Agreement`][negpos.Agreement] and import this module when such a result is
rendered. Coders' names come from the analyst (file names, by default on the command line)
and are escaped like any other analyst text; ids are slugs and are shown as code. Every
position a disagreement shows cites its sources: a number in brackets, and the list of
sources at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from markupsafe import Markup

from negpos._analysis.agreement import Agreement, AgreementUnit, IssueAgreement, Reliability
from negpos._analysis.reports import Citations
from negpos._model.documents import Position
from negpos._render.frames import CATEGORIES, _frame, _issue, _words
from negpos._render.markdown import _code, cite_marks, escape, sources_section, table
from negpos._render.terminal import cite_text, sources_block
from negpos._render.text_table import Column, Line, Table
from negpos._render.view import cite_links, listed_sources
from negpos._render.words import FIRMNESS_WORDS, clean_text, describe_stance, format_fraction

if TYPE_CHECKING:
    import pandas

__all__ = [
    "AGREEMENT_COLUMNS",
    "DIFFERS_WORDS",
    "agreement_blocks",
    "agreement_frame",
    "agreement_markdown",
    "agreement_page",
    "alpha_words",
    "figures",
    "position_words",
]

#: How each kind of difference reads in a report.
DIFFERS_WORDS: Final = {
    "coded": "coded by some only",
    "stance": "stance",
    "firmness": "firmness",
    "salience": "salience",
}

#: The columns of an agreement's frame, in order.
AGREEMENT_COLUMNS: Final = (
    "issue",
    "title",
    "category",
    "kind",
    "level",
    "round_id",
    "party",
    "group",
    "option",
    "coder",
    "coded",
    "stance",
    "value",
    "firmness",
    "salience",
    "sources",
    "differs",
)


def alpha_words(alpha: float | None, reason: str | None) -> str:
    """Alpha with two decimals, or a dash and the reason it is undefined.

    Examples:
        >>> alpha_words(0.8712, None), alpha_words(None, "no variation")
        ('0.87', '— (no variation)')
    """
    if alpha is None:
        return f"— ({reason})" if reason else "—"
    return f"{alpha:.2f}"


def figures(result: Agreement) -> list[tuple[str, str, Reliability | None]]:
    """The overall figures: (name, level, figure), the weighted stance mean first.

    The stance mean is no single alpha, so its figure is None; its value is the summary's
    ``stance``.
    """
    s = result.summary
    return [
        (f"Stances (mean of {s.stance_issues} issues' alphas)", "per issue", None),
        ("Exact stance, all issues pooled", "nominal", s.exact),
        ("Firmness", "ordinal", s.firmness),
        ("Salience", "interval", s.salience),
    ]


def position_words(unit: AgreementUnit, position: Position | None) -> str:
    """One coder's position on a unit in words: stance, firmness and salience."""
    if position is None:
        return "— (not coded)"
    return (
        f"{describe_stance(unit.issue, position.stance)}; "
        f"{FIRMNESS_WORDS[position.firmness.value]}; salience {position.salience:.2f}"
    )


def _option(unit: AgreementUnit) -> str:
    return "main" if unit.group is None else f"{unit.group}: {unit.option}"


def _differs(unit: AgreementUnit) -> str:
    return ", ".join(DIFFERS_WORDS[d] for d in unit.differs)


def _marks(cite: Citations, position: Position | None) -> str:
    """`` [1] [2]``, linked, for a position's sources; empty for none."""
    marks = "" if position is None else cite_marks(cite, position.sources)
    return f" {marks}" if marks else ""


# --- Markdown ---------------------------------------------------------------------------------


def _alpha_cell(alpha: float | None, reason: str | None) -> Markup:
    # A figure is written as it is: escaping "1.00" as a would-be list number adds a slash.
    if alpha is None and reason:
        return Markup(f"— ({escape(reason)})")
    return Markup(alpha_words(alpha, None))


def _coded_cell(row: IssueAgreement) -> str:
    return ", ".join(str(n) for n in row.coded)


def agreement_markdown(result: Agreement) -> str:
    """An agreement as a Markdown document."""
    cite = Citations()
    s = result.summary
    coders = ", ".join(escape(c) for c in result.coders)
    lines: list[object] = [
        f"# Inter-coder agreement: {coders}",
        "",
        f"{escape(result.title)}. Units: {s.units}; the coders differ on "
        f"{s.disagreements}. Stance alpha (weighted mean): {format_fraction(s.stance)}.",
        "",
        "## Overall",
        "",
    ]
    body: list[list[object]] = []
    for name, level, figure in figures(result):
        if figure is None:
            body.append([name, level, Markup(format_fraction(s.stance)), "—", "—", "—"])
        else:
            body.append(
                [
                    name,
                    level,
                    _alpha_cell(figure.alpha, figure.reason),
                    figure.units,
                    figure.pairable,
                    Markup(format_fraction(figure.exact)),
                ]
            )
    lines.append(table(("Figure", "Level", "Alpha", "Units", "Pairable", "Exact"), body))
    lines += ["", "## Issue by issue", ""]
    header = [
        "Issue",
        "Level",
        "Alpha",
        "Units",
        "Pairable",
        "Exact",
        Markup("Coded (" + ", ".join(escape(c) for c in result.coders) + ")"),
    ]
    rows = [
        [
            Markup(f"{escape(row.issue.title)} ({_code(row.issue.id)})"),
            row.level or "not coded (text)",
            _alpha_cell(row.alpha, row.reason),
            row.units,
            row.pairable,
            Markup(format_fraction(row.exact)),
            _coded_cell(row),
        ]
        for row in result.rows
    ]
    lines.append(table(header, rows))
    if result.unshared:
        lines += ["", "## Issues not on every agenda", ""]
        lines += [
            f"- {escape(u.issue.title)} ({_code(u.issue.id)}): only "
            + ", ".join(escape(c) for c in u.coders)
            + "; left out of every figure."
            for u in result.unshared
        ]
    lines += ["", "## Disagreements", ""]
    if not result.disagreements:
        lines.append("None: the coders agree on every unit.")
    else:
        header = [
            "Issue",
            "Round",
            "Party",
            "Option",
            "Differs on",
            *(Markup(escape(c)) for c in result.coders),
        ]
        rows = []
        for unit in result.disagreements:
            cells: list[object] = [
                _code(unit.issue.id),
                _code(unit.round),
                _code(unit.party),
                Markup("main") if unit.group is None else _code(f"{unit.group}:{unit.option}"),
                _differs(unit),
            ]
            cells += [
                Markup(escape(position_words(unit, p)) + _marks(cite, p)) for p in unit.positions
            ]
            rows.append(cells)
        lines.append(table(header, rows))
    if len(cite):
        lines += ["", *sources_section(cite)]
    return "\n".join(str(line).rstrip("\n") for line in lines).strip("\n") + "\n"


# --- terminal ---------------------------------------------------------------------------------


def _line(text: str, style: str = "") -> Line:
    return (clean_text(text), style)


def agreement_blocks(result: Agreement) -> list[Table | list[Line]]:
    """An agreement as the command line shows it."""
    cite = Citations()
    s = result.summary
    head = [
        _line(f"Inter-coder agreement: {', '.join(result.coders)}", "bold"),
        _line(result.title, "dim"),
        _line(
            f"{s.units} units; the coders differ on {s.disagreements}; stance alpha (weighted "
            f"mean of {s.stance_issues} issues) {format_fraction(s.stance)}"
        ),
    ]
    overall = Table(
        "Overall",
        (
            Column("Figure", 2),
            Column("Level", 1),
            Column("Alpha", 2),
            Column("Units", right=True),
            Column("Pairable", right=True),
            Column("Exact", right=True),
        ),
        [
            (
                [_line(name)],
                [_line(level)],
                [_line(format_fraction(s.stance))]
                if figure is None
                else [_line(alpha_words(figure.alpha, figure.reason))],
                [_line("—" if figure is None else str(figure.units))],
                [_line("—" if figure is None else str(figure.pairable))],
                [_line("—" if figure is None else format_fraction(figure.exact))],
            )
            for name, level, figure in figures(result)
        ],
    )
    issues = Table(
        "Issues",
        (
            Column("Issue", 3),
            Column("Level", 1),
            Column("Alpha", 2),
            Column("Units", right=True),
            Column("Pairable", right=True),
            Column("Exact", right=True),
            Column("Coded", right=True),
        ),
        [
            (
                [_line(row.issue.title, "bold"), _line(row.issue.id, "dim")],
                [_line(row.level or "not coded")],
                [_line(alpha_words(row.alpha, row.reason))],
                [_line(str(row.units))],
                [_line(str(row.pairable))],
                [_line(format_fraction(row.exact))],
                [_line(_coded_cell(row))],
            )
            for row in result.rows
        ],
        spaced=True,
    )
    out: list[Table | list[Line]] = [head, overall, issues]
    if result.unshared:
        out.append(
            [_line("Issues not on every agenda (left out of every figure)", "bold")]
            + [_line(f"{u.issue.id}: only {', '.join(u.coders)}", "dim") for u in result.unshared]
        )
    if not result.disagreements:
        out.append([_line("No disagreements: the coders agree on every unit.")])
        return out
    disagreements = Table(
        "Disagreements",
        (
            Column("Unit", 2),
            Column("Differs on", 1),
            *(Column(clean_text(c), 3) for c in result.coders),
        ),
        [
            (
                [
                    _line(unit.issue.id, "bold"),
                    _line(f"{unit.round} / {unit.party}", "dim"),
                    _line(_option(unit), "dim"),
                ],
                [_line(_differs(unit), "yellow")],
                *(_cited(unit, p, cite) for p in unit.positions),
            )
            for unit in result.disagreements
        ],
        spaced=True,
    )
    out.append(disagreements)
    return out + sources_block(cite)


def _cited(unit: AgreementUnit, position: Position | None, cite: Citations) -> list[Line]:
    marks = "" if position is None else cite_text(cite, position.sources)
    return [_line(position_words(unit, position)), *([_line(marks, "dim")] if marks else [])]


# --- HTML -------------------------------------------------------------------------------------

Render = Callable[..., str]


def agreement_page(result: Agreement, render: Render) -> str:
    """An agreement as one self-contained HTML page."""
    cite = Citations()
    disagreements: list[dict[str, Any]] = []
    for unit in result.disagreements:
        coders = []
        for coder, position in zip(result.coders, unit.positions, strict=True):
            coders.append(
                {
                    "coder": coder,
                    "position": position,
                    "words": None
                    if position is None
                    else describe_stance(unit.issue, position.stance),
                    "firmness": None
                    if position is None
                    else FIRMNESS_WORDS[position.firmness.value],
                    "sources": [] if position is None else cite_links(cite, position.sources),
                }
            )
        disagreements.append(
            {"unit": unit, "option": _option(unit), "differs": _differs(unit), "coders": coders}
        )
    return render(
        "agreement.html",
        result=result,
        figures=figures(result),
        alpha=alpha_words,
        fraction=format_fraction,
        disagreements=disagreements,
        sources=listed_sources(cite),
    )


# --- data frame -------------------------------------------------------------------------------


def agreement_frame(result: Agreement, *, formula_safe: bool = True) -> pandas.DataFrame:
    """An agreement as a data frame: one row per unit and coder, in unit order.

    Args:
        result: The agreement.
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        A frame with the columns of ``AGREEMENT_COLUMNS``: the issue and its ``level`` of
        measurement (missing for text issues); the unit (``group`` and ``option`` missing for
        a main position); the ``coder``, whether the coder ``coded`` the unit, the stance in
        words, the ``value`` alpha reads (``NaN`` where not coded or not measured), the
        firmness, the salience (``NaN`` where not coded), the list of the sources' labels
        and the list of what the coders differ on in the unit (empty when they agree);
        ``kind`` and ``firmness`` are categorical.

    Raises:
        NegposError: pandas is not installed.

    Examples:
        >>> import negpos
        >>> talks = negpos.bundled()
        >>> frame = negpos.agreement([talks, talks]).to_frame()
        >>> frame.coder.unique().tolist(), bool((frame.differs.str.len() == 0).all())
        (['coder 1', 'coder 2'], True)
    """
    level_of = {row.issue.id: row.level for row in result.rows}
    rows: list[Sequence[Any]] = []
    for unit in result.units:
        differs = list(unit.differs)
        for coder, position, value in zip(result.coders, unit.positions, unit.values, strict=True):
            rows.append(
                (
                    *_issue(unit.issue),
                    level_of.get(unit.issue.id),
                    unit.round,
                    unit.party,
                    unit.group,
                    unit.option,
                    coder,
                    position is not None,
                    None if position is None else _words(unit.issue, position.stance),
                    value,
                    None if position is None else position.firmness.value,
                    None if position is None else position.salience,
                    [] if position is None else [s.label for s in position.sources],
                    differs,
                )
            )
    types = dict.fromkeys(("value", "salience"), "float64")
    types["coded"] = "bool"
    categories = {"kind": CATEGORIES["kind"], "firmness": CATEGORIES["firmness"]}
    return _frame(rows, AGREEMENT_COLUMNS, types, formula_safe, categories)
