"""The weekly workflows' commands, run as the workflows run them on the sample catalog: `xyhf
reminders`, `xyhf push` and `xyhf event-draft` (issue 24, class 13: no test ran them)."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import TODAY, valid_text, write_files
from xyhf.cli import main
from xyhf.domain.codes import make_need_code
from xyhf.pipeline import check_catalog, load_valid_catalog


@pytest.fixture
def run(sample_catalog, capsys, monkeypatch):
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())

    def run(*args: str) -> tuple[int, str]:
        code = main([*args, "--catalog", str(sample_catalog)])
        out = capsys.readouterr()
        assert "Traceback" not in out.err
        return code, out.out

    return run


def test_reminders_name_the_sample_payment_due_in_19_days(run):
    code, text = run("reminders")
    assert code == 0
    lines = text.splitlines()
    assert (
        lines[0] == "catalog/deals/czys/deal-2026-001.yaml: CZYS-XYHF-2026-001: 达成销售额 110,000 元，19 天后到期（2026-12-13）"
    )
    # Then the open needs with no follow-up for 30 days, by broker: 长沙's two open needs were followed
    # up this month (catalog/followups/430100/2026.yaml), 株洲's 车间地坪起砂 never was.
    assert (
        "catalog/needs/430200/need-013.yaml: HNXQ-2026-00013-X: 车间地坪起砂，发布 208 天仍没有跟踪记录"
        "（跟进：株洲市工作站技术经理人）"
    ) in lines
    assert not [line for line in lines if "needs/430100/" in line or "HNXQ-2026-00002-5" in line]
    assert lines[-1] == f"共 {len(lines) - 1} 条提醒（付款与需求跟进）。"
    code, raw = run("reminders", "--format", "json")
    entries = {e["holder"]: e for e in json.loads(raw) if "holder" in e}
    brokers = {e["broker"]: e for e in json.loads(raw) if "broker" in e}
    assert [f["need"] for f in brokers["zz-wang"]["findings"]] == ["HNXQ-2026-00013-X"]
    assert brokers["cs-zhang"]["findings"] == [] and brokers["cs-li"]["findings"] == []
    assert code == 0 and [h for h, e in entries.items() if e["findings"]] == ["czys"]
    [finding] = entries["czys"]["findings"]
    assert finding["due_on"] == "2026-12-13" and finding["overdue"] is False and finding["licensee"]
    body = entries["czys"]["body"]
    assert "CZYS-XYHF-2026-001" in body.replace("\\", "")  # the bot escapes Markdown punctuation (render/base/gfm.py)
    assert all(m in body for m in entries["czys"]["maintainers"])


def test_push_lists_every_holders_matching_open_needs_and_every_station(run, sample_catalog):
    code, raw = run("push", "--format", "json", "--site-url", "https://example.org/xyhf/")
    assert code == 0
    entries = json.loads(raw)
    _, catalog = load_valid_catalog(sample_catalog, TODAY)
    assert catalog is not None
    open_needs = {n.code for n in catalog.needs if n.status == "open" and not n.expired}
    holders = [e for e in entries if e["title"].startswith("[需求推送]")]
    stations = [e for e in entries if e["title"].startswith("[需求对接]")]
    assert {e["holder"] for e in holders} == set(catalog.holders)
    pairs = {(f["need"], f["record"]) for e in holders for f in e["findings"]}
    assert pairs == {(m.need, m.record) for m in catalog.matches if m.need in open_needs}
    assert {f["need"] for e in stations for f in e["findings"]} == open_needs
    assert all("https://example.org/xyhf/needs/" in e["body"] for e in holders if e["findings"])
    code, text = run("push")
    assert code == 0 and text.endswith(f"共 {sum(len(e['findings']) for e in entries)} 条推送条目。\n")


def test_event_draft_proposes_the_citys_open_needs_and_available_records_serving_them(run, sample_catalog):
    code, draft = run("event-draft", "--city", "430100", "--date", "2026-12-20")
    assert code == 0
    data = yaml.safe_load(draft)
    assert data["date"] == "2026-12-20" and data["city"] == "430100" and data["records"] and data["needs"]
    _, catalog = load_valid_catalog(sample_catalog, TODAY)
    assert catalog is not None
    changsha = {n.code for n in catalog.needs if n.city == "430100" and n.status == "open"}
    assert set(data["needs"]) <= changsha
    assert all(catalog.by_code[c].status == "available" for c in data["records"])
    served = {m.need for m in catalog.matches if m.record in data["records"]}
    assert set(data["needs"]) <= served
    assert run("event-draft", "--city", "999999")[0] == 2
    assert run("event-draft", "--city", "430100", "--date", "2026-02-30")[0] == 2


def test_the_event_draft_saved_as_an_event_file_passes_check(run, sample_catalog, tmp_path):
    import shutil

    _, draft = run("event-draft", "--city", "430100", "--date", "2026-12-20")
    root = tmp_path / "catalog"
    shutil.copytree(sample_catalog, root)
    write_files(root, {"events/2026-12-20-changsha-draft.yaml": draft})
    report, _ = check_catalog(root, TODAY)
    assert report.ok, report.render("text")


def test_assign_codes_continues_after_need_codes_already_in_the_ledger(make_catalog, capsys):
    need = valid_text("need.yaml")
    coded = need.replace("title:", f"code: {make_need_code(2026, 1)}\ntitle:", 1)
    ledger = f"codes:\n  - {{code: {make_need_code(2026, 1)}, path: needs/430100/old.yaml, issued_on: '2026-10-15'}}\n"
    root = make_catalog({"needs/430100/old.yaml": coded, "needs/430100/new.yaml": need, "codes.yaml": ledger})
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    capsys.readouterr()
    issued = yaml.safe_load((root / "needs/430100/new.yaml").read_text(encoding="utf-8"))["code"]
    assert issued == make_need_code(2026, 2)  # need.yaml is listed in 2026; 00001 is taken
