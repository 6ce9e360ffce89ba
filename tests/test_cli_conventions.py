"""The command line's conventions: stdin, stdout, quiet, help, typos, init, completion.

Also ``--version`` anywhere and ``python -m negpos``.

What needs a real terminal (colour, the pager, the progress line) is in test_cli_terminal.py.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import negpos
from negpos._cli.common import sniff_format
from negpos._cli.main import COMMANDS, build_parser, main
from negpos._cli.parser import EXAMPLES


def feed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Make standard input hold ``text``, as bytes beneath a text stream (like a real pipe)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


# --- standard input and standard output ------------------------------------------------------


def test_dash_reads_yaml_from_standard_input(
    example_text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``negpos report -`` reads the YAML document on standard input."""
    feed(monkeypatch, example_text)
    assert 0 == main(["report", "-", "--format", "json", "--parties", "a", "b"])
    data = json.loads(capsys.readouterr().out)
    assert ["a", "b"] == [p["id"] for p in data["parties"]]


def test_json_on_standard_input_is_recognised(
    example_text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document starting with ``{`` is read as JSON without --input-format."""
    document = negpos.loads(example_text).model_dump(mode="json")
    # Indented with tabs, which JSON allows and YAML does not: only JSON reads it.
    feed(monkeypatch, "\n  " + json.dumps({"format": 1, **document}, indent="\t"))
    assert 0 == main(["validate", "-"])
    assert "<stdin>: ok (2 parties, 4 issues, 1 rounds, 3 positions)\n" == capsys.readouterr().out


def test_errors_on_standard_input_name_stdin_and_the_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad document on standard input is reported as <stdin>:LINE, with status 2."""
    feed(monkeypatch, "format: 1\ntitle: T\nparties: [{id: a, name: A}]\nextra: 1\n")
    assert 2 == main(["report", "-"])
    out = capsys.readouterr()
    assert "" == out.out
    assert "negpos: error: <stdin>:4: extra: unknown field\n" == out.err


def test_input_format_overrides_the_guess(
    example_text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--input-format json reads YAML text as JSON, and says where it fails."""
    feed(monkeypatch, example_text)
    assert 2 == main(["validate", "-", "--input-format", "json"])
    assert capsys.readouterr().err.startswith("negpos: error: <stdin>:1:")


def test_standard_input_over_the_limit_is_refused(
    example_text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--max-bytes applies to standard input too, and the error says how to raise it."""
    feed(monkeypatch, example_text)
    assert 2 == main(["validate", "-", "--max-bytes", "100"])
    err = capsys.readouterr().err
    assert "<stdin>" in err
    assert "--max-bytes" in err


def test_sniffing() -> None:
    """JSON starts with { or [ after white space and a byte-order mark; anything else is YAML."""
    assert "json" == sniff_format(b"\xef\xbb\xbf\n [1]")
    assert "yaml" == sniff_format(b"# a comment\nformat: 1")


def test_dash_output_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o -`` writes to standard output, in the format asked for, and writes no file."""
    monkeypatch.chdir(tmp_path)
    assert 0 == main(["report", "-o", "-", "--format", "html"])
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert [] == list(tmp_path.iterdir())


def test_a_bare_dash_runs_report_on_standard_input(
    example_text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``negpos -`` is ``negpos report -``, as ``negpos talks.yaml`` is ``negpos report ...``."""
    feed(monkeypatch, example_text)
    assert 0 == main(["-", "--parties", "a", "b", "--format", "markdown"])
    assert capsys.readouterr().out.startswith("# ")


# --- quiet, version, help --------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [["-q", "report"], ["report", "-q"], ["--quiet"], ["report", "--quiet"]]
)
def test_quiet_silences_the_notes(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """-q/--quiet, before or after the command, leaves standard error empty on success."""
    assert 0 == main([*argv, "--format", "markdown"])
    out = capsys.readouterr()
    assert out.out.startswith("# Zelensky's open letter and Moscow's answer\n")
    assert "" == out.err


def test_quiet_silences_the_file_note_but_not_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under --quiet, "wrote FILE" is silent; an error is still reported."""
    assert 0 == main(["report", "-q", "-o", str(tmp_path / "r.md")])
    assert "" == capsys.readouterr().err
    assert 2 == main(["report", "-q", str(tmp_path / "missing.yaml")])
    assert "no such file or folder" in capsys.readouterr().err


def test_the_explore_progress_is_quiet_too(capsys: pytest.CaptureFixture[str]) -> None:
    """--quiet silences explore's progress lines."""
    assert 0 == main(
        [
            "explore",
            "-q",
            "--round",
            "istanbul-3",
            "--goal",
            "issue=security.nato",
            "--format",
            "json",
        ]
    )
    assert "" == capsys.readouterr().err


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_version_after_a_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``negpos COMMAND --version`` prints the version, as ``negpos --version`` does."""
    assert 0 == main([command, "--version"])
    assert f"negpos {negpos.__version__}\n" == capsys.readouterr().out


@pytest.mark.parametrize("command", ["", *(c.name for c in COMMANDS)])
def test_every_help_shows_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every --help ends with examples, each a negpos command line and what it does."""
    assert 0 == main([command, "--help"] if command else ["--help"])
    text = capsys.readouterr().out
    assert "\nexamples:\n" in text
    examples = text.split("\nexamples:\n", 1)[1]
    assert len(EXAMPLES[command]) >= 2
    for line, what in EXAMPLES[command]:
        assert f"  {line}\n      {what}\n" in examples


def test_every_command_has_examples() -> None:
    """No command is left without examples, and no example names a command that is gone."""
    assert {"", *(c.name for c in COMMANDS)} == set(EXAMPLES)


def _run_examples(examples: tuple[tuple[str, str], ...]) -> None:
    for line, _ in examples:
        argv = line.split()[1:]
        if "-o" in argv:
            argv[argv.index("-o") + 1] = "-"
        with open(os.devnull, "w") as null, pytest.MonkeyPatch.context() as mp:
            mp.setattr(sys, "stdout", null)
            mp.setattr(sys, "stderr", null)
            assert 0 == main(argv), line


def test_help_examples_run() -> None:
    """The report examples that need nothing but negpos itself are commands that succeed."""
    _run_examples(EXAMPLES["report"][:2])


@pytest.mark.slow
def test_explore_help_examples_run() -> None:
    """So are the first two explore examples (searches of a minute: not in the default run)."""
    _run_examples(EXAMPLES["explore"][:2])


# --- suggestions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["reprot"], "did you mean 'report'?"),
        (["explor", "--help"], "did you mean 'explore'?"),
        (["report", "--fromat", "json"], "did you mean --format?"),
        (["compare", "--partys", "ru", "ua"], "did you mean --parties?"),
        (["report", "--format", "jsn"], "did you mean 'json'?"),
        (["explore", "--method", "exakt"], "did you mean 'exact'?"),
        (["completion", "bsh"], "did you mean 'bash'?"),
    ],
)
def test_typos_get_a_suggestion(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped command, option or choice is a usage error that names the nearest one."""
    assert 2 == main(argv)
    out = capsys.readouterr()
    assert "" == out.out
    assert hint in out.err
    assert "Traceback" not in out.err


def test_a_word_far_from_any_command_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing close, nothing suggested: the list of commands is enough."""
    assert 2 == main(["zzzzzz"])
    err = capsys.readouterr().err
    assert "did you mean" not in err
    assert "choose from report, compare" in err


def test_a_missing_file_is_reported_as_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``negpos talks.yaml`` with no such file says so, rather than "invalid command"."""
    assert 2 == main([str(tmp_path / "talks.yaml")])
    assert "no such file or folder" in capsys.readouterr().err


# --- python -m negpos ------------------------------------------------------------------------


def test_python_dash_m_negpos() -> None:
    """``python -m negpos`` is the negpos command."""
    result = subprocess.run(
        [sys.executable, "-m", "negpos", "report", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, f"negpos {negpos.__version__}\n", "") == (
        result.returncode,
        result.stdout,
        result.stderr,
    )


# --- init ------------------------------------------------------------------------------------


def test_init_writes_a_dataset_that_validates_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``negpos init`` writes a folder that validate accepts and report renders."""
    folder = tmp_path / "wage-talks"
    assert 0 == main(["init", str(folder)])
    err = capsys.readouterr().err
    assert f"negpos: wrote {folder / 'negotiation.yaml'}\n" in err
    assert ["negotiation.yaml", "rounds"] == sorted(p.name for p in folder.iterdir())
    assert 0 == main(["validate", str(folder)])
    assert "ok (2 parties, 6 issues, 1 rounds, 12 positions)" in capsys.readouterr().out
    assert 0 == main(["report", str(folder), "--format", "markdown"])
    report = capsys.readouterr().out
    assert "Workers' union" in report
    assert "Pay rise" in report


def test_init_has_one_issue_of_each_common_kind(tmp_path: Path) -> None:
    """The agenda shows every common kind once, and every field is explained by a comment."""
    assert 0 == main(["init", "-q", str(tmp_path / "t")])
    neg = negpos.load(tmp_path / "t")
    kinds = sorted(issue.kind.value for issue in neg.issues)
    assert ["boolean", "categorical", "numeric", "ordinal", "sequence", "set"] == kinds
    head = (tmp_path / "t" / "negotiation.yaml").read_text(encoding="utf-8")
    assert head.count("\n#") + head.count("\n  #") >= 8
    assert '"t talks"' in head


def test_init_into_an_empty_folder(tmp_path: Path) -> None:
    """An existing empty folder is fine: nothing is in it to overwrite."""
    assert 0 == main(["init", "-q", str(tmp_path)])
    assert (tmp_path / "rounds" / "01-r1.yaml").is_file()


def test_init_refuses_a_folder_with_anything_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A non-empty folder, or a file, is refused with status 2, and nothing is written."""
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert 2 == main(["init", str(tmp_path)])
    assert "not empty" in capsys.readouterr().err
    assert ["notes.txt"] == [p.name for p in tmp_path.iterdir()]
    assert 2 == main(["init", str(tmp_path / "notes.txt")])
    assert "is a file" in capsys.readouterr().err
    assert "mine" == (tmp_path / "notes.txt").read_text(encoding="utf-8")


# --- shell completion ------------------------------------------------------------------------

BASH_PROBE = """
source "$1"
complete_line() {
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
    _negpos
    echo "${COMPREPLY[*]}"
}
complete_line negpos rep
complete_line negpos report --fo
complete_line negpos report --format ''
complete_line negpos explore --method ''
complete_line negpos completion ''
complete_line negpos ''
complete -p negpos
"""


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_completes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The bash script, sourced by bash, completes commands, options and their choices."""
    assert 0 == main(["completion", "bash"])
    script = tmp_path / "negpos.bash"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    result = subprocess.run(
        ["bash", "-c", BASH_PROBE, "probe", str(script)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ("", 0) == (result.stderr, result.returncode)
    commands = " ".join(c.name for c in COMMANDS)
    assert [
        "report",
        "--format",
        "markdown html json terminal csv xlsx",
        "auto milp exact hypothesis",
        "bash zsh fish",
        commands,
        "complete -o default -F _negpos negpos",
    ] == result.stdout.splitlines()


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts(
    shell: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The zsh and fish scripts name every command and option; the shell parses them if here."""
    assert 0 == main(["completion", shell])
    text = capsys.readouterr().out
    for command in COMMANDS:
        assert command.name in text
    assert "no-pager" in text
    if shutil.which(shell) is None:
        return
    script = tmp_path / f"negpos.{shell}"
    script.write_text(text, encoding="utf-8")
    result = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True, check=False)
    assert (0, "") == (result.returncode, result.stderr)


def test_completion_covers_every_option() -> None:
    """Each option of each command appears in the bash script."""
    from negpos._cli.completion import script

    text = script("bash", build_parser())
    parser = build_parser()
    for action in parser._actions:
        for flag in action.option_strings:
            assert flag in text


# --- explore in the user's folder ------------------------------------------------------------


@pytest.mark.slow
def test_a_hypothesis_search_leaves_nothing_in_the_current_folder(tmp_path: Path) -> None:
    """The explore command's randomised search writes no .hypothesis/ folder where it is run."""
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"}
    root = str(Path(negpos.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "negpos",
            "explore",
            "-q",
            "--method",
            "hypothesis",
            "--max-examples",
            "30",
            "-o",
            "-",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, "") == (result.returncode, result.stderr)
    assert "Search: hypothesis" in result.stdout
    assert [] == list(tmp_path.iterdir())
