"""Pages a web firewall or CDN in front of XT's API sends instead of XT: FirewallBlockedError.

XT's hosts sit behind web firewalls and CDNs. A client they block, challenge
or rate-limit gets their page (Cloudflare's "Just a moment...", Akamai's
"Access Denied", AWS WAF's "Request blocked"), not an answer of XT's API,
with a status (403, 429, 503) whose text in XT's documentation would send a
trader after the wrong fix ("403: Login expired": rotate the keys). Those
pages get their own class, with our words in place of XT's.

Loaded by the check only for an error status whose body is not JSON. A
body that parses as JSON is XT's answer, whatever words it holds and
whoever carried it: only pages are judged here.
"""

# The catalog's class, as the package keeps it: one class even if its module
# leaves sys.modules (see xt_errors._raised).
from xt_errors import RateLimitError
from xt_errors._base import (
    BODY,
    HEADERS,
    Given,
    HttpError,
    XTError,
    from_response,
    get_language,
)
from xt_errors._decode import header

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

    from xt_errors._codes import Code

# The response headers that say which network answered, as a pickled error keeps them.
IDENTIFYING_HEADERS = (
    "server",
    "cf-ray",
    "cf-mitigated",
    "x-amzn-waf-action",
    "x-amz-cf-id",
    "x-amz-cf-pop",
    "x-cache",
    "via",
    "x-iinfo",
    "x-cdn",
    "x-sucuri-id",
    "x-akamai-request-id",
    "akamai-grn",
)
# Which network a header names: (header, words its value must hold, or "" for any; network).
_HEADER_MARKS = (
    ("cf-mitigated", "", "Cloudflare"),
    ("cf-ray", "", "Cloudflare"),
    ("server", "cloudflare", "Cloudflare"),
    ("x-amzn-waf-action", "", "AWS WAF"),
    ("x-amz-cf-id", "", "Amazon CloudFront"),
    ("server", "cloudfront", "Amazon CloudFront"),
    ("x-cache", "cloudfront", "Amazon CloudFront"),
    ("server", "akamai", "Akamai"),
    ("x-akamai-request-id", "", "Akamai"),
    ("akamai-grn", "", "Akamai"),
    ("x-iinfo", "", "Imperva"),
    ("x-cdn", "incapsula", "Imperva"),
    ("x-cdn", "imperva", "Imperva"),
    ("x-sucuri-id", "", "Sucuri"),
    ("server", "sucuri", "Sucuri"),
)
# Which network a page names, in its text (lower case).
_PAGE_MARKS = (
    ("cloudflare", "Cloudflare"),
    ("/cdn-cgi/", "Cloudflare"),
    ("edgesuite.net", "Akamai"),
    ("akamai", "Akamai"),
    ("awswaf", "AWS WAF"),
    ("aws waf", "AWS WAF"),
    ("cloudfront", "Amazon CloudFront"),
    ("incapsula", "Imperva"),
    ("imperva", "Imperva"),
    ("sucuri", "Sucuri"),
)
# What a page that blocks, challenges or limits says (lower case): the words
# of such pages, never of an error page of XT's gateway ("502 Bad Gateway").
_BLOCK_WORDS = (
    "just a moment",  # Cloudflare's challenge
    "attention required",  # Cloudflare's block (1020, ...)
    "checking your browser",
    "challenge-platform",
    "cf_chl",
    "cf-chl",
    "captcha",
    "access denied",  # Akamai, Cloudflare, generic
    "request blocked",  # AWS WAF through CloudFront
    "been blocked",  # "Sorry, you have been blocked"
    "rate limited",  # Cloudflare's 1015
    "web application firewall",
    "website firewall",  # Sucuri
)
_RATE_LIMIT_WORDS = (
    "rate limited",
    "rate limit",
    "too many requests",
    "error 1015",
    "error code: 1015",
)
_READ = 65536  # characters of a page read: challenge pages say who they are at the top


class FirewallBlockedError(HttpError):
    """Blocked before reaching XT's API: a web firewall or CDN in front of XT
    (Cloudflare, Akamai, AWS WAF, ...) answered with its own page (a
    challenge, "Access Denied", "Request blocked") instead of XT's API.

    XT's API never saw the request, so neither the API key nor the request
    is at fault, and the status's text in XT's documentation does not apply.
    `firewall` names the network where its headers or page tell it,
    `firewall_headers` keeps the headers that identify it (`cf-ray`,
    `server`, ...), `body` the page. A firewall's rate limit (429) is a
    FirewallRateLimitError, also a RateLimitError.
    """

    # No code of XT's: nothing of XT's documentation applies.
    code: "ClassVar[Code | None]" = None
    default_hint: "ClassVar[str | None]" = (
        "A web firewall or CDN in front of XT stopped the request before XT's API "
        "saw it: your API key and the request are not at fault. Wait a few minutes "
        "and send fewer requests; if it persists, check that this machine's IP is "
        "allowed (the API key's IP allow-list, a VPN, proxy or cloud address range, "
        "your country) and give XT support the identifying headers (cf-ray, ...)"
    )
    default_hint_zh: "ClassVar[str | None]" = (
        "XT 前端的 Web 防火墙或 CDN 在请求到达 XT 的 API 之前将其拦截：API 密钥和请求"
        "本身没有问题。请等待几分钟并降低请求频率；若仍然如此，请检查本机 IP 是否被允许"
        "（API 密钥的 IP 白名单、VPN、代理或云服务器地址段、所在国家或地区），并将识别"
        "响应头（cf-ray 等）提供给 XT 客服"
    )
    _logged: "ClassVar[tuple[str, ...]]" = (*XTError._logged, "firewall")

    @property
    def firewall(self) -> str | None:
        """The network that answered ("Cloudflare", "Akamai", "AWS WAF",
        "Amazon CloudFront", "Imperva", "Sucuri"); None where neither its
        headers nor its page name it."""
        return _network(self.args[HEADERS], _page_text(self.args[BODY]))

    @property
    def firewall_headers(self) -> dict[str, str]:
        """The response headers that identify the network (`cf-ray`, `server`,
        `cf-mitigated`, ...), by their lower-case names."""
        return _identifying(self.args[HEADERS])

    @property
    def retryable(self) -> bool:
        """False for a block or a challenge, True for a rate limit (FirewallRateLimitError)."""
        return self.default_retryable

    @property
    def hint(self) -> str | None:
        """What to do: wait, then check the IP allow-list and the firewall (in the language of get_language())."""
        if get_language() == "zh":
            return self.default_hint_zh
        return self.default_hint

    def _kept_headers(self) -> "dict[str, str] | None":
        return self.firewall_headers or None


class FirewallRateLimitError(FirewallBlockedError, RateLimitError):
    """A web firewall or CDN in front of XT limits this client's rate (its
    page, with 429): a FirewallBlockedError, and a RateLimitError like XT's
    own, retryable after `retry_after` when it sends one."""

    code: "ClassVar[Code | None]" = None  # FirewallBlockedError's: no code of XT's
    default_retryable = True
    default_hint: "ClassVar[str | None]" = (
        "A web firewall or CDN in front of XT limits how often this machine may "
        "call: wait (Retry-After when given), then send fewer requests; if it "
        "persists, check that this machine's IP is allowed and give XT support "
        "the identifying headers (cf-ray, ...)"
    )
    default_hint_zh: "ClassVar[str | None]" = (
        "XT 前端的 Web 防火墙或 CDN 限制了本机的请求频率：请等待（如有 Retry-After 则按其"
        "时间），再降低请求频率；若仍然如此，请检查本机 IP 是否被允许，并将识别响应头"
        "（cf-ray 等）提供给 XT 客服"
    )


def blocked_error(
    status: int, body: object, headers: "Any", request: object
) -> XTError | None:
    """The FirewallBlockedError for an error status whose body is a firewall's
    page, not XT's; None for any other page (XT's gateway's "502 Bad Gateway")."""
    if not 400 <= status < 600:
        return None
    page = _page_text(body)
    network = _network(headers, page)
    if not _blocks(status, page, headers, network):
        return None
    limited = status == 429 or any(word in page for word in _RATE_LIMIT_WORDS)
    cls = FirewallRateLimitError if limited else FirewallBlockedError
    given = Given(message=_words(network, limited))
    return from_response(
        cls, status, body=body, headers=headers, given=given, request=request
    )


def _blocks(status: int, page: str, headers: "Any", network: str | None) -> bool:
    """Whether a page is a firewall's block, challenge or limit."""
    if _value(headers, "cf-mitigated") or _value(headers, "x-amzn-waf-action"):
        return True  # the firewall says so itself
    if not page.lstrip().startswith("<"):
        # a firewall answers with a page: text, or nothing, is someone else's
        return False
    if any(word in page for word in _BLOCK_WORDS):
        return True
    # A bare HTML refusal from an identified edge network: 403 or 429 are the
    # firewall's (XT's API answers them in JSON); its 5xx pages (origin
    # unreachable) are not blocks, and keep their status's class.
    return network is not None and status in (403, 429)


def _network(headers: "Any", page: str) -> str | None:
    for name, words, network in _HEADER_MARKS:
        value = _value(headers, name)
        if value and words in value:
            return network
    for words, network in _PAGE_MARKS:
        if words in page:
            return network
    return None


def _words(network: str | None, limited: bool) -> dict[str, str]:
    """The message, in English and Chinese: who answered, and that XT's API did not."""
    who_en = network or "a web firewall or CDN"
    who_zh = network or "Web 防火墙或 CDN"
    if limited:
        return {
            "en": f"rate-limited before reaching XT's API: {who_en} answered, not XT's API",
            "zh": f"请求在到达 XT 的 API 之前被限流：应答来自 {who_zh}，而非 XT 的 API",
        }
    return {
        "en": f"blocked before reaching XT's API: {who_en} answered, not XT's API",
        "zh": f"请求在到达 XT 的 API 之前被拦截：应答来自 {who_zh}，而非 XT 的 API",
    }


def _page_text(body: object) -> str:
    """The start of a page, in lower case; "" for anything that is not text."""
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body[:_READ]).decode("utf-8", "replace").lower()
    if type(body) is str:
        return body[:_READ].lower()
    return ""


def _value(headers: "Any", name: str) -> str:
    """A header's value in lower case; "" when absent or unreadable."""
    try:
        value = header(headers, name) if headers is not None else None
    except Exception:  # noqa: BLE001 - headers we cannot read say nothing
        return ""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value.lower() if type(value) is str else ""


def _identifying(headers: "Any") -> dict[str, str]:
    found = {}
    for name in IDENTIFYING_HEADERS:
        try:
            value = header(headers, name) if headers is not None else None
        except Exception:  # noqa: BLE001 - headers we cannot read say nothing
            value = None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if type(value) is str:
            found[name] = value[:200]
    return found
