"""Which pages of a documentation repository the catalog takes, and their names.

Every English page is read by stage 1 (`codegen.read.document`), as is its
Chinese twin: a page with a code table that lists at least one code is
taken, byte for byte, under the name `codegen.fetch.layout` gives it; a page
that lists no code but documents an endpoint adds that endpoint, whose errors
are its product's general codes. A page that stage 1 cannot read stops the
fetch at its line, before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from codegen.errors import SourceError
from codegen.fetch import layout
from codegen.read import document


@dataclass(frozen=True, kw_only=True)
class FetchedPage:
    """A page taken into spec/source/, with its Chinese twin when it has one."""

    name: str  # its file name in spec/source/
    upstream: str  # its path in the repository
    text: bytes
    product: str
    zh: str | None  # its twin's file name
    upstream_zh: str | None
    text_zh: bytes | None


@dataclass(frozen=True, kw_only=True)
class EndpointPage:
    """An endpoint a page documents without a code table of its own."""

    endpoint: str  # "GET /v4/balances"
    product: str
    upstream: str


@dataclass(frozen=True, kw_only=True)
class Discovery:
    pages: tuple[FetchedPage, ...]  # in the order of their paths
    endpoints: tuple[EndpointPage, ...]


def discover(
    files: Mapping[str, bytes], products: Mapping[str, str], shown: str
) -> Discovery:
    """The pages and endpoints of a commit's `files` (path -> bytes), each page's
    product by `products` (a folder -> the spec's product key). `shown` names
    the commit in messages ('xtapis@29b8b4c')."""
    english: dict[str, str] = {}
    chinese: dict[str, str] = {}
    for path in sorted(files):
        located = layout.locate(path)
        if located is not None:
            (english if located.language == "en" else chinese)[located.relative] = path
    pages: list[FetchedPage] = []
    endpoints: list[EndpointPage] = []
    taken: set[str] = set()
    for relative, path in english.items():
        name = _free(layout.page_name(relative), taken)
        read = _read(files[path], name, f"{shown}:{path}")
        product = layout.product_of(relative, products)
        if any(table.rows for table in read.tables):
            twin = chinese.get(relative)
            if twin is not None:
                _read(files[twin], layout.twin_name(name), f"{shown}:{twin}")
            pages.append(
                FetchedPage(
                    name=name,
                    upstream=path,
                    text=files[path],
                    product=product,
                    zh=layout.twin_name(name) if twin else None,
                    upstream_zh=twin,
                    text_zh=files[twin] if twin else None,
                )
            )
            taken.add(name)
        else:
            endpoints.extend(
                EndpointPage(endpoint=endpoint, product=product, upstream=path)
                for endpoint in read.endpoints
            )
    return Discovery(pages=tuple(pages), endpoints=tuple(endpoints))


def _free(name: str, taken: set[str]) -> str:
    """`name`, or when two paths read alike ('Open Contract .mdx' and 'Open
    Contract.mdx'), the later one numbered."""
    stem, _, suffix = name.rpartition(".")
    number = 2
    while name in taken:
        name = f"{stem}-{number}.{suffix}"
        number += 1
    return name


def _read(data: bytes, name: str, shown: str) -> document.Document:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(
            shown, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x})"
        ) from None
    return document.parse_page(text, name, shown)
