"""The stages of a run, in their order: XT's pages -> the spec -> the catalog -> the package and the site.

`generate` is the whole pipeline in memory; `python -m codegen` (codegen/__main__.py)
wraps it with locking, staging, the import check and the site build, and tests
call it directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from codegen import model, releases
from codegen.errors import SourceError, SourceErrors, Stops

if TYPE_CHECKING:
    from codegen import document

SOURCE_DIR = "spec/source"
SPEC_FILE = "spec/catalog.yaml"
HISTORY_DIR = "spec/history"
DOCUMENT_SUFFIXES = (".md", ".txt")


@dataclass(frozen=True)
class Version:
    """The package's version, and the least one the catalog's changes need."""

    version: str | None  # pyproject.toml's
    needs: str | None  # None: no release recorded yet to compare with
    diff: releases.Diff | None
    line: int  # of `version` in pyproject.toml

    @property
    def problem(self) -> str | None:
        """Why the version is too low, in one line; None when it is high enough."""
        if self.version is None or self.needs is None or self.diff is None:
            return None
        if releases.parse(self.version) >= releases.parse(self.needs):
            return None
        why = "; ".join(self.diff.reasons[:3])
        return (
            f"version {self.version} is lower than this catalog needs: {self.needs} "
            f"(a {self.diff.level} change: {why})"
        )


@dataclass(frozen=True)
class Generation:
    """What a run renders, in memory, before anything is written."""

    files: dict[str, str]  # relative path -> content
    report: list[str]  # what the sync changed, e.g. "added AUTH_107 (spot)"
    catalog: model.Catalog
    places: dict[str, model.Place]  # where each Python name of the spec was asked for
    spec_place: model.Place  # where to point when nothing more precise is known
    version: Version


def generate(
    documents: list[Path],
    root: Path,
    history_folder: Path | None = None,
    release: bool = False,
) -> Generation:
    """Every generated file, rendered in memory, the sync report, and what the import check needs.

    With `history_folder`, the past revisions of XT's pages are replayed
    into the spec too (see codegen/history.py); with `release`, the catalog is
    recorded as the release of the version in pyproject.toml (see
    codegen/releases.py).
    """
    # Imported here: a run that the stamp finds up to date never needs them.
    from codegen import (
        catalog,
        document,
        history,
        package,
        site,
        spec,
        sync,
        sync_history,
    )

    pages = _read(documents)  # 1. read
    spec_path = root / SPEC_FILE
    spec_shown = shown(spec_path)
    if spec_path.exists():
        tree = spec.load(document.read_utf8(spec_path, spec_shown), spec_shown)
    else:
        tree = spec.new_spec()
    # 2-3. pair, route and merge the pages; refresh the spec's documentation fields
    synced = sync.sync(tree, pages, spec_shown, package.own_names())
    report = synced.report
    del pages  # the spec holds what they say now
    if (
        history_folder is not None
    ):  # 3b. XT's record: when each code came, changed and went
        histories = history.replay(
            history_folder,
            shown(history_folder),
            sync_history.history_pages(tree),
            sync.routes(tree),
            (sync.errata(tree), sync.errata(tree, "history_errata")),
            sync_history.history_repairs(tree),
            spec_shown,
        )
        sync_history.apply_history(tree, histories, report)
    # Dumping the round-trip tree takes the run's peak memory (benchmark row 1b,
    # peak RSS): dump it while little else is alive, and let it go before rendering.
    files = {SPEC_FILE: spec.dump(tree, [path.name for path in documents])}
    uncurated = sync.to_curate(tree, spec_shown)
    report += [error.message for error in uncurated]
    if release and uncurated:
        raise SourceErrors(uncurated)  # a release publishes names: curate them first
    version = package_version(root)
    # 4. check the whole, freeze it
    built, places = catalog.build(
        tree, spec_shown, synced.places, package.own_names(), version
    )
    del tree
    files.update(package.render_package(built))  # 5. render
    files.update(site.render_site(built))
    # 6. the version this catalog needs, and the changelog
    recorded = releases.read(root)
    current = releases.api(built)
    needs, diff = releases.needed(recorded, current)
    if release:
        if version is None:
            raise SourceError(
                shown(root / "pyproject.toml"), 1, "no version to release"
            )
        if any(previous.version == version for previous in recorded):
            raise SourceError(
                shown(root / "pyproject.toml"),
                _version_line(root),
                f"version {version} is released already: set a new one",
            )
        today = datetime.date.today().isoformat()
        made = releases.Release(version, today, current)
        files[f"{releases.RELEASES_DIR}/{version}.json"] = releases.record(made)
        recorded = [*recorded, made]
    if recorded or version is not None:
        files[releases.CHANGELOG] = releases.changelog(recorded, current, version)
    status = Version(version, needs, diff, _version_line(root))
    return Generation(files, report, built, places, model.Place(spec_shown, 1), status)


def _read(documents: list[Path]) -> list[document.Page]:
    """Every page, or the first mistake of each page that has one, all at once."""
    from codegen import document

    stops = Stops()
    pages = []
    for path in documents:
        with stops.unit(path.name):
            pages.append(document.read_page(path, shown(path)))
    stops.raise_any()
    return pages


def release_inputs(root: Path) -> list[Path]:
    """The files besides the pages a run reads: pyproject.toml and the release records."""
    records = sorted((root / releases.RELEASES_DIR).glob("*.json"))
    return [root / "pyproject.toml", *records]


def _version_line(root: Path) -> int:
    try:
        lines = (root / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith("version")), 1)


def package_version(root: Path) -> str | None:
    """The version pyproject.toml gives the package, when the tree has one."""
    import tomllib

    path = root / "pyproject.toml"
    try:
        with path.open("rb") as file:
            version = tomllib.load(file).get("project", {}).get("version")
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SourceError(
            shown(path), 1, f"cannot read the package's version: {error}"
        ) from None
    return str(version) if version is not None else None


def documents(source: Path) -> list[Path]:
    """The pages a run reads: `source` itself, or the *.md and *.txt files of a folder."""
    where = shown(source)
    if source.is_dir():
        found = sorted(
            path
            for path in source.iterdir()
            if path.suffix in DOCUMENT_SUFFIXES and path.is_file()
        )
        if not found:
            raise SourceError(where, 1, "no documents (*.md, *.txt) in this folder")
        return found
    if not source.exists():
        raise SourceError(where, 1, "no such file or folder")
    return [source]


def shown(path: Path) -> str:
    """A path as the user gave it, or relative to the working folder when inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
