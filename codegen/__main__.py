"""python -m codegen: regenerate the spec, the package and the site from XT's documentation.

    python -m codegen            sync spec/catalog.yaml, render generated/ and docs/, build site/
    python -m codegen --check    exit 1, listing them, if any generated file is stale
    python -m codegen --source PAGE_OR_FOLDER --out DIR
                                 the same trees for other documents, into DIR

A run whose inputs and outputs are unchanged since the last one stops early
(see codegen/stamp.py); --force renders everything anyway.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from codegen import output, stamp
from codegen.errors import BuildError, SourceError, WriteError

if TYPE_CHECKING:
    from codegen import model, verify

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = "spec/source"
SPEC_FILE = "spec/catalog.yaml"
DOCUMENT_SUFFIXES = (".md", ".txt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1)")
    parser.add_argument("--source", type=Path, help=f"a page or a folder of pages (default {SOURCE_DIR}/)")
    parser.add_argument("--out", type=Path, help="the tree to write (default: this repository)")
    parser.add_argument("--no-site", action="store_true", help="skip `mkdocs build`")
    parser.add_argument("--force", action="store_true", help="render even if nothing changed")
    args = parser.parse_args(argv)
    # Absolute from here on: the site build runs mkdocs, which must not resolve
    # a relative --out against a folder of its own.
    root = (args.out if args.out is not None else ROOT).absolute()
    try:
        with output.lock(root):
            note = output.recover(root)
            if note is not None:
                print(note, file=sys.stderr)
            return _run(args, root)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 2
    except (WriteError, BuildError) as error:
        print(error, file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, root: Path) -> int:
    """One run, holding the tree's lock."""
    build_site = not args.no_site
    documents = _documents(args.source or ROOT / SOURCE_DIR)
    if not (args.check or args.force) and stamp.fresh(root, documents, build_site):
        print("up to date: nothing changed since the last run")
        return 0
    generation = generate(documents, root)
    files = generation.files
    plan = output.plan(root, files)
    if args.check:
        if plan.stale:
            print("stale (run `python -m codegen`):", file=sys.stderr)
            for relative in plan.stale:
                print(f"  {relative}", file=sys.stderr)
            return 1
        print(f"up to date: {len(files)} files")
        return 0
    staging = output.Staging(root)
    try:
        stamp_text = stamp.render(documents, files, build_site)
        staging.write_tree({**files, stamp.STAMP: stamp_text})
        from codegen import verify

        verify.check_package(
            staging.tree / "generated", generation.catalog, generation.places, generation.spec_place
        )
        sites: list[str] = []
        if build_site:
            from codegen import site

            sites = site.build(staging.tree, staging.sites)
        # The stamp is switched in with everything else, so it always describes the tree.
        written = dataclasses.replace(plan, write={**plan.write, stamp.STAMP: stamp_text})
        staging.switch(written, sites)
    finally:
        staging.abort()
    for line in generation.report:
        print(line)
    print(f"{len(plan.write)} written, {len(plan.delete)} removed, {plan.unchanged} unchanged")
    return 0


@dataclass(frozen=True)
class Generation:
    """What a run renders, in memory, before anything is written."""

    files: dict[str, str]  # relative path -> content
    report: list[str]  # what the sync changed, e.g. "added AUTH_107 (spot)"
    catalog: model.Catalog
    places: dict[str, verify.Place]  # where each Python name of the spec was asked for
    spec_place: verify.Place  # where to point when nothing more precise is known


def generate(documents: list[Path], root: Path) -> Generation:
    """Every generated file, rendered in memory, the sync report, and what the import check needs."""
    # Imported here: a run that the stamp finds up to date never needs them.
    from codegen import document, package, site, spec, verify

    pages = [
        spec.Document(path.name, _shown(path), document.read_document(path, _shown(path)))
        for path in documents
    ]
    spec_path = root / SPEC_FILE
    shown_spec = _shown(spec_path)
    if spec_path.exists():
        current = spec.load(document.read_utf8(spec_path, shown_spec), shown_spec)
    else:
        current = spec.new_spec()
    report = spec.sync(current, pages, shown_spec)
    del pages  # the spec holds what they say now
    # Dumping the round-trip tree takes the run's peak memory (benchmark row 1b,
    # peak RSS): dump it while little else is alive, and let it go before rendering.
    files = {SPEC_FILE: spec.dump(current, [path.name for path in documents])}
    located = {path.name: _shown(path) for path in documents}
    catalog = spec.build_catalog(current, shown_spec, located.get)
    places = verify.places(current, shown_spec, located.get)
    del current
    files.update(package.render_package(catalog))
    files.update(site.render_site(catalog))
    return Generation(files, report, catalog, places, verify.Place(shown_spec, 1))


def _documents(source: Path) -> list[Path]:
    shown = _shown(source)
    if source.is_dir():
        found = sorted(
            path for path in source.iterdir() if path.suffix in DOCUMENT_SUFFIXES and path.is_file()
        )
        if not found:
            raise SourceError(shown, 1, "no documents (*.md, *.txt) in this folder")
        return found
    if not source.exists():
        raise SourceError(shown, 1, "no such file or folder")
    return [source]


def _shown(path: Path) -> str:
    """A path as the user gave it, or relative to the working folder when inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
