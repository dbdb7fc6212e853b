"""Unified codes (统一编码) and their ledger. Pure: parsing, checking, issuing.

Form `HNXY-<year>-<type code>-<5-digit sequence>-<check>`; the check character is
ISO 7064 MOD 11-2 (as the 18th character of a Chinese ID number) over 11 digits:
year (4), the type's ordinal (2), the sequence (5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TYPE_CODES = {
    "patent": ("ZL", 1),
    "software_copyright": ("RZ", 2),
    "ic_layout": ("BT", 3),
    "plant_variety": ("ZW", 4),
    "biomedical_variety": ("SY", 5),
    "trade_secret": ("JM", 6),
}
_ORDINAL_BY_LETTERS = {letters: ordinal for letters, ordinal in TYPE_CODES.values()}
_TYPE_BY_LETTERS = {letters: kind for kind, (letters, _) in TYPE_CODES.items()}
_CODE_RE = re.compile(r"HNXY-([0-9]{4})-(ZL|RZ|BT|ZW|SY|JM)-([0-9]{5})-([0-9X])", re.ASCII)


def mod11_2(digits: str) -> str:
    """ISO 7064 MOD 11-2 check character, computed recursively (same as 2^i weights)."""
    p = 0
    for c in digits:
        p = ((p + int(c)) * 2) % 11
    value = (12 - p) % 11
    return "X" if value == 10 else str(value)


@dataclass(frozen=True, order=True)
class Code:
    year: int
    letters: str
    sequence: int

    @property
    def check(self) -> str:
        return mod11_2(f"{self.year:04d}{_ORDINAL_BY_LETTERS[self.letters]:02d}{self.sequence:05d}")

    def __str__(self) -> str:
        return f"HNXY-{self.year:04d}-{self.letters}-{self.sequence:05d}-{self.check}"


def make_code(year: int, record_type: str, sequence: int) -> str:
    return str(Code(year, TYPE_CODES[record_type][0], sequence))


def parse_code(text: str) -> Code | None:
    """The code if its form and check character are right, else None."""
    m = _CODE_RE.fullmatch(text) if isinstance(text, str) else None
    if not m:
        return None
    code = Code(int(m.group(1)), m.group(2), int(m.group(3)))
    if code.sequence == 0 or code.check != m.group(4):
        return None
    return code


def code_problem(text: str) -> str | None:
    m = _CODE_RE.fullmatch(text) if isinstance(text, str) else None
    if not m:
        return "统一编码格式应为 HNXY-年份-类型代码-5位序号-校验位，如 HNXY-2026-ZL-00042-4。"
    year, letters, sequence, given = m.groups()
    if int(sequence) == 0:
        return "统一编码的序号从 00001 开始。"
    # Code.check without making a Code: this runs for every entry of the ledger.
    expected = mod11_2(f"{year}{_ORDINAL_BY_LETTERS[letters]:02d}{sequence}")
    if expected != given:
        return f"统一编码校验位错误：应为 {expected}，而不是 {given}。编码可能被抄错了，请从成果库网站复制。"
    return None


# Need codes (需求编码): HNXQ-<year>-<5-digit sequence>-<check>, MOD 11-2 over the 9 digits of year
# and sequence; issued in the same ledger as record codes, with their own sequence per year.
NEED_LETTERS = "XQ"
_NEED_RE = re.compile(r"HNXQ-([0-9]{4})-([0-9]{5})-([0-9X])", re.ASCII)


def make_need_code(year: int, sequence: int) -> str:
    return f"HNXQ-{year:04d}-{sequence:05d}-{mod11_2(f'{year:04d}{sequence:05d}')}"


def need_code_problem(text: object) -> str | None:
    m = _NEED_RE.fullmatch(text) if isinstance(text, str) else None
    if not m:
        return "需求编码格式应为 HNXQ-年份-5位序号-校验位，如 HNXQ-2026-00007-3。"
    if int(m.group(2)) == 0:
        return "需求编码的序号从 00001 开始。"
    expected = mod11_2(m.group(1) + m.group(2))
    if expected != m.group(3):
        return f"需求编码校验位错误：应为 {expected}，而不是 {m.group(3)}。请从成果库网站复制编码。"
    return None


def is_need_code(text: object) -> bool:
    return isinstance(text, str) and text.startswith("HNXQ-")


def code_type(code: str) -> str:
    return _TYPE_BY_LETTERS[code.split("-")[2]]


@dataclass(frozen=True)
class LedgerEntry:
    code: str
    path: str  # record path relative to the catalog root at issue time
    issued_on: str


def next_sequences(entries: list[LedgerEntry]) -> dict[tuple[int, str], int]:
    """Highest sequence issued per (year, type letters): sequences never go back."""
    highest: dict[tuple[int, str], int] = {}
    for entry in entries:
        code = parse_code(entry.code)
        if code:
            key = (code.year, code.letters)
            highest[key] = max(highest.get(key, 0), code.sequence)
        elif need_code_problem(entry.code) is None:
            year, sequence = int(entry.code[5:9]), int(entry.code[10:15])
            highest[(year, NEED_LETTERS)] = max(highest.get((year, NEED_LETTERS), 0), sequence)
    return highest


def issue_codes(entries: list[LedgerEntry], requests: list[tuple[str, str, int]], issued_on: str) -> list[LedgerEntry]:
    """New ledger entries for `requests` = (record path, record type, year listed), in the given order.

    Sequences continue from the highest ever issued for that year and type, so a code is
    never reused even if the record it belonged to was withdrawn or moved.
    """
    highest = next_sequences(entries)
    new: list[LedgerEntry] = []
    for path, record_type, year in requests:  # record_type "need" asks for a need code
        letters = NEED_LETTERS if record_type == "need" else TYPE_CODES[record_type][0]
        sequence = highest.get((year, letters), 0) + 1
        if sequence > 99999:
            raise ValueError(f"sequence space exhausted for {year} {letters}")
        highest[(year, letters)] = sequence
        code = make_need_code(year, sequence) if record_type == "need" else make_code(year, record_type, sequence)
        new.append(LedgerEntry(code, path, issued_on))
    return new


def render_ledger(entries: list[LedgerEntry]) -> str:
    """The ledger file's text. Append-only: existing lines never change."""
    lines = [
        "# 统一编码台账：只由 xyhf assign-codes 在主分支上追加，请勿手工修改。",
        "# Ledger of issued unified codes. Append-only; written only by `xyhf assign-codes` on main.",
        "codes:",
    ]
    for e in entries:
        lines.append(f"  - {{code: {e.code}, path: {e.path}, issued_on: '{e.issued_on}'}}")
    if not entries:
        lines[-1] = "codes: []"
    return "\n".join(lines) + "\n"
