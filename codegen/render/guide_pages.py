"""The site's user guide, in both languages, from the README's own sections.

The README is the guide's one English source: each guide page is one of its
`## ` sections (`GUIDE` names which), its headings one level up, so the
guide and the README cannot disagree, and the README's code blocks, whose
Python tests/test_readme_examples.py runs, are the guide's. The Chinese guide
is a translation, one template per section
(codegen/templates/site/guide/SLUG.zh.md.jinja): its prose is written there,
and its code blocks are the README's, named by their number in the section
(`{{ block(1) }}`), never copied. Each template's first line records a
fingerprint of the README prose it translates (`prose_fingerprint`); a test
fails when the README's section no longer matches it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import SourceError
from codegen.render import jinja

README = Path(__file__).resolve().parents[2] / "README.md"  # the generator's own
README_SHOWN = "README.md"  # as messages name it

# A line that opens or closes a fenced block: ``` or ~~~, three or more.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class GuidePage:
    heading: str  # the README's section, "## Retrying"
    slug: str  # its page: guide/retrying/
    title_zh: str  # its title on the Chinese site

    @property
    def source(self) -> str:
        """Its page in a language's docs folder: 'guide/retrying.md'."""
        return f"guide/{self.slug}.md"

    @property
    def url(self) -> str:
        """Its page relative to the site's root: 'guide/retrying/'."""
        return f"guide/{self.slug}/"

    @property
    def translation(self) -> str:
        """The template of its Chinese page."""
        return f"site/guide/{self.slug}.zh.md.jinja"

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh" else self.heading


# The guide's pages, in the order of its nav: what a new user reads first.
GUIDE = (
    GuidePage("Install", "install", "安装"),
    GuidePage("A first example", "first-example", "第一个例子"),
    GuidePage("From the command line", "command-line", "命令行"),
    GuidePage("Every client", "clients", "各种 HTTP 客户端"),
    GuidePage("Retrying", "retrying", "重试"),
    GuidePage("ccxt", "ccxt", "ccxt"),
    GuidePage("WebSocket streams", "websocket", "WebSocket 推送"),
    GuidePage("The contract", "contract", "约定"),
    GuidePage("History and releases", "versions", "历史与版本"),
)
CATCHING = GUIDE[1]  # where a reader learns to catch an error by its meaning
RETRYING = GUIDE[4]


@dataclass(frozen=True)
class ReadmeSection:
    heading: str
    line: int  # of its heading in README.md
    body: str  # everything after the heading line, up to the next `## `

    @property
    def blocks(self) -> tuple[str, ...]:
        """Its fenced code blocks, fences included, in order."""
        found: dict[int, list[str]] = {}
        for line, block in _marked(self.body.splitlines()):
            if block is not None:
                found.setdefault(block, []).append(line)
        return tuple("\n".join(lines) for lines in found.values())

    @property
    def prose(self) -> str:
        """Its text without its code blocks, whitespace evened out."""
        lines = [
            line for line, block in _marked(self.body.splitlines()) if block is None
        ]
        return " ".join(" ".join(lines).split())


def _marked(lines: list[str]) -> list[tuple[str, int | None]]:
    """Each line, with the number of the fenced code block it belongs to (its fences
    included), or None. A block closes at a line of the opening fence's character, at
    least as many and nothing else (CommonMark), or at the end."""
    marked: list[tuple[str, int | None]] = []
    fence = ""  # the open block's fence
    count = 0
    for line in lines:
        if fence:
            marked.append((line, count))
            bare = line.strip()
            if bare.startswith(fence) and not bare.strip(fence[0]):
                fence = ""
            continue
        opened = _FENCE.match(line)
        if opened:
            fence, count = opened.group(1), count + 1
        marked.append((line, count if opened else None))
    return marked


def readme_sections(text: str) -> dict[str, ReadmeSection]:
    """The README's `## ` sections by heading (a `## ` line in a code block is code)."""
    sections: dict[str, ReadmeSection] = {}
    heading, start = "", 0  # before the first section: the README's title
    body: list[str] = []
    lines = [*text.splitlines(), "## "]  # the last line ends the last section
    for number, (line, block) in enumerate(_marked(lines), 1):
        if block is None and line.startswith("## "):
            if heading:
                sections[heading] = ReadmeSection(heading, start, "\n".join(body))
            heading, start, body = line[3:].strip(), number, []
        else:
            body.append(line)
    return sections


def prose_fingerprint(section: ReadmeSection) -> str:
    """What a translation records of the README prose it translates."""
    return hashlib.sha256(section.prose.encode("utf-8")).hexdigest()[:12]


def guide_sections(text: str) -> dict[str, ReadmeSection]:
    """The README's sections the guide renders; a missing one stops the run."""
    sections = readme_sections(text)
    missing = [page.heading for page in GUIDE if page.heading not in sections]
    if missing:
        raise SourceError(
            README_SHOWN,
            1,
            f'no section "## {missing[0]}", which the site\'s guide renders as '
            f"a page (codegen/render/guide_pages.py names them): restore it, or "
            f"change the guide",
        )
    return sections


def english_body(section: ReadmeSection) -> str:
    """A section as a page of its own: its subheadings one level up (### is ##)."""
    lines = section.body.strip("\n").splitlines()
    return "\n".join(
        line[1:] if block is None and re.match(r"#{3,6} ", line) else line
        for line, block in _marked(lines)
    )


def chinese_body(page: GuidePage, section: ReadmeSection) -> str:
    """A section's Chinese page: its translation, with the README's own code blocks."""
    blocks = section.blocks

    def block(number: int) -> str:
        if not 1 <= number <= len(blocks):
            raise SourceError(
                README_SHOWN,
                section.line,
                f'the Chinese guide\'s "{page.heading}" '
                f"(codegen/templates/{page.translation}) shows code block {number}, "
                f"and the section has {len(blocks)}: update the translation",
            )
        return blocks[number - 1]

    return jinja.render(page.translation, block=block).strip("\n")


def guide_files(text: str, language: str) -> dict[str, str]:
    """Each guide page of one language, by its path in the language's docs folder."""
    sections = guide_sections(text)
    files = {}
    for page in GUIDE:
        section = sections[page.heading]
        body = (
            chinese_body(page, section) if language == "zh" else english_body(section)
        )
        files[page.source] = jinja.render(
            "site/guide.md.jinja", title=page.title(language), body=body
        )
    return files
