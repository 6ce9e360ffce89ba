"""Scaling benchmarks of negpos against plain-Python floors and DeepDiff.

Run from the repository's root::

    python benchmarks/run.py            # the full ladder, up to 100,000 issues (minutes)
    python benchmarks/run.py --quick    # small sizes, well under 45 seconds
    python benchmarks/run.py --json     # one JSON line per record instead of a table
    python benchmarks/run.py --only compare --only load_json

Every measurement times negpos and its floors in the same process, interleaved, and reports
the median of several runs. Peak memory is measured in a separate, untimed pass under
``tracemalloc`` (which slows Python down several times, so it never touches the timings).
Growth exponents are fitted by least squares on log(time) against log(size) along each axis.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measurements
import synth
import yaml

import negpos

Record = dict[str, Any]

# Sizes along each axis; the other two dimensions stay at the base size.
_FULL = {
    "issues": (100, 1_000, 3_000, 10_000, 100_000),
    "rounds": (2, 10, 30, 100),
    "parties": (2, 4, 10),
}
_FULL_BASE = synth.Size(issues=1_000, parties=2, rounds=2)
_QUICK = {"issues": (100, 200, 400), "rounds": (2, 3, 4), "parties": (2, 3)}
_QUICK_BASE = synth.Size(issues=100, parties=2, rounds=2)

# A run slower than this is kept as a sample rather than thrown away as a warm-up.
_WARM_S = 0.5
# Above this, three runs are enough for a median.
_SLOW_S = 2.0


def plan(quick: bool, max_issues: int | None = None) -> list[tuple[synth.Size, tuple[str, ...]]]:
    """The sizes to measure, each with the axes it lies on, smallest workload first.

    Args:
        quick: Use the small ladder of ``--quick``.
        max_issues: Leave out sizes with more issues than this.

    Returns:
        ``(size, axes)`` pairs; a size on several axes (the base size) is measured once.
    """
    ladder, base = (_QUICK, _QUICK_BASE) if quick else (_FULL, _FULL_BASE)
    sizes: dict[synth.Size, list[str]] = {}
    for axis, values in ladder.items():
        for value in values:
            size = synth.Size(
                issues=value if axis == "issues" else base.issues,
                parties=value if axis == "parties" else base.parties,
                rounds=value if axis == "rounds" else base.rounds,
            )
            if max_issues is None or size.issues <= max_issues:
                sizes.setdefault(size, []).append(axis)
    work = sorted(sizes, key=lambda s: (s.issues * s.parties * s.rounds, s))
    return [(size, tuple(sizes[size])) for size in work]


def _once(fn: Callable[[], object], collector: bool) -> tuple[float, float | None]:
    gc.collect()
    if not collector:
        gc.disable()
    try:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    # Resident memory while the result is still alive: inputs, result and all.
    rss = _rss_mb()
    del result
    return elapsed, rss


def _rss_mb() -> float | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def time_medians(
    fns: Sequence[Callable[[], object]],
    repeats: int,
    *,
    collector: bool = True,
    warm_up: bool = True,
) -> tuple[list[float], int, float | None]:
    """Median wall-clock time of each callable, their runs interleaved.

    Args:
        fns: The callables; the first is negpos' (its resident memory is recorded).
        repeats: How many runs make a median; at least three are made of slow calls.
        collector: Leave Python's cyclic garbage collector running during the runs, as a
            user's program would; False pauses it, as ``timeit`` does.
        warm_up: Throw away a first run that is quicker than half a second, as a warm-up.

    Returns:
        The medians in seconds, the number of runs, and the largest resident set size (MB)
        seen right after a run of the first callable.
    """
    samples: list[list[float]] = [[] for _ in fns]
    rss: list[float] = []
    for i, fn in enumerate(fns):
        # The first call warms caches and lazy imports; a slow one is a fair sample anyway.
        elapsed, mem = _once(fn, collector)
        if elapsed >= _WARM_S or not warm_up:
            samples[i].append(elapsed)
        if i == 0 and mem is not None:
            rss.append(mem)
    slowest = max(s[0] for s in samples if s) if any(samples) else 0.0
    runs = repeats if slowest < _SLOW_S else min(repeats, 3)
    while any(len(s) < runs for s in samples):
        for i, fn in enumerate(fns):
            if len(samples[i]) < runs:
                elapsed, mem = _once(fn, collector)
                samples[i].append(elapsed)
                if i == 0 and mem is not None:
                    rss.append(mem)
    return [statistics.median(s) for s in samples], runs, max(rss) if rss else None


def peak_mb(fn: Callable[[], object]) -> float:
    """The most memory ``fn`` holds at once, beyond what existed before it ran, in MB.

    Measured with ``tracemalloc``, which counts Python's own allocations (objects, buffers)
    and slows the call down several times: this pass is never timed.
    """
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
        del result
    finally:
        tracemalloc.stop()
    return (peak - before) / (1024 * 1024)


def exponent(points: Iterable[tuple[float, float]]) -> float | None:
    """The least-squares slope of log(y) against log(x): y grows like x to this power.

    Args:
        points: ``(size, seconds)`` pairs.

    Returns:
        The fitted exponent, or None with fewer than two distinct sizes.
    """
    logs = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len({lx for lx, _ in logs}) < 2:
        return None
    mx = statistics.fmean(lx for lx, _ in logs)
    my = statistics.fmean(ly for _, ly in logs)
    sxx = sum((lx - mx) ** 2 for lx, _ in logs)
    sxy = sum((lx - mx) * (ly - my) for lx, ly in logs)
    return sxy / sxx


def measure(
    chosen: Sequence[measurements.Measurement],
    sizes: Sequence[tuple[synth.Size, tuple[str, ...]]],
    *,
    repeats: int,
    seed: int,
    deepdiff_max: int,
    memory: bool,
    progress: Callable[[str], None],
    collector: bool = True,
    warm_up: bool = True,
) -> tuple[list[Record], list[Record]]:
    """Run the measurements over the sizes.

    Returns:
        One record per measurement and size, and one per measurement and size left out
        because of the measurement's cap.
    """
    records: list[Record] = []
    skipped: list[Record] = []
    for size, axes in sizes:
        todo = [m for m in chosen if set(m.axes) & set(axes)]
        for m in todo:
            if not m.runs_at(size):
                skipped.append(
                    {
                        "record": "skipped",
                        "name": m.name,
                        "issues": size.issues,
                        "rounds": size.rounds,
                        "parties": size.parties,
                        "reason": f"above its cap of {m.max_positions:,} issues x parties x rounds",
                    }
                )
        todo = [m for m in todo if m.runs_at(size)]
        if not todo:
            continue
        ws = measurements.Workspace(size, seed=seed, deepdiff_max=deepdiff_max)
        try:
            for m in todo:
                progress(f"{m.name}: {size}")
                records.append(_measure_one(m, ws, axes, repeats, memory, collector, warm_up))
        finally:
            ws.close()
    return records, skipped


def _measure_one(
    m: measurements.Measurement,
    ws: measurements.Workspace,
    axes: tuple[str, ...],
    repeats: int,
    memory: bool,
    collector: bool,
    warm_up: bool,
) -> Record:
    assert m.prepare is not None
    case = m.prepare(ws)
    ws.files  # noqa: B018  (counts the positions)
    floors = [case.baseline, *case.extra] if case.baseline is not None else [*case.extra]
    fns = [case.negpos, *(fn for _, fn in floors)]
    if case.deepdiff is not None:
        fns.append(case.deepdiff)
    medians, runs, rss = time_medians(fns, repeats, collector=collector, warm_up=warm_up)
    negpos_s, floor_s = medians[0], medians[1 : 1 + len(floors)]
    baseline_s = floor_s[0] if case.baseline is not None else None
    deepdiff_s = medians[-1] if case.deepdiff is not None else None
    return {
        "record": "measurement",
        "name": m.name,
        "n": ws.size.issues if case.n is None else case.n,
        "issues": ws.size.issues,
        "rounds": ws.size.rounds,
        "parties": ws.size.parties,
        "positions": ws.positions,
        "axes": [a for a in axes if a in m.axes],
        "negpos_s": negpos_s,
        "baseline_s": baseline_s,
        "baseline": None if case.baseline is None else case.baseline[0],
        "ratio": None if baseline_s is None else negpos_s / baseline_s,
        "floors": {label: s for (label, _), s in zip(floors, floor_s, strict=True)},
        "deepdiff_s": deepdiff_s,
        "deepdiff_ratio": None if deepdiff_s is None else negpos_s / deepdiff_s,
        "peak_mb": peak_mb(case.negpos) if memory and case.memory else None,
        "rss_mb": rss,
        "repeats": runs,
        "gc": collector,
        "note": case.note,
    }


def fits(records: Sequence[Record]) -> list[Record]:
    """Growth exponents of negpos, its baseline and DeepDiff, per measurement and axis."""
    out: list[Record] = []
    names = dict.fromkeys(r["name"] for r in records)
    for name in names:
        for axis in measurements.AXES:
            points = [r for r in records if r["name"] == name and axis in r["axes"]]
            if len(points) < 2:
                continue

            points.sort(key=lambda r: r[axis])

            def fit(
                key: str, tail: bool = False, points: list[Record] = points, axis: str = axis
            ) -> float | None:
                found = [(float(r[axis]), r[key]) for r in points if r[key] is not None]
                # Fixed costs flatten the small sizes; the two largest show where growth heads.
                return exponent(found[-2:] if tail else found)

            out.append(
                {
                    "record": "fit",
                    "name": name,
                    "axis": axis,
                    "sizes": [r[axis] for r in points],
                    "negpos_exponent": fit("negpos_s"),
                    "baseline_exponent": fit("baseline_s"),
                    "deepdiff_exponent": fit("deepdiff_s"),
                    "negpos_tail_exponent": fit("negpos_s", tail=True),
                    "baseline_tail_exponent": fit("baseline_s", tail=True),
                }
            )
    return out


# --- output ------------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1e-3:
        return f"{value * 1e6:.0f} us"
    if value < 1.0:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def _num(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for k, row in enumerate(rows):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render(
    records: Sequence[Record],
    fitted: Sequence[Record],
    skipped: Sequence[Record],
    unavailable: Sequence[Record],
) -> str:
    """The human-readable report: measurements, growth exponents, targets, unavailable ones."""
    parts: list[str] = []
    if records:
        head = ["measurement", "issues", "rounds", "parties", "positions", "negpos", "floor",
                "x floor", "deepdiff", "x deepdiff", "peak MB", "RSS MB",
                "other floors"]  # fmt: skip
        rows = [head]
        for r in records:
            others = ", ".join(
                f"{label}: {_seconds(s)} (x{r['negpos_s'] / s:.2f})"
                for label, s in r["floors"].items()
                if label != r["baseline"]
            )
            rows.append([
                r["name"], f"{r['issues']:,}", str(r["rounds"]), str(r["parties"]),
                f"{r['positions']:,}", _seconds(r["negpos_s"]), _seconds(r["baseline_s"]),
                _num(r["ratio"], ".2f"), _seconds(r["deepdiff_s"]),
                _num(r["deepdiff_ratio"], ".3f"),
                _num(r["peak_mb"], ".1f"), _num(r["rss_mb"], ".0f"), others or "-",
            ])  # fmt: skip
        parts.append(_table(rows))
        baselines = dict.fromkeys(
            f"  {r['name']}: floor = {r['baseline'] or 'none'}" for r in records
        )
        notes = dict.fromkeys(f"  {r['name']}: {r['note']}" for r in records if r["note"])
        parts.append(
            "Floors:\n" + "\n".join(baselines) + ("\n" + "\n".join(notes) if notes else "")
        )
    if fitted:
        rows = [
            ["growth", "axis", "sizes", "negpos exponent", "floor exponent", "deepdiff exponent",
             "negpos, 2 largest", "floor, 2 largest"]
        ]  # fmt: skip
        for f in fitted:
            rows.append([
                f["name"], f["axis"], ", ".join(f"{s:,}" for s in f["sizes"]),
                _num(f["negpos_exponent"], ".2f"), _num(f["baseline_exponent"], ".2f"),
                _num(f["deepdiff_exponent"], ".2f"), _num(f.get("negpos_tail_exponent"), ".2f"),
                _num(f.get("baseline_tail_exponent"), ".2f"),
            ])  # fmt: skip
        parts.append(_table(rows))
    targets = _targets(records, fitted)
    if targets:
        parts.append("Targets:\n" + "\n".join(f"  {t}" for t in targets))
    if skipped:
        parts.append(
            "Left out:\n"
            + "\n".join(
                f"  {r['name']} at {r['issues']:,} issues x {r['parties']} parties x "
                f"{r['rounds']} rounds: {r['reason']}"
                for r in skipped
            )
        )
    if unavailable:
        parts.append(
            "Not available:\n" + "\n".join(f"  {u['name']}: {u['reason']}" for u in unavailable)
        )
    return "\n\n".join(parts) + "\n"


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _targets(records: Sequence[Record], fitted: Sequence[Record]) -> list[str]:
    out: list[str] = []
    by = {(r["name"], r["issues"], r["rounds"], r["parties"]): r for r in records}
    compare = by.get(("compare", 10_000, 2, 2))
    if compare is not None:
        out.append(
            f"compare, 10,000 issues: x{compare['ratio']:.2f} the floor (at most 3): "
            f"{_verdict(compare['ratio'] <= 3)}"
        )
        if compare["deepdiff_ratio"] is not None:
            out.append(
                f"compare, 10,000 issues: x{compare['deepdiff_ratio']:.3f} DeepDiff (at most 0.1): "
                f"{_verdict(compare['deepdiff_ratio'] <= 0.1)}"
            )
    big = by.get(("compare", 100_000, 2, 2))
    if big is not None and big["peak_mb"] is not None:
        out.append(
            f"compare, 100,000 issues: peak {big['peak_mb']:.0f} MB during the call, "
            f"{_num(big['rss_mb'], '.0f')} MB resident with the negotiation loaded "
            f"(under 1 GB): {_verdict(big['peak_mb'] < 1024)}"
        )
    for f in fitted:
        if f["axis"] in ("issues", "rounds") and f["negpos_exponent"] is not None:
            out.append(
                f"{f['name']} grows like {f['axis']}^{f['negpos_exponent']:.2f}, "
                f"^{_num(f.get('negpos_tail_exponent'), '.2f')} between the two largest "
                f"(floor ^{_num(f['baseline_exponent'], '.2f')}, "
                f"^{_num(f.get('baseline_tail_exponent'), '.2f')}; linear is 1)"
            )
    loads = [r for r in records if r["name"] == "load_json"]
    if loads:
        near = min(loads, key=lambda r: abs(math.log(max(r["positions"], 1) / 10_000)))
        ratios = ", ".join(
            f"x{near['negpos_s'] / s:.2f} {label}" for label, s in near["floors"].items()
        )
        out.append(
            f"load_json, {near['positions']:,} positions: {ratios} "
            f"(at most 2 pydantic alone): {_verdict(near['ratio'] <= 2)}"
        )
    if any(r["name"] == "load_yaml" for r in records):
        parser = getattr(getattr(negpos, "_yaml", None), "_Parser", None)
        out.append(
            f"load_yaml: libyaml installed: {yaml.__with_libyaml__}; "
            f"negpos parses with {getattr(parser, '__name__', 'an unknown parser')}"
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print a table, or JSON lines with ``--json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes, under 45 seconds")
    parser.add_argument("--json", action="store_true", help="one JSON line per record")
    names = ", ".join(measurements.NAMES)
    parser.add_argument("--only", action="append", choices=measurements.NAMES, metavar="NAME",
                        help=f"run only this measurement (repeatable): {names}")  # fmt: skip
    parser.add_argument(
        "--repeats", type=int, default=None, help="runs per median (default 5, quick 3)"
    )
    parser.add_argument("--seed", type=int, default=0, help="the synthetic data's seed")
    parser.add_argument("--max-issues", type=int, default=None, help="leave out larger agendas")
    parser.add_argument("--deepdiff-max", type=int, default=10_000,
                        help="largest agenda to run DeepDiff on (default 10,000)")  # fmt: skip
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument(
        "--no-gc", action="store_true", help="pause the cyclic garbage collector in timed runs"
    )
    parser.add_argument(
        "--replay", type=Path, metavar="FILE", help="print the table of saved --json output"
    )
    args = parser.parse_args(argv)
    if args.replay is not None:
        saved = [json.loads(line) for line in args.replay.read_text("utf-8").splitlines() if line]
        found = [r for r in saved if r["record"] == "measurement"]
        left_out = [r for r in saved if r["record"] == "skipped"]
        missing = [r for r in saved if r["record"] == "unavailable"]
        # The fits are recomputed, so that a newer run.py reports everything it knows.
        print(render(found, fits(found), left_out, missing), end="")
        return 0
    repeats = args.repeats or (3 if args.quick else 5)
    if repeats < 1:
        parser.error("--repeats must be at least 1")

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    selected = [m for m in measurements.MEASUREMENTS if not args.only or m.name in args.only]
    unavailable = [
        {"record": "unavailable", "name": m.name, "reason": reason}
        for m in selected
        if (reason := m.unavailable()) is not None
    ]
    chosen = [m for m in selected if m.unavailable() is None]
    records, skipped = measure(
        chosen,
        plan(args.quick, args.max_issues),
        repeats=repeats,
        seed=args.seed,
        deepdiff_max=args.deepdiff_max,
        memory=not args.no_memory,
        progress=progress,
        collector=not args.no_gc,
        # Quick runs check that everything works; their figures are indicative only.
        warm_up=not args.quick,
    )
    fitted = fits(records)
    if args.json:
        for record in [*records, *fitted, *skipped, *unavailable]:
            print(json.dumps(record, sort_keys=True))
    else:
        print(render(records, fitted, skipped, unavailable), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
