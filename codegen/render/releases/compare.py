"""What moving from one release's API to another changes, fact by fact, and the bump it needs.

Each fact of a record (see record.py) is compared by a function of its own;
each difference is a Finding with its level:

- **major**, what an unchanged program meets differently: a class, alias or
  member removed; an `except` clause of an existing name catching other
  classes than before (a class re-parented, two names merged); a code raising
  another class (two codes swapping their classes); an alias naming another
  class; a member's value changed; a code moved to another kind; `retryable`
  flipped, of a code or a kind; a kind removed or raising another class; an
  endpoint no longer documented, or no longer listing a code; a code no longer
  listed for a product, or a product removed; a fallback removed, reordered or
  raising another class.
- **minor**, what is added: a code, class, alias (a class renamed, its old
  name kept), kind, endpoint, product or fallback; a code newly listed for an
  endpoint or a product; a code retired, or a retired code documented again;
  the link base (`site_url`) moved.
- **patch**, what people read: a code's texts, hint and dates; a kind's
  summary and hint; a product's titles.

`retryable` is what retry loops branch on: a flip either way changes what an
unchanged program does with an order, so it is major. A code no longer listed
for a product is major for the reason an endpoint that no longer lists it is:
a program that asks which codes a product or an endpoint can answer with gets
a smaller answer. A moved link base changes every `docs_url` and every
message's link at once, but no class and no code: minor, so that a `~=X.Y.Z`
pin keeps the links it has.

A fact the older record lacks is not compared (the first records hold no
kinds, endpoints, products, fallbacks, link base, `retryable` or dates).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from codegen.render.releases import classes
from codegen.render.releases.classes import ClassTree
from codegen.render.releases.diff import (
    ADDED,
    BREAKING,
    CHANGED,
    LINKS,
    RETIRED,
    Diff,
    Finding,
)
from codegen.render.releases.record import API


def compare(old: API, new: API) -> Diff:
    """What moving from the API `old` to `new` changes, and the bump it needs."""
    facts: tuple[Callable[[API, API], Iterable[Finding]], ...] = (
        _members,
        classes.names,
        classes.tree,
        _codes,
        _kinds,
        _endpoints,
        _products,
        _fallbacks,
        _site_url,
        _runtime,
    )
    return Diff(tuple(finding for fact in facts for finding in fact(old, new)))


def _members(old: API, new: API) -> Iterator[Finding]:
    """Enum members: removed or given another value (major), added (minor)."""
    before_all, after_all = old.get("members", {}), new.get("members", {})
    for enum, members in before_all.items():
        now = after_all.get(enum, {})
        for name, value in members.items():
            if name not in now:
                yield Finding(
                    level="major",
                    section=BREAKING,
                    item=f"member {enum}.{name} removed",
                )
            elif now[name] != value:
                yield Finding(
                    level="major",
                    section=BREAKING,
                    item=f"{enum}.{name} now stands for {now[name]!r}, not {value!r}",
                )
    codes = new.get("codes", {})
    for enum, members in after_all.items():
        for name in members:
            if name not in before_all.get(enum, {}):
                member = f"{enum}.{name}"
                facts = codes.get(member, {})
                products = ", ".join(facts.get("products", ()))
                shown = f"{member} ({products})" if products else member
                shown += f": {facts['class']}" if facts.get("class") else ""
                yield Finding(
                    level="minor",
                    section=ADDED,
                    item=shown,
                    counted="new code|new codes",
                )
                if facts.get("retired"):
                    yield Finding(
                        level="minor",
                        section=RETIRED,
                        item=_retired(member, facts),
                        counted="code retired|codes retired",
                    )


def _retired(member: str, facts: dict[str, Any]) -> str:
    since, removed = facts.get("since"), facts.get("removed")
    if since and removed:
        return f"{member} (documented {since} to {removed})"
    return f"{member} (no longer documented{f' since {removed}' if removed else ''})"


def _codes(old: API, new: API) -> Iterator[Finding]:
    """Each code both list: what it raises, its state, its products and texts."""
    now = ClassTree(new)
    after_all = new.get("codes", {})
    for member, before in old.get("codes", {}).items():
        after = after_all.get(member)
        if after is not None:
            yield from _code_meaning(member, before, after, now)
            yield from _code_products(member, before, after)
            yield from _code_state(member, before, after)
            yield from _code_texts(member, before, after)


def _code_meaning(
    member: str,
    before: dict[str, Any],
    after: dict[str, Any],
    now: ClassTree,
) -> Iterator[Finding]:
    """What a program observes of a code: its class, kind and `retryable` (major)."""
    if "class" in before and "class" in after:
        expected = now.resolve(before["class"])
        if expected != after["class"] and (
            before["class"] is None or expected is not None
        ):
            # (a class removed altogether is reported as such)
            yield Finding(
                level="major",
                section=BREAKING,
                item=f"{member} raises {after['class'] or 'nothing (a success)'} now, "
                f"not {before['class'] or 'nothing (a success)'}",
            )
    if _differs(before, after, "kind"):
        yield Finding(
            level="major",
            section=BREAKING,
            item=f"{member} moved from kind {before['kind']} to {after['kind']}",
        )
    if _differs(before, after, "retryable"):
        state = "retryable now" if after["retryable"] else "no longer retryable"
        yield Finding(level="major", section=BREAKING, item=f"{member} is {state}")


def _code_products(
    member: str, before: dict[str, Any], after: dict[str, Any]
) -> Iterator[Finding]:
    """The products a code is listed for: one lost is major, one gained minor."""
    if "products" in before and "products" in after:
        lost = [p for p in before["products"] if p not in after["products"]]
        gained = [p for p in after["products"] if p not in before["products"]]
        if lost:
            yield Finding(
                level="major",
                section=BREAKING,
                item=f"{member} no longer listed for {', '.join(lost)}",
            )
        if gained:
            yield Finding(
                level="minor",
                section=ADDED,
                item=f"{member} listed for {', '.join(gained)}",
                counted="code newly listed for a product|codes newly listed for a product",
            )


def _code_state(
    member: str, before: dict[str, Any], after: dict[str, Any]
) -> Iterator[Finding]:
    """A code retired, or documented again (minor)."""
    if not _differs(before, after, "retired"):
        return
    if after["retired"]:
        yield Finding(
            level="minor",
            section=RETIRED,
            item=_retired(member, after),
            counted="code retired|codes retired",
        )
    else:
        yield Finding(
            level="minor",
            section=ADDED,
            item=f"{member}, retired before, documented again",
            counted="retired code documented again|retired codes documented again",
        )


def _code_texts(
    member: str, before: dict[str, Any], after: dict[str, Any]
) -> Iterator[Finding]:
    """A code's texts, hint and dates (patch)."""
    for field in ("en", "zh", "hint", "hint_zh", "since", "removed"):
        if field == "removed" and _differs(before, after, "retired"):
            continue  # listed as retired, or documented again
        if _differs(before, after, field):
            yield Finding(
                level="patch",
                section=CHANGED,
                item=f"{member} ({field}): {before[field]!r} -> {after[field]!r}",
                counted="text, hint or date changed|texts, hints or dates changed",
            )


def _kinds(old: API, new: API) -> Iterator[Finding]:
    """Kinds: removed, raising another class, `retryable` flipped (major); added
    (minor); their summaries and hints (patch)."""
    if "kinds" not in old or "kinds" not in new:
        return
    now = ClassTree(new)
    for name, before in old["kinds"].items():
        after = new["kinds"].get(name)
        if after is None:
            yield Finding(level="major", section=BREAKING, item=f"kind {name} removed")
            continue
        if now.resolve(before["class"]) != after["class"]:
            yield Finding(
                level="major",
                section=BREAKING,
                item=f"kind {name} raises {after['class']} now, not {before['class']}",
            )
        if before["retryable"] != after["retryable"]:
            state = "retryable now" if after["retryable"] else "no longer retryable"
            yield Finding(
                level="major", section=BREAKING, item=f"kind {name} is {state}"
            )
        for field in ("summary", "hint", "summary_zh", "hint_zh"):
            if _differs(before, after, field):
                yield Finding(
                    level="patch",
                    section=CHANGED,
                    item=f"kind {name} ({field}): {before[field]!r} -> {after[field]!r}",
                    counted="kind's summary or hint changed|kinds' summaries or hints changed",
                )
    for name in new["kinds"]:
        if name not in old["kinds"]:
            yield Finding(
                level="minor",
                section=ADDED,
                item=f"kind {name}",
                counted="new kind|new kinds",
            )


def _endpoints(old: API, new: API) -> Iterator[Finding]:
    """Endpoints: no longer documented, or no longer listing a code (major);
    added, or listing a new code (minor)."""
    if "endpoints" not in old or "endpoints" not in new:
        return
    before_all, after_all = old["endpoints"], new["endpoints"]
    for endpoint, before in before_all.items():
        after = after_all.get(endpoint)
        if after is None:
            yield Finding(
                level="major",
                section=BREAKING,
                item=f"endpoint {endpoint} no longer documented",
            )
            continue
        lost = [member for member in before if member not in after]
        if lost:
            yield Finding(
                level="major",
                section=BREAKING,
                item=f"endpoint {endpoint} no longer lists {', '.join(lost)}",
            )
        gained = [member for member in after if member not in before]
        if gained:
            yield Finding(
                level="minor",
                section=ADDED,
                item=f"endpoint {endpoint} lists {', '.join(gained)}",
                counted="code newly listed for an endpoint|codes newly listed for an endpoint",
            )
    for endpoint, members in after_all.items():
        if endpoint not in before_all:
            count = f"{len(members)} code{'s' if len(members) != 1 else ''}"
            yield Finding(
                level="minor",
                section=ADDED,
                item=f"endpoint {endpoint} ({count})",
                counted="new endpoint|new endpoints",
            )


def _products(old: API, new: API) -> Iterator[Finding]:
    """Products: removed (major), added (minor), their titles (patch)."""
    if "products" not in old or "products" not in new:
        return
    for key, before in old["products"].items():
        after = new["products"].get(key)
        if after is None:
            yield Finding(
                level="major", section=BREAKING, item=f"product {key} removed"
            )
            continue
        for field in ("title", "title_zh"):
            if before[field] != after[field]:
                yield Finding(
                    level="patch",
                    section=CHANGED,
                    item=f"product {key} ({field}): {before[field]!r} -> {after[field]!r}",
                    counted="product's title changed|products' titles changed",
                )
    for key in new["products"]:
        if key not in old["products"]:
            yield Finding(
                level="minor",
                section=ADDED,
                item=f"product {key}",
                counted="new product|new products",
            )


def _fallbacks(old: API, new: API) -> Iterator[Finding]:
    """What a code no catalog lists raises, by its shape: a rule removed, raising
    another class, or tried in another order (major); a rule added (minor)."""
    if "fallbacks" not in old or "fallbacks" not in new:
        return
    now = ClassTree(new)
    before = {rule["pattern"]: rule["class"] for rule in old["fallbacks"]}
    after = {rule["pattern"]: rule["class"] for rule in new["fallbacks"]}
    for pattern, cls in before.items():
        if pattern not in after:
            yield Finding(
                level="major", section=BREAKING, item=f"fallback {pattern!r} removed"
            )
        elif now.resolve(cls) != after[pattern]:
            yield Finding(
                level="major",
                section=BREAKING,
                item=f"fallback {pattern!r} raises {after[pattern]} now, not {cls}",
            )
    kept = [pattern for pattern in after if pattern in before]
    if kept != [pattern for pattern in before if pattern in after]:
        yield Finding(
            level="major",
            section=BREAKING,
            item=f"fallbacks tried in another order: {', '.join(map(repr, kept))}",
        )
    for pattern, cls in after.items():
        if pattern not in before:
            yield Finding(
                level="minor",
                section=ADDED,
                item=f"fallback {pattern!r} -> {cls}",
                counted="new fallback|new fallbacks",
            )


def _site_url(old: API, new: API) -> Iterator[Finding]:
    """The base of every link (minor: see the module's docstring)."""
    if "site_url" in old and "site_url" in new and old["site_url"] != new["site_url"]:
        yield Finding(
            level="minor",
            section=LINKS,
            item=f"every link now starts {new['site_url']}, not {old['site_url']}",
            counted="link base moved|link base moved",
        )


def _runtime(old: API, new: API) -> Iterator[Finding]:
    """The names the runtime exports: removed (major), added (minor)."""
    if "runtime" not in old or "runtime" not in new:
        return
    for name in old["runtime"]:
        if name not in new["runtime"]:
            yield Finding(
                level="major", section=BREAKING, item=f"xt_errors.{name} removed"
            )
    for name in new["runtime"]:
        if name not in old["runtime"]:
            yield Finding(
                level="minor",
                section=ADDED,
                item=f"xt_errors.{name}",
                counted="new name of the package|new names of the package",
            )


def _differs(before: dict[str, Any], after: dict[str, Any], field: str) -> bool:
    """Both hold `field`, with different values (an older record may lack it)."""
    return field in before and field in after and before[field] != after[field]
