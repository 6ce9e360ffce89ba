"""The ``to_markdown()``, ``to_html()``, ``to_json()`` and ``to_frame()`` methods of results.

Results belong to the analysis layer and rendering to the layer above it, so these methods
import the render layer when they are called, not when a result class is defined: one of the
few upward references the layering test allows (``tests/test_layers.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

__all__ = ["Renderable"]


class Renderable:
    """The ``to_markdown()``, ``to_html()``, ``to_json()`` and ``to_frame()`` methods of results.

    It also gives results a ``_repr_html_``, so that a notebook displays them as a short card.

    A mixin for attrs classes: it declares empty ``__slots__`` so that slotted results stay
    slotted.
    """

    __slots__ = ()

    def to_markdown(self) -> str:
        """This result as Markdown; see [`render`][negpos.render]."""
        from negpos._render import render

        return render(self, "markdown")  # type: ignore[arg-type]

    def to_html(self) -> str:
        """This result as a self-contained HTML page; see [`render`][negpos.render]."""
        from negpos._render import render

        return render(self, "html")  # type: ignore[arg-type]

    def to_json(self) -> str:
        """This result as versioned JSON with sorted keys; see [`render`][negpos.render]."""
        from negpos._render import render

        return render(self, "json")  # type: ignore[arg-type]

    def to_frame(self, *, formula_safe: bool = True) -> pandas.DataFrame:
        """This result as a pandas data frame (needs ``pip install 'negpos[pandas]'``).

        A [`Comparison`][negpos.Comparison] and a [`ChangeSet`][negpos.ChangeSet] give one
        row per issue, a [`Matrix`][negpos.Matrix] one row per pair of parties, a
        [`Trajectory`][negpos.Trajectory] one row per issue and round, an
        [`Agreement`][negpos.Agreement] one row per unit and coder. Stances are described
        in words, as in the reports; figures that cannot be computed are ``NaN``.

        Args:
            formula_safe: Make the frame safe to export to a spreadsheet (the default): a
                text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
                return, which a spreadsheet would run as a formula, gets a leading
                apostrophe, as OWASP recommends against CSV injection. ``False`` keeps every
                text as it is.

        Returns:
            The data frame.

        Raises:
            NegposError: pandas is not installed.
            UsageError: The result is a report, which holds several tables: ask its
                comparison, changes, matrix or trajectories for theirs.
        """
        from negpos._render.frames import to_frame

        return to_frame(self, formula_safe=formula_safe)

    def _repr_html_(self) -> str:
        """The card a notebook (Jupyter, VS Code) displays for a result.

        Not the whole report, which would flood the notebook: the kind of result, its
        headline figures, a small chart of its counts and how to get the full report
        (``to_html()``, [`render`][negpos.render]) and the table (``to_frame()``). The card
        carries its styles inline and escapes every text.
        """
        from negpos._render.card import card_html

        return card_html(self)
