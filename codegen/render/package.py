"""Stage 5: the `xt_errors` package, from the hand-written runtime and the catalog's data.

The package is the runtime of codegen/runtime/ (real Python that ruff and
mypy check where it stands), copied with a header, plus the modules that hold
only data, rendered from templates/package/: the enums (`_codes.py`), each
class of the catalog in a module of its own (`_classes/<module>.py`, found
through `_classes/__init__.py`), the documentation of every code
(`_catalog.py`, `_catalog_zh.py`) and the declarations for type checkers
(`__init__.pyi`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from codegen import model
from codegen.render import escaping, jinja

PACKAGE_DIR = "generated/xt_errors"
_GENERATOR = Path(__file__).resolve().parent.parent
RUNTIME = _GENERATOR / "runtime"
DATA_MODULES = (
    "_codes.py",
    "_catalog.py",
    "_catalog_zh.py",
    "_history.py",
    "_classes/__init__.py",
    "__init__.pyi",
)


def render_package(catalog: model.Catalog) -> dict[str, str]:
    """Every file of the package: relative path -> content."""
    files = {
        f"{PACKAGE_DIR}/{name}": _copied(name, text)
        for name, text in runtime_sources().items()
    }
    context = _data_context(catalog)
    for name in DATA_MODULES:
        files[f"{PACKAGE_DIR}/{name}"] = jinja.render(
            f"package/{name}.jinja", **context
        )
    groups = {cls.name for cls in _groups(catalog)}
    # A class of the catalog builds on the bases the package hands out
    # (`from xt_errors import AuthError`), not on a fresh import of their
    # modules: one class per name, whatever becomes of sys.modules.
    origin = runtime_classes() | {cls.name: "xt_errors" for cls in catalog.classes}
    for cls in catalog.classes:
        module = ClassModule(
            doc=_module_doc(cls, cls.name in groups),
            imports=_imports(cls, origin),
            classes=[cls],
            docs={cls.name: _class_doc(cls, catalog.site_url)},
            groups=cls.name in groups,
        )
        files[f"{PACKAGE_DIR}/_classes/{cls.module}.py"] = jinja.render(
            "package/_classes/module.py.jinja", catalog=catalog, module=module
        )
    files[f"{PACKAGE_DIR}/py.typed"] = ""
    return files


def _endpoint_enums(catalog: model.Catalog) -> list[str]:
    """The enums whose members ENDPOINTS and GENERAL_CODES name, for their import."""
    used = {
        table.enum
        for endpoint in catalog.endpoints
        for table, _ in (
            *catalog.own_codes(endpoint.endpoint),
            *catalog.general_codes(endpoint.product),
        )
    }
    return [table.enum for table in catalog.tables if table.enum in used]


def _groups(catalog: model.Catalog) -> list[model.ExceptionClass]:
    """The classes that group codes: by family, and by meaning."""
    names = {family.exception for family in catalog.families}
    names |= {kind.exception for kind in catalog.kinds if kind.exception}
    return [cls for cls in catalog.classes if cls.name in names]


def _data_context(catalog: model.Catalog) -> dict[str, object]:
    """What the data modules' templates read, besides the catalog itself."""
    groups = _groups(catalog)
    return {
        "catalog": catalog,
        "base_imports": ["Documented"],
        "kind_classes": {
            kind.name: kind.exception
            for kind in catalog.kinds
            if kind.exception is not None
        },
        "enums_by_role": {
            role: [table.enum for table in catalog.tables if table.role == role]
            for role in model.ROLES
        },
        "success_message_codes": [
            code.code
            for table in catalog.tables
            if table.role == "message_code"
            for code in table.codes
            if code.exception is None
        ],
        "endpoints": {
            endpoint.endpoint: (
                endpoint.product,
                [
                    f"{table.enum}.{code.name}"
                    for table, code in catalog.own_codes(endpoint.endpoint)
                ],
            )
            for endpoint in catalog.endpoints
        },
        "general_codes": {
            product: [
                f"{table.enum}.{code.name}"
                for table, code in catalog.general_codes(product)
            ]
            for product in dict.fromkeys(e.product for e in catalog.endpoints)
        },
        "endpoint_enums": _endpoint_enums(catalog),
        "stub_imports": _stub_imports(catalog),
        "public_names": [
            *runtime_exports(),
            "Code",
            *(t.enum for t in catalog.tables),
            *(c.name for c in groups),
        ],
    }


@dataclass(frozen=True, kw_only=True)
class ClassModule:
    """A module of xt_errors._classes, as its template writes it."""

    doc: str
    imports: dict[str, list[str]]  # module -> the names imported from it
    classes: list[model.ExceptionClass]
    docs: dict[str, list[str]]  # class name -> the lines of its docstring
    groups: bool  # a class that groups codes, by family or by meaning


def _module_doc(cls: model.ExceptionClass, grouping: bool) -> str:
    if cls.code is not None and cls.table is not None:
        whose = f"the class of {cls.table.enum}.{cls.code.name}"
    elif grouping:
        whose = "a class that groups codes"
    else:
        whose = "a class of codes this catalog does not list"
    return (
        f"{whose[0].upper()}{whose[1:]}, imported on first use (see xt_errors._raised)."
    )


def _class_doc(cls: model.ExceptionClass, site_url: str) -> list[str]:
    """A code's own class: its code, XT's texts and its entry; any other class: its summary."""
    code, table = cls.code, cls.table
    if code is None or table is None:
        return [cls.summary]
    lines = [f"{code.text}: {code.description}"]
    if code.description_zh and code.description_zh != code.description:
        lines += ["", code.description_zh]
    return [*lines, "", f"See {site_url}{table.link(code)}"]


def _stub_imports(catalog: model.Catalog) -> dict[str, list[str]]:
    """Module -> the names `__init__.pyi` imports from it: every name of the package."""
    found: dict[str, list[str]] = {}
    for name, module in runtime_exports().items():
        found.setdefault(module, []).append(name)
    codes = found.setdefault("xt_errors._codes", [])
    codes += ["Code", *(table.enum for table in catalog.tables)]
    for cls in catalog.classes:
        aliases = cls.code.aliases if cls.code is not None else ()
        found.setdefault(f"xt_errors._classes.{cls.module}", []).extend(
            [cls.name, *aliases]
        )
    return {
        module: found[module]
        for module in escaping.module_order(list(found))
        if found[module]
    }


def _imports(cls: model.ExceptionClass, origin: dict[str, str]) -> dict[str, list[str]]:
    """What the module of `cls` imports, by module: its bases (from `origin`,
    each class's module) and its enum."""
    needed = set(cls.bases)
    if cls.table is not None and cls.code is not None:
        needed.add(cls.table.enum)
    found: dict[str, list[str]] = {}
    for name in sorted(needed):
        found.setdefault(origin.get(name, "xt_errors._codes"), []).append(name)
    return {module: found[module] for module in escaping.module_order(list(found))}


@cache
def runtime_classes() -> dict[str, str]:
    """Each class the runtime defines at the top of a module -> that module."""
    found = {}
    for name, text in runtime_sources().items():
        module = "xt_errors." + name.removesuffix(".py").replace("/", ".")
        for node in ast.parse(text).body:
            if isinstance(node, ast.ClassDef):
                found[node.name] = module.removesuffix(".__init__")
    return found


def _copied(name: str, text: str) -> str:
    header = (
        f"# Generated by `python -m codegen`: a copy of codegen/runtime/{name}.\n"
        f"# Do not edit: change codegen/runtime/{name}, then regenerate.\n"
        "# @generated\n"
    )
    return header + text


@cache
def runtime_sources() -> dict[str, str]:
    """The hand-written modules of the package: path inside it -> source."""
    return {
        path.relative_to(RUNTIME).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(RUNTIME.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


@cache
def runtime_needs() -> frozenset[str]:
    """The catalog's classes the runtime builds on (`from
    xt_errors._classes.rate_limit_error import RateLimitError`): read from its
    source, so that a catalog without one is refused at its spec."""
    found: set[str] = set()
    for text in runtime_sources().values():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "xt_errors._classes."
            ):
                found.update(alias.name for alias in node.names)
    return frozenset(found)


@cache
def runtime_exports() -> dict[str, str]:
    """The names `xt_errors` exports besides the catalog's, with the module each comes from.

    Read from the runtime's __init__.py: its `__all__`, and where each of
    those names comes from, at the top or through `_ON_FIRST_USE`.
    """
    tree = ast.parse(runtime_sources()["__init__.py"])
    origin: dict[str, str] = {}
    exported: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            origin.update(
                {alias.asname or alias.name: node.module for alias in node.names}
            )
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id == "_ON_FIRST_USE":
                origin.update(ast.literal_eval(node.value))
            elif node.targets[0].id == "__all__":
                exported = ast.literal_eval(node.value)
    return {name: origin[name] for name in exported}


# What the rendered data modules import besides the runtime's own names (which
# `own_names` reads from the runtime): `_codes.py` imports `enum`. A test holds
# every import of the rendered modules to `own_names`.
_DATA_MODULE_IMPORTS = frozenset({"enum"})


@cache
def own_names() -> frozenset[str]:
    """Every name the package binds besides the catalog's, which no enum or class may take.

    Read from the runtime's source, never listed by hand: what its modules
    define at their top level, import from the package's modules (anywhere) or
    export; and what the data modules import.
    """
    names: set[str] = set(runtime_exports()) | _DATA_MODULE_IMPORTS
    for text in runtime_sources().values():
        tree = ast.parse(text)
        for node in tree.body:
            if not _imports_a_catalog_class(node):
                names.update(_bound(node))
        for found in ast.walk(tree):
            if (
                isinstance(found, ast.ImportFrom)
                and (found.module or "").startswith("xt_errors")
                and not _imports_a_catalog_class(found)
            ):
                names.update(alias.asname or alias.name for alias in found.names)
    return frozenset(names)


def _imports_a_catalog_class(node: ast.AST) -> bool:
    """Whether `node` imports a class of the catalog the runtime builds on
    (`from xt_errors import RateLimitError`): a name the catalog owns, not the
    runtime. The runtime takes nothing else from the package but its modules."""
    return (
        isinstance(node, ast.ImportFrom)
        and node.module == "xt_errors"
        and not any(alias.name.startswith("_") for alias in node.names)
    )


def _bound(node: ast.stmt) -> list[str]:
    """The names a top-level statement binds."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(alias.asname or alias.name).split(".")[0] for alias in node.names]
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    elif isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks
        return [name for child in node.body + node.orelse for name in _bound(child)]
    return [
        name.id
        for target in targets
        for name in ast.walk(target)
        if isinstance(name, ast.Name)
    ]
