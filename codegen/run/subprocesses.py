"""Programs a run starts (mkdocs, the import check) end with the run.

A run killed with SIGKILL cannot stop its children itself; left alone, a
mkdocs build would go on writing into a staging folder that the next run has
already removed. On Linux the kernel kills them with their parent.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
from typing import Any

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    """subprocess.run, with the child bound to this process's life where the OS allows."""
    if sys.platform.startswith("linux"):
        options["preexec_fn"] = _die_with_parent
    return subprocess.run(command, **options)
