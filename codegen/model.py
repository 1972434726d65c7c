"""What the model holds: the validated catalog every output is rendered from, as plain, frozen data."""

from __future__ import annotations

from dataclasses import dataclass

from codegen import naming


@dataclass(frozen=True)
class Kind:
    """A meaning a code can have, e.g. rate_limit, caught by `exception`."""

    name: str
    exception: str | None
    parent: str | None
    retryable: bool
    summary: str
    hint: str


@dataclass(frozen=True)
class Product:
    """One of XT's API products, and its documentation pages."""

    key: str  # e.g. spot_copy_trading
    title: str
    title_zh: str | None
    en: str | None  # the English page's file name
    zh: str | None


@dataclass(frozen=True)
class Variant:
    """Another text XT gives for a code, on the pages of `products`."""

    products: tuple[str, ...]
    description: str
    description_zh: str | None
    duplicate: bool  # a second row on the same page, set aside by an erratum


@dataclass(frozen=True)
class Erratum:
    """A mistake in XT's pages, and how the spec resolves it."""

    code: str
    texts: tuple[str, ...]
    stands: str | None
    missing_in: str | None
    why: str


@dataclass(frozen=True)
class Code:
    code: int | str
    description: str
    description_zh: str | None
    products: tuple[str, ...]  # whose pages document it
    variants: tuple[Variant, ...]
    document: str
    line: int
    family: str | None
    name: str  # the enum member
    exception: str | None  # the class raised for it; None for success
    kind: str
    retryable: bool
    hint: str
    retired: bool
    anchor: str  # its id on the reference site
    family_class: str | None  # e.g. AuthError
    aliases: tuple[str, ...]  # earlier names of its exception, still importable

    @property
    def text(self) -> str:
        """The code as written in the documentation and in responses."""
        return str(self.code)


@dataclass(frozen=True)
class Table:
    key: str  # as in the documentation, e.g. "mc"
    title: str  # the documentation's column title, e.g. "message code"
    title_zh: str | None
    enum: str  # the Python enum, e.g. MessageCode
    role: str  # http_status, return_code or message_code
    integer: bool  # every code is an integer: an IntEnum
    codes: tuple[Code, ...]

    @property
    def by_family(self) -> bool:
        """Tables of named codes are shown one family per page."""
        return not self.integer

    def page(self, code: Code) -> str:
        return naming.page(self.enum, code.family, self.by_family)


@dataclass(frozen=True)
class ExceptionClass:
    """One class statement of the package, with the bases the class tree gives it."""

    name: str
    bases: tuple[str, ...]
    module: str | None  # its module in xt_errors._classes; None for xt_errors._codes
    summary: str  # the first line of its docstring: XT's text for a code's own class
    code: (
        Code | None
    )  # the code it is raised for; None for a family, a meaning or unknown codes
    table: Table | None  # the table of `code`
    retryable: (
        bool  # raised for no single code, it says whether its errors are retryable
    )

    @property
    def member(self) -> str | None:
        """The enum member it is raised for, as Python names it: 'MessageCode.AUTH_105'."""
        if self.code is None or self.table is None:
            return None
        return f"{self.table.enum}.{self.code.name}"


@dataclass(frozen=True)
class Family:
    """Codes sharing a prefix (AUTH_105, AUTH_106: AUTH), caught together by `exception`."""

    name: str
    exception: str  # e.g. AuthError
    unknown: str  # raised for a code of the family the catalog does not list: UnknownAuthError
    module: str  # the module of xt_errors._classes that holds `unknown`


@dataclass(frozen=True)
class Place:
    """Where in the inputs a name or a code comes from, for messages."""

    path: str
    line: int


@dataclass(frozen=True)
class Catalog:
    title: str
    site_url: str
    sources: tuple[str, ...]  # the documents, as named in the spec
    products: tuple[Product, ...]
    kinds: tuple[Kind, ...]
    tables: tuple[Table, ...]
    errata: tuple[Erratum, ...]
    families: tuple[Family, ...]  # in documentation order
    classes: tuple[
        ExceptionClass, ...
    ]  # every class statement, bases before the classes built on them

    @property
    def aliases(self) -> dict[str, ExceptionClass]:
        """An earlier name of a code's class -> that class."""
        return {
            alias: cls
            for cls in self.classes
            if cls.code is not None
            for alias in cls.code.aliases
        }

    def kind(self, name: str) -> Kind:
        return next(kind for kind in self.kinds if kind.name == name)

    @property
    def provenance(self) -> str:
        """What the catalog was synced from, short enough for `--version`."""
        if not self.products:
            return ", ".join(self.sources)
        count = len(self.sources)
        products = ", ".join(product.key for product in self.products)
        return f"{count} pages of XT's documentation ({products})"
