"""The privacy rule on a record's own contact (issue 24, class 13): the person's phone and e-mail
are public only with the record's `publish_contact: true`; otherwise the office's stand in."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from conftest import TODAY, valid_text
from xyhf.pipeline import load_valid_catalog
from xyhf.model.records import OpenLicense
from xyhf.views import deal_status, open_license_terms, public_open_license, public_record

OWN = 'contact:\n  name: 李明\n  phone: "13800138000"\n  email: liming@example.edu.cn\n'


@pytest.mark.parametrize("consent", [None, False, True])
def test_a_records_own_contact_is_published_only_with_its_consent(make_catalog, consent):
    text = valid_text("patent.yaml") + OWN + (f"publish_contact: {str(consent).lower()}\n" if consent is not None else "")
    root = make_catalog({"records/xjlg/coating.yaml": text})
    report, catalog = load_valid_catalog(root, TODAY)
    assert catalog is not None, report.render("text")
    record = next(r for r in catalog.records if r.path.endswith("coating.yaml"))
    contact = public_record(record, catalog)["contact"]
    assert contact["name"] == "李明"
    if consent:
        assert (contact.get("phone"), contact.get("email")) == ("13800138000", "liming@example.edu.cn")
    else:
        assert "13800138000" not in str(contact) and "liming@example.edu.cn" not in str(contact)
        assert contact.get("phone") == "0731-88880001"  # the holder's office phone stands in


def open_license(fee_mode: str, **terms) -> OpenLicense:
    return OpenLicense("CN-OL-2026-0001", "2026-03-01", fee_mode, "2026-03-01", "2031-02-28", **terms)


@pytest.mark.parametrize(
    ("ol", "words"),
    [
        (open_license("lump_sum", lump_sum_cny=100000), "一次性支付 10 万元"),
        (open_license("lump_sum"), "一次性支付"),
        (open_license("royalty", royalty_basis="net_sales", royalty_percent=3), "净销售额的 3% 提成"),
        (open_license("royalty", royalty_basis="profit"), "按提成支付"),  # a basis without a rate says no rate
        (open_license("royalty", royalty_percent=3), "按提成支付"),
        (
            open_license("entry_plus_royalty", entry_fee_cny=50000, royalty_basis="net_sales", royalty_percent=2.5),
            "入门费 5 万元 + 净销售额的 2.5% 提成",
        ),
        (open_license("entry_plus_royalty", entry_fee_cny=8000), "入门费 8,000 元"),
        (open_license("entry_plus_royalty"), "入门费"),
    ],
)
def test_an_open_license_fee_standard_in_words(ol, words):
    assert open_license_terms(ol) == words


def test_an_open_license_as_published():
    ol = open_license("lump_sum", lump_sum_cny=100000, report_number="湘评 2026-01", report_issued_on="2026-02-01")
    assert public_open_license(ol) == {
        "announcement_no": "CN-OL-2026-0001",
        "announced_on": "2026-03-01",
        "fee_mode": "lump_sum",
        "fee_mode_label": "一次性支付",
        "fee_standard": "一次性支付 10 万元",
        "term_from": "2026-03-01",
        "term_to": "2031-02-28",
        "lump_sum_cny": 100000,
        "evaluation_report": {"number": "湘评 2026-01", "issued_on": "2026-02-01"},
    }
    assert "evaluation_report" not in public_open_license(open_license("royalty"))


def deal_with(overdue_days=0, on_time_rate=None, next_node=None, terminated=False, ruling=None):
    state = SimpleNamespace(overdue_days=overdue_days, on_time_rate=on_time_rate, next_node=next_node, terminated=terminated)
    return SimpleNamespace(ruling=ruling, state=state)


def test_a_deals_standing_in_one_word():
    assert deal_status(deal_with(overdue_days=1, next_node="sample_trial")) == "overdue"  # one day late is late
    assert deal_status(deal_with(next_node="sample_trial")) == "pending"
    assert deal_status(deal_with(on_time_rate=1.0)) == "on_time"
    assert deal_status(deal_with(on_time_rate=0.5)) == "pending"
    assert deal_status(deal_with(overdue_days=30, terminated=True)) == "terminated"
    assert deal_status(deal_with(overdue_days=30, ruling=object())) == "default"  # 违约 only with a ruling
