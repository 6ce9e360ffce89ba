"""Writing negotiations: YAML and JSON text, files, and dataset folders."""

from __future__ import annotations

import json
import os
from pathlib import Path

from negpos._errors import InputError
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
        UsageError: ``fmt`` is neither ``yaml`` nor ``json``.
    """
    check_syntax(fmt)
    data = negotiation.to_dict()
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return dump_yaml(data)


def dump(negotiation: Negotiation, path: str | os.PathLike[str]) -> Path:
    """Save a negotiation to a file, or to a dataset folder.

    A path ending in ``.yaml``, ``.yml`` or ``.json`` gets one file in that format. Any other
    path is written as a dataset folder: ``negotiation.yaml`` plus ``rounds/NN-<id>.yaml``.

    Returns:
        The path written.
    """
    p = Path(path)
    if p.suffix.lower() in SUFFIXES:
        p.write_text(dumps(negotiation, fmt=syntax_of(p)), encoding="utf-8")
        return p
    if p.exists() and not p.is_dir():
        raise InputError.single("exists and is not a folder", file=str(p))
    rounds_dir = p / "rounds"
    rounds_dir.mkdir(parents=True, exist_ok=True)
    for old in sorted(rounds_dir.glob("*.yaml")):
        old.unlink()
    head = negotiation.to_dict()
    rounds = head.pop("rounds", [])
    (p / "negotiation.yaml").write_text(dump_yaml(head), encoding="utf-8")
    width = max(2, len(str(len(rounds))))
    for i, (rnd, data) in enumerate(zip(negotiation.rounds, rounds, strict=True), start=1):
        name = f"{i:0{width}d}-{rnd.id}.yaml"
        (rounds_dir / name).write_text(
            dump_yaml({"format": FORMAT_VERSION, **data}), encoding="utf-8"
        )
    return p
