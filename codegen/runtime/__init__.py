"""XT.com API response codes as enums and exceptions, generated from XT's documentation.

    import xt_errors

    try:
        result = xt_errors.check(response)  # requests, httpx or urllib; aiohttp: check_async
    except xt_errors.InsufficientFundsError:  # by meaning
        ...
    except xt_errors.AuthError as error:  # by family
        print(error.mc, error.message, error.docs_url)

Each class of the catalog (e.g. xt_errors.StaleRequestError for AUTH_105,
xt_errors.AuthError for its family) is a class statement in a module of its
own in `xt_errors._classes`, imported on first use, so `import xt_errors`
stays cheap however many codes XT documents; `__init__.pyi` declares them
all for type checkers and editors.
`xt_errors.lookup` finds a code by its value or class name,
`xt_errors.lookup_all` every code a value names in any table (400 is three),
`xt_errors.errors_for` the codes an endpoint's page lists;
`xt_errors.RetryPolicy` says whether and when to retry (`RetryBudget`s
tune it per class or code);
`xt_errors.from_ccxt` and `xt_errors.ccxt_errors` turn the errors ccxt's `xt`
exchange raises into these. `xt-errors CODE` (or
`python -m xt_errors CODE`) explains a code.
"""

from xt_errors import _codes
from xt_errors._base import (
    LANGUAGES,
    RETRY_AFTER_CAP,
    HttpError,
    MalformedResponseError,
    UnknownCodeError,
    XTError,
    get_language,
    set_docs_url,
    set_language,
)

__version__ = _codes.VERSION

TYPE_CHECKING = False  # typing costs more to import than this whole package
if TYPE_CHECKING:
    from typing import Any

# Loaded on first use, then plain attributes of the package: most programs
# need only some of them, and `import xt_errors` stays cheap (benchmark row 2a).
_ON_FIRST_USE = {
    "check": "xt_errors._check",
    "check_async": "xt_errors._check",
    "raise_for_response": "xt_errors._check",
    "Advice": "xt_errors._retry",
    "RetryBudget": "xt_errors._retry",
    "RetryPolicy": "xt_errors._retry",
    "lookup": "xt_errors._lookup",
    "lookup_all": "xt_errors._lookup",
    "FirewallBlockedError": "xt_errors._firewall",
    "FirewallRateLimitError": "xt_errors._firewall",
    "WebSocketError": "xt_errors._frames",
    "UnknownWebSocketCodeError": "xt_errors._frames",
    "WebSocketClosedError": "xt_errors._frames",
    "check_frame": "xt_errors._frames",
    "checked_frames": "xt_errors._sockets",
    "errors_for": "xt_errors._lookup",
    "from_ccxt": "xt_errors._ccxt",
    "ccxt_errors": "xt_errors._ccxt",
}

# Without the per-code classes: a star import should not import them all.
__all__ = [
    "LANGUAGES",
    "RETRY_AFTER_CAP",
    "Advice",
    "FirewallBlockedError",
    "FirewallRateLimitError",
    "HttpError",
    "MalformedResponseError",
    "RetryBudget",
    "RetryPolicy",
    "UnknownCodeError",
    "UnknownWebSocketCodeError",
    "WebSocketClosedError",
    "WebSocketError",
    "XTError",
    "ccxt_errors",
    "check",
    "check_async",
    "check_frame",
    "checked_frames",
    "errors_for",
    "from_ccxt",
    "get_language",
    "lookup",
    "lookup_all",
    "raise_for_response",
    "set_docs_url",
    "set_language",
]
# The catalog's names: its enums, and the classes by family and by meaning
# (loaded on first use, like each code's own class).
__all__ += _codes.__all__
_GROUPS = [*_codes.FAMILY_CLASSES.values(), *_codes.KIND_CLASSES.values()]
__all__ += _GROUPS  # noqa: PLE0605 - names, which ruff cannot see
globals().update((name, getattr(_codes, name)) for name in _codes.__all__)


def __getattr__(name: str) -> "Any":
    if name.startswith("__"):  # the import system probing for __path__ and the like
        raise AttributeError(name)
    module = _ON_FIRST_USE.get(name)
    if module is not None:
        # The import statement's own function: importlib costs more to
        # import than a first error (benchmark row 3, first errors).
        found = getattr(__import__(module, fromlist=(name,)), name)
    else:  # a class of the catalog, from its module of xt_errors._classes
        from xt_errors._raised import exception_class

        found = exception_class(name)
    globals()[name] = found  # a plain attribute from now on
    return found
