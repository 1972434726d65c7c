"""Time `import MODULE` as a user's script started in the working folder would.

    python import_child.py MODULE

Prints the seconds around the import itself and the file it loaded, so a run
that picked up another copy of the module fails instead of measuring it.
"""

import sys
import time

# Run as a file, this script's own folder would come first on sys.path; the
# module is looked for in the working folder instead, as `python -c` does.
sys.path[0] = ""
module = sys.argv[1]
t = time.perf_counter()
loaded = __import__(module)  # what an `import MODULE` statement calls
t = time.perf_counter() - t
print(t, loaded.__file__)
