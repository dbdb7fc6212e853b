"""Untrusted record text → safe output. Every renderer goes through here.

Records may use a small Markdown subset (paragraphs, line breaks, "- " lists, **bold**). We
escape first and only then add our own tags, and nh3 cleans the result as a second line of
defence, so no record can inject markup or script whatever it contains.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from urllib.parse import quote

import nh3

_ALLOWED_TAGS = {"p", "br", "ul", "li", "strong"}
# One cleaner for the whole build: nh3.clean builds its rules anew on every call (110,000 calls at
# 25,000 records), the Cleaner once.
_CLEANER = nh3.Cleaner(tags=_ALLOWED_TAGS, attributes={})
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What XML 1.0 forbids (controls, lone surrogates, U+FFFE, U+FFFF) and the other noncharacters
# (U+FDD0–U+FDEF, the last two code points of every plane). contract-core.js strips the same set.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")


def plain(value: object) -> str:
    """Text for attributes and inline places: control characters dropped, whitespace folded."""
    return re.sub(r"\s+", " ", _CONTROL.sub("", str(value))).strip()


def esc(value: object) -> str:
    """HTML-escaped inline text (quotes too: safe in attributes)."""
    return html.escape(plain(value), quote=True)


def markdown_subset(value: str) -> str:
    """Safe HTML for a multi-paragraph text field."""
    text = _CONTROL.sub("", value).replace("\r\n", "\n")
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if all(line.startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return _CLEANER.clean("".join(out))


def _inline(line: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(line, quote=True))


def iri_component(value: str) -> str:
    """A query value for a link, percent-encoded only where it must be: ASCII outside the unreserved
    set, controls, format characters (bidi overrides), separators and unassigned code points.
    Chinese text stays as written (a third of the bytes of %E6%99%B6), which at 25,000 record
    pages is tens of megabytes; the browser encodes it as UTF-8 when the link is followed."""
    return _UNCOMMON.sub(_iri_char, value)


# Characters that always stay as written (ASCII unreserved, CJK ideographs); only the others are
# looked at one by one, each distinct one once.
_UNCOMMON = re.compile(r"[^A-Za-z0-9\-._~\u3400-\u4dbf\u4e00-\u9fff]")


def _iri_char(match: re.Match[str]) -> str:
    return _iri_encoded(match.group())


@functools.lru_cache(maxsize=4096)
def _iri_encoded(ch: str) -> str:
    return ch if _iri_safe(ch) else quote(ch, safe="-._~", errors="replace")


def _iri_safe(ch: str) -> bool:
    if ch < "\x80":
        return ch.isalnum() or ch in "-._~"
    return unicodedata.category(ch)[0] in "LNPSM" and not 0xFFF0 <= ord(ch) <= 0xFFFF


def json_for_script(data: object) -> str:
    """JSON safe inside <script type="application/ld+json">: no </script>, no HTML comment openers."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def xml_text(value: object) -> str:
    """Text for XML (feeds, Word): escaped, and characters XML 1.0 forbids (and noncharacters) removed."""
    return html.escape(_XML_INVALID.sub("", str(value)), quote=False)
