"""Output files: nothing a command or a save writes can destroy data, even when it fails.

The command line never writes ``-o`` over one of its own inputs (however the path is spelt)
nor into a folder; every write goes to a temporary file that is renamed over the target, so
a failure leaves the old file whole; and ``negpos.dump`` replaces a dataset folder's files as
a whole or not at all. Failures are simulated by making ``os.replace``, ``os.fsync`` or
``os.mkdir`` fail at each step in turn.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import negpos
from negpos._cli.main import main

NEG = negpos.bundled()
SMALLER = NEG.model_copy(update={"rounds": NEG.rounds[:2], "title": "Two rounds only"})


def leftovers(folder: Path) -> list[str]:
    """Temporary files and folders a write may have left anywhere under ``folder``."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.name.endswith((".tmp", ".negpos-tmp"))
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


class Failing:
    """Make a function of ``os`` fail with ``error`` on its ``at``-th call (counted from 0)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, at: int, error: int) -> None:
        self.calls = 0
        self.real: Callable[..., Any] = getattr(os, name)
        self.at = at
        self.error = error
        monkeypatch.setattr(os, name, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls - 1 == self.at:
            raise OSError(self.error, os.strerror(self.error))
        return self.real(*args, **kwargs)


def count_calls(monkeypatch: pytest.MonkeyPatch, name: str, run: Callable[[], object]) -> int:
    """How many times ``run`` calls ``os.<name>``."""
    counter = Failing(monkeypatch, name, at=-1, error=errno.EIO)
    run()
    monkeypatch.undo()
    return counter.calls


# --- negpos.dump to a file -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "error"), [("replace", errno.EACCES), ("fsync", errno.ENOSPC)])
def test_a_failed_save_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, error: int
) -> None:
    """A save that fails (a refused rename, a full disk) keeps the old file and leaves no fragment."""
    target = tmp_path / "talks.yaml"
    negpos.dump(NEG, target)
    before = target.read_bytes()
    Failing(monkeypatch, name, at=0, error=error)
    with pytest.raises(negpos.OutputError) as caught:
        negpos.dump(SMALLER, target)
    monkeypatch.undo()
    assert os.strerror(error) in str(caught.value)
    assert isinstance(caught.value, OSError)
    assert before == target.read_bytes()
    assert [] == leftovers(tmp_path)
    assert ["talks.yaml"] == [p.name for p in tmp_path.iterdir()]


def test_a_save_keeps_the_files_permissions(tmp_path: Path) -> None:
    """Replacing a file keeps its permissions; a new file gets the usual ones, not the temporary file's."""
    old = tmp_path / "old.json"
    negpos.dump(SMALLER, old)
    old.chmod(0o640)
    negpos.dump(NEG, old)
    assert 0o640 == stat.S_IMODE(old.stat().st_mode)
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = negpos.dump(NEG, tmp_path / "new.json")
    assert 0o666 & ~umask == stat.S_IMODE(fresh.stat().st_mode)


def test_a_save_writes_through_a_link(tmp_path: Path) -> None:
    """Saving to a symbolic link replaces the file it points to, and the link stays."""
    real = tmp_path / "real.yaml"
    negpos.dump(SMALLER, real)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    negpos.dump(NEG, link)
    assert link.is_symlink()
    assert NEG == negpos.load(real)


def test_a_file_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    """Saving to talks.yaml when talks.yaml is a folder is an OutputError, and the folder stays."""
    (tmp_path / "talks.yaml").mkdir()
    with pytest.raises(negpos.OutputError, match="is a folder"):
        negpos.dump(NEG, tmp_path / "talks.yaml")
    assert (tmp_path / "talks.yaml").is_dir()


# --- negpos.dump to a dataset folder ---------------------------------------------------------


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A dataset folder holding NEG, with a README and a note in rounds/ that are not ours."""
    folder = tmp_path / "talks"
    negpos.dump(NEG, folder)
    (folder / "README.md").write_text("# Codebook\n", encoding="utf-8")
    (folder / "rounds" / "notes.txt").write_text("coder notes\n", encoding="utf-8")
    return folder


def test_resaving_replaces_round_files_of_every_suffix(dataset: Path) -> None:
    """Round files named *.yml or *.json and a negotiation.json are superseded, and the folder reads back exactly."""
    rounds = dataset / "rounds"
    for path in sorted(rounds.glob("*.yaml"))[:3]:
        path.rename(path.with_suffix(".yml" if "1" in path.name else ".JSON"))
    (dataset / "negotiation.yaml").rename(dataset / "negotiation.yml")
    negpos.dump(SMALLER, dataset)
    assert SMALLER == negpos.load(dataset)
    assert ["01-istanbul-2022.yaml", "02-istanbul-1.yaml", "notes.txt"] == sorted(
        p.name for p in rounds.iterdir()
    )
    assert {"README.md", "negotiation.yaml", "rounds"} == {p.name for p in dataset.iterdir()}
    assert "# Codebook\n" == (dataset / "README.md").read_text(encoding="utf-8")


def test_a_folder_save_that_fails_at_any_step_changes_nothing(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whichever rename of a folder save fails, the folder still holds the old negotiation, whole."""
    steps = count_calls(monkeypatch, "replace", lambda: negpos.dump(SMALLER, dataset))
    negpos.dump(NEG, dataset)
    before = snapshot(dataset)
    assert steps > len(SMALLER.rounds) + len(NEG.rounds)
    for at in range(steps):
        Failing(monkeypatch, "replace", at=at, error=errno.EIO)
        with pytest.raises(negpos.OutputError):
            negpos.dump(SMALLER, dataset)
        monkeypatch.undo()
        assert before == snapshot(dataset), f"step {at}"
        assert [] == leftovers(dataset.parent), f"step {at}"
    assert NEG == negpos.load(dataset)


@pytest.mark.parametrize(("name", "error"), [("fsync", errno.ENOSPC), ("mkdir", errno.EACCES)])
def test_a_folder_save_that_fails_while_writing_changes_nothing(
    dataset: Path, monkeypatch: pytest.MonkeyPatch, name: str, error: int
) -> None:
    """A full disk or a refused folder while the new files are written leaves the old ones."""
    before = snapshot(dataset)
    steps = count_calls(monkeypatch, name, lambda: negpos.dump(SMALLER, dataset))
    negpos.dump(NEG, dataset)
    if name == "fsync":
        # One sync per new file; the folder syncs after the swap may fail harmlessly.
        steps = 1 + len(SMALLER.rounds)
    for at in range(steps):
        Failing(monkeypatch, name, at=at, error=error)
        with pytest.raises(negpos.OutputError, match=os.strerror(error)):
            negpos.dump(SMALLER, dataset)
        monkeypatch.undo()
        assert before == snapshot(dataset)
        assert [] == leftovers(dataset.parent)


def test_a_failure_that_cannot_be_undone_keeps_the_old_files(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If putting the old files back fails too, they stay in the work folder the error names."""
    before = snapshot(dataset)
    real = os.replace
    calls = 0

    def replace_then_fail(source: Any, destination: Any) -> None:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace_then_fail)
    with pytest.raises(negpos.OutputError, match="could not be undone") as caught:
        negpos.dump(SMALLER, dataset)
    monkeypatch.undo()
    kept = set(snapshot(dataset).values())
    assert set(before.values()) <= kept
    assert ".negpos-tmp" in str(caught.value)


def test_a_new_folder_is_created_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save to a new folder that fails leaves no folder and no temporary one."""
    Failing(monkeypatch, "fsync", at=3, error=errno.ENOSPC)
    with pytest.raises(negpos.OutputError):
        negpos.dump(NEG, tmp_path / "talks")
    monkeypatch.undo()
    assert [] == list(tmp_path.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="the superuser writes into read-only folders")
def test_a_read_only_folder_is_left_alone(dataset: Path) -> None:
    """Saving into a read-only dataset folder fails with OutputError and changes nothing."""
    before = snapshot(dataset)
    dataset.chmod(0o555)
    try:
        with pytest.raises(negpos.OutputError, match="Permission denied"):
            negpos.dump(SMALLER, dataset)
    finally:
        dataset.chmod(0o755)
    assert before == snapshot(dataset)


def test_a_folder_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    """Saving a dataset folder where a file stands is an OutputError, and the file stays."""
    (tmp_path / "talks").write_text("mine\n", encoding="utf-8")
    with pytest.raises(negpos.OutputError, match="not a folder"):
        negpos.dump(NEG, tmp_path / "talks")
    assert "mine\n" == (tmp_path / "talks").read_text(encoding="utf-8")


# --- the command line's -o -------------------------------------------------------------------


COMMANDS = [["report"], ["compare"], ["changes"], ["explore", "--max-moves", "1"]]


@pytest.fixture
def talks(tmp_path: Path) -> Iterator[Path]:
    """A one-file negotiation, with the working directory beside it."""
    path = tmp_path / "talks.yaml"
    negpos.dump(NEG, path)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    yield path
    os.chdir(cwd)


def spellings(path: Path) -> Iterator[str]:
    """Different ways to name the same file: as given, relative, dotted, through a link, a hard link."""
    yield str(path)
    yield path.name
    yield f"./{path.name}"
    yield f"../{path.parent.name}/{path.name}"
    link = path.with_name("link.md")
    link.symlink_to(path)
    yield str(link)
    hard = path.with_name("hard.md")
    os.link(path, hard)
    yield str(hard)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_output_over_the_input_file_is_refused(
    talks: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """-o naming the input file, however spelt, is refused with exit 2 and the input is untouched."""
    before = talks.read_bytes()
    for output in spellings(talks):
        assert 2 == main([*command, str(talks), "-o", output]), output
        err = capsys.readouterr().err
        assert f"negpos: error: -o {output}: refusing to write over the input {talks}" in err
        assert before == talks.read_bytes()


@pytest.mark.parametrize("suffix", [".json", ".yml"])
def test_output_over_a_json_or_yml_input_is_refused(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The input may be JSON or .yml: -o over it is refused all the same."""
    path = negpos.dump(NEG, tmp_path / f"talks{suffix}")
    before = path.read_bytes()
    assert 2 == main(["report", str(path), "--format", "json", "-o", str(path)])
    assert "refusing to write over the input" in capsys.readouterr().err
    assert before == path.read_bytes()


@pytest.mark.parametrize(
    "inside", ["negotiation.yaml", "rounds/03-istanbul-2.yaml", "README.md", "new.md"]
)
def test_output_inside_an_input_folder_is_refused(
    dataset: Path, inside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o naming any file inside the input dataset folder, round files included, is refused."""
    before = snapshot(dataset)
    assert 2 == main(["report", str(dataset), "-o", str(dataset / inside)])
    err = capsys.readouterr().err
    assert f"refusing to write inside the input folder {dataset}" in err
    assert before == snapshot(dataset)


def test_output_into_the_bundled_dataset_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no PATH the bundled dataset is the input, and -o cannot write into it either."""
    # A copy stands in for the bundled folder, so that a regression spoils only the copy.
    copy = tmp_path / "bundled"
    shutil.copytree(negpos.bundled_path(), copy)
    monkeypatch.setattr("negpos._io.bundled.bundled_path", lambda: copy)
    target = copy / "rounds" / "03-istanbul-2.yaml"
    before = target.read_bytes()
    assert 2 == main(["compare", "-o", str(target)])
    assert f"refusing to write inside the input folder {copy}" in capsys.readouterr().err
    assert before == target.read_bytes()


def test_output_to_a_folder_is_refused(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o naming a folder is refused with exit 2 before anything is computed."""
    (talks.parent / "out").mkdir()
    for output in ("out", "out/", "new/"):
        assert 2 == main(["report", str(talks), "-o", output])
        assert f"negpos: error: -o {output}: is a folder" in capsys.readouterr().err


def test_a_failed_output_write_keeps_the_old_report(
    talks: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An -o write that fails exits 2 with a message, keeps the old report and leaves no fragment."""
    report = talks.parent / "report.html"
    assert 0 == main(["report", str(talks), "-o", str(report)])
    before = report.read_bytes()
    capsys.readouterr()
    Failing(monkeypatch, "fsync", at=0, error=errno.ENOSPC)
    assert 2 == main(["report", str(talks), "--negotiation", "-o", str(report)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert (
        f"negpos: error: {report}: cannot write: No space left on device\n"
        == err.splitlines(True)[-1]
    )
    assert before == report.read_bytes()
    assert [] == leftovers(talks.parent)
