"""Two release records' classes compared: the names removed, added, renamed (the
old name kept) and retargeted, and what each existing name's `except` clause
catches (the levels are compare.py's)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from codegen.render.releases.diff import ADDED, BREAKING, RENAMED, Finding
from codegen.render.releases.record import API


class ClassTree:
    """The classes of an API and the names that import them."""

    def __init__(self, api: API) -> None:
        self.classes: dict[str, list[str]] = api.get("classes", {})
        self.aliases: dict[str, str] = api.get("aliases", {})
        self._ancestors: dict[str, frozenset[str]] = {}

    @property
    def names(self) -> list[str]:
        """Every name a user imports a class by: the classes, then the earlier names."""
        return [*self.classes, *(a for a in self.aliases if a not in self.classes)]

    def resolve(self, name: str | None) -> str | None:
        """The class `name` imports, None if it imports none."""
        if name is None or name in self.classes:
            return name
        return self.aliases.get(name)

    def ancestors(self, cls: str) -> frozenset[str]:
        """`cls` and every class it derives from (the runtime's bases included)."""
        found = self._ancestors.get(cls)
        if found is None:
            seen, todo = {cls}, [cls]
            while todo:  # a loop, not recursion: a hand-edited record may have cycles
                for base in self.classes.get(todo.pop(), ()):
                    if base not in seen:
                        seen.add(base)
                        todo.append(base)
            found = self._ancestors[cls] = frozenset(seen)
        return found


def names(old: API, new: API) -> Iterator[Finding]:
    """Classes and earlier names: removed, added, renamed, retargeted."""
    was, now = ClassTree(old), ClassTree(new)
    for name in was.names:
        if now.resolve(name) is None:
            if name in was.classes:
                yield Finding(
                    level="major", section=BREAKING, item=f"class {name} removed"
                )
            else:
                yield Finding(
                    level="major",
                    section=BREAKING,
                    item=f"alias {name} (of {was.aliases[name]}) removed",
                )
    own = _classes_of_new_codes(old, new)  # listed with their codes
    for name in now.classes:
        if name not in was.classes and name not in was.aliases:
            if name in own:  # listed and counted with its code
                yield Finding(level="minor", section="", item=f"class {name}")
            else:
                yield Finding(
                    level="minor",
                    section=ADDED,
                    item=f"class {name}",
                    counted="new class|new classes",
                )
    for alias, target in now.aliases.items():
        if alias not in was.aliases:
            yield Finding(
                level="minor",
                section=RENAMED,
                item=f"{alias} -> {target} (the old name still imports)",
                counted="class renamed, the old name kept|classes renamed, the old names kept",
            )
            continue
        expected = now.resolve(was.aliases[alias])
        if expected is not None and target != expected:
            yield Finding(
                level="major",
                section=BREAKING,
                item=f"alias {alias} names {target} now, not {expected}",
            )


def _classes_of_new_codes(old: API, new: API) -> set[str]:
    before = {
        f"{enum}.{name}" for enum, names in old["members"].items() for name in names
    }
    return {
        facts["class"]
        for member, facts in new.get("codes", {}).items()
        if member not in before and facts.get("class")
    }


def tree(old: API, new: API) -> Iterator[Finding]:
    """Every class an existing name imports is caught by the same existing names."""
    was, now = ClassTree(old), ClassTree(new)
    kept = [name for name in was.names if now.resolve(name) is not None]

    def catching(tree: ClassTree) -> Callable[[str], set[str]]:
        """The kept names whose `except` clause catches the class a name imports."""
        by_class: dict[str, list[str]] = {}
        for other in kept:
            by_class.setdefault(str(tree.resolve(other)), []).append(other)
        return lambda name: {
            other
            for ancestor in tree.ancestors(str(tree.resolve(name)))
            for other in by_class.get(ancestor, ())
        }

    caught_before, caught_after = catching(was), catching(now)
    for name in kept:
        if name not in was.classes:
            continue  # an alias: what catches it is what catches its class
        before, after = caught_before(name), caught_after(name)
        if before != after:
            parts = []
            if after - before:
                parts.append(
                    f"now caught by `except` {', '.join(sorted(after - before))}"
                )
            if before - after:
                parts.append(
                    f"no longer by `except` {', '.join(sorted(before - after))}"
                )
            yield Finding(
                level="major",
                section=BREAKING,
                item=f"class {name} re-parented: {'; '.join(parts)}",
            )
