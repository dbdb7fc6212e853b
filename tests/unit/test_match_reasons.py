"""Where a match's reasons are shown, only what the place does not already say is repeated."""

from __future__ import annotations

from xyhf.search.match import reasons_on_record_page, why_in_brief

REASONS = (
    "匹配词语：麦克风（摘要）、扬声器（摘要）",
    "相关概念：锂电池 → 正极材料",
    "成果在衡阳市",
    "付款方式不同：成果为里程碑节点支付",
    "注意：技术成熟度 TRL 5，低于要求的 6 级",
    "注意：基础费用 66 万元，超出预算 43 万元",
    "成果状态：已撤回",
)


def test_a_record_page_leaves_out_its_own_city_and_status_but_keeps_a_shared_city():
    assert reasons_on_record_page(REASONS) == REASONS[:2] + REASONS[3:6]
    same = ("匹配词语：耳机（标题）", "同在长沙市", "成果状态：可转化")
    assert reasons_on_record_page(same) == same[:2], "同在 relates the record to the need: kept"


def test_a_need_feed_says_why_it_matched_and_the_status_in_brief():
    assert why_in_brief(REASONS) == (REASONS[0], REASONS[1], REASONS[-1])
    assert why_in_brief(("成果在岳阳市", "成果状态：可转化")) == ("成果状态：可转化",)
