"""Dataset folders: ``negotiation.yaml`` with the parties and the agenda, one file per round.

A folder is read strictly, so that what negpos reports is what the folder holds:

- exactly one head file, ``negotiation.yaml``, ``negotiation.yml`` or ``negotiation.json``;
  two of them are refused, naming both, since negpos cannot know which one is meant;
- every file under ``rounds/`` whose name ends in ``.yaml``, ``.yml`` or ``.json`` is a round,
  read in file-name order. Such an entry that cannot be read (a dangling link, a named pipe,
  a folder) is refused rather than skipped, and so is a hidden one (``.02-r2.yaml``, an
  editor's lock file): a round must never vanish without a word. Files with other endings
  (notes, a README) are not rounds and are left alone;
- a round file is named after the round it holds, ``<id>.yaml`` or ``<number>-<id>.yaml``
  (the layout ``negpos.dump`` writes, ``rounds/01-r1.yaml``); a name that says one round
  while the file holds another is refused, and blamed on that file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from negpos._errors import InputError, Problem
from negpos._io.files import (
    SUFFIXES,
    Limit,
    parse_text,
    read_text,
    require_format,
    reread,
    syntax_of,
)
from negpos._io.problems import Source, validate
from negpos._io.strict_yaml import line_of
from negpos._model.negotiation import Negotiation

__all__ = ["HEAD_NAMES", "load_folder", "round_file_id"]

#: The names a dataset folder's head file may have; a folder holds exactly one of them.
HEAD_NAMES: Final = ("negotiation.yaml", "negotiation.yml", "negotiation.json")

_NUMBERED = re.compile(r"^[0-9]+[-_]")


def round_file_id(stem: str, round_id: str) -> bool:
    """Whether a round file's name without its suffix names the round ``round_id``.

    The name is the id itself, or a number, ``-`` or ``_``, and the id.

    Examples:
        >>> round_file_id("01-r1", "r1"), round_file_id("r1", "r1")
        (True, True)
        >>> round_file_id("01-r2", "r1"), round_file_id("01-2025-06-02", "2025-06-02")
        (False, True)
    """
    if stem == round_id:
        return True
    prefix = stem[: -len(round_id)] if stem.endswith(round_id) else ""
    return bool(prefix) and _NUMBERED.fullmatch(prefix) is not None


def load_folder(folder: Path, limit: Limit) -> Negotiation:
    """The negotiation a dataset folder holds.

    Raises:
        InputError: The folder has no head file or two, a round entry cannot be read or is
            hidden, a round file's name disagrees with its id, or a document is malformed
            or inconsistent.
    """
    head_path = _head(folder)
    head_text = read_text(head_path, limit)
    head = require_format(
        parse_text(head_text, syntax_of(head_path), str(head_path)), str(head_path), head_text
    )
    files = _round_files(folder / "rounds")
    if files and "rounds" in head:
        raise InputError.single(
            "rounds are given both here and in the rounds/ folder; keep them in one place",
            field="rounds",
            file=str(head_path),
            line=line_of(head_text, ["rounds"]),
        )
    sources: list[tuple[str, Source]] = []
    rounds: list[Any] = []
    misnamed: list[Problem] = []
    text = ""
    for f in files:
        text = read_text(f, limit)
        data = require_format(parse_text(text, syntax_of(f), str(f)), str(f), text)
        round_id = data.get("id")
        if isinstance(round_id, str) and not round_file_id(f.stem, round_id):
            misnamed.append(
                Problem(
                    f"the file name says round {f.stem!r} but the file holds round "
                    f"{round_id!r}; name it {round_id}{f.suffix} or NN-{round_id}{f.suffix}",
                    field="id",
                    file=str(f),
                    line=line_of(text, ["id"]),
                )
            )
        rounds.append({k: v for k, v in data.items() if k != "format"})
        sources.append((str(f), reread(f, limit, text)))
    if misnamed:
        raise InputError(misnamed)
    if files:
        head = {**head, "rounds": rounds}
    again = reread(head_path, limit, head_text)
    del head_text, text  # not held while the document validates (see reread)
    return validate(Negotiation, head, str(head_path), again, round_files=sources)


def _present(path: Path) -> bool:
    # A dangling link is present too: reading it then says what is wrong with it.
    return path.is_symlink() or path.exists()


def _head(folder: Path) -> Path:
    found = [folder / name for name in HEAD_NAMES if _present(folder / name)]
    if not found:
        raise InputError.single(
            "a dataset folder needs a negotiation.yaml (parties and agenda)", file=str(folder)
        )
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        raise InputError(
            Problem(
                f"the folder holds {names}; keep one head file, since negpos cannot tell"
                " which one is meant",
                file=str(p),
            )
            for p in found
        )
    return found[0]


def _round_files(rounds_dir: Path) -> list[Path]:
    """The round files under ``rounds/`` in name order; hidden ones refused."""
    if not _present(rounds_dir):
        return []
    if not rounds_dir.is_dir():
        raise InputError.single("rounds must be a folder of round files", file=str(rounds_dir))
    entries = sorted(entry for entry in rounds_dir.iterdir() if entry.suffix.lower() in SUFFIXES)
    hidden = [entry for entry in entries if entry.name.startswith(".")]
    if hidden:
        raise InputError(
            Problem(
                "a hidden file among the rounds: negpos neither reads nor skips it unasked;"
                " rename it without the leading dot to read it as a round, or move it out"
                " of rounds/ (an editor's lock or backup file goes away when the file is"
                " saved or the editor closed)",
                file=str(entry),
            )
            for entry in hidden
        )
    return entries
