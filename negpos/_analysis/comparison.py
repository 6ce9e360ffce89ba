"""The results of a comparison: per-issue statuses, the summary and the alternatives.

These are plain frozen values; [`compare`][negpos.compare] (in `negpos._analysis.compare`) builds
them.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, overload

import attrs

from negpos._analysis.kinds import merged_order, zone
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._errors import NotFoundError, excerpt
from negpos._model.documents import Outcome, Position
from negpos._model.issues import Issue, Kind
from negpos._model.reprs import counted, figure, guarded, plural, quoted, tag
from negpos._model.stances import Stance

__all__ = [
    "UNRESOLVED",
    "AlternativesComparison",
    "Comparison",
    "IssueComparison",
    "OptionComparison",
    "OptionFare",
    "Status",
    "Summary",
]


class Status(enum.StrEnum):
    """How two parties' positions on one issue relate.

    - ``settled``: both parties agreed an outcome on the issue at the table (a round's
      ``agreed``); the outcome is the zone, whatever the memoranda say;
    - ``identical``: both accept exactly the same outcomes;
    - ``same_preference``: they accept different outcomes but state the same preferred
      outcome, which both therefore accept;
    - ``overlap``: compatible, neither identical nor the same stated preference: there is a
      zone of possible agreement;
    - ``conditional``: compatible, but a position holds only under a condition on another
      issue that the comparison cannot meet (that issue is in gap, unanswered, or comes out
      outside the condition); not counted as common ground;
    - ``gap``: incompatible; the comparison carries the magnitude and the red lines involved;
    - ``one_sided``: only one party addresses the issue (silence is not agreement);
    - ``other_option``: only an option that the comparison's headline does not take
      addresses the issue (see the row's ``fares``);
    - ``uncomparable``: text stances, which are never compared.

    Earlier versions had one status ``agreed`` for ``identical`` and ``same_preference``. No
    result carries it any more, but ``where(status="agreed")`` and ``Summary.count("agreed")``
    still take the word, meaning those two.
    """

    SETTLED = "settled"
    IDENTICAL = "identical"
    SAME_PREFERENCE = "same_preference"
    OVERLAP = "overlap"
    CONDITIONAL = "conditional"
    GAP = "gap"
    ONE_SIDED = "one_sided"
    OTHER_OPTION = "other_option"
    UNCOMPARABLE = "uncomparable"


# The statuses whose positions are compatible: they have a zone and magnitude 0.0.
_COMPATIBLE = frozenset({Status.IDENTICAL, Status.SAME_PREFERENCE, Status.OVERLAP})
# The statuses whose issues have a magnitude, and count in the index.
_MEASURED = frozenset({Status.SETTLED, *_COMPATIBLE, Status.GAP})
# The statuses that leave an issue open: what "closest option" minimises.
UNRESOLVED = frozenset({Status.GAP, Status.ONE_SIDED, Status.CONDITIONAL})


@attrs.frozen
class OptionFare:
    """How one option of a group of alternatives fares on one issue.

    Attributes:
        party: The id of the party that offers the option.
        group: The id of the option's group.
        option: The option's id.
        addresses: Whether the option states a position on the issue; when it does not,
            the party's main position (or its silence) stands under that option.
        status: The issue's status when that option is taken.
        magnitude: The issue's magnitude when that option is taken, as a row gives it.
        red_lines: On a gap, the ids of the parties whose position is a red line.
    """

    party: str
    group: str
    option: str
    addresses: bool
    status: Status
    magnitude: float | None = None
    red_lines: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The fare as JSON-ready data."""
        return {
            "party": self.party,
            "group": self.group,
            "option": self.option,
            "addresses": self.addresses,
            "status": self.status.value,
            "magnitude": self.magnitude,
            "red_lines": list(self.red_lines),
        }


def _dump(value: Position | Stance | None) -> dict[str, Any] | None:
    return None if value is None else value.to_dict()


def _statuses(value: Status | str) -> frozenset[Status]:
    found: frozenset[Status] = _CRITERIA["status"].wanted("status", value)
    return found


# The one status of earlier versions, split in two: still understood as a filter.
_AGREED = {"agreed": (Status.IDENTICAL, Status.SAME_PREFERENCE)}

_CRITERIA = {
    "status": Criterion(lambda row: row.status, Status, aliases=_AGREED),
    **issue_criteria(),
}


@attrs.frozen
class IssueComparison:
    """Two parties' positions on one issue, and how they relate.

    Attributes:
        issue: The issue, as the agenda defines it.
        status: How the positions relate.
        magnitude: The gap in [0, 1] for a ``gap``, 0.0 for ``settled`` and the compatible
            statuses (``identical``, ``same_preference``, ``overlap``), None where nothing
            counts as agreed or apart (``conditional``, ``one_sided``, ``other_option``,
            ``uncomparable``).
        position_a: The first party's position, with its sources, or None.
        position_b: The second party's position, with its sources, or None.
        party_a: The first party's id.
        party_b: The second party's id.
        red_lines: On a gap, the ids of the parties whose position is a red line.
        conflicting_items: On a set issue with a gap, the items one side requires and the
            other forbids, in the issue's order.
        conflicting_constraints: On a sequence issue with a gap, the constraints of either
            side that lie on a cycle of their union, in the issue's step order.
        in_alternatives: Ids of the parties whose memorandum also addresses the issue inside
            a group of alternatives (see the comparison's ``alternatives``).
        since_a: The id of the round in which the first party tabled ``position_a``: on
            standing positions, the latest round at or before the one compared in which the
            party stated it (for an option's own position, the round its group was tabled
            in); otherwise the memorandum's round. None without a position, or when the
            memorandum names no round.
        since_b: The same for ``position_b``.
        outcome: On a ``settled`` issue, the outcome agreed at the table.
        settled_in: The id of the round the outcome was agreed at, when known.
        reneged_by: On a ``settled`` issue, the ids of the parties whose position, tabled
            after the agreement, no longer accepts the outcome.
        unmet_conditions: On a ``conditional`` issue, ``(party, issue id)`` for each
            condition of either position that the comparison cannot meet.
        fares: For each option of either side's groups of alternatives, how it fares on the
            issue (the first party's groups first, in their order); empty when neither side
            offers alternatives.
    """

    issue: Issue
    status: Status
    magnitude: float | None
    position_a: Position | None
    position_b: Position | None
    party_a: str
    party_b: str
    red_lines: tuple[str, ...] = ()
    conflicting_items: tuple[str, ...] = ()
    conflicting_constraints: tuple[tuple[str, str], ...] = ()
    in_alternatives: tuple[str, ...] = ()
    since_a: str | None = None
    since_b: str | None = None
    outcome: Outcome | None = None
    settled_in: str | None = None
    reneged_by: tuple[str, ...] = ()
    unmet_conditions: tuple[tuple[str, str], ...] = ()
    fares: tuple[OptionFare, ...] = ()

    @functools.cached_property
    def zone(self) -> Stance | None:
        """The outcomes both accept, as a stance of the issue's kind; None unless compatible.

        On a ``settled`` issue, the outcome agreed at the table; on a ``conditional`` one,
        the outcomes both accept if the conditions are met. Computed on first access, so
        that comparing thousands of issues builds no stance nobody reads.
        """
        if self.status is Status.SETTLED:
            return None if self.outcome is None else self.outcome.stance
        if self.status not in _COMPATIBLE and self.status is not Status.CONDITIONAL:
            return None
        assert self.position_a is not None
        assert self.position_b is not None
        return zone(self.issue, self.position_a.stance, self.position_b.stance)

    @property
    def order(self) -> tuple[str, ...] | None:
        """On a compatible sequence issue, one order of all steps both accept; else None.

        Among the orders the zone allows, the earliest step in the issue's own order goes
        first wherever the constraints leave a choice.
        """
        found = self.zone
        if found is None or self.issue.kind is not Kind.SEQUENCE:
            return None
        return merged_order(self.issue, found)

    def swapped(self) -> IssueComparison:
        """The same comparison seen from the other side: parties and positions exchanged."""
        return attrs.evolve(
            self,
            position_a=self.position_b,
            position_b=self.position_a,
            party_a=self.party_b,
            party_b=self.party_a,
            red_lines=tuple(reversed(self.red_lines)),
            in_alternatives=tuple(reversed(self.in_alternatives)),
            since_a=self.since_b,
            since_b=self.since_a,
            reneged_by=tuple(reversed(self.reneged_by)),
            # Each side's conditions and groups come first when it is the first party.
            unmet_conditions=tuple(
                sorted(self.unmet_conditions, key=lambda pair: pair[0] != self.party_b)
            ),
            fares=tuple(
                attrs.evolve(fare, red_lines=tuple(reversed(fare.red_lines)))
                for fare in sorted(self.fares, key=lambda fare: fare.party != self.party_b)
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The comparison as JSON-ready data: ids, figures, zone and both positions."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "kind": self.issue.kind.value,
            "category": self.issue.category,
            "status": self.status.value,
            "magnitude": self.magnitude,
            "zone": _dump(self.zone),
            "order": None if self.order is None else list(self.order),
            "party_a": self.party_a,
            "party_b": self.party_b,
            "position_a": _dump(self.position_a),
            "position_b": _dump(self.position_b),
            "red_lines": list(self.red_lines),
            "conflicting_items": list(self.conflicting_items),
            "conflicting_constraints": [list(c) for c in self.conflicting_constraints],
            "in_alternatives": list(self.in_alternatives),
            "since_a": self.since_a,
            "since_b": self.since_b,
            "outcome": None if self.outcome is None else self.outcome.to_dict(),
            "settled_in": self.settled_in,
            "reneged_by": list(self.reneged_by),
            "unmet_conditions": [list(c) for c in self.unmet_conditions],
            "fares": [f.to_dict() for f in self.fares],
        }

    @guarded
    def __repr__(self) -> str:
        """``<IssueComparison issue: status magnitude; red line of …>``, on one line."""
        text = f"{self.issue.id}: {self.status.value.replace('_', '-')}"
        if self.magnitude is not None:
            text += f" {figure(self.magnitude, 2)}"
        if self.red_lines:
            text += f"; red line of {', '.join(self.red_lines)}"
        return tag("IssueComparison", text)


def _severity(c: IssueComparison) -> float:
    return -(c.magnitude or 0.0)


def pair_text(party_a: str, party_b: str, round_a: str | None, round_b: str | None) -> str:
    """Two parties and their rounds, as the reprs name a comparison: ``ru–ua at istanbul-2``.

    Examples:
        >>> pair_text("ru", "ua", "istanbul-2", "istanbul-2"), pair_text("a", "b", "r1", "r2")
        ('ru–ua at istanbul-2', 'a at r1 – b at r2')
    """
    if round_a == round_b:
        return f"{party_a}–{party_b}" + (f" at {round_a}" if round_a else "")
    return f"{party_a} at {round_a} – {party_b} at {round_b}"


def summary_text(summary: Summary) -> str:
    """A summary's headline, as the reprs show it: issues, non-zero counts, red lines, index."""
    red = summary.red_line_count
    conflicts = f"; {plural(red, 'red line')} in conflict" if red else ""
    return (
        f"{plural(summary.total, 'issue')}: {counted(summary.counts)}{conflicts}; "
        f"index {figure(summary.compatibility)}"
    )


@attrs.frozen(eq=False)
class Summary:
    """The figures of a comparison at a glance.

    Attributes:
        counts: How many issues have each status, for every status in ``Status`` order.
        compatibility: The salience-weighted compatibility index over the issues settled at
            the table or addressed by both sides on comparable terms: the mean of
            ``1 - magnitude`` weighted by the mean of the parties' saliences on the issue (of
            the one present, on a settled issue only one side addresses; 0.5 when neither
            does), where a ``conditional`` issue counts 0 (no common ground until its
            condition is met). 1 means everything settled or compatible, 0 nothing. When
            every weight is 0 each issue counts equally; None when there is no such issue.
        mean_gap: The plain mean of the magnitudes over the issues that have one (settled,
            compatible or in gap; compatible issues count 0), conditional ones left out;
            None when there is no such issue.
        gaps: Every issue with status ``gap``: first those with red lines in conflict, then
            the others; each part by magnitude, largest first, ties in agenda order.
    """

    counts: tuple[tuple[Status, int], ...]
    compatibility: float | None
    mean_gap: float | None
    # The gap rows in agenda order, sorted into ``gaps`` on first use: a scenario search
    # builds a summary for every set of moves it tries and most goals never read the gaps.
    _gap_rows: Iterable[IssueComparison] = attrs.field(repr=False)
    # How many of them have red lines, when whoever built the summary counted them.
    _red: int | None = attrs.field(default=None, repr=False)

    @functools.cached_property
    def gaps(self) -> tuple[IssueComparison, ...]:
        """Every gap, red lines in conflict first, each part largest first (see above)."""
        rows = list(self._gap_rows)
        # The rows come in agenda order and sorted() is stable: equal magnitudes keep it.
        red = sorted((c for c in rows if c.red_lines), key=_severity)
        other = sorted((c for c in rows if not c.red_lines), key=_severity)
        return (*red, *other)

    def _key(self) -> tuple[Any, ...]:
        return (self.counts, self.compatibility, self.mean_gap, self.gaps)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Summary):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def count(self, status: Status | str) -> int:
        """How many issues have ``status``.

        Args:
            status: A status, or its value such as ``"gap"``; the word ``"agreed"`` of
                earlier versions counts ``identical`` and ``same_preference`` together.

        Returns:
            The number of issues with that status.
        """
        wanted = _statuses(status)
        return sum(n for s, n in self.counts if s in wanted)

    @property
    def measured(self) -> int:
        """How many issues the index and the mean gap are taken over: those with a magnitude.

        The issues settled at the table, and those both sides address with compatible
        positions or a gap.
        """
        return sum(n for s, n in self.counts if s in _MEASURED)

    @property
    def unresolved(self) -> int:
        """How many issues are left open: ``gap``, ``one_sided`` and ``conditional``."""
        return sum(n for s, n in self.counts if s in UNRESOLVED)

    @property
    def total(self) -> int:
        """The number of issues compared, whatever their status."""
        return sum(n for _, n in self.counts)

    @property
    def red_line_conflicts(self) -> tuple[IssueComparison, ...]:
        """The gaps where at least one side's position is a red line, most severe first."""
        return tuple(g for g in self.gaps if g.red_lines)

    @property
    def red_line_count(self) -> int:
        """How many gaps have red lines in conflict: ``len(red_line_conflicts)``.

        Read without sorting the gaps, from the count the comparison keeps as it goes.
        """
        if self._red is not None:
            return self._red
        return sum(1 for g in self._gap_rows if g.red_lines)

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {
            "counts": {s.value: n for s, n in self.counts},
            "total": self.total,
            "compatibility": self.compatibility,
            "mean_gap": self.mean_gap,
            "red_line_conflicts": [g.issue.id for g in self.red_line_conflicts],
            "gaps": [
                {"issue": g.issue.id, "magnitude": g.magnitude, "red_lines": list(g.red_lines)}
                for g in self.gaps
            ],
        }

    @guarded
    def __repr__(self) -> str:
        """``<Summary 48 issues: 16 gap, …; index 0.243, mean gap 0.710>``, on one line."""
        return tag("Summary", summary_text(self))


@attrs.frozen
class OptionComparison(IssueRows[IssueComparison]):
    """How one option of a group of alternatives fares against the counterpart.

    The option is read as its memorandum's main positions with the option's positions in
    place of the main ones on the issues it states. Its ``rows`` are the issues it states;
    ``where`` takes ``status``, ``category`` and ``kind``, as a comparison does.

    Attributes:
        party: The id of the party that offers the option.
        group: The id of its alternatives group.
        option: The option's id.
        label: The option's label, if it has one.
        summary: The figures of the whole memorandum, with this option taken, against the
            counterpart's main positions (outcomes agreed at the table and conditions
            applied).
        rows: The comparisons of the issues the option states, in agenda order.
    """

    party: str
    group: str
    option: str
    label: str | None
    summary: Summary
    rows: tuple[IssueComparison, ...]
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    def to_dict(self) -> dict[str, Any]:
        """The option's results as JSON-ready data."""
        return {
            "party": self.party,
            "group": self.group,
            "option": self.option,
            "label": self.label,
            "summary": self.summary.to_dict(),
            "rows": [c.to_dict() for c in self.rows],
        }

    @guarded
    def __repr__(self) -> str:
        """``<OptionComparison party group/option: counts; index …>``, on one line."""
        label = f" {quoted(self.label, 40)}" if self.label else ""
        body = f"{self.party} {self.group}/{self.option}{label}: {summary_text(self.summary)}"
        return tag("OptionComparison", body)


@attrs.frozen
class AlternativesComparison:
    """A group of alternatives one party offers, and which option comes closest.

    Attributes:
        party: The id of the party that offers the alternatives.
        group: The group's id.
        label: The group's label, if it has one.
        options: Each option's results, in the group's order.
        closest: The id of the option that comes closest, which the comparison's headline
            takes as the memorandum "as offered": the option that leaves the fewest issues
            unresolved (gaps, demands either side leaves unanswered, conditional
            agreements; see ``Summary.unresolved``), then the highest compatibility index
            (None ranks lowest), then the fewest red lines in conflict, then the earlier
            option.
    """

    party: str
    group: str
    label: str | None
    options: tuple[OptionComparison, ...]
    closest: str

    def option(self, option_id: str) -> OptionComparison:
        """The results of the option with this id.

        Raises:
            NotFoundError: The group has no such option.
        """
        for o in self.options:
            if o.option == option_id:
                return o
        raise NotFoundError(f"group {self.group!r} has no option {excerpt(option_id)}")

    def to_dict(self) -> dict[str, Any]:
        """The group's results as JSON-ready data."""
        return {
            "party": self.party,
            "group": self.group,
            "label": self.label,
            "closest": self.closest,
            "options": [o.to_dict() for o in self.options],
        }

    @guarded
    def __repr__(self) -> str:
        """``<AlternativesComparison party group: N options; closest …>``, on one line."""
        return tag(
            "AlternativesComparison",
            f"{self.party} {self.group}: {plural(len(self.options), 'option')}; "
            f"closest {self.closest}",
        )


class PatchedRows(Sequence[IssueComparison]):
    """The rows of one comparison with some of them replaced, built without copying the rest.

    A scenario search makes a comparison for every set of moves it tries; each shares all but
    a few rows with the baseline's. These rows read through to the baseline's, so making one
    costs as much as the moves, not the agenda.

    Args:
        base: The baseline's rows, in agenda order.
        position: The index of each row in ``base``, by issue id.
        replaced: New rows, by index in ``base``.
    """

    __slots__ = ("_base", "_position", "_replaced")

    def __init__(
        self,
        base: tuple[IssueComparison, ...],
        position: Mapping[str, int],
        replaced: Mapping[int, IssueComparison],
    ) -> None:
        self._base, self._position, self._replaced = base, position, replaced

    def __len__(self) -> int:
        return len(self._base)

    @overload
    def __getitem__(self, index: int) -> IssueComparison: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[IssueComparison, ...]: ...

    def __getitem__(self, index: int | slice) -> IssueComparison | tuple[IssueComparison, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        k = range(len(self._base))[index]
        return self._replaced.get(k) or self._base[k]

    def __iter__(self) -> Iterator[IssueComparison]:
        rows = list(self._base)
        for k, row in self._replaced.items():
            rows[k] = row
        return iter(rows)

    @property
    def by_issue(self) -> Mapping[str, IssueComparison]:
        """A lookup of the rows by issue id that costs nothing to make."""
        return _RowLookup(self)


class _RowLookup(Mapping[str, IssueComparison]):
    __slots__ = ("_rows",)

    def __init__(self, rows: PatchedRows) -> None:
        self._rows = rows

    def __getitem__(self, issue_id: str) -> IssueComparison:
        rows = self._rows
        k = rows._position[issue_id]
        return rows._replaced.get(k) or rows._base[k]

    def __iter__(self) -> Iterator[str]:
        return (row.issue.id for row in self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@attrs.frozen
class Comparison(IssueRows[IssueComparison], Renderable):
    """Two memoranda compared issue by issue.

    ``rows`` holds one [`IssueComparison`][negpos.IssueComparison] per issue; ``issue(id)``
    finds one, and ``where`` filters them by ``status``, ``category`` or ``kind``, such as
    ``comparison.where(status="gap", category="territory")``.

    Attributes:
        party_a: The first party's id.
        party_b: The second party's id.
        round_a: The round of the first memorandum, if it names one.
        round_b: The round of the second memorandum, if it names one.
        rows: One comparison per agenda issue that either side addresses anywhere (main
            positions or any option) or that is settled between them, in agenda order.
            The headline reads each memorandum "as offered": its main positions with, for
            each of its groups of alternatives, the ``closest`` option taken.
        summary: Counts, indices and the gaps of the headline, in order of severity.
        alternatives: For each group of alternatives of either memorandum (the first
            party's groups first), how each option fares.
    """

    party_a: str
    party_b: str
    round_a: str | None
    round_b: str | None
    # Held as given: a tuple, or the patched rows of a scenario, turned into a tuple on the
    # first read of ``rows`` (a search that reads only the summary never pays for that).
    _rows: Sequence[IssueComparison] = attrs.field(eq=tuple, repr=False)
    summary: Summary
    alternatives: tuple[AlternativesComparison, ...] = ()
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA

    @property
    def rows(self) -> tuple[IssueComparison, ...]:  # type: ignore[override]
        """One comparison per agenda issue that either side addresses, in agenda order."""
        rows = self._rows
        if type(rows) is not tuple:
            rows = tuple(rows)
            object.__setattr__(self, "_rows", rows)
        return rows

    @functools.cached_property
    def _by_issue(self) -> Mapping[str, IssueComparison]:  # type: ignore[override]
        rows = self._rows
        if isinstance(rows, PatchedRows):
            return rows.by_issue
        return {row.issue.id: row for row in rows}

    @property
    def red_lines_anywhere(self) -> tuple[str, ...]:
        """Ids of the issues with a red line in conflict in the headline or in any option.

        Adding an option never removes an issue that some option's fares put here; a red
        line crossed only by the headline's pair of both sides' closest options leaves when a
        closer option is added (see the concepts page, "Alternatives").
        """
        found = []
        for row in self.rows:
            if row.red_lines or any(f.red_lines for f in row.fares):
                found.append(row.issue.id)
        return tuple(found)

    def to_dict(self) -> dict[str, Any]:
        """The whole comparison as JSON-ready data, in a deterministic order."""
        return {
            "party_a": self.party_a,
            "party_b": self.party_b,
            "round_a": self.round_a,
            "round_b": self.round_b,
            "summary": self.summary.to_dict(),
            "rows": [c.to_dict() for c in self.rows],
            "alternatives": [g.to_dict() for g in self.alternatives],
        }

    @guarded
    def __repr__(self) -> str:
        """``<Comparison a–b at round: N issues; counts; index …>``, on one line.

        Examples:
            >>> import negpos
            >>> negpos.bundled().compare("ru", "ua", round_id="istanbul-2")  # doctest: +ELLIPSIS
            <Comparison ru–ua at istanbul-2: 48 issues: 3 settled, ...; index 0.243>
        """
        return tag(
            "Comparison",
            f"{pair_text(self.party_a, self.party_b, self.round_a, self.round_b)}: "
            f"{summary_text(self.summary)}",
        )
