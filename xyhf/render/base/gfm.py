"""The one escaper for text the bot posts to GitHub (issue comments, issue bodies, job summaries).

It lives in render/ beside templating.py: that module makes data safe for the site's HTML, this one
makes data safe for GitHub-flavoured Markdown. Pure, no I/O; importers/ and maintain/ both use it.

GitHub turns a comment into HTML in two stages, and both are closed here:

1. cmark-gfm parses Markdown (links, images, raw HTML, entities, tables, emphasis, code) and its
   autolink extension links bare `https://…`, `www.…`, `mailto:`/`xmpp:` and `a@b.example`. Every
   ASCII punctuation character is backslash-escaped (CommonMark allows that for all of them, and
   `\\` itself), so no Markdown construct can start; `&` is escaped so `&#64;` stays text; a WORD
   JOINER (U+2060, invisible) after every `:` and inside `www.` stops the autolinker, which ignores
   backslashes (`a\\@b.com` is still a mail link).
2. GitHub's own filters then scan the rendered text for `@user`, `@org/team`, `#123`,
   `owner/repo#123` and `GH-123`. A backslash does not hide these (it is gone after stage 1), so `@`
   and `#` become the full-width ＠ and ＃, and the hyphen of `GH-` a non-breaking hyphen (U+2011):
   still readable, never a mention, a notification or a cross-reference, whatever GitHub does with
   invisible characters.

Decided not to break: bare 7–40 character hex runs. GitHub links one only when it names a commit
of this repository (a link inside the repository, no outside target), and breaking every such run
would mangle amounts, dates and phone numbers. Emoji short codes (`:smile:`) are stopped by the
`:` rule anyway.

tests/unit/test_gfm.py renders hostile inputs with cmark-gfm (PyPI `cmarkgfm`) and checks the HTML.
"""

from __future__ import annotations

import re
import string

WORD_JOINER = "\u2060"
LIMIT = 60_000  # GitHub refuses a comment or issue body over 65,536 characters

_PUNCT = frozenset(string.punctuation)
# Dropped: C0/C1 controls other than tab and newline, and the bidi overrides that can make a
# line read differently from what it is (Trojan Source).
_DROP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]"
)  # controls, bidi overrides, BOM (a renderer eats it at the start)
_GH_REF = re.compile(r"(?i)(?<=gh)-(?=\s*[0-9０-９])")
_WWW = re.compile(r"(?i)(?<=www)\.")
_SPECIAL = {"@": "＠", "#": "＃"}


def _escape_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch == ":":
        return "\\:" + WORD_JOINER
    if ch in _PUNCT:
        return "\\" + ch
    return ch


def escape_gfm(text: object) -> str:
    """One line of data inside the bot's Markdown (a list item, a table cell, a sentence): every
    line break and tab becomes a space, nothing in it can be markup, a link, a mention or a
    reference. Safe inside a GFM table cell (`|` is escaped)."""
    s = _DROP.sub("", str(text).replace("\r\n", "\n"))
    s = re.sub(r"[ \t\n\r\f\v]+", " ", s)  # never four spaces: that would start a code block
    s = _GH_REF.sub("\u2011", s)
    s = _WWW.sub(WORD_JOINER + ".", s)
    return "".join(_escape_char(ch) for ch in s)


def escape_gfm_block(text: object, quote: bool = True) -> str:
    """Several lines of data kept as lines: each escaped like escape_gfm, ended by a hard line
    break, inside a block quote (`quote=True`) so it reads as quoted. Leading spaces are dropped
    (four of them would start a code block) and blank lines kept."""
    lines = _DROP.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    out = []
    for i, line in enumerate(lines):
        body = escape_gfm(line.strip())
        if body and i < len(lines) - 1 and lines[i + 1].strip():
            body += "\\"  # a backslash at the end of a line is a hard line break
        out.append(("> " + body if body else ">") if quote else body)
    return "\n".join(out)


_HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?", re.ASCII)


def mentions(handles: object) -> str:
    """The only live mentions the bot writes: the reviewed maintainers of a holder or a station
    (the schemas allow only this form). Anything else in the list is shown escaped, never live."""
    items = list(handles) if isinstance(handles, (list, tuple)) else [handles]
    return " ".join(h if isinstance(h, str) and _HANDLE.fullmatch(h) else escape_gfm(h) for h in items)


def code_span(text: object) -> str:
    """Data shown as code (a file path): a backtick fence longer than any run inside it, so the
    data cannot close it; GitHub links and mentions nothing inside code. `|` is escaped, because a
    GFM table splits its cells before it reads code spans (outside a table it shows as `\\|`)."""
    s = re.sub(r"[\n\r\t]+", " ", _DROP.sub("", str(text))).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or (s.startswith(" ") and s.endswith(" ") and s.strip()) else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def cap_reply(text: str, limit: int = LIMIT, where: str = "工作流运行日志") -> str:
    """At most `limit` characters: whole lines are kept while they fit, then one line says how
    many lines were left out (and how many of them were listed problems, `- …`) and where the
    whole text is. GitHub refuses longer comments, and the submitter would hear nothing."""
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    used = 0
    reserve = 200 + len(where)  # room for the closing note
    for line in lines:
        if used + len(line) + 1 > limit - reserve:
            break
        kept.append(line)
        used += len(line) + 1
    head = ""
    if not kept:  # one enormous first line: keep its start, never a dangling escape
        kept = [lines[0][: limit - reserve].rstrip("\\")]
        head = "第 1 行过长，已截断；"
    rest = lines[len(kept) :]
    cut_items = sum(1 for line in rest if line.startswith("- "))
    items = f"（其中 {cut_items} 条问题）" if cut_items else ""
    note = f"……回复过长，{head}以下省略 {len(rest)} 行{items}。完整内容见{where}。"
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + "\n\n" + note + "\n"
