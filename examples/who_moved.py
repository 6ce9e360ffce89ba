"""Who moved between one round and the next, issue by issue, in the 2025 Russia–Ukraine talks."""

from __future__ import annotations

import itertools

import negpos

# Movements that change what a party accepts; "added" and "unchanged" are only counted.
MOVES = (
    negpos.Movement.CONCESSION,
    negpos.Movement.HARDENING,
    negpos.Movement.LATERAL,
    negpos.Movement.DROPPED,
)


def main() -> None:
    """Print each side's moves from each round it tabled in to the next one."""
    talks = negpos.bundled()
    for party, counterpart in (("ru", "ua"), ("ua", "ru")):
        tabled = [r.id for r in talks.rounds if r.memorandum(party) is not None]
        for before, after in itertools.pairwise(tabled):
            moves = talks.changes(party, from_round=before, to_round=after, counterpart=counterpart)
            counts = ", ".join(f"{n} {m.value}" for m, n in moves.counts if n)
            print(f"{talks.party(party).name}, {before} -> {after}: {counts}")
            for item in moves.rows:
                # A position kept but held more (or less) firmly is news too.
                refirmed = (
                    item.before is not None
                    and item.after is not None
                    and item.firmness_before is not item.firmness_after
                )
                if item.movement not in MOVES and not refirmed:
                    continue
                line = f"  {item.movement.value:10} {item.issue.title}"
                if refirmed:
                    line += f" (now {item.firmness_after}, was {item.firmness_before})"
                print(line)


if __name__ == "__main__":
    main()
