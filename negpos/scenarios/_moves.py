"""Moves: what a party can do to its position on one issue, and what that costs.

A [`Move`][negpos.scenarios.Move] names a party and an issue and changes that party's position
on the issue: it accepts an outcome it rejected, widens or narrows a range, drops or adds a
required or forbidden item, drops a precedence constraint, relaxes a red line, or adopts
another stance outright. Applying a move never edits a position in place: it builds a new,
validated [`Position`][negpos.Position], and refuses with
[`MoveError`][negpos.scenarios.MoveError] a move that does not fit the position (dropping a
requirement the party does not make, widening a range to something narrower...).

Every move has a cost, by default the position's salience (at least ``MIN_COST``, so that no
move is free), three times as much when the position is a red line; relaxing a red line costs
the salience itself. [`candidates`][negpos.scenarios.candidates] lists the moves by either
party that would narrow or close a gap.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar, Final, Protocol

import attrs

from negpos._analysis.kinds import contains
from negpos._errors import InputError, NotFoundError, UsageError, excerpt
from negpos._model.documents import Firmness, Position
from negpos._model.issues import (
    BooleanIssue,
    CategoricalIssue,
    Issue,
    NumericIssue,
    OrdinalIssue,
    SequenceIssue,
    SetIssue,
)
from negpos._model.negotiation import Negotiation
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
    "MIN_COST",
    "RED_LINE_FACTOR",
    "AcceptOutcome",
    "AddProhibition",
    "AddRequirement",
    "AdoptStance",
    "CostFunction",
    "DropConstraint",
    "DropProhibition",
    "DropRequirement",
    "Move",
    "MoveError",
    "Naming",
    "NarrowRange",
    "RelaxRedLine",
    "WidenRange",
]

#: The cost of a move on a red-line position is its salience times this factor.
RED_LINE_FACTOR: Final = 3.0

#: The smallest salience a default cost counts, so that no move is free.
MIN_COST: Final = 0.05

CostFunction = Callable[["Move", Position], float]
"""Prices a move, given the mover's position before any move; must return a positive number."""


class MoveError(UsageError):
    """A move cannot be made on the position it is applied to, or is priced at no cost."""


class Naming(Protocol):
    """Where descriptions find names: party names, issue titles, element labels."""

    def party_name(self, party: str) -> str:
        """The display name of a party (its id where unknown)."""
        ...

    def find_issue(self, issue_id: str) -> Issue | None:
        """The agenda issue with this id, or None."""
        ...


class _NegotiationNames:
    __slots__ = ("_negotiation",)

    def __init__(self, negotiation: Negotiation) -> None:
        self._negotiation = negotiation

    def party_name(self, party: str) -> str:
        try:
            return self._negotiation.party(party).name
        except NotFoundError:
            return party

    def find_issue(self, issue_id: str) -> Issue | None:
        try:
            return self._negotiation.issue(issue_id)
        except NotFoundError:
            return None


def _naming(context: Negotiation | Naming | None) -> Naming | None:
    if isinstance(context, Negotiation):
        return _NegotiationNames(context)
    return context


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _rebuild(
    position: Position, *, stance: Stance | None = None, firmness: Firmness | None = None
) -> Position:
    # Build the new position from its fields, so that every check runs on the result.
    return Position.model_validate(
        {
            "issue": position.issue,
            "stance": position.stance if stance is None else stance,
            "salience": position.salience,
            "firmness": position.firmness if firmness is None else firmness,
            "links": position.links,
            "sources": position.sources,
            "note": position.note,
        }
    )


@attrs.frozen
class Move:
    """Base of the moves: one party changes its position on one issue.

    Subclasses say what changes. A move is a value: it can be compared, hashed, listed in a
    scenario and applied to any position that it fits.

    Attributes:
        party: The id of the party that moves.
        issue: The id of the issue it moves on.
    """

    party: str
    issue: str

    #: The move's name in JSON output.
    kind: ClassVar[str] = "move"

    #: Whether the move changes the stance (all but relaxing a red line do).
    changes_stance: ClassVar[bool] = True

    def apply(self, issue: Issue, position: Position) -> Position:
        """The position after the move.

        Args:
            issue: The issue the position is on (the move's issue).
            position: The mover's position before the move.

        Returns:
            A new, validated position; ``position`` itself is left unchanged.

        Raises:
            MoveError: The move does not fit the issue or the position.
        """
        if issue.id != self.issue or position.issue != self.issue:
            raise MoveError(f"{self.describe()}: the move is on {self.issue!r}, not {issue.id!r}")
        if position.stance.kind is not issue.kind:
            raise MoveError(f"{self.describe()}: the position does not fit issue {issue.id!r}")
        try:
            moved = self._apply(issue, position)
        except InputError as exc:
            reason = "; ".join(p.message for p in exc.problems)
            raise MoveError(f"{self.describe()}: {reason}") from None
        problems = moved.stance.problems(issue)
        if problems:
            raise MoveError(f"{self.describe()}: {problems[0][1]}")
        return moved

    def _apply(self, issue: Issue, position: Position) -> Position:
        raise NotImplementedError

    def cost(self, position: Position, *, red_line_factor: float = RED_LINE_FACTOR) -> float:
        """The default price of the move for a party holding ``position``.

        Args:
            position: The mover's position before any move.
            red_line_factor: How much more a move on a red line costs.

        Returns:
            The position's salience (at least ``MIN_COST``), times ``red_line_factor`` when
            the position is a red line.
        """
        weight = max(position.salience, MIN_COST)
        # Rounded so that 0.7 * 3 reads 2.1 in reports rather than 2.0999999999999996.
        return round(weight * red_line_factor, 12) if position.red_line else weight

    def describe(self, context: Negotiation | Naming | None = None) -> str:
        """The move in a sentence, such as "Russia drops its requirement that Crimea be included".

        Args:
            context: A negotiation or baseline to take party names, issue titles and labels
                from; ids are used without one.

        Returns:
            One sentence, without a final full stop.
        """
        names = _naming(context)
        who = names.party_name(self.party) if names else self.party
        issue = names.find_issue(self.issue) if names else None
        return self._sentence(who, issue, names)

    def _sentence(self, who: str, issue: Issue | None, names: Naming | None = None) -> str:
        return f"{who} moves on {self._title(issue)}"

    def _title(self, issue: Issue | None) -> str:
        return issue.title if issue is not None else self.issue

    @staticmethod
    def _label(issue: Issue | None, element: str) -> str:
        found = issue.element(element) if issue is not None else None
        return found.name if found is not None else element

    def _fields(self) -> dict[str, Any]:
        return {}

    def to_dict(self, context: Negotiation | Naming | None = None) -> dict[str, Any]:
        """The move as JSON-ready data: its kind, party, issue, own fields and description.

        Args:
            context: Where the description takes names from (see ``describe``).
        """
        return {
            "kind": self.kind,
            "party": self.party,
            "issue": self.issue,
            **self._fields(),
            "description": self.describe(context),
        }


def _refuse(move: Move, message: str) -> MoveError:
    return MoveError(f"{move.describe()}: {message}")


@attrs.frozen
class AcceptOutcome(Move):
    """Accept an outcome the party rejected, on a boolean or categorical issue.

    Attributes:
        outcome: ``True`` or ``False`` on a yes-or-no issue, an option's id on a categorical one.
    """

    outcome: bool | str
    kind: ClassVar[str] = "accept_outcome"

    def _apply(self, issue: Issue, position: Position) -> Position:
        stance = position.stance
        if isinstance(issue, BooleanIssue) and isinstance(stance, BooleanStance):
            if not isinstance(self.outcome, bool):
                raise _refuse(self, "the outcome of a yes-or-no issue is true or false")
            if self.outcome in stance.accepts:
                raise _refuse(self, "the party already accepts it")
            answers = tuple(v for v in (True, False) if v in stance.accepts or v is self.outcome)
            return _rebuild(
                position, stance=BooleanStance(accepts=answers, preferred=stance.preferred)
            )
        if isinstance(issue, CategoricalIssue) and isinstance(stance, CategoricalStance):
            if not isinstance(self.outcome, str) or issue.element(self.outcome) is None:
                raise _refuse(self, f"{excerpt(self.outcome)} is not an option of the issue")
            if self.outcome in stance.accepts:
                raise _refuse(self, "the party already accepts it")
            wanted = {*stance.accepts, self.outcome}
            options = tuple(o.id for o in issue.options if o.id in wanted)
            return _rebuild(
                position, stance=CategoricalStance(accepts=options, preferred=stance.preferred)
            )
        raise _refuse(
            self, f"accepting an outcome needs a boolean or categorical issue, not {issue.kind}"
        )

    def _sentence(self, who: str, issue: Issue | None, names: Naming | None = None) -> str:
        if isinstance(self.outcome, bool):
            what = "yes" if self.outcome else "no"
        else:
            what = self._label(issue, self.outcome)
        return f'{who} accepts "{what}" on {self._title(issue)}'

    def _fields(self) -> dict[str, Any]:
        return {"outcome": self.outcome}


Bound = str | float | None
"""An end of a range: a level's id on an ordinal issue, a number on a numeric one."""


def _ordinal_end(move: Move, issue: OrdinalIssue, value: Bound, default: str) -> int:
    if value is None:
        return issue.rank(default)
    if not isinstance(value, str) or issue.element(value) is None:
        raise _refuse(move, f"{excerpt(value)} is not a level of the issue")
    return issue.rank(value)


def _numeric_end(move: Move, value: Bound, default: float | None) -> float | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _refuse(move, f"{excerpt(value)} is not a finite number")
    return float(value)


def _reshape(move: _RangeMove, issue: Issue, position: Position, widen: bool) -> Position:
    stance = position.stance
    verb = "widen" if widen else "narrow"
    if isinstance(issue, OrdinalIssue) and isinstance(stance, OrdinalStance):
        low = _ordinal_end(move, issue, move.low, stance.lowest)
        high = _ordinal_end(move, issue, move.high, stance.highest)
        if low > high:
            raise _refuse(move, "the range would run backwards")
        levels = [level.id for level in issue.levels]
        preferred = stance.preferred
        if preferred is not None and not low <= issue.rank(preferred) <= high:
            preferred = None
        new: Stance = OrdinalStance(lowest=levels[low], highest=levels[high], preferred=preferred)
    elif isinstance(issue, NumericIssue) and isinstance(stance, NumericStance):
        low_n = _numeric_end(move, move.low, stance.min)
        high_n = _numeric_end(move, move.high, stance.max)
        bottom, top = issue.bounds
        lo = bottom if low_n is None else low_n
        hi = top if high_n is None else high_n
        if lo > hi:
            raise _refuse(move, "the range would run backwards")
        value = stance.preferred
        if value is not None and not lo <= value <= hi:
            value = None
        new = NumericStance(min=low_n, max=high_n, preferred=value)
    else:
        raise _refuse(move, f"only ordinal and numeric ranges {verb}, not {issue.kind}")
    outer, inner = (new, stance) if widen else (stance, new)
    if not contains(issue, outer, inner) or contains(issue, inner, outer):
        raise _refuse(move, f"the new range does not {verb} the old one")
    return _rebuild(position, stance=new)


def _range_text(move: _RangeMove, issue: Issue | None, widen: bool) -> str:
    def end(value: str | float) -> str:
        if isinstance(value, str):
            return move._label(issue, value)
        unit = f" {issue.unit}" if isinstance(issue, NumericIssue) else ""
        return f"{_number(value)}{unit}"

    if move.low is not None and move.high is not None:
        return f"to {end(move.low)} through {end(move.high)}"
    if move.low is not None:
        return f"{'down to' if widen else 'to at least'} {end(move.low)}"
    if move.high is not None:
        return f"{'up to' if widen else 'to at most'} {end(move.high)}"
    return "(no change)"


@attrs.frozen
class _RangeMove(Move):
    low: Bound = None
    high: Bound = None

    def _fields(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high}


def _check_share(instance: Any, attribute: Any, value: float) -> None:
    if isinstance(value, bool) or not (
        isinstance(value, (int, float)) and math.isfinite(value) and 0.0 < value <= 1.0
    ):
        raise MoveError(f"a share of the way lies above 0 and at most 1, not {value!r}")


def _share_words(share: float) -> str:
    named = {0.25: "a quarter of the way", 0.5: "half the way", 0.75: "three quarters of the way"}
    return named.get(share, f"{share:.0%} of the way")


@attrs.frozen
class WidenRange(_RangeMove):
    """Widen an ordinal or numeric range: accept more levels or values than before.

    A *partial* widening goes only part of the way towards the counterpart's edge: its
    ``share`` says how much (``0.5``: half the way, on the issue's own scale), and its price
    is the price of the full widening times the share (see ``cost``), so that meeting halfway
    costs each side half of what giving way entirely would.

    Attributes:
        low: The new lowest level or smallest value; None keeps the current one.
        high: The new highest level or largest value; None keeps the current one.
        share: The part of the way to the counterpart's edge this widening goes, above 0
            and at most 1; 1 for a full widening (or one not measured against anybody).
    """

    share: float = attrs.field(default=1.0, validator=_check_share)
    kind: ClassVar[str] = "widen_range"

    def _apply(self, issue: Issue, position: Position) -> Position:
        return _reshape(self, issue, position, widen=True)

    def cost(self, position: Position, *, red_line_factor: float = RED_LINE_FACTOR) -> float:
        """The price of the full widening (see ``Move.cost``) times ``share``."""
        full = super().cost(position, red_line_factor=red_line_factor)
        return full if self.share == 1.0 else round(full * self.share, 12)

    def _sentence(self, who: str, issue: Issue | None, names: Naming | None = None) -> str:
        text = f"{who} widens its range on {self._title(issue)} {_range_text(self, issue, True)}"
        return text if self.share == 1.0 else f"{text} ({_share_words(self.share)})"

    def _fields(self) -> dict[str, Any]:
        fields = super()._fields()
        return fields if self.share == 1.0 else {**fields, "share": self.share}


@attrs.frozen
class NarrowRange(_RangeMove):
    """Narrow an ordinal or numeric range: accept fewer levels or values than before.

    A preferred level or value that falls outside the new range is dropped.

    Attributes:
        low: The new lowest level or smallest value; None keeps the current one.
        high: The new highest level or largest value; None keeps the current one.
    """

    kind: ClassVar[str] = "narrow_range"

    def _apply(self, issue: Issue, position: Position) -> Position:
        return _reshape(self, issue, position, widen=False)

    def _sentence(self, who: str, issue: Issue | None, names: Naming | None = None) -> str:
        return f"{who} narrows its range on {self._title(issue)} {_range_text(self, issue, False)}"


def _in_order(issue: SetIssue, items: set[str]) -> tuple[str, ...]:
    return tuple(i.id for i in issue.items if i.id in items)


@attrs.frozen
class _ItemMove(Move):
    item: str
    # Which list of the set stance the move edits, whether it adds, and its sentence.
    _list: ClassVar[str] = "requires"
    _adds: ClassVar[bool] = False
    _text: ClassVar[str] = ""

    def _fields(self) -> dict[str, Any]:
        return {"item": self.item}

    def _apply(self, issue: Issue, position: Position) -> Position:
        stance = position.stance
        if not isinstance(issue, SetIssue) or not isinstance(stance, SetStance):
            raise _refuse(
                self, f"only set issues have required and forbidden items, not {issue.kind}"
            )
        if issue.element(self.item) is None:
            raise _refuse(self, f"{excerpt(self.item)} is not an item of the issue")
        requires, forbids = set(stance.requires), set(stance.forbids)
        edited, other = (requires, forbids) if self._list == "requires" else (forbids, requires)
        if self._adds and self.item in edited:
            raise _refuse(self, "the position says so already")
        if self._adds and self.item in other:
            raise _refuse(self, "the position says the opposite; drop that first")
        if not self._adds and self.item not in edited:
            raise _refuse(self, "the position does not say so")
        if self._adds:
            edited.add(self.item)
        else:
            edited.discard(self.item)
        new = SetStance(requires=_in_order(issue, requires), forbids=_in_order(issue, forbids))
        return _rebuild(position, stance=new)

    def _sentence(self, who: str, issue: Issue | None, names: Naming | None = None) -> str:
        item = self._label(issue, self.item)
        return f"{who} {self._text.format(item=item)} ({self._title(issue)})"


@attrs.frozen
class DropRequirement(_ItemMove):
    """Stop requiring an item in the outcome of a set issue.

    Attributes:
        item: The item's id.
    """

    kind: ClassVar[str] = "drop_requirement"
    _text: ClassVar[str] = "drops its requirement that {item} be included"


@attrs.frozen
class AddRequirement(_ItemMove):
    """Start requiring an item in the outcome of a set issue.

    Attributes:
        item: The item's id.
    """

    kind: ClassVar[str] = "add_requirement"
    _adds: ClassVar[bool] = True
    _text: ClassVar[str] = "requires that {item} be included"


@attrs.frozen
class DropProhibition(_ItemMove):
    """Stop forbidding an item in the outcome of a set issue.

    Attributes:
        item: The item's id.
    """

    kind: ClassVar[str] = "drop_prohibition"
    _list: ClassVar[str] = "forbids"
    _text: ClassVar[str] = "no longer forbids that {item} be included"


@attrs.frozen
class AddProhibition(_ItemMove):
    """Start forbidding an item in the outcome of a set issue.

    Attributes:
        item: The item's id.
    """

    kind: ClassVar[str] = "add_prohibition"
    _list: ClassVar[str] = "forbids"
    _adds: ClassVar[bool] = True
    _text: ClassVar[str] = "forbids that {item} be included"


def _to_firmness(value: Firmness | str) -> Firmness:
    return Firmness(value)


@attrs.frozen
class RelaxRedLine(Move):
    """Hold a red-line position less firmly; the stance itself does not change.

    Its default cost is the position's salience, without the red-line factor: giving up the
    red line is a smaller step than giving up what it protects.

    Attributes:
        to: The new firmness (``firm`` by default); anything but ``red_line``.
    """

    to: Firmness = attrs.field(default=Firmness.FIRM, converter=_to_firmness)
    kind: ClassVar[str] = "relax_red_line"
    changes_stance: ClassVar[bool] = False

    def _apply(self, issue: Issue, position: Position) -> Position:
        if not position.red_line:
            raise _refuse(self, "the position is not a red line")
        if self.to is Firmness.RED_LINE:
            raise _refuse(self, "a red line relaxes to firm, flexible or open")
        return _rebuild(position, firmness=self.to)

    def cost(self, position: Position, *, red_line_factor: float = RED_LINE_FACTOR) -> float:
        """The position's salience (at least ``MIN_COST``), whatever ``red_line_factor`` says."""
        return max(position.salience, MIN_COST)

    def _sentence(self, who: str, issue: Issue | None, names: Naming | None = None) -> str:
        return f"{who} relaxes its red line on {self._title(issue)} to {self.to.value}"

    def _fields(self) -> dict[str, Any]:
        return {"to": self.to.value}


@attrs.frozen
class DropConstraint(Move):
    """Give up a precedence constraint "first before then" on a sequence issue.

    Attributes:
        first: The step that had to come first.
        then: The step that had to come after it.
    """

    first: str
    then: str
    kind: ClassVar[str] = "drop_constraint"

    def _apply(self, issue: Issue, position: Position) -> Position:
        stance = position.stance
        if not isinstance(issue, SequenceIssue) or not isinstance(stance, SequenceStance):
            raise _refuse(
                self, f"precedence constraints belong to sequence issues, not {issue.kind}"
            )
        pair = (self.first, self.then)
        if pair not in stance.precedes:
            raise _refuse(self, "the position has no such constraint")
        kept = tuple(c for c in stance.precedes if c != pair)
        return _rebuild(position, stance=SequenceStance(precedes=kept))

    def _sentence(self, who: str, issue: Issue | None, names: Naming | None = None) -> str:
        first, then = self._label(issue, self.first), self._label(issue, self.then)
        return f"{who} drops its condition that {first} come before {then} ({self._title(issue)})"

    def _fields(self) -> dict[str, Any]:
        return {"first": self.first, "then": self.then}


@attrs.frozen
class AdoptStance(Move):
    """Take up another stance outright, usually the counterpart's.

    Attributes:
        stance: The stance adopted; it must fit the issue.
        of: The id of the party whose stance it is, for the description; None if nobody's.
    """

    stance: Stance
    of: str | None = None
    kind: ClassVar[str] = "adopt_stance"

    def _apply(self, issue: Issue, position: Position) -> Position:
        if self.stance == position.stance:
            raise _refuse(self, "the party holds that stance already")
        return _rebuild(position, stance=self.stance)

    def _sentence(self, who: str, issue: Issue | None, names: Naming | None = None) -> str:
        if self.of is None:
            return f"{who} adopts a new stance on {self._title(issue)}"
        whose = names.party_name(self.of) if names else self.of
        # "the United States' stance", "Russia's stance".
        mark = "'" if whose.endswith("s") else "'s"
        return f"{who} adopts {whose}{mark} stance on {self._title(issue)}"

    def _fields(self) -> dict[str, Any]:
        return {"stance": self.stance.model_dump(mode="json", exclude_none=True), "of": self.of}
