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

The package is split by concept:

- ``chunked``: the limits, and ``sweep``, which runs a function over the combinations in
  chunks, serially or on an executor;
- ``ranges``: what is kept of the combinations: a figure's range, the smallest set of
  readings that changes a conclusion, weighted quantiles;
- ``results``: the robust comparison and its rows;
- ``compared``: two parties compared under every combination of readings;
- ``figures``: any figures of a negotiation swept over its readings.
"""

from __future__ import annotations

from negpos._analysis.robust.chunked import EXACT_LIMIT, SAMPLES, sweep
from negpos._analysis.robust.compared import robust, robust_of
from negpos._analysis.robust.figures import FigureSweep, SweptFigure, robust_figures
from negpos._analysis.robust.ranges import FigureRange
from negpos._analysis.robust.results import RobustComparison, RobustIssue

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
