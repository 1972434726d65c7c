"""The spec's rules for XT's pages, and applying them to a row: where the rows of a
documented table go (`Route`, from a table's `from` rules) and how a mistake in
the pages is resolved (`Erratum`, matched by content, never by line)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import naming
from codegen.errors import SourceError
from codegen.model import Erratum
from codegen.read.document import Repair
from codegen.read.tables import PageTable


@dataclass(frozen=True, kw_only=True)
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


def route(
    routes: list[Route], table: PageTable, code: str, line: int, page: str
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
            and erratum.stands_for is None
            and not erratum.swapped
            and erratum.endpoint is None
        ):
            if (erratum.code, erratum.texts, erratum.missing_in) == (
                code,
                texts,
                missing_in,
            ):
                return index
    return None


# -- the rules as the spec writes them ---------------------------------------


def routes(spec: CommentedMap) -> list[Route]:
    """The spec's `from` rules, a route per rule; a table without any takes its own header."""
    found = []
    for key, table in spec["tables"].items():
        from_rules = table.get("from")
        if from_rules is None:
            found.append(Route(table=str(key), header=str(key)))
            continue
        found.extend(
            Route(
                table=str(key),
                header=rule["header"],
                rows=rule.get("rows", "all"),
                codes=rule.get("codes"),
                description=rule.get("description"),
                pages=rule.get("pages"),
            )
            for rule in from_rules
        )
    return found


def errata(spec: CommentedMap, section: str = "errata") -> list[Erratum]:
    """The errata of the spec's `section` (`errata`, or `history_errata` for past
    pages), each built once here for every stage that applies or shows them."""
    found = []
    entries: CommentedSeq = spec.get(section) or CommentedSeq()
    for index, entry in enumerate(entries):
        if "revision" in entry:
            continue  # a past page's broken table: see history_repairs
        found.append(
            Erratum(
                code=str(entry["code"]) if "code" in entry else None,
                page=entry.get("page"),
                texts=tuple(entry.get("texts") or ()),
                stands=entry.get("stands"),
                missing_in=entry.get("missing_in"),
                spelling_of=entry.get("spelling_of"),
                as_written=entry.get("as_written", False),
                stands_for=entry.get("stands_for"),
                swapped=entry.get("swapped", False),
                endpoint=entry.get("endpoint"),
                wrong_in=entry.get("wrong_in"),
                why=entry["why"],
                line=entries.lc.item(index)[0] + 1,
            )
        )
    return found


def history_repairs(spec: CommentedMap) -> dict[str, list[tuple[int, Repair]]]:
    """The history errata that mend a past page's broken table: revision -> (spec line, repair)."""
    found: dict[str, list[tuple[int, Repair]]] = {}
    section: CommentedSeq = spec.get("history_errata") or CommentedSeq()
    for index, entry in enumerate(section):
        if "revision" in entry and not entry.get("skip"):
            heads = entry.get("heads")
            key = heads if isinstance(heads, str) else None
            repair = Repair(
                row=str(entry["row"]).strip(), joins=bool(entry.get("joins")), key=key
            )
            line = section.lc.item(index)[0] + 1
            found.setdefault(str(entry["revision"]), []).append((line, repair))
    return found


def history_skips(spec: CommentedMap) -> dict[tuple[str, str], int]:
    """The history errata that set aside a wrong revision of a page: (commit or
    revision file, page) -> the erratum's spec line."""
    found: dict[tuple[str, str], int] = {}
    section: CommentedSeq = spec.get("history_errata") or CommentedSeq()
    for index, entry in enumerate(section):
        if "revision" in entry and entry.get("skip"):
            key = (str(entry["revision"]), str(entry["page"]))
            found[key] = section.lc.item(index)[0] + 1
    return found
