"""The ``common`` and ``revisions`` commands: many parties' common ground, a party's revisions.

``negpos common PATH --parties ru ua us e3 --round ID`` writes the common ground of the parties
named: per issue, the outcomes all of them accept, the largest groups that share a zone and
the blockers. ``negpos revisions PATH --party us --from us-28-points --to geneva`` compares
two documents of one party, with the raw field-level changes, against a counterpart's earlier
positions when one is named and by widening and narrowing alone otherwise. Both write in the
format chosen as the other commands do.
"""

from __future__ import annotations

import argparse

from negpos._cli.common import (
    EXIT_OK,
    Command,
    add_output_arguments,
    add_path_argument,
    check_output,
    inputs_of,
    load_or_bundled,
    note,
)

__all__ = ["COMMON", "REVISIONS"]


def _add_common(p: argparse.ArgumentParser) -> None:
    add_path_argument(p)
    add_output_arguments(p)
    p.add_argument(
        "--tabled-only",
        action="store_true",
        help="read only what was tabled in each round, not the positions standing there",
    )


def _configure_common(p: argparse.ArgumentParser) -> None:
    _add_common(p)
    p.add_argument(
        "--parties", nargs="+", metavar="PARTY", help="two or more parties (default: see below)"
    )
    p.add_argument("--round", metavar="ID", help="the round (default: see below)")
    p.epilog = (
        "Defaults: with no PATH, the bundled dataset. Parties: every party that holds "
        "positions at the round. Round: the last round (with --tabled-only, the latest round "
        "in which the parties named tabled positions). Format: a table on a terminal, "
        "Markdown when piped, or the -o file's extension. Exit status: 0 when the result was "
        "written, 2 for bad input."
    )


def _run_common(args: argparse.Namespace) -> int:
    from negpos._cli.report import emit

    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes)
    result = neg.common(args.parties, round_id=args.round, tabled_only=args.tabled_only)
    if args.parties is None or args.round is None:
        note(
            f"common ground of {', '.join(result.parties)} at {result.round} "
            "(defaults filled in; see --help)"
        )
    emit(result, args)
    return EXIT_OK


def _configure_revisions(p: argparse.ArgumentParser) -> None:
    _add_common(p)
    p.add_argument("--party", required=True, metavar="ID", help="the party whose documents")
    p.add_argument("--from", dest="from_round", required=True, metavar="ID", help="earlier round")
    p.add_argument("--to", dest="to_round", required=True, metavar="ID", help="later round")
    p.add_argument(
        "--counterpart",
        metavar="ID",
        help="measure moves against this party's positions in the earlier round (default: "
        "none; moves are judged by widening and narrowing alone)",
    )
    p.epilog = (
        "Compares what the party holds at the two rounds (its document as revised: a "
        "revision that only withdraws clauses keeps the rest standing); --tabled-only "
        "compares the two memoranda as tabled. The output lists each position's movement and "
        "the raw field-level changes. Exit status: 0 when written, 2 for bad input."
    )


def _run_revisions(args: argparse.Namespace) -> int:
    from negpos._analysis.changes import changes
    from negpos._cli.report import emit
    from negpos._errors import UsageError
    from negpos._model.standing import held

    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes)
    rounds = [r.id for r in neg.rounds]
    neg.round(args.from_round)
    neg.round(args.to_round)
    if rounds.index(args.to_round) < rounds.index(args.from_round):
        raise UsageError(f"--to {args.to_round} comes before --from {args.from_round}")
    before = held(neg, args.party, args.from_round, tabled_only=args.tabled_only)
    after = held(neg, args.party, args.to_round, tabled_only=args.tabled_only)
    other = None
    if args.counterpart is not None:
        if args.counterpart == args.party:
            raise UsageError("the counterpart must be another party than --party")
        other = held(neg, args.counterpart, args.from_round, tabled_only=args.tabled_only)
    emit(changes(before, after, other, neg), args)
    if other is None:
        note("no counterpart named: moves are judged by widening and narrowing alone")
    return EXIT_OK


COMMON = Command(
    "common",
    "the common ground of several parties at one round: zones, largest groups, blockers",
    _configure_common,
    _run_common,
)
REVISIONS = Command(
    "revisions",
    "compare two documents of one party (a plan and its revision), field by field",
    _configure_revisions,
    _run_revisions,
)
