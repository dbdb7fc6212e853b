"""`make lint` (ruff check, ruff format --check, mypy) runs before the tests; here each tool is shown
to fail on a seeded mistake, so a linter that checks nothing cannot pass unnoticed."""

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True)


def test_ruff_check_and_format_pass_on_the_repository_and_catch_a_seeded_mistake(tmp_path):
    assert run("ruff", "check", ".", cwd=ROOT).returncode == 0
    assert run("ruff", "format", "--check", ".", cwd=ROOT).returncode == 0
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nx = {'a':1}\n")
    assert run("ruff", "check", "--config", str(ROOT / "pyproject.toml"), str(bad), cwd=tmp_path).returncode == 1
    assert run("ruff", "format", "--check", "--config", str(ROOT / "pyproject.toml"), str(bad), cwd=tmp_path).returncode == 1


def test_mypy_catches_a_seeded_type_error(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f(x: int) -> str:\n    return x\n")
    result = run("mypy", "--no-incremental", "--config-file", str(ROOT / "pyproject.toml"), str(bad), cwd=tmp_path)
    assert result.returncode == 1 and "Incompatible return value" in result.stdout
