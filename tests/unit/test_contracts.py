"""Contract numbers: one key to compare them, one slug to name their pages (issue 24, classes 6 and 7)."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from xyhf.domain.contracts import contract_key, contract_slug
from xyhf.render.deals.deal_pages import case_slug


def test_separators_and_width_do_not_make_a_new_contract():
    same = [
        "CDNY-XYHF-2026-014",
        "CDNY/XYHF/2026/014",
        "CDNY\u2010XYHF\u20102026\u2010014",  # hyphen
        "CDNY\u2013XYHF\u20142026\u2212014",  # en dash, em dash, minus sign
        "cdny xyhf 2026 014",
        "ＣＤＮＹ－ＸＹＨＦ－２０２６－０１４",
        "CDNY\uff0fXYHF\u22152026\u3000014",
    ]
    assert {contract_key(n) for n in same} == {"cdnyxyhf2026014"}
    assert {contract_slug(n) for n in same} == {"cdny-xyhf-2026-014"}


def test_numbers_that_differ_in_their_chinese_part_get_different_slugs():
    a, b = contract_slug("湘科合同2026第18号"), contract_slug("湘农合同2026第18号")
    assert a != b and a.startswith("2026-18-") and b.startswith("2026-18-")
    assert contract_slug("合同第十八号").startswith("c-")


def test_ascii_numbers_keep_their_readable_slug():
    assert contract_slug("XJLG-XYHF-2026-001") == "xjlg-xyhf-2026-001" == case_slug("XJLG-XYHF-2026-001")


@given(st.text(min_size=1, max_size=60))
def test_a_slug_is_a_safe_path_segment(number):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", contract_slug(number)), number


@given(st.text(max_size=40))
def test_the_key_drops_exactly_the_characters_is_separator_names(number):
    """contract_key drops separators by a translation table filled as characters are met: the same
    characters as testing each one with _is_separator, whatever the text."""
    import unicodedata

    from xyhf.domain.contracts import _is_separator

    text = unicodedata.normalize("NFKC", number).casefold()
    assert contract_key(number) == "".join(ch for ch in text if not _is_separator(ch))


def test_the_separator_table_stops_growing_and_stays_right():
    """A contract number made of tens of thousands of distinct characters fills the table only up to
    its bound; characters met after that are still judged, one by one."""
    from xyhf.domain import contracts

    many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 20000)) + "-/ x"
    key = contract_key(many)
    assert len(contracts._DROP_SEPARATORS) <= contracts._Separators.KEPT_AT_MOST
    assert key.endswith("x") and "-" not in key and "/" not in key and " " not in key
    assert len(key) == 20001
