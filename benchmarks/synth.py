"""Synthetic negotiations of any size, for the benchmarks.

[`negotiation_data`][synth.negotiation_data] builds a negotiation as plain data (dicts, lists,
text, numbers and booleans, as ``json.load`` gives them) from a fixed seed: an agenda of N issues
of all seven kinds, P parties, R rounds in which every party tables a memorandum with positions on
most issues, plus some alternatives groups, withdrawals, sources and links, a few percent of
positions that hold only under conditions on other issues (``CONDITIONED``), and in every round
typed outcomes that settle a few percent of the agenda (``SETTLED``). Every document it produces
passes negpos' strict checks; [`negotiation`][synth.negotiation] validates one through
``negpos.parse``.

The work is linear in issues times parties times rounds: no step looks at more than a handful
of other issues, so 100,000 issues take seconds, not hours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Sequence
from typing import Any

import negpos

__all__ = [
    "CATEGORIES",
    "CONDITIONED",
    "KINDS",
    "SETTLED",
    "Size",
    "negotiation",
    "negotiation_data",
    "realistic_text",
    "wide_issue_data",
]

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


def negotiation_data(
    size: Size, *, seed: int = 0, coverage: float = 0.85, realistic: bool = False
) -> Data:
    """A valid synthetic negotiation as plain data.

    Args:
        size: How many issues, parties and rounds.
        seed: The seed of the random choices; the same seed gives the same document.
        coverage: The share of the agenda each memorandum states a position on.
        realistic: Give it the text of a real dataset (see ``realistic_text``): titles of a
            sentence, notes, and one to three full citations on every position. The
            positions themselves are the same as without it.

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
    # find identical issues as well as overlaps and gaps.
    common = [_stance(rng, issue, "common") for issue in issues]
    parties = [_party(k) for k in range(size.parties)]
    rounds = [_round(rng, r, issues, common, parties, coverage) for r in range(size.rounds)]
    if realistic:
        realistic_text(issues, rounds, seed=seed)
    return {
        "format": negpos.FORMAT_VERSION,
        "title": f"Synthetic negotiation ({size}, seed {seed})",
        "description": "Generated for the negpos benchmarks; no real party holds these positions.",
        "parties": parties,
        "issues": issues,
        "rounds": rounds,
        "sources": ["https://example.org/negpos/synthetic"],
    }


def negotiation(
    size: Size, *, seed: int = 0, coverage: float = 0.85, realistic: bool = False
) -> negpos.Negotiation:
    """A valid synthetic negotiation, validated by ``negpos.parse``.

    Args:
        size: How many issues, parties and rounds.
        seed: The seed of the random choices.
        coverage: The share of the agenda each memorandum states a position on.
        realistic: Give it the text of a real dataset (see ``realistic_text``).

    Returns:
        The negotiation.

    Raises:
        negpos.InputError: Never for data this module generates; it would mean a bug here.

    Examples:
        >>> neg = negotiation(Size(issues=7), seed=2)
        >>> sorted(str(issue.kind) for issue in neg.issues)[:3]
        ['boolean', 'categorical', 'numeric']
    """
    data = negotiation_data(size, seed=seed, coverage=coverage, realistic=realistic)
    return negpos.parse(data, name=f"synthetic {size} seed {seed}")


# --- the text of a real dataset --------------------------------------------------------------

_WORDS = (
    "ceasefire",
    "monitoring",
    "withdrawal",
    "regions",
    "recognition",
    "guarantees",
    "security",
    "neutrality",
    "army",
    "ceiling",
    "sanctions",
    "relief",
    "frozen",
    "assets",
    "reconstruction",
    "prisoners",
    "exchange",
    "civilians",
    "children",
    "return",
    "elections",
    "referendum",
    "language",
    "church",
    "amnesty",
    "mobilisation",
    "aid",
    "observers",
    "mission",
    "corridor",
    "zone",
    "plant",
    "energy",
    "grain",
    "ports",
    "sea",
    "navigation",
    "treaty",
    "protocol",
    "commission",
    "verification",
    "timeline",
    "phase",
    "sequence",
    "leaders",
    "meeting",
    "framework",
)
_OUTLETS = ("Reuters", "Kyiv Independent", "TASS", "Meduza", "Financial Times", "Ukrainska Pravda")


def _phrase(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _source(rng: random.Random, k: int) -> Data:
    outlet = rng.choice(_OUTLETS)
    source: Data = {
        "document": f"{outlet}: {_phrase(rng, 6, 12)}",
        "publisher": outlet,
        "section": f"paragraph {rng.randint(1, 40)}",
        "url": f"https://news.example.org/{outlet.lower().replace(' ', '-')}/2025/{k:07d}",
        "date": (_START + dt.timedelta(days=rng.randint(0, 300))).isoformat(),
    }
    if rng.random() < 0.4:
        source["quote"] = f"“{_phrase(rng, 12, 30)}” — as quoted by {outlet}"
    return source


def realistic_text(issues: list[Data], rounds: list[Data], *, seed: int) -> None:
    """Give synthetic data the text of a real dataset, in place, from a seed of its own.

    Issue titles become sentences with quotes and dashes, a third of the issues and of the
    positions get notes of twenty to fifty words, and every position cites one to three
    full sources (document, publisher, section, address, date, and sometimes a quote), drawn
    from a pool that grows with the data so that citations repeat as they do in real reports.
    The positions' stances, saliences and firmness stay as they were.
    """
    rng = random.Random(f"negpos-bench-text-{seed}")
    for issue in issues:
        issue["title"] = f"{_phrase(rng, 4, 10)} — “{rng.choice(_WORDS)}” (part {issue['id'][-3:]})"
        if rng.random() < 0.3:
            issue["note"] = _phrase(rng, 20, 50) + "."
    pool = [_source(rng, k) for k in range(max(10, len(issues) // 2))]
    for rnd in rounds:
        rnd["sources"] = [rng.choice(pool) for _ in range(2)]
        for memo in rnd["memoranda"]:
            memo["sources"] = [rng.choice(pool)]
            positions = list(memo["positions"])
            for group in memo.get("alternatives", ()):
                for option in group["options"]:
                    positions += option["positions"]
            for position in positions:
                position["sources"] = [dict(rng.choice(pool)) for _ in range(rng.randint(1, 3))]
                if rng.random() < 0.3:
                    position["note"] = _phrase(rng, 20, 50) + "."


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


#: The share of positions that hold only under conditions on other issues.
CONDITIONED = 0.04
#: The share of the agenda settled by typed outcomes agreed in each round.
SETTLED = 0.02


def _position(
    rng: random.Random,
    issues: list[Data],
    common: list[Data],
    i: int,
    stance: Data,
    where: str,
) -> Data:
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
    if rng.random() < CONDITIONED:
        conditions = _conditions(rng, issues, common, i)
        if conditions:
            position["conditions"] = conditions
    if rng.random() < 0.05:
        position["note"] = f"Synthetic note on {issues[i]['id']}."
    return position


def _conditions(rng: random.Random, issues: list[Data], common: list[Data], i: int) -> list[Data]:
    # One condition, now and then two, on nearby typed issues (a ceasefire once troops have
    # withdrawn): half of them on the stance the parties often share, which a comparison can
    # meet, the others on a stance of their own, which it often cannot.
    found: list[Data] = []
    seen = {i}
    for _ in range(1 if rng.random() < 0.8 else 2):
        other = (i + rng.randint(1, 20)) % len(issues)
        if other in seen or issues[other]["kind"] == "text":
            continue
        seen.add(other)
        if rng.random() < 0.5:
            stance = _copy(common[other])
        else:
            stance = _stance(rng, issues[other], "condition")
        found.append({"issue": issues[other]["id"], "stance": stance})
    return found


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
            positions.append(_position(rng, issues, common, i, stance, where))
            stated.append(i)
    memo: Data = {
        "party": party,
        "title": f"Memorandum of party {k}, round {r + 1}",
        "date": (_START + dt.timedelta(days=7 * r)).isoformat(),
        "positions": positions,
    }
    if k == 0:
        memo["alternatives"] = [_alternatives(rng, issues, common, party, where)]
    if r > 0:
        # Withdraw a few issues this memorandum does not restate (a memorandum may not do both).
        stated_set = set(stated)
        unstated = [i for i in range(len(issues)) if i not in stated_set]
        withdrawn = rng.sample(unstated, min(len(unstated), max(1, len(issues) // 200)))
        if withdrawn:
            memo["withdrawn"] = [issues[i]["id"] for i in sorted(withdrawn)]
    return memo


def _alternatives(
    rng: random.Random, issues: list[Data], common: list[Data], party: str, where: str
) -> Data:
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
                    _position(rng, issues, common, i, _stance(rng, issues[i], party), where)
                    for i in chosen
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
    agreed = _agreed(rng, issues, common, parties)
    if agreed:
        rnd["agreed"] = agreed
    return rnd


def _agreed(
    rng: random.Random, issues: list[Data], common: list[Data], parties: list[Data]
) -> list[Data]:
    # A few percent of the agenda settled in each round, by every party present or by two of
    # them, half on the stance the parties often share and half on one of its own; and now
    # and then an outcome in words only, which settles nothing.
    agreed: list[Data] = []
    count = max(1, round(SETTLED * len(issues)))
    for i in sorted(rng.sample(range(len(issues)), min(count, len(issues)))):
        issue = issues[i]
        stance = _copy(common[i]) if rng.random() < 0.5 else _stance(rng, issue, "agreed")
        outcome: Data = {
            "summary": f"The parties agreed on {issue['id']}.",
            "issue": issue["id"],
            "stance": stance,
        }
        if len(parties) > 2 and rng.random() < 0.4:
            pair = sorted(rng.sample(range(len(parties)), 2))
            outcome["parties"] = [parties[k]["id"] for k in pair]
        agreed.append(outcome)
    if rng.random() < 0.3:
        agreed.append({"summary": "The parties agreed to meet again."})
    return agreed


def wide_issue_data(kind: str, n: int, *, seed: int = 0) -> Data:
    """A negotiation with one very wide issue: a set of ``n`` items or a sequence of ``n`` steps.

    The pathological inputs of the benchmarks: a real agenda has few items per issue, but
    nothing stops a file from listing a whole tariff schedule as one set, or a long
    implementation plan as one sequence.

    - ``set``: every item weighted 1 to 100; party ``p0`` requires a random half of the items
      and forbids a quarter, ``p1`` requires a random third and forbids a third, so that
      both sides conflict on about a tenth of the items.
    - ``sequence``: each party orders the steps in a chain (``p0`` in one random order,
      ``p1`` in the same order with one step in ten moved), so that the two orders together
      hold cycles the comparison must find.

    Args:
        kind: ``"set"`` or ``"sequence"``.
        n: How many items or steps.
        seed: The seed of the random choices.

    Returns:
        A mapping that ``negpos.parse`` accepts.
    """
    rng = random.Random(f"negpos-bench-wide-{kind}-{n}-{seed}")
    iid = f"wide.{kind}"
    if kind == "set":
        items = _ids("item", n)
        issue: Data = {
            "id": iid,
            "kind": "set",
            "title": f"A set of {n:,} items",
            "items": [{"id": item, "weight": rng.randint(1, 100)} for item in items],
        }

        def stance(required: float, forbidden: float) -> Data:
            shuffled = rng.sample(items, n)
            cut, end = int(n * required), int(n * (required + forbidden))
            req, forb = set(shuffled[:cut]), set(shuffled[cut:end])
            return {
                "kind": "set",
                "requires": [i for i in items if i in req],
                "forbids": [i for i in items if i in forb],
            }

        stances = [stance(0.5, 0.25), stance(1 / 3, 1 / 3)]
    elif kind == "sequence":
        steps = _ids("step", n)
        issue = {"id": iid, "kind": "sequence", "title": f"A plan of {n:,} steps", "steps": steps}
        first = rng.sample(steps, n)
        second = list(first)
        for k in range(0, n, 10):
            j = rng.randrange(n)
            second[k], second[j] = second[j], second[k]
        stances = [
            {"kind": "sequence", "precedes": [[x, y] for x, y in itertools.pairwise(order)]}
            for order in (first, second)
        ]
    else:
        raise ValueError(f"kind must be 'set' or 'sequence', not {kind!r}")
    memoranda = [
        {"party": f"p{k}", "positions": [{"issue": iid, "stance": s, "salience": 0.5}]}
        for k, s in enumerate(stances)
    ]
    return {
        "format": negpos.FORMAT_VERSION,
        "title": f"One wide {kind} issue ({n:,})",
        "parties": [_party(0), _party(1)],
        "issues": [issue],
        "rounds": [{"id": "r0", "date": "2025-06-02", "memoranda": memoranda}],
    }
