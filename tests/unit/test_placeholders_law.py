"""domain/placeholders.py (an unedited `xyhf new` template is never published) and the date
arithmetic of domain/law.py (month and year steps, the fiscal five-year rule at its boundary)."""

from __future__ import annotations

import datetime as dt

import pytest

from xyhf.domain import placeholders as ph
from xyhf.domain.law import add_months, add_years, fiscal_unconverted, legal_term_end

FILLED = {
    "title": "低成本秸秆青贮饲料发酵工艺",
    "ip": {"number": "ZL202110234567.5"},
    **{key: f"本成果的实际{key}说明。" for key in ph.TEMPLATE_TEXTS},
    "keywords": ["秸秆", "青贮饲料"],
    "payment": {"milestones": [{"condition": "完成 3 个养殖场的中试"}]},
}


def test_a_filled_record_holds_no_example_text():
    assert ph.placeholder_fields(FILLED) == []


@pytest.mark.parametrize(
    ("change", "path", "label"),
    [
        ({"title": ph.TEMPLATE_TITLE}, ("title",), "成果名称"),
        ({"title": "（请填写成果名称）秸秆饲料"}, ("title",), "成果名称"),  # the prompt left in front
        ({"ip": {"number": " zl202012345678.1 "}}, ("ip", "number"), "登记/授权号"),  # case and spaces do not hide it
        ({"summary": "  " + ph.TEMPLATE_TEXTS["summary"] + "\n"}, ("summary",), "简要说明"),
        ({"applications": "前言。" + ph.TEMPLATE_TEXTS["applications"]}, ("applications",), "应用领域与市场前景"),
        ({"advantages": ph.TEMPLATE_TEXTS["advantages"]}, ("advantages",), "技术优势"),
        ({"licensee_requirements": ph.TEMPLATE_TEXTS["licensee_requirements"]}, ("licensee_requirements",), "承接条件"),
        ({"keywords": ["秸秆", " 关键词二 "]}, ("keywords", 1), "关键词"),
        (
            {"payment": {"milestones": [{"condition": "x"}, {"condition": ph.TEMPLATE_CONDITION}]}},
            ("payment", "milestones", 1, "condition"),
            "里程碑支付条件",
        ),
    ],
)
def test_each_example_left_in_is_found_where_it_is(change, path, label):
    assert ph.placeholder_fields({**FILLED, **change}) == [(path, label)]


def test_the_whole_template_is_found_field_by_field_in_order():
    template = {
        "title": ph.TEMPLATE_TITLE,
        "ip": {"number": ph.TEMPLATE_NUMBER},
        **ph.TEMPLATE_TEXTS,
        "keywords": list(ph.TEMPLATE_KEYWORDS),
        "payment": {"milestones": [{"condition": ph.TEMPLATE_CONDITION}]},
    }
    assert [label for _, label in ph.placeholder_fields(template)] == [
        "成果名称", "登记/授权号", "简要说明", "应用领域与市场前景", "技术优势", "承接条件", "关键词", "关键词", "里程碑支付条件",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "odd",
    [
        {"ip": "ZL202012345678.1", "payment": "x", "keywords": None},  # not mappings or lists: nothing to find, no crash
        {"ip": {"number": 202012345678}, "keywords": [1, None], "payment": {"milestones": ["x", None]}},
        {"summary": None, "title": None},
    ],
)
def test_wrong_shapes_are_left_to_the_schema(odd):
    assert ph.placeholder_fields({**FILLED, **odd}) == []


def test_steps_of_months_and_years_keep_the_day_or_take_the_months_last():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 3, 31), 1) == dt.date(2026, 4, 30)
    assert add_months(dt.date(2026, 11, 15), 2) == dt.date(2027, 1, 15)
    assert add_months(dt.date(2026, 12, 31), 12) == dt.date(2027, 12, 31)
    assert add_months(dt.date(2026, 5, 20), 0) == dt.date(2026, 5, 20)
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


def test_a_step_past_the_calendar_names_the_day_it_could_not_move():
    with pytest.raises(ValueError) as refused:
        add_months(dt.date(9999, 12, 1), 1)
    assert refused.value.args == (dt.date(9999, 12, 1),)


def test_no_legal_term_without_a_filing_date_or_a_known_patent_kind():
    assert legal_term_end("patent", "invention", None) is None
    assert legal_term_end("patent", "invention", "") is None
    assert legal_term_end("patent", None, "2020-01-01") is None
    assert legal_term_end("patent", "plant", "2020-01-01") is None
    assert legal_term_end("trade_secret", None, "2020-01-01") is None


def test_the_fiscal_rule_starts_on_the_fifth_anniversary_of_acceptance():
    today = dt.date(2026, 11, 24)
    record = {"status": "available", "transfer": {"license_kinds": ["exclusive"]}}
    assert fiscal_unconverted({**record, "funding": {"fiscal": True, "accepted_on": "2021-11-24"}}, today)
    assert not fiscal_unconverted({**record, "funding": {"fiscal": True, "accepted_on": "2021-11-25"}}, today)
    assert fiscal_unconverted({"status": "available", "funding": {"fiscal": True, "accepted_on": "2020-01-01"}}, today)
    assert not fiscal_unconverted({**record, "funding": {"fiscal": True}}, today)  # no acceptance date: not counted
    assert not fiscal_unconverted({**record, "funding": None}, today)
    assert not fiscal_unconverted(record, today)
