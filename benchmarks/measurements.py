"""The registry of measurements: what each one times, and what it is held against.

A [`Measurement`][measurements.Measurement] names a negpos operation, says on which growth axes
it is measured, tells whether this negpos has the feature, and prepares a
[`Case`][measurements.Case] for one synthetic negotiation: the negpos call, the plain floor it is
held against (plus any further floors reported beside it), and DeepDiff on the same data as
dicts where a raw structural diff is a meaningful reference. Preparing is untimed; only the
callables of a case are timed.

To add a measurement, write a ``prepare`` function and append a ``Measurement`` to
``MEASUREMENTS`` (see ``benchmarks/README.md``).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import floors
import floors_many
import floors_moves
import floors_reports
import synth
import yaml

import negpos

__all__ = ["AXES", "MEASUREMENTS", "NAMES", "Case", "Measurement", "Workspace"]

#: The growth axes: which dimension of the synthetic negotiation grows.
AXES = ("issues", "rounds", "parties")

Call = Callable[[], object]


@dataclasses.dataclass(frozen=True)
class Case:
    """The timed callables of one measurement at one size.

    Attributes:
        negpos: The negpos operation.
        baseline: The floor the target is set against, as ``(label, callable)``; None where
            no plain-Python floor computes the same thing (then no ratio is reported).
        extra: Further floors reported beside the baseline, as ``(label, callable)`` pairs.
        deepdiff: DeepDiff on the same data as dicts, or None where it does not apply or is
            skipped at this size.
        note: Why DeepDiff was skipped, or anything else the reader of the figures should know.
        n: The size the record reports as ``n`` when it is not the number of issues (the
            number of candidate moves of a scenario search).
        memory: Whether to run the tracemalloc pass; False where it would slow the call
            many times over and take most of ``--quick``'s time (a Hypothesis search).
    """

    negpos: Call
    baseline: tuple[str, Call] | None
    extra: tuple[tuple[str, Call], ...] = ()
    deepdiff: Call | None = None
    note: str | None = None
    n: int | None = None
    memory: bool = True


class Workspace:
    """The inputs of every measurement at one size, built once, on first use.

    Args:
        size: The shape of the synthetic negotiation.
        seed: The generator's seed.
        deepdiff_max: The largest agenda DeepDiff is run on (it takes about a minute per run at
            100,000 issues).
    """

    def __init__(self, size: synth.Size, *, seed: int, deepdiff_max: int) -> None:
        self.size = size
        self.seed = seed
        self.deepdiff_max = deepdiff_max
        self._folder = Path(tempfile.mkdtemp(prefix="negpos-bench-"))
        self.positions = 0

    @property
    def folder(self) -> Path:
        """A temporary folder of this size's, deleted by ``close``."""
        return self._folder

    def close(self) -> None:
        """Delete the files written and let the inputs be collected."""
        shutil.rmtree(self._folder, ignore_errors=True)
        self.__dict__.pop("negotiation", None)
        self.__dict__.pop("realistic", None)
        self.__dict__.pop("tuples", None)

    @functools.cached_property
    def files(self) -> dict[str, Path]:
        """The negotiation written as a JSON file and as a YAML file."""
        data = synth.negotiation_data(self.size, seed=self.seed)
        self.positions = sum(
            len(memo["positions"])
            + sum(len(o["positions"]) for g in memo.get("alternatives", ()) for o in g["options"])
            for rnd in data["rounds"]
            for memo in rnd["memoranda"]
        )
        paths = {
            "json": self._folder / "negotiation.json",
            "yaml": self._folder / "negotiation.yaml",
        }
        paths["json"].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
        paths["yaml"].write_text(text, encoding="utf-8")
        return paths

    @functools.cached_property
    def negotiation(self) -> negpos.Negotiation:
        """The negotiation, loaded from the JSON file."""
        return negpos.load(self.files["json"], max_bytes=_max_bytes(self.files["json"]))

    @functools.cached_property
    def realistic_file(self) -> Path:
        """The realistic negotiation written as a JSON file."""
        path = self._folder / "realistic.json"
        data = synth.negotiation_data(self.size, seed=self.seed, realistic=True)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    @functools.cached_property
    def realistic(self) -> negpos.Negotiation:
        """The same negotiation with the text of a real dataset: titles, notes, citations."""
        data = synth.negotiation_data(self.size, seed=self.seed, realistic=True)
        return negpos.parse(data, name=f"synthetic {self.size}, realistic text")

    def wide_file(self, kind: str) -> Path:
        """One issue with as many set items or sequence steps as this size has issues.

        See ``synth.wide_issue_data``; written as JSON once per kind.
        """
        path = self._folder / f"wide-{kind}.json"
        if not path.exists():
            data = synth.wide_issue_data(kind, self.size.issues, seed=self.seed)
            path.write_text(json.dumps(data), encoding="utf-8")
        return path

    @functools.cached_property
    def tuples(self) -> tuple[floors.AgendaT, list[floors.RoundT], list[str]]:
        """The agenda, the rounds (memoranda by party, outcomes) and the party ids, as tuples."""
        neg = self.negotiation
        rounds = floors.round_tuples(neg)
        return floors.agenda_tuples(neg.issues), rounds, [p.id for p in neg.parties]


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _max_bytes(path: Path) -> int:
    # The 100,000-issue files pass negpos' default cap of 64 MB; lift it just enough.
    return max(path.stat().st_size, 64 * 1024 * 1024)


@dataclasses.dataclass(frozen=True)
class Measurement:
    """One benchmarked operation.

    Attributes:
        name: The name used by ``--only`` and in the output.
        what: One line saying what is timed against what.
        axes: The growth axes it is measured on (see ``AXES``).
        missing: Returns why this negpos cannot be measured (the feature is not there yet),
            or None when it can.
        prepare: Builds the case for one size; None while the feature exists in negpos but
            no benchmark has been written for it.
        max_positions: Where the full ladder would take too long: the largest
            issues x parties x rounds it is run on.
        no_case: Why there is no ``prepare`` yet, once the feature is in negpos.
    """

    name: str
    what: str
    axes: tuple[str, ...]
    missing: Callable[[], str | None]
    prepare: Callable[[Workspace], Case] | None
    max_positions: int | None = None
    no_case: str = "benchmarks/measurements.py has no case for it yet"

    def runs_at(self, size: synth.Size) -> bool:
        """Whether this measurement is run at ``size`` (its cap, if any, allows it)."""
        cells = size.issues * size.parties * size.rounds
        return self.max_positions is None or cells <= self.max_positions

    def unavailable(self) -> str | None:
        """Why this measurement produces no figures, or None when it does."""
        reason = self.missing()
        if reason is None and self.prepare is None:
            return f"negpos has {self.name} now, but {self.no_case}"
        return reason


# --- loading ---------------------------------------------------------------------------------


def _load_json(ws: Workspace) -> Case:
    path = ws.files["json"]
    cap = _max_bytes(path)
    model = negpos.Negotiation
    return Case(
        negpos=lambda: negpos.load(path, max_bytes=cap),
        baseline=(
            "pydantic model_validate_json",
            lambda: model.model_validate_json(path.read_bytes()),
        ),
        extra=(
            (
                "json.loads + model_validate",
                lambda: model.model_validate(json.loads(path.read_bytes())),
            ),
            ("json.loads alone", lambda: json.loads(path.read_bytes())),
        ),
    )


def _load_yaml(ws: Workspace) -> Case:
    path = ws.files["yaml"]
    cap = _max_bytes(path)
    model = negpos.Negotiation
    label = f"yaml.load({_LOADER.__name__}) + model_validate"
    return Case(
        negpos=lambda: negpos.load(path, max_bytes=cap),
        baseline=(
            label,
            lambda: model.model_validate(yaml.load(path.read_text("utf-8"), Loader=_LOADER)),
        ),
    )


def _locate_errors(ws: Workspace) -> Case:
    # Every issue id made invalid: one problem per issue, each to be located in the file.
    data = synth.negotiation_data(ws.size, seed=ws.seed)
    for issue in data["issues"]:
        issue["id"] = issue["id"].upper()
    text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    path = ws.folder / "errors.yaml"
    path.write_text(text, encoding="utf-8")
    cap = _max_bytes(path)
    problems = len(data["issues"])

    def load() -> object:
        try:
            negpos.load(path, max_bytes=cap)
        except negpos.InputError as error:
            if len(error.problems) != problems:
                raise AssertionError(f"{len(error.problems)} problems, not {problems}") from None
            return error
        raise AssertionError("a file with a bad id on every issue loaded")

    def one_pass() -> object:
        return sum(1 for _ in yaml.parse(text, Loader=_LOADER))

    return Case(
        negpos=load,
        baseline=("one pass over libyaml's events", one_pass),
        note=f"{problems:,} problems, each located in the file",
    )


# --- comparison --------------------------------------------------------------------------------


def _canonical(memo: negpos.Memorandum) -> dict[str, Any]:
    # Lists of identifiable things become dicts keyed by id, so that DeepDiff pairs positions
    # by issue rather than by place in a list.
    def keyed(positions: tuple[negpos.Position, ...]) -> dict[str, Any]:
        return {
            p.issue: p.model_dump(mode="json", exclude_none=True, exclude={"issue"})
            for p in positions
        }

    return {
        "positions": keyed(memo.positions),
        "alternatives": {
            g.id: {o.id: keyed(o.positions) for o in g.options} for g in memo.alternatives
        },
        "withdrawn": list(memo.withdrawn),
    }


def _deepdiff(ws: Workspace, a: Any, b: Any, view: str = "text") -> tuple[Call | None, str | None]:
    if ws.size.issues > ws.deepdiff_max:
        return None, f"DeepDiff skipped above {ws.deepdiff_max:,} issues (--deepdiff-max)"
    from deepdiff import DeepDiff

    return (lambda: DeepDiff(a, b, threshold_to_diff_deeper=0, view=view)), None


def _compare(ws: Workspace) -> Case:
    # The last round's memoranda as tabled, with every outcome agreed so far: the issues those
    # settle between the two parties are reported settled.
    neg = ws.negotiation
    last = neg.rounds[-1]
    memo_a, memo_b = last.memoranda[0], last.memoranda[1]
    outcomes = tuple(o for r in neg.rounds for o in r.agreed)
    agenda, rounds, _ = ws.tuples
    tuple_a, tuple_b = rounds[-1][0][memo_a.party], rounds[-1][0][memo_b.party]
    agreed = tuple(o for _, found in rounds for o in found)
    pair = (memo_a.party, memo_b.party)
    deepdiff, note = _deepdiff(ws, _canonical(memo_a), _canonical(memo_b))
    return Case(
        negpos=lambda: negpos.compare(memo_a, memo_b, neg, outcomes=outcomes),
        baseline=(
            "tuple floor",
            lambda: floors.compare(agenda, tuple_a, tuple_b, floors.settlements_of(agreed, pair)),
        ),
        deepdiff=deepdiff,
        note=note,
    )


def _changes(ws: Workspace) -> Case:
    neg = ws.negotiation
    first, last = neg.rounds[0], neg.rounds[-1]
    before, after, reference = first.memoranda[0], last.memoranda[0], first.memoranda[1]
    agenda, rounds, _ = ws.tuples
    party, other = before.party, reference.party
    t_before, t_after, t_ref = rounds[0][0][party], rounds[-1][0][party], rounds[0][0][other]
    deepdiff, note = _deepdiff(ws, _canonical(before), _canonical(after))
    return Case(
        negpos=lambda: negpos.changes(before, after, reference, neg),
        baseline=("tuple floor", lambda: floors_moves.changes(agenda, t_before, t_after, t_ref)),
        deepdiff=deepdiff,
        note=note,
    )


def _raw(ws: Workspace) -> Case:
    # The raw difference and the patch are computed on first access and cached on the change
    # set, so each timed run reads them from a fresh copy of one change set (``attrs.evolve``
    # copies the fields, not the cache). The baseline is the change set's own computation;
    # DeepDiff runs on negpos' own canonical forms of the two memoranda.
    import attrs

    from negpos._analysis.canonical import canonical

    neg = ws.negotiation
    first, last = neg.rounds[0], neg.rounds[-1]
    before, after, reference = first.memoranda[0], last.memoranda[0], first.memoranda[1]
    computed = negpos.changes(before, after, reference, neg)

    def raw_and_patch() -> object:
        fresh = attrs.evolve(computed)
        return fresh.raw, fresh.patch

    old, new = canonical(before), canonical(after)
    deepdiff, note = _deepdiff(ws, old, new, view="tree")
    return Case(
        negpos=raw_and_patch,
        baseline=(
            "the change set (negpos.changes)",
            lambda: negpos.changes(before, after, reference, neg),
        ),
        extra=(
            (
                "canonical forms of both memoranda",
                lambda: (canonical(before), canonical(after)),
            ),
        ),
        deepdiff=deepdiff,
        note=note,
    )


def _trajectory(ws: Workspace) -> Case:
    neg = ws.negotiation
    agenda, rounds, parties = ws.tuples
    a, b = parties[0], parties[1]
    return Case(
        negpos=lambda: neg.trajectory(a, b),
        baseline=(
            "tuple floor",
            lambda: floors_moves.trajectory(agenda, rounds, a, b, parties),
        ),
    )


def _matrix(ws: Workspace) -> Case:
    neg = ws.negotiation
    agenda, rounds, parties = ws.tuples
    return Case(
        negpos=neg.matrix,
        baseline=("tuple floor", lambda: floors.matrix(agenda, rounds, parties)),
    )


# --- scenario searches ------------------------------------------------------------------------
# A search's cost follows the moves and conflicts it weighs, not the agenda's size, so these
# cases search the bundled negotiation at its June 2025 round, whatever the synthetic size.

_JUNE = ("ru", "ua")
_JUNE_ROUND = "istanbul-2"


def _explore_june(method: Literal["auto", "hypothesis"]) -> Callable[[Workspace], Case]:
    def prepare(ws: Workspace) -> Case:
        from negpos import scenarios

        neg = negpos.bundled()
        base = scenarios.Baseline.of(neg, *_JUNE, round_id=_JUNE_ROUND)
        goal = scenarios.no_red_line_conflicts()
        return Case(
            negpos=lambda: scenarios.explore(
                neg, *_JUNE, round_id=_JUNE_ROUND, goal=goal, method=method
            ),
            baseline=None,
            note=f"bundled negotiation, June 2025, to no red line in conflict; method={method}; "
            "no plain-Python floor",
            n=len(base.candidates()),
            memory=method != "hypothesis",
        )

    return prepare


def twelve_moves(base: Any) -> tuple[Any, ...]:
    """The first candidate that is not an ``AdoptStance`` on each of the first 12 issues.

    Issues whose candidates are all ``AdoptStance`` are passed over, so the 12 moves are on
    12 different issues. So is a candidate that cannot be applied: with alternatives, the
    candidates come from the positions the headline compares (an option's, where the closest
    option restates an issue) while a move applies to the party's main position, which may
    not say what the candidate drops.
    """
    from negpos import scenarios

    chosen: dict[str, Any] = {}
    for move in base.candidates():
        if len(chosen) == 12:
            break
        if move.issue in chosen or isinstance(move, scenarios.AdoptStance):
            continue
        try:
            base.moved_positions([move])
        except scenarios.MoveError:
            continue
        chosen[move.issue] = move
    return tuple(chosen.values())


def explore_floor_inputs(
    base: Any, moves: tuple[Any, ...], negotiation: negpos.Negotiation
) -> tuple[
    floors.AgendaT,
    floors.MemoT,
    floors.MemoT,
    tuple[floors_moves.MoveT, ...],
    dict[str, floors.SettledT],
]:
    """The floor's tuples for a search over ``moves``.

    The agenda, both memoranda (standing, with their rounds), the moves, and the issues
    settled between the two parties.
    """
    memo_a, memo_b = base.memoranda
    sides = {memo_a.party: 0, memo_b.party: 1}
    tuples = []
    for move in moves:
        position = base.moved_positions([move])[move.party, move.issue]
        moved = floors.memo_tuples(negpos.Memorandum(party=move.party, positions=(position,)))
        tuples.append((sides[move.party], move.issue, moved[0][move.issue], base.price(move)))
    agenda = floors.agenda_tuples(base.issues)
    ids = [r.id for r in negotiation.rounds]
    return (
        agenda,
        floors.memo_tuples(memo_a, ids),
        floors.memo_tuples(memo_b, ids),
        tuple(tuples),
        floors.settled_tuples(base.settled, ids),
    )


def _june_twelve() -> tuple[Any, tuple[Any, ...], Any, tuple[Any, ...]]:
    """June 2025's baseline, its twelve moves, the unreachable index 1.0, the floor's inputs."""
    from negpos import scenarios

    bundled = negpos.bundled()
    base = scenarios.Baseline.of(bundled, *_JUNE, round_id=_JUNE_ROUND)
    moves = twelve_moves(base)
    goal = scenarios.compatibility_at_least(1.0)
    return base, moves, goal, explore_floor_inputs(base, moves, bundled)


def _explore(ws: Workspace) -> Case:
    from negpos import scenarios

    base, moves, goal, inputs = _june_twelve()
    agenda, memo_a, memo_b, tuples, settled = inputs

    def search() -> object:
        found = scenarios.explore(base, goal=goal, method="exact", candidates=moves)
        assert found.evaluated == 1 << len(moves), found.evaluated
        return found

    return Case(
        negpos=search,
        baseline=(
            "tuple brute force",
            lambda: floors_moves.explore(agenda, memo_a, memo_b, tuples, settled, 1.0),
        ),
        note=f"exact search over {len(moves)} moves of the bundled negotiation in June 2025 "
        f"to an unreachable index of 1.0: all {1 << len(moves):,} subsets",
        n=len(moves),
    )


def _explore_milp(ws: Workspace) -> Case:
    from negpos import scenarios

    base, moves, goal, inputs = _june_twelve()
    agenda, memo_a, memo_b, tuples, settled = inputs

    def search() -> object:
        found = scenarios.explore(base, goal=goal, method="milp", candidates=moves)
        assert found.best is None, found.best
        assert found.complete
        return found

    return Case(
        negpos=search,
        baseline=(
            "tuple brute force",
            lambda: floors_moves.explore(agenda, memo_a, memo_b, tuples, settled, 1.0),
        ),
        note=f"the exact optimiser over the same {len(moves)} moves as explore, proving the "
        "unreachable index of 1.0 out of reach",
        n=len(moves),
    )


def _explore_forty(ws: Workspace) -> Case:
    from negpos import scenarios

    bundled = negpos.bundled()
    base = scenarios.Baseline.of(bundled, *_JUNE, round_id=_JUNE_ROUND)
    moves = tuple(base.candidates()[:40])
    goal = scenarios.compatibility_at_least(0.3)

    def search() -> object:
        found = scenarios.explore(base, goal=goal, method="milp", candidates=moves)
        assert found.proven
        return found

    return Case(
        negpos=search,
        baseline=None,
        note="the exact optimiser over the first 40 candidate moves of the June 2025 round, "
        "interacting through the index (at least 0.30); no floor: brute force would try "
        "2^40 sets",
        n=len(moves),
    )


def _frontier(ws: Workspace) -> Case:
    from negpos import scenarios

    size = synth.Size(issues=60, parties=2, rounds=1)
    neg = synth.negotiation(size, seed=ws.seed)
    goal = scenarios.compatibility_at_least(0.5)

    def run() -> object:
        return scenarios.bargain(neg, "p0", "p1", goal=goal, max_packages=40)

    return Case(
        negpos=run,
        baseline=None,
        note="the Pareto frontier (at most 40 packages), the Nash package and the trades of a "
        "synthetic 60-issue round of p0 and p1, to an index of 0.50; no floor",
        n=60,
    )


def _explore_agenda(ws: Workspace) -> Case:
    from negpos import scenarios

    neg = ws.negotiation
    base = scenarios.Baseline.of(neg, "p0", "p1")
    moves = twelve_moves(base)
    goal = scenarios.compatibility_at_least(1.0)
    agenda, memo_a, memo_b, tuples, settled = explore_floor_inputs(base, moves, neg)

    def search() -> object:
        found = scenarios.explore(neg, "p0", "p1", goal=goal, method="exact", candidates=moves)
        assert found.evaluated == 1 << len(moves), found.evaluated
        return found

    return Case(
        negpos=search,
        baseline=(
            "tuple brute force",
            lambda: floors_moves.explore(agenda, memo_a, memo_b, tuples, settled, 1.0),
        ),
        note=f"exact search over {len(moves)} moves of p0 and p1 at the last round, baseline "
        f"included: all {1 << len(moves):,} subsets, on an agenda of {ws.size.issues:,} issues",
    )


# --- pathological inputs ----------------------------------------------------------------------
# One issue as wide as the size's agenda: a set of n items or a sequence of n steps. Nothing in
# the format bounds them, so their cost must grow no faster than n, like everything else.

# The tuple floor finds cycles by walking from every step, which is quadratic in the steps
# (84 s at 10,000): it is run only up to this many.
_SEQUENCE_FLOOR_MAX = 3_000


def _wide_load(ws: Workspace) -> Case:
    path = ws.wide_file("set")
    cap = _max_bytes(path)
    model = negpos.Negotiation
    return Case(
        negpos=lambda: negpos.load(path, max_bytes=cap),
        baseline=(
            "pydantic model_validate_json",
            lambda: model.model_validate_json(path.read_bytes()),
        ),
        note=f"one set issue of {ws.size.issues:,} items, two positions on it",
    )


def _wide_compare(kind: str) -> Callable[[Workspace], Case]:
    def prepare(ws: Workspace) -> Case:
        path = ws.wide_file(kind)
        neg = negpos.load(path, max_bytes=_max_bytes(path))
        memo_a, memo_b = neg.rounds[0].memoranda
        agenda = floors.agenda_tuples(neg.issues)
        tuple_a, tuple_b = floors.memo_tuples(memo_a), floors.memo_tuples(memo_b)
        n = ws.size.issues
        what = "items" if kind == "set" else "steps"
        floor: tuple[str, Call] | None = (
            "tuple floor",
            lambda: floors.compare(agenda, tuple_a, tuple_b),
        )
        note = f"one {kind} issue of {n:,} {what}"
        if kind == "sequence" and n > _SEQUENCE_FLOOR_MAX:
            floor = None
            note += f"; the floor is quadratic in steps and runs only up to {_SEQUENCE_FLOOR_MAX:,}"
        return Case(negpos=lambda: negpos.compare(memo_a, memo_b, neg), baseline=floor, note=note)

    return prepare


# --- reports ----------------------------------------------------------------------------------
# A report is built once, untimed; what is timed is writing it in one format, against a loop of
# f-strings that writes the same rows (floors_reports.py). The negotiation has the text of a
# real dataset: sentence-long titles, notes, and one to three citations on every position.

_ROUND_FLOORS: dict[str, Callable[[Any], str]] = {
    "markdown": floors_reports.markdown,
    "html": floors_reports.html_page,
    "terminal": floors_reports.terminal,
}
_NEGOTIATION_FLOORS: dict[str, Callable[[Any], str]] = {
    "markdown": floors_reports.negotiation_markdown,
    "html": floors_reports.negotiation_html,
    "terminal": floors_reports.negotiation_terminal,
}


def _report(which: Literal["round", "negotiation"], fmt: str) -> Callable[[Workspace], Case]:
    def prepare(ws: Workspace) -> Case:
        from negpos._render.json import to_data

        neg = ws.realistic
        report: Any
        if which == "round":
            report = negpos.round_report(neg, "p0", "p1", round_id=neg.rounds[-1].id)
        else:
            report = negpos.negotiation_report(neg, "p0", "p1")
        if fmt == "json":
            data = to_data(report)
            floor: Call = lambda: floors_reports.json_text(data)  # noqa: E731
            label = "json.dumps of the same data"
        else:
            floors = _ROUND_FLOORS if which == "round" else _NEGOTIATION_FLOORS
            floor = functools.partial(floors[fmt], report)
            label = "f-string rows"
        return Case(
            negpos=lambda: negpos.render(report, fmt),  # type: ignore[arg-type]
            baseline=(label, floor),
            note=f"{which} report of p0 and p1 with realistic text, written as {fmt}",
        )

    return prepare


def _cli_report(ws: Workspace) -> Case:
    # The whole command, as a user runs it on a file: start-up, loading, analysis, writing.
    script = str(Path(sys.executable).parent / "negpos")
    path = str(ws.realistic_file)
    env = dict(os.environ)
    return Case(
        negpos=lambda: _run_quietly([script, "report", path, "--format", "markdown"], env),
        baseline=("negpos validate", lambda: _run_quietly([script, "validate", path], env)),
        note="negpos report FILE --format markdown as a process, against validating the file",
        memory=False,
    )


# --- start-up ---------------------------------------------------------------------------------
# What a user waits for before the command does any work: the whole process, timed from
# outside, against the interpreter importing pydantic and nothing else. pandas and numpy are
# what an earlier negpos pulled in through DeepDiff where they were installed, so each
# command is also timed with them made impossible to import (a site hook on the path of both
# commands), as on a machine without them.

_PANDAS_BLOCKER = """
import sys


class _NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pandas", "numpy"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NotInstalled())
"""

#: The start-up commands: the arguments given to the ``negpos`` command.
STARTUP_COMMANDS: dict[str, tuple[str, ...]] = {
    "version": ("--version",),
    "help": ("--help",),
    "validate": ("validate", "BUNDLED"),
}


def _run_quietly(argv: list[str], env: dict[str, str]) -> None:
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _startup(command: str, *, pandas: bool) -> Callable[[Workspace], Case]:
    def prepare(ws: Workspace) -> Case:
        env = dict(os.environ)
        if not pandas:
            hook = ws.folder / "no-pandas"
            hook.mkdir(exist_ok=True)
            (hook / "sitecustomize.py").write_text(_PANDAS_BLOCKER, encoding="utf-8")
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(hook), env.get("PYTHONPATH", "")) if p
            )
        script = Path(sys.executable).parent / "negpos"
        bundled = str(negpos.bundled_path())
        argv = [str(script), *(bundled if a == "BUNDLED" else a for a in STARTUP_COMMANDS[command])]
        floor = [sys.executable, "-c", "import pydantic"]
        return Case(
            negpos=lambda: _run_quietly(argv, env),
            baseline=('python -c "import pydantic"', lambda: _run_quietly(floor, env)),
            note=f"negpos {' '.join(STARTUP_COMMANDS[command][:1])} as a whole process; "
            + ("pandas importable" if pandas else "pandas and numpy blocked"),
            n=1,
            memory=False,
        )

    return prepare


# --- availability ----------------------------------------------------------------------------


def _needs_function(name: str) -> Callable[[], str | None]:
    def missing() -> str | None:
        return None if hasattr(negpos, name) else f"negpos.{name} is not in this negpos yet"

    return missing


def _needs_method(name: str) -> Callable[[], str | None]:
    def missing() -> str | None:
        if hasattr(negpos.Negotiation, name):
            return None
        return f"Negotiation.{name} is not in this negpos yet"

    return missing


def _needs_module(name: str) -> Callable[[], str | None]:
    def missing() -> str | None:
        found = importlib.util.find_spec(f"negpos.{name}") is not None
        return None if found else f"negpos.{name} is not in this negpos yet"

    return missing


def _renders_every_status(which: str, fmt: str) -> Callable[[], str | None]:
    # A report of the synthetic negotiation holds settled and conditional rows; a renderer
    # that does not know a status fails on it, and the measurement says so instead of
    # stopping the run.
    @functools.cache
    def missing() -> str | None:
        neg = synth.negotiation(synth.Size(issues=100, parties=2, rounds=2), seed=0)
        report: Any
        if which == "round":
            report = negpos.round_report(neg, "p0", "p1", round_id=neg.rounds[-1].id)
        else:
            report = negpos.negotiation_report(neg, "p0", "p1")
        try:
            negpos.render(report, fmt)  # type: ignore[arg-type]
        except Exception as error:  # any failure is the reason
            statuses = sorted({str(r.status) for r in neg.compare("p0", "p1").rows})
            return (
                f"negpos.render of a {which} report as {fmt} raises {error!r} on the synthetic "
                f"negotiation (statuses {', '.join(statuses)})"
            )
        return None

    return missing


# --- many parties ------------------------------------------------------------------------------
# Common ground and a plan against sides are measured on many parties: five times the size's
# parties (10 on the issues axis, 10, 20 and 50 on the parties axis), one round, so that every
# memorandum is the negotiation's own (negpos checks no outside memorandum) and the work grows
# with issues x parties.


def _many(ws: Workspace) -> tuple[negpos.Negotiation, tuple[negpos.Memorandum, ...]]:
    cached = ws.__dict__.get("_many")
    if cached is None:
        size = synth.Size(issues=ws.size.issues, parties=5 * ws.size.parties, rounds=1)
        neg = synth.negotiation(size, seed=ws.seed)
        cached = (neg, neg.rounds[-1].memoranda)
        ws.__dict__["_many"] = cached
    return cached


def _many_note(ws: Workspace) -> str:
    return f"{5 * ws.size.parties} parties (5 x the size's), 1 round"


def _common_ground(ws: Workspace) -> Case:
    neg, memos = _many(ws)
    agenda = floors.agenda_tuples(neg.issues)
    tuples = [floors.memo_tuples(m) for m in memos]
    return Case(
        negpos=lambda: negpos.common_ground(memos, neg),
        baseline=("tuple floor", lambda: floors_many.common(agenda, tuples)),
        note=_many_note(ws),
    )


def _assess_plan(ws: Workspace) -> Case:
    neg, memos = _many(ws)
    agenda = floors.agenda_tuples(neg.issues)
    tuples = [floors.memo_tuples(m) for m in memos]
    return Case(
        negpos=lambda: negpos.assess(memos[0], memos[1:], neg),
        baseline=("tuple floor", lambda: floors_many.assess(agenda, tuples[0], tuples[1:])),
        note=_many_note(ws),
    )


_PLAN = ("ru", "ua", "us")
_PLAN_ROUND = "us-28-points"


def explore_many_inputs(
    base: Any, moves: tuple[Any, ...]
) -> tuple[floors.AgendaT, list[floors.MemoT], tuple[floors_many.ManyMoveT, ...]]:
    """The floor's tuples for a search over ``moves`` on a baseline of many parties."""
    parties = list(base.parties)
    tuples = []
    for move in moves:
        position = base.moved_positions([move])[move.party, move.issue]
        moved = floors.memo_tuples(negpos.Memorandum(party=move.party, positions=(position,)))
        at = parties.index(move.party)
        tuples.append((at, move.issue, moved[0][move.issue], base.price(move)))
    memos = [floors.memo_tuples(m) for m in base.memoranda]
    return floors.agenda_tuples(base.issues), memos, tuple(tuples)


def _explore_many(ws: Workspace) -> Case:
    from negpos import scenarios

    bundled = negpos.bundled()
    base = scenarios.GroundBaseline.of(bundled, _PLAN, round_id=_PLAN_ROUND)
    moves = twelve_moves(base)
    goal = scenarios.compatibility_at_least(1.0)
    agenda, memos, tuples = explore_many_inputs(base, moves)

    def search() -> object:
        found = scenarios.explore(base, goal=goal, method="exact", candidates=moves)
        assert found.evaluated == 1 << len(moves), found.evaluated
        return found

    return Case(
        negpos=search,
        baseline=(
            "tuple brute force",
            lambda: floors_many.explore(agenda, memos, tuples, 1.0),
        ),
        note=f"exact search over {len(moves)} moves of Russia, Ukraine and the US plan "
        f"(November 2025) on their common ground, to an unreachable index of 1.0: all "
        f"{1 << len(moves):,} subsets",
        n=len(moves),
    )


def june_readings() -> tuple[negpos.Negotiation, list[tuple[str, str]]]:
    """The bundled negotiation with ten readings added to the June 2025 round's memoranda.

    On each of the first ten issues in gap between Russia and Ukraine (in agenda order),
    Ukraine's position gains one reading: Russia's stance. Ten variables of two readings
    each: 1,024 combinations. Returns the negotiation and the ``(party, issue)`` read.
    """
    neg = negpos.bundled()
    gaps = [
        r for r in neg.compare("ru", "ua", round_id=_JUNE_ROUND).rows if r.status.value == "gap"
    ]
    chosen = {r.issue.id: r.position_a for r in gaps if r.position_a is not None}
    source = negpos.Source(url="https://example.org/a-second-reading")
    read: list[tuple[str, str]] = []
    rounds = []
    for rnd in neg.rounds:
        memos = []
        for memo in rnd.memoranda:
            if rnd.id == _JUNE_ROUND and memo.party == "ua":
                positions = []
                for p in memo.positions:
                    theirs = chosen.get(p.issue)
                    if theirs is not None and len(read) < 10 and theirs.stance != p.stance:
                        reading = negpos.Reading(
                            id="as-russia", stance=theirs.stance, sources=(source,)
                        )
                        p = p.model_copy(update={"readings": (reading,)})
                        read.append(("ua", p.issue))
                    positions.append(p)
                memo = memo.model_copy(update={"positions": tuple(positions)})
            memos.append(memo)
        rounds.append(rnd.model_copy(update={"memoranda": tuple(memos)}))
    return neg.model_copy(update={"rounds": tuple(rounds)}), read


def _robust(workers: int) -> Callable[[Workspace], Case]:
    def prepare(ws: Workspace) -> Case:
        from concurrent.futures import ProcessPoolExecutor

        from negpos._analysis.readings import count_of, variables_of
        from negpos._analysis.settled import settlements
        from negpos._model.standing import held

        neg, read = june_readings()
        memo_a = held(neg, "ru", _JUNE_ROUND)
        memo_b = held(neg, "ua", _JUNE_ROUND)
        ids = [r.id for r in neg.rounds]
        # Every reading of the two memoranda (the ten added and the dataset's own), each an
        # alternative position the floor swaps in: one subset per combination.
        moves = []
        for variable in variables_of((memo_a, memo_b)):
            assert len(variable.choices) == 2, variable.choices
            alt = variable.positions[1]
            moved = floors.memo_tuples(negpos.Memorandum(party=variable.party, positions=(alt,)))
            side = 0 if variable.party == "ru" else 1
            moves.append((side, variable.issue, moved[0][variable.issue], 1.0))
        agenda = floors.agenda_tuples(neg.issues)
        settled = floors.settled_tuples(settlements(neg, ("ru", "ua"), _JUNE_ROUND), ids)
        tuples = (floors.memo_tuples(memo_a, ids), floors.memo_tuples(memo_b, ids))
        pool = ProcessPoolExecutor(workers) if workers > 1 else None

        # The ten readings added, times those the dataset records itself.
        combinations = count_of(variables_of((memo_a, memo_b)))

        def run() -> object:
            found = neg.robust("ru", "ua", round_id=_JUNE_ROUND, executor=pool)
            assert found.exact
            assert found.evaluated == combinations, found.evaluated
            return found

        return Case(
            negpos=run,
            baseline=(
                "tuple brute force",
                lambda: floors_moves.explore(agenda, *tuples, tuple(moves), settled, 2.0),
            ),
            note=f"robust comparison of the bundled June 2025 round with {len(read)} readings "
            f"added: all {combinations:,} combinations, "
            + ("serially" if pool is None else f"on a pool of {workers} processes"),
            n=combinations,
            memory=pool is None,
        )

    return prepare


MEASUREMENTS: tuple[Measurement, ...] = (
    Measurement(
        "load_json",
        "negpos.load of a .json file vs pydantic alone validating the same bytes",
        ("issues", "rounds", "parties"),
        lambda: None,
        _load_json,
    ),
    Measurement(
        "load_yaml",
        "negpos.load of a .yaml file vs PyYAML's C loader + pydantic validation",
        ("issues", "rounds", "parties"),
        lambda: None,
        _load_yaml,
        # Beyond this a hand-written YAML file is implausible, and PyYAML's loader, the floor,
        # takes minutes a run.
        max_positions=60_000,
    ),
    Measurement(
        "locate_errors",
        "negpos.load of a .yaml file with a bad id on every issue (every problem located) vs "
        "one pass over the file's YAML events",
        ("issues",),
        lambda: None,
        _locate_errors,
        max_positions=40_000,
    ),
    Measurement(
        "compare",
        "negpos.compare of two memoranda vs the tuple floor and DeepDiff",
        ("issues",),
        _needs_function("compare"),
        _compare,
    ),
    Measurement(
        "changes",
        "negpos.changes of one party's memoranda vs the tuple floor and DeepDiff",
        ("issues",),
        _needs_function("changes"),
        _changes,
    ),
    Measurement(
        "raw",
        "ChangeSet.raw and .patch vs the change set itself, and DeepDiff on the canonical forms",
        ("issues",),
        _needs_function("apply_patch"),
        _raw,
    ),
    Measurement(
        "matrix",
        "Negotiation.matrix of every pair of parties vs the tuple floor",
        ("issues", "rounds", "parties"),
        _needs_method("matrix"),
        _matrix,
    ),
    Measurement(
        "trajectory",
        "Negotiation.trajectory of two parties across all rounds vs the tuple floor",
        ("issues", "rounds"),
        _needs_method("trajectory"),
        _trajectory,
    ),
    # The searches do not depend on the synthetic size: the cap runs them at the smallest.
    Measurement(
        "explore",
        "an exact scenario search over 12 candidate moves (4,096 subsets) vs a tuple brute force",
        ("issues",),
        _needs_module("scenarios"),
        _explore,
        max_positions=400,
    ),
    Measurement(
        "explore_agenda",
        "an exact search over 12 moves (4,096 subsets) of a synthetic round, baseline "
        "included, vs a tuple brute force: cost against the agenda's length",
        ("issues",),
        _needs_module("scenarios"),
        _explore_agenda,
        # p0 offers alternatives: a try patches the main reading and reads the options again
        # on top of it (OfferedPatch), but still rebuilds the moved memoranda and the headline
        # rows, which grow with the agenda (5.6 ms a try at 3,000 issues): capped so that the
        # full ladder stays within its time. See the README.
        max_positions=12_000,
    ),
    Measurement(
        "robust",
        "a robust comparison over 2,048 combinations of readings, serially, vs a tuple brute "
        "force over the same combinations",
        ("issues",),
        _needs_function("robust"),
        _robust(1),
        max_positions=400,
    ),
    Measurement(
        "robust_workers",
        "the same robust comparison on a pool of 2 processes vs the same brute force",
        ("issues",),
        _needs_function("robust"),
        _robust(2),
        max_positions=400,
    ),
    Measurement(
        "explore_milp",
        "the exact optimiser over 12 moves vs a tuple brute force over all 4,096 subsets",
        ("issues",),
        _needs_module("scenarios"),
        _explore_milp,
        max_positions=400,
    ),
    Measurement(
        "explore_forty",
        "the exact optimiser over 40 interacting moves of the June 2025 round (no floor)",
        ("issues",),
        _needs_module("scenarios"),
        _explore_forty,
        max_positions=400,
    ),
    Measurement(
        "bargain_frontier",
        "the frontier, Nash package and trades of a 60-issue round (no floor)",
        ("issues",),
        _needs_module("scenarios"),
        _frontier,
        max_positions=400,
    ),
    Measurement(
        "explore_many",
        "an exact search over every subset of 10 moves on the common ground of three parties "
        "vs a tuple brute force",
        ("issues",),
        _needs_module("scenarios"),
        _explore_many,
        max_positions=400,
    ),
    Measurement(
        "explore_june",
        "explore June 2025 to no red line in conflict, exact (no floor)",
        ("issues",),
        _needs_module("scenarios"),
        _explore_june("auto"),
        max_positions=400,
    ),
    Measurement(
        "explore_june_hypothesis",
        "explore June 2025 to no red line in conflict, method=hypothesis (no floor)",
        ("issues",),
        _needs_module("scenarios"),
        _explore_june("hypothesis"),
        max_positions=400,
    ),
)

MEASUREMENTS += tuple(
    Measurement(
        f"{which}_report_{fmt}",
        f"writing a {which} report as {fmt} vs "
        + ("json.dumps of its data" if fmt == "json" else "a loop of f-strings writing its rows"),
        ("issues",),
        _renders_every_status(which, fmt),
        _report(which, fmt),
    )
    for which in ("round", "negotiation")
    for fmt in ("markdown", "html", "json", "terminal")
)
MEASUREMENTS += (
    Measurement(
        "wide_set_load",
        "negpos.load of one set issue of n items vs pydantic alone (n = the size's issues)",
        ("issues",),
        lambda: None,
        _wide_load,
    ),
    Measurement(
        "wide_set_compare",
        "negpos.compare on one set issue of n items vs the tuple floor",
        ("issues",),
        lambda: None,
        _wide_compare("set"),
    ),
    Measurement(
        "wide_sequence_compare",
        "negpos.compare on one sequence of n steps with cycles vs the tuple floor "
        f"(up to {_SEQUENCE_FLOOR_MAX:,} steps)",
        ("issues",),
        lambda: None,
        _wide_compare("sequence"),
    ),
    Measurement(
        "cli_report",
        "negpos report FILE as a whole process vs negpos validate FILE",
        ("issues",),
        lambda: None,
        _cli_report,
    ),
)
MEASUREMENTS += tuple(
    Measurement(
        f"start_{command}" + ("" if pandas else "_no_pandas"),
        f"negpos {' '.join(argv[:1])} as a whole process vs python -c 'import pydantic'"
        + ("" if pandas else ", pandas and numpy not importable"),
        ("issues",),
        lambda: None,
        _startup(command, pandas=pandas),
        max_positions=400,
    )
    for command, argv in STARTUP_COMMANDS.items()
    for pandas in (True, False)
)

MEASUREMENTS += (
    Measurement(
        "common_ground",
        "negpos.common_ground of 5 x the size's parties (10 on the issues axis) vs the tuple floor",
        ("issues", "parties"),
        _needs_function("common_ground"),
        _common_ground,
        max_positions=40_000,
    ),
    Measurement(
        "assess_plan",
        "negpos.assess of one party's plan against the others (5 x the size's parties) vs the "
        "tuple floor",
        ("issues", "parties"),
        _needs_function("assess"),
        _assess_plan,
        max_positions=40_000,
    ),
)

#: The names of every measurement, in the order they run.
NAMES = tuple(m.name for m in MEASUREMENTS)
