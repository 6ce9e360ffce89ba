"""Comparing two memoranda issue by issue: statuses, gaps, zones and a summary.

[`compare`][negpos.compare] puts two parties' memoranda side by side on a shared agenda. Each
issue that either side's main positions address gets an
[`IssueComparison`][negpos.IssueComparison] with one [`Status`][negpos.Status]; the
[`Summary`][negpos.Summary] counts them, weighs them and orders the gaps; each group of
alternatives a memorandum offers gets an
[`AlternativesComparison`][negpos.AlternativesComparison] saying how each option fares. The
per-kind rules live in `negpos._analysis.kinds`, the result classes in
`negpos._analysis.comparison`.

The package is split by concept, each module a step of the comparison:

- ``side``: one side's reading (its positions, an option taken and restated, the rounds
  they were tabled in) and which issues either side addresses inside its alternatives;
- ``reading``: one issue's row by the per-kind rules, the outcomes settled at the table,
  the conditions, and the rows of one reading of both sides;
- ``tally``: the sums behind the summary and its index, as floats or exact integers;
- ``offered``: a comparison in which either memorandum offers groups of alternatives, and
  its patch for the scenarios;
- ``patch``: a comparison redone at once after some of its main positions change;
- ``memoranda``: the entry points, which check their input and compare.
"""

from __future__ import annotations

from negpos._analysis.compare.memoranda import compare, compare_in, compare_memoranda
from negpos._analysis.compare.offered import OfferedPatch
from negpos._analysis.compare.patch import Patch

# Not in __all__, but imported from here by the scenarios and the tests.
from negpos._analysis.compare.reading import _issue_comparison as _issue_comparison
from negpos._analysis.compare.side import restated as restated

__all__ = ["OfferedPatch", "Patch", "compare", "compare_in", "compare_memoranda"]
