"""What every generated class builds on: XTError for the exceptions, Documented for the enum members.

Catch by meaning (RateLimitError, InsufficientFundsError, ...), by family
(AuthError, ...), or everything with XTError; those classes, and the enums,
are generated into `xt_errors._codes`, each code's own class into
`xt_errors._classes`. Every class shows as `xt_errors.Name` in tracebacks
and pickles by that name.
"""

# No `from __future__ import annotations` in the modules `import xt_errors` loads:
# importing __future__ alone costs 3% of it (benchmark row 2a). Annotations
# naming what only type checkers import are quoted instead.
TYPE_CHECKING = False  # typing costs more to import than this whole package
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, ClassVar, SupportsIndex

    # This module, by its name in the package: see Documented.exception.
    from xt_errors import _base  # noqa: PLW0406
    from xt_errors._codes import Code
    from xt_errors._info import Change, Info, Variant

RETRY_AFTER_CAP = 3600.0
"""The most `retry_after` ever says, in seconds: a Retry-After of a day, or of
1e309, still comes back as one hour, and a past date as 0. Never inf or NaN."""

LANGUAGES = ("en", "zh")
"""The languages of XT's documentation, and so of `message` and `str(error)`."""
_chosen: list[str] = []  # set_language()'s choice, once made


def set_language(language: str) -> None:
    """Choose, for the whole process, the language of `message` and `str(error)`.

    "en" (the default) or "zh" for XT's Chinese texts; "zh-CN", "zh_CN" and
    "cn" mean "zh". Without a call, the environment variable XT_ERRORS_LANGUAGE
    decides (an unknown value there means English). Codes without a Chinese
    text, and the package's own messages, stay in English.
    """
    _chosen[:] = [_language(language)]


def get_language() -> str:
    """The language `message` and `str(error)` use now: see set_language()."""
    if _chosen:
        return _chosen[0]
    import os

    try:
        return _language(os.environ.get("XT_ERRORS_LANGUAGE", "en"))
    except (TypeError, ValueError):
        return "en"


def _language(language: object) -> str:
    if not isinstance(language, str):
        what = type(language).__name__
        raise TypeError(f"a language is a str such as 'en' or 'zh', not {what}")
    folded = language.strip().lower().replace("_", "-").split("-")[0]
    folded = {"cn": "zh"}.get(folded, folded)
    if folded not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"unknown language {language!r}: use one of {known}")
    return folded


# -- where the reference site is --------------------------------------------------

_docs_base: list[str] = []  # set_docs_url()'s base, once set


def set_docs_url(base: "str | None") -> None:
    """Point every `docs_url` at the copy of the reference site a team hosts.

    `base` is the address the built site is served from, the folder that holds
    its en/ and zh/ (e.g. "https://errors.example.com/xt/"); None goes back to
    the default. Without a call, the environment variable XT_ERRORS_DOCS_URL
    decides (a value that is not an http(s) address is ignored), else the
    published site. For the whole process, like set_language().
    """
    if base is None:
        _docs_base.clear()
    else:
        _docs_base[:] = [_site_base(base)]


def docs_root(language: str) -> str:
    """The root of the reference site in `language`, that a code's page follows."""
    base = _docs_base[0] if _docs_base else _environment_docs_base()
    if base is None:
        from xt_errors._codes import SITE_URL, SITE_URL_ZH

        return SITE_URL_ZH if language == "zh" else SITE_URL
    return f"{base}{language}/"


def _environment_docs_base() -> "str | None":
    import os

    value = os.environ.get("XT_ERRORS_DOCS_URL")
    try:
        return _site_base(value) if value else None
    except ValueError:
        return None


def _site_base(base: object) -> str:
    if not isinstance(base, str):
        what = type(base).__name__
        raise TypeError(
            f"a docs base is a str such as 'https://errors.example.com/xt/', not {what}"
        )
    stripped = base.strip()
    scheme, _, rest = stripped.partition("://")
    if (
        scheme.lower() not in ("http", "https")
        or not rest.strip("/")
        or any(c.isspace() for c in stripped)
    ):
        raise ValueError(
            "a docs base is an http(s) address such as 'https://errors.example.com/xt/',"
            f" not {base[:100]!r}"
        )
    return stripped.rstrip("/") + "/"


# -- the enum members ----------------------------------------------------------


class Documented:
    """What every member of the generated enums knows about itself.

    Like the stdlib's `http.HTTPStatus`, a member carries its documentation;
    it is read from `xt_errors._catalog` on first use, and the Chinese texts
    from `xt_errors._catalog_zh` only when asked for.
    """

    __slots__ = ()

    @property
    def description(self) -> str:
        """The documentation's text for this code, exactly."""
        return _info(self).description

    @property
    def description_zh(self) -> str | None:
        """The text of XT's Chinese documentation, exactly; None where it has none."""
        from xt_errors._catalog_zh import DESCRIPTIONS_ZH

        return DESCRIPTIONS_ZH[type(self).__name__].get(_value(self))

    @property
    def products(self) -> tuple[str, ...]:
        """The XT API products whose pages document this code, e.g. ('spot', 'margin')."""
        return _info(self).products

    @property
    def texts(self) -> dict[str, str]:
        """Each product's text for this code: its first page's, where that is not `description`."""
        from xt_errors._info import texts

        return texts(type(self).__name__, _value(self), "products", "en")

    @property
    def texts_zh(self) -> dict[str, str]:
        """Each product's Chinese text for this code, as `texts` gives the English ones."""
        from xt_errors._info import texts

        return texts(type(self).__name__, _value(self), "products", "zh")

    @property
    def endpoints(self) -> tuple[str, ...]:
        """The endpoints whose pages list this code: ('POST /future/trade/v1/order/create', ...)."""
        return _info(self).endpoints

    @property
    def endpoint_texts(self) -> dict[str, str]:
        """Each endpoint's text for this code, as `texts` gives each product's."""
        from xt_errors._info import texts

        return texts(type(self).__name__, _value(self), "endpoints", "en")

    @property
    def endpoint_texts_zh(self) -> dict[str, str]:
        """Each endpoint's Chinese text for this code."""
        from xt_errors._info import texts

        return texts(type(self).__name__, _value(self), "endpoints", "zh")

    @property
    def spellings(self) -> tuple[str, ...]:
        """Other spellings of this code on some of XT's pages; each one finds this member."""
        return _info(self).spellings

    @property
    def evidence(self) -> str | None:
        """Where a code no page lists was seen in XT's responses; None for the others."""
        return _info(self).evidence

    @property
    def since(self) -> str | None:
        """When XT first documented this code, 'YYYY-MM-DD' (see the changes page)."""
        return _info(self).since

    @property
    def retired(self) -> str | None:
        """When XT dropped this code from its documentation, 'YYYY-MM-DD'; None while
        it is documented (or only observed). A retired code keeps its member and
        class: XT may still send it. "undated" for a code the catalog retired
        without a date of XT's."""
        info = _info(self)
        if not info.retired:
            return None
        return info.removed or "undated"

    @property
    def removed(self) -> str | None:
        """When XT dropped a retired code from its documentation, 'YYYY-MM-DD'."""
        return _info(self).removed

    @property
    def changes(self) -> "tuple[Change, ...]":
        """Each change of this code's texts since `since`, oldest first."""
        from xt_errors._history import CHANGES

        return CHANGES.get(type(self).__name__, {}).get(_value(self), ())

    @property
    def observed(self) -> bool:
        """True for a code XT's pages do not list, seen in its responses (see `evidence`)."""
        return _info(self).evidence is not None

    @property
    def variants(self) -> "tuple[Variant, ...]":
        """Every other text XT's pages give for this code, with the products that give it."""
        return _info(self).variants

    @property
    def family(self) -> str | None:
        """The code's prefix without its number, e.g. 'AUTH'; None when it has none."""
        return _info(self).family

    @property
    def kind(self) -> str:
        """What the code means, e.g. 'rate_limit'; `python -m xt_errors --kinds` lists them."""
        return _info(self).kind

    @property
    def retryable(self) -> bool:
        """Whether the same request can succeed if sent again after a pause."""
        return _info(self).retryable

    @property
    def hint(self) -> str:
        """What to do about it, in English."""
        return _info(self).hint

    @property
    def hint_zh(self) -> str | None:
        """What to do about it, in Chinese; None where no Chinese hint is curated."""
        from xt_errors._catalog_zh import HINTS_ZH, KINDS_ZH

        own = HINTS_ZH[type(self).__name__].get(_value(self))
        return own if own is not None else KINDS_ZH.get(self.kind, (None, None))[1]

    def hint_in(self, language: str) -> str:
        """What to do about it in `language` ("en" or "zh"): the English where
        no Chinese is curated."""
        return (self.hint_zh if language == "zh" else None) or self.hint

    @property
    def docs_url(self) -> str:
        """This code's entry on the reference site (see set_docs_url)."""
        return docs_root("en") + _info(self).page

    @property
    def docs_url_zh(self) -> str:
        """This code's entry on the Chinese reference site (see set_docs_url)."""
        return docs_root("zh") + _info(self).page

    @property
    def exception(self) -> "type[_base.XTError] | None":
        """The class raised for this code; None for a success."""
        # Annotated through the package's name for this module, so that this
        # source, type-checked where it stands (codegen/runtime/), and its
        # copy in the package agree on which XTError it is.
        from xt_errors._raised import raised_for

        return raised_for(self)

    @classmethod
    def _missing_(cls, value: object) -> "Documented | None":
        """Another spelling some pages use finds the code: FuturesErrorCode("invalid state")."""
        from xt_errors._codes import SPELLINGS

        canonical = SPELLINGS.get(value) if type(value) is str else None
        found: Documented | None = getattr(cls, "_value2member_map_", {}).get(canonical)
        return found


def _value(member: object) -> "int | str":
    value: int | str = getattr(member, "_value_")  # noqa: B009 - a mixin cannot name it
    return value


def _info(member: object) -> "Info":
    from xt_errors._catalog import INFO

    return INFO[type(member).__name__][_value(member)]


# -- the exceptions --------------------------------------------------------------

# An error's `args`: the response it came from, by position. On the hot path
# Exception.__new__ stores them in C, with no __init__ to run (see XTError).
STATUS = 0  # the HTTP status, an int, or None
MC = 1  # the catalog member of the code, or the raw code XT sent; None when neither
BODY = 2  # the body exactly as received
HEADERS = 3  # the response's headers, as the HTTP client gave them
DATA = 4  # the body's JSON object, once parsed; None when there is none
GIVEN = 5  # a Given: what a caller or a rule states outright, or None
# The request the response answers, read only when asked for (see _request):
# the response object `check` was given, a (method, url) pair, or None.
REQUEST = 6


class Given:
    """What a caller or a rule states outright, instead of what the body says.

    `message` is one text, or a text per language ({"en": ..., "zh": ...})
    for the package's own words.
    """

    __slots__ = ("message", "rc", "retry_after")

    def __init__(
        self,
        rc: int | None = None,
        message: "str | dict[str, str] | None" = None,
        retry_after: float | None = None,
    ) -> None:
        self.rc = rc
        self.message = message
        self.retry_after = retry_after

    def __reduce__(self) -> "tuple[Any, ...]":
        # pickle protocols 0 and 1 cannot copy __slots__ on their own
        return Given, (self.rc, self.message, self.retry_after)


def in_language(words: "str | dict[str, str]", language: str) -> str:
    """`words` in `language`: a text, or a text per language (English where one is missing)."""
    if isinstance(words, str):
        return words
    return words.get(language) or words.get("en") or ""


# XT's inline markdown: a code span, **bold**, or a punctuation mark escaped.
_MARKUP = r"`([^`]*)`|\*\*|\\([!-/:-@\[-`{-~])"


def plain(text: str) -> str:
    """XT's text as a terminal shows it: "Missing request header `validate-appkey`"
    -> "Missing request header validate-appkey". The site shows the markdown as XT
    means it; the catalog keeps it as XT wrote it (`description`)."""
    if "`" not in text and "*" not in text and "\\" not in text:
        return text  # nearly every text: no pattern to compile
    import re

    def unmarked(match: "re.Match[str]") -> str:
        if match[0] == "**":
            return ""
        return match[1] if match[1] is not None else match[2]

    return re.sub(_MARKUP, unmarked, text)


def _retired_note(removed: str | None, language: str) -> str:
    """What an error's text adds for a code XT no longer documents (it may still send it)."""
    if language == "zh":
        when = f"于 {removed} " if removed else ""
        return f" [已停用的代码：XT 已{when}从文档中删除]"
    gone = f" on {removed}" if removed else ""
    return f" [a retired code: XT dropped it from its documentation{gone}]"


def _see(text: str, url: str, language: str) -> str:
    """`text`, then where to read more: the last words of a traceback, on the same line."""
    ended = text.endswith((".", "!", "?", "。", "！", "？"))
    if language == "zh":
        return f"{text}{'' if ended else '。'}详见 {url}"
    return f"{text}{'' if ended else '.'} See {url}"


class XTError(Exception):
    """Any error answered by XT's API, or met while reading its answer.

    Every instance carries the response it came from: `http_status`, `rc`,
    `mc` (the catalog member, or the raw string of a code the catalog does
    not know), `message` (the documentation's text, plus XT's own words when
    the body has them, its placeholders filled from `xt_args`), the `body`
    exactly as received, `retry_after` (seconds, from a Retry-After header,
    at most RETRY_AFTER_CAP), the request it answers (`request_method`, and
    `url` with its secrets redacted, when the client's response tells them),
    and, from the catalog, `retryable`, `hint` (what to do) and `docs_url`.
    `to_dict()` gives them all as plain values, for structured logs.

    `str(error)`, the last line of a traceback, is one line: the code, the
    message, and where the code's entry is, in the language of get_language():
    "ORDER_002: insufficient funds. See https://.../#order_002" ("…。详见 …"
    in Chinese), with a note for a retired code; `repr(error)` leaves the
    link out and adds the request, when known. An error of no documented code (XTError("boom"), an unknown
    AUTH_999, a malformed body) has no entry and prints without one. Line
    breaks a server sent (in XT's `msg`, an unknown code) print as one space
    each, so no answer can add lines to a log; `message` keeps XT's words as
    they came.

    How an error is built. The check makes it with `from_response`, which
    stores the response in `args` at the positions named above (STATUS, MC,
    BODY, HEADERS, DATA, GIVEN, REQUEST) through Exception.__new__, in C,
    without calling __init__: raising a known code costs no Python frame.
    The properties below decode `args` when first asked, so what a trading
    loop never reads is never worked out. An error made by hand,
    XTError("text", http_status=...), goes through __init__, which stores
    the same seven positions; it says only what it was given.
    """

    code: "ClassVar[Code | None]" = None  # the catalog member this class is raised for
    default_retryable: "ClassVar[bool]" = False
    # What `hint` says for an error of this class that neither a code nor a
    # meaning gives a hint for, in English and in Chinese; None for a plain
    # XTError made by hand.
    default_hint: "ClassVar[str | None]" = None
    default_hint_zh: "ClassVar[str | None]" = None
    # What to_dict() gives, besides the class's name: the properties a log
    # line needs to tell one failed call from another.
    _logged: "ClassVar[tuple[str, ...]]" = (
        "message",
        "http_status",
        "rc",
        "request_method",
        "url",
        "retryable",
        "retry_after",
        "hint",
        "docs_url",
    )

    def __init_subclass__(cls, **kwargs: "Any") -> None:
        super().__init_subclass__(**kwargs)
        if cls.__module__.startswith("xt_errors."):
            # Shown in tracebacks, and pickled, by the name users import it
            # by: xt_errors.StaleRequestError. inspect.getsource() then looks
            # in xt_errors/__init__.py and raises OSError; Python 3.13's
            # __firstlineno__ would make it show lines of the wrong file.
            cls.__module__ = "xt_errors"
            if "__firstlineno__" in vars(cls):
                delattr(cls, "__firstlineno__")

    def __init__(
        self,
        message: str | None = None,
        *,
        http_status: int | None = None,
        rc: int | None = None,
        mc: "Code | str | None" = None,
        body: object = None,
        retry_after: float | None = None,
        headers: "Any" = None,
    ) -> None:
        if message is not None and not isinstance(message, str):
            what = type(message).__name__
            raise TypeError(f"an XTError's message is a str or None, not {what}")
        given = Given(rc, message, retry_after)
        super().__init__(http_status, mc, body, headers, None, given, None)

    @property
    def http_status(self) -> int | None:
        """The response's HTTP status; for an error made by hand, its class's status or None."""
        status: int | None = self.args[STATUS]
        if status is not None:
            return status
        from xt_errors._codes import HTTP_STATUS_ENUMS

        code = self.code
        return int(code) if isinstance(code, HTTP_STATUS_ENUMS) else None

    @property
    def mc(self) -> "Code | str | None":
        """The message code (or futures error code): the catalog member, or the raw code."""
        mc: Code | str | None = self.args[MC]
        if mc is None and self.code is not None:
            from xt_errors._codes import ERROR_CODE_ENUMS, MESSAGE_CODE_ENUMS

            if isinstance(self.code, MESSAGE_CODE_ENUMS + ERROR_CODE_ENUMS):
                return self.code
        return mc

    @property
    def rc(self) -> int | None:
        """The return code (`rc`, or the futures `returnCode`), when the body has one."""
        given: Given | None = self.args[GIVEN]
        if given is not None and given.rc is not None:
            return given.rc
        data: Mapping[str, Any] | None = self.args[DATA]
        rc = data.get("rc", data.get("returnCode")) if data is not None else None
        return rc if type(rc) is int else None

    @property
    def message(self) -> str:
        """XT's text for the code, `{0}` filled from `ma`, in the language of get_language()."""
        return self.message_in(get_language())

    def message_in(self, language: str) -> str:
        """The message in `language`, "en" or "zh" (XT's Chinese text, where it has one)."""
        from xt_errors import _decode

        language = _language(language)
        given: Given | None = self.args[GIVEN]
        data: Mapping[str, Any] | None = self.args[DATA]
        if given is not None and given.message is not None:
            message = in_language(given.message, language)
        elif self.code is None:
            message = self._message_without_code()
        else:
            code = self.code
            message = code.description
            if language == "zh":
                message = code.description_zh or message
            message = plain(message)
            if data is not None and ("{" in message or "*" in message):
                # filled here, when read: raising one never pays for it
                message = _decode.placeholders_filled(message, _decode.xt_args(data))
        said = _decode.xt_says(data) if data is not None else None
        if said and said.casefold() != message.casefold():
            message = f"{message} (XT: {said})" if message else said
        return message

    def _message_without_code(self) -> str:
        """The message of an error of no documented code that states none."""
        return ""

    @property
    def xt_args(self) -> "list[Any] | None":
        """The arguments XT sent with the code, as it sent them: a spot body's `ma`,
        a futures body's `error.args`; None without a list of them. XT fills its
        texts' placeholders from them, and so does `message`."""
        from xt_errors import _decode

        data: Mapping[str, Any] | None = self.args[DATA]
        return _decode.xt_args(data) if data is not None else None

    @property
    def request_method(self) -> str | None:
        """The method of the request this answers ("GET", "POST", ...), when the
        HTTP client's response (given to `check`), or ccxt, tells it."""
        from xt_errors import _request

        return _request.method_and_url(self.args[REQUEST])[0]

    @property
    def url(self) -> str | None:
        """The URL of the request this answers, every secret in it (a signature,
        an API key, a token, a password) replaced by ***; None when unknown."""
        from xt_errors import _request

        return _request.method_and_url(self.args[REQUEST])[1]

    @property
    def body(self) -> object:
        """The body exactly as it was received (or as the caller passed it)."""
        body: object = self.args[BODY]
        return body

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait before retrying, from a Retry-After header; see RETRY_AFTER_CAP."""
        from xt_errors import _decode

        given: Given | None = self.args[GIVEN]
        if given is not None and given.retry_after is not None:
            return _decode.seconds(given.retry_after)
        headers = self.args[HEADERS]
        return _decode.retry_after(headers) if headers is not None else None

    @property
    def retryable(self) -> bool:
        """Whether sending the same request again, after a pause, can succeed."""
        code = self.code
        return code.retryable if code is not None else self.default_retryable

    @property
    def docs_url(self) -> str | None:
        """This code's entry on the reference site."""
        code = self.code
        return code.docs_url if code is not None else None

    @property
    def docs_url_zh(self) -> str | None:
        """This code's entry on the Chinese reference site."""
        code = self.code
        return code.docs_url_zh if code is not None else None

    @property
    def hint(self) -> str | None:
        """What to do about this error: its code's "what to do" text (`code.hint`),
        or, for a code the catalog does not list, that of the meaning its class
        falls under (UnknownRateLimitError: that of RateLimitError), else its
        class's `default_hint`: an unknown AUTH_999 (UnknownAuthError) says to
        read XT's documentation and upgrade, a MalformedResponseError what to do
        when an answer was lost. In the language `set_language` chose: Chinese
        where the catalog curates it. None for an error made by hand as a plain
        XTError (or HttpError)."""
        return self.hint_in(get_language())

    def hint_in(self, language: str) -> str | None:
        """`hint` in `language` ("en" or "zh"): the English where no Chinese is
        curated."""
        code = self.code
        if isinstance(code, Documented):
            return code.hint_in(language)
        from xt_errors._catalog import KINDS
        from xt_errors._codes import KIND_CLASSES

        kinds = {name: kind for kind, name in KIND_CLASSES.items()}
        for cls in type(self).__mro__:
            kind = kinds.get(cls.__name__) if cls.__module__ == "xt_errors" else None
            if kind is not None and kind in KINDS:
                if language == "zh":
                    from xt_errors._catalog_zh import KINDS_ZH

                    chinese = KINDS_ZH.get(kind, (None, None))[1]
                    if chinese is not None:
                        return chinese
                return KINDS[kind][1]
        if language == "zh" and self.default_hint_zh is not None:
            return self.default_hint_zh
        return self.default_hint

    def to_dict(self) -> "dict[str, Any]":
        """The error as plain values (str, int, float, bool or None), for
        structured logs: its class (`error`), the code, the message, the
        request's method and URL (secrets redacted), the status, the retry
        facts, the hint and the link, and what its class adds (a WebSocket
        error's `request_id` and `topic`, ...). `json.dumps` takes it as it is:

            logger.error("XT refused the order", extra={"xt": error.to_dict()})
        """
        from xt_errors import _decode

        code = self.mc if self.mc is not None else self.code
        fields: dict[str, Any] = {
            "error": type(self).__name__,
            "code": None if code is None else _decode.short_text(str(code)),
        }
        for name in self._logged:
            value = getattr(self, name)
            if type(value) is int and value.bit_length() > 64:
                value = _decode.short_text(
                    value
                )  # a hostile status or id: JSON writes no such int
            fields[name] = value
        return fields

    def __str__(self) -> str:
        # Worked out here, when printed, never when raised: the check stays fast.
        language = get_language()
        text = self._text(language)
        code = self.code
        if not isinstance(code, Documented):
            return text  # XTError("boom") prints boom
        url = code.docs_url_zh if language == "zh" else code.docs_url
        return _see(text, url, language)

    def __repr__(self) -> str:
        # The request too, when known: a log line of repr(error) says which call failed.
        text = f"{type(self).__name__}({self._text(get_language())!r}"
        method, url = self.request_method, self.url
        if url is not None:
            request = f"{method} {url}" if method else url
            text += f", request={' '.join(request.splitlines())!r}"
        return text + ")"

    def _label(self) -> str:
        """What str(error) starts with: the code, else the HTTP status; "" without either."""
        from xt_errors import _decode

        code = self.mc
        if code is None:
            code = self.code
        status = self.args[STATUS]
        if code is not None:
            return _decode.short_text(str(code))
        if status is not None:
            return f"HTTP {_decode.short_text(status)}"
        return ""

    def _text(self, language: str) -> str:
        """The code and the message, and the note of a retired code; no link."""
        label = self._label()
        message = self.message_in(language)
        if isinstance(self.code, Documented) and self.code.retired:
            message += _retired_note(self.code.removed, language)
        text = f"{label}: {message}" if label and message else label or message
        # One line, whatever a server sent: each line break ("\n", "\r\n",
        # "\u2028", ... all that str.splitlines() knows) becomes one space.
        return " ".join(text.splitlines())

    def __reduce_ex__(self, protocol: "SupportsIndex") -> "tuple[Any, ...]":
        # Decode now: headers and response objects of HTTP clients need not
        # pickle, and a body that cannot pickle (too deep, or beyond the
        # protocol) travels as its short text. What the properties read
        # travels decoded: the message in every language, the request
        # redacted, of the body's JSON only what the message does not already
        # say (request_id, topic, xt_args), of the headers only those
        # `_kept_headers` names.
        from xt_errors import _decode, _request

        messages = {language: self.message_in(language) for language in LANGUAGES}
        given = Given(self.rc, messages, self.retry_after)
        body = _decode.picklable(self.args[BODY], protocol)
        data = _decode.picklable_facts(self.args[DATA], protocol)
        request = _request.method_and_url(self.args[REQUEST])
        response = (
            self.args[STATUS],
            self.mc,  # the body that says it, for an unknown code, does not travel
            body,
            self._kept_headers(),
            data,
            given,
            request if request != (None, None) else None,
        )
        return (_rebuilt, (type(self), response), self.__dict__ or None)

    def _kept_headers(self) -> "dict[str, str] | None":
        """The response headers a pickled copy keeps: none, unless a class says
        which of them its properties read (FirewallBlockedError)."""
        return None


_new = Exception.__new__


def from_response(
    cls: type[XTError],
    status: int | None,
    *,
    mc: "Code | str | None" = None,
    body: object = None,
    headers: "Any" = None,
    data: "Mapping[str, Any] | None" = None,
    given: Given | None = None,
    request: object = None,
) -> XTError:
    """An error of class `cls` for a response, made as XTError's docstring says."""
    error: XTError = _new(cls, status, mc, body, headers, data, given, request)
    return error


def _rebuilt(cls: type[XTError], response: "tuple[Any, ...]") -> XTError:
    """An error unpickled: the same positions, again without __init__."""
    missing = (None,) * (REQUEST + 1 - len(response))  # pickled by a version with fewer
    error: XTError = _new(cls, *response, *missing)
    return error


class HttpError(XTError):
    """An HTTP status without an XT answer, e.g. an HTML error page; `http_status` says which.

    A status the documentation does not list is retryable when it says the
    fault is passing: a server error (5xx) or a timeout (408). After a 5xx
    the request may have taken effect: RetryPolicy(idempotent=False) advises
    "check_state", as for an OutcomeUnknownError.
    """

    @property
    def retryable(self) -> bool:
        """The code's, for a status the documentation lists; else True for a 5xx or a 408."""
        code = self.code
        if code is not None:
            return code.retryable
        status = self.args[STATUS]
        return type(status) is int and (500 <= status < 600 or status == 408)


class UnknownCodeError(XTError):
    """A code this catalog does not list; `mc` (or `rc`) keeps it as XT sent it.

    XT added a code after this package was generated. It is still an XTError,
    and when its prefix names a known family it is also that family's class
    (e.g. xt_errors.UnknownAuthError for AUTH_999). Its `hint` is that of the
    meaning its class falls under, where it has one (UnknownInvalidRequestError),
    else `default_hint`.
    """

    default_hint: "ClassVar[str | None]" = (
        "XT sent a code this catalog does not list yet: see XT's documentation "
        "for it, and upgrade xt-errors"
    )
    default_hint_zh: "ClassVar[str | None]" = (
        "XT 发来了本目录尚未收录的代码：请查阅 XT 的文档，并升级 xt-errors"
    )

    # A code met before is raised by the check's fast path as a known one is,
    # with nothing but the response (benchmark row 3, unknown code): the code
    # and the message are read from the body when asked for.
    @property
    def mc(self) -> "Code | str | None":
        """The code as XT sent it."""
        mc = super().mc
        data: Mapping[str, Any] | None = self.args[DATA]
        if mc is None and self.args[GIVEN] is None and data is not None:
            sent = data.get("mc")
            return sent if type(sent) is str else None
        return mc

    def _message_without_code(self) -> str:
        mc = self.mc
        return unknown_code_message(mc) if isinstance(mc, str) else ""


def unknown_code_message(code: str) -> str:
    """What the message of an unknown code says."""
    shown = code if len(code) <= 100 else code[:100] + "…"
    return f"code {shown!r} is not in this catalog; a newer xt-errors may know it"


class MalformedResponseError(XTError):
    """A body that is not an XT answer: not JSON, not an object, cut short or
    mis-encoded, or a WebSocket frame that could not be read. `body` keeps
    what was received; when the client could not read it at all, its
    exception is the `__cause__`.

    Like an OutcomeUnknownError, a success (200) whose body was lost leaves
    open whether the request took effect: an order may have gone through.
    So `retryable` is True (the same request, sent again, can succeed) for
    any status but a refusal (4xx), and for a frame, which has none; and
    RetryPolicy(idempotent=False) advises "check_state" (query the order,
    e.g. by its client order id, before sending it again), while an
    idempotent call retries, as after a transient fault, within its
    attempts. A refusal (4xx) with a malformed body is not retryable: "stop"."""

    default_hint: "ClassVar[str | None]" = (
        "XT's answer could not be read (its body came empty, cut short or "
        "unreadable): unless XT refused the request (a 4xx status), it may have "
        "taken effect, so if the call placed or changed an order, query its state "
        "before sending it again (RetryPolicy advises)"
    )
    default_hint_zh: "ClassVar[str | None]" = (
        "无法读取 XT 的应答（正文为空、被截断或无法解析）：除非 XT 拒绝了请求（4xx "
        "状态），请求可能已经生效；若该调用下单或改单，请先查询其状态再重新发送"
        "（RetryPolicy 会给出建议）"
    )

    @property
    def retryable(self) -> bool:
        """True unless XT refused the request (a 4xx): the answer was lost, not a refusal."""
        status = self.args[STATUS]
        return status is None or not 400 <= status < 500


XTError.__module__ = "xt_errors"  # its subclasses get it from __init_subclass__
