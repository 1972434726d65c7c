"""The site's API reference: the package's own docstrings, rendered by mkdocstrings.

The template (codegen/templates/site/reference.md.jinja) names the public API,
group by group (`GROUPS`), as `::: xt_errors.NAME` directives that mkdocstrings
reads from generated/xt_errors/ at build time; a name the package lost fails
the strict build. The meaning classes are rendered from the catalog's class
statements, the very model their docstrings are generated from, each with the
codes it catches: through mkdocstrings they would cost half a second of every
build of each language for the same words. Docstrings are English, on the
Chinese site too (its page says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen import model, naming

PAGE = "reference.md"
URL = "reference/"


@dataclass(frozen=True)
class Group:
    """A heading of the reference page and the names documented under it."""

    title_en: str
    title_zh: str
    names: tuple[str, ...]  # attributes of `xt_errors`

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh" else self.title_en


# Every public name of the package (its `__all__` less the catalog's own), in the
# order a user meets them; a test holds that none is left out.
GROUPS = (
    Group(
        "Checking responses",
        "检查响应",
        ("check", "check_async", "raise_for_response"),
    ),
    Group(
        "Errors",
        "异常",
        (
            "XTError",
            "HttpError",
            "MalformedResponseError",
            "UnknownCodeError",
            "FirewallBlockedError",
            "FirewallRateLimitError",
            "RETRY_AFTER_CAP",
        ),
    ),
    Group(
        "WebSocket streams",
        "WebSocket 推送",
        (
            "check_frame",
            "checked_frames",
            "WebSocketError",
            "UnknownWebSocketCodeError",
            "WebSocketClosedError",
        ),
    ),
    Group("Looking codes up", "查找代码", ("lookup", "lookup_all", "errors_for")),
    Group("Retrying", "重试", ("RetryPolicy", "RetryBudget", "Advice")),
    Group("ccxt", "ccxt", ("from_ccxt", "ccxt_errors")),
    Group(
        "Language and links",
        "语言与链接",
        ("set_language", "get_language", "LANGUAGES", "set_docs_url"),
    ),
)


@dataclass(frozen=True, kw_only=True)
class MeaningClass:
    """A meaning class (`InsufficientFundsError`) and every code `except` it catches."""

    kind: model.Kind
    declared: model.ExceptionClass  # its class statement: bases, docstring, retryable
    codes: tuple[tuple[model.Code, str], ...]  # each code, with its entry's link


def anchor(name: str) -> str:
    """A documented name's id on the reference page, as mkdocstrings makes it."""
    return f"xt_errors.{name}"


def meaning_class(kind: model.Kind) -> str:
    """The class that catches a kind's codes by their meaning: XTError for a kind of its own
    class-less (a failure XT does not specify)."""
    return kind.exception or "XTError"


def meaning_classes(catalog: model.Catalog) -> list[MeaningClass]:
    """Each kind that has a class, in catalog order, with the codes of it and of the kinds
    under it (a ListenKeyError is an AuthenticationError)."""
    under: dict[str, list[str]] = {}
    for kind in catalog.kinds:
        if kind.parent:
            under.setdefault(kind.parent, []).append(kind.name)

    def kinds_below(name: str) -> set[str]:
        found = {name}
        for child in under.get(name, []):
            found |= kinds_below(child)
        return found

    declared = {each.name: each for each in catalog.classes}
    found = []
    for kind in catalog.kinds:
        if kind.exception not in declared or not naming.is_identifier(kind.exception):
            continue
        names = kinds_below(kind.name)
        codes = tuple(
            (code, table.link(code))
            for table in catalog.tables
            for code in table.codes
            if code.kind in names and code.exception
        )
        found.append(
            MeaningClass(kind=kind, declared=declared[kind.exception], codes=codes)
        )
    return found
