"""Messages that fit the field, from the checker (this file) and from the browser form (tests/e2e/
test_form_messages_browser.py) on the same wrong inputs: each names the field in Chinese, says what is
wrong and how to fix it — an e-mail is never told it should be a date."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, TODAY, valid_text
from xyhf.pipeline import check_catalog
from xyhf.validate.schema import _PATTERN_HINTS

NEED = valid_text("need.yaml")
# (file, replace this, by this) → (field, words the message must carry, words it must not)
CASES = {
    "phone": (
        "need",
        "phone: 0731-88886666",
        'phone: "12345"',
        "contact.phone",
        ["电话", "区号-号码", "0731-88888888", "13800000000"],
        ["日期"],
    ),
    "email": (
        "need",
        "phone: 0731-88886666",
        "phone: 0731-88886666\n  email: abc@",
        "contact.email",
        ["电子邮箱", "name@example.com"],
        ["日期"],
    ),
    "date": ("need", "deadline: 2027-06-30", "deadline: 2027-6-30", "deadline", ["日期", "2025-06-30"], ["邮箱"]),
    "trl_min": ("need", "trl_min: 6", "trl_min: 3", "trl_min", ["最低技术成熟度", "TRL 4 及以上", "现在是 3"], []),
    "trl": ("patent", "trl: 6", "trl: 3", "trl", ["技术成熟度", "4 级", "现在是 3"], []),
    "granted": (
        "patent",
        "granted_on: 2020-03-10",
        "granted_on: 2016-03-10",
        "ip.granted_on",
        ["授权/登记日 2016-03-10 早于申请日", "请核对"],
        [],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_checker_names_the_field_and_the_fix(make_catalog, case):
    kind, old, new, field, must, must_not = CASES[case]
    text = (NEED if kind == "need" else valid_text("patent.yaml")).replace(old, new)
    assert new in text
    rel = "needs/430100/case.yaml" if kind == "need" else "records/xjlg/case.yaml"
    report = check_catalog(make_catalog({rel: text}), TODAY)[0]
    [found] = [e for e in report.errors if e.field == field]
    for word in must:
        assert word in found.message, (word, found.message)
    for word in must_not:
        assert word not in found.message, (word, found.message)


def test_the_browser_s_hints_are_the_checker_s():
    source = (ROOT / "xyhf/theme/assets/xyhf/form-core.js").read_text(encoding="utf-8")
    table = re.search(r"var HINTS = (\{.*?\});", source, re.S).group(1)
    hints = json.loads(re.sub(r",\s*}", "}", table))
    assert hints == {k: _PATTERN_HINTS[k] for k in hints}
