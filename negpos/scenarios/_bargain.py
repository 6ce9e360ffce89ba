"""Bargaining: the packages the sides could sign, the fair one among them, and the trades.

A *package* is a set of moves after which a goal holds (by default, every issue the sides
address compatible). What a side *concedes* in a package is the price of its own moves, in its
own salience (see [`default_cost`][negpos.scenarios.default_cost]; a partial widening costs
its share of the full one). Red lines are hard limits: no move touches a position held as a
red line.

- **The frontier.** A package is on the Pareto frontier when no other package has every side
  concede as little and one side less. The frontier is found exactly with the optimiser's
  integer program: the package of least total concession, then, again and again, the package
  of least total concession among those that let at least one side concede less than in
  every package found so far (one binary per side says which); each such package is
  undominated, and the search ends when none is left (or at ``max_packages``).
- **Gains and the Nash package.** A side's *stake* is what the gaps at issue are worth to
  it: the sum of its salience over the issues in gap (those the goal names, for a goal on
  named issues). Its *gain* from a package is its stake
  minus what it concedes; without agreement it gains nothing. The Nash bargaining package
  maximises the product of the sides' gains among the packages in which every side gains
  something; the product falls as any side concedes more, so it lies on the frontier, and
  the maximum over the frontier is exact.
- **Trades.** Log-rolling: side A gives way on an issue that matters less to it than to B,
  B on one that matters less to it than to A, and each gains more than it gives. For every
  pair of sides and every pair of issues in gap, with each side's cheapest way to close its
  issue alone, the trades in which both gain are listed, the most balanced first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

import attrs

from negpos._analysis.renderable import Renderable
from negpos._errors import UsageError
from negpos._model.documents import Position
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import guarded, plural, quoted, tag
from negpos.scenarios._baseline import Baseline
from negpos.scenarios._goals import _IssuesCompatible, all_compatible, check_goal, describe_goal
from negpos.scenarios._ground import GroundBaseline
from negpos.scenarios._moves import Move, RelaxRedLine
from negpos.scenarios._optimise import RESOLVED, _Reading, available, programs_for
from negpos.scenarios._space import AnyBaseline, AnyGoal, SearchSpace, Subset

__all__ = ["MAX_PACKAGES", "Bargain", "Package", "Trade", "bargain"]

#: The most packages of the frontier a bargain lists by default.
MAX_PACKAGES: Final = 40
#: The most trades a bargain lists.
_TRADES: Final = 12

Progress = Callable[[str], None]


@attrs.frozen
class Package:
    """A set of moves after which the goal holds, and what it costs and brings each side.

    Attributes:
        moves: The moves, in candidate order.
        concessions: What each side concedes, ``(party, price)`` in the sides' order.
        gains: Each side's stake minus its concession, in the same order.
    """

    moves: tuple[Move, ...]
    concessions: tuple[tuple[str, float], ...]
    gains: tuple[tuple[str, float], ...]

    def concession(self, party: str) -> float:
        """What ``party`` concedes in the package."""
        return dict(self.concessions)[party]

    def gain(self, party: str) -> float:
        """What ``party`` gains from the package: its stake minus its concession."""
        return dict(self.gains)[party]

    @property
    def product(self) -> float | None:
        """The Nash product of the gains, or None when some side gains nothing or less."""
        gains = [g for _, g in self.gains]
        if any(g <= 0 for g in gains):
            return None
        return math.prod(gains)

    @guarded
    def __repr__(self) -> str:
        """``<Package N moves; concedes ru 0.8, ua 0.3>``."""
        conceded = ", ".join(f"{p} {c:g}" for p, c in self.concessions)
        return tag("Package", f"{plural(len(self.moves), 'move')}; concedes {conceded}")

    def to_dict(self, context: Any = None) -> dict[str, Any]:
        """The package as JSON-ready data."""
        return {
            "moves": [m.to_dict(context) for m in self.moves],
            "concessions": dict(self.concessions),
            "gains": dict(self.gains),
            "product": self.product,
        }


@attrs.frozen
class Trade:
    """A log-rolling trade: each side gives way where it matters less to it than to the other.

    Attributes:
        first: The first side.
        first_gives: The issue the first side gives way on.
        first_cost: What that costs it (its cheapest way to close the issue alone).
        second: The second side.
        second_gives: The issue the second side gives way on.
        second_cost: What that costs it.
        first_gain: The first side's salience on ``second_gives`` minus ``first_cost``.
        second_gain: The second side's salience on ``first_gives`` minus ``second_cost``.
    """

    first: str
    first_gives: str
    first_cost: float
    second: str
    second_gives: str
    second_cost: float
    first_gain: float
    second_gain: float

    @guarded
    def __repr__(self) -> str:
        """``<Trade ru gives x, ua gives y>``."""
        return tag(
            "Trade",
            f"{self.first} gives {self.first_gives}, {self.second} gives {self.second_gives}",
        )

    def to_dict(self) -> dict[str, Any]:
        """The trade as JSON-ready data."""
        return attrs.asdict(self)


@attrs.frozen
class Bargain(Renderable):
    """What [`bargain`][negpos.scenarios.bargain] found.

    Attributes:
        goal: The goal every package reaches, in words.
        base: The sides at the round.
        stakes: Each side's stake, ``(party, salience)`` in the sides' order.
        frontier: The packages on the Pareto frontier, least total concession first.
        nash: The Nash bargaining package, or None when no package gives every side a gain.
        trades: Log-rolling trades in which both sides gain, the most balanced first.
        complete: Whether the frontier is complete (else ``max_packages`` cut it short).
        partial: Whether ranges could be widened part of the way.
        candidates: How many moves were considered (none touches a red line).
    """

    goal: str
    base: AnyBaseline = attrs.field(repr=False)
    stakes: tuple[tuple[str, float], ...]
    frontier: tuple[Package, ...]
    nash: Package | None
    trades: tuple[Trade, ...]
    complete: bool
    partial: bool
    candidates: int

    @guarded
    def __repr__(self) -> str:
        """``<Bargain ru–ua 'goal': N packages on the frontier; Nash …>``."""
        nash = "no Nash package" if self.nash is None else f"Nash: {self.nash!r}"
        return tag(
            "Bargain",
            f"{'–'.join(self.base.parties)} {quoted(self.goal, 50)}: "
            f"{plural(len(self.frontier), 'package')} on the frontier; {nash}",
        )

    def to_dict(self) -> dict[str, Any]:
        """The bargain as JSON-ready data."""
        base = self.base
        return {
            "goal": self.goal,
            "round": base.round,
            "parties": list(base.parties),
            "stakes": dict(self.stakes),
            "complete": self.complete,
            "partial": self.partial,
            "candidates": self.candidates,
            "frontier": [p.to_dict(base) for p in self.frontier],
            "nash": None if self.nash is None else self.nash.to_dict(base),
            "trades": [t.to_dict() for t in self.trades],
        }


def _concerned(goal: AnyGoal) -> frozenset[str] | None:
    """The issues a goal is about, or None when it is about every issue."""
    return frozenset(goal.issue_ids) if isinstance(goal, _IssuesCompatible) else None


def _stakes(base: AnyBaseline, concerned: frozenset[str] | None) -> dict[str, float]:
    found: dict[str, list[float]] = {party: [] for party in base.parties}
    for row in base.start.rows:
        if row.status != "gap" or (concerned is not None and row.issue.id not in concerned):
            continue
        for party in base.parties:
            position = _held(row, party)
            if position is not None:
                found[party].append(position.salience)
    return {party: math.fsum(values) for party, values in found.items()}


def _held(row: Any, party: str) -> Position | None:
    if hasattr(row, "position_a"):
        return row.position_a if row.party_a == party else row.position_b  # type: ignore[no-any-return]
    return row.position(party)  # type: ignore[no-any-return]


def _allowed(base: AnyBaseline, moves: Iterable[Move]) -> tuple[Move, ...]:
    """The moves that touch no red line: red lines are hard limits in a bargain."""
    kept = []
    for move in moves:
        if isinstance(move, RelaxRedLine):
            continue
        position = base.position(move.party, move.issue)
        if position is not None and position.red_line:
            continue
        kept.append(move)
    return tuple(kept)


def bargain(
    negotiation: Negotiation | Baseline | GroundBaseline,
    a: str | None = None,
    b: str | None = None,
    *,
    parties: Iterable[str] | None = None,
    goal: AnyGoal | None = None,
    round_id: str | None = None,
    partial: bool = True,
    max_packages: int = MAX_PACKAGES,
    tabled_only: bool = False,
    progress: Progress | None = None,
) -> Bargain:
    """The packages two or more sides could sign: the frontier, the Nash package, the trades.

    Args:
        negotiation: The negotiation, or a baseline already built.
        a: The first side's id; with ``b`` left out too, the default pair.
        b: The second side's id.
        parties: Two or more sides, read on their common ground (instead of ``a`` and ``b``).
        goal: What every package must reach: an issue goal or a compatibility index (what
            the optimiser can state); by default every issue the sides address compatible.
        round_id: The round; by default as for [`explore`][negpos.scenarios.explore].
        partial: Let ranges be widened part of the way (meeting halfway).
        max_packages: The most frontier packages to find.
        tabled_only: Read only what each side tabled in the round.
        progress: Called with a line of text as the search goes.

    Returns:
        The [`Bargain`][negpos.scenarios.Bargain]; an empty frontier when no package
        reaches the goal without crossing a red line.

    Raises:
        UsageError: The solver is missing (``pip install 'negpos[optimise]'``), the goal
            is not one the optimiser can state, or a bad argument.
        NotFoundError: A party, the round, or an issue the goal names does not exist.

    Examples:
        >>> import negpos
        >>> from negpos import scenarios
        >>> found = scenarios.bargain(
        ...     negpos.bundled(), "ru", "ua", round_id="istanbul-2",
        ...     goal=scenarios.issues_compatible(["humanitarian.children"]),
        ... )
        >>> [dict(p.concessions) for p in found.frontier]
        [{'ru': 0.3, 'ua': 0.0}, {'ru': 0.0, 'ua': 0.7}]
    """
    from negpos.scenarios._search import _baseline

    if isinstance(max_packages, bool) or not isinstance(max_packages, int) or max_packages < 1:
        raise UsageError(f"max_packages must be a whole number of 1 or more, not {max_packages!r}")
    if not available():
        raise UsageError("bargaining needs the HiGHS solver: pip install 'negpos[optimise]'")
    say = progress or (lambda line: None)
    base = _baseline(negotiation, a, b, parties, round_id=round_id, tabled_only=tabled_only)
    wanted = goal if goal is not None else all_compatible()
    check_goal(wanted, [i.id for i in base.issues])
    moves = _allowed(base, base.candidates(partial=partial))
    space = SearchSpace(base, moves, None)
    say(f"candidates: {len(moves)} moves that cross no red line")
    programs = programs_for(space, wanted, None, say, per_party=True)
    if programs is None:
        raise UsageError(
            "the goal is not one the optimiser can state (an issue goal or a compatibility "
            "index), or an issue has more than 14 candidate moves"
        )
    concerned = _concerned(wanted)
    stakes = _stakes(base, concerned)
    found, complete = _frontier(space, wanted, programs, max_packages, say)
    order = tuple(base.parties)
    packages = []
    for subset, concessions in found:
        conceded = tuple((p, round(concessions.get(p, 0.0), 12)) for p in order)
        gains = tuple((p, round(stakes[p] - c, 12)) for p, c in conceded)
        packages.append(Package(space.chosen(subset), conceded, gains))
    scored = [(p.product, k) for k, p in enumerate(packages) if p.product is not None]
    nash = packages[max(scored, key=lambda s: (s[0], -s[1]))[1]] if scored else None
    say(f"done: {len(packages)} packages on the frontier")
    return Bargain(
        describe_goal(wanted),
        base,
        tuple((p, round(stakes[p], 12)) for p in order),
        tuple(packages),
        nash,
        _trades(space, programs[0], order, concerned),
        complete,
        partial,
        len(moves),
    )


def _frontier(
    space: SearchSpace,
    goal: AnyGoal,
    programs: list[_Reading],
    limit: int,
    say: Progress,
) -> tuple[list[tuple[Subset, dict[str, float]]], bool]:
    """The frontier's packages, least total concession first, and whether it is complete."""
    found: list[tuple[Subset, dict[str, float]]] = []
    seen: set[tuple[float, ...]] = set()
    live = {k for k, p in enumerate(programs) if p.feasible}
    checked: dict[Subset, bool] = {}
    while live and len(found) < limit:
        proposals = []
        for k in sorted(live):
            answer = programs[k].solve(None)
            if answer is None:
                live.discard(k)
            else:
                proposals.append((answer[0], k, answer[1]))
        if not proposals:
            break
        total, k, chosen = min(proposals, key=lambda p: (p[0], p[1]))
        program = programs[k]
        subset = tuple(sorted(p for iid, j in chosen for p in program.options[iid][j].subset))
        if subset not in checked:
            checked[subset] = space.holds(goal, subset)
        if not checked[subset]:
            program.cut(chosen)
            continue
        point = program.concessions(chosen)
        key = tuple(round(point.get(p, 0.0), 9) for p in program.parties)
        if key not in seen:
            seen.add(key)
            found.append((subset, point))
            say(f"frontier: package {len(found)}, total concession {total:.2f}")
        for other in programs:
            if not other.options:
                other.cut([])
            else:
                other.exclude_dominated(point)
    return found, not live


def _trades(
    space: SearchSpace,
    program: _Reading,
    order: Sequence[str],
    concerned: frozenset[str] | None,
) -> tuple[Trade, ...]:
    """Each side's cheapest way to close each issue alone, paired into log-rolling trades."""
    closing: dict[tuple[str, str], float] = {}
    salience: dict[tuple[str, str], float] = {}
    for iid, opts in program.options.items():
        if concerned is not None and iid not in concerned:
            continue
        base_row = program.base_rows.get(iid)
        if base_row is None or base_row.status != "gap":
            continue
        for party in order:
            position = _held(base_row, party)
            if position is not None:
                salience[party, iid] = position.salience
        for option in opts:
            if not option.subset or option.row is None or option.row.status not in RESOLVED:
                continue
            movers = set(option.by_party)
            if len(movers) != 1:
                continue
            (mover,) = movers
            key = (mover, iid)
            if key not in closing or option.cost < closing[key]:
                closing[key] = option.cost
    trades = []
    for k, first in enumerate(order):
        for second in order[k + 1 :]:
            for (p, x), cost_x in closing.items():
                if p != first:
                    continue
                for (q, y), cost_y in closing.items():
                    if q != second or y == x:
                        continue
                    gain_first = salience.get((first, y), 0.0) - cost_x
                    gain_second = salience.get((second, x), 0.0) - cost_y
                    if (
                        gain_first > 0
                        and gain_second > 0
                        and salience.get((first, x), 0.0) < salience.get((first, y), 0.0)
                        and salience.get((second, y), 0.0) < salience.get((second, x), 0.0)
                    ):
                        trades.append(
                            Trade(
                                first,
                                x,
                                round(cost_x, 12),
                                second,
                                y,
                                round(cost_y, 12),
                                round(gain_first, 12),
                                round(gain_second, 12),
                            )
                        )
    trades.sort(
        key=lambda t: (
            -min(t.first_gain, t.second_gain),
            -(t.first_gain + t.second_gain),
            t.first_gives,
            t.second_gives,
        )
    )
    return tuple(trades[:_TRADES])
