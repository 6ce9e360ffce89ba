"""Scenarios: "what if" a party made these moves, and "what would it take" to reach a goal.

- Moves ([`Move`][negpos.scenarios.Move] and its ten kinds) change one party's position on
  one issue and have a cost.
- A [`Scenario`][negpos.scenarios.Scenario] applies moves to a
  [`Baseline`][negpos.scenarios.Baseline] (two parties at a round) and gives the new
  comparison and the change of the summary figures; a
  [`GroundScenario`][negpos.scenarios.GroundScenario] does the same for a
  [`GroundBaseline`][negpos.scenarios.GroundBaseline] of two or more parties, read on their
  common ground.
- [`explore`][negpos.scenarios.explore] finds the cheapest set of moves after which a goal
  holds, and the pivotal moves that every cheapest solution makes, for a pair or for many
  parties (``parties=``, with ``movers=`` to say who may move).
- [`bargain`][negpos.scenarios.bargain] finds the packages the sides could sign: the
  Pareto frontier of what each concedes, the Nash bargaining package and log-rolling trades.
- [`check`][negpos.scenarios.check] states an invariant over generated scenarios and returns
  the smallest counterexample; [`scenarios`][negpos.scenarios.scenarios] is the Hypothesis
  strategy behind it, for your own ``@given`` tests.

Examples:
    >>> import negpos
    >>> from negpos import scenarios
    >>> found = scenarios.explore(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
    >>> found.goal, found.method, round(found.best.cost, 2)
    ('no red line in conflict', 'exact', 9.2)
"""

from negpos.scenarios._bargain import MAX_PACKAGES, Bargain, Package, Trade, bargain
from negpos.scenarios._baseline import (
    Baseline,
    Delta,
    Scenario,
    candidates,
    conflicting,
    default_cost,
)
from negpos.scenarios._goals import (
    Goal,
    GoalFunction,
    IssueGoal,
    all_compatible,
    compatibility_at_least,
    describe_goal,
    issue_compatible,
    issues_compatible,
    no_red_line_conflicts,
)
from negpos.scenarios._ground import (
    GroundBaseline,
    GroundDelta,
    GroundScenario,
    ground_candidates,
)
from negpos.scenarios._invariants import Invariant, always, check, never, scenarios
from negpos.scenarios._moves import (
    MIN_COST,
    RED_LINE_FACTOR,
    AcceptOutcome,
    AddProhibition,
    AddRequirement,
    AdoptStance,
    CostFunction,
    DropConstraint,
    DropProhibition,
    DropRequirement,
    Move,
    MoveError,
    Naming,
    NarrowRange,
    RelaxRedLine,
    WidenRange,
)
from negpos.scenarios._search import EXACT_NODES, Exploration, explore

__all__ = [
    "EXACT_NODES",
    "MAX_PACKAGES",
    "MIN_COST",
    "RED_LINE_FACTOR",
    "AcceptOutcome",
    "AddProhibition",
    "AddRequirement",
    "AdoptStance",
    "Bargain",
    "Baseline",
    "CostFunction",
    "Delta",
    "DropConstraint",
    "DropProhibition",
    "DropRequirement",
    "Exploration",
    "Goal",
    "GoalFunction",
    "GroundBaseline",
    "GroundDelta",
    "GroundScenario",
    "Invariant",
    "IssueGoal",
    "Move",
    "MoveError",
    "Naming",
    "NarrowRange",
    "Package",
    "RelaxRedLine",
    "Scenario",
    "Trade",
    "WidenRange",
    "all_compatible",
    "always",
    "bargain",
    "candidates",
    "check",
    "compatibility_at_least",
    "conflicting",
    "default_cost",
    "describe_goal",
    "explore",
    "ground_candidates",
    "issue_compatible",
    "issues_compatible",
    "never",
    "no_red_line_conflicts",
    "scenarios",
]
