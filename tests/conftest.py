"""Shared helpers: the repository, the real XT pages beside it, and running the generator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "spec" / "source" / "xt-margin-response-codes.md"
REAL_DOCS = ROOT.parent / "shared" / "real-docs"


def run_codegen(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None):
    """`python -m codegen ARGS` as a user runs it; returns the CompletedProcess."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "codegen", *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_python(code: str, path: Path, *args: str):
    """Run `code` in a fresh interpreter that imports the package generated under `path`."""
    environment = {**os.environ, "PYTHONPATH": str(path)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def real_doc(name: str) -> Path:
    path = REAL_DOCS / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the real XT pages live in ../shared/real-docs/)")
    return path
