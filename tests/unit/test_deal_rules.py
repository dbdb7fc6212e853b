"""The deal rules at their boundaries, called on parsed files so that mutation testing sees them
(issue 24): each passing case at the edge (signed in the earliest year or today, an event on the
signing day or today) has its breaking twin one day over, asserting the whole diagnostic (file,
line, column, field, Chinese message, rule, severity). The paired invalid cases (tests/cases/deals)
hold the rules through the whole check; these pin what the cases leave open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import TODAY, valid_text
from xyhf.domain.deal_state import deal_state
from xyhf.errors import Diagnostic
from xyhf.source.yaml_loader import Source, parse_yaml
from xyhf.validate.deals import check_deal_records, check_events
from xyhf.validate.rules import EARLIEST_YEAR

DEAL = valid_text("deal.yaml")  # signed 2026-05-10; events from line 27: met 07-01, paid 07-20
FILE = "catalog/deals/xjlg/case.yaml"
OWN, OTHERS, MISSING = "HNXY-2026-ZL-00001-0", "HNXY-2026-ZL-00002-8", "HNXY-2026-ZL-00009-6"


def parsed(text: str, display: str = FILE) -> Source:
    source, problems = parse_yaml(text, Path(display), display)
    assert source is not None, problems
    return source


def codes(listed_on: str | None) -> dict[str, tuple[str, Source]]:
    """The ledger the rule reads: our record (listed on `listed_on`) and one of holder lsgy."""
    ours = parsed(f"listed_on: {listed_on}\n" if listed_on else "title: 无入库日期\n", "catalog/records/xjlg/a.yaml")
    return {OWN: ("xjlg", ours), OTHERS: ("lsgy", parsed("listed_on: 2026-01-05\n", "catalog/records/lsgy/b.yaml"))}


def signed(day: str) -> Source:
    return parsed(DEAL.replace("signed_on: 2026-05-10", f"signed_on: {day}"))


def deal_error(line: int, column: int, field: str, message: str, rule: str) -> Diagnostic:
    return Diagnostic(FILE, line, column, field, message, rule=rule)


# --- check_deal_records -------------------------------------------------------------------------


def test_a_deal_signed_in_the_earliest_year_or_today_passes():
    assert EARLIEST_YEAR == 1985
    assert list(check_deal_records(signed("1985-01-01"), "xjlg", codes("1985-01-01"), TODAY)) == []
    assert list(check_deal_records(signed(TODAY.isoformat()), "xjlg", codes("1985-01-01"), TODAY)) == []


def test_a_deal_signed_the_year_before_the_earliest_is_refused_at_signed_on():
    found = list(check_deal_records(signed("1984-12-31"), "xjlg", codes(None), TODAY))
    assert found == [deal_error(10, 12, "signed_on", "签订日期 1984-12-31 早于 1985 年，请核对。", "deal.dates")]


def test_a_deal_signed_tomorrow_is_refused_at_signed_on():
    found = list(check_deal_records(signed("2026-11-25"), "xjlg", codes(None), TODAY))
    assert found == [deal_error(10, 12, "signed_on", "签订日期 2026-11-25 晚于今天（2026-11-24），请核对。", "deal.dates")]


def test_a_record_of_another_holder_is_named_and_every_record_after_a_missing_one_is_still_checked():
    text = DEAL.replace(f"records: [{OWN}]", f"records: [{MISSING}, {OTHERS}, {OWN}]")
    found = list(check_deal_records(parsed(text), "xjlg", codes("2026-06-01"), TODAY))
    assert found == [
        deal_error(2, 11, "records[0]", f"成果库中没有编码为 {MISSING} 的成果：请从成果页面复制统一编码。", "deal.record"),
        deal_error(
            2,
            33,
            "records[1]",
            f"成果 {OTHERS} 属于持有方 lsgy，不是 xjlg：合同文件请放在 deals/lsgy/ 下，或只列本单位的成果。",
            "deal.record",
        ),
        deal_error(
            10,
            12,
            "signed_on",
            f"签订日期 2026-05-10 早于成果 {OWN} 的入库日期 2026-06-01：先用后付合同须在成果入库后签订。",
            "deal.dates",
        ),
    ]


# --- check_events ---------------------------------------------------------------------------------


def with_event(day: str, kind: str = "milestone_met", node: str | None = "market_launch") -> Source:
    extra = f"\n    node: {node}" if node else ""
    return parsed(DEAL + f"  - date: {day}\n    kind: {kind}{extra}\n")  # events[2], on line 35


def test_an_event_dated_today_passes_and_one_dated_tomorrow_is_refused_at_its_date():
    assert list(check_events(with_event(TODAY.isoformat()), TODAY)) == []
    found = list(check_events(with_event("2026-11-25"), TODAY))
    assert found == [
        deal_error(35, 11, "events[2].date", "履约记录日期 2026-11-25 晚于今天：只记录已经发生的事。", "deal.events")
    ]


def test_an_event_on_the_signing_day_passes_and_one_the_day_before_is_refused_at_its_date():
    on_the_day = DEAL.replace("date: 2026-07-01", "date: 2026-05-10").replace("date: 2026-07-20", "date: 2026-05-10")
    assert list(check_events(parsed(on_the_day), TODAY)) == []
    found = list(check_events(parsed(DEAL.replace("date: 2026-07-01", "date: 2026-05-09")), TODAY))
    assert found == [
        deal_error(27, 11, "events[0].date", "履约记录日期 2026-05-09 早于签订日期 2026-05-10，请核对。", "deal.events")
    ]


def test_a_paying_event_without_a_node_is_refused_at_the_event():
    found = list(check_events(with_event("2026-11-01", node=None), TODAY))
    assert found == [deal_error(35, 5, "events[2]", "milestone_met 记录要写明节点 node（合同约定的里程碑之一）。", "deal.events")]


# --- deal_state -----------------------------------------------------------------------------------


def test_a_deal_without_payment_nodes_owes_nothing_and_is_never_overdue():
    """The schema asks for at least one milestone; should a deal without any reach the ledger, its
    state still reads as nothing due and 0 days overdue (a number, never a missing one)."""
    data = parsed(DEAL).data
    data["payment"]["milestones"] = []
    state = deal_state(data, dt.date(2027, 12, 31))
    assert (state.due_cny, state.outstanding_cny, state.overdue_days, state.next_node) == (0, 0, 0, None)
    assert state.milestones == () and state.on_time_rate is None and state.paid_cny == 50000


def test_a_deal_without_a_readable_number_does_not_stop_the_number_check_of_the_others():
    from xyhf.validate.deals import check_contract_numbers

    number = DEAL.split("contract_no:", 1)[1].split("\n", 1)[0].strip().strip("'\"")
    deals = {
        "deals/xjlg/a.yaml": parsed(DEAL.replace(f"contract_no: {number}", "contract_no: 17"), "catalog/deals/xjlg/a.yaml"),
        "deals/xjlg/b.yaml": parsed(DEAL, "catalog/deals/xjlg/b.yaml"),
        "deals/xjlg/c.yaml": parsed(DEAL, "catalog/deals/xjlg/c.yaml"),
    }
    assert [(d.file, d.field, d.rule) for d in check_contract_numbers(deals)] == [
        ("catalog/deals/xjlg/c.yaml", "contract_no", "deal.contract_no")
    ]


def test_the_on_time_rate_is_the_share_of_settled_nodes_paid_by_their_due_date():
    late = DEAL + (
        "  - date: 2027-07-01\n    kind: milestone_met\n    node: market_launch\n    evidence: 上市公告\n"
        "  - date: 2027-08-15\n    kind: paid\n    node: market_launch\n    amount_cny: 100000\n"
    )
    state = deal_state(parsed(late).data, dt.date(2027, 9, 1))
    assert (state.settled_on_time, state.on_time_rate) == ([True, False], 0.5)


def test_the_next_node_is_the_first_with_a_due_date_before_one_still_waiting_for_its_condition():
    pilot = "    - node: sample_trial\n      condition: 小批量试产成功\n      amount_cny: 30000\n      due: 节点达成后 30 日内\n"
    text = DEAL.replace("    - node: market_launch\n", pilot + "    - node: market_launch\n")
    state = deal_state(parsed(text).data, TODAY)
    assert (state.next_node, state.next_due_on) == ("market_launch", dt.date(2027, 6, 30))


def test_a_node_due_a_time_after_signing_is_due_from_the_signing_day():
    text = DEAL.replace("      due: 2027-06-30\n", "      due: 合同生效后 60 日内\n")
    state = deal_state(parsed(text).data, TODAY)
    assert [m.due_on for m in state.milestones] == [dt.date(2026, 7, 31), dt.date(2026, 7, 9)]
    assert (state.next_node, state.outstanding_cny) == ("market_launch", 100000)


def test_the_next_node_is_the_earliest_due_whatever_the_contract_order():
    later = "    - node: sales_target\n      condition: 销售额达标\n      amount_cny: 20000\n      due: 合同生效后 30 日内\n"
    text = DEAL.replace("  royalty_percent: 2\n", later + "  royalty_percent: 2\n")
    state = deal_state(parsed(text).data, TODAY)
    assert (state.next_node, state.next_due_on) == ("sales_target", dt.date(2026, 6, 9))
