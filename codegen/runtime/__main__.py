"""Explain a code, like `rustc --explain`: xt-errors AUTH_105 (or python -m xt_errors AUTH_105).

A code is found by its value in any table (AUTH_105, auth105, 429) or by the
exception class raised for it (StaleRequestError); a class that catches
several codes (InsufficientFundsError, AuthError) lists them. --search WORDS
searches the codes' texts in English and Chinese (see xt_errors._search for
the ranking); a query that is neither a code nor a class, and a search
nothing matches, get suggestions, never nothing, and exit status 1. --list lists every code, --kinds every
meaning, --endpoint PATH the codes an endpoint's page lists, --since DATE what
XT's documentation changed since then; --json prints any of these as JSON,
errors included. --lang zh shows XT's Chinese texts first and the CLI's own
words in Chinese (default: XT_ERRORS_LANGUAGE, else English); both languages
of XT's texts are always shown. Hints and meanings are curated in English.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata

from xt_errors._base import LANGUAGES, get_language
from xt_errors._catalog import KINDS
from xt_errors._codes import KIND_CLASSES, SOURCES, TABLES, VERSION, Code
from xt_errors._lookup import caught_by, errors_for
from xt_errors._search import (
    class_named,
    codes_named,
    documented_kin,
    family_of,
    search,
    suggestions,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

    from xt_errors._base import XTError

WIDTH = 100  # the columns of a listing's lines, at most


def find(text: str) -> list[Code]:
    """Every member `text` names: its code in any table (case, `_` and `-` do not
    matter), or the class raised for it alone."""
    found = codes_named(text)
    if not found:
        cls = class_named(text)
        caught = list(caught_by(cls)) if cls is not None else []
        if len(caught) == 1:
            found = caught
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


# Field labels of `explain`, per language; hints and meanings are curated in English.
LABELS = {
    "en": {
        "other": "中文",
        "retired": "retired",
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
        "retired": "已停用",
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

# The CLI's own words, per language (XT's texts come from the catalog).
WORDS = {
    "en": {
        "yes": "yes, after a pause",
        "no": "no",
        "success": "nothing: this code means success",
        "also": "also caught as",
        "observed": "not on XT's pages; {evidence}",
        "retired": "yes: XT dropped it from its documentation on {date}; XT may still send it",
        "retired tag": "retired {date}",
        "catches": "catches {n} codes:",
        "catches one": "catches 1 code:",
        "catches none": "catches no documented code.",
        "kin": "raised for a code not listed yet; the documented ones (xt_errors.{kin}):",
        "matches": "{n} codes match {query}, best first:",
        "matches one": "1 code matches {query}:",
        "same meaning": "meaning the same ({kinds}):",
        "no match": "no code's text matches {query}",
        "unknown": "unknown code or class {query}",
        "did you mean": "did you mean",
        "family": "an {code} sent by XT would raise xt_errors.{cls} (see: {program} {family})",
        "see also": "every code: {program} --list; search the texts: {program} --search {query}",
        "every code": "every code: {program} --list",
        "endpoint": "{endpoint}: {n} codes its page lists",
        "endpoint one": "{endpoint}: 1 code its page lists",
        "what to do": "what to do",
        "codes": "codes",
        "added": "added",
        "changed": "changed",
        "removed": "removed",
        "nothing since": "nothing since then",
    },
    "zh": {
        "yes": "是，稍候再试",
        "no": "否",
        "success": "无：此代码表示成功",
        "also": "亦可捕获为",
        "observed": "XT 的文档未列出；{evidence}",
        "retired": "是：XT 已于 {date} 从文档中删除此代码；XT 仍可能返回它",
        "retired tag": "已停用 {date}",
        "catches": "捕获 {n} 个代码：",
        "catches one": "捕获 1 个代码：",
        "catches none": "不捕获任何已记录的代码。",
        "kin": "用于尚未列出的代码；已记录的代码（xt_errors.{kin}）：",
        "matches": "{n} 个代码匹配 {query}，按相关度排列：",
        "matches one": "1 个代码匹配 {query}：",
        "same meaning": "含义相同（{kinds}）：",
        "no match": "没有代码的文本匹配 {query}",
        "unknown": "未知的代码或类 {query}",
        "did you mean": "您是否要找",
        "family": "XT 返回 {code} 时将抛出 xt_errors.{cls}（参见：{program} {family}）",
        "see also": "所有代码：{program} --list；搜索文本：{program} --search {query}",
        "every code": "所有代码：{program} --list",
        "endpoint": "{endpoint}：其页面列出 {n} 个代码",
        "endpoint one": "{endpoint}：其页面列出 1 个代码",
        "what to do": "处理建议",
        "codes": "代码",
        "added": "新增",
        "changed": "修改",
        "removed": "删除",
        "nothing since": "此后没有变化",
    },
}


def text_in(member: Code, language: str) -> str:
    """XT's text for `member` in `language`, English where XT gives no Chinese one."""
    if language == "zh":
        return member.description_zh or member.description
    return member.description


def explain(member: Code, language: str = "en") -> str:
    labels, words = LABELS[language], WORDS[language]
    other = "en" if language == "zh" else "zh"
    names = catch_names(member)
    if not names:
        catch = words["success"]
    else:
        catch = f"xt_errors.{names[0]}"
        if names[1:]:
            catch += f" ({words['also']} {', '.join(names[1:])})"
    summary, _ = KINDS.get(member.kind, ("", ""))
    texts = member.texts_zh if language == "zh" else member.texts
    shown = text_in(member, language)
    differing = {product: text for product, text in texts.items() if text != shown}
    retired = member.retired
    rows = [
        ("other", text_in(member, other)),
        *([("retired", words["retired"].format(date=retired))] if retired else []),
        ("products", ", ".join(member.products) or "-"),
        *(("texts", f"{product}: {text}") for product, text in differing.items()),
        *(("endpoints", endpoint) for endpoint in member.endpoints),
        *(("spellings", spelling) for spelling in member.spellings),
        *(
            [("observed", words["observed"].format(evidence=member.evidence))]
            if member.observed
            else []
        ),
        ("family", member.family or "-"),
        ("meaning", f"{member.kind}: {summary}" if summary else member.kind),
        ("retry", words["yes"] if member.retryable else words["no"]),
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


def _fit(line: str, width: int = WIDTH) -> str:
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


def row(member: Code, language: str, text: str | None = None) -> str:
    """One line of a listing: the code, its class and its text, at most WIDTH columns."""
    exception = member.exception
    name = exception.__name__ if exception is not None else "-"
    text = text_in(member, language) if text is None else text
    if member.retired:
        text = f"[{WORDS[language]['retired tag'].format(date=member.retired)}] {text}"
    return _fit(f"  {_pad(str(member.value), 22)}{_pad(name, 36)}{text}")


def listing(language: str = "en") -> str:
    lines = []
    for table in TABLES:
        lines.append(f"{table.__name__}:")
        lines += [row(member, language) for member in table]
    return "\n".join(lines)


def class_listing(cls: type[XTError], language: str = "en") -> tuple[str, list[Code]]:
    """What `xt-errors ClassName` prints for a class that catches several codes
    (or none documented), and those codes."""
    words = words_of(language)
    doc = (cls.__doc__ or "").strip().splitlines()
    lines = [
        _fit(
            f"xt_errors.{cls.__name__}: {doc[0]}"
            if doc
            else f"xt_errors.{cls.__name__}"
        )
    ]
    members = list(caught_by(cls))
    kin = documented_kin(cls) if not members else None
    if kin is not None:
        members = list(caught_by(kin))
        lines.append(words["kin"].format(kin=kin.__name__))
    elif not members:
        lines.append(words["catches none"])
    else:
        one = len(members) == 1
        lines.append(
            words["catches one"] if one else words["catches"].format(n=len(members))
        )
    lines += [row(member, language) for member in members]
    return "\n".join(map(_fit, lines)), members


def words_of(language: str) -> dict[str, str]:
    return WORDS[language]


def search_listing(
    query: str, language: str = "en"
) -> tuple[str, list[dict[str, Any]]]:
    """What --search prints, as text and as JSON records (each with how it matched);
    no records, and no text, when nothing matches (see no_match)."""
    words = words_of(language)
    found = search(query)
    shown = repr(" ".join(query.split()))
    if not found:
        return "", []
    # A Chinese query shows the Chinese texts it matched.
    texts = "zh" if any(_width(char) == 2 for char in query) else language
    matches = words["matches one"] if len(found) == 1 else words["matches"]
    lines = [matches.format(n=len(found), query=shown)]
    by_meaning = [member for member, how in found if how == "meaning"]
    lines += [row(member, texts) for member, how in found if how != "meaning"]
    if by_meaning:
        kinds = ", ".join(dict.fromkeys(member.kind for member in by_meaning))
        lines.append(words["same meaning"].format(kinds=kinds))
        lines += [row(member, texts) for member in by_meaning]
    records = [{**record(member), "match": how} for member, how in found]
    return "\n".join(map(_fit, lines)), records


def no_match(query: str, program: str, language: str = "en") -> dict[str, Any]:
    """What --search answers when no code matches: one line, with suggestions
    (never none) and where every code is listed. `text` for a terminal, the
    rest for --json."""
    words = words_of(language)
    shown = repr(" ".join(query.split())[:100])
    suggested = suggestions(query)
    semicolon, colon, mark = (
        ("；", "：", "？") if language == "zh" else ("; ", ": ", "? ")
    )
    text = (
        f"{words['no match'].format(query=shown)}{semicolon}"
        f"{words['did you mean']}{colon}{', '.join(suggested)}{mark}"
        f"{words['every code'].format(program=program)}"
    )
    return {"error": "no match", "query": query, "suggestions": suggested, "text": text}


def unknown(query: str, program: str, language: str = "en") -> dict[str, Any]:
    """What the CLI answers for a query that names no code and no class: never
    without a suggestion. `text` for a terminal, the rest for --json."""
    words = words_of(language)
    shown = repr(query.strip()[:100])
    suggested = suggestions(query)
    unknown = words["unknown"].format(query=shown)
    lines = [f"{unknown}; {words['did you mean']}: {', '.join(suggested)}?"]
    family = family_of(query)
    note = None
    if family is not None:
        from xt_errors._lookup import unknown_code_class

        cls = unknown_code_class(family, query.strip().upper())
        kin = documented_kin(cls)
        note = words["family"].format(
            code=query.strip().upper()[:100],
            cls=cls.__name__,
            program=program,
            family=kin.__name__ if kin is not None else cls.__name__,
        )
        lines.append(note)
    quoted = query.strip()[:100]
    quoted = quoted if quoted.isidentifier() else repr(quoted)
    lines.append(words["see also"].format(program=program, query=quoted))
    return {
        "error": "unknown code",
        "query": query,
        "suggestions": suggested,
        "note": note,
        "text": "\n".join(lines),
    }


def endpoint_listing(
    endpoint: str, language: str = "en"
) -> tuple[str, list[dict[str, Any]]]:
    """The codes the page of `endpoint` lists, as text and as JSON records.

    Raises KeyError, with suggestions, for an endpoint no page documents.
    """
    members = errors_for(endpoint)
    words = words_of(language)
    header = (words["endpoint one"] if len(members) == 1 else words["endpoint"]).format(
        endpoint=endpoint.strip(), n=len(members)
    )
    records, lines = [], [header]
    for member in members:
        texts = member.endpoint_texts_zh if language == "zh" else member.endpoint_texts
        shown = next(
            (text for point, text in texts.items() if _same_path(point, endpoint)), None
        )
        text = shown or text_in(member, language)
        lines.append(row(member, language, text))
        records.append({**record(member), "endpoint_text": text})
    return "\n".join(map(_fit, lines)), records


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


def events_text(events: list[dict[str, Any]], language: str = "en") -> str:
    words = words_of(language)
    lines = []
    for event in events:
        said = words[event["event"]]
        if event["event"] == "changed":
            before = f"{event['from']!r} -> " if event["from"] is not None else ""
            what = (
                f"{said} {event['code']} ({event['language']}): {before}{event['to']!r}"
            )
        else:
            what = f"{said} {event['code']}: {event['text']}"
        lines.append(f"{event['date']} {what}")
    return "\n".join(lines) or words["nothing since"]


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


def kinds_text(language: str = "en") -> str:
    words = words_of(language)
    blocks = []
    for kind in kinds():
        catch = f"xt_errors.{kind['exception']}" if kind["exception"] else "-"
        blocks.append(
            f"{kind['kind']} ({catch}): {kind['summary']}\n"
            f"  {words['what to do']}: {kind['hint']}\n"
            f"  {words['codes']}: {', '.join(kind['codes']) or '-'}"
        )
    return "\n\n".join(blocks)


def version() -> str:
    """The package's version and the documentation it was generated from."""
    return f"xt-errors {VERSION}, generated from {SOURCES}"


SEARCH_HELP = """\
search: --search WORDS ranks every code by
  1. the code itself, or a class that catches it (InsufficientFundsError);
  2. the words as whole words of an English text of the code, or of its class name;
  3. the words in a Chinese text of the code (余额不足);
  4. the words as part of the code, its class or any text;
  5. the same meaning (kind) as a code whose texts matched by 2 or 3;
  and within a rank, a text that starts with the words, then the shorter text.
A query that names no code and no class exits with status 1 and suggestions, never
none: close codes and classes, codes of the family its prefix names, then the best
matches of a search for it (as JSON on stdout with --json, like every error, a
usage error included). A search nothing matches exits with status 1 too.
"""


def dumps(value: object) -> str:
    """`value` as --json prints it: Chinese as it reads (ensure_ascii=False), unless
    stdout cannot show it (cp1252 on Windows, a lone surrogate from argv); then
    as JSON's \\u escapes, still valid JSON, never backslashreplace's \\U ones."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    if not text.isascii():
        try:
            text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            return json.dumps(value, indent=2)
    return text


def wants_json(argv: list[str]) -> bool:
    """Whether the arguments ask for --json (argparse takes --js, --jso for it too)."""
    for argument in argv:
        if argument == "--":
            return False
        if argument.startswith("--j") and "--json".startswith(
            argument.split("=", 1)[0]
        ):
            return True
    return False


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors come as JSON on stdout with --json."""

    json_errors = False

    def error(self, message: str) -> NoReturn:
        if not self.json_errors:
            super().error(message)
        problem = {
            "error": "bad usage",
            "message": message,
            "usage": self.format_usage().strip(),
        }
        print(dumps(problem))
        self.exit(2)


def main(argv: list[str] | None = None) -> int:
    # A console that cannot show Chinese (cp1252 on Windows) gets escapes, not a traceback.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    reconfigure = getattr(sys.stderr, "reconfigure", None)
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
    parser = Parser(
        prog=program,
        description="Explain an XT API response code.",
        epilog=SEARCH_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,  # --version unwrapped
    )
    parser.add_argument(
        "code",
        nargs="?",
        help="a code (AUTH_105, auth105, 429) or a class name "
        "(StaleRequestError; InsufficientFundsError lists the codes it catches)",
    )
    parser.add_argument(
        "--search",
        nargs="+",
        metavar="WORDS",
        help="the codes whose texts match WORDS, in English or Chinese, best first",
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
    parser.add_argument("--json", action="store_true", help="print JSON, errors too")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=get_language(),
        help="the language of XT's texts shown first and of the CLI's own words "
        "(default: XT_ERRORS_LANGUAGE, else en)",
    )
    parser.add_argument("--version", action="version", version=version())
    parser.json_errors = wants_json(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    language: str = args.lang

    def fail(status: int, problem: dict[str, Any], text: str) -> int:
        """An error: JSON on stdout with --json, else `text` on stderr."""
        if args.json:
            print(dumps(problem))
        else:
            print(text, file=sys.stderr)
        return status

    if args.list:
        if args.json:
            print(dumps([record(m) for table in TABLES for m in table]))
        else:
            print(listing(language))
        return 0
    if args.kinds:
        print(dumps(kinds()) if args.json else kinds_text(language))
        return 0
    if args.since is not None:
        import re

        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.since.strip()):
            message = f"--since takes a date as YYYY-MM-DD, not {args.since!r}"
            problem = {"error": "bad date", "query": args.since, "message": message}
            return fail(2, problem, f"{program}: {message}")
        events = events_since(args.since.strip())
        print(dumps(events) if args.json else events_text(events, language))
        return 0
    if args.endpoint is not None:
        try:
            text, records = endpoint_listing(args.endpoint, language)
        except KeyError as error:
            message = str(error.args[0])
            problem = {
                "error": "unknown endpoint",
                "query": args.endpoint,
                "message": message,
            }
            return fail(1, problem, f"{program}: {message}")
        print(dumps(records) if args.json else text)
        return 0
    if args.search is not None:
        query = " ".join(args.search)
        text, records = search_listing(query, language)
        if not records:
            answer = no_match(query, program, language)
            return fail(1, answer, answer.pop("text"))
        print(dumps(records) if args.json else text)
        return 0
    if args.code is None:
        parser.print_usage(sys.stderr)
        return 2
    if not args.code.strip():
        problem = {"error": "empty code", "query": args.code}
        return fail(2, problem, f"{program}: the code is empty")
    found = find(args.code)
    if found:
        if args.json:
            print(dumps([record(member) for member in found]))
        else:
            print("\n\n".join(explain(member, language) for member in found))
        return 0
    cls = class_named(args.code)
    if cls is not None:
        text, members = class_listing(cls, language)
        print(dumps([record(m) for m in members]) if args.json else text)
        return 0
    answer = unknown(args.code, program, language)
    text = answer.pop("text")
    return fail(1, answer, text)


if __name__ == "__main__":
    sys.exit(main())
