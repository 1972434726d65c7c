"""Run one command and report its peak RSS, where GNU time is missing.

    python rss_wrapper_child.py CMD [ARGS...]

The command is this process's only child, so RUSAGE_CHILDREN is its own peak.
Prints `@@ SECONDS MAXRSS_KB RETURNCODE` as the last line.
"""

import resource
import subprocess
import sys
import time

t = time.perf_counter()
p = subprocess.run(sys.argv[1:])
t = time.perf_counter() - t
print("@@", t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)
