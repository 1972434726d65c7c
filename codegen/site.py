"""Stage 3b: render the reference site's sources (docs/, mkdocs.yml) and build it."""

from __future__ import annotations

from pathlib import Path

from codegen import model


def render_site(catalog: model.Catalog) -> dict[str, str]:
    return {}


def build(root: Path) -> int:
    return 0
