"""Stage 4 (codegen/catalog/), in process: the frozen whole API as a checked model, its class tree and where each name comes from."""

from __future__ import annotations

import builtins

import pytest

from codegen import model
from codegen.catalog import freeze
from codegen.errors import SourceError
from codegen.model import Place
from codegen.read import document
from codegen.render import package
from codegen.spec import file
from tests.conftest import XT_API, XT_PAGES, sync_in_memory

SPEC = "spec/catalog.yaml"
SPEC_TEXT = (XT_API / "spec" / "catalog.yaml").read_text(encoding="utf-8")


def build(text: str = SPEC_TEXT):
    """The catalog and the places of its names, for the frozen pages and `text` as the spec."""
    tree = file.load(text, SPEC)
    pages = [document.read_page(path, path.name) for path in sorted(XT_PAGES.iterdir())]
    report, places = sync_in_memory(tree, pages, SPEC)
    assert report == []
    return freeze.build(tree, SPEC, places, package.own_names())


@pytest.fixture(scope="module")
def frozen():
    return build()


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_whole_api_is_six_enums_of_268_codes_and_one_class_per_error_code(frozen):
    built, _ = frozen
    assert [(table.key, table.enum, table.integer, len(table.codes)) for table in built.tables] == [
        ("httpStatus", "HttpStatus", True, 10),
        ("rc", "ReturnCode", True, 2),
        ("mc", "MessageCode", False, 163),
        ("error.code", "FuturesErrorCode", False, 86),
        ("ws.code", "WebSocketCode", True, 5),
        ("ws.text", "WebSocketText", False, 2),
    ]
    exceptions = [code.exception for table in built.tables for code in table.codes if code.exception]
    assert len(exceptions) == len(set(exceptions)) == 264
    assert [code.code for table in built.tables for code in table.codes if code.exception is None] == [200, 0, "SUCCESS", 0]
    assert [product.key for product in built.products] == [
        "spot", "futures", "margin", "spot_copy_trading", "futures_copy_trading", "user_center", "third_party", "websocket",
    ]
    # XT's repository and the mirror of its site; 7 response-code pages, 40 futures pages, 6 WebSocket pages.
    assert [source.key for source in built.sources] == ["xt-api", "doc-site"]
    assert len(built.pages) == 53


def test_every_class_comes_after_its_bases(frozen):
    built, _ = frozen
    defined = set(package.own_names())
    for cls in built.classes:
        assert cls.name not in defined, cls.name  # one class statement per name
        assert all(base in defined or hasattr(builtins, base) for base in cls.bases), cls
        defined.add(cls.name)
    code_classes = {cls.code.exception for cls in built.classes if cls.code is not None}
    assert {code.exception for table in built.tables for code in table.codes} - {None} <= code_classes | defined


def test_families_and_their_unknown_codes(frozen):
    built, _ = frozen
    auth = next(family for family in built.families if family.name == "AUTH")
    assert (auth.exception, auth.unknown) == ("AuthError", "UnknownAuthError")
    assert [family.name for family in built.families][:3] == ["AUTH", "SYMBOL", "ORDER"]  # documentation order


def test_renamed_classes_keep_their_earlier_names(frozen):
    built, _ = frozen
    (code,) = [code for table in built.tables for code in table.codes if code.code == "LEVER_ORDER_082"]
    assert (code.exception, code.aliases) == ("PositionBlownThroughError", ("PositionClosingError",))


def test_each_name_is_placed_at_the_spec_line_that_asks_for_it(frozen):
    _, places = frozen
    assert places["StaleRequestError"] == Place(SPEC, line_of(SPEC_TEXT, "exception: StaleRequestError"))
    assert places["MessageCode"] == Place(SPEC, line_of(SPEC_TEXT, "enum: MessageCode"))


def refused(text: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        build(text)
    return caught.value


def test_a_class_name_asked_for_twice_stops_at_the_second():
    text = SPEC_TEXT.replace("exception: InvalidLoanAmountError", "exception: StaleRequestError", 1)
    error = refused(text)
    assert (error.path, error.line) == (SPEC, line_of(SPEC_TEXT, "exception: InvalidLoanAmountError"))
    assert error.message == (
        "the Python name StaleRequestError of code 'LEVER_ORDER_003' (xt-margin-response-codes.md:50) "
        "is already taken by code 'AUTH_105' (xt-spot-response-codes.md:39)"
    )


def test_a_private_name_stops_at_its_line():
    text = SPEC_TEXT.replace("exception: InvalidLoanAmountError", "exception: _Hidden", 1)
    error = refused(text)
    assert (error.path, error.line) == (SPEC, line_of(text, "exception: _Hidden"))
    assert error.message.endswith("is private: it may not start with '_'")


def test_each_class_has_a_module_of_its_own_named_after_it():
    """Found without an index; two names that differ only in case get two files
    even where the file system ignores case."""
    from codegen.catalog.class_tree import class_modules

    def cls(name: str) -> model.ExceptionClass:
        return model.ExceptionClass(name=name, bases=("XTError",), module="", summary="", code=None, table=None, retryable=False)

    placed = class_modules([cls("StaleRequestError"), cls("HTTPError"), cls("HttpError"), cls("HttpError_2")])
    assert [c.module for c in placed] == ["StaleRequestError", "HTTPError", "HttpError_2", "HttpError_2_2"]
