"""The bump a change of the catalog needs, against an independent judge.

Hypothesis changes the public API of the frozen catalog, as a release records
it, the way a sync or a curator can: codes, classes and earlier names added,
removed, renamed, swapped and retargeted, codes moved between kinds,
`retryable` flipped, texts and hints edited, endpoints, products, fallbacks and
the link base changed. The generator's level must be the one the judge below
gives. The judge knows nothing of codegen/render/releases/compare.py: it builds
the real Python classes each API describes and asks `issubclass`, as an
`except` clause does, and states every other rule as plainly as the README's
table does.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from codegen.render.releases import compare, record
from tests.conftest import frozen_generation

LEVELS = ["none", "patch", "minor", "major"]


@functools.cache
def _released() -> dict[str, Any]:
    """The frozen catalog's API, as its release would record it."""
    return record.api(frozen_generation().catalog)


# -- the judge -------------------------------------------------------------------


def python_classes(api: dict[str, Any]) -> dict[str, type]:
    """Every name the API lets a user import, as a real class (aliases: the same object).
    A base the API does not list (XTError, the runtime's own) is a root."""
    made: dict[str, type] = {}

    def make(name: str) -> type:
        if name not in made:
            bases = api["classes"].get(name)
            made[name] = type(name, tuple(make(b) for b in bases) if bases else (Exception,), {})
        return made[name]

    names = {name: make(name) for name in api["classes"]}
    return {**names, **{alias: made[target] for alias, target in api["aliases"].items()}}


def judge(old: dict[str, Any], new: dict[str, Any]) -> str:
    """The level a change needs, by the README's rules, stated plainly."""
    found = {"none"}
    was, now = python_classes(old), python_classes(new)
    kept = [name for name in was if name in now]
    if len(kept) < len(was):
        found.add("major")  # a name no longer imports
    if any(_caught_by(was, kept, name) != _caught_by(now, kept, name) for name in kept):
        found.add("major")  # an existing `except` clause catches a class differently
    if set(now) - set(was):
        found.add("minor")
    old_members = {(e, n): v for e, names in old["members"].items() for n, v in names.items()}
    new_members = {(e, n): v for e, names in new["members"].items() for n, v in names.items()}
    if any(new_members.get(key, object()) != value for key, value in old_members.items()):
        found.add("major")  # a member removed, or standing for another value
    if set(new_members) - set(old_members):
        found.add("minor")
    for member, before in old["codes"].items():
        if member in new["codes"]:
            found |= _judge_code(before, new["codes"][member], now)
    found |= _judge_listings(old["endpoints"], new["endpoints"])
    found |= _judge_listings(
        {p: [m for m, c in old["codes"].items() if p in c["products"]] for p in old["products"]},
        {p: [m for m, c in new["codes"].items() if p in c["products"]] for p in new["products"]},
    )
    found |= _judge_kinds(old["kinds"], new["kinds"], now)
    for key, product in old["products"].items():
        if key in new["products"] and product != new["products"][key]:
            found.add("patch")
    found |= _judge_fallbacks(old["fallbacks"], new["fallbacks"], now)
    if old["site_url"] != new["site_url"]:
        found.add("minor")
    return max(found, key=LEVELS.index)


def _caught_by(classes: dict[str, type], names: list[str], name: str) -> set[str]:
    """The names among `names` whose `except` clause catches the class `name` imports:
    those naming a class of its method resolution order, as `except` looks them up."""
    mro = set(classes[name].__mro__)
    return {other for other in names if classes[other] in mro}


def _same_class(name: str | None, other: str | None, now: dict[str, type]) -> bool:
    """The old name `name` imports the class `other` names now (both None: a success)."""
    if name is None or other is None:
        return name is other
    return name not in now or now[name] is now[other]  # a name gone is judged as such


def _judge_code(before: dict[str, Any], after: dict[str, Any], now: dict[str, type]) -> set[str]:
    found = set()
    if not _same_class(before["class"], after["class"], now):
        found.add("major")
    if before["kind"] != after["kind"] or before["retryable"] != after["retryable"]:
        found.add("major")
    if not set(before["products"]) <= set(after["products"]):
        found.add("major")
    if set(after["products"]) - set(before["products"]) or before["retired"] != after["retired"]:
        found.add("minor")
    if any(before[field] != after[field] for field in ("en", "zh", "hint", "since", "removed")):
        found.add("patch")
    return found


def _judge_listings(old: dict[str, list[str]], new: dict[str, list[str]]) -> set[str]:
    """What an endpoint (or a product) lists: a code dropped is major, a code added minor."""
    found = set()
    for key, members in old.items():
        if key not in new or not set(members) <= set(new[key]):
            found.add("major")
        elif set(new[key]) - set(members):
            found.add("minor")
    if set(new) - set(old):
        found.add("minor")
    return found


def _judge_kinds(old: dict[str, Any], new: dict[str, Any], now: dict[str, type]) -> set[str]:
    found = set()
    for name, kind in old.items():
        if name not in new:
            found.add("major")
            continue
        if not _same_class(kind["class"], new[name]["class"], now) or kind["retryable"] != new[name]["retryable"]:
            found.add("major")
        if (kind["summary"], kind["hint"]) != (new[name]["summary"], new[name]["hint"]):
            found.add("patch")
    if set(new) - set(old):
        found.add("minor")
    return found


def _judge_fallbacks(old: list[dict[str, str]], new: list[dict[str, str]], now: dict[str, type]) -> set[str]:
    before = [(rule["pattern"], rule["class"]) for rule in old]
    after = {rule["pattern"]: rule["class"] for rule in new}
    still = [rule["pattern"] for rule in new if rule["pattern"] in dict(before)]
    if [pattern for pattern, _ in before] != still:
        return {"major"}  # a rule removed, or tried in another order
    if any(not _same_class(cls, after[pattern], now) for pattern, cls in before):
        return {"major"}
    return {"minor"} if len(after) > len(before) else set()


# -- changes, as a sync or a curator makes them ----------------------------------


def _rename_everywhere(api: dict[str, Any], old: str, new: str) -> None:
    api["classes"] = {(new if k == old else k): [new if b == old else b for b in v] for k, v in api["classes"].items()}
    api["aliases"] = {k: (new if v == old else v) for k, v in api["aliases"].items()}
    for facts in [*api["codes"].values(), *api["kinds"].values(), *api["fallbacks"]]:
        if facts["class"] == old:
            facts["class"] = new


def _pick(draw: st.DrawFn, options: Any) -> Any:
    options = sorted(options)
    assume(options)
    return draw(st.sampled_from(options))


NAME = st.from_regex(r"[A-Z][a-z]{2,8}Error", fullmatch=True)
TEXT = st.text(min_size=1, max_size=12)


def add_code(api: dict[str, Any], draw: st.DrawFn) -> str:
    enum = _pick(draw, api["members"])
    name = draw(st.from_regex(r"NEW_[0-9]{3}", fullmatch=True))
    assume(name not in api["members"][enum])
    cls = draw(NAME)
    assume(cls not in api["classes"] and cls not in api["aliases"])
    api["classes"][cls] = [_pick(draw, api["classes"])]
    api["members"][enum][name] = name
    template = copy.deepcopy(next(iter(api["codes"].values())))
    api["codes"][f"{enum}.{name}"] = {**template, "class": cls, "retired": False}
    return "minor"


def remove_code(api: dict[str, Any], draw: st.DrawFn) -> str:
    member = _pick(draw, api["codes"])
    enum, name = member.split(".", 1)
    del api["members"][enum][name], api["codes"][member]
    for listed in api["endpoints"].values():
        if member in listed:
            listed.remove(member)
    return "major"


def add_class(api: dict[str, Any], draw: st.DrawFn) -> str:
    cls = draw(NAME)
    assume(cls not in api["classes"] and cls not in api["aliases"])
    api["classes"][cls] = [_pick(draw, api["classes"])]
    return "minor"


def rename_class(api: dict[str, Any], draw: st.DrawFn) -> str:
    old, new = _pick(draw, api["classes"]), draw(NAME)
    assume(new not in api["classes"] and new not in api["aliases"])
    _rename_everywhere(api, old, new)
    keep = draw(st.booleans())
    if keep:
        api["aliases"][old] = new
    return "minor" if keep else "major"


def swap_classes(api: dict[str, Any], draw: st.DrawFn) -> str:
    a, b = _pick(draw, api["codes"]), _pick(draw, api["codes"])
    assume(api["codes"][a]["class"] != api["codes"][b]["class"])
    api["codes"][a]["class"], api["codes"][b]["class"] = api["codes"][b]["class"], api["codes"][a]["class"]
    return "major"


def add_alias(api: dict[str, Any], draw: st.DrawFn) -> str:
    alias = draw(NAME)
    assume(alias not in api["classes"] and alias not in api["aliases"])
    api["aliases"][alias] = _pick(draw, api["classes"])
    return "minor"


def retarget_alias(api: dict[str, Any], draw: st.DrawFn) -> str:
    alias = _pick(draw, api["aliases"])
    target = _pick(draw, api["classes"])
    assume(target != api["aliases"][alias])
    api["aliases"][alias] = target
    return "major"


def remove_alias(api: dict[str, Any], draw: st.DrawFn) -> str:
    del api["aliases"][_pick(draw, api["aliases"])]
    return "major"


def reparent(api: dict[str, Any], draw: st.DrawFn) -> str:
    cls = _pick(draw, api["classes"])
    classes = python_classes(api)
    base = _pick(draw, [name for name in api["classes"] if not issubclass(classes[name], classes[cls])])
    assume([base] != api["classes"][cls])
    api["classes"][cls] = [base]
    try:
        python_classes(api)
    except TypeError:  # no consistent method resolution order: no catalog has it
        assume(False)
    return "unknown"  # major when some existing name catches it differently


def move_kind(api: dict[str, Any], draw: st.DrawFn) -> str:
    facts = api["codes"][_pick(draw, api["codes"])]
    kind = _pick(draw, api["kinds"])
    assume(kind != facts["kind"])
    facts["kind"] = kind
    return "major"


def flip_retryable(api: dict[str, Any], draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        facts = api["codes"][_pick(draw, api["codes"])]
    else:
        facts = api["kinds"][_pick(draw, api["kinds"])]
    facts["retryable"] = not facts["retryable"]
    return "major"


def edit_text(api: dict[str, Any], draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        facts = api["codes"][_pick(draw, api["codes"])]
        field = draw(st.sampled_from(["en", "zh", "hint", "since"]))
    else:
        facts = api["kinds"][_pick(draw, api["kinds"])]
        field = draw(st.sampled_from(["summary", "hint"]))
    text = draw(TEXT)
    assume(text != facts[field])
    facts[field] = text
    return "patch"


def retire_or_revive(api: dict[str, Any], draw: st.DrawFn) -> str:
    facts = api["codes"][_pick(draw, api["codes"])]
    facts["retired"] = not facts["retired"]
    return "minor"


def change_value(api: dict[str, Any], draw: st.DrawFn) -> str:
    enum = _pick(draw, api["members"])
    name = _pick(draw, api["members"][enum])
    api["members"][enum][name] = f"{api['members'][enum][name]}_X"
    return "major"


def change_endpoints(api: dict[str, Any], draw: st.DrawFn) -> str:
    what = draw(st.sampled_from(["add", "drop", "add code", "drop code"]))
    if what == "add":
        endpoint = "GET /" + draw(st.from_regex(r"[a-z]{3,10}", fullmatch=True))
        assume(endpoint not in api["endpoints"])
        api["endpoints"][endpoint] = [_pick(draw, api["codes"])]
        return "minor"
    endpoint = _pick(draw, api["endpoints"])
    if what == "drop":
        del api["endpoints"][endpoint]
        return "major"
    listed = api["endpoints"][endpoint]
    if what == "add code":
        member = _pick(draw, set(api["codes"]) - set(listed))
        listed.append(member)
        return "minor"
    listed.remove(_pick(draw, listed))
    return "major"


def change_products(api: dict[str, Any], draw: st.DrawFn) -> str:
    what = draw(st.sampled_from(["add", "drop", "move page", "title", "new product", "remove product"]))
    facts = api["codes"][_pick(draw, api["codes"])]
    if what == "add":
        facts["products"].append(_pick(draw, set(api["products"]) - set(facts["products"])))
        return "minor"
    if what in ("drop", "move page"):
        dropped = _pick(draw, facts["products"])
        facts["products"].remove(dropped)
        if what == "move page":
            facts["products"].append(_pick(draw, set(api["products"]) - {dropped, *facts["products"]}))
        return "major"
    if what == "title":
        product = api["products"][_pick(draw, api["products"])]
        product["title"] += " (new)"
        return "patch"
    if what == "new product":
        api["products"]["new_product"] = {"title": "New", "title_zh": None}
        return "minor"
    gone = _pick(draw, api["products"])
    del api["products"][gone]
    for code in api["codes"].values():
        if gone in code["products"]:
            code["products"].remove(gone)
    return "major"


def change_kinds(api: dict[str, Any], draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        api["kinds"]["new_kind"] = {"class": None, "retryable": False, "summary": "s", "hint": "h"}
        return "minor"
    name = _pick(draw, api["kinds"])
    assume(all(code["kind"] != name for code in api["codes"].values()))
    del api["kinds"][name]
    return "major"


def change_fallbacks(api: dict[str, Any], draw: st.DrawFn) -> str:
    rules = api["fallbacks"]
    what = draw(st.sampled_from(["add", "remove", "swap", "class"]))
    if what == "add":
        rules.insert(draw(st.integers(0, len(rules))), {"pattern": "*new*", "class": _pick(draw, api["classes"])})
        assume(len({rule["pattern"] for rule in rules}) == len(rules))
        return "minor"
    assume(len(rules) >= 2)
    at = draw(st.integers(0, len(rules) - 2))
    if what == "remove":
        del rules[at]
    elif what == "swap":
        rules[at], rules[at + 1] = rules[at + 1], rules[at]
    else:
        assume(rules[at]["class"] != rules[at + 1]["class"])
        rules[at]["class"] = rules[at + 1]["class"]
    return "major"


def move_site(api: dict[str, Any], draw: st.DrawFn) -> str:
    api["site_url"] = "https://" + draw(st.from_regex(r"[a-z]{3,10}", fullmatch=True)) + ".example/"
    return "minor"


CHANGES = [
    add_code,
    remove_code,
    add_class,
    rename_class,
    swap_classes,
    add_alias,
    retarget_alias,
    remove_alias,
    reparent,
    move_kind,
    flip_retryable,
    edit_text,
    retire_or_revive,
    change_value,
    change_endpoints,
    change_products,
    change_kinds,
    change_fallbacks,
    move_site,
]


class Changed:
    """The released API with changes made to it; shown by the changes alone."""

    def __init__(self, api: dict[str, Any], made: list[tuple[str, str]]) -> None:
        self.api, self.made = api, made

    def __repr__(self) -> str:
        return f"Changed({self.made})"


@st.composite
def changed(draw: st.DrawFn, count: st.SearchStrategy[int]) -> Changed:
    """The released API with `count` changes made to it, and what each was."""
    api = copy.deepcopy(_released())
    made = []
    for _ in range(draw(count)):
        change = draw(st.sampled_from(CHANGES))
        made.append((change.__name__, change(api, draw)))
    return Changed(api, made)


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SETTINGS
@given(changed(st.just(1)))
def test_each_change_alone_needs_its_level(case):
    api, [(change, level)] = case.api, case.made
    demanded = compare.compare(_released(), api).level
    assert demanded == judge(_released(), api), change
    if level != "unknown":
        assert demanded == level, change


@SETTINGS
@given(changed(st.integers(2, 5)))
def test_changes_together_need_what_the_judge_says(case):
    api, made = case.api, case.made
    diff = compare.compare(_released(), api)
    assert diff.level == judge(_released(), api), made
    assert (diff.level == "major") == any(f.level == "major" for f in diff.findings)
    assert all(reason for reason in diff.reasons)


def test_the_judge_and_the_generator_see_no_change_in_the_released_api():
    api = copy.deepcopy(_released())
    assert judge(_released(), api) == compare.compare(_released(), api).level == "none"
