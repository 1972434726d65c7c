"""Shared helpers: XT's pages frozen in tests/fixtures, built trees, running the generator and the package, a loopback server.

Tests pin what is in tests/fixtures/ (see its README), never the live catalog:
a maintainer's correct sync of spec/source/ must keep the suite green. So the
`xt_errors` the tests import (and the `python -m xt_errors` they run) is the
package generated from the frozen pages and spec at the start of the session,
by the generator under test; the committed generated/ is held to what the live
spec gives by `python -m codegen --check` (test_codegen_run.py), and to ruff and
mypy (test_static_checks.py).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from codegen.__main__ import main as codegen_main
from codegen.errors import SourceError
from codegen.read.front_matter import format_document
from codegen.run import pipeline

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# A repository's spec/ at a known state: XT's fourteen pages and the curated spec that syncs them.
XT_API = FIXTURES / "xt-api"
XT_PAGES = XT_API / "spec" / "source"
# Single pages, run on their own (`--source PAGE`): each becomes a product of its own.
SEED = XT_PAGES / "xt-margin-response-codes.md"  # the first page the catalog was built from
SPOT_PAGE = XT_PAGES / "xt-spot-response-codes.md"  # SYMBOL_001 twice (lines 41 and 122)
FUTURES_COPY_PAGE = XT_PAGES / "xt-futures-copy-trading-response-codes.md"  # integers and names in one table

# Descriptions that try to break out of the site's markup, for the site and browser tests.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.__xss=1">',
    '<a href="javascript:window.__xss=2">click</a>',
    "[x](javascript:alert(1))",
    '{: onclick="alert(1)" }',
    "a | b | c",
    "`code` and ``more``",
    "{{ 7*7 }} and {% if x %}",
    "*emphasis* and _under_ and **bold**",
    "&amp; &lt;b&gt; &#60;",
    "\\*escaped\\* # not a heading",
    "![img](x.png) <!-- comment -->",
    "</div></div><script>window.__xss=3</script>",
    # XT's code spans become <code> on the site: their content must stay text too
    "`<script>window.__xss=4</script>`",
    "`</code><img src=x onerror=\"window.__xss=5\"><code>`",
    "``<a href=\"javascript:window.__xss=6\">`x`</a>``",
    "\\`<b>not code</b>\\` and `unclosed <i>i</i>",
    '`{: onclick="alert(1)" }` `[x](javascript:alert(1))` `&lt;b&gt;`',
    "`` ` `` ``` `` ``` `a\\`",
]


def sync_in_memory(tree, pages, spec_path: str = "spec/catalog.yaml"):
    """Stages 2 and 3 on a loaded spec, as the pipeline runs them: (report, places)."""
    from codegen.errors import Stops
    from codegen.render import package
    from codegen.spec import merge, pairs, rules, sync

    report: list[str] = []
    stops = Stops()
    paired = pairs.pair_pages(tree, pages, report, stops)
    merged = merge.merge(paired, rules.routes(tree), rules.errata(tree), spec_path, stops)
    places = sync.sync(tree, merged, spec_path, package.own_names(), report, stops)
    return report, places


@functools.cache
def frozen_generation() -> pipeline.Generation:
    """Every file the generator renders, in memory, for the frozen pages and spec."""
    try:
        return pipeline.generate(pipeline.documents(XT_PAGES), XT_API)
    except SourceError as error:
        raise pytest.UsageError(f"the frozen fixture no longer generates: {error}") from None


def frozen_file(relative: str) -> str:
    """One generated file of the frozen catalog, by its path in a repository (`docs/en/catalog.json`)."""
    return frozen_generation().files[relative]


def _package_under_test() -> Path:
    """The frozen catalog's package, written to a folder of its own for this test process."""
    folder = Path(tempfile.mkdtemp(prefix="xt-errors-under-test-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for relative, text in frozen_generation().files.items():
        if relative.startswith("generated/"):
            path = folder / relative.removeprefix("generated/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return folder


# Imported by the tests (sys.path) and by every interpreter they start (PYTHONPATH),
# ahead of the editable install of generated/.
PACKAGE = _package_under_test()
sys.path.insert(0, str(PACKAGE))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE), os.environ.get("PYTHONPATH")]))


@pytest.fixture(scope="session", autouse=True)
def _no_language_chosen() -> Iterator[None]:
    """Run as a user who chose no language: XT_ERRORS_LANGUAGE would change every message."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("XT_ERRORS_LANGUAGE", raising=False)
        patch.delenv("XT_ERRORS_DOCS_URL", raising=False)  # and links to the published site
        yield


# -- running things as a user does ---------------------------------------------------


def codegen_command(*args: str | Path) -> list[str]:
    """The command line of `python -m codegen ARGS`, for a process the test drives itself."""
    return [sys.executable, "-m", "codegen", *map(str, args)]


def codegen_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a generator run gets: this repository's codegen first on the path."""
    return {**os.environ, "PYTHONPATH": str(ROOT), **(extra or {})}


def run_codegen(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None):
    """`python -m codegen ARGS` as a user runs it; returns the CompletedProcess."""
    return subprocess.run(
        codegen_command(*args), cwd=cwd, env=codegen_env(env), capture_output=True, text=True, timeout=300
    )


def codegen_in_process(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m codegen ARGS` run by its entry point in this process, without an interpreter's
    start-up: the same exit status and output. For the many runs of the bad-input tests."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd or Path.cwd()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = codegen_main([str(arg) for arg in args])
    return subprocess.CompletedProcess(codegen_command(*args), status, out.getvalue(), err.getvalue())


def package_from(page: Path, out: Path) -> Path:
    """Generate `page` alone into `out` (no site); the folder to give run_python."""
    result = codegen_in_process("--source", page, "--out", out, "--no-site")
    assert result.returncode == 0, result.stderr
    return out / "generated"


def package_of(tables: list[tuple[str, str, list[tuple[str, str]]]], folder: Path) -> Path:
    """The package of a page holding `tables` ((key, title, [(code, text), ...]), as format_document
    writes them), generated under `folder`; the folder to give run_python."""
    page = folder / "page.md"
    page.write_text(format_document("t", tables), encoding="utf-8")
    return package_from(page, folder / "out")


def run_python(code: str, path: Path, *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None):
    """Run `code` in a fresh interpreter that imports the package generated under `path`."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env={**os.environ, **(env or {}), "PYTHONPATH": str(path)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def console_script() -> Path:
    """The installed `xt-errors` console script (pip install -e . puts it beside the interpreter)."""
    found = Path(sys.executable).parent / "xt-errors"
    if not found.exists():
        found = Path(shutil.which("xt-errors") or found)
    assert found.exists(), "the console script is not installed: pip install -e '.[dev]'"
    return found


def run_cli(*args: str, script: bool = False, env: Mapping[str, str] | None = None, cwd: Path = ROOT):
    """`python -m xt_errors ARGS` (or the `xt-errors` script) with text output, as in a terminal."""
    command = [str(console_script())] if script else [sys.executable, "-m", "xt_errors"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=60
    )


def raised(status: object, body: object = b"", headers: object = None):
    """The XTError `raise_for_response(status, body, headers)` raises; fails the test if it returns."""
    import xt_errors

    try:
        xt_errors.raise_for_response(status, body, headers)  # type: ignore[arg-type]
    except xt_errors.XTError as error:
        return error
    raise AssertionError("nothing raised")


# -- what a failed run says -------------------------------------------------------------


def one_line_error(result: subprocess.CompletedProcess[str], status: int | tuple[int, ...] = 2) -> str:
    """The single stderr line of a run that stopped: on bad input exit 2; when the machine
    refused (a full disk, a read-only tree) or mkdocs failed, 1. Never a traceback."""
    assert result.returncode in (status if isinstance(status, tuple) else (status,)), result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def checked_up_to_date(result: subprocess.CompletedProcess[str]) -> bool:
    """Whether `--check` found the tree up to date: exit 0, or 1 with nothing but
    the codes left to curate (a tree built from pages alone has only guesses)."""
    said = result.stderr.strip().splitlines()
    curating = all(": to curate: " in line for line in said if not line.startswith(("undid ", "completed ")))
    return "up to date: " in result.stdout and (result.returncode == 0 or (result.returncode == 1 and curating))


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Every stderr line of a run that stopped on bad input (exit 2): one per mistake, no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def assert_one_line_error(result: subprocess.CompletedProcess[str], path: str, line: int, words: str) -> None:
    """The run stopped with one line `PATH:LINE: ...` that says `words`."""
    said = one_line_error(result)
    assert said.startswith(f"{path}:{line}: "), said
    assert words in said, said


# -- trees --------------------------------------------------------------------------------


def snapshot(root: Path, only: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Every file under `root` (or under its entries `only`), by relative path; bytecode caches aside."""
    tops = [root / top for top in only] if only is not None else [root]
    found = {}
    for top in tops:
        for path in [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file by `new`; returns the line `old` started on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def copy_tree(source: Path, target: Path) -> Path:
    """A copy of a built tree (or of the frozen repository) to change at will."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@contextlib.contextmanager
def _built_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder shared by every test process of this session (pytest-xdist workers included),
    and whether it still has to be built: the first process builds it while holding a lock."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the workers' common folder
    folder = shared / f"built-{name}"
    with open(shared / f"built-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".built"
        yield folder, not done.exists()
        folder.mkdir(exist_ok=True)
        done.touch()


def _build(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    with _built_once(tmp_path_factory, name) as (folder, todo):
        if todo:
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
    return folder


def _generate(out: Path, *args: str | Path) -> None:
    result = run_codegen(*args, "--out", out, cwd=out.parent)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def seed_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The margin page alone, generated without a site (read-only: copy it to change it)."""
    return _build(tmp_path_factory, "seed", lambda out: _generate(out, "--source", SEED, "--no-site"))


def _xt_api(out: Path, *args: str) -> None:
    copy_tree(XT_API, out)
    _generate(out, "--source", out / "spec" / "source", *args)


@pytest.fixture(scope="session")
def xt_api_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen whole API generated without a site (read-only: copy it to change it)."""
    return _build(tmp_path_factory, "xt-api", lambda out: _xt_api(out, "--no-site"))


@pytest.fixture(scope="session")
def xt_api_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen whole API generated and built with its site, as `python -m codegen` does (read-only)."""
    return _build(tmp_path_factory, "xt-api-site", _xt_api)


def build_hostile(out: Path) -> None:
    """A catalog whose descriptions are injection attempts (PAYLOADS), built with its site into `out`."""
    out.mkdir(parents=True)
    rows = [(f"XSS_{number:03d}", payload) for number, payload in enumerate(PAYLOADS, 1)]
    doc = out / "hostile.md"
    doc.write_text(
        format_document(
            "Hostile",
            [
                ("httpStatus", "description", [("200", "<b>ok</b>"), ("429", "[slow](javascript:x)")]),
                ("rc", "return Code", [("0", "*ok*"), ("1", "{: #x }")]),
                ("mc", "message <i>code</i>", [("SUCCESS", "`ok`"), *rows]),
            ],
        ),
        encoding="utf-8",
    )
    _generate(out, "--source", doc)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile catalog with its site (read-only)."""
    return _build(tmp_path_factory, "hostile", build_hostile)


# -- a server on 127.0.0.1 ------------------------------------------------------------------


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


@contextlib.contextmanager
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


# -- git repositories of a test's own ---------------------------------------------------


def hermetic_git(env: dict[str, str], home: Path) -> dict[str, str]:
    """No user or system git configuration: the machine's cannot change an answer."""
    return {
        **env,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Author",
        "GIT_AUTHOR_EMAIL": "author@example.invalid",
        "GIT_COMMITTER_NAME": "Committer",
        "GIT_COMMITTER_EMAIL": "committer@example.invalid",
    }


class GitBuilder:
    """A working repository that commits files with fixed dates."""

    def __init__(self, folder: Path, home: Path) -> None:
        self.folder = folder
        self.env = hermetic_git(dict(os.environ), home)
        folder.mkdir(parents=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str, date: str | None = None) -> str:
        env = dict(self.env)
        if date is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
        result = subprocess.run(["git", *args], cwd=self.folder, env=env, capture_output=True)
        assert result.returncode == 0, result.stderr.decode()
        return result.stdout.decode().strip()

    def commit(self, message: str, date: str, files: dict[str, bytes | None]) -> str:
        """Write (bytes) or delete (None) the files, commit them, return the commit's id."""
        for path, content in files.items():
            target = self.folder / path
            if content is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD")
