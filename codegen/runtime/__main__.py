"""Explain a code, like `rustc --explain`: xt-errors AUTH_105 (or python -m xt_errors AUTH_105).

A code is found by its value in any table (AUTH_105, auth105, 429) or by the
exception class raised for it (StaleRequestError). --list lists every code,
--kinds every meaning, --endpoint PATH the codes an endpoint's page lists,
--since DATE what XT's documentation changed since then;
--json prints any of these as JSON. --lang zh shows
XT's Chinese texts first (default: XT_ERRORS_LANGUAGE, else English); both
languages are always shown.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import unicodedata

from xt_errors._base import LANGUAGES, get_language
from xt_errors._catalog import KINDS
from xt_errors._codes import KIND_CLASSES, SOURCES, TABLES, VERSION, Code
from xt_errors._lookup import errors_for, lookup

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _squashed(text: str) -> str:
    return text.strip().lower().replace("_", "").replace("-", "")


def find(text: str) -> list[Code]:
    """Every member `text` names: its code in any table (case, `_` and `-` do not
    matter), or the class raised for it."""
    wanted = text.strip().lower()
    found = [
        member
        for table in TABLES
        for member in table
        if str(member.value).lower() == wanted
    ]
    if not found:
        squashed = _squashed(text)
        found = [
            member
            for table in TABLES
            for member in table
            if _squashed(str(member.value)) == squashed
        ]
    if not found:
        try:
            found = [lookup(text.strip())]
        except KeyError:
            pass
    return found


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
        "enum": f"{type(member).__name__}.{member.name}",
        "description": member.description,
        "description_zh": member.description_zh,
        "products": list(member.products),
        "endpoints": list(member.endpoints),
        "spellings": list(member.spellings),
        "observed": member.observed,
        "evidence": member.evidence,
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


# Field labels of `explain`, per language; hints and meanings are curated in English.
LABELS = {
    "en": {
        "other": "中文",
        "products": "products",
        "endpoints": "endpoints",
        "spellings": "also spelled",
        "observed": "observed",
        "texts": "per product",
        "family": "family",
        "meaning": "meaning",
        "retry": "retry",
        "what to do": "what to do",
        "catch": "catch",
        "enum": "enum",
        "docs": "docs",
    },
    "zh": {
        "other": "English",
        "products": "产品",
        "endpoints": "接口",
        "spellings": "其他写法",
        "observed": "实际响应",
        "texts": "各产品文本",
        "family": "类别",
        "meaning": "含义",
        "retry": "可重试",
        "what to do": "处理建议",
        "catch": "捕获",
        "enum": "枚举",
        "docs": "文档",
    },
}


def text_in(member: Code, language: str) -> str:
    """XT's text for `member` in `language`, English where XT gives no Chinese one."""
    if language == "zh":
        return member.description_zh or member.description
    return member.description


def explain(member: Code, language: str = "en") -> str:
    labels = LABELS[language]
    other = "en" if language == "zh" else "zh"
    names = catch_names(member)
    if not names:
        catch = "nothing: this code means success"
    else:
        catch = f"xt_errors.{names[0]}"
        if names[1:]:
            catch += f" (also caught as {', '.join(names[1:])})"
    summary, _ = KINDS.get(member.kind, ("", ""))
    texts = member.texts_zh if language == "zh" else member.texts
    shown = text_in(member, language)
    differing = {product: text for product, text in texts.items() if text != shown}
    rows = [
        ("other", text_in(member, other)),
        ("products", ", ".join(member.products) or "-"),
        *(("texts", f"{product}: {text}") for product, text in differing.items()),
        *(("endpoints", endpoint) for endpoint in member.endpoints),
        *(("spellings", spelling) for spelling in member.spellings),
        *(
            [("observed", f"not on XT's pages; {member.evidence}")]
            if member.observed
            else []
        ),
        ("family", member.family or "-"),
        ("meaning", f"{member.kind}: {summary}" if summary else member.kind),
        ("retry", "yes, after a pause" if member.retryable else "no"),
        ("what to do", member.hint),
        ("catch", catch),
        ("enum", f"{type(member).__name__}.{member.name}"),
        ("docs", member.docs_url_zh if language == "zh" else member.docs_url),
    ]
    width = max(_width(text) for text in labels.values()) + 2
    lines = [f"{member.value}: {text_in(member, language)}"]
    lines += [f"  {_pad(labels[label] + ':', width)}{value}" for label, value in rows]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(1, width - _width(text))


def listing(language: str = "en") -> str:
    lines = []
    for table in TABLES:
        lines.append(f"{table.__name__}:")
        for member in table:
            exception = member.exception
            name = exception.__name__ if exception is not None else "-"
            text = text_in(member, language)
            lines.append(f"  {member.value!s:<24} {name:<36} {text}")
    return "\n".join(lines)


def endpoint_listing(
    endpoint: str, language: str = "en"
) -> tuple[str, list[dict[str, Any]]]:
    """The codes the page of `endpoint` lists, as text and as JSON records.

    Raises KeyError, with suggestions, for an endpoint no page documents.
    """
    members = errors_for(endpoint)
    records, lines = [], [f"{endpoint.strip()}: {len(members)} codes its page lists"]
    for member in members:
        exception = member.exception
        name = exception.__name__ if exception is not None else "-"
        texts = member.endpoint_texts_zh if language == "zh" else member.endpoint_texts
        shown = next(
            (text for point, text in texts.items() if _same_path(point, endpoint)), None
        )
        text = shown or text_in(member, language)
        lines.append(f"  {member.value!s:<50} {name:<44} {text}")
        records.append({**record(member), "endpoint_text": text})
    return "\n".join(lines), records


def _same_path(documented: str, asked: str) -> bool:
    """Whether `asked` (a path, or a method and a path) names the endpoint `documented`."""
    path = "/" + asked.split()[-1].strip("/") if asked.split() else ""
    return documented.split(" ", 1)[-1] == path


def events_since(date: str) -> list[dict[str, Any]]:
    """What XT's documentation added, changed and dropped on or after `date`, oldest first."""
    found: list[dict[str, Any]] = []
    for table in TABLES:
        for member in table:
            code = f"{type(member).__name__} {member.value}"
            since, removed = member.since, member.removed
            if since is not None and since >= date:
                found.append(
                    {
                        "date": since,
                        "event": "added",
                        "code": code,
                        "text": member.description,
                    }
                )
            for change in member.changes:
                if change.date >= date:
                    found.append(
                        {
                            "date": change.date,
                            "event": "changed",
                            "code": code,
                            "language": change.language,
                            "from": change.before,
                            "to": change.after,
                        }
                    )
            if removed is not None and removed >= date:
                found.append(
                    {
                        "date": removed,
                        "event": "removed",
                        "code": code,
                        "text": member.description,
                    }
                )
    return sorted(found, key=lambda event: event["date"])


def events_text(events: list[dict[str, Any]]) -> str:
    lines = []
    for event in events:
        if event["event"] == "changed":
            before = f"{event['from']!r} -> " if event["from"] is not None else ""
            what = f"changed {event['code']} ({event['language']}): {before}{event['to']!r}"
        else:
            what = f"{event['event']} {event['code']}: {event['text']}"
        lines.append(f"{event['date']} {what}")
    return "\n".join(lines) or "nothing since then"


def kinds() -> list[dict[str, Any]]:
    """Every meaning a code can have, with the class that catches it and its codes."""
    found = []
    for name, (summary, hint) in KINDS.items():
        cls = KIND_CLASSES.get(name)
        codes = [m for table in TABLES for m in table if m.kind == name]
        found.append(
            {
                "kind": name,
                "exception": cls.__name__ if cls is not None else None,
                "summary": summary,
                "hint": hint,
                "codes": [str(m.value) for m in codes],
            }
        )
    return found


def kinds_text() -> str:
    blocks = []
    for kind in kinds():
        catch = f"xt_errors.{kind['exception']}" if kind["exception"] else "-"
        blocks.append(
            f"{kind['kind']} ({catch}): {kind['summary']}\n"
            f"  what to do: {kind['hint']}\n"
            f"  codes: {', '.join(kind['codes']) or '-'}"
        )
    return "\n\n".join(blocks)


def version() -> str:
    """The package's version and the documentation it was generated from."""
    return f"xt-errors {VERSION}, generated from {SOURCES}"


def main(argv: list[str] | None = None) -> int:
    # A console that cannot show Chinese (cp1252 on Windows) gets escapes, not a traceback.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    try:
        status = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, not as a warning at exit
    except BrokenPipeError:
        # `xt-errors --list | head`: the reader left early, nothing is wrong.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return status


def _main(argv: list[str] | None) -> int:
    as_module = sys.argv[0].endswith("__main__.py")
    program = "python -m xt_errors" if as_module else "xt-errors"
    parser = argparse.ArgumentParser(
        prog=program,
        description="Explain an XT API response code.",
        formatter_class=argparse.RawDescriptionHelpFormatter,  # --version unwrapped
    )
    parser.add_argument(
        "code", nargs="?", help="a code (AUTH_105, auth105, 429) or a class name"
    )
    parser.add_argument("--list", action="store_true", help="list every code")
    parser.add_argument("--kinds", action="store_true", help="list every meaning")
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="what XT's documentation added, changed or dropped since DATE (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--endpoint",
        metavar="PATH",
        help="list the codes an endpoint's page lists, e.g. 'POST /future/trade/v1/order/create'",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=get_language(),
        help="the language of XT's texts shown first (default: XT_ERRORS_LANGUAGE, else en)",
    )
    parser.add_argument("--version", action="version", version=version())
    args = parser.parse_args(argv)
    if args.list:
        if args.json:
            print(json.dumps([record(m) for table in TABLES for m in table], indent=2))
        else:
            print(listing(args.lang))
        return 0
    if args.kinds:
        print(json.dumps(kinds(), indent=2) if args.json else kinds_text())
        return 0
    if args.since is not None:
        import re

        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.since.strip()):
            print(
                f"{program}: --since takes a date as YYYY-MM-DD, not {args.since!r}",
                file=sys.stderr,
            )
            return 2
        events = events_since(args.since.strip())
        print(json.dumps(events, indent=2) if args.json else events_text(events))
        return 0
    if args.endpoint is not None:
        try:
            text, records = endpoint_listing(args.endpoint, args.lang)
        except KeyError as error:
            print(f"{program}: {error.args[0]}", file=sys.stderr)
            return 1
        print(json.dumps(records, indent=2) if args.json else text)
        return 0
    if args.code is None:
        parser.print_usage(sys.stderr)
        return 2
    if not args.code.strip():
        print(f"{program}: the code is empty", file=sys.stderr)
        return 2
    found = find(args.code)
    if not found:
        known = [str(member.value) for table in TABLES for member in table]
        by_case = {code.lower(): code for code in known}
        close = difflib.get_close_matches(
            args.code.lower(), list(by_case), n=5, cutoff=0.6
        )
        message = f"unknown code {args.code!r}"
        if close:
            suggestions = ", ".join(by_case[code] for code in close)
            message += f"; did you mean {suggestions}?"
        print(message, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([record(member) for member in found], indent=2))
    else:
        print("\n\n".join(explain(member, args.lang) for member in found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
