"""normalize() normalises only the runs NFKC can change; the result must be exactly the whole-text
NFKC, lower case and traditional fold it replaced, whatever the text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st

from xyhf.search.tokens import fold_table, normalize


def whole_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(fold_table())


# Characters around the fast path's edges: ASCII and the ideographs it keeps, full-width forms,
# combining marks after letters, Hangul jamo that compose, compatibility ideographs, ligatures,
# traditional characters, controls, CJK punctuation, circled and superscript forms.
_TRICKY = (
    "aAzZ09 -~\t\n\r\x00\x7f、。，（）：；！？　ａＡ０"
    "\u0301\u0323\u0308\u0338\u0345\u3099\u309a"
    "\u1100\u1161\u11a8\uac00\uac01\u3131"
    "\uf900\ufa10\u2f00\u3400\u4e00\u9fff\ufb01\u2460\u00b2\u2126\u212b\u00c5\u0130\u03a3"
    "體電語學國門開東鐵車"
    "\u2028\ufeff\u200b\ufe10\uff5e\uff61\u1e9b\u0387\u00b7"
)


@settings(max_examples=1500, deadline=None)
@given(st.text(st.sampled_from(_TRICKY), max_size=40))
def test_normalize_equals_whole_text_on_the_tricky_characters(text: str) -> None:
    assert normalize(text) == whole_text(text)


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=0x2FFFF), max_size=40))
def test_normalize_equals_whole_text_on_any_text(text: str) -> None:
    assert normalize(text) == whole_text(text)


def test_every_character_after_a_letter_and_before_a_combining_mark() -> None:
    """Every code point of the first three planes: between two letters, and where composition could
    join it to its neighbours."""
    for start in range(0, 0x30000, 0x1000):
        chars = (chr(c) for c in range(start, start + 0x1000) if not 0xD800 <= c <= 0xDFFF)
        text = "".join(f"a{c}b{c}\u0301{c}\u1161" for c in chars)
        assert normalize(text) == whole_text(text), f"U+{start:04X}..U+{start + 0xFFF:04X}"


def test_normalize_examples() -> None:
    assert normalize("固體電池（ＡＢＣ）") == "固体电池(abc)"
    assert normalize("cafe\u0301，Ａ\u0301") == "café,á"  # a letter and the mark after it compose
    assert normalize("\u1100\u1161\u11a8") == "\uac01"  # Hangul jamo compose across the run
    assert normalize("纯中文、句号。") == "纯中文、句号。"  # nothing to change: the text as it came


def _composition_pairs() -> list[tuple[str, str]]:
    """Every canonical two-character decomposition (so every pair NFC and NFKC may compose), from
    Unicode's own data: a second character of class 0 (the two-part vowel signs of Indic scripts,
    kana voicing marks) taken for stable would be cut from the character it joins."""
    pairs = []
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            pairs.append((chr(int(parts[0], 16)), chr(int(parts[1], 16))))
    return pairs


def test_every_composition_pair_in_place() -> None:
    pairs = _composition_pairs()
    assert ("\u0b47", "\u0b3e") in pairs and ("か", "\u3099") in pairs
    text = "".join(f"a{first}{second}b{first}中{second}" for first, second in pairs)
    assert normalize(text) == whole_text(text)
