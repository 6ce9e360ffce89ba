"""Readings as variables: every position read another way, and the combinations of them.

A position with [`Reading`][negpos.Reading]s, or with a ``salience_range``, is one *variable*
of a robust analysis: it takes one of its readings at a time. The main reading (the
position as stated) comes first; then, for a ``salience_range``, the main stance at its
lowest and at its highest salience; then each reading in the order given. A *combination*
picks one reading of every variable; the main combination picks the main reading of each.

Each reading has a probability within its variable: its weight (1 unless given; the ends of
a salience range weigh 1 each) over the sum of the variable's weights. A combination's
probability is the product of its readings' probabilities, as if the doubts were
independent.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from negpos._model.documents import Memorandum, Option, Position, Source
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr
from negpos._model.standing import carry_origins

__all__ = [
    "Combination",
    "ReadingVariable",
    "apply_readings",
    "combinations",
    "count_of",
    "probability",
    "read_negotiation",
    "sample_combinations",
    "variables_in",
    "variables_of",
]

Combination = tuple[int, ...]
"""One reading per variable, as the index of the reading in each variable's ``choices``."""


@attrs.frozen
class ReadingVariable:
    """One position read in more than one way.

    Attributes:
        party: The id of the party that holds the position.
        issue: The id of the position's issue.
        option: ``"group/option"`` when the position belongs to an option of a group of
            alternatives; None for a main position.
        choices: The ids of its readings: ``"main"`` first, then ``"salience-low"`` and
            ``"salience-high"`` for the ends of a salience range (where they differ from
            the salience), then the readings' own ids.
        positions: The position under each reading, in the order of ``choices``.
        labels: Each reading in a few words, for reports.
        probabilities: Each reading's probability within the variable (its weight over the
            variable's total).
        weighted: Whether any reading of the variable gives a weight.
        sources: The sources of each reading (the position's own for the main reading and
            the ends of its salience range).
        notes: The analyst's note on each reading (the position's note for the main one).
        round: The round whose memorandum states the position, for variables of a whole
            negotiation; None for variables of memoranda read on their own.
    """

    party: str
    issue: str
    option: str | None
    choices: tuple[str, ...]
    positions: tuple[Position, ...] = attrs.field(repr=False)
    labels: tuple[str, ...] = attrs.field(repr=False)
    probabilities: tuple[float, ...] = attrs.field(repr=False)
    weighted: bool = False
    sources: tuple[tuple[Source, ...], ...] = attrs.field(default=(), repr=False)
    notes: tuple[str | None, ...] = attrs.field(default=(), repr=False)
    round: str | None = None

    @property
    def site(self) -> tuple[str, str, str | None]:
        """Where the position sits: ``(party, issue, option)``."""
        return self.party, self.issue, self.option

    def describe(self, k: int) -> str:
        """Reading ``k`` in words: "ru on territory.recognition: three regions"."""
        where = self.issue if self.option is None else f"{self.issue} (option {self.option})"
        at = "" if self.round is None else f" at {self.round}"
        return f"{self.party} on {where}{at}: {self.labels[k]}"

    def to_dict(self) -> dict[str, object]:
        """The variable as JSON-ready data."""
        return {
            "party": self.party,
            "issue": self.issue,
            "option": self.option,
            "choices": list(self.choices),
            "labels": list(self.labels),
            "probabilities": list(self.probabilities),
            "weighted": self.weighted,
            "sources": [[source.to_dict() for source in cited] for cited in self.sources],
            "notes": list(self.notes),
        }

    __repr__ = compact_repr


def _variable(
    party: str, position: Position, option: str | None, round_id: str | None = None
) -> ReadingVariable | None:
    choices = ["main"]
    positions = [position]
    labels = ["as stated"]
    weights = [1.0]
    sources = [position.sources]
    notes = [position.note]
    weighted = False
    if position.salience_range is not None:
        for name, value in zip(
            ("salience-low", "salience-high"), position.salience_range, strict=True
        ):
            if value != position.salience:
                choices.append(name)
                positions.append(position.model_copy(update={"salience": value}))
                labels.append(f"salience {value:g}")
                weights.append(1.0)
                sources.append(position.sources)
                notes.append(None)
    for reading in position.readings:
        update: dict[str, object] = {"readings": ()}
        if reading.stance is not None:
            update["stance"] = reading.stance
        if reading.salience is not None:
            update["salience"] = reading.salience
        if reading.firmness is not None:
            update["firmness"] = reading.firmness
        choices.append(reading.id)
        positions.append(position.model_copy(update=update))
        labels.append(reading.label or reading.id)
        weights.append(1.0 if reading.weight is None else reading.weight)
        sources.append(reading.sources)
        notes.append(reading.note)
        weighted = weighted or reading.weight is not None
    if len(choices) == 1:
        return None
    total = math.fsum(weights)
    return ReadingVariable(
        party,
        position.issue,
        option,
        tuple(choices),
        tuple(positions),
        tuple(labels),
        tuple(w / total for w in weights),
        weighted,
        tuple(sources),
        tuple(notes),
        round_id,
    )


def variables_of(
    memoranda: Iterable[Memorandum], *, in_rounds: bool = False
) -> tuple[ReadingVariable, ...]:
    """The positions of the memoranda that can be read in more than one way, in order.

    Memoranda in the order given; in each, the main positions first, then the options'
    positions, group by group. With ``in_rounds``, each variable records its memorandum's
    round (for the variables of a whole negotiation).
    """
    found: list[ReadingVariable] = []
    for memo in memoranda:
        at = memo.round if in_rounds else None
        for position in memo.positions:
            variable = _variable(memo.party, position, None, at)
            if variable is not None:
                found.append(variable)
        for group in memo.alternatives:
            for option in group.options:
                for position in option.positions:
                    variable = _variable(memo.party, position, f"{group.id}/{option.id}", at)
                    if variable is not None:
                        found.append(variable)
    return tuple(found)


def variables_in(negotiation: Negotiation) -> tuple[ReadingVariable, ...]:
    """Every position of a negotiation's rounds that can be read in more than one way.

    Rounds in order, and in each round the memoranda in the order tabled.
    """
    return variables_of((m for r in negotiation.rounds for m in r.memoranda), in_rounds=True)


def read_negotiation(
    negotiation: Negotiation, variables: Sequence[ReadingVariable], combination: Combination
) -> Negotiation:
    """The negotiation with each variable's position read as the combination says.

    The variables must come from [`variables_in`][negpos._analysis.readings.variables_in] for
    this negotiation. Rounds with nothing to change are kept as they are; the copy is
    validated like any document.
    """
    by_round: dict[str, list[tuple[ReadingVariable, int]]] = {}
    for variable, k in zip(variables, combination, strict=True):
        if k:
            assert variable.round is not None, "variables of a negotiation know their round"
            by_round.setdefault(variable.round, []).append((variable, k))
    if not by_round:
        return negotiation
    rounds = []
    for rnd in negotiation.rounds:
        chosen = by_round.get(rnd.id)
        if not chosen:
            rounds.append(rnd)
            continue
        picked = [v for v, _ in chosen]
        memos = apply_readings(rnd.memoranda, picked, tuple(k for _, k in chosen))
        rounds.append(rnd.model_copy(update={"memoranda": memos}))
    return negotiation.model_copy(update={"rounds": tuple(rounds)})


def count_of(variables: Sequence[ReadingVariable]) -> int:
    """How many combinations the variables have."""
    return math.prod(len(v.choices) for v in variables)


def combinations(variables: Sequence[ReadingVariable]) -> Iterator[Combination]:
    """Every combination, the main one first, in lexicographic order of reading indices."""
    return itertools.product(*(range(len(v.choices)) for v in variables))


def sample_combinations(
    variables: Sequence[ReadingVariable], n: int, seed: int = 0
) -> list[Combination]:
    """Combinations for a search too large to enumerate, reproducibly.

    The main combination; then every combination that departs from it in one variable (so
    that every conclusion one reading can flip is found); then ``n`` combinations drawn by
    the readings' probabilities with a fixed seed. Duplicates are kept out.

    Args:
        variables: The variables.
        n: How many combinations to draw at random, beyond the systematic ones.
        seed: The seed of the draw.
    """
    main = (0,) * len(variables)
    chosen: dict[Combination, None] = {main: None}
    for k, variable in enumerate(variables):
        for j in range(1, len(variable.choices)):
            chosen[(*main[:k], j, *main[k + 1 :])] = None
    rng = random.Random(seed)
    indices = [range(len(v.choices)) for v in variables]
    for _ in range(n):
        pick = tuple(
            rng.choices(index, weights=v.probabilities)[0]
            for index, v in zip(indices, variables, strict=True)
        )
        chosen.setdefault(pick, None)
    return list(chosen)


def probability(variables: Sequence[ReadingVariable], combination: Combination) -> float:
    """The probability of a combination: the product of its readings' probabilities."""
    return math.prod(v.probabilities[k] for v, k in zip(variables, combination, strict=True))


def apply_readings(
    memoranda: Sequence[Memorandum],
    variables: Sequence[ReadingVariable],
    combination: Combination,
) -> tuple[Memorandum, ...]:
    """The memoranda with each variable's position read as the combination says.

    A memorandum with nothing to change is returned as it is; the others keep the rounds
    their positions stand since (a reading is the same position read otherwise, not a new
    one).
    """
    by_party: dict[str, dict[tuple[str, str | None], Position]] = {}
    for variable, k in zip(variables, combination, strict=True):
        if k:
            by_party.setdefault(variable.party, {})[variable.issue, variable.option] = (
                variable.positions[k]
            )
    if not by_party:
        return tuple(memoranda)
    out: list[Memorandum] = []
    for memo in memoranda:
        chosen = by_party.get(memo.party)
        if not chosen:
            out.append(memo)
            continue
        positions = tuple(chosen.get((p.issue, None), p) for p in memo.positions)
        groups = tuple(
            group.model_copy(
                update={
                    "options": tuple(
                        _read_option(option, f"{group.id}/{option.id}", chosen)
                        for option in group.options
                    )
                }
            )
            for group in memo.alternatives
        )
        after = memo.model_copy(update={"positions": positions, "alternatives": groups})
        out.append(carry_origins(memo, after, ()))
    return tuple(out)


def _read_option(
    option: Option, path: str, chosen: Mapping[tuple[str, str | None], Position]
) -> Option:
    if not any((p.issue, path) in chosen for p in option.positions):
        return option
    positions = tuple(chosen.get((p.issue, path), p) for p in option.positions)
    return option.model_copy(update={"positions": positions})
