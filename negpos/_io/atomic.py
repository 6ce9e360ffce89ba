"""Writing files and dataset folders so that a failure loses nothing.

A file is written to a temporary file in its own folder and renamed over the target: the
rename is atomic, so a reader sees the old file or the new one, never a fragment, and a write
that fails (a full disk, a read-only folder, an interruption) leaves the old file as it was.

A dataset folder holds several files, which no single rename can replace. The new files are
written beside the old ones first; then the old negotiation files are moved aside into a work
folder and the new ones moved in, each by a rename in the same file system. If any step fails,
the steps done are undone in reverse order, so the folder ends as it was. Only if undoing
fails too (the disk went away) do the old files stay in the work folder, which the error names.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from negpos._errors import OutputError

__all__ = ["HEAD_NAMES", "ROUND_SUFFIXES", "write_bytes", "write_file", "write_folder"]

#: The names a dataset folder's head file may have; a save replaces whichever are there.
HEAD_NAMES: Final = ("negotiation.yaml", "negotiation.yml", "negotiation.json")

#: The suffixes of the files in ``rounds/`` that a folder's reader takes as rounds, lower case.
ROUND_SUFFIXES: Final = (".yaml", ".yml", ".json")


def write_file(path: Path, text: str) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8) in one step.

    See [`write_bytes`][negpos._io.atomic.write_bytes].

    Raises:
        OutputError: As for ``write_bytes``.
    """
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` in one step.

    A symbolic link is written through: the file it points to is replaced and the link
    stays. An existing file keeps its permissions; a new one gets the usual ones (the
    process's umask applies).

    Raises:
        OutputError: ``path`` is a folder, or the file cannot be written; the old file, if
            any, is unchanged and no temporary file is left behind.
    """
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise OutputError(f"{path}: is a folder, not a file")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with _temporary(target.parent, target.name) as temporary:
            _write(temporary, data, mode)
            os.replace(temporary, target)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    _sync_folder(target.parent)


def write_folder(folder: Path, head: str, rounds: Sequence[tuple[str, str]]) -> None:
    """Save a dataset folder: ``negotiation.yaml`` and ``rounds/``, as a whole or not at all.

    Every head file (``negotiation.yaml``, ``.yml``, ``.json``) and every round file of
    ``rounds/`` (``*.yaml``, ``*.yml``, ``*.json``) already there is replaced: a reader of the
    folder finds exactly the new negotiation. Other files (a README, a codebook, notes in
    ``rounds/``) are left alone.

    Args:
        folder: The dataset folder; created if missing.
        head: The text of ``negotiation.yaml``.
        rounds: The round files, as (file name, text) pairs.

    Raises:
        OutputError: ``folder`` or its ``rounds`` is not a folder, or the files cannot be
            written; the folder is as it was before.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    rounds_dir = folder / "rounds"
    if rounds_dir.exists() and not rounds_dir.is_dir():
        raise OutputError(f"{rounds_dir}: exists and is not a folder")
    try:
        if folder.is_dir():
            _replace_in(folder, head, rounds)
        else:
            _create(folder, head, rounds)
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        raise _cannot_write(folder, exc) from exc


def _create(folder: Path, head: str, rounds: Sequence[tuple[str, str]]) -> None:
    # A new folder is built whole under a temporary name and renamed into place: one step.
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = _new_folder(folder.parent, folder.name)
    try:
        _fill(work, head, rounds)
        os.replace(work, folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _sync_folder(folder.parent)


def _replace_in(folder: Path, head: str, rounds: Sequence[tuple[str, str]]) -> None:
    work = _new_folder(folder, "save")
    try:
        staged = work / "new"
        aside = work / "old"
        os.mkdir(aside)
        os.mkdir(staged)
        _fill(staged, head, rounds)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    rounds_dir = folder / "rounds"
    moves = [(old, aside / f"{k}-{old.name}") for k, old in enumerate(_superseded(folder))]
    moves += [(staged / "negotiation.yaml", folder / "negotiation.yaml")]
    moves += [(staged / "rounds" / name, rounds_dir / name) for name, _ in rounds]
    done: list[tuple[Path, Path]] = []
    made_rounds_dir = False
    try:
        if not rounds_dir.exists():
            os.mkdir(rounds_dir)
            made_rounds_dir = True
        for source, destination in moves:
            os.replace(source, destination)
            done.append((source, destination))
    except BaseException:
        _undo(done, work)
        if made_rounds_dir:
            with contextlib.suppress(OSError):
                os.rmdir(rounds_dir)
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    _sync_folder(rounds_dir)
    _sync_folder(folder)


def _superseded(folder: Path) -> list[Path]:
    """The files of ``folder`` that a reader takes as the negotiation: the head and rounds."""
    found = [folder / name for name in HEAD_NAMES if _is_file_entry(folder / name)]
    rounds_dir = folder / "rounds"
    if rounds_dir.is_dir():
        found += sorted(
            entry
            for entry in rounds_dir.iterdir()
            if entry.suffix.lower() in ROUND_SUFFIXES and _is_file_entry(entry)
        )
    return found


def _is_file_entry(path: Path) -> bool:
    # A link counts even when it dangles: the reader would stumble on it.
    return path.is_symlink() or path.is_file()


def _undo(done: list[tuple[Path, Path]], work: Path) -> None:
    for source, destination in reversed(done):
        try:
            os.replace(destination, source)
        except OSError as exc:
            # Nothing more can be put back; the old files are safe in the work folder, which
            # must then be kept and named.
            raise OutputError(
                f"{work}: the save failed and could not be undone ({exc.strerror or exc}); "
                "the previous files are in this folder's 'old' folder"
            ) from exc


def _fill(folder: Path, head: str, rounds: Sequence[tuple[str, str]]) -> None:
    _write_new(folder / "negotiation.yaml", head)
    os.mkdir(folder / "rounds")
    for name, text in rounds:
        _write_new(folder / "rounds" / name, text)


def _write_new(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with open(fd, "wb") as handle:
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def _temporary(folder: Path, name: str) -> Iterator[Path]:
    """A fresh temporary file name beside ``name``, removed on the way out if still there."""
    path = folder / f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _write(path: Path, data: bytes, mode: int | None) -> None:
    # Created with 0o666 so that the umask gives a new file the usual permissions; an
    # existing file's own permissions are copied instead.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with open(fd, "wb") as handle:
        if mode is not None:
            os.chmod(path, mode)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _new_folder(parent: Path, name: str) -> Path:
    path = parent / f".{name}.{secrets.token_hex(6)}.negpos-tmp"
    os.mkdir(path)
    return path


def _sync_folder(folder: Path) -> None:
    # Makes the renames durable; some file systems cannot sync a folder, which costs only
    # durability after a crash, never the files.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _cannot_write(path: Path | str, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {exc.strerror or exc}")
