"""Robust comparison: every figure as a range over the readings, every status robust or not.

[`robust`][negpos.robust] (and [`Negotiation.robust`][negpos.Negotiation.robust]) compares
two parties as [`compare`][negpos.compare] does, once for every combination of readings of
their positions (see ``negpos._analysis.readings``), and reports:

- each figure of the summary (the compatibility index, the mean gap, the red lines in
  conflict, the count of each status) as a [`FigureRange`][negpos.FigureRange]: the lowest,
  the highest, and the value under the main readings;
- per issue, every status seen, whether the status is **robust** (the same under every
  combination) or **depends on reading**, the range of its magnitude, and the *smallest*
  set of readings that changes its status (fewest readings departing from the main ones,
  then the most probable);
- for the index, the smallest set of readings that gives its lowest and its highest value;
- where weights are given, the probability of each issue's main status and the weighted
  mean and quantiles of the index.

**Exact or sampled.** With at most ``limit`` combinations (4,096 by default) every one is
compared, and every range, every smallest set and every probability is exact. With more, the
search compares the main combination, every combination that departs from it in a single
reading, and ``samples`` combinations drawn by the readings' probabilities with a fixed seed:
every conclusion a single reading can change is found, and the smallest sets found are
smallest among the combinations tried; the ranges are then inner bounds (the true range can
only be wider), and the result says so (``exact`` is False). Both are deterministic.

**Scaling out.** The combinations are compared in chunks; pass any
``concurrent.futures.Executor`` (a process pool, ``distributed.Client.get_executor()``, a Ray
executor) and the chunks run on it. The result is the same as the serial run's.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any, ClassVar, TypeVar

import attrs

from negpos._analysis.compare.memoranda import compare_memoranda
from negpos._analysis.compare.patch import Patch
from negpos._analysis.comparison import Comparison, IssueComparison, Status, pair_text
from negpos._analysis.readings import (
    Combination,
    ReadingVariable,
    apply_readings,
    combinations,
    count_of,
    probability,
    read_negotiation,
    sample_combinations,
    variables_in,
    variables_of,
)
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._analysis.settled import Settlement, settlements
from negpos._errors import NotFoundError, UsageError
from negpos._model.documents import Memorandum
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr, figure, guarded, plural, tag
from negpos._model.selection import resolve_pair, resolve_round
from negpos._model.standing import held

__all__ = [
    "EXACT_LIMIT",
    "SAMPLES",
    "FigureRange",
    "FigureSweep",
    "RobustComparison",
    "RobustIssue",
    "SweptFigure",
    "robust",
    "robust_figures",
    "robust_of",
    "sweep",
]

#: The most combinations a robust analysis compares one by one before it samples.
EXACT_LIMIT = 4096
#: How many combinations a sampled robust analysis draws, beyond the systematic ones.
SAMPLES = 2048
#: How many combinations one task of a sweep compares.
CHUNK = 256

T = TypeVar("T")
R = TypeVar("R")


def sweep(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    executor: Executor | None = None,
    chunk: int = CHUNK,
) -> list[R]:
    """``function`` applied to every item, in order, serially or on an executor.

    The work is cut into chunks of ``chunk`` items; with an executor each chunk is one task
    (``executor.map``), so that a process pool or a cluster pays the cost of sending a task
    once per chunk. ``function`` must then be picklable: a module-level function or a
    ``functools.partial`` of one.

    Args:
        function: What to compute for one item.
        items: The items.
        executor: Any ``concurrent.futures.Executor``; None to run here, serially.
        chunk: How many items one task handles (at least 1).

    Returns:
        The results, in the order of ``items``, the same with or without an executor.

    Raises:
        UsageError: ``chunk`` is below 1.

    Examples:
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> with ThreadPoolExecutor(2) as pool:
        ...     sweep(abs, [-3, 1, -2], executor=pool, chunk=2)
        [3, 1, 2]
    """
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise UsageError(f"chunk must be a whole number of 1 or more, not {chunk!r}")
    pieces = _chunks(items, chunk)
    if executor is None:
        return [function(item) for piece in pieces for item in piece]
    task = functools.partial(_each, function)
    # A list, not a generator: some executors (Dask's) map over sequences only.
    return [result for part in executor.map(task, list(pieces)) for result in part]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    piece: list[T] = []
    for item in items:
        piece.append(item)
        if len(piece) == size:
            yield piece
            piece = []
    if piece:
        yield piece


def _each(function: Callable[[T], R], piece: list[T]) -> list[R]:
    return [function(item) for item in piece]


@attrs.frozen
class FigureRange:
    """A figure over every reading: its lowest and highest value, and its main value.

    Attributes:
        main: The value under the main readings.
        low: The lowest value found.
        high: The highest value found.
    """

    main: float | None
    low: float | None
    high: float | None

    @property
    def robust(self) -> bool:
        """Whether the figure is the same under every reading tried."""
        return self.low == self.high

    def contains(self, value: float | None) -> bool:
        """Whether ``value`` lies in the range (None only in a range of None)."""
        if value is None or self.low is None or self.high is None:
            return value is None and self.low is None
        return self.low <= value <= self.high

    def to_dict(self) -> dict[str, Any]:
        """The range as JSON-ready data."""
        return {"main": self.main, "low": self.low, "high": self.high}


@attrs.frozen
class _Outcome:
    """What one combination of readings gives: the figures and each row's status."""

    compatibility: float | None
    mean_gap: float | None
    red_line_count: int
    counts: tuple[int, ...]
    statuses: tuple[Status, ...]
    magnitudes: tuple[float | None, ...]


class _Job:
    """Everything a worker needs to compare combinations; it pickles without its cache."""

    def __init__(
        self,
        memo_a: Memorandum,
        memo_b: Memorandum,
        issues: tuple[Issue, ...],
        settled: Mapping[str, Settlement],
        variables: tuple[ReadingVariable, ...],
        ids: tuple[str, ...],
    ) -> None:
        self.memo_a, self.memo_b, self.issues = memo_a, memo_b, issues
        self.settled, self.variables, self.ids = dict(settled), variables, ids
        self._patch: Patch | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_patch": None}

    def __call__(self, combination: Combination) -> _Outcome:
        return _outcome(self._compare(combination), self.ids)

    def _compare(self, combination: Combination) -> Comparison:
        if self.memo_a.alternatives or self.memo_b.alternatives:
            memo_a, memo_b = apply_readings((self.memo_a, self.memo_b), self.variables, combination)
            return compare_memoranda(memo_a, memo_b, self.issues, self.settled)
        if self._patch is None:
            base = compare_memoranda(self.memo_a, self.memo_b, self.issues, self.settled)
            self._patch = Patch(base, self.memo_a, self.memo_b, self.issues, self.settled)
        moved = {
            (v.party, v.issue): v.positions[k]
            for v, k in zip(self.variables, combination, strict=True)
            if k
        }
        return self._patch.after(moved)


def _outcome(comparison: Comparison, ids: tuple[str, ...]) -> _Outcome:
    rows = comparison.rows
    if tuple(r.issue.id for r in rows) != ids:  # pragma: no cover - readings never add rows
        raise AssertionError("a reading changed which issues the comparison has")
    summary = comparison.summary
    return _Outcome(
        summary.compatibility,
        summary.mean_gap,
        summary.red_line_count,
        tuple(n for _, n in summary.counts),
        tuple(r.status for r in rows),
        tuple(r.magnitude for r in rows),
    )


@attrs.frozen
class RobustIssue:
    """One issue of a robust comparison.

    Attributes:
        issue: The issue, as the agenda defines it.
        row: The issue's row under the main readings.
        statuses: Every status seen, in ``Status`` order.
        magnitude: The range of the issue's magnitude (None where it has none).
        depends_on: The smallest set of readings found that gives the issue another status,
            each in words ("ua on security.nato: no bar in law"); empty when the status is
            robust.
        flipped_to: The status under ``depends_on``, or None when robust.
        main_probability: The probability that the issue keeps its main status (by the
            readings' weights; exact when the comparison is exact).
    """

    issue: Issue
    row: IssueComparison = attrs.field(repr=False)
    statuses: tuple[Status, ...]
    magnitude: FigureRange
    depends_on: tuple[str, ...] = ()
    flipped_to: Status | None = None
    main_probability: float = 1.0

    @property
    def status(self) -> Status:
        """The status under the main readings."""
        return self.row.status

    @property
    def robust(self) -> bool:
        """Whether the status is the same under every reading tried."""
        return len(self.statuses) == 1

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "status": self.status.value,
            "robust": self.robust,
            "statuses": [s.value for s in self.statuses],
            "magnitude": self.magnitude.to_dict(),
            "depends_on": list(self.depends_on),
            "flipped_to": None if self.flipped_to is None else self.flipped_to.value,
            "main_probability": self.main_probability,
        }

    @guarded
    def __repr__(self) -> str:
        """``<RobustIssue issue: status (robust) or statuses (depends on reading)>``."""
        statuses = " or ".join(s.value.replace("_", "-") for s in self.statuses)
        how = "robust" if len(self.statuses) == 1 else "depends on reading"
        text = f"{self.issue.id}: {statuses} ({how})"
        m = self.magnitude
        if m.low is not None and m.high is not None:
            text += f"; magnitude {figure(m.low, 2)}–{figure(m.high, 2)}"
        return tag("RobustIssue", text)


_CRITERIA = {"status": Criterion(lambda row: row.status, Status), **issue_criteria()}


@attrs.frozen
class RobustComparison(IssueRows[RobustIssue], Renderable):
    """A comparison run over every combination of readings (see [`robust`][negpos.robust]).

    Attributes:
        comparison: The comparison under the main readings.
        variables: The positions read in more than one way, in order.
        combinations: How many combinations there are in all.
        evaluated: How many were compared.
        exact: Whether every combination was compared (else the ranges are inner bounds).
        weighted: Whether any reading gives a weight (the probabilities are then the
            analyst's, not a uniform split between readings).
        compatibility: The compatibility index over the readings.
        mean_gap: The mean gap over the readings.
        red_line_conflicts: The number of red lines in conflict over the readings.
        counts: The number of issues with each status over the readings, in ``Status``
            order.
        rows: One row per issue of the comparison, in agenda order.
        lowest: The smallest set of readings found that gives the lowest index, in words.
        highest: The smallest set of readings found that gives the highest index, in words.
        index_mean: The index's mean by the readings' probabilities.
        index_quantiles: The index's 5th, 50th and 95th percentiles by the readings'
            probabilities.
    """

    comparison: Comparison = attrs.field(repr=False)
    variables: tuple[ReadingVariable, ...]
    combinations: int
    evaluated: int
    exact: bool
    weighted: bool
    compatibility: FigureRange
    mean_gap: FigureRange
    red_line_conflicts: FigureRange
    counts: tuple[tuple[Status, FigureRange], ...]
    rows: tuple[RobustIssue, ...] = attrs.field(repr=False)
    lowest: tuple[str, ...] = ()
    highest: tuple[str, ...] = ()
    index_mean: float | None = None
    index_quantiles: tuple[float, float, float] | None = None
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    @property
    def parties(self) -> tuple[str, str]:
        """The two parties' ids, in order."""
        return self.comparison.party_a, self.comparison.party_b

    @property
    def fragile(self) -> tuple[RobustIssue, ...]:
        """The issues whose status depends on the reading, in agenda order."""
        return tuple(r for r in self.rows if not r.robust)

    def count(self, status: Status | str) -> FigureRange:
        """The range of the number of issues with ``status``."""
        wanted = Status(status)
        return next(r for s, r in self.counts if s is wanted)

    def to_dict(self) -> dict[str, Any]:
        """The robust comparison as JSON-ready data."""
        c = self.comparison
        return {
            "round": c.round_a if c.round_a == c.round_b else None,
            "parties": list(self.parties),
            "combinations": self.combinations,
            "evaluated": self.evaluated,
            "exact": self.exact,
            "weighted": self.weighted,
            "variables": [v.to_dict() for v in self.variables],
            "compatibility": self.compatibility.to_dict(),
            "mean_gap": self.mean_gap.to_dict(),
            "red_line_conflicts": self.red_line_conflicts.to_dict(),
            "counts": {s.value: r.to_dict() for s, r in self.counts},
            "lowest": list(self.lowest),
            "highest": list(self.highest),
            "index_mean": self.index_mean,
            "index_quantiles": None if self.index_quantiles is None else list(self.index_quantiles),
            "rows": [r.to_dict() for r in self.rows],
        }

    @guarded
    def __repr__(self) -> str:
        """``<RobustComparison a–b at round: N readings, N combinations; index low–high>``."""
        c = self.comparison
        index = self.compatibility
        method = "exact" if self.exact else f"{self.evaluated} sampled"
        return tag(
            "RobustComparison",
            f"{pair_text(c.party_a, c.party_b, c.round_a, c.round_b)}: "
            f"{plural(len(self.variables), 'uncertain position')}, "
            f"{plural(self.combinations, 'combination')} ({method}); "
            f"index {figure(index.low)}–{figure(index.high)} (main {figure(index.main)})",
        )


def _range(main: float | None, values: Iterable[float | None]) -> FigureRange:
    present = [v for v in values if v is not None]
    if not present:
        return FigureRange(main, None, None)
    return FigureRange(main, min(present), max(present))


def _first_smallest(
    variables: Sequence[ReadingVariable], combos: Sequence[Combination], picked: Iterable[int]
) -> int | None:
    """The smallest of the picked combinations, or None when none is picked.

    The smallest departs from the main readings in the fewest variables; ties go to the most
    probable, then the first.
    """
    best: tuple[int, float, int] | None = None
    for k in picked:
        combo = combos[k]
        key = (sum(1 for j in combo if j), -probability(variables, combo), k)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def _smallest(
    variables: Sequence[ReadingVariable],
    combos: Sequence[Combination],
    picked: Iterable[int],
) -> tuple[str, ...]:
    """The readings of the smallest, then most probable, then first of the picked combos."""
    k = _first_smallest(variables, combos, picked)
    if k is None:
        return ()
    return tuple(v.describe(j) for v, j in zip(variables, combos[k], strict=True) if j)


def _quantiles(values: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """The 5th, 50th and 95th percentiles of weighted values (the lowest value reaching each)."""
    ordered = sorted(values)
    total = math.fsum(w for _, w in ordered)
    out: list[float] = []
    for q in (0.05, 0.5, 0.95):
        running = 0.0
        for value, weight in ordered:
            running += weight
            if running >= q * total - 1e-12:
                out.append(value)
                break
    return out[0], out[1], out[2]


def robust_of(
    memo_a: Memorandum,
    memo_b: Memorandum,
    issues: Sequence[Issue],
    settled: Mapping[str, Settlement] | None = None,
    *,
    executor: Executor | None = None,
    limit: int = EXACT_LIMIT,
    samples: int = SAMPLES,
    seed: int = 0,
) -> RobustComparison:
    """The robust comparison of two memoranda already known to fit the agenda (no checks).

    See [`robust`][negpos.robust] for the arguments and the result.
    """
    for name, value, least in (("limit", limit, 1), ("samples", samples, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise UsageError(f"{name} must be a whole number of {least} or more, not {value!r}")
    settled = settled or {}
    base = compare_memoranda(memo_a, memo_b, issues, settled)
    variables = variables_of((memo_a, memo_b))
    total = count_of(variables)
    exact = total <= limit
    combos: list[Combination] = (
        list(combinations(variables)) if exact else sample_combinations(variables, samples, seed)
    )
    ids = tuple(r.issue.id for r in base.rows)
    job = _Job(memo_a, memo_b, tuple(issues), settled, variables, ids)
    outcomes = sweep(job, combos, executor=executor)
    weights = [probability(variables, c) for c in combos]
    s = base.summary
    compat = _range(s.compatibility, (o.compatibility for o in outcomes))
    rows: list[RobustIssue] = []
    total_weight = math.fsum(weights)
    for k, row in enumerate(base.rows):
        seen = {o.statuses[k] for o in outcomes}
        flipped = [i for i, o in enumerate(outcomes) if o.statuses[k] is not row.status]
        depends = _smallest(variables, combos, flipped)
        first = _first_smallest(variables, combos, flipped)
        to = None if first is None else outcomes[first].statuses[k]
        kept = math.fsum(
            w for w, o in zip(weights, outcomes, strict=True) if o.statuses[k] is row.status
        )
        rows.append(
            RobustIssue(
                row.issue,
                row,
                tuple(st for st in Status if st in seen),
                _range(row.magnitude, (o.magnitudes[k] for o in outcomes)),
                depends,
                to,
                kept / total_weight if total_weight else 1.0,
            )
        )
    indexed = [
        (o.compatibility, w)
        for o, w in zip(outcomes, weights, strict=True)
        if o.compatibility is not None
    ]
    lowest: tuple[str, ...] = ()
    highest: tuple[str, ...] = ()
    mean = quantiles = None
    if indexed and compat.low is not None:
        lowest = _smallest(
            variables, combos, [i for i, o in enumerate(outcomes) if o.compatibility == compat.low]
        )
        highest = _smallest(
            variables, combos, [i for i, o in enumerate(outcomes) if o.compatibility == compat.high]
        )
        weight = math.fsum(w for _, w in indexed)
        mean = math.fsum(v * w for v, w in indexed) / weight if weight else None
        quantiles = _quantiles(indexed)
    counts = tuple(
        (status, _range(float(s.count(status)), (float(o.counts[j]) for o in outcomes)))
        for j, status in enumerate(Status)
    )
    return RobustComparison(
        base,
        variables,
        total,
        len(combos),
        exact,
        any(v.weighted for v in variables),
        compat,
        _range(s.mean_gap, (o.mean_gap for o in outcomes)),
        _range(float(s.red_line_count), (float(o.red_line_count) for o in outcomes)),
        counts,
        tuple(rows),
        lowest,
        highest,
        mean,
        quantiles,
    )


def robust(
    negotiation: Negotiation,
    a: str | None = None,
    b: str | None = None,
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
    executor: Executor | None = None,
    limit: int = EXACT_LIMIT,
    samples: int = SAMPLES,
    seed: int = 0,
) -> RobustComparison:
    """Two parties compared under every reading of their positions.

    Each position with [`Reading`][negpos.Reading]s or a ``salience_range`` is read each way
    in turn; the comparison is run for every combination of readings (or, past ``limit``
    combinations, for a reproducible sample that includes every single-reading departure),
    and every figure becomes a range, every status robust or dependent on reading, with the
    smallest set of readings that changes it. See docs/concepts.md ("Readings and robust
    figures").

    Args:
        negotiation: The negotiation.
        a: The first party's id; with ``b`` left out too, the default pair.
        b: The second party's id.
        round_id: The round; by default the latest round both parties tabled positions in.
        tabled_only: Compare only what each party tabled in the round.
        executor: A ``concurrent.futures.Executor`` to run the comparisons on (a process
            pool, a Dask or Ray executor); None to run them here.
        limit: The most combinations compared one by one; beyond, the search samples.
        samples: How many combinations a sampled search draws at random.
        seed: The seed of that draw.

    Returns:
        The [`RobustComparison`][negpos.RobustComparison]; with no readings, every range is
        a point and every status robust.

    Raises:
        NotFoundError: A party or the round does not exist.
        UsageError: The same party twice, or a bad ``limit``, ``samples`` or ``seed``.

    Examples:
        >>> import negpos
        >>> result = negpos.robust(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
        >>> result.exact, [row.issue.id for row in result.fragile]
        (True, ['ceasefire.duration'])
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise UsageError(f"seed must be a whole number, not {seed!r}")
    pair = resolve_pair(negotiation, a, b, what="a robust comparison")
    rnd = resolve_round(negotiation, round_id, pair)
    memo_a = held(negotiation, pair[0], rnd.id, tabled_only=tabled_only)
    memo_b = held(negotiation, pair[1], rnd.id, tabled_only=tabled_only)
    return robust_of(
        memo_a,
        memo_b,
        negotiation.issues,
        settlements(negotiation, pair, rnd.id),
        executor=executor,
        limit=limit,
        samples=samples,
        seed=seed,
    )


Value = float | int | str | bool | None
"""What a measure gives for one figure: a number, a word (a status, a party), or nothing."""


@attrs.frozen
class SweptFigure:
    """One figure of a [`FigureSweep`][negpos.FigureSweep] over the readings.

    Attributes:
        name: The figure's name, as the measure gave it.
        main: Its value under the main readings.
        values: Every value seen, in the order first seen (the main value first).
        range: For a number, its lowest and highest values; None for other values.
        depends_on: The smallest set of readings found that changes the value, in words;
            empty when the value is robust.
        changed_to: The value under ``depends_on``, when it changes.
    """

    name: str
    main: Value
    values: tuple[Value, ...]
    range: FigureRange | None = None
    depends_on: tuple[str, ...] = ()
    changed_to: Value = None

    @property
    def robust(self) -> bool:
        """Whether the figure is the same under every reading tried."""
        return len(self.values) == 1

    def to_dict(self) -> dict[str, Any]:
        """The figure as JSON-ready data."""
        return {
            "name": self.name,
            "main": self.main,
            "values": list(self.values),
            "range": None if self.range is None else self.range.to_dict(),
            "robust": self.robust,
            "depends_on": list(self.depends_on),
            "changed_to": self.changed_to,
        }

    __repr__ = compact_repr


@attrs.frozen
class FigureSweep(Renderable):
    """Any figures of a negotiation, measured under every combination of its readings.

    Attributes:
        figures: One entry per figure the measure gives, in its order.
        variables: The positions read in more than one way, across the rounds.
        combinations: How many combinations there are in all.
        evaluated: How many were measured.
        exact: Whether every combination was measured (else ranges are inner bounds).
    """

    figures: tuple[SweptFigure, ...]
    variables: tuple[ReadingVariable, ...]
    combinations: int
    evaluated: int
    exact: bool

    def figure(self, name: str) -> SweptFigure:
        """The figure called ``name``.

        Raises:
            NotFoundError: The measure gave no figure of that name.
        """
        for f in self.figures:
            if f.name == name:
                return f
        raise NotFoundError(f"no figure {name!r}; the figures are {[f.name for f in self.figures]}")

    def to_dict(self) -> dict[str, Any]:
        """The sweep as JSON-ready data."""
        return {
            "combinations": self.combinations,
            "evaluated": self.evaluated,
            "exact": self.exact,
            "variables": [v.to_dict() for v in self.variables],
            "figures": [f.to_dict() for f in self.figures],
        }

    @guarded
    def __repr__(self) -> str:
        """``<FigureSweep N figures over N combinations>``, on one line."""
        method = "exact" if self.exact else f"{self.evaluated} sampled"
        return tag(
            "FigureSweep",
            f"{plural(len(self.figures), 'figure')} over "
            f"{plural(len(self.variables), 'uncertain position')}, "
            f"{plural(self.combinations, 'combination')} ({method})",
        )


class _Measure:
    """Reads a negotiation one way and measures it (picklable when the measure is)."""

    def __init__(
        self,
        negotiation: Negotiation,
        variables: tuple[ReadingVariable, ...],
        measure: Callable[[Negotiation], Any],
    ) -> None:
        self.negotiation, self.variables, self.measure = negotiation, variables, measure

    def __call__(self, combination: Combination) -> dict[str, Value]:
        read = read_negotiation(self.negotiation, self.variables, combination)
        return _figures(self.measure(read))


def _figures(measured: Any) -> dict[str, Value]:
    if isinstance(measured, Mapping):
        out = {}
        for name, value in measured.items():
            if not isinstance(name, str):
                raise UsageError(f"a measure names its figures with text, not {name!r}")
            out[name] = _value(name, value)
        return out
    return {"value": _value("value", measured)}


def _number(value: Value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _value(name: str, value: Any) -> Value:
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise UsageError(
        f"figure {name!r} is a {type(value).__name__}; a measure gives numbers, text, "
        "True/False or None"
    )


def robust_figures(
    negotiation: Negotiation,
    measure: Callable[[Negotiation], Any],
    *,
    executor: Executor | None = None,
    limit: int = EXACT_LIMIT,
    samples: int = SAMPLES,
    seed: int = 0,
) -> FigureSweep:
    """Any figures of a negotiation as ranges over every reading of its positions.

    The general form of [`robust`][negpos.robust]: ``measure`` takes the negotiation, read one
    way (every position with readings, in every round, takes one of them), and returns the
    figures to follow: one value, or a mapping of names to values. Numbers become ranges;
    text and True/False (a status, the side a plan leans toward) become the set of values
    seen; each figure that changes comes with the smallest set of readings that changes it.
    Any analysis serves: a change set, a trajectory, a matrix, a plan assessment.

    Args:
        negotiation: The negotiation.
        measure: Takes a negotiation, returns a number, text, True/False, None, or a mapping
            of figure names to such values. With an executor that runs other processes it
            must be picklable (a module-level function, not a lambda).
        executor: A ``concurrent.futures.Executor`` to run the measures on; None to run them
            here.
        limit: The most combinations measured one by one; beyond, the search samples (see
            [`robust`][negpos.robust]).
        samples: How many combinations a sampled search draws at random.
        seed: The seed of that draw.

    Returns:
        The [`FigureSweep`][negpos.FigureSweep].

    Raises:
        UsageError: A figure is not a number, text, True/False or None; the measure gives
            other figures for other readings; or a bad ``limit``, ``samples`` or ``seed``.

    Examples:
        >>> import negpos
        >>> def lean(negotiation):
        ...     plan = negotiation.assess("us", ["ru", "ua"], round_id="us-28-points")
        ...     return {"leans toward": plan.leans_toward, "lean": plan.lean}
        >>> swept = negpos.robust_figures(negpos.bundled(), lean)
        >>> swept.figure("leans toward").main
        'ru'
    """
    for name, value, least in (("limit", limit, 1), ("samples", samples, 0), ("seed", seed, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise UsageError(f"{name} must be a whole number of {least} or more, not {value!r}")
    if not callable(measure):
        raise UsageError(f"measure must be a function of a negotiation, not {measure!r}")
    variables = variables_in(negotiation)
    total = count_of(variables)
    exact = total <= limit
    combos: list[Combination] = (
        list(combinations(variables)) if exact else sample_combinations(variables, samples, seed)
    )
    results = sweep(_Measure(negotiation, variables, measure), combos, executor=executor)
    names = list(results[0])
    for k, found in enumerate(results):
        if list(found) != names:
            raise UsageError(
                f"the measure gave figures {names} under the main readings but {list(found)} "
                f"under {_smallest(variables, combos, [k]) or 'another reading'}"
            )
    figures = []
    for name in names:
        main = results[0][name]
        seen = list(dict.fromkeys(r[name] for r in results))
        changed = [k for k, r in enumerate(results) if r[name] != main]
        depends = _smallest(variables, combos, changed)
        to: Value = None
        if changed:
            first = min(
                changed,
                key=lambda k: (
                    sum(1 for j in combos[k] if j),
                    -probability(variables, combos[k]),
                    k,
                ),
            )
            to = results[first][name]
        numbers = [v for v in seen if isinstance(v, (int, float)) and not isinstance(v, bool)]
        span = None
        if numbers and len(numbers) == len([v for v in seen if v is not None]):
            main_number = (
                main if isinstance(main, (int, float)) and not isinstance(main, bool) else None
            )
            span = FigureRange(main_number, min(numbers), max(numbers))
        figures.append(SweptFigure(name, main, tuple(seen), span, depends, to))
    return FigureSweep(tuple(figures), variables, total, len(combos), exact)
