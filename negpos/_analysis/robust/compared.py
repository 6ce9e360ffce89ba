"""Two parties compared under every combination of the readings of their positions.

``robust_of`` compares two memoranda once for every combination (or a reproducible sample),
each a ``_Job`` that patches the main comparison where the memoranda allow it, and sums up
what the combinations give (``_Outcome``); [`robust`][negpos.robust] reads two parties of a
negotiation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

import attrs

from negpos._analysis.compare.memoranda import compare_memoranda
from negpos._analysis.compare.patch import Patch
from negpos._analysis.comparison import Comparison, Status
from negpos._analysis.readings import (
    Combination,
    ReadingVariable,
    apply_readings,
    combinations,
    count_of,
    probability,
    sample_combinations,
    variables_of,
)
from negpos._analysis.robust.chunked import EXACT_LIMIT, SAMPLES, sweep
from negpos._analysis.robust.ranges import _first_smallest, _quantiles, _range, _smallest
from negpos._analysis.robust.results import RobustComparison, RobustIssue
from negpos._analysis.settled import Settlement, settlements
from negpos._errors import UsageError
from negpos._model.documents import Memorandum
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation
from negpos._model.selection import resolve_pair, resolve_round
from negpos._model.standing import held

__all__ = ["robust", "robust_of"]


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
