"""Changes between rounds: who moved on what, and whether the move was a concession.

[`changes`][negpos.changes] puts a party's earlier and later memoranda side by side on a shared
agenda. Each issue that either memorandum's main positions address gets a
[`PositionChange`][negpos.PositionChange] with one [`Movement`][negpos.Movement], measured
against a fixed reference: the counterpart's position in the earlier round. Keeping the
reference fixed credits each side with its own move only; measured against the counterpart's
new position, a side would seem to move whenever the other one did.

The rules, for a position on issue I before (``b``) and after (``a``), against the
counterpart's earlier stance ``c`` on I:

- ``added``: no position before, one after; ``dropped``: one before, none after. With
  standing positions a position is only dropped when the party withdraws it; with
  ``tabled_only`` it is dropped whenever the later memorandum does not restate it.
- ``unchanged``: ``a`` accepts exactly the outcomes ``b`` accepts and prefers the same one
  (text issues: the same statement). Changes of salience, firmness, links and sources are
  reported beside the movement and never change it: a movement is about what the party
  accepts. Relaxing a red line to ``firm`` while accepting the same outcomes signals
  willingness, but concedes nothing yet, so it stays ``unchanged`` with a firmness change.
- With ``c``, the distance ``d`` is the gap magnitude between the party's stance and ``c``
  (0 when compatible). ``concession`` when ``d`` shrank; ``hardening`` when it grew. When
  ``d`` stayed the same: ``concession`` when ``a`` accepts strictly more than ``b`` (it
  widened), or when ``a``'s zone with ``c`` strictly contains ``b``'s zone with ``c`` (it
  now shares more outcomes with the counterpart); ``hardening`` for the reverse (narrowed, or
  the zone strictly shrank). Zones are exact intersections, so a widened stance never has a
  smaller zone and the two tests never disagree.
- Without ``c`` (the counterpart was silent on I, or no counterpart is given): widened is a
  ``concession``, narrowed a ``hardening``.
- Anything else that changed is ``lateral``: a change of preferred outcome alone, a stance
  that neither contains nor is contained by the old one at the same distance, and any change
  of statement on a text issue.

The raw difference of the two documents, field by field, is available on the
[`ChangeSet`][negpos.ChangeSet] too (see `negpos._analysis.rawdiff`); it is computed on first
access.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from negpos._analysis.kinds import contains, identical, magnitude, zone
from negpos._analysis.rawdiff import RawChange, position_diff, raw_diff
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._analysis.settled import AgreedOutcome, agreed_in
from negpos._analysis.withdrawals import Withdrawal, memorandum_withdrawals, withdrawals_in
from negpos._errors import InputError, Problem, UsageError
from negpos._model.documents import Firmness, Memorandum, Position, Source
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation, memorandum_problems
from negpos._model.reprs import counted, figure, guarded, plural, tag
from negpos._model.selection import (
    agenda_of,
    check_memorandum,
    counterpart_of,
    latest_tabled,
    previous_round,
)
from negpos._model.stances import Stance
from negpos._model.standing import held

__all__ = [
    "ChangeSet",
    "Movement",
    "PositionChange",
    "changes",
    "changes_between",
    "changes_in",
    "classify",
]


class Movement(enum.StrEnum):
    """How a party's position on one issue moved between two rounds.

    - ``added``: the party states a position it did not hold before;
    - ``dropped``: the party no longer holds a position it held before;
    - ``into_options``: the party no longer holds a main position it held before, and now
      addresses the issue inside the options of its later memorandum (its alternatives
      supersede the old position; the options' changes show in ``raw``);
    - ``unchanged``: the party accepts the same outcomes and prefers the same one;
    - ``concession``: closer to the counterpart's earlier position, or wider;
    - ``hardening``: further from the counterpart's earlier position, or narrower;
    - ``lateral``: changed, but neither closer nor further, neither wider nor narrower.
    """

    ADDED = "added"
    DROPPED = "dropped"
    INTO_OPTIONS = "into_options"
    UNCHANGED = "unchanged"
    CONCESSION = "concession"
    HARDENING = "hardening"
    LATERAL = "lateral"


def _strictly_wider(issue: Issue, new: Stance, old: Stance) -> bool:
    return contains(issue, new, old) and not contains(issue, old, new)


def classify(
    issue: Issue, before: Stance | None, after: Stance | None, reference: Stance | None
) -> tuple[Movement, float | None, float | None]:
    """The movement of one stance between two rounds, against a fixed reference.

    Args:
        issue: The issue.
        before: The party's stance in the earlier round, or None.
        after: The party's stance in the later round, or None.
        reference: The counterpart's stance in the earlier round, or None.

    Returns:
        ``(movement, distance_before, distance_after)``: the movement by the rules of the
        module's description, and the gap magnitudes between the party's stances and the
        reference (None where a stance or the reference is missing, or the issue is a text
        issue).

    Raises:
        ValueError: Both stances are None.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> years = NumericIssue(id="lease", title="Lease", unit="years", bounds=(5, 60))
        >>> move, d0, d1 = classify(
        ...     years, NumericStance(max=25), NumericStance(max=30), NumericStance(min=35)
        ... )
        >>> move.value, round(d0, 4), round(d1, 4)
        ('concession', 0.1818, 0.0909)
    """
    if before is None and after is None:
        raise ValueError("a movement needs a stance before or after")
    measured = reference is not None and issue.kind is not Kind.TEXT
    if before is not None and (before is after or before == after):
        # A standing position carried over unchanged is the same object: measure it once.
        d = magnitude(issue, before, reference) if measured and reference is not None else None
        return Movement.UNCHANGED, d, d
    d0 = d1 = None
    if measured and reference is not None:
        d0 = None if before is None else magnitude(issue, before, reference)
        d1 = None if after is None else magnitude(issue, after, reference)
    if before is None:
        return Movement.ADDED, d0, d1
    if after is None:
        return Movement.DROPPED, d0, d1
    if issue.kind is Kind.TEXT:
        return (Movement.UNCHANGED if before == after else Movement.LATERAL), None, None
    if identical(issue, before, after) and _preferred(before) == _preferred(after):
        return Movement.UNCHANGED, d0, d1
    if d0 is not None and d1 is not None:
        if d1 < d0:
            return Movement.CONCESSION, d0, d1
        if d1 > d0:
            return Movement.HARDENING, d0, d1
    if _strictly_wider(issue, after, before):
        return Movement.CONCESSION, d0, d1
    if _strictly_wider(issue, before, after):
        return Movement.HARDENING, d0, d1
    if reference is not None and d0 == 0.0:
        old_zone = zone(issue, before, reference)
        new_zone = zone(issue, after, reference)
        assert old_zone is not None
        assert new_zone is not None
        if _strictly_wider(issue, new_zone, old_zone):
            return Movement.CONCESSION, d0, d1
        if _strictly_wider(issue, old_zone, new_zone):
            return Movement.HARDENING, d0, d1
    return Movement.LATERAL, d0, d1


def _preferred(stance: Stance) -> Any:
    return getattr(stance, "preferred", None)


def _dump(value: Position | Source | None) -> dict[str, Any] | None:
    return None if value is None else value.to_dict()


_CRITERIA = {"movement": Criterion(lambda row: row.movement, Movement), **issue_criteria()}


@attrs.frozen
class PositionChange:
    """How a party's position on one issue changed between two rounds.

    Attributes:
        issue: The issue, as the agenda defines it.
        movement: The movement (see [`Movement`][negpos.Movement]).
        before: The party's position in the earlier round, or None.
        after: The party's position in the later round, or None.
        reference: The counterpart's position in the earlier round, the fixed reference
            the movement is measured against; None where the counterpart was silent.
        distance_before: The gap magnitude between ``before`` and ``reference`` (0 when
            compatible); None where either is missing or the issue is a text issue.
        distance_after: The gap magnitude between ``after`` and ``reference``, likewise.
    """

    issue: Issue
    movement: Movement
    before: Position | None
    after: Position | None
    reference: Position | None
    distance_before: float | None
    distance_after: float | None

    @property
    def salience_before(self) -> float | None:
        """The party's salience on the issue before, or None."""
        return None if self.before is None else self.before.salience

    @property
    def salience_after(self) -> float | None:
        """The party's salience on the issue after, or None."""
        return None if self.after is None else self.after.salience

    @property
    def firmness_before(self) -> Firmness | None:
        """How firmly the party held its position before, or None."""
        return None if self.before is None else self.before.firmness

    @property
    def firmness_after(self) -> Firmness | None:
        """How firmly the party holds its position after, or None."""
        return None if self.after is None else self.after.firmness

    @property
    def links_added(self) -> tuple[str, ...]:
        """Issues the position became linked to, in the later position's order."""
        old = () if self.before is None else self.before.links
        new = () if self.after is None else self.after.links
        return tuple(link for link in new if link not in old)

    @property
    def links_removed(self) -> tuple[str, ...]:
        """Issues the position is no longer linked to, in the earlier position's order."""
        old = () if self.before is None else self.before.links
        new = () if self.after is None else self.after.links
        return tuple(link for link in old if link not in new)

    @property
    def sources_added(self) -> tuple[Source, ...]:
        """Sources the later position cites and the earlier did not (a changed field counts)."""
        old = () if self.before is None else self.before.sources
        new = () if self.after is None else self.after.sources
        return tuple(s for s in new if s not in old)

    @property
    def sources_removed(self) -> tuple[Source, ...]:
        """Sources the earlier position cited and the later does not."""
        old = () if self.before is None else self.before.sources
        new = () if self.after is None else self.after.sources
        return tuple(s for s in old if s not in new)

    @property
    def raw(self) -> tuple[RawChange, ...]:
        """Every field-level difference between ``before`` and ``after``, in document order.

        The records [`ChangeSet.raw`][negpos.ChangeSet.raw] holds for this position, paths
        included (``("positions", issue id, ...)``), computed from the two positions alone.
        """
        return position_diff(self.before, self.after)

    @property
    def attributes_changed(self) -> bool:
        """Whether salience, firmness, links or sources changed (positions on both sides)."""
        if self.before is None or self.after is None:
            return False
        return (
            self.before.salience != self.after.salience
            or self.before.firmness is not self.after.firmness
            or bool(self.links_added or self.links_removed)
            or bool(self.sources_added or self.sources_removed)
        )

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "kind": self.issue.kind.value,
            "category": self.issue.category,
            "movement": self.movement.value,
            "distance_before": self.distance_before,
            "distance_after": self.distance_after,
            "salience_before": self.salience_before,
            "salience_after": self.salience_after,
            "firmness_before": None if self.before is None else self.before.firmness.value,
            "firmness_after": None if self.after is None else self.after.firmness.value,
            "links_added": list(self.links_added),
            "links_removed": list(self.links_removed),
            "sources_added": [_dump(s) for s in self.sources_added],
            "sources_removed": [_dump(s) for s in self.sources_removed],
            "before": _dump(self.before),
            "after": _dump(self.after),
            "reference": _dump(self.reference),
        }

    @guarded
    def __repr__(self) -> str:
        """``<PositionChange issue: movement; distance before → after>``, on one line."""
        text = f"{self.issue.id}: {self.movement.value.replace('_', ' ')}"
        if self.distance_before is not None or self.distance_after is not None:
            text += (
                f"; distance {figure(self.distance_before, 2)} → {figure(self.distance_after, 2)}"
            )
        return tag("PositionChange", text)


@attrs.frozen
class ChangeSet(IssueRows[PositionChange], Renderable):
    """A party's moves between two memoranda, issue by issue, and the raw difference.

    ``rows`` holds one [`PositionChange`][negpos.PositionChange] per issue; ``issue(id)``
    finds one, and ``where`` filters them by ``movement``, ``category`` or ``kind``, such as
    ``changes.where(movement=("concession", "hardening"))``.

    Attributes:
        party: The party's id.
        counterpart: The id of the counterpart whose earlier positions are the reference,
            or None when there is no reference.
        from_round: The earlier round, where known.
        to_round: The later round, where known.
        rows: One change per agenda issue that either memorandum's main positions
            address, in agenda order. Groups of alternatives are not classified; their
            changes show in ``raw``.
        before: The earlier memorandum (the standing positions, for a negotiation's
            changes unless ``tabled_only``).
        after: The later memorandum.
        reference: The counterpart's earlier memorandum, or None.
        tabled_only: Whether only what was tabled in each round was used, rather than the
            positions standing at each round.
        withdrawals: The positions the party withdrew after the earlier round, up to and
            including the later one, round by round (for two memoranda compared on their
            own, those the later one lists under ``withdrawn``). A withdrawn position shows
            among the rows as ``dropped``; this says in which round it was withdrawn.
        agreed: The outcomes the party agreed at the table after the earlier round, up to
            and including the later one, round by round (empty for two memoranda compared
            on their own).
    """

    party: str
    counterpart: str | None
    from_round: str | None
    to_round: str | None
    rows: tuple[PositionChange, ...]
    before: Memorandum
    after: Memorandum
    reference: Memorandum | None = None
    tabled_only: bool = False
    withdrawals: tuple[Withdrawal, ...] = ()
    agreed: tuple[AgreedOutcome, ...] = ()
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    @functools.cached_property
    def _raw_diff(self) -> tuple[tuple[RawChange, ...], str]:
        records, patch = raw_diff(self.before, self.after)
        # Kept as JSON text: handing out a fresh copy is then one C-speed parse, where a deep
        # copy of a large patch would take longer than computing it.
        return records, json.dumps(patch, ensure_ascii=False)

    @property
    def raw(self) -> tuple[RawChange, ...]:
        """Every field-level difference between ``before`` and ``after``, in document order.

        Computed on first access from the canonical keyed forms, in time linear in the two
        documents (see [`RawChange`][negpos.RawChange]); empty exactly when the documents
        are equal.
        """
        return self._raw_diff[0]

    @property
    def patch(self) -> dict[str, Any]:
        """A JSON Patch, in a small envelope, that turns ``before`` into ``after``.

        Apply it with [`apply_patch`][negpos.apply_patch], which refuses any memorandum
        but ``before``. The layout (format 2: fingerprints of both documents, RFC 6902
        operations over the canonical keyed form, key orders) is described in the guide
        to tracking changes. Each access returns a fresh copy, so changing it cannot change
        the change set.
        """
        fresh: dict[str, Any] = json.loads(self._raw_diff[1])
        return fresh

    @property
    def counts(self) -> tuple[tuple[Movement, int], ...]:
        """How many rows have each movement, for every movement in ``Movement`` order."""
        found = dict.fromkeys(Movement, 0)
        for row in self.rows:
            found[row.movement] += 1
        return tuple(found.items())

    def count(self, movement: Movement | str) -> int:
        """How many rows have ``movement`` (a movement or its value, such as ``"concession"``).

        Raises:
            UsageError: ``movement`` is not a movement.
        """
        return len(self.where(movement=movement))

    def to_dict(self) -> dict[str, Any]:
        """The whole change set as JSON-ready data, raw difference and patch included."""
        return {
            **self.moves_dict(),
            "raw": [r.to_dict() for r in self.raw],
            "patch": self.patch,
        }

    def moves_dict(self) -> dict[str, Any]:
        """The change set as JSON-ready data without the raw difference and the patch.

        What a report holds: the raw difference restates every field of both documents,
        and computing it costs far more than the moves themselves.
        """
        return {
            "party": self.party,
            "counterpart": self.counterpart,
            "from_round": self.from_round,
            "to_round": self.to_round,
            "tabled_only": self.tabled_only,
            "counts": {m.value: n for m, n in self.counts},
            "rows": [c.to_dict() for c in self.rows],
            "withdrawals": [w.to_dict() for w in self.withdrawals],
            "agreed": [o.to_dict() for o in self.agreed],
        }

    @guarded
    def __repr__(self) -> str:
        """``<ChangeSet party from → to against counterpart: N issues: movements>``."""
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.movement.value] = counts.get(row.movement.value, 0) + 1
        against = f" against {self.counterpart}" if self.counterpart else ""
        return tag(
            "ChangeSet",
            f"{self.party} {self.from_round} → {self.to_round}{against}: "
            f"{plural(len(self.rows), 'issue')}: {counted(sorted(counts.items()))}",
        )


def changes_between(
    before: Memorandum,
    after: Memorandum,
    reference: Memorandum | None,
    issues: Sequence[Issue],
    *,
    counterpart: str | None = None,
    tabled_only: bool = False,
    withdrawals: tuple[Withdrawal, ...] | None = None,
    agreed: tuple[AgreedOutcome, ...] = (),
) -> ChangeSet:
    """The change set of two memoranda already known to fit the agenda (no checks).

    [`changes`][negpos.changes] checks its input and then calls this; the negotiation's own
    analyses call it directly.

    Args:
        before: The party's earlier memorandum.
        after: The party's later memorandum.
        reference: The counterpart's earlier memorandum, or None.
        issues: The agenda, in order.
        counterpart: The counterpart's id; the reference's party when None.
        tabled_only: Recorded on the result: whether the memoranda are what was tabled.
        withdrawals: The withdrawals between the two rounds; None for those ``after`` lists.
        agreed: The outcomes the party agreed between the two rounds.

    Returns:
        The change set.
    """
    old = {p.issue: p for p in before.positions}
    new = {p.issue: p for p in after.positions}
    ref = {} if reference is None else {p.issue: p for p in reference.positions}
    optional = {p.issue for g in after.alternatives for o in g.options for p in o.positions}
    rows: list[PositionChange] = []
    for issue in issues:
        b, a = old.get(issue.id), new.get(issue.id)
        if b is None and a is None:
            continue
        r = ref.get(issue.id)
        movement, d0, d1 = classify(
            issue,
            None if b is None else b.stance,
            None if a is None else a.stance,
            None if r is None else r.stance,
        )
        if movement is Movement.DROPPED and issue.id in optional:
            movement = Movement.INTO_OPTIONS
        rows.append(PositionChange(issue, movement, b, a, r, d0, d1))
    if counterpart is None and reference is not None:
        counterpart = reference.party
    return ChangeSet(
        party=after.party,
        counterpart=counterpart,
        from_round=before.round,
        to_round=after.round,
        rows=tuple(rows),
        before=before,
        after=after,
        reference=reference,
        tabled_only=tabled_only,
        withdrawals=memorandum_withdrawals(after, issues) if withdrawals is None else withdrawals,
        agreed=agreed,
    )


def changes(
    before: Memorandum,
    after: Memorandum,
    counterpart: Memorandum | None,
    agenda: Negotiation | Iterable[Issue],
) -> ChangeSet:
    """How a party moved between two of its memoranda, against the counterpart's earlier one.

    Each issue that either memorandum's main positions address gets a movement, measured
    against ``counterpart``'s position on the issue, which stays fixed so that only the
    party's own move counts (see [`Movement`][negpos.Movement] and the rules in the
    concepts page), with the distances before and after and the changes of salience,
    firmness, links and sources. The raw difference of the two documents and a patch
    between them are on the result.

    Args:
        before: The party's earlier memorandum.
        after: The party's later memorandum.
        counterpart: The counterpart's memorandum of the earlier round, the fixed
            reference; None to judge moves by widening and narrowing alone.
        agenda: The issues, in order, or a [`Negotiation`][negpos.Negotiation] whose agenda
            to use.

    Returns:
        The [`ChangeSet`][negpos.ChangeSet], items in agenda order.

    Raises:
        InputError: The two memoranda belong to different parties, the agenda repeats an
            issue id, or a memorandum does not fit the agenda; every problem is listed.
        UsageError: An argument is not of the type it should be.

    Examples:
        >>> import negpos
        >>> days = negpos.NumericIssue(
        ...     id="ceasefire.days", title="Ceasefire duration", unit="days", bounds=(1, 365)
        ... )
        >>> def memo(party, **stance):
        ...     return negpos.Memorandum(party=party, positions=(negpos.Position(
        ...         issue="ceasefire.days", stance=negpos.NumericStance(**stance)),))
        >>> result = negpos.changes(memo("ru", max=3), memo("ru", max=14), memo("ua", min=30),
        ...                         [days])
        >>> result.issue("ceasefire.days").movement
        <Movement.CONCESSION: 'concession'>
    """
    check_memorandum(before, "before")
    check_memorandum(after, "after")
    check_memorandum(counterpart, "counterpart", optional=True)
    issues = agenda_of(agenda)
    by_id: dict[str, Issue] = {}
    problems: list[Problem] = []
    for k, issue in enumerate(issues):
        if issue.id in by_id:
            problems.append(
                Problem(f"issue id {issue.id!r} is used twice", field=f"agenda[{k}].id")
            )
        by_id.setdefault(issue.id, issue)
    if before.party != after.party:
        problems.append(
            Problem(
                f"the memoranda belong to different parties: {before.party!r} and {after.party!r}",
                field="after.party",
            )
        )
    own: set[int] = set()
    if isinstance(agenda, Negotiation):
        # A negotiation checked its own memoranda against its agenda when it was built, and
        # both are frozen: only memoranda from outside it need checking.
        own = {id(m) for rnd in agenda.rounds for m in rnd.memoranda}
    for field, memo in (("before", before), ("after", after), ("counterpart", counterpart)):
        if memo is not None and id(memo) not in own:
            problems += memorandum_problems(memo, by_id, field)
    if problems:
        raise InputError(problems)
    return changes_between(before, after, counterpart, issues)


def changes_in(
    negotiation: Negotiation,
    party: str,
    *,
    from_round: str | None = None,
    to_round: str | None = None,
    counterpart: str | None = None,
    tabled_only: bool = False,
) -> ChangeSet:
    """How a party moved between two rounds of a negotiation.

    The implementation of [`Negotiation.changes`][negpos.Negotiation.changes], whose
    documentation gives the defaults and the errors.
    """
    negotiation.party(party)
    if to_round is None:
        to_round = latest_tabled(negotiation, party)
    negotiation.round(to_round)
    if from_round is None:
        from_round = previous_round(negotiation, party, to_round)
        if from_round is None:
            raise UsageError(
                f"{party!r} tabled no positions before round {to_round!r}; name the round "
                "to measure from"
            )
    negotiation.round(from_round)
    order = [r.id for r in negotiation.rounds]
    if order.index(to_round) < order.index(from_round):
        raise UsageError(
            f"round {to_round!r} comes before round {from_round!r}; "
            "changes run from an earlier round to a later one"
        )
    if counterpart is None:
        counterpart = counterpart_of(negotiation, party)
    elif counterpart == party:
        raise UsageError(f"{party!r} cannot be its own counterpart")
    else:
        negotiation.party(counterpart)
    before = held(negotiation, party, from_round, tabled_only=tabled_only)
    after = held(negotiation, party, to_round, tabled_only=tabled_only)
    reference = held(negotiation, counterpart, from_round, tabled_only=tabled_only)
    return changes_between(
        before,
        after,
        reference,
        negotiation.issues,
        counterpart=counterpart,
        tabled_only=tabled_only,
        withdrawals=withdrawals_in(negotiation, (party,), after=from_round, through=to_round),
        agreed=agreed_in(negotiation, (party,), after=from_round, through=to_round),
    )
