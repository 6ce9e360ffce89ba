"""Synthetic negotiations of any size, for the benchmarks.

[`negotiation_data`][synth.negotiation_data] builds a negotiation as plain data (dicts, lists,
text, numbers and booleans, as ``json.load`` gives them) from a fixed seed: an agenda of N issues
of all seven kinds, P parties, R rounds in which every party tables a memorandum with positions on
most issues, plus some alternatives groups, withdrawals, sources, links and agreed outcomes. Every
document it produces passes negpos' strict checks; [`negotiation`][synth.negotiation] validates one
through ``negpos.parse``.

The work is linear in issues times parties times rounds: no step looks at more than a handful
of other issues, so 100,000 issues take seconds, not hours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from collections.abc import Callable, Sequence
from typing import Any

import negpos

__all__ = ["CATEGORIES", "KINDS", "Size", "negotiation", "negotiation_data"]

#: The seven issue kinds, in the order the agenda cycles through them.
KINDS = ("boolean", "categorical", "ordinal", "numeric", "set", "sequence", "text")

#: Categories the issues are spread over (the first part of each dotted issue id).
CATEGORIES = ("territory", "security", "ceasefire", "humanitarian", "economy", "politics")

_FIRMNESS = ("red_line", "firm", "firm", "flexible", "flexible", "open")
_UNITS = ("days", "personnel", "km", "usd-bn", "percent")
_START = dt.date(2025, 1, 6)

Data = dict[str, Any]


@dataclasses.dataclass(frozen=True, order=True)
class Size:
    """The shape of a synthetic negotiation.

    Attributes:
        issues: Issues on the agenda.
        parties: Parties; every one tables a memorandum in every round.
        rounds: Rounds, a week apart.
    """

    issues: int
    parties: int = 2
    rounds: int = 2

    def __post_init__(self) -> None:
        if self.issues < 1 or self.parties < 1 or self.rounds < 1:
            raise ValueError(f"a size needs at least one issue, party and round, got {self}")

    def __str__(self) -> str:
        return f"{self.issues} issues x {self.parties} parties x {self.rounds} rounds"


def negotiation_data(size: Size, *, seed: int = 0, coverage: float = 0.85) -> Data:
    """A valid synthetic negotiation as plain data.

    Args:
        size: How many issues, parties and rounds.
        seed: The seed of the random choices; the same seed gives the same document.
        coverage: The share of the agenda each memorandum states a position on.

    Returns:
        A mapping that ``negpos.parse`` accepts, and that ``json.dumps`` and ``yaml.dump``
        write as a file ``negpos.load`` accepts.

    Raises:
        ValueError: ``coverage`` is not in (0, 1].

    Examples:
        >>> data = negotiation_data(Size(issues=14, parties=2, rounds=3), seed=1)
        >>> len(data["issues"]), len(data["rounds"]), len(data["rounds"][0]["memoranda"])
        (14, 3, 2)
    """
    if not 0.0 < coverage <= 1.0:
        raise ValueError(f"coverage must be in (0, 1], got {coverage}")
    rng = random.Random(f"negpos-bench-{seed}")
    issues = [_issue(rng, i) for i in range(size.issues)]
    # One shared stance per issue that every party adopts now and then, so that comparisons
    # find agreed issues as well as overlaps and gaps.
    common = [_stance(rng, issue, "common") for issue in issues]
    parties = [_party(k) for k in range(size.parties)]
    rounds = [_round(rng, r, issues, common, parties, coverage) for r in range(size.rounds)]
    return {
        "format": negpos.FORMAT_VERSION,
        "title": f"Synthetic negotiation ({size}, seed {seed})",
        "description": "Generated for the negpos benchmarks; no real party holds these positions.",
        "parties": parties,
        "issues": issues,
        "rounds": rounds,
        "sources": ["https://example.org/negpos/synthetic"],
    }


def negotiation(size: Size, *, seed: int = 0, coverage: float = 0.85) -> negpos.Negotiation:
    """A valid synthetic negotiation, validated by ``negpos.parse``.

    Args:
        size: How many issues, parties and rounds.
        seed: The seed of the random choices.
        coverage: The share of the agenda each memorandum states a position on.

    Returns:
        The negotiation.

    Raises:
        negpos.InputError: Never for data this module generates; it would mean a bug here.

    Examples:
        >>> neg = negotiation(Size(issues=7), seed=2)
        >>> sorted(str(issue.kind) for issue in neg.issues)[:3]
        ['boolean', 'categorical', 'numeric']
    """
    data = negotiation_data(size, seed=seed, coverage=coverage)
    return negpos.parse(data, name=f"synthetic {size} seed {seed}")


# --- the agenda ------------------------------------------------------------------------------


def _issue_id(i: int) -> str:
    return f"{CATEGORIES[i % len(CATEGORIES)]}.i{i:06d}"


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{j}" for j in range(count)]


def _issue(rng: random.Random, i: int) -> Data:
    kind = KINDS[i % len(KINDS)]
    issue: Data = {
        "id": _issue_id(i),
        "kind": kind,
        "title": f"Synthetic {kind} issue {i}",
        "category": CATEGORIES[i % len(CATEGORIES)],
    }
    if rng.random() < 0.1:
        issue["note"] = f"Issue {i} is part of a synthetic agenda."
    if kind == "categorical":
        options: list[Any] = _ids("o", rng.randint(2, 5))
        if rng.random() < 0.3:
            issue["distances"] = [
                {"between": [options[0], options[1]], "value": round(rng.uniform(0.1, 1.0), 2)}
            ]
        options[0] = {"id": options[0], "label": f"Option zero of issue {i}"}
        issue["options"] = options
    elif kind == "ordinal":
        issue["levels"] = _ids("l", rng.randint(3, 6))
    elif kind == "numeric":
        issue["unit"] = rng.choice(_UNITS)
        if rng.random() < 0.3:
            issue["scale"] = "log"
            issue["bounds"] = [1, 10 ** rng.randint(2, 6)]
        else:
            low = rng.choice((0, -100, 10))
            issue["bounds"] = [low, low + rng.randint(10, 10_000)]
    elif kind == "set":
        items: list[Any] = _ids("s", rng.randint(3, 8))
        if rng.random() < 0.5:
            items = [{"id": item, "weight": rng.randint(1, 100)} for item in items]
        issue["items"] = items
    elif kind == "sequence":
        issue["steps"] = _ids("t", rng.randint(3, 6))
    return issue


def _domain(issue: Data, field: str) -> list[str]:
    return [e if isinstance(e, str) else e["id"] for e in issue[field]]


# --- stances ---------------------------------------------------------------------------------


def _subset(rng: random.Random, items: Sequence[str], low: int, high: int) -> list[str]:
    # Kept in domain order so that files read naturally.
    chosen = set(rng.sample(items, rng.randint(low, high)))
    return [item for item in items if item in chosen]


def _boolean(rng: random.Random, issue: Data, who: str) -> Data:
    accepts = rng.choice(([True], [False], [True, False]))
    stance: Data = {"kind": "boolean", "accepts": accepts}
    if rng.random() < 0.3:
        stance["preferred"] = rng.choice(accepts)
    return stance


def _categorical(rng: random.Random, issue: Data, who: str) -> Data:
    options = _domain(issue, "options")
    accepts = _subset(rng, options, 1, len(options) - 1)
    stance: Data = {"kind": "categorical", "accepts": accepts}
    if rng.random() < 0.4:
        stance["preferred"] = rng.choice(accepts)
    return stance


def _ordinal(rng: random.Random, issue: Data, who: str) -> Data:
    levels = _domain(issue, "levels")
    low, high = sorted(rng.sample(range(len(levels)), 2))
    stance: Data = {"kind": "ordinal", "lowest": levels[low], "highest": levels[high]}
    if rng.random() < 0.4:
        stance["preferred"] = levels[rng.randint(low, high)]
    return stance


def _numeric(rng: random.Random, issue: Data, who: str) -> Data:
    low, high = issue["bounds"]
    if issue.get("scale") == "log":
        a, b = (math.exp(rng.uniform(math.log(low), math.log(high))) for _ in range(2))
    else:
        a, b = (rng.uniform(low, high) for _ in range(2))
    # Rounding is monotone and the bounds are whole numbers, so the order and bounds survive it.
    small, large = sorted((round(a, 3), round(b, 3)))
    stance: Data = {"kind": "numeric"}
    if rng.random() < 0.8:
        stance["min"] = small
    if rng.random() < 0.8:
        stance["max"] = large
    if rng.random() < 0.4:
        stance["preferred"] = round((small + large) / 2, 3)
    return stance


def _set(rng: random.Random, issue: Data, who: str) -> Data:
    items = _domain(issue, "items")
    shuffled = rng.sample(items, len(items))
    cut = rng.randint(0, len(items))
    end = rng.randint(cut, len(items))
    required, forbidden = set(shuffled[:cut]), set(shuffled[cut:end])
    stance: Data = {"kind": "set"}
    if required:
        stance["requires"] = [item for item in items if item in required]
    if forbidden:
        stance["forbids"] = [item for item in items if item in forbidden]
    return stance


def _sequence(rng: random.Random, issue: Data, who: str) -> Data:
    steps = _domain(issue, "steps")
    order = rng.sample(steps, len(steps))
    # Pairs taken in one random order can never form a cycle.
    pairs = [(order[x], order[y]) for x in range(len(order)) for y in range(x + 1, len(order))]
    chosen = rng.sample(pairs, rng.randint(1, min(3, len(pairs))))
    return {"kind": "sequence", "precedes": [list(pair) for pair in chosen]}


def _text(rng: random.Random, issue: Data, who: str) -> Data:
    return {"kind": "text", "statement": f"What {who} says on {issue['id']}."}


_STANCES: dict[str, Callable[[random.Random, Data, str], Data]] = {
    "boolean": _boolean,
    "categorical": _categorical,
    "ordinal": _ordinal,
    "numeric": _numeric,
    "set": _set,
    "sequence": _sequence,
    "text": _text,
}


def _stance(rng: random.Random, issue: Data, who: str) -> Data:
    return _STANCES[issue["kind"]](rng, issue, who)


def _copy(value: Any) -> Any:
    # A YAML writer turns an object met twice into an anchor and an alias, which negpos
    # refuses; every memorandum gets its own copy of a shared stance.
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


# --- documents -------------------------------------------------------------------------------


def _party(k: int) -> Data:
    # Two sides first, then mediators and further sides in turn, as in multi-party talks.
    role = "party" if k < 2 or k % 2 == 0 else "mediator"
    return {"id": f"p{k}", "name": f"Party {k}", "role": role}


def _position(rng: random.Random, issues: list[Data], i: int, stance: Data, where: str) -> Data:
    position: Data = {
        "issue": issues[i]["id"],
        "stance": stance,
        "salience": round(rng.random(), 2),
        "firmness": rng.choice(_FIRMNESS),
    }
    roll = rng.random()
    if roll < 0.2:
        position["sources"] = [f"https://example.org/{where}#{i}"]
    elif roll < 0.3:
        position["sources"] = [{"document": f"Memorandum {where}", "section": f"point {i}"}]
    if len(issues) > 1 and rng.random() < 0.05:
        other = (i + rng.randint(1, len(issues) - 1)) % len(issues)
        position["links"] = [issues[other]["id"]]
    if rng.random() < 0.05:
        position["note"] = f"Synthetic note on {issues[i]['id']}."
    return position


def _memorandum(
    rng: random.Random,
    r: int,
    k: int,
    issues: list[Data],
    common: list[Data],
    coverage: float,
) -> Data:
    party, where = f"p{k}", f"r{r + 1}/p{k}"
    stated: list[int] = []
    positions: list[Data] = []
    for i, issue in enumerate(issues):
        if rng.random() < coverage:
            stance = _copy(common[i]) if rng.random() < 0.3 else _stance(rng, issue, party)
            positions.append(_position(rng, issues, i, stance, where))
            stated.append(i)
    memo: Data = {
        "party": party,
        "title": f"Memorandum of party {k}, round {r + 1}",
        "date": (_START + dt.timedelta(days=7 * r)).isoformat(),
        "positions": positions,
    }
    if k == 0:
        memo["alternatives"] = [_alternatives(rng, issues, party, where)]
    if r > 0:
        # Withdraw a few issues this memorandum does not restate (a memorandum may not do both).
        stated_set = set(stated)
        unstated = [i for i in range(len(issues)) if i not in stated_set]
        withdrawn = rng.sample(unstated, min(len(unstated), max(1, len(issues) // 200)))
        if withdrawn:
            memo["withdrawn"] = [issues[i]["id"] for i in sorted(withdrawn)]
    return memo


def _alternatives(rng: random.Random, issues: list[Data], party: str, where: str) -> Data:
    # One group of two options of a few positions each, as in a memorandum offering two routes
    # to a ceasefire; a fixed count keeps comparisons linear in the agenda's size.
    options = []
    for o in range(2):
        chosen = sorted(rng.sample(range(len(issues)), min(3, len(issues))))
        options.append(
            {
                "id": f"route-{o + 1}",
                "label": f"Route {o + 1}",
                "positions": [
                    _position(rng, issues, i, _stance(rng, issues[i], party), where) for i in chosen
                ],
            }
        )
    return {"id": "routes", "label": "Alternative routes", "options": options}


def _round(
    rng: random.Random,
    r: int,
    issues: list[Data],
    common: list[Data],
    parties: list[Data],
    coverage: float,
) -> Data:
    memoranda = [_memorandum(rng, r, k, issues, common, coverage) for k in range(len(parties))]
    rnd: Data = {
        "id": f"r{r + 1:03d}",
        "date": (_START + dt.timedelta(days=7 * r)).isoformat(),
        "label": f"Round {r + 1}",
        "venue": "Synthetic venue",
        "memoranda": memoranda,
    }
    booleans = [issue for issue in issues[:70] if issue["kind"] == "boolean"]
    if booleans:
        issue = rng.choice(booleans)
        rnd["agreed"] = [
            {
                "summary": f"The parties agreed on {issue['id']}.",
                "issue": issue["id"],
                "stance": {"kind": "boolean", "accepts": [True]},
            }
        ]
    return rnd
