"""Render Markdown the way GitHub's comment renderer does (cmark-gfm, PyPI `cmarkgfm`, with its
autolink, table, strikethrough and tag-filter extensions; raw HTML let through so that any that
survived escaping would show) and say whether anything in it is live."""

from __future__ import annotations

import html
import re

import cmarkgfm
from cmarkgfm.cmark import Options

TAG = re.compile(r"<(/?)([a-z]+)\s*/?>")
# What GitHub's filters would link in the rendered text (they run after cmark-gfm, on text nodes).
LIVE = {
    "mention": re.compile(r"(?<![\w`])@[A-Za-z0-9]"),
    "issue reference": re.compile(r"(?<![\w&])#\d"),
    "GH- reference": re.compile(r"(?i)\bGH-\d"),
    "cross-repository reference": re.compile(r"[\w.-]/[\w.-]+[#@]\w"),
    "URL": re.compile(r"(?i)\b(?:https?|ftp|mailto|xmpp):(?!\u2060)"),  # a joiner after ":" stops the autolinker
    "www autolink": re.compile(r"(?i)\bwww\."),
    "e-mail autolink": re.compile(r"[\w.+-]@[A-Za-z0-9]"),
}
REPLY_TAGS = frozenset({"p", "br", "ul", "li", "code", "blockquote"})


def render(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def text_of(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", rendered))


def assert_inert(markdown: str, allowed: frozenset[str] = frozenset({"p", "br"})) -> str:
    """The HTML GitHub would build has only the allowed tags, without attributes (so no <a>,
    <img> or raw HTML), and its text no live sequence; returns the text."""
    out = render(markdown)
    for tag in re.findall(r"<[^>]*>", out):  # text never holds "<" (it is &lt;): each is a tag
        m = TAG.fullmatch(tag)
        assert m and m.group(2) in allowed, f"{tag} in {out!r}"
    text = text_of(out)
    for what, pattern in LIVE.items():
        assert not pattern.search(text), f"{what} survives in {text!r}"
    return text
