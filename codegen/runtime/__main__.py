"""Explain a code, like `rustc --explain`: xt-errors AUTH_105 (or python -m xt_errors AUTH_105).

The command answers one question at a time, each with a handler below:

- a code, by its value in every table (AUTH_105, auth105, 429; 400 is three
  codes, shown table by table) or by the class raised for it
  (StaleRequestError): `answer_codes`;
- a class that catches several codes (InsufficientFundsError, AuthError):
  `answer_class`;
- what people paste (a code with its text, a traceback's last line, a class
  path, a JSON body or a WebSocket frame; see xt_errors._paste): `answer_pasted`;
- --search WORDS, in English or Chinese (see xt_errors._search for the
  ranking): `answer_search`;
- --endpoint PATH, the codes an endpoint's page lists: `answer_endpoint`;
- --since DATE, what XT's documentation changed since then: `answer_since`;
- --list every code, --kinds every meaning, --version, --help.

A query that finds nothing gets suggestions, never none, and exit status 1; a
usage mistake one line and status 2; never a traceback. --json prints every
answer as JSON on stdout, errors and usage mistakes included. --lang zh (default:
XT_ERRORS_LANGUAGE, else English) shows XT's Chinese texts first and the
command's own words (xt_errors._words) in Chinese; XT's texts are shown in
both languages. How answers read is xt_errors._explain's.
"""

from __future__ import annotations

import os
import re
import sys

from xt_errors._base import LANGUAGES, get_language
from xt_errors._codes import SOURCES, TABLES, VERSION, Code
from xt_errors._explain import (
    class_listing,
    endpoint_listing,
    events_since,
    events_text,
    explain,
    fit,
    hint_in,
    kinds,
    kinds_text,
    listing,
    record,
    search_listing,
    several,
)
from xt_errors._lookup import caught_by, endpoints_like, errors_for, unknown_code_class
from xt_errors._search import (
    class_named,
    codes_named,
    documented_kin,
    family_of,
    suggestions,
)
from xt_errors._words import WORDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from xt_errors._base import XTError
    from xt_errors._paste import Pasted

# -- what the command line asks ----------------------------------------------------

# The options, and what each takes: nothing, one value, or one word or more.
OPTIONS = {
    "--search": "words",
    "--endpoint": "value",
    "--since": "value",
    "--list": "flag",
    "--kinds": "flag",
    "--json": "flag",
    "--lang": "value",
    "--version": "flag",
    "--help": "flag",
}
SHORT_OPTIONS = {"-h": "--help"}
_NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")  # -1 is a code, not an option


class Request:
    """What the command line asks: the options given (True for a flag), the
    query (the other arguments, joined by spaces: a paste needs no quotes),
    and the first mistake in it, as a key of WORDS and the values that fill it."""

    def __init__(self) -> None:
        self.options: dict[str, Any] = {}
        self.query: str | None = None
        self.mistake: tuple[str, dict[str, str]] | None = None

    def wrong(self, word: str, **fill: str) -> None:
        if self.mistake is None:
            self.mistake = (word, fill)


def read_argv(argv: list[str]) -> Request:
    """The request `argv` makes. A long option is written in full or by a prefix
    only it starts with (--js), its value after `=` or as the next argument;
    `--` ends the options. It reads every argument the same way on every
    Python version, and reads on after a mistake, so that --json anywhere asks
    for JSON."""
    request, words, at = Request(), [], 0
    while at < len(argv):
        argument = argv[at]
        at += 1
        if argument == "--":
            words += argv[at:]
            break
        if not _is_option(argument):
            words.append(argument)
            continue
        name, equals, value = argument.partition("=")
        option = _option_named(name, request)
        if option is None:
            continue
        takes = OPTIONS[option]
        if takes == "flag":
            request.options[option] = True
            if equals:
                request.wrong("takes no value", option=name, value=repr(value[:100]))
        elif equals:
            request.options[option] = value if takes == "value" else [value]
        else:
            values = []
            while at < len(argv) and not _is_option(argv[at]):
                values.append(argv[at])
                at += 1
                if takes == "value":
                    break
            if not values:
                request.wrong(
                    "needs a value" if takes == "value" else "needs words", option=name
                )
            else:
                request.options[option] = values[0] if takes == "value" else values
    request.query = " ".join(words) if words else None
    return request


def _is_option(argument: str) -> bool:
    return (
        argument.startswith("-") and argument != "-" and not _NUMBER.fullmatch(argument)
    )


def _option_named(name: str, request: Request) -> str | None:
    """The option `name` is, in full or by a prefix; None, and a mistake, for no one option."""
    name = SHORT_OPTIONS.get(name, name)
    if name in OPTIONS:
        return name
    matches = [
        option
        for option in OPTIONS
        if name.startswith("--") and option.startswith(name)
    ]
    if len(matches) == 1:
        return matches[0]
    shown = repr(name[:100])
    if matches:
        request.wrong("ambiguous option", option=shown, options=", ".join(matches))
    else:
        request.wrong("unknown option", option=shown)
    return None


def language_of(request: Request) -> str:
    """The language --lang asks for, else XT_ERRORS_LANGUAGE's, else English."""
    asked = request.options.get("--lang")
    if asked is None:
        return get_language()
    if asked.strip().lower() in LANGUAGES:
        return str(asked.strip().lower())
    request.wrong(
        "bad language", languages=", ".join(LANGUAGES), value=repr(asked[:100])
    )
    return get_language()


# -- the answers ----------------------------------------------------------------------


class Answer:
    """What the command prints: `text` for a terminal (on stdout when `status`
    is 0, else on stderr), or `value` as JSON on stdout with --json. Either
    may be a function that makes it, where making it costs (every code's
    record): only the one shown is made."""

    __slots__ = ("status", "text", "value")

    def __init__(self, status: int, text: str | Callable[[], str], value: Any) -> None:
        self.status = status
        self.text = text
        self.value = value

    def shown(self, as_json: bool) -> Any:
        """The value, with --json, else the text."""
        found = self.value if as_json else self.text
        return found() if callable(found) else found


def answer(request: Request, program: str) -> Answer:
    """The one answer `request` asks for: the first of these it names."""
    language = language_of(request)
    options = request.options
    if request.mistake is not None:
        return usage_error(request.mistake, program, language)
    if "--help" in options:
        usage, helped = (
            WORDS[language][key].format(program=program) for key in ("usage", "help")
        )
        return Answer(0, f"{usage}\n\n{helped}", {"usage": usage, "help": helped})
    if "--version" in options:
        said = WORDS[language]["version"].format(version=VERSION, sources=SOURCES)
        return Answer(0, said, {"version": VERSION, "sources": SOURCES})
    if "--list" in options:
        every = [member for table in TABLES for member in table]
        return Answer(0, lambda: listing(language), lambda: list(map(record, every)))
    if "--kinds" in options:
        return Answer(0, lambda: kinds_text(language), kinds)
    if "--since" in options:
        return answer_since(options["--since"], program, language)
    if "--endpoint" in options:
        return answer_endpoint(options["--endpoint"], program, language)
    if "--search" in options:
        return answer_search(" ".join(options["--search"]), program, language)
    if request.query is None:
        return usage_error(("nothing asked", {}), program, language)
    return answer_query(request.query, program, language)


def answer_query(query: str, program: str, language: str) -> Answer:
    """A code, a class or what was pasted, explained; else suggestions."""
    if not query.strip():
        problem = {"error": "empty code", "query": query}
        return failure(2, problem, WORDS[language]["empty code"], program, language)
    members = codes_named(query)
    if members:
        return answer_codes(members, language)
    cls = class_named(query)
    if cls is not None:
        return answer_class(cls, language)
    from xt_errors._paste import read_pasted

    pasted = read_pasted(query)
    if pasted is not None:
        return answer_pasted(pasted, query, program, language)
    return answer_unknown(query, program, language)


def answer_codes(members: list[Code], language: str) -> Answer:
    """Codes, explained one after the other, table by table; what they share first."""
    text = "\n\n".join(explain(member, language) for member in members)
    if len(members) > 1:
        text = f"{several(members, str(members[0].value), language)}\n\n{text}"
    return Answer(0, text, [record(member) for member in members])


def answer_class(cls: type[XTError], language: str) -> Answer:
    """A class: the code it is raised for, or the codes it catches."""
    caught = list(caught_by(cls))
    if len(caught) == 1:
        return answer_codes(caught, language)
    text, members = class_listing(cls, language)
    return Answer(0, text, lambda: list(map(record, members)))


def answer_pasted(pasted: Pasted, query: str, program: str, language: str) -> Answer:
    """What was pasted: what it was read as, then the codes or class it names.
    For a body or a frame, the error the check raises, whose code the
    catalog may not list."""
    words, error, cls = WORDS[language], pasted.error, pasted.cls
    lines = [_read_as(pasted, language)]
    if error is not None:
        lines.append(fit(f"  {_error_line(error, language)}"))
    if pasted.members:
        found = answer_codes(pasted.members, language)
    elif error is not None:
        lines.append(f"  {words['what to do']}: {hint_in(error, language) or '-'}")
        found = Answer(0, "", [])
    elif cls is not None:
        found = answer_class(cls, language)
    elif pasted.code is not None:
        found = answer_unknown(pasted.code, program, language)
    else:  # a body or a frame that reports no error
        found = Answer(0, "", [])
    text, codes = found.shown(as_json=False), found.shown(as_json=True)
    if found.status != 0:  # a code no table lists
        return Answer(found.status, text, {**codes, "pasted": pasted.form})
    value = {
        "pasted": pasted.form,
        "query": query,
        "raises": cls.__name__ if cls is not None else None,
        "message": _error_line(error, language) if error is not None else None,
        "codes": codes,
    }
    return Answer(0, "\n\n".join(filter(None, ["\n".join(lines), text])), value)


def _read_as(pasted: Pasted, language: str) -> str:
    """The line saying what a paste was read as."""
    words = WORDS[language]
    cls = pasted.cls.__name__ if pasted.cls is not None else ""
    first = pasted.members[0] if pasted.members else None
    if pasted.form in ("body", "frame"):
        ok = "" if pasted.error is not None else " ok"
        return words[f"pasted {pasted.form}{ok}"].format(cls=cls)
    if pasted.form == "enum" and first is not None:
        return words["pasted enum"].format(enum=f"{type(first).__name__}.{first.name}")
    if pasted.form == "code":
        code = first.value if first is not None else pasted.code
        return words["pasted code"].format(code=code)
    return words[f"pasted {pasted.form}"].format(cls=cls)


def _error_line(error: XTError, language: str) -> str:
    """An error as its traceback's last line says it, in `language`, without the link."""
    code = error.mc if error.mc is not None else error.code
    status = error.http_status
    label = (
        str(code)
        if code is not None
        else f"HTTP {status}"
        if status is not None
        else ""
    )
    message = error.message_in(language)
    said = f"{label[:100]}: {message}" if label and message else label[:100] or message
    return " ".join(said.splitlines())


def answer_unknown(query: str, program: str, language: str) -> Answer:
    """A query that names no code and no class: suggestions, never none, and
    for a code of a known family, the class XT sending it would raise."""
    words = WORDS[language]
    suggested = suggestions(query)
    shown = repr(query.strip()[:100])
    listed = words["separator"].join(suggested)
    lines = [words["unknown"].format(query=shown, suggestions=listed)]
    family, note = family_of(query), None
    if family is not None:
        code = query.strip().upper()[:100]
        cls = unknown_code_class(family, code)
        kin = documented_kin(cls)
        note = words["family"].format(
            code=code, cls=cls.__name__, program=program, family=(kin or cls).__name__
        )
        lines.append(note)
    quoted = query.strip()[:100]
    quoted = quoted if quoted.isidentifier() else repr(quoted)
    lines.append(words["see also"].format(program=program, query=quoted))
    problem = {
        "error": "unknown code",
        "query": query,
        "suggestions": suggested,
        "note": note,
    }
    return Answer(1, "\n".join(lines), problem)


def answer_search(query: str, program: str, language: str) -> Answer:
    """--search: the codes whose texts match, best first; else suggestions."""
    text, records = search_listing(query, language)
    if records:
        return Answer(0, text, records)
    suggested = suggestions(query)
    said = WORDS[language]["no match"].format(
        query=repr(" ".join(query.split())[:100]),
        suggestions=WORDS[language]["separator"].join(suggested),
        program=program,
    )
    return Answer(
        1, said, {"error": "no match", "query": query, "suggestions": suggested}
    )


def answer_endpoint(endpoint: str, program: str, language: str) -> Answer:
    """--endpoint: the codes an endpoint's page lists; else the closest endpoints."""
    words = WORDS[language]
    try:
        members = errors_for(endpoint)
    except KeyError:
        message = words["unknown endpoint"].format(endpoint=repr(endpoint[:200]))
        close = endpoints_like(endpoint)
        if close:
            listed = words["separator"].join(close)
            message = words["close endpoints"].format(message=message, endpoints=listed)
        problem = {"error": "unknown endpoint", "query": endpoint}
        return failure(1, problem, message, program, language)
    text, records = endpoint_listing(endpoint, members, language)
    return Answer(0, text, records)


def answer_since(date: str, program: str, language: str) -> Answer:
    """--since: what XT's documentation changed on or after a real date, YYYY-MM-DD."""
    if not _is_date(date.strip()):
        message = WORDS[language]["bad date"].format(value=repr(date[:100]))
        return failure(
            2, {"error": "bad date", "query": date}, message, program, language
        )
    events = events_since(date.strip())
    return Answer(0, events_text(events, language), events)


def _is_date(text: str) -> bool:
    """Whether `text` is a day of the calendar written YYYY-MM-DD (2024-13-45 is not)."""
    from datetime import date

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def failure(
    status: int, problem: dict[str, Any], message: str, program: str, language: str
) -> Answer:
    """An answer that failed, in one line: `problem` and `message` for --json."""
    said = WORDS[language]["error"].format(program=program, message=message)
    return Answer(status, said, {**problem, "message": message})


def usage_error(
    mistake: tuple[str, dict[str, str]], program: str, language: str
) -> Answer:
    """A mistake in the command line: the usage, then what is wrong; status 2."""
    words = WORDS[language]
    word, fill = mistake
    message = words[word].format(**fill)
    usage = words["usage"].format(program=program)
    said = words["error"].format(program=program, message=message)
    return Answer(
        2,
        f"{usage}\n{said}",
        {"error": "bad usage", "message": message, "usage": usage},
    )


# -- printing --------------------------------------------------------------------------


def dumps(value: object) -> str:
    """`value` as --json prints it: Chinese as it reads (ensure_ascii=False), unless
    stdout cannot show it (cp1252 on Windows, a lone surrogate from argv); then
    as JSON's \\u escapes, still valid JSON, never backslashreplace's \\U ones."""
    import json

    text = json.dumps(value, indent=2, ensure_ascii=False)
    if not text.isascii():
        try:
            text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            return json.dumps(value, indent=2)
    return text


def main(argv: list[str] | None = None) -> int:
    """Run the command on `argv` (default: the process's arguments); the exit status."""
    # A console that cannot show Chinese (cp1252 on Windows) gets escapes, not a traceback.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    request = read_argv(sys.argv[1:] if argv is None else list(argv))
    as_module = (sys.argv[:1] or [""])[0].endswith("__main__.py")
    found = answer(request, "python -m xt_errors" if as_module else "xt-errors")
    try:
        if request.options.get("--json"):
            print(dumps(found.shown(as_json=True)))
        else:
            stream = sys.stdout if found.status == 0 else sys.stderr
            print(found.shown(as_json=False), file=stream)
        sys.stdout.flush()  # a closed pipe shows here, not as a warning at exit
    except BrokenPipeError:
        # `xt-errors --list | head`: the reader left early, nothing is wrong.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return found.status


if __name__ == "__main__":
    sys.exit(main())
