"""The ``explore`` command: the cheapest moves that reach a goal, and the pivotal ones.

``negpos explore`` with no arguments explores the bundled June 2025 round (Istanbul, the two
memoranda) for Russia and Ukraine, towards "no red line in conflict". The answer goes to
standard output as plain text (or JSON with ``--format json``); a line per search phase goes
to standard error.

Exit status: 0 when a scenario reaching the goal was found; 1 when none was found within the
bounds (``--max-moves``, or the search budget of the Hypothesis method); 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Final

from negpos._cli import (
    EXIT_OK,
    Command,
    add_pair_arguments,
    add_path_argument,
    load_or_bundled,
    parties_argument,
    register,
    write_output,
)
from negpos._compare import Comparison, Status
from negpos._documents import Negotiation
from negpos._errors import NegposError
from negpos._explore import Exploration, explore
from negpos._goals import (
    Goal,
    all_compatible,
    compatibility_at_least,
    issue_compatible,
    no_red_line_conflicts,
)

__all__ = ["BUNDLED_ROUND", "EXIT_UNREACHED", "parse_goal", "render_text"]

#: The exit status when the goal was not reached within the bounds.
EXIT_UNREACHED: Final = 1

#: The round explored when neither a path nor ``--round`` is given: the June 2025 memoranda.
BUNDLED_ROUND: Final = "istanbul-2"

_GOALS_HELP = (
    "what the scenario must achieve: 'no-red-lines' (default: no red line in conflict), "
    "'all-compatible' (no gap on any issue both sides address), 'compatibility=X' (the "
    "compatibility index at least X, between 0 and 1), or 'issue=ID' (that issue compatible)"
)

_EPILOG = (
    "Defaults: with no PATH, the bundled dataset, round istanbul-2 (the memoranda of 2 June "
    "2025) and the parties ru and ua. With a PATH: with exactly two parties of role 'party', "
    "those two, otherwise the first two listed; the latest round in which both tabled "
    "positions. Exit status: 0 when a scenario reaching the goal was found, 1 when none was "
    "found within the bounds, 2 for bad input."
)


def parse_goal(text: str) -> Goal:
    """The goal a ``--goal`` value names.

    Args:
        text: ``no-red-lines``, ``all-compatible``, ``compatibility=X`` or ``issue=ID``.

    Returns:
        The goal.

    Raises:
        NegposError: The value names no goal, or its number is not between 0 and 1.

    Examples:
        >>> parse_goal("compatibility=0.4").describe()
        'compatibility index at least 0.40'
    """
    name, _, value = text.partition("=")
    name = name.strip().lower()
    if name in ("no-red-lines", "no-red-line-conflicts") and not value:
        return no_red_line_conflicts()
    if name == "all-compatible" and not value:
        return all_compatible()
    if name == "issue" and value:
        return issue_compatible(value.strip())
    if name == "compatibility" and value:
        try:
            return compatibility_at_least(float(value))
        except ValueError:
            raise NegposError(
                f"--goal compatibility=X needs a number between 0 and 1, not {value!r}"
            ) from None
    raise NegposError(f"unknown goal {text!r}; {_GOALS_HELP}")


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, not {text!r}")
    return value


def _positive(text: str) -> int:
    value = _natural(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected a whole number of 1 or more, not 0")
    return value


def _configure(p: argparse.ArgumentParser) -> None:
    add_path_argument(p)
    add_pair_arguments(p)
    p.add_argument("--goal", default="no-red-lines", metavar="GOAL", help=_GOALS_HELP)
    p.add_argument(
        "--max-moves", type=_natural, metavar="N", help="the most moves a scenario may have"
    )
    p.add_argument(
        "--method",
        choices=("auto", "exact", "hypothesis"),
        default="auto",
        help="exact search, Hypothesis search, or auto (exact where it is affordable)",
    )
    p.add_argument(
        "--max-examples",
        type=_positive,
        default=1000,
        metavar="N",
        help="examples per Hypothesis search (default: 1000)",
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--tabled-only",
        action="store_true",
        help="use only what was tabled in the round, not the positions standing there",
    )
    p.epilog = _EPILOG


def _say(line: str) -> None:
    print(f"negpos: {line}", file=sys.stderr, flush=True)


def _run(args: argparse.Namespace) -> int:
    goal = parse_goal(args.goal)
    neg = load_or_bundled(args.path)
    round_id = args.round
    if round_id is None and args.path is None:
        round_id = BUNDLED_ROUND
    parties = parties_argument(args)
    if parties is not None and parties[0] == parties[1]:
        raise NegposError(f"explore two different parties, got {parties[0]!r} twice")
    found = explore(
        neg,
        round_id,
        parties,
        goal,
        method=args.method,
        max_moves=args.max_moves,
        max_examples=args.max_examples,
        tabled_only=args.tabled_only,
        progress=_say,
    )
    if args.format == "json":
        data = {"schema_version": 1, "kind": "exploration", **found.to_dict()}
        text = json.dumps(_rounded(data), indent=2, sort_keys=True, ensure_ascii=False)
        write_output(text + "\n", args.output)
    else:
        write_output(render_text(found, neg), args.output)
    return EXIT_OK if found.best is not None else EXIT_UNREACHED


def _rounded(value: Any) -> Any:
    # Six decimals keep the JSON stable across platforms without hiding any real difference.
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _change(before: float | None, after: float | None) -> str:
    return "–" if before is None or after is None else f"{after - before:+.3f}"


def _figures(before: Comparison, after: Comparison) -> list[str]:
    b, a = before.summary, after.summary
    rows = [
        ("compatibility index", _figure(b.compatibility), _figure(a.compatibility)),
        ("mean gap", _figure(b.mean_gap), _figure(a.mean_gap)),
    ]
    changes = [
        _change(b.compatibility, a.compatibility),
        _change(b.mean_gap, a.mean_gap),
    ]
    counted = [("red lines in conflict", len(b.red_line_conflicts), len(a.red_line_conflicts))]
    counted += [(s.value.replace("_", "-"), b.count(s), a.count(s)) for s in Status]
    for name, n_before, n_after in counted:
        rows.append((name, str(n_before), str(n_after)))
        changes.append(f"{n_after - n_before:+d}" if n_after != n_before else "0")
    lines = [f"  {'':<22}{'before':>8}{'after':>8}{'change':>9}"]
    for (name, x, y), change in zip(rows, changes, strict=True):
        lines.append(f"  {name:<22}{x:>8}{y:>8}{change:>9}")
    return lines


def render_text(found: Exploration, negotiation: Negotiation | None = None) -> str:
    """An exploration as plain text: goal, cheapest moves with costs, figures, pivotal moves.

    Args:
        found: The exploration.
        negotiation: The negotiation, for the round's date and label.

    Returns:
        The text, ending with a newline.
    """
    base = found.base
    a, b = base.parties
    where = f"round {base.round}" if base.round else "the two memoranda"
    if negotiation is not None and base.round is not None:
        rnd = negotiation.round(base.round)
        where = f"round {rnd.id} ({rnd.date.isoformat()})" + (f": {rnd.label}" if rnd.label else "")
    lines = [
        f"# What it would take: {found.goal}",
        "",
        f"Parties: {base.party_name(a)} ({a}) and {base.party_name(b)} ({b}), at {where}",
        f"Search: {found.method}; {len(found.candidates)} candidate moves; "
        f"{found.evaluated} sets of moves evaluated"
        + ("" if found.max_moves is None else f"; at most {_count(found.max_moves, 'move')}"),
        "",
    ]
    best = found.best
    if best is None:
        if found.complete:
            lines.append("No set of the candidate moves reaches the goal within the bounds.")
        else:
            lines.append("The search found no scenario that reaches the goal within its budget.")
        return "\n".join(lines) + "\n"
    cheapest = "Cheapest scenario" if found.complete else "Cheapest scenario found"
    lines.append(f"## {cheapest}: {_count(len(best.moves), 'move')}, cost {best.cost:.2f}")
    lines.append("")
    width = len(str(len(best.moves)))
    for k, (move, cost) in enumerate(zip(best.moves, best.costs, strict=True), start=1):
        lines.append(f"{k:>{width}}. {move.describe(base)}  [{cost:.2f}]")
    if not best.moves:
        lines.append("The goal holds already: no move is needed.")
    lines += ["", "## Figures", "", *_figures(best.before, best.comparison), ""]
    if found.complete:
        heading = (
            f"## Pivotal moves (in every one of the {found.solution_count} cheapest scenarios)"
        )
    else:
        heading = (
            f"## Pivotal moves (in every one of the {found.solution_count} equally cheap "
            "scenarios found; the Hypothesis search does not prove there are no others)"
        )
    lines += [heading, ""]
    lines += [f"- {m.describe(base)}" for m in found.pivotal] or ["None: each can be avoided."]
    return "\n".join(lines) + "\n"


register(
    Command(
        "explore",
        "find the cheapest moves after which a goal holds, and the pivotal ones",
        _configure,
        _run,
    )
)
