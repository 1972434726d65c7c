"""Stage 5a's output as a reader meets it: real source, one class statement per code."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import xt_errors
from codegen.render import package
from tests import conftest
from tests.conftest import frozen_generation

PACKAGE = conftest.PACKAGE / "xt_errors"  # the package under test, as written by the generator


def _class_statements() -> dict[str, tuple[Path, ast.ClassDef]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                assert node.name not in found, f"{node.name} is defined twice"
                found[node.name] = (path, node)
    return found


def _every_code():
    return [member for table in xt_errors._codes.TABLES for member in table]


def test_every_class_a_code_raises_is_a_class_statement_showing_its_code():
    statements = _class_statements()
    for member in _every_code():
        cls = member.exception
        if cls is None:
            continue
        path, node = statements[cls.__name__]
        assigned = {
            target.id: ast.unparse(statement.value)
            for statement in node.body
            if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None
            for target in (statement.targets if isinstance(statement, ast.Assign) else [statement.target])
            if isinstance(target, ast.Name)
        }
        # The class raised for it is its own, or the meaning class it shares (429: RateLimitError).
        if cls.code is member:
            assert assigned.get("code") == f"{type(member).__name__}.{member.name}", (path, cls)
        assert [ast.unparse(base) for base in node.bases] == [base.__name__ for base in cls.__bases__]
        assert cls.__module__ == "xt_errors" and cls.__qualname__ == cls.__name__


def test_unknown_codes_of_a_family_have_a_class_statement_too():
    statements = _class_statements()
    for family_name in xt_errors._codes.FAMILY_CLASSES.values():
        family_class = getattr(xt_errors, family_name)
        name = f"Unknown{family_name}"
        path, node = statements[name]
        assert path.parent.name == "_classes"
        assert getattr(xt_errors, name).__mro__[1:3] == (xt_errors.UnknownCodeError, family_class)


def test_no_generated_module_makes_a_class_with_type():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type":
                assert len(node.args) < 3, f"{path.name}:{node.lineno} makes a class with type()"


def test_go_to_definition_leads_from_the_stubs_to_the_class_statement():
    """An editor follows `xt_errors.Name` through __init__.pyi's import to the module that defines it."""
    statements = _class_statements()
    stub = ast.parse((PACKAGE / "__init__.pyi").read_text(encoding="utf-8"))
    imported = {
        alias.asname: node.module
        for node in stub.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name
    }
    for member in _every_code():
        if member.exception is None:
            continue
        name = member.exception.__name__
        module = imported[name]
        path, _ = statements[name]
        assert PACKAGE.parent / Path(*module.split(".")).with_suffix(".py") == path, name


def test_renamed_classes_are_one_line_aliases_of_the_class():
    from xt_errors._catalog import CLASS_NAMES
    from xt_errors._classes import MODULES

    aliases = {name: getattr(xt_errors, name) for name in CLASS_NAMES if getattr(xt_errors, name).__name__ != name}
    assert "GatewayRiskControl1Error" in aliases
    for alias, cls in aliases.items():
        source = (PACKAGE / "_classes" / f"{MODULES[alias]}.py").read_text(encoding="utf-8")
        assert f"\n{alias} = {cls.__name__}\n" in source
        assert xt_errors.lookup(alias) is cls.code


def test_a_codes_class_documents_itself():
    cls = xt_errors.StaleRequestError
    doc = inspect.getdoc(cls) or ""
    assert doc.startswith("AUTH_105: ") and cls.code.description in doc
    assert cls.code.description_zh in doc and cls.code.docs_url in doc


def test_hand_written_modules_are_copied_byte_for_byte_under_a_header():
    for name, text in package.runtime_sources().items():
        copied = (PACKAGE / name).read_text(encoding="utf-8")
        header, _, rest = copied.partition("# @generated\n")
        assert rest == text and f"codegen/runtime/{name}" in header


def test_the_names_the_package_keeps_for_itself_come_from_its_source():
    names = package.own_names()
    # defined by the runtime, exported by it, imported from the data modules by it
    for name in ("XTError", "Documented", "check", "RetryPolicy", "lookup", "TABLES", "INFO", "Code"):
        assert name in names
    assert package.runtime_exports()["check"] == "xt_errors._check"
    assert set(package.runtime_exports()) <= set(xt_errors.__all__)


def test_every_name_the_rendered_data_modules_import_is_kept_from_the_catalog():
    # A class or enum of the spec named like one of them would shadow it in the module.
    imported = set()
    for relative, text in frozen_generation().files.items():
        if relative.startswith("generated/xt_errors/") and relative.endswith(".py"):
            tree = ast.parse(text)
            top = [*tree.body, *(child for node in tree.body if isinstance(node, ast.If) for child in node.body)]
            for node in top:  # what a module binds at its top level, where a class of the spec lives
                if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", None) != "__future__":
                    imported.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    catalog = frozen_generation().catalog
    its_own = {cls.name for cls in catalog.classes} | {table.enum for table in catalog.tables} | set(catalog.aliases)
    assert "enum" in imported and imported - its_own <= package.own_names(), imported - its_own - package.own_names()
