"""The ``agreement`` command: how far two or more encodings of one negotiation agree.

``negpos agreement ann.yaml ben.yaml`` reads each file or dataset folder as one coder's
encoding of the same talks and writes Krippendorff's alpha per issue and overall, with every
unit the coders differ on (see [`agreement`][negpos.agreement]), in the format chosen as the
other commands do. The coders are named after the files (their names without the extension)
unless ``--coders`` names them. Alpha needs the ``krippendorff`` package
(``pip install 'negpos[agreement]'``); without it the command says so and exits with status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from negpos._cli.common import (
    EXIT_OK,
    STDIN,
    Command,
    add_max_bytes_argument,
    add_output_arguments,
    check_output,
    load_with_limit,
)
from negpos._errors import UsageError

__all__ = ["AGREEMENT", "coder_names"]

_EPILOG = (
    "Each PATH is one coder's encoding of the same negotiation: a .yaml/.json file or a "
    "dataset folder (one of them may be - for standard input). A unit is a party's position "
    "on an issue in one round's memorandum (or in one option of its alternatives); a coder "
    "who leaves it empty gives a missing value. Coders: the files' names without the "
    "extension, unless --coders names them. Format: a table on a terminal, Markdown when "
    "piped, or the -o file's extension. Needs the krippendorff package (pip install "
    "'negpos[agreement]'). Exit status: 0 when the result was written, 2 for bad input."
)


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="two or more encodings: .yaml/.json files or dataset folders, - for standard input",
    )
    add_max_bytes_argument(p)
    add_output_arguments(p)
    p.add_argument(
        "--coders",
        nargs="+",
        metavar="NAME",
        help="the coders' names, one per PATH in order (default: the files' names)",
    )
    p.epilog = _EPILOG


def coder_names(paths: list[str]) -> list[str]:
    """The default names of the coders: each file's or folder's name without its extension.

    Where two files share a name, the paths as given are used instead.

    Examples:
        >>> coder_names(["coding/ann.yaml", "coding/ben.json", "-"])
        ['ann', 'ben', '<stdin>']
        >>> coder_names(["a/talks.yaml", "b/talks.yaml"])
        ['a/talks.yaml', 'b/talks.yaml']
    """
    stems = [STDIN if p == "-" else Path(p).stem or p for p in paths]
    if len(set(stems)) == len(stems):
        return stems
    return [STDIN if p == "-" else p for p in paths]


def _run(args: argparse.Namespace) -> int:
    from negpos._analysis.agreement.encodings import agreement
    from negpos._cli.report import emit

    paths: list[str] = args.paths
    if len(paths) < 2:
        raise UsageError("agreement needs two or more encodings (PATH PATH ...)")
    if paths.count("-") > 1:
        raise UsageError("standard input (-) can be read once only")
    if args.coders is not None and len(args.coders) != len(paths):
        raise UsageError(
            f"--coders names {len(args.coders)} coders for {len(paths)} files; name one per PATH"
        )
    names = coder_names(paths) if args.coders is None else list(args.coders)
    if len(set(names)) < len(names):
        twice = next(n for k, n in enumerate(names) if n in names[:k])
        raise UsageError(f"two coders are named {twice!r}; give each its own name with --coders")
    inputs = tuple(p for p in paths if p != "-")
    check_output(args.output, inputs)
    encodings = [load_with_limit(p, args.max_bytes, args.input_format) for p in paths]
    emit(agreement(encodings, coders=names), args, inputs)
    return EXIT_OK


AGREEMENT = Command(
    "agreement",
    "inter-coder agreement of two or more encodings of one negotiation (Krippendorff's alpha)",
    _configure,
    _run,
)
