"""Stage 2, merging: from the pages' tables to one list of codes per catalog table.

XT documents each API product on pages of its own, in English and in a
Chinese twin with the same codes: one page of response codes per product,
and on its current site one page per futures endpoint. This stage, pure and
free of YAML:

1. pairs each Chinese table with its English one (by position) and each row
   with its twin (by code), so every row carries both texts;
2. routes rows onto the catalog's tables by the spec's `from` rules (`codegen.spec.rules`; the
   futures pages mix HTTP statuses and futures error codes in one table);
3. resolves XT's mistakes by the spec's errata, matched by content (code,
   texts, page), never by line numbers, which shift with every revision: a
   code listed twice on one page, a row or a whole twin missing in one
   language, a code spelled two ways, an odd code read as written; an
   erratum that matches nothing is stale and stops the sync;
4. merges a code documented by several pages into one entry, keeping every
   text a page gives. The text that stands is the first page's, in catalog
   order (the products' response-code pages, then the endpoint pages; each
   in the spec's order of products, then of `pages`); for a code that only
   endpoint pages list, the text most of them give. The others are
   variants, each with the pages that give it.

Every mistake stops with one `SourceError` naming both places involved.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from codegen import naming
from codegen.errors import SourceError, Stops
from codegen.model import Erratum, Variant  # the records the templates read
from codegen.read import document
from codegen.read.tables import PageRow, PageTable
from codegen.spec import rules

LANGUAGES = ("en", "zh")


@dataclass(frozen=True, kw_only=True)
class PagePair:
    """An English page of this run, its Chinese twin, and what the spec says it documents."""

    key: str  # the English page's file name, as the spec's pages name it
    product: str
    endpoint: str | None  # e.g. "POST /future/trade/v1/order/create"
    en: document.Document
    zh: document.Document | None


@dataclass(frozen=True, kw_only=True)
class MergedCode:
    """One code of one catalog table, merged over every page that documents it."""

    code: str
    description: str
    description_zh: str | None
    condition: str | None  # when XT sends it (the loan tables' Trigger Condition)
    condition_zh: str | None
    pages: tuple[str, ...]  # the pairs that document it, in catalog order
    products: tuple[str, ...]
    endpoints: tuple[str, ...]
    spellings: tuple[str, ...]  # other spellings of the code on some pages
    variants: tuple[Variant, ...]
    path: str  # where the standing text is documented first
    line: int


@dataclass(frozen=True, kw_only=True)
class _Row:
    """A documented row with its twin's text, once paired."""

    code: str
    text: str
    text_zh: str | None
    path: str
    line: int
    zh_path: str | None
    zh_line: int | None
    spelled: str  # the code as the page writes it
    wrong: bool = False  # its Chinese text is wrong, by an erratum: set aside
    condition: str | None = None  # when XT sends it, where a table has a column for it
    condition_zh: str | None = None


@dataclass(frozen=True)
class MergedTable:
    """A catalog table's codes, and the titles of the first documented table routed to it."""

    title: str
    title_zh: str | None
    codes: tuple[MergedCode, ...]


@dataclass
class _Found:
    """Occurrences of one code while merging: page pair -> its rows, in order."""

    by_pair: dict[str, list[_Row]] = field(default_factory=dict)


def merge(
    pairs: list[PagePair],
    routes: list[rules.Route],
    errata: list[Erratum],
    spec_path: str,
    stops: Stops | None = None,
) -> dict[str, MergedTable]:
    """Catalog table key -> its codes in documentation order (`pairs` come in catalog order).

    Each page pair and each code is checked on its own: with `stops`, their
    mistakes are recorded there (a pair by its key, a code as "TABLE CODE")
    and the rest is merged, for the sync to find its own mistakes too;
    without, they are raised together at the end.
    """
    own_stops = stops is None
    stops = Stops() if stops is None else stops
    used: set[int] = set()
    _check_endpoints(pairs, errata, used, stops)
    found: dict[str, dict[str, _Found]] = {}
    titles: dict[str, tuple[str, str | None]] = {}
    for pair in pairs:
        routed: list[tuple[str, _Row, tuple[str, str | None]]] = []
        with stops.unit(pair.key):
            routed = _routed_rows(pair, routes, errata, used)
        if pair.key in stops.failed:
            continue
        for key, row, title in routed:
            titles.setdefault(key, title)
            codes = found.setdefault(key, {})
            codes.setdefault(row.code, _Found()).by_pair.setdefault(
                pair.key, []
            ).append(row)
    by_key = {pair.key: pair for pair in pairs}
    merged = {}
    for key, codes in found.items():
        merged_codes = []
        for code, rows in codes.items():
            with stops.unit(f"{key} {code}"):
                merged_codes.append(_merge_code(code, rows, by_key, errata, used))
        if all(naming.is_integer_code(code.code) for code in merged_codes):
            merged_codes.sort(key=lambda code: int(code.code))  # like http.HTTPStatus
        english, chinese = titles[key]
        merged[key] = MergedTable(
            title=english, title_zh=chinese, codes=tuple(merged_codes)
        )
    if not stops.errors:  # else an erratum of a row left unread would look stale
        stops.errors.extend(
            SourceError(
                spec_path,
                erratum.line,
                f"{erratum.describe()} matches nothing in the documents any more "
                "(XT fixed the page?): remove it from errata",
            )
            for index, erratum in enumerate(errata)
            if index not in used
        )
    if own_stops:
        stops.raise_any()
    return merged


# An endpoint as a catalog writes it: a method and a path of plain segments, which
# may hold {placeholders}; nothing a page could smuggle in (markup, spaces, '..').
_CLEAN_ENDPOINT = re.compile(
    r"(?:GET|POST|PUT|DELETE|PATCH) (?:/[A-Za-z0-9_~{}$-][A-Za-z0-9_.~{}$-]*)+/?|"
    r"(?:GET|POST|PUT|DELETE|PATCH) /"
)


def _check_endpoints(
    pairs: list[PagePair], errata: list[Erratum], used: set[int], stops: Stops
) -> None:
    """Each page's endpoint is a clean path that no earlier page claims, unless
    an erratum says the page documents it too ({page, endpoint})."""
    claimed: dict[str, str] = {}
    for pair in pairs:
        endpoint = pair.endpoint
        if endpoint is None:
            continue
        with stops.unit(pair.key):
            if not _CLEAN_ENDPOINT.fullmatch(endpoint) or "/../" in f"{endpoint}/":
                raise SourceError(
                    pair.en.path,
                    1,
                    f"the endpoint {endpoint!r} this page documents is not a clean "
                    "path (a method, then '/'-separated names, no '..' or markup)",
                )
            other = claimed.setdefault(endpoint, pair.key)
            if other != pair.key:
                index = next(
                    (
                        i
                        for i, e in enumerate(errata)
                        if e.page == pair.key and e.endpoint == endpoint
                    ),
                    None,
                )
                if index is None:
                    raise SourceError(
                        pair.en.path,
                        1,
                        f"the page {other} documents {endpoint} too: if both do, add "
                        f"to the spec's errata {{page: {pair.key}, endpoint: "
                        f"{endpoint}, why: ...}}",
                    )
                used.add(index)


def _routed_rows(
    pair: PagePair, routes: list[rules.Route], errata: list[Erratum], used: set[int]
) -> list[tuple[str, _Row, tuple[str, str | None]]]:
    """The rows of one page pair, each with its catalog table and that table's titles."""
    routed = []
    _check_twin(pair, errata, used)
    for table, twin, rows in _paired_tables(pair, routes, errata, used):
        title = (table.title, twin.title if twin is not None else None)
        for row in rows:
            row = dataclasses.replace(row, code=spelled(row.code, errata, used))
            _check_characters(row, errata, used)
            routed.append(
                (rules.route(routes, table, row.code, row.line, pair.key), row, title)
            )
    return routed


def _check_characters(row: _Row, errata: list[Erratum], used: set[int]) -> None:
    """A code of characters outside ASCII is refused unless an erratum reads it as
    written: XT writes its codes in ASCII, and a look-alike letter (Cyrillic А
    for A, full-width Ａ) would make a code no response ever carries, and a
    class named after it."""
    odd = next((char for char in row.code if not char.isascii()), None)
    if odd is None:
        return
    for index, erratum in enumerate(errata):
        if erratum.code == row.code and erratum.as_written:
            used.add(index)
            return
    name = unicodedata.name(odd, f"U+{ord(odd):04X}")
    raise SourceError(
        row.path,
        row.line,
        f"code {row.code!r} holds {name} (U+{ord(odd):04X}), which XT's codes never "
        f"do: fix the page, or if XT really sends it so, add to the spec's errata "
        f"{{code: {row.code}, as_written: true, why: ...}}",
    )


def spelled(code: str, errata: list[Erratum], used: set[int]) -> str:
    """The code a row's code stands for: itself, or the code an erratum says it
    is another spelling of (`invalid state` is `invalid_state`); an odd code
    read as written (`null`) is itself, its erratum matched."""
    for index, erratum in enumerate(errata):
        if erratum.code != code:
            continue
        if erratum.spelling_of is not None:
            used.add(index)
            return erratum.spelling_of
        if erratum.as_written:
            used.add(index)
    return code


def _check_twin(pair: PagePair, errata: list[Erratum], used: set[int]) -> None:
    """A page without a twin is no mistake by itself; an erratum saying so must still be true."""
    for index, erratum in enumerate(errata):
        if erratum.page == pair.key and pair.zh is None and erratum.missing_in == "zh":
            used.add(index)


def _paired_tables(
    pair: PagePair, routes: list[rules.Route], errata: list[Erratum], used: set[int]
) -> list[tuple[PageTable, PageTable | None, list[_Row]]]:
    """Each English table, its Chinese twin, and its rows, each carrying its twin's text."""
    english = [
        mended(_described(table, routes), errata, used) for table in pair.en.tables
    ]
    if pair.zh is None:
        return [
            (
                table,
                None,
                [
                    _row(row, table.path, condition_at=_condition_column(table))
                    for row in table.rows
                ],
            )
            for table in english
        ]
    chinese = [mended(table, errata, used) for table in pair.zh.tables]
    if len(chinese) != len(english):
        raise SourceError(
            pair.zh.path,
            chinese[min(len(chinese), len(english)) - 1].line,
            f"{len(chinese)} code tables here, {len(english)} in its English page "
            f"{pair.en.path}: the two pages must have the same tables",
        )
    paired: list[tuple[PageTable, PageTable | None, list[_Row]]] = []
    for table, twin in zip(english, chinese, strict=True):
        if table.columns:  # the same column as the English table's description
            twin = mended(
                twin.described_by(twin.columns[table.columns.index(table.title)]),
                errata,
                used,
            )
        rows = _paired_rows(table, twin, errata, used)
        paired.append(
            (table, twin, [_checked_text(row, pair, errata, used) for row in rows])
        )
    return paired


def _checked_text(
    row: _Row, pair: PagePair, errata: list[Erratum], used: set[int]
) -> _Row:
    """The row, marked `wrong` when an erratum says its Chinese text is (1=成功 for 0=失败)."""
    for index, erratum in enumerate(errata):
        if (
            erratum.wrong_in == "zh"
            and erratum.code == row.code
            and erratum.page in (None, pair.key)
            and row.text_zh in erratum.texts
        ):
            used.add(index)
            return dataclasses.replace(row, wrong=True)
    return row


# Headers that name a table's description column, when a table has more than two.
_DESCRIPTION_HEADERS = (
    "description",
    "描述",
    "说明",
    "error information",
    "错误信息",
    "msg",
    "message",
)


def _described(table: PageTable, routes: list[rules.Route]) -> PageTable:
    """A table of more than two columns, with the description taken from the right one:
    the column its route names, else the one headed like a description."""
    if not table.columns:
        return table
    named = next(
        (r.description for r in routes if r.header == table.key and r.description), None
    )
    if named is None:
        candidates = [
            c for c in table.columns if c.strip().lower() in _DESCRIPTION_HEADERS
        ]
        if len(candidates) != 1:
            raise SourceError(
                table.path,
                table.line,
                f"table '{table.key}' has {len(table.columns) + 1} columns: name the one with "
                f"the description in the spec's 'from' rule for it, e.g. "
                f"{{header: {table.key}, description: {table.columns[-1]}}}",
            )
        named = candidates[0]
    return table.described_by(named)


def _row(
    row: PageRow,
    path: str,
    twin: PageRow | None = None,
    twin_path: str | None = None,
    condition_at: int | None = None,
) -> _Row:
    """A documented row, with its twin's text once paired, and the cell of its
    condition column (`condition_at`) where its table has one."""
    return _Row(
        code=row.code,
        text=row.description,
        text_zh=twin.description if twin else None,
        path=path,
        line=row.line,
        zh_path=twin_path if twin else None,
        zh_line=twin.line if twin else None,
        spelled=row.code,
        condition=_cell(row, condition_at),
        condition_zh=_cell(twin, condition_at) if twin else None,
    )


def _cell(row: PageRow, at: int | None) -> str | None:
    return row.cells[at] or None if at is not None and at < len(row.cells) else None


# Headers of the column that says when a code is sent (the loan tables).
_CONDITION_HEADERS = ("trigger condition", "触发条件")


def _condition_column(table: PageTable) -> int | None:
    """Where a table of more than two columns says when each code is sent."""
    found = [
        at
        for at, column in enumerate(table.columns)
        if column.strip().lower() in _CONDITION_HEADERS
    ]
    return found[0] if found else None


def mended(table: PageTable, errata: list[Erratum], used: set[int]) -> PageTable:
    """The table with the rows the errata mend: a row whose code cell holds no
    code but stands for one (`stands_for`), a row with its code and text
    swapped (`swapped`). Matched by content: the cells as XT writes them."""
    rows = []
    for row in table.rows:
        for index, erratum in enumerate(errata):
            if erratum.stands_for is not None and row.code == erratum.code:
                row = dataclasses.replace(row, code=erratum.stands_for)
            elif erratum.swapped and row.description == erratum.code:
                row = dataclasses.replace(
                    row, code=row.description, description=row.code
                )
            else:
                continue
            used.add(index)
            break
        rows.append(row)
    return dataclasses.replace(table, rows=tuple(rows))


def _paired_rows(
    table: PageTable,
    twin: PageTable,
    errata: list[Erratum],
    used: set[int],
) -> list[_Row]:
    """Rows matched by code (and by occurrence, for a code listed twice); a row
    of one language only stands by an erratum saying so."""
    waiting: dict[str, list[PageRow]] = {}
    for row in twin.rows:
        waiting.setdefault(row.code, []).append(row)
    rows = []
    first_lines: dict[str, int] = {}
    at = _condition_column(table)
    for row in table.rows:
        first_line = first_lines.setdefault(row.code, row.line)
        twins = waiting.get(row.code)
        if twins:
            rows.append(_row(row, table.path, twins.pop(0), twin.path, at))
            continue
        used.add(_only_in_english(row, first_line, table, twin, errata))
        rows.append(_row(row, table.path, condition_at=at))
    for code, left in waiting.items():
        for row in left:
            index = rules.find(errata, code, (row.description,), missing_in="en")
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
            rows.append(_row(row, twin.path, row, twin.path, at))
    return rows


def _only_in_english(
    row: PageRow,
    first_line: int,
    table: PageTable,
    twin: PageTable,
    errata: list[Erratum],
) -> int:
    """The erratum that accepts an English row its Chinese table lacks; without
    one, the mistake, naming the erratum to add."""
    index = rules.find(errata, row.code, (row.description,), missing_in="zh")
    if index is not None:
        return index
    if first_line != row.line:
        raise SourceError(
            table.path,
            row.line,
            f"code '{row.code}' is listed again here (first on line {first_line}) but not "
            f"again in the Chinese table at {twin.path}:{twin.line}; to accept that, add to "
            f"the spec's errata {{code: {row.code}, texts: [{row.description!r}], "
            "missing_in: zh, why: ...}, then the erratum for the duplicate that the next run names",
        )
    raise SourceError(
        table.path,
        row.line,
        f"code '{row.code}' is not in the Chinese table at {twin.path}:{twin.line}; "
        f"if XT left it out, add to the spec's errata: "
        f"{{code: {row.code}, texts: [{row.description!r}], missing_in: zh, why: ...}}",
    )


def _merge_code(
    code: str,
    found: _Found,
    pairs: dict[str, PagePair],
    errata: list[Erratum],
    used: set[int],
) -> MergedCode:
    # (en, zh, duplicate) -> the pages that give it, in order of first appearance
    texts: dict[tuple[str, str | None, bool], list[str]] = {}
    standing_rows: list[_Row] = []
    for key, rows in found.by_pair.items():
        standing = _standing(code, rows, errata, used)
        if not rows[standing].wrong:
            standing_rows.append(rows[standing])
        for index, row in enumerate(rows):
            set_aside = index != standing or row.wrong
            pages = texts.setdefault((row.text, row.text_zh, set_aside), [])
            if key not in pages:
                pages.append(key)
    if not standing_rows:  # every page's text is wrong: the first stands all the same
        standing_rows = [rows[0] for rows in found.by_pair.values()]
    first = standing_rows[0]
    if pairs[next(iter(found.by_pair))].endpoint is not None:
        # Only endpoint pages list it, often each in its own words: the text
        # most of them give stands (the first of those, on a tie).
        counts = Counter((row.text, row.text_zh) for row in standing_rows)
        first = max(standing_rows, key=lambda row: counts[(row.text, row.text_zh)])
    variants = [
        Variant(
            pages=tuple(pages),
            products=tuple(dict.fromkeys(pairs[key].product for key in pages)),
            endpoints=_endpoints(pairs[key] for key in pages),
            description=text,
            description_zh=text_zh,
            duplicate=duplicate,
        )
        for (text, text_zh, duplicate), pages in texts.items()
        if (text, text_zh, duplicate) != (first.text, first.text_zh, False)
    ]
    documented = [pairs[key] for key in found.by_pair]
    spellings = {row.spelled for rows in found.by_pair.values() for row in rows} - {
        code
    }
    return MergedCode(
        code=code,
        description=first.text,
        description_zh=first.text_zh,
        condition=first.condition,
        condition_zh=first.condition_zh,
        pages=tuple(found.by_pair),
        products=tuple(dict.fromkeys(pair.product for pair in documented)),
        endpoints=_endpoints(documented),
        spellings=tuple(sorted(spellings)),
        variants=tuple(variants),
        path=first.path,
        line=first.line,
    )


def _endpoints(pairs: Iterable[PagePair]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(pair.endpoint for pair in pairs if pair.endpoint))


def _standing(
    code: str, rows: list[_Row], errata: list[Erratum], used: set[int]
) -> int:
    """Which of a product's rows for `code` stands: the only one, or the errata's choice."""
    if len(rows) == 1:
        return 0
    english = rules.resolve(
        code, [(row.text, row.path, row.line) for row in rows], errata, used
    )
    chinese = [
        (row.text_zh, row.zh_path, row.zh_line)
        for row in rows
        if row.text_zh is not None
    ]
    if len(chinese) > 1 and rows[0].zh_path is not None:
        choice = rules.resolve(code, chinese, errata, used)  # type: ignore[arg-type]
        if rows[english].text_zh != chinese[choice][0]:
            raise SourceError(
                str(rows[english].zh_path),
                int(rows[english].zh_line or 1),
                f"the errata for '{code}' keep different rows in English "
                f"({rows[english].path}:{rows[english].line}) and in Chinese "
                f"({chinese[choice][1]}:{chinese[choice][2]})",
            )
    return english
