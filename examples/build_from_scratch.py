"""Build a small negotiation in Python, compare the sides, and save it as YAML."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import negpos

# The stance kinds this negotiation uses.
Stance = negpos.NumericStance | negpos.SetStance | negpos.BooleanStance


def cited(
    issue: str, stance: Stance, salience: float, firmness: negpos.Firmness, url: str
) -> negpos.Position:
    """One position with its source: every figure in negpos can say where it comes from."""
    return negpos.Position(
        issue=issue,
        stance=stance,
        salience=salience,
        firmness=firmness,
        sources=(negpos.Source(url=url),),
    )


def build() -> negpos.Negotiation:
    """A dockers' union and a port authority, three issues, one round of talks."""
    pay = negpos.NumericIssue(
        id="pay.rise", title="Pay rise", category="pay", unit="percent", bounds=(0, 15)
    )
    sites = negpos.SetIssue(
        id="jobs.sites",
        title="Terminals kept open",
        category="jobs",
        items=tuple(negpos.Element(id=i, label=i.title()) for i in ("north", "south", "harbour")),
    )
    strikes = negpos.BooleanIssue(id="process.no_strike", title="No-strike clause")
    red, firm, flexible = negpos.Firmness.RED_LINE, negpos.Firmness.FIRM, negpos.Firmness.FLEXIBLE

    claims = "https://example.org/union-claims"
    union = negpos.Memorandum(
        party="union",
        positions=(
            cited("pay.rise", negpos.NumericStance(min=6), 0.9, red, claims),
            cited(
                "jobs.sites",
                negpos.SetStance(requires=("north", "south", "harbour")),
                0.7,
                firm,
                claims,
            ),
            cited(
                "process.no_strike", negpos.BooleanStance(accepts=(False,)), 0.5, flexible, claims
            ),
        ),
    )
    offer = "https://example.org/port-offer"
    employer = negpos.Memorandum(
        party="port",
        positions=(
            cited("pay.rise", negpos.NumericStance(max=4), 0.8, firm, offer),
            cited(
                "jobs.sites",
                negpos.SetStance(requires=("north",), forbids=("harbour",)),
                0.6,
                firm,
                offer,
            ),
            cited(
                "process.no_strike",
                negpos.BooleanStance(accepts=(True, False)),
                0.3,
                flexible,
                offer,
            ),
        ),
    )
    return negpos.Negotiation(
        title="Port wage talks",
        parties=(
            negpos.Party(id="union", name="Dockers' union"),
            negpos.Party(id="port", name="Port authority"),
        ),
        issues=(pay, sites, strikes),
        rounds=(negpos.Round(id="r1", date=dt.date(2025, 3, 4), memoranda=(union, employer)),),
    )


def main(argv: list[str]) -> None:
    """Build the negotiation, print the comparison, save it, and read it back.

    The YAML file is saved in the folder named on the command line, or in the current one.
    """
    talks = build()
    result = talks.compare("union", "port", round_id="r1")
    for c in result.rows:
        size = f" of {c.magnitude:.2f}" if c.status is negpos.Status.GAP else ""
        print(f"{c.issue.title}: {c.status.value}{size}")
    print(f"compatibility index {result.summary.compatibility:.2f}")
    folder = Path(argv[0]) if argv else Path.cwd()
    folder.mkdir(parents=True, exist_ok=True)
    path = negpos.dump(talks, folder / "port-talks.yaml")
    print(f"saved {path}, {len(path.read_text(encoding='utf-8').splitlines())} lines")
    print("reads back unchanged:", negpos.load(path) == talks)


if __name__ == "__main__":
    main(sys.argv[1:])
