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

A run whose inputs and outputs are unchanged since the last one stops early
(see codegen/freshness.py); --force renders everything anyway.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from codegen.errors import BuildError, SourceError, WriteError
from codegen.render import releases
from codegen.run import freshness, output, pipeline

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--check", action="store_true", help="only report stale files (exit 1)"
    )
    parser.add_argument(
        "--source",
        type=Path,
        help=f"a page or a folder of pages (default {pipeline.SOURCE_DIR}/)",
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
    documents = pipeline.documents(args.source or ROOT / pipeline.SOURCE_DIR)
    # What the stamp must also see change: the version, and the releases' records.
    inputs = [*documents, *releases.release_inputs(root)]
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
        return 0
    staging = output.Staging(root)
    try:
        stamp_text = freshness.render(root, inputs, files, build_site)
        staging.write_tree({**files, freshness.STAMP: stamp_text})
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
        # The stamp is switched in with everything else, so it always describes the tree.
        written = dataclasses.replace(
            plan, write={**plan.write, freshness.STAMP: stamp_text}
        )
        staging.switch(written, sites)
    finally:
        staging.abort()
    for line in generation.report:
        print(line)
    if problem is not None:
        print(f"pyproject.toml:{generation.version.line}: {problem}: set it there")
    print(
        f"{len(plan.write)} written, {len(plan.delete)} removed, {plan.unchanged} unchanged"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
