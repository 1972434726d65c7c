"""The validated catalog every output is rendered from: plain, frozen data."""

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
class Code:
    code: int | str
    description: str
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

    @property
    def text(self) -> str:
        """The code as written in the documentation and in responses."""
        return str(self.code)


@dataclass(frozen=True)
class Table:
    key: str  # as in the documentation, e.g. "mc"
    title: str  # the documentation's column title, e.g. "message code"
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
class Catalog:
    title: str
    site_url: str
    sources: tuple[str, ...]  # the documents, as named in the spec
    kinds: tuple[Kind, ...]
    tables: tuple[Table, ...]

    def kind(self, name: str) -> Kind:
        return next(kind for kind in self.kinds if kind.name == name)
