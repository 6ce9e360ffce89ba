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
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from negpos._analysis.common.offered import offer
from negpos._analysis.joint import lies_inside, separation
from negpos._analysis.kinds import assessor, contains
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._analysis.settled import Settlement, settlements, settlements_of
from negpos._analysis.sides import (
    check_memoranda,
    not_holding,
    party_list,
    round_of,
    side_positions,
)
from negpos._errors import NotFoundError, UsageError, check_argument, excerpt
from negpos._model.documents import Condition, Memorandum, Outcome, Position, Role
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr, counted, figure, guarded, plural, tag
from negpos._model.selection import agenda_of, check_memorandum
from negpos._model.stances import Stance
from negpos._model.standing import tabled

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


class Fit(enum.StrEnum):
    """How a plan's stance on one issue fits what one side accepts.

    - ``inside``: every outcome the plan allows is one the side accepts;
    - ``overlaps``: some outcomes the plan allows are acceptable to the side, others not;
    - ``conditional``: the plan lies inside the side's set or overlaps it, but the side's
      position holds only under a condition the plan does not meet (the plan's stance on
      the condition's issue does not lie inside the condition);
    - ``outside``: no outcome the plan allows is acceptable to the side (a gap);
    - ``silent``: the side holds no position on the issue (silence is not acceptance);
    - ``uncomparable``: a text issue, which is never compared.
    """

    INSIDE = "inside"
    OVERLAPS = "overlaps"
    CONDITIONAL = "conditional"
    OUTSIDE = "outside"
    SILENT = "silent"
    UNCOMPARABLE = "uncomparable"


_COMPARED = (Fit.INSIDE, Fit.OVERLAPS, Fit.CONDITIONAL, Fit.OUTSIDE)


@attrs.frozen
class SideFit:
    """How the plan's stance on one issue fits one side.

    Attributes:
        party: The side's id.
        fit: Inside, overlapping, conditional, outside, silent or uncomparable.
        position: The side's position as offered, or None where it holds none.
        magnitude: The gap between the plan's stance and the side's accepted set, in
            [0, 1]: 0 unless ``outside``; None where silent or uncomparable. On an issue
            the sides settled, the accepted set is the agreed outcome.
        separation: How different the plan's stance is from the side's accepted set, on
            the issue's own scale, in [0, 1]: 0 exactly when they are stated alike (see
            docs/concepts.md); None where silent or uncomparable.
        red_line_crossed: The plan lies outside a position the side holds as a red line.
        unmet_conditions: On a ``conditional`` fit, the ids of the issues whose conditions
            the plan does not meet.
    """

    party: str
    fit: Fit
    position: Position | None
    magnitude: float | None
    separation: float | None
    red_line_crossed: bool = False
    unmet_conditions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The fit as JSON-ready data."""
        return {
            "party": self.party,
            "fit": self.fit.value,
            "position": None if self.position is None else self.position.to_dict(),
            "magnitude": self.magnitude,
            "separation": self.separation,
            "red_line_crossed": self.red_line_crossed,
            "unmet_conditions": list(self.unmet_conditions),
        }

    __repr__ = compact_repr


@attrs.frozen
class PlanIssue:
    """The plan's stance on one issue against every side.

    Attributes:
        issue: The issue, as the agenda defines it.
        plan: The plan's position on it.
        sides: How it fits each side, in the order of the assessment's ``sides``.
        toward: The side the plan leans toward on this issue: the side whose stance is
            nearest to the plan's (smallest separation); None when fewer than two sides can
            be compared or two are equally near.
        lean: How far toward it, in [0, 1]: the smallest, over the other comparable sides,
            of the plan's signed position between ``toward`` (1) and that side (-1); 1 when
            the plan is stated as ``toward`` is, 0 on a tie; None when fewer than two sides
            can be compared.
        outcome: When every side settled the issue at the table, the outcome agreed: each
            side's fit is then the plan's against it.
        settled_in: The id of the round the outcome was agreed at, when known.
    """

    issue: Issue
    plan: Position
    sides: tuple[SideFit, ...]
    toward: str | None
    lean: float | None
    outcome: Outcome | None = None
    settled_in: str | None = None

    @property
    def settled(self) -> bool:
        """Whether every side settled the issue at the table (see ``outcome``)."""
        return self.outcome is not None

    def side(self, party: str) -> SideFit:
        """How the plan fits ``party`` on this issue.

        Raises:
            NotFoundError: ``party`` is not one of the assessment's sides.
        """
        for fit in self.sides:
            if fit.party == party:
                return fit
        raise NotFoundError(f"{excerpt(party)} is not one of the sides assessed")

    @property
    def fit(self) -> Fit:
        """The worst fit over the sides that address the issue: what reports lead with.

        ``outside`` if any side is outside, else ``conditional``, else ``overlaps``, else
        ``inside``; ``silent`` when no side addresses the issue, ``uncomparable`` on a text
        issue.
        """
        fits = {s.fit for s in self.sides}
        for worst in (Fit.UNCOMPARABLE, Fit.OUTSIDE, Fit.CONDITIONAL, Fit.OVERLAPS, Fit.INSIDE):
            if worst in fits:
                return worst
        return Fit.SILENT

    @property
    def inside_all(self) -> bool:
        """The plan's stance lies inside every side's accepted set (no side silent)."""
        return all(s.fit is Fit.INSIDE for s in self.sides)

    @property
    def red_lines_crossed(self) -> tuple[str, ...]:
        """The sides whose red line the plan crosses on this issue."""
        return tuple(s.party for s in self.sides if s.red_line_crossed)

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "kind": self.issue.kind.value,
            "category": self.issue.category,
            "fit": self.fit.value,
            "plan": self.plan.to_dict(),
            "sides": [s.to_dict() for s in self.sides],
            "toward": self.toward,
            "lean": self.lean,
            "red_lines_crossed": list(self.red_lines_crossed),
            "outcome": None if self.outcome is None else self.outcome.to_dict(),
            "settled_in": self.settled_in,
        }

    @guarded
    def __repr__(self) -> str:
        """``<PlanIssue issue: side fit, …; toward …>``, on one line."""
        fits = ", ".join(f"{s.party} {s.fit.value.replace('_', ' ')}" for s in self.sides)
        toward = f"; toward {self.toward}" if self.toward else ""
        return tag("PlanIssue", f"{self.issue.id}: {fits}{toward}")


@attrs.frozen
class SideVerdict:
    """What one side makes of the whole plan.

    Attributes:
        party: The side's id.
        counts: On how many of the plan's issues the side's fit is each of ``Fit``.
        accepts: The share of the plan the side accepts: over the plan's issues the kinds
            can compare, the plan's salience of the issues where the plan lies inside the
            side's set, divided by the plan's salience of them all. Issues the side is silent
            on count against it (silence is not acceptance). Equal weights when every
            salience is 0; None when the plan has no comparable issue.
        concessions: What the side would have to concede for the plan to lie inside its
            set: the issues where the plan overlaps its set, lies outside it, or meets it
            only under a condition the plan does not meet, in agenda order (the side would
            have to accept every outcome the plan allows there, or drop the condition).
        red_lines_crossed: The issues where the plan crosses a red line of the side.
        silent: The plan's issues the side holds no position on.
        lean: The plan's lean toward this side over the whole plan (see
            [`PlanAssessment`][negpos.PlanAssessment]).
    """

    party: str
    counts: tuple[tuple[Fit, int], ...]
    accepts: float | None
    concessions: tuple[str, ...]
    red_lines_crossed: tuple[str, ...]
    silent: tuple[str, ...]
    lean: float

    def count(self, fit: Fit | str) -> int:
        """On how many of the plan's issues the side's fit is ``fit`` (or its value)."""
        wanted = next(iter(_CRITERIA["fit"].wanted("fit", fit)))
        return next(n for f, n in self.counts if f is wanted)

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON-ready data."""
        return {
            "party": self.party,
            "counts": {f.value: n for f, n in self.counts},
            "accepts": self.accepts,
            "concessions": list(self.concessions),
            "red_lines_crossed": list(self.red_lines_crossed),
            "silent": list(self.silent),
            "lean": self.lean,
        }

    @guarded
    def __repr__(self) -> str:
        """``<SideVerdict party: fits; accepts …>``, on one line."""
        return tag(
            "SideVerdict",
            f"{self.party}: {counted(self.counts)}; accepts {figure(self.accepts)}",
        )


_CRITERIA = {"fit": Criterion(lambda row: row.fit, Fit), **issue_criteria()}


@attrs.frozen
class PlanAssessment(IssueRows[PlanIssue], Renderable):
    """One party's plan assessed against two or more sides, issue by issue.

    ``rows`` holds one [`PlanIssue`][negpos.PlanIssue] per issue the plan addresses, in
    agenda order; ``issue(id)`` finds one and ``where`` filters them by ``fit`` (the worst
    fit over the sides, a [`Fit`][negpos.Fit]), ``category`` or ``kind``.

    The plan's overall lean toward a side ``s`` is
    ``sum(w * lean for the rows leaning toward s) / sum(w over every row with a lean)``,
    where a row's weight ``w`` is the mean salience of the plan's and the compared sides'
    positions on it: the share of the plan's weight that leans toward ``s``, in [0, 1]. The
    sides' leans add up to at most 1; the rest is balance.

    Attributes:
        plan: The id of the party whose document is the plan.
        round: The round at which the plan and the sides are read, if there is one.
        sides: The sides, in the negotiation's order of parties (by id for memoranda given
            outside a negotiation), whatever order they were named in.
        rows: One row per issue the plan addresses, in agenda order.
        verdicts: One verdict per side, in the order of ``sides``.
        leans_toward: The side with the largest overall lean; None when no side's lean is
            larger than every other's.
        lean: The overall lean of ``leans_toward`` minus the next largest side's (the
            margin), in [0, 1]; 0 on a tie; None when no row has a lean.
        unaddressed: Issues some side addresses, or every side settled, that the plan is
            silent on, in agenda order.
        tabled_only: Whether only what was tabled in the round was read, rather than the
            positions standing at that round.
    """

    plan: str
    round: str | None
    sides: tuple[str, ...]
    rows: tuple[PlanIssue, ...]
    verdicts: tuple[SideVerdict, ...]
    leans_toward: str | None
    lean: float | None
    unaddressed: tuple[str, ...] = ()
    tabled_only: bool = False
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    def verdict(self, party: str) -> SideVerdict:
        """The verdict of side ``party``.

        Raises:
            NotFoundError: ``party`` is not one of the sides assessed.
        """
        for v in self.verdicts:
            if v.party == party:
                return v
        raise NotFoundError(f"{excerpt(party)} is not one of the sides assessed")

    @property
    def inside_all(self) -> tuple[PlanIssue, ...]:
        """The issues on which the plan lies inside every side's set, in agenda order."""
        return tuple(row for row in self.rows if row.inside_all)

    def to_dict(self) -> dict[str, Any]:
        """The assessment as JSON-ready data."""
        return {
            "plan": self.plan,
            "round": self.round,
            "sides": list(self.sides),
            "tabled_only": self.tabled_only,
            "leans_toward": self.leans_toward,
            "lean": self.lean,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "rows": [row.to_dict() for row in self.rows],
            "unaddressed": list(self.unaddressed),
        }

    @guarded
    def __repr__(self) -> str:
        """``<PlanAssessment plan at round for a, b: N issues; leans toward …>``."""
        at = f" at {self.round}" if self.round else ""
        lean = (
            f"leans toward {self.leans_toward} ({figure(self.lean, 2)})"
            if self.leans_toward
            else "leans toward no side"
        )
        return tag(
            "PlanAssessment",
            f"{self.plan}{at} for {', '.join(self.sides)}: "
            f"{plural(len(self.rows), 'issue')}; {lean}",
        )


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


SettledFor = Callable[[Sequence[str]], Mapping[str, Settlement]]


def _nothing_settled(parties: Sequence[str]) -> Mapping[str, Settlement]:
    return {}


def assess_memoranda(
    plan: Memorandum,
    sides: Sequence[Memorandum],
    issues: Sequence[Issue],
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
    settled_for: SettledFor = _nothing_settled,
) -> PlanAssessment:
    """Assess a plan against sides already known to fit the agenda (no checks).

    The sides are taken in the order given: callers put them in a canonical order, so that
    the result does not depend on the order they were named in. Linear in issues x sides
    (plus, per option of a group of alternatives, the issues it states).

    Args:
        plan: The plan's memorandum.
        sides: The sides' memoranda.
        issues: The agenda, in order.
        round_id: The round they are read at, for the result.
        tabled_only: Whether they hold only what was tabled, for the result.
        settled_for: The issues a list of parties settled at the table, by issue id: asked
            for the plan's party with every side (to read the plan as offered), with each
            side (to read that side as offered), and for the sides alone.
    """
    names = tuple(m.party for m in sides)
    everyone = [plan, *sides]
    as_offered = offer(everyone, issues, settled_for((plan.party, *names)), only=(0,))
    plan_held = as_offered.sides[0].positions
    held = [
        offer([plan, m], issues, settled_for((plan.party, m.party)), only=(1,)).sides[1].positions
        for m in sides
    ]
    between = settled_for(names)
    met = _Conditions(plan_held, between, {i.id: i for i in issues})
    getters = [(m.party, h.get) for m, h in zip(sides, held, strict=True)]
    rows: list[PlanIssue] = []
    unaddressed: list[str] = []
    for issue in issues:
        iid = issue.id
        mine = plan_held.get(iid)
        settlement = between.get(iid) if between else None
        if mine is None:
            if settlement is not None or any(get(iid) is not None for _, get in getters):
                unaddressed.append(iid)
            continue
        rows.append(
            _row(issue, mine, [(party, get(iid)) for party, get in getters], met, settlement)
        )
    leans = _leans(names, rows)
    verdicts = tuple(_verdict(party, k, rows, leans[party]) for k, party in enumerate(names))
    toward, margin = _overall(leans)
    return PlanAssessment(
        plan.party,
        round_id,
        names,
        tuple(rows),
        verdicts,
        toward,
        margin,
        tuple(unaddressed),
        tabled_only,
    )


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


def assess(
    plan: Memorandum,
    sides: Sequence[Memorandum],
    agenda: Negotiation | Iterable[Issue],
    *,
    outcomes: Iterable[Outcome] = (),
) -> PlanAssessment:
    """Assess a plan against two or more sides' memoranda, issue by issue.

    For each issue the plan addresses: whether its stance lies inside each side's accepted
    set (a [`Fit`][negpos.Fit]), the gap and the separation to each side, the red lines it
    crosses, and which side it leans toward and by how much; per side, the share of the plan
    it accepts and what it would have to concede; overall, the plan's lean. See
    [`PlanAssessment`][negpos.PlanAssessment]. For a negotiation's own parties use
    [`Negotiation.assess`][negpos.Negotiation.assess].

    Args:
        plan: The plan: any party's memorandum (typically a mediator's).
        sides: Two or more memoranda of other parties. The result lists them by party id,
            whatever order they are given in.
        agenda: The issues, in order, or a [`Negotiation`][negpos.Negotiation] whose agenda
            to use.
        outcomes: Outcomes agreed at the table. One that names an issue, types its stance
            and lists every side (or no parties) settles its issue between the sides; those
            the plan's party agreed with a side also choose that side's options, as in
            [`compare`][negpos.compare].

    Returns:
        The assessment, with issues in agenda order.

    Raises:
        InputError: A memorandum or an outcome does not fit the agenda, or the agenda
            repeats an issue.
        UsageError: Fewer than two sides, two of one party, a side of the plan's own party,
            or an argument of the wrong type.

    Examples:
        >>> import negpos
        >>> size = negpos.NumericIssue(id="army", title="Army", unit="personnel",
        ...                            bounds=(0, 1_000_000))
        >>> def memo(party, low, high):
        ...     stance = negpos.NumericStance(min=low, max=high)
        ...     return negpos.Memorandum(
        ...         party=party, positions=(negpos.Position(issue="army", stance=stance),)
        ...     )
        >>> found = negpos.assess(memo("us", 0, 600_000),
        ...                       [memo("ua", 0, 800_000), memo("ru", 0, 85_000)], [size])
        >>> row = found.issue("army")
        >>> row.side("ua").fit.value, row.side("ru").fit.value, row.toward
        ('inside', 'overlaps', 'ua')
    """
    from negpos._analysis.compare.memoranda import _check

    check_memorandum(plan, "plan")
    given = check_memoranda(sides, "sides", least=2)
    for memo in given:
        if memo.party == plan.party:
            raise UsageError(f"the plan's own party {excerpt(plan.party)} cannot be a side")
    issues: Sequence[Issue] = agenda_of(agenda)
    unchecked = [("plan", plan), *((f"sides[{k}]", m) for k, m in enumerate(given))]
    if isinstance(agenda, Negotiation):
        own = {id(m) for rnd in agenda.rounds for m in rnd.memoranda}
        unchecked = [(field, m) for field, m in unchecked if id(m) not in own]
    agreed = tuple(outcomes)
    if unchecked or agreed:
        _check(issues, unchecked, agreed)
    ordered = sorted(given, key=lambda m: m.party)

    def settled_for(parties: Sequence[str]) -> Mapping[str, Settlement]:
        return settlements_of(agreed, parties) if agreed else {}

    return assess_memoranda(plan, ordered, issues, round_id=plan.round, settled_for=settled_for)


def assess_in(
    negotiation: Negotiation,
    plan: str,
    sides: Iterable[str] | None = None,
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
) -> PlanAssessment:
    """Assess one party's plan against other parties of a negotiation at one round.

    The implementation of [`Negotiation.assess`][negpos.Negotiation.assess], whose
    documentation gives the defaults and the errors.
    """
    check_argument(plan, str, "a party id (text such as 'us')")
    negotiation.party(plan)
    named = party_list(negotiation, sides, what="a plan assessment")
    if named is None:
        named = tuple(p.id for p in negotiation.parties if p.role is Role.PARTY and p.id != plan)
        if len(named) < 2:
            raise UsageError(
                f"name the sides to assess {plan!r} against: the negotiation has "
                f"{len(named)} other parties of role 'party'"
            )
    if plan in named:
        raise UsageError(f"the plan's own party {excerpt(plan)} cannot be a side")
    rnd = (
        _latest_document(negotiation, plan)
        if round_id is None
        else round_of(negotiation, round_id, "")
    )
    memo = side_positions(negotiation, plan, rnd, tabled_only=tabled_only)
    if not tabled(memo):
        raise not_holding(plan, rnd)
    order = {p.id: k for k, p in enumerate(negotiation.parties)}
    ordered = sorted(named, key=order.__getitem__)
    memos = [side_positions(negotiation, p, rnd, tabled_only=tabled_only) for p in ordered]

    def settled_for(parties: Sequence[str]) -> Mapping[str, Settlement]:
        return settlements(negotiation, parties, rnd)

    return assess_memoranda(
        memo,
        memos,
        negotiation.issues,
        round_id=rnd,
        tabled_only=tabled_only,
        settled_for=settled_for,
    )


def _latest_document(negotiation: Negotiation, party: str) -> str:
    """The latest round in which ``party`` tabled a memorandum, even one that only withdraws.

    A plan revised by withdrawing clauses (Geneva, November 2025) is a new document of its
    party: the default reads the plan as it stands after it.
    """
    for rnd in reversed(negotiation.rounds):
        if rnd.memorandum(party) is not None:
            return rnd.id
    raise NotFoundError(f"{party!r} tabled no memorandum in any round")
