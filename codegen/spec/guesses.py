"""What a newly documented code or table starts with, before a maintainer curates it.

The spec stage writes these guesses into the spec once, when a code first
appears; from then on the spec owns them and no guess overrides a curated
value. They are guesses, so they are kept simple and predictable.
"""

from __future__ import annotations

import builtins
import http
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from codegen import naming
from codegen.model import Kind

TITLE = "XT API response codes"
SITE_URL = "https://xt-errors.readthedocs.io/en/latest/en/"  # the English site; the Chinese one is ../zh/

# File name endings that mark a Chinese twin of a page: spot_cn.md, spot.zh.md.
_CHINESE_SUFFIXES = (".zh", "_cn", "-cn", "_zh", "-zh")


@dataclass(frozen=True)
class ProductGuess:
    key: str  # e.g. futures_copy_trading
    language: str  # "en" or "zh"
    title: str


def product_for(file_name: str) -> ProductGuess:
    """The product and language of a page the spec does not name yet, from its file name.

    A Chinese twin (`spot_cn.md`, `spot.zh.md`) gets the product of its English page.
    """
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    language = "en"
    for suffix in _CHINESE_SUFFIXES:
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            stem, language = stem[: -len(suffix)], "zh"
            break
    key = naming.slug(stem).replace("-", "_")
    return ProductGuess(key, language, key.replace("_", " ").capitalize())


def known_product(file_name: str, products: Iterable[str]) -> str | None:
    """The product a new page names in its file name, among the spec's products:
    xt-futures-order-create-order.md is futures'. The longest name wins, so
    xt-futures-copy-trading-x.md is futures_copy_trading's."""
    words = naming.slug(file_name.rsplit(".", 1)[0]).split("-")
    named = [
        key
        for key in products
        if _contains(words, naming.slug(key.replace("_", "-")).split("-"))
    ]
    return max(named, key=len, default=None)


def _contains(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


def english_name(chinese: str, names: set[str]) -> str | None:
    """The English page among `names` a Chinese page (`x.zh.md`, `x_cn.md`) is the twin of."""
    stem, dot, suffix = chinese.rpartition(".")
    for ending in _CHINESE_SUFFIXES:
        if stem.lower().endswith(ending) and len(stem) > len(ending):
            english = f"{stem[: -len(ending)]}{dot}{suffix}"
            return english if english in names else None
    return None


def free_name(wanted: str, taken: set[str]) -> str:
    """`wanted`, or a name made from it that nothing has taken: Code -> CodeTable."""
    if wanted not in taken:
        return wanted
    for name in (
        f"{wanted}Table",
        *(f"{wanted}Table{number}" for number in range(2, 1000)),
    ):
        if name not in taken:
            return name
    raise AssertionError("a thousand tables of one name")


# The meanings a code can have, each caught by its own exception class.
KINDS = (
    Kind(
        name="success",
        exception=None,
        parent=None,
        retryable=False,
        summary="The request succeeded.",
        hint="Nothing to do: read the result.",
    ),
    Kind(
        name="failure",
        exception=None,
        parent=None,
        retryable=False,
        summary="The request failed for a reason the documentation does not specify.",
        hint="Check the request against the endpoint's documentation; retrying unchanged will fail again.",
    ),
    Kind(
        name="authentication",
        exception="AuthenticationError",
        parent=None,
        retryable=False,
        summary="Credentials, signature or timestamp are missing or wrong.",
        hint="Check the API key, the signature and the validate-* headers, and keep the clock in sync.",
    ),
    Kind(
        name="permission_denied",
        exception="PermissionDeniedError",
        parent=None,
        retryable=False,
        summary="The key or account is not allowed to do this.",
        hint="Bind the caller's IP to the key, or grant the key or sub-account the permission.",
    ),
    Kind(
        name="rate_limit",
        exception="RateLimitError",
        parent=None,
        retryable=True,
        summary="Too many requests.",
        hint="Wait (Retry-After when given), then retry more slowly.",
    ),
    Kind(
        name="insufficient_funds",
        exception="InsufficientFundsError",
        parent=None,
        retryable=False,
        summary="Not enough balance, margin or loanable amount.",
        hint="Add funds or reduce the amount, then retry.",
    ),
    Kind(
        name="invalid_request",
        exception="InvalidRequestError",
        parent=None,
        retryable=False,
        summary="A parameter, amount or path is wrong.",
        hint="Fix the request; retrying it unchanged will fail again.",
    ),
    Kind(
        name="duplicate_request",
        exception="DuplicateRequestError",
        parent=None,
        retryable=False,
        summary="The same request was already received or is being processed.",
        hint="Do not resend: query the state of the first request instead.",
    ),
    Kind(
        name="operation_not_allowed",
        exception="OperationNotAllowedError",
        parent=None,
        retryable=False,
        summary="The account or market is in a state that forbids this operation.",
        hint="Wait until the state changes (liquidation, closing, manual processing), then retry.",
    ),
    Kind(
        name="risk_control",
        exception="RiskControlError",
        parent=None,
        retryable=False,
        summary="XT's risk control refused the request.",
        hint="Do not retry in a loop; contact XT support if it persists.",
    ),
    Kind(
        name="outcome_unknown",
        exception="OutcomeUnknownError",
        parent=None,
        retryable=False,
        summary="A server-side failure after which an order may or may not have gone through.",
        hint="Query the order by its client order id before sending it again.",
    ),
    Kind(
        name="service_unavailable",
        exception="ServiceUnavailableError",
        parent="outcome_unknown",
        retryable=True,
        summary="XT or its gateway is temporarily unavailable.",
        hint="Retry with backoff; for orders, query their state first.",
    ),
)

# Words of a description that suggest a kind, tried in this order.
_KIND_WORDS = (
    ("rate_limit", r"too (many|frequent)|rate limit"),
    ("risk_control", r"risk control"),
    ("duplicate_request", r"duplicate|repeat|already .*(processed|processing|being)"),
    ("insufficient_funds", r"insufficient|not enough|balance"),
    ("authentication", r"signature|api ?key|timestamp|request header|login|apikey"),
    ("permission_denied", r"permission|authority|unbound ip|not allowed|disallow"),
    ("service_unavailable", r"busy|try (it |again )?later|timed out|unavailable"),
    (
        "operation_not_allowed",
        r"not supported|not support|prohibited|suspend|in progress|not open|cannot be",
    ),
    (
        "invalid_request",
        r"invalid|illegal|wrong|incorrect|error|must be|empty|not exist|format",
    ),
)


def kind_for(code: str, description: str, role: str) -> str:
    """A first guess at a code's meaning, from its table, value and wording."""
    if role == "http_status" and naming.is_integer_code(code):
        status = int(code)
        if 200 <= status < 300:
            return "success"
        if status == 429:
            return "rate_limit"
        if status in (502, 503, 504):
            return "service_unavailable"
        if status >= 500:
            return "outcome_unknown"
        if status == 401:
            return "authentication"
        if status == 403:
            return "permission_denied"
        return "invalid_request"
    if role in ("return_code", "websocket_code"):
        return "success" if code == "0" else "failure"
    if code.upper() == "SUCCESS":
        return "success"
    text = description.lower()
    for kind, pattern in _KIND_WORDS:
        if re.search(pattern, text):
            return kind
    return "failure"


def role_for(key: str) -> str:
    """Which part of an XT response a table documents, from its key."""
    lowered = key.lower()
    if "http" in lowered:
        return "http_status"
    if lowered in ("rc", "returncode", "return code"):
        return "return_code"
    return "message_code"


def enum_name(key: str, role: str) -> str:
    return {
        "http_status": "HttpStatus",
        "return_code": "ReturnCode",
        "message_code": "MessageCode" if key == "mc" else naming.class_name(key),
    }[role]


def member_name(code: str, role: str) -> str:
    """HTTP statuses take the stdlib's names (TOO_MANY_REQUESTS); others follow the code."""
    if role == "http_status" and naming.is_integer_code(code):
        try:
            return http.HTTPStatus(int(code)).name
        except ValueError:
            pass
    return naming.member_name(code)


def exception_name(code: str, role: str) -> str:
    """HTTP statuses are named by their phrase (NotFoundError); others by their code."""
    if role == "http_status" and naming.is_integer_code(code):
        try:
            return naming.class_name(http.HTTPStatus(int(code)).phrase, "Error")
        except ValueError:
            return f"Http{code}Error"
    name = naming.class_name(naming.member_name(code), "Error")
    # A code named like one of Python's exceptions (timeout -> TimeoutError)
    # must not hide it from a star import: the spec refuses such names.
    return f"Xt{name}" if name in _BUILTINS else name


def exception_variants(natural: str, product: str | None) -> Iterator[str]:
    """A guessed class name, then the names it takes when that one is taken: by
    its product (EarnPermissionDeniedError), then numbered (PermissionDenied2Error)."""
    yield natural
    stem = natural.removesuffix("Error")
    if product:
        yield f"{naming.class_name(product)}{stem}Error"
    yield from (f"{stem}{number}Error" for number in range(2, 1000))


def is_guessed_exception(
    name: str | None, code: str, role: str, product: str | None
) -> bool:
    """Whether `name` is one a sync guesses for the code (its natural class name
    or a variant of it), which a maintainer has not named yet."""
    natural = exception_name(code, role)
    stem = natural.removesuffix("Error")
    qualified = f"{naming.class_name(product)}{stem}Error" if product else None
    if name in (natural, qualified):
        return True
    # stem, a number, "Error" (PermissionDenied2Error); read as text, since a
    # pattern compiled per code cost a 10,000-code sync a second (benchmark row 1b)
    if name is None or not (name.startswith(stem) and name.endswith("Error")):
        return False
    number = name[len(stem) : -len("Error")]
    return number.isascii() and number.isdigit()


class FreeNames:
    """The names a sync can still guess for new codes: a code's natural class name
    is often taken (Earn's PERMISSION_DENIED and the meaning class
    PermissionDeniedError, Earn's INSUFFICIENT_BALANCE and the futures
    insufficient_balance), and a guess must never collide: only a curated name
    that collides stops a run."""

    def __init__(self, spec: CommentedMap, reserved: Collection[str]) -> None:
        self.classes = set(reserved) | _BUILTINS
        self.members: dict[str, set[str]] = {}  # a table -> its members' names
        for kind in spec["kinds"].values():
            self.classes.add(str(kind.get("exception")))
        for key, table in spec["tables"].items():
            self.classes.add(str(table["enum"]))
            names = self.members.setdefault(str(key), set())
            for entry in table["codes"]:
                names.add(str(entry.get("name")))
                self.classes.add(str(entry.get("exception")))
                self.classes.update(str(alias) for alias in entry.get("aliases") or ())
                family = entry.get("family")
                if family:  # its classes, as the catalog names them when they are free
                    family_class = naming.class_name(str(family), "Error")
                    self.classes.update((family_class, f"Unknown{family_class}"))

    def exception(self, code: str, role: str, product: str | None) -> str:
        """A class name for a new code that nothing has taken, from now on taken,
        as are its family's classes."""
        family = naming.family_of(code)
        if family:
            family_class = naming.class_name(family, "Error")
            self.classes.update((family_class, f"Unknown{family_class}"))
        natural = exception_name(code, role)
        found = next(
            name
            for name in exception_variants(natural, product)
            if name not in self.classes
        )
        self.classes.add(found)
        return found

    def member(self, code: str, role: str, table: str) -> str:
        """An enum member name for a new code that its table has not given yet."""
        taken = self.members.setdefault(table, set())
        natural = member_name(code, role)
        found = next(
            name
            for name in (natural, *(f"{natural}_{n}" for n in range(2, 1000)))
            if name not in taken
        )
        taken.add(found)
        return found


_BUILTINS = frozenset(dir(builtins))
