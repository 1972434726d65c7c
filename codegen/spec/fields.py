"""The spec's fields, declared once.

Each section of `spec/catalog.yaml` is a tuple of `Field`s: the field's name,
who owns it (the documentation, refreshed by every sync, or curation, written
by maintainers and kept), the types its value may have, whether it is
required, what its items are, and a check of its value. The order of a tuple
is the order fields are written in: a field the sync adds goes before the
first field listed after it that the mapping already has.

Every stage that needs to know a field reads it here: the shape check
(`codegen.spec.shape`), the sync's placement and its refreshing of what the
documentation owns (`codegen.spec.edit`, `codegen.spec.sync`), a new entry,
and the header of the spec file (`codegen.spec.file`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from codegen import naming

DOCUMENTATION = "documentation"  # refreshed by every sync
CURATION = "curation"  # written by maintainers, kept by every sync

Section = tuple["Field", ...]


@dataclass(frozen=True, kw_only=True)
class Field:
    name: str
    types: tuple[type | None, ...]  # None: the field may be null
    owner: str = CURATION
    required: bool = False
    # a list's items (str, or mappings of these fields); a mapping's fields
    shape: type | Section | None = None
    # a check of the value once its type is right: the problem, or None
    check: Callable[[object], str | None] | None = None


def names(section: Section) -> tuple[str, ...]:
    return tuple(field.name for field in section)


def owned_by_documentation(section: Section) -> tuple[str, ...]:
    return tuple(field.name for field in section if field.owner == DOCUMENTATION)


def _code_problem(code: object) -> str | None:
    """An integer code that does not fit in 64 bits, or a code no page could have."""
    if isinstance(code, int) and not -(2**63) <= code < 2**63:
        return "an integer code must fit in 64 bits"
    return naming.code_problem(str(code))


def _documented(
    name: str, types: tuple[type | None, ...], shape: type | Section | None = None
) -> Field:
    return Field(name=name, types=types, owner=DOCUMENTATION, shape=shape)


STAMP: Section = (
    Field(name="date", types=(str,), required=True),
    Field(name="commit", types=(str,), required=True),
)
CHANGE: Section = (
    *STAMP,
    Field(name="language", types=(str,), required=True),
    Field(name="from", types=(str,)),
    Field(name="to", types=(str,), required=True),
)
GAP: Section = (
    Field(name="removed", types=(dict,), required=True, shape=STAMP),
    Field(name="restored", types=(dict,), required=True, shape=STAMP),
)
VARIANT: Section = (
    Field(name="pages", types=(list,), shape=str),
    # a spec written before `pages`: the sync rewrites it
    Field(name="products", types=(list,), shape=str),
    Field(name="description", types=(str,), required=True),
    Field(name="description_zh", types=(str,)),
    Field(name="duplicate", types=(bool,)),
)

# A code's entry in a table's `codes`. An observed code (`evidence`) has no
# page; the sync checks that the others have one.
ENTRY: Section = (
    Field(
        name="code",
        types=(int, str),
        owner=DOCUMENTATION,
        required=True,
        check=_code_problem,
    ),
    Field(name="description", types=(str,), owner=DOCUMENTATION, required=True),
    _documented("description_zh", (str,)),
    _documented("condition", (str,)),  # when XT sends it (a loan table's third column)
    _documented("condition_zh", (str,)),
    _documented("products", (list,), str),
    _documented("endpoints", (list,), str),
    _documented("pages", (list,), str),
    _documented("spellings", (list,), str),
    _documented("variants", (list,), VARIANT),
    _documented("family", (str, None)),
    _documented("since", (dict,), STAMP),
    _documented("changes", (list,), CHANGE),
    _documented("removed", (dict,), STAMP),
    _documented("gaps", (list,), GAP),  # each time XT dropped it and listed it again
    Field(name="evidence", types=(str,)),
    Field(name="name", types=(str,), required=True),
    Field(name="exception", types=(str, None), required=True),
    Field(name="kind", types=(str,), required=True),
    Field(name="retryable", types=(bool,)),
    Field(name="hint", types=(str,)),
    Field(name="hint_zh", types=(str,)),
    Field(name="retired", types=(bool,)),
    Field(name="aliases", types=(list,), shape=str),
)

TABLE: Section = (
    Field(name="title", types=(str,), required=True),
    Field(name="title_zh", types=(str, None)),
    Field(name="enum", types=(str,), required=True),
    Field(name="role", types=(str,), required=True),
    Field(name="from", types=(list,)),
    Field(name="codes", types=(list,), required=True),
)
SOURCE: Section = (
    Field(name="title", types=(str,), required=True),
    Field(name="upstream", types=(str,), required=True),
    # the branch (or tag, or commit) `python -m codegen fetch` follows
    Field(name="follow", types=(str,)),
    # earlier branches of the same documentation, replayed before `follow`
    Field(name="history", types=(list,), shape=str),
    # a folder of the repository (or a folder within one) -> the product its pages document
    Field(name="products", types=(dict,)),
    # the upstream commit the pages come from, and its date (fetch writes them)
    Field(name="commit", types=(str,), owner=DOCUMENTATION),
    Field(name="date", types=(str,), owner=DOCUMENTATION),
    Field(name="mirror_of", types=(str, None)),
)
PRODUCT: Section = (
    Field(name="title", types=(str,), required=True),
    Field(name="title_zh", types=(str, None)),
    # the pages of a spec written before `pages`: the sync moves them there
    Field(name="en", types=(str, None)),
    Field(name="zh", types=(str, None)),
)
PAGE: Section = (
    Field(name="product", types=(str,), required=True),
    Field(name="source", types=(str, None)),
    # its path in the source's repository, and its twin's (written by fetch)
    Field(name="upstream", types=(str,)),
    Field(name="upstream_zh", types=(str,)),
    # the page's paths in an older source's history (spec/history/'s manifest)
    Field(name="earlier", types=(list,), shape=str),
    Field(name="earlier_zh", types=(list,), shape=str),
    Field(name="title", types=(str, None)),
    _documented("zh", (str, None)),
    _documented("endpoint", (str, None)),
)
# An endpoint a page documents without a code table of its own (written by fetch):
# its errors are its product's general codes.
ENDPOINT: Section = (
    Field(name="product", types=(str,), owner=DOCUMENTATION, required=True),
    Field(name="source", types=(str,), owner=DOCUMENTATION),
    Field(name="upstream", types=(str,), owner=DOCUMENTATION),
)
KIND: Section = (
    Field(name="exception", types=(str, None), required=True),
    Field(name="parent", types=(str, None)),
    Field(name="retryable", types=(bool,), required=True),
    Field(name="summary", types=(str,), required=True),
    Field(name="summary_zh", types=(str,)),
    Field(name="hint", types=(str,), required=True),
    Field(name="hint_zh", types=(str,)),
)
ERRATUM: Section = (
    Field(name="code", types=(str, int)),
    Field(name="page", types=(str,)),
    Field(name="texts", types=(list,), shape=str),
    Field(name="stands", types=(str,)),
    Field(name="missing_in", types=(str,)),
    Field(name="spelling_of", types=(str,)),
    Field(name="as_written", types=(bool,)),
    Field(name="stands_for", types=(str,)),
    Field(name="swapped", types=(bool,)),
    Field(name="endpoint", types=(str,)),
    Field(name="wrong_in", types=(str,)),
    Field(name="revision", types=(str,)),  # a past page, in spec/history/
    Field(name="row", types=(str,)),
    Field(name="joins", types=(bool,)),
    # true, or the table the row heads when the page names another
    Field(name="heads", types=(bool, str)),
    Field(name="skip", types=(bool,)),  # a past page's revision set aside
    Field(name="why", types=(str,), required=True),
)
ROUTE: Section = (
    Field(name="header", types=(str,), required=True),
    Field(name="rows", types=(str,)),
    Field(
        name="codes", types=(str,)
    ),  # a pattern of the codes it takes, such as GATEWAY_*
    # a pattern of the pages whose rows it takes, such as xt-websocket-*
    Field(name="pages", types=(str,)),
    # the column of the description, for a table of more than two
    Field(name="description", types=(str,)),
)
FALLBACK: Section = (
    Field(name="pattern", types=(str,), required=True),
    Field(name="kind", types=(str,), required=True),
)
TOP: Section = (
    Field(name="title", types=(str,), required=True),
    Field(name="site_url", types=(str,), required=True),
    Field(name="sources", types=(dict,)),
    Field(name="products", types=(dict,)),
    Field(name="pages", types=(dict,)),
    Field(name="endpoints", types=(dict,)),
    Field(name="kinds", types=(dict,), required=True),
    Field(name="tables", types=(dict,), required=True),
    Field(name="errata", types=(list,), shape=ERRATUM),
    Field(name="history_errata", types=(list,), shape=ERRATUM),
    Field(name="fallbacks", types=(list,), shape=FALLBACK),
)
