"""Every class the package can raise: importable from `xt_errors` by its name, and pickled into a
fresh process as itself, with every attribute (a process pool hands the caller what the worker raised)."""

from __future__ import annotations

import base64
import importlib
import json
import pickle
import pkgutil

import requests

import xt_errors
from tests.conftest import PACKAGE, run_python
from xt_errors import _base

SECRET = "s3cr3t-signature-value"


def _every_class() -> list[type[xt_errors.XTError]]:
    """Every XTError subclass reachable from the package: each of its modules imported, then the tree walked."""
    for module in pkgutil.walk_packages(xt_errors.__path__, "xt_errors."):
        if module.name != "xt_errors.__main__":
            importlib.import_module(module.name)
    found: list[type[xt_errors.XTError]] = []
    todo = [xt_errors.XTError]
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.append(cls)
            todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: cls.__name__)


def _response() -> requests.Response:
    """A requests response to a signed call, as `check` keeps it on the error."""
    request = requests.Request("POST", f"https://sapi.xt.com/v4/order?symbol=btc_usdt&signature={SECRET}",
                               headers={"validate-appkey": SECRET, "validate-signature": SECRET}).prepare()
    response = requests.Response()
    response.status_code, response.request, response.url = 403, request, request.url
    return response


def _instance(cls: type[xt_errors.XTError]) -> xt_errors.XTError:
    """An error of class `cls` as the check makes it, carrying every fact a response can give."""
    data = {"rc": 1, "mc": str(cls.code.value) if cls.code is not None else "NEW_CODE_1", "ma": ["0.01", 5],
            "id": "sub-7", "topic": "balance", "msg": "XT's own words"}
    body = json.dumps(data).encode()
    headers = {"Retry-After": "30", "cf-ray": "8a1b-FRA", "Server": "cloudflare", "Set-Cookie": f"k={SECRET}"}
    error = _base.from_response(cls, 429, mc=cls.code or "NEW_CODE_1", body=body, headers=headers, data=data,
                                request=_response())
    if isinstance(error, xt_errors.WebSocketClosedError):
        error.close_code, error.close_reason = 1011, "internal oops"
    return error


def _facts(error: xt_errors.XTError) -> dict[str, object]:
    """What a user reads off an error, as plain values."""
    facts = {name: repr(getattr(error, name)) for name in ("body", "xt_args", "mc", "code")}
    facts.update(type=f"{type(error).__module__}.{type(error).__qualname__}", str=str(error), repr=repr(error),
                 fields=error.to_dict(), en=error.message_in("en"), zh=error.message_in("zh"))
    for name in ("firewall_headers", "firewall", "close_code", "close_reason", "request_id", "topic"):
        if hasattr(error, name):
            facts[name] = repr(getattr(error, name))
    return facts


def test_every_class_is_importable_from_xt_errors_by_its_name():
    classes = _every_class()
    assert len(classes) > 250
    names = {cls.__name__ for cls in classes}
    for expected in ("UnknownWebSocketCodeError", "WebSocketClosedError", "FirewallBlockedError",
                     "FirewallRateLimitError", "UnknownAuthError", "StaleRequestError", "MalformedResponseError"):
        assert expected in names
    for cls in classes:
        assert getattr(xt_errors, cls.__name__) is cls, cls
        assert cls.__module__ == "xt_errors", cls


def test_every_class_pickles_into_a_fresh_process_as_itself_with_every_attribute():
    errors = [_instance(cls) for cls in _every_class()]
    pickled = [base64.b64encode(pickle.dumps(error, protocol)).decode()
               for error in errors for protocol in (2, pickle.HIGHEST_PROTOCOL)]
    assert not any(SECRET.encode() in base64.b64decode(one) for one in pickled)
    code = (
        "import base64, json, pickle, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from tests.test_runtime_every_class import _facts\n"
        "for line in sys.stdin:\n"
        "    print(json.dumps(_facts(pickle.loads(base64.b64decode(line)))))\n"
    )
    from tests.conftest import ROOT

    done = run_python(code, PACKAGE, str(ROOT), stdin="\n".join(pickled) + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(pickled)
    expected = [json.loads(json.dumps(_facts(error))) for error in errors for _ in range(2)]
    for shown, facts in zip(lines, expected, strict=True):
        assert json.loads(shown) == facts
        assert SECRET not in shown
    websocket = next(json.loads(line) for line in lines if "ListenKeyExpiredError" in line)
    assert (websocket["request_id"], websocket["topic"]) == ("'sub-7'", "'balance'")
    assert websocket["fields"]["url"] == "https://sapi.xt.com/v4/order?symbol=btc_usdt&signature=***"
