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
