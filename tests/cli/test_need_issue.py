"""The 需求提交 issue form: generated from the need schema and kept in step, a filled issue becomes a
need file that `xyhf check` accepts, a bad one gets a located Chinese reply and writes nothing, and
the reply never turns issue text into markup or mentions."""

from __future__ import annotations

import yaml

from conftest import ROOT, TODAY
from gfm_check import REPLY_TAGS, assert_inert
from xyhf.cli import main
from xyhf.importers.need_issue import FIELDS, render_need_issue_form
from xyhf.pipeline import check_catalog

GOOD = {
    "文件名": "foundry-porosity",
    "需求名称": "铸件气孔率高，需要改进熔炼工艺",
    "现状与问题": "我厂用冲天炉熔炼灰铸铁，生产工程机械配重块，铸件气孔率约 8%，返修多。",
    "期望指标": "气孔率降到 2% 以下，单件成本增加不超过 3 元。",
    "关键词": "铸造、气孔，熔炼工艺",
    "国民经济行业分类": "C3391",
    "企业名称": "长沙示例铸造有限公司",
    "统一社会信用代码": "91430100MA4L16JQ9D",
    "企业规模": "小型企业",
    "所在市州": "长沙市",
    "可承受费用上限（元）": "300,000",
    "可接受的付款方式": "里程碑节点支付, 延期启动支付",
    "最低技术成熟度": "6",
    "联系人": "李工",
    "联系电话": "0731-88886666",
    "公开联系方式": "否",
}


def issue_body(fields: dict) -> str:
    return "\n\n".join(f"### {k}\n\n{v}" for k, v in fields.items()) + "\n"


def labels_match_the_form():
    form = yaml.safe_load(render_need_issue_form().split("\n", 1)[1])
    return {item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"}


def test_the_committed_need_form_is_current_and_every_field_has_a_label():
    assert (ROOT / ".github/ISSUE_TEMPLATE/submit-need.yml").read_text(encoding="utf-8") == render_need_issue_form()
    assert labels_match_the_form() == {f.label for f in FIELDS}
    assert set(GOOD) <= labels_match_the_form()


def test_a_filled_need_issue_becomes_a_need_file_check_accepts(make_catalog, tmp_path, capsys):
    root = make_catalog()
    body = tmp_path / "issue.md"
    body.write_text(issue_body(GOOD), encoding="utf-8")
    assert main(["issue-to-need", str(body), "--catalog", str(root), "--check-only"]) == 0
    assert not (root / "needs").exists()  # checking writes nothing
    assert main(["issue-to-need", str(body), "--catalog", str(root)]) == 0
    data = yaml.safe_load((root / "needs/430100/foundry-porosity.yaml").read_text(encoding="utf-8"))
    assert data["keywords"] == ["铸造", "气孔", "熔炼工艺"] and data["budget_cny"] == {"max": 300000}
    assert data["payment_models"] == ["milestone", "deferred_start"] and data["enterprise"]["size"] == "small"
    assert data["publish_contact"] is False and data["status"] == "open" and data["expires_on"] == "2027-11-24"
    assert "phone" not in data["contact"]  # given without consent: not kept
    report, _ = check_catalog(root, TODAY)
    assert report.ok, report.render("text")
    capsys.readouterr()
    assert main(["issue-to-need", str(body), "--catalog", str(root)]) == 1  # the same file name twice
    assert "已存在" in capsys.readouterr().out


def test_a_vague_or_wrong_need_issue_is_answered_with_fixes_and_writes_nothing(make_catalog, tmp_path, capsys):
    root = make_catalog()
    bad = {
        **GOOD,
        "现状与问题": "希望提高产品质量",
        "统一社会信用代码": "91430100MA4L16JQ9B",
        "所在市州": "长沙",
        "可承受费用上限（元）": "30万",
    }
    body = tmp_path / "issue.md"
    body.write_text(issue_body(bad), encoding="utf-8")
    report = tmp_path / "report.md"
    assert main(["issue-to-need", str(body), "--catalog", str(root), "--report", str(report)]) == 1
    text = report.read_text(encoding="utf-8")
    assert "“所在市州”：请从选项中选择" in text and "“可承受费用上限（元）”：应为不超过 13 位的整数" in text
    assert not (root / "needs").exists()
    vague = "我们公司目前产品质量比较差，希望进一步提高。"
    body.write_text(issue_body({**GOOD, "现状与问题": vague, "统一社会信用代码": "91430100MA4L16JQ9B"}), encoding="utf-8")
    assert main(["issue-to-need", str(body), "--catalog", str(root), "--report", str(report)]) == 1
    text = report.read_text(encoding="utf-8")
    assert (
        "“现状与问题”：“现状与问题”太笼统" in text
        and "“统一社会信用代码”：企业统一社会信用代码校验不通过：第 18 位应为 D" in text
    )
    assert not list(root.rglob("foundry-porosity.yaml"))


HOSTILE = r"@everyone &#64;org/team \[点此查看审核结果\](https://evil.example/x) <img src=x onerror=alert(1)> #1 www.evil.example"
QUOTED = ("统一社会信用代码", "国民经济行业分类", "期望解决时间", "联系电话", "电子邮箱")


def test_the_reply_never_carries_markup_or_mentions_from_the_issue(make_catalog, tmp_path):
    """Issue 24: every field whose problem quotes the answer, rendered by cmark-gfm as GitHub would."""
    from xyhf.importers.need_issue import issue_to_need

    root = make_catalog()
    hostile = {**GOOD, "公开联系方式": "是", **{k: HOSTILE for k in QUOTED}}
    code, reply = issue_to_need(issue_body(hostile), root, TODAY)
    assert code == 1
    assert reply.count("＠everyone") == len(QUOTED)  # each answer is quoted back, as text
    assert_inert(reply, REPLY_TAGS)


def test_new_with_a_holder_name_names_the_holder_id_it_meant(capsys):
    """A clerk types the institution's name: the error lists every id and points at the right one."""
    assert main(["new", "--holder", "娄底钢铁", "--catalog", str(ROOT / "catalog")]) == 1
    err = capsys.readouterr().err
    assert "您要找的可能是 ldgt（娄底钢铁技术转移中心）" in err and "  xjlg  湘江理工大学" in err
    assert main(["new", "--holder", "无此单位", "--catalog", str(ROOT / "catalog")]) == 1
    assert "您要找的可能是" not in capsys.readouterr().err


# --- contact details in a public issue (issue 24, class 5) ---------------------------------------


def form_items(text: str) -> list[dict]:
    return yaml.safe_load(text.split("\n", 1)[1])["body"]


def test_both_forms_say_the_issue_is_public_and_ask_for_contacts_only_under_the_consent_choice():
    from xyhf.importers.issue import render_issue_form

    for text, consent, email in (
        (render_need_issue_form(), "公开联系方式", "电子邮箱"),
        (render_issue_form(), "公开个人联系方式", "联系邮箱"),
    ):
        items = form_items(text)
        assert "议题内容公开可见" in items[0]["attributes"]["value"]  # said before anything is typed
        labels = [i["attributes"].get("label") for i in items]
        at = labels.index(consent)
        group = items[at - 1]["attributes"]["value"]
        assert (
            items[at - 1]["type"] == "markdown"
            and "议题内容公开可见" in group
            and "发邮件给所在市州工作站或成果库办公室" in group
        )
        assert "stations/" in group
        choice = items[at]["attributes"]
        assert choice["options"][choice["default"]] == "否" and items[at]["validations"]["required"]
        for label in ("联系电话", email):
            i = labels.index(label)
            assert i > at and not items[i]["validations"]["required"]
            assert f"只在“{consent}”选“是”时填写" in items[i]["attributes"]["description"]


def test_without_consent_phone_and_email_are_dropped_and_the_reply_says_so(make_catalog, tmp_path):
    from xyhf.importers.need_issue import issue_to_need

    root = make_catalog()
    given = {**GOOD, "公开联系方式": "否", "电子邮箱": "li@example.com"}
    code, reply = issue_to_need(issue_body(given), root, TODAY)
    assert code == 0
    data = yaml.safe_load((root / "needs/430100/foundry-porosity.yaml").read_text(encoding="utf-8"))
    assert data["contact"] == {"name": "李工"} and data["publish_contact"] is False
    assert "填写的联系电话和电子邮箱不会写入文件" in reply and "请编辑本议题，删除联系电话和电子邮箱" in reply
    assert "议题内容公开可见" in reply and "发邮件给所在市州工作站或成果库办公室" in reply
    assert "li@example.com" not in reply and "0731" not in reply  # the reply never repeats them
    assert_inert(reply, REPLY_TAGS | {"strong"})


def test_with_consent_they_are_kept_and_nothing_is_said(make_catalog):
    from xyhf.importers.need_issue import issue_to_need

    root = make_catalog()
    code, reply = issue_to_need(issue_body({**GOOD, "公开联系方式": "是", "电子邮箱": "li@example.com"}), root, TODAY)
    assert code == 0 and "不会写入文件" not in reply
    data = yaml.safe_load((root / "needs/430100/foundry-porosity.yaml").read_text(encoding="utf-8"))
    assert data["contact"] == {"name": "李工", "phone": "0731-88886666", "email": "li@example.com"}
    assert data["publish_contact"] is True


def test_no_consent_answer_means_no_consent_and_a_failing_reply_also_says_what_was_dropped(make_catalog):
    from xyhf.importers.need_issue import issue_to_need

    root = make_catalog()
    answers = {k: v for k, v in GOOD.items() if k != "公开联系方式"}
    code, reply = issue_to_need(issue_body({**answers, "所在市州": "长沙"}), root, TODAY)
    assert code == 1 and "填写的联系电话不会写入文件" in reply and "“所在市州”：请从选项中选择" in reply
    assert not (root / "needs").exists()


def test_a_record_issue_without_consent_keeps_no_personal_phone(make_catalog):
    from test_submission import GOOD_ROW
    from xyhf.importers.issue import issue_to_record

    root = make_catalog()
    fields = {
        "持有方编号": "xjlg",
        **{k: v for k, v in GOOD_ROW.items() if v is not None},
        "里程碑节点": "技术验证通过；中试验证通过；50000；节点达成后30日内",
        "联系人": "王老师",
        "联系电话": "13800000000",
        "公开个人联系方式": "否",
    }
    code, reply = issue_to_record(issue_body(fields), root, TODAY)
    assert code == 0, reply
    record = yaml.safe_load((root / "records/xjlg/hea-coating.yaml").read_text(encoding="utf-8"))
    assert record["contact"] == {"name": "王老师"} and "13800000000" not in reply
    assert "您没有在“公开个人联系方式”选“是”，所以填写的联系电话不会写入文件" in reply


def test_the_body_can_come_on_standard_input(make_catalog):
    import os
    import subprocess
    import sys

    root = make_catalog()
    done = subprocess.run(
        [sys.executable, "-m", "xyhf", "issue-to-need", "-", "--check-only", "--catalog", str(root)],
        input=issue_body(GOOD).encode(),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "XYHF_TODAY": TODAY.isoformat()},
    )
    assert done.returncode == 0 and "自动检查通过" in done.stdout.decode()
    missing = subprocess.run(
        [sys.executable, "-m", "xyhf", "issue-to-need", str(root / "nothing.md"), "--catalog", str(root)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert missing.returncode == 2 and "找不到议题正文文件" in missing.stderr.decode()
