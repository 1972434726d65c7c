"""Version strings as PEP 440 reads them: parsed, normalised and ordered.

Every spelling PEP 440 accepts is read (`v1.0`, `1.0-RC1`, `1.0.post`, `1!2.0`,
`1.0+local.7`) and shown in its normal form (`1.0rc1`, `1.0.post0`). The order
is PEP 440's: `1.0.dev1 < 1.0a1 < 1.0rc1.post1 < 1.0 < 1.0+local < 1.0.post1`,
and trailing zeros of the release do not count (`1.0 == 1.0.0`).

The generator depends on no package for this: the grammar is small, and this
module is tested against PEP 440's examples and, where it is installed,
against `packaging`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# The pre-release spellings PEP 440 accepts, each with its normal form.
_PRE = {"a": "a", "alpha": "a", "b": "b", "beta": "b"}
_PRE |= {"rc": "rc", "c": "rc", "pre": "rc", "preview": "rc"}
_SEP = r"[-_.]?"  # PEP 440 allows one of these between the parts, or none
_GRAMMAR = re.compile(
    rf"""
    v?
    (?:(?P<epoch>\d+)!)?
    (?P<release>\d+(?:\.\d+)*)
    (?:{_SEP}(?P<pre>alpha|beta|preview|pre|rc|a|b|c){_SEP}(?P<pre_n>\d+)?)?
    (?:-(?P<post_implicit>\d+)|{_SEP}(?:post|rev|r){_SEP}(?P<post_n>\d+)?(?P<post>))?
    (?:{_SEP}dev{_SEP}(?P<dev_n>\d+)?(?P<dev>))?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)
_PRE_ORDER = {"a": 0, "b": 1, "rc": 2}


@functools.total_ordering
@dataclass(frozen=True, eq=False, kw_only=True)
class Version:
    """One version, as PEP 440 defines its parts."""

    epoch: int
    release: tuple[int, ...]
    pre: tuple[str, int] | None  # ("a" | "b" | "rc", number)
    post: int | None
    dev: int | None
    local: tuple[str, ...]  # lower case, e.g. ("ubuntu", "1")

    def __str__(self) -> str:
        """The normal form: `1!2.0rc1.post2.dev3+local.1`."""
        text = f"{self.epoch}!" if self.epoch else ""
        text += ".".join(map(str, self.release))
        if self.pre is not None:
            text += f"{self.pre[0]}{self.pre[1]}"
        if self.post is not None:
            text += f".post{self.post}"
        if self.dev is not None:
            text += f".dev{self.dev}"
        return text + ("+" + ".".join(self.local) if self.local else "")

    @property
    def final(self) -> bool:
        """Neither a pre-release nor a developmental release (a post-release is final)."""
        return self.pre is None and self.dev is None

    @property
    def base(self) -> tuple[int, tuple[int, ...]]:
        """The epoch and the release, without trailing zeros: what a bump moves."""
        return self.epoch, _significant(self.release)

    def _key(self) -> tuple[object, ...]:
        # A missing part sorts where PEP 440 puts it: a bare dev release before
        # every pre-release of its release, no pre-release after all of them, no
        # post-release first, no dev release last, no local label first.
        if self.pre is not None:
            pre: tuple[int, int] = (_PRE_ORDER[self.pre[0]], self.pre[1])
        elif self.dev is not None and self.post is None:
            pre = (-1, 0)
        else:
            pre = (3, 0)
        post = -1 if self.post is None else self.post
        dev = float("inf") if self.dev is None else self.dev
        local = tuple(
            (1, int(part), "") if part.isdigit() else (0, 0, part)
            for part in self.local
        )
        return self.base, pre, post, dev, local

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key() == other._key()

    def __lt__(self, other: Version) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())


def parse(text: str) -> Version:
    """`text` as a Version; ValueError, saying what PEP 440 expects, if it is none."""
    found = _GRAMMAR.fullmatch(text.strip())
    if found is None:
        raise ValueError(
            f"{text!r} is not a version PEP 440 allows "
            "(e.g. 1.2.0, 1.2, 1.2.0rc1, 1.2.0.post1, 1.2.0.dev1, 1!1.0, 1.2.0+local)"
        )
    part = found.group
    post = part("post_implicit") or part("post_n")
    return Version(
        epoch=int(part("epoch") or 0),
        release=tuple(int(number) for number in part("release").split(".")),
        pre=(
            (_PRE[part("pre").lower()], int(part("pre_n") or 0))
            if part("pre")
            else None
        ),
        post=int(post) if post else (0 if part("post") is not None else None),
        dev=int(part("dev_n") or 0) if part("dev") is not None else None,
        local=_local(part("local")),
    )


def _local(label: str | None) -> tuple[str, ...]:
    """A local label's parts, in lower case, numbers without leading zeros (PEP 440's
    integer normalisation; `foo0100` is one word and keeps them)."""
    if not label:
        return ()
    parts = re.split(r"[-_.]", label.lower())
    return tuple(str(int(part)) if part.isdigit() else part for part in parts)


def _significant(release: tuple[int, ...]) -> tuple[int, ...]:
    """The release without its trailing zeros: 1.0.0 is 1."""
    end = len(release)
    while end > 1 and release[end - 1] == 0:
        end -= 1
    return release[:end]
