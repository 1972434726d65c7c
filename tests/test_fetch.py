"""`python -m codegen fetch`: XT's pages from their upstream, provenance, history and the report.

The upstream is a Docusaurus repository built by the test (English pages under
docs/, their Chinese twins under i18n/zh-CN/...), its commits carrying
`Upstream-Commit:` trailers as XT's rewritten copy does; the tree is a
repository of this project's shape with a spec that follows it. No network,
nothing of ../shared.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import (
    GitBuilder,
    codegen_command,
    codegen_env,
    codegen_in_process,
    run_python,
    snapshot,
)

ZH = "i18n/zh-CN/docusaurus-plugin-content-docs/current/"
SPOT_PAGE = "spot/Access Description/errorCode.mdx"
FUTURES_PAGE = "futures/Order/Create.mdx"
OLD_PAGE = "futures/Order/Old.mdx"
EARN_PAGE = "earn/Access Description/ErrorCode.mdx"


def page(title: str, table: list[tuple[str, str]], header: str = "| mc | Message |", endpoint: str = "") -> bytes:
    """A Docusaurus page: front matter, an import, an endpoint line, a code table."""
    rows = "".join(f"| {code} | {text} |\n" for code, text in table)
    return (
        f"---\nid: {title}\ntitle: {title}\nsidebar_position: 1\n---\n\n"
        "import CodeBlock from '@theme/CodeBlock';\n\n"
        f"{endpoint}\n\n### Error Codes\n\n{header}\n| --- | --- |\n{rows}"
    ).encode()


SPOT = [("SUCCESS", "success"), ("AUTH_001", "missing header"), ("ORDER_002", "insufficient funds")]
SPOT_ZH = [("SUCCESS", "成功"), ("AUTH_001", "缺少请求头"), ("ORDER_002", "余额不足")]
FUTURES = [("invalid_symbol", "Symbol does not exist"), ("invalid_price", "Price invalid")]
FUTURES_ZH = [("invalid_symbol", "交易对不存在"), ("invalid_price", "价格无效")]
ENDPOINT = "**Type:** POST\n\n**Description:** `/future/trade/v1/order/create`"
ORDER_POST = b"---\nid: orderPost\ntitle: Place order\n---\n\n**Type:** POST **Description:** `/v4/order`\n\nParameters follow.\n"

V1 = {
    f"docs/{SPOT_PAGE}": page("errorCode", SPOT),
    f"{ZH}{SPOT_PAGE}": page("errorCode", SPOT_ZH, "| mc | 消息 |"),
    f"docs/{FUTURES_PAGE}": page("Create", FUTURES, "| Error code | Desc |", ENDPOINT),
    f"{ZH}{FUTURES_PAGE}": page("Create", FUTURES_ZH, "| Error code | Desc |", ENDPOINT),
    f"docs/{OLD_PAGE}": page("Old", [("invalid_leverage", "Leverage invalid")], "| Error code | Desc |", ENDPOINT.replace("create", "old")),
    f"{ZH}{OLD_PAGE}": page("Old", [("invalid_leverage", "杠杆无效")], "| Error code | Desc |", ENDPOINT.replace("create", "old")),
    "docs/spot/Order/orderPost.mdx": ORDER_POST,
    "docusaurus.config.ts": b"export default {url: 'https://example.invalid'}\n",
}

SPEC = """\
title: XT API response codes
site_url: https://example.invalid/en/
sources:
  xtapis:
    title: XT's documentation site's own source
    upstream: https://example.invalid/xt-api.git
    follow: main
products:
  spot:
    title: Spot
  futures:
    title: Futures
pages: {}
kinds:
  rate_limit:
    exception: RateLimitError
    retryable: true
    summary: Too many requests.
    hint: Slow down.
tables:
  mc:
    title: message code
    enum: MessageCode
    role: message_code
    from:
      - header: mc
      - header: Error Code
        pages: xt-earn-*
      - header: 错误码
        pages: xt-earn-*
    codes: []
  futures:
    title: error code
    enum: FuturesErrorCode
    role: error_code
    from:
      - header: Error code
    codes: []
"""


def upstream_commit(number: int) -> str:
    """XT's commit a copy's commit names (`Upstream-Commit:`): aaaa... for 1, bbbb... for 2."""
    return "abcdef"[number - 1] * 40


@pytest.fixture
def upstream(tmp_path: Path) -> GitBuilder:
    repo = GitBuilder(tmp_path / "xt-api", tmp_path / "home")
    repo.commit(f"feat: init\n\nUpstream-Commit: {upstream_commit(1)}", "2025-11-21T17:08:52+08:00", dict(V1))
    return repo


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "spec" / "source").mkdir(parents=True)
    (root / "spec" / "catalog.yaml").write_text(SPEC, encoding="utf-8")
    return root


def fetch(tree: Path, upstream: GitBuilder, *args: str):
    return codegen_in_process("fetch", "--from", str(upstream.folder), "--out", tree, "--no-site", *args)


def spec_text(tree: Path) -> str:
    return (tree / "spec" / "catalog.yaml").read_text(encoding="utf-8")


def entry(tree: Path, code: str) -> str:
    """A code's entry in the spec, as written."""
    text = spec_text(tree)
    start = text.index(f"  - code: {code}\n")
    end = text.find("\n      - code:", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_a_first_fetch_brings_every_page_byte_for_byte_with_its_provenance_and_a_second_changes_nothing(tree, upstream):
    result = fetch(tree, upstream)
    assert result.returncode == 0, result.stderr
    source = tree / "spec" / "source"
    assert sorted(path.name for path in source.iterdir()) == [
        "xt-futures-order-create.mdx",
        "xt-futures-order-create.zh.mdx",
        "xt-futures-order-old.mdx",
        "xt-futures-order-old.zh.mdx",
        "xt-spot-access-description-errorcode.mdx",
        "xt-spot-access-description-errorcode.zh.mdx",
    ]
    assert (source / "xt-futures-order-create.zh.mdx").read_bytes() == V1[f"{ZH}{FUTURES_PAGE}"]
    spec = spec_text(tree)
    # the upstream commit of the trailer, never the copy's own id, and its date
    assert f"commit: {upstream_commit(1)}\n" in spec and "date: '2025-11-21'" in spec
    assert f"upstream: docs/{FUTURES_PAGE}\n" in spec and f"upstream_zh: {ZH}{FUTURES_PAGE}\n" in spec
    assert "endpoint: POST /future/trade/v1/order/create" in spec
    # an endpoint page without a table of its own: its errors are its product's general codes
    assert "  POST /v4/order:\n    product: spot\n" in spec
    assert "fetched xtapis at aaaaaaa (2025-11-21)" in result.stdout
    assert "new page xt-futures-order-create.mdx (docs/futures/Order/Create.mdx)" in result.stdout
    assert "added futures invalid_symbol (POST /future/trade/v1/order/create)" in result.stdout
    assert "since: {date: '2025-11-21', commit: aaaaaaa}" in entry(tree, "AUTH_001")

    before = snapshot(tree, ("spec", "generated", "docs"))
    again = fetch(tree, upstream)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "up to date: xtapis at aaaaaaa (2025-11-21) has nothing new"
    assert snapshot(tree, ("spec", "generated", "docs")) == before
    # the guessed names are not public API yet: --check names each code left to curate
    checked = codegen_in_process("--out", tree, "--no-site", "--check")
    assert checked.returncode == 1
    curate = [line for line in checked.stderr.splitlines() if ": to curate: " in line]
    assert [line.split(": to curate: ")[1].split(" (")[0] for line in curate] == [
        "mc AUTH_001",
        "mc ORDER_002",
        "futures invalid_symbol",
        "futures invalid_price",
        "futures invalid_leverage",
    ]


def test_a_fetch_with_nothing_new_is_said_from_the_receipt_until_the_tree_changes(tree, upstream):
    """The receipt of the last fetch answers "nothing new" without reading the
    spec; a page removed from spec/source, or an edited spec, is something new."""
    assert fetch(tree, upstream).returncode == 0
    assert (tree / ".codegen-cache" / "fetched.json").is_file()
    assert fetch(tree, upstream).stdout.strip() == "up to date: xtapis at aaaaaaa (2025-11-21) has nothing new"
    page = tree / "spec" / "source" / "xt-futures-order-create.zh.mdx"
    page.unlink()
    again = fetch(tree, upstream)
    assert again.returncode == 0, again.stderr
    assert "has nothing new" not in again.stdout and page.read_bytes() == V1[f"{ZH}{FUTURES_PAGE}"]
    spec = tree / "spec" / "catalog.yaml"
    spec.write_text(spec_text(tree).replace(f"commit: {upstream_commit(1)}", f"commit: {upstream_commit(2)}"), encoding="utf-8")
    edited = fetch(tree, upstream)
    assert edited.returncode == 0, edited.stderr
    assert "has nothing new" not in edited.stdout and f"commit: {upstream_commit(1)}\n" in spec_text(tree)


def test_a_newer_upstream_updates_pages_provenance_history_and_the_report_in_one_run(tree, upstream):
    assert fetch(tree, upstream).returncode == 0
    # XT withdraws ORDER_002, rewords a text, adds a product's page and removes a page
    upstream.commit(
        f"docs: earn\n\nUpstream-Commit: {upstream_commit(2)}",
        "2026-01-13T10:00:00+08:00",
        {
            f"docs/{SPOT_PAGE}": page("errorCode", SPOT[:2]),
            f"{ZH}{SPOT_PAGE}": page("errorCode", SPOT_ZH[:2], "| mc | 消息 |"),
            f"docs/{FUTURES_PAGE}": page("Create", [FUTURES[0], ("invalid_price", "The price is invalid")], "| Error code | Desc |", ENDPOINT),
            f"docs/{EARN_PAGE}": page("ErrorCode", [("PRODUCT_NOT_FOUND", "Product not found")], "| Error Code | Description |"),
            f"{ZH}{EARN_PAGE}": page("ErrorCode", [("PRODUCT_NOT_FOUND", "产品不存在")], "| 错误码 | 描述 |"),
            f"docs/{OLD_PAGE}": None,
            f"{ZH}{OLD_PAGE}": None,
        },
    )
    result = fetch(tree, upstream)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "fetched xtapis at bbbbbbb (2026-01-13)" in out
    assert "new page xt-earn-access-description-errorcode.mdx" in out
    assert "changed page xt-futures-order-create.mdx" in out
    assert "removed page xt-futures-order-old.mdx" in out
    assert "retired mc ORDER_002" in out and "retired futures invalid_leverage" in out
    assert "added mc PRODUCT_NOT_FOUND (earn)" in out
    assert not (tree / "spec" / "source" / "xt-futures-order-old.mdx").exists()
    order = entry(tree, "ORDER_002")
    assert "retired: true" in order and "removed: {date: '2026-01-13', commit: bbbbbbb}" in order
    price = entry(tree, "invalid_price")
    assert "changes:\n          - {date: '2026-01-13', commit: bbbbbbb, language: en, from: Price invalid, to: The price is invalid}" in price
    # The package still knows the retired code: its product's text, and where XT last listed it
    asked = run_python(
        "import xt_errors as x; m = x.lookup('invalid_leverage')\n"
        "print(m.retired, m.texts, m.texts_zh, m.endpoint_texts, m.endpoints)",
        tree / "generated",
    )
    assert asked.stdout.strip() == "2026-01-13 {'futures': 'Leverage invalid'} {'futures': '杠杆无效'} {} ('POST /future/trade/v1/order/old',)", asked.stderr

    # XT documents the withdrawn code again: it is current again, its gap in its history
    upstream.commit(
        f"docs: order codes back\n\nUpstream-Commit: {upstream_commit(3)}",
        "2026-02-02T17:37:46+08:00",
        {f"docs/{SPOT_PAGE}": page("errorCode", SPOT), f"{ZH}{SPOT_PAGE}": page("errorCode", SPOT_ZH, "| mc | 消息 |")},
    )
    back = fetch(tree, upstream)
    assert back.returncode == 0, back.stderr
    assert "documented again mc ORDER_002" in back.stdout
    order = entry(tree, "ORDER_002")
    assert "retired" not in order and "\n        removed:" not in order
    assert "since: {date: '2025-11-21', commit: aaaaaaa}" in order
    assert "gaps:\n          - removed: {date: '2026-01-13', commit: bbbbbbb}\n            restored: {date: '2026-02-02', commit: ccccccc}" in order


@pytest.mark.parametrize(
    ("case", "status", "words"),
    [
        ("unreachable", 1, "xt-api-missing"),
        ("unknown ref", 1, "no-such-branch"),
        ("no git", 1, "git"),
        ("unreadable page", 2, "xtapis@ddddddd:docs/futures/Order/Broken.mdx:"),
        ("unknown source", 2, "no source 'nope'"),
    ],
)
def test_a_fetch_that_fails_leaves_the_tree_as_it_was_with_one_line(case, status, words, tree, upstream, tmp_path, monkeypatch):
    assert fetch(tree, upstream).returncode == 0
    before = snapshot(tree, ("spec", "generated", "docs"))
    args: list[str] = []
    location = str(upstream.folder)
    if case == "unreachable":
        location = str(tmp_path / "xt-api-missing")
    elif case == "unknown ref":
        args = ["--ref", "no-such-branch"]
    elif case == "no git":
        empty = tmp_path / "empty-path"
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))
        shutil.rmtree(tree / ".codegen-cache" / "upstream")
    elif case == "unreadable page":
        bad = page("Broken", [("a_b", "one")], "| Error code | Desc |") + b"| c_d | two | three |\n"
        upstream.commit(f"broken\n\nUpstream-Commit: {upstream_commit(4)}", "2026-03-01T10:00:00+08:00", {"docs/futures/Order/Broken.mdx": bad})
    elif case == "unknown source":
        args = ["nope"]
    result = codegen_in_process("fetch", "--from", location, "--out", tree, "--no-site", *args)
    assert result.returncode == status, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(tree, ("spec", "generated", "docs")) == before


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.8, 1.5, 3.0])
def test_a_fetch_killed_at_any_moment_leaves_the_old_tree_or_the_new_one(delay, tree, upstream, tmp_path):
    assert fetch(tree, upstream).returncode == 0
    upstream.commit(
        f"more\n\nUpstream-Commit: {upstream_commit(5)}",
        "2026-03-02T10:00:00+08:00",
        {f"docs/{EARN_PAGE}": page("ErrorCode", [("X_1", "x")], "| Error Code | Description |")},
    )
    parts = ("spec", "generated", "docs")
    before = snapshot(tree, parts)
    finished = tmp_path / "finished"
    shutil.copytree(tree, finished)
    assert fetch(finished, upstream).returncode == 0
    after = snapshot(finished, parts)
    assert after != before
    killed = subprocess.Popen(
        codegen_command("fetch", "--from", upstream.folder, "--out", tree, "--no-site"),
        env=codegen_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    recovered = codegen_in_process("--out", tree, "--no-site", "--check")  # undoes or completes
    assert "Traceback" not in recovered.stderr
    assert snapshot(tree, parts) in (before, after)
