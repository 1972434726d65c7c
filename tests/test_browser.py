"""The built reference site in a real browser (Debian's chromium, driven by Playwright).

Everything is served from 127.0.0.1; any request to another host fails a test.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from codegen.render import escaping, guide_pages
from tests.conftest import PAYLOADS, loopback, run_python

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists() and os.environ.get("CI"):
    # .ci/run installs it: in CI a missing browser is a broken setup, not a reason to skip
    pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run should have installed Debian's chromium",
                pytrace=False)
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: the browser tests need Debian's chromium",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@dataclass
class Served:
    tree: Path
    url: str  # http://127.0.0.1:PORT/

    @property
    def catalog(self) -> dict:
        return json.loads((self.tree / "docs" / "en" / "catalog.json").read_text(encoding="utf-8"))

    def local(self, docs_url: str) -> str:
        """Where a published link (English or Chinese) is served here."""
        catalog = self.catalog
        for language, root in [("zh", catalog["site_url_zh"]), ("en", catalog["site_url"])]:
            if docs_url.startswith(root):
                return f"{self.url}{language}/{docs_url.removeprefix(root)}"
        raise AssertionError(f"not a link of this site: {docs_url}")



def _serve(tree: Path) -> Iterator[Served]:
    handler = functools.partial(_QuietHandler, directory=str(tree / "site"))
    with loopback(handler) as url:
        yield Served(tree, f"{url}/")


@pytest.fixture(scope="module")
def api_served(xt_api_site) -> Iterator[Served]:
    """The frozen whole API's site, served on 127.0.0.1 while this module runs."""
    yield from _serve(xt_api_site)


@pytest.fixture(scope="module")
def hostile_served(hostile_site) -> Iterator[Served]:
    """The hostile catalog's site, served on 127.0.0.1 while this module runs."""
    yield from _serve(hostile_site)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watched:
    """A fresh browser context and its first page; what any of its pages requested, logged as an error or opened as a dialog."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        return page

    def new_page(self) -> Page:
        """Another tab of the same context, watched the same way."""
        return self.watch(self.page.context.new_page())

    def check(self) -> None:
        foreign = [url for url in self.requests if urlsplit(url).hostname != "127.0.0.1"]
        assert not foreign, f"requests left 127.0.0.1: {foreign}"
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    seen = Watched(context.new_page())
    seen.watch(seen.page)
    try:
        yield seen
    finally:
        context.close()


def _search(page: Page, text: str) -> None:
    """Type into the search box as a reader does (Chinese arrives as committed text, then a key)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=40)
    box.press("End")


def _pages(served: Served) -> dict[str, list[dict]]:
    """Page URL (relative to a language's root) -> its codes, from catalog.json."""
    found: dict[str, list[dict]] = {}
    site_url = served.catalog["site_url"]
    for table in served.catalog["tables"]:
        for code in table["codes"]:
            page = code["docs_url"].removeprefix(site_url).split("#")[0]
            found.setdefault(page, []).append(code)
    return found


# What a reader sees of each entry, read in one round trip per page: for each anchor, the
# elements with that id, and of the only one, whether it shows, its text and its
# permalink's target, with the texts of its description and of the other language's.
_ENTRIES = """anchors => anchors.map(anchor => {
    const found = document.querySelectorAll(`[id="${anchor}"]`);
    if (found.length !== 1) return {count: found.length};
    const heading = found[0], box = heading.getBoundingClientRect(), entry = heading.parentElement;
    const all = selector => Array.from(entry.querySelectorAll(selector), element => element.textContent);
    return {
        count: 1,
        visible: box.width > 0 && box.height > 0 && getComputedStyle(heading).visibility !== "hidden",
        text: heading.textContent,
        links: Array.from(heading.querySelectorAll("a.headerlink"), link => link.getAttribute("href")),
        description: all("p.xt-description"),
        other: all("p.xt-other span[lang]"),
    };
})"""


def _shown(text: str) -> str:
    """Text as Playwright's to_have_text compares it: whitespace runs as one space, trimmed."""
    return " ".join(text.split())


def _read(text: str) -> str:
    """One of XT's texts as the site shows it: its code spans' contents, escapes read."""
    return "".join(part for part, _ in escaping.code_spans(text))


def _loaded(tabs: list[Page], urls: list[str]) -> Iterator[tuple[str, Page]]:
    """Each URL loaded in one of the tabs until the network is idle, several at a time (the waits overlap)."""
    for start in range(0, len(urls), len(tabs)):
        batch = list(zip(urls[start : start + len(tabs)], tabs, strict=False))
        for url, tab in batch:
            tab.goto(url, wait_until="commit")
        for url, tab in batch:
            tab.wait_for_load_state("load")  # the whole page parsed, then nothing more to fetch
            tab.wait_for_load_state("networkidle")
            assert tab.url == url
            yield url, tab


@pytest.mark.parametrize("language", ["en", "zh"])
def test_pages_load_offline_with_every_code(api_served, watched, language):
    tabs = [watched.page, *(watched.new_page() for _ in range(3))]
    for _, tab in _loaded(tabs, [f"{api_served.url}{language}/{relative}" for relative in ["", "message-code/", "errata/"]]):
        expect(tab.locator("h1").first).to_be_visible()
    pages = _pages(api_served)
    urls = {f"{api_served.url}{language}/{relative}": codes for relative, codes in pages.items()}
    for url, tab in _loaded(tabs, list(urls)):
        codes = urls[url]
        anchors = [code["docs_url"].split("#")[1] for code in codes]
        for code, anchor, seen in zip(codes, anchors, tab.evaluate(_ENTRIES, anchors), strict=True):
            where = (url, anchor)
            assert seen["count"] == 1 and seen["visible"], where
            assert _shown(seen["text"]) == str(code["code"]) + "\u00b6", where  # the code, then its permalink
            assert seen["links"] == [f"#{anchor}"], where
            # the reader's language first, the other one beside it
            # (a code XT gives no Chinese text for shows its English one on both sites)
            main, other = code["description"], code["description_zh"]
            if language == "zh" and other is not None:
                main, other = other, main
            assert [_shown(text) for text in seen["description"]] == [_shown(_read(main))], where
            if other is not None and other != main:
                assert [_shown(text) for text in seen["other"]] == [_shown(_read(other))], where
    assert watched.requests
    watched.check()


def test_root_sends_readers_to_their_language(api_served, browser):
    for locale, language in [("en-US", "en"), ("zh-CN", "zh")]:
        context = browser.new_context(locale=locale)
        try:
            page = context.new_page()
            page.goto(api_served.url, wait_until="networkidle")
            assert page.url == f"{api_served.url}{language}/"
            expect(page.locator("h1").first).to_be_visible()
        finally:
            context.close()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_search_finds_a_code_typed_key_by_key(api_served, watched, language):
    page = watched.page
    page.goto(f"{api_served.url}{language}/", wait_until="networkidle")
    _search(page, "AUTH_105")
    result = page.locator('.md-search-result__list a[href*="#auth_105"]').first
    expect(result).to_be_visible(timeout=10_000)
    _search(page, {"en": "outdated", "zh": "过时"}[language])
    expect(page.locator('.md-search-result__list a[href*="auth_105"]').first).to_be_visible(
        timeout=10_000
    )
    watched.check()


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("typed", ["StaleRequestError", "auth105", "Auth105"])
def test_search_finds_class_names_and_codes_without_underscore(api_served, watched, language, typed):
    page = watched.page
    page.goto(f"{api_served.url}{language}/", wait_until="networkidle")
    _search(page, typed)
    first = page.locator(".md-search-result__list a[href*='#']").first
    expect(first).to_have_attribute("href", re.compile(r"#auth_105$"), timeout=10_000)
    watched.check()


def test_chinese_search_finds_insufficient_funds(api_served, watched):
    wanted = {
        code["docs_url"].split("#")[1]
        for codes in _pages(api_served).values()
        for code in codes
        if "资金不足" in (code["description_zh"] or "")
    }
    assert wanted
    page = watched.page
    page.goto(f"{api_served.url}zh/", wait_until="networkidle")
    _search(page, "资金不足")
    results = page.locator(".md-search-result__list a[href*='#']")
    expect(results.first).to_be_visible(timeout=10_000)
    found = {href.split("#")[1] for href in results.evaluate_all("a => a.map(x => x.href)")}
    assert wanted <= found, (wanted, found)
    expect(page.locator(".md-search-result__meta")).to_contain_text("结果")  # the theme speaks Chinese
    watched.check()


@pytest.mark.parametrize(("start", "to", "name"), [("en", "zh", "中文"), ("zh", "en", "English")])
def test_language_switch_keeps_the_entry(api_served, watched, start, to, name):
    page = watched.page
    page.goto(f"{api_served.url}{start}/message-code/auth/#auth_105", wait_until="networkidle")
    page.locator(".md-header__option .md-select button").hover()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{api_served.url}{to}/message-code/auth/#auth_105"
    target = page.locator("#auth_105")
    expect(target).to_be_in_viewport()
    auth_105 = next(
        code for codes in _pages(api_served).values() for code in codes if code["code"] == "AUTH_105"
    )
    text = auth_105["description_zh"] if to == "zh" else auth_105["description"]
    expect(target.locator("xpath=..").locator("p.xt-description")).to_have_text(text)
    expect(page.locator("html")).to_have_attribute("lang", to)
    watched.check()


@pytest.mark.parametrize("how", ["environment", "set_docs_url"])
def test_a_team_hosting_the_site_gets_links_to_its_own_copy(api_served, watched, how):
    # An error raised from XT's body links to the copy served here, in both languages.
    code = (
        "import sys, xt_errors as x\n"
        "if len(sys.argv) > 1: x.set_docs_url(sys.argv[1])\n"
        "try: x.raise_for_response(200, {'rc': 1, 'mc': 'AUTH_105', 'ma': [], 'result': None})\n"
        "except x.XTError as e: print(e.docs_url, e.docs_url_zh, x.lookup('AUTH_105').docs_url)\n"
    )
    package = api_served.tree / "generated"
    if how == "environment":
        printed = run_python(code, package, env={**os.environ, "XT_ERRORS_DOCS_URL": api_served.url})
    else:
        printed = run_python(code, package, api_served.url.rstrip("/"))
    english, chinese, member = printed.stdout.split()
    assert english == member and english.startswith(f"{api_served.url}en/") and chinese.startswith(f"{api_served.url}zh/")
    for link in (english, chinese):
        watched.page.goto(link, wait_until="networkidle")
        expect(watched.page.locator('[id="auth_105"]')).to_be_in_viewport()
    watched.check()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_docs_url_lands_on_its_entry(api_served, watched, language):
    page = watched.page
    link = "docs_url" if language == "en" else "docs_url_zh"
    codes = [code for codes in _pages(api_served).values() for code in codes]
    for code in [codes[0], codes[len(codes) // 2], codes[-1]] + [
        code for code in codes if code["code"] == "AUTH_105"
    ]:
        page.goto(api_served.local(code[link]), wait_until="networkidle")
        assert f"/{language}/" in page.url
        anchor = code[link].split("#")[1]
        target = page.locator(f'[id="{anchor}"]')
        expect(target).to_be_visible()
        expect(target).to_be_in_viewport()
        # the entry landed on stands out from the others
        entry = target.locator("xpath=..")
        expect(entry).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
        others = page.locator(f'.xt-code:not(:has(> [id="{anchor}"]))').first
        expect(others).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    watched.check()


LABELS = {
    "en": ["Documented for", "Documented since", "Text changed", "Family", "Meaning", "Retry", "What to do", "Python",
           "Catch", "Guide"],
    "zh": ["适用产品", "收录于", "文本变更", "分组", "含义", "可重试", "处理建议", "Python", "捕获", "指南"],
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_entry_fields_are_labelled(api_served, watched, language):
    """Labels are real text (bold), so they are seen, read aloud, copied and kept by the search."""
    page = watched.page
    page.goto(f"{api_served.url}{language}/message-code/auth/#auth_105", wait_until="networkidle")
    fields = page.locator("#auth_105 ~ ul.xt-fields")
    read = [" ".join(text.split()) for text in fields.locator("li").all_inner_texts()]
    retry = {"en": "Retry: no", "zh": "可重试: 否"}[language]
    assert retry in read, read
    spoken = fields.aria_snapshot()
    for label in LABELS[language]:
        assert f'strong: "{label}:"' in spoken, spoken
    labels = fields.locator("li > strong").all_inner_texts()
    assert labels == [f"{label}:" for label in LABELS[language]]
    assert all(
        weight >= 600 for weight in fields.locator("li > strong").evaluate_all(
            "items => items.map(b => parseInt(getComputedStyle(b).fontWeight))"
        )
    )
    other = page.locator("#auth_105 ~ p.xt-other")
    expect(other.locator("strong")).to_have_text({"en": "中文:", "zh": "English:"}[language])
    watched.check()


def test_texts_differ_by_product_and_errata(api_served, watched):
    """HTTP 200 reads "Success" on the futures pages; SYMBOL_001's second row is XT's variant."""
    page = watched.page
    page.goto(f"{api_served.url}en/http-status/#200", wait_until="networkidle")
    read = page.locator("[id='200'] ~ ul.xt-fields li").all_inner_texts()
    assert "Futures (USDT-M and coin-M), Futures copy trading: Success · 成功" in read, read
    page.goto(f"{api_served.url}en/message-code/symbol/#symbol_001", wait_until="networkidle")
    variant = page.locator("#symbol_001 ~ ul.xt-fields li").filter(
        has=page.locator("strong", has_text=re.compile(r"^XT's variant"))
    )
    expect(variant).to_contain_text("Symbol does not exist")
    variant.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    assert "/en/errata/#erratum-" in page.url
    anchor = page.url.split("#")[1]
    expect(page.locator(f"[id='{anchor}'] ~ ul")).to_contain_text("first row stands")
    watched.check()


def test_injected_descriptions_stay_text(hostile_served, watched):
    page = watched.page
    tabs = [page, *(watched.new_page() for _ in range(6))]
    urls = [f"{hostile_served.url}{language}/{relative}" for language in ("en", "zh")
            for relative in ["", "http-status/", "return-code/", "message-code/", "message-code/xss/",
                             "message-code/general/", "errata/"]]
    for url, tab in _loaded(tabs, urls):
        tab.wait_for_timeout(100)
        assert tab.evaluate("window.__xss") is None, url
    page.goto(hostile_served.url + "en/message-code/xss/", wait_until="networkidle")
    assert page.locator("p.xt-description").all_text_contents() == [_read(payload) for payload in PAYLOADS]
    # XT's code spans show as code, and their content as text
    codes = page.locator("p.xt-description code").all_text_contents()
    assert "<script>window.__xss=4</script>" in codes and "</code><img src=x onerror=\"window.__xss=5\"><code>" in codes
    for payload in PAYLOADS[:4]:
        expect(page.get_by_text(payload, exact=True).first).to_be_visible()
    assert page.locator(".md-content img, .md-content a[href^='javascript']").count() == 0
    # search results render index text as HTML: it must stay text there too
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("onerror", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    watched.check()


def _results(page: Page) -> list[str]:
    """The anchors of the search results, in the order shown."""
    links = page.locator(".md-search-result__list a[href*='#']")
    expect(links.first).to_be_visible(timeout=10_000)
    return [href.split("#")[1] for href in links.evaluate_all("a => a.map(x => x.getAttribute('href'))")]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_search_ranks_codes_by_what_was_typed(api_served, watched, language):
    """A word of a text: the codes it describes first, the most documented (ORDER_002) at the top,
    with its snippet's labels. An exact code or class: that code first."""
    page = watched.page
    page.goto(f"{api_served.url}{language}/", wait_until="networkidle")
    _search(page, "insufficient")
    found = _results(page)
    assert found[0] == "order_002", found
    codes = {
        code["anchor"]: code for codes in _pages(api_served).values() for code in codes
    }
    # every code whose class or text says it comes before any other result
    matching = {
        anchor for anchor, code in codes.items()
        if "insufficient" in ((code["exception"] or "") + code["description"] + str(code["code"])).lower()
    }
    assert set(found[: len(matching)]) == matching, found
    snippet = page.locator(".md-search-result__list a[href$='#order_002']").first.inner_text()
    snippet = snippet.replace("\u200b", "")
    for label in {"en": ["Documented for: Spot", "Retry: no", "Catch:"], "zh": ["适用产品: 现货", "可重试: 否", "捕获:"]}[language]:
        assert label in snippet, snippet
    for typed in ["ORDER_002", "OrderInsufficientFundsError", "order002"]:
        _search(page, typed)
        expect(page.locator(".md-search-result__list a[href*='#']").first).to_have_attribute(
            "href", re.compile(r"#order_002$"), timeout=10_000
        )
    watched.check()


@pytest.mark.parametrize(
    ("typed", "anchor"),
    [
        ("ORDER_F0701", "order_f0701"),  # retired
        ("insufficient_balance", "insufficient_balance"),  # observed in responses only
        ("InsufficientBalanceError", "insufficient_balance"),
        ("AUTH_105", "auth_105"),
        ("FundInsufficientBalanceError", "fund_002"),
    ],
)
def test_an_exact_code_or_class_comes_first(api_served, watched, typed, anchor):
    page = watched.page
    page.goto(f"{api_served.url}en/", wait_until="networkidle")
    _search(page, typed)
    expect(page.locator(".md-search-result__list a[href*='#']").first).to_have_attribute(
        "href", re.compile(f"#{anchor}$"), timeout=10_000
    )
    watched.check()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_landing_on_a_code_names_it_in_the_title(api_served, watched, language):
    page = watched.page
    page.goto(f"{api_served.url}{language}/message-code/order/#order_002", wait_until="networkidle")
    expect(page).to_have_title(re.compile(r"^ORDER_002 · ORDER - "))
    expect(page.locator(".md-header__topic").last).to_contain_text("ORDER_002")
    page.locator(".xt-index a[href='#order_003']").click()  # another entry of the page
    expect(page).to_have_title(re.compile(r"^ORDER_003 · ORDER - "))
    page.goto(f"{api_served.url}{language}/message-code/order/", wait_until="networkidle")
    expect(page).to_have_title(re.compile(r"^ORDER - "))  # no entry: the page's own title
    watched.check()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_all_codes_page_leads_to_each_entry(api_served, watched, language):
    page = watched.page
    page.goto(f"{api_served.url}{language}/", wait_until="networkidle")
    page.locator(".md-nav--primary a[href='all-codes/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{api_served.url}{language}/all-codes/"
    rows = page.locator(".xt-all tbody tr")
    expect(rows).to_have_count(sum(len(codes) for codes in _pages(api_served).values()))
    row = rows.filter(has=page.locator("a", has_text=re.compile(r"^ORDER_002$")))
    expect(row.locator("td").nth(2)).to_have_text("insufficient funds")
    expect(row.locator("td").nth(3)).to_have_text("资金不足")
    # long texts wrap inside the page instead of widening it
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width
    row.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{api_served.url}{language}/message-code/order/#order_002"
    expect(page.locator("#order_002")).to_be_in_viewport()
    expect(page).to_have_title(re.compile(r"^ORDER_002 · "))
    watched.check()


# -- issue 27: a site that guides ------------------------------------------------------


def test_chinese_search_ranks_code_entries_first(api_served, watched):
    """余额不足 (insufficient balance) brings the codes that say it first: no guide, listing or
    navigation page comes before them (the theme matches 不 alone as a prefix of 不存在 ...)."""
    codes = {code["anchor"]: code for codes in _pages(api_served).values() for code in codes}
    wanted = {anchor for anchor, code in codes.items() if "余额不足" in (code["description_zh"] or "")}
    assert len(wanted) >= 3, wanted
    page = watched.page
    page.goto(f"{api_served.url}zh/", wait_until="networkidle")
    _search(page, "余额不足")
    links = page.locator(".md-search-result__list a")
    expect(links.first).to_be_visible(timeout=10_000)
    shown = [
        href for href in links.evaluate_all(
            "a => a.filter(x => x.innerText.trim()).map(x => x.getAttribute('href'))"
        )
    ]
    # each page of results opens with its own link; the entries follow it
    results = [href.split("#")[1] if "#" in href else None for href in shown]
    entries = [anchor for anchor in results if anchor is not None]
    assert entries[0] in wanted, shown
    first_other = next(
        (index for index, anchor in enumerate(entries) if anchor not in codes), len(entries)
    )
    assert wanted <= set(entries[:first_other]), shown  # every such code before any other section
    assert not any(f"/{page}/" in href for href in shown[:6]
                   for page in ("endpoints", "changes", "guide", "reference")), shown
    watched.check()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_guide_and_reference_load_offline(api_served, watched, language):
    tabs = [watched.page, *(watched.new_page() for _ in range(3))]
    urls = [f"{api_served.url}{language}/{page.url}" for page in guide_pages.GUIDE]
    urls.append(f"{api_served.url}{language}/reference/")
    for url, tab in _loaded(tabs, urls):
        expect(tab.locator("h1").first).to_be_visible()
        assert tab.locator("pre code").count() or url.endswith(("/contract/", "/reference/")), url
    page = watched.page
    page.goto(f"{api_served.url}{language}/", wait_until="networkidle")
    guide = {"en": "Guide", "zh": "指南"}[language]
    page.locator(".md-nav--primary label.md-nav__link:visible", has_text=guide).click()  # the nav's section
    page.locator(".md-nav--primary a[href='guide/install/']:visible").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{api_served.url}{language}/guide/install/"
    expect(page.locator("h1")).to_contain_text({"en": "Install", "zh": "安装"}[language])
    watched.check()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_entry_leads_to_catching_and_retrying(api_served, watched, language):
    page = watched.page
    entry = f"{api_served.url}{language}/message-code/order/#order_002"
    guide = page.locator("#order_002 ~ ul.xt-fields li").filter(has_text={"en": "Guide:", "zh": "指南:"}[language])
    page.goto(entry, wait_until="networkidle")
    guide.get_by_role("link", name="InsufficientFundsError").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{api_served.url}{language}/reference/#xt_errors.InsufficientFundsError"
    heading = page.locator('[id="xt_errors.InsufficientFundsError"]')
    expect(heading).to_be_in_viewport()
    expect(heading.locator("xpath=..")).to_contain_text("ORDER_002")  # the codes it catches
    for name, target in [({"en": "catching by meaning", "zh": "按含义捕获"}[language], "guide/first-example/"),
                         ({"en": "retrying", "zh": "重试"}[language], "guide/retrying/")]:
        page.goto(entry, wait_until="networkidle")
        guide.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state("networkidle")
        assert page.url == f"{api_served.url}{language}/{target}"
        expect(page.locator("pre code").first).to_contain_text("xt_errors")
    watched.check()


def test_xt_markdown_reads_as_code(api_served, watched):
    page = watched.page
    page.goto(f"{api_served.url}en/http-status/#400", wait_until="networkidle")
    description = page.locator("[id='400'] ~ p.xt-description")
    expect(description.locator("code")).to_have_text(["validate-appkey", "validate-timestamp"])
    expect(description).not_to_contain_text("`")
    watched.check()
