"""The yearly promotion directory's rules (issue 24: no case held them): the year matches the file
name, a code appears once, it names a record of the catalog, and that record is open to a licence:
an error in this year's directory or a later one, a warning in a past year's (it was open then).
Also the one holder file per organisation (USCC) rule."""

from __future__ import annotations

import pytest

from conftest import TODAY, base_files, coded_catalog, valid_text, write_files
from xyhf.errors import Diagnostic, Severity
from xyhf.pipeline import check_catalog

OPEN, CLOSED, TALKS = "HNXY-2026-ZL-00001-0", "HNXY-2026-ZL-00002-9", "HNXY-2026-ZL-00003-7"
DEFERRED = "HNXY-2026-RZ-00001-2"
UNKNOWN = "HNXY-2026-ZL-00099-1"


@pytest.fixture
def catalog(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    withdrawn = valid_text("patent.yaml").replace("status: available", "status: withdrawn\nstatus_since: 2026-10-01")
    files = {
        **base_files(),
        "records/xjlg/coating.yaml": valid_text("patent.yaml"),
        "records/xjlg/old.yaml": withdrawn.replace("ZL201710601862.3", "ZL201710601863.8"),
        "records/xjlg/talks.yaml": valid_text("patent.yaml")
        .replace("status: available", "status: negotiating")
        .replace("ZL201710601862.3", "ZL201710601864.2"),
    }
    assert coded_catalog(tmp_path / "catalog", files) == [OPEN, CLOSED, TALKS, DEFERRED]
    return tmp_path / "catalog"


def directory(year: int, *codes: str) -> str:
    entries = "".join(f"  - code: {code}\n    reason: 技术成熟、产权清晰，适合中小企业承接\n" for code in codes)
    return f"year: {year}\ntitle: {year} 年度推广目录\npublished_on: '{year}-11-01'\nentries:\n{entries}"


def promotion_findings(root, files: dict) -> list[Diagnostic]:
    write_files(root, files)
    report, _ = check_catalog(root, TODAY)
    return [d for d in report.sorted() if d.rule.startswith("promotion")]


def test_a_directory_of_open_records_passes(catalog):
    assert promotion_findings(catalog, {"promotion/2026.yaml": directory(2026, OPEN, TALKS, DEFERRED)}) == []


def test_each_entry_is_judged_where_it_stands(catalog):
    file = "catalog/promotion/2026.yaml"
    found = promotion_findings(catalog, {"promotion/2026.yaml": directory(2026, OPEN, OPEN, UNKNOWN, CLOSED, DEFERRED)})
    assert found == [
        Diagnostic(file, 7, 11, "entries[1].code", f"编码 {OPEN} 在目录中重复出现。", rule="promotion.duplicate"),
        Diagnostic(
            file,
            9,
            11,
            "entries[2].code",
            f"成果库中没有编码为 {UNKNOWN} 的成果，请从成果页面复制编码。",
            rule="promotion.unknown",
        ),
        Diagnostic(
            file,
            11,
            11,
            "entries[3].code",
            f"成果 {CLOSED} 的状态是 withdrawn：入选推广目录的成果须为 available（可转化）或 negotiating（洽谈中）。",
            rule="promotion.status",
        ),
    ]


def test_a_past_years_directory_only_warns_of_a_record_closed_since(catalog):
    found = promotion_findings(catalog, {"promotion/2025.yaml": directory(2025, OPEN, CLOSED)})
    assert [(d.field, d.rule, d.severity) for d in found] == [("entries[1].code", "promotion.status", Severity.WARNING)]
    (catalog / "promotion/2025.yaml").unlink()
    found = promotion_findings(catalog, {"promotion/2027.yaml": directory(2027, CLOSED)})
    assert [(d.field, d.rule, d.severity) for d in found] == [("entries[0].code", "promotion.status", Severity.ERROR)]


def test_the_year_inside_matches_the_file_name(catalog):
    found = promotion_findings(catalog, {"promotion/2026.yaml": directory(2025, OPEN)})
    message = "年度 2025 与文件名 2026.yaml 不一致，请改成一致。"
    assert found == [Diagnostic("catalog/promotion/2026.yaml", 1, 7, "year", message, rule="promotion.year")]


def test_an_entry_that_is_not_a_mapping_is_left_to_the_schema(catalog):
    text = directory(2026, OPEN).replace("entries:\n", "entries:\n  - 不是映射\n")
    write_files(catalog, {"promotion/2026.yaml": text})
    report, _ = check_catalog(catalog, TODAY)
    assert not report.ok and [d.rule for d in report.errors if d.rule.startswith("promotion")] == []


def test_one_holder_file_per_organisation(make_catalog):
    """Two holder files with one USCC: the later ones are refused, each naming the first."""
    holder = valid_text("holder.yaml")
    root = make_catalog({"holders/xjlg-2.yaml": holder, "holders/xjlg-3.yaml": holder})
    report, _ = check_catalog(root, TODAY)
    message = "统一社会信用代码与持有方 xjlg 相同：一个单位只建一个持有方文件。"
    assert [d for d in report.sorted() if d.rule == "uscc.duplicate"] == [
        Diagnostic(f"catalog/holders/xjlg-{n}.yaml", 3, 7, "uscc", message, rule="uscc.duplicate") for n in (2, 3)
    ]
