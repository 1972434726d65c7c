"""How `xt-errors` shows the catalog: a code, a class and listings as lines for a
terminal, and as records for --json.

Each function here reads the catalog and returns text or plain data; the
command (xt_errors.__main__) chooses which to print and where. The words are
xt_errors._words'; what the spec curates in English only (hints, meanings,
products, evidence) is read through the functions at the end of this module.
"""

from __future__ import annotations

import unicodedata

from xt_errors import _codes
from xt_errors._base import plain
from xt_errors._catalog import KINDS
from xt_errors._codes import KIND_CLASSES, TABLES, Code
from xt_errors._lookup import EndpointErrors, caught_by
from xt_errors._raised import exception_class
from xt_errors._search import documented_kin, search
from xt_errors._words import WORDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from xt_errors._base import XTError

WIDTH = 100  # the columns of a listing's lines, at most

# Where XT sends the codes of each kind of table: the words that name it.
_CHANNELS = (
    ("channel http", _codes.HTTP_STATUS_ENUMS),
    ("channel rc", _codes.RETURN_CODE_ENUMS),
    ("channel mc", _codes.MESSAGE_CODE_ENUMS),
    ("channel futures", _codes.ERROR_CODE_ENUMS),
    ("channel websocket", _codes.WEBSOCKET_CODE_ENUMS),
    ("channel websocket text", _codes.WEBSOCKET_TEXT_ENUMS),
)


def channel(member: Code, language: str) -> str:
    """Where XT sends `member`: an HTTP status, a message code (mc), a WebSocket code..."""
    for word, tables in _CHANNELS:
        if type(member) in tables:
            return WORDS[language][word]
    return type(member).__name__


def text_in(member: Code, language: str) -> str:
    """XT's text for `member` in `language`, English where XT gives no Chinese one,
    as a terminal shows it."""
    if language == "zh":
        return plain(member.description_zh or member.description)
    return plain(member.description)


def catch_names(member: Code) -> list[str]:
    """The class raised for `member`, then the classes that also catch it."""
    exception = member.exception
    if exception is None:
        return []
    return [
        cls.__name__
        for cls in exception.__mro__
        if cls.__module__ == "xt_errors" and cls.__name__ != "XTError"
    ] + ["XTError"]


def record(member: Code) -> dict[str, Any]:
    """What --json prints for a code."""
    exception = member.exception
    return {
        "code": member.value,
        "table": type(member).__name__,
        "channel": channel(member, "en"),
        "channel_zh": channel(member, "zh"),
        "enum": f"{type(member).__name__}.{member.name}",
        "description": member.description,
        "description_zh": member.description_zh,
        "products": list(member.products),
        "endpoints": list(member.endpoints),
        "spellings": list(member.spellings),
        "observed": member.observed,
        "evidence": member.evidence,
        "retired": member.retired,
        "texts": member.texts,
        "texts_zh": member.texts_zh,
        "endpoint_texts": member.endpoint_texts,
        "endpoint_texts_zh": member.endpoint_texts_zh,
        "family": member.family,
        "kind": member.kind,
        "retryable": member.retryable,
        "hint": member.hint,
        "exception": exception.__name__ if exception is not None else None,
        "caught_by": catch_names(member),
        "docs_url": member.docs_url,
        "docs_url_zh": member.docs_url_zh,
    }


# -- one code ------------------------------------------------------------------


def explain(member: Code, language: str = "en") -> str:
    """Everything about one code, like `rustc --explain`: XT's text in `language`
    first, then the other language's, where XT sends it, and a row per fact."""
    words = WORDS[language]
    shown = text_in(member, language)
    other = member.description if language == "zh" else member.description_zh
    other = plain(other) if other else other
    texts = member.texts_zh if language == "zh" else member.texts
    evidence = evidence_in(member, language)
    summary, _ = meaning_in(member.kind, language)
    rows = [("other", other)] if other and other != shown else []
    rows.append(("channel", channel(member, language)))
    if member.retired:
        rows.append(("retired", words["retired"].format(date=member.retired)))
    products = ", ".join(product_in(product, language) for product in member.products)
    rows.append(("products", products or "-"))
    rows += [
        ("texts", f"{product_in(product, language)}: {plain(text)}")
        for product, text in texts.items()
        if plain(text) != shown
    ]
    rows += [("endpoints", endpoint) for endpoint in member.endpoints]
    rows += [("spellings", spelling) for spelling in member.spellings]
    if evidence:
        rows.append(("observed", words["observed"].format(evidence=evidence)))
    rows += [
        ("family", member.family or "-"),
        ("meaning", f"{member.kind}: {summary}" if summary else member.kind),
        ("retry", words["yes"] if member.retryable else words["no"]),
        ("what to do", hint_in(member, language) or "-"),
        ("catch", _catch(member, language)),
        ("enum", f"{type(member).__name__}.{member.name}"),
        ("docs", member.docs_url_zh if language == "zh" else member.docs_url),
    ]
    labels = [text for key, text in words.items() if key.startswith("label ")]
    width = max(map(_width, labels)) + 2
    lines = [f"{member.value}: {shown}"]
    lines += [f"  {_pad(words['label ' + key] + ':', width)}{v}" for key, v in rows]
    return "\n".join(lines)


def _catch(member: Code, language: str) -> str:
    """The explanation's "catch" row: the class raised, then the others that catch it."""
    words = WORDS[language]
    names = catch_names(member)
    if not names:
        return words["success"]
    also = f" ({words['also']} {', '.join(names[1:])})" if names[1:] else ""
    return f"xt_errors.{names[0]}{also}"


def several(members: list[Code], value: str, language: str) -> str:
    """The line above the explanations of several codes one value names."""
    words = WORDS[language]
    channels = words["separator"].join(channel(member, language) for member in members)
    return words["several"].format(value=value, n=len(members), channels=channels)


# -- listings: one line per code -------------------------------------------------


def row(member: Code, language: str, text: str | None = None) -> str:
    """One line of a listing: the code, its class and its text, at most WIDTH columns."""
    exception = member.exception
    name = exception.__name__ if exception is not None else "-"
    text = text_in(member, language) if text is None else text
    if member.retired:
        text = f"[{WORDS[language]['retired tag'].format(date=member.retired)}] {text}"
    return fit(f"  {_pad(str(member.value), 22)}{_pad(name, 36)}{text}")


def listing(language: str = "en") -> str:
    """Every code, table by table."""
    lines = []
    for table in TABLES:
        lines.append(f"{table.__name__}:")
        lines += [row(member, language) for member in table]
    return "\n".join(lines)


def class_listing(cls: type[XTError], language: str = "en") -> tuple[str, list[Code]]:
    """What `xt-errors ClassName` prints for a class that catches several codes
    (or none documented), and those codes."""
    words = WORDS[language]
    summary = class_summary(cls, language)
    lines = [
        f"xt_errors.{cls.__name__}: {summary}"
        if summary
        else f"xt_errors.{cls.__name__}"
    ]
    members = list(caught_by(cls))
    kin = documented_kin(cls) if not members else None
    if kin is not None:
        members = list(caught_by(kin))
        lines.append(words["kin"].format(kin=kin.__name__))
    elif not members:
        lines.append(words["catches none"])
    elif len(members) == 1:
        lines.append(words["catches one"])
    else:
        lines.append(words["catches"].format(n=len(members)))
    lines += [row(member, language) for member in members]
    return "\n".join(map(fit, lines)), members


def class_summary(cls: type[XTError], language: str) -> str:
    """What a class stands for, in a line: its meaning, its family, else its docstring's."""
    kinds = {exception_class(name): kind for kind, name in KIND_CLASSES.items()}
    families = {
        exception_class(name): family for family, name in _codes.FAMILY_CLASSES.items()
    }
    if cls in kinds:
        return meaning_in(kinds[cls], language)[0]
    if cls in families:
        return WORDS[language]["family class"].format(family=families[cls])
    kin = documented_kin(cls)
    if kin in families:
        return WORDS[language]["unknown family class"].format(family=families[kin])
    doc = (cls.__doc__ or "").strip().splitlines()
    return doc[0] if doc else ""


def search_listing(
    query: str, language: str = "en"
) -> tuple[str, list[dict[str, Any]]]:
    """What --search prints, as text and as JSON records (each with how it matched);
    no records, and no text, when nothing matches."""
    words = WORDS[language]
    found = search(query)
    if not found:
        return "", []
    shown = repr(" ".join(query.split()))
    # A Chinese query shows the Chinese texts it matched.
    texts = "zh" if is_chinese(query) else language
    matches = words["matches one"] if len(found) == 1 else words["matches"]
    lines = [matches.format(n=len(found), query=shown)]
    by_meaning = [member for member, how in found if how == "meaning"]
    lines += [row(member, texts) for member, how in found if how != "meaning"]
    if by_meaning:
        kinds = ", ".join(dict.fromkeys(member.kind for member in by_meaning))
        lines.append(words["same meaning"].format(kinds=kinds))
        lines += [row(member, texts) for member in by_meaning]
    records = [{**record(member), "match": how} for member, how in found]
    return "\n".join(map(fit, lines)), records


def endpoint_listing(
    endpoint: str, members: EndpointErrors, language: str = "en"
) -> tuple[str, list[dict[str, Any]]]:
    """The codes `endpoint` can answer with, `members`, as text and as JSON
    records: those its page lists, each with the text that page gives it,
    then those its product's general pages list."""
    words = WORDS[language]
    own = members.own
    header = {0: words["endpoint none"], 1: words["endpoint one"]}.get(
        len(own), words["endpoint"]
    )
    records, lines = [], [header.format(endpoint=endpoint.strip(), n=len(own))]
    for member in own:
        texts = member.endpoint_texts_zh if language == "zh" else member.endpoint_texts
        said = (text for point, text in texts.items() if _same_path(point, endpoint))
        text = (
            next(said, None)
            or (language == "zh" and member.description_zh)
            or member.description
        )
        lines.append(row(member, language, plain(text)))
        records.append({**record(member), "listed": "own", "endpoint_text": text})
    if members.general:
        products = words["separator"].join(
            product_in(product, language) for product in members.products
        )
        general = words["endpoint general"].format(
            n=len(members.general), products=products
        )
        lines.append(general)
        for member in members.general:
            lines.append(row(member, language))
            records.append({**record(member), "listed": "general"})
    return "\n".join(map(fit, lines)), records


def _same_path(documented: str, asked: str) -> bool:
    """Whether `asked` (a path, or a method and a path) names the endpoint `documented`."""
    path = "/" + asked.split()[-1].strip("/") if asked.split() else ""
    return documented.split(" ", 1)[-1] == path


# -- history and meanings ------------------------------------------------------------


def events_since(date: str) -> list[dict[str, Any]]:
    """What XT's documentation added, changed and dropped on or after `date`
    (YYYY-MM-DD), oldest first."""
    found: list[dict[str, Any]] = []
    for table in TABLES:
        for member in table:
            code = f"{type(member).__name__} {member.value}"
            texts = {"text": member.description, "text_zh": member.description_zh}
            if member.since is not None and member.since >= date:
                found.append(
                    {"date": member.since, "event": "added", "code": code, **texts}
                )
            found += [
                {
                    "date": change.date,
                    "event": "changed",
                    "code": code,
                    "language": change.language,
                    "from": change.before,
                    "to": change.after,
                }
                for change in member.changes
                if change.date >= date
            ]
            if member.removed is not None and member.removed >= date:
                found.append(
                    {"date": member.removed, "event": "removed", "code": code, **texts}
                )
    return sorted(found, key=lambda event: event["date"])


def events_text(events: list[dict[str, Any]], language: str = "en") -> str:
    """The events of events_since, one line each."""
    words = WORDS[language]
    lines = []
    for event in events:
        said = words[event["event"]]
        if event["event"] == "changed":
            before = f"{event['from']!r} -> " if event["from"] is not None else ""
            what = (
                f"{said} {event['code']} ({event['language']}): {before}{event['to']!r}"
            )
        else:
            text = (language == "zh" and event["text_zh"]) or event["text"]
            what = f"{said} {event['code']}: {text}"
        lines.append(f"{event['date']} {what}")
    return "\n".join(lines) or words["nothing since"]


def kinds() -> list[dict[str, Any]]:
    """Every meaning a code can have, with the class that catches it and its codes."""
    found = []
    for name, (summary, hint) in KINDS.items():
        codes = [m for table in TABLES for m in table if m.kind == name]
        found.append(
            {
                "kind": name,
                "exception": KIND_CLASSES.get(name),
                "summary": summary,
                "hint": hint,
                "codes": [str(m.value) for m in codes],
            }
        )
    return found


def kinds_text(language: str = "en") -> str:
    """Every meaning, a paragraph each: its class, what it says, what to do, its codes."""
    words = WORDS[language]
    blocks = []
    for kind in kinds():
        catch = f"xt_errors.{kind['exception']}" if kind["exception"] else "-"
        summary, hint = meaning_in(kind["kind"], language)
        blocks.append(
            f"{kind['kind']} ({catch}): {summary}\n"
            f"  {words['what to do']}: {hint}\n"
            f"  {words['codes']}: {', '.join(kind['codes']) or '-'}"
        )
    return "\n\n".join(blocks)


# -- columns -------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(1, width - _width(text))


def fit(line: str, width: int = WIDTH) -> str:
    """`line`, cut to `width` columns with an ellipsis where it is longer."""
    if _width(line) <= width:
        return line
    kept, used = [], 1  # the ellipsis takes one column
    for char in line:
        used += _width(char)
        if used > width:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def is_chinese(text: str) -> bool:
    """Whether `text` has a character that takes two columns: Chinese, as typed."""
    return any(_width(char) == 2 for char in text)


# -- what the spec curates: in English only, for now ----------------------------------
# Hints, meanings, product names and the evidence of observed codes are written
# in the spec in English. When the catalog gives them in Chinese too, these
# functions return the Chinese for "zh", and every answer of the command
# follows; nothing else in the command reads them.


def hint_in(found: Code | XTError, language: str) -> str | None:
    """What to do about a code, or about an error (`hint`), in `language`."""
    return found.hint_in(language)


def meaning_in(kind: str, language: str) -> tuple[str, str]:
    """What a meaning (a kind) says, and what to do about it, in `language`."""
    summary, hint = KINDS.get(kind, ("", ""))
    if language == "zh":
        from xt_errors._catalog_zh import KINDS_ZH

        summary_zh, hint_zh = KINDS_ZH.get(kind, (None, None))
        return summary_zh or summary, hint_zh or hint
    return summary, hint


def product_in(product: str, language: str) -> str:
    """A product's name (Spot, 现货...) in `language`; its key when unknown."""
    from xt_errors._catalog import PRODUCTS

    if language == "zh":
        from xt_errors._catalog_zh import PRODUCTS_ZH

        chinese = PRODUCTS_ZH.get(product)
        if chinese:
            return chinese
    return PRODUCTS.get(product, product)


def evidence_in(member: Code, language: str) -> str | None:
    """Where a code no page lists was seen, in `language`; None for a documented code."""
    return member.evidence if member.observed else None
