"""The ``explore`` command: the cheapest moves that reach a goal, and the pivotal ones.

``negpos explore`` with no arguments explores the round ``negpos report`` reports on (the
latest round in which both parties tabled positions) for the default pair, towards "no red
line in conflict". With three or more ``--parties`` it reads their common ground instead (as
``negpos common`` does), and ``--movers`` says whose moves to consider: ``negpos explore
--parties ru ua us --movers ru ua --goal issues=security.nato,security.force_limits`` asks
what Russia and Ukraine would have to concede for the US plan to lie inside both on those
issues. The answer goes to standard output in the format ``report`` would choose:
a table on a terminal, Markdown when piped, or what ``--format`` or the ``-o`` file's
extension asks for. The search's progress goes to standard error: one line rewritten in place
on a terminal, a line per step otherwise.

Exit status: 0 when a scenario reaching the goal was found; 1 when none was found within the
bounds (``--max-moves``, ``--max-nodes`` for the exact search, or the tries of the local or
Hypothesis search); 2 for bad input, including a goal that names an issue not on the agenda.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Final

from negpos._cli.common import (
    EXIT_OK,
    Command,
    add_output_arguments,
    add_path_argument,
    check_output,
    inputs_of,
    load_or_bundled,
)
from negpos._errors import UsageError, excerpt

if TYPE_CHECKING:
    from negpos.scenarios._goals import Goal
    from negpos.scenarios._search import Exploration, ExploreOptions

__all__ = ["EXIT_UNREACHED", "EXPLORE", "parse_goal"]

#: The exit status when the goal was not reached within the bounds.
EXIT_UNREACHED: Final = 1

_GOALS_HELP = (
    "what the scenario must achieve: 'no-red-lines' (default: no red line in conflict), "
    "'all-compatible' (no gap on any issue both sides address), 'compatibility=X' (the "
    "compatibility index, or with three or more parties the common-ground index, at least X, "
    "between 0 and 1), 'issue=ID' (that issue compatible) or 'issues=ID,ID,...' (each of "
    "them compatible: with three or more parties, an outcome every party accepts)"
)

_EPILOG = (
    "Defaults, as for negpos report: with no PATH, the bundled dataset. Parties: with exactly "
    "two parties of role 'party', those two; otherwise the first two listed. Round: the latest "
    "round in which both parties tabled positions; with three or more parties, the round "
    "negpos common reads (the last round). Movers: every party. Format: a table on a "
    "terminal, Markdown when the output is piped, or the -o file's extension (.html, .json, "
    ".md). Exit status: 0 "
    "when a scenario reaching the goal was found, 1 when none was found within the bounds, 2 "
    "for bad input."
)


def parse_goal(text: str) -> Goal:
    """The goal a ``--goal`` value names.

    Args:
        text: ``no-red-lines``, ``all-compatible``, ``compatibility=X``, ``issue=ID`` or
            ``issues=ID,ID,...``.

    Returns:
        The goal.

    Raises:
        UsageError: The value names no goal, or its number is not between 0 and 1.

    Examples:
        >>> parse_goal("compatibility=0.4").describe()
        'compatibility index at least 0.40'
    """
    from negpos.scenarios._goals import (
        all_compatible,
        compatibility_at_least,
        issue_compatible,
        issues_compatible,
        no_red_line_conflicts,
    )

    name, _, value = text.partition("=")
    name = name.strip().lower()
    if name in ("no-red-lines", "no-red-line-conflicts") and not value:
        return no_red_line_conflicts()
    if name == "all-compatible" and not value:
        return all_compatible()
    if name == "issue" and value:
        return issue_compatible(value.strip())
    if name == "issues" and value:
        ids = [part.strip() for part in value.split(",")]
        if not all(ids):
            raise UsageError(f"--goal issues= needs issue ids between commas, not {excerpt(value)}")
        return issues_compatible(ids)
    if name == "compatibility" and value:
        try:
            return compatibility_at_least(float(value))
        except ValueError:
            raise UsageError(
                f"--goal compatibility=X needs a number between 0 and 1, not {excerpt(value)}"
            ) from None
    raise UsageError(f"unknown goal {excerpt(text)}; {_GOALS_HELP}")


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of 0 or more, not {excerpt(text)}"
        )
    return value


def _positive(text: str) -> int:
    value = _natural(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected a whole number of 1 or more, not 0")
    return value


def _configure(p: argparse.ArgumentParser) -> None:
    add_path_argument(p)
    p.add_argument("--round", metavar="ID", help="the round (default: see below)")
    p.add_argument(
        "--parties",
        nargs="+",
        metavar="PARTY",
        help="two parties, compared; or three or more, read on their common ground "
        "(default: see below)",
    )
    p.add_argument(
        "--movers",
        nargs="+",
        metavar="PARTY",
        help="the parties whose moves to consider (default: every party); leave a mediator "
        "out to ask what the sides would concede for its plan to pass",
    )
    p.add_argument("--goal", default="no-red-lines", metavar="GOAL", help=_GOALS_HELP)
    p.add_argument(
        "--max-moves", type=_natural, metavar="N", help="the most moves a scenario may have"
    )
    p.add_argument(
        "--method",
        choices=("auto", "milp", "exact", "hypothesis"),
        default="auto",
        help="milp (the exact optimiser, needing negpos[optimise]), exact subset search, "
        "Hypothesis search, or auto (the optimiser for an index goal when installed, exact "
        "where affordable, then a deterministic local search whose answer is proven when "
        "it meets the exact search's lower bound)",
    )
    p.add_argument(
        "--partial",
        action="store_true",
        help="also consider widening a range part of the way (a quarter, half, three quarters)",
    )
    p.add_argument(
        "--max-nodes",
        type=_positive,
        metavar="N",
        help="the most sets of moves the exact search examines before it stops (default: "
        "20,000, a few seconds); auto hands over to its local search sooner",
    )
    p.add_argument(
        "--max-examples",
        type=_positive,
        default=1000,
        metavar="N",
        help="examples per Hypothesis search, or seeded orders the local search tries for "
        "a first answer (default: 1000)",
    )
    add_output_arguments(p)
    p.add_argument(
        "--tabled-only",
        action="store_true",
        help="use only what was tabled in the round, not the positions standing there",
    )
    p.epilog = _EPILOG


def _run(args: argparse.Namespace) -> int:
    from negpos._cli.console import ProgressLine
    from negpos._cli.report import emit
    from negpos.scenarios._search import EXACT_NODES, explore

    goal = parse_goal(args.goal)
    named = args.parties
    if named is not None and len(named) < 2:
        raise UsageError("--parties needs at least two parties")
    pair: tuple[str | None, str | None] = (None, None)
    many: list[str] | None = None
    if named is not None and len(named) == 2:
        pair = (named[0], named[1])
    elif named is not None:
        many = named
    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes, args.input_format)
    with ProgressLine() as progress:
        options: ExploreOptions = {
            "movers": args.movers,
            "partial": args.partial,
            "goal": goal,
            "round_id": args.round,
            "method": args.method,
            "max_moves": args.max_moves,
            "max_examples": args.max_examples,
            "max_nodes": EXACT_NODES if args.max_nodes is None else args.max_nodes,
            "tabled_only": args.tabled_only,
            "progress": progress,
        }
        found: Exploration[Any]
        if many is None:
            found = explore(neg, *pair, **options)
        else:
            found = explore(neg, parties=many, **options)
    emit(found, args)
    return EXIT_OK if found.best is not None else EXIT_UNREACHED


EXPLORE = Command(
    "explore",
    "find the cheapest moves after which a goal holds, and the pivotal ones",
    _configure,
    _run,
)
