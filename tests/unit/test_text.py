"""Untrusted text never becomes markup, wherever it lands."""

from __future__ import annotations

import json

from hypothesis import given, strategies as st

from urllib.parse import unquote

from xyhf.render.base.text import esc, iri_component, json_for_script, markdown_subset, xml_text

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & <!-- </script>'


def test_markdown_subset_escapes_markup():
    html = markdown_subset("第一段 **加粗**\n\n- 条目一\n- <b>条目二</b>\n\n" + EVIL)
    assert "<strong>加粗</strong>" in html and "<ul><li>条目一</li>" in html
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


@given(st.text())
def test_markdown_subset_never_emits_a_tag_it_did_not_make(text):
    import re

    html = markdown_subset(text)
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", html))
    assert tags <= {"p", "br", "ul", "li", "strong"}


def test_inline_and_attribute_escape():
    assert esc('a"b<c>') == "a&quot;b&lt;c&gt;"
    assert "\n" not in esc("两行\n文字")


def test_json_for_script_cannot_close_the_script():
    text = json_for_script({"name": EVIL})
    assert "</script" not in text.lower() and "<!--" not in text
    assert json.loads(text)["name"] == EVIL


def test_xml_text_drops_forbidden_control_characters():
    assert xml_text("a\x00b\x1fc<d>") == "abc&lt;d&gt;"


def test_iri_component_keeps_chinese_and_encodes_what_could_break_a_link():
    assert iri_component("晶种") == "晶种"
    assert iri_component("我要洽谈：合金（HNXY-1）") == "我要洽谈：合金（HNXY-1）"
    assert iri_component('a b&c=d?e#f/"<>%') == "a%20b%26c%3Dd%3Fe%23f%2F%22%3C%3E%25"
    assert iri_component("两行\n文字") == "两行%0A文字"
    assert iri_component("\u202egnp.exe\u2028\u3000\ufeff") == "%E2%80%AEgnp.exe%E2%80%A8%E3%80%80%EF%BB%BF"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_iri_component_round_trips_and_never_leaves_a_delimiter(text):
    link = iri_component(text)
    assert not any(c in link for c in " \t\r\n&=?#/\\\"'<>`")
    assert unquote(link) == text


@given(st.text())
def test_iri_component_judges_every_character_on_its_own(text):
    # The fast path (ASCII and CJK passed over by a regex) must give what the per-character rule gives.
    from urllib.parse import quote

    from xyhf.render.base.text import _iri_safe

    expected = "".join(ch if _iri_safe(ch) else quote(ch, safe="-._~", errors="replace") for ch in text)
    assert iri_component(text) == expected
