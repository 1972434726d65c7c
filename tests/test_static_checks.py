"""The strict checks: the generator is mypy --strict clean, the committed package is ruff and mypy --strict clean."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _tool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A checker of the venv, run on the repository's own files (not the package under test)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_generated_code_is_lint_format_and_type_clean():
    package = ROOT / "generated" / "xt_errors"
    for args in (["check", "--isolated", str(package)], ["format", "--isolated", "--check", str(package)]):
        result = _tool("ruff", *args, cwd=ROOT)
        assert result.returncode == 0, result.stdout + result.stderr
    mypy = _tool("mypy", "--strict", "xt_errors", cwd=ROOT / "generated")
    assert mypy.returncode == 0, mypy.stdout


def test_generator_is_type_clean():
    # The generator's own code is held to the same bar as what it generates.
    mypy = _tool("mypy", "--strict", "codegen", cwd=ROOT)
    assert mypy.returncode == 0, mypy.stdout


def test_no_two_classes_of_the_generator_share_a_name():
    # One name per record: a reader who meets a class name finds one class statement.
    # The runtime is the package's code, not the generator's, and is left out.
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "codegen").rglob("*.py")):
        if "runtime" in path.relative_to(ROOT / "codegen").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                found.setdefault(node.name, []).append(path.relative_to(ROOT).as_posix())
    assert len(found) > 40
    assert {name: paths for name, paths in found.items() if len(paths) > 1} == {}


def test_the_generators_records_of_four_or_more_fields_are_keyword_only():
    # A record built positionally reads as a row of values whose meaning is elsewhere.
    positional = []
    for path in sorted((ROOT / "codegen").rglob("*.py")):
        if "runtime" in path.relative_to(ROOT / "codegen").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            decorators = [ast.unparse(d) for d in node.decorator_list if "dataclass" in ast.unparse(d)]
            fields = [item for item in node.body if isinstance(item, ast.AnnAssign)]
            if decorators and len(fields) >= 4 and "kw_only=True" not in decorators[0]:
                positional.append(f"{path.relative_to(ROOT).as_posix()}: {node.name}")
    assert positional == []


def test_the_watch_workflow_runs_the_readmes_commands():
    # The scheduled job fetches, syncs, checks and tests with the commands a maintainer runs.
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "watch-xt.yml").read_text(encoding="utf-8"))
    assert workflow["on"]["schedule"] and "workflow_dispatch" in workflow["on"]
    runs = [step.get("run", "") for step in workflow["jobs"]["fetch"]["steps"]]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    maintaining = (ROOT / "MAINTAINING.md").read_text(encoding="utf-8")
    setup = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]'"
    assert setup in runs and setup in readme
    assert any(".venv/bin/python -m codegen fetch" in run for run in runs)
    assert ".venv/bin/python -m codegen fetch" in maintaining
    assert "bash .ci/run" in runs
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in readme.splitlines() if line.startswith(setup) and "pytest" in line)
    assert test_command in ci.splitlines()
    assert any("gh pr create" in run and "report.txt" in run for run in runs)
