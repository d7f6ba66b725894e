"""The committed console (api/static/console) is what its sources build to, byte for byte:
nobody can ship a hand-edited bundle, and the build is reproducible from package-lock.json."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from api.console import CONSOLE_DIR

SOURCES = Path(__file__).parents[2] / "console"


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right)
    found = [f"only in {left}: {n}" for n in comparison.left_only]
    found += [f"only in {right}: {n}" for n in comparison.right_only]
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    found += [f"differs: {n}" for n in mismatch + errors]
    for sub in comparison.common_dirs:
        found += _differences(left / sub, right / sub)
    return found


def test_building_the_console_again_gives_the_committed_bytes(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None or not (SOURCES / "node_modules").is_dir():
        if os.environ.get("CI"):
            pytest.fail("npm and console/node_modules are needed (make test runs npm ci)")
        pytest.skip("no npm or console/node_modules (npm ci --prefix console)")
    out = tmp_path / "console"
    built = subprocess.run(
        [npm, "run", "build", "--prefix", str(SOURCES)],
        env={**os.environ, "REDGRID_CONSOLE_OUT": str(out)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    differences = _differences(CONSOLE_DIR, out)
    assert not differences, (
        "api/static/console is not what console/ builds to; run `make console` and commit: "
        + "; ".join(differences)
    )


def test_the_page_names_every_script_and_stylesheet_with_its_integrity() -> None:
    page = (CONSOLE_DIR / "index.html").read_text(encoding="utf-8")
    tags = [t for t in page.split("<") if t.startswith(("script", "link rel=\"modulepreload\"",
                                                         "link rel=\"stylesheet\""))]  # fmt: skip
    assert tags
    for tag in tags:
        assert 'integrity="sha384-' in tag, tag
