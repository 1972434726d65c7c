"""Stage "site": row 4, `mkdocs build --strict` of each language, and search latency.

Builds run on copies in scratch: a mirror of the repository's catalog and a
tree generated from the 10,000-code document. The search row opens the built
English site in Chromium through Playwright.
"""

from __future__ import annotations

import functools
import http.server
import math
import os
import re
import shutil
import socket
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from harness import (
    PY,
    WORK,
    child_env,
    codegen,
    failed,
    median,
    na,
    row,
    run,
    section,
)
from trees import mirror_repository, synthetic_codes, ten_thousand_doc

CHROMIUM = "/usr/bin/chromium"
# The text of the first search result each run showed, for the search row.
FIRST_RESULT: list[str] = []

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
        language = (
            yaml_scalar(text, r"^\s+language:")
            or language_of(target.name)
            or language_of(config.stem.removeprefix("mkdocs").strip(".-_"))
            or language_of(config.parent.name)
            or "en"
        )
        configs.append(SiteBuild(config, language, target))
    return sorted(configs, key=lambda build: (build.language != "en", build.language))


def language_of(name: str) -> str | None:
    """'zh' for a folder or suffix like zh, zh-CN or zh_hans; None for anything else."""
    return (
        name.split("-")[0].split("_")[0].lower()
        if re.fullmatch(r"[a-z]{2}([-_][A-Za-z]+)?", name)
        else None
    )


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def build_site(build: SiteBuild, reps: int) -> list[float]:
    # As `python -m codegen` builds it: the API reference read from the package's
    # hand-written modules, gathered untimed (codegen/run/site_build.py says why).
    # (trees.py put the repository on sys.path)
    from codegen.run.site_build import API_SOURCE, api_source

    tree = build.config.parent
    scratch = WORK / "api-source" / tree.name
    shutil.rmtree(scratch, ignore_errors=True)
    env = {**child_env(), API_SOURCE: str(api_source(tree / "generated", scratch))}
    times = []
    for _ in range(reps):
        shutil.rmtree(build.site_dir, ignore_errors=True)
        # Not -q: mkdocs 1.6 stops counting warnings under -q, and --strict with them.
        cmd = [PY, "-m", "mkdocs", "build", "--strict", "-f", str(build.config)]
        times.append(run(cmd, env, cwd=tree).seconds)
    return times


def time_languages(
    title: str, out: Path, reps: int, limit: float, both_limit: float | None, key: str
) -> list[SiteBuild]:
    """Rows for each language's `mkdocs build --strict` of `out` (and their sum); returns the builds that worked.

    A language that is not there yet (no zh config) gets "n/a (no zh build)".
    """
    builds = site_builds(out)
    if not builds:
        na(
            f"4 {title} `mkdocs build --strict`",
            f"<= {limit:g} s",
            "codegen rendered no mkdocs config",
            key,
        )
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
        row(
            label,
            f"{seconds:.2f} s",
            f"<= {limit:g} s",
            seconds <= limit,
            f"{key}_{build.language}",
            seconds=seconds,
            runs=reps,
            config=str(build.config.relative_to(out)),
            built_mb=dir_mb(build.site_dir),
        )
    languages = [build.language for build in builds]
    if not any(language.startswith("zh") for language in languages):
        na(
            f"4 {title} `mkdocs build --strict` (zh)",
            f"<= {limit:g} s",
            "no zh build",
            f"{key}_zh",
        )
    if both_limit is not None:
        label = f"4 {title}, every language together ({' + '.join(languages)})"
        if len(builds) < 2:
            na(
                f"4 {title}, both languages together",
                f"<= {both_limit:g} s",
                "no zh build",
                f"{key}_all",
            )
        else:
            row(
                label,
                f"{total:.2f} s",
                f"<= {both_limit:g} s",
                None if math.isnan(total) else total <= both_limit,
                f"{key}_all",
                seconds=total,
            )
    return built


def bench_site(reps: int, big_reps: int, search_reps: int) -> None:
    """Row 4: the catalog's site, the 10,000-code site, and search in the latter."""
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
    run(codegen(ten_thousand_doc(), big), child_env())
    built = time_languages("10,000-code site", big, big_reps, 20, None, "site_10k")
    if not built:
        na(
            "4 10,000 codes search: last keystroke -> first result",
            "<= 3 s",
            "no site",
            "search_10k",
        )
        return
    site = built[0].site_dir  # English first
    index = site / "search/search_index.json"
    index_mb = index.stat().st_size / 1e6 if index.is_file() else float("nan")
    row(
        f"4 10,000-code site ({built[0].language}) built size / search index",
        f"{dir_mb(site):.1f} MB / {index_mb:.1f} MB",
        "(info)",
        None,
    )

    if not os.access(CHROMIUM, os.X_OK):
        na(
            "4 10,000 codes search: last keystroke -> first result",
            "<= 3 s",
            f"no {CHROMIUM}",
            "search_10k",
        )
        return
    try:
        code = synthetic_codes(10_000)[7_777][0]
        results = search_latency(site, code, search_reps)
        s = (
            median([r for r in results if r is not None])
            if any(r is not None for r in results)
            else None
        )
        if s is None:
            row(
                "4 10,000 codes search: last keystroke -> first result",
                "no result within 30 s",
                "<= 3 s",
                False,
                "search_10k",
                code=code,
                runs=results,
            )
        else:
            row(
                f"4 10,000 codes search '{code}': last keystroke -> first result",
                f"{s:.2f} s",
                "<= 3 s",
                s <= 3 and None not in results,
                "search_10k",
                seconds=s,
                code=code,
                runs=results,
                first_result=FIRST_RESULT[:1],
            )
            if FIRST_RESULT:
                print(f"  first result shown: {FIRST_RESULT[0]!r}")
    except Exception as error:  # noqa: BLE001
        traceback.print_exc()
        na(
            "4 10,000 codes search: last keystroke -> first result",
            "<= 3 s",
            failed(error),
            "search_10k",
        )


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
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                ],
            )
            try:
                for _ in range(reps):
                    context = browser.new_context(
                        viewport={"width": 1400, "height": 900}
                    )
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
                        item = page.wait_for_selector(
                            ".md-search-result__item", state="visible", timeout=30_000
                        )
                        results.append(time.perf_counter() - start)
                        FIRST_RESULT.append(
                            " ".join((item.inner_text() or "").split())[:100]
                        )
                    except Exception:  # noqa: BLE001 - timeout
                        results.append(None)
                    context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results
