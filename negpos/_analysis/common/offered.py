"""Every party read as offered: its main positions with each group's closest option taken.

``offer`` reads each option of a party's groups of alternatives against the other parties'
main positions, patching one reading of the main positions rather than reading the agenda
again, and chooses the option that leaves the fewest issues unresolved (then the highest
index, then the fewest gaps with red lines, then the earlier option).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from negpos._analysis.common.issue import GroundFare
from negpos._analysis.common.reading import _Reader, _Row, _Tally
from negpos._analysis.common.results import GroundAlternatives, GroundOption
from negpos._analysis.settled import Settlement
from negpos._analysis.sides import Side, main_side, taking
from negpos._model.documents import Memorandum, Option
from negpos._model.issues import Issue
from negpos._model.reprs import compact_repr

__all__ = ["Offer", "offer"]


def _closeness(option: GroundOption, k: int) -> tuple[int, float, int, int]:
    index = option.index
    return (-option.unresolved, -1.0 if index is None else index, -option.red_line_count, -k)


@attrs.frozen
class Offer:
    """Every party read as offered: its main positions with its closest options taken.

    Attributes:
        sides: Each party's reading, in the order of the analysis.
        alternatives: Each group of alternatives, with how each option fares and the one
            taken.
        elsewhere: The issues only options that no reading takes address.
        fares: For each issue some group addresses, how each option fares on it.
    """

    sides: tuple[Side, ...]
    alternatives: tuple[GroundAlternatives, ...] = ()
    elsewhere: frozenset[str] = frozenset()
    fares: Mapping[str, tuple[GroundFare, ...]] = attrs.field(factory=dict)

    __repr__ = compact_repr


def offer(
    memoranda: Sequence[Memorandum],
    issues: Sequence[Issue],
    settled: Mapping[str, Settlement],
    *,
    only: Iterable[int] | None = None,
) -> Offer:
    """Read every memorandum as offered, choosing each group's closest option.

    Each option is read as its memorandum's main positions with the option taken, against
    the other memoranda's main positions, outcomes ``settled`` applied; the work is one
    reading of the main positions plus, per option, its issues and the conditions.

    Args:
        memoranda: One memorandum per party, in the analysis' order.
        issues: The agenda, in order.
        settled: The issues every party settled at the table, by id.
        only: The positions (in ``memoranda``) of the parties whose options to choose; the
            others are read at their main positions. None for every party.
    """
    mains = [main_side(m) for m in memoranda]
    chosen = set(range(len(memoranda))) if only is None else set(only)
    offering = [k for k, m in enumerate(memoranda) if m.alternatives and k in chosen]
    if not offering:
        return Offer(tuple(mains))
    parties = tuple(m.party for m in memoranda)
    reader = _Reader(issues, parties, settled)
    base = reader.read(mains)
    tally = _Tally()
    for row in base.rows.values():
        tally.add(row)
    sides = list(mains)
    groups: list[GroundAlternatives] = []
    fares: dict[str, list[GroundFare]] = {}
    for k in offering:
        memo = memoranda[k]
        taken: list[Option] = []
        for group in memo.alternatives:
            fared: list[GroundOption] = []
            option_rows: list[dict[str, _Row]] = []
            for option in group.options:
                reading = list(mains)
                reading[k] = taking(mains[k], memo, (option,), (group.id,))
                stated = [p.issue for p in option.positions]
                changed = reader.patch(base, reading, stated)
                running = tally.copy()
                for iid, row in changed.items():
                    old = base.rows.get(iid)
                    if old is not None:
                        running.add(old, -1)
                    running.add(row)
                index, _ = running.figures()
                fared.append(
                    GroundOption(
                        memo.party,
                        group.id,
                        option.id,
                        option.label,
                        tuple(running.counts.items()),
                        index,
                        running.open,
                        running.red,
                    )
                )
                option_rows.append({i: changed[i] for i in stated})
            best = max(range(len(fared)), key=lambda j: _closeness(fared[j], j))
            taken.append(group.options[best])
            groups.append(
                GroundAlternatives(
                    memo.party, group.id, group.label, tuple(fared), fared[best].option
                )
            )
            addressed = dict.fromkeys(i for rows in option_rows for i in rows)
            for option, rows in zip(group.options, option_rows, strict=True):
                for iid in addressed:
                    fared_row = rows.get(iid)
                    fares.setdefault(iid, []).append(
                        GroundFare(
                            memo.party,
                            group.id,
                            option.id,
                            None if fared_row is None else fared_row.status,
                            () if fared_row is None else fared_row.red,
                        )
                    )
        sides[k] = taking(mains[k], memo, taken, (g.id for g in memo.alternatives))
    held = {iid for side in sides for iid in side.positions}
    elsewhere = frozenset(i for i in fares if i not in held)
    return Offer(
        tuple(sides),
        tuple(groups),
        elsewhere,
        {i: tuple(f) for i, f in fares.items()},
    )
