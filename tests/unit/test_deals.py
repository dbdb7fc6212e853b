"""Deals: the schema and rules with paired invalid cases and expected reports (tests/cases/deals),
the binding-licence rule, the append-only events rule in a real git repository, and the derived
state on hand-computed deals."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from pathlib import Path

from conftest import CASES, TODAY, coded_catalog, git, init_repo, valid_text, write_files
from test_cases import assert_golden, build_case
from xyhf.domain.deal_state import deal_state, parse_due
from xyhf.errors import Diagnostic
from xyhf.pipeline import check_catalog
from xyhf.source.yaml_loader import parse_yaml

DEAL_CASES = sorted((CASES / "deals").glob("*.case"))
DEAL = valid_text("deal.yaml")


def base_catalog(root, status: str = "licensed") -> None:
    """A holder with two coded records; the patent one (HNXY-2026-ZL-00001-0) is already licensed."""
    coded_catalog(
        root,
        {
            "holders/xjlg.yaml": valid_text("holder.yaml"),
            "records/xjlg/coating.yaml": valid_text("patent.yaml").replace("status: available", f"status: {status}"),
            "records/xjlg/remote-ops.yaml": valid_text("deferred.yaml"),
            "codes.yaml": "codes: []\n",
        },
    )


@pytest.fixture
def deal_catalog(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    root = tmp_path / "catalog"
    base_catalog(root)
    return root


def test_every_deal_case_has_an_expectation_and_back():
    assert DEAL_CASES and {p.stem for p in DEAL_CASES} == {p.stem for p in (CASES / "deals").glob("*.expected")}


def test_the_valid_deal_passes(deal_catalog):
    write_files(deal_catalog, {"deals/xjlg/valid.yaml": DEAL})
    report, _ = check_catalog(deal_catalog, TODAY)
    assert report.ok and report.warnings == [], report.render("text")


@pytest.mark.parametrize("case", DEAL_CASES, ids=lambda p: p.stem)
def test_invalid_deal_report(deal_catalog, case):
    write_files(deal_catalog, build_case(case))
    report, _ = check_catalog(deal_catalog, TODAY)
    assert_golden(report, case)


def test_a_record_under_a_signed_exclusive_licence_cannot_stay_available(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "catalog"
    base_catalog(root, status="available")
    write_files(root, {"deals/xjlg/valid.yaml": DEAL})
    report, _ = check_catalog(root, TODAY)
    message = (
        "本成果已以排他许可签约（deals/xjlg/valid.yaml，合同 XJLG-XYHF-2026-001），不能再是 available："
        "请把 status 改为 licensed（已转化）。"
    )
    assert report.diagnostics == [Diagnostic("catalog/records/xjlg/coating.yaml", 33, 9, "status", message, rule="deal.status")]
    terminated = DEAL + "  - date: 2026-08-01\n    kind: terminated\n    note: 双方协商解除\n"
    write_files(root, {"deals/xjlg/valid.yaml": terminated})
    assert check_catalog(root, TODAY)[0].ok  # a terminated deal no longer binds the record


def test_events_are_append_only_against_the_base(tmp_path, monkeypatch):
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    repo = tmp_path / "repo"
    base_catalog(repo / "catalog")
    write_files(repo / "catalog", {"deals/xjlg/valid.yaml": DEAL})
    init_repo(repo, {})
    root = repo / "catalog"
    appended = DEAL + "  - date: 2026-09-01\n    kind: milestone_met\n    node: market_launch\n"
    write_files(root, {"deals/xjlg/valid.yaml": appended})
    assert check_catalog(root, TODAY, base="main")[0].ok
    edited = DEAL.replace("    node: tech_validation\n    amount_cny: 50000", "    node: tech_validation\n    amount_cny: 40000")
    write_files(root, {"deals/xjlg/valid.yaml": edited})
    report, _ = check_catalog(root, TODAY, base="main")
    assert [d.rule for d in report.errors] == ["base.deal_events"] and "只能追加" in report.errors[0].message
    (root / "deals/xjlg/valid.yaml").unlink()
    report, _ = check_catalog(root, TODAY, base="main")
    assert "base.deal_deleted" in [d.rule for d in report.errors]
    shutil.rmtree(root / "deals")
    assert git(repo, "status", "--short")


# --- derived state ----------------------------------------------------------------------------

SIGNED = dt.date(2026, 5, 10)


@pytest.mark.parametrize(
    ("text", "met", "expected"),
    [
        ("2027-06-30", None, dt.date(2027, 6, 30)),
        ("2027年6月30日前", None, dt.date(2027, 6, 30)),
        ("2027/6/30", None, dt.date(2027, 6, 30)),
        ("节点达成后 30 日内", dt.date(2026, 7, 1), dt.date(2026, 7, 31)),
        ("达成后30天内", dt.date(2026, 7, 1), dt.date(2026, 7, 31)),
        ("达成后 2 个月内", dt.date(2026, 12, 31), dt.date(2027, 2, 28)),
        ("节点达成后 30 日内", None, None),
        ("签约后 90 日内", None, dt.date(2026, 8, 8)),
        ("合同生效后 1 个月内", None, dt.date(2026, 6, 10)),
        ("按双方另行约定", None, None),
        ("2027-02-30", None, None),
    ],
)
def test_due_text_forms(text, met, expected):
    assert parse_due(text, SIGNED, met) == expected


def strict(text: str) -> dict:
    source, problems = parse_yaml(text, Path("deal.yaml"), "deal.yaml")
    assert source is not None, problems
    return source.data


def test_state_of_a_milestone_deal_computed_by_hand():
    data = strict(DEAL)
    state = deal_state(data, dt.date(2026, 11, 24))
    # tech_validation met 07-01, due 07-31, paid 50,000 on 07-20 (on time); market_launch due 2027-06-30.
    assert state.due_cny == 50000 and state.paid_cny == 50000 and state.outstanding_cny == 0
    assert state.overdue_days == 0 and state.on_time_rate == 1.0
    assert state.next_node == "market_launch" and state.next_due_on == dt.date(2027, 6, 30)
    late = strict(DEAL)
    late["events"][1]["date"] = "2026-08-10"  # paid 10 days after the due date
    late["payment"]["milestones"][1]["due"] = "2026-10-31"
    state = deal_state(late, dt.date(2026, 11, 24))
    assert state.on_time_rate == 0.0
    assert state.due_cny == 150000 and state.outstanding_cny == 100000 and state.overdue_days == 24


def test_paying_on_the_due_day_is_on_time_and_the_amount_is_due_that_day():
    """The due day itself counts: paid on it is on time, and on it the amount is due (issue 24, class 13)."""
    due = dt.date(2026, 7, 31)  # tech_validation met 07-01, due within 30 days
    data = strict(DEAL)
    data["events"][1]["date"] = due.isoformat()
    state = deal_state(data, due)
    assert state.milestones[0].on_time() is True and state.on_time_rate == 1.0
    assert state.due_cny == 50000 and state.outstanding_cny == 0 and state.overdue_days == 0
    unpaid = strict(DEAL)
    del unpaid["events"][1]
    on_the_day = deal_state(unpaid, due)
    assert on_the_day.due_cny == 50000 and on_the_day.outstanding_cny == 50000 and on_the_day.overdue_days == 0
    the_day_before = deal_state(unpaid, due - dt.timedelta(days=1))
    assert the_day_before.due_cny == 0 and the_day_before.outstanding_cny == 0
    assert deal_state(unpaid, due + dt.timedelta(days=1)).overdue_days == 1


def test_a_waived_node_is_never_due_nor_overdue():
    """A survivor of make mutate: no test had a waived milestone (waived = None went unnoticed)."""
    data = strict(DEAL)
    data["payment"]["milestones"][1]["due"] = "2026-10-31"
    data["events"].append({"date": "2026-11-01", "kind": "waived", "node": "market_launch", "note": "双方同意豁免"})
    state = deal_state(data, dt.date(2026, 11, 24))
    assert [m.waived for m in state.milestones] == [False, True]
    assert state.due_cny == 50000 and state.outstanding_cny == 0 and state.overdue_days == 0 and state.next_node is None


def test_state_of_a_deferred_deal_computed_by_hand():
    data = {
        "signed_on": "2026-01-31",
        "payment": {
            "model": "deferred_start",
            "start": {"after_months": 1, "on_first_revenue": True},
            "method": "lump_sum",
            "total_cny": 80000,
            "lump_sum_due": "条件达成后 30 日内",
        },
        "events": [{"date": "2026-02-20", "kind": "first_revenue"}],
    }
    state = deal_state(data, dt.date(2026, 4, 1))
    assert state.start_on == dt.date(2026, 2, 20)  # first revenue comes before 2026-02-28
    assert [n.node for n in state.milestones] == ["lump_sum"]
    later = {**data, "events": [{"date": "2026-03-15", "kind": "first_revenue"}]}
    assert deal_state(later, dt.date(2026, 4, 1)).start_on == dt.date(2026, 2, 28)  # whichever comes first
    assert state.milestones[0].due_on == dt.date(2026, 3, 22)
    assert state.outstanding_cny == 80000 and state.overdue_days == 10
    data["events"].append({"date": "2026-04-01", "kind": "paid", "amount_cny": 80000})
    state = deal_state(data, dt.date(2026, 4, 1))
    assert state.outstanding_cny == 0 and state.on_time_rate == 0.0 and state.next_node is None


def test_installments_are_filled_in_order_and_only_the_first_has_a_known_due_date():
    data = {
        "signed_on": "2026-01-10",
        "payment": {
            "model": "deferred_start",
            "start": {"after_months": 2},
            "method": "installments",
            "total_cny": 90000,
            "installments": {"count": 3, "amount_cny": 30000, "schedule": "每年 6 月 30 日前"},
        },
        "events": [{"date": "2026-03-20", "kind": "paid", "amount_cny": 45000}],
    }
    state = deal_state(data, dt.date(2026, 11, 24))
    first, second, third = state.milestones
    assert state.start_on == dt.date(2026, 3, 10) and first.due_on == dt.date(2026, 3, 10)
    assert (first.paid_cny, second.paid_cny, third.paid_cny) == (30000, 15000, 0)
    assert (first.paid_on, second.paid_on, third.paid_on) == (dt.date(2026, 3, 20), dt.date(2026, 3, 20), None)
    assert {n.met_on for n in state.milestones} == {state.start_on}, "every installment runs from the start"
    assert first.on_time() is False and state.overdue_days == 0 and state.outstanding_cny == 0
    assert state.next_node == "installment-2" and state.next_due_on is None


def deferred_lump_sum(**payment) -> dict:
    base = {"model": "deferred_start", "start": {"after_months": 2}, "method": "lump_sum", "total_cny": 60000}
    return {"signed_on": "2026-01-10", "payment": {**base, **payment}, "events": []}


def test_a_deferred_lump_sum_is_due_at_the_start_unless_its_term_names_a_number_of_days_or_months():
    start = dt.date(2026, 3, 10)
    for lump_sum_due, due in [(None, start), ("一次付清", start), ("开始支付后 2 个月内", dt.date(2026, 5, 10))]:
        data = deferred_lump_sum(**({"lump_sum_due": lump_sum_due} if lump_sum_due else {}))
        (node,) = deal_state(data, dt.date(2026, 11, 24)).milestones
        assert (node.node, node.amount_cny, node.due_on, node.waived) == ("lump_sum", 60000, due, False)


def test_a_lump_sum_deal_that_also_lists_installments_is_still_one_lump_sum():
    data = deferred_lump_sum(installments={"count": 3, "amount_cny": 20000})
    assert [n.node for n in deal_state(data, dt.date(2026, 11, 24)).milestones] == ["lump_sum"]


def test_a_paid_event_without_an_amount_pays_nothing():
    # check refuses it (deal.events: 要写明金额); the ledger state of such a file still counts no money
    data = deferred_lump_sum()
    data["events"] = [{"date": "2026-03-20", "kind": "paid"}, {"date": "2026-03-21", "kind": "paid", "amount_cny": 1000}]
    state = deal_state(data, dt.date(2026, 11, 24))
    assert state.paid_cny == 1000 and state.milestones[0].paid_cny == 1000 and state.outstanding_cny == 59000


# --- reminders and calendars ------------------------------------------------------------------


def enriched(root, deal_text: str):
    from xyhf.pipeline import load_valid_catalog

    write_files(root, {"deals/xjlg/valid.yaml": deal_text})
    report, catalog = load_valid_catalog(root, TODAY)
    assert catalog is not None, report.render("text")
    return catalog


def test_reminders_list_overdue_and_soon_due_nodes_and_plan_one_issue(deal_catalog):
    from xyhf.maintain.audit import plan_issue_sync
    from xyhf.maintain.reminders import reminders

    text = DEAL.replace("due: 2027-06-30", "due: 2026-12-10")
    catalog = enriched(deal_catalog, text)
    entries = reminders(catalog, TODAY)
    [entry] = [e for e in entries if e["findings"]]
    assert entry["title"] == "[付款提醒] 湘江理工大学（xjlg）" and "@xjlg-ttc" in entry["body"]
    assert [f["why"] for f in entry["findings"]] == ["16 天后到期（2026-12-10）"]
    partly = text.replace("    node: tech_validation\n    amount_cny: 50000", "    node: tech_validation\n    amount_cny: 20000")
    entries = reminders(enriched(deal_catalog, partly), TODAY)  # 30,000 of the first node still unpaid
    whys = [f["why"] for e in entries for f in e["findings"]]
    assert "已逾期 116 天（应于 2026-07-31 前支付）" in whys
    plan = plan_issue_sync(entries, [{"title": "[付款提醒] 湘江理工大学（xjlg）", "number": 7}])
    assert plan == [{"do": "update", "number": 7, "title": entry["title"], "body": entries[0]["body"]}]


def unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_calendars_hold_unpaid_due_dates_with_stable_ids(deal_catalog):
    from xyhf.render.documents.calendar import render_calendars

    catalog = enriched(deal_catalog, DEAL)
    files = dict(render_calendars(catalog, "2026-11-01"))
    assert set(files) == {"calendar/deal/xjlg-xyhf-2026-001.ics", "calendar/holder/xjlg.ics"}
    raw = files["calendar/holder/xjlg.ics"].decode("utf-8")
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "UID:xjlg-xyhf-2026-001-market_launch@xyhf" in lines and "DTSTART;VALUE=DATE:20270630" in lines
    assert not any("tech_validation" in line for line in lines)  # paid: no reminder
    assert any(line.startswith("SUMMARY:") and "100\\,000 元" in line for line in lines)


def test_a_waiver_on_a_deferred_deal_waives_its_nodes():
    data = deferred_lump_sum()
    data["events"] = [{"date": "2026-03-20", "kind": "waived"}]
    state = deal_state(data, dt.date(2026, 11, 24))
    assert [n.waived for n in state.milestones] == [True] and state.overdue_days == 0 and state.outstanding_cny == 0


def test_installment_payments_add_up_and_an_exact_payment_settles_only_its_own_node():
    data = deferred_lump_sum(method="installments", installments={"count": 2, "amount_cny": 30000})
    data["events"] = [
        {"date": "2026-03-01", "kind": "paid", "amount_cny": 10000},
        {"date": "2026-03-05", "kind": "paid", "amount_cny": 20000},  # with the first: the first installment
        {"date": "2026-09-01", "kind": "paid", "amount_cny": 30000},
    ]
    first, second = deal_state(data, dt.date(2026, 11, 24)).milestones
    assert (first.paid_cny, first.paid_on) == (30000, dt.date(2026, 3, 5))
    assert (second.paid_cny, second.paid_on) == (30000, dt.date(2026, 9, 1))


def test_one_payment_for_two_installments_pays_both_on_its_day():
    """A firm that pays two installments at once has paid the second that day too (it was left
    without a date, so the ledger showed it paid but never when)."""
    data = deferred_lump_sum(method="installments", installments={"count": 3, "amount_cny": 30000})
    data["events"] = [{"date": "2026-03-10", "kind": "paid", "amount_cny": 60000}]
    state = deal_state(data, dt.date(2026, 11, 24))
    first, second, third = state.milestones
    assert [(n.paid_cny, n.paid_on) for n in state.milestones] == [
        (30000, dt.date(2026, 3, 10)),
        (30000, dt.date(2026, 3, 10)),
        (0, None),
    ]
    assert first.on_time() is True and second.on_time() is None, "the second's due date is not parsed"
    assert state.paid_cny == 60000 and state.next_node == "installment-3"


def _binding_messages(root) -> list[str]:
    return [d.message for d in check_catalog(root, TODAY)[0].diagnostics if d.rule == "deal.status"]


def test_a_transfer_and_a_sole_licence_bind_the_record_too_and_a_terminated_deal_first_does_not_hide_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "catalog"
    base_catalog(root, status="available")
    terminated = DEAL + "  - date: 2026-08-01\n    kind: terminated\n    note: 双方协商解除\n"
    transfer = DEAL.replace("mode: license\nlicense_kind: exclusive\n", "mode: transfer\n")
    sole = DEAL.replace("license_kind: exclusive", "license_kind: sole")
    numbered = {
        "deals/xjlg/a-ended.yaml": terminated.replace("2026-001", "2026-011"),
        "deals/xjlg/b-transfer.yaml": transfer.replace("2026-001", "2026-012"),
        "deals/xjlg/c-sole.yaml": sole.replace("2026-001", "2026-013"),
    }
    write_files(root, numbered)
    tail = "不能再是 available：请把 status 改为 licensed（已转化）。"
    assert _binding_messages(root) == [
        f"本成果已以转让签约（deals/xjlg/b-transfer.yaml，合同 XJLG-XYHF-2026-012），{tail}",
        f"本成果已以独占许可签约（deals/xjlg/c-sole.yaml，合同 XJLG-XYHF-2026-013），{tail}",
    ]
