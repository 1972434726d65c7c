"""The stages of a run, in their order: XT's pages -> the spec -> the catalog -> the package and the site.

`generate` is the whole pipeline in memory; `python -m codegen` (codegen/__main__.py)
wraps it with locking, staging, the import check and the site build, and tests
call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from codegen.errors import SourceError, SourceErrors, Stops, shown

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from codegen import model
    from codegen.fetch.command import Fetched
    from codegen.read import document
    from codegen.render import releases

SOURCE_DIR = "spec/source"
SPEC_FILE = "spec/catalog.yaml"
HISTORY_DIR = "spec/history"
DOCUMENT_SUFFIXES = (".md", ".mdx", ".txt")


@dataclass(frozen=True, kw_only=True)
class Generation:
    """What a run renders, in memory, before anything is written."""

    files: dict[str, str]  # relative path -> content
    report: list[str]  # what the sync changed, e.g. "added AUTH_107 (spot)"
    catalog: model.Catalog
    places: dict[str, model.Place]  # where each Python name of the spec was asked for
    spec_place: model.Place  # where to point when nothing more precise is known
    version: releases.VersionStatus
    uncurated: list[SourceError]  # each code no one has curated yet, at its entry


def generate(
    documents: list[Path],
    root: Path,
    history_folder: Path | None = None,
    release: bool = False,
    fetched: list[Fetched] | None = None,
) -> Generation:
    """Every generated file, rendered in memory, the sync report, and what the import check needs.

    With `history_folder`, the past revisions of XT's pages are replayed
    into the spec too (see codegen/spec/replay.py); with `release`, the catalog
    is recorded as the release of the version in pyproject.toml (see
    codegen/render/releases/); with `fetched`, the sources a fetch brought
    are recorded in the spec, their pages (`documents` names them where they
    will be) read as fetched and written, and their history replayed.
    """
    # Imported here: a run that the stamp finds up to date never needs them.
    from codegen import model
    from codegen.catalog import freeze
    from codegen.render import guide_pages, package, releases, site
    from codegen.spec import merge, pairs, provenance, rules, sync

    spec_path = shown(root / SPEC_FILE)
    pages = _read(documents, fetched or [])  # 1. read XT's pages
    tree = _load_spec(root / SPEC_FILE, spec_path)
    report: list[str] = []
    if fetched:  # 0. what the fetch brought: provenance, the page map, endpoints
        provenance.record(tree, fetched, root / SOURCE_DIR, report)
    stops = Stops()  # stages 2 and 3 report their mistakes together
    paired = pairs.pair_pages(tree, pages, report, stops)  # 2. pair, route, merge
    merged = merge.merge(
        paired, rules.routes(tree), rules.errata(tree), spec_path, stops
    )
    own = package.own_names()
    places = sync.sync(tree, merged, spec_path, own, report, stops, bool(fetched))  # 3.
    del pages, paired, merged  # the spec holds what they say now
    if history_folder is not None or fetched:  # 3b. XT's record: since, changes...
        _replay(tree, root, history_folder, fetched or [], spec_path, report)
    files = {SPEC_FILE: _dump_spec(tree, documents)}
    if fetched:  # a fetch writes spec/source/ whole: what it brought, and the rest kept
        files.update(_source_pages(documents, fetched))
    uncurated = sync.to_curate(tree, spec_path)
    report += [error.message for error in uncurated]
    if release and uncurated:
        raise SourceErrors(uncurated)  # a release publishes names: curate them first
    version = releases.package_version(root)
    built, names = freeze.build(
        tree, spec_path, places, own, version, package.runtime_needs()
    )
    del tree  # 4. the checked, frozen catalog
    files.update(package.render_package(built))  # 5. render
    readme = guide_pages.README.read_text(encoding="utf-8")  # the guide's source
    files.update(site.render_site(built, readme))
    versions = releases.versions(root, built, release)  # 6. versions and the changelog
    files.update(versions.files)
    return Generation(
        files=files,
        report=report,
        catalog=built,
        places=names,
        spec_place=model.Place(spec_path, 1),
        version=versions.version,
        uncurated=uncurated,
    )


def _replay(
    tree: CommentedMap,
    root: Path,
    history_folder: Path | None,
    fetched: list[Fetched],
    spec_path: str,
    report: list[str],
) -> None:
    """Replay XT's record into the spec: the past pages of `history_folder`
    (spec/history/ for a fetch), then each followed source's history, as
    fetched or from its cache."""
    from codegen.fetch import history
    from codegen.render import package
    from codegen.spec import dating, replay, rules

    folder = history_folder
    if folder is None and (root / HISTORY_DIR / replay.MANIFEST).is_file():
        folder = root / HISTORY_DIR
    revisions: list[replay.Revision] = []
    listed_in = spec_path
    if folder is not None:
        repairs = rules.history_repairs(tree)
        revisions += replay.revisions_in(folder, shown(folder), repairs, spec_path)
        listed_in = f"{shown(folder)}/{replay.MANIFEST}"
    others = history.sources_revisions(root, tree, fetched)
    dating.replay_history(
        tree,
        [*revisions, *others.revisions],
        other_pages=others.pages,
        listed_in=listed_in,
        spec_path=spec_path,
        reserved=package.own_names(),
        report=report,
    )


def _source_pages(documents: list[Path], fetched: list[Fetched]) -> dict[str, str]:
    """spec/source/ after a fetch: each page it brought, as fetched, and each page
    of another source as it is."""
    texts = _fetched_texts(fetched)
    files = {}
    for path in documents:
        text = texts.get(path.name)
        files[f"{SOURCE_DIR}/{path.name}"] = (
            text.decode("utf-8") if text is not None else path.read_text("utf-8")
        )
    return files


def _fetched_texts(fetched: list[Fetched]) -> dict[str, bytes]:
    """The pages a fetch brought, by their names in spec/source/."""
    return {
        name: text
        for one in fetched
        for page in one.discovery.pages
        for name, text in ((page.name, page.text), (page.zh, page.text_zh))
        if name is not None and text is not None
    }


def _load_spec(path: Path, spec_path: str) -> CommentedMap:
    """The spec as it stands, or a new one for a tree that has none yet."""
    from codegen.read.document import read_utf8
    from codegen.spec import file

    if not path.exists():
        return file.new_spec()
    return file.load(read_utf8(path, spec_path), spec_path)


def _dump_spec(tree: CommentedMap, documents: list[Path]) -> str:
    """The spec's text. Dumping the round-trip tree takes the run's peak memory
    (benchmark row 1b, peak RSS): it is dumped while little else is alive."""
    from codegen.spec import file

    return file.dump(tree, [path.name for path in documents])


def _read(documents: list[Path], fetched: list[Fetched]) -> list[document.Document]:
    """Every page, or the first mistake of each page that has one, all at once;
    a page a fetch brought is read as fetched."""
    from codegen.read import document

    texts = _fetched_texts(fetched)
    stops = Stops()
    pages = []
    for path in documents:
        with stops.unit(path.name):
            text = texts.get(path.name)
            if text is None:
                pages.append(document.read_page(path, shown(path)))
            else:
                pages.append(document.parse_page(text.decode(), path.name, shown(path)))
    stops.raise_any()
    return pages


def documents(source: Path) -> list[Path]:
    """The pages a run reads: `source` itself, or the *.md, *.mdx and *.txt files of a folder."""
    where = shown(source)
    if source.is_dir():
        found = sorted(
            path
            for path in source.iterdir()
            if path.suffix in DOCUMENT_SUFFIXES and path.is_file()
        )
        if not found:
            raise SourceError(
                where, 1, "no documents (*.md, *.mdx, *.txt) in this folder"
            )
        return found
    if not source.exists():
        raise SourceError(where, 1, "no such file or folder")
    return [source]
