"""The HTML page of a bargain, with the frontier drawn for two sides.

The chart ([`frontier_chart`][negpos._render.bargain_html.frontier_chart]) puts each package of
the frontier at what the first side concedes (across) and what the second concedes (up), the
Nash package filled. Like the other charts it is built with ``Markup.format``, so analyst text
is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from negpos._analysis.reports import Citations
from negpos._render.bargain_text import package_lines, scope_words, trade_words
from negpos._render.svg import _n, _svg, _title
from negpos._render.view import cite_links, listed_sources
from negpos.scenarios._bargain import Bargain

__all__ = ["bargain_page", "frontier_chart"]

Render = Callable[..., str]


def frontier_chart(result: Bargain) -> Markup:
    """The frontier of two sides as points; an empty ``Markup`` for other numbers of sides."""
    parties = result.base.parties
    if len(parties) != 2 or not result.frontier:
        return Markup("")
    xs = [p.concession(parties[0]) for p in result.frontier]
    ys = [p.concession(parties[1]) for p in result.frontier]
    top = max(max(xs), max(ys), 1e-9)
    width, height, left, bottom, plot = 360.0, 300.0, 48.0, 40.0, 240.0
    body: list[Markup] = [
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8c959f"/>').format(
            _n(left), _n(height - bottom), _n(left + plot), _n(height - bottom)
        ),
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8c959f"/>').format(
            _n(left), _n(height - bottom), _n(left), _n(height - bottom - plot)
        ),
        Markup('<text x="{}" y="{}" font-size="11" fill="#24292f">{} concedes</text>').format(
            _n(left + plot / 2 - 30), _n(height - 8), parties[0]
        ),
        Markup(
            '<text x="12" y="{}" font-size="11" fill="#24292f" '
            'transform="rotate(-90 12 {})">{} concedes</text>'
        ).format(_n(height / 2 + 30), _n(height / 2 + 30), parties[1]),
    ]
    for k, (x, y, package) in enumerate(zip(xs, ys, result.frontier, strict=True), start=1):
        cx = left + plot * x / top
        cy = height - bottom - plot * y / top
        nash = package is result.nash
        label = f"package {k}: {parties[0]} concedes {x:.2f}, {parties[1]} {y:.2f}"
        if nash:
            label += " (the Nash package)"
        body.append(
            Markup('<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#1a7f5a">{}</circle>').format(
                _n(cx),
                _n(cy),
                "6" if nash else "4",
                "#1a7f5a" if nash else "#ffffff",
                _title(label),
            )
        )
        body.append(
            Markup('<text x="{}" y="{}" font-size="10" fill="#57606a">{}</text>').format(
                _n(cx + 7), _n(cy - 5), str(k)
            )
        )
    return _svg(width, height, "The Pareto frontier of the packages", body, "chart frontier-chart")


def bargain_page(result: Bargain, render: Render) -> str:
    """A bargain as one self-contained HTML page."""
    cite = Citations()

    def lines(package: Any) -> list[tuple[str, list[tuple[int, str | None]]]]:
        return [
            (text, cite_links(cite, sources)) for text, sources in package_lines(result, package)
        ]

    packages = [(k, p, lines(p)) for k, p in enumerate(result.frontier, start=1)]
    return render(
        "bargain.html",
        result=result,
        scope=scope_words(result),
        chart=frontier_chart(result),
        packages=packages,
        trades=[trade_words(t) for t in result.trades],
        sources=listed_sources(cite),
    )
