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

The package is split by concept:

- ``results``: the agreement and its rows, units, unshared issues and summary;
- ``values``: the value a stance is coded as, and the level of measurement, by issue kind;
- ``alpha``: Krippendorff's alpha over a table of units, and why it can be undefined;
- ``encodings``: the encodings gathered into units, issue by issue, and measured.
"""

from __future__ import annotations

from negpos._analysis.agreement.alpha import INSTALL

# The reasons alpha is undefined are not in __all__; the tests import them from here.
from negpos._analysis.agreement.alpha import NO_PAIRS as NO_PAIRS
from negpos._analysis.agreement.alpha import NO_VARIATION as NO_VARIATION
from negpos._analysis.agreement.alpha import NOT_CODED as NOT_CODED
from negpos._analysis.agreement.encodings import agreement
from negpos._analysis.agreement.results import (
    Agreement,
    AgreementSummary,
    AgreementUnit,
    IssueAgreement,
    Reliability,
    UnsharedIssue,
)
from negpos._analysis.agreement.values import FIRMNESS_RANK, LEVELS, canonical_stance, stance_value

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
