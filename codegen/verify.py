"""Before anything is replaced: does the rendered package import and work?

The staged package is compiled and imported in a fresh interpreter, and every
enum, member and exception class the spec names is looked up there. This is
the one guard against names that Python, `enum` or the package itself treat
specially (`mro`, `_missing_`, `Code`, a name NFKC folds to another...):
whatever breaks the package is caught here, whatever its cause, and reported
as one line at the spec or document line that asked for the name.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from codegen import children, model, naming
from codegen.errors import SourceError

PACKAGE = "xt_errors"


@dataclass(frozen=True)
class Place:
    path: str
    line: int


# Runs in the fresh interpreter: argv[1] is the folder holding the package,
# stdin what to look up. Prints one JSON line: {} or {"name": ..., "problem": ...}.
_CHILD = r"""
import importlib, json, pathlib, sys
sys.path.insert(0, sys.argv[1])
expected = json.load(sys.stdin)
def fail(name, problem):
    print(json.dumps({"name": name, "problem": problem}))
    raise SystemExit(0)
folder = pathlib.Path(sys.argv[1], "xt_errors")
for path in sorted(folder.glob("*.py*")):
    try:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    except SyntaxError as error:
        fail(None, f"{path.name}:{error.lineno}: {error.msg}")
try:
    package = importlib.import_module("xt_errors")
    for path in sorted(folder.glob("*.py")):
        if path.stem != "__init__":
            importlib.import_module("xt_errors." + path.stem)
except BaseException as error:
    fail(None, f"import xt_errors: {type(error).__name__}: {error}")
name = None
try:
    base = package.XTError
    for name in expected["classes"]:
        cls = getattr(package, name)
        if not (isinstance(cls, type) and issubclass(cls, base) and cls.__name__ == name):
            fail(name, f"xt_errors.{name} is not the exception class {name}")
    for table in expected["tables"]:
        name = table["enum"]
        enum = getattr(package, name)
        if not (isinstance(enum, type) and enum.__name__ == name):
            fail(name, f"xt_errors.{name} is not the enum {name}")
        for name, value, exception in table["codes"]:
            member = enum[name]
            if getattr(enum, name) is not member or member.name != name:
                fail(name, f"{enum.__name__}.{name} does not give the member {name}")
            if member.value != value or enum(value) is not member:
                fail(name, f"{enum.__name__}.{name} does not stand for the code {value!r}")
            member.description, member.docs_url, member.hint, member.retryable
            if exception is None:
                if member.exception is not None:
                    fail(name, f"{enum.__name__}.{name} is a success but has an exception")
                continue
            name = exception
            cls = getattr(package, exception)
            if not (isinstance(cls, type) and issubclass(cls, base) and cls.__name__ == exception):
                fail(exception, f"xt_errors.{exception} is not the exception class {exception}")
            if member.exception is not cls:
                fail(exception, f"{enum.__name__}.{member.name}.exception is not {exception}")
except SystemExit:
    raise
except BaseException as error:
    fail(name, f"looking up {name}: {type(error).__name__}: {error}")
print("{}")
"""


def check_package(
    folder: Path, catalog: model.Catalog, places: dict[str, Place], fallback: Place
) -> None:
    """Import the package in `folder` (which holds xt_errors/); SourceError if it breaks.

    `places` says where each enum, member and class name was asked for;
    a failure nobody can be blamed for is reported at `fallback`.
    """
    expected = {
        "classes": sorted(
            {kind.exception for kind in catalog.kinds if kind.exception}
            | {code.family_class for table in catalog.tables for code in table.codes if code.family_class}
        ),
        "tables": [
            {
                "enum": table.enum,
                "codes": [[code.name, code.code, code.exception] for code in table.codes],
            }
            for table in catalog.tables
        ],
    }
    try:
        result = children.run(
            [sys.executable, "-I", "-B", "-c", _CHILD, str(folder)],
            input=json.dumps(expected),
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SourceError(fallback.path, fallback.line, f"cannot import the generated package: {error}") from None
    lines = result.stdout.strip().splitlines()
    try:
        found = json.loads(lines[-1]) if result.returncode == 0 and lines else None
    except ValueError:
        found = None
    if found is None:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        found = {"name": None, "problem": f"the import check itself failed: {last}"}
    if not found:
        return
    name, problem = found["name"], " ".join(str(found["problem"]).split())
    place = places.get(name) if name else _mentioned(problem, places)
    place = place or fallback
    raise SourceError(place.path, place.line, f"the generated package would break: {problem}")


def _mentioned(problem: str, places: dict[str, Place]) -> Place | None:
    """The place of the longest known name an error message quotes, if any."""
    words = set(re.findall(r"\w+", problem))
    for name in sorted(places, key=len, reverse=True):
        if name in words:
            return places[name]
    return None


def places(
    spec: CommentedMap, spec_path: str, locate: Callable[[str], str | None]
) -> dict[str, Place]:
    """Where each Python name of the spec comes from: its spec line, or the document line of its code."""
    found: dict[str, Place] = {}

    def line_of(mapping: CommentedMap, key: str) -> int | None:
        data = getattr(getattr(mapping, "lc", None), "data", None)
        position = data.get(key) if isinstance(data, dict) else None
        return int(position[0]) + 1 if position else None

    for name, kind in spec["kinds"].items():
        line = line_of(kind, "exception") or line_of(spec["kinds"], name) or 1
        if kind.get("exception"):
            found.setdefault(str(kind["exception"]), Place(spec_path, line))
    for table in spec["tables"].values():
        found.setdefault(str(table["enum"]), Place(spec_path, line_of(table, "enum") or 1))
        for entry in table["codes"]:
            document = locate(str(entry.get("document")))
            line = entry.get("line")
            at_document = Place(document, line) if document and isinstance(line, int) else None
            at_entry = Place(spec_path, int(getattr(entry.lc, "line", 0) or 0) + 1)
            for field in ("name", "exception"):
                value = entry.get(field)
                if value is None:
                    continue
                # A name loaded from the spec was curated there; a new one came with its code.
                spec_line = line_of(entry, field)
                place = Place(spec_path, spec_line) if spec_line else (at_document or at_entry)
                found.setdefault(str(value), place)
            family = entry.get("family")
            if isinstance(family, str) and family:
                found.setdefault(naming.class_name(family, "Error"), at_document or at_entry)
    return found
