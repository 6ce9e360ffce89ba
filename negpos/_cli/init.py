"""The ``init`` command: a new dataset folder to fill in, which validates as it is.

``negpos init FOLDER`` writes ``negotiation.yaml`` (two parties and a short agenda with one
issue of each common kind) and ``rounds/01-r1.yaml`` (one round, a memorandum from each
party), with comments that explain every field. ``negpos validate FOLDER`` accepts the result
and ``negpos report FOLDER`` renders it, so an analyst starts from something that works and
replaces it piece by piece. It never writes into a folder that holds anything.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Final

from negpos._cli.common import EXIT_OK, Command, note
from negpos._errors import OutputError

__all__ = ["INIT", "NEGOTIATION_TEMPLATE", "ROUND_TEMPLATE", "scaffold"]

NEGOTIATION_TEMPLATE: Final = """\
# The parties and the agenda of one negotiation. Every round is a file of its own under
# rounds/, read in file-name order. Check the folder with `negpos validate FOLDER` and
# read it with `negpos report FOLDER`; `negpos schema` gives editors a JSON Schema for
# completion as you type. Unknown fields are errors, so a typo never passes unnoticed.

# The version of the file format; always 1.
format: 1
title: {title}
description: >-
  A starting point written by negpos init: a wage negotiation between a union and an
  employer. Replace the parties, the issues and the positions with your own.

# Each party has a short id (lower case, digits, - and _) used everywhere else, a name for
# reports, and a role: party (the default), mediator or observer.
parties:
  - id: union
    name: Workers' union
  - id: employer
    name: Employers' association

# The agenda: one entry per question. The id is stable and may be dotted to group issues;
# the kind decides what a stance on the issue looks like and how stances are compared.
issues:
  # numeric: a quantity on a scale; stances give an acceptable interval (min, max).
  - id: pay.rise
    kind: numeric
    title: Pay rise
    category: pay
    unit: percent
    bounds: [0, 15]

  # boolean: yes or no; stances list the answers they accept.
  - id: process.no_strike
    kind: boolean
    title: No-strike clause for the life of the agreement
    category: process

  # categorical: one of several options, unordered; stances list the options they accept.
  - id: pension.scheme
    kind: categorical
    title: Pension scheme
    category: pensions
    options:
      - {{id: defined_benefit, label: Defined benefit}}
      - {{id: defined_contribution, label: Defined contribution}}
      - {{id: hybrid, label: Hybrid}}

  # ordinal: ordered levels, lowest first; stances give the lowest and highest acceptable.
  - id: hours.week
    kind: ordinal
    title: Working week
    category: hours
    levels:
      - {{id: h35, label: 35 hours}}
      - {{id: h37, label: 37 hours}}
      - {{id: h40, label: 40 hours}}

  # set: items an outcome may include; stances say which they require and which they forbid.
  # An item may carry a weight (area, population, staff) for the size of a gap.
  - id: jobs.sites
    kind: set
    title: Sites kept open
    category: jobs
    items:
      - {{id: north, label: North depot, weight: 2}}
      - {{id: south, label: South depot}}
      - {{id: harbour, label: Harbour depot}}

  # sequence: steps whose order is negotiated; stances give pairs [first, then].
  - id: process.order
    kind: sequence
    title: Order of steps
    category: process
    steps: [ballot, signature, back_pay]
"""

ROUND_TEMPLATE: Final = """\
# One round of talks: when and where it was held, and the memorandum each party tabled.
format: 1
id: r1
date: 2025-01-15
label: First session
venue: Head office

memoranda:
  - party: union
    title: Claims for the 2025 agreement
    positions:
      # Each position: the issue, the stance (its kind must be the issue's), and optionally
      # salience (0 to 1: how much the issue matters to the party), firmness (red_line,
      # firm, flexible or open), sources (a URL, or document, section, quote, url, date) and
      # a note.
      - issue: pay.rise
        stance: {kind: numeric, min: 6, preferred: 8}
        salience: 0.9
        firmness: red_line
        sources:
          - document: Union claims
            section: "1"
            url: https://example.org/union/claims
      - issue: process.no_strike
        stance: {kind: boolean, accepts: [false]}
        salience: 0.5
        firmness: flexible
      - issue: pension.scheme
        stance: {kind: categorical, accepts: [defined_benefit, hybrid], preferred: defined_benefit}
        salience: 0.7
      - issue: hours.week
        stance: {kind: ordinal, lowest: h35, highest: h37, preferred: h35}
        salience: 0.6
      - issue: jobs.sites
        stance: {kind: set, requires: [north, south, harbour]}
        salience: 0.8
        firmness: firm
      - issue: process.order
        stance: {kind: sequence, precedes: [[ballot, signature], [back_pay, signature]]}
        salience: 0.3
        note: Back pay must be paid before the union signs.

  - party: employer
    title: Offer of 15 January
    positions:
      - issue: pay.rise
        stance: {kind: numeric, max: 4}
        salience: 0.8
        firmness: firm
        sources: ["https://example.org/employer/offer"]
      - issue: process.no_strike
        stance: {kind: boolean, accepts: [true, false], preferred: true}
        salience: 0.4
      - issue: pension.scheme
        stance: {kind: categorical, accepts: [defined_contribution, hybrid]}
        salience: 0.6
      - issue: hours.week
        stance: {kind: ordinal, lowest: h37, highest: h40}
        salience: 0.5
      - issue: jobs.sites
        stance: {kind: set, requires: [north], forbids: [harbour]}
        salience: 0.7
      - issue: process.order
        stance: {kind: sequence, precedes: [[ballot, signature], [signature, back_pay]]}
        salience: 0.2

# What the round settled, if anything: a summary, and optionally the issue and outcome.
agreed:
  - summary: Both sides meet again within a month.
"""


def scaffold(folder: Path) -> tuple[Path, ...]:
    """Write a new dataset folder at ``folder``, which must not exist or be empty.

    Returns:
        The files written.

    Raises:
        OutputError: ``folder`` is a file, a folder that holds anything, or cannot be written.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; negpos init makes a new dataset folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise OutputError(
            f"{folder}: the folder is not empty; negpos init writes only into a new or empty "
            "folder, so that it never overwrites anything"
        )
    from negpos._io.atomic import write_file

    # The title is written as a JSON string, which YAML reads as the same text whatever the
    # folder is called.
    title = json.dumps(f"{folder.resolve().name or 'New'} talks", ensure_ascii=False)
    head = folder / "negotiation.yaml"
    round_file = folder / "rounds" / "01-r1.yaml"
    try:
        round_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    write_file(head, NEGOTIATION_TEMPLATE.format(title=title))
    write_file(round_file, ROUND_TEMPLATE)
    return head, round_file


def _shell_word(folder: Path) -> str:
    import shlex

    return shlex.quote(str(folder))


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", metavar="FOLDER", help="the dataset folder to create (new or empty)")


def _run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    written = scaffold(folder)
    for path in written:
        note(f"wrote {path}")
    note(f"next: negpos validate {_shell_word(folder)}, then negpos report {_shell_word(folder)}")
    return EXIT_OK


INIT = Command(
    "init",
    "start a dataset folder: two parties, an issue of each kind, a round to fill in",
    _configure,
    _run,
)
