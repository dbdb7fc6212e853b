"""The line reader (large catalogs' quickest path) gives libyaml's result exactly or steps aside.

For any text it accepts, the strict loader must accept it too and build the same data, types and
plain-scalar texts included; everything else (flow brackets, block scalars, anchors, tags,
comments after values, scalars over several lines, tabs, odd indents, repeated keys) it declines,
so the strict loader words the message as before."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from xyhf.source.yaml_lines import line_build
from xyhf.source.yaml_loader import parse_yaml

ROOT = Path(__file__).resolve().parents[2]


def strict(text: str):
    return parse_yaml(text, Path("x.yaml"), "x.yaml", keep_positions=True)


def agrees(text: str) -> bool:
    """True when the line reader read `text`; fails when it read it differently from libyaml."""
    quick = line_build(text)
    if quick is None:
        return False
    source, problems = strict(text)
    assert problems == [], text
    assert source is not None
    assert repr(quick[0]) == repr(source.data), text  # repr: True and 1, 1.0 and 1 differ
    assert quick[1] == source.plain_text, text
    return True


RECORD = """\
# 示例数据
code: HNXY-2026-ZL-13621-7
title: 一种镍基合金（第7代）
type: patent
ip:
  owners:
  - 示例研究院
  number: ZL201821022314.1
  filed_on: '2018-07-11'
trl: 6
keywords:
    - 微观
    - 'it''s'
payment:
  model: deferred_start
  start:
    on_first_revenue: true
  total_cny: 570000
  milestones:
  - name: 样品
    ratio: 0.3
  -   name: "量产"
      due:
  note:
status: licensed
listed_on: 2026-08-29
url: https://example.org/a#b
"""


def test_a_record_as_people_and_tools_write_it_is_read_on_the_line_path():
    assert agrees(RECORD)
    data, plain = line_build(RECORD)
    assert data["keywords"] == ["微观", "it's"]
    assert data["payment"]["milestones"] == [{"name": "样品", "ratio": 0.3}, {"name": "量产", "due": None}]
    assert data["listed_on"] == "2026-08-29" and plain[("listed_on",)] == "2026-08-29"
    assert data["payment"]["note"] is None and data["url"] == "https://example.org/a#b"


def test_what_pyyaml_dumps_is_read_on_the_line_path():
    record = yaml.safe_load(RECORD)
    for style in ({}, {"indent": 4}, {"default_flow_style": False, "width": 20}):
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, **style)
        assert agrees(text), text


def test_decimal_numbers_read_as_libyaml_reads_them_up_to_the_digit_limit():
    """The reader's shortcut for plain decimals (int() instead of PyYAML's constructor) gives the
    same values and written texts, and leaves a sixteenth digit to the strict loader's refusal."""
    text = "a: 123456789012345\nb: -0\nc: +7\nd: 0\ne:\n- 42\n- -15\n"
    assert agrees(text)
    data, plain = line_build(text)
    assert data == {"a": 123456789012345, "b": 0, "c": 7, "d": 0, "e": [42, -15]}
    assert plain[("c",)] == "+7" and plain[("e", 1)] == "-15"
    for long in ("a: 1234567890123456\n", "a: -1234567890123456\n"):
        assert line_build(long) is None
        source, problems = strict(long)
        assert source is None and len(problems) == 1
        assert problems[0].message.startswith(f"数字 {long[3:].strip()}… 超过 15 位")


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2]\n",
        "a: {b: [1]}\n",
        "a: {b: 1 }\n",
        "a: |\n  多行\n",
        "a: >\n  折叠\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1 # 注释\n",
        "a: 甲\n  乙\n",
        "a:\n  甲\n",
        "a:\n- 甲\n  乙\n",
        "a: 'one\n  two'\n",
        'a: "tab\\t"\n',
        "a:\tb\n",
        "a: b\r\nc: d\r\n",
        "\ufeffa: b\n",
        "a: b\u2028c: d\n",
        "a: 1\na: 2\n",
        "a:\nb: 1\na: 2\n",
        "yes: 1\n",
        "null: 1\n",
        "2024: x\n",
        "  a: 1\n",
        "a:\n  b: 1\n c: 2\n",
        "a:\n  - x\n  b: 1\n",
        "- a\n- b\n",
        "a: b: c\n",
        "a: b:\n",
        "a: - x\n",
        "a:\n- - x\n",
        "a:\n-\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.1\n---\na: 1\n",
        "'a': 1\n",
        "a : 1\n",
        "a:b\n",
        "",
        "# 只有注释\n",
        "a: 0731\n",
        "a: 1:20\n",
        "a: 2023-02-30\n",
        "a: 1234567890123456789\n",
        "a: .nan\n",
        "a: 1.0e+400\n",
        "a: \x07\n",
        "k" * 200 + ": 1\n",
    ],
)
def test_declines_what_it_cannot_vouch_for(text):
    assert line_build(text) is None


KEYS = ["a", "b", "title", "k_1", "yes", "Null", "on", "y", "键", "2024", "a b"]
SCALARS = [
    "x", "年份 甲", "1", "-0", "+5", "0731", "1:20", "0x1F", "1_000", "1.5", "1e3", ".inf", "-.Inf", ".NaN",
    "yes", "No", "ON", "~", "null", "true", "2024-01-02", "2023-02-30", "2024-01-02 10:00:00", "0000-01-01",
    "1234567890123456789", "'a''b'", "'it'", "''", "'unclosed", '"q"', '"a\\tb"', '""', '"x" y', "a #b", "a#b",
    "a: b", "a:", "a:b", "-x", "- x", "?x", ":x", "&a x", "*a", "!t x", "|", ">", "[1]", "{a: 1}", "a,b]",
    "@x", "`x", "%x", "http://x/y#z", "  spaced  ", "\u3000全角", "a\\b", "=", "<<", "#", "-",
    "{a: 1, b: 'x'}", "{a: b}", "{a: [1]}", "{}", "{a: 1,b: 2}", "{a: x y}", "{a: 'x', a: 'y'}", "{yes: 1}",
    "{a: 0731}", "{a: 2024-01-02, b: c/d.e}", "{a: b}}", "{a: 'it''s', b: -1}", "{a: b, }", "{ a: b}",
]  # fmt: skip
LINES = st.one_of(
    st.builds("{}: {}".format, st.sampled_from(KEYS), st.sampled_from(SCALARS)),
    st.builds("{}:".format, st.sampled_from(KEYS)),
    st.builds("- {}".format, st.sampled_from(SCALARS)),
    st.builds("-{}{}: {}".format, st.sampled_from([" ", "   "]), st.sampled_from(KEYS), st.sampled_from(SCALARS)),
    st.builds("- {}:".format, st.sampled_from(KEYS)),
    st.sampled_from(["# 注释", "", "   ", "-", "---", "...", "a: 1 # c", "\ta: 1"]),
)
TEXTS = st.lists(st.tuples(st.sampled_from([0, 0, 0, 1, 2, 2, 3, 4, 6]), LINES), max_size=12).map(
    lambda lines: "".join(" " * indent + line + "\n" for indent, line in lines)
)


def emit(node: object, indent: int, step: int, indentless: bool, out: list[str]) -> None:
    """Block YAML of a tree whose leaves are written as they are (so a leaf may be tricky YAML)."""
    pad = " " * indent
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                out.append(f"{pad}{key}: {value}")
            else:
                out.append(f"{pad}{key}:")
                emit(value, indent if indentless and isinstance(value, list) else indent + step, step, indentless, out)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, str):
                out.append(f"{pad}- {item}")
            else:
                inner: list[str] = []
                emit(item, indent + 2, step, indentless, inner)
                out.append(f"{pad}- {inner[0].lstrip(' ')}" if inner else f"{pad}-")
                out.extend(inner[1:])


# Mostly leaves YAML reads as ordinary values (so whole files are read), sometimes any of SCALARS.
ORDINARY = st.sampled_from(["甲", "x y", "1", "-0", "1.5", "yes", "~", "2024-01-02", "'a''b'", "''", '"q"', "a#b", "  间隔  "])
LEAVES = st.one_of(ORDINARY, ORDINARY, ORDINARY, ORDINARY, st.sampled_from(SCALARS))
TREES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, min_size=1, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, min_size=1, max_size=4),
    max_leaves=14,
).filter(lambda tree: isinstance(tree, dict))


def block_text(tree: dict, step: int, indentless: bool, comments: set[int]) -> str:
    lines: list[str] = []
    emit(tree, 0, step, indentless, lines)
    return "".join(line + "\n" + ("# 注释\n" if i in comments else "") for i, line in enumerate(lines))


BLOCK_TEXTS = st.builds(block_text, TREES, st.sampled_from([1, 2, 4]), st.booleans(), st.sets(st.integers(0, 12), max_size=2))


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_reads_what_libyaml_reads_or_steps_aside(text):
    agrees(text)


@settings(max_examples=600, deadline=None)
@given(BLOCK_TEXTS)
def test_reads_block_yaml_with_any_leaf_as_libyaml_does(text):
    agrees(text)


@settings(max_examples=200, deadline=None)
@given(st.recursive(
    st.sampled_from(["甲", "x y", "1", "0731", "yes", "", "'", "a: b", "#", "2024-01-02", 7, 2.5, True, None]),
    lambda inner: st.lists(inner, min_size=1, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, min_size=1, max_size=3),
    max_leaves=12,
).filter(lambda d: isinstance(d, dict)))  # fmt: skip
def test_dumped_data_reads_back_the_same(data):
    """Whatever PyYAML's dumper writes, the line reader either reads as libyaml does or declines."""
    agrees(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_the_code_ledger_is_read_on_the_line_path():
    ledger = (ROOT / "catalog" / "codes.yaml").read_text(encoding="utf-8")
    assert agrees(ledger)
    entries = line_build(ledger)[0]["codes"]
    assert entries and all(set(entry) >= {"code", "path"} for entry in entries)


def test_every_synthetic_and_sample_record_is_read_on_the_line_path():
    """The speed is only real if the files the catalog holds take this path."""
    records = sorted((ROOT / "catalog" / "records").rglob("*.yaml"))
    assert records
    for path in records:
        assert agrees(path.read_text(encoding="utf-8")), path
