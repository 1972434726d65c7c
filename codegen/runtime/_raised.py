"""Which class a code raises, and each class of the catalog, loaded on first use.

Every class of the catalog (a code's own, a family's, a meaning's, an unknown
code's) is a class statement in a module of its own in `xt_errors._classes`,
imported the first time the class is needed. The import system runs each
module once, so `xt_errors.X`, `except X:` and pickling all see one class per
code, whatever the threads. A first error loads the small index of
`_classes`, its class and the bases it lacks, nothing more (benchmark row 3,
first errors: one module per family made the first error of a family of 99
codes build 99 classes).
"""

import sys

from xt_errors._base import XTError
from xt_errors._classes import FAILURES, MODULES, RAISED
from xt_errors._codes import FAMILY_CLASSES, KIND_CLASSES


def exception_class(name: str) -> type[XTError]:
    """The class called `name`: a class of the catalog, an earlier name of
    one, or a class the runtime defines.

    Raises AttributeError, as a module would, for any other name.
    """
    import xt_errors

    found = vars(xt_errors).get(name)  # never its __getattr__, which calls this
    # a class the runtime defines in a module loaded on first use
    loaded_with = vars(xt_errors)["_ON_FIRST_USE"].get(name)
    if found is None and loaded_with is not None:
        found = getattr(_loaded(loaded_with), name)
    if found is None and name.isidentifier() and name[:1].isupper():
        path = f"xt_errors._classes.{MODULES.get(name, name)}"
        try:
            module = _loaded(path)
        except ModuleNotFoundError as missing:
            if missing.name != path:
                raise
            module = None  # no class of the catalog is called so
        found = getattr(module, name, None)
    if isinstance(found, type) and issubclass(found, XTError):
        # Kept by the package, which the classes' modules import their bases
        # from: one class per name even if its module leaves sys.modules
        # (mock.patch.dict(sys.modules) around a test's first error).
        setattr(xt_errors, name, found)
        return found
    raise AttributeError(f"module 'xt_errors' has no attribute {name!r}")


def _loaded(module: str) -> object:
    """The module called `module`, imported if it is not yet. The import
    statement's own function: importlib costs more to import than a first error."""
    __import__(module)
    return sys.modules[module]


def raised_for(member: object) -> type[XTError] | None:
    """The class raised for a member of the catalog's enums; None for a success."""
    value = getattr(member, "_value_")  # noqa: B009 - a mixin cannot name it
    name = RAISED[type(member).__name__].get(value)
    return None if name is None else exception_class(name)


def is_generic_failure(member: object) -> bool:
    """Whether a member is a generic failure (kind "failure", such as FAILURE),
    which yields to an HTTP status that says more; read without the catalog's
    documentation, which the first error would otherwise load."""
    value = getattr(member, "_value_")  # noqa: B009 - a mixin cannot name it
    return value in FAILURES[type(member).__name__]


def kind_class(kind: str) -> type[XTError] | None:
    """The class of a meaning ("rate_limit": RateLimitError); None for a kind without one."""
    name = KIND_CLASSES.get(kind)
    return None if name is None else exception_class(name)


def family_class(family: str) -> type[XTError] | None:
    """The class of a family ("AUTH": AuthError); None for a prefix that is no family."""
    name = FAMILY_CLASSES.get(family)
    return None if name is None else exception_class(name)
