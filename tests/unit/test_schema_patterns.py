"""Schema patterns mean in the checker what they mean in JSON Schema (ECMA-262) and in the browser's form:
`$` is the very end, \\d and \\w are ASCII, \\s is ECMA's whitespace (U+3000 and U+00A0 included). Both
Python validators are shown: jsonschema (which words the errors) and the compiled fast check.

The compiled schemas and patterns are cached for the whole process, so every test here starts from
empty caches: the compilation itself is what is tested, not what an earlier test left behind."""

from __future__ import annotations

from pathlib import Path

import fastjsonschema
import pytest

from conftest import valid_text
from test_schema_messages import edited, findings
from xyhf.source.yaml_loader import parse_yaml
from xyhf.validate import schema
from xyhf.validate.schema import _ecma_pattern, _ecma_source, _with_python_patterns, is_valid

URL = '^https://[^\\s<>"]+$'  # the listing and ruling URL pattern
WORD = "^[^\\s,，、;；]+$"  # a synonym variant


@pytest.fixture(autouse=True)
def _fresh_caches():
    schema._PATTERNS.clear()
    schema.compiled.cache_clear()


def fast(pattern: str, value: str) -> bool:
    """The verdict of the compiled (fastjsonschema) check on one pattern."""
    check = fastjsonschema.compile(_with_python_patterns({"type": "string", "pattern": pattern}))
    try:
        check(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def data(text: str) -> dict:
    source, problems = parse_yaml(text, Path("case.yaml"), "case.yaml")
    assert source is not None, problems
    return source.data


def slow(pattern: str, value: str) -> bool:
    return _ecma_pattern(pattern).search(value) is not None


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        (URL, "https://www.example.com/a", True),
        (URL, "https://www.example.com/a\u3000b", False),  # ideographic space: whitespace in ECMA
        (URL, "https://www.example.com/a\u00a0b", False),  # no-break space
        (URL, "https://www.example.com/a\ufeffb", False),
        (URL, "https://www.example.com/a\u2028b", False),
        (URL, "https://www.example.com/a\x1cb", True),  # Python's str.isspace, not ECMA whitespace
        (URL, "https://www.example.com/a\x85b", True),
        (URL, "https://www.example.com/a\n", False),  # `$` is the very end
        (URL, "https://www.example.com/a b", False),
        (WORD, "石墨烯", True),
        (WORD, "石墨\u3000烯", False),
        (WORD, "石墨,烯", False),
        ("^\\d{4}$", "2026", True),
        ("^\\d{4}$", "２０２６", False),  # full-width digits are not \d in ECMA
        ("^\\d{4}$", "٢٠٢٦", False),  # nor Arabic-Indic ones
        ("^\\w+$", "abc_1", True),
        ("^\\w+$", "石墨烯", False),
        ("^a\\sb$", "a\u3000b", True),
        ("^a\\sb$", "a\x1cb", False),
        ("^a\\Sb$", "a\u3000b", False),
        ("^a\\Sb$", "a\x1cb", True),
        ("^a\\\\s$", "a\\s", True),  # an escaped backslash and a letter s, not whitespace
        ("^a\\\\s$", "a ", False),
        ("^[\\s]$", "\u3000", True),
        ("^[ab]\\sc$", "a\u3000c", True),  # after a closed bracket, \s is a class again
        ("^[ab]\\sc$", "a\tc", True),
    ],
)
def test_patterns_mean_what_they_mean_in_the_browser(pattern, value, matches):
    assert (slow(pattern, value), fast(pattern, value)) == (matches, matches)


def test_the_rewritten_source():
    space = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
    assert _ecma_source(URL) == f'^https://[^{space}<>"]+\\Z'
    assert _ecma_source("^a\\s\\S$") == f"^a[{space}][^{space}]\\Z"
    assert _ecma_source("^a\\$") == "^a\\$"  # an escaped dollar is a dollar sign
    assert _ecma_source("^[0-9]{4}$") == "^[0-9]{4}\\Z"
    with pytest.raises(ValueError, match="字符类里用了"):
        _ecma_source("^[\\S]$")


def test_the_fast_schema_gets_every_pattern_rewritten_and_nothing_else():
    node = {
        "type": "object",
        "pattern": "^a\\s$",
        "properties": {"x": {"pattern": "^[0-9]$", "title": "pattern"}},
        "allOf": [{"pattern": "b$"}, "pattern", 3],
        "enum": ["pattern"],
    }
    space = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
    assert _with_python_patterns(node) == {
        "type": "object",
        "pattern": f"(?a)^a[{space}]\\Z",
        "properties": {"x": {"pattern": "(?a)^[0-9]\\Z", "title": "pattern"}},
        "allOf": [{"pattern": "(?a)b\\Z"}, "pattern", 3],
        "enum": ["pattern"],
    }


LISTING = (
    "listings:\n  - platform: 湖南省科技成果进场交易平台\n    id: GP-1\n"
    '    url: "https://www.example.com/a\\u3000b"\n    listed_on: 2026-03-02\n'
)


def test_a_listing_url_with_an_ideographic_space_is_refused_by_both_checks():
    text = valid_text("patent.yaml") + LISTING
    assert findings("record", text) == [
        'case.yaml:37:10: 错误: listings[0].url：“挂牌网址”的格式不对："https://www.example.com/a\u3000b"。'
        "挂牌网址须以 https:// 开头、不含空格：请从交易平台复制挂牌页面的地址。 [schema.pattern]"
    ]
    assert not is_valid("record", data(text))


def test_the_fast_check_refuses_an_impossible_date_and_accepts_a_real_one():
    text = edited("patent.yaml", "listed_on: 2026-03-01", 'listed_on: "2026-02-30"')
    record = data(text)
    assert not is_valid("record", record)
    record["listed_on"] = "2024-02-29"
    assert is_valid("record", record)


def test_a_trailing_newline_fails_a_pattern_in_both_checks():
    text = edited("holder.yaml", "uscc: 12430100MB1234562J", 'uscc: "12430100MB1234562J\\n"')
    assert not is_valid("holder", data(text))
    assert [f.split("：")[0] for f in findings("holder", text)] == ["case.yaml:3:7: 错误: uscc"]


def test_two_patterns_in_one_file_each_keep_their_own():
    """A valid industry code and a valid phone (two different patterns, compiled one after the other)
    beside one unrelated error: only that error."""
    text = edited("patent.yaml", "trl: 6", "trl: 6\nindustry: C3360\ncontact: {name: 张三, phone: 0731-88888888}")
    text = text.replace("status: available", "status: 可转化")
    assert findings("record", text) == [
        'case.yaml:34:9: 错误: status：“状态”的取值 "可转化" 不在允许范围内，可选：'
        "available（可转化）、negotiating（洽谈中）、licensed（已转化）、withdrawn（已撤回）。 [schema.enum]"
    ]
