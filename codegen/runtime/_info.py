"""The records `xt_errors._catalog` is written in: what the catalog says about one code."""


class Variant:
    """Another text XT gives for a code, on the pages `pages`."""

    __slots__ = ("description", "duplicate", "pages")

    def __init__(
        self, *, pages: tuple[str, ...], description: str, duplicate: bool = False
    ) -> None:
        self.pages = pages  # the pages that give it (their English files, see PAGES)
        self.description = description
        self.duplicate = duplicate  # a second row on one page, set aside by an erratum

    @property
    def products(self) -> tuple[str, ...]:
        """The products of the pages that give it."""
        from xt_errors._catalog import PAGES

        return tuple(dict.fromkeys(PAGES[page][0] for page in self.pages))

    @property
    def endpoints(self) -> tuple[str, ...]:
        """The endpoints whose pages give it."""
        from xt_errors._catalog import PAGES

        return tuple(e for page in self.pages if (e := PAGES[page][1]) is not None)

    def __repr__(self) -> str:
        return f"Variant({self.pages!r}, {self.description!r})"


class Change:
    """A change of a code's text in one language; `before` is None for its first text there."""

    __slots__ = ("after", "before", "commit", "date", "language")

    def __init__(
        self, date: str, commit: str, language: str, before: str | None, after: str
    ) -> None:
        self.date = date  # YYYY-MM-DD
        self.commit = commit  # of XT's repository (or of the source's, see --version)
        self.language = language  # "en" or "zh"
        self.before = before
        self.after = after

    def __repr__(self) -> str:
        return f"Change({self.date!r}, {self.language!r}, {self.before!r} -> {self.after!r})"


class Info:
    """What the documentation and the spec say about one code."""

    __slots__ = (
        "description",
        "endpoints",
        "evidence",
        "family",
        "hint",
        "kind",
        "page",
        "pages",
        "products",
        "removed",
        "retired",
        "retryable",
        "since",
        "spellings",
        "variants",
    )

    def __init__(
        self,
        *,
        description: str,
        family: str | None,
        kind: str,
        retryable: bool,
        hint: str,
        page: str,
        products: tuple[str, ...],
        pages: tuple[str, ...] = (),
        endpoints: tuple[str, ...] = (),
        spellings: tuple[str, ...] = (),
        variants: tuple[Variant, ...] = (),
        evidence: str | None = None,
        since: str | None = None,
        retired: bool = False,
        removed: str | None = None,
    ) -> None:
        self.description = description
        self.family = family
        self.kind = kind
        self.retryable = retryable
        self.hint = hint
        self.page = page  # its entry on the site, "page/#anchor"
        self.products = products
        self.pages = pages  # the pages that list it, in catalog order (see PAGES)
        self.endpoints = endpoints  # the endpoints whose pages list it
        self.spellings = spellings  # other spellings of the code some pages use
        self.variants = variants
        self.evidence = evidence  # where it was seen, for a code no page lists (only)
        self.since = since  # when XT first documented it, YYYY-MM-DD
        self.retired = retired  # XT no longer documents it
        self.removed = removed  # when XT dropped it


def texts(table: str, value: int | str, by: str, language: str) -> dict[str, str]:
    """Each product's (`by` "products") or endpoint's ("endpoints") text for the code
    `value` of the enum `table`: the text of its first page that lists the code."""
    from xt_errors._catalog import INFO, PAGES
    from xt_errors._catalog_zh import DESCRIPTIONS_ZH, VARIANTS_ZH

    info = INFO[table][value]
    if language == "zh":
        standing: str | None = DESCRIPTIONS_ZH[table].get(value)
        translated = VARIANTS_ZH[table].get(value, (None,) * len(info.variants))
    else:
        standing = info.description
        translated = tuple(variant.description for variant in info.variants)
    # A retired code may name pages XT has dropped since: they document no product
    # or endpoint of today's API.
    pages = [page for page in info.pages if page in PAGES]
    if not pages:  # seen in responses, or retired: its products' text is its own
        if by != "products" or standing is None:
            return {}
        return dict.fromkeys(info.products, standing)
    by_page: dict[str, str | None] = {}
    for variant, text in zip(info.variants, translated, strict=True):
        # a duplicate row is set aside: its page's text stands
        if not variant.duplicate:
            by_page.update(dict.fromkeys(variant.pages, text))
    found: dict[str, str] = {}
    for page in pages:  # in catalog order: a product's response-code page first
        text = by_page.get(page, standing)
        key = PAGES[page][0 if by == "products" else 1]
        if key is not None and text is not None:
            found.setdefault(key, text)
    return found
