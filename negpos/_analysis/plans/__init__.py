"""A plan assessed against every side: inside or outside each side's set, its lean, who moves.

[`assess`][negpos.assess] and [`Negotiation.assess`][negpos.Negotiation.assess] read one
party's document (typically a mediator's plan) against two or more sides. Per issue the plan
addresses, a [`PlanIssue`][negpos.PlanIssue] says for each side whether the plan's stance
lies inside what the side accepts, overlaps it or lies outside it (with the gap), how far it
is from the side's stance, which red lines it crosses, and which side it leans toward and by
how much. Per side a [`SideVerdict`][negpos.SideVerdict] gives the share of the plan the side
accepts and what it would have to concede; overall, the plan's lean. Silence is reported as
silence, never as acceptance, and the result does not depend on the order the sides are
named in.

The plan and every side are read "as offered", by the rules of the comparison and the
common ground:

- **alternatives**: a side's accepted set on an issue is what it holds in its headline
  reading against the plan: its main positions with, for each of its groups of
  alternatives, the option that comes closest to the plan's main positions (fewest issues
  unresolved, then the highest index, then the fewest red lines, then the earlier option;
  outcomes agreed by the plan's party and that side applied), exactly as
  [`compare`][negpos.compare] of the plan and that side reads it. The plan is read with, for
  each of its groups, the option that comes closest to all the sides' main positions at once,
  as the common ground of the plan and every side reads it;
- **settled**: an issue settled at the table by every side (an outcome each of them agreed,
  at or before the round) is reported as settled (``outcome``): each side's accepted set on
  it is the agreed outcome, so the fit says whether the plan lies inside the outcome,
  overlaps it or lies outside it; no red line is crossed there and the plan leans toward
  no side. A side that agreed the outcome is not silent on the issue, whatever its
  memorandum says; an issue settled between the sides that the plan leaves out is listed
  as unaddressed;
- **conditions**: a side's position that holds only under conditions meets the plan only
  if, for each condition, the plan's stance on the condition's issue lies inside the
  condition's stance (where the plan is silent on that issue, only an outcome the sides
  settled inside the condition meets it). Where the plan lies inside or overlaps the
  side's set but a condition is not met, the fit is ``conditional``: the side does not
  accept the plan there, and would have to drop the condition (a concession).

The package is split by concept:

- ``issue``: how the plan fits one side on one issue, and the row of one issue;
- ``results``: each side's verdict, and the assessment that holds the rows and verdicts;
- ``fitting``: the per-kind fit of the plan against a side, its lean, and the conditions;
- ``verdicts``: the plan's lean overall and each side's verdict, summed over the rows;
- ``assessed``: the entry points, which read the plan and the sides as offered and assess.
"""

from __future__ import annotations

from negpos._analysis.plans.assessed import assess, assess_in, assess_memoranda
from negpos._analysis.plans.issue import Fit, PlanIssue, SideFit
from negpos._analysis.plans.results import PlanAssessment, SideVerdict

__all__ = [
    "Fit",
    "PlanAssessment",
    "PlanIssue",
    "SideFit",
    "SideVerdict",
    "assess",
    "assess_in",
    "assess_memoranda",
]
