"""The site's errata page: XT's mistakes and how the catalog reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from codegen import model
from codegen.render.labels import Labels


@dataclass(frozen=True)
class ErratumRow:
    erratum: model.Erratum
    anchor: str  # this erratum's id on the errata page
    entry: str | None  # the code's entry, relative to the site root


_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def erratum_kind(erratum: model.Erratum, labels: Labels) -> str:
    """What an erratum fixes, for its heading: 'English text', 'another spelling', ..."""
    kinds = labels.errata_kinds
    if erratum.missing_in:
        name = labels.language_names.get(erratum.missing_in, erratum.missing_in)
        return kinds["missing"].format(language=name)
    if erratum.spelling_of:
        return kinds["spelling"]
    if erratum.as_written:
        return kinds["as_written"]
    if erratum.stands_for:
        return kinds["stands_for"]
    if erratum.swapped:
        return kinds["swapped"]
    if erratum.endpoint:
        return kinds["endpoint"]
    if erratum.texts or erratum.stands:
        chinese = erratum.wrong_in == "zh" or (
            erratum.wrong_in is None
            and any(
                _CHINESE.search(text) for text in (*erratum.texts, erratum.stands or "")
            )
        )
        return kinds["zh" if chinese else "en"]
    return kinds["other"]


def errata_headings(rows: list[ErratumRow], labels: Labels) -> dict[str, str]:
    """Each erratum's heading after its code or page, by its anchor: distinct on the page.

    Two errata of one code fix different texts ('English text', 'Chinese text');
    should two still read the same, they are numbered.
    """
    kinds = {row.anchor: erratum_kind(row.erratum, labels) for row in rows}
    subject = {row.anchor: row.erratum.code or row.erratum.page or "" for row in rows}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (subject[row.anchor], kinds[row.anchor])
        seen[key] = seen.get(key, 0) + 1
    numbered: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (subject[row.anchor], kinds[row.anchor])
        if seen[key] > 1:
            numbered[key] = numbered.get(key, 0) + 1
            kinds[row.anchor] += f" {numbered[key]}"
    return kinds


def errata(catalog: model.Catalog) -> list[ErratumRow]:
    where = {
        code.text: table.link(code) for table in catalog.tables for code in table.codes
    }
    return [
        ErratumRow(
            erratum,
            f"erratum-{number}",
            where.get(erratum.spelling_of or erratum.code or ""),
        )
        for number, erratum in enumerate(catalog.errata, 1)
    ]
