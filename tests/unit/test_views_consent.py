"""views.py with consent given, where the sample catalog holds none: a holder's, a need's contact
person; and the offer's words at their edges (万元 from 10,000 on, both start conditions, no total)."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import ROOT, TODAY
from xyhf import views
from xyhf.pipeline import load_valid_catalog


@pytest.fixture(scope="module")
def sample():
    report, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    assert catalog is not None, report.render("text")
    return catalog


def test_a_holder_that_consents_publishes_its_contact_persons_phone_and_email(sample):
    holder = next(h for h in sample.holders.values() if h.contact.phone and h.contact.email)
    consenting = dataclasses.replace(holder, publish_contact=True)
    person = {"name": holder.contact.name, "phone": holder.contact.phone, "email": holder.contact.email}
    assert views.public_holder(consenting, 3)["contact"] == person
    assert views.public_holder(holder, 3)["contact"] == {"name": holder.contact.name}  # the office keys stand apart
    record = next(r for r in sample.records if r.holder == holder.id and not r.contact)
    assert views.public_contact(record, consenting) == {**person, "organization": holder.name}


def test_a_need_that_consents_publishes_name_phone_and_email_and_an_expired_one_says_so(sample):
    need = sample.needs[0]
    contact = {"name": "王经理", "phone": "0731-86800546", "email": "wang@example.com", "note": "x"}
    consenting = dataclasses.replace(need, publish_contact=True, contact=contact)
    assert views.public_need(consenting, sample)["contact"] == {k: contact[k] for k in ("name", "phone", "email")}
    assert "contact" not in views.public_need(dataclasses.replace(need, publish_contact=False, contact=contact), sample)
    expired = dataclasses.replace(need, status="open", expired=True)
    assert views.public_need(expired, sample)["status_label"] == "已过期"
    assert views.public_need(dataclasses.replace(need, status="open", expired=False), sample)["status_label"] == "征集中"


def test_matches_are_grouped_by_need_in_rank_order(sample):
    grouped = views.matches_by_need(sample)
    assert set(grouped) == {m.need for m in sample.matches} and all(grouped.values())
    assert all(grouped[need] == [m for m in sample.matches if m.need == need] for need in grouped)


def offer(sample, **payment):
    record = next(r for r in sample.records if r.payment.model == "deferred_start" and r.payment.method == "lump_sum")
    return views.terms_line(dataclasses.replace(record, payment=dataclasses.replace(record.payment, **payment)))


def test_the_offer_in_one_line_at_its_edges(sample):
    assert (
        offer(sample, after_months=3, on_first_revenue=True, total_cny=10000) == "零首付 · 3 个月后或首笔收入后一次性支付 1 万元"
    )
    assert offer(sample, after_months=None, on_first_revenue=True, total_cny=9999) == "零首付 · 首笔收入后一次性支付 9,999 元"
    assert offer(sample, after_months=6, on_first_revenue=False, total_cny=None) == "零首付 · 6 个月后一次性支付 金额面议"
    assert offer(sample, after_months=6, on_first_revenue=False, total_cny=0) == "零首付 · 6 个月后一次性支付 金额面议"


def test_optional_facts_are_published_under_their_own_keys(sample):
    holder = next(iter(sample.holders.values()))
    assert views.public_holder(dataclasses.replace(holder, website="https://ttc.example.edu.cn/"), 1)["website"] == (
        "https://ttc.example.edu.cn/"
    )
    record = next(r for r in sample.published() if r.transfer.term)
    with_industry = dataclasses.replace(record, industry="C3311")
    assert views.public_record(with_industry, sample)["industry"] == "C3311"
    no_term = dataclasses.replace(record, transfer=dataclasses.replace(record.transfer, term=None))
    assert "term" not in views.public_record(no_term, sample)["transfer"]


def test_a_withdrawn_record_shows_no_open_licence_and_a_transfer_deal_no_licence_kind(sample):
    record = next(r for r in sample.records if r.open_license)
    assert "open_license" in views.public_record(record, sample)
    assert "open_license" not in views.public_record(dataclasses.replace(record, status="withdrawn"), sample)
    deal = sample.deals[0]
    assert views.public_deal(dataclasses.replace(deal, mode="transfer", license_kind=None), sample)["license_kind_label"] == ""
