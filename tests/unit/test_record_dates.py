"""A record's date rules (validate/rules.py check_record_dates) at their boundaries, called on a
parsed file so that mutation testing sees them (issue 24): each passing edge (today, the earliest
year, 50 years ahead, two dates on one day) beside its breaking twin one day over, asserting the
whole diagnostic (file, line, column, field, Chinese message, rule, severity)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, valid_text
from xyhf.errors import Diagnostic
from xyhf.source.yaml_loader import Source, parse_yaml
from xyhf.validate.rules import check_record_dates

PATENT = valid_text("patent.yaml")  # filed 2017-08-01, granted 2020-03-10, listed 2026-03-01
FILE = "catalog/records/xjlg/coating.yaml"
GRANTED = "  granted_on: 2020-03-10\n"


def parsed(text: str) -> Source:
    source, problems = parse_yaml(text, Path(FILE), FILE)
    assert source is not None, problems
    return source


def found(old: str, new: str) -> list[Diagnostic]:
    assert old in PATENT
    return list(check_record_dates(parsed(PATENT.replace(old, new)), TODAY))


def error(line: int, column: int, field: str, message: str, rule: str) -> Diagnostic:
    return Diagnostic(FILE, line, column, field, message, rule=rule)


def expiring(day: str) -> list[Diagnostic]:
    return found(GRANTED, f"{GRANTED}  expires_on: {day}\n")  # ip.expires_on on line 9, column 15


@pytest.mark.parametrize("day", ["2026-11-25", "2037-07-31", "2076-12-31"])
def test_an_expiry_date_may_lie_ahead_up_to_50_years(day):
    assert expiring(day) == []  # the one date that is not refused for being in the future


def test_an_expiry_date_more_than_50_years_ahead_is_refused():
    message = "有效期至 2077-01-01 超过 50 年，任何知识产权都没有这么长的保护期，请核对。"
    assert expiring("2077-01-01") == [error(9, 15, "ip.expires_on", message, "dates.range")]


def test_an_expiry_date_before_the_earliest_year_is_refused():
    message = "日期 1984-12-31 早于 1985 年（我国专利法施行之前），不可能是本成果的日期，请核对。"
    assert expiring("1984-12-31") == [error(9, 15, "ip.expires_on", message, "dates.range")]


def test_a_past_date_may_be_today_or_in_the_earliest_year():
    assert found("listed_on: 2026-03-01", f"listed_on: {TODAY.isoformat()}") == []
    assert found("filed_on: 2017-08-01", "filed_on: 1985-01-01") == []


def test_a_past_date_tomorrow_or_the_year_before_the_earliest_is_refused():
    tomorrow = "日期 2026-11-25 晚于今天（2026-11-24），不能是将来的日期，请核对。"
    assert found("listed_on: 2026-03-01", "listed_on: 2026-11-25") == [error(33, 12, "listed_on", tomorrow, "dates.future")]
    early = "日期 1984-12-31 早于 1985 年（我国专利法施行之前），不可能是本成果的日期，请核对。"
    assert found("filed_on: 2017-08-01", "filed_on: 1984-12-31") == [error(7, 13, "ip.filed_on", early, "dates.range")]


def test_a_record_may_be_granted_on_its_filing_day_and_listed_on_its_grant_day():
    assert found("filed_on: 2017-08-01", "filed_on: 2020-03-10") == []
    assert found("listed_on: 2026-03-01", "listed_on: 2020-03-10") == []


def test_a_record_listed_the_day_before_its_grant_is_refused_at_listed_on():
    message = "入库日期 2020-03-09 早于授权/登记日 2020-03-10：成果须已授权才能入库，请核对。"
    assert found("listed_on: 2026-03-01", "listed_on: 2020-03-09") == [error(33, 12, "listed_on", message, "dates.order")]


def test_a_record_granted_the_day_before_its_filing_is_refused_at_granted_on():
    message = "授权/登记日 2020-03-10 早于申请日 2020-03-11，请核对两个日期。"
    assert found("filed_on: 2017-08-01", "filed_on: 2020-03-11") == [error(8, 15, "ip.granted_on", message, "dates.order")]
