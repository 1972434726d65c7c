"""The distribution: `python -m build` makes a wheel of the generated package and nothing else."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_holds_only_the_generated_package(tmp_path):
    # Built from a copy of what the build reads, so the repository gets no build/ or egg-info.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "generated" / "xt_errors", source / "generated" / "xt_errors",
                    ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(source)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    package = [n for n in names if not n.startswith("xt_errors-")]
    assert package and all(n.startswith("xt_errors/") for n in package)
    assert "xt_errors/py.typed" in names and "xt_errors/__init__.pyi" in names and "xt_errors/_classes/StaleRequestError.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "xt-errors = xt_errors.__main__:main" in entry_points
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Project-URL: Documentation, " in metadata and "License-File: LICENSE" in metadata
    # The package needs nothing but Python: only the extras require anything.
    assert all("extra ==" in line for line in metadata.splitlines() if line.startswith("Requires-Dist"))
    # What a package index shows is the user's part: install, examples; maintainers are sent elsewhere.
    description = metadata.split("\n\n", 1)[1]
    assert description.startswith("# xt-errors\n") and "## Install" in description
    assert "not on a package index yet" in description
    assert "## Benchmarks" not in description and "Crash safety" not in description
    assert "MAINTAINING.md" in description
