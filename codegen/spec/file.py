"""The spec file: read and check `spec/catalog.yaml`, or start a new one, and write it back.

The spec is the one place maintainers edit. `load` parses it with
ruamel.yaml's round trip, which keeps comments and key order, and checks its
shape with `codegen.spec.shape`, each mistake one `SourceError` at its line.
`codegen.spec.sync` refreshes the fields the documentation owns;
`codegen.catalog.freeze` checks the whole and freezes it; `dump` writes it
back, under a header naming those fields.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from codegen.errors import SourceError
from codegen.spec import fields, guesses, shape

# Fields the documentation owns; everything else in an entry is curated.
DOC_FIELDS = fields.owned_by_documentation(fields.ENTRY)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments and key order
    yaml.width = 4096  # never fold a description over two lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def header(sources: Iterable[str]) -> str:
    count = len(list(sources))
    return (
        "The canonical catalog of XT API response codes.\n"
        f"Synced from {count} documentation page{'s' if count != 1 else ''} (see pages) by `python -m codegen`.\n"
        f"Fields the documentation owns ({', '.join(DOC_FIELDS)}) are refreshed on every sync;\n"
        "every other field is curated here and kept. Never delete a code: mark it `retired: true`."
    )


# -- loading a spec file --------------------------------------


def load(text: str, path: str) -> CommentedMap:
    """Parse and check the shape of a spec file; errors point at its lines."""
    spec = _parse(text, path)
    shape.check(spec, path)
    return spec


def _parse(text: str, path: str) -> CommentedMap:
    _check_depth(text, path)
    try:
        spec = _yaml().load(text)
    except RecursionError:
        raise SourceError(path, 1, "the spec nests too deeply to read") from None
    except ValueError as error:
        # Python refuses to read integers of thousands of digits.
        line = _first_line(text, _LONG_NUMBER)
        raise SourceError(
            path, line, f"a value is too large to read ({error})"
        ) from None
    except ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        character = (
            error.character
            if isinstance(error.character, int)
            else ord(error.character)
        )
        raise SourceError(
            path, line, f"character U+{character:04X} is not allowed in YAML"
        ) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise SourceError(
            path, line, f"invalid YAML: {error.problem or error.context}"
        ) from None
    except YAMLError as error:
        raise SourceError(path, 1, f"invalid YAML: {error}") from None
    if not isinstance(spec, CommentedMap):
        raise SourceError(path, 1, "the spec must be a YAML mapping")
    return spec


# Deeper than any spec needs, and far below what the YAML reader's recursion survives.
_MAX_DEPTH = 64
_MAX_INDENT = 256
_LONG_NUMBER = re.compile(r"[0-9]{100}")


def _check_depth(text: str, path: str) -> None:
    """Refuse, at its line, nesting too deep to parse (by indentation or by brackets)."""
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        deepest = depth
        if "[" in line or "{" in line:  # rare: only flow collections need the walk
            for char in line:
                if char in "[{":
                    depth += 1
                    deepest = max(deepest, depth)
                elif char in "]}":
                    depth -= 1
        if indent > _MAX_INDENT or deepest > _MAX_DEPTH:
            raise SourceError(
                path,
                number,
                f"the spec nests deeper than a spec can ({_MAX_DEPTH} levels)",
            )


def _first_line(text: str, pattern: re.Pattern[str]) -> int:
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


# -- a new spec, and writing one -----------------------------------------------


def new_spec() -> CommentedMap:
    spec = CommentedMap()
    spec["title"] = guesses.TITLE
    spec["site_url"] = guesses.SITE_URL
    spec["sources"] = CommentedMap()
    spec["products"] = CommentedMap()
    spec["pages"] = CommentedMap()
    spec["endpoints"] = CommentedMap()
    spec["kinds"] = CommentedMap()
    for kind in guesses.KINDS:
        add_default_kind(spec, kind.name)
    spec["tables"] = CommentedMap()
    return spec


def add_default_kind(spec: CommentedMap, name: str) -> None:
    kind = next(kind for kind in guesses.KINDS if kind.name == name)
    entry = CommentedMap()
    entry["exception"] = kind.exception
    if kind.parent:
        entry["parent"] = kind.parent
    entry["retryable"] = kind.retryable
    entry["summary"] = kind.summary
    entry["hint"] = kind.hint
    spec["kinds"][name] = entry


def dump(spec: CommentedMap, sources: Iterable[str]) -> str:
    spec.yaml_set_start_comment(header(sources))
    stream = io.StringIO()
    _yaml().dump(spec, stream)
    return stream.getvalue()
