"""Stage 1, docs-CMS pages: the markdown a page's YAML front matter carries in
`content_markdown`, with the file line of each of its lines, and the front
matter's other plain values (an endpoint page's `type` and `description`); the
plain values of any page's front matter (`plain_values`, for Docusaurus pages);
and the inverse, a page in that format for tests and benchmarks
(`format_document`)."""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)

from codegen.errors import SourceError

# The key of a docs-CMS page's front matter that holds its markdown.
CONTENT_KEY = "content_markdown"


def read_front_matter(
    lines: list[str], name: str
) -> tuple[str, list[int], dict[str, str]]:
    """The `content_markdown` text, the file line of each of its lines, and the
    front matter's other plain values (an endpoint page's `type` and `description`)."""
    end = _closing_line(lines, name)
    front_matter = "\n".join(lines[1:end]) + "\n"
    offset = 2  # file line of the front matter's first line

    top_level: dict[str, ScalarEvent | None] = {}
    for event, key in _top_level_values(front_matter, name, offset):
        top_level[key] = event
    if CONTENT_KEY not in top_level:
        raise SourceError(name, 1, f"the front matter has no '{CONTENT_KEY}' key")
    content = top_level[CONTENT_KEY]
    if content is not None and content.style is None and not content.value:
        # No markdown: a response-format page, whose codes are in its code blocks.
        plain = {
            key: e.value
            for key, e in top_level.items()
            if e is not None and key != CONTENT_KEY
        }
        return "", [offset + content.start_mark.line], plain
    if content is None or content.style not in ("|", ">"):
        line = offset + content.start_mark.line if content else 1
        raise SourceError(
            name,
            line,
            f"'{CONTENT_KEY}' must be a block scalar ('|', '|-', '>' or '>-')",
        )
    # A block's text starts on the line after its indicator.
    first = offset + content.start_mark.line + 1
    value = content.value
    if content.style == "|":  # literal: line i of the text is file line first + i
        numbers = [first + i for i in range(value.count("\n") + 1)]
    else:  # folded: the page's lines, where YAML joined them
        block = lines[first - 1 : offset + content.end_mark.line]
        numbers = _folded_lines(value, block, first)
    plain = {
        key: event.value
        for key, event in top_level.items()
        if event is not None and key != CONTENT_KEY
    }
    return value, numbers, plain


def plain_values(lines: list[str], name: str) -> tuple[int, dict[str, str]]:
    """A page's front matter, which opens on its first line: the index of the
    line that closes it, and its top-level plain values (a Docusaurus page's
    `title`, `sidebar_position`...; lists and mappings left out). Anchors,
    aliases, tags and duplicate keys are refused, as in every front matter."""
    end = _closing_line(lines, name)
    found = _top_level_values("\n".join(lines[1:end]) + "\n", name, 2)
    return end, {key: event.value for event, key in found if event is not None}


def _closing_line(lines: list[str], name: str) -> int:
    """The index of the line that closes the front matter opened on the first."""
    end = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None
    )
    if end is None:
        raise SourceError(
            name, 1, "the front matter opened here is never closed by a '---' line"
        )
    return end


def _folded_lines(value: str, block: list[str], first: int) -> list[int]:
    """The file line each line of a folded block scalar's text starts on.

    YAML folds a line break between two text lines into a space, and keeps one
    line break for each blank line: XT's folded pages put a blank line between
    table rows, so each row is one line of the page. A text line is found as
    the next run of non-blank page lines that, joined by spaces, makes it.
    """
    numbers = []
    at = 0
    for text in value.split("\n"):
        wanted = text.strip()
        if not wanted:
            numbers.append(first + min(at, len(block) - 1))
            continue
        while at < len(block) and not block[at].strip():
            at += 1
        numbers.append(first + min(at, len(block) - 1))
        joined = ""
        while at < len(block) and block[at].strip() and len(joined) < len(wanted):
            joined = f"{joined} {block[at].strip()}".strip()
            at += 1
    return numbers


def _top_level_values(
    front_matter: str, name: str, offset: int
) -> list[tuple[ScalarEvent | None, str]]:
    """Walk the YAML events once: reject what we never expand, find the top-level keys.

    Returns (value event if scalar, else None; key) for each top-level key.
    Anchors, aliases and tags are refused rather than resolved, and duplicate
    keys are refused at every depth.

    One loop over the event stream, with its stack of open collections, reads
    better whole than split: each branch is one kind of event.
    """
    parser = YAML(typ="safe", pure=True)
    # Each open collection: [is_mapping, expecting_key, keys seen, current key]
    stack: list[list[object]] = []
    found: list[tuple[ScalarEvent | None, str]] = []

    def where(event: object) -> int:
        line: int = event.start_mark.line  # type: ignore[attr-defined]
        return offset + line

    try:
        for event in parser.parse(io.StringIO(front_matter)):
            if isinstance(event, AliasEvent):
                raise SourceError(
                    name, where(event), f"YAML alias '*{event.anchor}' is not allowed"
                )
            if isinstance(event, (ScalarEvent, CollectionStartEvent)):
                if event.anchor is not None:
                    raise SourceError(
                        name,
                        where(event),
                        f"YAML anchor '&{event.anchor}' is not allowed",
                    )
                if event.tag is not None:
                    raise SourceError(
                        name, where(event), f"YAML tag '{event.tag}' is not allowed"
                    )
                parent = stack[-1] if stack else None
                if parent is not None and parent[0]:  # inside a mapping
                    if parent[1]:  # this event is a key
                        if not isinstance(event, ScalarEvent):
                            raise SourceError(
                                name, where(event), "a YAML key must be a plain value"
                            )
                        seen = parent[2]
                        assert isinstance(seen, dict)
                        if event.value in seen:
                            raise SourceError(
                                name,
                                where(event),
                                f"duplicate key '{event.value}' in the front matter "
                                f"(first on line {seen[event.value]})",
                            )
                        seen[event.value] = where(event)
                        parent[3] = event.value
                        parent[1] = False
                    else:  # this event is a value
                        if len(stack) == 1:
                            scalar = event if isinstance(event, ScalarEvent) else None
                            found.append((scalar, str(parent[3])))
                        parent[1] = True
                mapping = isinstance(event, MappingStartEvent)
                if isinstance(event, CollectionStartEvent) and (parent or mapping):
                    stack.append([mapping, True, {}, None])
                elif parent is None:
                    raise SourceError(
                        name, where(event), "the front matter is not a YAML mapping"
                    )
            elif isinstance(event, CollectionEndEvent):
                stack.pop()
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = offset + mark.line if mark is not None else 1
        problem = error.problem or error.context or "malformed YAML"
        raise SourceError(
            name, line, f"invalid YAML in the front matter: {problem}"
        ) from None
    except YAMLError as error:
        raise SourceError(
            name, 1, f"invalid YAML in the front matter: {error}"
        ) from None
    return found


# -- writing a page, for tests and benchmarks ------------------------------------


def escape_cell(text: str) -> str:
    """Write text so that `split_row` reads it back exactly."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


def format_code_cell(code: str) -> str:
    """A code cell that reads back as `code`, even when the code holds backticks."""
    if "`" not in code:
        return escape_cell(code)
    longest = max(len(run) for run in re.findall(r"`+", code))
    fence = "`" * (longest + 1)
    return escape_cell(f"{fence} {code} {fence}")


def format_document(
    title: str, tables: list[tuple[str, str, list[tuple[str, str]]]]
) -> str:
    """A page in XT's docs-CMS format: (key, title, [(code, description)]) per table."""
    body: list[str] = []
    for key, column, rows in tables:
        if body:
            body.append("    ")
        body.append(f"    | {format_code_cell(key)} | {escape_cell(column)} |")
        body.append("    | --- | --- |")
        body.extend(
            f"    | {format_code_cell(code)} | {escape_cell(description)} |"
            for code, description in rows
        )
    return (
        "---\n"
        f"title: {title}\n"
        "position_number: 9\n"
        "parameters:\n"
        "- name:\n"
        "content:\n"
        f"{CONTENT_KEY}: |-\n" + "\n".join(body) + "\n\n"
        "left_code_blocks:\n"
        "- code_block:\n"
        "  title:\n"
        "  language:\n"
        "---\n"
    )
