"""Inter-coder agreement: how far apart two or more encodings of one negotiation are.

Two researchers who read the same memoranda and encode them separately rarely write the same
positions. [`agreement`][negpos.agreement] puts their encodings side by side and measures
how far they agree with Krippendorff's alpha, computed by the ``krippendorff`` package (an
optional dependency: ``pip install 'negpos[agreement]'``). Alpha is 1 for perfect
agreement, 0 for agreement no better than chance, and negative for systematic disagreement.

**Units.** A unit is one slot a coder can fill: a (round id, party id, issue id) triple for a
main position of a memorandum tabled in that round, and (round id, party id, issue id, group
id, option id) for a position inside an option of a group of alternatives. Only what each
round's memoranda state is read, never the standing positions carried over from earlier
rounds, so that a coder is judged on what they coded and not on what negpos inferred. Every
slot that at least one encoding fills is a unit; a coder who leaves it empty gives a missing
value there (silence is never a value). Units are ordered by the agenda, then by round, then
by party, then main positions before options (groups and options in order of first
appearance). Rounds and parties are ordered as the first encoding lists them, followed by
those only later encodings have.

**Issues.** An issue is compared when every encoding has it on its agenda with the same kind;
the first encoding's definition of it is the reference (bounds, levels, scale), and every
coder's stance must fit that definition. An issue id with different kinds in two encodings,
or a stance that does not fit the reference, is refused with
[`UsageError`][negpos.UsageError]. An issue that only some encodings have is listed in
``unshared`` with the coders who have it, and left out of every figure.

**Values, by issue kind.** Two stances are the same value exactly when they accept the same
outcomes; a preferred outcome does not count.

- boolean, categorical, set and sequence: **nominal**. The value is the stance's canonical
  form: the accepted answers or options as a sorted set; the required and the forbidden items
  as sorted sets; the transitive closure of the precedence constraints (two sets of
  constraints that allow the same orders are the same value). Canonical forms are written as
  JSON with sorted keys and numbered in order of first appearance.
- ordinal: **ordinal**, on the midpoint of the stance's range of ranks
  (``(rank(lowest) + rank(highest)) / 2``, the lowest level ranking 0).
- numeric: **interval**, on the midpoint of the accepted interval (open ends run to the
  issue's bounds) measured on the issue's scale: the mean of the two ends' positions between
  the bounds (``NumericIssue.position``), which on a log scale is the geometric midpoint.
  Alpha is unchanged by a linear change of unit, so positions give the same alpha as the raw
  values on a linear scale.
- text: not coded. The issue is listed with ``level`` None and no alpha; its units still
  count for firmness and salience.

**Figures per issue.** ``alpha`` is None, with a ``reason``, where it is undefined: when no
unit is coded by two coders, or when every value of those units is the same (no variation:
the expected disagreement is 0). ``exact`` is the share of the pairable units (those coded by
at least two coders) on which every coder who coded them gave the same value, so that
identical encodings show as in full agreement even where alpha is undefined.

**Overall figures.**

- ``firmness``: ordinal alpha over every unit of the compared issues, on the order
  open < flexible < firm < red line;
- ``salience``: interval alpha over the same units;
- ``stance``: the mean of the issues' alphas weighted by their pairable units, over the issues
  whose alpha is defined (None when none is);
- ``exact``: nominal alpha over every unit of the compared typed issues, the value being the
  issue id with the canonical stance, so that only the very same stance on the same issue
  counts as agreement.

**Disagreements.** Every unit on which the coders differ in what they coded (one coded it,
another did not), in the stance (text issues aside), in firmness or in salience, in unit
order.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final

import attrs

from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._errors import NegposError, UsageError, check_argument, excerpt
from negpos._model.documents import Firmness, Memorandum, Position
from negpos._model.issues import Issue, Kind, NumericIssue, OrdinalIssue
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr, figure, guarded, plural, quoted, tag
from negpos._model.stances import (
    BooleanStance,
    CategoricalStance,
    NumericStance,
    OrdinalStance,
    SequenceStance,
    SetStance,
    Stance,
)

__all__ = [
    "FIRMNESS_RANK",
    "INSTALL",
    "LEVELS",
    "Agreement",
    "AgreementSummary",
    "AgreementUnit",
    "IssueAgreement",
    "Reliability",
    "UnsharedIssue",
    "agreement",
    "canonical_stance",
    "stance_value",
]

#: How to install what alpha needs.
INSTALL: Final = "pip install 'negpos[agreement]'"

#: The level of measurement of each kind of issue; text issues are not coded.
LEVELS: Final[Mapping[Kind, str | None]] = {
    Kind.BOOLEAN: "nominal",
    Kind.CATEGORICAL: "nominal",
    Kind.SET: "nominal",
    Kind.SEQUENCE: "nominal",
    Kind.ORDINAL: "ordinal",
    Kind.NUMERIC: "interval",
    Kind.TEXT: None,
}

#: The rank of each firmness on the ordinal scale firmness is measured on.
FIRMNESS_RANK: Final[Mapping[Firmness, int]] = {
    Firmness.OPEN: 0,
    Firmness.FLEXIBLE: 1,
    Firmness.FIRM: 2,
    Firmness.RED_LINE: 3,
}

#: Why alpha can be undefined.
NO_PAIRS: Final = "no unit is coded by two coders"
NO_VARIATION: Final = "no variation: every value coded is the same"
NOT_CODED: Final = "text issue: stances are not coded"

# A unit's key: round, party, group (None for a main position), option (None likewise).
_Slot = tuple[str, str, str | None, str | None]


@attrs.frozen
class Reliability:
    """Krippendorff's alpha of one variable, with the counts it rests on.

    Attributes:
        level: The level of measurement: ``nominal``, ``ordinal`` or ``interval``.
        alpha: Krippendorff's alpha; None where it is undefined (see ``reason``).
        reason: Why ``alpha`` is None: no unit coded by two coders, or no variation at all;
            None when alpha is defined.
        units: The units: slots at least one coder filled.
        pairable: The units coded by at least two coders, the only ones alpha reads.
        exact: The share of the pairable units on which every coder who coded them gave the
            same value; None when no unit is pairable.
    """

    level: str
    alpha: float | None
    reason: str | None
    units: int
    pairable: int
    exact: float | None

    def to_dict(self) -> dict[str, Any]:
        """The figure as JSON-ready data."""
        return {
            "level": self.level,
            "alpha": self.alpha,
            "reason": self.reason,
            "units": self.units,
            "pairable": self.pairable,
            "exact": self.exact,
        }


@attrs.frozen
class IssueAgreement:
    """How far the coders agree on the stances of one issue.

    Attributes:
        issue: The issue, as the first encoding defines it.
        level: The level of measurement of its stances (see the module's documentation);
            None for a text issue, whose stances are not coded.
        alpha: Krippendorff's alpha of the stances; None where it is undefined (see
            ``reason``).
        reason: Why ``alpha`` is None; None when it is defined.
        units: The issue's units: slots at least one coder filled.
        pairable: The units coded by at least two coders.
        complete: The units coded by every coder.
        exact: The share of the pairable units on which the coders' stances accept exactly
            the same outcomes; None for a text issue or when no unit is pairable.
        coded: How many of the issue's units each coder filled, in the order of the coders.
    """

    issue: Issue
    level: str | None
    alpha: float | None
    reason: str | None
    units: int
    pairable: int
    complete: int
    exact: float | None
    coded: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "kind": self.issue.kind.value,
            "category": self.issue.category,
            "level": self.level,
            "alpha": self.alpha,
            "reason": self.reason,
            "units": self.units,
            "pairable": self.pairable,
            "complete": self.complete,
            "exact": self.exact,
            "coded": list(self.coded),
        }

    __repr__ = compact_repr


@attrs.frozen
class AgreementUnit:
    """One unit: a slot of one round, party and issue (and option), as each coder filled it.

    Attributes:
        issue: The issue, as the first encoding defines it.
        round: The round's id.
        party: The party's id.
        group: The id of the group of alternatives, for a position inside an option; None
            for a main position.
        option: The option's id, likewise.
        positions: Each coder's position, in the order of the coders; None where the coder
            left the slot empty.
        values: The value each coder's stance is measured by (a nominal code, an ordinal
            midpoint rank or an interval midpoint; see the module's documentation), None
            where the slot is empty or the issue is a text issue.
        differs: What the coders differ on, in this order: ``coded`` (some filled the slot,
            some did not), ``stance`` (two stances accept different outcomes; never on a text
            issue), ``firmness``, ``salience``. Empty when they agree.
    """

    issue: Issue
    round: str
    party: str
    group: str | None
    option: str | None
    positions: tuple[Position | None, ...]
    values: tuple[float | None, ...]
    differs: tuple[str, ...]

    @property
    def where(self) -> str:
        """The unit in words: ``round / party``, with ``/ group:option`` for an option."""
        text = f"{self.round} / {self.party}"
        if self.group is not None:
            text += f" / {self.group}:{self.option}"
        return text

    def to_dict(self, coders: Sequence[str]) -> dict[str, Any]:
        """The unit as JSON-ready data, each coder's position under the coder's name."""
        return {
            "issue": self.issue.id,
            "round": self.round,
            "party": self.party,
            "group": self.group,
            "option": self.option,
            "differs": list(self.differs),
            "positions": [
                {"coder": c, "position": None if p is None else p.to_dict(), "value": v}
                for c, p, v in zip(coders, self.positions, self.values, strict=True)
            ],
        }

    __repr__ = compact_repr


@attrs.frozen
class UnsharedIssue:
    """An issue only some encodings have on their agenda, left out of every figure.

    Attributes:
        issue: The issue, as the first encoding that has it defines it.
        coders: The coders whose agenda has it, in the order of the coders.
    """

    issue: Issue
    coders: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The issue as JSON-ready data."""
        return {"issue": self.issue.id, "title": self.issue.title, "coders": list(self.coders)}

    __repr__ = compact_repr


@attrs.frozen
class AgreementSummary:
    """The overall figures of an agreement.

    Attributes:
        stance: The mean of the issues' alphas weighted by their pairable units, over the
            issues whose alpha is defined; None when none is.
        stance_issues: How many issues the ``stance`` figure averages.
        exact: Nominal alpha over every unit of the compared typed issues, each value being
            the issue with the canonical stance: only the same stance on the same issue
            agrees.
        firmness: Ordinal alpha of firmness (open < flexible < firm < red line) over every
            unit of the compared issues, text issues included.
        salience: Interval alpha of salience over the same units.
        units: The units of the compared issues.
        disagreements: How many units the coders differ on.
    """

    stance: float | None
    stance_issues: int
    exact: Reliability
    firmness: Reliability
    salience: Reliability
    units: int
    disagreements: int

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {
            "stance": self.stance,
            "stance_issues": self.stance_issues,
            "exact": self.exact.to_dict(),
            "firmness": self.firmness.to_dict(),
            "salience": self.salience.to_dict(),
            "units": self.units,
            "disagreements": self.disagreements,
        }

    __repr__ = compact_repr


_CRITERIA = {"level": Criterion(lambda row: row.level), **issue_criteria()}


@attrs.frozen
class Agreement(IssueRows[IssueAgreement], Renderable):
    """How far two or more encodings of one negotiation agree, issue by issue.

    ``rows`` holds one [`IssueAgreement`][negpos.IssueAgreement] per issue every encoding
    has, in agenda order; ``issue(id)`` finds one and ``where`` filters them by ``level``
    (``"nominal"``, ``"ordinal"``, ``"interval"`` or None), ``category`` or ``kind``.

    Attributes:
        title: The first encoding's title.
        coders: The coders' names, in the order of the encodings.
        rows: One row per compared issue, in agenda order.
        summary: The overall figures.
        units: Every unit of the compared issues, in unit order.
        unshared: The issues only some encodings have, left out of every figure.
    """

    title: str
    coders: tuple[str, ...]
    rows: tuple[IssueAgreement, ...]
    summary: AgreementSummary
    units: tuple[AgreementUnit, ...]
    unshared: tuple[UnsharedIssue, ...] = ()
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    @property
    def disagreements(self) -> tuple[AgreementUnit, ...]:
        """The units the coders differ on, in unit order (agenda, round, party, option)."""
        return tuple(u for u in self.units if u.differs)

    def to_dict(self) -> dict[str, Any]:
        """The agreement as JSON-ready data (the disagreeing units only)."""
        return {
            "title": self.title,
            "coders": list(self.coders),
            "summary": self.summary.to_dict(),
            "rows": [row.to_dict() for row in self.rows],
            "unshared": [u.to_dict() for u in self.unshared],
            "disagreements": [u.to_dict(self.coders) for u in self.disagreements],
        }

    @guarded
    def __repr__(self) -> str:
        """``<Agreement 'title': N coders, N units; stance alpha …>``, on one line."""
        s = self.summary
        return tag(
            "Agreement",
            f"{quoted(self.title, 60)}: {plural(len(self.coders), 'coder')} "
            f"({', '.join(self.coders)}), {plural(s.units, 'unit')}, "
            f"{s.disagreements} differing; stance alpha {figure(s.stance)}",
        )


# --- values -----------------------------------------------------------------------------------


def _closure(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The transitive closure of acyclic precedence constraints, sorted."""
    after: dict[str, set[str]] = {}
    for first, then in pairs:
        after.setdefault(first, set()).add(then)
    reach: dict[str, set[str]] = {}

    def reached(step: str) -> set[str]:
        known = reach.get(step)
        if known is None:
            known = set()
            reach[step] = known  # the constraints are acyclic: no step is met again here
            for then in after.get(step, ()):
                known.add(then)
                known |= reached(then)
        return known

    return sorted((first, then) for first in after for then in reached(first))


def canonical_stance(issue: Issue, stance: Stance) -> str:
    """A stance's canonical form: equal exactly when two stances accept the same outcomes.

    The preferred outcome is left out; accepted answers, options and items are sorted; an
    open numeric end is the issue's bound; sequence constraints are replaced by their
    transitive closure. The form is compact JSON with sorted keys.

    Args:
        issue: The issue the stance is on (for numeric bounds).
        stance: A stance that fits the issue.

    Returns:
        The canonical form, as text.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> days = NumericIssue(id="days", title="Days", unit="days", bounds=(1, 365))
        >>> canonical_stance(days, NumericStance(max=90)) == canonical_stance(
        ...     days, NumericStance(min=1, max=90, preferred=30)
        ... )
        True
    """
    data: dict[str, Any]
    if isinstance(stance, BooleanStance | CategoricalStance):
        data = {"accepts": sorted(stance.accepts)}
    elif isinstance(stance, OrdinalStance):
        data = {"lowest": stance.lowest, "highest": stance.highest}
    elif isinstance(stance, NumericStance):
        assert isinstance(issue, NumericIssue)
        low, high = stance.interval(issue)
        data = {"min": float(low) + 0.0, "max": float(high) + 0.0}
    elif isinstance(stance, SetStance):
        data = {"requires": sorted(stance.requires), "forbids": sorted(stance.forbids)}
    elif isinstance(stance, SequenceStance):
        data = {"precedes": [list(pair) for pair in _closure(stance.precedes)]}
    else:
        data = stance.model_dump(mode="json")
    data["kind"] = stance.kind.value
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def stance_value(issue: Issue, stance: Stance) -> float | None:
    """The number an ordinal or numeric stance is measured by; None for the other kinds.

    Ordinal: the midpoint of the range's ranks. Numeric: the midpoint of the accepted
    interval's positions on the issue's scale (0 at the lower bound, 1 at the upper).

    Examples:
        >>> from negpos import OrdinalIssue, OrdinalStance
        >>> role = OrdinalIssue(id="role", title="Role", levels=("none", "observer", "guarantor"))
        >>> stance_value(role, OrdinalStance(lowest="observer", highest="guarantor"))
        1.5
    """
    if isinstance(stance, OrdinalStance):
        assert isinstance(issue, OrdinalIssue)
        return (issue.rank(stance.lowest) + issue.rank(stance.highest)) / 2
    if isinstance(stance, NumericStance):
        assert isinstance(issue, NumericIssue)
        low, high = stance.interval(issue)
        return (issue.position(low) + issue.position(high)) / 2
    return None


# --- alpha ------------------------------------------------------------------------------------


def _krippendorff() -> Any:
    try:
        import krippendorff
    except ImportError as exc:
        raise NegposError(
            f"inter-coder agreement needs the krippendorff package, which is not installed; "
            f"install it with {INSTALL}"
        ) from exc
    return krippendorff


def _reliability(
    kr: Any, level: str, table: Sequence[Sequence[Any | None]], *, exact_of: Sequence[bool]
) -> tuple[float | None, str | None, int, float | None]:
    """Alpha, its reason when undefined, the pairable units and their share in agreement.

    ``table`` holds one row per unit with one value per coder (None when missing); values
    are numbers, or any hashable value for nominal data (numbered here). ``exact_of`` says,
    per unit, whether its coders agree exactly.
    """
    pairable = [k for k, row in enumerate(table) if sum(v is not None for v in row) >= 2]
    exact = sum(exact_of[k] for k in pairable) / len(pairable) if pairable else None
    if not pairable:
        return None, NO_PAIRS, 0, exact
    codes: dict[Any, float] = {}
    columns: list[list[float]] = []
    for k in pairable:
        column = []
        for v in table[k]:
            if v is None:
                column.append(math.nan)
            elif level == "nominal":
                column.append(codes.setdefault(v, float(len(codes))))
            else:
                column.append(float(v))
        columns.append(column)
    distinct = {v for column in columns for v in column if not math.isnan(v)}
    if len(distinct) < 2:
        return None, NO_VARIATION, len(pairable), exact
    data = [list(row) for row in zip(*columns, strict=True)]  # coders by units
    value = float(kr.alpha(reliability_data=data, level_of_measurement=level))
    return value, None, len(pairable), exact


def _agree(values: Iterable[Any | None]) -> bool:
    given = [v for v in values if v is not None]
    return all(v == given[0] for v in given)


# --- gathering --------------------------------------------------------------------------------


def _coder_names(count: int, coders: Iterable[str] | None) -> tuple[str, ...]:
    if coders is None:
        return tuple(f"coder {k}" for k in range(1, count + 1))
    if isinstance(coders, str):
        raise UsageError(f"coders must be a list of names, not the text {excerpt(coders)}")
    names = tuple(coders)
    for name in names:
        check_argument(name, str, "a coder's name (text)")
    if len(names) != count:
        raise UsageError(f"{len(names)} coder names for {count} encodings; name each encoding")
    if len(set(names)) != len(names):
        twice = next(n for k, n in enumerate(names) if n in names[:k])
        raise UsageError(f"the coder name {excerpt(twice)} is given twice")
    return names


def _merged(lists: Iterable[Iterable[str]]) -> list[str]:
    return list(dict.fromkeys(x for ids in lists for x in ids))


def _slots(memo: Memorandum, issue_id: str) -> Iterable[tuple[str | None, str | None, Position]]:
    main = memo.position(issue_id)
    if main is not None:
        yield None, None, main
    for group in memo.alternatives:
        for option in group.options:
            for p in option.positions:
                if p.issue == issue_id:
                    yield group.id, option.id, p


def _shared_issues(
    encodings: Sequence[Negotiation], coders: Sequence[str]
) -> tuple[list[Issue], list[UnsharedIssue]]:
    """The issues every encoding has (the first's definition), and those only some have."""
    first_seen: dict[str, tuple[Issue, int]] = {}
    owners: dict[str, list[str]] = {}
    for k, neg in enumerate(encodings):
        for issue in neg.issues:
            seen = first_seen.setdefault(issue.id, (issue, k))
            if seen[0].kind is not issue.kind:
                raise UsageError(
                    f"the issue {issue.id!r} is {seen[0].kind.value} in {coders[seen[1]]!r} but "
                    f"{issue.kind.value} in {coders[k]!r}; agreement needs one kind per issue: "
                    "recode one of them, or rename the issue"
                )
            owners.setdefault(issue.id, []).append(coders[k])
    shared = [first_seen[i][0] for i in first_seen if len(owners[i]) == len(encodings)]
    unshared = [
        UnsharedIssue(first_seen[i][0], tuple(owners[i]))
        for i in first_seen
        if len(owners[i]) < len(encodings)
    ]
    return shared, unshared


def _differs(
    issue: Issue, positions: Sequence[Position | None], keys: Sequence[str | None]
) -> tuple[str, ...]:
    held = [p for p in positions if p is not None]
    found = []
    if len(held) < len(positions):
        found.append("coded")
    if issue.kind is not Kind.TEXT and not _agree(keys):
        found.append("stance")
    if not _agree(p.firmness for p in held):
        found.append("firmness")
    if not _agree(p.salience for p in held):
        found.append("salience")
    return tuple(found)


def agreement(encodings: Sequence[Negotiation], coders: Iterable[str] | None = None) -> Agreement:
    """Krippendorff's alpha between two or more encodings of the same negotiation.

    Each slot a coder can fill (a round's memorandum of a party, on an issue, as a main
    position or inside an option) is a unit; a slot a coder leaves empty is a missing value.
    Stances are measured per issue at the level their kind allows (nominal on the canonical
    stance, ordinal on the midpoint rank, interval on the midpoint of the accepted interval);
    firmness and salience are measured over every unit. The module documentation of
    ``negpos._analysis.agreement`` and the "Inter-coder agreement" section of the concepts
    page give the exact definitions.

    Args:
        encodings: Two or more negotiations that encode the same talks, one per coder.
        coders: The coders' names, in the order of ``encodings`` (default ``"coder 1"``,
            ``"coder 2"``, ...).

    Returns:
        The agreement: per issue, overall, and every unit the coders differ on.

    Raises:
        UsageError: Fewer than two encodings, something that is not a negotiation, names
            that do not match the encodings, an issue with different kinds in two encodings,
            or a stance that does not fit the first encoding's definition of its issue.
        NegposError: The ``krippendorff`` package is not installed
            (``pip install 'negpos[agreement]'``).

    Examples:
        >>> import negpos
        >>> talks = negpos.bundled()
        >>> same = negpos.agreement([talks, talks], coders=["ann", "ben"])
        >>> same.issue("security.nato").exact, same.summary.disagreements
        (1.0, 0)
    """
    if isinstance(encodings, Negotiation):
        raise UsageError("agreement needs a list of two or more encodings, not one negotiation")
    encodings = tuple(encodings)
    for neg in encodings:
        check_argument(neg, Negotiation, "an encoding (a Negotiation)")
    if len(encodings) < 2:
        raise UsageError(f"agreement needs two or more encodings; {len(encodings)} given")
    names = _coder_names(len(encodings), coders)
    kr = _krippendorff()
    shared, unshared = _shared_issues(encodings, names)
    round_order = _merged([r.id for r in neg.rounds] for neg in encodings)
    party_order = {
        p: k for k, p in enumerate(_merged([p.id for p in n.parties] for n in encodings))
    }
    # memo[coder][round] -> {party: memorandum}
    memos = [{r.id: {m.party: m for m in r.memoranda} for r in neg.rounds} for neg in encodings]
    units: list[AgreementUnit] = []
    rows: list[IssueAgreement] = []
    stance_keys: list[list[Any | None]] = []
    for issue in shared:
        level = LEVELS[issue.kind]
        issue_units = _issue_units(issue, names, memos, round_order, party_order)
        values: list[list[float | None]] = []
        keys: list[list[str | None]] = []
        for slot, positions in issue_units:
            row_keys = [None if p is None else canonical_stance(issue, p.stance) for p in positions]
            if level is None:
                row_values: list[float | None] = [None] * len(positions)
            elif level == "nominal":
                row_values = []
            else:
                row_values = [
                    None if p is None else stance_value(issue, p.stance) for p in positions
                ]
            keys.append(row_keys)
            values.append(row_values)
            units.append(
                AgreementUnit(
                    issue,
                    *slot,
                    positions=positions,
                    values=tuple(row_values),  # nominal codes are filled in below
                    differs=_differs(issue, positions, row_keys),
                )
            )
        if level == "nominal":
            codes: dict[str, float] = {}
            start = len(units) - len(issue_units)
            for k, row_keys in enumerate(keys):
                coded = tuple(
                    None if key is None else codes.setdefault(key, float(len(codes)))
                    for key in row_keys
                )
                values[k] = list(coded)
                units[start + k] = attrs.evolve(units[start + k], values=coded)
        rows.append(_issue_row(kr, issue, level, values, keys, names))
        if level is not None:
            stance_keys += [
                [None if key is None else (issue.id, key) for key in row] for row in keys
            ]
    summary = _summary(kr, rows, units, stance_keys)
    title = encodings[0].title
    return Agreement(title, names, tuple(rows), summary, tuple(units), tuple(unshared))


def _issue_units(
    issue: Issue,
    coders: Sequence[str],
    memos: Sequence[Mapping[str, Mapping[str, Memorandum]]],
    round_order: Sequence[str],
    party_order: Mapping[str, int],
) -> list[tuple[_Slot, tuple[Position | None, ...]]]:
    """The units of one issue in unit order, each with every coder's position."""
    found: dict[_Slot, list[Position | None]] = {}
    for k, by_round in enumerate(memos):
        for round_id in round_order:
            for party, memo in by_round.get(round_id, {}).items():
                for group, option, position in _slots(memo, issue.id):
                    if position.stance.problems(issue):
                        raise UsageError(
                            f"{coders[k]!r}: the position of {party!r} on {issue.id!r} at round "
                            f"{round_id!r} does not fit the issue as {coders[0]!r} defines it "
                            "(its levels, options, items or bounds differ); agreement needs "
                            "one definition per issue"
                        )
                    slot = (round_id, party, group, option)
                    found.setdefault(slot, [None] * len(memos))[k] = position
    rank = {r: k for k, r in enumerate(round_order)}
    # Groups and options in order of first appearance: the order found was built in.
    first = {slot: k for k, slot in enumerate(found)}
    groups: dict[tuple[str, str, str | None], int] = {}
    for slot in found:
        groups.setdefault(slot[:3], len(groups))

    def order(slot: _Slot) -> tuple[int, int, int, int, int]:
        round_id, party, group, _ = slot
        main = 0 if group is None else 1
        return (rank[round_id], party_order[party], main, groups[slot[:3]], first[slot])

    return [(slot, tuple(found[slot])) for slot in sorted(found, key=order)]


def _issue_row(
    kr: Any,
    issue: Issue,
    level: str | None,
    values: Sequence[Sequence[float | None]],
    keys: Sequence[Sequence[str | None]],
    coders: Sequence[str],
) -> IssueAgreement:
    n = len(coders)
    coded = tuple(sum(row[k] is not None for row in keys) for k in range(n))
    complete = sum(all(key is not None for key in row) for row in keys)
    pairable = sum(sum(key is not None for key in row) >= 2 for row in keys)
    if level is None:
        return IssueAgreement(
            issue, None, None, NOT_CODED, len(keys), pairable, complete, None, coded
        )
    alpha, reason, _, exact = _reliability(
        kr, level, values, exact_of=[_agree(row) for row in keys]
    )
    return IssueAgreement(issue, level, alpha, reason, len(keys), pairable, complete, exact, coded)


def _summary(
    kr: Any,
    rows: Sequence[IssueAgreement],
    units: Sequence[AgreementUnit],
    stance_keys: Sequence[Sequence[Any | None]],
) -> AgreementSummary:
    weighted = [(row.alpha, row.pairable) for row in rows if row.alpha is not None]
    total = sum(w for _, w in weighted)
    stance = sum(a * w for a, w in weighted) / total if total else None

    def figure(level: str, table: Sequence[Sequence[Any | None]]) -> Reliability:
        alpha, reason, pairable, exact = _reliability(
            kr, level, table, exact_of=[_agree(row) for row in table]
        )
        return Reliability(level, alpha, reason, len(table), pairable, exact)

    firmness = [
        [None if p is None else FIRMNESS_RANK[p.firmness] for p in u.positions] for u in units
    ]
    salience = [[None if p is None else p.salience for p in u.positions] for u in units]
    return AgreementSummary(
        stance=stance,
        stance_issues=len(weighted),
        exact=figure("nominal", stance_keys),
        firmness=figure("ordinal", firmness),
        salience=figure("interval", salience),
        units=len(units),
        disagreements=sum(1 for u in units if u.differs),
    )
