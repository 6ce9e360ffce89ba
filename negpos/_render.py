"""Rendering results as Markdown, HTML or JSON: one entry point, one module per format.

[`render`][negpos.render] dispatches on the format; each format lives in its own module
(``negpos._render_markdown``, ``negpos._render_html``, ``negpos._render_json``), imported only
when asked for, so that importing negpos does not load Jinja2. Result classes inherit
[`Renderable`][negpos._render.Renderable] for the ``to_markdown()``, ``to_html()`` and
``to_json()`` shortcuts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, TypeAlias

from negpos._errors import NegposError

if TYPE_CHECKING:
    import pandas

    from negpos._changes import ChangeSet
    from negpos._comparison import Comparison
    from negpos._matrix import Matrix
    from negpos._report import NegotiationReport, RoundReport
    from negpos._trajectory import Trajectory

__all__ = ["FORMATS", "Format", "Renderable", "Result", "render"]

Format: TypeAlias = Literal["markdown", "html", "json"]

#: The formats [`render`][negpos.render] knows.
FORMATS: Final[tuple[Format, ...]] = ("markdown", "html", "json")

Result: TypeAlias = "Comparison | Matrix | ChangeSet | Trajectory | RoundReport | NegotiationReport"
"""Everything that can be rendered."""


def render(result: Result, format: Format = "markdown") -> str:
    """Render an analysis as a Markdown, HTML or JSON document.

    The output depends on nothing but the result: no date of generation, no dictionary
    order, numbers formatted with fixed decimals. Rendering the same result twice, in one
    process or two, gives the same text.

    Args:
        result: A [`RoundReport`][negpos.RoundReport], a
            [`NegotiationReport`][negpos.NegotiationReport], a
            [`Comparison`][negpos.Comparison], a [`Matrix`][negpos.Matrix], a
            [`ChangeSet`][negpos.ChangeSet] or a [`Trajectory`][negpos.Trajectory].
        format: ``"markdown"`` (GitHub-flavoured tables), ``"html"`` (one self-contained
            page with inline CSS and SVG charts, no scripts) or ``"json"`` (sorted keys and a
            ``schema_version``).

    Returns:
        The document, ending with a line break.

    Raises:
        NegposError: The format is not one of ``markdown``, ``html`` or ``json``.
        TypeError: The result is not something negpos renders.

    Examples:
        >>> import negpos
        >>> report = negpos.round_report(negpos.bundled(), "istanbul-2")
        >>> negpos.render(report, format="markdown").splitlines()[0]
        '# Istanbul round 2 — the two memoranda'
    """
    if format == "markdown":
        from negpos._render_markdown import to_markdown

        return to_markdown(result)
    if format == "html":
        from negpos._render_html import to_html

        return to_html(result)
    if format == "json":
        from negpos._render_json import to_json

        return to_json(result)
    known = ", ".join(FORMATS)
    raise NegposError(f"unknown format {format!r}; the formats are {known}")


class Renderable:
    """The ``to_markdown()``, ``to_html()``, ``to_json()`` and ``to_frame()`` methods of results.

    It also gives results a ``_repr_html_``, so that a notebook displays them as a report.

    A mixin for attrs classes: it declares empty ``__slots__`` so that slotted results stay
    slotted.
    """

    __slots__ = ()

    def to_markdown(self) -> str:
        """This result as Markdown; see [`render`][negpos.render]."""
        return render(self, "markdown")  # type: ignore[arg-type]

    def to_html(self) -> str:
        """This result as a self-contained HTML page; see [`render`][negpos.render]."""
        return render(self, "html")  # type: ignore[arg-type]

    def to_json(self) -> str:
        """This result as versioned JSON with sorted keys; see [`render`][negpos.render]."""
        return render(self, "json")  # type: ignore[arg-type]

    def to_frame(self) -> pandas.DataFrame:
        """This result as a pandas data frame (needs ``pip install 'negpos[pandas]'``).

        A [`Comparison`][negpos.Comparison] and a [`ChangeSet`][negpos.ChangeSet] give one
        row per issue, a [`Matrix`][negpos.Matrix] one row per pair of parties, a
        [`Trajectory`][negpos.Trajectory] one row per issue and round. Stances are described
        in words, as in the reports; figures that cannot be computed are ``NaN``.

        Returns:
            The data frame.

        Raises:
            NegposError: pandas is not installed.
            TypeError: The result is a report, which holds several tables: ask its
                comparison, changes, matrix or trajectories for theirs.
        """
        from negpos._frames import to_frame

        return to_frame(self)

    def _repr_html_(self) -> str:
        """The HTML report's body, which notebooks (Jupyter, VS Code) display for a result.

        The page's stylesheet is left out: in a notebook it would restyle the notebook
        itself (it sets the fonts of the page and of every heading), so the report takes
        the notebook's styles. Its charts keep their colours, which are written in the SVG.
        """
        page = self.to_html()
        # Analyst text on the page is escaped, so the only <main> tags are the template's.
        start = page.index("<main>") + len("<main>")
        end = page.rindex("</main>")
        return f'<div class="negpos-report">{page[start:end]}</div>\n'
