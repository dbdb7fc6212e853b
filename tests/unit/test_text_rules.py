"""validate/text.py: the character rules for every text value, each with its message (paired with a
text that passes), so a control, invisible or direction-changing character never reaches a page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from xyhf.validate import text
from xyhf.validate.text import all_ordinary, text_problem, text_problems


@pytest.fixture(autouse=True)
def fresh_verdicts():
    """Each character's verdict is memoised for the process: judge afresh, as a new build does."""
    text._VERDICTS.clear()


COPIED = "，常见于从网页、PDF 或微信复制的文字。请删除后重新输入"


@pytest.mark.parametrize(
    ("value", "key", "why"),
    [
        ("a\x01b", "title", "控制字符 U+0001"),
        ("a\x7fb", "title", "控制字符 U+007F"),
        ("a\u200bb", "title", "不可见字符 U+200B（如零宽空格）"),
        ("XRD\u200b", "title", "不可见字符 U+200B（如零宽空格）"),  # the letters before it are fine
        ("a\u200db", "title", "不可见字符 U+200D（如零宽空格）"),  # a joiner: only inside paragraphs
        ("a\u202eb", "summary", "改变文字方向的隐藏字符 U+202E"),
        ("a\ufffeb", "title", "无效字符 U+FFFE"),
        ("a\U0001fffe", "title", "无效字符 U+1FFFE"),
        ("a\ufdd0", "title", "无效字符 U+FDD0"),
        ("a\ufdef", "title", "无效字符 U+FDEF"),  # the last of the noncharacter block
        ("a\uffff", "title", "无效字符 U+FFFF"),
        ("a\ud800", "title", "无效字符 U+D800"),  # a lone surrogate
        ("a\ue000b", "title", "无效字符 U+E000"),  # private use
    ],
)
def test_a_forbidden_character_is_named_by_its_code_point(value, key, why):
    assert text_problem(value, key) == f"含有{why}{COPIED}。"


@pytest.mark.parametrize("value", ["a\nb", "a\tb", "a\rb"])
def test_a_line_break_or_tab_only_in_paragraph_fields(value):
    assert text_problem(value, "title") == f"含有换行或 Tab（此项应为一行文字）{COPIED}；多段内容请放在可以多行填写的字段里。"
    assert text_problem(value, "summary") is None


@pytest.mark.parametrize(
    ("value", "key"),
    [("\u3000\u3000", "title"), ("\u3164", "title"), (" \u2800 ", "title"), ("\u00a0", "title"), ("\u200d", "summary")],
)
def test_a_value_of_only_blank_looking_characters_is_empty(value, key):
    assert text_problem(value, key) == "只有空格或不可见字符，没有实际内容。请填写内容，不需要的可选项请整行删除。"


def test_a_paragraph_with_other_letters_may_still_break_lines():
    assert text_problem("café\n新段落", "summary") is None  # not the fast path: each character judged
    assert "换行或 Tab" in text_problem("café\n新段落", "title")


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("高熵合金涂层", "title"),
        ("e\u0301lan", "title"),
        ("👩\u200d🔬 研究", "summary"),
        ("Ω 型", "title"),
        ("\ufdcf \ufdf0 \ufffd", "title"),  # letters and a symbol on each side of the noncharacters U+FDD0–U+FDEF
    ],
)
def test_ordinary_text_passes(value, key):
    assert text_problem(value, key) is None


def test_every_text_value_of_a_file_is_walked_with_its_path():
    data = {"title": "好", "ip": {"owners": ["甲", "乙\x02"]}, "trl": 3, "keywords": [{"x": "\u200b"}]}
    assert [path for path, _ in text_problems(data)] == [("ip", "owners", 1), ("keywords", 0, "x")]


def test_a_text_of_separators_and_joiners_only_has_no_content():
    # Every kind of blank the rules let stand, alone or together, is "no content": separators
    # (U+3000, U+00A0, U+2028, U+2029), a joiner in a paragraph, a letter that renders as nothing.
    empty = "只有空格或不可见字符，没有实际内容。请填写内容，不需要的可选项请整行删除。"
    for value in ("\u3000\u00a0", "\u2028", "\u2029\u2028", "\u200d\u3000", "\u3164", "\n\t\u3000"):
        assert text_problem(value, "summary") == empty, repr(value)
    assert text_problem("\u200d甲", "summary") is None


def test_a_text_inside_a_list_or_under_a_number_key_is_read_as_its_nearest_named_field():
    # A paragraph field holding a list (the schema refuses the list) gets no second, newline message.
    assert list(text_problems({"summary": ["第一段\n第二段"]})) == []
    assert list(text_problems({"summary": {1: "第一段\n第二段"}})) == []
    assert [p for p, _ in text_problems({"title": ["第一行\n第二行"]})] == [("title", 0)]
    # No named field at all (YAML allows number keys): one-line rules, and no traceback.
    assert [p for p, _ in text_problems({1: ["第一行\n第二行", "好"]})] == [(1, 0)]
    assert list(text_problems({1: {2: "好"}})) == []


def test_the_first_refused_character_in_the_text_is_the_one_named():
    bidi, bell = "改变文字方向的隐藏字符 U+202E", "控制字符 U+0007"
    assert bidi in text_problem("甲\u202e乙\x07丙", "title")  # U+202E comes first, though its code point is higher
    assert bell in text_problem("甲\x07乙\u202e丙", "title")
    # In a paragraph field a line break is fine: the character after it is the one named.
    assert bidi in text_problem("第一段\n第二段\u202e", "summary")
    assert "此项应为一行文字" in text_problem("第一段\n第二段\u202e", "title")


CHARS = st.sampled_from(
    ["甲", "a", " ", "\u3000", "\n", "\t", "\r", "\u200b", "\u200d", "\u202e", "\x07", "é", "·", "—", "\u3164", "\ufffe", "\0"]
)
TEXT = st.lists(CHARS, max_size=6).map("".join)
KEY = st.sampled_from(["title", "summary", "keywords", "note", "name"])
DATA = st.recursive(
    TEXT | st.integers() | st.none(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEY, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(KEY, DATA, max_size=4))
def test_the_whole_file_fast_test_never_hides_a_problem(data):
    """all_ordinary may say False for a file that is fine, never True for one with a problem; and
    it says True for the ordinary files that make up a catalog."""
    if all_ordinary(data):
        assert list(text_problems(data)) == []


def test_the_whole_file_fast_test_passes_ordinary_files():
    assert all_ordinary({"title": "一种 A 型合金", "summary": "第一段。\n\n第二段：50%。", "keywords": ["合金", "镍"], "trl": 6})
    assert all_ordinary({"deal": {"milestones": [{"name": "样品", "note": "甲\n乙"}]}, "n": None})
    assert not all_ordinary({"title": "标题\n第二行"})  # a line break in a one-line field
    assert not all_ordinary({"keywords": ["合金", "\u3000"]})  # a value of blanks only
    assert not all_ordinary({"title": "零宽\u200b空格"})
    assert not all_ordinary({"title": "甲\0乙", "name": "丙"})  # a NUL inside a value, not between two
    assert not all_ordinary({"summary": "甲\0乙"})


def test_the_whole_file_fast_test_leaves_subclasses_of_text_to_the_exact_walk():
    class Text(str):
        pass

    assert not all_ordinary({"title": Text("甲")})
    assert not all_ordinary({"keywords": [Text("甲")]})
