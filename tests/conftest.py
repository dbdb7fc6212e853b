"""Shared fixtures: catalogs built in a temporary directory from a dict of files."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import locale
import os
import subprocess
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

TODAY = dt.date(2026, 11, 24)  # the clock is an argument; tests pin it
CASES = ROOT / "tests" / "cases"


@pytest.fixture
def ascii_locale():
    """The process's locale switched to C (ASCII), as a machine whose locale is not UTF-8 would be
    (a Windows clerk's GBK is the common case); restored afterwards."""
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


def xyhf_in_process(*args: str, cwd: Path, today: str = "2026-11-24") -> subprocess.CompletedProcess:
    """`xyhf ARGS` run in this process (cwd, XYHF_TODAY and the output streams restored after), answered
    like subprocess.run(..., capture_output=True, text=True). Mutation testing (make mutate) sees only
    code run in the test's own process; tests of the real entry point start `python -m xyhf` instead."""
    from xyhf.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.environ.get("XYHF_TODAY")
    os.environ["XYHF_TODAY"] = today
    try:
        with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse on bad arguments
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        if before is None:
            os.environ.pop("XYHF_TODAY", None)
        else:
            os.environ["XYHF_TODAY"] = before
    return subprocess.CompletedProcess(["xyhf", *args], code, out.getvalue(), err.getvalue())


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def valid_text(name: str) -> str:
    return (CASES / "valid" / name).read_text(encoding="utf-8")


def base_files() -> dict[str, str]:
    """A minimal valid catalog: one holder, one record, an empty ledger."""
    return {
        "holders/xjlg.yaml": valid_text("holder.yaml"),
        "records/xjlg/remote-ops.yaml": valid_text("deferred.yaml"),
        "codes.yaml": "codes: []\n",
    }


@pytest.fixture
def make_catalog(tmp_path, monkeypatch):
    """make_catalog({"records/x/a.yaml": "..."}) → path of a catalog with the base files plus these."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())

    def make(files: dict[str, str | bytes] | None = None, base: bool = True) -> Path:
        root = tmp_path / "catalog"
        write_files(root, {**(base_files() if base else {}), **(files or {})})
        return root

    return make


@pytest.fixture(scope="session")
def sample_catalog() -> Path:
    return ROOT / "catalog"


def build_site(catalog: Path, out: Path) -> None:
    import os
    import subprocess

    env = {**os.environ, "XYHF_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(
        [sys.executable, "-m", "xyhf", "build", "--catalog", str(catalog), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    english = [
        line
        for line in result.stderr.splitlines()
        if line.strip() and (not re.search("[\u4e00-\u9fff]", line) or re.search(r"Traceback|Warning:|Error:|^\s+File \"", line))
    ]
    assert not english, f"what the build says is in Chinese, no library's English lines: {english}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample catalog built once per test session with the real CLI."""
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(ROOT / "catalog", out)
    return out


def git(repo: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def init_repo(path: Path, files: dict) -> Path:
    """A git repository (branch main, one commit) whose catalog/ holds `files`."""
    write_files(path / "catalog", files)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "dev@example.org")
    git(path, "config", "user.name", "dev")
    git(path, "add", "-A")
    git(path, "commit", "-qm", "base")
    return path


def coded_catalog(root: Path, files: dict) -> list[str]:
    """Write `files`, issue codes with the real command; the codes in ledger order."""
    import os

    import yaml

    from xyhf.cli import main

    write_files(root, files)
    os.environ["XYHF_TODAY"] = TODAY.isoformat()
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    return [e["code"] for e in yaml.safe_load((root / "codes.yaml").read_text())["codes"]]


# The office of a test catalog: every city but 长沙 (served by the test station in cases/valid/stations.yaml).
OFFICE = (
    "office:\n"
    "  name: 成果库办公室\n"
    '  maintainers: ["@office"]\n'
    "  contact:\n"
    '    phone: "0731-85550000"\n'
    "    email: office@example.org\n"
    "  serves:\n"
    '    cities: ["430200", "430300", "430400", "430500", "430600", "430700", "430800", "430900", "431000",'
    ' "431100", "431200", "431300", "433100"]\n'
)


# Under `make mutate` each mutant runs the tests that reach its function and stops at the first
# failure (mutmut's -x). mutmut hands them over in no set order, so a mutant that the first
# millisecond test would kill often waited for the dev set's or the built site's set-up first
# (7 and 4 s). These set-ups go last; the rest run cheapest module first, each module in its order.
# A rule module's mutant does not run them at all when faster tests reach it: they judge search
# quality and the whole site, and every surviving rule mutant paid their 11 s (a mutant only they
# would kill then counts as surviving: the score can only be understated by it).
_SLOW_SETUP = frozenset({"built_site", "dev"})
_SEARCH_MODULES = ("xyhf.search.",)


def pytest_collection_modifyitems(config, items) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:
        return
    slow = [item for item in items if _SLOW_SETUP & set(item.fixturenames)]
    if slow and len(slow) < len(items) and not mutant.startswith(_SEARCH_MODULES):
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item not in slow]
    seconds = _recorded_durations()
    per_module: dict[str, float] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        per_module[module] = per_module.get(module, 0.0) + seconds.get(item.nodeid, 1.0)
    position = {id(item): i for i, item in enumerate(items)}
    items.sort(
        key=lambda item: (
            bool(_SLOW_SETUP & set(item.fixturenames)),
            per_module[item.nodeid.split("::")[0]],
            position[id(item)],
        )
    )


def _recorded_durations() -> dict[str, float]:
    """Each test's own time as mutmut's stats run measured it (mutants/mutmut-stats.json), if there."""
    import json

    try:
        return json.loads(Path("mutmut-stats.json").read_text(encoding="utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return {}
