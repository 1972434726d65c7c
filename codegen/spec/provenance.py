"""Before the sync of a fetch: what the fetch brought, recorded in the spec.

A fetched source's `commit` and `date` become the upstream commit its pages
come from (the `Upstream-Commit:` trailer of a rewritten copy, never the
copy's own id) and that commit's date; each page it took gets its entry in
`pages` (source, product, upstream paths), a page the source no longer has
loses its entry, and the endpoints its pages document without a code table of
their own are listed in `endpoints`. The sync then refreshes the rest (each
page's twin and endpoint, every code) as for any run.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from codegen.fetch.command import Fetched
from codegen.spec import fields
from codegen.spec.edit import place, set_optional, set_value


def record(
    spec: CommentedMap, fetched: Iterable[Fetched], source_dir: Path, report: list[str]
) -> None:
    """Record each fetched source in the spec, telling in `report` the pages it
    added, changed and removed (against the files of `source_dir`)."""
    for one in fetched:
        source = spec["sources"][one.key]
        set_value(source, "commit", one.commit.provenance, fields.SOURCE)
        set_value(source, "date", one.commit.date, fields.SOURCE)
        report.append(f"fetched {one.short}")
        _pages(spec, one, source_dir, report)
        _endpoints(spec, one)


def _pages(
    spec: CommentedMap, one: Fetched, source_dir: Path, report: list[str]
) -> None:
    entries: CommentedMap = spec["pages"]
    taken = {page.name for page in one.discovery.pages}
    for name in [str(name) for name, entry in entries.items()]:
        if entries[name].get("source") == one.key and name not in taken:
            del entries[name]
            report.append(f"removed page {name}: {one.key} no longer has it")
    for page in one.discovery.pages:
        entry = entries.get(page.name)
        if entry is None:
            entry = entries[page.name] = CommentedMap()
            report.append(f"new page {page.name} ({page.upstream})")
        elif _differs(source_dir, page.name, page.text) or (
            page.zh is not None and _differs(source_dir, page.zh, page.text_zh)
        ):
            report.append(f"changed page {page.name} ({page.upstream})")
        _product(spec, page.product, page.upstream, report)
        place(entry, "product", page.product, fields.PAGE)
        place(entry, "source", one.key, fields.PAGE)
        place(entry, "upstream", page.upstream, fields.PAGE)
        set_optional(entry, "upstream_zh", page.upstream_zh, fields.PAGE)


def _product(spec: CommentedMap, key: str, upstream: str, report: list[str]) -> None:
    """A product the spec does not have yet, added with a title to curate."""
    if key in spec["products"]:
        return
    entry = CommentedMap()
    entry["title"] = key.replace("_", " ").capitalize()
    spec["products"][key] = entry
    report.append(f"new product {key} ({upstream}): give it its titles")


def _differs(source_dir: Path, name: str, text: bytes | None) -> bool:
    try:
        return (source_dir / name).read_bytes() != text
    except OSError:
        return True


def _endpoints(spec: CommentedMap, one: Fetched) -> None:
    """The source's endpoints without a code table, in place of the ones it had."""
    endpoints: CommentedMap = spec["endpoints"]
    for endpoint in [str(key) for key, entry in endpoints.items()]:
        if endpoints[endpoint].get("source") == one.key:
            del endpoints[endpoint]
    for found in one.discovery.endpoints:
        _product(spec, found.product, found.upstream, [])
        if found.endpoint in endpoints:
            continue  # two pages give one endpoint: the first one's stands
        entry = CommentedMap()
        entry["product"] = found.product
        entry["source"] = one.key
        entry["upstream"] = found.upstream
        endpoints[found.endpoint] = entry
