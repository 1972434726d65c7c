"""The request an error answers: its method and URL, read from the HTTP client's response, secrets redacted.

Loaded on first use, when an error's `request_method`, `url`, repr or
to_dict() is read, or when it is pickled: raising one never needs it. The
error holds what `check` was given (the client's response, as requests'
own HTTPError does) and reads the request off it only then; whatever it
shows or pickles is redacted here.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

REDACTED = "***"
# A query parameter whose name holds one of these (case, `-` and `_` aside) carries a secret.
SECRET_WORDS = (
    "sign",
    "secret",
    "key",
    "token",
    "pass",
    "auth",
    "credential",
    "session",
)
_URL_CAP = 2000  # characters of a URL kept; a longer one is cut with "…"


def method_and_url(source: object) -> "tuple[str | None, str | None]":
    """The method and the redacted URL of the request `source` stands for: an
    HTTP client's response (requests, httpx, aiohttp, urllib's response or
    HTTPError), a (method, url) pair, or None."""
    if source is None:
        return None, None
    if type(source) is tuple and len(source) == 2:
        method, url = source
    else:
        request = _attribute(source, "request")  # requests' and httpx's request
        method = _attribute(request, "method") or _attribute(source, "method")
        # urllib's: http.client keeps the method as _method
        method = method or _attribute(source, "_method")
        url = _attribute(request, "url") or _attribute(source, "url")
    return _method(method), _url(url)


def _attribute(thing: object, name: str) -> "Any":
    """thing.name, or None however reading it fails (an httpx response made without a request raises)."""
    if thing is None:
        return None
    try:
        return getattr(thing, name, None)
    except Exception:  # noqa: BLE001 - a property of the client's that raises: nothing to say
        return None


def _method(method: object) -> str | None:
    if type(method) is not str:
        return None
    method = method.strip().upper()
    return method if method.isalpha() and len(method) <= 20 else None


def _url(url: object) -> str | None:
    if url is None:
        return None
    try:
        text = url if type(url) is str else str(url)  # yarl's and httpx's URL objects
    except Exception:  # noqa: BLE001 - a URL object that cannot say itself
        return None
    if type(text) is not str or not text:
        return None
    text = redacted(text)
    return text if len(text) <= _URL_CAP else text[:_URL_CAP] + "…"


def redacted(url: str) -> str:
    """`url` with every secret replaced by ***: the user and password before
    the host, and the value of each query (or fragment) parameter whose name
    says it is a secret (signature, sign, apiKey, api_key, secret, token,
    listenKey, passphrase, ...). Everything else stays as it was written."""
    rest, hash_mark, fragment = url.partition("#")
    before_query, question_mark, query = rest.partition("?")
    scheme, slashes, after = before_query.partition("://")
    if slashes:
        authority, slash, path = after.partition("/")
        if "@" in authority:  # user:password@host
            authority = f"{REDACTED}@{authority.rpartition('@')[2]}"
        before_query = f"{scheme}://{authority}{slash}{path}"
    query, fragment = _parameters_redacted(query), _parameters_redacted(fragment)
    return f"{before_query}{question_mark}{query}{hash_mark}{fragment}"


def _parameters_redacted(text: str) -> str:
    """name=value&... with the value of each secret's name replaced."""
    if "=" not in text:
        return text
    from urllib.parse import unquote

    kept = []
    for parameter in text.split("&"):
        name, equals, _ = parameter.partition("=")
        folded = "".join(c for c in unquote(name).casefold() if c.isalnum())
        secret = equals and any(word in folded for word in SECRET_WORDS)
        kept.append(f"{name}={REDACTED}" if secret else parameter)
    return "&".join(kept)
