"""Unified codes: form, ISO 7064 MOD 11-2 check, issuing, ledger."""

from __future__ import annotations

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
    assert code_problem("HNXY-2026-ZL-00000-" + mod11_2("20260100000")) is not None


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
