"""The spec's rules for XT's pages, and applying them to a row: where the rows of a
documented table go (`Route`, from a table's `from` rules) and how a mistake in
the pages is resolved (`Erratum`, matched by content, never by line)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from codegen import document, naming
from codegen.errors import SourceError


@dataclass(frozen=True)
class Route:
    """Rows of documented tables headed `header` go to `table`: all of them, or only
    the integer codes, the named ones, those matching a pattern, or those of some
    pages. A rule that names its pages is tried before the others."""

    table: str
    header: str
    rows: str = "all"  # "all", "integers" or "names"
    codes: str | None = None  # a pattern such as "GATEWAY_*"
    # the column of the description, for a table of more than two
    description: str | None = None
    # a pattern of English file names, such as "xt-websocket-*"
    pages: str | None = None

    def takes(self, code: str, page: str) -> bool:
        if self.pages is not None and not fnmatch.fnmatchcase(page, self.pages):
            return False
        if self.codes is not None and not fnmatch.fnmatchcase(code, self.codes):
            return False
        if self.rows == "integers":
            return naming.is_integer_code(code)
        if self.rows == "names":
            return not naming.is_integer_code(code)
        return True


@dataclass(frozen=True)
class Erratum:
    """How the spec resolves a mistake in XT's pages, matched by content."""

    code: str | None  # the code it is about; None for a page's erratum
    page: str | None  # the page it is about (a page without a twin)
    texts: tuple[str, ...]  # the rows' texts, in page order
    stands: str | None  # for a duplicate code: the text that stands
    # for a row (or a page's twin) one language lacks: that language
    missing_in: str | None
    spelling_of: str | None  # the code `code` is another spelling of
    as_written: bool  # an odd code (`null`), read as XT writes it
    # the language in which a page gives `code` one of `texts`, wrongly
    wrong_in: str | None
    line: int  # in the spec, for messages

    def describe(self) -> str:
        if self.page is not None:
            return f"erratum for page '{self.page}'"
        if self.spelling_of is not None:
            return f"erratum for '{self.code}' (a spelling of '{self.spelling_of}')"
        if self.as_written:
            return f"erratum for '{self.code}' (read as written)"
        if self.wrong_in:
            return f"erratum for '{self.code}' (wrong {self.wrong_in} text {' / '.join(map(repr, self.texts))})"
        return f"erratum for '{self.code}' ({' / '.join(map(repr, self.texts))})"


def route(
    routes: list[Route], table: document.PageTable, code: str, line: int, page: str
) -> str:
    """The catalog table a documented row goes to, by the spec's `from` rules."""
    mine = [route for route in routes if route.header == table.key]
    if not mine:
        return table.key  # a table the spec does not route yet becomes its own
    mine.sort(key=lambda route: route.pages is None)  # stable: rules naming pages first
    found = next((route for route in mine if route.takes(code, page)), None)
    if found is None:
        raise SourceError(
            table.path,
            line,
            f"code '{code}' of table '{table.key}' fits none of the spec's tables "
            f"that take rows of '{table.key}' (their 'from' rules)",
        )
    return found.table


def standing(
    code: str, rows: list[tuple[str, str, int]], errata: list[Erratum], used: set[int]
) -> str:
    """The text that stands of a code a page lists more than once: (text, path, line)
    rows in page order; the errata say which (a SourceError when none does)."""
    return rows[resolve(code, rows, errata, used)][0]


def resolve(
    code: str, rows: list[tuple[str, str, int]], errata: list[Erratum], used: set[int]
) -> int:
    texts = tuple(text for text, _, _ in rows)
    index = find(errata, code, texts)
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
    # the spec's checks ask every duplicate's erratum for it
    assert standing is not None
    return texts.index(standing)


def find(
    errata: list[Erratum],
    code: str,
    texts: tuple[str, ...],
    missing_in: str | None = None,
) -> int | None:
    for index, erratum in enumerate(errata):
        if (
            erratum.spelling_of is None
            and erratum.page is None
            and not erratum.as_written
        ):
            if (erratum.code, erratum.texts, erratum.missing_in) == (
                code,
                texts,
                missing_in,
            ):
                return index
    return None
