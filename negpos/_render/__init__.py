"""Rendering results: one entry point, one module per format, one registration per result.

[`render`][negpos.render] looks the format up and hands the result to that format's module
(``markdown.py``, ``html.py``, ``json.py``, ``terminal.py``), imported only when asked for,
so that importing negpos does not load Jinja2. Each of those modules keeps one
``functools.singledispatch`` function with a registration per kind of result: a new kind of
result touches one registration per format, and no module lists the kinds in a ladder.

Result classes inherit ``negpos._analysis.renderable.Renderable`` for the ``to_markdown()``,
``to_html()``, ``to_json()`` and ``to_frame()`` shortcuts, which call back into this layer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

from negpos._errors import UsageError, excerpt

if TYPE_CHECKING:
    from negpos._analysis.agreement import Agreement
    from negpos._analysis.changes import ChangeSet
    from negpos._analysis.common import CommonGround
    from negpos._analysis.comparison import Comparison
    from negpos._analysis.matrix import Matrix
    from negpos._analysis.plans import PlanAssessment
    from negpos._analysis.reports import NegotiationReport, RoundReport
    from negpos._analysis.robust import FigureSweep, RobustComparison
    from negpos._analysis.trajectory import Trajectory
    from negpos.scenarios._bargain import Bargain
    from negpos.scenarios._search import Exploration

__all__ = ["FORMATS", "Format", "Result", "charts", "render"]

Format: TypeAlias = Literal["markdown", "html", "json", "terminal"]

#: The formats [`render`][negpos.render] knows.
FORMATS: Final[tuple[Format, ...]] = ("markdown", "html", "json", "terminal")

Result: TypeAlias = (
    "RoundReport | NegotiationReport | Comparison | Matrix | ChangeSet | Trajectory"
    " | Exploration[Any] | PlanAssessment | CommonGround | RobustComparison | FigureSweep"
    " | Agreement | Bargain"
)
"""Everything that can be rendered."""


def render(result: Result, fmt: Format = "markdown") -> str:
    """Render a result as a Markdown, HTML, JSON or plain-text document.

    The output depends on nothing but the result: no date of generation, no dictionary
    order, numbers formatted with fixed decimals. Rendering the same result twice, in one
    process or two, gives the same text.

    Args:
        result: A [`RoundReport`][negpos.RoundReport], a
            [`NegotiationReport`][negpos.NegotiationReport], a
            [`Comparison`][negpos.Comparison], a [`Matrix`][negpos.Matrix], a
            [`ChangeSet`][negpos.ChangeSet], a [`Trajectory`][negpos.Trajectory], an
            [`Exploration`][negpos.scenarios.Exploration], a
            [`PlanAssessment`][negpos.PlanAssessment], a
            [`CommonGround`][negpos.CommonGround] or an [`Agreement`][negpos.Agreement].
        fmt: ``"markdown"`` (GitHub-flavoured tables), ``"html"`` (one self-contained
            page with inline CSS and SVG charts, no scripts), ``"json"`` (sorted keys, a
            ``schema_version`` and a ``kind``) or ``"terminal"`` (the tables the command
            line prints, as plain text 120 columns wide).

    Returns:
        The document, ending with a line break.

    Raises:
        UsageError: The format is not one of those, or the result is not something negpos
            renders.

    Examples:
        >>> import negpos
        >>> report = negpos.round_report(negpos.bundled(), round_id="istanbul-2")
        >>> negpos.render(report, "markdown").splitlines()[0]
        '# Istanbul round 2 — the two memoranda'
    """
    return _writer(fmt)(result)


def charts(result: Result) -> dict[str, str]:
    """Every chart of a result's HTML page, each as a standalone SVG file, by name.

    The charts are those the page draws, in its order: for a
    [`RoundReport`][negpos.RoundReport] or a [`Comparison`][negpos.Comparison], a range
    chart per issue both sides address on an axis, named ``ranges-<issue id>`` (and
    ``robust`` for a report built with ``robust=True``); for a
    [`NegotiationReport`][negpos.NegotiationReport], ``matrix`` and ``convergence``; for a
    [`Matrix`][negpos.Matrix], ``matrix``; for a [`Trajectory`][negpos.Trajectory],
    ``convergence``. Each file starts with an XML declaration, gives its width and height
    in pixels, names its font family and refers to nothing outside itself, so it can be put
    on a slide as it is; like the pages, it is the same bytes for the same result.

    Args:
        result: A report, comparison, matrix or trajectory.

    Returns:
        The SVG text of each chart (ending with a line break), by name.

    Raises:
        UsageError: negpos draws no charts for that kind of result.

    Examples:
        >>> import negpos
        >>> report = negpos.negotiation_report(negpos.bundled())
        >>> found = negpos.charts(report)
        >>> list(found)
        ['matrix', 'convergence']
        >>> found["matrix"].splitlines()[0]
        '<?xml version="1.0" encoding="UTF-8"?>'
    """
    from negpos._render.charting import page_charts, standalone_svg

    return {name: standalone_svg(chart) for name, chart in page_charts(result).items()}


def _writer(fmt: str) -> Callable[[Result], str]:
    # Each format's module is imported on first use: Jinja2 loads only when needed.
    if fmt == "markdown":
        from negpos._render.markdown import render_result as markdown

        return markdown
    if fmt == "html":
        from negpos._render.html import render_result as html

        return html
    if fmt == "json":
        from negpos._render.json import render_result as json

        return json
    if fmt == "terminal":
        from negpos._render.terminal import render_result as terminal

        return terminal
    known = ", ".join(FORMATS)
    raise UsageError(f"unknown format {excerpt(fmt)}; the formats are {known}")


def refuse(result: object) -> UsageError:
    """The error every format raises for something that is not a result it renders."""
    return UsageError(
        f"expected a result to render (a report, comparison, matrix, change set, trajectory, "
        f"exploration, plan assessment, common ground or agreement), got "
        f"{type(result).__name__} {excerpt(result)}"
    )
