"""Finding codes by what a user types: a code, a class, or words of its texts.

What `xt-errors QUERY` and `xt-errors --search WORDS` answer with. Search
ranks every code by the best way it matches, then, within a rank, a text that
starts with the query before one that does not, a shorter text (the query is
more of it) before a longer one, and the catalog's order:

1. "code": the query is the code (AUTH_105, auth105, 429) or a class
   (OrderInsufficientFundsError, or InsufficientFundsError: the codes it catches);
2. "word": the query is a whole word, or words, of an English text of the
   code (any product's, endpoint's or variant's) or of its class name;
3. "chinese": the query is in a Chinese text of the code;
4. "part": the query is part of the code, its class name or any of its texts;
5. "meaning": the code means the same (has the same kind) as one whose
   texts matched (2 or 3, not by its class name alone), e.g. ORDER_002 资金不足 for 余额不足 (insufficient
   balance). Generic failures and successes are never added this way.

Case does not matter; the hints are not searched (they name other codes).
"""

from __future__ import annotations

import re

from xt_errors._base import UnknownCodeError, XTError
from xt_errors._catalog import CLASS_NAMES
from xt_errors._codes import FAMILY_CLASSES, TABLES, Code
from xt_errors._lookup import caught_by, codes_valued
from xt_errors._raised import exception_class

RANKS = ("code", "word", "chinese", "part", "meaning")
_NOT_BY_MEANING = ("success", "failure")


def every_code() -> list[Code]:
    """Every documented code, in the catalog's order."""
    return [member for table in TABLES for member in table]


def codes_named(text: str) -> list[Code]:
    """The codes `text` names by value, in every table (case, `_` and `-` do not
    matter, and another spelling some pages use finds its code); never by a
    class's name, which is class_named's."""
    return list(codes_valued(text))


def class_names() -> list[str]:
    """Every class of the package: each code's own, the families, the meanings."""
    import xt_errors

    ours = [
        name
        for name, value in vars(xt_errors).items()
        if isinstance(value, type) and issubclass(value, XTError)
    ]
    return list(dict.fromkeys([*ours, *CLASS_NAMES]))


def class_named(text: str) -> type[XTError] | None:
    """The class called `text` (case does not matter); None when no class is."""
    name = text.strip()
    try:
        return exception_class(name)
    except AttributeError:
        pass
    folded = {candidate.casefold(): candidate for candidate in class_names()}
    found = folded.get(name.casefold())
    return exception_class(found) if found is not None else None


def documented_kin(cls: type[XTError]) -> type[XTError] | None:
    """For a class of codes the catalog does not list yet (UnknownAuthError), the
    class of the documented codes it stands beside (AuthError); else None."""
    if not issubclass(cls, UnknownCodeError) or cls is UnknownCodeError:
        return None
    for base in cls.__bases__:
        if issubclass(base, XTError) and not issubclass(base, UnknownCodeError):
            return base if base is not XTError else None
    return None


def english_texts(member: Code) -> list[str]:
    texts = [member.description, *member.texts.values()]
    texts += [*member.endpoint_texts.values()]
    texts += [variant.description for variant in member.variants]
    return list(dict.fromkeys(texts))


def chinese_texts(member: Code) -> list[str]:
    texts = [member.description_zh, *member.texts_zh.values()]
    texts += [*member.endpoint_texts_zh.values()]
    return [text for text in dict.fromkeys(texts) if text]


def class_words(name: str) -> str:
    """A class name as words: OrderInsufficientFundsError -> 'order insufficient funds error'."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def search(query: str) -> list[tuple[Code, str]]:
    """Every code `query` matches, best first, with how it matches (one of RANKS)."""
    wanted = " ".join(query.split()).casefold()
    if not wanted:
        return []
    exact = codes_named(query)
    cls = class_named(query)
    if cls is not None:
        exact += caught_by(cls)
    word = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    # By position, not by member: an IntEnum's 429 equals another table's 429.
    exact_ids = {id(member) for member in exact}
    scored: dict[int, tuple[int, int, int, int]] = {}
    by_text: list[int] = []  # matched by words of a text, English or Chinese
    members = every_code()
    for index, member in enumerate(members):
        if id(member) in exact_ids:
            scored[index] = (0, 0, 0, index)
            continue
        exception = member.exception
        name = exception.__name__ if exception is not None else ""
        english = [text.casefold() for text in english_texts(member)]
        chinese = [text.casefold() for text in chinese_texts(member)]
        anything = [str(member.value).casefold(), name.casefold(), *english, *chinese]
        in_texts = [text for text in english if word.search(text)]
        in_texts += [text for text in chinese if wanted in text]
        if in_texts:
            by_text.append(index)
        for rank, hits in (
            (1, [text for text in [*english, class_words(name)] if word.search(text)]),
            (2, [text for text in chinese if wanted in text]),
            (3, [text for text in anything if wanted in text]),
        ):
            if hits:
                starts = 0 if any(text.startswith(wanted) for text in hits) else 1
                scored[index] = (rank, starts, min(map(len, hits)), index)
                break
    kinds = {members[i].kind for i in by_text} - set(_NOT_BY_MEANING)
    for index, member in enumerate(members):
        if index not in scored and member.kind in kinds:
            scored[index] = (4, 0, len(member.description), index)
    ranked = sorted(scored, key=scored.__getitem__)
    return [(members[index], RANKS[scored[index][0]]) for index in ranked]


def family_of(text: str) -> str | None:
    """The family a code-like `text` belongs to by its prefix (AUTH_9999 -> AUTH)."""
    upper = text.strip().upper()
    families = {m.family for m in every_code() if m.family} | set(FAMILY_CLASSES)
    prefixed = [f for f in families if upper == f or upper.startswith(f + "_")]
    return max(prefixed, key=len) if prefixed else None


def suggestions(text: str, limit: int = 5) -> list[str]:
    """What an unknown `text` may have meant; never empty: close codes and classes,
    codes of the family its prefix names, codes whose texts match its words,
    else the nearest codes however far."""
    import difflib  # here: only a query that finds nothing needs it

    codes = [str(m.value) for m in every_code()]
    by_case = {code.casefold(): code for code in codes}
    by_case.update((name.casefold(), name) for name in class_names())
    folded = text.strip().casefold()[:100]

    def close(cutoff: float, n: int = limit) -> list[str]:
        matches = difflib.get_close_matches(folded, list(by_case), n=n, cutoff=cutoff)
        return [by_case[match] for match in matches]

    found = close(0.8)  # a typo: ORDER_02, AUTH_10
    family = family_of(text)
    if family is not None:  # AUTH_9999: the nearest codes of its family
        kin = [str(m.value) for m in every_code() if m.family == family]
        found += difflib.get_close_matches(text.strip().upper(), kin, n=3, cutoff=0)
    found += [str(member.value) for member, _ in search(text)[:limit]]
    found += close(0.6)
    return list(dict.fromkeys(found or close(0, 3)))[:limit]
