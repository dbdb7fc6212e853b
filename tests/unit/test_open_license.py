"""Open-licence declarations: a valid one passes (also a utility model with its evaluation report);
an exclusive licence still in force beside it is refused at the place to fix, a terminated one is
not. The invalid single-record cases are golden files in tests/cases/invalid/ol_*.case."""

from __future__ import annotations

import pytest

from conftest import TODAY, coded_catalog, valid_text, write_files
from xyhf.pipeline import check_catalog

OPEN = valid_text("open_license.yaml")
UTILITY = (
    OPEN.replace("patent_kind: invention", "patent_kind: utility_model")
    .replace("ZL201710601862.3", "ZL201720601862.9")
    .replace("term_to: 2029-05-31", "term_to: 2027-05-31")
    + "  evaluation_report:\n    number: PJ2024000567\n    issued_on: 2024-04-02\n"
)


@pytest.fixture
def catalog_with(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())

    def make(record: str):
        root = tmp_path / "catalog"
        coded_catalog(
            root,
            {"holders/xjlg.yaml": valid_text("holder.yaml"), "records/xjlg/coating.yaml": record, "codes.yaml": "codes: []\n"},
        )
        return root

    return make


@pytest.mark.parametrize("record", [OPEN, UTILITY], ids=["invention", "utility_model_with_report"])
def test_a_valid_declaration_passes(catalog_with, record):
    report, _ = check_catalog(catalog_with(record), TODAY)
    assert report.ok and report.warnings == [], report.render("text")


def test_an_exclusive_licence_in_force_beside_it_is_refused_until_terminated(catalog_with):
    root = catalog_with(OPEN)
    deal = valid_text("deal.yaml")
    write_files(root, {"deals/xjlg/exclusive.yaml": deal})
    report, _ = check_catalog(root, TODAY)
    errors = [d for d in report.errors if d.rule == "open_license.exclusive"]
    assert len(errors) == 1 and errors[0].file.endswith("records/xjlg/coating.yaml") and errors[0].field == "open_license"
    assert "排他许可" in errors[0].message and "XJLG-XYHF-2026-001" in errors[0].message
    ended = deal + "  - date: 2026-09-01\n    kind: terminated\n    note: 双方协商解除\n"
    write_files(root, {"deals/xjlg/exclusive.yaml": ended})
    report, _ = check_catalog(root, TODAY)
    assert report.ok, report.render("text")  # the terminated deal itself is valid: the rule saw it and let it pass


@pytest.fixture(scope="module")
def sample():
    from conftest import ROOT
    from xyhf.pipeline import load_valid_catalog

    return load_valid_catalog(ROOT / "catalog", TODAY)[1]


def test_the_declaration_list_has_announced_and_candidate_patents(sample):
    from xyhf.render.documents.open_license import CANDIDATE, declaration_rows

    rows = declaration_rows(sample, "https://xyhf.example.org/")
    announced = [r for r in rows if r["state"] == "已公告"]
    assert [r["code"] for r in announced] == ["HNXY-2025-ZL-00001-3"]
    assert announced[0]["fee_standard"] == "入门费 5 万元 + 净销售额的 2% 提成" and announced[0]["term_to"] == "2030-09-30"
    wanted = {
        r.code
        for r in sample.published()
        if r.type == "patent" and r.derived.fiscal_unconverted_5y and r.status != "withdrawn" and not r.open_license
    }
    assert wanted and {r["code"] for r in rows if r["state"] == CANDIDATE} == wanted
    assert all(r["fee_standard"] and r["term_from"] == sample.today for r in rows if r["state"] == CANDIDATE)


def test_the_declaration_csv_has_chinese_headers_and_neutralised_cells():
    from xyhf.render.base.formats import render_csv
    from xyhf.render.documents.open_license import DECLARATION_COLUMNS

    text = render_csv([{"title": '=HYPERLINK("x")', "code": "HNXY-1"}], DECLARATION_COLUMNS, people=True).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("统一编码,专利号,专利名称") and "'=HYPERLINK" in row


def test_the_record_page_says_how_to_use_the_open_licence(sample):
    from xyhf.render.records.record_page import record_body

    record = sample.by_code["HNXY-2025-ZL-00001-3"]
    html = record_body(record, sample, [])
    assert "开放许可：通知许可人并付费即可实施" in html and "KFXK2025000317" in html
    assert "入门费 5 万元 + 净销售额的 2% 提成" in html and 'href="#open-license"' in html
    other = next(
        r for r in sample.published() if r.derived.fiscal_unconverted_5y and not r.open_license and r.status != "withdrawn"
    )
    assert "通知许可人并付费" not in record_body(other, sample, []) and "可按开放许可获得" in record_body(other, sample, [])
