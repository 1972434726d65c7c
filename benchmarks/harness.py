"""What every stage shares: child environments, running and timing children, the rows.

A stage runs children (fresh processes of sys.executable), takes medians of
their figures and records each figure with `row()` (or `na()` when it cannot
run yet); run.py prints the rows as a table and writes them to results.json.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
CHILDREN = BENCH / "children"
WORK = BENCH / "scratch"
PYCACHE = WORK / "pycache"
PY = sys.executable
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

# Every row so far, in order, and the figures behind the rows that have a key.
ROWS: list[dict] = []
FIGURES: dict = {}


# -- running children ---------------------------------------------------------


def child(name: str) -> str:
    """The path of a child script in benchmarks/children/, to run as `PY path args`."""
    return str(CHILDREN / f"{name}.py")


def child_env(pythonpath: Path | str | None = None) -> dict[str, str]:
    """The environment of the tool children (codegen, mkdocs, ruamel, the check loop).

    PYTHONDONTWRITEBYTECODE is dropped so that compiled .pyc files are used;
    they live under benchmarks/scratch/pycache (PYTHONPYCACHEPREFIX), so no
    __pycache__ folder is ever written into the repository or the venv. Their
    figures are ratios against floors run in the same environment, or seconds;
    import times are measured in `plain_env()` instead.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")
    }
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


def run(
    cmd: list[str], env: dict[str, str], cwd: Path = ROOT, timeout: float = 600
) -> Finished:
    """Run a child and time it. Raises on a non-zero exit."""
    start = time.perf_counter()
    done = subprocess.run(
        cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return Finished(elapsed, done.stdout)


def run_rss(
    cmd: list[str], env: dict[str, str], cwd: Path = ROOT, timeout: float = 600
) -> Finished:
    """Run a child; its wall time, stdout and peak RSS."""
    if GNU_TIME:
        report = WORK / "time-v.txt"
        done = run([GNU_TIME, "-v", "-o", str(report), *cmd], env, cwd, timeout)
        match = re.search(
            r"Maximum resident set size \(kbytes\): (\d+)", report.read_text()
        )
        peak = int(match.group(1)) / 1024 if match else float("nan")
        return Finished(done.seconds, done.stdout, peak)
    # No GNU time: an intermediate process whose only child is the command.
    out = run([PY, child("rss_wrapper_child"), *cmd], env, cwd, timeout).stdout
    marker = out.strip().splitlines()[-1].split()
    if marker[3] != "0":
        raise RuntimeError(f"{cmd} exited {marker[3]}")
    return Finished(float(marker[1]), out, int(marker[2]) / 1024)


def codegen(source: Path, out: Path) -> list[str]:
    """`python -m codegen --no-site` of the documents at `source` into `out`."""
    return [
        PY,
        "-m",
        "codegen",
        "--source",
        str(source),
        "--out",
        str(out),
        "--no-site",
    ]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- the rows -----------------------------------------------------------------


def row(
    what: str,
    figure: str,
    target: str = "",
    ok: bool | None = None,
    key: str | None = None,
    **data,
) -> None:
    """Record and print one row; with a key, its figure and `data` go to results.json."""
    status = "" if ok is None else ("PASS" if ok else "MISS")
    if ok is None and target and target != "(info)":
        status = "n/a"
    ROWS.append({"what": what, "figure": figure, "target": target, "status": status})
    if key:
        FIGURES[key] = {"figure": figure, "target": target, "status": status, **data}
    print(f"  {what}: {figure}  [{target}] {status}", flush=True)


def na(what: str, target: str, why: str, key: str | None = None) -> None:
    """A row that cannot run yet, with why."""
    row(what, f"n/a ({why})", target, None, key)


def failed(error: Exception) -> str:
    """The last line of an error, short enough for a table cell."""
    return f"failed: {str(error).strip().splitlines()[-1][:80]}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.2f} us"


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def machine() -> dict:
    """What the figures were measured on, for results.json."""
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
