"""The records `xt_errors._catalog` is written in: what the catalog says about one code."""


class Variant:
    """Another text XT gives for a code, on the pages of `products` and `endpoints`."""

    __slots__ = ("description", "duplicate", "endpoints", "products")

    def __init__(
        self,
        *,
        products: tuple[str, ...],
        description: str,
        endpoints: tuple[str, ...] = (),
        duplicate: bool = False,
    ) -> None:
        self.products = products
        self.endpoints = endpoints  # the endpoints whose pages give it
        self.description = description
        self.duplicate = duplicate  # a second row on one page, set aside by an erratum

    def __repr__(self) -> str:
        where = self.products + self.endpoints
        return f"Variant({where!r}, {self.description!r})"


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
        "exception",
        "family",
        "hint",
        "kind",
        "page",
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
        exception: str | None,
        page: str,
        products: tuple[str, ...],
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
        self.exception = (
            exception  # the name of the class raised for it; None for a success
        )
        self.page = page  # its entry on the site, "page/#anchor"
        self.products = products
        self.endpoints = endpoints  # the endpoints whose pages list it
        self.spellings = spellings  # other spellings of the code some pages use
        self.variants = variants
        self.evidence = evidence  # where it was seen, for a code no page lists (only)
        self.since = since  # when XT first documented it, YYYY-MM-DD
        self.retired = retired  # XT no longer documents it
        self.removed = removed  # when XT dropped it


def texts(table: str, value: int | str, by: str, language: str) -> dict[str, str]:
    """Each product's (`by` "products") or endpoint's ("endpoints") text for the code
    `value` of the enum `table`: its description, unless that page says otherwise."""
    from xt_errors._catalog import INFO
    from xt_errors._catalog_zh import DESCRIPTIONS_ZH, VARIANTS_ZH

    info = INFO[table][value]
    if language == "zh":
        standing: str | None = DESCRIPTIONS_ZH[table].get(value)
        translated = VARIANTS_ZH[table].get(value, (None,) * len(info.variants))
    else:
        standing = info.description
        translated = tuple(variant.description for variant in info.variants)
    found = dict.fromkeys(getattr(info, by), standing) if standing is not None else {}
    for variant, text in zip(info.variants, translated, strict=True):
        if text is not None and not variant.duplicate:
            found.update(dict.fromkeys(getattr(variant, by), text))
    return found
