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
nothing outside benchmarks/ is written."""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import math
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
WORK = BENCH / "scratch"
PYCACHE = WORK / "pycache"
RESULTS = BENCH / "results.json"
PY = sys.executable
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
CHROMIUM = "/usr/bin/chromium"
SIZES = (100, 1_000, 10_000)

sys.path.insert(0, str(ROOT))  # for codegen.document.format_document

ROWS: list[dict] = []
FIGURES: dict = {}


# -- running children ---------------------------------------------------------


def child_env(pythonpath: Path | str | None = None) -> dict[str, str]:
    """The environment of the tool children (codegen, mkdocs, ruamel, the check loop).

    PYTHONDONTWRITEBYTECODE is dropped so that compiled .pyc files are used;
    they live under benchmarks/scratch/pycache (PYTHONPYCACHEPREFIX), so no
    __pycache__ folder is ever written into the repository or the venv. Their
    figures are ratios against floors run in the same environment, or seconds;
    import times are measured in `plain_env()` instead.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def plain_env() -> dict[str, str]:
    """The environment of the import children: the caller's, with every PYTHON* setting removed.

    Settings such as PYTHONPYCACHEPREFIX change what the standard library's own
    imports cost (they doubled `import http`), so an import child runs as a user's
    `python` does: caches next to the sources, found through the working folder.
    """
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


@dataclass(frozen=True)
class Finished:
    """One child that exited 0."""

    seconds: float  # wall time, start-up included
    stdout: str
    peak_rss_mb: float | None = None  # only from run_rss


def run(cmd: list[str], env: dict[str, str], cwd: Path = ROOT, timeout: float = 600) -> Finished:
    """Run a child and time it. Raises on a non-zero exit."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return Finished(elapsed, done.stdout)


def run_rss(cmd: list[str], env: dict[str, str], cwd: Path = ROOT, timeout: float = 600) -> Finished:
    """Run a child; its wall time, stdout and peak RSS."""
    if GNU_TIME:
        report = WORK / "time-v.txt"
        done = run([GNU_TIME, "-v", "-o", str(report), *cmd], env, cwd, timeout)
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report.read_text())
        return Finished(done.seconds, done.stdout, int(match.group(1)) / 1024 if match else float("nan"))
    # No GNU time: an intermediate process whose only child is the command.
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter(); p = subprocess.run(sys.argv[1:]); t = time.perf_counter() - t\n"
        "print('@@', t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)\n"
    )
    out = run([PY, "-c", wrapper, *cmd], env, cwd, timeout).stdout
    marker = out.strip().splitlines()[-1].split()
    if marker[3] != "0":
        raise RuntimeError(f"{cmd} exited {marker[3]}")
    return Finished(float(marker[1]), out, int(marker[2]) / 1024)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- the table ----------------------------------------------------------------


def row(what: str, figure: str, target: str = "", ok: bool | None = None, key: str | None = None, **data) -> None:
    status = "" if ok is None else ("PASS" if ok else "MISS")
    if ok is None and target and target != "(info)":
        status = "n/a"
    ROWS.append({"what": what, "figure": figure, "target": target, "status": status})
    if key:
        FIGURES[key] = {"figure": figure, "target": target, "status": status, **data}
    print(f"  {what}: {figure}  [{target}] {status}", flush=True)


def na(what: str, target: str, why: str, key: str | None = None) -> None:
    row(what, f"n/a ({why})", target, None, key)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


# -- synthetic documents --------------------------------------------------------

SEED_STATUSES = [
    ("200", "The request is successful, please check the rc and mc sections further"),
    ("404", "interface does not exist"),
    ("429", "The request is too frequent, please control the request rate according to the speed limit requirement"),
    ("500", "Service exception"),
    ("502", "Gateway exception"),
    ("503", "Service unavailable, please try again later"),
]
_SUBJECTS = ["order", "position", "loan", "repayment", "transfer", "withdrawal", "deposit", "sub-account",
             "API key", "leverage", "margin", "symbol", "price", "quantity", "trigger price", "account"]
_PROBLEMS = ["does not exist", "is not supported for the time being", "exceeds the maximum allowed",
             "is below the minimum allowed", "is being processed, please try again later",
             "has been frozen by risk control", "is invalid, please check the request parameters",
             "cannot be modified in the current state", "was rejected because the balance is insufficient"]


def family_name(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"FAM_{letters}"


def synthetic_codes(n: int) -> list[tuple[str, str]]:
    rnd = random.Random(n)
    codes = [("SUCCESS", "success"), ("FAILURE", "fail")]
    families = max(1, n // 100)
    per_family = -(-(n - 2) // families)
    i = 0
    for f in range(families):
        for k in range(1, per_family + 1):
            if len(codes) >= n:
                break
            subject, problem = rnd.choice(_SUBJECTS), rnd.choice(_PROBLEMS)
            if i % 50 == 7:
                text = f"The {subject} {{0}} {problem}, limit {{1}}."
            else:
                text = f"The {subject} {problem}."
                if rnd.random() < 0.3:
                    text += " Please contact customer support if the problem persists."
            codes.append((f"{family_name(f)}_{k:03d}", text[0].upper() + text[1:]))
            i += 1
    return codes


def write_synthetic(n: int, path: Path) -> list[tuple[str, str]]:
    from codegen.document import format_document

    codes = synthetic_codes(n)
    text = format_document(
        "response code",
        [
            ("httpStatus", "description", SEED_STATUSES),
            ("rc", "return Code", [("0", "business success"), ("1", "business failure")]),
            ("mc", "message code", codes),
        ],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return codes


# -- 1. regeneration ------------------------------------------------------------------

# The floor of every sync: ruamel.yaml's round trip (load, then dump) of a spec.
ROUNDTRIP = (
    "import io, sys\nfrom ruamel.yaml import YAML\n"
    "y = YAML()\nwith open(sys.argv[1], encoding='utf-8') as f:\n    d = y.load(f)\n"
    "s = io.StringIO()\ny.dump(d, s)\n"
)


def mirror_repository(dest: Path) -> Path:
    """A copy of the repository's generated tree in scratch, brought up to date.

    Benchmarks sync, render and build this copy, so they can never write into the
    repository, even when someone's edits made it stale: the untimed sync here
    brings the copy up to date.
    """
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "spec").mkdir(parents=True)
    shutil.copy2(ROOT / "spec/catalog.yaml", dest / "spec/catalog.yaml")
    for folder in ("generated", "docs"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for config in ROOT.glob("mkdocs*.yml"):
        shutil.copy2(config, dest / config.name)
    run(catalog_sync(dest), child_env())
    return dest


def catalog_sync(out: Path) -> list[str]:
    """`python -m codegen --no-site` of the repository's documents (spec/source/) into `out`."""
    return [PY, "-m", "codegen", "--source", str(ROOT / "spec/source"), "--out", str(out), "--no-site"]


@dataclass
class Samples:
    """The wall times and peak RSS of repeated runs of one command."""

    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)

    def add(self, done: Finished) -> None:
        self.seconds.append(done.seconds)
        self.peak_rss_mb.append(done.peak_rss_mb if done.peak_rss_mb is not None else float("nan"))


def bench_regeneration(reps: int, big_reps: int) -> dict[int, Path]:
    section("1a. regeneration of the repository's catalog (no-op sync, --no-site)")
    env = child_env()
    mirror = mirror_repository(WORK / "catalog-mirror")  # also the warm-up: .pyc files written
    sync_cmd = catalog_sync(mirror)
    floor_cmd = [PY, "-c", "import jinja2, ruamel.yaml"]
    run(floor_cmd, env)
    sync_t, floor_t = [], []
    last = ""
    for _ in range(max(reps * 2, 5)):
        done = run(sync_cmd, env)
        sync_t.append(done.seconds)
        last = done.stdout
        floor_t.append(run(floor_cmd, env).seconds)
    s, f = median(sync_t), median(floor_t)
    ratio = s / f
    row("1a catalog `codegen --no-site` (no-op) vs `import jinja2, ruamel.yaml`",
        f"{ms(s)} vs {ms(f)} = {ratio:.2f}x", "<= 1.3x", ratio <= 1.3, "regen_catalog",
        codegen_s=s, floor_s=f, ratio=ratio, runs=len(sync_t), codegen_said=last.strip())
    if "nothing changed" not in last and not last.strip().startswith("0 written"):
        print(f"  note: the timed no-op sync said {last.strip()!r}")
    # The same with the stamp ignored: everything parsed, synced, rendered and compared,
    # against the import floor and against that floor plus ruamel's round trip of the
    # same spec (which a real re-sync cannot avoid: the spec keeps curated comments).
    roundtrip_cmd = [PY, "-c", "import jinja2\n" + ROUNDTRIP, str(mirror / "spec/catalog.yaml")]
    forced_t, floor2_t, rt_t = [], [], []
    for _ in range(max(reps * 2, 5)):
        forced_t.append(run([*sync_cmd, "--force"], env).seconds)
        floor2_t.append(run(floor_cmd, env).seconds)
        rt_t.append(run(roundtrip_cmd, env).seconds)
    fs, f2, rt = median(forced_t), median(floor2_t), median(rt_t)
    row("1a catalog `codegen --no-site --force` (full render, stamp ignored) vs the same floor",
        f"{ms(fs)} vs {ms(f2)} = {fs / f2:.2f}x", "(info)", None, "regen_catalog_forced",
        codegen_s=fs, floor_s=f2, ratio=fs / f2, runs=len(forced_t))
    row("1a   same full render vs the imports plus a bare ruamel round trip of the catalog",
        f"{ms(fs)} vs {ms(rt)} = {fs / rt:.2f}x", "(info)", None, "regen_catalog_forced_vs_roundtrip",
        codegen_s=fs, roundtrip_s=rt, ratio=fs / rt, runs=len(forced_t))

    section("1b. regeneration of synthetic catalogs (first sync, then a re-sync after a doc change)")
    outs: dict[int, Path] = {}
    per_size: dict[int, dict] = {}
    for n in SIZES:
        base = WORK / f"synth-{n}"
        shutil.rmtree(base, ignore_errors=True)
        doc = base / "doc.md"
        write_synthetic(n, doc)
        # Two kinds of sync: the first one (no spec yet: nothing to load) and a re-sync
        # after the documentation changed one description (the spec is loaded, synced
        # and dumped: the full round trip plus the work that is ours).
        runs = {"first": Samples(), "resync": Samples(), "roundtrip": Samples()}
        r = big_reps if n == SIZES[-1] else reps
        out = base / "out"
        original = doc.read_text(encoding="utf-8")
        edited = original.replace(" does not exist.", " does not exist any more.", 1)
        assert edited != original, "the synthetic document has no description to change"
        for _ in range(r):
            shutil.rmtree(out, ignore_errors=True)
            for kind, text in (("first", original), ("resync", edited)):
                doc.write_text(text, encoding="utf-8")
                cmd = [PY, "-m", "codegen", "--source", str(doc), "--out", str(out), "--no-site"]
                done = run_rss(cmd, env)
                if kind == "resync" and done.stdout.startswith("0 written"):
                    print(f"  note: the re-sync changed nothing: {done.stdout.strip()!r}")
                runs[kind].add(done)
            doc.write_text(original, encoding="utf-8")
            done = run_rss([PY, "-c", ROUNDTRIP, str(out / "spec/catalog.yaml")], env)
            runs["roundtrip"].add(done)
        outs[n] = out
        rt, rt_rss = median(runs["roundtrip"].seconds), median(runs["roundtrip"].peak_rss_mb)
        d = per_size[n] = {"ruamel_roundtrip_s": rt, "ruamel_peak_rss_mb": rt_rss, "runs": r,
                           "catalog_bytes": (out / "spec/catalog.yaml").stat().st_size}
        big = n == SIZES[-1]
        for kind, label in (("first", "first sync"), ("resync", "re-sync after a doc change")):
            s, rss = median(runs[kind].seconds), median(runs[kind].peak_rss_mb)
            d[f"{kind}_s"], d[f"{kind}_peak_rss_mb"], d[f"{kind}_ratio"] = s, rss, s / rt
            row(f"1b {n:,} codes, {label}: codegen vs bare ruamel rt load+dump",
                f"{s:.2f} s vs {rt:.2f} s = {s / rt:.2f}x",
                "<= 1.5x" if big else "(info)", (s / rt <= 1.5) if big else None,
                f"regen_{n}_{kind}_time", codegen_s=s, ruamel_roundtrip_s=rt, ratio=s / rt)
            row(f"1b {n:,} codes, {label}: codegen peak RSS (ruamel rt: {rt_rss:.0f} MB)",
                f"{rss:.0f} MB", "<= 300 MB" if big else "(info)",
                (rss <= 300) if big else None, f"regen_{n}_{kind}_rss", peak_rss_mb=rss)
    FIGURES["regen_sizes"] = per_size
    for kind, label in (("first", "first sync"), ("resync", "re-sync")):
        growth = per_size[10_000][f"{kind}_s"] / per_size[1_000][f"{kind}_s"]
        row(f"1b time growth 1,000 -> 10,000 codes, {label}", f"{growth:.1f}x", "<= 12x",
            growth <= 12, f"regen_growth_{kind}", growth=growth)
    return outs


# -- 2. import ----------------------------------------------------------------------

SEED_PAGE = ROOT / "spec/source/xt-margin-response-codes.md"
BARE = "bare_enums"  # the module of bare enums written next to each staged package

# Time around the import statement itself, and where the module came from (so a
# run that picked up another copy of xt_errors fails instead of measuring it).
IMPORT_CHILD = (
    "import time\n"
    "t = time.perf_counter()\n"
    "import {module}\n"
    "t = time.perf_counter() - t\n"
    "print(t, {module}.__file__)\n"
)

# Every enum class that `import xt_errors` creates, with its members (aliases too).
ENUMS_CHILD = r"""
import enum, json, sys
import xt_errors
found, seen = [], set()
for name, module in sorted(sys.modules.items()):
    if name != "xt_errors" and not name.startswith("xt_errors."):
        continue
    for value in list(vars(module).values()):
        if isinstance(value, enum.EnumMeta) and value.__module__ == name and id(value) not in seen:
            seen.add(id(value))
            base = "IntEnum" if issubclass(value, int) else "StrEnum" if issubclass(value, str) else "Enum"
            members = {key: member._value_ for key, member in value.__members__.items()}
            found.append({"name": value.__name__, "base": base, "members": members})
print(json.dumps(found))
"""


@dataclass(frozen=True)
class EnumSpec:
    """One enum class of a generated package, as a bare module re-creates it."""

    name: str
    base: str  # IntEnum, StrEnum or Enum
    members: dict[str, int | str]  # member name -> value, aliases included

    @property
    def codes(self) -> int:
        return len(set(self.members.values()))


@dataclass(frozen=True)
class ImportCase:
    """`import MODULE` in a plain `python -c` started in `folder` (so the folder comes first on sys.path)."""

    label: str
    module: str
    folder: Path
    staged: bool = True  # the module must load from `folder` (False for the stdlib)


@dataclass(frozen=True)
class ImportTiming:
    in_child_s: float  # median of the time around the import statement inside the child
    wall_s: float  # median wall time of the whole `python -c`, interpreter start-up included
    runs: int


def package_enums(folder: Path) -> list[EnumSpec]:
    out = run([PY, "-c", ENUMS_CHILD], plain_env(), cwd=folder).stdout
    return [EnumSpec(**found) for found in json.loads(out.strip().splitlines()[-1])]


def bare_enum_module(enums: list[EnumSpec]) -> str:
    """A module with the same enum classes and members, and nothing else: the import floor."""
    lines = ['"""Bare enums with the members of a generated xt_errors: its import-time floor."""', "",
             "from enum import Enum, IntEnum, StrEnum  # noqa: F401", ""]
    for spec in enums:
        lines += ["", f"class {spec.name}({spec.base}):"]
        lines += [f"    {name} = {value!r}" for name, value in spec.members.items()] or ["    pass"]
    return "\n".join(lines) + "\n"


def stage_package(generated: Path, folder: Path) -> list[EnumSpec]:
    """Copy `generated`/xt_errors into `folder`, write its bare enums beside it, compile both.

    compileall in a plain environment writes __pycache__ next to the sources, as
    pip install does; the check after it makes sure every module has its .pyc.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(generated / "xt_errors", folder / "xt_errors", ignore=shutil.ignore_patterns("__pycache__"))
    enums = package_enums(folder)
    if not enums:
        raise RuntimeError(f"`import xt_errors` from {generated} creates no enums")
    (folder / f"{BARE}.py").write_text(bare_enum_module(enums), encoding="utf-8")
    run([PY, "-m", "compileall", "-q", str(folder)], plain_env())
    tag = sys.implementation.cache_tag
    missing = [source for source in folder.rglob("*.py")
               if not (source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc").is_file()]
    if missing:
        raise RuntimeError(f"no .pyc for {missing[0]}")
    return enums


def time_imports(cases: list[ImportCase], runs: int) -> dict[str, ImportTiming]:
    """Each case in a fresh plain interpreter, all cases in turns each round so load changes hit all alike."""
    in_child: dict[str, list[float]] = {case.label: [] for case in cases}
    wall: dict[str, list[float]] = {case.label: [] for case in cases}
    env = plain_env()
    for round_ in range(runs + 1):  # round 0 is the warm-up (the OS's file cache), not kept
        for case in cases:
            done = run([PY, "-c", IMPORT_CHILD.format(module=case.module)], env, cwd=case.folder)
            seconds, source = done.stdout.split(maxsplit=1)
            if case.staged and not Path(source.strip()).resolve().is_relative_to(case.folder.resolve()):
                raise RuntimeError(f"{case.label}: `import {case.module}` loaded {source.strip()}")
            if round_:
                in_child[case.label].append(float(seconds))
                wall[case.label].append(done.seconds)
    return {label: ImportTiming(median(in_child[label]), median(wall[label]), runs) for label in in_child}


def ten_thousand_tree(out_10k: Path | None) -> Path:
    """The 10,000-code tree from the regeneration stage, or a fresh one when that stage did not run."""
    if out_10k is not None and (out_10k / "generated/xt_errors").is_dir():
        return out_10k
    doc = WORK / "synth-10000/doc.md"
    if not doc.is_file():
        write_synthetic(10_000, doc)
    out = WORK / "import-10k"
    shutil.rmtree(out, ignore_errors=True)
    run([PY, "-m", "codegen", "--source", str(doc), "--out", str(out), "--no-site"], child_env())
    return out


def import_row(what: str, ours: ImportTiming, floor: ImportTiming, target: str, limit: float | None,
               key: str) -> None:
    """A row of in-child import times, then an info row of the same runs' wall times."""
    ratio = ours.in_child_s / floor.in_child_s
    row(f"{what}, in-child", f"{ms(ours.in_child_s)} vs {ms(floor.in_child_s)} = {ratio:.2f}x", target,
        None if limit is None else ratio <= limit, key, ratio=ratio, ours=vars(ours), floor=vars(floor))
    row("    same, wall time of `python -c` (incl. start-up)",
        f"{ms(ours.wall_s)} vs {ms(floor.wall_s)} = {ours.wall_s / floor.wall_s:.2f}x", "(info)", None)


def bench_import(runs: int, out_10k: Path | None) -> None:
    section("2. import in a fresh plain interpreter (no PYTHON* settings; .pyc beside the sources)")
    base = WORK / "import"
    cases: list[ImportCase] = []
    counts: dict[str, str] = {}

    def stage(name: str, generated: Path) -> None:
        enums = stage_package(generated, base / name)
        counts[name] = f"{sum(spec.codes for spec in enums):,} codes"
        cases.extend([ImportCase(name, "xt_errors", base / name), ImportCase(f"{name} bare", BARE, base / name)])

    stage("catalog", ROOT / "generated")
    seed_tree = WORK / "seed-only"
    if SEED_PAGE.is_file():
        shutil.rmtree(seed_tree, ignore_errors=True)
        run([PY, "-m", "codegen", "--source", str(SEED_PAGE), "--out", str(seed_tree), "--no-site"], child_env())
        stage("seed", seed_tree / "generated")
        cases.append(ImportCase("http", "http", base, staged=False))
    stage("10k", ten_thousand_tree(out_10k) / "generated")

    timings = time_imports(cases, runs)
    FIGURES["import_members"] = counts
    import_row(f"2a catalog ({counts['catalog']}) `import xt_errors` vs bare enums of the same members",
               timings["catalog"], timings["catalog bare"], "<= 1.2x", 1.2, "import_catalog")
    if "seed" in counts:
        import_row(f"2a seed-only ({counts['seed']}) `import xt_errors` vs `import http`",
                   timings["seed"], timings["http"], "(info)", None, "import_seed_vs_http")
    else:
        na("2a seed-only `import xt_errors` vs `import http`", "(info)", f"no {SEED_PAGE.relative_to(ROOT)}",
           "import_seed_vs_http")
    import_row(f"2b 10,000-code ({counts['10k']}) `import xt_errors` vs bare enums of the same members",
               timings["10k"], timings["10k bare"], "<= 1.2x", 1.2, "import_10k")


# -- 3. checking a response -----------------------------------------------------------

CHECK_CHILD = r'''
import json, statistics, sys, timeit
import xt_errors
from xt_errors import raise_for_response
import ccxt

REPEATS = int(sys.argv[1])
bodies = {
    "success": {"rc": 0, "mc": "SUCCESS", "ma": [], "result": {"ok": 1}},
    "known AUTH_105": {"rc": 1, "mc": "AUTH_105", "ma": [], "result": None},
    "margin LEVER_ORDER_006": {"rc": 1, "mc": "LEVER_ORDER_006", "ma": [], "result": None},
    "unknown AUTH_999": {"rc": 1, "mc": "AUTH_999", "ma": [], "result": None},
}
texts = {k: json.dumps(v) for k, v in bodies.items()}
ex = ccxt.xt()

class FloorError(Exception):
    pass

class FloorAuth(FloorError):
    pass

FLOOR = {"AUTH_105": FloorAuth, "LEVER_ORDER_006": FloorAuth}

def ours(body):
    try:
        raise_for_response(200, body)
    except xt_errors.XTError:
        pass

def theirs(body, text):
    try:
        ex.handle_errors(200, "OK", "u", "GET", {}, text, body, {}, "")
    except Exception:
        pass

def floor(body):
    try:
        raise FLOOR[body["mc"]]
    except FloorError:
        pass

def raise_floor(body):
    raise FLOOR[body["mc"]]

def floor_called(body):
    # The floor raised one call deeper: what any function-shaped API pays on top
    # of the floor (a second frame and traceback entry on the way out).
    try:
        raise_floor(body)
    except FloorError:
        pass

def measure_all(fns):
    """Per-call seconds of each fn; the repeats of all fns are interleaved so load changes hit all alike."""
    timers = {k: timeit.Timer(fn) for k, fn in fns.items()}
    numbers = {k: max(t.autorange()[0], 1000) for k, t in timers.items()}
    runs = {k: [] for k in fns}
    for _ in range(REPEATS):
        for k, t in timers.items():
            runs[k].append(t.timeit(numbers[k]) / numbers[k])
    return {k: {"median_s": statistics.median(v), "best_s": min(v)} for k, v in runs.items()}

# sanity: what each one does
outcome = {}
for k, b in bodies.items():
    try:
        raise_for_response(200, b); o = "returned"
    except Exception as e:
        o = type(e).__name__
    try:
        ex.handle_errors(200, "OK", "u", "GET", {}, texts[k], b, {}, ""); c = "returned"
    except Exception as e:
        c = type(e).__name__
    outcome[k] = {"ours": o, "ccxt": c}

def harness(body):
    # The same wrapper and try/except as `ours`, around a call that does nothing:
    # the part of every per-call figure that is the harness, not the library.
    try:
        nothing(200, body)
    except Exception:
        pass

def nothing(status, body, headers=None):
    return None

fns = {"floor": lambda: floor(bodies["known AUTH_105"]),
       "floor_called": lambda: floor_called(bodies["known AUTH_105"]),
       "harness": lambda: harness(bodies["success"])}
for k in bodies:
    fns[("ours", k)] = (lambda b: lambda: ours(b))(bodies[k])
    fns[("ccxt", k)] = (lambda b, t: lambda: theirs(b, t))(bodies[k], texts[k])
measured = measure_all(fns)
result = {"outcome": outcome, "floor": measured["floor"], "floor_called": measured["floor_called"],
          "harness": measured["harness"], "repeats": REPEATS,
          "cases": {k: {"ours": measured[("ours", k)], "ccxt": measured[("ccxt", k)]} for k in bodies}}
print(json.dumps(result))
'''


def bench_check(repeats: int, processes: int) -> None:
    section(f"3. checking one parsed response (timeit, in {processes} fresh processes)")
    # One process's figures depend on its own luck (memory layout, hash seed), so
    # each figure is the median over several fresh processes of their medians.
    children = []
    for _ in range(processes):
        out = run([PY, "-c", CHECK_CHILD, str(repeats)], child_env(ROOT / "generated")).stdout
        children.append(json.loads(out.strip().splitlines()[-1]))
    FIGURES["check_raw"] = children

    def across(*path: str) -> dict[str, float]:
        """The median over the children of the figure at `path` in each child's result."""
        values = []
        for figure in children:
            for key in path:
                figure = figure[key]
            values.append(figure["median_s"])
        return {"median_s": median(values)}

    data = {
        "outcome": children[0]["outcome"],
        **{key: across(key) for key in ("floor", "floor_called", "harness")},
        "cases": {name: {side: across("cases", name, side) for side in ("ours", "ccxt")}
                  for name in children[0]["cases"]},
    }
    cases = data["cases"]
    floor = data["floor"]["median_s"]

    def us(s: float) -> str:
        return f"{s * 1e6:.2f} us"

    for name, c in cases.items():
        o, x = c["ours"]["median_s"], c["ccxt"]["median_s"]
        speed = x / o
        what = data["outcome"][name]
        label = f"3 {name}: ours ({what['ours']}) vs ccxt ({what['ccxt']})"
        if name == "success":
            row(label, f"{us(o)} vs {us(x)} = {speed:.1f}x faster", ">= 4x faster", speed >= 4,
                "check_success", ours_s=o, ccxt_s=x, speedup=speed)
            h = data["harness"]["median_s"]
            net = (x - h) / (o - h) if o > h else float("inf")
            row(f"3   success net of the harness's own call and try ({us(h)})",
                f"{us(o - h)} vs {us(x - h)} = {net:.1f}x faster", "(info)", None,
                "check_success_net", harness_s=h, speedup=net)
        elif name == "known AUTH_105":
            row(label, f"{us(o)} vs {us(x)} = {speed:.1f}x faster", ">= 4x faster", speed >= 4,
                "check_known_vs_ccxt", ours_s=o, ccxt_s=x, speedup=speed)
            # The target floor is a function that looks the code up and raises a prebuilt
            # class: the least any function-shaped API can do. The bare floor (the same
            # raise in the caller's own frame) is shown for context.
            called = data["floor_called"]["median_s"]
            r = o / called
            row("3 known AUTH_105: ours vs floor one call deeper (function: dict lookup + raise prebuilt class)",
                f"{us(o)} vs {us(called)} = {r:.2f}x", "<= 1.5x", r <= 1.5, "check_known_vs_floor_called",
                ours_s=o, floor_called_s=called, ratio=r)
            row("3   the floor in the caller's own frame, and ours vs it",
                f"{us(floor)}; one call deeper = {called / floor:.2f}x it; ours = {o / floor:.2f}x it",
                "(info)", None, "check_known_vs_floor", floor_s=floor, floor_called_ratio=called / floor,
                ours_ratio=o / floor)
        else:
            row(label, f"{us(o)} vs {us(x)} = {speed:.1f}x faster", "(info)", None, f"check_{name.split()[-1]}",
                ours_s=o, ccxt_s=x, speedup=speed)


# -- 4. site ---------------------------------------------------------------------------

# Folders of a generated tree that hold no mkdocs config of ours.
NOT_CONFIG_FOLDERS = {"site", "generated", ".codegen-cache", "__pycache__"}


@dataclass(frozen=True)
class SiteBuild:
    """One mkdocs config of a generated tree: one language of the reference site."""

    config: Path
    language: str
    site_dir: Path


def yaml_scalar(text: str, pattern: str) -> str | None:
    """A plain scalar of an mkdocs config, found by a regex (mkdocs' own loader needs its plugins)."""
    match = re.search(pattern + r"""\s*['"]?([^'"\n#]+?)['"]?\s*$""", text, re.M)
    return match.group(1) if match else None


def site_builds(out: Path) -> list[SiteBuild]:
    """Every mkdocs config codegen rendered into `out` (mkdocs.yml today; one per language once
    the site is bilingual), with its language and where it builds to."""
    configs = []
    for config in sorted(out.rglob("mkdocs*.yml")):
        relative = config.relative_to(out)
        if len(relative.parts) > 3 or NOT_CONFIG_FOLDERS & set(relative.parts[:-1]):
            continue
        text = config.read_text(encoding="utf-8")
        target = Path(yaml_scalar(text, r"^site_dir:") or "site")
        target = target if target.is_absolute() else config.parent / target
        language = (yaml_scalar(text, r"^\s+language:") or language_of(target.name)
                    or language_of(config.stem.removeprefix("mkdocs").strip(".-_"))
                    or language_of(config.parent.name) or "en")
        configs.append(SiteBuild(config, language, target))
    return sorted(configs, key=lambda build: (build.language != "en", build.language))


def language_of(name: str) -> str | None:
    """'zh' for a folder or suffix like zh, zh-CN or zh_hans; None for anything else."""
    return name.split("-")[0].split("_")[0].lower() if re.fullmatch(r"[a-z]{2}([-_][A-Za-z]+)?", name) else None


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def build_site(build: SiteBuild, reps: int) -> list[float]:
    times = []
    for _ in range(reps):
        shutil.rmtree(build.site_dir, ignore_errors=True)
        # Not -q: mkdocs 1.6 stops counting warnings under -q, and --strict with them.
        cmd = [PY, "-m", "mkdocs", "build", "--strict", "-f", str(build.config)]
        times.append(run(cmd, child_env(), cwd=build.config.parent).seconds)
    return times


def failed(error: Exception) -> str:
    return f"failed: {str(error).strip().splitlines()[-1][:80]}"


def time_languages(title: str, out: Path, reps: int, limit: float, both_limit: float | None,
                   key: str) -> list[SiteBuild]:
    """Rows for each language's `mkdocs build --strict` of `out` (and their sum); returns the builds that worked.

    A language that is not there yet (no zh config) gets "n/a (no zh build)".
    """
    builds = site_builds(out)
    if not builds:
        na(f"4 {title} `mkdocs build --strict`", f"<= {limit:g} s", "codegen rendered no mkdocs config", key)
        return []
    built, total = [], 0.0
    for build in builds:
        label = f"4 {title} `mkdocs build --strict` ({build.language})"
        try:
            seconds = median(build_site(build, reps))
        except Exception as error:  # noqa: BLE001 - report, never crash
            na(label, f"<= {limit:g} s", failed(error), f"{key}_{build.language}")
            total = float("nan")
            continue
        built.append(build)
        total += seconds
        row(label, f"{seconds:.2f} s", f"<= {limit:g} s", seconds <= limit, f"{key}_{build.language}",
            seconds=seconds, runs=reps, config=str(build.config.relative_to(out)),
            built_mb=dir_mb(build.site_dir))
    languages = [build.language for build in builds]
    if not any(language.startswith("zh") for language in languages):
        na(f"4 {title} `mkdocs build --strict` (zh)", f"<= {limit:g} s", "no zh build", f"{key}_zh")
    if both_limit is not None:
        label = f"4 {title}, every language together ({' + '.join(languages)})"
        if len(builds) < 2:
            na(f"4 {title}, both languages together", f"<= {both_limit:g} s", "no zh build", f"{key}_all")
        else:
            row(label, f"{total:.2f} s", f"<= {both_limit:g} s", None if math.isnan(total) else total <= both_limit,
                f"{key}_all", seconds=total)
    return built


def bench_site(reps: int, big_reps: int, search_reps: int) -> None:
    section("4. site (`mkdocs build --strict`, one build per language)")
    catalog = mirror_repository(WORK / "site-catalog")
    builds = site_builds(catalog)
    if builds:
        try:
            build_site(builds[0], 1)  # warm-up (.pyc of mkdocs, material, plugins)
        except Exception as error:  # noqa: BLE001 - the timed builds report it
            print(f"  warm-up build {failed(error)}")
    time_languages("catalog site", catalog, reps, 3, 6, "site_catalog")

    big = WORK / "site-10k"
    shutil.rmtree(big, ignore_errors=True)
    doc = WORK / "synth-10000/doc.md"
    if not doc.is_file():
        write_synthetic(10_000, doc)
    run([PY, "-m", "codegen", "--source", str(doc), "--out", str(big), "--no-site"], child_env())
    built = time_languages("10,000-code site", big, big_reps, 20, None, "site_10k")
    if not built:
        na("4 10,000 codes search: last keystroke -> first result", "<= 3 s", "no site", "search_10k")
        return
    site = built[0].site_dir  # English first
    index = site / "search/search_index.json"
    index_mb = index.stat().st_size / 1e6 if index.is_file() else float("nan")
    row(f"4 10,000-code site ({built[0].language}) built size / search index",
        f"{dir_mb(site):.1f} MB / {index_mb:.1f} MB", "(info)", None)

    if not os.access(CHROMIUM, os.X_OK):
        na("4 10,000 codes search: last keystroke -> first result", "<= 3 s", f"no {CHROMIUM}", "search_10k")
        return
    try:
        code = synthetic_codes(10_000)[7_777][0]
        results = search_latency(site, code, search_reps)
        s = median([r for r in results if r is not None]) if any(r is not None for r in results) else None
        if s is None:
            row("4 10,000 codes search: last keystroke -> first result", "no result within 30 s", "<= 3 s",
                False, "search_10k", code=code, runs=results)
        else:
            row(f"4 10,000 codes search '{code}': last keystroke -> first result", f"{s:.2f} s", "<= 3 s",
                s <= 3 and None not in results, "search_10k", seconds=s, code=code, runs=results,
                first_result=FIRST_RESULT[:1])
            if FIRST_RESULT:
                print(f"  first result shown: {FIRST_RESULT[0]!r}")
    except Exception as error:  # noqa: BLE001
        traceback.print_exc()
        na("4 10,000 codes search: last keystroke -> first result", "<= 3 s", failed(error), "search_10k")


FIRST_RESULT: list[str] = []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def search_latency(built: Path, code: str, reps: int) -> list[float | None]:
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(built))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    results: list[float | None] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            )
            try:
                for _ in range(reps):
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    page = context.new_page()
                    page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
                    label = page.locator("label.md-header__button[for='__search']")
                    field = page.locator(".md-search__input")
                    if field.is_visible():
                        field.click()
                    else:
                        label.first.click()
                        field.click()
                    page.keyboard.type(code)
                    start = time.perf_counter()
                    try:
                        item = page.wait_for_selector(".md-search-result__item", state="visible", timeout=30_000)
                        results.append(time.perf_counter() - start)
                        FIRST_RESULT.append(" ".join((item.inner_text() or "").split())[:100])
                    except Exception:  # noqa: BLE001 - timeout
                        results.append(None)
                    context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


# -- main ------------------------------------------------------------------------------


def machine() -> dict:
    info = {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        info["memory_gb"] = round(int(mem.group(1)) / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    return info


def print_table() -> None:
    headers = ("what", "figure", "target", "PASS/MISS")
    cells = [(r["what"], r["figure"], r["target"], r["status"]) for r in ROWS]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = lambda c: "| " + " | ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)) + " |"  # noqa: E731
    print()
    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for c in cells:
        print(line(c))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--only", choices=["regeneration", "import", "check", "site"],
                        help="run one stage and print it; results.json is left as it is")
    args = parser.parse_args()
    q = args.quick
    reps = {"regen": 2 if q else 5, "regen_big": 1 if q else 3, "import": 8 if q else 30,
            "timeit": 3 if q else 5, "timeit_processes": 2 if q else 7, "site": 1 if q else 3, "site_big": 1 if q else 2, "search": 1 if q else 3}
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / ".gitignore").write_text("*\n")
    start = time.perf_counter()
    info = machine()
    print(f"machine: {info}")
    print(f"children: {PY}. Import children run plain (no PYTHON* settings; the measured packages")
    print("are copies in scratch, compiled beside their sources); tool children use")
    print(f"PYTHONPYCACHEPREFIX={PYCACHE.relative_to(ROOT)} so they write nothing into the repository;")
    print(f"every figure is a median of repeated fresh processes; repeats: {reps}")

    outs: dict[int, Path] = {}
    stages = [
        ("regeneration", lambda: outs.update(bench_regeneration(reps["regen"], reps["regen_big"]))),
        ("import", lambda: bench_import(reps["import"], outs.get(10_000))),
        ("check", lambda: bench_check(reps["timeit"], reps["timeit_processes"])),
        ("site", lambda: bench_site(reps["site"], reps["site_big"], reps["search"])),
    ]
    if args.only:
        stages = [stage for stage in stages if stage[0] == args.only]
    errors = {}
    for name, stage in stages:
        try:
            stage()
        except Exception as error:  # noqa: BLE001 - a failing stage is reported, the rest still runs
            traceback.print_exc()
            errors[name] = str(error)[:2000]
            row(f"{name} stage", f"n/a (failed: {str(error).splitlines()[0][:80]})", "", None)

    elapsed = time.perf_counter() - start
    print_table()
    missed = [r["what"] for r in ROWS if r["status"] == "MISS"]
    print(f"\n{sum(r['status'] == 'PASS' for r in ROWS)} PASS, {len(missed)} MISS, "
          f"{sum(r['status'] == 'n/a' for r in ROWS)} n/a; took {elapsed:.0f} s")
    if args.only:
        return 0
    RESULTS.write_text(json.dumps({
        "machine": info, "quick": q, "repeats": reps, "seconds": elapsed,
        "rows": ROWS, "figures": FIGURES, "errors": errors,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }, indent=2, default=str) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - always exit 0
        traceback.print_exc()
    sys.exit(0)
