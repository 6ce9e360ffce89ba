"""A comparison redone at once after some of its main positions change, for the scenarios.

``Patch`` keeps what does not change (the rows, the exact sums, the gaps) and recomputes only
the issues the moves touch and the rows whose conditions depend on them, so that a try costs
the same however long the agenda is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from negpos._analysis.compare.reading import (
    _GAP,
    _SETTLED,
    _conditioned,
    _issue_comparison,
    _Overlay,
    _settle,
)
from negpos._analysis.compare.tally import _ExactTally, _MergedGaps
from negpos._analysis.comparison import Comparison, IssueComparison, PatchedRows, Status
from negpos._analysis.settled import Settlement
from negpos._model.documents import Memorandum, Position
from negpos._model.issues import Issue

__all__ = ["Patch"]


class Patch:
    """A comparison that can be redone at once after some of its main positions change.

    A scenario search compares the same two memoranda again for every set of moves it
    tries, each set changing a few positions. This keeps what does not change (the rows, the
    exact sums of the summary, the gaps) and recomputes only the issues the moves touch and
    the rows whose conditions depend on them, so a try costs the same however long the
    agenda is. It is for memoranda without alternatives: with them, a move can change which
    option is closest and so the whole headline, and
    [`OfferedPatch`][negpos._analysis.compare.offered.OfferedPatch] reads the options again
    on top of the patched main reading.

    Args:
        comparison: The comparison of the two memoranda, as ``compare_memoranda`` made it.
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        issues: The agenda, in order.
        settled: The issues the two parties settled at the table, as given to
            ``compare_memoranda``.
    """

    def __init__(
        self,
        comparison: Comparison,
        memo_a: Memorandum,
        memo_b: Memorandum,
        issues: Sequence[Issue],
        settled: Mapping[str, Settlement] | None = None,
    ) -> None:
        self.base = comparison
        self.memoranda = (memo_a, memo_b)
        self.issues = issues
        self.settled = settled or {}
        self.rank = {issue.id: k for k, issue in enumerate(issues)}
        self.by_id = {issue.id: issue for issue in issues}
        self.rows = comparison.rows
        self.row_of = {c.issue.id: k for k, c in enumerate(self.rows)}
        if memo_a.alternatives or memo_b.alternatives:
            raise ValueError("a Patch is for memoranda without alternatives")
        tally = _ExactTally()
        tally.counts = dict.fromkeys(Status, 0)
        for c in comparison.rows:
            tally.add(c)
        self.tally = tally
        self.gaps = tuple(c for c in comparison.rows if c.status is _GAP)
        # The rows whose positions carry conditions, as they are before conditions apply.
        self.unconditioned = {
            c.issue.id: _issue_comparison(
                c.issue,
                c.position_a,
                c.position_b,
                c.party_a,
                c.party_b,
                c.in_alternatives,
                c.since_a,
                c.since_b,
            )
            for c in comparison.rows
            if c.status is not _SETTLED and _conditioned(c)
        }

    def after(
        self, moved: Mapping[tuple[str, str], Position], *, alternatives: bool = True
    ) -> Comparison:
        """The comparison once the positions ``moved`` replace the main ones.

        Args:
            moved: New main positions keyed by ``(party, issue id)``; each issue must be one
                the comparison has a row for (a party moves only where some side holds a
                position).
            alternatives: Unused: the memoranda have no alternatives. Kept so that callers
                pass the same arguments as to a full comparison.

        Returns:
            The comparison, equal to comparing the moved memoranda from scratch.
        """
        base = self.base
        party_a, party_b = base.party_a, base.party_b
        rows, row_of = self.rows, self.row_of
        settled = self.settled
        changed = sorted({issue for _, issue in moved}, key=self.rank.__getitem__)
        fresh: dict[str, IssueComparison] = {}
        for issue_id in changed:
            old = rows[row_of[issue_id]]
            a = moved.get((party_a, issue_id), old.position_a)
            b = moved.get((party_b, issue_id), old.position_b)
            # A moved position is new in the compared round; the others keep their origin.
            since_a = base.round_a if (party_a, issue_id) in moved else old.since_a
            since_b = base.round_b if (party_b, issue_id) in moved else old.since_b
            new = _issue_comparison(
                old.issue, a, b, party_a, party_b, old.in_alternatives, since_a, since_b
            )
            if issue_id in settled:
                new = _settle(new, settled[issue_id])
            fresh[issue_id] = new
        conditioned = {i for i, c in fresh.items() if c.status is not _SETTLED and _conditioned(c)}
        conditioned.update(i for i in self.unconditioned if i not in fresh)
        if conditioned:
            before = {i: fresh.get(i) or self.unconditioned[i] for i in conditioned}
            view = _Overlay(rows, row_of, {**before, **fresh})
            view.apply(conditioned, self.by_id)
            for iid, row in view.changed.items():
                if row is not rows[row_of[iid]]:
                    fresh[iid] = row
        tally = self.tally.copy()
        replaced: dict[int, IssueComparison] = {}
        new_gaps = []
        for issue_id, new in fresh.items():
            k = row_of[issue_id]
            old = rows[k]
            if new == old:
                continue
            replaced[k] = new
            tally.add(old, -1)
            tally.add(new)
            if new.status is _GAP:
                new_gaps.append(new)
        patched = PatchedRows(rows, row_of, replaced)
        removed = frozenset(rows[k].issue.id for k in replaced)
        gaps = _MergedGaps(self.gaps, removed, tuple(new_gaps), self.rank)
        return Comparison(
            party_a, party_b, base.round_a, base.round_b, patched, tally.summary(gaps)
        )
