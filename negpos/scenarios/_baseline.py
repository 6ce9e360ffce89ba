"""Scenarios: "what if" one or both parties made these moves at a round.

A [`Baseline`][negpos.scenarios.Baseline] holds what two parties hold at a round (their
memoranda, the agenda, their names) and the comparison of the two. A
[`Scenario`][negpos.scenarios.Scenario] applies moves to it and carries the new comparison,
what the moves cost, and how the summary figures changed.

Moves change the parties' main positions; groups of alternatives stay as tabled and are
compared against the moved positions.

[`candidates`][negpos.scenarios.candidates] proposes, for an issue in gap, the moves by either
side that would narrow or close it; [`conflicting`][negpos.scenarios.conflicting] says which
moves should not be made together.
"""

from __future__ import annotations

import abc
import datetime
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from negpos._analysis.common import GroundStatus
from negpos._analysis.compare import OfferedPatch, Patch, compare, compare_memoranda
from negpos._analysis.compare import _issue_comparison as issue_comparison
from negpos._analysis.comparison import Comparison, IssueComparison, Status, pair_text, summary_text
from negpos._analysis.kinds import assess
from negpos._analysis.settled import Settlement, settlements
from negpos._errors import NotFoundError, UsageError, excerpt
from negpos._model.documents import AlternativeGroup, Memorandum, Position
from negpos._model.issues import Issue, Kind, NumericIssue, OrdinalIssue, Scale
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr, figure, guarded, plural, tag
from negpos._model.selection import resolve_pair, resolve_round
from negpos._model.stances import (
    BooleanStance,
    CategoricalStance,
    NumericStance,
    OrdinalStance,
    SequenceStance,
    SetStance,
    Stance,
)
from negpos._model.standing import carry_origins, held
from negpos.scenarios._moves import (
    AcceptOutcome,
    AdoptStance,
    CostFunction,
    DropConstraint,
    DropProhibition,
    DropRequirement,
    Move,
    MoveError,
    RelaxRedLine,
    WidenRange,
)

if TYPE_CHECKING:
    from negpos.scenarios._ground import GroundBaseline

__all__ = [
    "Baseline",
    "Delta",
    "Holding",
    "Scenario",
    "baseline_of",
    "candidates",
    "concessions",
    "conflicting",
    "default_cost",
]


def default_cost(move: Move, position: Position) -> float:
    """The default price of a move: ``move.cost(position)``.

    Args:
        move: The move.
        position: The mover's position before any move.

    Returns:
        The salience (at least ``MIN_COST``), times ``RED_LINE_FACTOR`` on a red line, except
        for [`RelaxRedLine`][negpos.scenarios.RelaxRedLine], which costs the salience.
    """
    return move.cost(position)


def conflicting(first: Move, second: Move) -> bool:
    """Whether two moves should not be made together.

    Adopting a stance replaces the whole stance, so it does not combine with another change
    of the same party's stance on the issue, nor with the counterpart adopting a stance on it
    too (each taking the other's stance would only swap them). Two widenings of the same end
    of one party's range (a partial and a full one, say) are alternatives, not steps.

    Args:
        first: One move.
        second: Another move.

    Returns:
        True when both are on the same issue and one of the cases above applies.
    """
    if first.issue != second.issue or first == second:
        return False
    if (
        isinstance(first, WidenRange)
        and isinstance(second, WidenRange)
        and first.party == second.party
        and (first.low is None) == (second.low is None)
        and (first.high is None) == (second.high is None)
    ):
        # Two widenings of the same end: one goes further than the other, never both.
        return True
    adopt_1, adopt_2 = isinstance(first, AdoptStance), isinstance(second, AdoptStance)
    if adopt_1 and adopt_2:
        return True
    if first.party != second.party or not (adopt_1 or adopt_2):
        return False
    return first.changes_stance and second.changes_stance


def candidates(
    issue: Issue,
    a: Position,
    b: Position,
    party_a: str,
    party_b: str,
    *,
    partial: bool = False,
) -> list[Move]:
    """The moves by either party that would narrow or close the gap on one issue.

    For each party in turn (``party_a`` first) and by kind of move: accept each outcome the
    counterpart accepts (boolean, categorical); widen the range just enough to meet the
    counterpart's (ordinal, numeric); drop each requirement or prohibition in conflict (set);
    drop each own constraint on a cycle (sequence); relax a red line; adopt the counterpart's
    stance. Nothing is proposed when the positions are compatible or cannot be compared.
    With ``partial``, a range is also widened part of the way: on a numeric issue a quarter,
    half and three quarters of the way (on the issue's scale), on an ordinal issue to each
    level in between (see [`WidenRange`][negpos.scenarios.WidenRange]).

    Args:
        issue: The issue.
        a: The first party's position.
        b: The second party's position.
        party_a: The first party's id.
        party_b: The second party's id.
        partial: Also propose partial widenings.

    Returns:
        The moves, in a deterministic order.
    """
    if issue.kind is Kind.TEXT:
        return []
    ok, _, _, conflicts = assess(issue, a.stance, b.stance)
    if ok:
        return []
    found: list[Move] = []
    for me, mine, theirs, them in ((party_a, a, b, party_b), (party_b, b, a, party_a)):
        found += concessions(issue, me, mine.stance, theirs.stance, conflicts, partial=partial)
        if mine.red_line:
            found.append(RelaxRedLine(me, issue.id))
        found.append(AdoptStance(me, issue.id, theirs.stance, of=them))
    return found


def concessions(
    issue: Issue,
    me: str,
    mine: Stance,
    theirs: Stance,
    conflicts: tuple[Any, ...],
    *,
    partial: bool = False,
) -> list[Move]:
    """The moves by which ``me`` concedes towards another stance on one issue, short of adopting it.

    Accept each outcome the other accepts (boolean, categorical); widen the range just enough
    to meet the other's (ordinal, numeric), and with ``partial`` part of the way too; drop
    each own requirement or prohibition in ``conflicts`` (set) or each own constraint on a
    cycle (sequence).
    """
    iid = issue.id
    if isinstance(mine, (BooleanStance, CategoricalStance)) and isinstance(
        theirs, (BooleanStance, CategoricalStance)
    ):
        order = (
            (True, False) if isinstance(mine, BooleanStance) else [e.id for e in issue.elements()]
        )
        accepted, offered = set(mine.accepts), set(theirs.accepts)
        return [AcceptOutcome(me, iid, v) for v in order if v in offered and v not in accepted]
    if isinstance(issue, OrdinalIssue) and isinstance(mine, OrdinalStance):
        assert isinstance(theirs, OrdinalStance)
        levels = [level.id for level in issue.levels]
        if issue.rank(mine.lowest) > issue.rank(theirs.highest):
            start, end, side = issue.rank(mine.lowest), issue.rank(theirs.highest), "low"
        else:
            start, end, side = issue.rank(mine.highest), issue.rank(theirs.lowest), "high"
        steps = abs(start - end)
        found: list[Move] = []
        for k in range(1, steps + 1) if partial else (steps,):
            level = levels[start + k * (1 if end > start else -1)]
            share = 1.0 if k == steps else k / steps
            found.append(WidenRange(me, iid, share=share, **{side: level}))
        return found
    if isinstance(issue, NumericIssue) and isinstance(mine, NumericStance):
        assert isinstance(theirs, NumericStance)
        low, high = mine.interval(issue)
        their_low, their_high = theirs.interval(issue)
        if low > their_high:
            value, target, end_name = low, their_high, "low"
        else:
            value, target, end_name = high, their_low, "high"
        shares = (0.25, 0.5, 0.75, 1.0) if partial else (1.0,)
        return [
            WidenRange(
                me,
                iid,
                share=f,
                **{end_name: target if f == 1.0 else _between(issue, value, target, f)},
            )
            for f in shares
        ]
    if isinstance(mine, SetStance):
        # The conflicts come in the issue's order; keep it.
        required, forbidden = set(mine.requires), set(mine.forbids)
        drops: list[Move] = [DropRequirement(me, iid, i) for i in conflicts if i in required]
        drops += [DropProhibition(me, iid, i) for i in conflicts if i in forbidden]
        return drops
    if isinstance(mine, SequenceStance):
        own = set(mine.precedes)
        return [DropConstraint(me, iid, x, y) for x, y in conflicts if (x, y) in own]
    return []


def _between(issue: NumericIssue, start: float, end: float, share: float) -> float:
    """The value ``share`` of the way from ``start`` to ``end`` on the issue's scale."""
    if issue.scale is Scale.LOG and start > 0 and end > 0:
        return float(start * (end / start) ** share)
    return start + (end - start) * share


class Holding:
    """What every baseline does with the positions it holds: look them up, move and price them.

    [`Baseline`][negpos.scenarios.Baseline] (two parties) and
    [`GroundBaseline`][negpos.scenarios.GroundBaseline] (two or more) share these methods;
    each says where a party's position on an issue it addresses only inside its options
    comes from (``_offered``).
    """

    issues: tuple[Issue, ...]
    memoranda: tuple[Memorandum, ...]
    names: tuple[tuple[str, str], ...]
    _by_id: Mapping[str, Issue]

    @property
    def parties(self) -> tuple[str, ...]:
        """The parties' ids, in order."""
        return tuple(m.party for m in self.memoranda)

    def party_name(self, party: str) -> str:
        """The display name of a party, or its id when no name is known."""
        return next((name for pid, name in self.names if pid == party), party)

    def find_issue(self, issue_id: str) -> Issue | None:
        """The agenda issue with this id, or None."""
        return self._by_id.get(issue_id)

    def issue(self, issue_id: str) -> Issue:
        """The agenda issue with this id.

        Raises:
            NotFoundError: No issue has this id.
        """
        found = self._by_id.get(issue_id)
        if found is None:
            raise NotFoundError(f"no issue {excerpt(issue_id)} on the agenda")
        return found

    def position(self, party: str, issue_id: str) -> Position | None:
        """A party's position on an issue before any move, or None.

        Its main position; on an issue it addresses only inside its options, the position
        of the option the baseline's reading takes (a move on it replaces the party's
        position in every option that addresses the issue).

        Raises:
            NotFoundError: ``party`` is not one of the baseline's parties.
        """
        memo = self._memorandum(party)
        found = memo.position(issue_id)
        if found is not None or not memo.alternatives:
            return found
        return self._offered(party, issue_id)

    @abc.abstractmethod
    def _offered(self, party: str, issue_id: str) -> Position | None:
        """A party's position on an issue it addresses only inside its options, or None."""

    def _memorandum(self, party: str) -> Memorandum:
        for memo in self.memoranda:
            if memo.party == party:
                return memo
        raise NotFoundError(f"{excerpt(party)} is not one of the parties {self.parties}")

    def moved_positions(self, moves: Iterable[Move]) -> dict[tuple[str, str], Position]:
        """The positions the moves change, after the moves, keyed by ``(party, issue)``.

        Moves on the same party's position apply in the order given.

        Raises:
            MoveError: A move does not fit its position, or the party holds none on the issue.
            NotFoundError: A move names another party or an issue not on the agenda.
        """
        moved: dict[tuple[str, str], Position] = {}
        for move in moves:
            key = (move.party, move.issue)
            position = moved.get(key) or self.position(move.party, move.issue)
            issue = self.issue(move.issue)
            if position is None:
                raise MoveError(
                    f"{move.describe(self)}: {self.party_name(move.party)} holds no position "
                    f"on {issue.title}"
                )
            moved[key] = move.apply(issue, position)
        return moved

    def memoranda_after(
        self, moved: Mapping[tuple[str, str], Position], *, alternatives: bool = True
    ) -> tuple[Memorandum, ...]:
        """The memoranda with some main positions replaced.

        Args:
            moved: New positions keyed by ``(party, issue)``, as ``moved_positions`` gives.
            alternatives: Keep the groups of alternatives; without them a comparison is
                about twice as fast and its summary the same.

        Returns:
            The memoranda, in the baseline's order; one with nothing to change is returned as
            it is.
        """
        out: list[Memorandum] = []
        for memo in self.memoranda:
            mine = {i: p for (party, i), p in moved.items() if party == memo.party}
            if not mine and (alternatives or not memo.alternatives):
                out.append(memo)
                continue
            groups = memo.alternatives if alternatives else ()
            if mine and groups:
                groups = tuple(_moved_group(g, mine) for g in groups)
            after = Memorandum(
                party=memo.party,
                round=memo.round,
                title=memo.title,
                date=memo.date,
                positions=tuple(mine.get(p.issue, p) for p in memo.positions),
                alternatives=groups,
                withdrawn=memo.withdrawn,
                sources=memo.sources,
                note=memo.note,
            )
            # The positions kept stand since the rounds they were tabled in.
            out.append(carry_origins(memo, after, mine))
        return tuple(out)

    def price(self, move: Move, cost: CostFunction | None = None) -> float:
        """What a move costs, priced on the mover's position before any move.

        Args:
            move: The move.
            cost: The price function; ``default_cost`` when None.

        Returns:
            A positive number.

        Raises:
            MoveError: The party holds no position on the issue, or the price is not a
                positive finite number.
            NotFoundError: The move names another party or an issue not on the agenda.
        """
        issue = self.issue(move.issue)
        position = self.position(move.party, move.issue)
        if position is None:
            raise MoveError(
                f"{move.describe(self)}: {self.party_name(move.party)} holds no position "
                f"on {issue.title}"
            )
        value = (cost or default_cost)(move, position)
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise MoveError(f"{move.describe(self)}: costs {value!r}; costs must be positive")
        return float(value)


@attrs.frozen
class Baseline(Holding):
    """What two parties hold at a round, before any move.

    Build one with [`Baseline.of`][negpos.scenarios.Baseline.of] from a negotiation, or with
    [`Baseline.of_memoranda`][negpos.scenarios.Baseline.of_memoranda] from two memoranda.

    Attributes:
        issues: The agenda, in order.
        memoranda: The two parties' memoranda (standing positions, unless built otherwise).
        comparison: The comparison of the two memoranda.
        names: Display names of the parties, as ``(id, name)`` pairs.
        round: The id of the round, where there is one.
        round_label: The round's name for reports, where there is one.
        round_date: The round's date, where there is one.
    """

    issues: tuple[Issue, ...] = attrs.field(repr=False)
    memoranda: tuple[Memorandum, Memorandum] = attrs.field(repr=False)
    comparison: Comparison = attrs.field(repr=False, eq=False)
    names: tuple[tuple[str, str], ...] = ()
    round: str | None = None
    round_label: str | None = None
    round_date: datetime.date | None = None
    settled: Mapping[str, Settlement] = attrs.field(factory=dict, repr=False, eq=False)
    _by_id: Mapping[str, Issue] = attrs.field(init=False, repr=False, eq=False)
    _patch: Patch | None = attrs.field(init=False, repr=False, eq=False, default=None)
    _options_patch: OfferedPatch | None = attrs.field(
        init=False, repr=False, eq=False, default=None
    )

    def __attrs_post_init__(self) -> None:
        # Frozen: set the derived lookup once, through object.__setattr__.
        object.__setattr__(self, "_by_id", MappingProxyType({i.id: i for i in self.issues}))

    @classmethod
    def of(
        cls,
        negotiation: Negotiation,
        a: str | None = None,
        b: str | None = None,
        *,
        round_id: str | None = None,
        tabled_only: bool = False,
    ) -> Baseline:
        """The positions two parties of a negotiation hold at a round.

        Args:
            negotiation: The negotiation.
            a: The first party's id; with ``b`` left out too, the default pair (the two
                parties of role ``party`` when there are exactly two, else the first two).
            b: The second party's id.
            round_id: The round's id; None for the latest round in which both parties
                tabled positions.
            tabled_only: Use only what each party tabled in that round instead of its
                standing positions.

        Returns:
            The baseline.

        Raises:
            UsageError: Only one party is named, or the same party twice.
            NotFoundError: A party or the round does not exist, or (with no round given) the
                parties never tabled positions in the same round.

        Examples:
            >>> import negpos
            >>> from negpos.scenarios import Baseline
            >>> base = Baseline.of(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
            >>> len(base.comparison.summary.red_line_conflicts)
            9
        """
        pair = resolve_pair(negotiation, a, b, what="a scenario")
        rnd = resolve_round(negotiation, round_id, pair)
        memo_a = held(negotiation, pair[0], rnd.id, tabled_only=tabled_only)
        memo_b = held(negotiation, pair[1], rnd.id, tabled_only=tabled_only)
        names = tuple((p.id, p.name) for p in negotiation.parties if p.id in pair)
        settled = settlements(negotiation, pair, rnd.id)
        return cls(
            negotiation.issues,
            (memo_a, memo_b),
            compare_memoranda(memo_a, memo_b, negotiation.issues, settled),
            names,
            rnd.id,
            rnd.label,
            rnd.date,
            settled,
        )

    @classmethod
    def of_memoranda(
        cls,
        memo_a: Memorandum,
        memo_b: Memorandum,
        agenda: Negotiation | Iterable[Issue],
        *,
        names: Mapping[str, str] | None = None,
    ) -> Baseline:
        """A baseline from two memoranda on an agenda, checked as [`compare`][negpos.compare] does.

        Args:
            memo_a: The first party's memorandum.
            memo_b: The second party's memorandum.
            agenda: The issues, or a negotiation whose agenda and party names to use.
            names: Display names of the parties, by id.

        Returns:
            The baseline.

        Raises:
            InputError: A memorandum does not fit the agenda.
            UsageError: Both memoranda are the same party's.
        """
        if memo_a.party == memo_b.party:
            raise UsageError(
                f"a scenario needs two different parties; both memoranda are {memo_a.party!r}'s"
            )
        comparison = compare(memo_a, memo_b, agenda)
        issues = agenda.issues if isinstance(agenda, Negotiation) else tuple(agenda)
        found = dict(names or {})
        if isinstance(agenda, Negotiation):
            found = {p.id: p.name for p in agenda.parties} | found
        pairs = tuple((p, found[p]) for p in (memo_a.party, memo_b.party) if p in found)
        round_id = memo_a.round if memo_a.round == memo_b.round else None
        return cls(issues, (memo_a, memo_b), comparison, pairs, round_id)

    @property
    def parties(self) -> tuple[str, str]:
        """The two parties' ids, in order."""
        return self.memoranda[0].party, self.memoranda[1].party

    def memoranda_after(
        self, moved: Mapping[tuple[str, str], Position], *, alternatives: bool = True
    ) -> tuple[Memorandum, Memorandum]:
        """Both memoranda with some main positions replaced (see ``Holding.memoranda_after``)."""
        memo_a, memo_b = super().memoranda_after(moved, alternatives=alternatives)
        return memo_a, memo_b

    def _offered(self, party: str, issue_id: str) -> Position | None:
        row = self.comparison._by_issue.get(issue_id)
        if row is None:
            return None
        return row.position_a if row.party_a == party else row.position_b

    @property
    def start(self) -> Comparison:
        """The comparison before any move (``comparison``), as every baseline names it."""
        return self.comparison

    def candidates(self, *, partial: bool = False) -> tuple[Move, ...]:
        """The moves by either party that would narrow or close a gap, issue by issue.

        Args:
            partial: Also propose widening a range part of the way.

        Returns:
            For every issue with status ``gap``, in agenda order, the moves of
            [`candidates`][negpos.scenarios.candidates]: the first party's, then the second's.
        """
        a, b = self.parties
        found: list[Move] = []
        for c in self.comparison.rows:
            if c.status is Status.GAP:
                assert c.position_a is not None
                assert c.position_b is not None
                found += candidates(c.issue, c.position_a, c.position_b, a, b, partial=partial)
        return tuple(found)

    def compare_after(
        self, moved: Mapping[tuple[str, str], Position], *, alternatives: bool = True
    ) -> Comparison:
        """The comparison once some positions are replaced (see ``memoranda_after``).

        Only the issues the moves touch are compared again; the rest of the baseline's
        comparison is kept, so the cost does not grow with the length of the agenda. The
        result equals comparing ``memoranda_after(moved)`` from scratch.
        """
        if not moved:
            return self.comparison
        if any(memo.alternatives for memo in self.memoranda):
            # A move can change which option comes closest, and with it the headline: the
            # main reading is patched and the options read again on top of it.
            offered = self._options_patch
            if offered is None:
                offered = OfferedPatch(*self.memoranda, self.issues, self.settled)
                object.__setattr__(self, "_options_patch", offered)
            memo_a, memo_b = self.memoranda_after(moved)
            return offered.after(memo_a, memo_b, {issue for _, issue in moved})
        patch = self._patch
        if patch is None:
            patch = Patch(self.comparison, *self.memoranda, self.issues, self.settled)
            object.__setattr__(self, "_patch", patch)
        return patch.after(moved, alternatives=alternatives)

    def after(
        self, moved: Mapping[tuple[str, str], Position], *, alternatives: bool = True
    ) -> Comparison:
        """The result once some positions are replaced: here ``compare_after``."""
        return self.compare_after(moved, alternatives=alternatives)

    def issue_row(
        self, issue_id: str, moved: Mapping[tuple[str, str], Position]
    ) -> IssueComparison | None:
        """One issue compared on its own once some positions are replaced, or None.

        Outcomes agreed at the table and conditions are left out: the search uses it to try
        moves on one issue, and checks its answer on the whole comparison.

        Returns:
            The issue's row, or None unless both parties hold a position on it.
        """
        issue = self.issue(issue_id)
        a, b = self.parties
        first = moved.get((a, issue_id)) or self.position(a, issue_id)
        second = moved.get((b, issue_id)) or self.position(b, issue_id)
        if first is None or second is None:
            return None
        return issue_comparison(issue, first, second, a, b, ())

    def scenario(self, moves: Iterable[Move], *, cost: CostFunction | None = None) -> Scenario:
        """The moves applied: [`Scenario.of`][negpos.scenarios.Scenario.of] on this baseline."""
        return Scenario.of(self, moves, cost=cost)

    @guarded
    def __repr__(self) -> str:
        """``<Baseline a–b at round: N issues: counts; index …>``, on one line."""
        c = self.comparison
        return tag(
            "Baseline",
            f"{pair_text(c.party_a, c.party_b, c.round_a, c.round_b)}: {summary_text(c.summary)}",
        )


def _moved_group(group: AlternativeGroup, moved: Mapping[str, Position]) -> AlternativeGroup:
    """The group with the moved positions in place in every option that addresses them."""
    options = []
    for option in group.options:
        if any(p.issue in moved for p in option.positions):
            positions = tuple(moved.get(p.issue, p) for p in option.positions)
            option = option.model_copy(update={"positions": positions})
        options.append(option)
    return group.model_copy(update={"options": tuple(options)})


def baseline_of(
    subject: Negotiation | Baseline,
    a: str | None,
    b: str | None,
    *,
    round_id: str | None,
    tabled_only: bool = False,
) -> Baseline:
    """The baseline a search or check starts from: the one given, or one built from a negotiation.

    Raises:
        UsageError: A baseline was given together with parties, a round or ``tabled_only``,
            which it fixes already.
    """
    if isinstance(subject, Baseline):
        if a is not None or b is not None or round_id is not None or tabled_only:
            raise UsageError(
                "a Baseline fixes the parties and the round: leave out the parties, "
                "round_id and tabled_only"
            )
        return subject
    return Baseline.of(subject, a, b, round_id=round_id, tabled_only=tabled_only)


def difference(after: float | None, before: float | None) -> float | None:
    """``after - before``, or None where either is None (an index that cannot be computed)."""
    return None if after is None or before is None else after - before


class Changes:
    """What the two kinds of change of the figures share: counts by status, and their data.

    [`Delta`][negpos.scenarios.Delta] and [`GroundDelta`][negpos.scenarios.GroundDelta]
    subclass it; each names its statuses (``_statuses``) and its index field (``_index``).
    """

    _statuses: ClassVar[type[Status] | type[GroundStatus]]
    _index: ClassVar[str]
    mean_gap: float | None
    red_line_conflicts: int
    counts: tuple[tuple[Any, int], ...]

    def count(self, status: Any) -> int:
        """The change in the number of issues with ``status`` (a status or its value)."""
        wanted = self._statuses(status)
        return next(n for s, n in self.counts if s is wanted)

    def to_dict(self) -> dict[str, Any]:
        """The changes as JSON-ready data."""
        return {
            self._index: getattr(self, self._index),
            "mean_gap": self.mean_gap,
            "red_line_conflicts": self.red_line_conflicts,
            "counts": {s.value: n for s, n in self.counts},
        }

    __repr__ = compact_repr


@attrs.frozen(repr=False)
class Delta(Changes):
    """How the summary figures changed from the baseline to a scenario (after minus before).

    Attributes:
        compatibility: The change of the compatibility index; None where either is None.
        mean_gap: The change of the mean gap; None where either is None.
        red_line_conflicts: The change in the number of red lines in conflict.
        counts: The change in the number of issues with each status, in ``Status`` order.
    """

    _statuses: ClassVar[type[Status]] = Status
    _index: ClassVar[str] = "compatibility"
    compatibility: float | None
    mean_gap: float | None
    red_line_conflicts: int
    counts: tuple[tuple[Status, int], ...]

    @classmethod
    def between(cls, before: Comparison, after: Comparison) -> Delta:
        """The change from ``before`` to ``after``."""
        b, a = before.summary, after.summary
        return cls(
            difference(a.compatibility, b.compatibility),
            difference(a.mean_gap, b.mean_gap),
            a.red_line_count - b.red_line_count,
            tuple((s, a.count(s) - b.count(s)) for s in Status),
        )

    def count(self, status: Status | str) -> int:
        """The change in the number of issues with ``status``."""
        return super().count(status)


class Moved:
    """What the two kinds of scenario share: the cost, the moves in words, and the data.

    [`Scenario`][negpos.scenarios.Scenario] (two parties) and
    [`GroundScenario`][negpos.scenarios.GroundScenario] (many) subclass it.
    """

    base: Baseline | GroundBaseline
    moves: tuple[Move, ...]
    costs: tuple[float, ...]
    delta: Changes

    @property
    def cost(self) -> float:
        """The total cost of the moves."""
        # Rounded so that 0.7 + 0.9 + ... reads as the sum an analyst would write down.
        return round(math.fsum(self.costs), 12)

    @property
    @abc.abstractmethod
    def before(self) -> Any:
        """The figures before the moves: the baseline's."""

    @property
    @abc.abstractmethod
    def after(self) -> Any:
        """The figures after the moves."""

    def describe(self) -> tuple[str, ...]:
        """Each move in a sentence, with the baseline's party names and issue titles."""
        return tuple(m.describe(self.base) for m in self.moves)

    def to_dict(self) -> dict[str, Any]:
        """The scenario as JSON-ready data: moves with costs, figures before and after."""
        return {
            "round": self.base.round,
            "parties": list(self.base.parties),
            "cost": self.cost,
            "moves": [
                {**m.to_dict(self.base), "cost": c}
                for m, c in zip(self.moves, self.costs, strict=True)
            ],
            "before": self.before.summary.to_dict(),
            "after": self.after.summary.to_dict(),
            "delta": self.delta.to_dict(),
        }


@attrs.frozen
class Scenario(Moved):
    """Moves applied to a baseline: the new comparison, the cost, and what changed.

    Attributes:
        base: The baseline the moves apply to.
        moves: The moves, in the order they were applied.
        costs: What each move costs, in the same order.
        comparison: The comparison after the moves.
        delta: The change of the summary figures.
    """

    base: Baseline
    moves: tuple[Move, ...]
    costs: tuple[float, ...]
    comparison: Comparison = attrs.field(eq=False, repr=False)
    delta: Delta

    @classmethod
    def of(
        cls, base: Baseline, moves: Iterable[Move], *, cost: CostFunction | None = None
    ) -> Scenario:
        """Apply moves to a baseline.

        Args:
            base: The baseline.
            moves: The moves; several moves on one party's position apply in this order.
            cost: Prices each move on the mover's position before any move; by default
                the salience, three times as much on a red line (see
                [`default_cost`][negpos.scenarios.default_cost]).

        Returns:
            The scenario.

        Raises:
            MoveError: A move does not fit its position, or is priced at no cost.
            NotFoundError: A move names a party or issue the baseline does not have.

        Examples:
            >>> import negpos
            >>> from negpos.scenarios import Baseline, RelaxRedLine, Scenario
            >>> base = Baseline.of(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
            >>> what_if = Scenario.of(base, [RelaxRedLine("ua", "security.nato")])
            >>> what_if.cost, what_if.delta.red_line_conflicts
            (0.7, -1)
        """
        chosen = tuple(moves)
        costs = tuple(base.price(m, cost) for m in chosen)
        after = base.compare_after(base.moved_positions(chosen))
        return cls(base, chosen, costs, after, Delta.between(base.comparison, after))

    @property
    def before(self) -> Comparison:
        """The comparison before the moves (the baseline's)."""
        return self.base.comparison

    @property
    def after(self) -> Comparison:
        """The comparison after the moves (``comparison``)."""
        return self.comparison

    @guarded
    def __repr__(self) -> str:
        """``<Scenario a–b at round, N moves (cost …): index before → after>``."""
        c = self.comparison
        before = self.base.comparison.summary.compatibility
        return tag(
            "Scenario",
            f"{pair_text(c.party_a, c.party_b, c.round_a, c.round_b)}, "
            f"{plural(len(self.moves), 'move')} (cost {self.cost:g}): "
            f"index {figure(before)} → {figure(c.summary.compatibility)}; "
            f"{c.summary.red_line_count} red lines in conflict",
        )
