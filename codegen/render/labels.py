"""The reference site's own words, in each of its languages (XT's texts are never translated)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Labels:
    """The site's own words in one language (documentation texts are never translated)."""

    roles: dict[str, str]  # a table's nav title by its role
    family: str
    meaning: str
    retry: str
    yes: str
    no: str
    hint: str
    python: str
    catch: str
    none: str
    success: str  # the Catch field of a success code
    products: str
    retired: str  # after a retired code in a page's index
    retired_note: str  # a retired code XT's history gives no date for
    retired_on: str  # a retired code, with "{date}" when XT dropped it
    products_retired: str  # "Documented for", of a code XT no longer documents
    since_retired: str  # "Documented since", of a code XT no longer documents
    permalink: str  # the title of a heading's link
    other: str  # names the other language's text: "中文" on the English site
    variant: str  # a text an erratum set aside
    erratum: str  # the link from such a text to the errata page
    errata: str  # the errata page's title
    overview: str  # nav title of a table's overview page
    home: str
    families: str  # the overview table's first column
    codes: str  # and its second
    endpoints: str  # the endpoints whose pages list a code; the endpoints page's title
    spellings: str  # other spellings of a code
    observed: str  # a code no page lists
    evidence: str  # where it was seen
    sources: str  # where the pages come from
    texts: str  # the texts of a code, per page
    since: str  # when XT first documented a code
    changed: str  # its text changes
    removed: str  # when XT dropped a retired code
    changes: str  # the changes page's title
    all_codes: str  # the all-codes page's title
    code: str  # its columns
    exception: str
    english: str
    chinese: str
    products_column: str
    product: str  # the home page's products table
    family_count: tuple[str, str]  # "{n} family", "{n} families"
    code_count: tuple[str, str]  # "{n} code", "{n} codes"
    retired_count: str  # beside a product's codes: "{n} retired"
    guide: str  # the user's guide, in the nav and on an entry
    catching: str  # an entry's link to the guide's way of catching by meaning
    retrying: str  # and to its page on retrying
    reference: str  # the API reference's title
    catches: str  # the codes a meaning class catches, on the reference page
    first_text: str  # a change that gave a code its first text in "{language}"
    errata_kinds: dict[str, str]  # what an erratum fixes, in its heading
    language_names: dict[str, str]  # "zh" -> "Chinese"

    def families_of(self, count: int) -> str:
        """'1 family', '2 families'."""
        return self.family_count[count != 1].format(n=count)

    def codes_of(self, count: int) -> str:
        """'1 code', '2 codes'."""
        return self.code_count[count != 1].format(n=count)

    def first_text_in(self, language: str) -> str:
        """'first Chinese text': a change that gave a code its first text in `language`."""
        return self.first_text.format(
            language=self.language_names.get(language, language)
        )

    def retired_text(self, date: str | None) -> str:
        """What a retired code's entry says first: that XT dropped it, and when."""
        return self.retired_on.format(date=date) if date else self.retired_note


EN = Labels(
    roles={
        "http_status": "HTTP status",
        "return_code": "Return codes",
        "message_code": "Message codes",
        "error_code": "Futures error codes",
    },
    family="Family",
    meaning="Meaning",
    retry="Retry",
    yes="yes",
    no="no",
    hint="What to do",
    python="Python",
    catch="Catch",
    none="none",
    success="none (success)",
    products="Documented for",
    retired="(retired)",
    retired_count="and {n} retired",
    retired_note="Retired: XT no longer documents it.",
    retired_on="Retired: XT dropped it from its documentation on {date}.",
    products_retired="Was documented for",
    since_retired="First documented",
    permalink="Link to this code",
    other="中文",
    variant="XT's variant",
    erratum="erratum",
    errata="Errata",
    overview="Overview",
    home="Home",
    families="Family",
    codes="Codes",
    endpoints="Endpoints",
    spellings="Also spelled",
    observed="Undocumented by XT, observed in responses",
    evidence="Seen in",
    sources="Sources",
    texts="Texts by page",
    since="Documented since",
    changed="Text changed",
    removed="Dropped by XT",
    changes="Changes",
    all_codes="All codes",
    code="Code",
    exception="Class",
    english="English",
    chinese="中文",
    products_column="Products",
    product="Product",
    family_count=("{n} family", "{n} families"),
    code_count=("{n} code", "{n} codes"),
    guide="Guide",
    catching="catching by meaning",
    retrying="retrying",
    reference="API reference",
    catches="Catches",
    first_text="first {language} text",
    errata_kinds={
        "en": "English text",
        "zh": "Chinese text",
        "spelling": "another spelling",
        "as_written": "read as written",
        "stands_for": "no code in its code cell",
        "swapped": "code and text swapped",
        "endpoint": "an endpoint two pages document",
        "missing": "page missing in {language}",
        "other": "erratum",
    },
    language_names={"en": "English", "zh": "Chinese"},
)

ZH = Labels(
    roles={
        "http_status": "HTTP 状态码",
        "return_code": "返回码",
        "message_code": "消息码",
        "error_code": "合约错误码",
    },
    family="分组",
    meaning="含义",
    retry="可重试",
    yes="是",
    no="否",
    hint="处理建议",
    python="Python",
    catch="捕获",
    none="无",
    success="无（成功）",
    products="适用产品",
    retired="（已停用）",
    retired_count="另有 {n} 个已停用",
    retired_note="已停用：XT 的文档已不再列出它。",
    retired_on="已停用：XT 于 {date} 将它从文档中移除。",
    products_retired="曾适用产品",
    since_retired="最初收录于",
    permalink="此代码的链接",
    other="English",
    variant="XT 的另一写法",
    erratum="勘误",
    errata="勘误",
    overview="概览",
    home="首页",
    families="分组",
    codes="代码数",
    endpoints="接口",
    spellings="其他写法",
    observed="XT 文档未列出，见于实际响应",
    evidence="依据",
    sources="来源",
    texts="各页面文本",
    since="收录于",
    changed="文本变更",
    removed="XT 移除于",
    changes="变更",
    all_codes="全部代码",
    code="代码",
    exception="异常类",
    english="English",
    chinese="中文",
    products_column="适用产品",
    product="产品",
    family_count=("{n} 个分组", "{n} 个分组"),
    code_count=("{n} 个代码", "{n} 个代码"),
    guide="指南",
    catching="按含义捕获",
    retrying="重试",
    reference="API 参考",
    catches="捕获的代码",
    first_text="首个{language}文本",
    errata_kinds={
        "en": "英文文本",
        "zh": "中文文本",
        "spelling": "另一种写法",
        "as_written": "按原文读取",
        "stands_for": "代码栏中没有代码",
        "swapped": "代码与文本颠倒",
        "endpoint": "两个页面记载同一接口",
        "missing": "缺少{language}页面",
        "other": "勘误",
    },
    language_names={"en": "英文", "zh": "中文"},
)


@dataclass(frozen=True, kw_only=True)
class Language:
    code: str  # "en": its folder under docs/ and site/, and the theme's language
    name: str  # its own name, in the language menu
    config: str  # its mkdocs config, relative to the repository
    labels: Labels


LANGUAGES = (
    Language(code="en", name="English", config="mkdocs.yml", labels=EN),
    Language(code="zh", name="中文", config="mkdocs.zh.yml", labels=ZH),
)
