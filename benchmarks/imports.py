"""Stage "import": rows 2a (the catalog's and the seed-only package) and 2b (10,000 codes).

Each package is a staged copy, compiled beside its sources, imported by a
plain child (no PYTHON* settings) started in its folder, against the bare
enums of the same members written beside it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from harness import (
    FIGURES,
    PY,
    ROOT,
    WORK,
    child,
    child_env,
    codegen,
    median,
    ms,
    na,
    plain_env,
    row,
    run,
    section,
)
from trees import compile_folder, copy_package, ten_thousand_doc

SEED_PAGE = ROOT / "spec/source/xt-margin-spot-access-description-errorcode.mdx"
BARE = "bare_enums"  # the module of bare enums written next to each staged package


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
    """`import MODULE` in a plain child started in `folder` (so the folder comes first on sys.path)."""

    label: str
    module: str
    folder: Path
    staged: bool = True  # the module must load from `folder` (False for the stdlib)


@dataclass(frozen=True)
class ImportTiming:
    in_child_s: float  # median of the time around the import statement inside the child
    wall_s: float  # median wall time of the whole child, interpreter start-up included
    runs: int


def package_enums(folder: Path) -> list[EnumSpec]:
    out = run([PY, child("enums_child")], plain_env(), cwd=folder).stdout
    return [EnumSpec(**found) for found in json.loads(out.strip().splitlines()[-1])]


def bare_enum_module(enums: list[EnumSpec]) -> str:
    """A module with the same enum classes and members, and nothing else: the import floor."""
    lines = [
        '"""Bare enums with the members of a generated xt_errors: its import-time floor."""',
        "",
        "from enum import Enum, IntEnum, StrEnum  # noqa: F401",
        "",
    ]
    for spec in enums:
        lines += ["", f"class {spec.name}({spec.base}):"]
        members = [f"    {name} = {value!r}" for name, value in spec.members.items()]
        lines += members or ["    pass"]
    return "\n".join(lines) + "\n"


def stage_package(generated: Path, folder: Path) -> list[EnumSpec]:
    """Copy `generated`/xt_errors into `folder`, write its bare enums beside it, compile both."""
    copy_package(generated, folder)
    enums = package_enums(folder)
    if not enums:
        raise RuntimeError(f"`import xt_errors` from {generated} creates no enums")
    (folder / f"{BARE}.py").write_text(bare_enum_module(enums), encoding="utf-8")
    compile_folder(folder)
    return enums


def time_imports(cases: list[ImportCase], runs: int) -> dict[str, ImportTiming]:
    """Each case in a fresh plain interpreter, all cases in turns each round so load changes hit all alike."""
    in_child: dict[str, list[float]] = {case.label: [] for case in cases}
    wall: dict[str, list[float]] = {case.label: [] for case in cases}
    env = plain_env()
    # Round 0 is the warm-up (the OS's file cache), not kept.
    for round_ in range(runs + 1):
        for case in cases:
            cmd = [PY, child("import_child"), case.module]
            done = run(cmd, env, cwd=case.folder)
            seconds, source = done.stdout.split(maxsplit=1)
            loaded = Path(source.strip()).resolve()
            if case.staged and not loaded.is_relative_to(case.folder.resolve()):
                raise RuntimeError(
                    f"{case.label}: `import {case.module}` loaded {loaded}"
                )
            if round_:
                in_child[case.label].append(float(seconds))
                wall[case.label].append(done.seconds)
    return {
        label: ImportTiming(median(in_child[label]), median(wall[label]), runs)
        for label in in_child
    }


def ten_thousand_tree(out_10k: Path | None) -> Path:
    """The 10,000-code tree from the regeneration stage, or a fresh one when that stage did not run."""
    if out_10k is not None and (out_10k / "generated/xt_errors").is_dir():
        return out_10k
    out = WORK / "import-10k"
    shutil.rmtree(out, ignore_errors=True)
    run(codegen(ten_thousand_doc(), out), child_env())
    return out


def import_row(
    what: str,
    ours: ImportTiming,
    floor: ImportTiming,
    target: str,
    limit: float | None,
    key: str,
) -> None:
    """A row of in-child import times, then an info row of the same runs' wall times."""
    ratio = ours.in_child_s / floor.in_child_s
    row(
        f"{what}, in-child",
        f"{ms(ours.in_child_s)} vs {ms(floor.in_child_s)} = {ratio:.2f}x",
        target,
        None if limit is None else ratio <= limit,
        key,
        ratio=ratio,
        ours=vars(ours),
        floor=vars(floor),
    )
    row(
        "    same, wall time of the child process (incl. start-up)",
        f"{ms(ours.wall_s)} vs {ms(floor.wall_s)} = {ours.wall_s / floor.wall_s:.2f}x",
        "(info)",
        None,
    )


def bench_import(runs: int, out_10k: Path | None) -> None:
    """Rows 2a and 2b; `out_10k` is the 10,000-code tree of 1b, if that stage ran."""
    section(
        "2. import in a fresh plain interpreter (no PYTHON* settings; .pyc beside the sources)"
    )
    base = WORK / "import"
    cases: list[ImportCase] = []
    counts: dict[str, str] = {}

    def stage(name: str, generated: Path) -> None:
        enums = stage_package(generated, base / name)
        counts[name] = f"{sum(spec.codes for spec in enums):,} codes"
        cases.append(ImportCase(name, "xt_errors", base / name))
        cases.append(ImportCase(f"{name} bare", BARE, base / name))

    stage("catalog", ROOT / "generated")
    seed_tree = WORK / "seed-only"
    if SEED_PAGE.is_file():
        shutil.rmtree(seed_tree, ignore_errors=True)
        run(codegen(SEED_PAGE, seed_tree), child_env())
        stage("seed", seed_tree / "generated")
        cases.append(ImportCase("http", "http", base, staged=False))
    stage("10k", ten_thousand_tree(out_10k) / "generated")

    timings = time_imports(cases, runs)
    FIGURES["import_members"] = counts
    import_row(
        f"2a catalog ({counts['catalog']}) `import xt_errors` vs bare enums of the same members",
        timings["catalog"],
        timings["catalog bare"],
        "<= 1.1x",
        1.1,
        "import_catalog",
    )
    if "seed" in counts:
        import_row(
            f"2a seed-only ({counts['seed']}) `import xt_errors` vs `import http`",
            timings["seed"],
            timings["http"],
            "(info)",
            None,
            "import_seed_vs_http",
        )
    else:
        na(
            "2a seed-only `import xt_errors` vs `import http`",
            "(info)",
            f"no {SEED_PAGE.relative_to(ROOT)}",
            "import_seed_vs_http",
        )
    import_row(
        f"2b 10,000-code ({counts['10k']}) `import xt_errors` vs bare enums of the same members",
        timings["10k"],
        timings["10k bare"],
        "<= 1.2x",
        1.2,
        "import_10k",
    )
