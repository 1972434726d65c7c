"""The reference site: escaping, rendering, a strict mkdocs build, and its anchors."""

from __future__ import annotations

import html
import json
import re
import shutil
import string
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen import escaping, site, site_build
from codegen.document import format_document
from codegen.errors import BuildError
from codegen.pipeline import documents, generate
from tests.conftest import ROOT, run_codegen, run_python

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.__xss=1">',
    '<a href="javascript:window.__xss=2">click</a>',
    "[x](javascript:alert(1))",
    '{: onclick="alert(1)" }',
    "a | b | c",
    "`code` and ``more``",
    "{{ 7*7 }} and {% if x %}",
    "*emphasis* and _under_ and **bold**",
    "&amp; &lt;b&gt; &#60;",
    "\\*escaped\\* # not a heading",
    "![img](x.png) <!-- comment -->",
    "</div></div><script>window.__xss=3</script>",
]


# -- fixtures shared with test_browser ----------------------------------------------


def build_seed(out: Path) -> Path:
    """The repository's catalog, rendered and built into `out` (like `python -m codegen`)."""
    (out / "spec").mkdir(parents=True)
    shutil.copy(ROOT / "spec" / "catalog.yaml", out / "spec" / "catalog.yaml")
    result = run_codegen("--source", ROOT / "spec" / "source", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def build_hostile(out: Path) -> Path:
    """A catalog whose descriptions are injection attempts, built into `out`."""
    out.mkdir(parents=True)
    rows = [(f"XSS_{number:03d}", payload) for number, payload in enumerate(PAYLOADS, 1)]
    doc = out / "hostile.md"
    doc.write_text(
        format_document(
            "Hostile",
            [
                ("httpStatus", "description", [("200", "<b>ok</b>"), ("429", "[slow](javascript:x)")]),
                ("rc", "return Code", [("0", "*ok*"), ("1", "{: #x }")]),
                ("mc", "message <i>code</i>", [("SUCCESS", "`ok`"), *rows]),
            ],
        ),
        encoding="utf-8",
    )
    result = run_codegen("--source", doc, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    return build_seed(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile") / "tree")


class Tags(HTMLParser):
    """Every start tag with its attributes, ids, and the text of `.xt-description`."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.descriptions: list[str] = []
        self._in_description = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "p" and attributes.get("class") == "xt-description":
            self._in_description = True
            self.descriptions.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_description = False

    def handle_data(self, data):
        if self._in_description:
            self.descriptions[-1] += data


def parse(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# -- escaping ------------------------------------------------------------------------

_PUNCTUATION = set(string.punctuation)


def _assert_inert(escaped: str) -> None:
    bare = re.sub(r"&#[0-9]+;", "", escaped)
    assert not _PUNCTUATION & set(bare), escaped
    assert not any(ord(char) < 32 for char in escaped)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_text_is_literal(payload):
    escaped = escaping.markdown_text(payload)
    _assert_inert(escaped)
    assert html.unescape(escaped) == payload


@given(st.text())
def test_markdown_text_round_trips(text):
    escaped = escaping.markdown_text(text)
    _assert_inert(escaped)
    decoded = html.unescape(escaped)
    if not any(ord(char) < 32 or 127 <= ord(char) < 160 for char in text):
        assert decoded == text
    assert len(decoded) == len(text)


def test_markdown_text_flattens_control_characters():
    assert escaping.markdown_text("a\nb\tc\x02d") == "a b c\ufffdd"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_python_markdown_keeps_payload_literal(payload):
    """Through the same Markdown extensions as the site (and attr_list for good measure)."""
    source = f'<div class="xt-code">\n<p class="xt-description">{escaping.markdown_text(payload)}</p>\n</div>\n'
    rendered = markdown.markdown(
        source, extensions=["toc", "tables", "fenced_code", "admonition", "attr_list"]
    )
    parser = Tags()
    parser.feed(rendered)
    assert [tag for tag, _ in parser.tags] == ["div", "p"]
    assert parser.descriptions == [payload]


def test_yaml_str():
    assert escaping.yaml_str('a "b" <c>\n') == '"a \\"b\\" <c>\\n"'


# -- rendering -----------------------------------------------------------------------


CONFIGS = {"en": "mkdocs.yml", "zh": "mkdocs.zh.yml"}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    files = generate(documents(ROOT / "spec" / "source"), ROOT).files
    return {
        path: text for path, text in files.items()
        if path in CONFIGS.values() or path.startswith("docs/")
    }


def test_doc_path():
    assert site.doc_path("message-code/auth/") == "message-code/auth.md"
    assert site.doc_path("http-status/") == "http-status.md"


def test_site_files(rendered):
    for language in ("en", "zh"):
        assert {
            f"docs/{language}/{name}"
            for name in [
                "index.md", "errata.md", "catalog.json", "http-status.md", "return-code.md",
                "message-code/index.md", "message-code/auth.md", "message-code/lever-order.md",
                "futures-error-code/index.md", "assets/xt.css", "assets/xt.js",
            ]
        } <= set(rendered)
    assert {*CONFIGS.values(), "docs/index.html", "docs/overrides/partials/alternate.html"} <= set(rendered)
    assert rendered == {
        path: text
        for path, text in generate(documents(ROOT / "spec" / "source"), ROOT).files.items()
        if path in rendered
    }, "output must be deterministic"
    for path, text in rendered.items():
        if path.endswith(".md"):
            assert text.startswith("<!-- Generated by `python -m codegen` from spec/catalog.yaml")
        if path.endswith(".html"):
            assert "Generated by `python -m codegen`" in text.split("\n", 3)[1] + text[:200]
    for config in CONFIGS.values():
        assert rendered[config].startswith("# Generated by `python -m codegen` from spec/catalog.yaml")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_mkdocs_config(rendered, language):
    config = rendered[CONFIGS[language]]
    assert "font: false" in config
    assert "use_directory_urls: true" in config
    assert "  - search:\n      separator: " in config
    assert f"  language: {language}\n" in config
    assert f"docs_dir: docs/{language}\n" in config and f"site_dir: site/{language}\n" in config
    assert "privacy" not in config
    assert "md_in_html" not in config and "attr_list" not in config
    catalog = json.loads(rendered["docs/en/catalog.json"])
    root = catalog["site_url"] if language == "en" else catalog["site_url_zh"]
    assert f"site_url: {json.dumps(root)}" in config
    assert root.startswith("https://") and root.endswith(f"/{language}/")
    for path in rendered:
        if path.startswith(f"docs/{language}/") and path.endswith(".md"):
            source = path[len(f"docs/{language}/"):]
            assert f'"{source}"' in config or source == "index.md", path


@pytest.mark.parametrize(("language", "link"), [("en", "Link to this code"), ("zh", "此代码的链接")])
def test_every_code_has_its_entry(rendered, language, link):
    catalog = json.loads(rendered[f"docs/{language}/catalog.json"])
    assert catalog["title"] and catalog["site_url"] and catalog["kinds"]
    root = catalog["site_url"] if language == "en" else catalog["site_url_zh"]
    total = 0
    for table in catalog["tables"]:
        for code in table["codes"]:
            url = code["docs_url" if language == "en" else "docs_url_zh"]
            page_url, anchor = url.removeprefix(root).split("#")
            assert code["docs_url"].endswith(page_url + "#" + anchor)
            page = rendered[f"docs/{language}/{site.doc_path(page_url)}"]
            permalink = f'<a class="headerlink" href="#{anchor}" title="{link}">&para;</a>'
            assert f'<h3 id="{anchor}">{escaping.markdown_text(str(code["code"]))}{permalink}</h3>' in page
            total += 1
    assert total > 150
    auth = rendered[f"docs/{language}/message-code/auth.md"]
    assert "<code>MessageCode.AUTH&#95;105</code>" in auth
    assert "<code>xt_errors.StaleRequestError</code>" in auth
    success = {"en": "none (success)", "zh": "无（成功）"}[language]
    assert success in rendered[f"docs/{language}/message-code/general.md"]


def test_overview_counts(rendered):
    for language, label in [("en", "Family"), ("zh", "分组")]:
        overview = rendered[f"docs/{language}/message-code/index.md"]
        auth_codes = rendered[f"docs/{language}/message-code/auth.md"].count('<div class="xt-code')
        assert f"<th>{label}</th>" in overview
        assert f'<a href="auth&#47;">AUTH</a></td><td>{auth_codes}</td>' in overview


# -- the built site ------------------------------------------------------------------


def test_strict_build(seed):
    for language in ("en", "zh"):
        for page in ["index.html", "http-status/index.html", "message-code/index.html",
                     "message-code/auth/index.html", "errata/index.html", "catalog.json",
                     "search/search_index.json", "assets/xt.js"]:
            assert (seed / "site" / language / page).is_file(), (language, page)
    redirect = parse(seed / "site" / "index.html")
    assert [attributes["href"] for tag, attributes in redirect.tags if tag == "a"] == ["en/", "zh/"]
    assert not list(seed.glob(".site-*"))


def test_no_external_assets(seed):
    for page in (seed / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        for tag, attributes in parse(page).tags:
            for name in ("src", "href"):
                value = attributes.get(name) or ""
                fetched = tag in ("script", "img", "iframe") or (
                    tag == "link" and attributes.get("rel") != "canonical"
                )
                if fetched and value.startswith(("http:", "https:", "//")):
                    raise AssertionError(f"{page}: external {tag} {value}")


def test_every_docs_url_anchor_exists(seed):
    code = textwrap.dedent(
        """
        import xt_errors
        from xt_errors import _codes
        for enum in (*_codes.HTTP_STATUS_ENUMS, *_codes.RETURN_CODE_ENUMS, *_codes.MESSAGE_CODE_ENUMS):
            for member in enum:
                print(member.docs_url)
        """
    )
    result = run_python(code, seed / "generated")
    assert result.returncode == 0, result.stderr
    urls = result.stdout.split()
    site_url = json.loads((seed / "docs" / "en" / "catalog.json").read_text())["site_url"]
    assert len(urls) > 150
    ids: dict[str, set[str]] = {}
    for url in urls:
        assert url.startswith(site_url), url
        page, anchor = url.removeprefix(site_url).split("#")
        for language in ("en", "zh"):  # the Chinese entry has the same path under zh/
            if (language, page) not in ids:
                ids[language, page] = parse(seed / "site" / language / page / "index.html").ids
            assert anchor in ids[language, page], (language, url)


def test_search_index_has_codes(seed):
    for language, text in [("en", "outdated message"), ("zh", "报文\u200b过时")]:
        index = json.loads((seed / "site" / language / "search" / "search_index.json").read_text())
        entry = next(doc for doc in index["docs"] if doc["location"].endswith("#auth_105"))
        assert entry["title"] == "AUTH_105"
        assert text in entry["text"], entry


def test_usage_example_runs(seed):
    home = (seed / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    assert "pip install xt-errors" in home and "pip install ." in home
    assert "[catalog.json](catalog.json)" in home
    example = re.search(r"```python\n(.*?)```", home, re.S).group(1)
    assert "xt_errors.check(response)" in example
    assert "except xt_errors.InsufficientFundsError" in example
    assert "except xt_errors.AuthError as e:" in example
    assert "print(e.mc, e.docs_url)" in example
    catalog = json.loads((seed / "docs" / "en" / "catalog.json").read_text())
    funds = next(
        code["code"] for table in catalog["tables"] for code in table["codes"]
        if code["kind"] == "insufficient_funds"
    )
    harness = example + textwrap.dedent(
        """
        import json, sys

        class Response:
            def __init__(self, mc):
                self.status_code = 200
                self.headers = {}
                self.content = json.dumps({"rc": 1, "mc": mc, "ma": [], "result": None}).encode()

        class Session:
            def __init__(self, mc):
                self.mc = mc
            def post(self, url, json=None):
                return Response(self.mc)

        place_order(Session(sys.argv[1]), {})
        place_order(Session(sys.argv[2]), {})
        """
    )
    result = run_python(harness, seed / "generated", "AUTH_105", funds)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"AUTH_105 {catalog['site_url']}message-code/auth/#auth_105",
        "not enough funds",
    ]


def test_hostile_text_is_literal(hostile, seed):
    page = hostile / "site" / "en" / "message-code" / "xss" / "index.html"
    parsed = parse(page)
    assert parsed.descriptions == PAYLOADS
    for tag, attributes in parsed.tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert not (attributes.get("href") or "").startswith("javascript"), (tag, attributes)
        assert tag != "img"
    scripts = [tag for tag, _ in parsed.tags if tag == "script"]
    seed_page = parse(seed / "site" / "en" / "message-code" / "auth" / "index.html")
    assert len(scripts) == len([tag for tag, _ in seed_page.tags if tag == "script"])
    for path in (hostile / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "alert(1)</script>" not in text and "window.__xss=3</script>" not in text


def test_failed_build_reports_one_line(seed, tmp_path):
    """The build only fills a staging folder; the run's switch puts it in place
    (tests/test_crash_safety.py checks that a failed build leaves site/ as it was)."""
    tree = tmp_path / "tree"
    shutil.copytree(seed / "docs", tree / "docs")
    for config in CONFIGS.values():
        shutil.copy(seed / config, tree / config)
    home = tree / "docs" / "zh" / "index.md"  # the second language's build fails
    good = home.read_text()
    home.write_text(good + "\n[broken](missing.md)\n")
    with pytest.raises(BuildError) as failed:
        site_build.build(tree, tmp_path / "built")
    assert str(failed.value).startswith("mkdocs build failed (mkdocs.zh.yml)")
    assert "\n" not in str(failed.value)
    home.write_text(good)
    assert site_build.build(tree, tmp_path / "built") == ["site"]
    for page in ["index.html", "en/index.html", "zh/index.html"]:
        assert (tmp_path / "built" / "site" / page).is_file(), page


def test_real_futures_doc(tmp_path):
    doc = ROOT.parent / "shared" / "real-docs" / "futures-copy-trading-error-codes.md"
    if not doc.exists():
        pytest.skip(f"{doc} is absent")
    result = run_codegen("--source", doc, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    catalog = json.loads((tmp_path / "docs" / "en" / "catalog.json").read_text())
    for table in catalog["tables"]:
        for code in table["codes"]:
            page, anchor = code["docs_url"].removeprefix(catalog["site_url"]).split("#")
            assert anchor in parse(tmp_path / "site" / "en" / page / "index.html").ids
