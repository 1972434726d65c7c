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


def placeholders_filled(description: str, ma: object) -> str:
    """Fill {0}-style placeholders from `ma`; leave the text as it is if they don't fit."""
    import re

    if not isinstance(ma, list):
        return description
    placeholder = re.compile(r"\{(\d{1,4})\}")
    indexes = [int(index) for index in placeholder.findall(description)]
    if not indexes or max(indexes) >= len(ma):
        return description
    return placeholder.sub(
        lambda match: short_text(ma[int(match.group(1))]), description
    )


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
