"""Stage 7, before anything is replaced: does the rendered package import and work?

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
from pathlib import Path

from codegen import model
from codegen.errors import SourceError
from codegen.model import Place
from codegen.run import subprocesses

PACKAGE = "xt_errors"

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
modules = sorted(folder.rglob("*.py*"))
for path in modules:
    try:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    except SyntaxError as error:
        fail(None, f"{path.relative_to(folder)}:{error.lineno}: {error.msg}")
try:
    package = importlib.import_module("xt_errors")
    for path in modules:
        if path.suffix == ".py" and path.stem != "__init__":
            parts = path.relative_to(folder).with_suffix("").parts
            importlib.import_module(".".join(("xt_errors", *parts)))
except BaseException as error:
    fail(None, f"import xt_errors: {type(error).__name__}: {error}")
name = None
try:
    base = package.XTError
    for name, class_name in sorted(expected["classes"].items()):
        cls = getattr(package, name)
        if not (isinstance(cls, type) and issubclass(cls, base) and cls.__name__ == class_name):
            fail(name, f"xt_errors.{name} is not the exception class {class_name}")
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
        # each name -> the class it gives: itself, or for an earlier name the class now
        "classes": {
            **{cls.name: cls.name for cls in catalog.classes},
            **{alias: cls.name for alias, cls in catalog.aliases.items()},
        },
        "tables": [
            {
                "enum": table.enum,
                "codes": [
                    [code.name, code.code, code.exception] for code in table.codes
                ],
            }
            for table in catalog.tables
        ],
    }
    try:
        result = subprocesses.run(
            [sys.executable, "-I", "-B", "-c", _CHILD, str(folder)],
            input=json.dumps(expected),
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SourceError(
            fallback.path,
            fallback.line,
            f"cannot import the generated package: {error}",
        ) from None
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
    raise SourceError(
        place.path, place.line, f"the generated package would break: {problem}"
    )


def _mentioned(problem: str, places: dict[str, Place]) -> Place | None:
    """The place of the longest known name an error message quotes, if any."""
    words = set(re.findall(r"\w+", problem))
    for name in sorted(places, key=len, reverse=True):
        if name in words:
            return places[name]
    return None
