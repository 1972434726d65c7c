"""The first errors in a fresh process: what loads on first use, timed step by step.

    python first_error_child.py FIRST SECOND OTHER   (started beside xt_errors)

Times `import xt_errors`, then the first `raise_for_response` of FIRST (a
message code) caught as XTError, which loads whatever the package defers to
first use (the check module, the catalog data, the family's classes), then
SECOND (the same family), then OTHER (another family). Prints one JSON object
of seconds, the class each code raised and the file the package came from.
"""

import sys
import time

sys.path[0] = ""  # the staged copy in the working folder, not this script's folder


def first_error(codes: list[str]) -> dict:
    t = time.perf_counter()
    import xt_errors

    result = {"import_s": time.perf_counter() - t, "file": xt_errors.__file__}
    for step, code in zip(("first", "second", "other"), codes, strict=True):
        body = {"rc": 1, "mc": code, "ma": [], "result": None}
        t = time.perf_counter()
        try:
            xt_errors.raise_for_response(200, body)
        except xt_errors.XTError as error:
            result[f"{step}_s"] = time.perf_counter() - t
            result[f"{step}_raised"] = type(error).__name__
        else:
            raise SystemExit(f"{code} raised nothing")
    return result


if __name__ == "__main__":
    figures = first_error(sys.argv[1:])
    import json  # only now: the package may load it on first use, and that is timed

    print(json.dumps(figures))
