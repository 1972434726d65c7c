"""Where a Docusaurus documentation repository keeps its pages, and the names
they take in spec/source/.

Docusaurus keeps the English pages under `docs/` and each translation under
`i18n/<locale>/docusaurus-plugin-content-docs/current/`, at the same relative
path; XT's older branch has the same tree under `website/` (locale
`zh-Hans` rather than `zh-CN`). A page's relative path names it everywhere:
its twin, its product (the first folder), its name in spec/source/, and the
page it was in an earlier layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from codegen import naming

# The folders a fetch lists: the pages, in both layouts.
PREFIXES = ("docs/", "i18n/", "website/docs/", "website/i18n/")
PAGE_SUFFIXES = (".md", ".mdx")

_ENGLISH = re.compile(r"^(?:website/)?docs/(?P<relative>.+)$")
_CHINESE = re.compile(
    r"^(?:website/)?i18n/zh[^/]*/docusaurus-plugin-content-docs/current/(?P<relative>.+)$"
)


@dataclass(frozen=True)
class Located:
    """A page's path in the repository, read: its path below the docs root and
    its language."""

    relative: str  # "futures/Entrust/Create Stop Limit.mdx"
    language: str  # "en" or "zh"


def locate(path: str) -> Located | None:
    """Where a repository path is in the documentation, or None for a file that
    is no page (configuration, images, another locale, a page Docusaurus does
    not publish because its name starts with '_')."""
    if not path.endswith(PAGE_SUFFIXES):
        return None
    for pattern, language in ((_ENGLISH, "en"), (_CHINESE, "zh")):
        found = pattern.match(path)
        if found is not None:
            relative = found.group("relative")
            if relative.rsplit("/", 1)[-1].startswith("_"):
                return None
            return Located(relative, language)
    return None


def english_path(relative: str, paths: Iterable[str]) -> str | None:
    """The English page of `relative` among `paths` (in either layout)."""
    return next((p for p in paths if locate(p) == Located(relative, "en")), None)


def page_name(relative: str) -> str:
    """A page's file name in spec/source/, by rule: 'xt-' and its relative path
    as lower-case words ('futures/Entrust/Create Stop Limit.mdx' ->
    'xt-futures-entrust-create-stop-limit.mdx'), keeping its suffix."""
    stem, _, suffix = relative.rpartition(".")
    return f"xt-{naming.slug(stem)}.{suffix}"


def twin_name(name: str) -> str:
    """The file name of a page's Chinese twin: 'x.mdx' -> 'x.zh.mdx'."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.zh.{suffix}"


def product_of(relative: str, products: Mapping[str, str]) -> str:
    """The product a page documents: the spec's key for its folder, the longest
    folder prefix `products` names ('margin-spot' -> 'margin', 'spot/WebSocket
    Public' -> 'websocket'), else its first folder as a key ('earn')."""
    folders = relative.split("/")[:-1]
    for depth in range(len(folders), 0, -1):
        key = "/".join(folders[:depth])
        if key in products:
            return products[key]
    return naming.slug(folders[0] if folders else relative).replace("-", "_")
