"""Editing the round-trip spec in place: set a field where it belongs among the
others, so that a sync moves nothing a maintainer wrote and keeps comments.

Where a field belongs is the order of its section in `codegen.spec.fields`:
a field added to a mapping goes before the first field listed after it that
the mapping already has, so every entry lists its fields alike.
"""

from __future__ import annotations

from collections.abc import Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen.spec import fields, guesses
from codegen.spec.fields import Section
from codegen.spec.file import add_default_kind


def new_entry(
    spec: CommentedMap,
    key: str,
    code: str,
    description: str,
    product: str | None,
    names: guesses.FreeNames,
) -> CommentedMap:
    """The entry of a code new to the table `key`, with the guesses of
    `codegen.spec.guesses` (names nothing else has taken); its documentation
    fields are the sync's to set."""
    role = spec["tables"][key]["role"]
    kind = guesses.kind_for(code, description, role)
    if kind not in spec["kinds"]:
        add_default_kind(spec, kind)
    entry = CommentedMap()
    entry["name"] = names.member(code, role, key)
    entry["exception"] = (
        None if kind == "success" else names.exception(code, role, product)
    )
    entry["kind"] = kind
    return entry


def place(
    mapping: CommentedMap, key: str, value: object, section: Section = fields.ENTRY
) -> None:
    """Set `key`, placed where `section` lists it when it is new."""
    if key in mapping:
        mapping[key] = value
        return
    order = fields.names(section)
    later = set(order[order.index(key) + 1 :])
    at = next((i for i, name in enumerate(mapping) if name in later), None)
    if at is None:
        mapping[key] = value
    else:
        mapping.insert(at, key, value)


def set_value(
    mapping: CommentedMap, key: str, value: object, section: Section = fields.ENTRY
) -> None:
    """Set a field the documentation owns."""
    # Assigning an equal value would still drop ruamel's formatting of it.
    if (
        key not in mapping
        or mapping[key] != value
        or type(mapping[key]) is not type(value)
    ):
        place(mapping, key, value, section)


def set_list(mapping: CommentedMap, key: str, value: list[str]) -> None:
    """Set a list an entry's documentation owns; an empty one is left out, but
    `products`, which every entry lists."""
    if not value and key != "products":
        mapping.pop(key, None)
    elif plain(mapping.get(key)) != value:
        place(mapping, key, flow(list(value)))


def set_optional(
    mapping: CommentedMap, key: str, value: object, section: Section = fields.ENTRY
) -> None:
    """Set a field the documentation owns, or drop it when the documents give none."""
    if value is None:
        if key in mapping:
            del mapping[key]
    elif key not in mapping or plain(mapping[key]) != plain(value):
        place(mapping, key, value, section)


def flow(items: list[object]) -> CommentedSeq:
    """A list written on one line, as the spec writes short lists."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def flow_map(items: Mapping[str, object]) -> CommentedMap:
    """A mapping written on one line (a date stamp, a change)."""
    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def plain(value: object) -> object:
    """Comparable plain data from ruamel's commented containers."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
