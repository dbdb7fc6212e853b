"""The public projection (views.py) of the sample catalog, compared with a reviewed golden file: every
field the site, the data files and the feeds publish, and nothing else. One record, need and deal of
each kind, so a change to what is published shows as a diff. UPDATE_GOLDEN=1 rewrites it; review the
diff like any code change (a personal phone or e-mail appearing in it is a privacy bug)."""

from __future__ import annotations

import json
import os

import pytest

from conftest import CASES, ROOT, TODAY
from xyhf import views
from xyhf.pipeline import load_valid_catalog

GOLDEN = CASES.parent / "golden" / "views.json"


@pytest.fixture(scope="module")
def sample():
    report, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    assert catalog is not None, report.render("text")
    return catalog


def one_of_each(items, kind):
    """The first item of each distinct kind, in catalog order."""
    seen: dict = {}
    for item in items:
        seen.setdefault(kind(item), item)
    return list(seen.values())


def record_kind(r) -> tuple:
    p = r.payment
    return (p.model, p.method, p.royalty_percent is not None, r.status, bool(r.open_license), r.publish_contact)


def sections(r) -> tuple:
    return (bool(r.contact), bool(r.ip.legal_status), bool(r.appraisal), bool(r.funding), bool(r.listings), bool(r.inventors))


def projection(catalog) -> dict:
    records = one_of_each(catalog.records, record_kind)
    records += [r for r in one_of_each(catalog.records, sections) if r not in records]
    records += [r for r in one_of_each(catalog.records, lambda r: r.type) if r not in records]
    needs = one_of_each(catalog.needs, lambda n: (n.status, n.publish_contact, n.expired, n.budget_min is None))
    by_need = views.matches_by_need(catalog)
    return {
        "records": {
            r.path: {**views.public_record(r, catalog), "_terms": views.terms_line(r), "_base_fee": views.base_fee(r)}
            for r in records
        },
        "holders": {h.id: views.public_holder(h, 1) for h in catalog.holders.values()},
        "deals": {d.contract_no: views.public_deal(d, catalog) for d in catalog.deals},
        "needs": {n.code: views.public_need(n, catalog, by_need.get(n.code)) for n in needs},
        "brokers": {f"{desk.city}/{b.id}": views.public_broker(b, desk) for desk in catalog.desks for b in desk.brokers},
        "placeholders": [views.broker_placeholder(None)] + [views.broker_placeholder(desk) for desk in catalog.desks],
    }


def test_the_public_projection_of_the_sample_catalog_is_the_reviewed_one(sample):
    text = json.dumps(projection(sample), ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "views.json differs from its golden file"


def private_values(catalog) -> set[str]:
    """Every phone and e-mail of a person who has not consented, and the names of needs' contacts and
    brokers who have not: none may appear in what is published (unless someone who consented shares it:
    the sample's needs have more than one 王经理)."""
    out: set[str] = set()
    for r in catalog.records:
        if r.contact and not r.publish_contact:
            out |= {r.contact.phone or "", r.contact.email or ""}
    for h in catalog.holders.values():
        if not h.publish_contact:
            out |= {h.contact.phone or "", h.contact.email or ""}
    for n in catalog.needs:
        if not n.publish_contact:
            out |= {str(n.contact.get(k) or "") for k in ("name", "phone", "email")}
    for desk in catalog.desks:
        out |= {v or "" for b in desk.brokers if not b.publish_contact for v in (b.name, b.phone, b.email)}
    shared = {str(n.contact.get(k) or "") for n in catalog.needs if n.publish_contact for k in ("name", "phone", "email")}
    return out - shared - {""}


def test_no_unconsented_personal_contact_is_in_the_projection(sample):
    private = private_values(sample)
    assert private, "the sample catalog should hold someone who has not consented"
    text = json.dumps(projection(sample), ensure_ascii=False, default=str)
    assert [v for v in sorted(private) if v in text] == []
