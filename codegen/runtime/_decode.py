"""Reading what a server sent, for an error's properties: never raising, however odd it is.

Loaded on first use, when an error is read (its message, `retry_after`,
`str()`, pickling): raising one never needs it.
"""

from xt_errors._base import RETRY_AFTER_CAP

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, SupportsIndex

TEXT_CAP = 1000  # characters of server text (an `ma` item, XT's msg, a code) kept


def xt_args(data: "Mapping[str, Any]") -> "list[Any] | None":
    """The arguments of XT's code: a futures body's `error.args`, else a spot body's `ma`."""
    error = data.get("error")
    found = error.get("args") if isinstance(error, dict) else None
    if found is None:
        found = data.get("ma")
    return found if isinstance(found, list) else None


# A placeholder of XT's texts: {0}, {hour}, or a lone * ("greater than *").
_PLACEHOLDER = r"\{(\w{1,40})\}|(?<!\S)\*(?!\S)"


def placeholders_filled(text: str, args: "list[Any] | None") -> str:
    """`text` with its placeholders filled from XT's arguments, as XT fills them.

    {0}, {1}, ... name an argument by its index: filled when there is one for
    the highest. {hour}, {minutes} and a lone * take the arguments in the order
    they appear: filled when there are exactly as many. Otherwise, or with no
    arguments, `text` stays as documented: a count that does not match never
    raises, and never shows a wrong value in the wrong place.
    """
    import re

    if not args:
        return text
    found = list(re.finditer(_PLACEHOLDER, text))
    numbered = [match for match in found if (match[1] or "").isdigit()]
    if not found or (numbered and len(numbered) != len(found)):
        return text  # none, or numbered and named mixed: no page does that
    if numbered:
        highest = max(int(match[1]) for match in numbered)
        if highest >= len(args):
            return text
        values = [args[int(match[1])] for match in numbered]
    elif len(found) == len(args):
        values = list(args)
    else:
        return text
    pieces = iter(short_text(value) for value in values)
    return re.sub(_PLACEHOLDER, lambda _: next(pieces), text)


def xt_says(data: "Mapping[str, Any]") -> str | None:
    """XT's own words for an error: the futures APIs' `error.msg`, a WebSocket frame's `msg`."""
    error = data.get("error")
    said = error.get("msg") if isinstance(error, dict) else data.get("msg")
    if type(said) is not str or not said.strip():
        return None
    return short_text(said.strip())


def short_text(value: object) -> str:
    """Short text for a value a server sent; never raises, however deep or large it is."""
    if type(value) is str:
        return value if len(value) <= TEXT_CAP else value[:TEXT_CAP] + "…"
    if type(value) is int and value.bit_length() > 3 * TEXT_CAP:
        return f"<an integer of {value.bit_length()} bits>"  # str() of it would raise
    try:
        import reprlib

        text = str(value) if type(value) in (int, float) else reprlib.repr(value)
    except Exception:  # noqa: BLE001 - e.g. a huge int inside a list: any failure gives a placeholder
        text = f"<{type(value).__name__}>"
    return short_text(text)


def picklable(body: object, protocol: "SupportsIndex") -> object:
    if body is None or type(body) in (bytes, str):
        return body
    import pickle

    try:
        pickle.dumps(body, int(protocol))
    except Exception:  # noqa: BLE001 - too deep (RecursionError) or not picklable at all
        return short_text(body)
    return body


def picklable_facts(
    data: "Mapping[str, Any] | None", protocol: "SupportsIndex"
) -> "dict[str, Any] | None":
    """What an error's properties read from the body's JSON besides the message,
    for a pickled copy: the request's `id`, the `topic`, and XT's arguments.
    XT's own words are not kept: the pickled message already says them."""
    if data is None:
        return None
    facts: dict[str, Any] = {}
    for key in ("id", "topic"):
        value = data.get(key)
        if type(value) in (str, int):
            facts[key] = picklable(value, protocol)
    args = xt_args(data)
    if args is not None:
        facts["ma"] = picklable(args, protocol)
        if not isinstance(facts["ma"], list):
            del facts["ma"]  # too deep to travel: left out rather than changed
    return facts


def seconds(value: object) -> float | None:
    """A finite number of seconds in [0, RETRY_AFTER_CAP]; None for NaN or non-numbers."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    import math

    if math.isnan(seconds):
        return None
    return min(max(0.0, seconds), RETRY_AFTER_CAP)


def header(headers: "Any", name: str) -> "Any":
    """A header's value from a mapping (any case) or from a list of (name, value) pairs."""
    get = getattr(headers, "get", None)
    if get is not None:
        value = get(name)  # case-insensitive in requests, httpx, aiohttp and urllib
        if value is not None:
            return value
        pairs = headers.items() if hasattr(headers, "items") else ()
    else:
        pairs = headers
    wanted = name.lower()
    for pair in pairs:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            continue
        key = pair[0].decode("latin-1") if isinstance(pair[0], bytes) else str(pair[0])
        if key.strip().lower() == wanted:
            return pair[1]
    return None


def retry_after(headers: "Any") -> float | None:
    """Seconds to wait, from a Retry-After header (seconds or an HTTP date)."""
    try:
        value = header(headers, "Retry-After")
        if value is None:
            return None
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        try:
            return seconds(float(text))
        except ValueError:
            import time
            from datetime import UTC
            from email.utils import parsedate_to_datetime

            when = parsedate_to_datetime(text.strip())
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)  # HTTP dates are in GMT
            return seconds(when.timestamp() - time.time())
    except Exception:  # noqa: BLE001 - a header we cannot read must not hide the real error
        return None
