"""Benchmarks for the XT error catalog generator, its package and its site.

    .venv/bin/python benchmarks/run.py                # full run
    .venv/bin/python benchmarks/run.py --quick        # fewer repeats
    .venv/bin/python benchmarks/run.py --only import  # one stage; results.json left alone

Every figure is a median over repeated runs in fresh processes (children
started with sys.executable), measured side by side with its baseline in the
same run. It works on whatever spec/source/ holds: "catalog" rows use the
repository's own catalog, "seed-only" rows a tree built from the margin page
alone. Import children run in a plain environment (no PYTHON* settings).
Prints a table (PASS/MISS per target), writes benchmarks/results.json, always
exits 0. Work files go to benchmarks/scratch/ (which ignores itself for git);
nothing outside benchmarks/ is written. Each stage is a module of its own
(regeneration, imports, check, bench_site); their children are in children/.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

from bench_site import bench_site
from check import bench_check
from fetching import bench_fetch
from harness import BENCH, FIGURES, PY, PYCACHE, ROOT, ROWS, WORK, machine, row
from imports import bench_import
from regeneration import bench_regeneration

RESULTS = BENCH / "results.json"
STAGES = ("regeneration", "fetch", "import", "check", "site")


def print_table() -> None:
    headers = ("what", "figure", "target", "PASS/MISS")
    cells = [(r["what"], r["figure"], r["target"], r["status"]) for r in ROWS]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]

    def line(c: tuple[str, ...]) -> str:
        return (
            "| " + " | ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)) + " |"
        )

    print()
    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for c in cells:
        print(line(c))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument(
        "--only",
        choices=STAGES,
        help="run one stage and print it; results.json is left as it is",
    )
    args = parser.parse_args()
    q = args.quick
    reps = {
        "regen": 2 if q else 5,
        "regen_big": 1 if q else 3,
        "import": 8 if q else 30,
        "timeit": 3 if q else 5,
        "timeit_processes": 2 if q else 7,
        "first_error": 5 if q else 15,
        "site": 1 if q else 3,
        "site_big": 1 if q else 2,
        "search": 1 if q else 3,
    }
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / ".gitignore").write_text("*\n")
    start = time.perf_counter()
    info = machine()
    print(f"machine: {info}")
    print(
        f"children: {PY}. Import children run plain (no PYTHON* settings; the measured packages"
    )
    print("are copies in scratch, compiled beside their sources); tool children use")
    print(
        f"PYTHONPYCACHEPREFIX={PYCACHE.relative_to(ROOT)} so they write nothing into the repository;"
    )
    print(f"every figure is a median of repeated fresh processes; repeats: {reps}")

    # 2b imports the 10,000-code tree that 1b generated, when 1b ran.
    outs: dict[int, Path] = {}
    stages = {
        "regeneration": lambda: outs.update(
            bench_regeneration(reps["regen"], reps["regen_big"])
        ),
        "fetch": lambda: bench_fetch(reps["regen"]),
        "import": lambda: bench_import(reps["import"], outs.get(10_000)),
        "check": lambda: bench_check(
            reps["timeit"], reps["timeit_processes"], reps["first_error"]
        ),
        "site": lambda: bench_site(reps["site"], reps["site_big"], reps["search"]),
    }
    errors = {}
    for name in [args.only] if args.only else STAGES:
        try:
            stages[name]()
        except Exception as error:  # noqa: BLE001 - a failing stage is reported, the rest still runs
            traceback.print_exc()
            errors[name] = str(error)[:2000]
            why = (str(error).splitlines() or [type(error).__name__])[0][:80]
            row(f"{name} stage", f"n/a (failed: {why})", "", None)

    elapsed = time.perf_counter() - start
    print_table()
    counts = {s: sum(r["status"] == s for r in ROWS) for s in ("PASS", "MISS", "n/a")}
    print(
        f"\n{counts['PASS']} PASS, {counts['MISS']} MISS, {counts['n/a']} n/a; took {elapsed:.0f} s"
    )
    if args.only:
        return 0
    results = {
        "machine": info,
        "quick": q,
        "repeats": reps,
        "seconds": elapsed,
        "rows": ROWS,
        "figures": FIGURES,
        "errors": errors,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - always exit 0
        traceback.print_exc()
    sys.exit(0)
