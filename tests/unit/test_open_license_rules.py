"""The open-licence rules (validate/open_license.py) at their boundaries, in-process for mutation
testing (issue 24): the fee fields each mode needs, the fixed-fee and royalty caps (the cap itself
passes, one over fails), the announcement date (not before the law, not after today), the term (one
year passes, a day less fails; up to the patent's expiry, a day more fails), consent, the evaluation
report and no exclusive or sole licence. Whole diagnostics: file, line, column, field, Chinese
message, rule, severity. The golden cases tests/cases/invalid/ol_*.case hold the text reports."""

from __future__ import annotations

import pytest

from conftest import TODAY, coded_catalog, valid_text, write_files
from xyhf.errors import Diagnostic, Severity
from xyhf.pipeline import check_catalog

OPEN = valid_text("open_license.yaml")  # the block from line 34: announced_on 36, fee 37–38, term 39–40
LICENSED = OPEN.replace("status: available", "status: licensed")  # beside a sole or exclusive deal
FEE = "  fee_mode: lump_sum\n  lump_sum_cny: 100000\n"
SOURCE = "国家知识产权局办公室关于组织开展专利开放许可试点工作的通知（2022 年）"


def record(*edits: tuple[str, str]) -> str:
    text = OPEN
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def fee(lines: str) -> tuple[str, str]:
    return FEE, "".join(f"  {line}\n" for line in lines.split("; "))


def err(line: int, column: int, field: str, message: str, rule: str) -> Diagnostic:
    return Diagnostic("catalog/records/xjlg/case.yaml", line, column, field, message, rule=rule, severity=Severity.ERROR)


def fee_needed(mode: str, title: str, key: str) -> Diagnostic:
    message = f"使用费支付方式为“{mode}”，须填写“{title}”（{key}），与公告的许可使用费标准一致。"
    return err(35, 3, "open_license", message, "open_license.fee")


def over_fixed(line: int, column: int, key: str, wan: str) -> Diagnostic:
    message = f"固定许可使用费一般不高于 2000 万元（{SOURCE}），现为 {wan} 万元：请核对。"
    return err(line, column, f"open_license.{key}", message, "open_license.cap")


def over_royalty(line: int, what: str, cap: int, percent: str) -> Diagnostic:
    message = f"以{what}提成的开放许可使用费一般不高于{what}的 {cap}%（{SOURCE}），现为 {percent}%：请核对。"
    return err(line, 20, "open_license.royalty_percent", message, "open_license.cap")


CASES = {
    # fees: the fields each mode needs
    "royalty_needs_basis_and_percent": (
        [fee("fee_mode: royalty")],
        [fee_needed("提成支付", "提成基数", "royalty_basis"), fee_needed("提成支付", "提成比例（%）", "royalty_percent")],
    ),
    "entry_plus_royalty_needs_the_entry_fee": (
        [fee("fee_mode: entry_plus_royalty; royalty_basis: profit; royalty_percent: 40")],
        [fee_needed("入门费加提成", "入门费（元）", "entry_fee_cny")],
    ),
    # fees: the caps
    "lump_sum_at_the_cap": ([fee("fee_mode: lump_sum; lump_sum_cny: 20000000")], []),
    "lump_sum_one_yuan_over": (
        [fee("fee_mode: lump_sum; lump_sum_cny: 20000001")],
        [over_fixed(38, 17, "lump_sum_cny", "2000.0001")],
    ),
    "entry_fee_over_royalty_at_the_cap": (
        [fee("fee_mode: entry_plus_royalty; entry_fee_cny: 25000000; royalty_basis: net_sales; royalty_percent: 20")],
        [over_fixed(38, 18, "entry_fee_cny", "2500")],
    ),
    "entry_fee_at_the_cap": (
        [fee("fee_mode: entry_plus_royalty; entry_fee_cny: 20000000; royalty_basis: net_sales; royalty_percent: 2")],
        [],
    ),
    "sales_royalty_over": (
        [fee("fee_mode: royalty; royalty_basis: net_sales; royalty_percent: 20.5")],
        [over_royalty(39, "净销售额", 20, "20.5")],
    ),
    "profit_royalty_at_the_cap": ([fee("fee_mode: royalty; royalty_basis: profit; royalty_percent: 40")], []),
    "profit_royalty_over": (
        [fee("fee_mode: royalty; royalty_basis: profit; royalty_percent: 41")],
        [over_royalty(39, "利润额", 40, "41")],
    ),
    # the announcement date
    "announced_the_day_the_law_came_in": ([("announced_on: 2024-05-20", "announced_on: 2021-06-01")], []),
    "announced_the_day_before": (
        [("announced_on: 2024-05-20", "announced_on: 2021-05-31")],
        [
            err(
                36,
                17,
                "open_license.announced_on",
                "开放许可制度自 2021-06-01 起施行，公告日 2021-05-31 早于此日：请核对公告号和公告日。",
                "open_license.dates",
            )
        ],
    ),
    "announced_today": ([("announced_on: 2024-05-20", f"announced_on: {TODAY}")], []),
    "announced_tomorrow": (
        [("announced_on: 2024-05-20", "announced_on: 2026-11-25")],
        [
            err(
                36,
                17,
                "open_license.announced_on",
                "公告日 2026-11-25 晚于今天：请在国家知识产权局公告后再填写。",
                "open_license.dates",
            )
        ],
    ),
    # the term
    "a_year_exactly": ([("term_to: 2029-05-31", "term_to: 2025-06-01")], []),
    "a_day_short_of_a_year": (
        [("term_to: 2029-05-31", "term_to: 2025-05-31")],
        [
            err(
                40,
                12,
                "open_license.term_to",
                "开放许可期限应不少于一年，现为 2024-06-01 至 2025-05-31：请延长许可期限止日。",
                "open_license.term",
            )
        ],
    ),
    "to_the_patents_expiry": ([("term_to: 2029-05-31", "term_to: 2037-07-31")], []),
    "a_day_past_the_patents_expiry": (
        [("term_to: 2029-05-31", "term_to: 2037-08-01")],
        [
            err(
                40,
                12,
                "open_license.term_to",
                "许可期限止日 2037-08-01 晚于专利权届满日 2037-07-31：开放许可不能超出专利有效期，请改为 2037-07-31 或更早。",
                "open_license.term",
            )
        ],
    ),
    # consent, the evaluation report, no exclusive or sole licence
    "without_every_patentees_consent": (
        [("all_patentees_consent: true", "all_patentees_consent: false")],
        [
            err(
                41,
                26,
                "open_license.all_patentees_consent",
                "开放许可声明须经全体专利权人同意（共有专利尤其如此）：取得同意后填 true，否则不能声明。",
                "open_license.consent",
            )
        ],
    ),
    "a_utility_model_without_its_report": (
        [
            ("patent_kind: invention", "patent_kind: utility_model"),
            ("ZL201710601862.3", "ZL201720601862.9"),
            ("term_to: 2029-05-31", "term_to: 2027-05-31"),
        ],
        [
            err(
                35,
                3,
                "open_license",
                "实用新型专利声明开放许可须提供专利权评价报告（专利法第五十条）：请填写 evaluation_report 的 number 和 issued_on。",
                "open_license.report",
            )
        ],
    ),
    "offered_for_assignment_only_no_licence_kinds": (
        [("  modes: [license]\n  license_kinds: [open]\n", "  modes: [transfer]\n")],
        [],
    ),
    "beside_an_exclusive_and_a_sole_licence": (
        [("license_kinds: [open]", "license_kinds: [open, exclusive, sole]")],
        [
            err(
                20,
                18,
                "transfer.license_kinds",
                "已声明开放许可的专利不得再给予独占或排他许可（专利法第五十一条）：请从许可类型中删除排他许可、独占许可，或撤回开放许可声明。",
                "open_license.exclusive",
            )
        ],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_open_licence_rule(make_catalog, name):
    edits, expected = CASES[name]
    report, _ = check_catalog(make_catalog({"records/xjlg/case.yaml": record(*edits)}), TODAY)
    assert report.diagnostics == expected


def test_only_a_patent_may_declare_an_open_licence(make_catalog):
    block = OPEN[OPEN.index("open_license:") :]
    report, _ = check_catalog(make_catalog({"records/xjlg/case.yaml": valid_text("secret.yaml") + block}), TODAY)
    assert report.diagnostics == [
        err(
            32,
            3,
            "open_license",
            "只有专利可以声明开放许可（专利法第五十条），本成果是技术秘密：请删除 open_license。",
            "open_license.type",
        )
    ]


def in_force(name: str, number: str) -> str:
    return (
        f"本专利有仍在履行的独占许可合同（deals/xjlg/{name}.yaml，XJLG-XYHF-2026-{number}），不得声明开放许可（专利法第五十一条）："
        "请撤回开放许可声明或先终止该合同。"
    )


def test_a_sole_licence_in_force_is_refused_an_open_one_beside_it_is_not(tmp_path, monkeypatch):
    """Deals are read in path order: a licence taken under the open licence itself (a-open) neither
    counts nor stops the reading; the sole licence after it (b-sole) is named at the declaration
    (line 36: assign-codes put the code on line 2)."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "catalog"
    files = {
        "holders/xjlg.yaml": valid_text("holder.yaml"),
        "records/xjlg/coating.yaml": LICENSED,
        "codes.yaml": "codes: []\n",
    }
    assert coded_catalog(root, files) == ["HNXY-2026-ZL-00001-0"]
    deal = valid_text("deal.yaml")
    opened = deal.replace("license_kind: exclusive", "license_kind: open")
    sole = deal.replace("license_kind: exclusive", "license_kind: sole").replace("XJLG-XYHF-2026-001", "XJLG-XYHF-2026-002")
    write_files(root, {"deals/xjlg/a-open.yaml": opened, "deals/xjlg/b-sole.yaml": sole})
    report, _ = check_catalog(root, TODAY)
    assert report.diagnostics == [
        Diagnostic(
            "catalog/records/xjlg/coating.yaml", 36, 3, "open_license", in_force("b-sole", "002"), rule="open_license.exclusive"
        )
    ]


def test_a_deal_its_schema_refuses_is_left_to_the_deal_checks(tmp_path, monkeypatch):
    """Exclusive deals that fail their own schema (records not a list; a field the schema does not
    know) are not read by the open-licence rule, which reads on: only the sole licence after them
    (c-sole) is named at the declaration, besides their schema errors."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "catalog"
    files = {"holders/xjlg.yaml": valid_text("holder.yaml"), "records/xjlg/coating.yaml": LICENSED, "codes.yaml": "codes: []\n"}
    assert coded_catalog(root, files) == ["HNXY-2026-ZL-00001-0"]
    deal = valid_text("deal.yaml")
    not_a_list = deal.replace("records: [HNXY-2026-ZL-00001-0]", "records: 42")
    unknown_field = deal.replace("XJLG-XYHF-2026-001", "XJLG-XYHF-2026-002") + "surprise: 1\n"
    sole = deal.replace("license_kind: exclusive", "license_kind: sole").replace("XJLG-XYHF-2026-001", "XJLG-XYHF-2026-003")
    write_files(
        root, {"deals/xjlg/a-bad.yaml": not_a_list, "deals/xjlg/b-bad.yaml": unknown_field, "deals/xjlg/c-sole.yaml": sole}
    )
    report, _ = check_catalog(root, TODAY)
    known = "records、need、contract_no、registration_no、licensee、signed_on、mode、license_kind、payment、amount_disclosed、events、ruling、case、insurance"
    assert report.diagnostics == [
        Diagnostic(
            "catalog/deals/xjlg/a-bad.yaml",
            2,
            10,
            "records",
            "“涉及成果”应为列表（每项一行，以“- ”开头），现在是 42。",
            rule="schema.type",
        ),
        Diagnostic(
            "catalog/deals/xjlg/b-bad.yaml",
            35,
            1,
            "surprise",
            f"不认识的字段 surprise：请检查拼写或删除。此处允许的字段有：{known}。",
            rule="schema.additionalProperties",
        ),
        Diagnostic(
            "catalog/records/xjlg/coating.yaml", 36, 3, "open_license", in_force("c-sole", "003"), rule="open_license.exclusive"
        ),
    ]
