"""The comparison of two memoranda: checked, unchecked, or of two parties of a negotiation.

[`compare`][negpos.compare] checks its input (``_check``, which the other analyses share)
and calls ``compare_memoranda``, which the negotiation's own analyses call directly;
``compare_in`` reads two parties of a negotiation at one round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from negpos._analysis.compare.offered import _Offered
from negpos._analysis.compare.reading import _read
from negpos._analysis.compare.side import _alternative_issues, _Marks, _Side
from negpos._analysis.compare.tally import _tally
from negpos._analysis.comparison import Comparison
from negpos._analysis.settled import Settlement, settlements, settlements_of
from negpos._errors import InputError, Problem, UsageError
from negpos._model.documents import Memorandum, Outcome
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation, memorandum_problems
from negpos._model.selection import agenda_of, check_memorandum, resolve_pair, resolve_round
from negpos._model.standing import held

__all__ = ["compare", "compare_in", "compare_memoranda"]


def compare_memoranda(
    memo_a: Memorandum,
    memo_b: Memorandum,
    issues: Sequence[Issue],
    settled: Mapping[str, Settlement] | None = None,
) -> Comparison:
    """Compare two memoranda already known to fit the agenda (no checks).

    [`compare`][negpos.compare] checks its input and then calls this; the negotiation's own
    analyses call it directly, since a [`Negotiation`][negpos.Negotiation] has already
    checked its memoranda.

    Args:
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        issues: The agenda, in order.
        settled: The issues the two parties settled at the table, by issue id.

    Returns:
        The comparison.
    """
    settled = settled or {}
    parties = (memo_a.party, memo_b.party)
    marks = _Marks(parties, _alternative_issues(memo_a), _alternative_issues(memo_b))
    main_a, main_b = _Side.main(memo_a), _Side.main(memo_b)
    by_id = None
    if memo_a.alternatives or memo_b.alternatives:
        by_id = {i.id: i for i in issues}
        return _Offered(issues, by_id, memo_a, memo_b, main_a, main_b, settled, marks).result()
    rows = _read(issues, main_a, main_b, settled, marks, by_id)
    tally, gaps = _tally(rows)
    return Comparison(*parties, memo_a.round, memo_b.round, tuple(rows), tally.summary(gaps))


def compare(
    memo_a: Memorandum,
    memo_b: Memorandum,
    agenda: Negotiation | Iterable[Issue],
    *,
    outcomes: Iterable[Outcome] = (),
) -> Comparison:
    """Compare two parties' memoranda issue by issue on a shared agenda.

    Each issue that either memorandum's main positions address gets a status, a gap
    magnitude and, where the positions are compatible, a zone; the summary counts the
    statuses, computes a salience-weighted compatibility index and lists the gaps with red
    lines in conflict first. Each group of alternatives either memorandum offers is compared
    option by option. The rules per kind of issue are those of the design's table; see
    [`Status`][negpos.Status] and [`Summary`][negpos.Summary].

    Args:
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        agenda: The issues, in order, or a [`Negotiation`][negpos.Negotiation] whose agenda
            to use.
        outcomes: Outcomes agreed at the table. Each one that names an issue, types its
            stance and lists both parties (or no parties) settles its issue: the issue is
            reported ``settled`` with the outcome as its zone, and a position that does not
            accept the outcome is flagged in ``reneged_by``. (A negotiation's own
            comparisons read the outcomes of its rounds, and flag only positions tabled
            after the agreement.)

    Returns:
        The comparison, with issues in agenda order.

    Raises:
        InputError: The agenda repeats an issue id, or a memorandum does not fit the agenda
            (unknown issues, stances that do not fit their issue, unknown links); every
            problem is listed with its field path.
        UsageError: An argument is not of the type it should be.

    Examples:
        >>> import negpos
        >>> days = negpos.NumericIssue(
        ...     id="ceasefire.days", title="Ceasefire duration", unit="days", bounds=(1, 365)
        ... )
        >>> a = negpos.Memorandum(party="ua", positions=(negpos.Position(
        ...     issue="ceasefire.days", stance=negpos.NumericStance(min=30)),))
        >>> b = negpos.Memorandum(party="ru", positions=(negpos.Position(
        ...     issue="ceasefire.days", stance=negpos.NumericStance(min=2, max=3)),))
        >>> result = negpos.compare(a, b, [days])
        >>> result.issue("ceasefire.days").status
        <Status.GAP: 'gap'>
        >>> round(result.summary.mean_gap, 4)  # (30 - 3) / (365 - 1)
        0.0742
    """
    check_memorandum(memo_a, "memo_a")
    check_memorandum(memo_b, "memo_b")
    issues: Sequence[Issue] = agenda_of(agenda)
    unchecked = [("memo_a", memo_a), ("memo_b", memo_b)]
    if isinstance(agenda, Negotiation):
        # A negotiation has checked its own memoranda against its agenda when it was built
        # (and both are frozen), so only outside memoranda need checking.
        own = {id(m) for rnd in agenda.rounds for m in rnd.memoranda}
        unchecked = [(field, memo) for field, memo in unchecked if id(memo) not in own]
    agreed = tuple(outcomes)
    if unchecked or agreed:
        _check(issues, unchecked, agreed)
    settled = settlements_of(agreed, (memo_a.party, memo_b.party))
    return compare_memoranda(memo_a, memo_b, issues, settled)


def _check(
    issues: Sequence[Issue],
    memoranda: list[tuple[str, Memorandum]],
    outcomes: Sequence[Outcome] = (),
) -> None:
    by_id: dict[str, Issue] = {}
    problems: list[Problem] = []
    for k, issue in enumerate(issues):
        if issue.id in by_id:
            problems.append(
                Problem(f"issue id {issue.id!r} is used twice", field=f"agenda[{k}].id")
            )
        by_id.setdefault(issue.id, issue)
    for field, memo in memoranda:
        problems += memorandum_problems(memo, by_id, field)
    for k, outcome in enumerate(outcomes):
        if not isinstance(outcome, Outcome):
            raise UsageError(
                f"outcomes[{k}] should be a negpos.Outcome, not {type(outcome).__name__}"
            )
        if outcome.issue is None:
            continue
        settled = by_id.get(outcome.issue)
        if settled is None:
            problems.append(
                Problem(f"unknown issue {outcome.issue!r}", field=f"outcomes[{k}].issue")
            )
        elif outcome.stance is not None:
            for sub, message in outcome.stance.problems(settled):
                problems.append(Problem(message, field=f"outcomes[{k}].stance.{sub}"))
    if problems:
        raise InputError(problems)


def compare_in(
    negotiation: Negotiation,
    a: str | None = None,
    b: str | None = None,
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
) -> Comparison:
    """Compare two parties of a negotiation at one round.

    The implementation of [`Negotiation.compare`][negpos.Negotiation.compare], whose
    documentation gives the defaults and the errors.
    """
    pair = resolve_pair(negotiation, a, b, what="a comparison")
    rnd = resolve_round(negotiation, round_id, pair)
    memo_a = held(negotiation, pair[0], rnd.id, tabled_only=tabled_only)
    memo_b = held(negotiation, pair[1], rnd.id, tabled_only=tabled_only)
    settled = settlements(negotiation, pair, rnd.id)
    return compare_memoranda(memo_a, memo_b, negotiation.issues, settled)
