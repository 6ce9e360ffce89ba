"""One side of a comparison: its positions by issue, an option taken, the rounds they stand since.

``_Side`` is one party's reading: its main positions, or those with options of its groups of
alternatives taken (an option's position ``restated`` where the main positions address the
same issue), and the round each position was tabled in. ``_Marks`` tells which parties also
address an issue inside their groups of alternatives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from negpos._model.documents import Firmness, Memorandum, Option, Position

__all__ = ["restated"]


def _main_positions(memo: Memorandum) -> dict[str, Position]:
    return {p.issue: p for p in memo.positions}


def _alternative_issues(memo: Memorandum) -> set[str]:
    return {p.issue for g in memo.alternatives for o in g.options for p in o.positions}


_STRICTNESS = {f: k for k, f in enumerate(Firmness)}


def restated(main: Position | None, option: Position) -> Position:
    """An option's position on an issue the memorandum's main positions also address.

    The option's stance stands; its firmness is the stricter of the two and its salience the
    higher, so an option that restates a red line never makes it less than a red line.
    """
    if main is None:
        return option
    firmness = min(main.firmness, option.firmness, key=_STRICTNESS.__getitem__)
    salience = max(main.salience, option.salience)
    if firmness is option.firmness and salience == option.salience:
        return option
    return option.model_copy(update={"firmness": firmness, "salience": salience})


class _Side:
    """One side's reading: its positions by issue and the round each was tabled in."""

    __slots__ = ("party", "positions", "round", "since")

    def __init__(
        self,
        party: str,
        positions: Mapping[str, Position],
        since: Mapping[str, str],
        round_id: str | None,
    ) -> None:
        self.party, self.positions, self.since, self.round = party, positions, since, round_id

    @classmethod
    def main(cls, memo: Memorandum) -> _Side:
        return cls(memo.party, _main_positions(memo), _origins(memo)[0], memo.round)

    def taking(
        self, memo: Memorandum, options: Iterable[Option], group_ids: Iterable[str]
    ) -> _Side:
        """This reading with ``options`` (one per group, of groups ``group_ids``) taken."""
        positions = dict(self.positions)
        since = dict(self.since)
        groups_since = _origins(memo)[1]
        for option, gid in zip(options, group_ids, strict=True):
            tabled = groups_since.get(gid, memo.round)
            for p in option.positions:
                main = positions.get(p.issue)
                positions[p.issue] = restated(main, p)
                # A restated main position stands since the main one was tabled; a position
                # only the option states, since its group was.
                if main is not None:
                    continue
                if tabled is None:
                    since.pop(p.issue, None)
                else:
                    since[p.issue] = tabled
        return _Side(self.party, positions, since, self.round)

    def since_of(self, issue_id: str) -> str | None:
        return self.since.get(issue_id, self.round)


_NO_ORIGINS: tuple[dict[str, str], dict[str, str]] = ({}, {})


def _origins(memo: Memorandum) -> tuple[dict[str, str], dict[str, str]]:
    """The rounds a standing memorandum's positions and groups were tabled in, by id.

    Empty for any other memorandum: its positions were tabled in its own round, the default
    every lookup gives (the same answer as ``memo.tabled_in``, without a call per issue).
    """
    return memo._tabled_in or _NO_ORIGINS


class _Marks:
    """Which parties also address an issue inside their groups of alternatives."""

    __slots__ = ("_a", "_b", "_flags")

    def __init__(self, parties: tuple[str, str], a: set[str], b: set[str]) -> None:
        first, second = parties
        self._a, self._b = a, b
        self._flags = {
            (True, False): (first,),
            (False, True): (second,),
            (True, True): (first, second) if first != second else (first,),
            (False, False): (),
        }

    def __bool__(self) -> bool:
        return bool(self._a or self._b)

    @property
    def issues(self) -> set[str]:
        """Every issue either side addresses inside a group of alternatives."""
        return self._a | self._b

    def of(self, issue_id: str) -> tuple[str, ...]:
        return self._flags[issue_id in self._a, issue_id in self._b]
