"""The page shell drops the theme's indentation (a sixth of every generated page) but never touches
text where spaces are content, and filling it still puts every value in place."""

from __future__ import annotations

from xyhf.render.base.shell import BODY, DESC, HEAD, TITLE, Shell, compact


def test_indentation_goes_and_line_breaks_stay():
    html = f"<html>\n    <head>{HEAD}\n      <title>{TITLE}</title>\n  </head>\n\t<body>\n    {BODY}\n  </body></html>"
    out = compact(html)
    assert "\n " not in out and "\n\t" not in out and out.count("\n") == html.count("\n")
    filled = Shell(html).fill("标题", "<p>正文</p>", "说明", "<meta>")
    assert filled == "<html>\n<head><meta>\n<title>标题</title>\n</head>\n<body>\n<p>正文</p>\n</body></html>"


def test_preformatted_pages_are_left_alone():
    html = f"<pre>\n    缩进是内容\n</pre>{BODY}{DESC}"
    assert compact(html) == html
