"""Common ground of many parties: per issue, the outcomes all accept, and who blocks the rest.

[`common_ground`][negpos.common_ground] and
[`Negotiation.common`][negpos.Negotiation.common] put any number of parties side by side on
the agenda. Each issue that any of them addresses, that all of them settled at the table, or
that only an option none of them takes addresses gets an [`IssueGround`][negpos.IssueGround]:
the n-way zone (the outcomes every party accepts), the joint gap, the largest groups of
parties that share a zone and the parties outside every such group (the blockers). The
[`GroundSummary`][negpos.GroundSummary] counts the statuses and gives an index that, for two
parties, is the pairwise compatibility index.

The pairwise comparison's rules, generalised to n parties (for two parties every status,
zone, magnitude and the index equal the comparison's):

- **settled**: an outcome agreed at the table by *every* party of the analysis (a round's
  ``agreed``, at or before the round read; an outcome that lists no parties was agreed by
  every party of its round) settles its issue: status ``settled``, joint gap 0, the outcome
  as the zone, weight in the index the mean salience of the positions held on it (0.5 when
  nobody addresses it; the issue gets a row all the same), and ``reneged_by`` the parties
  whose position, tabled after the agreement, no longer accepts the outcome;
- **conditions**: an issue on which every party's positions share a zone but a position holds
  only under a condition the analysis cannot meet is ``conditional`` (no joint gap; in the
  index as no common ground, 0 with its weight). A condition is met when its issue is
  settled with the outcome inside the condition's stance, or when that issue's row shares a
  zone, is not itself conditional, and the positions on it and the condition's stance share
  an outcome; a row that turns
  conditional can leave the rows that depend on it unmet in turn;
- **alternatives**: each option of a party's groups is read as the party's main positions
  with the option's positions taken (restated as in the comparison: the option's stance, the
  stricter firmness, the higher salience) against the other parties' *main* positions; the
  group's ``closest`` option leaves the fewest issues unresolved (``gap``, ``partial``,
  ``conditional``, and text issues some party is silent on), then has the highest index,
  then the fewest gaps with red lines, then comes first. The ground reads every party "as
  offered", with its closest options taken; an issue only options nobody takes address is
  listed as ``other_option``, and every row carries how each option fares on it.

The per-kind rules live in ``negpos._analysis.joint``; the reading of each side in
``negpos._analysis.sides``.

The package is split by concept, each module a step of the analysis:

- ``issue``: the statuses and one issue's row ([`IssueGround`][negpos.IssueGround], with its
  n-way zone and blockers, and how each option fares on it);
- ``results``: the summary and its index, the alternatives' figures, and the
  [`CommonGround`][negpos.CommonGround] that holds them all;
- ``reading``: the cheap per-issue reading of every party, conditions and the running tally
  behind the index;
- ``offered``: every party read as offered, each group's closest option chosen;
- ``ground``: the entry points that build a common ground, and the largest groups per row;
- ``patch``: a common ground read again only where some positions change.
"""

from __future__ import annotations

from negpos._analysis.common.ground import common_ground, common_in, common_of, ground_inputs
from negpos._analysis.common.issue import GroundFare, GroundStatus, IssueGround
from negpos._analysis.common.offered import Offer, offer
from negpos._analysis.common.patch import GroundPatch
from negpos._analysis.common.results import (
    CommonGround,
    GroundAlternatives,
    GroundOption,
    GroundSummary,
)

__all__ = [
    "CommonGround",
    "GroundAlternatives",
    "GroundFare",
    "GroundOption",
    "GroundPatch",
    "GroundStatus",
    "GroundSummary",
    "IssueGround",
    "Offer",
    "common_ground",
    "common_in",
    "common_of",
    "ground_inputs",
    "offer",
]
