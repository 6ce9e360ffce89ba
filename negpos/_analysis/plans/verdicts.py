"""A plan's rows summed up: its lean overall, and each side's verdict.

``_leans`` weighs each issue's lean by the mean salience of the positions on it, ``_overall``
names the side the plan leans toward and by what margin, and ``_verdict`` counts a side's
fits, concessions, red lines crossed and silences.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from negpos._analysis.plans.fitting import _RULES
from negpos._analysis.plans.issue import Fit, PlanIssue
from negpos._analysis.plans.results import SideVerdict


def _weight(row: PlanIssue) -> float:
    saliences = [row.plan.salience]
    saliences += [f.position.salience for f in row.sides if f.position is not None]
    return math.fsum(saliences) / len(saliences)


def _leans(names: tuple[str, ...], rows: Sequence[PlanIssue]) -> dict[str, float]:
    leaning = [row for row in rows if row.lean is not None]
    if not leaning:
        return dict.fromkeys(names, 0.0)
    weights = [_weight(row) for row in leaning]
    total = math.fsum(weights)
    if total <= 0:
        weights, total = [1.0] * len(leaning), float(len(leaning))
    parts: dict[str, list[float]] = {party: [] for party in names}
    for row, w in zip(leaning, weights, strict=True):
        if row.toward is not None and row.lean:
            parts[row.toward].append(w * row.lean)
    return {party: math.fsum(terms) / total for party, terms in parts.items()}


def _overall(leans: Mapping[str, float]) -> tuple[str | None, float | None]:
    ranked = sorted(leans.values(), reverse=True)
    if len(ranked) < 2:
        return None, None
    top = ranked[0]
    if top == ranked[1]:
        return None, 0.0
    party = next(p for p, v in leans.items() if v == top)
    return party, top - ranked[1]


def _verdict(party: str, k: int, rows: Sequence[PlanIssue], lean: float) -> SideVerdict:
    counts = dict.fromkeys(Fit, 0)
    concessions: list[str] = []
    red: list[str] = []
    silent: list[str] = []
    accepted: list[float] = []
    weights: list[float] = []
    for row in rows:
        fit = row.sides[k]
        counts[fit.fit] += 1
        iid = row.issue.id
        if fit.fit is Fit.OUTSIDE or fit.fit is Fit.OVERLAPS or fit.fit is Fit.CONDITIONAL:
            concessions.append(iid)
        elif fit.fit is Fit.SILENT:
            silent.append(iid)
        if fit.red_line_crossed:
            red.append(iid)
        if _RULES[row.issue.kind] is not None:
            weights.append(row.plan.salience)
            accepted.append(row.plan.salience if fit.fit is Fit.INSIDE else 0.0)
    accepts = None
    if weights:
        total = math.fsum(weights)
        if total > 0:
            accepts = math.fsum(accepted) / total
        else:
            accepts = sum(1 for row in rows if row.sides[k].fit is Fit.INSIDE) / len(weights)
    return SideVerdict(
        party,
        tuple(counts.items()),
        accepts,
        tuple(concessions),
        tuple(red),
        tuple(silent),
        lean,
    )
