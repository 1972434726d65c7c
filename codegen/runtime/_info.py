"""The records `xt_errors._catalog` is written in: what the catalog says about one code."""


class Variant:
    """Another text XT gives for a code, and the products whose pages give it."""

    __slots__ = ("description", "duplicate", "products")

    def __init__(
        self, *, products: tuple[str, ...], description: str, duplicate: bool = False
    ) -> None:
        self.products = products
        self.description = description
        self.duplicate = duplicate  # a second row on one page, set aside by an erratum

    def __repr__(self) -> str:
        return f"Variant({self.products!r}, {self.description!r})"


class Info:
    """What the documentation and the spec say about one code."""

    __slots__ = (
        "description",
        "exception",
        "family",
        "hint",
        "kind",
        "page",
        "products",
        "retryable",
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
        variants: tuple[Variant, ...] = (),
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
        self.variants = variants
