"""Finding codes: `xt_errors.lookup`, `lookup_all`, `errors_for`, and the class of a code the catalog does not list.

Each class of the catalog is loaded on first use by `xt_errors._raised`.
"""

from xt_errors import _codes
from xt_errors._base import UnknownCodeError, XTError
from xt_errors._codes import Code
from xt_errors._raised import exception_class

# Quoted annotations, not `from __future__ import annotations`, and no typing
# at run time: the first unknown code loads this module (benchmark row 3).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Self

# family -> its Unknown<Family>Error, once asked for: the unknown-code path's map
_unknown: dict[str, type[XTError]] = {}


def unknown_code_class(family: str | None, code: str = "") -> type[XTError]:
    """The class for a code this catalog does not list: Unknown<Family>Error when its
    prefix names a known family (AUTH_999 -> UnknownAuthError), else the class its
    shape gives by the catalog's fallbacks (invalid_foo -> UnknownInvalidRequestError),
    else UnknownCodeError."""
    found = _unknown.get(family or "")
    if found is not None:
        return found
    family_name = _codes.FAMILY_CLASSES.get(family or "")
    if family_name is not None:
        found = exception_class(f"Unknown{family_name}")
        _unknown[family or ""] = found
        return found
    from fnmatch import fnmatchcase

    from xt_errors._catalog import FALLBACKS

    for pattern, name in FALLBACKS:
        if fnmatchcase(code, pattern):
            return exception_class(name)
    return UnknownCodeError


class EndpointErrors(tuple[Code, ...]):
    """The codes an endpoint can answer with, as `errors_for` gives them: a tuple
    of them all, its own page's first, and the two kept apart: `own` (the codes
    its page lists; empty for an endpoint whose page lists none) and `general`
    (the codes its product's general pages list, which every endpoint of the
    product can answer with: HTTP statuses, `rc`, authentication codes...).
    `products` names the product (or, for a path two products share, the
    products) whose pages document the endpoint."""

    own: tuple[Code, ...]
    general: tuple[Code, ...]
    products: tuple[str, ...]

    def __new__(
        cls,
        own: tuple[Code, ...],
        general: tuple[Code, ...],
        products: tuple[str, ...] = (),
    ) -> "Self":
        found = super().__new__(cls, dict.fromkeys((*own, *general)))
        found.own = own
        found.general = tuple(code for code in general if code not in own)
        found.products = products
        return found

    def __getnewargs__(
        self,
    ) -> tuple[tuple[Code, ...], tuple[Code, ...], tuple[str, ...]]:
        return (self.own, self.general, self.products)


def errors_for(endpoint: str) -> EndpointErrors:
    """The codes `endpoint` can answer with, e.g.
    errors_for("POST /future/trade/v1/order/create"): its own page's (`.own`)
    and its product's general ones (`.general`), all of them as a tuple.

    The method may be in any case; a path alone names all its methods. Raises
    KeyError for an endpoint no page documents, TypeError for anything but a str.
    """
    if not isinstance(endpoint, str):  # before hashing it: a list is no endpoint
        raise TypeError(
            f"errors_for() takes an endpoint as a str, not {type(endpoint).__name__}"
        )
    from xt_errors._catalog import ENDPOINTS, GENERAL_CODES

    found = ENDPOINTS.get(endpoint)  # as written in the catalog: the common case
    if found is not None:
        product, own = found
        return EndpointErrors(own, GENERAL_CODES.get(product, ()), (product,))
    words = endpoint.split()
    if len(words) == 1:  # a path: every method of it
        method, path = None, words[0]
    elif len(words) == 2:
        method, path = words[0].upper(), words[1]
    else:
        method, path = None, endpoint.strip()
    path = "/" + path.strip("/")
    matching = [
        answer
        for name, answer in ENDPOINTS.items()
        if name.split(" ", 1)[1] == path
        and (method is None or name.split(" ", 1)[0] == method)
    ]
    if matching:
        own = tuple(dict.fromkeys(code for _, codes in matching for code in codes))
        products = tuple(dict.fromkeys(product for product, _ in matching))
        general = tuple(
            dict.fromkeys(
                code for product in products for code in GENERAL_CODES.get(product, ())
            )
        )
        return EndpointErrors(own, general, products)
    close = endpoints_like(endpoint)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KeyError(
        f"no page of XT's documentation lists the endpoint {endpoint[:200]!r}{hint}"
    )


def endpoints_like(endpoint: str) -> list[str]:
    """The documented endpoints closest to `endpoint`, at most three, best first."""
    import difflib

    from xt_errors._catalog import ENDPOINTS

    return difflib.get_close_matches(endpoint[:200], list(ENDPOINTS), n=3)


def lookup(key: str | int) -> Code:
    """The documented code `key` names, in any table: a code ("AUTH_105", 429, "429",
    or another spelling of one some pages use) or the name of the exception class
    raised for it ("StaleRequestError"). A number names an HTTP status or a return
    code first; FuturesErrorCode("401") is the futures error code written "401".

    Raises KeyError for a key nothing matches, TypeError for a key that is
    neither str nor int.
    """
    text = _key_text(key, "lookup")
    if text is None:  # an integer of thousands of digits
        bits = key.bit_length() if isinstance(key, int) else 0
        raise KeyError(f"no documented code is an integer of {bits} bits")
    numbered = (
        *_codes.HTTP_STATUS_ENUMS,
        *_codes.RETURN_CODE_ENUMS,
        *_codes.WEBSOCKET_CODE_ENUMS,
    )
    named = (
        *_codes.ERROR_CODE_ENUMS,
        *_codes.MESSAGE_CODE_ENUMS,
        *_codes.WEBSOCKET_TEXT_ENUMS,
    )
    # A number is an HTTP status or a return code before it is a futures error
    # code written in digits (XT sends "401" there too): lookup(401) is 401 Unauthorized.
    number = text.removeprefix("-").isdigit()
    tables = numbered + named if number else named + numbered
    for table in tables:
        for member in table:
            if str(member.value) == text:
                return member
    if isinstance(key, str):
        try:
            found: type[XTError] | None = exception_class(text)
        except AttributeError:
            found = None
        if found is not None and found.code is not None:
            return found.code
        folded = text.casefold()
        matches = [
            m for table in tables for m in table if str(m.value).casefold() == folded
        ]
        if len(matches) == 1:
            return matches[0]
        if found is not None:
            raise KeyError(
                f"{text} is raised for no single code: it groups several (catch it to catch them all)"
            )
    import difflib

    from xt_errors._catalog import CLASS_NAMES

    names = [str(m.value) for table in tables for m in table] + list(CLASS_NAMES)
    close = difflib.get_close_matches(text[:100], names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"no documented code or class is called {text[:100]!r}{hint}")


def lookup_all(key: str | int) -> tuple[Code, ...]:
    """Every documented code `key` names, table by table: HTTP statuses, return
    codes, message codes, futures error codes, WebSocket codes, WebSocket texts.

    One value can mean several things, one per table: lookup_all("400") is the
    HTTP status 400, the futures error code "400" and the WebSocket code 400;
    lookup_all(1) the return code 1 and the WebSocket code 1. The value is
    matched in every table as written, else whatever its case, else without
    `_` and `-` ("auth105" is AUTH_105); another spelling some pages use finds
    its code. A str that is no code's value but a class's name gives the codes
    `except` that class catches: its own code for a code's class
    ("StaleRequestError"), every code of a family or a meaning for theirs
    ("InsufficientFundsError"). Whatever `lookup(key)` returns is among them.

    Returns () when nothing matches; raises TypeError for a key that is
    neither str nor int.
    """
    found = codes_valued(key, "lookup_all")
    if found or not isinstance(key, str):
        return found
    try:
        cls = exception_class(key.strip())
    except AttributeError:
        return ()
    return caught_by(cls)


def codes_valued(key: str | int, function: str = "codes_valued") -> tuple[Code, ...]:
    """The codes whose value `key` is, table by table: `lookup_all` without classes."""
    text = _key_text(key, function)
    if not text:
        return ()
    for same, index in zip(_SAMENESS, _indexes(), strict=True):
        found = index.get(same(text))
        if found:
            return found
    return ()


def _as_written(text: str) -> str:
    return text


def _squashed(text: str) -> str:
    """`text` without case, `_` and `-`: how a code is typed in a hurry (auth105)."""
    return text.casefold().replace("_", "").replace("-", "")


# How a value may match a code's, strictest first.
_SAMENESS = (_as_written, str.casefold, _squashed)
# For each way of matching, a code's value so read -> its codes, table by
# table: built on first use, then one dict lookup a call (benchmark row 3,
# lookup_all; a scan of every code took 40 times as long).
_built: list[dict[str, tuple[Code, ...]]] = []


def _indexes() -> list[dict[str, tuple[Code, ...]]]:
    if not _built:
        members = [member for table in _codes.TABLES for member in table]
        indexes = []
        for same in _SAMENESS:
            index: dict[str, list[Code]] = {}
            for member in members:
                index.setdefault(same(str(member.value)), []).append(member)
            indexes.append({value: tuple(found) for value, found in index.items()})
        _built[:] = indexes  # whole, in one step: threads see none or all
    return _built


def caught_by(cls: type[XTError]) -> tuple[Code, ...]:
    """The documented codes `except cls:` catches, table by table."""
    return tuple(
        member
        for table in _codes.TABLES
        for member in table
        if member.exception is not None and issubclass(member.exception, cls)
    )


def _key_text(key: object, function: str) -> str | None:
    """`key` as the text of a code, another spelling turned into the code's own;
    None for an integer too long to be one. TypeError for a key that is neither
    str nor int."""
    if type(key) is bool or not isinstance(key, (str, int)):
        what = type(key).__name__
        raise TypeError(
            f"{function}() takes a code or class name (str or int), not {what}"
        )
    if isinstance(key, int) and not -(10**9) < key < 10**9:
        return None  # and str() of 5,000 digits would raise ValueError
    text = str(key).strip()
    return _codes.SPELLINGS.get(text, text)  # another spelling some pages use
