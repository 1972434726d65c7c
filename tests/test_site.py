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

from codegen.errors import BuildError, SourceError
from codegen.render import codes_page, escaping, guide_pages, reference_page
from codegen.run import site_build
from codegen.run.pipeline import documents, generate
from tests.conftest import (
    FUTURES_COPY_PAGE,
    PACKAGE,
    PAYLOADS,
    ROOT,
    XT_API,
    XT_PAGES,
    frozen_generation,
    run_codegen,
    run_python,
)


class Tags(HTMLParser):
    """Every start tag with its attributes, ids, and the text of `.xt-description`."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.descriptions: list[str] = []
        self.inside_descriptions: list[str] = []  # the tags within them
        self._in_description = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if self._in_description:
            self.inside_descriptions.append(tag)
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


def shown(text: str) -> str:
    """What a reader sees of one of XT's texts on the site: its code spans' contents as code,
    escapes read, every other character as it is."""
    return "".join(part for part, _ in escaping.code_spans(text))


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Missing request header `validate-appkey`", "Missing request header <code>validate&#45;appkey</code>"),
        ("**`{hour}`hours**", "&#42;&#42;<code>&#123;hour&#125;</code>hours&#42;&#42;"),
        ("\\{hour}小时 \\*", "&#123;hour&#125;小时 &#42;"),  # escapes read, the rest literal
        ("`a` and ``b`c``", "<code>a</code> and <code>b&#96;c</code>"),  # runs of equal length pair
        ("` a `", "<code>a</code>"),  # one space off each end
        ("`  `", "<code>  </code>"),  # but not off spaces alone
        ("`a\nb`", "<code>a b</code>"),
        ("no `end", "no &#96;end"),  # an opening run never closed is text
        ("```x``", "&#96;&#96;&#96;x&#96;&#96;"),
        ("\\`not code\\`", "&#96;not code&#96;"),  # an escaped backtick opens nothing
        ("`a\\`", "<code>a&#92;</code>"),  # in a span a backslash is itself
        ("end\\", "end&#92;"),
        ("\\a", "&#92;a"),  # only punctuation is escaped
    ],
)
def test_markdown_with_code(text, html):
    assert escaping.markdown_with_code(text) == html


def _assert_only_code_tags(rendered: str) -> str:
    """`rendered` holds balanced <code> and </code> and nothing else of markup: its text."""
    parts = re.split(r"(</?code>)", rendered)
    assert parts[1::2] == ["<code>", "</code>"] * (len(parts) // 4), rendered
    text = "".join(parts[::2])
    _assert_inert(text)
    return text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_with_code_is_literal_but_code(payload):
    text = _assert_only_code_tags(escaping.markdown_with_code(payload))
    assert html.unescape(text) == shown(payload)


@given(st.text(alphabet=st.sampled_from(["`", "\\", "<", ">", "&", "*", "a", " ", "\n", "{", "}", "#"])))
def test_markdown_with_code_properties(text):
    rendered = escaping.markdown_with_code(text)
    decoded = html.unescape(_assert_only_code_tags(rendered))
    assert decoded == shown(text).replace("\n", " ")
    if "`" not in text and "\\" not in text:
        assert rendered == escaping.markdown_text(text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_python_markdown_keeps_code_spans_text(payload):
    source = f'<div class="xt-code">\n<p class="xt-description">{escaping.markdown_with_code(payload)}</p>\n</div>\n'
    rendered = markdown.markdown(
        source, extensions=["toc", "tables", "fenced_code", "admonition", "attr_list"]
    )
    parser = Tags()
    parser.feed(rendered)
    assert [tag for tag, _ in parser.tags if tag != "code"] == ["div", "p"]
    assert set(parser.inside_descriptions) <= {"code"}
    assert parser.descriptions == [shown(payload)]


def test_yaml_str():
    assert escaping.yaml_str('a "b" <c>\n') == '"a \\"b\\" <c>\\n"'


# -- rendering -----------------------------------------------------------------------


CONFIGS = {"en": "mkdocs.yml", "zh": "mkdocs.zh.yml"}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    files = frozen_generation().files
    return {
        path: text for path, text in files.items()
        if path in CONFIGS.values() or path.startswith("docs/")
    }


def test_doc_path():
    assert codes_page.doc_path("message-code/auth/") == "message-code/auth.md"
    assert codes_page.doc_path("http-status/") == "http-status.md"


def test_site_files(rendered):
    for language in ("en", "zh"):
        assert {
            f"docs/{language}/{name}"
            for name in [
                "index.md", "errata.md", "catalog.json", "http-status.md", "return-code.md",
                "message-code/index.md", "message-code/auth.md", "message-code/lever-order.md",
                "futures-error-code/index.md", "assets/xt.css", "assets/xt.js", "reference.md",
                *(page.source for page in guide_pages.GUIDE),
            ]
        } <= set(rendered)
    assert {*CONFIGS.values(), "docs/index.html", "docs/overrides/partials/alternate.html"} <= set(rendered)
    assert rendered == {
        path: text
        for path, text in generate(documents(XT_PAGES), XT_API).files.items()
        if path in rendered
    }, "output must be deterministic"
    for path, text in rendered.items():
        if path.endswith(".md"):
            source = "README.md" if "/guide/" in path else "spec/catalog.yaml"
            assert text.startswith(f"<!-- Generated by `python -m codegen` from {source}"), path
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
            page = rendered[f"docs/{language}/{codes_page.doc_path(page_url)}"]
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


def test_strict_build(xt_api_site):
    for language in ("en", "zh"):
        for page in ["index.html", "http-status/index.html", "message-code/index.html",
                     "message-code/auth/index.html", "errata/index.html", "catalog.json",
                     "search/search_index.json", "assets/xt.js"]:
            assert (xt_api_site / "site" / language / page).is_file(), (language, page)
    redirect = parse(xt_api_site / "site" / "index.html")
    assert [attributes["href"] for tag, attributes in redirect.tags if tag == "a"] == ["en/", "zh/"]
    assert not list(xt_api_site.glob(".site-*"))


def test_no_external_assets(xt_api_site):
    for page in (xt_api_site / "site").rglob("*.html"):
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


def test_every_docs_url_anchor_exists(xt_api_site):
    code = textwrap.dedent(
        """
        import xt_errors
        from xt_errors import _codes
        for enum in (*_codes.HTTP_STATUS_ENUMS, *_codes.RETURN_CODE_ENUMS, *_codes.MESSAGE_CODE_ENUMS):
            for member in enum:
                print(member.docs_url)
        """
    )
    result = run_python(code, xt_api_site / "generated")
    assert result.returncode == 0, result.stderr
    urls = result.stdout.split()
    site_url = json.loads((xt_api_site / "docs" / "en" / "catalog.json").read_text())["site_url"]
    assert len(urls) > 150
    ids: dict[str, set[str]] = {}
    for url in urls:
        assert url.startswith(site_url), url
        page, anchor = url.removeprefix(site_url).split("#")
        for language in ("en", "zh"):  # the Chinese entry has the same path under zh/
            if (language, page) not in ids:
                ids[language, page] = parse(xt_api_site / "site" / language / page / "index.html").ids
            assert anchor in ids[language, page], (language, url)


def test_search_index_has_codes(xt_api_site):
    for language, text in [("en", "outdated message"), ("zh", "报文\u200b过时")]:
        index = json.loads((xt_api_site / "site" / language / "search" / "search_index.json").read_text())
        entry = next(doc for doc in index["docs"] if doc["location"].endswith("#auth_105"))
        assert entry["title"] == "AUTH_105"
        assert text in entry["text"], entry


def _code_blocks(text: str) -> list[str]:
    """Every fenced block of a markdown page, fences included."""
    return re.findall(r"^```.*?^```$", text, re.S | re.M)


README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_guide_is_the_readme(rendered):
    """The English guide is the README's sections as they are; both languages show exactly
    the README's code blocks, in its order, so the blocks test_readme_examples runs are the guide's."""
    sections = guide_pages.readme_sections(README)
    for page in guide_pages.GUIDE:
        section = sections[page.heading]
        english = rendered[f"docs/en/{page.source}"]
        assert english.split("\n", 1)[1] == f"# {page.heading}\n\n{guide_pages.english_body(section)}\n"
        assert section.body.strip() in english or "\n### " in section.body
        for language in ("en", "zh"):
            shown_blocks = _code_blocks(rendered[f"docs/{language}/{page.source}"])
            assert shown_blocks == list(section.blocks), (language, page.slug)
    site_python = [
        block for path, text in rendered.items() if path.endswith(".md") for block in _code_blocks(text)
        if block.startswith("```python")
    ]
    readme_python = [
        block for page in guide_pages.GUIDE for block in sections[page.heading].blocks
        if block.startswith("```python")
    ]
    assert sorted(site_python) == sorted(readme_python * 2)  # each once per language, and nothing else
    assert len(readme_python) >= 6


def test_guide_pages_are_in_the_nav_and_on_the_home_page(rendered):
    for language, config in CONFIGS.items():
        nav = rendered[config].split("\nnav:\n", 1)[1]
        home = rendered[f"docs/{language}/index.md"]
        for page in guide_pages.GUIDE:
            assert json.dumps(page.source) in nav
            assert f"]({page.source})" in home
        assert '"reference.md"' in nav and "](reference.md)" in home
        # the guide comes right after Home
        titles = [line.strip() for line in nav.splitlines() if line.startswith("  - ")]
        assert titles[1].startswith({"en": '- "Guide":', "zh": '- "\\u6307\\u5357":'}[language]), titles


def test_install_says_the_package_is_not_on_an_index(rendered):
    for language, words in [("en", "not on a package index yet"), ("zh", "尚未发布到软件包索引")]:
        install = rendered[f"docs/{language}/guide/install.md"]
        assert words in install, install
        commands = re.findall(r"^```sh\n(.*?)^```", install, re.S | re.M)
        assert commands == [
            "python3 -m pip install .\n",
            "python3 -m pip wheel --no-deps -w dist . && python3 -m pip install dist/xt_errors-*.whl\n",
        ], commands
        # named only as what does not work yet, never as a command to run
        assert "\npip install xt-errors" not in install


def test_chinese_guide_translates_the_readme_as_it_is():
    """Each Chinese page records the fingerprint of the README prose it translates: a README
    section whose prose changed fails here until its translation is brought up to date."""
    sections = guide_pages.readme_sections(README)
    stale = []
    for page in guide_pages.GUIDE:
        template = ROOT / "codegen" / "templates" / page.translation
        first = template.read_text(encoding="utf-8").splitlines()[0]
        recorded = re.fullmatch(r'\{# Translates README\.md\'s "## (.+)" \(prose fingerprint: ([0-9a-f]{12})\)\. #\}', first)
        assert recorded and recorded.group(1) == page.heading, (template, first)
        now = guide_pages.prose_fingerprint(sections[page.heading])
        if recorded.group(2) != now:
            stale.append(f"{template.relative_to(ROOT)}: README.md's \"## {page.heading}\" changed; "
                         f"translate the change, then record {now}")
    assert not stale, "\n".join(stale)


def test_a_missing_readme_section_stops_the_run():
    without = README.replace("\n## Retrying\n", "\n## Retrying later\n")
    with pytest.raises(SourceError) as stopped:
        guide_pages.guide_files(without, "en")
    assert str(stopped.value).startswith('README.md:1: no section "## Retrying", which the site\'s guide')
    # a translation that shows a block the README's section no longer has stops too
    section = guide_pages.readme_sections(README)["Retrying"]
    cut = guide_pages.ReadmeSection(section.heading, section.line, section.body.split("```python")[0])
    with pytest.raises(SourceError) as stopped:
        guide_pages.chinese_body(guide_pages.RETRYING, cut)
    assert f"README.md:{section.line}: the Chinese guide's \"Retrying\"" in str(stopped.value)
    assert "shows code block 1, and the section has 0" in str(stopped.value)


def test_readme_sections_skip_code():
    text = "# t\n\n## A\n\ntext\n\n```sh\n## not a heading\n```\n\n### sub\n\n## B\n\n~~~\n```\n~~~\nend\n"
    sections = guide_pages.readme_sections(text)
    assert list(sections) == ["A", "B"]
    assert sections["A"].line == 3 and sections["B"].line == 13
    assert sections["A"].blocks == ("```sh\n## not a heading\n```",)
    assert sections["B"].blocks == ("~~~\n```\n~~~",)
    assert guide_pages.english_body(sections["A"]).splitlines()[-1] == "## sub"
    assert sections["A"].prose == "text ### sub"


def test_home_reads_an_answer_with_a_real_code(rendered):
    for language in ("en", "zh"):
        home = rendered[f"docs/{language}/index.md"]
        assert '{"rc": 1, "mc": "AUTH_105", "ma": [], "result": null}' in home
        assert "```python" not in home  # usage lives in the guide, from the README
        assert "[catalog.json](catalog.json)" in home


def test_hostile_text_is_literal(hostile_site, xt_api_site):
    page = hostile_site / "site" / "en" / "message-code" / "xss" / "index.html"
    parsed = parse(page)
    assert parsed.descriptions == [shown(payload) for payload in PAYLOADS]
    assert set(parsed.inside_descriptions) == {"code"}  # XT's code spans, and nothing else
    for tag, attributes in parsed.tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert not (attributes.get("href") or "").startswith("javascript"), (tag, attributes)
        assert tag != "img"
    scripts = [tag for tag, _ in parsed.tags if tag == "script"]
    auth_page = parse(xt_api_site / "site" / "en" / "message-code" / "auth" / "index.html")
    assert len(scripts) == len([tag for tag, _ in auth_page.tags if tag == "script"])
    for path in (hostile_site / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "alert(1)</script>" not in text and "window.__xss=3</script>" not in text
        assert "window.__xss=4</script>" not in text and "onerror=\"window" not in text


def test_failed_build_reports_one_line(hostile_site, tmp_path):
    """The build only fills a staging folder; the run's switch puts it in place
    (tests/test_output_crash_safety.py checks that a failed build leaves site/ as it was)."""
    tree = tmp_path / "tree"
    shutil.copytree(hostile_site / "docs", tree / "docs")
    shutil.copytree(hostile_site / "generated", tree / "generated")  # the API reference reads it
    for config in CONFIGS.values():
        shutil.copy(hostile_site / config, tree / config)
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
    result = run_codegen("--source", FUTURES_COPY_PAGE, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    catalog = json.loads((tmp_path / "docs" / "en" / "catalog.json").read_text())
    for table in catalog["tables"]:
        for code in table["codes"]:
            page, anchor = code["docs_url"].removeprefix(catalog["site_url"]).split("#")
            assert anchor in parse(tmp_path / "site" / "en" / page / "index.html").ids


# -- issue 20: what a reader meets first ----------------------------------------------


class Tables(HTMLParser):
    """Each table of a page: its header cells' texts and its rows' cells' texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"head": [], "rows": []})
        elif tag == "thead":
            self._head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "thead":
            self._head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1]["head" if self._head else "rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(path: Path) -> list[dict[str, list]]:
    parser = Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


@pytest.mark.parametrize("language", ["en", "zh"])
def test_all_codes_page(xt_api_site, language):
    """One table of every code of every table: code, class, English, 中文, products, retry,
    each code linking to its entry, texts in full."""
    built = xt_api_site / "site" / language
    page = built / "all-codes" / "index.html"
    [table] = tables(page)
    heads = {
        "en": ["Code", "Class", "English", "中文", "Products", "Retry"],
        "zh": ["代码", "异常类", "English", "中文", "适用产品", "可重试"],
    }[language]
    assert table["head"] == [heads]
    catalog = json.loads((xt_api_site / "docs" / "en" / "catalog.json").read_text())
    codes = [code for each in catalog["tables"] for code in each["codes"]]
    retired = {"en": "(retired)", "zh": "（已停用）"}[language]
    yes_no = {"en": ("yes", "no"), "zh": ("是", "否")}[language]
    assert len(table["rows"]) == len(codes) > 250
    success = {"en": "none (success)", "zh": "无（成功）"}[language]
    assert sorted(row[:4] + row[5:] for row in table["rows"]) == sorted(
        [
            str(code["code"]) + (f" {retired}" if code["retired"] else ""),
            code["exception"] or success,
            shown(code["description"]),  # in full, never shortened
            shown(code["description_zh"] or ""),
            yes_no[0 if code["retryable"] else 1],
        ]
        for code in codes
    )
    assert all(row[4] for row in table["rows"])  # products
    # each row's link lands on its code's entry
    parsed = parse(page)
    links = [a["href"] for tag, a in parsed.tags if tag == "a" and (a.get("href") or "").startswith("../")]
    entries = [link for link in links if "#" in link]
    root = catalog["site_url"] if language == "en" else catalog["site_url_zh"]
    assert sorted(entries) == sorted(
        "../" + code["docs_url_zh" if language == "zh" else "docs_url"].removeprefix(root) for code in codes
    )
    ids: dict[str, set[str]] = {}
    for link in entries:
        target, anchor = link.removeprefix("../").split("#")
        if target not in ids:
            ids[target] = parse(built / target / "index.html").ids
        assert anchor in ids[target], link
    # reached from the nav and from Home
    title = {"en": "All codes", "zh": "全部代码"}[language]
    home = (built / "index.html").read_text(encoding="utf-8")
    assert f'<a href="all-codes/">{title}</a>' in home
    assert '<a href="all-codes/" class="md-nav__link">' in home  # the nav
    # its table is left out of the search: every code has its own entry there
    index = json.loads((built / "search" / "search_index.json").read_text())
    assert all("AUTH_105" not in doc["text"] for doc in index["docs"] if doc["location"].startswith("all-codes/"))


def test_every_table_column_has_a_header(xt_api_site):
    checked = 0
    for page in (xt_api_site / "site").rglob("*.html"):
        for table in tables(page):
            assert table["head"], page
            for head in table["head"]:
                assert all(head), (page, head)
                assert all(len(row) == len(head) for row in table["rows"]), page
            checked += 1
    assert checked > 10


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ["1 family", "20 families", "10 codes", "2 codes"]), ("zh", ["1 个分组", "20 个分组", "10 个代码"])],
)
def test_home_counts_read_right(rendered, language, words):
    home = rendered[f"docs/{language}/index.md"]
    for word in words:
        assert word in home, word
    assert not re.search(r"\b1 families\b|\b1 codes\b", home)
    products = home.split("\n| ")[1]
    assert products.startswith({"en": "Product | 中文 | Codes |", "zh": "产品 | English | 代码数 |"}[language])
    # a product's count is what its pages document today; codes XT dropped are counted apart
    spot = next(line for line in home.splitlines() if line.startswith(("| Spot |", "| 现货 |")))
    assert spot.endswith({"en": "| 120 (and 14 retired) |", "zh": "| 120 (另有 14 个已停用) |"}[language]), spot


@pytest.mark.parametrize("language", ["en", "zh"])
def test_errata_headings_say_what_they_fix(xt_api_site, language):
    page = xt_api_site / "site" / language / "errata" / "index.html"
    headings = re.findall(r'<h3 id="erratum-\d+">(.*?)</h3>', page.read_text(encoding="utf-8"))
    texts = [html.unescape(re.sub(r"<[^>]+>", "", heading)) for heading in headings]
    assert len(texts) == len(set(texts)) > 5, texts
    symbol = [text for text in texts if text.startswith("SYMBOL_001")]
    assert symbol == {
        "en": ["SYMBOL_001 (English text)", "SYMBOL_001 (Chinese text)"],
        "zh": ["SYMBOL_001（英文文本）", "SYMBOL_001（中文文本）"],
    }[language]


@pytest.mark.parametrize(
    ("language", "note", "past", "present"),
    [
        ("en", "Retired: XT dropped it from its documentation on 2022-09-28.", "Was documented for:", "Documented for:"),
        ("zh", "已停用：XT 于 2022-09-28 将它从文档中移除。", "曾适用产品:", "适用产品:"),
    ],
)
def test_retired_code_is_not_shown_as_current(xt_api_site, language, note, past, present):
    page = (xt_api_site / "site" / language / "message-code" / "order" / "index.html").read_text(encoding="utf-8")
    entries = {
        match.group(1): html.unescape(re.sub(r"<[^>]+>", "", match.group(0)))
        for match in re.finditer(r'<div class="xt-code[^"]*">\s*<h3 id="([^"]+)">.*?</div>', page, re.S)
    }
    retired = entries["order_f0701"]
    lines = [line.strip() for line in retired.splitlines() if line.strip()]
    assert lines[1] == note, lines  # right under the code, and nothing current after it
    assert any(line.startswith(past) for line in lines), lines
    assert not any(line.startswith(present) for line in lines), lines
    since = {"en": ("First documented: 2022-09-08", "Documented since"), "zh": ("最初收录于: 2022-09-08", "收录于")}
    assert any(line.startswith(since[language][0]) for line in lines), lines
    assert not any(line.startswith(since[language][1]) for line in lines), lines
    current = [line.strip() for line in entries["order_002"].splitlines() if line.strip()]
    assert any(line.startswith(present) for line in current)
    assert not any(line.startswith(past) or "已停用" in line or "Retired" in line for line in current)


def test_search_entries_keep_labels_and_weigh_codes(xt_api_site):
    for language, labels in [("en", ["Documented for: ", "Retry: no", "Catch: "]), ("zh", ["适用产品: ", "可重试: 否", "捕获: "])]:
        index = json.loads((xt_api_site / "site" / language / "search" / "search_index.json").read_text())
        docs = {doc["location"]: doc for doc in index["docs"]}
        order = docs["message-code/order/#order_002"]
        for label in labels:
            assert label in order["text"].replace("\u200b", ""), (label, order["text"])
        assert order["tags"] == ["ORDER_002", "OrderInsufficientFundsError"]
        # listed on two pages, it weighs more than a code one page lists, and an observed one less
        assert order["boost"] > docs["message-code/fund/#fund_002"].get("boost", 1) == 1
        assert "boost" not in docs["message-code/order/#order_f0701"]  # retired: its pages are history
        assert docs["futures-error-code/general/#insufficient_balance"]["boost"] < 1  # only observed


def test_code_weight():
    weight = site_build.code_weight
    assert weight({"pages": ["a"]}) == 1
    assert 1 < weight({"pages": ["a", "b"]}) == weight({"pages": list("abcdefgh")}) <= 1.25
    assert 0.75 <= weight({"pages": []}) < 1  # observed in responses only
    assert weight({"pages": list("abcde"), "retired": True}) == 1


# -- issue 27: a site that guides ------------------------------------------------------


def _entries(page: Path) -> dict[str, str]:
    """Each code's entry on a built page, by its anchor: its HTML."""
    text = page.read_text(encoding="utf-8")
    return {
        match.group(1): match.group(0)
        for match in re.finditer(r'<div class="xt-code[^"]*">\s*<h3 id="([^"]+)">.*?</div>', text, re.S)
    }


@pytest.mark.parametrize(("language", "words"), [("en", ("Guide", "catching by meaning", "retrying")),
                                                 ("zh", ("指南", "按含义捕获", "重试"))])
def test_every_entry_links_to_catching_and_retrying(xt_api_site, language, words):
    """Each code that raises leads to the guide's catching by meaning, to its meaning class in
    the API reference and to the guide's retrying, and every link lands on an id that exists."""
    built = xt_api_site / "site" / language
    catalog = json.loads((xt_api_site / "docs" / "en" / "catalog.json").read_text())
    meaning = {kind["name"]: kind["exception"] or "XTError" for kind in catalog["kinds"]}
    reference_ids = parse(built / "reference" / "index.html").ids
    checked = 0
    for table in catalog["tables"]:
        for code in table["codes"]:
            page, anchor = code["docs_url"].removeprefix(catalog["site_url"]).split("#")
            entry = _entries(built / page / "index.html")[anchor]
            guide = re.search(r"<li data-search-exclude><strong>([^<]+):</strong>(.*?)</li>", entry)
            if code["exception"] is None:  # a success: nothing to catch or retry
                assert guide is None, code["code"]
                continue
            assert guide and guide.group(1) == words[0], entry
            links = re.findall(r'<a href="([^"]+)">(.*?)</a>', guide.group(2))
            root = "../" * page.count("/")
            expected_class = meaning[code["kind"]]
            assert links == [
                (f"{root}guide/first-example/", words[1]),
                (f"{root}reference/#xt_errors.{expected_class}", f"<code>{expected_class}</code>"),
                (f"{root}guide/retrying/", words[2]),
            ], (code["code"], links)
            assert f"xt_errors.{expected_class}" in reference_ids
            checked += 1
    assert checked > 250
    for page in ("first-example", "retrying"):
        assert (built / "guide" / page / "index.html").is_file()


def test_reference_documents_the_public_api(xt_api_site):
    """Every public name of the package (bar the catalog's own) and every meaning class
    has its entry in the API reference, in both languages, with its docstring."""
    public = run_python(
        "import xt_errors\nfrom xt_errors import _codes\n"
        "print(' '.join(sorted(set(xt_errors.__all__) - set(_codes.__all__) - set(xt_errors._GROUPS))))",
        PACKAGE,
    ).stdout.split()
    assert {"check", "check_frame", "checked_frames", "lookup_all", "RetryPolicy", "Advice",
            "from_ccxt", "ccxt_errors", "set_language", "get_language", "XTError"} <= set(public)
    documented = {name for group in reference_page.GROUPS for name in group.names}
    assert set(public) <= documented, set(public) - documented
    catalog = json.loads((xt_api_site / "docs" / "en" / "catalog.json").read_text())
    meanings = {kind["exception"] for kind in catalog["kinds"] if kind["exception"]}
    for language in ("en", "zh"):
        page = xt_api_site / "site" / language / "reference" / "index.html"
        ids = parse(page).ids
        for name in [*public, *meanings]:
            assert f"xt_errors.{name}" in ids, (language, name)
        for member in ("message", "retryable", "hint", "docs_url", "mc", "http_status"):
            assert f"xt_errors.XTError.{member}" in ids
        for prop in ("description", "description_zh", "hint", "retryable", "since", "changes", "docs_url"):
            assert f"xt_errors._base.Documented.{prop}" in ids
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert "Retry advice from an error" in text  # RetryPolicy's docstring, as the package has it
        assert "Not enough balance, margin or loanable amount." in text  # a meaning class's
    zh = (xt_api_site / "docs" / "zh" / "reference.md").read_text(encoding="utf-8")
    assert "内容为英文" in zh  # the Chinese page says the docstrings are English


def _li_text(html_text: str) -> list[str]:
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split())
        for item in re.findall(r"<li>(.*?)</li>", html_text, re.S)
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", [
            "Text changed: 2022-09-09 (English): first English text: \u201cTrigger PROTECTION_ONLINE Filter\u201d",
            "Text changed: 2024-11-14 (\u4e2d\u6587): \u201c触发开盘保护滤器\u201d \u2192 \u201c触发开盘保护滤器或限价保护过滤器\u201d",
            "Text changed: 2024-11-14 (English): \u201cTrigger PROTECTION_ONLINE Filter\u201d \u2192 "
            "\u201cTrigger PROTECTION_ONLINE Filter or PROTECTION_LIMIT Filter\u201d",
        ]),
        ("zh", [
            "文本变更: 2022-09-09 (English): 首个英文文本: \u201cTrigger PROTECTION_ONLINE Filter\u201d",
            "文本变更: 2024-11-14 (\u4e2d\u6587): \u201c触发开盘保护滤器\u201d \u2192 \u201c触发开盘保护滤器或限价保护过滤器\u201d",
        ]),
    ],
)
def test_text_changed_shows_the_earlier_text_and_the_date(xt_api_site, language, expected):
    built = xt_api_site / "site" / language
    entry = _entries(built / "message-code" / "order" / "index.html")["order_f0401"]
    changed = [line for line in _li_text(entry) if line.startswith(("Text changed", "文本变更"))]
    assert changed[: len(expected)] == expected, changed
    assert '<a href="../../changes/#2024-11-14">2024-11-14</a>' in entry  # each date leads to its day
    # the changes page says each change the same way
    page = (built / "changes" / "index.html").read_text(encoding="utf-8")
    day = page.split('id="2024-11-14"', 1)[1].split("<h2", 1)[0]
    lines = _li_text(day)
    label = expected[1].split(": ", 1)[0]  # "Text changed: 2024-11-14 (中文)"
    before_after = expected[1].split("): ", 1)[1]
    assert any(line.startswith(f"{label.split(':')[0]} (\u4e2d\u6587) ORDER_F0401: {before_after}") for line in lines), lines


def test_xt_markdown_shows_as_code(xt_api_site):
    for language in ("en", "zh"):
        entry = _entries(xt_api_site / "site" / language / "http-status" / "index.html")["400"]
        assert "<code>validate-appkey</code> / <code>validate-timestamp</code>" in html.unescape(entry)
        assert "`" not in html.unescape(re.sub(r"<[^>]+>", "", entry))


def test_search_index_weighs_entries_over_pages(xt_api_site):
    """Code entries weigh by code_weight; every other section (guide, reference, home, listings)
    by PAGE_WEIGHT, and the listings' copies of the codes' texts are not indexed at all."""
    assert site_build.PAGE_WEIGHT < site_build.OBSERVED_WEIGHT
    catalog = json.loads((xt_api_site / "docs" / "en" / "catalog.json").read_text())
    for language in ("en", "zh"):
        root = catalog["site_url"] if language == "en" else catalog["site_url_zh"]
        entries = {
            code["docs_url" if language == "en" else "docs_url_zh"].removeprefix(root)
            for table in catalog["tables"] for code in table["codes"]
        }
        index = json.loads((xt_api_site / "site" / language / "search" / "search_index.json").read_text())
        pages = [doc for doc in index["docs"] if doc["location"] not in entries]
        assert {doc["location"].split("#")[0] for doc in pages} >= {
            "", "guide/retrying/", "reference/", "endpoints/", "changes/", "errata/"
        }
        for doc in pages:
            assert doc["boost"] == site_build.PAGE_WEIGHT, doc["location"]
            assert "tags" not in doc, doc["location"]
        listings = " ".join(doc["text"] for doc in pages if doc["location"].startswith(("endpoints/", "changes/")))
        assert "InvalidSymbolError" not in listings and "Symbol illegal" not in listings
        # the guide line of an entry is not indexed: it reads the same on every entry of a meaning
        assert all("guide/retrying" not in doc["text"] and "catching by meaning" not in doc["text"]
                   for doc in index["docs"])


@pytest.mark.parametrize("language", ["en", "zh"])
def test_home_and_changes_name_the_catalogs_sources(rendered, language):
    catalog = json.loads(rendered["docs/en/catalog.json"])
    home = rendered[f"docs/{language}/index.md"]
    changes = rendered[f"docs/{language}/changes.md"]
    for source in catalog["sources"]:
        assert escaping.markdown_text(source["title"]) in home and escaping.markdown_text(source["title"]) in changes
        assert escaping.markdown_text(source["upstream"]) in home
    for stale in ("snapshot", "spec/history/", "快照"):
        assert stale not in changes, stale


def test_api_reference_reads_the_hand_written_modules(xt_api_site, tmp_path):
    """The build gathers the package's copies of codegen/runtime/ and a stub of its public API
    for mkdocstrings, which reads them as it would the whole package: the same docstrings."""
    import griffe

    from codegen.render import package

    source = site_build.api_source(xt_api_site / "generated", tmp_path)
    files = {path.relative_to(source / "xt_errors").as_posix() for path in source.rglob("*.py*")}
    assert files == {*package.runtime_sources(), "__init__.pyi"}
    for name in files - {"__init__.pyi"}:  # byte for byte the package's
        assert (source / "xt_errors" / name).read_bytes() == (xt_api_site / "generated" / "xt_errors" / name).read_bytes()
    gathered = griffe.load("xt_errors", search_paths=[source])
    for name, module in package.runtime_exports().items():
        assert gathered[name].target_path == f"{module}.{name}", name
    assert gathered["check"].docstring.value.startswith("`raise_for_response` for a requests")
    config = (xt_api_site / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"paths: [!ENV [{site_build.API_SOURCE}, generated]]" in config  # a plain build reads generated/
