"""End-to-end tests of `xyhf check` and `xyhf assign-codes`, including --base in a real git repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, valid_text, write_files, xyhf_in_process
from xyhf.cli import main

XYHF = [sys.executable, "-m", "xyhf"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*XYHF, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"XYHF_TODAY": "2026-11-24", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def test_sample_catalog_passes(sample_catalog, capsys, monkeypatch):
    monkeypatch.setenv("XYHF_TODAY", "2026-11-24")
    assert main(["check", "--catalog", str(sample_catalog)]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_sample_catalog_meets_the_issue(sample_catalog):
    from xyhf.pipeline import load_valid_catalog
    from conftest import TODAY

    report, catalog = load_valid_catalog(sample_catalog, TODAY)
    assert catalog and catalog.sample_data
    assert len(catalog.records) >= 60
    assert {r.type for r in catalog.records} == {
        "patent",
        "software_copyright",
        "ic_layout",
        "plant_variety",
        "biomedical_variety",
        "trade_secret",
    }
    assert len(catalog.holders) >= 8 and len({h.city for h in catalog.holders.values()}) >= 6
    assert {r.payment.model for r in catalog.records} == {"milestone", "deferred_start"}
    assert len({r.status for r in catalog.records}) >= 3
    assert all(r.code for r in catalog.records)


def test_json_and_github_formats(make_catalog):
    root = make_catalog({"records/xjlg/bad.yaml": valid_text("patent.yaml").replace("trl: 6", "trl: 3")})
    result = run("check", "--catalog", str(root), "--format", "json", cwd=root.parent)
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert items == [
        {
            "file": "catalog/records/xjlg/bad.yaml",
            "line": 11,
            "column": 6,
            "field": "trl",
            "message": items[0]["message"],
            "rule": "schema.minimum",
            "severity": "error",
        }
    ]
    assert "4–9 级" in items[0]["message"]
    gh = run("check", "--catalog", str(root), "--format", "github", cwd=root.parent)
    assert gh.returncode == 1
    assert gh.stdout.startswith("::error file=catalog/records/xjlg/bad.yaml,line=11,col=6,title=trl")


def test_clean_catalog_exits_zero(make_catalog):
    root = make_catalog()
    assert run("check", "--catalog", str(root), cwd=root.parent).returncode == 0


def test_assign_codes_issues_once_and_is_idempotent(make_catalog, capsys):
    root = make_catalog(
        {"records/xjlg/coating.yaml": valid_text("patent.yaml"), "records/xjlg/magnet.yaml": valid_text("secret.yaml")}
    )
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    first = capsys.readouterr().out
    # Oldest listing first: coating (2026-03-01), remote-ops (2026-04-01), magnet (2026-05-01).
    assert "HNXY-2026-ZL-00001-" in first and "HNXY-2026-RZ-00001-" in first and "HNXY-2026-JM-00001-" in first
    text = (root / "records/xjlg/coating.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 测试用成果") and "\ncode: HNXY-2026-ZL-00001-" in text
    ledger = (root / "codes.yaml").read_text(encoding="utf-8")
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    assert "签发 0 个编码" in capsys.readouterr().out
    assert (root / "codes.yaml").read_text(encoding="utf-8") == ledger
    assert main(["check", "--catalog", str(root)]) == 0


def test_assign_codes_refuses_a_bad_catalog(make_catalog):
    root = make_catalog({"records/xjlg/bad.yaml": valid_text("patent.yaml").replace("trl: 6", "trl: 3")})
    before = (root / "codes.yaml").read_text()
    assert main(["assign-codes", "--catalog", str(root)]) == 1
    assert (root / "codes.yaml").read_text() == before


def test_deleted_record_is_found_without_git(make_catalog):
    root = make_catalog({"records/xjlg/coating.yaml": valid_text("patent.yaml")})
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    (root / "records/xjlg/coating.yaml").unlink()
    assert main(["check", "--catalog", str(root)]) == 1


# --- --base rules in a real repository ----------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(make_catalog):
    root = make_catalog({"records/xjlg/coating.yaml": valid_text("patent.yaml")})
    repo = root.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.org")
    git(repo, "config", "user.name", "t")
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def base_check(repo: Path) -> tuple[int, list[dict]]:
    result = xyhf_in_process("check", "--catalog", "catalog", "--base", "main", "--format", "json", cwd=repo)
    return result.returncode, json.loads(result.stdout or "[]")


def test_pr_adding_a_valid_record_passes(repo):
    write_files(repo / "catalog", {"records/xjlg/magnet.yaml": valid_text("secret.yaml")})
    assert base_check(repo) == (0, [])


def test_pr_that_sets_a_code_is_rejected(repo):
    text = valid_text("secret.yaml").replace("title:", "code: HNXY-2026-JM-00009-X\ntitle:")
    write_files(repo / "catalog", {"records/xjlg/magnet.yaml": text})
    code, items = base_check(repo)
    assert code == 1 and any(i["rule"] == "base.code_set" for i in items)


def test_pr_that_edits_a_code_is_rejected(repo):
    path = repo / "catalog/records/xjlg/coating.yaml"
    text = path.read_text()
    path.write_text(text.replace("ZL-00001-", "ZL-00002-"))
    code, items = base_check(repo)
    rules = {i["rule"] for i in items}
    assert code == 1 and "base.code_changed" in rules
    msg = next(i for i in items if i["rule"] == "base.code_changed")["message"]
    assert "永不改变" in msg and msg.count("HNXY-2026-ZL-00001-") >= 1


def test_pr_that_removes_a_code_is_rejected(repo):
    path = repo / "catalog/records/xjlg/coating.yaml"
    path.write_text("".join(l for l in path.read_text().splitlines(True) if not l.startswith("code:")))
    code, items = base_check(repo)
    assert code == 1 and any(i["rule"] == "base.code_removed" for i in items)


def test_pr_that_deletes_a_record_is_rejected(repo):
    (repo / "catalog/records/xjlg/coating.yaml").unlink()
    code, items = base_check(repo)
    assert code == 1
    deleted = next(i for i in items if i["rule"] == "base.deleted")
    assert "withdrawn" in deleted["message"] and deleted["file"] == "catalog/records/xjlg/coating.yaml"


def test_pr_that_edits_the_ledger_is_rejected(repo):
    ledger = repo / "catalog/codes.yaml"
    ledger.write_text(ledger.read_text() + "# 手工修改\n")
    code, items = base_check(repo)
    assert code == 1 and any(i["rule"] == "base.ledger" for i in items)


def test_moving_a_record_with_its_code_is_allowed(repo):
    git(repo, "mv", "catalog/records/xjlg/coating.yaml", "catalog/records/xjlg/hea-coating.yaml")
    assert base_check(repo) == (0, [])


def test_withdrawing_instead_of_deleting_passes(repo):
    path = repo / "catalog/records/xjlg/coating.yaml"
    path.write_text(path.read_text().replace("status: available", "status: withdrawn"))
    assert base_check(repo) == (0, [])


def test_unknown_base_is_a_located_error(repo):
    result = xyhf_in_process("check", "--catalog", "catalog", "--base", "no-such-rev", cwd=repo)
    assert result.returncode == 1 and "无法与基准版本" in result.stdout


def test_check_as_a_command_ends_at_once_with_every_line_said(tmp_path):
    """`python -m xyhf check` leaves without freeing the catalog (cli/ending.py): its exit code and
    every line of a long report still arrive, through a pipe as in CI."""
    write_files(tmp_path, {"catalog.yaml": "title: 测试\n"})
    for i in range(300):  # 300 files in the wrong place: a report far longer than a pipe's buffer
        (tmp_path / f"stray-{i:03d}.txt").write_text("x\n", encoding="utf-8")
    done = run("check", "--catalog", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 1
    said = [line for line in done.stderr.splitlines() + done.stdout.splitlines() if "stray-" in line]
    assert len(said) == 300 and "stray-299.txt" in said[-1]
    passed = run("check", "--catalog", str(ROOT / "catalog"), cwd=tmp_path)
    assert passed.returncode == 0 and "检查通过" in passed.stdout


def test_ending_leaves_at_once_only_when_a_command_kept_something(monkeypatch, sample_catalog):
    import os

    from xyhf.cli import ending

    class Left(Exception):
        pass

    def leave(code: int) -> None:
        raise Left(code)

    monkeypatch.setattr(os, "_exit", leave)
    monkeypatch.setenv("XYHF_TODAY", "2026-11-24")
    ending.release()
    with pytest.raises(SystemExit) as usual:
        ending.end(3)  # nothing kept: the usual exit, with atexit handlers and finalizers
    assert usual.value.code == 3
    assert main(["check", "--catalog", str(sample_catalog)]) == 0  # check keeps its catalog
    with pytest.raises(Left) as at_once:
        ending.end(0)
    assert at_once.value.args == (0,)
    ending.release()  # as the next main() does: a second command in one process holds nothing of the first
    with pytest.raises(SystemExit):
        ending.end(0)


def test_check_as_a_command_with_its_output_closed_or_its_reader_gone():
    """No traceback when stdout or stderr was never open; Python's own 120 when the report could not
    be delivered (a pipe whose reader left), never a success that lost its output."""
    import os

    command = [*XYHF, "check", "--catalog", str(ROOT / "catalog")]
    env = {"XYHF_TODAY": "2026-11-24", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    for closed in (1, 2):
        done = subprocess.run(command, env=env, preexec_fn=lambda fd=closed: os.close(fd))  # noqa: PLW1509 - closes one descriptor, nothing else
        assert done.returncode == 0
    reader_gone = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader_gone.stdout.close()
    _, errors = reader_gone.communicate(timeout=60)
    assert reader_gone.returncode == 120 and b"Traceback" not in errors
