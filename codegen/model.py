"""What the model holds: the validated catalog every output is rendered from, as plain, frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen import naming

# What part of an answer a table's codes are: the HTTP status, a spot-style body's
# `rc` or `mc`, a futures body's `error.code`, a WebSocket frame's `code`, or a
# WebSocket error sent as text.
ROLES = (
    "http_status",
    "return_code",
    "message_code",
    "error_code",
    "websocket_code",
    "websocket_text",
)

# The metadata of a field that says where in the inputs a record was found: kept
# for messages, never published (catalog.json and its schema leave it out).
INPUT_ONLY = {"published": False}


@dataclass(frozen=True, kw_only=True)
class Kind:
    """A meaning a code can have, e.g. rate_limit, caught by `exception`."""

    name: str
    exception: str | None
    parent: str | None
    retryable: bool
    summary: str
    hint: str
    summary_zh: str | None = None
    hint_zh: str | None = None


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where pages of spec/source/ come from: a repository at a commit."""

    key: str  # e.g. xt-api
    title: str  # says what it is, and that a mirror is a mirror
    upstream: str  # the repository's address
    commit: str
    date: str  # the commit's date, YYYY-MM-DD
    mirror_of: str | None  # what a mirror copies, when it is one

    @property
    def short(self) -> str:
        """'xt-com/xt-api at 8edf738 (2025-01-22)'."""
        repository = self.upstream.removeprefix("https://github.com/")
        return f"{repository} at {self.commit[:7]} ({self.date})"


@dataclass(frozen=True)
class Product:
    """One of XT's API products."""

    key: str  # e.g. spot_copy_trading
    title: str
    title_zh: str | None


@dataclass(frozen=True, kw_only=True)
class Page:
    """A page of XT's documentation in spec/source/, with its Chinese twin."""

    name: str  # the English page's file name
    zh: str | None  # its Chinese twin's file name
    product: str
    source: str | None  # the key of its Source; None when the spec does not say
    endpoint: str | None  # what it documents: "POST /future/trade/v1/order/create"
    title: str | None  # a curated label, for a product's second page of its own


@dataclass(frozen=True)
class Endpoint:
    """An endpoint XT documents: its product, whose general codes it can answer
    with, and the page listing its own codes, if XT lists any."""

    endpoint: str  # "POST /future/trade/v1/order/create"
    product: str
    page: str | None  # its page in spec/source/; None: only its product's codes


@dataclass(frozen=True, kw_only=True)
class Variant:
    """Another text XT gives for a code, on the pages `pages`."""

    pages: tuple[str, ...]  # English file names, as the spec's pages name them
    products: tuple[str, ...]  # the products of those pages
    endpoints: tuple[str, ...]  # the endpoints those pages document, if any
    description: str
    description_zh: str | None
    duplicate: bool  # a second row on the same page, set aside by an erratum


@dataclass(frozen=True, kw_only=True)
class Erratum:
    """A mistake in XT's pages, and how the spec resolves it."""

    code: str | None  # the code it is about; None for a page's
    page: str | None  # the page it is about (a page without a twin)
    texts: tuple[str, ...]
    stands: str | None
    missing_in: str | None
    spelling_of: str | None  # `code` is another spelling of this code
    as_written: bool  # an odd code (`null`) read as XT writes it
    stands_for: str | None  # a row's code cell holds `code`, no code: it is this code
    # a row gives its code (`code`) in its text cell, its text in the code's
    swapped: bool
    endpoint: str | None  # `page` documents this endpoint, as another page does too
    wrong_in: str | None  # a page gives `code` one of `texts` in this language, wrongly
    why: str
    line: int = field(default=0, metadata=INPUT_ONLY)  # in the spec, for messages

    def describe(self) -> str:
        """How a message names it: "erratum for 'AUTH_105' ('text' / 'text')"."""
        if self.page is not None and self.endpoint is not None:
            return f"erratum for page '{self.page}' (it documents {self.endpoint})"
        if self.page is not None:
            return f"erratum for page '{self.page}'"
        if self.spelling_of is not None:
            return f"erratum for '{self.code}' (a spelling of '{self.spelling_of}')"
        if self.as_written:
            return f"erratum for '{self.code}' (read as written)"
        if self.stands_for is not None:
            return f"erratum for '{self.code}' (standing for '{self.stands_for}')"
        if self.swapped:
            return f"erratum for '{self.code}' (code and text swapped)"
        texts = " / ".join(map(repr, self.texts))
        if self.wrong_in:
            return f"erratum for '{self.code}' (wrong {self.wrong_in} text {texts})"
        return f"erratum for '{self.code}' ({texts})"


@dataclass(frozen=True)
class Fallback:
    """What a code no catalog lists yet means, by its shape: invalid_* is an invalid request."""

    pattern: str  # e.g. "invalid_*"
    kind: str


@dataclass(frozen=True)
class Stamp:
    """When XT's documentation did something: a date (YYYY-MM-DD) and a commit."""

    date: str
    commit: str

    def as_dict(self) -> dict[str, str]:
        return {"date": self.date, "commit": self.commit}


@dataclass(frozen=True, kw_only=True)
class Change:
    """A code's text changed in one language (`before` None: its first text in that language)."""

    date: str
    commit: str
    language: str
    before: str | None
    after: str


@dataclass(frozen=True)
class Gap:
    """A time XT's documentation left a code out, then listed it again."""

    removed: Stamp
    restored: Stamp


@dataclass(frozen=True, kw_only=True)
class Code:
    """One response code of a table: XT's texts for it, where XT documents it,
    its history, and how the package names and raises it."""

    code: int | str
    description: str
    description_zh: str | None
    condition: str | None  # when XT sends it, where a page says (the loan pages)
    condition_zh: str | None
    # whose pages document it (or, for an observed code, whose responses carry it)
    products: tuple[str, ...]
    endpoints: tuple[str, ...]  # the endpoints whose pages list it
    pages: tuple[str, ...]  # the pages that list it (English file names)
    spellings: tuple[str, ...]  # other spellings of the code some pages use
    variants: tuple[Variant, ...]
    document: str | None  # where its standing text is; None for an observed code
    line: int | None
    family: str | None
    # when XT first documented it (or, for a page without a past, its snapshot)
    since: Stamp | None
    changes: tuple[Change, ...]  # its texts' changes since then
    removed: Stamp | None  # when XT dropped it, for a retired code
    gaps: tuple[Gap, ...]  # each earlier time XT dropped it and listed it again
    evidence: str | None  # where it was seen, for a code observed in responses
    name: str  # the enum member
    exception: str | None  # the class raised for it; None for success
    kind: str
    retryable: bool
    hint: str
    hint_zh: str | None  # its hint in Chinese; None where none is curated yet
    retired: bool
    anchor: str  # its id on the reference site
    family_class: str | None  # e.g. AuthError
    aliases: tuple[str, ...]  # earlier names of its exception, still importable

    @property
    def text(self) -> str:
        """The code as written in the documentation and in responses."""
        return str(self.code)

    @property
    def observed(self) -> bool:
        """Seen in XT's responses, but listed on none of XT's pages."""
        return not self.pages and self.evidence is not None


@dataclass(frozen=True, kw_only=True)
class Table:
    """One of the catalog's tables of codes (HTTP statuses, message codes, ...),
    generated as one enum."""

    key: str  # as in the documentation, e.g. "mc"
    title: str  # the documentation's column title, e.g. "message code"
    title_zh: str | None
    enum: str  # the Python enum, e.g. MessageCode
    role: str  # http_status, return_code, message_code or error_code
    integer: bool  # every code is an integer: an IntEnum
    codes: tuple[Code, ...]

    @property
    def by_family(self) -> bool:
        """Tables of named codes are shown one family per page."""
        return not self.integer

    def page(self, code: Code) -> str:
        """The site page holding the code's entry: 'message-code/auth/'."""
        return naming.page(self.enum, code.family, self.by_family)

    def link(self, code: Code) -> str:
        """The code's entry, relative to the site root: 'message-code/auth/#auth_105'."""
        return f"{self.page(code)}#{code.anchor}"


@dataclass(frozen=True, kw_only=True)
class ExceptionClass:
    """One class statement of the package, with the bases the class tree gives it."""

    name: str
    bases: tuple[str, ...]
    module: str  # its module in xt_errors._classes, which holds it alone
    summary: str  # the first line of its docstring: XT's text for a code's own class
    # the code it is raised for; None for a family, a meaning or unknown codes
    code: Code | None
    table: Table | None  # the table of `code`
    retryable: bool  # for a class of no single code: are its errors retryable

    @property
    def member(self) -> str | None:
        """The enum member it is raised for, as Python names it: 'MessageCode.AUTH_105'."""
        if self.code is None or self.table is None:
            return None
        return f"{self.table.enum}.{self.code.name}"


@dataclass(frozen=True, kw_only=True)
class Family:
    """Codes sharing a prefix (AUTH_105, AUTH_106: AUTH), caught together by `exception`."""

    name: str
    exception: str  # e.g. AuthError
    unknown: str  # raised for a code of the family the catalog does not list


@dataclass(frozen=True)
class Place:
    """Where in the inputs a name or a code comes from, for messages."""

    path: str
    line: int


@dataclass(frozen=True, kw_only=True)
class Catalog:
    title: str
    site_url: str
    version: str | None  # the package's version (pyproject.toml), when the tree has one
    sources: tuple[Source, ...]
    products: tuple[Product, ...]
    pages: tuple[Page, ...]  # in catalog order
    endpoints: tuple[Endpoint, ...]  # each endpoint a page documents, in catalog order
    kinds: tuple[Kind, ...]
    tables: tuple[Table, ...]
    errata: tuple[Erratum, ...]
    fallbacks: tuple[Fallback, ...]
    families: tuple[Family, ...]  # in documentation order
    classes: tuple[ExceptionClass, ...]  # each class statement, after its bases

    def kind(self, name: str) -> Kind:
        return next(kind for kind in self.kinds if kind.name == name)

    @property
    def documents(self) -> tuple[str, ...]:
        """Every page synced, English and Chinese, as the spec names them."""
        return tuple(
            name for page in self.pages for name in (page.name, page.zh) if name
        )

    def own_codes(self, endpoint: str) -> list[tuple[Table, Code]]:
        """The codes an endpoint's own page lists."""
        return [
            (table, code)
            for table in self.tables
            for code in table.codes
            if endpoint in code.endpoints
        ]

    def general_codes(self, product: str) -> list[tuple[Table, Code]]:
        """The codes a product's general pages list (those of no endpoint): what
        every endpoint of the product can answer with."""
        general = {
            page.name
            for page in self.pages
            if page.product == product and not page.endpoint
        }
        return [
            (table, code)
            for table in self.tables
            for code in table.codes
            if general.intersection(code.pages)
        ]

    @property
    def provenance(self) -> str:
        """What the catalog was synced from, short enough for `--version` and file headers."""
        count = len(self.documents)
        pages = f"{count} page{'s' if count != 1 else ''} of XT's documentation"
        used = {page.source for page in self.pages}
        described = "; ".join(
            f"{source.mirror_of}, from its mirror {source.short}"
            if source.mirror_of
            else source.short
            for source in self.sources
            if source.key in used
        )
        return f"{pages}: {described}" if described else pages

    @property
    def aliases(self) -> dict[str, ExceptionClass]:
        """An earlier name of a code's class -> that class."""
        return {
            alias: cls
            for cls in self.classes
            if cls.code is not None
            for alias in cls.code.aliases
        }
