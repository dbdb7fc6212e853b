"""maintain/assign.py: when one file cannot take its code safely, the plan says which, in Chinese, and
`assign-codes` writes nothing at all (no half-issued batch on main)."""

from __future__ import annotations

from conftest import TODAY, valid_text
from xyhf.cli import main
from xyhf.maintain import assign
from xyhf.pipeline import check_catalog


def test_a_file_that_cannot_take_its_code_is_named_and_nothing_is_written(make_catalog, monkeypatch, capsys):
    root = make_catalog(
        {"records/xjlg/coating.yaml": valid_text("patent.yaml"), "records/xjlg/magnet.yaml": valid_text("secret.yaml")}
    )
    before = {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))}
    real = assign.insert_code
    monkeypatch.setattr(
        assign, "insert_code", lambda text, code: None if "技术秘密" in text or "trade_secret" in text else real(text, code)
    )
    report, loaded = check_catalog(root, TODAY)
    assert report.ok, report.render("text")
    new, edits, problems = assign.plan_codes(loaded, TODAY)
    assert {e.path for e in new} - set(edits) == {"records/xjlg/magnet.yaml"} and "records/xjlg/coating.yaml" in edits
    (problem,) = problems
    assert (problem.file, problem.line, problem.column, problem.field, problem.rule) == (
        "catalog/records/xjlg/magnet.yaml", 1, 1, "code", "assign"
    )  # fmt: skip
    assert problem.message == (
        "无法在不改变其他内容的前提下写入统一编码，本次未签发任何编码。请把文件改成块格式（每行一个“键: 值”）后重新合并。"
    )
    capsys.readouterr()
    assert main(["assign-codes", "--catalog", str(root)]) == 1
    assert "有文件无法安全写入编码，未签发任何编码。" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))} == before
