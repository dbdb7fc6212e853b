"""Check characters against hand-verified examples (sources cited) and hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from xyhf.domain.identifiers import (
    USCC_ALPHABET,
    ipc_is_valid,
    mod11_weighted_check,
    normalize_ip_number,
    org_code_is_valid,
    parse_patent_number,
    patent_number_problem,
    registration_number_problem,
    uscc_check_char,
    uscc_is_valid,
    uscc_problem,
)


def test_uscc_worked_example_gb32100():
    # GB 32100-2015 algorithm, worked in shared/STANDARDS.md: S = 538, 538 mod 31 = 11, 31 - 11 = 20 → 'L'.
    assert uscc_check_char("91110000600037341") == "L"
    assert uscc_is_valid("91110000600037341L")
    assert not uscc_is_valid("91110000600037341M")


def test_uscc_refuses_letters_outside_the_alphabet():
    assert not uscc_is_valid("91110000600037341I")  # I, O, S, V, Z are not used
    assert not uscc_is_valid("9111000060003734")  # too short


def test_uscc_first_characters_a_n_y_are_allowed():
    # python-stdnum wrongly refuses A, N and Y as registering authority (STANDARDS.md): we do not.
    for first in "ANY":
        body = first + "1110000600037341"
        assert uscc_is_valid(body + uscc_check_char(body))


def test_patent_check_digit_worked_examples():
    # CNIPA 专利申请号标准 (2003), worked in STANDARDS.md: 201710601862 → Σ = 157, 157 mod 11 = 3.
    assert mod11_weighted_check("201710601862") == "3"
    # Pre-2003 8-digit number ZL95115608.X: Σ = 186, 186 mod 11 = 10 → X.
    assert mod11_weighted_check("95115608") == "X"
    assert patent_number_problem("ZL201710601862.3", "invention", 2017) is None
    assert patent_number_problem("ZL95115608.X", "invention", 1995) is None
    assert "校验位应为 3" in patent_number_problem("ZL201710601862.4", "invention", 2017)


def test_patent_number_kind_and_year_must_agree():
    assert "实用新型" not in (patent_number_problem("ZL201710601862.3", "invention", 2017) or "")
    assert "不一致" in patent_number_problem("ZL201710601862.3", "utility_model", 2017)
    assert "申请年份 2017" in patent_number_problem("ZL201710601862.3", "invention", 2018)


def test_patent_number_prefixes():
    assert parse_patent_number("CN201710601862.3").digits == "201710601862"
    assert parse_patent_number("201710601862.3").check == "3"
    assert parse_patent_number("ZL2017106018") is None


def test_registration_formats_per_type():
    assert registration_number_problem("software_copyright", "2019SR0322683") is None
    assert registration_number_problem("software_copyright", "SR0322683")[0] == "error"
    assert registration_number_problem("ic_layout", "BS.185559220") is None  # the public sample (STANDARDS.md)
    # Unconfirmed check rules warn, never reject:
    assert registration_number_problem("ic_layout", "BS.185559221") == (
        "warning",
        "布图设计登记号校验位与推测的算法不符，请核对号码（此项规则未经官方确认，仅作提示）。",
    )
    assert registration_number_problem("plant_variety", "CNA20191006012") is None
    # The old-format sample of STANDARDS.md fits the mod-11 check; a changed check only warns.
    assert registration_number_problem("plant_variety", "CNA20080376.X") is None
    assert registration_number_problem("plant_variety", "CNA20080376.1") == (
        "warning",
        "品种权申请号校验位与推测的算法不符，请核对号码（此项规则未经官方确认，仅作提示）。",
    )
    assert registration_number_problem("plant_variety", "20191006012")[0] == "error"


def test_ipc_format():
    for ok in ["C23C 4/06", "G06F 16/33", "H01M 10/0525", "C23C", "A61K 36/00"]:
        assert ipc_is_valid(ok), ok
    for bad in ["C23 4/06", "c23c 4/06", "C23C4", "Z99Z 1/00", "C23C 4-06"]:
        assert not ipc_is_valid(bad), bad


def test_ip_numbers_compare_without_prefix():
    assert normalize_ip_number("ZL 201710601862.3") == normalize_ip_number("201710601862.3")
    assert normalize_ip_number("cn201710601862.3") == "201710601862.3"


# --- properties ---------------------------------------------------------------------------

# Positions 3-8 are the area code (digits); the rest use the 31-character alphabet.
uscc_body = st.builds(
    lambda a, b, c: a + b + c,
    st.text(alphabet=USCC_ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
)


@given(uscc_body)
def test_uscc_round_trips(body):
    assert uscc_is_valid(body + uscc_check_char(body))


@given(uscc_body, st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_uscc_single_substitution_is_detected(body, pos, char):
    code = body + uscc_check_char(body)
    typo = code[:pos] + char + code[pos + 1 :]
    if typo != code and (not 2 <= pos < 8 or char.isdigit()):
        assert not uscc_is_valid(typo)


digits12 = st.text(alphabet="0123456789", min_size=12, max_size=12)


@given(digits12, st.integers(0, 11), st.sampled_from("0123456789"))
def test_patent_single_digit_typo_is_detected(digits, pos, char):
    check = mod11_weighted_check(digits)
    typo = digits[:pos] + char + digits[pos + 1 :]
    if typo != digits:
        assert mod11_weighted_check(typo) != check


def test_uscc_messages_as_a_clerk_reads_them():
    assert uscc_problem("  91110000600037341l ") is None  # spaces and lower case are forgiven
    assert uscc_problem("91110000600037341M") == (
        "统一社会信用代码校验不通过：按 GB 32100-2015 计算，第 18 位应为 L，而不是 M。请对照营业执照逐位核对（常见是抄错一位）。"
    )
    assert uscc_problem("9111000060003734") == (
        "统一社会信用代码应为 18 位：数字和大写字母（不用 I、O、S、V、Z），第 3–8 位为数字。请对照营业执照核对。"
    )


def test_organisation_code_inside_a_uscc():
    # GB 32100-2015's example 91350100M000100Y43 carries the organisation code M000100Y4.
    assert uscc_is_valid("91350100M000100Y43") and org_code_is_valid("M000100Y4")
    assert not org_code_is_valid("M000100Y5") and not org_code_is_valid("m000100Y4")
    assert org_code_is_valid("100000040") and not org_code_is_valid("100000041")  # 11 - 0 = 11 → 0
    assert org_code_is_valid("10000018X") and not org_code_is_valid("100000180")  # 11 - 1 = 10 → X


@pytest.mark.parametrize(
    ("number", "kind", "year", "message"),
    [
        ("ZL200210601862.7", "invention", None, "专利号年份 2002 不可能是 12 位格式（2003 年 10 月起才用 12 位）。"),
        ("ZL95115608", "invention", None, "专利号缺少校验位：应写成 95115608.X（“.”后一位）。"),
        ("201710601862", None, None, "专利号缺少校验位：应写成 201710601862.3（“.”后一位）。"),
        ("ZL201760601862.0", "invention", None, "专利号第 5 位表示未知类型 6，与 patent_kind 不一致，请核对。"),
        ("ZL95115608.X", "utility_model", None, "专利号第 3 位表示发明，与 patent_kind 不一致，请核对。"),
        ("ZL201710601862.3", "design", None, "专利号第 5 位表示发明，与 patent_kind 不一致，请核对。"),
        ("ZL201710601862.3", "invention", 2016, "专利号中的申请年份 2017 与申请日 filed_on 的年份 2016 不一致，请核对。"),
        (
            "ZL2017106018",
            "invention",
            None,
            "专利号格式不对。应为 ZL + 12 位申请号 + “.” + 校验位（如 ZL201710601862.3），2003 年 10 月前的申请为 8 位（如 ZL95115608.X）。",
        ),
    ],
)
def test_patent_number_messages(number, kind, year, message):
    assert patent_number_problem(number, kind, year) == message


def test_patent_numbers_that_are_right():
    assert patent_number_problem("ZL88100001", "invention", 1988) is None  # before 1989: no check digit yet
    assert patent_number_problem("ZL201780601862.1", "invention", 2017) is None  # PCT invention
    assert patent_number_problem("ZL201790601862.7", "utility_model", 2017) is None  # PCT utility model
    assert patent_number_problem("zl201710601862.3", None, None) is None
    assert parse_patent_number("01123456.3").year == 2001 and parse_patent_number("85100001").year == 1985


def test_numbers_of_types_without_a_format_rule_pass_and_plant_numbers_need_one_of_two_forms():
    assert registration_number_problem("trade_secret", "whatever") is None
    assert registration_number_problem("plant_variety", "CNA2019100601") == (
        "error",
        "植物新品种权号格式应为 CNA + 申请号，如 CNA20191006012 或 CNA20080376.X。",
    )
    assert registration_number_problem("software_copyright", "2019SR0322683 ") == (
        "error",
        "软件著作权登记号格式应为 年份 + SR + 6 或 7 位数字，如 2019SR0322683。",
    )
    assert registration_number_problem("ic_layout", "bs.185559220") == (  # the prefix is written in capitals
        "error",
        "集成电路布图设计登记号格式应为 BS. + 8 位数字 + 校验位，如 BS.185559220。",
    )


def test_full_width_numbers_compare_equal():
    assert normalize_ip_number("ＺＬ２０１７１０６０１８６２．３") == "201710601862.3"
    assert normalize_ip_number("zl 2017 1060 1862.3") == "201710601862.3"
    assert normalize_ip_number("ZLX1") == "ZLX1"  # a prefix is dropped only before digits
