"""The least version a catalog can be published as, after the releases recorded.

Semantic Versioning read over PEP 440 versions: MAJOR, MINOR and PATCH are the
first three numbers of the release (a missing one is 0, so 1.2 is 1.2.0; a
fourth number and more count below PATCH). A change of a level needs the next
version of that level after the last **final** release (a post-release is
final; a pre-release or a developmental release is not): 1.3.0 for an addition
after 1.2.0 or 1.2.0.post1.

A version is high enough when its release reaches that one: a pre-release of
it (1.3.0rc1, 1.3.0.dev2) qualifies, as PEP 440 means them to lead to it. So
after 1.3.0rc1 the next version is measured from 1.2.0 again: pre-releases
promise nothing to each other (1.3.0rc2 may take back what 1.3.0rc1 added),
while the step from the last final release must still be big enough (a
removal after 1.3.0rc1 needs 2.0.0, or 2.0.0rc1). Whatever the change, a new
version must be above the last release; the same version again is right only
while nothing changed since it was released. Before any final release there
is nothing to keep compatible with.
"""

from __future__ import annotations

from codegen.render.releases import pep440
from codegen.render.releases.compare import compare
from codegen.render.releases.diff import Diff
from codegen.render.releases.record import API, Release


def bumped(version: pep440.Version, level: str) -> pep440.Version:
    """The least final version after `version` that a change of `level` needs
    (`version` itself for no change)."""
    major, minor, patch = (*version.release, 0, 0)[:3]
    release = {
        "major": (major + 1, 0, 0),
        "minor": (major, minor + 1, 0),
        "patch": (major, minor, patch + 1),
    }.get(level)
    if release is None:
        return version
    return pep440.Version(
        epoch=version.epoch, release=release, pre=None, post=None, dev=None, local=()
    )


def last_final(releases: list[Release]) -> Release | None:
    """The last final release: what compatibility is measured from."""
    return next((r for r in reversed(releases) if r.version.final), None)


def problem(
    version: pep440.Version, releases: list[Release], current: API
) -> str | None:
    """Why `version` cannot publish the catalog `current`, in one line; None when it can."""
    if not releases:
        return None
    last = releases[-1]
    if version < last.version:
        return f"version {version} is below the last release, {last.version}: set a version above it"
    final = last_final(releases)
    if version == last.version:
        since = compare(last.api, current)
        if since.level == "none":
            return None
        least = bumped(last.version, since.level) if final is last else None
        needs = f": set a new one, at least {least}" if least else ": set a new one"
        return (
            f"version {version} is released already, and the catalog changed since "
            f"(a {since.level} change: {_why(since)}){needs}"
        )
    if final is None:
        return None
    diff = compare(final.api, current)
    least = bumped(final.version, diff.level)
    if version.base >= least.base:
        return None
    after = f" since {final.version}" if final is not last else ""
    return (
        f"version {version} is lower than this catalog needs: {least} "
        f"(a {diff.level} change{after}: {_why(diff)})"
    )


def _why(diff: Diff) -> str:
    return "; ".join(diff.reasons[:3]) + ("; ..." if len(diff.reasons) > 3 else "")
