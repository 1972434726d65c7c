"""Stage 2 (run by the sync): from the pages' tables to one list of codes per catalog table.

XT documents each API product on its own page, in English and in a Chinese
twin with the same codes. This stage, pure and free of YAML:

1. pairs each Chinese table with its English one (by position) and each row
   with its twin (by code), so every row carries both texts;
2. routes rows onto the catalog's tables by the spec's `from` rules (the
   futures pages mix HTTP statuses and futures error codes in one table);
3. resolves a code listed twice on one page by the spec's errata, matched by
   content (code and texts), never by line numbers, which shift with every
   revision; an erratum that matches nothing is stale and stops the sync;
4. merges a code documented by several products into one entry, keeping
   every text a page gives: the first product's text stands, the others are
   variants shown per product.

Every mistake stops with one `SourceError` naming both places involved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen import document, naming
from codegen.errors import SourceError
from codegen.model import Variant  # the same record the templates read

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class ProductPage:
    """One document of this run, with what the spec says it documents."""

    path: str  # as named in messages
    product: str
    language: str  # "en" or "zh"
    tables: tuple[document.PageTable, ...]


@dataclass(frozen=True)
class Route:
    """Rows of documented tables headed `header` (all, or only integer or named codes) go to `table`."""

    table: str
    header: str
    rows: str = "all"  # "all", "integers" or "names"

    def takes(self, code: str) -> bool:
        if self.rows == "integers":
            return naming.is_integer_code(code)
        if self.rows == "names":
            return not naming.is_integer_code(code)
        return True


@dataclass(frozen=True)
class Erratum:
    """How the spec resolves a mistake in XT's pages, matched by content."""

    code: str
    texts: tuple[str, ...]  # the rows' texts, in page order
    stands: str | None  # for a duplicate code: the text that stands
    missing_in: str | None  # for a row one language's page lacks: that language
    line: int  # in the spec, for messages

    def describe(self) -> str:
        return f"erratum for '{self.code}' ({' / '.join(map(repr, self.texts))})"


@dataclass(frozen=True)
class MergedCode:
    """One code of one catalog table, merged over every page that documents it."""

    code: str
    description: str
    description_zh: str | None
    products: tuple[str, ...]
    variants: tuple[Variant, ...]
    path: str  # where the standing text is documented first
    line: int


@dataclass(frozen=True)
class _Row:
    """A documented row with its twin's text, once paired."""

    code: str
    text: str
    text_zh: str | None
    path: str
    line: int
    zh_path: str | None
    zh_line: int | None


@dataclass(frozen=True)
class MergedTable:
    """A catalog table's codes, and the titles of the first documented table routed to it."""

    title: str
    title_zh: str | None
    codes: tuple[MergedCode, ...]


@dataclass
class _Found:
    """Occurrences of one code while merging: product -> its rows, in order."""

    by_product: dict[str, list[_Row]] = field(default_factory=dict)


def merge(
    pages: list[ProductPage],
    products: list[str],
    routes: list[Route],
    errata: list[Erratum],
    spec_path: str,
) -> dict[str, MergedTable]:
    """Catalog table key -> its codes in documentation order (products in `products` order)."""
    used: set[int] = set()
    found: dict[str, dict[str, _Found]] = {}
    titles: dict[str, tuple[str, str | None]] = {}
    order = {product: index for index, product in enumerate(products)}
    for product, english, chinese in _by_product(pages, order):
        for table, twin, rows in _paired_tables(english, chinese, errata, used):
            for row in rows:
                key = _route(routes, table, row)
                titles.setdefault(
                    key, (table.title, twin.title if twin is not None else None)
                )
                codes = found.setdefault(key, {})
                codes.setdefault(row.code, _Found()).by_product.setdefault(
                    product, []
                ).append(row)
    merged = {}
    for key, codes in found.items():
        merged_codes = [
            _merge_code(code, rows, errata, used) for code, rows in codes.items()
        ]
        if all(naming.is_integer_code(code.code) for code in merged_codes):
            merged_codes.sort(key=lambda code: int(code.code))  # like http.HTTPStatus
        merged[key] = MergedTable(*titles[key], tuple(merged_codes))
    stale = next(
        (erratum for index, erratum in enumerate(errata) if index not in used), None
    )
    if stale is not None:
        raise SourceError(
            spec_path,
            stale.line,
            f"{stale.describe()} matches nothing in the documents any more "
            "(XT fixed the page?): remove it from errata",
        )
    return merged


def _by_product(
    pages: list[ProductPage], order: dict[str, int]
) -> list[tuple[str, ProductPage, ProductPage | None]]:
    """(product, English page, Chinese page or None), products in catalog order."""
    grouped: dict[str, dict[str, ProductPage]] = {}
    for page in pages:
        languages = grouped.setdefault(page.product, {})
        other = languages.get(page.language)
        if other is not None:
            raise SourceError(
                page.path,
                1,
                f"product '{page.product}' already has a {page.language} page ({other.path}); "
                "give each page its own product in the spec's products",
            )
        languages[page.language] = page
    found = []
    for product in sorted(grouped, key=lambda name: order.get(name, len(order))):
        languages = grouped[product]
        if "en" not in languages:
            only = languages["zh"]
            raise SourceError(
                only.path,
                1,
                f"product '{product}' has this Chinese page but no English page",
            )
        found.append((product, languages["en"], languages.get("zh")))
    return found


def _paired_tables(
    english: ProductPage,
    chinese: ProductPage | None,
    errata: list[Erratum],
    used: set[int],
) -> list[tuple[document.PageTable, document.PageTable | None, list[_Row]]]:
    """Each English table, its Chinese twin, and its rows, each carrying its twin's text."""
    if chinese is None:
        return [
            (
                table,
                None,
                [
                    _Row(r.code, r.description, None, table.path, r.line, None, None)
                    for r in table.rows
                ],
            )
            for table in english.tables
        ]
    if len(chinese.tables) != len(english.tables):
        raise SourceError(
            chinese.path,
            chinese.tables[min(len(chinese.tables), len(english.tables)) - 1].line,
            f"{len(chinese.tables)} code tables here, {len(english.tables)} in its English page "
            f"{english.path}: the two pages must have the same tables",
        )
    paired: list[tuple[document.PageTable, document.PageTable | None, list[_Row]]] = []
    for table, twin in zip(english.tables, chinese.tables, strict=True):
        paired.append((table, twin, _paired_rows(table, twin, errata, used)))
    return paired


def _paired_rows(
    table: document.PageTable,
    twin: document.PageTable,
    errata: list[Erratum],
    used: set[int],
) -> list[_Row]:
    """Rows matched by code (and by occurrence, for a code listed twice)."""
    waiting: dict[str, list[document.PageRow]] = {}
    for row in twin.rows:
        waiting.setdefault(row.code, []).append(row)
    rows = []
    first_lines: dict[str, int] = {}
    for row in table.rows:
        first_line = first_lines.setdefault(row.code, row.line)
        twins = waiting.get(row.code)
        if twins:
            match = twins.pop(0)
            rows.append(
                _Row(
                    row.code,
                    row.description,
                    match.description,
                    table.path,
                    row.line,
                    twin.path,
                    match.line,
                )
            )
            continue
        index = _find(errata, row.code, (row.description,), missing_in="zh")
        if index is None and first_line != row.line:
            raise SourceError(
                table.path,
                row.line,
                f"code '{row.code}' is listed again here (first on line {first_line}) but not "
                f"again in the Chinese table at {twin.path}:{twin.line}; to accept that, add to "
                f"the spec's errata {{code: {row.code}, texts: [{row.description!r}], "
                "missing_in: zh, why: ...}, then the erratum for the duplicate that the next run names",
            )
        if index is None:
            raise SourceError(
                table.path,
                row.line,
                f"code '{row.code}' is not in the Chinese table at {twin.path}:{twin.line}; "
                f"if XT left it out, add to the spec's errata: "
                f"{{code: {row.code}, texts: [{row.description!r}], missing_in: zh, why: ...}}",
            )
        used.add(index)
        rows.append(
            _Row(row.code, row.description, None, table.path, row.line, None, None)
        )
    for code, left in waiting.items():
        for row in left:
            index = _find(errata, code, (row.description,), missing_in="en")
            if index is None:
                raise SourceError(
                    twin.path,
                    row.line,
                    f"code '{code}' is not in the English table at {table.path}:{table.line}; "
                    f"if XT left it out, add to the spec's errata: "
                    f"{{code: {code}, texts: [{row.description!r}], missing_in: en, why: ...}}",
                )
            used.add(index)
            # No English text: the Chinese one stands for both until XT adds it.
            rows.append(
                _Row(
                    code,
                    row.description,
                    row.description,
                    twin.path,
                    row.line,
                    twin.path,
                    row.line,
                )
            )
    return rows


def _route(routes: list[Route], table: document.PageTable, row: _Row) -> str:
    mine = [route for route in routes if route.header == table.key]
    if not mine:
        return table.key  # a table the spec does not route yet becomes its own
    route = next((route for route in mine if route.takes(row.code)), None)
    if route is None:
        raise SourceError(
            row.path,
            row.line,
            f"code '{row.code}' of table '{table.key}' fits none of the spec's tables "
            f"that take rows of '{table.key}' (their 'from' rules)",
        )
    return route.table


def _merge_code(
    code: str, found: _Found, errata: list[Erratum], used: set[int]
) -> MergedCode:
    # (en, zh, duplicate) -> products, in order of first appearance
    texts: dict[tuple[str, str | None, bool], list[str]] = {}
    first: _Row | None = None
    for product, rows in found.by_product.items():
        standing = _standing(code, rows, errata, used)
        if first is None:
            first = rows[standing]
        for index, row in enumerate(rows):
            key = (row.text, row.text_zh, index != standing)
            products = texts.setdefault(key, [])
            if product not in products:
                products.append(product)
    assert first is not None
    variants = [
        Variant(tuple(products), text, text_zh, duplicate)
        for (text, text_zh, duplicate), products in texts.items()
        if (text, text_zh, duplicate) != (first.text, first.text_zh, False)
    ]
    return MergedCode(
        code=code,
        description=first.text,
        description_zh=first.text_zh,
        products=tuple(found.by_product),
        variants=tuple(variants),
        path=first.path,
        line=first.line,
    )


def _standing(
    code: str, rows: list[_Row], errata: list[Erratum], used: set[int]
) -> int:
    """Which of a product's rows for `code` stands: the only one, or the errata's choice."""
    if len(rows) == 1:
        return 0
    english = _resolve(
        code, [(row.text, row.path, row.line) for row in rows], errata, used
    )
    chinese = [
        (row.text_zh, row.zh_path, row.zh_line)
        for row in rows
        if row.text_zh is not None
    ]
    if len(chinese) > 1 and rows[0].zh_path is not None:
        choice = _resolve(code, chinese, errata, used)  # type: ignore[arg-type]
        if rows[english].text_zh != chinese[choice][0]:
            raise SourceError(
                str(rows[english].zh_path),
                int(rows[english].zh_line or 1),
                f"the errata for '{code}' keep different rows in English "
                f"({rows[english].path}:{rows[english].line}) and in Chinese "
                f"({chinese[choice][1]}:{chinese[choice][2]})",
            )
    return english


def _resolve(
    code: str, rows: list[tuple[str, str, int]], errata: list[Erratum], used: set[int]
) -> int:
    texts = tuple(text for text, _, _ in rows)
    index = _find(errata, code, texts)
    if index is None:
        (_, path, first_line), (second, _, line) = rows[0], rows[1]
        verb = "again, with the same text" if len(set(texts)) == 1 else f"as {second!r}"
        stands = f", stands: {texts[0]!r}"
        raise SourceError(
            path,
            line,
            f"duplicate code '{code}': first on line {first_line} as {texts[0]!r}, here {verb}; "
            f"to accept it, add to the spec's errata: "
            f"{{code: {code}, texts: [{', '.join(map(repr, texts))}]{stands}, why: ...}}",
        )
    used.add(index)
    standing = errata[index].stands
    assert (
        standing is not None
    )  # the spec's checks ask every duplicate's erratum for it
    return texts.index(standing)


def _find(
    errata: list[Erratum],
    code: str,
    texts: tuple[str, ...],
    missing_in: str | None = None,
) -> int | None:
    for index, erratum in enumerate(errata):
        if (erratum.code, erratum.texts, erratum.missing_in) == (
            code,
            texts,
            missing_in,
        ):
            return index
    return None
