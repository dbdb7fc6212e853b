"""Unified codes: form, ISO 7064 MOD 11-2 check, issuing, ledger."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from xyhf.domain.codes import (
    TYPE_CODES,
    Code,
    LedgerEntry,
    code_problem,
    issue_codes,
    make_code,
    mod11_2,
    next_sequences,
    parse_code,
    render_ledger,
)


def test_mod11_2_against_id_number_example():
    # ISO 7064 MOD 11-2 is the GB 11643-1999 ID-number check; 11010519491231002X is the standard's example.
    assert mod11_2("11010519491231002") == "X"


def test_data_model_example_code():
    # DATA-MODEL.md: HNXY-2026-ZL-00042-4 (digits 2026 01 00042).
    assert make_code(2026, "patent", 42) == "HNXY-2026-ZL-00042-4"
    assert parse_code("HNXY-2026-ZL-00042-4") == Code(2026, "ZL", 42)
    assert parse_code("HNXY-2026-ZL-00042-5") is None
    assert "应为 4" in code_problem("HNXY-2026-ZL-00042-5")


def test_type_ordinals_are_in_data_model_order():
    assert [v for v in TYPE_CODES.values()] == [("ZL", 1), ("RZ", 2), ("BT", 3), ("ZW", 4), ("SY", 5), ("JM", 6)]


def test_sequence_zero_is_not_a_code():
    assert code_problem("HNXY-2026-ZL-00000-" + mod11_2("20260100000")) == "统一编码的序号从 00001 开始。"


def test_a_code_that_is_not_text_is_no_code():
    # A YAML file can hold a number or nothing where a code belongs: no code, and a message, never a crash.
    for value in (None, 2026, ["HNXY-2026-ZL-00042-4"]):
        assert parse_code(value) is None  # type: ignore[arg-type]
        assert code_problem(value) == "统一编码格式应为 HNXY-年份-类型代码-5位序号-校验位，如 HNXY-2026-ZL-00042-4。"  # type: ignore[arg-type]


def test_issue_continues_after_highest_even_if_withdrawn():
    ledger = [LedgerEntry(make_code(2026, "patent", 7), "records/a/x.yaml", "2026-01-01")]
    new = issue_codes(
        ledger,
        [("records/a/y.yaml", "patent", 2026), ("records/a/z.yaml", "trade_secret", 2026), ("records/a/w.yaml", "patent", 2026)],
        "2026-02-01",
    )
    assert [e.code for e in new] == [
        make_code(2026, "patent", 8),
        make_code(2026, "trade_secret", 1),
        make_code(2026, "patent", 9),
    ]
    assert next_sequences(ledger + new)[(2026, "ZL")] == 9


def test_ledger_text_is_append_only():
    a = [LedgerEntry("HNXY-2026-ZL-00001-" + mod11_2("20260100001"), "records/a/x.yaml", "2026-01-01")]
    b = a + [LedgerEntry(make_code(2026, "patent", 2), "records/a/y.yaml", "2026-01-02")]
    assert render_ledger(b).startswith(render_ledger(a))


years = st.integers(2025, 2099)
types = st.sampled_from(list(TYPE_CODES))
seqs = st.integers(1, 99999)


@given(years, types, seqs)
def test_codes_round_trip(year, rtype, seq):
    code = make_code(year, rtype, seq)
    parsed = parse_code(code)
    assert parsed is not None and str(parsed) == code


@given(years, types, seqs, st.data())
def test_any_single_character_typo_is_detected(year, rtype, seq, data):
    code = make_code(year, rtype, seq)
    pos = data.draw(st.sampled_from([i for i, c in enumerate(code) if c.isdigit() or c == "X"]))
    char = data.draw(st.sampled_from("0123456789X"))
    typo = code[:pos] + char + code[pos + 1 :]
    if typo != code:
        assert parse_code(typo) is None


@given(years, types, seqs, st.integers(0, 8))
def test_adjacent_transposition_is_detected(year, rtype, seq, i):
    code = make_code(year, rtype, seq)
    digits = [j for j, c in enumerate(code) if c.isdigit()]
    a = digits[i]
    b = a + 1
    if b < len(code) and code[b].isdigit() and code[a] != code[b]:
        swapped = code[:a] + code[b] + code[a] + code[b + 1 :]
        assert parse_code(swapped) is None


def test_need_codes_already_in_the_ledger_are_never_issued_again():
    """The ledger's need codes count for the next need sequence (issue 24, class 13): HNXQ-2026-00001-7
    issued once means the next need of 2026 gets 00002, and record sequences are not touched."""
    from xyhf.domain.codes import make_need_code

    ledger = [
        LedgerEntry("HNXQ-2026-00001-7", "needs/430100/old.yaml", "2026-10-15"),
        LedgerEntry(make_code(2026, "patent", 3), "records/a/x.yaml", "2026-10-15"),
    ]
    assert make_need_code(2026, 1) == "HNXQ-2026-00001-7"
    new = issue_codes(ledger, [("needs/430100/new.yaml", "need", 2026), ("records/a/y.yaml", "patent", 2026)], "2026-11-01")
    assert [e.code for e in new] == [make_need_code(2026, 2), make_code(2026, "patent", 4)]
    assert next_sequences(ledger)[(2026, "XQ")] == 1


def test_the_next_sequence_follows_the_highest_issued_not_the_last_line():
    """A ledger whose lines are not in sequence order (two branches' appends merged) still never hands
    out a sequence twice; a five-digit need sequence is read whole; lines that are no code are skipped."""
    ledger = [
        LedgerEntry("HNXY-2026-ZL-00012-5", "records/a/x.yaml", "2026-01-01"),
        LedgerEntry("HNXY-2026-ZL-00003-7", "records/a/y.yaml", "2026-01-02"),
        LedgerEntry("HNXQ-2026-12345-5", "needs/430100/a.yaml", "2026-01-01"),
        LedgerEntry("HNXQ-2026-00007-6", "needs/430100/b.yaml", "2026-01-02"),
        LedgerEntry("HNXY-2025-RZ-00001-5", "records/a/z.yaml", "2026-01-02"),
        LedgerEntry("HNXY-2026-ZL-00099-0", "records/a/typo.yaml", "2026-01-02"),  # wrong check character
        LedgerEntry("HNXQ-2026-00099-0", "needs/430100/typo.yaml", "2026-01-02"),  # wrong check character
    ]
    assert next_sequences(ledger) == {(2026, "ZL"): 12, (2026, "XQ"): 12345, (2025, "RZ"): 1}
    new = issue_codes(ledger, [("records/a/w.yaml", "patent", 2026), ("needs/430100/c.yaml", "need", 2026)], "2026-02-01")
    assert new == [
        LedgerEntry("HNXY-2026-ZL-00013-" + mod11_2("20260100013"), "records/a/w.yaml", "2026-02-01"),
        LedgerEntry("HNXQ-2026-12346-" + mod11_2("202612346"), "needs/430100/c.yaml", "2026-02-01"),
    ]


def test_sequence_99999_is_the_last_one_issued():
    ledger = [LedgerEntry(make_code(2026, "patent", 99998), "records/a/x.yaml", "2026-01-01")]
    [last] = issue_codes(ledger, [("records/a/y.yaml", "patent", 2026)], "2026-02-01")
    assert last == LedgerEntry("HNXY-2026-ZL-99999-5", "records/a/y.yaml", "2026-02-01")
    with pytest.raises(ValueError, match=r"^sequence space exhausted for 2026 ZL$"):
        issue_codes([*ledger, last], [("records/a/z.yaml", "patent", 2026)], "2026-02-01")
    with pytest.raises(ValueError, match=r"^sequence space exhausted for 2026 XQ$"):
        issue_codes([LedgerEntry("HNXQ-2026-99999-1", "needs/430100/a.yaml", "2026-01-01")], [("n.yaml", "need", 2026)], "x")


def test_the_ledger_text_byte_for_byte():
    header = (
        "# 统一编码台账：只由 xyhf assign-codes 在主分支上追加，请勿手工修改。\n"
        "# Ledger of issued unified codes. Append-only; written only by `xyhf assign-codes` on main.\n"
    )
    assert render_ledger([]) == header + "codes: []\n"
    entries = [
        LedgerEntry("HNXY-2026-ZL-00012-5", "records/xjlg/coating.yaml", "2026-01-01"),
        LedgerEntry("HNXQ-2026-00007-6", "needs/430100/casting.yaml", "2026-01-02"),
    ]
    assert render_ledger(entries) == header + (
        "codes:\n"
        "  - {code: HNXY-2026-ZL-00012-5, path: records/xjlg/coating.yaml, issued_on: '2026-01-01'}\n"
        "  - {code: HNXQ-2026-00007-6, path: needs/430100/casting.yaml, issued_on: '2026-01-02'}\n"
    )


@given(st.integers(0, 9999), st.sampled_from(sorted(TYPE_CODES)), st.integers(0, 99999), st.sampled_from(list("0123456789XY")))
def test_code_problem_agrees_with_the_code_object_on_every_check_character(year, kind, sequence, given_check):
    code = Code(year, TYPE_CODES[kind][0], sequence)
    text = f"HNXY-{year:04d}-{code.letters}-{sequence:05d}-{given_check}"
    problem = code_problem(text)
    if given_check == "Y":  # no check character: the form is wrong
        assert problem is not None and problem.startswith("统一编码格式应为")
    elif sequence == 0:
        assert problem == "统一编码的序号从 00001 开始。"
    elif given_check == code.check:
        assert problem is None and parse_code(text) == code
    else:
        assert problem is not None and f"应为 {code.check}，而不是 {given_check}" in problem
