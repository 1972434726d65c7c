"""codegen/naming.py: the names, anchors, pages and families a code gets, and which codes cannot be one."""

from __future__ import annotations

import keyword
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen import naming

# Any code XT could write: letters of any script, digits, punctuation, spaces.
_codes = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("AUTH_105", "AUTH_105"),
        ("invalid_triggerProfitPrice", "invalid_triggerProfitPrice"),
        ("AUTH-001", "AUTH_001"),  # collides with AUTH_001 on purpose: the catalog reports it
        ("a b", "a_b"),
        ("200", "CODE_200"),  # a leading digit
        ("007", "CODE_007"),
        ("-1", "CODE__1"),
        ("_missing_", "CODE__missing_"),  # enum's own names start with '_'
        ("__x", "CODE___x"),
        ("class", "class_"),  # a keyword
        ("match", "match_"),  # a soft keyword
        ("mro", "mro_"),  # hides Enum.mro
        ("description", "description_"),  # hides the member's description
        ("ÉTÉ_2", "ÉTÉ_2"),  # non-ASCII letters stay
        ("中文", "中文"),
        ("\ufb01le_1", "CODE__le_1"),  # 'ﬁ' folds to 'fi' under NFKC: not kept
        ("x\u00b2", "x_"),  # '²' folds to '2'
    ],
)
def test_member_name(code, name):
    assert naming.member_name(code) == name
    assert naming.is_identifier(name)


@given(_codes)
def test_member_name_is_always_a_python_identifier(code):
    name = naming.member_name(code)
    assert name.isidentifier() and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
    assert name not in naming.MEMBER_ATTRIBUTES and name != "mro" and not name.startswith("_")
    if unicodedata.is_normalized("NFKC", code):
        # Python reads the name as itself (a decomposed accent, e + U+0301, does not: see the report).
        assert naming.is_identifier(name)


@pytest.mark.parametrize(
    ("text", "pascal"),
    [
        ("LEVER_ORDER", "LeverOrder"),
        ("invalid_triggerProfitPrice", "InvalidTriggerProfitPrice"),
        ("a--b  c", "ABC"),
        ("2fa_code", "2faCode"),
        ("", ""),
    ],
)
def test_pascal_case(text, pascal):
    assert naming.pascal_case(text) == pascal


@pytest.mark.parametrize(
    ("text", "suffix", "name"),
    [
        ("AUTH", "Error", "AuthError"),
        ("AuthError", "Error", "AuthError"),  # the suffix is not doubled
        ("LEVER_ORDER", "Error", "LeverOrderError"),
        ("200", "Error", "Code200Error"),  # a leading digit
        ("x", "", "X"),
        ("", "Error", "Error"),
        ("中文", "Error", "Error"),  # only ASCII letters and digits make a class name
    ],
)
def test_class_name(text, suffix, name):
    assert naming.class_name(text, suffix) == name


@given(_codes)
def test_class_name_is_always_an_ascii_identifier_ending_in_its_suffix(text):
    name = naming.class_name(text, "Error")
    assert name.isascii() and naming.is_identifier(name) and name.endswith("Error") and name[0].isupper()


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("LEVER_ORDER_006", "LEVER_ORDER"),
        ("GATEWAY_0001", "GATEWAY"),
        ("COPY_TRADE_SPOT_001", "COPY_TRADE_SPOT"),
        ("AUTH-001", "AUTH"),
        ("A.B 2x", "A.B"),
        ("SUCCESS", None),  # no numbered suffix
        ("invalid_params", None),
        ("429", None),
    ],
)
def test_family_of(code, family):
    assert naming.family_of(code) == family


@given(_codes)
def test_a_family_is_a_prefix_of_its_code(code):
    family = naming.family_of(code)
    assert family is None or (code.startswith(family) and len(family) < len(code))


@pytest.mark.parametrize(
    ("code", "anchor"),
    [("AUTH_105", "auth_105"), ("AUTH-001", "auth-001"), ("200", "200"), ("a b", "a-b"),
     ("invalid_triggerProfitPrice", "invalid_triggerprofitprice"), ("ÉTÉ_2", "-t-_2"), ("中文", "--")],
)
def test_anchor(code, anchor):
    assert naming.anchor(code) == anchor


@given(_codes)
def test_an_anchor_is_a_plain_html_id(code):
    anchor = naming.anchor(code)
    assert re.fullmatch(r"[a-z0-9_-]+", anchor), anchor
    assert len(anchor) == len(code.lower())


@pytest.mark.parametrize(
    ("enum", "family", "by_family", "page"),
    [
        ("MessageCode", "AUTH", True, "message-code/auth/"),
        ("MessageCode", "LEVER_ORDER", True, "message-code/lever-order/"),
        ("MessageCode", None, True, "message-code/general/"),  # codes without a family
        ("MessageCode", "INDEX", True, "message-code/index-family/"),  # index.md is the overview
        ("MessageCode", "中文", True, "message-code/codes/"),
        ("HttpStatus", None, False, "http-status/"),
        ("FuturesErrorCode", "X", False, "futures-error-code/"),
    ],
)
def test_page(enum, family, by_family, page):
    assert naming.page(enum, family, by_family) == page


@pytest.mark.parametrize(
    ("name", "identifier"),
    [
        ("AUTH_105", True),
        ("_private", True),
        ("été", True),
        ("match", True),  # a soft keyword is still a name
        ("1abc", False),
        ("class", False),
        ("__dunder", False),  # Python mangles it inside a class
        ("\ufb01le", False),  # Python reads it as 'file'
        ("e\u0301", False),  # Python reads it as 'é'
        ("a b", False),
        ("", False),
    ],
)
def test_is_identifier(name, identifier):
    assert naming.is_identifier(name) is identifier


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("AUTH_105", None),
        ("A" * 100, None),
        ("A" * 101, "a code of 101 characters (at most 100)"),
        ("9" * 5000, "a code of 5,000 characters (at most 100)"),
        (str(2**63 - 1), None),
        (str(-(2**63)), None),
        (str(2**63), "an integer code must fit in 64 bits"),
        (str(-(2**63) - 1), "an integer code must fit in 64 bits"),
        ("0" + "9" * 30, None),  # '0999...' is a name, not an integer
    ],
)
def test_code_problem(code, problem):
    assert naming.code_problem(code) == problem


@pytest.mark.parametrize(
    ("code", "integer"),
    [("0", True), ("200", True), ("-1", True), ("007", False), ("+1", False), ("-0", False), ("１２", False), ("AUTH_1", False)],
)
def test_is_integer_code(code, integer):
    assert naming.is_integer_code(code) is integer


def test_language_root():
    assert naming.language_root("https://h/x/en/", "zh") == "https://h/x/zh/"
    assert naming.language_root("https://h/x/en/", "en") == "https://h/x/en/"


@settings(max_examples=50)
@given(st.text(max_size=30))
def test_slug_is_lower_case_ascii_words(text):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", naming.slug(text))
