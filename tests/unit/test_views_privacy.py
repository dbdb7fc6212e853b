"""The privacy rule on a record's own contact (issue 24, class 13): the person's phone and e-mail
are public only with the record's `publish_contact: true`; otherwise the office's stand in."""

from __future__ import annotations

import pytest

from conftest import TODAY, valid_text
from xyhf.pipeline import load_valid_catalog
from xyhf.views import public_record

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
