"""The plan against one side on one issue: the fit by the per-kind rules, the lean, the conditions.

``_fit`` says whether the plan's stance lies inside a side's accepted set (or the outcome the
sides settled), overlaps it or lies outside it; ``_lean`` which side the plan leans toward on
the issue and by how much; ``_Conditions`` whether the plan meets a side's condition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from negpos._analysis.joint import lies_inside, separation
from negpos._analysis.kinds import assessor, contains
from negpos._analysis.plans.issue import Fit, PlanIssue, SideFit
from negpos._analysis.settled import Settlement
from negpos._model.documents import Condition, Position
from negpos._model.issues import Issue, Kind
from negpos._model.stances import Stance

_RULES = {kind: assessor(kind) for kind in Kind}


def _fit(
    issue: Issue,
    plan: Position,
    party: str,
    side: Position | None,
    met: Callable[[Condition], bool],
    agreed: Stance | None = None,
) -> SideFit:
    if agreed is None and side is None:
        return SideFit(party, Fit.SILENT, None, None, None)
    rule = _RULES[issue.kind]
    if rule is None:
        return SideFit(party, Fit.UNCOMPARABLE, side, None, None)
    ps = plan.stance
    if agreed is not None:
        # Settled between the sides: what each accepts is the outcome it agreed.
        ok, _, gap, _ = rule(issue, ps, agreed)
        apart = separation(issue, ps, agreed)
        if not ok:
            return SideFit(party, Fit.OUTSIDE, side, gap, apart)
        fit = Fit.INSIDE if lies_inside(issue, ps, agreed) else Fit.OVERLAPS
        return SideFit(party, fit, side, 0.0, apart)
    assert side is not None
    ss = side.stance
    ok, _, gap, _ = rule(issue, ps, ss)
    apart = separation(issue, ps, ss)
    if not ok:
        return SideFit(party, Fit.OUTSIDE, side, gap, apart, side.red_line)
    unmet = tuple(c.issue for c in side.conditions if not met(c))
    if unmet:
        return SideFit(party, Fit.CONDITIONAL, side, 0.0, apart, False, unmet)
    fit = Fit.INSIDE if lies_inside(issue, ps, ss) else Fit.OVERLAPS
    return SideFit(party, fit, side, 0.0, apart)


def _lean(issue: Issue, fits: Sequence[SideFit]) -> tuple[str | None, float | None]:
    compared = [f for f in fits if f.separation is not None]
    if len(compared) < 2:
        return None, None
    nearest = min(f.separation for f in compared if f.separation is not None)
    closest = [f for f in compared if f.separation == nearest]
    if len(closest) > 1:
        return None, 0.0
    (best,) = closest
    assert best.position is not None
    shares = []
    for other in compared:
        if other is best:
            continue
        assert other.position is not None
        assert other.separation is not None
        span = separation(issue, best.position.stance, other.position.stance)
        if span > 0.0:
            shares.append((other.separation - nearest) / span)
    if not shares:
        return None, 0.0
    return best.party, min(1.0, max(0.0, min(shares)))


class _Conditions:
    """Whether the plan meets a condition: its stance on the condition's issue lies inside.

    Where the plan is silent on that issue, an outcome every side settled inside the
    condition meets it.
    """

    def __init__(
        self,
        plan: Mapping[str, Position],
        settled: Mapping[str, Settlement],
        issues: Mapping[str, Issue],
    ) -> None:
        self.plan, self.settled, self.issues = plan, settled, issues

    def __call__(self, condition: Condition) -> bool:
        issue = self.issues.get(condition.issue)
        if issue is None or _RULES[issue.kind] is None:
            return False
        mine = self.plan.get(condition.issue)
        if mine is not None:
            return contains(issue, condition.stance, mine.stance)
        settlement = self.settled.get(condition.issue)
        if settlement is None or settlement.outcome.stance is None:
            return False
        return contains(issue, condition.stance, settlement.outcome.stance)


def _row(
    issue: Issue,
    plan: Position,
    sides: Sequence[tuple[str, Position | None]],
    met: Callable[[Condition], bool],
    settlement: Settlement | None,
) -> PlanIssue:
    if settlement is None:
        fits = tuple(_fit(issue, plan, party, side, met) for party, side in sides)
        toward, lean = _lean(issue, fits)
        return PlanIssue(issue, plan, fits, toward, lean)
    agreed = settlement.outcome.stance
    fits = tuple(_fit(issue, plan, party, side, met, agreed) for party, side in sides)
    lean = None if _RULES[issue.kind] is None else 0.0
    return PlanIssue(issue, plan, fits, None, lean, settlement.outcome, settlement.round)
