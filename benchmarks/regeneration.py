"""Stage "regeneration": rows 1a (the repository's catalog) and 1b (synthetic catalogs).

Every sync is held against ruamel.yaml's round trip (load, then dump) of the
spec it writes, which no sync can avoid: the spec keeps curated comments.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    FIGURES,
    PY,
    WORK,
    Finished,
    child,
    child_env,
    codegen,
    median,
    ms,
    row,
    run,
    run_rss,
    section,
)
from trees import catalog_sync, mirror_repository, write_synthetic

SIZES = (100, 1_000, 10_000)


@dataclass
class Samples:
    """The wall times and peak RSS of repeated runs of one command."""

    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)

    def add(self, done: Finished) -> None:
        self.seconds.append(done.seconds)
        rss = done.peak_rss_mb
        self.peak_rss_mb.append(rss if rss is not None else float("nan"))


def roundtrip(spec: Path, *flags: str) -> list[str]:
    """The floor: a bare ruamel.yaml round trip of `spec` in a fresh process."""
    return [PY, child("roundtrip_child"), str(spec), *flags]


def bench_regeneration(reps: int, big_reps: int) -> dict[int, Path]:
    """Rows 1a and 1b; returns the tree generated for each size (2b reuses the 10,000)."""
    bench_catalog(reps)
    return bench_sizes(reps, big_reps)


def bench_catalog(reps: int) -> None:
    section("1a. regeneration of the repository's catalog (no-op sync, --no-site)")
    env = child_env()
    # Also the warm-up: .pyc files written.
    mirror = mirror_repository(WORK / "catalog-mirror")
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
    row(
        "1a catalog `codegen --no-site` (no-op) vs `import jinja2, ruamel.yaml`",
        f"{ms(s)} vs {ms(f)} = {ratio:.2f}x",
        "<= 1.2x",
        ratio <= 1.2,
        "regen_catalog",
        codegen_s=s,
        floor_s=f,
        ratio=ratio,
        runs=len(sync_t),
        codegen_said=last.strip(),
    )
    if "nothing changed" not in last and not last.strip().startswith("0 written"):
        print(f"  note: the timed no-op sync said {last.strip()!r}")
    # The same with the stamp ignored: everything parsed, synced, rendered and compared,
    # against the import floor and against that floor plus ruamel's round trip of the
    # same spec (which a real re-sync cannot avoid: the spec keeps curated comments).
    roundtrip_cmd = roundtrip(mirror / "spec/catalog.yaml", "--with-jinja2")
    forced_t, floor2_t, rt_t = [], [], []
    for _ in range(max(reps * 2, 5)):
        forced_t.append(run([*sync_cmd, "--force"], env).seconds)
        floor2_t.append(run(floor_cmd, env).seconds)
        rt_t.append(run(roundtrip_cmd, env).seconds)
    fs, f2, rt = median(forced_t), median(floor2_t), median(rt_t)
    row(
        "1a catalog `codegen --no-site --force` (full render, stamp ignored) vs the same floor",
        f"{ms(fs)} vs {ms(f2)} = {fs / f2:.2f}x",
        "(info)",
        None,
        "regen_catalog_forced",
        codegen_s=fs,
        floor_s=f2,
        ratio=fs / f2,
        runs=len(forced_t),
    )
    row(
        "1a   same full render vs the imports plus a bare ruamel round trip of the catalog",
        f"{ms(fs)} vs {ms(rt)} = {fs / rt:.2f}x",
        "(info)",
        None,
        "regen_catalog_forced_vs_roundtrip",
        codegen_s=fs,
        roundtrip_s=rt,
        ratio=fs / rt,
        runs=len(forced_t),
    )


def bench_sizes(reps: int, big_reps: int) -> dict[int, Path]:
    section(
        "1b. regeneration of synthetic catalogs (first sync, then a re-sync after a doc change)"
    )
    env = child_env()
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
                done = run_rss(codegen(doc, out), env)
                if kind == "resync" and done.stdout.startswith("0 written"):
                    print(
                        f"  note: the re-sync changed nothing: {done.stdout.strip()!r}"
                    )
                runs[kind].add(done)
            doc.write_text(original, encoding="utf-8")
            runs["roundtrip"].add(run_rss(roundtrip(out / "spec/catalog.yaml"), env))
        outs[n] = out
        rt = median(runs["roundtrip"].seconds)
        rt_rss = median(runs["roundtrip"].peak_rss_mb)
        d = per_size[n] = {
            "ruamel_roundtrip_s": rt,
            "ruamel_peak_rss_mb": rt_rss,
            "runs": r,
            "catalog_bytes": (out / "spec/catalog.yaml").stat().st_size,
        }
        big = n == SIZES[-1]
        for kind, label in (
            ("first", "first sync"),
            ("resync", "re-sync after a doc change"),
        ):
            s, rss = median(runs[kind].seconds), median(runs[kind].peak_rss_mb)
            d[f"{kind}_s"], d[f"{kind}_peak_rss_mb"], d[f"{kind}_ratio"] = (
                s,
                rss,
                s / rt,
            )
            row(
                f"1b {n:,} codes, {label}: codegen vs bare ruamel rt load+dump",
                f"{s:.2f} s vs {rt:.2f} s = {s / rt:.2f}x",
                "<= 1.5x" if big else "(info)",
                (s / rt <= 1.5) if big else None,
                f"regen_{n}_{kind}_time",
                codegen_s=s,
                ruamel_roundtrip_s=rt,
                ratio=s / rt,
            )
            row(
                f"1b {n:,} codes, {label}: codegen peak RSS (ruamel rt: {rt_rss:.0f} MB)",
                f"{rss:.0f} MB",
                "<= 300 MB" if big else "(info)",
                (rss <= 300) if big else None,
                f"regen_{n}_{kind}_rss",
                peak_rss_mb=rss,
            )
    FIGURES["regen_sizes"] = per_size
    for kind, label in (("first", "first sync"), ("resync", "re-sync")):
        growth = per_size[10_000][f"{kind}_s"] / per_size[1_000][f"{kind}_s"]
        row(
            f"1b time growth 1,000 -> 10,000 codes, {label}",
            f"{growth:.1f}x",
            "<= 12x",
            growth <= 12,
            f"regen_growth_{kind}",
            growth=growth,
        )
    return outs
