"""Stage 6, releases users can pin: the version a change needs, the records, the changelog.

`spec/releases/VERSION.json` records, for each release, every public fact of
the catalog it published (record.py). Each run compares the catalog with the
records (compare.py, fact by fact: what is major, minor and patch, and why;
the classes in classes.py, the findings in diff.py)
and works out the least version it can be published as (bump.py, for any
version PEP 440 allows: pep440.py). The version pyproject.toml declares
(pyproject.py) must reach it: `python -m codegen --check` fails, with one
`pyproject.toml:LINE` line saying why, when it does not. `python -m codegen
--release` records the catalog as the release of that version, and refuses,
with the same line, a version the catalog does not allow, one not above the
last release, and a local version (`+label`, not for publishing). CHANGELOG.md
is rendered from the records (changelog.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from codegen import model
from codegen.errors import SourceError
from codegen.render.releases import bump, pyproject, record
from codegen.render.releases.changelog import CHANGELOG, changelog

__all__ = ["VersionStatus", "Versions", "package_version", "release_inputs", "versions"]


@dataclass(frozen=True, kw_only=True)
class VersionStatus:
    """The package's version, and whether the catalog can be published as it."""

    version: str | None  # pyproject.toml's, as written
    problem: (
        str | None
    )  # why not, in one line; None when it can (or no release to compare)
    line: int  # of `version` in pyproject.toml


@dataclass(frozen=True, kw_only=True)
class Versions:
    """What a run's catalog means for releases: the files it writes (the
    changelog, and the record of a release it makes) and the version status."""

    files: dict[str, str]
    version: VersionStatus


def versions(root: Path, catalog: model.Catalog, release: bool) -> Versions:
    """The version status of the catalog against the records, the changelog,
    and with `release` the record of the catalog as the release of the version
    in pyproject.toml. A malformed record stops the run (SourceError)."""
    declared = pyproject.declared(root)
    recorded = record.read(root)
    current = record.api(catalog)
    problem = None
    if declared is not None:
        problem = bump.problem(declared.version, recorded, current)
    files = {}
    if release:
        made = _release(declared, recorded, current, problem)
        files[record.file_name(made.version)] = record.text(made)
        recorded = [*recorded, made]
    if recorded or declared is not None:
        pending = declared.version if declared is not None else None
        files[CHANGELOG] = changelog(recorded, current, pending)
    status = VersionStatus(
        version=declared.text if declared is not None else None,
        problem=problem,
        line=declared.line if declared is not None else 1,
    )
    return Versions(files=files, version=status)


def _release(
    declared: pyproject.Declared | None,
    recorded: list[record.Release],
    current: record.API,
    problem: str | None,
) -> record.Release:
    """The catalog as the release of the declared version, dated today; refused,
    naming pyproject.toml's line, unless the version can publish it."""
    if declared is None:
        raise SourceError(pyproject.PYPROJECT, 1, "no version to release")
    version = declared.version
    if any(previous.version == version for previous in recorded):
        raise declared.error(f"version {version} is released already: set a new one")
    if problem is not None:
        raise declared.error(problem)
    if version.local:
        raise declared.error(
            f"version {version} is a local version (+{'.'.join(version.local)}), "
            "which no package index publishes: release its public version"
        )
    today = datetime.date.today().isoformat()
    return record.Release(
        version=version, date=today, api=current, file=record.file_name(version)
    )


def package_version(root: Path) -> str | None:
    """The version pyproject.toml gives the package, as written, when the tree has
    one; one PEP 440 does not allow stops the run with its `pyproject.toml:LINE`."""
    declared = pyproject.declared(root)
    return declared.text if declared is not None else None
