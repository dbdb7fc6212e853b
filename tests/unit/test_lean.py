"""Mass pages without the theme's script-only chrome: each part is cut whole, the script that puts it
back carries it verbatim (base-relative), and a theme that moved a part stops the build."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, strategies as st

from xyhf.render.base.lean import BASE_TOKEN, CHROME_JS, DEFERRED, ThemeChanged, lighten
from xyhf.render.base.shell import tight

PARTS = {
    "scope": '<script>__md_scope=new URL("../..",location),__md_get=e=>e</script>',
    "toggle": '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
    "skip": '<div data-md-component="skip">\n</div>',
    "menu": '<svg viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>',
    "magnifier": '<label class="md-header__button md-icon" for="__search">\n<svg viewBox="0 0 24 24"><path d="M9.5 3"/></svg>\n</label>',
    "search": '<div class="md-search" data-md-component="search" role="dialog"><div class="md-search__inner">'
    '<form><input class="md-search__input"></form><div><div>正在初始化</div></div></div></div>',
    "sidebar": '<div class="md-sidebar md-sidebar--primary" hidden><div><a href="../.." class="md-logo">'
    '<img src="../../assets/xyhf/logo.svg" alt="logo"></a><ul data-xyhf-drawer></ul></div></div>',
    "top": '<button type="button" class="md-top md-icon" hidden><svg><path d="M13 20"/></svg>回到页面顶部</button>',
    "dialog": '<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner"></div></div>',
    "config": '<script id="__config" type="application/json">{"base":"../..","search":"../../assets/w.js"}</script>',
    "tabs": '<li class="md-tabs__item"><a href="../.." class="md-tabs__link">首页</a></li>'
    '<li class="md-tabs__item"><a href="../../needs/" class="md-tabs__link">企业需求</a></li>',
    "footer": '<footer class="md-footer"><p><strong>主办单位</strong>（示例）\n· 运营</p></footer>',
}


def page(**replace: str) -> str:
    p = {**PARTS, **replace}
    return "\n".join(
        [
            '<html><head><meta name="generator" content="mkdocs">',
            '<meta name="xyhf-base" content="../../">',
            p["scope"],
            '</head><body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
            p["toggle"],
            '<label class="md-overlay" for="__drawer"></label>',
            p["skip"],
            '<header><nav class="md-header__inner">',
            '<label class="md-header__button md-icon" for="__drawer">',
            p["menu"],
            "</label>",
            '<div class="md-header__title">标题</div>',
            p["magnifier"],
            p["search"],
            '</nav></header><nav class="md-tabs"><div class="md-grid"><ul class="md-tabs__list">',
            p["tabs"],
            "</ul></div></nav>",
            '<main class="md-main"><div class="md-main__inner">',
            p["sidebar"],
            "<article>正文 <svg><path/></svg></article></div>",
            p["top"],
            "</main>",
            p["footer"],
            "<script>var target=document.getElementById(location.hash.slice(1));target&&1</script>",
            p["dialog"],
            p["config"],
            '<script src="../../assets/javascripts/bundle.abc.min.js"></script>',
            "</body></html>",
        ]
    )


def restored(script: str) -> list[list[str]]:
    return json.loads(re.search(r"var parts = (\[.*?\]);\n", script, re.S).group(1))


def test_every_part_leaves_the_page_whole_and_the_content_stays():
    html, script = lighten(page())
    for name, markup in PARTS.items():
        assert markup not in html, name
    assert "<article>正文 <svg><path/></svg></article>" in html  # content is never deferred
    assert '<ul class="md-tabs__list"></ul>' in html, "the tab list stays, empty, holding its place"
    assert 'name="generator"' not in html and "var target" not in html
    assert html.index(f'<script src="../../{CHROME_JS}">') < html.index("bundle.abc.min.js")
    assert '<label class="md-header__button md-icon" for="__drawer">\n</label>' in html
    assert 'for="__search"' not in html, "no label names the search toggle the page does not carry"


def test_the_script_carries_each_part_verbatim_with_the_base_as_a_token():
    _, script = lighten(page())
    parts = restored(script)
    assert [p[0] for p in parts] == [d.target for d in DEFERRED] and len(parts) == len(PARTS)
    back = {name: parts[i][2].replace(BASE_TOKEN, "../..") for i, name in enumerate(PARTS)}
    assert back["scope"] == PARTS["scope"].removeprefix("<script>").removesuffix("</script>")
    for name in ("toggle", "skip", "menu", "magnifier", "search", "sidebar", "top", "dialog", "config", "tabs", "footer"):
        assert back[name].rstrip("\n") == PARTS[name], name
    assert "../.." not in json.dumps(parts), "every base is a token, so the script serves any depth"


def test_a_link_the_theme_wrote_from_the_shells_own_folder_is_rewritten_from_the_base():
    """The need shell (needs/__shell__/) links its own tab as "../": a need page is as deep, but the
    one script also serves record pages, so every link starts from the base."""
    _, script = lighten(page(tabs=PARTS["tabs"].replace("../../needs/", "../")), "needs/__shell__")
    tabs = restored(script)[-2][2]
    assert tabs == PARTS["tabs"].replace("../..", BASE_TOKEN)
    with pytest.raises(ThemeChanged, match="folder"):
        lighten(page(tabs=PARTS["tabs"].replace("../../needs/", "../")))


def test_newlines_between_tags_go_only_where_the_browser_draws_nothing():
    assert tight('<div>\n<p>甲</p>\n<span>乙</span>\n<a href="x">丙</a>\n</div>') == (
        '<div><p>甲</p><span>乙</span>\n<a href="x">丙</a></div>'
    )
    assert tight("<p>一\n二</p>\n<p>三</p>") == "<p>一\n二</p><p>三</p>", "a newline in text is a space: kept"
    assert tight("<pre>\n<b>x</b>\n</pre>\n<p>") == "<pre>\n<b>x</b>\n</pre>\n<p>"


@pytest.mark.parametrize("name", ["search", "sidebar", "top", "config", "menu", "footer"])
def test_a_theme_that_moved_a_part_stops_the_build(name):
    with pytest.raises(ThemeChanged):
        lighten(page(**{name: "<p>别的东西</p>"}))


def test_an_unclosed_part_or_an_unexpected_base_stops_the_build():
    with pytest.raises(ThemeChanged, match="never closed"):
        lighten(page(search='<div class="md-search" data-md-component="search"><div>'))
    with pytest.raises(ThemeChanged, match="base"):
        lighten(page(top='<button type="button" class="md-top"><a href=\'../../x\'>顶部</a></button>'))
    with pytest.raises(ThemeChanged, match="xyhf-base"):
        lighten(page().replace('<meta name="xyhf-base" content="../../">', ""))


_ONE_REGEX = re.compile(r"(<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>)\n(?=<(/?)([a-zA-Z][a-zA-Z0-9]*))")


def _tight_by_one_regex(html: str) -> str:
    """The rule as one regex (the definition tight() was first written as, kept as the reference)."""
    from xyhf.render.base.shell import _INLINE

    def gap(m: re.Match[str]) -> str:
        inline = m.group(3).lower() in _INLINE and m.group(5).lower() in _INLINE
        return m.group(0) if inline else m.group(1)

    return html if "<pre" in html or "<textarea" in html else _ONE_REGEX.sub(gap, html)


_PIECES = ["<p>", "</p>", "<a href='x'>", "</a>", "<b>", "<div class=x>", "\n", "<", ">", "x", "<1>", "<a_b>", "<br/>"]
_PIECES += ["<B>", "<Span>", "< p>", "</", "é", "<li>", "<em>", "<p\n>", "<pre>"]


@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_tight_drops_the_same_newlines_as_the_one_regex_rule(pieces):
    html = "".join(pieces)
    assert tight(html) == _tight_by_one_regex(html)
