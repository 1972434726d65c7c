"""Stage 9 (codegen/run/output.py): a run never leaves a broken tree, killed, doubled, out of disk, read-only or refused a name.

"The tree" is everything a run generates: the spec, the package, docs/,
mkdocs.yml and site/. After anything goes wrong it must be exactly the
state before the run or exactly the state after it, with no stray folder.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from codegen.errors import WriteError
from codegen.run import output
from tests.conftest import (
    ROOT,
    SEED,
    checked_up_to_date,
    codegen_command,
    codegen_env,
    one_line_error,
    run_codegen,
    run_python,
    snapshot,
)

GENERATED = ("spec", "generated/xt_errors", "docs", "mkdocs.yml", "mkdocs.zh.yml", "site")


def tree_files(tree: Path) -> dict[str, bytes]:
    """The generated set, file by file (bytecode caches aside)."""
    return snapshot(tree, GENERATED)


def strays(tree: Path) -> list[str]:
    """Anything a run leaves behind that is neither the tree nor the lock and stamp."""
    expected = {"spec", "generated", "docs", "mkdocs.yml", "mkdocs.zh.yml", "site", ".codegen-cache"}
    found = [p.name for p in tree.iterdir() if p.name not in expected]
    cache = tree / ".codegen-cache"
    if cache.is_dir():
        found += [f".codegen-cache/{p.name}" for p in cache.iterdir() if p.name not in ("lock", "stamp.json")]
    return found


def changed_source(folder: Path, wording: str = "reworded") -> Path:
    """The seed page with one description changed and one code added."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("    | AUTH_001 |"))
    lines[at] = f"    | AUTH_001 | the appkey header is missing ({wording}) |"
    lines.insert(at + 1, "    | AUTH_077 | a code added by the test |")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SEED.name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """Finished trees: `old` from the seed, `new` from the changed page, with their sites, and
    `other` from a page changed otherwise, without its site (only compared without sites)."""
    base = tmp_path_factory.mktemp("states")
    new_source = changed_source(base / "source")
    other_source = changed_source(base / "other-source", "worded otherwise")
    old, new, other = base / "old", base / "new", base / "other"
    assert run_codegen("--source", SEED, "--out", old).returncode == 0
    shutil.copytree(old, new)
    result = run_codegen("--source", new_source, "--out", new)
    assert result.returncode == 0, result.stderr
    shutil.copytree(new, other)
    assert run_codegen("--source", other_source, "--out", other, "--no-site").returncode == 0
    return {"old": old, "new": new, "new_source": new_source, "other_source": other_source,
            "snapshots": {"old": tree_files(old), "new": tree_files(new), "other": tree_files(other)}}


@pytest.fixture
def old_tree(states, tmp_path) -> Path:
    """A copy of the `old` tree to run on."""
    tree = tmp_path / "tree"
    shutil.copytree(states["old"], tree)
    return tree


def start_codegen(*args: str | Path) -> subprocess.Popen[str]:
    """`python -m codegen ARGS` started in the background, its output piped as text."""
    return subprocess.Popen(codegen_command(*args), env=codegen_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def which_state(tree: Path, states, site: bool = True) -> str | None:
    now = tree_files(tree)
    for name, expected in states["snapshots"].items():
        if not site:
            expected = {k: v for k, v in expected.items() if not k.startswith("site/")}
            now_cmp = {k: v for k, v in now.items() if not k.startswith("site/")}
        else:
            now_cmp = now
        if now_cmp == expected:
            return name
    return None


def kill_trial(states, tmp_path: Path, delay: float, site: bool) -> tuple[str | None, str, str]:
    tree = tmp_path / f"trial-{random.randrange(10**9)}"
    shutil.copytree(states["old"], tree)
    args = ["--source", states["new_source"], "--out", tree, "--force"]
    if not site:
        args.append("--no-site")
    process = subprocess.Popen(
        codegen_command(*args), env=codegen_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # What --check says right after the kill: it first finishes or undoes the run.
    check = run_codegen("--check", "--source", states["new_source"], "--out", tree, *([] if site else ["--no-site"]))
    state = which_state(tree, states, site=site)
    return state, check.stdout + check.stderr, ",".join(strays(tree))


def run_duration(states, tmp_path: Path, site: bool) -> float:
    tree = tmp_path / "timing"
    shutil.copytree(states["old"], tree)
    args = ["--source", states["new_source"], "--out", tree, "--force"] + ([] if site else ["--no-site"])
    started = time.monotonic()
    subprocess.run(codegen_command(*args), env=codegen_env(), capture_output=True, check=True)
    return time.monotonic() - started


def test_kill_at_random_moments_leaves_old_or_new(states, tmp_path):
    rng = random.Random(11)
    duration = run_duration(states, tmp_path, site=False)
    outcomes = []
    for _ in range(12):
        state, said, left = kill_trial(states, tmp_path, rng.uniform(duration * 0.3, duration * 1.1), site=False)
        outcomes.append(state)
        assert state is not None, f"a mixed tree; --check said: {said}"
        assert left == "", f"left behind: {left}"
        if state == "new":
            assert "up to date" in said, said
        else:
            assert "stale" in said, said
    # Not a timing assertion: the trials are only useful if they hit both sides.
    print("kill outcomes:", outcomes)


def test_kill_during_a_site_build_leaves_old_or_new(states, tmp_path):
    rng = random.Random(12)
    duration = run_duration(states, tmp_path, site=True)
    for _ in range(3):
        state, said, left = kill_trial(states, tmp_path, rng.uniform(duration * 0.3, duration * 1.05), site=True)
        assert state is not None, f"a mixed tree; --check said: {said}"
        assert left == ""


@pytest.mark.parametrize("crash_after", range(0, 40, 3))
def test_a_switch_cut_short_anywhere_is_completed_by_the_next_run(states, tmp_path, monkeypatch, crash_after):
    """The switch renames files one by one; cut it after any of them, as a kill would."""
    tree = tmp_path / "tree"
    shutil.copytree(states["old"], tree)
    new = states["snapshots"]["new"]
    files = {name: content.decode() for name, content in new.items() if not name.startswith("site/")}
    plan = output.plan(tree, files)
    staging = output.Staging(tree)
    staging.write_tree(files)
    shutil.copytree(states["new"] / "site", staging.sites / "site")
    real_replace, real_rename, calls = os.replace, os.rename, []

    def crashing(real):
        def move(source, target):
            calls.append(target)
            if len(calls) > crash_after and str(target).startswith(str(tree)) and ".codegen-cache" not in str(target):
                raise KeyboardInterrupt  # stands for SIGKILL: nothing after it runs
            return real(source, target)
        return move

    monkeypatch.setattr(os, "replace", crashing(real_replace))
    monkeypatch.setattr(os, "rename", crashing(real_rename))
    try:
        staging.switch(plan, ["site"])
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    said = output.recover(tree)
    assert tree_files(tree) == new
    assert strays(tree) == []
    if said is not None:
        assert said.startswith("completed an interrupted run") and "\n" not in said


def test_a_run_killed_before_its_switch_is_undone_in_one_line(states, old_tree):
    tree = old_tree
    staging = output.Staging(tree)
    staging.write_tree({"docs/index.md": "half a run\n"})
    result = run_codegen("--check", "--source", SEED, "--out", tree)
    assert checked_up_to_date(result), result.stderr
    assert result.stderr.startswith("undid an interrupted run")
    assert [line for line in result.stderr.splitlines() if ": to curate: " not in line] == [result.stderr.splitlines()[0]]
    assert tree_files(tree) == states["snapshots"]["old"] and strays(tree) == []


def test_stray_site_folders_of_older_versions_are_removed(old_tree):
    tree = old_tree
    (tree / ".site-new-abc123" / "assets").mkdir(parents=True)
    assert run_codegen("--source", SEED, "--out", tree, "--no-site").returncode == 0
    assert strays(tree) == []


def test_two_runs_at_once_never_interleave(states, tmp_path):
    for trial in range(5):
        tree = tmp_path / f"pair-{trial}"
        shutil.copytree(states["new"], tree)
        first = ["--source", states["new_source"], "--out", tree, "--force", "--no-site"]
        second = ["--source", states["other_source"], "--out", tree, "--force", "--no-site"]
        runs = [start_codegen(*args) for args in (first, second)]
        for run in runs:
            out, err = run.communicate(timeout=300)
            assert run.returncode == 0, err
            assert "Traceback" not in err
        assert which_state(tree, states, site=False) in ("new", "other")
        assert strays(tree) == []


def test_the_lock_makes_a_second_run_wait(states, old_tree):
    tree = old_tree
    with output.lock(tree):
        waiting = start_codegen("--source", states["new_source"], "--out", tree, "--no-site")
        err_line = waiting.stderr.readline()
        assert "waiting for another run" in err_line
        assert waiting.poll() is None
        assert tree_files(tree) == states["snapshots"]["old"]
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err


def test_a_run_waiting_on_a_fresh_tree_survives_the_first_removing_the_lock(old_tree):
    # A tree without .codegen-cache (a fresh clone): the first run made the lock's
    # folder only to hold the lock, and removes it when it wrote nothing.
    tree = old_tree
    shutil.rmtree(tree / ".codegen-cache", ignore_errors=True)
    with output.lock(tree):
        waiting = start_codegen("--check", "--source", SEED, "--out", tree, "--no-site")
        assert "waiting for another run" in waiting.stderr.readline()
    out, err = waiting.communicate(timeout=300)
    finished = subprocess.CompletedProcess(waiting.args, waiting.returncode, out, err)
    assert checked_up_to_date(finished), err


# -- faults of the machine ------------------------------------------------------------


def mount_tmpfs(path: Path, size: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")


@pytest.fixture
def tmpfs(tmp_path):
    mounted = tmp_path / "mnt"
    yield mounted
    subprocess.run(["umount", str(mounted)], capture_output=True)


def test_a_read_only_tree_gives_one_line_and_stays(states, tmpfs):
    mount_tmpfs(tmpfs, "20m")
    tree = tmpfs / "tree"
    shutil.copytree(states["old"], tree)
    before = tree_files(tree)
    remount = subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], capture_output=True, text=True)
    if remount.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
    result = run_codegen("--source", states["new_source"], "--out", tree, "--no-site")
    assert "Read-only file system" in one_line_error(result, status=(1, 2))
    assert tree_files(tree) == before
    check = run_codegen("--check", "--source", SEED, "--out", tree)
    assert checked_up_to_date(check), check.stderr


def test_a_full_disk_gives_one_line_and_stays(states, tmpfs):
    mount_tmpfs(tmpfs, "4m")
    tree = tmpfs / "tree"
    shutil.copytree(states["old"], tree, ignore=shutil.ignore_patterns("site"))
    before = tree_files(tree)
    # Leave less room than a second copy of the tree needs.
    free = shutil.disk_usage(tmpfs).free
    (tmpfs / "filler").write_bytes(b"\0" * max(free - 64 * 1024, 0))
    result = run_codegen("--source", states["new_source"], "--out", tree, "--no-site")
    assert "No space left on device" in one_line_error(result, status=1)
    assert tree_files(tree) == before
    assert strays(tree) == []


def test_a_name_the_file_system_refuses_gives_one_line_and_stays(old_tree):
    tree = old_tree
    # A curated enum name of 284 characters names its site folder: too long for Linux.
    spec = tree / "spec" / "catalog.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("    enum: MessageCode\n", f"    enum: {'Long' * 70}Code\n", 1), encoding="utf-8")
    before = tree_files(tree)
    result = run_codegen("--source", SEED, "--out", tree, "--no-site")
    assert "File name too long" in one_line_error(result, status=1)
    assert tree_files(tree) == before and strays(tree) == []


def test_a_failed_site_build_keeps_the_old_tree(states, old_tree, tmp_path):
    tree = old_tree
    # A stand-in for mkdocs, first on the path, that fails as a strict build does.
    fake = tmp_path / "fake" / "mkdocs"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text(
        "import sys\nprint('WARNING -  Doc file contains a link to missing.md')\nsys.exit(1)\n"
    )
    env = {"PYTHONPATH": f"{fake.parent}{os.pathsep}{ROOT}"}
    result = run_codegen("--source", states["new_source"], "--out", tree, env=env)
    said = one_line_error(result, status=1)
    assert said.startswith("mkdocs build failed") and "missing.md" in said
    assert tree_files(tree) == states["snapshots"]["old"] and strays(tree) == []


def test_a_write_error_names_the_file():
    error = WriteError("docs/x.md", "write", "No space left on device")
    assert str(error) == "docs/x.md: cannot write: No space left on device"


# -- modes, relative --out, and agreement with --check ----------------------------------


def test_files_and_folders_get_the_usual_modes(tmp_path):
    tree = tmp_path / "tree"
    result = subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$@"', "sh", *codegen_command("--source", SEED, "--out", tree)],
        env=codegen_env(), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    for path in [tree, *tree.rglob("*")]:
        if "__pycache__" in path.parts:
            continue
        mode = path.stat().st_mode & 0o777
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_unreadable_files_of_older_versions_are_rewritten(old_tree):
    tree = old_tree
    (tree / "generated" / "xt_errors" / "_codes.py").chmod(0o600)
    check = run_codegen("--check", "--source", SEED, "--out", tree, "--no-site")
    assert check.returncode == 1 and "_codes.py" in check.stderr
    assert run_codegen("--source", SEED, "--out", tree, "--no-site").returncode == 0
    assert (tree / "generated" / "xt_errors" / "_codes.py").stat().st_mode & 0o777 == 0o644


def test_a_relative_out_builds_the_site_inside_it(tmp_path):
    result = run_codegen("--source", SEED, "--out", "relout", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "relout" / "site" / "index.html").is_file()
    assert not (tmp_path / "relout" / "relout").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relout"]


def test_a_plain_run_and_check_agree_about_a_stray_file(old_tree):
    tree = old_tree
    (tree / "docs" / "stray.md").write_text("not generated\n")
    check = run_codegen("--check", "--source", SEED, "--out", tree)
    assert check.returncode == 1 and "docs/stray.md" in check.stderr
    plain = run_codegen("--source", SEED, "--out", tree)
    assert "up to date" not in plain.stdout and "1 removed" in plain.stdout
    assert not (tree / "docs" / "stray.md").exists()
    assert checked_up_to_date(run_codegen("--check", "--source", SEED, "--out", tree))


def test_the_switched_package_imports(states):
    result = run_python("import xt_errors; print(xt_errors.MessageCode.AUTH_077.description)",
                        states["new"] / "generated")
    assert result.stdout.strip() == "a code added by the test"
