"""Check characters and number formats of the identifiers a record carries. Pure functions.

Sources (see shared/STANDARDS.md):
- 统一社会信用代码: GB 32100-2015, §4 and Annex (weights 3^i mod 31, alphabet without I O S V Z).
- Chinese patent application numbers since 2003-10-01 (CNIPA 专利申请号标准, 2003): 12 digits,
  check = Σ digit·w mod 11 with w cycling 2..9, 10 → X; 1985-2003: 8 digits, same rule.
- Software copyright, IC layout, plant variety formats: as seen in CNIPA / CCPC / MARA registers.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_USCC_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}", re.ASCII)


def uscc_check_char(first17: str) -> str:
    total = sum(map(operator.mul, map(USCC_ALPHABET.index, first17[:17]), _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_is_valid(code: str) -> bool:
    return isinstance(code, str) and bool(_USCC_RE.fullmatch(code)) and uscc_check_char(code[:17]) == code[17]


def uscc_problem(code: str) -> str | None:
    """Why a firm's USCC as typed is wrong, in words a clerk can act on; None when it is right.
    assets/xyhf/checks.js gives the same message for the same text (tested equal)."""
    code = code.strip().upper()
    if not _USCC_RE.fullmatch(code):
        return "统一社会信用代码应为 18 位：数字和大写字母（不用 I、O、S、V、Z），第 3–8 位为数字。请对照营业执照核对。"
    expected = uscc_check_char(code[:17])
    if expected != code[17]:
        return f"统一社会信用代码校验不通过：按 GB 32100-2015 计算，第 18 位应为 {expected}，而不是 {code[17]}。请对照营业执照逐位核对（常见是抄错一位）。"
    return None


def org_code_is_valid(code: str) -> bool:
    """GB 11714 organisation code inside a USCC (positions 9-17): a second, weaker signal."""
    body, check = code[:8], code[8]
    if not re.fullmatch(r"[0-9A-Z]{8}", body, re.ASCII):
        return False
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS))
    value = 11 - total % 11
    expected = "X" if value == 10 else "0" if value == 11 else str(value)
    return check == expected


def mod11_weighted_check(digits: str) -> str:
    """Patent-number check: weights 2..9 cycling from the left; remainder 10 → X."""
    total = sum(int(c) * (2 + i % 8) for i, c in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


@dataclass(frozen=True)
class PatentNumber:
    digits: str  # without prefix and check, e.g. 201710601862
    check: str | None  # None for pre-1989 numbers
    year: int
    type_digit: str

    @property
    def canonical(self) -> str:
        return self.digits + (f".{self.check}" if self.check is not None else "")


PATENT_KIND_DIGITS = {"invention": {"1", "8"}, "utility_model": {"2", "9"}, "design": {"3"}}
_PATENT_RE = re.compile(r"(?:ZL|CN)? ?([0-9]{12}|[0-9]{8})(?:\.([0-9X]))?", re.ASCII)


def parse_patent_number(text: str) -> PatentNumber | None:
    m = _PATENT_RE.fullmatch(text.upper())
    if not m:
        return None
    digits, check = m.group(1), m.group(2)
    if len(digits) == 12:
        year, type_digit = int(digits[:4]), digits[4]
    else:
        yy = int(digits[:2])
        year, type_digit = (1900 + yy if yy >= 85 else 2000 + yy), digits[2]
    return PatentNumber(digits, check, year, type_digit)


def patent_number_problem(text: str, patent_kind: str | None, filed_year: int | None) -> str | None:
    """None when the number is well formed, its check digit right and consistent; else why not."""
    parsed = parse_patent_number(text)
    if parsed is None:
        return (
            "专利号格式不对。应为 ZL + 12 位申请号 + “.” + 校验位（如 ZL201710601862.3），"
            "2003 年 10 月前的申请为 8 位（如 ZL95115608.X）。"
        )
    if parsed.check is None:
        if parsed.year >= 1989:
            return f"专利号缺少校验位：应写成 {parsed.digits}.{mod11_weighted_check(parsed.digits)}（“.”后一位）。"
    else:
        expected = mod11_weighted_check(parsed.digits)
        if parsed.check != expected:
            return (
                f"专利号校验位错误：{parsed.digits} 的校验位应为 {expected}，而不是 {parsed.check}。"
                "请对照专利证书核对号码（常见是抄错了一位数字）。"
            )
    if len(parsed.digits) == 12 and parsed.year < 2003:
        return f"专利号年份 {parsed.year} 不可能是 12 位格式（2003 年 10 月起才用 12 位）。"
    if patent_kind and parsed.type_digit not in PATENT_KIND_DIGITS[patent_kind]:
        kinds = {"1": "发明", "2": "实用新型", "3": "外观设计", "8": "PCT 发明", "9": "PCT 实用新型"}
        actual = kinds.get(parsed.type_digit, f"未知类型 {parsed.type_digit}")
        return f"专利号第 {5 if len(parsed.digits) == 12 else 3} 位表示{actual}，与 patent_kind 不一致，请核对。"
    if filed_year is not None and parsed.year != filed_year:
        return f"专利号中的申请年份 {parsed.year} 与申请日 filed_on 的年份 {filed_year} 不一致，请核对。"
    return None


# Per-type registration number formats. `warn` marks checks STANDARDS.md calls unconfirmed.
_SOFTWARE_RE = re.compile(r"(19|20)[0-9]{2}SR[0-9]{6,7}", re.ASCII)
_IC_RE = re.compile(r"BS\.([0-9]{8})([0-9X])", re.ASCII)
_PLANT_OLD_RE = re.compile(r"CNA([0-9]{8})\.([0-9X])", re.ASCII)
_PLANT_NEW_RE = re.compile(r"CNA[0-9]{11}", re.ASCII)


def registration_number_problem(ip_type: str, number: str) -> tuple[str, str] | None:
    """(severity, message) for a non-patent number that does not fit its type's format."""
    if ip_type == "software_copyright":
        if not _SOFTWARE_RE.fullmatch(number):
            return "error", "软件著作权登记号格式应为 年份 + SR + 6 或 7 位数字，如 2019SR0322683。"
    elif ip_type == "ic_layout":
        m = _IC_RE.fullmatch(number)
        if not m:
            return "error", "集成电路布图设计登记号格式应为 BS. + 8 位数字 + 校验位，如 BS.185559220。"
        if mod11_weighted_check(m.group(1)) != m.group(2):
            # Unconfirmed rule (fits the one public sample): a warning, never a rejection.
            return "warning", "布图设计登记号校验位与推测的算法不符，请核对号码（此项规则未经官方确认，仅作提示）。"
    elif ip_type == "plant_variety":
        m = _PLANT_OLD_RE.fullmatch(number)
        if m:
            if mod11_weighted_check(m.group(1)) != m.group(2):
                return "warning", "品种权申请号校验位与推测的算法不符，请核对号码（此项规则未经官方确认，仅作提示）。"
        elif not _PLANT_NEW_RE.fullmatch(number):
            return "error", "植物新品种权号格式应为 CNA + 申请号，如 CNA20191006012 或 CNA20080376.X。"
    return None


_IPC_RE = re.compile(r"[A-H][0-9]{2}[A-Z](?: ?[0-9]{1,4}/[0-9]{1,6})?", re.ASCII)


def ipc_is_valid(symbol: str) -> bool:
    return bool(_IPC_RE.fullmatch(symbol))


def normalize_ip_number(number: str) -> str:
    """Comparable form of an IP number: NFKC (full-width digits and letters folded), upper case,
    no spaces, no ZL/CN prefix before digits."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", number).upper())
    return re.sub(r"^(ZL|CN)(?=\d)", "", text)
