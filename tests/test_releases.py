"""Versions that cannot lie: PEP 440 versions read, release records checked, the least
version a change needs, and `--release` refusing a version the catalog does not allow.

The levels of every kind of change are held against an independent judge in
test_release_levels.py; here, each finding is replayed as a maintainer meets it."""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.errors import SourceError
from codegen.render import releases
from codegen.render.releases import bump, compare, pep440, pyproject, record
from tests.conftest import (
    ROOT,
    XT_API,
    assert_one_line_error,
    codegen_in_process,
    edit,
    frozen_generation,
    one_line_error,
)

RECORD_0_1_0 = XT_API / "spec" / "releases" / "0.1.0.json"

# -- PEP 440 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("0.2.0", "0.2.0"),
        ("0.3", "0.3"),
        ("v1.0", "1.0"),
        (" 1.0\n", "1.0"),
        ("01.002.0003", "1.2.3"),
        ("1.0-RC1", "1.0rc1"),
        ("1.0c1", "1.0rc1"),
        ("1.0.preview_2", "1.0rc2"),
        ("1.0alpha", "1.0a0"),
        ("1.0-beta.3", "1.0b3"),
        ("1.0.post", "1.0.post0"),
        ("1.0-1", "1.0.post1"),
        ("1.0-r4", "1.0.post4"),
        ("1.0rev_5", "1.0.post5"),
        ("1.0.DEV", "1.0.dev0"),
        ("1.0a1.post2.dev3", "1.0a1.post2.dev3"),
        ("1!2.0", "1!2.0"),
        ("1.0+Ubuntu-1_b", "1.0+ubuntu.1.b"),
    ],
)
def test_every_spelling_pep_440_allows_is_read_in_its_normal_form(written, normal):
    assert str(pep440.parse(written)) == normal


@pytest.mark.parametrize(
    "written",
    ["", "0.2.x", "1..0", "latest", "1.0+", "1.0-", "1.0a1a2", "1.0 rc1", "=1.0", "1.0+a..b", "१.0", "1.0.post1.post2", "v", "1!"],
)
def test_a_version_pep_440_does_not_allow_says_so(written):
    with pytest.raises(ValueError, match="is not a version PEP 440 allows"):
        pep440.parse(written)


def test_versions_are_ordered_as_pep_440_orders_them():
    ordered = [
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
        "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
        "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "2", "1!0.1",
    ]  # fmt: skip
    shuffled = ordered[:]
    random.Random(4).shuffle(shuffled)
    assert [str(v) for v in sorted(map(pep440.parse, shuffled))] == ordered
    assert pep440.parse("1.0") == pep440.parse("1.0.0") and len({pep440.parse("1.0"), pep440.parse("1.0.0")}) == 1


SEPARATOR = st.sampled_from(["", ".", "-", "_"])


@st.composite
def spelled_versions(draw: st.DrawFn) -> str:
    """A version, in any of the spellings PEP 440 allows."""
    text = draw(st.sampled_from(["", "v", "V"]))
    if draw(st.booleans()):
        text += f"{draw(st.integers(0, 2))}!"
    text += ".".join(str(n) for n in draw(st.lists(st.integers(0, 11), min_size=1, max_size=4)))
    if draw(st.booleans()):
        letters = draw(st.sampled_from(["a", "alpha", "b", "Beta", "c", "rc", "pre", "preview"]))
        number = draw(st.sampled_from(["", "0", "1", "12"]))
        text += draw(SEPARATOR) + letters + (draw(SEPARATOR) + number if number else "")
    if draw(st.booleans()):
        number = draw(st.sampled_from(["", "0", "3"]))
        if number and draw(st.booleans()):
            text += "-" + number
        else:
            text += draw(SEPARATOR) + draw(st.sampled_from(["post", "rev", "r"])) + (draw(SEPARATOR) + number if number else "")
    if draw(st.booleans()):
        number = draw(st.sampled_from(["", "0", "7"]))
        text += draw(SEPARATOR) + "dev" + (draw(SEPARATOR) + number if number else "")
    if draw(st.booleans()):
        parts = draw(st.lists(st.from_regex(r"[a-zA-Z0-9]{1,3}", fullmatch=True), min_size=1, max_size=3))
        text += "+" + "".join(part + draw(SEPARATOR.filter(bool)) for part in parts[:-1]) + parts[-1]
    return text


@settings(max_examples=300, deadline=None)
@given(st.lists(spelled_versions(), min_size=2, max_size=6), st.text("0123456789.abcdeilnoprstv!+-_ ", max_size=12))
def test_reading_and_ordering_agree_with_packaging(spellings, garbage):
    """Where `packaging` is installed (pytest brings it), it is a second reader to agree with."""
    version = pytest.importorskip("packaging.version")
    for text in spellings:
        assert str(pep440.parse(text)) == str(version.Version(text)), text
    assert [str(v) for v in sorted(map(pep440.parse, spellings))] == [str(v) for v in sorted(map(version.Version, spellings))]
    try:
        theirs: str | None = str(version.Version(garbage))
    except version.InvalidVersion:
        theirs = None
    try:
        ours: str | None = str(pep440.parse(garbage))
    except ValueError:
        ours = None
    assert ours == theirs, garbage


# -- the least version a change needs ---------------------------------------------------


def _api() -> dict[str, Any]:
    return record.api(frozen_generation().catalog)


def _releases(*versions: str, api: dict[str, Any] | None = None) -> list[record.Release]:
    """Records of these versions, all of the frozen catalog's API (or `api`)."""
    return [
        record.Release(version=pep440.parse(v), date="2026-12-01", api=api or _api(), file=f"spec/releases/{v}.json")
        for v in versions
    ]


def _without_class(api: dict[str, Any], name: str) -> dict[str, Any]:
    changed = json.loads(json.dumps(api))
    del changed["classes"][name]
    return changed


def _added_code(api: dict[str, Any]) -> dict[str, Any]:
    changed = json.loads(json.dumps(api))
    changed["members"]["MessageCode"]["AUTH_107"] = "AUTH_107"
    return changed


def test_bumps_are_semantic_versions_whatever_the_spelling():
    assert str(bump.bumped(pep440.parse("0.2.0"), "major")) == "1.0.0"
    assert str(bump.bumped(pep440.parse("0.2"), "minor")) == "0.3.0"
    assert str(bump.bumped(pep440.parse("1!0.2.0.post3"), "patch")) == "1!0.2.1"
    assert str(bump.bumped(pep440.parse("0.2.0.7"), "patch")) == "0.2.1"


@pytest.mark.parametrize(
    ("history", "version", "change", "problem"),
    [
        # the findings: a removed class published as a patch; a version below the last release
        (["0.2.0"], "0.2.1", "remove", "lower than this catalog needs: 1.0.0 (a major change: class StaleRequestError removed)"),
        (["0.2.0"], "0.1.5", "none", "version 0.1.5 is below the last release, 0.2.0"),
        (["0.2.0"], "0.2.0", "add", "version 0.2.0 is released already, and the catalog changed since (a minor change: 1 new code): set a new one, at least 0.3.0"),
        (["0.2.0"], "0.2.0", "none", None),
        (["0.2.0"], "0.3", "add", None),  # two parts: 0.3.0
        (["0.2.0"], "0.2.1", "add", "lower than this catalog needs: 0.3.0"),
        (["0.2.0"], "0.3.0rc1", "add", None),  # a pre-release of what the change needs
        (["0.2.0"], "0.3.0.dev2", "add", None),
        (["0.2.0"], "0.2.0.post1", "none", None),  # a post-release changes nothing
        (["0.2.0"], "0.2.0.post1", "add", "lower than this catalog needs: 0.3.0"),
        (["0.2.0"], "1!0.0.1", "remove", None),  # a new epoch starts a new count
        (["0.2.0"], "0.2.0+local.1", "none", None),
        # after a pre-release the step is measured from the last final release
        (["0.2.0", "0.3.0rc1"], "0.3.0rc2", "add", None),
        (["0.2.0", "0.3.0rc1"], "0.3.0", "add", None),
        (["0.2.0", "0.3.0rc1"], "0.3.0rc2", "remove", "needs: 1.0.0 (a major change since 0.2.0: class StaleRequestError removed)"),
        (["0.2.0", "0.3.0rc1"], "1.0.0rc1", "remove", None),
        (["0.2.0", "0.3.0rc1"], "0.3.0rc1", "none", None),
        (["0.2.0", "0.3.0rc1"], "0.3.0a1", "none", "below the last release, 0.3.0rc1"),
        (["1.0.0a1"], "1.0.0a2", "remove", None),  # no final release yet: nothing to keep
    ],
)
def test_the_version_must_reach_what_the_change_needs(history, version, change, problem):
    changed = {"none": _api(), "add": _added_code(_api()), "remove": _without_class(_api(), "StaleRequestError")}[change]
    found = bump.problem(pep440.parse(version), _releases(*history), changed)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found, found


# -- a release run: pyproject.toml, the records, the changelog -------------------------


def _tree(tmp_path: Path, version: str, records: dict[str, str]) -> Path:
    """pyproject.toml declaring `version` on line 3, and these release records."""
    tree = tmp_path
    (tree / "spec" / "releases").mkdir(parents=True)
    (tree / "pyproject.toml").write_text(f'[project]\nname = "xt-errors"\nversion = "{version}"\n', encoding="utf-8")
    for name, text in records.items():
        (tree / "spec" / "releases" / name).write_text(text, encoding="utf-8")
    return tree


def _record(version: str, api: dict[str, Any] | None = None) -> str:
    return record.text(_releases(version, api=api)[0])


def _versions(tree: Path, release: bool = False) -> releases.Versions:
    return releases.versions(tree, frozen_generation().catalog, release)


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Messages name files relative to the working folder: work where the tree is."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("version", ["0.2.0rc1", "0.2", "0.2.0.post1", "0.2.0.dev3", "1!0.1", "0.2.0+xt.1", "V0.2-Beta"])
def test_a_pre_release_or_two_part_version_is_read_and_judged(tmp_path, version):
    tree = _tree(tmp_path, version, {"0.1.0.json": RECORD_0_1_0.read_text(encoding="utf-8")})
    found = _versions(tree)
    assert found.version.version == version and found.version.line == 3
    assert found.version.problem is None  # each reaches 0.2.0, which a minor change after 0.1.0 needs
    assert f"## [{pep440.parse(version)}] - Unreleased" in found.files["CHANGELOG.md"]


def test_a_version_pep_440_does_not_allow_stops_at_its_line(tmp_path, here):
    tree = _tree(tmp_path, "0.2.x", {})
    with pytest.raises(SourceError) as stopped:
        releases.package_version(tree)
    assert str(stopped.value).startswith("pyproject.toml:3: the package's version: '0.2.x' is not a version PEP 440 allows")


@pytest.mark.parametrize(
    ("version", "words"),
    [
        ("0.1.5", "version 0.1.5 is below the last release, 0.2.0: set a version above it"),
        ("0.2.0", "version 0.2.0 is released already: set a new one"),
        ("0.3.0+xt.1", "version 0.3.0+xt.1 is a local version (+xt.1), which no package index publishes"),
    ],
)
def test_release_refuses_a_version_it_cannot_publish_naming_the_line(tmp_path, here, version, words):
    tree = _tree(tmp_path, version, {"0.2.0.json": _record("0.2.0")})
    with pytest.raises(SourceError) as stopped:
        _versions(tree, release=True)
    assert str(stopped.value).startswith(f"pyproject.toml:3: {words}"), stopped.value


def test_a_release_is_recorded_under_its_normal_form(tmp_path):
    tree = _tree(tmp_path, "0.3-RC1", {"0.2.0.json": _record("0.2.0")})
    files = _versions(tree, release=True).files
    made = json.loads(files["spec/releases/0.3rc1.json"])
    assert made["version"] == "0.3rc1" and made["api"] == _api()
    assert "## [0.3rc1] - " in files["CHANGELOG.md"]


# -- malformed records --------------------------------------------------------------------


def _first() -> dict[str, Any]:
    return json.loads(RECORD_0_1_0.read_text(encoding="utf-8"))


def _broken(change) -> str:
    data = _first()
    change(data)
    return json.dumps(data, indent=1)


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("0.1.0.json", '{"version": "0.1.0",', "not JSON"),
        ("0.1.0.json", "[]", "the record must be an object, not a list"),
        ("0.1.0.json", "[" * 100_000 + "]" * 100_000, "nested too deep"),
        ("0.1.0.json", _broken(lambda d: d["api"].update(codes={})), "mixes 'codes' with the first records' 'texts' and 'retired'"),
        ("0.1.0.json", _broken(lambda d: d.pop("api")), "the record lacks 'api'"),
        ("0.1.0.json", _broken(lambda d: d["api"].pop("members")), "['api'] lacks 'members'"),
        ("0.1.0.json", _broken(lambda d: d["api"].update(classes=[])), "['api']['classes'] must be an object, not a list"),
        ("0.1.0.json", _broken(lambda d: d["api"]["members"]["HttpStatus"].update(OK=True)), "must be a number or a string, not true"),
        ("0.1.0.json", _broken(lambda d: d["api"].update(kind={})), "has a key this generator does not know: 'kind'"),
        ("0.1.0.json", _broken(lambda d: d.update(date="2026-13-45")), "['date'] must be a date YYYY-MM-DD"),
        ("0.1.0.json", _broken(lambda d: d["api"]["aliases"].update(OldError="NoSuchError")), "names 'NoSuchError', no class of the record"),
        ("0.2.x.json", _broken(lambda d: d.update(version="0.2.x")), "['version'] is wrong: '0.2.x' is not a version PEP 440 allows"),
        ("0.3.0.json", RECORD_0_1_0.read_text(encoding="utf-8"), "is the record of version 0.1.0: its file must be named 0.1.0.json"),
    ],
)
def test_a_malformed_record_stops_with_one_line_naming_it(tmp_path, here, name, text, words):
    tree = _tree(tmp_path, "0.2.0", {name: text})
    with pytest.raises(SourceError) as stopped:
        _versions(tree)
    said = str(stopped.value)
    assert said.startswith(f"spec/releases/{name}:") and "\n" not in said and words in said, said


def test_a_record_of_undecodable_bytes_or_two_of_one_version_stop(tmp_path, here):
    tree = _tree(tmp_path, "0.2.0", {"0.2.json": _record("0.2"), "0.2.0.json": _record("0.2.0")})
    with pytest.raises(SourceError, match=r"^spec/releases/0\.2\.json:1: a second record of version 0\.2, beside spec/releases/0\.2\.0\.json"):
        _versions(tree)
    (tree / "spec" / "releases" / "0.2.json").write_bytes(b"\xff\xfe{}")
    with pytest.raises(SourceError, match=r"^spec/releases/0\.2\.json:1: cannot read this release record"):
        _versions(tree)


def test_a_wrong_value_is_pointed_at_by_its_line(tmp_path):
    text = _broken(lambda d: d["api"]["texts"]["MessageCode.AUTH_105"].update(en=5))
    tree = _tree(tmp_path, "0.2.0", {"0.1.0.json": text})
    with pytest.raises(SourceError) as stopped:
        _versions(tree)
    line = text.splitlines()[stopped.value.line - 1]
    assert '"MessageCode.AUTH_105"' in line or '"en": 5' in line, line


# -- old records ------------------------------------------------------------------------


def _as_first_written(api: dict[str, Any]) -> dict[str, Any]:
    """A record as the generator wrote them before they held every public fact."""
    fields = ("en", "zh", "products", "class", "kind", "hint")
    return {
        "classes": api["classes"],
        "members": api["members"],
        "aliases": api["aliases"],
        "retired": {"codes": [member for member, facts in api["codes"].items() if facts["retired"]]},
        "texts": {member: {field: facts[field] for field in fields} for member, facts in api["codes"].items()},
    }


def test_records_written_before_the_new_facts_compare_on_what_they_hold(tmp_path):
    old = _as_first_written(_api())
    records = {"0.1.0.json": RECORD_0_1_0.read_text(encoding="utf-8"), "0.2.0.json": _record("0.2.0", api=old)}
    found = _versions(_tree(tmp_path, "0.2.0", records))
    assert found.version.problem is None  # nothing changed since 0.2.0, in what it recorded
    changelog = found.files["CHANGELOG.md"]
    assert "## [0.2.0] - 2026-12-01\n\nA minor release, against 0.1.0: 229 new codes; 14 codes retired;" in changelog
    flipped = json.loads(json.dumps(_api()))
    flipped["codes"]["MessageCode.AUTH_105"]["retryable"] = True  # the old record cannot see it
    flipped["kinds"]["rate_limit"]["hint"] = "Slow down."
    assert compare.compare(record.read(tmp_path)[-1].api, flipped).level == "none"


# -- each finding, as a maintainer meets it ---------------------------------------------


def _catalog_with(**changes: Any):
    return dataclasses.replace(frozen_generation().catalog, **changes)


def _swap(catalog, first: str, second: str):
    """The catalog with the codes `first` and `second` raising each other's class."""
    tables = []
    for table in catalog.tables:
        codes = []
        for code in table.codes:
            other = {first: second, second: first}.get(code.name)
            if other is not None:
                code = dataclasses.replace(code, exception=next(c.exception for c in table.codes if c.name == other))
            codes.append(code)
        tables.append(dataclasses.replace(table, codes=tuple(codes)))
    return tables


def _level(catalog) -> compare.Diff:
    return compare.compare(_api(), record.api(catalog))


def test_codes_swapping_their_classes_need_a_major_release():
    catalog = frozen_generation().catalog
    diff = _level(_catalog_with(tables=tuple(_swap(catalog, "AUTH_105", "AUTH_106"))))
    assert diff.level == "major"
    assert "MessageCode.AUTH_105 raises ApiKeyPermissionError now, not StaleRequestError" in diff.reasons


def test_two_earlier_names_swapping_their_targets_need_a_major_release():
    swapped = json.loads(json.dumps(_api()))
    aliases = swapped["aliases"]
    aliases["GatewayRiskControl1Error"], aliases["GatewayRiskControl2Error"] = (
        aliases["GatewayRiskControl2Error"],
        aliases["GatewayRiskControl1Error"],
    )
    diff = compare.compare(_api(), swapped)
    assert diff.level == "major"
    assert diff.reasons[:2] == (
        "alias GatewayRiskControl1Error names GatewayRiskControl0002Error now, not GatewayRiskControl0001Error",
        "alias GatewayRiskControl2Error names GatewayRiskControl0001Error now, not GatewayRiskControl0002Error",
    )


def test_the_changelog_names_each_fact_that_moved_the_version(tmp_path, here):
    changed = json.loads(json.dumps(_api()))
    changed["kinds"]["rate_limit"]["retryable"] = False
    del changed["endpoints"]["POST /future/trade/v1/entrust/cancel-track"]
    changed["site_url"] = "https://errors.example/en/"
    changed["kinds"]["rate_limit"]["hint"] = "Slow down."
    changed["aliases"]["GatewayRiskControl1Error"] = "GatewayRiskControl0002Error"
    records = {"0.2.0.json": _record("0.2.0"), "1.0.0.json": _record("1.0.0", api=changed)}
    changelog = _versions(_tree(tmp_path, "1.0.0", records)).files["CHANGELOG.md"]
    section = changelog[changelog.index("## [1.0.0] - 2026-12-01") : changelog.index("## [0.2.0]")]
    assert section.startswith("## [1.0.0] - 2026-12-01\n\nA major release, against 0.2.0: alias GatewayRiskControl1Error names")
    assert "### Breaking (major)\n\n" in section and "### Links (minor)\n\n- every link now starts https://errors.example/en/" in section
    for item in (
        "- kind rate_limit is no longer retryable\n",
        "- endpoint POST /future/trade/v1/entrust/cancel-track no longer documented\n",
        "- alias GatewayRiskControl1Error names GatewayRiskControl0002Error now, not GatewayRiskControl0001Error\n",
        "- kind rate_limit (hint): ",
    ):
        assert item in section, item
    assert section.index("### Breaking") < section.index("### Links") < section.index("### Changed (patch)")


def test_a_dropped_endpoint_page_a_moved_page_and_a_moved_site_move_the_version():
    catalog = frozen_generation().catalog
    endpoint = "POST /future/trade/v1/entrust/cancel-track"
    dropped = _level(
        _catalog_with(
            pages=tuple(p for p in catalog.pages if p.endpoint != endpoint),
            endpoints=tuple(e for e in catalog.endpoints if e.endpoint != endpoint),
        )
    )
    assert dropped.level == "major" and f"endpoint {endpoint} no longer documented" in dropped.reasons
    moved = _level(_catalog_with(site_url="https://errors.example/en/"))
    assert moved.level == "minor" and moved.reasons == ("1 link base moved",)
    kinds = tuple(dataclasses.replace(k, hint=k.hint + " Now.") if k.name == "rate_limit" else k for k in catalog.kinds)
    assert _level(_catalog_with(kinds=kinds)).level == "patch"
    kinds = tuple(dataclasses.replace(k, retryable=not k.retryable) if k.name == "rate_limit" else k for k in catalog.kinds)
    assert _level(_catalog_with(kinds=kinds)).reasons == ("kind rate_limit is no longer retryable",)


# -- through the command line -------------------------------------------------------------


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """The frozen repository, its catalog released as the version in pyproject.toml (0.2.0)."""
    tree = tmp_path_factory.mktemp("released") / "tree"
    shutil.copytree(XT_API / "spec", tree / "spec")
    shutil.copyfile(ROOT / "pyproject.toml", tree / "pyproject.toml")
    result = _run(tree, "--release")
    assert result.returncode == 0, result.stderr
    assert (tree / "spec" / "releases" / "0.2.0.json").is_file()
    return tree


def _run(tree: Path, *args: str):
    return codegen_in_process("--source", tree / "spec" / "source", "--out", tree, "--no-site", *args, cwd=tree)


def _copy(released: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(released, tmp_path / "tree", ignore=shutil.ignore_patterns(".codegen-cache")))


def _set_version(tree: Path, version: str) -> int:
    return edit(tree / "pyproject.toml", 'version = "0.2.0"', f'version = "{version}"')


def test_release_refuses_a_patch_that_removes_a_class(released, tmp_path):
    tree = _copy(released, tmp_path)
    line = _set_version(tree, "0.2.1")
    edit(tree / "spec" / "catalog.yaml", "exception: StaleRequestError\n", "exception: OutdatedRequestError\n")
    result = _run(tree, "--release")
    assert_one_line_error(result, "pyproject.toml", line, "version 0.2.1 is lower than this catalog needs: 1.0.0 (a major change: class StaleRequestError removed")
    assert not (tree / "spec" / "releases" / "0.2.1.json").exists()
    check = _run(tree, "--check")
    assert check.returncode == 1 and check.stderr.startswith(f"pyproject.toml:{line}: version 0.2.1 is lower"), check.stderr


def test_a_page_given_to_another_product_needs_a_major_release(released, tmp_path):
    tree = _copy(released, tmp_path)
    edit(tree / "spec" / "catalog.yaml", "  xt-futures-entrust-cancel-track.md:\n    product: futures", "  xt-futures-entrust-cancel-track.md:\n    product: spot")
    check = _run(tree, "--check")
    said, line = check.stderr, pyproject.version_line((tree / "pyproject.toml").read_text(encoding="utf-8"))
    assert check.returncode == 1 and said.startswith(f"pyproject.toml:{line}: version 0.2.0 is released already"), said
    assert "(a major change: FuturesErrorCode.invalid_track_entrust no longer listed for futures;" in said
    assert said.endswith(": set a new one, at least 1.0.0\n"), said


def test_a_malformed_record_or_version_stops_the_run_in_one_line(released, tmp_path):
    tree = _copy(released, tmp_path)
    (tree / "spec" / "releases" / "0.2.0.json").write_text('{"version": "0.2.0", "date": "2026-12-01"}', encoding="utf-8")
    assert one_line_error(_run(tree, "--check")) == "spec/releases/0.2.0.json:1: not a release record: the record lacks 'api'"
    shutil.copyfile(released / "spec" / "releases" / "0.2.0.json", tree / "spec" / "releases" / "0.2.0.json")
    line = _set_version(tree, "0.2.0-final")
    said = one_line_error(_run(tree))
    assert said.startswith(f"pyproject.toml:{line}: the package's version: '0.2.0-final' is not a version PEP 440 allows"), said
