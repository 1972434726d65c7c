"""Running the `git` command the same way on every machine.

A fetch runs unattended (a maintainer's terminal, a scheduled job), so git
must never stop to ask for a password or a passphrase, never page, and never
hang on a dead network: each command runs with an environment that forbids
prompts, and network commands with a timeout that ends git together with the
helpers it started (ssh, the HTTP transport). Messages are git's own,
untranslated (`LC_ALL=C`), reduced to the one line that says what went wrong.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

from codegen.fetch.errors import GitCommandError, GitMissingError

GIT = "git"
# The oldest git whose pretty formats read trailers as the commits' facts need
# (`%(trailers:key=...,valueonly,separator=...)`).
MINIMUM_VERSION = (2, 24)

# Seconds a fetch or a reachability check may take before it is stopped. A
# stalled HTTP transfer is stopped sooner, by git itself (see _NEVER_WAIT).
NETWORK_TIMEOUT = 600.0

# Variables that point git at another repository or configuration than the
# one we name (`git rev-parse --local-env-vars`): set when the generator runs
# from a git hook, they would redirect every command.
_LOCAL_REPOSITORY_VARIABLES = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_PREFIX",
    "GIT_INTERNAL_SUPER_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR",
)

_NEVER_WAIT = {
    "LC_ALL": "C",  # messages in English, as the error lines quote them
    "LANGUAGE": "",
    "GIT_TERMINAL_PROMPT": "0",  # no username or password prompt
    "GIT_ASKPASS": "",  # set but empty: no graphical askpass either
    "SSH_ASKPASS": "",
    "GCM_INTERACTIVE": "never",  # Git Credential Manager: fail, never ask
    "GIT_PAGER": "cat",
    "GIT_LITERAL_PATHSPECS": "1",  # a folder named `a*` means that folder
    "GIT_HTTP_LOW_SPEED_LIMIT": "1000",  # an HTTP transfer under 1 kB/s ...
    "GIT_HTTP_LOW_SPEED_TIME": "60",  # ... for a minute is given up
}

# ssh asks for passphrases and host keys on the terminal; BatchMode fails instead.
# The keep-alives end a connection that stalls (about a minute without answer).
_SSH_COMMAND = (
    "ssh -o BatchMode=yes -o ConnectTimeout=30"
    " -o ServerAliveInterval=15 -o ServerAliveCountMax=4"
)


def environment() -> dict[str, str]:
    """The caller's environment, made safe for unattended git commands.

    A maintainer's own ssh command (GIT_SSH_COMMAND, GIT_SSH) is kept: it may
    name a key or a proxy the upstream needs.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in _LOCAL_REPOSITORY_VARIABLES
    }
    env.update(_NEVER_WAIT)
    if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        env["GIT_SSH_COMMAND"] = _SSH_COMMAND
    return env


def run(
    arguments: Sequence[str],
    *,
    git_dir: Path | None = None,
    stdin: bytes | None = None,
    timeout: float | None = None,
    config: Sequence[str] = (),
    holding: int | None = None,
) -> bytes:
    """Run one git command and return what it wrote to stdout.

    `git_dir` names the repository (never the working folder's), `config`
    holds `name=value` settings for this command only. `holding` is the file
    descriptor of a lock the caller holds: git inherits it, so the lock stays
    held as long as git works, even when this process is killed before it.
    (Binding git to our life instead, with a `preexec_fn`, would force a
    full fork of the generator: about 20 ms per command at 300 MB.)

    Raises GitMissingError when git cannot be started, GitCommandError when
    the command fails or outlives `timeout` seconds.
    """
    command = [GIT]
    if git_dir is not None:
        command.append(f"--git-dir={git_dir}")
    for setting in config:
        command += ["-c", setting]
    command += arguments
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(),
            # its own process group, so that a timeout ends its helpers too
            start_new_session=True,
            pass_fds=() if holding is None else (holding,),
        )
    except (FileNotFoundError, PermissionError, NotADirectoryError):
        raise GitMissingError(
            "cannot run git: it is not installed or not on PATH; install git to fetch upstream pages"
        ) from None
    with process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            _end_group(process)
            raise GitCommandError(
                arguments[0],
                f"no answer within {timeout:g} seconds",
                timed_out=True,
            ) from None
        except BaseException:  # ^C reaches us only: git is in a session of its own
            _end_group(process)
            raise
    if process.returncode != 0:
        raise GitCommandError(arguments[0], reason(stderr, process.returncode))
    return stdout


def _end_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def reason(stderr: bytes, returncode: int = 1) -> str:
    """The line of git's messages that says what went wrong.

    The diagnosis comes first, from git (`fatal: '/x' does not appear to be a
    git repository`) or from the tool it ran (`ssh: connect to host ...:
    Connection refused`); general advice ("Please make sure you have the
    correct access rights") and warnings come around it.
    """
    for line in stderr.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line and not line.startswith(("warning:", "hint:")):
            for prefix in ("fatal:", "error:"):
                line = line.removeprefix(prefix).strip()
            return line
    return f"exit status {returncode}"


def check_version() -> None:
    """Raise GitMissingError when the git found is older than MINIMUM_VERSION.

    Asked only once a command failed: an older git fails on the options we
    give, and that must not pass for a damaged repository.
    """
    found = run(["version"]).decode("utf-8", "replace").strip()
    numbers = re.match(r"git version (\d+)\.(\d+)", found)
    if numbers and (int(numbers[1]), int(numbers[2])) < MINIMUM_VERSION:
        needed = ".".join(map(str, MINIMUM_VERSION))
        raise GitMissingError(
            f"git {needed} or later is needed to fetch upstream pages; this is {found}"
        )
