"""Writing negotiations: YAML and JSON text, files, and dataset folders."""

from __future__ import annotations

import json
import os
from pathlib import Path

from negpos._errors import check_argument
from negpos._io.atomic import write_file, write_folder
from negpos._io.reading import SUFFIXES, Syntax, check_syntax, syntax_of
from negpos._io.strict_yaml import dump_yaml
from negpos._model.base import FORMAT_VERSION
from negpos._model.negotiation import Negotiation

__all__ = ["dump", "dumps"]


def dumps(negotiation: Negotiation, *, fmt: Syntax = "yaml") -> str:
    """Write a negotiation as YAML or JSON text.

    The text holds [`Negotiation.to_dict()`][negpos.Negotiation.to_dict]: keys keep the
    model's order, and empty or unset optional fields are left out, so that files stay short
    and diff well; loading the text gives back an equal negotiation.

    Args:
        negotiation: The negotiation.
        fmt: ``yaml`` or ``json``.

    Returns:
        The text, ending with a line break.

    Raises:
        UsageError: ``fmt`` is neither ``yaml`` nor ``json``, or ``negotiation`` is not a
            [`Negotiation`][negpos.Negotiation].
    """
    check_syntax(fmt)
    check_argument(negotiation, Negotiation, "a Negotiation to write")
    data = negotiation.to_dict()
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return dump_yaml(data)


def dump(negotiation: Negotiation, path: str | os.PathLike[str]) -> Path:
    """Save a negotiation to a file, or to a dataset folder, losing nothing if it fails.

    A path ending in ``.yaml``, ``.yml`` or ``.json`` gets one file in that format, written
    to a temporary file beside it and renamed over it, so that a failed save (a full disk, a
    read-only folder) leaves the old file as it was and no fragment behind.

    Any other path is written as a dataset folder: ``negotiation.yaml`` plus
    ``rounds/NN-<id>.yaml``, as a whole or not at all. The new files are written beside the
    old ones and then swapped in; if a step fails, the steps done are undone. The save
    replaces the negotiation's files that are there, whatever their suffix (a
    ``negotiation.json``, round files named ``*.yml`` or ``*.json``), so that the folder reads
    back as exactly this negotiation, and leaves every other file (a README, a codebook)
    alone.

    Args:
        negotiation: The negotiation.
        path: A ``.yaml``, ``.yml`` or ``.json`` file, or a folder.

    Returns:
        The path written.

    Raises:
        OutputError: The file or folder cannot be written, or the path names a folder where
            a file is meant (or a file where a folder is); nothing was changed.
        UsageError: ``negotiation`` is not a [`Negotiation`][negpos.Negotiation], or
            ``path`` is not a path.
    """
    check_argument(negotiation, Negotiation, "a Negotiation to write")
    check_argument(path, (str, os.PathLike), "a path (text or a pathlib.Path)")
    p = Path(path)
    if p.suffix.lower() in SUFFIXES:
        write_file(p, dumps(negotiation, fmt=syntax_of(p)))
        return p
    head = negotiation.to_dict()
    rounds = head.pop("rounds", [])
    width = max(2, len(str(len(rounds))))
    files = [
        (f"{i:0{width}d}-{rnd.id}.yaml", dump_yaml({"format": FORMAT_VERSION, **data}))
        for i, (rnd, data) in enumerate(zip(negotiation.rounds, rounds, strict=True), start=1)
    ]
    write_folder(p, dump_yaml(head), files)
    return p
