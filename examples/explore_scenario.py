"""Find the cheapest moves that clear the red-line conflicts of June 2025, and try one by hand."""

from __future__ import annotations

import negpos
from negpos import scenarios


def main() -> None:
    """Print the cheapest way to the goal, its pivotal moves, and one hand-made scenario."""
    talks = negpos.bundled()
    found = scenarios.explore(talks, "ru", "ua", round_id="istanbul-2")
    if found.best is None:
        print(f"no set of moves reaches '{found.goal}'")
        return
    best = found.best
    print(f"goal: {found.goal} ({found.method} search, {found.evaluated} sets of moves tried)")
    print(f"cheapest: {len(best.moves)} moves costing {best.cost:.2f}; {found.solution_count} ways")
    for move, cost in zip(best.moves, best.costs, strict=True):
        print(f"  {cost:.2f}  {move.describe(talks)}")
    print("in every cheapest way:")
    for move in found.pivotal:
        print(f"  {move.describe(talks)}")

    # A scenario of your own: Ukraine takes Russia's stance on NATO (membership barred).
    base = scenarios.Baseline.of(talks, "ru", "ua", round_id="istanbul-2")
    russia = base.position("ru", "security.nato")
    if russia is None:
        return
    adopt = scenarios.AdoptStance("ua", "security.nato", russia.stance, of="ru")
    what_if = scenarios.Scenario.of(base, [adopt])
    delta = what_if.delta
    print(f"\nwhat if: {what_if.describe()[0]} (cost {what_if.cost:.2f})")
    print(f"  red lines in conflict {delta.red_line_conflicts:+d}, gaps {delta.count('gap'):+d}")
    if delta.compatibility is not None:
        print(f"  compatibility index {delta.compatibility:+.2f}")


if __name__ == "__main__":
    main()
