"""The bot's one escaper (xyhf/render/base/gfm.py), rendered with cmark-gfm, the library GitHub renders
comments with (PyPI `cmarkgfm`, its autolink, table, strikethrough and tag-filter extensions on,
raw HTML let through so that any that survived would show): no link, image, autolink, raw HTML,
mention or issue reference comes out of hostile text, and nothing the text said is lost.
Then the cap: a reply stays under GitHub's comment limit and says what it left out."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gfm_check import assert_inert, render
from xyhf.render.base.gfm import LIMIT, WORD_JOINER, cap_reply, code_span, escape_gfm, escape_gfm_block


def visible(text: str) -> str:
    """What a reader sees, back in ASCII: the substitutions undone, spaces collapsed."""
    text = text.replace(WORD_JOINER, "").replace("＠", "@").replace("＃", "#").replace("\u2011", "-")
    return " ".join(text.split())


# Named hostile cases from issue 24 and the usual suspects: (input, what the reader must see).
HOSTILE = {
    "escaped link in a form answer": (
        r"\[点此查看审核结果\](https://evil.example/x)",
        r"\[点此查看审核结果\](https://evil.example/x)",
    ),
    "link": ("[点此](https://evil.example/x)", "[点此](https://evil.example/x)"),
    "image": ("![](https://evil.example/pixel.png)", "![](https://evil.example/pixel.png)"),
    "bare URL": ("详见 https://evil.example/x", "详见 https://evil.example/x"),
    "www autolink": ("www.evil.example", "www.evil.example"),
    "e-mail autolink": ("li@evil.example", "li@evil.example"),
    "escaped e-mail": (r"li\@evil.example", r"li\@evil.example"),
    "mailto and xmpp": ("mailto:li@evil.example xmpp:a@evil.example", "mailto:li@evil.example xmpp:a@evil.example"),
    "angle autolink": ("<https://evil.example>", "<https://evil.example>"),
    "entity mention": ("&#64;org/team", "&#64;org/team"),
    "named entity mention": ("&commat;everyone", "&commat;everyone"),
    "hex entity tag": ("&#x3C;img src=x&#x3E;", "&#x3C;img src=x&#x3E;"),
    "mention": ("@everyone 请看", "@everyone 请看"),
    "team mention": ("@hunan-xyhf/reviewers", "@hunan-xyhf/reviewers"),
    "issue reference": ("见 #1", "见 #1"),
    "cross-repository reference": ("torvalds/linux#1 and octo/cat@abc1234", "torvalds/linux#1 and octo/cat@abc1234"),
    "GH reference": ("GH-12 gh-3", "GH-12 gh-3"),
    "raw HTML": (
        '<img src=x onerror="alert(1)"><script>alert(1)</script>',
        '<img src=x onerror="alert(1)"><script>alert(1)</script>',
    ),
    "HTML comment": ("<!-- hidden --> visible", "<!-- hidden --> visible"),
    "details": ("<details><summary>x</summary>y</details>", "<details><summary>x</summary>y</details>"),
    "reference definition": ("[x]: https://evil.example\n[x]", "[x]: https://evil.example [x]"),
    "footnote": ("[^1]\n\n[^1]: https://evil.example", "[^1] [^1]: https://evil.example"),
    "heading": ("# 标题", "# 标题"),
    "setext heading": ("标题\n===", "标题 ==="),
    "list and quote": ("- a\n> b\n1. c", "- a > b 1. c"),
    "code fence": ("```\ncode\n```", "``` code ```"),
    "indented code": ("    code", "code"),
    "emphasis and strike": ("*a* **b** _c_ ~~d~~", "*a* **b** _c_ ~~d~~"),
    "table row": ("| a | b |\n|---|---|", "| a | b | |---|---|"),
    "task list": ("- [x] done", "- [x] done"),
    "math": (r"$\href{https://evil.example}{x}$", r"$\href{https://evil.example}{x}$"),
    "emoji short code": (":+1: :smile:", ":+1: :smile:"),
    "backslash run": ("\\\\\\[x](https://evil.example)", "\\\\\\[x](https://evil.example)"),
    "bidi override": ("abc\u202edef", "abcdef"),
    "control characters": ("a\x00b\x1bc", "abc"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_case_renders_as_plain_text_saying_what_was_written(name):
    raw, seen = HOSTILE[name]
    text = assert_inert(escape_gfm(raw))
    assert visible(text) == seen


def test_the_escaped_link_from_the_issue_no_longer_links():
    """Issue 24: the old escaper doubled the submitter's backslashes into a live link."""
    raw = r"\[点此查看审核结果\](https://evil.example/x)"
    old = re.sub(r"([\[\]`*_|])", r"\\\1", raw)  # what plain_reply did
    assert "<a " in render(old)  # the bug, paired with its fix
    assert "<a " not in render(escape_gfm(raw))


def test_the_escaped_text_is_the_input_with_each_special_character_escaped():
    assert escape_gfm("中文说明 [x](y)") == "中文说明 \\[x\\]\\(y\\)"
    assert escape_gfm("@org #1 GH-2") == "＠org ＃1 GH\u20112"
    assert escape_gfm("https://a.example") == "https\\:\u2060\\/\\/a\\.example"
    assert escape_gfm("a\nb\t c") == "a b c"
    assert escape_gfm("high-entropy-coating") == "high\\-entropy\\-coating"  # only GH-<digits> is touched


def test_inside_a_table_cell_nothing_splits_the_row():
    for raw in ["a | [x](https://evil.example)", "a \\| [x](https://evil.example)", "a \\\\| @x"]:
        table = f"| 成果 | 理由 |\n|---|---|\n| {escape_gfm(raw)} | 尾 |"
        text = assert_inert(table, frozenset({"table", "thead", "tbody", "tr", "th", "td"}))
        assert text.count("尾") == 1 and render(table).count("<td>") == 2


def test_the_block_variant_keeps_lines_inside_one_quote():
    raw = "第一行 [x](https://evil.example)\n\n    @team 第三行\n#5 <b>"
    block = escape_gfm_block(raw)
    text = assert_inert(block, frozenset({"blockquote", "p", "br"}))
    assert block.startswith("> ") and all(line.startswith(">") for line in block.split("\n"))
    assert visible(text) == "第一行 [x](https://evil.example) @team 第三行 #5 <b>"


def test_a_code_span_holds_any_path_without_closing_early():
    for raw in ["records/xjlg/a.yaml", "a`b``c", "`x` [y](https://evil.example) @u", "a|[x](https://evil.example)`"]:
        span = code_span(raw)
        out = render(f"| 文件 |\n|---|\n| {span} |")
        assert "<a" not in out and out.count("<code>") == 1
        inner = unescape(re.search(r"<code>(.*)</code>", out, re.S).group(1))
        assert inner.strip() == raw.strip()
    assert code_span("records/xjlg/a.yaml") == "`records/xjlg/a.yaml`"


HOSTILE_PIECES = st.sampled_from(
    [
        *"[]()<>!\\`*_~|#@&;:/.-=+'\"{}$^%?,\n\t ",
        "http",
        "https://",
        "www.",
        "mailto:",
        "xmpp:",
        "GH-",
        "gh-1",
        "evil.example",
        "a",
        "x1",
        "64",
        "#64;",
        "#x40;",
        "commat;",
        "img src=x",
        "script",
        "everyone",
        "org/team",
        "owner/repo#",
        "123",
        "    ",
        "\u2060",
        "＠",
        "点此",
        "\u202e",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE_PIECES | st.text(max_size=3), max_size=40).map("".join))
def test_no_hostile_string_renders_anything_live(raw):
    text = assert_inert(escape_gfm(raw))
    expected = re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]", "", raw)
    assert visible(text) == visible(expected)


@settings(max_examples=100, deadline=None)
@given(st.lists(HOSTILE_PIECES, max_size=40).map("".join))
def test_no_hostile_block_renders_anything_live(raw):
    assert_inert(escape_gfm_block(raw), frozenset({"blockquote", "p", "br"}))


# --- the cap ------------------------------------------------------------------------------------


def test_a_short_reply_is_left_alone():
    assert cap_reply("❌ 一条问题\n") == "❌ 一条问题\n"


def test_a_reply_of_many_short_problems_is_capped_and_says_how_many_were_cut():
    problems = [f"- 里程碑第 {i} 行应为“节点；支付条件；金额；支付期限”" for i in range(1, 60_001)]
    reply = cap_reply("❌ 自动检查未通过：\n\n" + "\n".join(problems) + "\n", where="工作流运行日志")
    assert len(reply) <= LIMIT
    kept = sum(1 for line in reply.split("\n") if line.startswith("- "))
    assert 0 < kept < 60_000
    assert f"其中 {60_000 - kept} 条问题" in reply and "完整内容见工作流运行日志" in reply
    assert reply.rstrip().endswith("完整内容见工作流运行日志。")


def test_one_enormous_line_is_cut_inside_and_still_within_the_limit():
    reply = cap_reply("\\@" * 100_000, limit=1_000)
    assert len(reply) <= 1_000 and "第 1 行过长，已截断" in reply
    assert not reply.split("\n")[0].endswith("\\")  # no escape left dangling


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=80).map("\n".join), st.integers(min_value=400, max_value=5_000))
def test_the_cap_always_holds(text, limit):
    assert len(cap_reply(text, limit=limit)) <= limit


def test_a_weekly_issue_body_is_capped_and_points_to_the_command():
    from xyhf.maintain.audit import issue_body

    rows = ["| 编码 | 成果 | 问题 |", "|---|---|---|"] + [
        f"| HNXY-2026-ZL-{i:05d}-0 | 长长长长长长长长 | 已到期 |" for i in range(5_000)
    ]
    body = issue_body(rows, "xyhf audit")
    assert len(body) <= LIMIT and body.rstrip().endswith("完整内容见网站，或在本地运行 `xyhf audit`。")
    assert "以下省略" in body and body.startswith("| 编码 |")


def test_only_a_handle_of_the_reviewed_form_is_a_live_mention():
    from xyhf.render.base.gfm import mentions

    assert mentions(["@xjlg-ttc", "@hunan-xyhf/reviewers"]) == "@xjlg-ttc @hunan-xyhf/reviewers"
    assert mentions(["@x [y](https://evil.example)", "@everyone\n#1"]) == (
        "＠x \\[y\\]\\(https\\:\u2060\\/\\/evil\\.example\\) ＠everyone ＃1"
    )


def test_a_byte_order_mark_is_dropped_wherever_it_stands():
    """Found by the property test above: GitHub's renderer eats a BOM at the start of a reply only."""
    assert escape_gfm("\ufeff成果\ufeff") == escape_gfm("成果")
