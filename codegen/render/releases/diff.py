"""The findings of a comparison of two release records, and the bump they need.

Each difference compare.py finds is a Finding: its level, the changelog's
section that lists it, its line there, and what it counts as in the summary.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("none", "patch", "minor", "major")
# The changelog's sections, in its order: what each lists.
BREAKING, ADDED, RENAMED, RETIRED, LINKS, CHANGED = (
    "Breaking",
    "Added",
    "Renamed",
    "Retired",
    "Links",
    "Changed",
)
SECTIONS = (BREAKING, ADDED, RENAMED, RETIRED, LINKS, CHANGED)


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One difference: its level, the changelog section and line that list it,
    and, for a minor or patch one, what it counts as in the summary
    ("new code|new codes"); each major one is a reason of its own."""

    level: str
    section: str  # "" for one the changelog leaves out (a new code's own class)
    item: str
    counted: str = ""


@dataclass(frozen=True)
class Diff:
    """What changed between two APIs, and the bump it needs."""

    findings: tuple[Finding, ...]

    @property
    def level(self) -> str:
        return max((f.level for f in self.findings), key=LEVELS.index, default="none")

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why, the weightiest first: each major finding, then the others counted."""
        major = [f.item for f in self.findings if f.level == "major"]
        counts: dict[tuple[str, str], int] = {}
        for level in ("minor", "patch"):
            for finding in self.findings:
                if finding.level == level and finding.counted:
                    key = (level, finding.counted)
                    counts[key] = counts.get(key, 0) + 1
        counted = []
        for (_, words), count in counts.items():
            one, many = words.split("|")
            counted.append(f"{count} {one if count == 1 else many}")
        return (*major, *counted)

    def items(self, section: str) -> list[str]:
        return [f.item for f in self.findings if f.section == section]
