"""Stage "fetch": row 1c, `python -m codegen fetch` when the upstream has nothing new.

The stage makes its own small upstream with the `git` command (Docusaurus
pages in XT's layout, English under docs/ and Chinese under i18n/, a commit
with an `Upstream-Commit:` trailer as XT's rewritten copy has) and a tree
whose spec follows it, fetches once (untimed), then times a second fetch
against its floor, in turns: a bare `git fetch` of the same refs into the same
cache, plus the no-op sync of the same tree (`python -m codegen --no-site`,
which stops at its stamp). What a fetch does beyond those two (reading the
spec, checking the pages it took against the tree's) is the ratio.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from harness import PY, WORK, child_env, median, ms, row, run, section

ZH = "i18n/zh-CN/docusaurus-plugin-content-docs/current/"
UPSTREAM_COMMIT = "a" * 40
# The refs a fetch mirrors (codegen/fetch/cache.py): every branch and tag.
REFSPECS = ("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")

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
    codes: []
  futures:
    title: error code
    enum: FuturesErrorCode
    role: error_code
    from:
      - header: Error code
    codes: []
"""


def page(
    title: str, rows: list[tuple[str, str]], header: str, endpoint: str = ""
) -> str:
    """A Docusaurus page of XT's: front matter, an import, an endpoint, a code table."""
    table = "".join(f"| {code} | {text} |\n" for code, text in rows)
    return (
        f"---\nid: {title}\ntitle: {title}\nsidebar_position: 1\n---\n\n"
        "import CodeBlock from '@theme/CodeBlock';\n\n"
        f"{endpoint}\n\n### Error Codes\n\n{header}\n| --- | --- |\n{table}"
    )


def upstream_files() -> dict[str, str]:
    """A spot general page and ten futures endpoint pages, each with its Chinese twin."""
    spot = [
        ("SUCCESS", "success"),
        *((f"AUTH_{n:03d}", f"auth failure {n}") for n in range(1, 21)),
    ]
    files = {
        "docs/spot/Access Description/errorCode.mdx": page(
            "errorCode", spot, "| mc | Message |"
        ),
        f"{ZH}spot/Access Description/errorCode.mdx": page(
            "errorCode",
            [(code, f"{text}（中文）") for code, text in spot],
            "| mc | 消息 |",
        ),
        "docusaurus.config.ts": "export default {url: 'https://example.invalid'}\n",
    }
    for n in range(10):
        endpoint = f"**Type:** POST\n\n**Description:** `/future/trade/v1/order/op{n}`"
        rows = [
            (f"invalid_thing_{n}_{k}", f"Thing {n}.{k} is invalid") for k in range(5)
        ]
        for prefix, suffix in (("docs/", ""), (ZH, "（中文）")):
            texts = [(code, text + suffix) for code, text in rows]
            path = f"{prefix}futures/Order/Op{n}.mdx"
            files[path] = page(f"Op{n}", texts, "| Error code | Desc |", endpoint)
    return files


def git_env(home: Path) -> dict[str, str]:
    """No user or system git configuration, fixed names and dates."""
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Author",
        "GIT_AUTHOR_EMAIL": "author@example.invalid",
        "GIT_COMMITTER_NAME": "Committer",
        "GIT_COMMITTER_EMAIL": "committer@example.invalid",
        "GIT_AUTHOR_DATE": "2025-11-21T17:08:52+08:00",
        "GIT_COMMITTER_DATE": "2025-11-21T17:08:52+08:00",
        "GIT_TERMINAL_PROMPT": "0",
    }


def make_upstream(folder: Path, env: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for path, text in upstream_files().items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", *args], cwd=folder, env=env, check=True, capture_output=True
        )

    git("init", "--quiet", "--initial-branch=main")
    git("add", "--all")
    git("commit", "--quiet", "-m", f"feat: init\n\nUpstream-Commit: {UPSTREAM_COMMIT}")


def bench_fetch(reps: int) -> None:
    section("1c. `codegen fetch` with nothing new (a small upstream made with git)")
    base = WORK / "fetch"
    shutil.rmtree(base, ignore_errors=True)
    home, upstream, tree = base / "home", base / "upstream", base / "tree"
    home.mkdir(parents=True)
    env = git_env(home)
    make_upstream(upstream, env)
    (tree / "spec" / "source").mkdir(parents=True)
    (tree / "spec" / "catalog.yaml").write_text(SPEC, encoding="utf-8")
    tool_env = {
        **child_env(),
        **{k: env[k] for k in ("HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM")},
    }
    fetch_cmd = [
        PY,
        "-m",
        "codegen",
        "fetch",
        "--from",
        str(upstream),
        "--out",
        str(tree),
        "--no-site",
    ]
    run(fetch_cmd, tool_env, timeout=900)  # the first fetch: pages, spec, package
    cache = tree / ".codegen-cache" / "upstream" / "xtapis.git"
    if not cache.is_dir():
        raise RuntimeError(f"the first fetch left no cache at {cache}")
    git_cmd = [
        "git",
        "--git-dir",
        str(cache),
        "fetch",
        "--prune",
        "--force",
        "--quiet",
        "--",
        str(upstream),
        *REFSPECS,
    ]
    sync_cmd = [PY, "-m", "codegen", "--out", str(tree), "--no-site"]
    run(sync_cmd, tool_env)  # the stamp of a plain run: the no-op sync from now on
    run(fetch_cmd, tool_env)  # untimed too: a first fetch with nothing new
    fetch_t, git_t, sync_t = [], [], []
    said = sync_said = ""
    for _ in range(max(reps * 2, 5)):
        done = run(fetch_cmd, tool_env)
        fetch_t.append(done.seconds)
        said = done.stdout.strip()
        git_t.append(run(git_cmd, tool_env).seconds)
        done = run(sync_cmd, tool_env)
        sync_t.append(done.seconds)
        sync_said = done.stdout.strip()
    if "nothing new" not in said:
        raise RuntimeError(f"the second fetch found something new: {said!r}")
    f, g, s = median(fetch_t), median(git_t), median(sync_t)
    ratio = f / (g + s)
    row(
        "1c `codegen fetch` with nothing new vs a bare `git fetch` + the no-op sync",
        f"{ms(f)} vs {ms(g)} + {ms(s)} = {ratio:.2f}x",
        "<= 1.2x",
        ratio <= 1.2,
        "fetch_nothing_new",
        fetch_s=f,
        git_fetch_s=g,
        noop_sync_s=s,
        ratio=ratio,
        runs=len(fetch_t),
        fetch_said=said,
        sync_said=sync_said,
    )
