"""The deals ledger as published from the sample catalog: open data and pages agree with the YAML."""

from __future__ import annotations

import csv
import io
import json
import re

from conftest import ROOT
from xyhf.source.discover import load_catalog


def sample_deals() -> list[dict]:
    return [s.data for _, s in sorted(load_catalog(ROOT / "catalog").deals.items())]


def test_sample_deals_meet_the_issue():
    deals = sample_deals()
    assert len(deals) >= 20 and len({d["contract_no"].split("-")[0] for d in deals}) >= 8
    assert {d["payment"]["model"] for d in deals} == {"milestone", "deferred_start"}
    kinds = {e["kind"] for d in deals for e in d.get("events", [])}
    assert {"paid", "milestone_met", "amended", "terminated"} <= kinds
    assert sum(1 for d in deals if "ruling" in d) >= 1 and sum(1 for d in deals if "case" in d) >= 3


def test_deals_json_and_csv_agree_with_the_yaml_and_hide_undisclosed_amounts(built_site):
    deals = {d["contract_no"]: d for d in sample_deals()}
    published = json.loads((built_site / "data/deals.json").read_text(encoding="utf-8"))
    assert {d["contract_no"] for d in published} == set(deals)
    rows = list(csv.DictReader(io.StringIO((built_site / "data/deals.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(deals)
    for pub, row in zip(published, sorted(rows, key=lambda r: [p["contract_no"] for p in published].index(r["contract_no"]))):
        source = deals[pub["contract_no"]]
        if source.get("amount_disclosed", True):
            paid = sum(e.get("amount_cny", 0) for e in source.get("events", []) if e["kind"] == "paid")
            assert pub["paid_cny"] == paid and row["paid_cny"] == str(paid)
        else:
            assert "total_cny" not in pub and "paid_cny" not in pub and row["total_cny"] == ""
            assert all("amount_cny" not in e for e in pub["events"])
    events = list(csv.DictReader(io.StringIO((built_site / "data/deal_events.csv").read_text(encoding="utf-8-sig"))))
    assert len(events) == sum(len(d.get("events", [])) for d in deals.values())


def test_the_ledger_page_totals_are_the_yaml_totals(built_site):
    deals = sample_deals()
    html = (built_site / "deals/index.html").read_text(encoding="utf-8")
    paid = sum(e.get("amount_cny", 0) for d in deals for e in d.get("events", []) if e["kind"] == "paid")
    assert f"已付 {paid:,} 元" in html and f"已登记 {len(deals)} 份" in html


def test_default_is_shown_only_with_a_ruling(built_site):
    deals = sample_deals()
    html = (built_site / "deals/credit/index.html").read_text(encoding="utf-8")
    ruled = [d for d in deals if "ruling" in d]
    assert ruled and all(d["ruling"]["number"] in html for d in ruled)
    ledger = (built_site / "deals/index.html").read_text(encoding="utf-8")
    assert ledger.count("违约（有认定文书）") == len(ruled)
    overdue_only = [d for d in deals if any(e["kind"] == "overdue" for e in d.get("events", [])) and "ruling" not in d]
    for deal in overdue_only:
        row = re.search(re.escape(deal["contract_no"]) + r".*?</tr>", ledger, re.S).group(0)
        assert "违约" not in row


def test_every_case_has_its_page(built_site):
    """One page per case story, named by the one slug function, none written over another (the last
    line used to assert a constant, TODAY.year == 2026, and held nothing)."""
    from xyhf.domain.contracts import contract_slug

    cases = [d for d in sample_deals() if "case" in d]
    assert cases
    for deal in cases:
        page = (built_site / f"cases/{contract_slug(deal['contract_no'])}/index.html").read_text(encoding="utf-8")
        assert deal["contract_no"] in page and deal["case"]["title"] in page
    assert len(list((built_site / "cases").glob("*/index.html"))) == len(cases)


def test_institutions_table_is_recomputed_from_the_yaml(built_site):
    rows = list(csv.DictReader(io.StringIO((built_site / "stats/institutions.csv").read_text(encoding="utf-8-sig"))))
    catalog = load_catalog(ROOT / "catalog")
    for row in rows:
        deals = [s.data for rel, s in catalog.deals.items() if rel.split("/")[1] == row["holder"]]
        kind = catalog.holders[row["holder"]].data["kind"]
        assert int(row["deals"]) == len(deals)
        assert int(row["double_credit"]) == len(deals) * (2 if kind == "university" else 1)
        received = sum(
            e.get("amount_cny", 0)
            for d in deals
            if d.get("amount_disclosed", True)
            for e in d.get("events", [])
            if e["kind"] == "paid"
        )
        assert int(row["received_cny"]) == received
    assert sum(int(r["deals"]) for r in rows) == len(catalog.deals)
    page = (built_site / "stats/institutions/index.html").read_text(encoding="utf-8")
    assert "双倍积分" in page and "institutions.xlsx" in page
    outcomes = (built_site / "stats/outcomes/index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(catalog.deals)}</strong> 份" in outcomes and "还需每月新增约" in outcomes


def test_credit_json_marks_default_only_with_a_ruling(built_site):
    archive = json.loads((built_site / "data/credit.json").read_text(encoding="utf-8"))
    deals = sample_deals()
    ruled = {d["licensee"]["uscc"] for d in deals if "ruling" in d}
    assert {e["licensee_uscc"] for e in archive if e["default"]} == ruled
    assert all(e["rulings"] for e in archive if e["default"]) and not any(e["rulings"] for e in archive if not e["default"])
    assert sum(len(e["contracts"]) for e in archive) == len(deals)


def test_outcome_statistics_agree_with_the_open_data_and_the_yaml(built_site):
    deals = sample_deals()
    published = json.loads((built_site / "data/deals.json").read_text(encoding="utf-8"))
    page = (built_site / "stats/outcomes/index.html").read_text(encoding="utf-8")
    paid = sum(e.get("amount_cny", 0) for d in deals for e in d.get("events", []) if e["kind"] == "paid")
    insured = round(100 * sum(1 for d in deals if "insurance" in d) / len(deals))
    assert f"已付 {paid:,} 元" in page and f"{insured}% 的合同投保" in page
    disclosed_paid = sum(d["paid_cny"] for d in published if d["amount_disclosed"])
    assert disclosed_paid <= paid  # open data shows disclosed amounts only; the page's totals include all
    months = {d["signed_on"][:7] for d in deals}
    assert all(month in page for month in months)


def test_a_record_page_lists_its_deals(built_site):
    deal = sample_deals()[0]
    page = (built_site / f"records/{deal['records'][0]}/index.html").read_text(encoding="utf-8")
    assert "已签“先用后付”合同" in page and deal["contract_no"] in page and deal["licensee"]["name"] in page
