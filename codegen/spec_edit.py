"""Editing the round-trip spec in place: set a field where it belongs among the
others, so that a sync moves nothing a maintainer wrote and keeps comments."""

from __future__ import annotations

from collections.abc import Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import defaults, merge
from codegen.spec import add_default_kind


def new_entry(spec: CommentedMap, role: str, found: merge.MergedCode) -> CommentedMap:
    """The entry of a code new to the spec, with the guesses of `codegen.defaults`."""
    kind = defaults.kind_for(found.code, found.description, role)
    if kind not in spec["kinds"]:
        add_default_kind(spec, kind)
    entry = CommentedMap()
    for field in ("code", "description", "products", "family"):
        entry[field] = None  # placeholders, so that every entry lists its fields alike
    entry["name"] = defaults.member_name(found.code, role)
    entry["exception"] = (
        None if kind == "success" else defaults.exception_name(found.code, role)
    )
    entry["kind"] = kind
    return entry


def set_value(mapping: CommentedMap, key: str, value: object) -> None:
    """Set a field the documentation owns."""
    # Assigning an equal value would still drop ruamel's formatting of it.
    if (
        key not in mapping
        or mapping[key] != value
        or type(mapping[key]) is not type(value)
    ):
        mapping[key] = value


def set_list(mapping: CommentedMap, key: str, value: list[str], before: str) -> None:
    """Set a list the documentation owns; an empty one is left out (but `products`)."""
    if not value and key != "products":
        mapping.pop(key, None)
    elif plain(mapping.get(key)) != value:
        insert(mapping, key, flow(list(value)), before)


def set_optional(mapping: CommentedMap, key: str, value: object, before: str) -> None:
    """Set a field the documentation owns, or drop it when the documents give none."""
    if value is None:
        if key in mapping:
            del mapping[key]
    elif key not in mapping:
        insert(mapping, key, value, before)
    elif plain(mapping[key]) != plain(value):
        mapping[key] = value


def insert(mapping: CommentedMap, key: str, value: object, before: str) -> None:
    """Add or replace `key`, placed before `before` when new, so entries read alike."""
    if key in mapping:
        mapping[key] = value
    elif before in mapping:
        mapping.insert(list(mapping).index(before), key, value)
    else:
        mapping[key] = value


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
