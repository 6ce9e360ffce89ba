"""The sums behind a comparison's summary: counts, the index and the mean gap, the gap rows.

``_Tally`` keeps the terms as floats summed with ``math.fsum``, so that taking a term out is
exact; ``_ExactTally`` holds the same sums as integers, for adding and taking out terms in
constant time; ``_MergedGaps`` lists the gap rows of a reading that differs from another on
a few issues, merged only when they are read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence

from negpos._analysis.compare.reading import _CONDITIONAL, _GAP
from negpos._analysis.comparison import IssueComparison, Status, Summary


def _weight(c: IssueComparison) -> float:
    """An issue's weight in the index: the mean salience of the positions held on it."""
    a, b = c.position_a, c.position_b
    if a is not None and b is not None:
        return (a.salience + b.salience) / 2
    if a is not None:
        return a.salience
    return 0.5 if b is None else b.salience


class _Tally:
    """The running sums behind a summary.

    Options of an alternatives group change only the issues they state, so their figures
    are the main tally with those issues' terms taken out and the options' put in. The sums
    go through ``math.fsum``, which rounds the exact sum of all its terms once: subtracting a
    term is then exact, and the figures do not depend on the order of the issues or sides.
    """

    __slots__ = ("counts", "gaps", "red", "scores", "terms", "weights")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(Status, 0)
        self.terms = 0
        self.red = 0
        self.weights: list[float] = []
        self.scores: list[float] = []
        self.gaps: list[float] = []

    def add(self, c: IssueComparison, sign: int = 1) -> None:
        self.counts[c.status] += sign
        m = c.magnitude
        if m is None:
            if c.status is _CONDITIONAL:
                # In the index with its weight, as no common ground: a score of 0.
                self.weights.append(sign * _weight(c))
            return
        w = _weight(c)
        self.terms += sign
        if c.red_lines:
            self.red += sign
        self.weights.append(sign * w)
        self.scores.append(sign * w * (1.0 - m))
        self.gaps.append(sign * m)

    def copy(self) -> _Tally:
        other = _Tally()
        other.counts = dict(self.counts)
        other.terms, other.red = self.terms, self.red
        other.weights = list(self.weights)
        other.scores = list(self.scores)
        other.gaps = list(self.gaps)
        return other

    def condensed(self) -> _Tally:
        """The same sums with each list of terms replaced by a few floats of the same exact sum.

        Copying it and adding or taking out terms then costs the terms changed, not the
        agenda, and its summary is the one of the whole list with those changes.
        """
        other = _Tally()
        other.counts = dict(self.counts)
        other.terms, other.red = self.terms, self.red
        other.weights = _exact_parts(self.weights)
        other.scores = _exact_parts(self.scores)
        other.gaps = _exact_parts(self.gaps)
        return other

    def summary(self, gap_rows: Iterable[IssueComparison]) -> Summary:
        """The summary of these sums, with the gap rows given in agenda order."""
        return _summary(
            self.counts,
            self.terms,
            math.fsum(self.weights),
            math.fsum(self.scores),
            math.fsum(self.gaps),
            gap_rows,
            self.red,
        )

    def exact(self) -> _ExactTally:
        """The same sums held exactly, for adding and taking out terms in constant time."""
        exact = _ExactTally()
        exact.counts = dict(self.counts)
        exact.terms, exact.red = self.terms, self.red
        exact.weights = sum(map(_exact, self.weights))
        exact.scores = sum(map(_exact, self.scores))
        exact.gaps = sum(map(_exact, self.gaps))
        return exact


def _exact_parts(terms: Sequence[float]) -> list[float]:
    """A few floats whose exact sum is the exact sum of ``terms``.

    ``math.fsum`` rounds the exact sum of its terms once, so ``fsum(parts + more)`` equals
    ``fsum(terms + more)``. Each float found is the rounded remainder of the exact sum not
    yet covered; the remainder shrinks by 53 bits or more each time, so two or three floats
    usually cover it.
    """
    parts: list[float] = []
    while True:
        rest = math.fsum([*terms, *(-p for p in parts)])
        if rest == 0.0:
            return parts
        parts.append(rest)


# Every finite float is an integer multiple of 2**-1074, so a sum of floats held as that
# integer is exact, and dividing it back (Python divides integers with correct rounding) gives
# what math.fsum gives for the same terms.
_UNIT = 1074
_SCALE = 1 << _UNIT


def _exact(value: float) -> int:
    numerator, denominator = value.as_integer_ratio()
    return numerator * (_SCALE // denominator)


class _ExactTally:
    """The sums of a ``_Tally`` held as exact integers: copies, additions and removals are O(1).

    A scenario search adjusts the sums of one comparison for every set of moves it tries;
    with float lists each try would copy them, with these integers it touches only the
    terms of the issues the moves change.
    """

    __slots__ = ("counts", "gaps", "red", "scores", "terms", "weights")

    def __init__(self) -> None:
        self.counts: dict[Status, int] = {}
        self.terms = 0
        self.red = 0
        self.weights = 0
        self.scores = 0
        self.gaps = 0

    def add(self, c: IssueComparison, sign: int = 1) -> None:
        self.counts[c.status] += sign
        m = c.magnitude
        if m is None:
            if c.status is _CONDITIONAL:
                self.weights += sign * _exact(_weight(c))
            return
        w = _weight(c)
        self.terms += sign
        if c.red_lines:
            self.red += sign
        self.weights += sign * _exact(w)
        self.scores += sign * _exact(w * (1.0 - m))
        self.gaps += sign * _exact(m)

    def copy(self) -> _ExactTally:
        other = _ExactTally()
        other.counts = dict(self.counts)
        other.terms, other.weights, other.red = self.terms, self.weights, self.red
        other.scores, other.gaps = self.scores, self.gaps
        return other

    def summary(self, gap_rows: Iterable[IssueComparison]) -> Summary:
        return _summary(
            self.counts,
            self.terms,
            self.weights / _SCALE,
            self.scores / _SCALE,
            self.gaps / _SCALE,
            gap_rows,
            self.red,
        )


def _summary(
    counts: Mapping[Status, int],
    terms: int,
    weights: float,
    scores: float,
    gaps: float,
    gap_rows: Iterable[IssueComparison],
    red: int,
) -> Summary:
    compatibility = mean_gap = None
    # Conditional issues count in the index as no common ground (score 0), never in the
    # mean gap (they have no magnitude).
    in_index = terms + counts[_CONDITIONAL]
    if terms:
        mean_gap = gaps / terms
    if in_index:
        compatibility = scores / weights if weights > 0 else (terms - gaps) / in_index
    return Summary(tuple(counts.items()), compatibility, mean_gap, gap_rows, red)


def _tally(rows: Iterable[IssueComparison]) -> tuple[_Tally, list[IssueComparison]]:
    tally = _Tally()
    gaps: list[IssueComparison] = []
    add = tally.add
    for row in rows:
        add(row)
        if row.status is _GAP:
            gaps.append(row)
    return tally, gaps


class _MergedGaps:
    """Gap rows in agenda order: another list's, without some issues, with others put in.

    Iterating merges them; a summary does it only when its ``gaps`` are read.
    """

    __slots__ = ("_added", "_base", "_rank", "_removed")

    def __init__(
        self,
        base: Iterable[IssueComparison],
        removed: frozenset[str],
        added: tuple[IssueComparison, ...],
        rank: Mapping[str, int],
    ) -> None:
        self._base, self._removed, self._added, self._rank = base, removed, added, rank

    def __iter__(self) -> Iterator[IssueComparison]:
        removed, rank = self._removed, self._rank
        rows = [c for c in self._base if c.issue.id not in removed]
        rows += self._added
        rows.sort(key=lambda c: rank[c.issue.id])
        return iter(rows)
