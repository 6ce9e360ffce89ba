"""The ``negpos`` parser: argparse, with help that shows examples and errors that suggest.

argparse stays (rather than click or Typer) because it is in the standard library and
already imported by the interpreter's own tools: ``negpos --version`` starts in about the
time ``python -c "import pydantic"`` takes, which click alone would lengthen by a third, and
what the conventions add here (examples, suggestions, options after the command) is a few
dozen lines either way.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, Final, NoReturn

from negpos._cli.common import EXIT_USAGE, Command, add_quiet_arguments, error
from negpos._version import __version__

__all__ = ["EXAMPLES", "Parser", "build", "command_parser", "suggest", "unrecognized"]

#: Examples shown at the end of each command's ``--help``: the command line, and what it does.
EXAMPLES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "": (
        ("negpos", "the gap report of the bundled dataset's latest round"),
        ("negpos init my-talks", "start a dataset folder of your own"),
        ("negpos validate my-talks", "check it, every problem with its file and line"),
        ("negpos report my-talks -o report.html", "a self-contained HTML report"),
        ("negpos completion bash >> ~/.bashrc", "complete commands and options with Tab"),
    ),
    "report": (
        ("negpos report", "the bundled dataset's latest round, as a table or Markdown"),
        ("negpos report --round istanbul-2 -o june.html", "one round, as an HTML page"),
        ("negpos report my-talks --parties union employer --format json", "JSON on stdout"),
        ("negpos report --negotiation --format markdown | less", "the whole negotiation"),
        ("cat talks.json | negpos report - -o -", "read standard input, write standard output"),
        ("negpos report my-talks --fail-on-gaps -q", "exit 1 when any gap is found"),
    ),
    "compare": (
        ("negpos compare --parties ru ua --round istanbul-2", "issue by issue"),
        ("negpos compare my-talks --format json -o gaps.json", "as JSON, to a file"),
        ("negpos compare --round istanbul-2 -o june.xlsx", "the table, as an XLSX workbook"),
    ),
    "changes": (
        ("negpos changes --party ua --from istanbul-1 --to istanbul-2", "who moved, and how"),
        ("negpos changes my-talks --party union --counterpart employer", "the latest move"),
    ),
    "explore": (
        ("negpos explore", "the cheapest moves to no red line in conflict"),
        ("negpos explore --round istanbul-2 --goal compatibility=0.5", "another goal"),
        ("negpos explore --method exact --max-nodes 100000", "a longer exact search"),
        (
            "negpos explore --parties ru ua us --movers ru ua --round us-28-points "
            "--goal issues=security.nato,security.force_limits",
            "what the sides would concede for the US plan to pass on two issues",
        ),
        ("negpos explore my-talks --format html -o moves.html", "as an HTML page"),
    ),
    "robust": (
        ("negpos robust --round istanbul-2", "the June 2025 round under every reading"),
        ("negpos robust my-talks --parties a b --workers 2", "on two processes"),
        ("negpos robust --format html -o robust.html", "as an HTML page with range bars"),
    ),
    "bargain": (
        (
            "negpos bargain --round istanbul-2 --goal issues=humanitarian.children,"
            "process.leaders_meeting,security.treaties",
            "the packages both could sign on three issues",
        ),
        ("negpos bargain --goal compatibility=0.4", "packages that reach an index of 0.40"),
        ("negpos bargain my-talks --parties a b c -o bargain.html", "three sides, as a page"),
    ),
    "validate": (
        ("negpos validate my-talks", "a dataset folder"),
        ("negpos validate rounds/*.yaml talks.json", "several files; the worst status wins"),
        ("curl -s https://example.org/talks.json | negpos validate -", "standard input"),
    ),
    "schema": (
        ("negpos schema -o negotiation.schema.json", "for your editor's YAML support"),
        ("negpos schema --document round", "the schema of a round file"),
    ),
    "init": (
        ("negpos init my-talks", "write my-talks/negotiation.yaml and my-talks/rounds/"),
        ("negpos init my-talks && negpos report my-talks", "and read it at once"),
    ),
    "import": (
        ("negpos import positions.xlsx -o my-talks", "a workbook, as a dataset folder"),
        (
            "negpos import positions.csv --agenda my-talks -o my-talks.yaml",
            "a CSV file of positions on the agenda of a dataset, as one YAML file",
        ),
        ("negpos import positions.csv --agenda agenda.yaml", "check it; YAML on stdout"),
    ),
    "assess": (
        ("negpos assess --plan us --sides ru ua", "the US plan against both sides"),
        ("negpos assess --plan e3 --round e3-counter-proposal -o e3.html", "as an HTML page"),
        ("negpos assess my-talks --plan mediator --format json", "JSON on stdout"),
    ),
    "common": (
        ("negpos common --parties ru ua us e3", "what all four accept, issue by issue"),
        ("negpos common --round geneva --format json -o common.json", "as JSON, to a file"),
    ),
    "revisions": (
        ("negpos revisions --party us --from us-28-points --to geneva", "the 28 points revised"),
        ("negpos revisions --party ru --from istanbul-1 --to istanbul-2", "May against June"),
    ),
    "agreement": (
        ("negpos agreement ann.yaml ben.yaml", "how far two coders' encodings agree"),
        (
            "negpos agreement coding/*.yaml --coders Ann Ben Cleo -o agreement.html",
            "three coders, named, as an HTML page",
        ),
        ("negpos agreement ann ben --format json", "two dataset folders, as JSON"),
    ),
    "completion": (
        ("source <(negpos completion bash)", "bash, in this shell"),
        ('eval "$(negpos completion zsh)"', "zsh, in ~/.zshrc"),
        ("negpos completion fish > ~/.config/fish/completions/negpos.fish", "fish"),
    ),
}

_TOP_EPILOG: Final = (
    "With no command, negpos runs report; with no PATH, commands use the bundled dataset "
    "(the Russia–Ukraine talks from 2022 to 2026). A PATH of - reads standard input and -o - "
    "writes standard output. Data goes to standard output, notes and errors to standard "
    "error. Exit status: 0 ok, 1 gaps found under --fail-on-gaps, 2 bad input or usage. "
    "Environment: "
    "NO_COLOR (no colour), PAGER (the pager for long output on a terminal). Run "
    "'negpos COMMAND --help' for a command's options, defaults and examples."
)


def _width() -> int:
    return max(min(shutil.get_terminal_size((100, 24)).columns, 100) - 2, 40)


def _epilog(text: str | None, examples: Iterable[tuple[str, str]]) -> str:
    width = _width()
    parts = [textwrap.fill(text, width)] if text else []
    lines = ["examples:"]
    for line, what in examples:
        lines.append(f"  {line}")
        lines.append(f"      {what}")
    parts.append("\n".join(lines))
    return "\n\n".join(parts)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a mistyped ``word``, if one is close enough.

    Examples:
        >>> suggest("reprot", ["report", "compare"])
        'report'
        >>> suggest("--fromat", ["--format", "--output"])
        '--format'
        >>> suggest("xyz", ["report"]) is None
        True
    """
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


class Parser(argparse.ArgumentParser):
    """argparse's parser, with errors that suggest and end in exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print the usage and one ``negpos: error:`` line, and exit with status 2."""
        self.print_usage(sys.stderr)
        # argparse quotes the arguments it refuses as they were typed.
        error(message)
        self.exit(EXIT_USAGE)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # A mistyped command or choice gets the nearest one offered, as git does.
        if action.choices is not None and value not in action.choices:
            names = [str(c) for c in action.choices]
            message = f"invalid choice: {str(value)!r} (choose from {', '.join(names)})"
            close = suggest(str(value), names)
            if close is not None:
                message += f"; did you mean {close!r}?"
            raise argparse.ArgumentError(action, message)


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    return [flag for action in parser._actions for flag in action.option_strings]


def command_parser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command`` (the whole command's parser when there is no such command)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            sub: argparse.ArgumentParser = action.choices[command]
            return sub
    return parser


def unrecognized(
    extras: Sequence[str], parser: argparse.ArgumentParser, command: str | None
) -> str:
    """The message for arguments no option took, with the nearest option for each."""
    known = _option_strings(parser)
    if command is not None:
        known += _option_strings(command_parser(parser, command))
    hints = {}
    for word in extras:
        if word.startswith("-") and word != "-":
            close = suggest(word.split("=", 1)[0], known)
            if close is not None:
                hints[word] = close
    message = f"unrecognized arguments: {' '.join(extras)}"
    if len(hints) == 1:
        return f"{message}; did you mean {next(iter(hints.values()))}?"
    return "; ".join([message, *(f"{w}: did you mean {c}?" for w, c in hints.items())])


def _add_version(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--version",
        action="version",
        version=f"negpos {__version__}",
        help="print the version and exit",
    )


def build(
    commands: Sequence[Command], only: str | None = None, *, every: bool = True
) -> argparse.ArgumentParser:
    """The ``negpos`` parser, with a sub-parser for each of ``commands``.

    Args:
        commands: The sub-commands.
        only: With ``every=False``, the one command whose options are added; the others
            get their name and help only. A run needs one command's options, and adding
            every option of every command would be most of ``negpos --version``'s work.
        every: Add every command's options (for ``--help`` of each, and completion).
    """
    parser = Parser(
        prog="negpos",
        description="Typed negotiation positions: gaps, overlaps and changes between sides.",
        epilog=_epilog(textwrap.fill(_TOP_EPILOG, _width()), EXAMPLES[""]),
    )
    _add_version(parser)
    add_quiet_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in commands:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        if not every and command.name != only:
            continue
        command.configure(p)
        _add_version(p)
        add_quiet_arguments(p, suppress=True)
        p.epilog = _epilog(p.epilog, EXAMPLES.get(command.name, ()))
    return parser
