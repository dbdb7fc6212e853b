"""One test per defect an outside tester found (issue "Trust and structure", items 5–7 and 9):
each input was accepted, crashed the build or crashed the loader; each must now be refused
with a located Chinese message naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, valid_text
from xyhf.pipeline import check_catalog
from xyhf.source.yaml_loader import parse_yaml

PATENT = valid_text("patent.yaml")
HOLDER = valid_text("holder.yaml")


def findings(make_catalog, files: dict[str, str]) -> list:
    root = make_catalog(files)
    report, _ = check_catalog(root, TODAY)
    return report.errors


def record_findings(make_catalog, old: str, new: str) -> list:
    assert old in PATENT, old
    return findings(make_catalog, {"records/xjlg/case.yaml": PATENT.replace(old, new, 1)})


def assert_refused(errors: list, field: str, *words: str) -> None:
    matching = [d for d in errors if d.field == field and d.line > 1 or d.field == field]
    assert matching, f"no error on {field}: {[d.as_text() for d in errors]}"
    text = " ".join(d.message for d in matching)
    for word in words:
        assert word in text, (word, text)
    assert all(d.file.endswith(".yaml") and d.line >= 1 for d in matching)


# --- 5: two validators, two verdicts ---------------------------------------------------------


@pytest.mark.parametrize("date", ["'0000-01-01'", "'２０２６-03-01'", "'٢٠٢٦-03-01'", "'2026-3-1'", "'2026-02-30'"])
def test_dates_that_are_not_real_iso_dates_are_refused(make_catalog, date):
    errors = record_findings(make_catalog, "listed_on: 2026-03-01", f"listed_on: {date}")
    assert_refused(errors, "listed_on", "日期")


def test_dates_before_1985_are_refused(make_catalog):
    errors = record_findings(make_catalog, "granted_on: 2020-03-10", "granted_on: '1984-12-31'")
    assert_refused(errors, "ip.granted_on", "1985")


@pytest.mark.parametrize("email", ["a@b", "ttc@example.edu.cn\n", "ｔｔｃ@example.edu.cn", "ttc@@example.cn"])
def test_malformed_emails_are_refused(make_catalog, email):
    holder = HOLDER.replace("email: ttc@example.edu.cn", f"email: {email!r}".replace("'", '"'))
    errors = findings(make_catalog, {"holders/xjlg.yaml": holder})
    assert_refused(errors, "contact.email", "电子邮箱")


def test_uscc_with_wrong_check_character_and_a_newline_is_refused(make_catalog):
    holder = HOLDER.replace("uscc: 12430100MB1234562J", 'uscc: "12430100MB1234562K\\n"')
    assert_refused(findings(make_catalog, {"holders/xjlg.yaml": holder}), "uscc", "格式")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("office_phone: 0731-88880001", 'office_phone: "0731-88880001\\n"', "office_phone"),
        ('  - "@xjlg-ttc"', '  - "@xjlg-ttc\\n/catalog/ @attacker"', "maintainers[0]"),
    ],
)
def test_trailing_newlines_in_patterned_holder_fields_are_refused(make_catalog, old, new, field):
    assert_refused(findings(make_catalog, {"holders/xjlg.yaml": HOLDER.replace(old, new)}), field)


def test_trailing_newline_in_an_ipc_symbol_is_refused(make_catalog):
    assert_refused(record_findings(make_catalog, "ipc: [C23C 4/06]", 'ipc: ["C23C 4/06\\n"]'), "ipc[0]")


def test_the_same_registration_number_in_full_width_digits_is_a_duplicate(make_catalog):
    second = PATENT.replace("number: ZL201710601862.3", "number: ＺＬ２０１７１０６０１８６２.３")
    errors = findings(make_catalog, {"records/xjlg/case.yaml": PATENT, "records/xjlg/again.yaml": second})
    assert any(d.rule == "ip.duplicate" for d in errors), [d.as_text() for d in errors]


@pytest.mark.parametrize(
    "title", ["\u3000\u3000\u3000\u3000\u3000", "\u200b\u200b\u200b\u200b\u200b", "    \t    ", "\u2800\u2800\u2800\u2800"]
)
def test_titles_of_only_blanks_or_invisible_characters_are_refused(make_catalog, title):
    errors = record_findings(make_catalog, "title: 高熵合金涂层及其制备方法", f'title: "{title}"'.replace("\t", "\\t"))
    assert_refused(errors, "title")


@pytest.mark.parametrize(
    ("char", "what"), [("\\u202e", "方向"), ("\\u200b", "不可见"), ("\\x07", "控制"), ("\\uFFFE", "无效"), ("\\n", "一行")]
)
def test_hidden_characters_in_a_one_line_field_are_refused(make_catalog, char, what):
    errors = record_findings(make_catalog, "title: 高熵合金涂层及其制备方法", f'title: "高熵合金{char}涂层及其制备方法"')
    assert_refused(errors, "title", what)


def test_paragraph_fields_keep_their_line_breaks(make_catalog):
    text = 'summary: "本发明公开了一种高熵合金涂层。\\n\\n涂层硬度高、耐磨耐蚀，适用于工程机械关键零部件表面强化。"'
    errors = record_findings(
        make_catalog,
        "summary: 本发明公开了一种高熵合金涂层及其激光熔覆制备方法，涂层硬度高、耐磨耐蚀，适用于工程机械关键零部件表面强化。",
        text,
    )
    assert errors == []


# --- 6: check passed, build crashed -----------------------------------------------------------


def test_amounts_have_an_upper_bound(make_catalog):
    errors = record_findings(make_catalog, "amount_cny: 50000", "amount_cny: 100000000000000")
    assert_refused(errors, "payment.milestones[0].amount_cny", "不能大于")


def test_huge_integers_are_refused_by_the_loader(make_catalog):
    errors = record_findings(make_catalog, "amount_cny: 50000", "amount_cny: 100000000000000000000")
    assert_refused(errors, "payment.milestones[0].amount_cny", "位")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.Inf", ".NaN", "1.0e+400", "-1.0e+999"])
def test_nan_and_infinity_are_refused(make_catalog, value):
    assert_refused(
        record_findings(make_catalog, "royalty_percent: 2", f"royalty_percent: {value}"), "payment.royalty_percent", "非数字"
    )


# --- 7: the loader crashed -------------------------------------------------------------------


def parse(text: str):
    return parse_yaml(text, Path("x.yaml"), "x.yaml")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("listed_on: 2023-02-30\n", ["2023-02-30", "不存在"]),
        ("listed_on: 0000-01-01\n", ["不存在"]),
        ("trl: !!int 'x'\n", ["!!int"]),
        ("listed_on: !!timestamp x\n", ["!!timestamp"]),
        ("a: !!python/object:os.system {}\n", ["!!python/object"]),
        ("a: !!set {x: null}\n", ["!!set"]),
        ("a: !!binary aGVsbG8=\n", ["!!binary"]),
        ("amount_cny: 1:20\n", ["六十进制", "加引号"]),
        ("amount_cny: 0x1F\n", ["十六进制"]),
        ("amount_cny: 1_000\n", ["下划线"]),
        ("phone: 0731\n", ["八进制", "473"]),
        ("a: " + "9" * 4301 + "\n", ["超过"]),
        ("a: " + "[" * 1000 + "]" * 1000 + "\n", ["嵌套"]),
        ("a: " + "[" * 60000 + "\n", ["嵌套"]),
        ("".join(" " * i + f"k{i}:\n" for i in range(1000)), ["缩进"]),
        ("- " * 2000 + "x\n", ["缩进"]),
        ("a: x\ufffe\n", ["U+FFFE"]),
        ("a: \x00\n", ["U+0000"]),
    ],
)
def test_loader_refuses_with_a_located_chinese_message(text, words):
    source, problems = parse(text)
    assert source is None and len(problems) == 1
    message = problems[0].message
    for word in words:
        assert word in message, (word, message)
    assert problems[0].line >= 1 and problems[0].column >= 1
    assert_chinese(message)


def assert_chinese(message: str) -> None:
    """A message a clerk can read: Chinese, and none of libyaml's or Python's English."""
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    for english in ("could not", "found ", "expected", "while ", "Error", "Traceback", "invalid"):
        assert english not in message, (english, message)


def test_full_width_colon_is_named_on_its_own_line():
    source, problems = parse("title: 测试\ntype: patent\ntrl： 6\nsummary: 说明\n")
    assert source is None
    assert problems[0].line == 3 and "全角冒号" in problems[0].message


def test_full_width_space_in_indentation_is_named():
    source, problems = parse("ip:\n\u3000number: x\n  owners: [a]\n")
    assert source is None and problems[0].line == 2 and "全角空格" in problems[0].message


def test_oversized_file_is_refused_before_parsing():
    source, problems = parse("summary: " + "长" * 400_000 + "\n")
    assert source is None and "1 MB" in problems[0].message


# --- files that are not plain text files -----------------------------------------------------


def test_symlinks_fifos_and_unreadable_files_are_refused_without_reading(make_catalog, tmp_path):
    import os

    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n")
    root = make_catalog()
    (root / "records/xjlg").mkdir(parents=True, exist_ok=True)
    (root / "records/xjlg/link.yaml").symlink_to(secret)
    (root / "records/linked").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(root / "records/xjlg/pipe.yaml")
    bad_name = os.fsencode(root / "records/xjlg") + b"/\xff\xfe.yaml"
    with open(bad_name, "wb") as f:
        f.write(b"title: x\n")
    report, _ = check_catalog(root, TODAY)
    text = report.render("text")
    assert "hunter2" not in text
    assert "link.yaml" in text and "符号链接" in text and "linked" in text
    assert "pipe.yaml" in text and "不是普通文件" in text
    assert "\\xff" in text and "文件名" in text or "只能用小写" in text
    report.render("json").encode("utf-8")  # printable whatever the file names
