"""`python -m codegen fetch`: XT's pages from their upstream, ready for a run.

For each source the spec says to follow (`follow`), the cache of its upstream
is brought up to date (`codegen.fetch.cache`), the followed commit read, its
pages taken (`codegen.fetch.pages`) and its history walked
(`codegen.fetch.history`). Nothing is written here: the run that follows
(`codegen.run.pipeline`) records what was fetched in the spec, syncs, replays
the history and writes the pages with everything else, through the run's
crash-safe switch. A source whose upstream commit is the one the spec already
records, with its pages as they are, has nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from codegen.errors import SourceError
from codegen.fetch import history, layout, pages
from codegen.fetch.cache import UpstreamCache
from codegen.fetch.repository import Commit, Repository
from codegen.spec.replay import Revision
from codegen.spec.shape import key_line

SOURCE_DIR = "spec/source"


@dataclass(frozen=True, kw_only=True)
class Fetched:
    """One source as its upstream has it now."""

    key: str  # the spec's name of the source, e.g. xtapis
    commit: Commit  # the followed commit; its provenance is recorded
    discovery: pages.Discovery
    revisions: tuple[Revision, ...]  # its pages' history, oldest first
    products: dict[str, str]  # a folder -> the spec's product key

    @property
    def short(self) -> str:
        """'xtapis at 29b8b4c (2026-03-10)'."""
        return f"{self.key} at {self.commit.provenance[:7]} ({self.commit.date})"


def fetch(
    root: Path,
    spec: CommentedMap,
    spec_path: str,
    keys: Sequence[str],
    location: str | None,
    ref: str | None,
) -> list[Fetched]:
    """Every source named (all the spec follows when none is), fetched: from
    `location` instead of its upstream (one source only), at `ref` instead of
    the branch it follows. Raises SourceError for a source the spec does not
    follow, FetchError when git cannot."""
    sources: CommentedMap = spec["sources"]
    followed = [str(key) for key, source in sources.items() if source.get("follow")]
    for key in keys:
        if key not in followed:
            line = (
                key_line(sources, key) if key in sources else key_line(spec, "sources")
            )
            raise SourceError(
                spec_path,
                line,
                f"no source {key!r} to fetch: the spec follows "
                f"{', '.join(followed) or 'none'} (a source with `follow`)",
            )
    chosen = list(keys) or followed
    if location is not None and len(chosen) != 1:
        raise SourceError(
            spec_path,
            key_line(spec, "sources"),
            f"--from names one upstream, for one source: name it ({', '.join(chosen)})",
        )
    return [_fetch_one(root, key, sources[key], location, ref) for key in chosen]


def _fetch_one(
    root: Path,
    key: str,
    source: CommentedMap,
    location: str | None,
    ref: str | None,
) -> Fetched:
    repository = UpstreamCache(root, key).update(location or str(source["upstream"]))
    followed = ref or str(source["follow"])
    commit = repository.commit(followed)
    products = {
        str(folder): str(product)
        for folder, product in (source.get("products") or {}).items()
    }
    shown = f"{key}@{commit.provenance[:7]}"
    files = repository.files(commit.id, layout.PREFIXES)
    discovery = pages.discover(files, products, shown)
    branches = [*(str(branch) for branch in source.get("history") or ()), commit.id]
    return Fetched(
        key=key,
        commit=commit,
        discovery=discovery,
        revisions=tuple(history.revisions(repository, branches, key)),
        products=products,
    )


def unchanged(root: Path, spec: CommentedMap, fetched: list[Fetched]) -> bool:
    """Whether the spec already records what the fetch brought (the sources'
    commits, their pages with their products and paths, their endpoints) and
    spec/source holds the pages byte for byte: then a fetch has nothing new."""
    for one in fetched:
        if str(spec["sources"][one.key].get("commit")) != one.commit.provenance:
            return False
        ours = {
            str(name): (
                page.get("product"),
                page.get("upstream"),
                page.get("upstream_zh"),
            )
            for name, page in spec["pages"].items()
            if page.get("source") == one.key
        }
        theirs = {
            page.name: (page.product, page.upstream, page.upstream_zh)
            for page in one.discovery.pages
        }
        if ours != theirs:
            return False
        recorded = {
            str(endpoint): (entry.get("product"), entry.get("upstream"))
            for endpoint, entry in (spec.get("endpoints") or {}).items()
            if entry.get("source") == one.key
        }
        found: dict[str, tuple[str, str]] = {}
        for endpoint in one.discovery.endpoints:
            found.setdefault(endpoint.endpoint, (endpoint.product, endpoint.upstream))
        if recorded != found:
            return False
        for page in one.discovery.pages:
            for name, text in ((page.name, page.text), (page.zh, page.text_zh)):
                if name is not None and text is not None:
                    if not _same(root / SOURCE_DIR / name, text):
                        return False
    return True


def _same(path: Path, text: bytes) -> bool:
    try:
        return path.read_bytes() == text
    except OSError:
        return False


def documents(root: Path, spec: CommentedMap, fetched: list[Fetched]) -> list[Path]:
    """The pages of the run after a fetch, where they will be: the pages it
    brought, and every other page of spec/source/ but those of the fetched
    sources they no longer have."""
    folder = root / SOURCE_DIR
    keys = {one.key for one in fetched}
    dropped: set[str] = set()
    for name, entry in spec["pages"].items():
        if entry.get("source") in keys:
            dropped.update(str(twin) for twin in (name, entry.get("zh")) if twin)
    brought = {
        name
        for one in fetched
        for page in one.discovery.pages
        for name in (page.name, page.zh)
        if name is not None
    }
    kept = {
        path.name
        for path in (folder.iterdir() if folder.is_dir() else ())
        if path.suffix in (".md", ".mdx", ".txt") and path.name not in dropped
    }
    return [folder / name for name in sorted(kept | brought)]


def repository_of(root: Path, key: str) -> Repository:
    """A source's cache as the last fetch left it (for a replay without a fetch)."""
    return UpstreamCache(root, key).repository()
