"""The office turns an e-mailed form file into a catalog file with `xyhf receive`: placed where the
form's first line says, checked with the whole catalog, and left out entirely when anything is wrong."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, TODAY, valid_text

FORM_FILE = "# catalog/records/xjlg/chengguo-1k2j3h.yaml\n" + valid_text("patent.yaml")


def run(catalog, *args):
    env = {"XYHF_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "xyhf", "receive", *map(str, args), "--catalog", str(catalog)],
        capture_output=True,
        text=True,
        env=env,
    )


def test_a_mailed_file_lands_where_its_first_line_says_and_the_next_steps_are_printed(make_catalog, tmp_path):
    root = make_catalog()
    mailed = tmp_path / "一种远程运维系统.yaml"
    mailed.write_text(FORM_FILE.replace("\n", "\r\n"), encoding="utf-8-sig")  # as a mail client may save it
    result = run(root, mailed)
    assert result.returncode == 0, result.stderr
    assert (root / "records/xjlg/chengguo-1k2j3h.yaml").read_text(encoding="utf-8") == FORM_FILE
    assert "git switch -c" in result.stdout and "检查通过" in result.stdout


def test_a_file_with_errors_is_not_written_and_the_errors_are_told(make_catalog, tmp_path):
    root = make_catalog()
    mailed = tmp_path / "x.yaml"
    mailed.write_text(FORM_FILE.replace("trl: ", "trl: 3  #", 1), encoding="utf-8")
    result = run(root, mailed)
    assert result.returncode == 1 and "未写入" in result.stderr
    assert not (root / "records/xjlg/chengguo-1k2j3h.yaml").exists()


def test_a_path_outside_the_catalog_is_refused(make_catalog, tmp_path):
    root = make_catalog()
    mailed = tmp_path / "x.yaml"
    mailed.write_text(FORM_FILE.replace("records/xjlg/", "records/../../"), encoding="utf-8")
    assert run(root, mailed).returncode == 1
    mailed.write_text(FORM_FILE, encoding="utf-8")
    result = run(root, mailed, "--to", "../outside.yaml")
    assert result.returncode == 1 and not (tmp_path / "outside.yaml").exists()
