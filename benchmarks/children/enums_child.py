"""Every enum class that `import xt_errors` creates, with all its members (aliases too).

    python enums_child.py     (started in the folder that holds xt_errors)

Finds them generically, in whatever modules the import loaded, so the package's
private layout can change. Prints one JSON list of {name, base, members}.
"""

import enum
import json
import sys

sys.path[0] = ""  # the staged copy in the working folder, not this script's folder

import xt_errors  # noqa: E402, F401 - what it loads is what we look at


def in_package(name: str) -> bool:
    return name == "xt_errors" or name.startswith("xt_errors.")


package = sorted(
    (name, module) for name, module in sys.modules.items() if in_package(name)
)
found, seen = [], set()
# Each class where it is defined first (so the order is the package's own), then
# any the package re-labels with a module that does not hold it.
for defined_here in (True, False):
    for name, module in package:
        for value in list(vars(module).values()):
            if not (isinstance(value, type) and issubclass(value, enum.Enum)):
                continue
            if id(value) in seen or not in_package(value.__module__):
                continue  # already found, or imported from outside the package
            if defined_here and value.__module__ != name:
                continue
            seen.add(id(value))
            if issubclass(value, int):
                base = "IntEnum"
            elif issubclass(value, str):
                base = "StrEnum"
            else:
                base = "Enum"
            members = {key: member._value_ for key, member in value.__members__.items()}
            found.append({"name": value.__name__, "base": base, "members": members})
print(json.dumps(found))
