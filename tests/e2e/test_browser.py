"""The built site driven in headless Chromium (Debian's chromium, Playwright; never a downloaded browser)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
import yaml

from conftest import ROOT, build_site, valid_text, write_files
from e2e_support import browser, serve, served_site  # noqa: F401 - browser is a fixture

pytestmark = pytest.mark.browser
AXE = ROOT / "tests/e2e/node/node_modules/axe-core/axe.min.js"
JUDGMENTS = yaml.safe_load((Path(__file__).parent / "search_judgments.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(served_site):
    """the served sample site's base URL"""
    return served_site[1]


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def wait_ready(page, before: str | None) -> None:
    page.wait_for_function(
        "b => { const r = document.querySelector('#xyhf-search'); return r && r.dataset.ready && r.dataset.ready !== b; }",
        arg=before or "",
        timeout=10000,
    )


def result_codes(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".xyhf-results h2 a", "els => els.map(e => e.getAttribute('href'))")
    return [re.search(r"records/([^/]+)/", h).group(1) for h in hrefs]


def test_search_facet_record_downloads_and_no_outside_requests(page, site):
    page.goto(site + "catalog/")
    wait_ready(page, None)
    before = page.get_attribute("#xyhf-search", "data-ready")
    page.fill("#xyhf-q", "合金")
    wait_ready(page, before)
    titles = page.eval_on_selector_all(".xyhf-results h2 a", "els => els.map(e => e.textContent)")
    assert titles and any("合金" in t for t in titles)
    marks = page.eval_on_selector_all(".xyhf-results mark", "els => els.map(e => e.textContent)")
    assert "合金" in marks, "the matched text is highlighted"
    assert "kw=%E5%90%88%E9%87%91" in page.url, "the query lives in the URL"
    count_all = len(result_codes(page))
    # A facet narrows the results.
    options = page.eval_on_selector_all("#xyhf-f-type option", "els => els.map(e => e.value)")
    narrow = next(v for v in options if v)
    before = page.get_attribute("#xyhf-search", "data-ready")
    page.select_option("#xyhf-f-type", narrow)
    wait_ready(page, before)
    narrowed = result_codes(page)
    assert 0 < len(narrowed) <= count_all and f"type={narrow}" in page.url
    letters = {
        "patent": "ZL",
        "software_copyright": "RZ",
        "ic_layout": "BT",
        "plant_variety": "ZW",
        "biomedical_variety": "SY",
        "trade_secret": "JM",
    }[narrow]
    assert all(f"-{letters}-" in c for c in narrowed)
    # The record page opens from the result.
    page.click(".xyhf-results h2 a >> nth=0")
    page.wait_for_load_state()
    assert f"/records/{narrowed[0]}/" in page.url
    assert page.locator("h1").first.inner_text()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    # Download links answer.
    for href in page.eval_on_selector_all(".xyhf-record a[download]", "els => els.map(e => e.href)"):
        response = page.request.get(href)
        assert response.status == 200, href
    external = [u for u in page.requests if urlparse(u).hostname not in ("127.0.0.1", "localhost")]
    assert external == [] and page.errors == []


def test_shared_url_restores_query_and_filters(page, site):
    page.goto(site + "catalog/?kw=" + quote("涂层") + "&type=patent&sort=newest")
    wait_ready(page, None)
    assert page.input_value("#xyhf-q") == "涂层"
    assert page.input_value("#xyhf-f-type") == "patent"
    assert page.input_value("#xyhf-sort") == "newest"
    codes = result_codes(page)
    assert codes and all("-ZL-" in c for c in codes)
    assert not page.is_visible(".xyhf-more"), "no 'show more' when every result is shown"


@pytest.mark.parametrize("case", JUDGMENTS, ids=lambda c: c["query"][:12])
def test_search_quality(page, site, case):
    """Every kind of query in the one box: terms, sentences (once a separate mode), codes."""
    page.goto(site + "catalog/?kw=" + quote(case["query"]))
    if case.get("jump"):  # a unified code opens its record directly
        page.wait_for_url(re.compile(r"/records/" + re.escape(case["expect"][0]) + "/$"))
        return
    wait_ready(page, None)
    top = result_codes(page)[:10]
    missing = [c for c in case["expect"] if c not in top]
    assert not missing, f"{case['query']}: {missing} not in top 10 {top}"


def test_phone_layout_has_no_sideways_scroll(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    for path in ["", "catalog/?kw=" + quote("电池"), "records/HNXY-2026-ZL-00042-4/", *OUTCOME_PAGES]:
        pg.goto(site + path)
        pg.wait_for_timeout(300)
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    context.close()


OUTCOME_PAGES = ["deals/", "deals/credit/", "cases/", "cases/lsgy-xyhf-2026-003/", "stats/institutions/", "stats/outcomes/"]


@pytest.mark.parametrize(
    "path",
    [
        "",
        "catalog/",
        "records/HNXY-2026-ZL-00042-4/",
        "stats/",
        "contract/",
        "contract/?code=HNXY-2026-BT-00002-2",
        "feeds/",
        "promotion/2026/",
        "submit/",
        "submit/need/",
        "guide/",
        "compare/?codes=HNXY-2026-ZL-00007-X,HNXY-2026-ZL-00037-9",
        "events/2026-12-18-changsha-new-materials/brochure/",
        "events/new/?codes=HNXY-2026-ZL-00007-X",
        "needs/HNXQ-2026-00001-7/",
        "needs/",
        "stations/",
        "stations/430100/",
        "downloads/",
        *OUTCOME_PAGES,
    ],
)
def test_accessibility_axe(page, site, path):
    if not AXE.exists():
        pytest.fail("axe-core missing: `make test` installs it (tests/e2e/node)")
    page.goto(site + path)
    if path == "catalog/":
        wait_ready(page, None)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []


EVIL = '<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>'


def test_record_text_cannot_inject_script(browser, tmp_path, monkeypatch):
    """A record full of markup is shown as text on its page, in search results, everywhere."""
    from xyhf.cli import main

    monkeypatch.setenv("XYHF_TODAY", "2026-11-24")
    root = tmp_path / "catalog"
    record = yaml.safe_load(valid_text("patent.yaml"))
    record.update(
        title=f"高熵合金 {EVIL}",
        keywords=["高熵合金", "<script>alert(3)</script>"],
        summary=f"{EVIL} " + record["summary"],
        applications=f"**{EVIL}** 工程机械",
    )
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    holder = yaml.safe_load(valid_text("holder.yaml"))
    holder["name"] = f"湘江理工大学{EVIL}"
    write_files(
        root,
        {
            "holders/xjlg.yaml": yaml.safe_dump(holder, allow_unicode=True),
            "records/xjlg/evil.yaml": text,
            "codes.yaml": "codes: []\n",
        },
    )
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    out = tmp_path / "site"
    build_site(root, out)
    server, base = serve(out)
    try:
        context = browser.new_context()
        pg = context.new_page()
        dialogs = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        code = re.search(r"code: (\S+)", (root / "records/xjlg/evil.yaml").read_text()).group(1)
        for path in [f"records/{code}/", "catalog/?kw=" + quote("高熵合金"), "holders/xjlg/", ""]:
            pg.goto(base + path)
            if "catalog" in path:
                wait_ready(pg, None)
            pg.wait_for_timeout(200)
            assert pg.evaluate("window.__xss") is None, path
            assert pg.locator("img[src=x]").count() == 0, path
        pg.goto(base + f"records/{code}/")
        assert EVIL.split(">")[0] in pg.locator("h1").first.inner_text()  # shown as text
        assert dialogs == []
        context.close()
    finally:
        server.shutdown()


def test_deals_ledger_filters_and_keeps_them_in_the_address(page, site):
    page.goto(site + "deals/")
    rows = page.locator("#xyhf-deals tbody tr")
    total = rows.count()
    assert total >= 20 and page.locator("form.xyhf-filters").is_visible()
    page.select_option("select[data-filter=city]", "430100")
    visible = page.locator("#xyhf-deals tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert "city=430100" in page.url and f"显示 {visible.count()} 份" in page.locator("[data-count]").inner_text()
    page.goto(page.url)  # a shared link shows the same rows
    assert page.locator("#xyhf-deals tbody tr:not([hidden])").count() == visible.count()
    page.select_option("select[data-filter=city]", "")
    assert page.locator("#xyhf-deals tbody tr:not([hidden])").count() == total
