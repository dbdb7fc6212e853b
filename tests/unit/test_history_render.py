"""render/records/history.py with a history made by hand: what a record page keeps, links and escapes."""

from __future__ import annotations

from conftest import TODAY
from xyhf.cli import main
from xyhf.domain.changes import Revision
from xyhf.pipeline import load_valid_catalog
from xyhf.render.records import history as out
from xyhf.render.records import record_page
from xyhf.source.history import History


def test_a_long_history_keeps_the_page_small_and_points_to_the_rest(make_catalog):
    root = make_catalog({"catalog.yaml": "repository: hunan-xyhf/xyhf-catalog\n"})
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    catalog = load_valid_catalog(root, TODAY)[1]
    assert catalog is not None
    record = catalog.published()[0]
    sentences = tuple(f"关键词：旧{i} → <b>新{i}</b>" for i in range(8))
    revisions = (Revision("2026-04-01", "a" * 40, True),) + tuple(
        Revision(f"2026-05-{day:02d}", f"{day:040x}", False, sentences, day) for day in range(1, 8)
    )
    history = History(True, {record.path: revisions})
    shown, more = out.record_history(history, record, catalog.repository)
    assert [r.date for r in shown] == ["2026-05-07", "2026-05-06", "2026-05-05", "2026-05-04", "2026-05-03", "2026-04-01"]
    assert more == 2
    html = record_page.record_body(record, catalog, [], history=shown, history_more=more)
    assert "另有 2 次较早的修改" in html
    assert "……（共 8 项修改）" in html and "新6" not in html  # six sentences a change at most
    assert "&lt;b&gt;新0&lt;/b&gt;" in html and "<b>" not in html
    assert html.count('href="https://github.com/hunan-xyhf/xyhf-catalog/commit/') == 6
    rows = out.rows(history, catalog)
    assert len(out.csv_rows(rows, "https://x.example.org/")) == 7 * 8 + 1


def test_no_repository_no_commit_link():
    assert out.commit_url("", "a" * 40) is None
    assert out.commit_url("hunan-xyhf/xyhf-catalog", "a" * 40) == "https://github.com/hunan-xyhf/xyhf-catalog/commit/" + "a" * 40
    odd = out.commit_url('x/y" onclick="z', "a" * 40)  # a quote never leaves the allow-list as a quote
    assert odd is None or ('"' not in odd and " " not in odd)


def test_recent_changes_are_the_90_days_before_the_newest_change_by_week(make_catalog):
    root = make_catalog()
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    catalog = load_valid_catalog(root, TODAY)[1]
    assert catalog is not None
    record = catalog.published()[0]
    revisions = (
        Revision("2026-01-05", "1" * 40, True),
        Revision("2026-01-20", "2" * 40, False, ("状态：可转化 → 洽谈中",), 1),
        Revision("2026-05-01", "3" * 40, False, ("付款方式：延期启动支付 → 里程碑节点支付",), 2),
    )
    history = History(True, {record.path: revisions})
    rows = out.rows(history, catalog)
    body = out.changes_page(history, catalog, rows).body
    assert "2026-02-01 至 2026-05-01" in body  # from the data: the same history gives the same page any day
    assert "2026 年第 18 周（4 月 27 日至 5 月 3 日）" in body
    assert "付款方式：延期启动支付 → 里程碑节点支付" in body and "状态：可转化 → 洽谈中" not in body
    assert "共 3 次" in body  # the CSV keeps all
    assert [r["change"] for r in out.csv_rows(rows, "/")] == [
        "付款方式：延期启动支付 → 里程碑节点支付",
        "状态：可转化 → 洽谈中",
        "首次收录",
    ]
