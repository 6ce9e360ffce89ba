"""A plan assessed: from memoranda, checked or not, or from a negotiation's parties.

[`assess`][negpos.assess] checks its input and calls ``assess_memoranda``, which reads the
plan and every side as offered and makes the rows and verdicts; ``assess_in`` is
[`Negotiation.assess`][negpos.Negotiation.assess].
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from negpos._analysis.common.offered import offer
from negpos._analysis.plans.fitting import _Conditions, _row
from negpos._analysis.plans.issue import PlanIssue
from negpos._analysis.plans.results import PlanAssessment
from negpos._analysis.plans.verdicts import _leans, _overall, _verdict
from negpos._analysis.settled import Settlement, settlements, settlements_of
from negpos._analysis.sides import (
    check_memoranda,
    not_holding,
    party_list,
    round_of,
    side_positions,
)
from negpos._errors import NotFoundError, UsageError, check_argument, excerpt
from negpos._model.documents import Memorandum, Outcome, Role
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation
from negpos._model.selection import agenda_of, check_memorandum
from negpos._model.standing import tabled

__all__ = ["SettledFor", "assess", "assess_in", "assess_memoranda"]


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
