"""A catalog whose every text field holds markup, Markdown attribute lists, javascript: links,
template syntax and formula-leading cells, built with the real CLI; then every output kind is
checked: HTML in Chromium with a dialog listener, JSON, JSON-LD, XML, CSV, XLSX, DOCX, SQLite."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.browser
import yaml

from conftest import build_site, coded_catalog, valid_text, write_files
from e2e_support import browser, serve  # noqa: F401 - browser is a fixture

PAYLOADS = [
    "{: tabindex=1 autofocus onfocus=alert(document.domain) }",
    "[官网](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "<img src=x onerror=alert(2)>",
    "<script>alert(3)</script>",
    '=HYPERLINK("http://evil.example","点我")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "{{ config }}{% raw %}",
    "</script><script>alert(4)</script>",
    '"><svg onload=alert(5)>',
    "]]><!-- -->",
]
ALL = " ".join(PAYLOADS)
FORMULA = ("=", "+", "-", "@")


def evil_record(base: str, i: int) -> str:
    r = yaml.safe_load(valid_text(base))
    p = PAYLOADS[i % len(PAYLOADS)]
    r["title"] = (p + " 材料技术")[:100]
    r["summary"] = "说明：" + ALL
    r["applications"] = PAYLOADS[(i + 1) % len(PAYLOADS)] + " 应用于工程机械"
    r["advantages"] = PAYLOADS[(i + 2) % len(PAYLOADS)] + " 成本降低"
    r["licensee_requirements"] = PAYLOADS[(i + 3) % len(PAYLOADS)]
    r["keywords"] = ["+cmd|' /C calc'!A0"[:30], "@SUM(1)", "-2+3", "<b>粗</b>", "=1+1"]
    r["transfer"]["region"] = '=HYPERLINK("x")'
    r["transfer"]["term"] = "<i>5年</i>"
    r["ip"]["owners"] = ["=1+2", "湘江理工大学 {: onclick=alert(6) }"]
    r["inventors"] = ["<script>alert(7)</script>", "-张三"]
    if r["payment"]["model"] == "milestone":
        r["payment"]["milestones"][0]["condition"] = "@完成 " + PAYLOADS[11]
        r["payment"]["milestones"][0]["due"] = "=NOW()"
    r["contact"] = {"name": "<b onmouseover=alert(8)>王</b>", "phone": "0731-88880000", "email": "a.b@example.org"}
    r["publish_contact"] = True
    return yaml.safe_dump(r, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):

    root = tmp_path_factory.mktemp("evil") / "catalog"
    holder = yaml.safe_load(valid_text("holder.yaml"))
    holder.update(name="湘江理工大学 " + PAYLOADS[0], address="=1+1 " + PAYLOADS[3], legal_representative=PAYLOADS[5][:50])
    files = {"holders/xjlg.yaml": yaml.safe_dump(holder, allow_unicode=True), "codes.yaml": "codes: []\n"}
    for i, base in enumerate(["patent.yaml", "deferred.yaml", "secret.yaml"]):
        files[f"records/xjlg/evil-{i}.yaml"] = evil_record(base, i)
    codes = coded_catalog(root, files)
    promo = {
        "year": 2026,
        "title": "2026 年推广目录 " + PAYLOADS[1],
        "published_on": "2026-11-01",
        "entries": [{"code": c, "reason": PAYLOADS[i] + " 推荐"} for i, c in enumerate(codes)],
    }
    write_files(root, {"promotion/2026.yaml": yaml.safe_dump(promo, allow_unicode=True)})
    out = root.parent / "site"
    build_site(root, out)
    return out, codes


def test_pages_show_markup_as_text_and_run_nothing(browser, evil_site):
    out, codes = evil_site
    server, base = serve(out)
    try:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        paths = [
            "",
            "holders/",
            "holders/xjlg/",
            "browse/",
            "browse/type/patent/",
            "promotion/",
            "promotion/2026/",
            "stats/",
            "downloads/",
            *[f"records/{c}/" for c in codes],
            "catalog/?kw=%E6%9D%90%E6%96%99",
        ]
        for path in paths:
            page.goto(base + path)
            page.wait_for_timeout(150)
            bad = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
                .filter(a => a.name.startsWith('on') && /alert|xss/.test(a.value)).map(a => el.tagName + ' ' + a.name))""")
            assert bad == [], (path, bad)
            assert page.locator('a[href^="javascript:"]').count() == 0, path
            assert page.locator('img[src*="evil"], img[src="x"], svg[onload]').count() == 0, path
        page.goto(base + "holders/xjlg/")
        assert PAYLOADS[0] in page.locator("h1").first.inner_text()  # the attribute list is shown, not applied
        assert dialogs == []
    finally:
        server.shutdown()


def test_json_and_jsonld_keep_text_exactly(evil_site):
    out, codes = evil_site
    records = json.loads((out / "data/records.json").read_text(encoding="utf-8"))
    assert all(r["summary"] == "说明：" + ALL for r in records)
    for code in codes:
        html = (out / f"records/{code}/index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        title = next(r["title"] for r in records if r["code"] == code)
        assert len(blocks) == 1 and json.loads(blocks[0])["name"] == " ".join(title.split())
        assert live_markup(html) == []


class _Markup(HTMLParser):
    """Elements and attributes a page would act on: event handlers, scripts other than our JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") and "alert" in (value or ""):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")
        if tag == "script":
            self.script = dict(attrs).get("type") or "text/javascript"

    def handle_data(self, data):
        if self.script and self.script != "application/ld+json" and "alert(" in data:
            self.found.append("script " + data[:40])

    def handle_endtag(self, tag):
        if tag == "script":
            self.script = None


def live_markup(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    return parser.found


def test_no_generated_page_carries_live_markup_from_data(evil_site):
    out, _ = evil_site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        assert live_markup(path.read_text(encoding="utf-8")) == [], path


def test_xml_outputs_parse(evil_site):
    out, _ = evil_site
    for path in [*sorted((out / "feeds").glob("*.xml")), out / "sitemap.xml"]:
        ElementTree.parse(path)


def csv_cells(path: Path) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))) for cell in row]


def test_csv_cells_never_start_a_formula(evil_site):
    out, _ = evil_site
    files = [
        out / "data/records.csv",
        out / "data/holders.csv",
        out / "data/milestones.csv",
        out / "promotion/2026/promotion-2026.csv",
    ]
    for path in files:
        cells = csv_cells(path)
        assert cells, path
        starts = [c for c in cells if c.lstrip(" ").startswith(FORMULA) or c.startswith(("\t", "\r"))]
        assert starts == [], (path.name, starts[:3])
    assert any(c.startswith("'=HYPERLINK") for c in csv_cells(out / "data/records.csv"))


def test_xlsx_cells_are_text_never_formulas(evil_site):
    from openpyxl import load_workbook

    out, _ = evil_site
    for path in [out / "data/records.xlsx", out / "promotion/2026/promotion-2026.xlsx"]:
        workbook = load_workbook(path)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.lstrip(" ").startswith(FORMULA), (path.name, cell.coordinate, cell.value)


def test_docx_and_sqlite_hold_the_text_safely(evil_site):
    import docx

    out, codes = evil_site
    for path in sorted((out / "contract").glob("*.docx")):
        document = docx.Document(str(path))
        assert document.paragraphs
        with zipfile.ZipFile(path) as z:
            ElementTree.fromstring(z.read("word/document.xml"))
    con = sqlite3.connect(out / "data/catalog.sqlite")
    titles = [row[0] for row in con.execute("SELECT title FROM records")]
    assert sorted(titles) == sorted((PAYLOADS[i] + " 材料技术")[:100] for i in range(len(codes)))
