"""Stage 6, releases users can pin: the version a change needs, and the changelog.

`spec/releases/VERSION.json` records, for each release, the public API of the
catalog it published (`api`): every class with its bases, every enum member
with its value, the earlier names kept as aliases, the retired codes, and each
code's texts. The catalog of a run is compared with the last release:

- a class, a member or an alias removed, a class re-parented (its bases
  changed) or a member's value changed breaks `except` clauses: **major**;
- a new code, class, member or alias, or a code newly retired: **minor**;
- texts, hints and kinds that leave every class as it was: **patch**.

The version in pyproject.toml must be at least what the change needs
(`python -m codegen --check` fails, one line saying why). `python -m codegen
--release` records the catalog as the release of that version, and
CHANGELOG.md (Keep a Changelog) is rendered from the records: one section
per release, what it added, changed, renamed and retired, and why its
version moved as it did.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen import model
from codegen.errors import SourceError, shown

RELEASES_DIR = "spec/releases"
CHANGELOG = "CHANGELOG.md"
LEVELS = ("none", "patch", "minor", "major")
API = dict[str, Any]  # JSON: classes, members, aliases, retired, texts


@dataclass(frozen=True, kw_only=True)
class Version:
    """The package's version, and the least one the catalog's changes need."""

    version: str | None  # pyproject.toml's
    needs: str | None  # None: no release recorded yet to compare with
    diff: Diff | None
    line: int  # of `version` in pyproject.toml

    @property
    def problem(self) -> str | None:
        """Why the version is too low, in one line; None when it is high enough."""
        if self.version is None or self.needs is None or self.diff is None:
            return None
        if parse(self.version) >= parse(self.needs):
            return None
        why = "; ".join(self.diff.reasons[:3])
        return (
            f"version {self.version} is lower than this catalog needs: {self.needs} "
            f"(a {self.diff.level} change: {why})"
        )


@dataclass(frozen=True, kw_only=True)
class Versions:
    """What a run's catalog means for releases: the files it writes (the
    changelog, and the record of a release it makes) and the version status."""

    files: dict[str, str]
    version: Version


def versions(root: Path, catalog: model.Catalog, release: bool) -> Versions:
    """The version the catalog needs against the last release, the changelog,
    and with `release` the record of the catalog as the release of the version
    in pyproject.toml (one it has not released yet)."""
    version = catalog.version
    recorded = read(root)
    current = api(catalog)
    needs, diff = needed(recorded, current)
    files = {}
    if release:
        made = _release(root, version, recorded, current)
        files[f"{RELEASES_DIR}/{made.version}.json"] = record(made)
        recorded = [*recorded, made]
    if recorded or version is not None:
        files[CHANGELOG] = changelog(recorded, current, version)
    status = Version(version=version, needs=needs, diff=diff, line=version_line(root))
    return Versions(files=files, version=status)


def _release(
    root: Path, version: str | None, recorded: list[Release], current: API
) -> Release:
    """The catalog as the release of `version`, dated today."""
    pyproject = shown(root / "pyproject.toml")
    if version is None:
        raise SourceError(pyproject, 1, "no version to release")
    if any(previous.version == version for previous in recorded):
        raise SourceError(
            pyproject,
            version_line(root),
            f"version {version} is released already: set a new one",
        )
    today = datetime.date.today().isoformat()
    return Release(version=version, date=today, api=current)


def release_inputs(root: Path) -> list[Path]:
    """The files besides the pages a run reads: pyproject.toml and the release records."""
    records = sorted((root / RELEASES_DIR).glob("*.json"))
    return [root / "pyproject.toml", *records]


def version_line(root: Path) -> int:
    """The line of `version` in pyproject.toml, for messages."""
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
            shown(path),
            1,
            f"cannot read the package's version: {error}",
        ) from None
    return str(version) if version is not None else None


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    api: API


@dataclass(frozen=True, kw_only=True)
class Diff:
    """What changed between two catalogs' public APIs, and the bump it needs."""

    level: str  # one of LEVELS
    reasons: tuple[str, ...]  # why, the weightiest first
    added: tuple[str, ...]  # "MessageCode.AUTH_107 (spot)"
    changed: tuple[str, ...]  # "MessageCode.AUTH_001 (en): 'old' -> 'new'"
    renamed: tuple[str, ...]  # "OldError -> NewError (still importable)"
    retired: tuple[str, ...]
    removed: tuple[str, ...]  # what breaks


def api(catalog: model.Catalog) -> API:
    """The public API of a catalog, as a release records it."""
    members: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    retired = []
    for table in catalog.tables:
        members[table.enum] = {code.name: code.code for code in table.codes}
        for code in table.codes:
            member = f"{table.enum}.{code.name}"
            texts[member] = {
                "en": code.description,
                "zh": code.description_zh,
                "products": list(code.products),
                "class": code.exception,
                "kind": code.kind,
                "hint": code.hint,
            }
            if code.retired:
                retired.append(member)
    return {
        "classes": {cls.name: list(cls.bases) for cls in catalog.classes},
        "members": members,
        "aliases": {alias: cls.name for alias, cls in sorted(catalog.aliases.items())},
        "retired": {"codes": retired},
        "texts": texts,
    }


def read(root: Path) -> list[Release]:
    """The releases recorded in the tree, oldest first."""
    folder = root / RELEASES_DIR
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        shown = f"{RELEASES_DIR}/{path.name}"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                Release(
                    version=str(record["version"]),
                    date=str(record["date"]),
                    api=record["api"],
                )
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise SourceError(shown, 1, f"not a release record: {error}") from None
    return sorted(found, key=lambda release: parse(release.version))


def record(release: Release) -> str:
    """The text of a release's record file."""
    data = {"version": release.version, "date": release.date, "api": release.api}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"  # in catalog order


def parse(version: str) -> tuple[int, int, int]:
    found = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if found is None:
        raise ValueError(f"{version!r} is not a version MAJOR.MINOR.PATCH")
    major, minor, patch = found.groups()
    return int(major), int(minor), int(patch)


def bumped(version: str, level: str) -> str:
    """The least version after `version` that a change of `level` needs."""
    major, minor, patch = parse(version)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def compare(old: API, new: API) -> Diff:
    """What moving from the API `old` to `new` changes, and the bump it needs."""
    major: list[str] = []
    minor: list[str] = []
    patch: list[str] = []
    old_classes, new_classes = _dict(old, "classes"), _dict(new, "classes")
    new_aliases, old_aliases = _dict(new, "aliases"), _dict(old, "aliases")
    renamed = []
    for name, bases in old_classes.items():
        now = name if name in new_classes else new_aliases.get(name)
        if now is None:
            major.append(f"class {name} removed")
        elif now != name:
            renamed.append(f"{name} -> {now} (the old name still imports)")
            if set(new_classes[str(now)]) != set(bases):
                major.append(
                    f"class {name}, now {now}, re-parented: {_bases(bases)} -> {_bases(new_classes[str(now)])}"
                )
        elif set(new_classes[name]) != set(bases):
            major.append(
                f"class {name} re-parented: {_bases(bases)} -> {_bases(new_classes[name])}"
            )
    for alias in old_aliases:
        if alias not in new_aliases and alias not in new_classes:
            major.append(f"alias {alias} removed")
    added = []
    old_texts, new_texts = _dict(old, "texts"), _dict(new, "texts")
    for enum, members in _dict(new, "members").items():
        before = _dict(old, "members").get(enum, {})
        for name, value in members.items():
            member = f"{enum}.{name}"
            if name not in before:
                products = ", ".join(new_texts.get(member, {}).get("products", ()))
                added.append(f"{member} ({products})" if products else member)
            elif before[name] != value:
                major.append(f"{member} now stands for {value!r}, not {before[name]!r}")
    for enum, members in _dict(old, "members").items():
        now_members = _dict(new, "members").get(enum, {})
        for name in members:
            if name not in now_members:
                major.append(f"member {enum}.{name} removed")
    if added:
        minor.append(f"{len(added)} new code{'s' if len(added) != 1 else ''}")
    new_class_names = [
        name
        for name in new_classes
        if name not in old_classes and name not in old_aliases
    ]
    if new_class_names:
        minor.append(
            f"{len(new_class_names)} new class{'es' if len(new_class_names) != 1 else ''}"
        )
    new_alias_names = [alias for alias in new_aliases if alias not in old_aliases]
    if new_alias_names:
        minor.append(f"{len(new_alias_names)} classes renamed, the old names kept")
    old_retired = set(_dict(old, "retired").get("codes", ()))
    retired = [
        code
        for code in _dict(new, "retired").get("codes", ())
        if code not in old_retired
    ]
    if retired:
        minor.append(f"{len(retired)} code{'s' if len(retired) != 1 else ''} retired")
    changed = []
    for member, now in new_texts.items():
        was = old_texts.get(member)
        if was is None:
            continue
        for field in ("en", "zh", "kind", "hint"):
            if field in was and was.get(field) != now.get(
                field
            ):  # older records lack hints
                changed.append(
                    f"{member} ({field}): {was.get(field)!r} -> {now.get(field)!r}"
                )
    if changed:
        patch.append(f"{len(changed)} texts, kinds or hints changed")
    level = "major" if major else "minor" if minor else "patch" if patch else "none"
    return Diff(
        level=level,
        reasons=tuple(major + minor + patch),
        added=tuple(added),
        changed=tuple(changed),
        renamed=tuple(renamed),
        retired=tuple(retired),
        removed=tuple(major),
    )


def _dict(api_: API, key: str) -> dict[str, Any]:
    return dict(api_.get(key) or {})


def _bases(bases: object) -> str:
    return (
        ", ".join(str(base) for base in bases)
        if isinstance(bases, list)
        else str(bases)
    )


def needed(releases: list[Release], current: API) -> tuple[str | None, Diff | None]:
    """The least version the catalog can be published as, and the diff that says why."""
    if not releases:
        return None, None
    last = releases[-1]
    diff = compare(last.api, current)
    return bumped(last.version, diff.level), diff


def changelog(releases: list[Release], current: API, version: str | None) -> str:
    """CHANGELOG.md: the version in pyproject.toml when it is not released yet, then each release."""
    lines = [
        "# Changelog",
        "",
        "Generated by `python -m codegen` from the release records in spec/releases/; do not edit.",
        "The format follows Keep a Changelog (https://keepachangelog.com/en/1.1.0/); versions follow",
        "Semantic Versioning as the catalog's public API defines it (see codegen/render/releases.py).",
        "",
    ]
    pending = version is not None and (
        not releases or parse(version) > parse(releases[-1].version)
    )
    if pending and version is not None and releases:
        lines += _section(version, "Unreleased", compare(releases[-1].api, current))
    for index in range(len(releases) - 1, -1, -1):
        release = releases[index]
        if index == 0:
            lines += [
                f"## [{release.version}] - {release.date}",
                "",
                "The first release.",
                "",
            ]
        else:
            lines += _section(
                release.version,
                release.date,
                compare(releases[index - 1].api, release.api),
            )
    return "\n".join(lines).rstrip() + "\n"


def _section(version: str, date: str, diff: Diff) -> list[str]:
    lines = [f"## [{version}] - {date}", ""]
    why = "; ".join(diff.reasons[:6]) + ("; ..." if len(diff.reasons) > 6 else "")
    lines += [
        f"A {diff.level} release: {why or 'nothing in the public API changed'}.",
        "",
    ]
    for title, items in (
        ("Added", diff.added),
        ("Changed", diff.changed),
        ("Renamed", diff.renamed),
        ("Retired", diff.retired),
        ("Removed or re-parented", diff.removed),
    ):
        if items:
            lines += [f"### {title}", "", *(f"- {item}" for item in items), ""]
    return lines
