"""The form's messages on the inputs of tests/unit/test_form_messages.py (the checker's side): the
field named in Chinese, what is wrong and the fix, next to the field, on a 390 px phone."""

from __future__ import annotations

import pytest

from e2e_support import browser, served_site  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
TYPED = {  # case → (page, {input: value}); dates are typed through the date picker, never malformed
    "phone": ("submit/need/", {"contact.phone": "12345"}),
    "email": ("submit/need/", {"contact.email": "abc@"}),
    "trl_min": ("submit/need/", {"trl_min": "3"}),
    "trl": ("submit/", {"trl": "3"}),
    "granted": ("submit/", {"type": "patent", "ip.filed_on": "2017-08-01", "ip.granted_on": "2016-03-10"}),
}
FIELDS = {"phone": "contact.phone", "email": "contact.email", "trl_min": "trl_min", "trl": "trl", "granted": "ip.granted_on"}
FORM_WORDS = {  # the form says the same as the checker, in the words that fit a form
    "phone": ["电话", "区号-号码", "0731-88888888", "13800000000"],
    "email": ["电子邮箱", "name@example.com"],
    "trl_min": ["最低技术成熟度", "4", "TRL 4 及以上"],
    "trl": ["技术成熟度", "4", "TRL 4 及以上"],
    "granted": ["授权/登记日 2016-03-10 早于申请日 2017-08-01", "请核对"],
}


@pytest.mark.parametrize("case", sorted(TYPED))
def test_the_form_names_the_field_and_the_fix(browser, served_site, case):  # noqa: F811
    _, base = served_site
    path, values = TYPED[case]
    field = FIELDS[case]
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base + path)
    for name, value in values.items():
        el = page.locator(f'[name="{name}"]')
        if el.evaluate("e => e.tagName") == "SELECT":
            el.select_option(value)
        else:
            el.fill(value)
    msg = page.locator(f'[data-field="{field}"] .xyhf-field-msg')
    msg.wait_for(state="visible")
    text = msg.inner_text()
    for word in FORM_WORDS[case]:
        assert word in text, (word, text)
    assert "日期" not in text or case == "granted", text
    page.close()
