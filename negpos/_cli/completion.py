"""The ``completion`` command: shell completion scripts for bash, zsh and fish.

The scripts are written from the parser itself (its commands, each command's options, and
the values of options with a fixed set of choices), so they cannot drift from the command
line. They are static: completing a word never starts Python, which keeps Tab instant.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable
from typing import Final, NamedTuple

from negpos._cli.common import EXIT_OK, Command, write_output

__all__ = ["COMPLETION", "SHELLS", "Spec", "script", "spec_of"]

#: The shells ``negpos completion`` writes a script for.
SHELLS: Final = ("bash", "zsh", "fish")


class Option(NamedTuple):
    """One option of a command, as completion needs it."""

    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...]


class Spec(NamedTuple):
    """What completion offers: the global options, and each command with its options."""

    options: tuple[Option, ...]
    commands: tuple[tuple[str, str, tuple[Option, ...]], ...]


def _options(parser: argparse.ArgumentParser) -> tuple[Option, ...]:
    found = []
    for action in parser._actions:
        if not action.option_strings or action.help == argparse.SUPPRESS:
            continue
        choices = tuple(str(c) for c in action.choices) if action.choices else ()
        found.append(
            Option(tuple(action.option_strings), action.help or "", action.nargs != 0, choices)
        )
    return tuple(found)


def spec_of(parser: argparse.ArgumentParser) -> Spec:
    """The commands and options of the ``negpos`` parser."""
    commands = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                commands.append((name, helps.get(name, ""), _options(sub)))
    return Spec(_options(parser), tuple(commands))


def _words(items: tuple[str, ...] | list[str]) -> str:
    return shlex.quote(" ".join(items))


def bash(spec: Spec) -> str:
    """The bash completion script (also what zsh runs, through ``bashcompinit``)."""
    names = [name for name, _, _ in spec.commands]
    top = [f for o in spec.options for f in o.flags]
    option_cases = []
    value_cases = []
    for name, _, options in (("", "", spec.options), *spec.commands):
        flags = [f for o in options for f in o.flags]
        label = shlex.quote(name) if name else '""'
        option_cases.append(f"        {label}) opts={_words(flags)} ;;")
        for option in options:
            if not option.takes_value:
                continue
            pattern = "|".join(f"{name}:{f}" for f in option.flags)
            if option.choices:
                words = _words(option.choices)
                value_cases.append(
                    f'        {pattern}) COMPREPLY=($(compgen -W {words} -- "$cur")); return ;;'
                )
            else:
                # A file (-o) or a free value (--round ID): the shell's own file completion.
                value_cases.append(f"        {pattern}) return ;;")
    positional = [
        f'        {name}) COMPREPLY=($(compgen -W {_words(list(SHELLS))} -- "$cur")); return ;;'
        for name in names
        if name == "completion"
    ]
    return f"""\
# bash completion for negpos, written by `negpos completion bash`.
# Load it with:  source <(negpos completion bash)   (or save it in ~/.bash_completion.d/)
_negpos() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}"
    local prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local command="" i opts
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            {"|".join(names)}) command="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    case "$command:$prev" in
{chr(10).join(value_cases)}
    esac
    if [[ "$cur" == -* ]]; then
        case "$command" in
{chr(10).join(option_cases)}
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    if [[ -z "$command" ]]; then
        COMPREPLY=($(compgen -W {_words(names)} -- "$cur"))
        return
    fi
    case "$command" in
{chr(10).join(positional)}
    esac
    # Anything else is a path: leave it to the shell's file completion (-o default).
}}
complete -o default -F _negpos negpos
# Options that every command accepts: {" ".join(top)}
"""


def zsh(spec: Spec) -> str:
    """The zsh script: the bash one, run by zsh's ``bashcompinit``."""
    return (
        "# zsh completion for negpos, written by `negpos completion zsh`.\n"
        '# Load it with:  eval "$(negpos completion zsh)"   in ~/.zshrc\n'
        "autoload -U +X compinit && compinit\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash(spec)
    )


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(option: Option, condition: str) -> str:
    parts = ["complete -c negpos", f"-n {_fish_quote(condition)}"]
    for flag in option.flags:
        if flag.startswith("--"):
            parts.append(f"-l {flag[2:]}")
        else:
            parts.append(f"-s {flag[1:]}")
    if option.choices:
        parts.append(f"-x -a {_fish_quote(' '.join(option.choices))}")
    elif option.takes_value:
        parts.append("-r")
    parts.append(f"-d {_fish_quote(_short(option.help))}")
    return " ".join(parts)


def _short(help_text: str) -> str:
    # fish shows descriptions beside each candidate: the first clause is enough.
    first = help_text.split(";")[0].split(" (")[0].strip()
    return first[:60]


def fish(spec: Spec) -> str:
    """The fish completion script."""
    names = " ".join(name for name, _, _ in spec.commands)
    lines = [
        "# fish completion for negpos, written by `negpos completion fish`.",
        "# Load it with:  negpos completion fish > ~/.config/fish/completions/negpos.fish",
        "complete -c negpos -e",
    ]
    for option in spec.options:
        lines.append(_fish_option(option, "__fish_use_subcommand"))
    for name, help_text, options in spec.commands:
        lines.append(
            f"complete -c negpos -n __fish_use_subcommand -f -a {name} "
            f"-d {_fish_quote(_short(help_text))}"
        )
        condition = f"__fish_seen_subcommand_from {name}"
        for option in options:
            lines.append(_fish_option(option, condition))
        if name == "completion":
            shells = _fish_quote(" ".join(SHELLS))
            lines.append(f"complete -c negpos -n {_fish_quote(condition)} -f -a {shells}")
    lines.append(f"# commands: {names}")
    return "\n".join(lines) + "\n"


_WRITERS: Final[dict[str, Callable[[Spec], str]]] = {"bash": bash, "zsh": zsh, "fish": fish}


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` (``bash``, ``zsh`` or ``fish``)."""
    return _WRITERS[shell](spec_of(parser))


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")


def _run(args: argparse.Namespace) -> int:
    from negpos._cli.main import build_parser

    write_output(script(args.shell, build_parser()), None)
    return EXIT_OK


COMPLETION = Command(
    "completion",
    "print a shell completion script (bash, zsh or fish)",
    _configure,
    _run,
)
