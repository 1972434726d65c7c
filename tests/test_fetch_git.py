"""The git layer of `codegen fetch`: a cache of an upstream, brought up to date and read.

Every repository here is built by the test, with fixed dates and messages, in a
temporary folder; the only server is on 127.0.0.1. The upstream's main branch
copies what XT's has: commits whose messages carry `Upstream-Commit:`
trailers, a folder renamed, and a merge whose second parent is a side branch
forked before a page changed (following it would bring the old page back).
"""

from __future__ import annotations

import fcntl
import io
import os
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from codegen.fetch import git
from codegen.fetch.cache import UpstreamCache
from codegen.fetch.errors import (
    CacheError,
    FetchError,
    GitMissingError,
    UnknownRefError,
    UpstreamUnreachableError,
)
from codegen.fetch.repository import Repository
from tests.conftest import Answering, loopback
from tests.conftest import GitBuilder as Builder
from tests.conftest import hermetic_git as _hermetic

OLD_FUTURES = b"| 200 | Success |\n| 401 | Login required |\n"
NEW_FUTURES = b"| **400** | Bad request |\n| **200** | Success |\n"
SPOT = b"---\nid: ErrorCode\n---\n\n| mc | Message |\n| --- | --- |\n" + b"".join(
    b"| SYMBOL_%03d | Symbol problem number %d |\n" % (n, n) for n in range(40)
)
SPOT_EDITED = SPOT.replace(b"number 7 |", b"number seven |")
ODD_BYTES = b"line one\r\nline two \xff\xfe not UTF-8\r\n"
PREFIXES = ("docs", "i18n/")


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The upstream repository; returns its path and its commits' ids by name."""
    root = tmp_path_factory.mktemp("upstream")
    repo = Builder(root / "repo", root / "home")
    ids = {"path": str(repo.folder)}
    ids["init"] = repo.commit(
        "feat: init project\n\nUpstream-Commit: " + "1" * 40,
        "2025-08-27T11:59:26+08:00",
        {
            "docs/spot/AccessDescription/errorCode.mdx": SPOT,
            "docs/futures/errorCode.mdx": OLD_FUTURES,
            "i18n/zh/spot/errorCode.mdx": b"| mc | \xe6\xb6\x88\xe6\x81\xaf |\n",
            "docs-old/lookalike.mdx": b"not under docs/\n",
            "website/config.ts": b"export default {}\n",
        },
    )
    (repo.folder / "docs" / "link.mdx").symlink_to("futures/errorCode.mdx")
    repo.git("mv", "docs/spot/AccessDescription", "docs/spot/Access Description")
    ids["rename"] = repo.commit(
        "move pages\n\nCo-Authored-By: Someone <someone@example.invalid>\nUpstream-Commit: " + "2" * 40,
        "2025-09-12T10:00:00+08:00",
        {"docs/spot/Access Description/errorCode.mdx": SPOT_EDITED},
    )
    repo.git("tag", "-a", "v1", "-m", "version one", date="2025-09-12T10:00:00+08:00")
    repo.git("branch", "side")
    # late in the evening west of UTC: already the next day in UTC
    ids["futures"] = repo.commit(
        "update futures page",
        "2025-12-04T23:30:00-05:00",
        {"docs/futures/errorCode.mdx": NEW_FUTURES},
    )
    repo.git("checkout", "--quiet", "side")
    ids["side"] = repo.commit(
        "fix_replace_baseUrl\n\nUpstream-Commit: " + "3" * 40,
        "2025-12-19T12:00:00+08:00",
        {"website/config.ts": b"export default {baseUrl: '/'}\n"},
    )
    repo.git("checkout", "--quiet", "main")
    repo.git(
        "merge",
        "--quiet",
        "--no-ff",
        "-m",
        "Merge side\n\nUpstream-Commit: " + "4" * 40,
        "side",
        date="2026-01-27T09:00:00+08:00",
    )
    ids["merge"] = repo.git("rev-parse", "HEAD")
    ids["last"] = repo.commit(
        "drop the Chinese page\n\nUpstream-Commit: " + "5" * 40 + "\nSigned-off-by: Someone <someone@example.invalid>",
        "2026-02-02T17:37:46+08:00",
        {
            "i18n/zh/spot/errorCode.mdx": None,
            "docs/spot/Access Description/中文 page.mdx": ODD_BYTES,
        },
    )
    repo.git("tag", "main", ids["init"])  # a tag named like the branch
    repo.git("bundle", "create", str(root / "upstream.bundle"), "--all")
    ids["bundle"] = str(root / "upstream.bundle")
    return ids


@pytest.fixture(autouse=True)
def hermetic_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in _hermetic({}, tmp_path / "home").items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def cache(tmp_path: Path) -> UpstreamCache:
    return UpstreamCache(tmp_path / "tree", "xtapis")


# -- bringing the cache up to date ----------------------------------------------------------


def test_first_update_makes_a_bare_mirror_of_every_branch_and_tag(cache, upstream):
    repository = cache.update(upstream["path"])
    assert cache.path == cache.folder / "xtapis.git"
    assert cache.path.parent.parent.name == ".codegen-cache"
    assert (cache.path / "HEAD").is_file() and not (cache.path / ".git").exists()
    assert repository.branches() == ["main", "side"]
    assert repository.tags() == ["main", "v1"]
    assert repository.resolve("main") == upstream["last"]
    assert sorted(p.name for p in cache.folder.iterdir()) == [
        "xtapis.git",
        "xtapis.lock",
    ]


@pytest.mark.parametrize("form", ["bundle", "file URL", "relative path"])
def test_update_reads_a_bundle_a_file_url_or_a_relative_path(cache, upstream, form, monkeypatch):
    source = {
        "bundle": upstream["bundle"],
        "file URL": Path(upstream["path"]).as_uri(),
        "relative path": os.path.relpath(upstream["path"]),
    }[form]
    repository = cache.update(source)
    assert repository.resolve("main") == upstream["last"]
    assert repository.commit("side").id == upstream["side"]


def test_update_with_nothing_new_keeps_the_cache_and_its_answers(cache, upstream):
    first = cache.update(upstream["bundle"])
    before = first.files("main", PREFIXES)
    inode = cache.path.stat().st_ino
    again = cache.update(upstream["bundle"])
    assert cache.path.stat().st_ino == inode  # updated in place, not rebuilt
    assert again.files("main", PREFIXES) == before


def test_update_from_a_rewritten_or_unrelated_upstream_replaces_every_ref(cache, upstream, tmp_path):
    cache.update(upstream["path"])
    other = Builder(tmp_path / "other", tmp_path / "home")
    tip = other.commit("unrelated start", "2026-03-10T10:55:00+08:00", {"docs/new.mdx": b"new\n"})
    repository = cache.update(str(other.folder))
    assert repository.branches() == ["main"]  # `side` is gone with the old upstream
    assert repository.tags() == []
    assert repository.resolve("main") == tip
    assert repository.files("main") == {"docs/new.mdx": b"new\n"}


# -- refs and commits --------------------------------------------------------------------------


def test_resolve_takes_branches_tags_full_refs_and_commit_ids(cache, upstream):
    repository = cache.update(upstream["path"])
    assert repository.resolve("main") == upstream["last"]  # the branch, not the tag `main`
    assert repository.resolve("refs/tags/main") == upstream["init"]
    assert repository.resolve("v1") == upstream["rename"]  # an annotated tag, peeled
    assert repository.resolve(upstream["futures"]) == upstream["futures"]
    assert repository.resolve(upstream["futures"][:9]) == upstream["futures"]


def test_commit_gives_its_provenance_date_and_subject(cache, upstream):
    repository = cache.update(upstream["bundle"])
    init = repository.commit(upstream["init"])
    assert (init.provenance, init.parents) == ("1" * 40, ())
    assert (init.date, init.timestamp) == ("2025-08-27", "2025-08-27T11:59:26+08:00")
    assert init.subject == "feat: init project"
    # the trailer among others, and before another
    assert repository.commit(upstream["rename"]).provenance == "2" * 40
    assert repository.commit("main").provenance == "5" * 40
    # no trailer: the commit itself; its date is the author's day, not UTC's
    futures = repository.commit(upstream["futures"])
    assert futures.provenance == futures.id == upstream["futures"]
    assert (futures.date, futures.timestamp) == (
        "2025-12-04",
        "2025-12-04T23:30:00-05:00",
    )
    merge = repository.commit(upstream["merge"])
    assert merge.parents == (upstream["futures"], upstream["side"])
    assert merge.subject == "Merge side"


# -- files -------------------------------------------------------------------------------------


def test_files_of_a_commit_under_prefixes_byte_for_byte(cache, upstream):
    repository = cache.update(upstream["path"])
    assert repository.files("main", PREFIXES) == {
        "docs/futures/errorCode.mdx": NEW_FUTURES,
        "docs/spot/Access Description/errorCode.mdx": SPOT_EDITED,
        "docs/spot/Access Description/中文 page.mdx": ODD_BYTES,
    }  # not the symlink, nor docs-old/ that only starts like docs
    assert repository.files(upstream["init"], ["i18n"]) == {"i18n/zh/spot/errorCode.mdx": "| mc | 消息 |\n".encode()}
    everything = repository.files("main")
    assert set(everything) == {
        "docs/futures/errorCode.mdx",
        "docs/spot/Access Description/errorCode.mdx",
        "docs/spot/Access Description/中文 page.mdx",
        "docs-old/lookalike.mdx",
        "website/config.ts",
    }


def test_reading_many_files_starts_a_fixed_number_of_git_processes(cache, upstream, tmp_path, monkeypatch):
    many = Builder(tmp_path / "many", tmp_path / "home")
    pages = {f"docs/page-{n:03d}.mdx": b"page %d\n" % n for n in range(300)}
    many.commit("many pages", "2026-01-01T00:00:00+00:00", dict(pages))
    repository = cache.update(str(many.folder))
    commands: list[str] = []
    real_run = git.run

    def counted(arguments, **options):
        commands.append(arguments[0])
        return real_run(arguments, **options)

    monkeypatch.setattr(git, "run", counted)
    assert repository.files("main", ["docs"]) == pages
    assert commands == ["cat-file", "ls-tree", "cat-file"]  # resolve, list, read


# -- history -----------------------------------------------------------------------------------


def test_history_follows_first_parents_with_renames_oldest_first(cache, upstream):
    repository = cache.update(upstream["bundle"])
    history = repository.history("main", PREFIXES)
    ids = [step.commit.id for step in history]
    assert ids == [upstream[name] for name in ("init", "rename", "futures", "merge", "last")]
    assert upstream["side"] not in ids  # the side branch joins as a second parent only
    changes = {step.commit.id: {(c.status, c.old_path, c.path) for c in step.changes} for step in history}
    assert changes[upstream["init"]] == {
        ("A", None, "docs/spot/AccessDescription/errorCode.mdx"),
        ("A", None, "docs/futures/errorCode.mdx"),
        ("A", None, "i18n/zh/spot/errorCode.mdx"),
    }
    assert changes[upstream["rename"]] == {
        (
            "R",
            "docs/spot/AccessDescription/errorCode.mdx",
            "docs/spot/Access Description/errorCode.mdx",
        )
    }
    assert changes[upstream["futures"]] == {("M", "docs/futures/errorCode.mdx", "docs/futures/errorCode.mdx")}
    assert changes[upstream["merge"]] == set()  # nothing under the prefixes against its first parent
    assert changes[upstream["last"]] == {
        ("D", "i18n/zh/spot/errorCode.mdx", "i18n/zh/spot/errorCode.mdx"),
        ("A", None, "docs/spot/Access Description/中文 page.mdx"),
    }
    assert [step.commit.provenance[0] for step in history] == [
        "1",
        "2",
        upstream["futures"][0],
        "4",
        "5",
    ]


def test_replaying_a_history_gives_the_files_of_its_tip_and_never_the_old_page(cache, upstream):
    repository = cache.update(upstream["path"])
    history = repository.history("main", PREFIXES)
    contents = repository.read_blobs(c.blob for step in history for c in step.changes if c.blob)
    files: dict[str, bytes] = {}
    for step in history:
        for change in step.changes:
            if change.status in ("D", "R"):
                del files[change.old_path]
            if change.blob is not None:
                files[change.path] = contents[change.blob]
        if step.commit.id in (upstream["merge"], upstream["last"]):
            assert files["docs/futures/errorCode.mdx"] == NEW_FUTURES
    assert files == repository.files("main", PREFIXES)
    renamed = next(c for c in history[1].changes if c.status == "R")
    old = repository.read_blobs([renamed.old_blob])[renamed.old_blob]
    assert (old, contents[renamed.blob]) == (SPOT, SPOT_EDITED)


# -- failures: one line each, and the cache kept or recovered --------------------------------------


def _one_line(error: pytest.ExceptionInfo[FetchError]) -> str:
    message = str(error.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


def test_git_missing(cache, upstream, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(GitMissingError) as error:
        cache.update(upstream["path"])
    assert "install git" in _one_line(error)
    assert sorted(p.name for p in cache.folder.iterdir()) == ["xtapis.lock"]  # no half-made cache


@pytest.mark.parametrize("source", ["missing/repository", "file:///nonexistent/repository.git"])
def test_unreachable_upstream_leaves_the_cache_as_it_was(cache, upstream, source):
    cache.update(upstream["path"])
    with pytest.raises(UpstreamUnreachableError) as error:
        cache.update(source)
    message = _one_line(error)
    assert message.startswith(f"cannot fetch from {source}: ")
    assert cache.repository().resolve("main") == upstream["last"]


def test_a_file_that_is_not_a_repository_is_unreachable(cache, tmp_path):
    not_a_bundle = tmp_path / "pages.bundle"
    not_a_bundle.write_text("not a bundle\n")
    with pytest.raises(UpstreamUnreachableError) as error:
        cache.update(str(not_a_bundle))
    assert _one_line(error).startswith(f"cannot fetch from {not_a_bundle}: ")
    assert not cache.path.exists()


def test_a_bundle_cut_short_is_unreachable_and_the_old_cache_stays(cache, upstream, tmp_path):
    other = Builder(tmp_path / "other", tmp_path / "home")
    tip = other.commit("another upstream", "2026-03-10T10:55:00+08:00", {"docs/other.mdx": b"other\n"})
    cut = tmp_path / "cut.bundle"
    whole = Path(upstream["bundle"]).read_bytes()
    cut.write_bytes(whole[: len(whole) - 200])  # its refs readable, its objects not
    with pytest.raises(UpstreamUnreachableError) as error:
        cache.update(str(cut))
    assert _one_line(error).startswith(f"cannot fetch from {cut}: ")
    assert not cache.path.exists()
    cache.update(str(other.folder))
    with pytest.raises(UpstreamUnreachableError):
        cache.update(str(cut))  # the refs answer, so the cache is rebuilt: that fails too
    assert cache.repository().resolve("main") == tip  # the old cache, whole
    assert sorted(p.name for p in cache.folder.iterdir()) == ["xtapis.git", "xtapis.lock"]


def test_no_upstream_given(cache, monkeypatch, upstream):
    monkeypatch.chdir(upstream["path"])  # not taken for the folder it is run in
    with pytest.raises(UpstreamUnreachableError) as error:
        cache.update("")
    assert "no upstream given" in _one_line(error)


def test_a_server_that_asks_for_a_password_fails_without_asking(cache):
    class Locked(Answering):
        def do_GET(self) -> None:
            self.answer(401, {"WWW-Authenticate": 'Basic realm="upstream"'}, b"")

    with loopback(Locked) as url:
        with pytest.raises(UpstreamUnreachableError) as error:
            cache.update(f"{url}/xt-api.git", timeout=60)
    assert "terminal prompts disabled" in _one_line(error)


def test_a_server_that_never_answers_is_given_up_at_the_timeout(cache):
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never replies
    try:
        port = silent.getsockname()[1]
        with pytest.raises(UpstreamUnreachableError) as error:
            cache.update(f"http://127.0.0.1:{port}/xt-api.git", timeout=0.5)
    finally:
        silent.close()
    assert "no answer within 0.5 seconds" in _one_line(error)
    assert sorted(p.name for p in cache.folder.iterdir()) == ["xtapis.lock"]


def test_unknown_ref_names_the_branches_and_tags(cache, upstream):
    repository = cache.update(upstream["path"])
    for ref in ("nope", "0" * 40, "deadbeef", "main\nv1", ""):
        with pytest.raises(UnknownRefError) as error:
            repository.resolve(ref)
        assert _one_line(error).endswith("(branches: main, side; tags: main, v1)")
    with pytest.raises(UnknownRefError):
        repository.history("nope")


def test_a_clone_killed_midway_is_cleared_by_the_next_update(cache, upstream):
    # what a run killed during its first fetch leaves: a scratch folder, half-written
    scratch = cache.folder / "xtapis.new-k1ll3d" / "cache.git"
    git.run(["init", "--bare", "--quiet", str(scratch)])
    (scratch / "objects" / "pack" / "tmp_pack_half").write_bytes(b"PACK\x00\x00")
    repository = cache.update(upstream["bundle"])
    assert repository.resolve("main") == upstream["last"]
    assert sorted(p.name for p in cache.folder.iterdir()) == [
        "xtapis.git",
        "xtapis.lock",
    ]


@pytest.mark.parametrize("damage", ["not a repository", "stale ref locks", "refs to lost objects"])
def test_a_damaged_cache_is_repaired_or_rebuilt_by_the_next_update(cache, upstream, damage):
    cache.update(upstream["path"])
    inode = cache.path.stat().st_ino
    # the cache one commit behind, so that the next update has a ref to move
    git.run(["update-ref", "refs/heads/main", upstream["init"]], git_dir=cache.path)
    if damage == "not a repository":
        (cache.path / "HEAD").write_text("garbage\n")
        (cache.path / "config").unlink()
    elif damage == "stale ref locks":  # a git killed while it updated refs
        (cache.path / "refs" / "heads" / "main.lock").write_text("")
        (cache.path / "packed-refs.lock").write_text("")
    else:
        for folder in (cache.path / "objects").iterdir():
            if len(folder.name) == 2 or folder.name == "pack":
                for item in folder.iterdir():
                    item.unlink()
    repository = cache.update(upstream["path"])
    assert repository.resolve("main") == upstream["last"]
    assert repository.files("main", PREFIXES)["docs/futures/errorCode.mdx"] == NEW_FUTURES
    assert repository.history("main", PREFIXES)[0].commit.id == upstream["init"]
    if damage != "not a repository":  # repaired in place, without a new clone
        assert cache.path.stat().st_ino == inode


def test_a_blob_lost_from_the_cache_fails_clearly_and_the_next_update_rebuilds(cache, upstream):
    repository = cache.update(upstream["path"])
    blob = subprocess.run(
        ["git", f"--git-dir={cache.path}", "rev-parse", "refs/heads/main:docs/futures/errorCode.mdx"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    loose = cache.path / "objects" / blob[:2] / blob[2:]
    if not loose.exists():
        pytest.skip("the cache holds its objects packed")
    loose.unlink()
    with pytest.raises(CacheError) as error:
        repository.files("main", PREFIXES)
    assert _one_line(error).endswith("is removed: fetch again")
    assert not cache.path.exists()
    assert cache.update(upstream["path"]).files("main", PREFIXES)["docs/futures/errorCode.mdx"] == NEW_FUTURES


def test_asking_for_a_blob_by_another_id_is_a_mistake_not_damage(cache, upstream):
    repository = cache.update(upstream["path"])
    for wrong in (upstream["init"], upstream["init"][:4]):
        with pytest.raises(ValueError):
            repository.read_blobs([wrong])
    assert repository.resolve("main") == upstream["last"]  # the cache was kept


def test_a_git_too_old_is_named(cache, upstream, tmp_path, monkeypatch):
    repository = cache.update(upstream["path"])
    old = tmp_path / "old-bin"
    old.mkdir()
    fake = old / "git"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = version ]; then echo "git version 2.20.1"; exit 0; fi\n'
        'echo "fatal: invalid --pretty format" >&2; exit 128\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(old))
    with pytest.raises(GitMissingError) as error:
        repository.commit("main")
    assert _one_line(error).endswith("git 2.24 or later is needed to fetch upstream pages; this is git version 2.20.1")
    assert cache.path.exists()  # not taken for damage


def test_reading_before_any_update_says_to_fetch(cache):
    with pytest.raises(CacheError) as error:
        cache.repository()
    assert _one_line(error).endswith("fetch first")


def test_a_second_update_waits_for_the_first(cache, upstream, monkeypatch):
    cache.folder.mkdir(parents=True)
    holder = os.open(cache.folder / "xtapis.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)  # an update in progress elsewhere
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    results: list[Repository | BaseException] = []

    def update() -> None:
        try:
            results.append(cache.update(upstream["path"]))
        except BaseException as error:  # handed to the test's thread
            results.append(error)

    waiting = threading.Thread(target=update)
    waiting.start()
    try:
        for _ in range(6000):  # until it says so (a minute at most, should it never)
            if "waiting for another fetch" in stderr.getvalue():
                break
            assert waiting.is_alive(), results
            threading.Event().wait(0.01)
        assert "waiting for another fetch" in stderr.getvalue()
        assert not cache.path.exists()  # it waited before touching anything
    finally:
        os.close(holder)  # the first update ends
        waiting.join(timeout=60)
    assert isinstance(results[0], Repository)
    assert results[0].resolve("main") == upstream["last"]


def test_updates_at_the_same_time_leave_one_whole_cache(cache, upstream):
    results: list[str | BaseException] = []

    def update() -> None:
        try:
            results.append(cache.update(upstream["bundle"]).resolve("main"))
        except BaseException as error:
            results.append(error)

    threads = [threading.Thread(target=update) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [upstream["last"]] * 3
    assert sorted(p.name for p in cache.folder.iterdir()) == [
        "xtapis.git",
        "xtapis.lock",
    ]


def test_a_cache_key_is_a_plain_name(tmp_path):
    for key in ("../escape", "a/b", "", ".hidden"):
        with pytest.raises(ValueError):
            UpstreamCache(tmp_path, key)
