"""One test per defect an outside tester found in the commands (issue "Trust and structure",
items 2, 3 and 8): assign-codes on every YAML layout check accepts, build --out safety, and the
review policy (author from the base, slugs, issue numbers, the ledger on main)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, TODAY, git, init_repo, valid_text, write_files
from xyhf.cli import main
from xyhf.source.yaml_loader import parse_yaml

PATENT = valid_text("patent.yaml")
HOLDER = valid_text("holder.yaml")
BASE = {"holders/xjlg.yaml": HOLDER, "codes.yaml": "codes: []\n"}


def as_json_style(text: str) -> str:
    import json

    return json.dumps(yaml.safe_load(text), ensure_ascii=False, default=str)


LAYOUTS = {
    "flow-json": lambda t: as_json_style(t),
    "document-start": lambda t: "---\n" + t,
    "indented": lambda t: "".join("  " + line if line.strip() else line for line in t.splitlines(True)),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "bom-and-comments": lambda t: "\ufeff# 注释\n\n" + t,
    "document-end": lambda t: t + "...\n",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_assign_codes_keeps_every_accepted_layout_parseable(make_catalog, capsys, layout):
    text = LAYOUTS[layout](PATENT)
    root = make_catalog({"records/xjlg/case.yaml": text})
    before, _ = parse_yaml(text.removeprefix("\ufeff"), Path("x"), "x")
    assert main(["check", "--catalog", str(root)]) == 0, capsys.readouterr().out
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    after_text = (root / "records/xjlg/case.yaml").read_text(encoding="utf-8-sig")
    after, problems = parse_yaml(after_text, Path("x"), "x")
    assert problems == [] and after.data == {"code": after.data["code"], **before.data}
    assert main(["check", "--catalog", str(root)]) == 0


def test_a_layout_assign_codes_cannot_edit_is_refused_by_check(make_catalog, capsys):
    text = PATENT.replace("title: 高熵合金涂层及其制备方法\n", "? title\n: 高熵合金涂层及其制备方法\n", 1)
    root = make_catalog({"records/xjlg/case.yaml": text})
    assert main(["check", "--catalog", str(root)]) == 1
    assert "无法自动写入统一编码" in capsys.readouterr().out


def repo_with_catalog(tmp_path: Path) -> Path:
    return init_repo(tmp_path / "repo", {**BASE, "records/xjlg/coating.yaml": PATENT})


@pytest.mark.parametrize("out", [".", "catalog", "..", "catalog/site", "notes"])
def test_build_refuses_an_out_that_would_replace_something(tmp_path, monkeypatch, capsys, out):
    repo = repo_with_catalog(tmp_path)
    (repo / "notes").mkdir()
    (repo / "notes/mine.txt").write_text("不能丢")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    snapshot = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if ".git/" not in p.as_posix())
    assert main(["build", "--catalog", "catalog", "--out", out]) == 1
    assert "输出目录" in capsys.readouterr().err
    assert sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if ".git/" not in p.as_posix()) == snapshot
    assert (repo / "notes/mine.txt").read_text() == "不能丢"


def test_build_rewrites_its_own_site(tmp_path, monkeypatch):
    repo = repo_with_catalog(tmp_path)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    assert main(["build", "--catalog", "catalog", "--out", "site", "--quiet"]) == 0
    assert (repo / "site/.xyhf-site").is_file()
    assert main(["build", "--catalog", "catalog", "--out", "site", "--quiet"]) == 0


def test_author_rule_reads_maintainers_from_the_base(tmp_path):
    repo = repo_with_catalog(tmp_path)
    holder = yaml.safe_load(HOLDER)
    holder["maintainers"].append("@mallory")
    write_files(
        repo / "catalog",
        {
            "holders/xjlg.yaml": yaml.safe_dump(holder, allow_unicode=True),
            "records/xjlg/coating.yaml": PATENT.replace("trl: 6", "trl: 7"),
        },
    )
    result = subprocess.run(
        [sys.executable, "-m", "xyhf", "check", "--catalog", "catalog", "--base", "main", "--author", "mallory"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "XYHF_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1 and "@mallory 不是持有方 xjlg 的维护人" in result.stdout, result.stdout


@pytest.mark.parametrize("slug", ["../../../x", "a/b", "A-B", "中文", "x", ".hidden"])
def test_new_refuses_a_slug_before_joining_any_path(make_catalog, capsys, slug):
    root = make_catalog()
    before = sorted(p for p in root.parent.rglob("*"))
    assert main(["new", "--holder", "xjlg", "--slug", slug, "--catalog", str(root)]) == 1
    assert "文件名" in capsys.readouterr().err
    assert sorted(p for p in root.parent.rglob("*")) == before


def test_new_with_a_holder_name_lists_the_valid_ids(make_catalog, capsys):
    root = make_catalog()
    assert main(["new", "--holder", "娄底钢铁", "--catalog", str(root)]) == 1
    err = capsys.readouterr().err
    assert "xjlg" in err and "湘江理工大学" in err


@pytest.mark.parametrize("amount", ["5²", "１e9", "1.5", "-3", "５０００", "99999999999999999"])
def test_issue_milestone_amounts_never_crash(make_catalog, amount):
    from xyhf.importers.issue import parse_milestones

    milestones, problems = parse_milestones(f"技术验证通过；完成中试；{amount}；节点达成后30日内")
    if amount == "５０００":
        assert milestones[0]["amount_cny"] == 5000 and problems == []
    else:
        assert milestones == [] and "金额" in problems[0]


def test_a_hand_edited_ledger_on_main_stops_assign_codes(tmp_path, monkeypatch, capsys):
    repo = repo_with_catalog(tmp_path)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    assert main(["assign-codes", "--catalog", "catalog"]) == 0
    git(repo, "commit", "-qam", "codes")
    # Someone removes the record and the last ledger entry by hand: that code would be issued again.
    (repo / "catalog/records/xjlg/coating.yaml").unlink()
    (repo / "catalog/codes.yaml").write_text("codes: []\n")
    write_files(
        repo / "catalog",
        {
            "records/xjlg/other.yaml": PATENT.replace("ZL201710601862.3", "ZL202110234567.5")
            .replace("2017-08-01", "2021-08-01")
            .replace("2020-03-10", "2022-03-10")
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hand edit")
    capsys.readouterr()
    assert main(["assign-codes", "--catalog", "catalog", "--base", "HEAD~1"]) == 1
    assert "台账被手工修改" in capsys.readouterr().out
    assert (repo / "catalog/codes.yaml").read_text() == "codes: []\n"


def test_the_publish_job_installs_only_hashed_runtime_dependencies():
    lock = (ROOT / "requirements.lock").read_text()
    pins = [line.split("==")[0] for line in lock.splitlines() if "==" in line]
    assert pins and lock.count("--hash=sha256:") >= len(pins)
    for tool in ("pytest", "ruff", "playwright", "hypothesis", "mypy", "zizmor"):
        assert tool not in pins
    workflow = (ROOT / ".github/workflows/publish.yml").read_text()
    codes_job = workflow.split("\n  build:")[0]
    assert "make setup" in codes_job and "make dev" not in codes_job and "make test" not in codes_job
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes" in makefile


def test_cli_help_and_usage_errors_are_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "用法：" in out and "显示帮助并退出" in out and "usage:" not in out
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "yaml"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "错误" in err and "无效的选择" in err and "error:" not in err
