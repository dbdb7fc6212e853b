"""The matchmaking-event rules (validate/events.py) in-process, so that mutation testing sees them
(issue 24): the date in the file name, the time span, the records shown (known, not withdrawn before
or on the day), the needs, and outcomes (only after the day, with registered deals). Each passing
case has its breaking twin at the boundary, asserting whole diagnostics (file, line, column, field,
Chinese message, rule, severity). The golden files in tests/cases/events hold the text reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, coded_catalog, valid_text, write_files
from xyhf.errors import Diagnostic, Severity
from xyhf.pipeline import check_catalog

COATING, REMOTE, CASTING = "HNXY-2026-ZL-00001-0", "HNXY-2026-RZ-00001-2", "HNXQ-2026-00001-7"
CONTRACT = "XJLG-XYHF-2026-001"
EVENT = valid_text("event.yaml")  # dated 2026-12-18; records: [HNXY-2026-ZL-00001-0] on line 10


@pytest.fixture
def catalog(tmp_path, monkeypatch) -> Path:
    """Coded: a withdrawn patent (COATING), an available software record (REMOTE), a need (CASTING)
    and a registered deal (CONTRACT). Paths show as catalog/…"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    root = tmp_path / "catalog"
    files = {
        "holders/xjlg.yaml": valid_text("holder.yaml"),
        "records/xjlg/coating.yaml": valid_text("patent.yaml").replace("status: available", "status: withdrawn"),
        "records/xjlg/remote-ops.yaml": valid_text("deferred.yaml"),
        "needs/430100/casting.yaml": valid_text("need.yaml"),
        "codes.yaml": "codes: []\n",
    }
    assert coded_catalog(root, files) == [COATING, REMOTE, CASTING]
    write_files(root, {"deals/xjlg/first.yaml": valid_text("deal.yaml")})
    return root


def event(day: str, records: str = REMOTE, extra: str = "", start: str = "09:30", end: str = "12:00") -> str:
    """The valid event on `day`, showing `records` (line 10), with `extra` lines from line 12 on."""
    text = EVENT.replace("date: 2026-12-18", f"date: {day}").replace(f"records: [{COATING}]", f"records: [{records}]")
    return text.replace('start: "09:30"', f'start: "{start}"').replace('end: "12:00"', f'end: "{end}"') + extra


def check(root: Path, name: str, text: str) -> list[Diagnostic]:
    """Every diagnostic of the catalog with events/<name>.yaml holding `text`."""
    write_files(root, {f"events/{name}.yaml": text})
    report, _ = check_catalog(root, TODAY)
    return report.diagnostics


def error(name: str, line: int, column: int, field: str, message: str, rule: str) -> Diagnostic:
    return Diagnostic(f"catalog/events/{name}.yaml", line, column, field, message, rule=rule, severity=Severity.ERROR)


# --- the date in the file name --------------------------------------------------------------------


def test_the_date_must_be_the_one_in_the_file_name(catalog):
    assert check(catalog, "2026-12-18-changsha-materials", event("2026-12-18")) == []
    name = "2026-12-19-changsha-materials"
    assert check(catalog, name, event("2026-12-18")) == [
        error(name, 2, 7, "date", "活动日期 2026-12-18 与文件名中的日期 2026-12-19 不一致：请改正其中之一。", "event.date")
    ]


# --- start and end --------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["09:30", "09:00"], ids=["equal", "earlier"])
def test_the_end_must_be_later_than_the_start(catalog, end):
    name = "2026-12-18-changsha-materials"
    assert check(catalog, name, event("2026-12-18", end="09:31")) == []
    assert check(catalog, name, event("2026-12-18", end=end)) == [
        error(name, 4, 6, "end", f"结束时间 {end} 应晚于开始时间 09:30。", "event.time")
    ]


# --- the records shown ----------------------------------------------------------------------------


def test_a_record_not_in_the_catalog_cannot_be_shown(catalog):
    name = "2026-12-18-changsha-materials"
    unknown = "HNXY-2026-ZL-00077-1"
    assert check(catalog, name, event("2026-12-18", f"{REMOTE}, {unknown}")) == [
        error(name, 10, 33, "records[1]", f"成果库中没有编码为 {unknown} 的成果：请从成果页面复制统一编码。", "event.record")
    ]


@pytest.mark.parametrize("day", ["2026-11-24", "2026-11-25"], ids=["on_the_day", "later"])
def test_a_withdrawn_record_cannot_be_shown_on_or_after_today(catalog, day):
    name = f"{day}-changsha-materials"
    assert check(catalog, name, event(day, f"{REMOTE}, {COATING}")) == [
        error(name, 10, 33, "records[1]", f"成果 {COATING} 已撤回，不能在对接会上展示：请从名单中删去。", "event.record")
    ]


def test_a_past_event_keeps_the_record_withdrawn_since(catalog):
    """What was shown before the record was withdrawn stays in the event's history."""
    assert check(catalog, "2026-11-23-changsha-materials", event("2026-11-23", f"{REMOTE}, {COATING}")) == []


# --- the needs ------------------------------------------------------------------------------------


def test_a_need_must_be_in_the_catalog(catalog):
    name = "2026-12-18-changsha-materials"
    assert check(catalog, name, event("2026-12-18", extra=f"needs: [{CASTING}]\n")) == []
    unknown = "HNXQ-2026-00002-5"
    assert check(catalog, name, event("2026-12-18", extra=f"needs: [{CASTING}, {unknown}]\n")) == [
        error(name, 12, 28, "needs[1]", f"没有编码为 {unknown} 的企业需求：请从需求页面复制需求编码。", "event.need")
    ]


# --- outcomes -------------------------------------------------------------------------------------

OUTCOMES = "outcomes: {summary: 现场签约一项，意向合作十二项。, deals: [%s]}\n"


def test_outcomes_may_be_written_on_the_day_not_before(catalog):
    assert check(catalog, "2026-11-24-changsha-materials", event("2026-11-24", extra=OUTCOMES % CONTRACT)) == []
    name = "2026-11-25-changsha-materials"
    assert check(catalog, name, event("2026-11-25", extra=OUTCOMES % CONTRACT)) == [
        error(name, 12, 11, "outcomes", "活动在 2026-11-25 举行，还没有成效可写：请在会后填写“活动成效”。", "event.outcomes")
    ]


def test_an_outcome_deal_must_be_registered(catalog):
    name = "2026-10-18-changsha-materials"
    assert check(catalog, name, event("2026-10-18", extra=OUTCOMES % CONTRACT)) == []
    unknown = "XJLG-XYHF-2026-999"
    assert check(catalog, name, event("2026-10-18", extra=OUTCOMES % f"{CONTRACT}, {unknown}")) == [
        error(
            name,
            12,
            66,
            "outcomes.deals[1]",
            f"没有合同编号为 {unknown} 的成交记录：请先在 deals/ 中登记这份合同，再写入活动成效。",
            "event.deal",
        )
    ]
