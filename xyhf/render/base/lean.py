"""Record and need pages (up to 30,000 of them) without the theme's script-only chrome.

The theme's search dialog and its toggle, drawer sidebar, back-to-top button, header icons, dialog,
configuration and storage helpers do nothing until its JavaScript runs. On the mass pages they are
cut out of the shell once and put back, as the theme wrote them, by one generated script
(`assets/xyhf/chrome.js`) that runs just before the theme's bundle: the browser ends up with the
same page, and each page is about 6 KB lighter, some 180 MB at 25,000 records. What a reader needs
without JavaScript (title, content, banner, the logo's link home) stays in the page; the tabs'
links and the footer, the same on every page, come from the script too (its menu, the drawer, is
built from those tabs and never worked without it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from xyhf.render.base.shell import compact, tight

CHROME_JS = "assets/xyhf/chrome.js"
BASE_TOKEN = "\u0001"  # stands for the page's relative base ("../..") inside deferred markup
_BUNDLE = '<script src="{base}/assets/javascripts/bundle.'
_BASE_META = re.compile(r'<meta name="xyhf-base" content="([^"]*?)/?">')


@dataclass(frozen=True)
class Part:
    """One element of the theme's page: where it starts, and where the browser puts it back."""

    opening: str  # the element's start, as the theme writes it
    target: str  # CSS selector of the element it goes back into
    position: str  # insertAdjacentHTML position, or "script" to run it
    inside: str = ""  # the start tag it must directly follow (for icons inside a button)
    contents: bool = False  # only what is inside the element goes; its (empty) start and end tags stay


DEFERRED = (
    Part("<script>__md_scope=", "head", "script"),
    Part('<input class="md-toggle" data-md-toggle="search"', "#__drawer", "afterend"),
    Part('<div data-md-component="skip">', "label.md-overlay", "afterend"),
    Part(
        "<svg",
        '.md-header__inner > label[for="__drawer"]',
        "beforeend",
        '<label class="md-header__button md-icon" for="__drawer">',
    ),
    # The magnifier's label goes whole: left in the page it would name a control (#__search) that is
    # not there until this script runs.
    Part('<label class="md-header__button md-icon" for="__search">', ".md-header__title", "afterend"),
    Part('<div class="md-search" data-md-component="search"', '.md-header__inner > label[for="__search"]', "afterend"),
    Part('<div class="md-sidebar md-sidebar--primary"', ".md-main__inner", "afterbegin"),
    Part('<button type="button" class="md-top', "main.md-main", "beforeend"),
    Part('<div class="md-dialog" data-md-component="dialog">', "body", "beforeend"),
    Part('<script id="__config"', "body", "beforeend"),
    # The tabs' links and the footer are the same on every page (1.6 and 0.7 KB, 65 MiB at 25,000
    # records and 5,000 needs). The empty tab list keeps its height (site.css), so nothing moves.
    Part('<ul class="md-tabs__list">', "ul.md-tabs__list", "afterbegin", contents=True),
    Part('<footer class="md-footer">', "main.md-main", "afterend"),
)
DROPPED = (
    '<meta name="generator"',  # nothing reads it
    "<script>var target=document.getElementById(location.hash",  # opens tabbed blocks; mass pages have none
)


class ThemeChanged(RuntimeError):
    """The theme no longer writes a part where this module expects it (e.g. after an upgrade)."""


def lighten(html: str, own: str = "") -> tuple[str, str]:
    """(the page without its deferred parts, the script that puts them back); `own` is the page's
    folder, for the theme's links that climb less than the base (the need shell's tab to needs/)."""
    html = compact(html)  # one newline between elements: parts are cut with the newline after them
    found = _BASE_META.search(html)
    if not found:
        raise ThemeChanged("the page has no xyhf-base meta")
    base = found.group(1)
    for opening in DROPPED:
        html, _ = _cut(html, opening)
    restored = []
    for part in DEFERRED:
        html, markup = _cut(html, part.opening, part.inside, part.contents)
        if part.position == "script":
            markup = markup[markup.index(">") + 1 : markup.rindex("</script>")]  # the code, run as it was
        restored.append([part.target, part.position, _relative(_from_base(markup, base, own), base)])
    bundle = _BUNDLE.format(base=base)
    if bundle not in html:
        raise ThemeChanged("the theme's bundle script is missing")
    html = html.replace(bundle, f'<script src="{base}/{CHROME_JS}"></script>\n{bundle}', 1)
    return tight(html), _script(restored)


def _cut(html: str, opening: str, inside: str = "", contents: bool = False) -> tuple[str, str]:
    """The page without the whole element that starts with `opening` (or only what is inside it), and that."""
    start = _after(html, inside, opening) if inside else html.find(opening)
    if start < 0:
        raise ThemeChanged(f"the theme no longer writes {opening!r}")
    end = _element_end(html, start)
    if contents:
        inner = html.index(">", start) + 1
        close = html.rindex("</", inner, end)
        return html[:inner] + html[close:], html[inner:close].strip("\n")
    if html.startswith("\n", end):
        end += 1  # the line break goes with the element, and comes back with it
    return html[:start] + html[end:], html[start:end]


def _after(html: str, inside: str, opening: str) -> int:
    at = html.find(inside)
    if at < 0:
        return -1
    at += len(inside)
    if html.startswith("\n", at):
        at += 1
    return at if html.startswith(opening, at) else -1


def _element_end(html: str, start: int) -> int:
    tag = re.match(r"<([a-z]+)", html[start:])
    if not tag:
        raise ThemeChanged(f"no element at {html[start : start + 40]!r}")
    name = tag.group(1)
    if name in ("meta", "link", "input"):
        return html.index(">", start) + 1
    depth = 0
    for m in re.finditer(rf"<(/?){name}\b[^>]*?(/?)>", html[start:]):
        if m.group(2):
            continue
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return start + m.end()
    raise ThemeChanged(f"<{name}> at {html[start : start + 40]!r} is never closed")


_SHORT_LINK = re.compile(r'href="((?:\.\./)+)(?!\.\.)')


def _from_base(markup: str, base: str, own: str) -> str:
    """Links the theme wrote relative to `own` by a shorter way than the base, rewritten from the base."""

    def one(m: re.Match[str]) -> str:
        ups = m.group(1).count("../")
        if ups >= base.count(".."):
            return m.group(0)
        if not own or own.count("/") + 1 != base.count(".."):
            raise ThemeChanged(f"a link climbs {ups} folders from a page whose folder is not given")
        kept = own.split("/")[:-ups]
        return f'href="{base}/' + "".join(part + "/" for part in kept)

    return _SHORT_LINK.sub(one, markup)


def _relative(markup: str, base: str) -> str:
    """Markup with the page's base replaced by a token, so the script serves pages at any depth."""
    if not base.startswith(".."):
        raise ThemeChanged(f"mass pages live in folders below the site root, not at {base!r}")
    out = markup.replace(f'"{base}', f'"{BASE_TOKEN}')
    if base in out:
        raise ThemeChanged("deferred markup uses the base in a way lean.py does not rewrite")
    return out


def _script(parts: list[list[str]]) -> str:
    data = json.dumps(parts, ensure_ascii=False, indent=1)
    return f"""/* Generated by `xyhf build` (xyhf/render/lean.py) from the theme's own markup. Record and need
 * pages leave out the parts only the theme's script uses; this puts them back just before that script
 * runs, so those pages carry 6 KB less each. Do not edit: the build rewrites it. */
(function () {{
  "use strict";
  var meta = document.querySelector('meta[name="xyhf-base"]');
  var base = meta ? meta.getAttribute("content").replace(/\\/+$/, "") : ".";
  var parts = {data};
  parts.forEach(function (part) {{
    var target = document.querySelector(part[0]);
    var markup = part[2].split("\\u0001").join(base);
    if (!target) return;
    if (part[1] === "script") {{
      var code = document.createElement("script");
      code.textContent = markup;
      target.appendChild(code);
    }} else {{
      target.insertAdjacentHTML(part[1], markup);
    }}
  }});
}})();
"""
