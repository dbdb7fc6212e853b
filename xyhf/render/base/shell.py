"""The theme's HTML around placeholders, filled per page.

MkDocs renders a stub whose title and body are placeholder tokens; each generated page (and,
from one shared shell, each of up to 25,000 record pages) is then that HTML with the tokens
replaced by escaped values and template HTML. Data never passes through Markdown or the
theme's own (non-escaping) templates.
"""

from __future__ import annotations

import json
import re

from xyhf.render.base.text import esc, json_for_script

TITLE, BODY, DESC, HEAD = "XYHFPAGETITLE", "<p>XYHFPAGEBODY</p>", "XYHFPAGEDESC", "<!--XYHF-HEAD-->"
TOKENS = ("XYHFPAGETITLE", "XYHFPAGEBODY", "XYHFPAGEDESC", "XYHF-HEAD")
RECORD_SHELL = "records/__shell__"
NEED_SHELL = "needs/__shell__"  # need pages too can be thousands: one shell, filled per need


def stub(description: bool = False) -> str:
    """The Markdown of a generated page: front matter and placeholders only."""
    lines = ["---", f"title: {TITLE}"] + ([f"description: {DESC}", "xyhf_head: true"] if description else [])
    lines += ["search:", "  exclude: true", "hide:", "  - toc", "  - navigation", "---", "", "XYHFPAGEBODY", ""]  # tabs navigate
    return "\n".join(lines)


_INDENT = re.compile(r"\n[ \t\r\n]+")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def compact(html: str) -> str:
    """The theme's indentation and blank lines removed (a newline still separates what it separated),
    and its configuration's Chinese written as UTF-8 rather than \\u escapes: together about a
    fifth of every generated page, which at 25,000 records is over 100 MiB. Never where spaces are content."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _CONFIG.sub(_utf8_config, _INDENT.sub("\n", html))


_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "button",
        "code",
        "em",
        "i",
        "img",
        "input",
        "kbd",
        "label",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
    ]
)
# A newline that could go: right after a tag's ">" and before the next tag's "<". Found by this
# short pattern (one C scan of the page), then the tag before it is read back from its "<": one
# regex trying a whole tag at every "<" of a page cost 120 µs a record page.
_GAP = re.compile(r">\n(?=<(/?)([a-zA-Z][a-zA-Z0-9]*))")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")


def tight(html: str) -> str:
    """A compacted page without the newlines between tags where the browser draws nothing for them:
    next to a block or head element (between two inline ones a newline is a visible space, so it
    stays). Some 150 bytes a record page, 5 MiB at 25,000. Never where spaces are content."""
    if "<pre" in html or "<textarea" in html:
        return html
    out, kept_to = [], 0
    for gap in _GAP.finditer(html):
        end = gap.start() + 1  # just after the ">"
        tag = _TAG.fullmatch(html, html.rfind("<", 0, end), end)
        if tag is None or (tag.group(2).lower() in _INLINE and gap.group(2).lower() in _INLINE):
            continue
        out.append(html[kept_to:end])
        kept_to = end + 1  # the newline is left out
    out.append(html[kept_to:])
    return "".join(out)


def _utf8_config(m: re.Match[str]) -> str:
    return m.group(1) + json_for_script(json.loads(m.group(2))) + m.group(3)


class Shell:
    """One rendered page split once into literal text and slots; filling it is one join."""

    def __init__(self, html: str, own_path: str | None = None):
        if BODY not in html:
            raise ValueError("the theme lost the body placeholder")
        html = compact(html)
        names = [re.escape(t) for t in (BODY, HEAD, DESC, TITLE)] + ([re.escape(own_path + "/")] if own_path else [])
        self.own_path = own_path
        self.parts: list[str] = []
        self.slots: list[str] = []
        pos = 0
        for m in re.finditer("|".join(names), html):
            self.parts.append(html[pos : m.start()])
            self.slots.append(m.group(0))
            pos = m.end()
        self.tail = html[pos:]

    def fill(self, title: str, body: str, description: str = "", head: str = "", path: str = "") -> str:
        values = {BODY: body, HEAD: head, DESC: esc(description), TITLE: esc(title)}
        if self.own_path:
            values[self.own_path + "/"] = path + "/"
        out = []
        for literal, slot in zip(self.parts, self.slots, strict=True):
            out.append(literal)
            out.append(values[slot])
        out.append(self.tail)
        return "".join(out)


def fill_markers(html: str, blocks: dict[str, str]) -> str:
    """A prose page's `<!-- xyhf:NAME -->` markers replaced by their blocks (missing ones are errors)."""
    for name, block in blocks.items():
        marker = f"<!-- xyhf:{name} -->"
        if marker not in html:
            raise ValueError(f"prose page lost its marker {marker}")
        html = html.replace(marker, block)
    return html


def html_path(md_path: str) -> str:
    """Where MkDocs (use_directory_urls) writes a Markdown page: a/b.md → a/b/index.html."""
    stem = md_path.removesuffix(".md")
    return f"{stem[:-5]}index.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"
