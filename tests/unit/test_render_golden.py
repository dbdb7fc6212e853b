"""Golden files for the renderers: a fixed catalog rendered and compared byte for byte.

UPDATE_GOLDEN=1 rewrites them; review the diff like any code change.
"""

from __future__ import annotations

import dataclasses
import os
import re

import pytest

from conftest import CASES, TODAY, valid_text
from xyhf.cli import main
from xyhf.model.records import Derived
from xyhf.pipeline import load_valid_catalog
from xyhf.render.documents import contract, feeds
from xyhf.render.records import pages, record_page

GOLDEN = CASES.parent / "golden"


@pytest.fixture
def catalog(make_catalog):
    root = make_catalog(
        {"records/xjlg/coating.yaml": valid_text("patent.yaml"), "records/xjlg/magnet.yaml": valid_text("secret.yaml")}
    )
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    report, catalog = load_valid_catalog(root, TODAY)
    assert catalog is not None, report.render("text")
    return catalog


def pretty(text: str) -> str:
    """One element per line, so a golden file's diff shows what changed (the output itself is compact)."""
    text = re.sub(r"(</(?:tr|p|li|table|thead|tbody|ul|h1|h2|h3|div|entry|article|script)>|<(?:tbody|ul)>)\n?", "\\1\n", text)
    return text if text.endswith("\n") else text + "\n"


def golden(name: str, text: str) -> None:
    text = pretty(text)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_record_page_body_and_head(catalog):
    records = catalog.published()
    coating = next(r for r in records if r.type == "patent")
    others = [r for r in records if r is not coating]
    body = record_page.record_body(coating, catalog, others)
    head = record_page.record_jsonld(coating, catalog, "https://xyhf.example.org/")
    golden("record_body.html", body + "\n")
    golden("record_head.html", head + "\n")


def test_protection_ending_within_a_year_is_said_to_the_firm(catalog):
    coating = next(r for r in catalog.published() if r.type == "patent")
    ending = dataclasses.replace(coating, derived=dataclasses.replace(coating.derived, ip_expiring=True))
    body = record_page.record_body(ending, catalog, [])
    until = coating.derived.expires_on
    assert f'<span class="xyhf-badge xyhf-caution">知识产权有效至 {until}（不足一年）</span>' in body
    assert f"知识产权保护期到 {until} 为止，剩余不足一年" in body and "xyhf-ok" not in body
    assert "不足一年" not in record_page.record_body(coating, catalog, [])


def test_the_review_summary_names_expired_and_ending_protection():
    from xyhf.maintain.summary import _expiry_cell

    base = dict(holder="h", city="430100", city_name="长沙市", tech_field=None, tech_field_name=None, sei_category=None)
    flags = Derived(
        **base, trl_label="", expires_on="2027-02-28", expires_on_derived=True, ip_expired=False, fiscal_unconverted_5y=False
    )
    assert _expiry_cell(flags) == "2027-02-28"
    assert _expiry_cell(dataclasses.replace(flags, ip_expiring=True)) == "不足一年（2027-02-28 到期）"
    assert _expiry_cell(dataclasses.replace(flags, ip_expired=True)) == "已到期（2027-02-28）"
    assert _expiry_cell(dataclasses.replace(flags, expires_on=None)) == "—"


def test_deferred_and_trade_secret_record_body(catalog):
    secret = next(r for r in catalog.published() if r.type == "trade_secret")
    golden("record_body_secret.html", record_page.record_body(secret, catalog, []) + "\n")


def test_holder_and_browse_pages(catalog):
    holder = {page.path: page for page in pages.holder_pages(catalog)}["holders/xjlg.md"]
    assert holder.title == "湘江理工大学"
    golden("holder_xjlg.html", holder.body + "\n")
    browse = {page.path: page for page in pages.browse_pages(catalog)}["browse/index.md"]
    golden("browse_index.html", browse.body + "\n")


def test_feed(catalog):
    golden(
        "feed_all.xml",
        feeds.render_feed("all", "新入库成果", catalog.published(), catalog, "https://xyhf.example.org/").decode("utf-8"),
    )


def test_contract_html_blank_and_filled():
    golden("contract_blank.html", contract.render_contract_html() + "\n")
    fill = {
        "a_name": "湘江大学",
        "title": "高熵合金耐磨涂层<script>",
        "box:type_patent": True,
        "box:mode_license": True,
        "box:lic_sole": True,
        "box:model_milestone": True,
        "m1_condition": "中试验证通过",
        "m1_amount": "50,000 元",
        "royalty": "3",
        "b_name": "  ",  # blank after folding: stays a blank to fill by hand
    }
    golden("contract_filled.html", contract.render_contract_html(fill) + "\n")
