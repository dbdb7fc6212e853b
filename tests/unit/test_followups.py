"""Follow-up log (跟踪服务) and station brokers: schema and rules with paired invalid cases and
expected reports (tests/cases/followups), the append-only rule in a real git repository, routing of
needs and records to a broker, the consent rule, the stations page figures read back against the
YAML, and the follow-up reminders."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml

from conftest import CASES, ROOT, TODAY, coded_catalog, git, init_repo, valid_text, write_files
from test_cases import assert_golden, build_case
from test_stations import OFFICE
from xyhf.followups import route_need, route_record, stale_needs, station_figures
from xyhf.maintain.followup_reminders import followup_reminders
from xyhf.pipeline import check_catalog, load_valid_catalog
from xyhf.render.needs.stations import stations_page
from xyhf.views import public_broker

FOLLOWUP_CASES = sorted((CASES / "followups").glob("*.case"))
FOLLOWUPS = valid_text("followups.yaml")
LOG = "followups/430100/2026.yaml"
NEED, RECORD = "HNXQ-2026-00001-7", "HNXY-2026-ZL-00001-0"


def base_files() -> dict:
    return {
        "holders/xjlg.yaml": valid_text("holder.yaml"),
        "records/xjlg/coating.yaml": valid_text("patent.yaml"),
        "records/xjlg/remote-ops.yaml": valid_text("deferred.yaml"),
        "needs/430100/casting.yaml": valid_text("need.yaml"),
        "stations.yaml": valid_text("stations.yaml"),
        "catalog.yaml": OFFICE,
        "codes.yaml": "codes: []\n",
    }


@pytest.fixture
def followup_catalog(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    root = tmp_path / "catalog"
    assert coded_catalog(root, base_files()) == [RECORD, "HNXY-2026-RZ-00001-2", NEED]
    return root


def test_every_followup_case_has_an_expectation_and_back():
    assert FOLLOWUP_CASES and {p.stem for p in FOLLOWUP_CASES} == {p.stem for p in (CASES / "followups").glob("*.expected")}


def test_the_valid_log_passes_and_becomes_typed(followup_catalog):
    write_files(followup_catalog, {LOG: FOLLOWUPS})
    report, catalog = load_valid_catalog(followup_catalog, TODAY)
    assert catalog is not None and report.warnings == [], report.render("text")
    assert [(f.date, f.broker, f.subject, f.action) for f in catalog.followups] == [
        ("2026-10-10", "cs-zhang", NEED, "call"),
        ("2026-10-20", "cs-li", RECORD, "recommend"),
        ("2026-11-05", "cs-zhang", NEED, "visit"),
    ]
    assert catalog.followups[0].next is not None and catalog.followups[0].next.text == "上门取样"
    [station] = [d for d in catalog.desks if d.city == "430100"]
    assert [b.id for b in station.brokers] == ["cs-zhang", "cs-li"]


@pytest.mark.parametrize("case", FOLLOWUP_CASES, ids=lambda p: p.stem)
def test_invalid_followup_report(followup_catalog, case):
    write_files(followup_catalog, build_case(case))
    report, _ = check_catalog(followup_catalog, TODAY)
    assert_golden(report, case)


def test_entries_are_append_only_against_the_base(tmp_path, monkeypatch):
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    repo = tmp_path / "repo"
    coded_catalog(repo / "catalog", base_files())
    init_repo(repo, {LOG: FOLLOWUPS})
    root = repo / "catalog"
    appended = FOLLOWUPS + (
        "  - date: 2026-11-20\n    broker: cs-li\n    need: HNXQ-2026-00001-7\n    action: call\n"
        "    outcome: 更正：11 月 5 日取回的是两个样品，不是三个。\n"
    )
    write_files(root, {LOG: appended})
    assert check_catalog(root, TODAY, base="main")[0].ok
    edited = FOLLOWUPS.replace("取回三个铸件样品", "取回两个铸件样品")
    write_files(root, {LOG: edited})
    report, _ = check_catalog(root, TODAY, base="main")
    [found] = report.errors
    assert found.rule == "base.followup_edited" and found.field == "entries[2]" and found.line == 16
    assert "第 3 条，2026-11-05" in found.message and "只能追加" in found.message
    dropped = FOLLOWUPS[: FOLLOWUPS.index("  - date: 2026-11-05")]
    write_files(root, {LOG: dropped})
    report, _ = check_catalog(root, TODAY, base="main")
    assert [d.rule for d in report.errors] == ["base.followup_edited"]
    (root / LOG).unlink()
    report, _ = check_catalog(root, TODAY, base="main")
    assert [d.rule for d in report.errors] == ["base.followup_deleted"] and "不能删除" in report.errors[0].message
    shutil.rmtree(root / "followups")
    assert git(repo, "status", "--short")


def test_routing_by_city_then_field_then_the_station_then_the_office(followup_catalog):
    _, catalog = load_valid_catalog(followup_catalog, TODAY)
    assert catalog is not None
    [need] = catalog.needs
    record = catalog.by_code[RECORD]
    # Both brokers serve 长沙; the need's best match is the coating record, field 21 (表面技术、涂层) → 张工.
    assert record.derived.tech_field == 21
    assert route_need(catalog, need).broker.id == "cs-zhang"  # type: ignore[union-attr]
    assert route_record(catalog, record).broker.id == "cs-zhang"  # type: ignore[union-attr]
    from xyhf.model.stations import route

    assert route(catalog.desks, "430100", 13).broker.id == "cs-li"  # type: ignore[union-attr]
    assert route(catalog.desks, "430100", None).broker.id == "cs-zhang"  # type: ignore[union-attr]
    assert route(catalog.desks, "430200", 21).broker.id == "cs-li"  # type: ignore[union-attr]  # only 李工 serves 株洲
    office = route(catalog.desks, "430300", 21)
    assert office.desk is not None and office.desk.is_office and office.broker is None


def test_a_broker_is_named_only_with_consent(followup_catalog):
    _, catalog = load_valid_catalog(followup_catalog, TODAY)
    assert catalog is not None
    [station] = [d for d in catalog.desks if d.city == "430100"]
    zhang, li = station.brokers
    assert public_broker(zhang, station) == {
        "name": "测试 张工",
        "title": "中级技术经理人",
        "phone": "0731-85550111",
        "email": "zhang@example.org",
    }
    assert public_broker(li, station) == {"name": "长沙市工作站技术经理人"}
    page = stations_page(catalog).body
    assert "测试 张工" in page and "zhang@example.org" in page
    assert "测试 李工" not in page and "13800000001" not in page and "长沙市工作站技术经理人" in page


def test_the_need_page_names_its_broker(followup_catalog):
    from xyhf.render.needs.need_pages import need_details

    _, catalog = load_valid_catalog(followup_catalog, TODAY)
    assert catalog is not None
    [(code, _, body)] = list(need_details(catalog))
    row = re.search(r"<tr><th>对接人</th><td>(.*?)</td></tr>", body, re.S)
    assert code == NEED and row is not None
    assert "测试 张工（中级技术经理人）" in row.group(1) and "长沙市工作站" in row.group(1)
    assert 'href="tel:073185550111"' in row.group(1) and 'href="tel:073185550101"' in row.group(1)


def test_station_figures_on_the_sample_catalog_match_the_yaml():
    """The stations page of the repository's sample catalog, read back against the YAML files."""
    _, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    assert catalog is not None
    body = stations_page(catalog).body
    month = TODAY.isoformat()[:7]
    deals = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "catalog/deals").glob("*/*.yaml")]
    logs = sorted((ROOT / "catalog/followups").glob("*/*.yaml"))
    assert logs, "the sample catalog has follow-up logs"
    for city in {p.parent.name for p in logs}:
        entries = [e for p in logs if p.parent.name == city for e in yaml.safe_load(p.read_text(encoding="utf-8"))["entries"]]
        first: dict[str, str] = {}
        for e in sorted(entries, key=lambda e: str(e["date"])):
            first.setdefault(e.get("need") or e["record"], str(e["date"]))
        expected = {
            "this_month": sum(1 for e in entries if str(e["date"]).startswith(month)),
            "introductions": sum(1 for e in entries if e["action"] == "recommend"),
            "deals": sum(
                1 for d in deals if any(c in first and first[c] <= str(d["signed_on"]) for c in [*d["records"], d.get("need")])
            ),
        }
        section = body[body.index(f'id="station-{city}"') :]
        section = section[: section.index("</section>")]
        shown = {k: int(re.search(rf'data-figure="{k}">[^<]*?(\d+) (?:次|项)</span>', section).group(1)) for k in expected}  # type: ignore[union-attr]
        assert shown == expected, city
        assert expected["this_month"] > 0 or city != "430100"
    [desk] = [d for d in catalog.desks if d.city == "430100"]
    assert station_figures(catalog, desk, TODAY).introductions == 2


def test_reminders_list_open_needs_without_a_follow_up_for_30_days(followup_catalog):
    write_files(followup_catalog, {LOG: FOLLOWUPS})
    _, catalog = load_valid_catalog(followup_catalog, TODAY)
    assert catalog is not None
    assert stale_needs(catalog, TODAY) == []  # followed up on 11-05, 19 days before
    later = TODAY + dt.timedelta(days=30)  # 2026-12-24: 49 days since the last follow-up
    [stale] = stale_needs(catalog, later)
    assert (stale.need.code, stale.since, stale.followed) == (NEED, "2026-11-05", True)
    entries = {e["broker"]: e for e in followup_reminders(catalog, later)}
    assert set(entries) >= {"cs-zhang", "cs-li", "desk-430100", "desk-office"}
    [finding] = entries["cs-zhang"]["findings"]
    assert finding["why"] == "已 49 天没有跟踪记录（上次 2026-11-05）" and finding["who"] == "测试 张工"
    assert entries["cs-li"]["findings"] == [] and entries["cs-zhang"]["title"] == "[跟进提醒] 测试 张工（cs-zhang）"
    assert "@cs-station" in entries["cs-zhang"]["body"]
    (followup_catalog / LOG).unlink()
    _, catalog = load_valid_catalog(followup_catalog, TODAY)
    assert catalog is not None
    [stale] = stale_needs(catalog, TODAY)  # never followed up: counted from listing (2026-10-15)
    assert (stale.since, stale.followed) == ("2026-10-15", False)


def test_the_date_rules_allow_their_boundaries(followup_catalog):
    # A visit logged on the day it happened (today), two on one day, and a next step planned for the
    # same day are all fine: only a later date, an earlier-than-previous date or a next step before
    # the visit are refused (the paired cases: date_in_future, out_of_order, next_before_date).
    log = FOLLOWUPS.replace("date: 2026-10-20\n      text", "date: 2026-10-10\n      text")
    log = log.replace("  - date: 2026-10-20\n", "  - date: 2026-10-10\n").replace("2026-11-05", TODAY.isoformat())
    assert log.count("2026-10-10") == 3 and TODAY.isoformat() in log
    write_files(followup_catalog, {LOG: log})
    report, catalog = load_valid_catalog(followup_catalog, TODAY)
    assert catalog is not None and report.diagnostics == [], report.render("text")


def test_a_malformed_broker_entry_is_the_schemas_finding_not_a_crash(followup_catalog):
    # A broker written as bare text (or with a numeric id) is reported by the stations schema where
    # it stands; the follow-up rules read only the well-formed brokers and go on.
    stations = valid_text("stations.yaml").replace("    brokers:\n", "    brokers:\n      - cs-wang\n      - id: 5\n", 1)
    write_files(followup_catalog, {"stations.yaml": stations, LOG: FOLLOWUPS})
    report, _ = check_catalog(followup_catalog, TODAY)
    found = [(d.file.rsplit("/", 1)[-1], d.field, d.rule) for d in report.errors]
    assert found and all(name == "stations.yaml" for name, _, _ in found), report.render("text")
    assert {field for _, field, _ in found} >= {"stations[0].brokers[0]", "stations[0].brokers[1].id"}


def test_a_station_without_brokers_says_so_when_a_log_names_one(followup_catalog):
    stations = valid_text("stations.yaml")
    no_brokers = stations[: stations.index("    brokers:\n")]
    write_files(followup_catalog, {"stations.yaml": no_brokers, LOG: FOLLOWUPS})
    report, _ = check_catalog(followup_catalog, TODAY)
    messages = [d.message for d in report.errors if d.rule == "followup.broker"]
    assert messages and all(
        m.endswith("可用 （本工作站尚未登记技术经理人）。新来的技术经理人请先加到 stations.yaml。") for m in messages
    )
