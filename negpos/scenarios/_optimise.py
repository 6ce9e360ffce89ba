"""The exact optimiser: the cheapest moves as an integer program, solved by HiGHS.

A move changes one issue, so a set of moves is one *option* per issue: the subset of that
issue's candidate moves it makes (none is an option too). Each option is compared on its issue
alone, once. The cheapest set of moves is then a multiple-choice integer program:

- one binary variable per issue and option, exactly one option per issue;
- minimise the sum of the options' prices;
- a goal that is a condition on every issue (an [`IssueGoal`][negpos.scenarios.IssueGoal])
  keeps only the options after which the issue meets it;
- the goal "compatibility index at least *t*" is one linear row: with ``w`` an issue's
  weight in the index (fixed: a move changes no salience) and ``s`` its score (``w`` times one
  minus the gap, 0 when conditional), ``sum(s) >= t * sum(w)``;
- ``max_moves`` is one more row.

Options that cannot be part of a cheapest answer are dropped before solving: an option is
kept unless another option on its issue leads to the same row (status, gap, red lines and
zone) no dearer and with no more moves.

**Exact, and proven.** Comparing an issue alone leaves out what ties issues together:
conditions, and which option of a party's alternatives the comparison reads. Left out, they
can only make the program more hopeful than the comparison, never less: a condition met in
the program may be unmet in the comparison, never the reverse. So every answer of the program
is checked on the whole comparison; one that fails is cut off (the program must pick another
combination) and the program solved again. For a party that offers alternatives there is one
program per choice of options (the comparison reads whichever is closest), and the cheapest
checked answer is proven cheapest once no program can offer anything cheaper. The solver is
HiGHS, through ``highspy`` (the ``optimise`` extra): a few megabytes against SciPy's forty for
the same solver, and its modelling interface needs no matrices.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

from negpos._analysis.common import IssueGround
from negpos._analysis.compare import _issue_comparison as issue_comparison
from negpos._analysis.compare import compare_memoranda, restated
from negpos._analysis.comparison import IssueComparison
from negpos._model.documents import Memorandum
from negpos.scenarios._baseline import Baseline
from negpos.scenarios._goals import IssueGoal, _CompatibilityAtLeast, _IssuesCompatible
from negpos.scenarios._space import SearchSpace, Subset

__all__ = ["OPTION_LIMIT", "SOLVE_LIMIT", "TIE_LIMIT", "Outcome", "available", "optimise"]

#: The most subsets of one issue's candidate moves the optimiser compares.
OPTION_LIMIT: Final = 16384
#: The most times the optimiser solves before it gives up on a proof.
SOLVE_LIMIT: Final = 400
#: The most equally cheap answers the optimiser lists.
TIE_LIMIT: Final = 25
#: Costs and scores closer than this count as equal.
_TOLERANCE: Final = 1e-9
#: How much less a party must concede for a package to escape another's dominance: well
#: above the solver's tolerances, well below any difference of prices (salience comes in
#: hundredths, shares in quarters).
_FRONTIER_STEP: Final = 1e-4

Row = IssueComparison | IssueGround


def available() -> bool:
    """Whether the solver (``highspy``) can be imported."""
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


class Outcome:
    """What the optimiser found.

    Attributes:
        solutions: The cheapest subsets found, each checked on the whole comparison.
        proven: Whether the first of them is proven cheapest (or, with none, whether no
            subset reaches the goal).
        complete: Whether every cheapest subset is listed.
        solves: How many times the solver ran.
    """

    def __init__(self, solutions: list[Subset], proven: bool, complete: bool, solves: int) -> None:
        self.solutions, self.proven, self.complete = solutions, proven, complete
        self.solves = solves


def _weight(row: Row) -> float:
    held = (
        [p.salience for p in row.positions if p is not None]
        if isinstance(row, IssueGround)
        else [p.salience for p in (row.position_a, row.position_b) if p is not None]
    )
    if isinstance(row, IssueComparison) and len(held) == 2:
        return (held[0] + held[1]) / 2
    return math.fsum(held) / len(held) if held else 0.5


def _term(row: Row, equal: bool = False) -> tuple[float, float] | None:
    """The row's weight and score in the index, or None when it is not in the index.

    With ``equal`` every issue weighs 1, as the index counts them when every weight is 0.
    """
    if row.magnitude is None:
        if row.status == "conditional":
            return (1.0 if equal else _weight(row)), 0.0
        return None
    w = 1.0 if equal else _weight(row)
    return w, w * (1.0 - row.magnitude)


def _key(row: Row | None, zoned: bool) -> str:
    """What the program and the comparison need to know of an option's row.

    Its status, gap and red lines; and its zone when a condition names its issue (whether
    the condition can be met depends on what the zone holds).
    """
    if row is None:
        return "none"
    zone = row.zone if zoned else None
    return json.dumps(
        [
            row.status.value,
            row.magnitude,
            list(row.red_lines),
            None if zone is None else zone.model_dump(mode="json"),
        ],
        sort_keys=True,
    )


class _Option:
    __slots__ = ("by_party", "cost", "key", "moves", "row", "subset", "term")

    def __init__(self, subset: Subset, cost: float, row: Row | None, zoned: bool) -> None:
        self.subset, self.cost, self.row = subset, cost, row
        self.moves = len(subset)
        self.key = _key(row, zoned)
        self.term = None if row is None else _term(row)

    def weigh_equally(self) -> None:
        """Count the option's issue as 1 in the index (every weight is 0)."""
        self.term = None if self.row is None else _term(self.row, True)
        self.by_party: dict[str, float] = {}


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    # HiGHS prints a banner on standard output the first time a solver is made; a command
    # writing JSON there must not carry it.
    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def _subsets(space: SearchSpace, positions: Sequence[int]) -> Iterator[Subset]:
    """Every subset of one issue's candidates whose moves do not clash, smallest first."""
    for size in range(len(positions) + 1):
        for combo in itertools.combinations(positions, size):
            if all(space.clash[p].isdisjoint(combo) for p in combo):
                yield tuple(sorted(combo))


class _Reading:
    """One program: the issues' options as one reading of the memoranda compares them.

    The program is built once, on the first solve; cuts and the cap on the cost change it in
    place, so that solving again costs the solver's work only.
    """

    def __init__(
        self,
        base_rows: dict[str, Row],
        options: dict[str, list[_Option]],
        goal: IssueGoal | _CompatibilityAtLeast,
        max_moves: int | None,
    ) -> None:
        self.options = options
        self.base_rows = base_rows
        self.goal = goal
        self.max_moves = max_moves
        self.feasible = True
        # Rows ``sum(coefficient * x) >= bound``: this reading leaves no more issues
        # unresolved than each other reading does (else the comparison reads another).
        self.rivals: list[tuple[dict[tuple[str, int], float], float]] = []
        self.parties: tuple[str, ...] = ()
        self.equal = False
        self._exhausted = False
        self._model: Any = None
        self._cuts: list[list[tuple[str, int]]] = []
        self._points: list[dict[str, float]] = []
        self._variables: dict[tuple[str, int], Any] = {}
        self._cap: Any = None

    def _build(self) -> Any | None:
        import highspy

        with _quiet_stdout():
            h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        h.setOptionValue("mip_feasibility_tolerance", 1e-9)
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        self._cap = None
        variables = self._variables
        for iid, opts in self.options.items():
            chosen = []
            for k, option in enumerate(opts):
                x = h.addBinary(obj=option.cost)
                variables[iid, k] = x
                chosen.append(x)
            h.addConstr(sum(chosen) == 1)
        if isinstance(self.goal, _CompatibilityAtLeast):
            threshold = self.goal.threshold
            fixed = 0.0
            for iid, row in self.base_rows.items():
                term = _term(row, self.equal)
                if iid not in self.options and term is not None:
                    fixed += term[1] - threshold * term[0]
            expr = []
            for (iid, k), x in variables.items():
                term = self.options[iid][k].term
                coefficient = 0.0 if term is None else term[1] - threshold * term[0]
                # HiGHS refuses coefficients below 1e-9 (a warning): one that small is a
                # rounding error, and every answer is checked on the comparison anyway.
                if abs(coefficient) > 1e-9:
                    expr.append(coefficient * x)
            if expr:
                h.addConstr(sum(expr) >= -fixed - _TOLERANCE)
            elif fixed < -_TOLERANCE:
                return None
        for coefficients, bound in self.rivals:
            terms = [c * variables[key] for key, c in coefficients.items() if c]
            if terms:
                h.addConstr(sum(terms) >= bound)
            elif bound > 0:
                return None
        counted = [
            option.moves * variables[iid, k]
            for iid, opts in self.options.items()
            for k, option in enumerate(opts)
            if option.moves
        ]
        if self.max_moves is not None and counted:
            h.addConstr(sum(counted) <= self.max_moves)
        priced = [
            option.cost * variables[iid, k]
            for iid, opts in self.options.items()
            for k, option in enumerate(opts)
            if option.cost
        ]
        if priced:
            self._cap = h.addConstr(sum(priced) <= highspy.kHighsInf)
        return h

    def cut(self, chosen: list[tuple[str, int]]) -> None:
        """Forbid this combination of options from now on."""
        if not chosen:
            # The empty combination is the only one a program without options has.
            self._exhausted = True
        else:
            self._cuts.append(list(chosen))
            if self._model is not None:
                self._model.addConstr(sum(self._variables[c] for c in chosen) <= len(chosen) - 1)

    def concessions(self, chosen: list[tuple[str, int]]) -> dict[str, float]:
        """What each party concedes in a combination of options, in its own prices."""
        out: dict[str, list[float]] = {party: [] for party in self.parties}
        for iid, k in chosen:
            for party, cost in self.options[iid][k].by_party.items():
                out.setdefault(party, []).append(cost)
        return {party: math.fsum(costs) for party, costs in out.items()}

    def exclude_dominated(self, point: dict[str, float]) -> None:
        """From now on, answers must concede less than ``point`` for at least one party.

        One binary per party says which party concedes less; a party's concessions are
        bounded by the sum of its dearest option on every issue, which makes the big-M rows
        exact.
        """
        if all(point.get(p, 0.0) - _FRONTIER_STEP < 0 for p in self.parties):
            self._exhausted = True
        else:
            self._points.append(dict(point))
            # New binaries after a solve are not reliably honoured by an incremental
            # re-solve: the next solve builds the program afresh.
            self._model = None

    def _add_points(self, h: Any) -> None:
        for point in self._points:
            picks = []
            for party in self.parties:
                terms = [
                    option.by_party[party] * self._variables[iid, k]
                    for iid, opts in self.options.items()
                    for k, option in enumerate(opts)
                    if option.by_party.get(party)
                ]
                ceiling = math.fsum(
                    max((o.by_party.get(party, 0.0) for o in opts), default=0.0)
                    for opts in self.options.values()
                )
                limit = point.get(party, 0.0) - _FRONTIER_STEP
                if not terms or limit < 0:
                    continue
                y = h.addBinary(obj=0.0)
                h.addConstr(sum(terms) + (ceiling - limit) * y <= ceiling)
                picks.append(y)
            if picks:
                h.addConstr(sum(picks) >= 1)
            else:
                h.addConstr(sum(self._variables.values()) <= -1)

    def _without_options(self, cap: float | None) -> tuple[float, list[tuple[str, int]]] | None:
        """A program with no option to choose: the empty answer, if the goal allows it."""
        if self._exhausted or (cap is not None and cap < -_TOLERANCE):
            return None
        if isinstance(self.goal, _CompatibilityAtLeast):
            terms = [
                t for row in self.base_rows.values() if (t := _term(row, self.equal)) is not None
            ]
            score = math.fsum(t[1] - self.goal.threshold * t[0] for t in terms)
            if not terms or score < -_TOLERANCE:
                return None
        if any(bound > 0 for _, bound in self.rivals):
            return None
        return 0.0, []

    def solve(self, cap: float | None) -> tuple[float, list[tuple[str, int]]] | None:
        """The cheapest choice of options, at most ``cap`` when given, or None.

        The program is built once, and built afresh after a frontier point is added (with
        every cut and point so far); cuts alone are added to it in place.
        """
        import highspy

        if not self.options:
            return self._without_options(cap)
        if self._exhausted:
            return None
        h = self._model
        if h is None:
            self._variables = {}
            h = self._build()
            if h is None:
                return None
            for cut in self._cuts:
                h.addConstr(sum(self._variables[c] for c in cut) <= len(cut) - 1)
            self._add_points(h)
            self._model = h
        if self._cap is not None:
            limit = highspy.kHighsInf if cap is None else cap + _TOLERANCE
            h.changeRowBounds(self._cap.index, -highspy.kHighsInf, limit)
        elif cap is not None and cap < -_TOLERANCE:
            return None
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        values = h.getSolution().col_value
        chosen = [(iid, k) for (iid, k), x in self._variables.items() if values[x.index] > 0.5]
        return math.fsum(self.options[i][k].cost for i, k in chosen), chosen


def _readings(base: Baseline) -> list[tuple[Memorandum, Memorandum]]:
    """Each way of taking one option per group of alternatives, as plain memoranda."""
    per_memo: list[list[Memorandum]] = []
    for memo in base.memoranda:
        if not memo.alternatives:
            per_memo.append([memo])
            continue
        taken: list[Memorandum] = []
        for choice in itertools.product(*(g.options for g in memo.alternatives)):
            positions = {p.issue: p for p in memo.positions}
            for option in choice:
                for p in option.positions:
                    positions[p.issue] = restated(positions.get(p.issue), p)
            taken.append(
                Memorandum(party=memo.party, round=memo.round, positions=tuple(positions.values()))
            )
        per_memo.append(taken)
    return [(a, b) for a in per_memo[0] for b in per_memo[1]]


def optimise(
    space: SearchSpace,
    goal: Callable[[Any], bool],
    max_moves: int | None,
    say: Callable[[str], None],
) -> Outcome | None:
    """The cheapest subsets of the space's candidates after which ``goal`` holds, proven.

    Returns:
        The cheapest subsets found (at most ``SOLUTION_LIMIT``, each checked on the whole
        comparison) and whether they are proven to be all the cheapest; None when the goal
        is not one the program can state, ``highspy`` is missing, an issue has too many
        subsets of candidates, or the index has no weights.
    """
    from negpos.scenarios._search import SOLUTION_LIMIT

    programs = programs_for(space, goal, max_moves, say)
    if programs is None:
        return None
    return _branch_and_check(space, goal, programs, min(SOLUTION_LIMIT, TIE_LIMIT), say)


def programs_for(
    space: SearchSpace,
    goal: Callable[[Any], bool],
    max_moves: int | None,
    say: Callable[[str], None],
    *,
    per_party: bool = False,
) -> list[_Reading] | None:
    """One program per reading of the memoranda, or None when the goal cannot be stated.

    See ``optimise`` for when that is. With ``per_party`` an option is dropped only when
    another beats it on what every party concedes, not just on the total (for frontiers).
    """
    linear = isinstance(goal, _CompatibilityAtLeast) or (
        isinstance(goal, IssueGoal)
        and (type(goal).__call__ is IssueGoal.__call__ or isinstance(goal, _IssuesCompatible))
    )
    if not linear or not available():
        return None
    base = space.base
    by_issue = space.by_issue
    if any(len(positions) > 14 for positions in by_issue.values()):
        return None
    start = base.start
    readings: list[tuple[dict[str, Row], Callable[[str, Any], Row | None]]] = []
    if isinstance(base, Baseline) and any(m.alternatives for m in base.memoranda):
        pairs = _readings(base)
        if len(pairs) > 16:
            return None
        for memo_a, memo_b in pairs:
            compared = compare_memoranda(memo_a, memo_b, base.issues, base.settled)
            readings.append(
                ({r.issue.id: r for r in compared.rows}, _row_in(base, (memo_a, memo_b)))
            )
    elif isinstance(base, Baseline) or not any(m.alternatives for m in base.memoranda):
        readings.append(({r.issue.id: r for r in start.rows}, base.issue_row))
    else:
        return None
    equal = False
    if isinstance(goal, _CompatibilityAtLeast):
        weights = [t[0] for rows, _ in readings for r in rows.values() if (t := _term(r))]
        # Moves change no salience: with every weight 0 the index counts issues equally.
        equal = not any(w > 0 for w in weights)
    named = set(goal.issue_ids) if isinstance(goal, _IssuesCompatible) else set()
    say(f"optimiser: comparing the options of {len(by_issue)} issues")
    subsets: dict[str, list[tuple[Subset, Any]]] = {}
    for iid, positions in by_issue.items():
        found: list[tuple[Subset, Any]] = []
        for subset in _subsets(space, positions):
            moved = space.moved(subset) if subset else {}
            if subset and moved is None:
                continue
            found.append((subset, moved))
            if len(found) > OPTION_LIMIT:
                return None
        subsets[iid] = found
    # The issues some condition names: their zones decide whether the condition can be met.
    targets = {
        c.issue
        for memo in base.memoranda
        for p in (
            *memo.positions,
            *(q for g in memo.alternatives for o in g.options for q in o.positions),
        )
        for c in p.conditions
    }
    programs: list[_Reading] = []
    for rows, row_of in readings:
        # A row left conditional may come free when a move meets its condition: the program
        # reads it as its issue alone (conditions aside), to stay hopeful.
        rows = dict(rows)
        for iid, row in list(rows.items()):
            if row.status == "conditional":
                alone = row_of(iid, {})
                if alone is not None:
                    rows[iid] = alone
        feasible = all(i in rows or i in subsets for i in named)
        for iid, row in rows.items():
            if iid not in subsets and isinstance(goal, IssueGoal) and not goal.holds_on(row):
                feasible = False
        options: dict[str, list[_Option]] = {}
        for iid, found in subsets.items():
            zoned = iid in targets
            pool = [
                _Option(
                    subset,
                    space.cost(subset),
                    row_of(iid, moved) if subset else rows.get(iid),
                    zoned,
                )
                for subset, moved in found
            ]
            if isinstance(goal, IssueGoal):
                pool = [o for o in pool if o.row is not None and goal.holds_on(o.row)]
            for option in pool:
                option.by_party = _by_party(space, option.subset)
            options[iid] = _prune_by_party(pool) if per_party else _prune(pool)
            if not options[iid]:
                feasible = False
        program = _Reading(rows, options, goal, max_moves)  # type: ignore[arg-type]
        program.feasible = feasible
        if equal:
            program.equal = True
            for opts in options.values():
                for option in opts:
                    option.weigh_equally()
        programs.append(program)
    if len(readings) > 1:
        for k, program in enumerate(programs):
            for j, (rows_j, row_of_j) in enumerate(readings):
                if j != k:
                    program.rivals.append(_rival(program, readings[k][0], rows_j, row_of_j, space))
    for program in programs:
        program.parties = tuple(base.parties)
    return programs


def _by_party(space: SearchSpace, subset: Subset) -> dict[str, float]:
    """What each party's moves in a subset cost it."""
    out: dict[str, list[float]] = {}
    for p in subset:
        out.setdefault(space.moves[p].party, []).append(space.costs[p])
    return {party: math.fsum(costs) for party, costs in out.items()}


_UNRESOLVED: Final = frozenset({"gap", "one_sided", "conditional"})
#: The statuses that resolve an issue between the parties.
RESOLVED: Final = frozenset({"settled", "identical", "same_preference", "overlap"})


def _open(row: Row | None) -> int:
    return int(row is not None and row.status in _UNRESOLVED)


def _rival(
    program: _Reading,
    own_rows: dict[str, Row],
    rows: dict[str, Row],
    row_of: Callable[[str, Any], Row | None],
    space: SearchSpace,
) -> tuple[dict[tuple[str, int], float], float]:
    """The row "this reading leaves no more issues unresolved than that one" of a program.

    ``sum over issues (open elsewhere - open here) >= 0``, the issues without options
    counted in the bound.
    """
    coefficients: dict[tuple[str, int], float] = {}
    for iid, opts in program.options.items():
        for k, option in enumerate(opts):
            moved = space.moved(option.subset) if option.subset else None
            there = row_of(iid, moved) if moved else rows.get(iid)
            coefficients[iid, k] = float(_open(there) - _open(option.row))
    bound = 0.0
    for iid in set(own_rows) | set(rows):
        if iid not in program.options:
            bound += _open(own_rows.get(iid)) - _open(rows.get(iid))
    return coefficients, bound


def _row_in(
    base: Baseline, memoranda: tuple[Memorandum, Memorandum]
) -> Callable[[str, Any], Row | None]:
    """One issue compared in one reading, with some positions moved."""

    def row_of(issue_id: str, moved: Any) -> Row | None:
        issue = base.issue(issue_id)
        first, second = (
            moved.get((memo.party, issue_id)) or memo.position(issue_id) for memo in memoranda
        )
        if first is None or second is None:
            return None
        return issue_comparison(issue, first, second, *base.parties, ())

    return row_of


def _prune(pool: list[_Option]) -> list[_Option]:
    """The options no other option with the same row beats on price and number of moves.

    Options that tie on both are all kept: each may be part of a cheapest answer.
    """
    by_key: dict[str, list[_Option]] = {}
    for option in pool:
        by_key.setdefault(option.key, []).append(option)
    kept: list[_Option] = []
    for group in by_key.values():
        group.sort(key=lambda o: (o.cost, o.moves, o.subset))
        fewest: int | None = None
        last: tuple[float, int] | None = None
        for option in group:
            tie = (
                last is not None
                and abs(option.cost - last[0]) <= _TOLERANCE
                and option.moves == last[1]
            )
            if fewest is None or option.moves < fewest or tie:
                kept.append(option)
                last = (option.cost, option.moves)
                fewest = option.moves if fewest is None else min(fewest, option.moves)
    kept.sort(key=lambda o: (o.cost, o.moves, o.subset))
    return kept


def _prune_by_party(pool: list[_Option]) -> list[_Option]:
    """The options no other option with the same row beats on every party's price and moves.

    Ties (the same price for every party and as many moves) are all kept.
    """
    by_key: dict[str, list[_Option]] = {}
    for option in pool:
        by_key.setdefault(option.key, []).append(option)
    kept: list[_Option] = []
    for group in by_key.values():
        group.sort(key=lambda o: (o.cost, o.moves, o.subset))
        front: list[_Option] = []
        for option in group:
            if not any(_beats(other, option) for other in front):
                front.append(option)
        kept += front
    kept.sort(key=lambda o: (o.cost, o.moves, o.subset))
    return kept


def _beats(other: _Option, option: _Option) -> bool:
    parties = set(other.by_party) | set(option.by_party)
    mine = [option.by_party.get(p, 0.0) for p in parties]
    theirs = [other.by_party.get(p, 0.0) for p in parties]
    if other.moves > option.moves or any(
        t > m + _TOLERANCE for t, m in zip(theirs, mine, strict=True)
    ):
        return False
    return other.moves < option.moves or any(
        t < m - _TOLERANCE for t, m in zip(theirs, mine, strict=True)
    )


def _branch_and_check(
    space: SearchSpace,
    goal: Callable[[Any], bool],
    programs: list[_Reading],
    limit: int,
    say: Callable[[str], None],
) -> Outcome:
    """Take the cheapest answer of any program, check it, cut it off; until none is cheaper.

    Each program's answer only grows dearer as answers are cut off, so the first answer that
    passes the check is a cheapest one, and once no program has an answer as cheap, every
    cheapest answer has been seen.
    """
    solves = 0
    best: float | None = None
    found: dict[Subset, None] = {}
    checked: dict[Subset, bool] = {}
    pending: dict[int, tuple[float, list[tuple[str, int]]]] = {}
    live = {k for k, p in enumerate(programs) if p.feasible}
    complete = True
    while live:
        for k in sorted(live - set(pending)):
            if solves >= SOLVE_LIMIT:
                break
            solves += 1
            answer = programs[k].solve(best)
            if answer is None:
                live.discard(k)
            else:
                pending[k] = answer
        if solves >= SOLVE_LIMIT and live - set(pending):
            complete = False
            break
        if not pending:
            break
        k = min(pending, key=lambda j: (pending[j][0], j))
        cost, chosen = pending.pop(k)
        program = programs[k]
        program.cut(chosen)
        if best is not None and cost > best + _TOLERANCE:
            live.discard(k)
            continue
        subset = tuple(sorted(p for iid, j in chosen for p in program.options[iid][j].subset))
        if subset not in checked:
            checked[subset] = space.holds(goal, subset)
        if not checked[subset]:
            continue
        if best is None:
            best = cost
            say(f"optimiser: cost {cost:.2f}, checked on the whole comparison")
            # Answers above the best are no longer wanted: solve again under it.
            pending = {j: a for j, a in pending.items() if a[0] <= best + _TOLERANCE}
        found[subset] = None
        if len(found) >= limit:
            complete = False
            break
    proven = best is not None or complete
    return Outcome(list(found), proven, complete, solves)
