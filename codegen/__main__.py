"""python -m codegen: regenerate the spec, the package and the site from XT's documentation.

    python -m codegen            sync spec/catalog.yaml, render generated/ and docs/, build site/
    python -m codegen --check    exit 1, listing them, if any generated file is stale
    python -m codegen --source PAGE_OR_FOLDER --out DIR
                                 the same trees for other documents, into DIR
    python -m codegen --replay-history
                                 also replay spec/history/, XT's past pages, into
                                 each code's since, changes and removed
    python -m codegen --release  record the catalog as the release of the version
                                 in pyproject.toml (spec/releases/, CHANGELOG.md)
    python -m codegen fetch [SOURCE ...] [--from URL_OR_PATH] [--ref REF]
                                 bring XT's pages from their upstream (the spec's
                                 sources), then run as above

A run whose inputs and outputs are unchanged since the last one stops early
(see codegen/freshness.py); --force renders everything anyway.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

from codegen.errors import BuildError, FetchError, SourceError, WriteError, shown
from codegen.run import freshness, output, pipeline

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["fetch"]:
        return _fetch_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m codegen", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--check", action="store_true", help="only report stale files (exit 1)"
    )
    parser.add_argument(
        "--source",
        type=Path,
        help=f"a page or a folder of pages (default: the tree's {pipeline.SOURCE_DIR}/)",
    )
    parser.add_argument(
        "--out", type=Path, help="the tree to write (default: this repository)"
    )
    parser.add_argument("--no-site", action="store_true", help="skip `mkdocs build`")
    parser.add_argument(
        "--force", action="store_true", help="render even if nothing changed"
    )
    parser.add_argument(
        "--replay-history",
        nargs="?",
        const=Path(pipeline.HISTORY_DIR),
        type=Path,
        metavar="FOLDER",
        help=f"also replay XT's past pages (default {pipeline.HISTORY_DIR}/) "
        "into each code's since, changes and removed",
    )
    parser.add_argument(
        "--release",
        action="store_true",
        help="record the catalog as the release of the version in pyproject.toml",
    )
    args = parser.parse_args(argv)
    return _locked(args, _run)


def _fetch_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen fetch",
        description="Bring XT's pages from their upstream repositories into "
        "spec/source/, record where they come from, then sync, replay their "
        "history and regenerate everything.",
    )
    parser.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="the spec's sources to fetch (default: every source it follows)",
    )
    parser.add_argument(
        "--from",
        dest="location",
        metavar="URL_OR_PATH",
        help="fetch from this git URL, repository or bundle instead of the upstream",
    )
    parser.add_argument(
        "--ref", help="the branch, tag or commit to take (default: the one followed)"
    )
    parser.add_argument(
        "--out", type=Path, help="the tree to write (default: this repository)"
    )
    parser.add_argument("--no-site", action="store_true", help="skip `mkdocs build`")
    return _locked(parser.parse_args(argv), _fetch)


def _locked(
    args: argparse.Namespace, run: Callable[[argparse.Namespace, Path], int]
) -> int:
    """`run` holding the tree's lock; a mistake in the input is one line, exit 2;
    a machine, tool or upstream that refused is one line, exit 1."""
    # Absolute from here on: the site build runs mkdocs, which must not resolve
    # a relative --out against a folder of its own.
    root = (args.out if args.out is not None else ROOT).absolute()
    try:
        with output.lock(root):
            note = output.recover(root)
            if note is not None:
                print(note, file=sys.stderr)
            return run(args, root)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 2
    except (WriteError, BuildError, FetchError) as error:
        print(error, file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, root: Path) -> int:
    """One run, holding the tree's lock."""
    build_site = not args.no_site
    documents = pipeline.documents(args.source or root / pipeline.SOURCE_DIR)
    # What the stamp must also see change: the version, and the releases' records.
    inputs = [*documents, *freshness.release_inputs(root)]
    history_folder = None
    if args.replay_history is not None:
        history_folder = args.replay_history.absolute()
    if not (
        args.check or args.force or history_folder or args.release
    ) and freshness.fresh(root, inputs, build_site):
        print("up to date: nothing changed since the last run")
        return 0
    generation = pipeline.generate(documents, root, history_folder, args.release)
    files = generation.files
    plan = output.plan(root, files)
    problem = generation.version.problem
    if args.check:
        if problem is not None:
            print(
                f"pyproject.toml:{generation.version.line}: {problem}", file=sys.stderr
            )
            return 1
        if plan.stale:
            print("stale (run `python -m codegen`):", file=sys.stderr)
            for relative in plan.stale:
                print(f"  {relative}", file=sys.stderr)
            return 1
        print(f"up to date: {len(files)} files")
        # A guessed name is public API once it lands: it must be curated first.
        for error in generation.uncurated:
            print(error, file=sys.stderr)
        return 1 if generation.uncurated else 0
    stamp_text = freshness.render(root, inputs, files, build_site)
    _write(root, generation, plan, build_site, {freshness.STAMP: stamp_text})
    for line in generation.report:
        print(line)
    if problem is not None:
        print(f"pyproject.toml:{generation.version.line}: {problem}: set it there")
    print(
        f"{len(plan.write)} written, {len(plan.delete)} removed, {plan.unchanged} unchanged"
    )
    return 0


def _write(
    root: Path,
    generation: pipeline.Generation,
    plan: output.Plan,
    build_site: bool,
    extra: dict[str, str],
) -> None:
    """Stage the new tree, check its package, build its site, then switch it in;
    `extra` are files switched in with it (the stamp, which so always describes
    the tree)."""
    staging = output.Staging(root)
    try:
        staging.write_tree({**generation.files, **extra})
        from codegen.run import import_check

        import_check.check_package(
            staging.tree / "generated",
            generation.catalog,
            generation.places,
            generation.spec_place,
        )
        sites: list[str] = []
        if build_site:
            from codegen.run import site_build

            sites = site_build.build(staging.tree, staging.sites)
        written = dataclasses.replace(plan, write={**plan.write, **extra})
        staging.switch(written, sites)
    finally:
        staging.abort()


def _fetch(args: argparse.Namespace, root: Path) -> int:
    """One fetch, holding the tree's lock: nothing is written unless every
    source was fetched, every page read and the whole tree regenerated."""
    from codegen.fetch import receipt

    request = (args.sources, args.location, args.ref)
    same = receipt.nothing_new(root, *request)
    if same is not None:  # the commits the last fetch noted, the tree as it left it
        for short in same:
            print(f"up to date: {short} has nothing new")
        return 0

    from codegen.fetch import command
    from codegen.read.document import read_utf8
    from codegen.spec import file

    spec_path = shown(root / pipeline.SPEC_FILE)
    spec = file.load(read_utf8(root / pipeline.SPEC_FILE, spec_path), spec_path)
    fetched = command.fetch(root, spec, spec_path, *request)
    noted = {
        one.key: {
            "location": args.location or str(spec["sources"][one.key]["upstream"]),
            "ref": args.ref or str(spec["sources"][one.key]["follow"]),
            "commit": one.commit.id,
            "short": one.short,
        }
        for one in fetched
    }
    if command.unchanged(root, spec, fetched):
        receipt.note(root, *request, noted)
        for one in fetched:
            print(f"up to date: {one.short} has nothing new")
        return 0
    documents = command.documents(root, spec, fetched)
    generation = pipeline.generate(documents, root, fetched=fetched)
    owned = (*output.OWNED_DIRS, command.SOURCE_DIR)
    plan = output.plan(root, generation.files, owned)
    # No stamp: the next plain run reads the pages anew (and finds nothing to do).
    _write(root, generation, plan, not args.no_site, {})
    receipt.note(root, *request, noted)
    for line in generation.report:
        print(line)
    print(
        f"{len(plan.write)} written, {len(plan.delete)} removed, {plan.unchanged} unchanged"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
