"""domain/changes.py: two versions of a record → what changed, in the words a firm reads."""

from __future__ import annotations

import datetime as dt

import pytest

from xyhf.domain.changes import MAX_VALUE, describe

BASE = {
    "title": "工程机械远程运维管理软件",
    "type": "software_copyright",
    "ip": {"number": "2019SR0322683", "owners": ["湘江理工大学"]},
    "trl": 7,
    "summary": "面向工程机械的远程状态监测。",
    "keywords": ["远程运维", "工程机械"],
    "transfer": {"modes": ["license"], "license_kinds": ["open"], "region": "中国境内"},
    "payment": {"model": "deferred_start", "start": {"after_months": 6}, "method": "lump_sum", "total_cny": 120000},
    "contact": {"name": "张三", "phone": "13800000000"},
    "status": "available",
    "listed_on": dt.date(2026, 4, 1),
}


def edited(**changes) -> dict:
    out = {**BASE}
    for path, value in changes.items():
        node = out
        *parents, last = path.split("__")
        for key in parents:
            node[key] = dict(node[key])
            node = node[key]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return out


MILESTONE = {"model": "milestone", "milestones": [{"node": "tech_validation", "amount_cny": 50000}], "royalty_percent": 2}

PAIRS = [
    (edited(status="negotiating"), ("状态：可转化 → 洽谈中",)),
    (edited(payment=MILESTONE), ("付款方式：延期启动支付 → 里程碑节点支付",)),  # the model's details go with it
    (edited(payment__total_cny=150000), ("转化费用总额：120,000 元 → 150,000 元",)),
    (edited(payment__method="installments"), ("支付形式：一次性总付 → 分期支付",)),
    (edited(trl=8), ("技术成熟度：TRL 7 → TRL 8",)),
    (edited(transfer__license_kinds=["open", "exclusive"]), ("许可类型：开放许可 → 开放许可、排他许可",)),
    (edited(transfer__term="5 年"), ("许可期限：5 年",)),  # a field added says its value
    (edited(transfer__region=None), ("转化地域：已删除（原为 中国境内）",)),
    (edited(summary="全新的说明文字。"), ("简要说明：已修改",)),  # long text is never dumped
    (edited(licensee_requirements="需要一台服务器。"), ("承接条件：已添加",)),
    (edited(contact={"name": "张三", "phone": "13900000000"}), ("联系方式：已修改",)),  # no unpublished phone
    (edited(ip__legal_status="in_force", ip__status_checked_on="2026-05-01"), ("IP 状态核验：有效",)),
    (edited(code="HNXY-2026-RZ-00001-4"), ("统一编码：HNXY-2026-RZ-00001-4",)),
    (edited(listed_on=dt.date(2026, 4, 2)), ("入库日期：2026-04-01 → 2026-04-02",)),
    (edited(status_since="2026-05-01"), ()),  # moves only with the status
    (edited(future_field="x"), ("其他信息：已修改",)),
    (edited(ip__future_key="x"), ("其他信息：已修改",)),
    (BASE, ()),
]


@pytest.mark.parametrize(("new", "words"), PAIRS)
def test_one_change_in_words(new, words):
    assert describe(BASE, new) == words


def test_a_recheck_says_its_result_and_a_new_status_says_before_and_after():
    checked = edited(ip__legal_status="in_force", ip__status_checked_on="2026-05-01")
    again = {**checked, "ip": {**checked["ip"], "status_checked_on": "2026-11-01", "status_source": "导入.xlsx"}}
    lapsed = {**again, "ip": {**again["ip"], "legal_status": "lapsed", "status_checked_on": "2026-11-20"}}
    assert describe(checked, again) == ("IP 状态核验：有效",)
    assert describe(again, lapsed) == ("法律状态：有效 → 未缴年费终止",)


def test_several_changes_come_in_the_order_a_firm_decides_on():
    new = edited(summary="新的。", status="negotiating", payment=MILESTONE)
    assert describe(BASE, new) == ("状态：可转化 → 洽谈中", "付款方式：延期启动支付 → 里程碑节点支付", "简要说明：已修改")


def test_long_values_are_cut_and_unreadable_versions_are_said_once():
    words = describe(BASE, edited(title="很" * 100))
    assert words[0].endswith("…") and len(words[0].split(" → ")[1]) == MAX_VALUE
    assert describe(None, BASE) == ("记录文件已修改",)
    assert describe(None, None) == ()


def test_record_text_stays_text():
    (words,) = describe(BASE, edited(title="<script>alert(1)</script>"))
    assert "<script>" in words  # data, not markup: the template escapes it (see test_history_site)


QUICK_EDITS = [
    ("status: available\n", "status: negotiating\n"),  # one top-level line: read from the lines alone
    ("listed_on: 2026-04-01\n", "listed_on: 2026-04-01\ncode: HNXY-2026-RZ-00001-4\n"),  # a code issued
    ("title: 工程机械远程运维管理软件\n", "# 复核过\ntitle: 工程机械远程运维管理软件\n"),  # a comment only
    ("trl: 7\n", "trl: 8\n"),
    ("  region: 中国境内\n", "  region: 湖南省\n"),  # nested: both files parsed
    ("keywords: [远程运维, 工程机械]\n", "keywords:\n- 远程运维\n- 工程机械\n- 运维\n"),  # block list at the margin
    ("summary: 面向工程机械", "summary: |\n  面向工程机械\n  新的一行"),  # a block scalar
]


@pytest.mark.parametrize(("before", "after"), QUICK_EDITS)
def test_reading_only_the_changed_lines_says_what_parsing_both_files_says(before, after):
    from conftest import valid_text
    from xyhf.source.history import _parse, _top_level_words

    old = valid_text("deferred.yaml")
    assert before in old
    new = old.replace(before, after)
    quick = _top_level_words(old.encode(), new.encode(), "records/x/a.yaml")
    full = describe(_parse(old.encode(), "a"), _parse(new.encode(), "a"))
    assert quick is None or quick == full
    if before.startswith(("status", "listed_on", "title", "trl")):
        assert quick is not None  # the cheap path is taken where it can be


def with_value(path: str, value: object) -> dict:
    """BASE with one field set to `value`, None included (edited() drops a field set to None)."""
    out = edited(**{path: "placeholder"})
    node = out
    *parents, last = path.split("__")
    for key in parents:
        node = node[key]
    node[last] = value
    return out


EMPTY_AND_ODD_VALUES = [
    (edited(keywords=[]), ("关键词：远程运维、工程机械 → （无）",)),  # an emptied list
    (edited(title=""), ("成果名称：工程机械远程运维管理软件 → （无）",)),  # an emptied text
    (with_value("transfer__region", None), ("转化地域：中国境内 → （无）",)),  # a null
    (edited(status="paused"), ("状态：可转化 → paused",)),  # a value the label table does not know
    (edited(ip__patent_kind=1), ("专利类型：1",)),  # not text: said as written
    (edited(transfer__field_of_use=True), ("许可用途：是",)),
    (edited(transfer__field_of_use=False), ("许可用途：否",)),
    (edited(transfer__region={"省": "湖南"}), ("转化地域：中国境内 → 已修改",)),  # a mapping is never dumped
    (edited(payment__royalty_percent=1.5), ("提成比例：1.5%",)),
    (edited(trl=None), ("技术成熟度：已删除（原为 TRL 7）",)),  # a whole top-level field removed
    (
        edited(transfer=None),
        ("转化方式：已删除（原为 许可）", "许可类型：已删除（原为 开放许可）", "转化地域：已删除（原为 中国境内）"),
    ),
    (edited(payment__future_key="x"), ("其他信息：已修改",)),  # unnamed keys inside payment and transfer
    (edited(transfer__future_key="x"), ("其他信息：已修改",)),
]


@pytest.mark.parametrize(("new", "words"), EMPTY_AND_ODD_VALUES)
def test_empty_missing_and_unexpected_values_in_words(new, words):
    assert describe(BASE, new) == words


def test_a_value_of_exactly_the_limit_is_not_cut():
    title = "长" * MAX_VALUE
    assert describe(BASE, edited(title=title)) == (f"成果名称：工程机械远程运维管理软件 → {title}",)


def test_a_check_says_checked_when_no_known_status_goes_with_it():
    assert describe(BASE, edited(ip__status_checked_on="2026-05-01")) == ("IP 状态核验：已核验",)
    odd = edited(ip__legal_status="unknown_state", ip__status_checked_on="2026-05-01")
    again = {**odd, "ip": {**odd["ip"], "status_checked_on": "2026-06-01"}}
    assert describe(odd, again) == ("IP 状态核验：已核验",)


def test_a_status_change_with_its_check_still_says_the_fields_after_it():
    checked = edited(ip__legal_status="in_force", ip__status_checked_on="2026-05-01")
    lapsed = {**checked, "ip": {**checked["ip"], "legal_status": "lapsed", "status_checked_on": "2026-11-20"}}
    lapsed["summary"] = "新的说明。"
    assert describe(checked, lapsed) == ("法律状态：有效 → 未缴年费终止", "简要说明：已修改")


@pytest.mark.parametrize("where", ["", "ip__", "payment__", "transfer__"])
def test_unnamed_keys_count_only_when_they_change(where):
    kept = edited(**{f"{where}future_key": "x"})
    assert describe(kept, {**kept, "status": "negotiating"}) == ("状态：可转化 → 洽谈中",)  # same in both: not said
    assert describe(BASE, with_value(f"{where}future_key", None)) == ("其他信息：已修改",)  # added as a null
    assert describe(with_value(f"{where}future_key", None), BASE) == ("其他信息：已修改",)  # a null removed


def test_a_new_payment_model_says_its_details_once_but_other_changes_still_count():
    assert describe(BASE, edited(payment={**MILESTONE, "future_key": 1})) == ("付款方式：延期启动支付 → 里程碑节点支付",)
    new = edited(payment=MILESTONE, ip__future_key="x")
    assert describe(BASE, new) == ("付款方式：延期启动支付 → 里程碑节点支付", "其他信息：已修改")


def test_two_fields_that_say_the_same_sentence_say_it_once():
    old = {**BASE, "contact": {"name": "李四"}, "publish_contact": False}
    assert describe(old, {**old, "contact": {"name": "张三"}, "publish_contact": True}) == ("联系方式：已修改",)
