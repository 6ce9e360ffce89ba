"""Compare Russia's and Ukraine's memoranda of 2 June 2025: figures, red lines, common ground."""

from __future__ import annotations

import negpos


def main() -> None:
    """Print the comparison of the two June memoranda of the bundled dataset."""
    talks = negpos.bundled()
    june = talks.compare("ru", "ua", round_id="istanbul-2")
    summary = june.summary

    print(f"{talks.round('istanbul-2').label}: {summary.total} issues")
    for status, count in summary.counts:
        print(f"  {status.value:13} {count}")
    print(f"compatibility index {summary.compatibility:.2f} (0: all apart, 1: all compatible)")

    print("\nRed lines in conflict, most severe first:")
    for c in summary.red_line_conflicts:
        owners = ", ".join(talks.party(p).name for p in c.red_lines)
        print(f"  {c.magnitude:.2f}  {c.issue.title}  (red line of {owners})")

    print("\nCommon ground:")
    for c in june.rows:
        if c.zone is not None:
            accepted = c.zone.model_dump(exclude={"kind"}, exclude_none=True)
            # A conditional zone holds only once another issue comes out as a side demands.
            when = " once its condition is met" if c.status == "conditional" else ""
            print(f"  {c.issue.title} ({c.status}): both accept {accepted}{when}")

    for group in june.alternatives:
        print(f"\n{group.label or group.group}:")
        for option in group.options:
            marker = "  <- closest" if option.option == group.closest else ""
            index = option.summary.compatibility
            shown = "n/a" if index is None else f"{index:.2f}"
            left = option.summary.unresolved
            print(f"  {option.label or option.option}: {left} issues open, index {shown}{marker}")


if __name__ == "__main__":
    main()
