"""Pick the codes the first-error row raises, from the catalog itself.

    python family_codes_child.py     (started in the folder that holds xt_errors)

Prints a JSON list of three message codes: a first code of a family (AUTH_105
when the catalog has it), a second code of the same family (AUTH_106 when it
has it), and a code of another family (ORDER_002 when it has it). This runs
apart from the timed child, because reading `.family` loads the catalog data
that the timed child must load by itself.
"""

import json
import sys

sys.path[0] = ""  # the staged copy in the working folder, not this script's folder

import xt_errors  # noqa: E402

# Every message code that has a family, in catalog order.
family = {m.value: m.family for m in xt_errors.MessageCode if m.family}


def pick(preferred: str, fits) -> str:
    """`preferred` if the catalog has it and it fits, else the first code that fits."""
    if preferred in family and fits(preferred):
        return preferred
    found = next((code for code in family if fits(code)), None)
    if found is None:
        raise SystemExit(f"no message code fits in place of {preferred}")
    return found


def has_sibling(code: str) -> bool:
    return sum(f == family[code] for f in family.values()) > 1


first = pick("AUTH_105", has_sibling)
second = pick("AUTH_106", lambda code: code != first and family[code] == family[first])
other = pick("ORDER_002", lambda code: family[code] != family[first])
print(json.dumps([first, second, other]))
