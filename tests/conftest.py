"""Shared helpers: the repository, the real XT pages beside it, running the generator, a loopback server."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


class Answering(BaseHTTPRequestHandler):
    """A handler that answers with a status, headers and a body, and logs nothing."""

    def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def loopback(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
