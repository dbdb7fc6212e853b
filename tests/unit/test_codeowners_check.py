"""`xyhf check` and CODEOWNERS (issue 24): the file judged is .github/CODEOWNERS beside the catalog
folder, only where that .github folder exists; missing, stale and right files; what `xyhf codeowners`
writes is exactly what the check expects, for a catalog folder of any name, read as UTF-8 whatever
the locale. GitHub also reads CODEOWNERS at the repository root and in docs/, but .github/ wins, and
that is the one the tool writes."""

from __future__ import annotations

import locale

import pytest

from conftest import valid_text, write_files, xyhf_in_process
from xyhf.errors import Diagnostic
from xyhf.source.discover import load_catalog
from xyhf.validate.owners import check_codeowners, codeowners_path, render_codeowners

STALE = "CODEOWNERS 与持有方的 maintainers 不一致：请运行 .venv/bin/xyhf codeowners 重新生成并一起提交。"
FILES = {"holders/xjlg.yaml": valid_text("holder.yaml"), "catalog.yaml": 'reviewers: ["@hunan-xyhf/reviewers"]\n'}


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path / "data", FILES)
    return tmp_path


def stale() -> Diagnostic:
    return Diagnostic(".github/CODEOWNERS", 1, 1, "", STALE, rule="codeowners")


def test_the_path_is_dot_github_codeowners_beside_the_catalog_folder(repo):
    assert codeowners_path(repo / "data") == repo / ".github" / "CODEOWNERS"
    assert codeowners_path(repo / "data" / ".." / "data") == repo / ".github" / "CODEOWNERS"


def test_the_command_writes_there_and_the_check_then_passes(repo):
    assert xyhf_in_process("codeowners", "--catalog", "data", cwd=repo).returncode == 0
    assert sorted(p.name for p in (repo / ".github").iterdir()) == ["CODEOWNERS"]
    text = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/data/holders/xjlg.yaml  @xjlg-ttc @hunan-xyhf/reviewers\n" in text and "/catalog/" not in text
    assert check_codeowners(load_catalog(repo / "data")) == []


def test_without_a_dot_github_folder_nothing_is_judged_even_a_stale_file_elsewhere(repo):
    write_files(repo, {"CODEOWNERS": "* @someone\n", "docs/CODEOWNERS": "* @someone\n"})
    assert check_codeowners(load_catalog(repo / "data")) == []


def test_a_missing_codeowners_in_dot_github_is_stale(repo):
    (repo / ".github").mkdir()
    assert check_codeowners(load_catalog(repo / "data")) == [stale()]


def test_a_stale_codeowners_is_named_and_a_right_one_passes_whatever_is_at_the_root(repo):
    loaded = load_catalog(repo / "data")
    right = render_codeowners(loaded, "data")
    write_files(repo, {".github/CODEOWNERS": right.replace("@xjlg-ttc ", ""), "CODEOWNERS": "* @x\n", "docs/CODEOWNERS": ""})
    assert check_codeowners(loaded) == [stale()]
    write_files(repo, {".github/CODEOWNERS": right.replace("/data/", "/catalog/")})
    assert check_codeowners(loaded) == [stale()]
    write_files(repo, {".github/CODEOWNERS": right})
    assert check_codeowners(loaded) == []


def test_codeowners_is_read_as_utf8_whatever_the_locale(repo):
    loaded = load_catalog(repo / "data")
    write_files(repo, {".github/CODEOWNERS": render_codeowners(loaded, "data")})
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        with pytest.raises(UnicodeDecodeError):  # the header is Chinese: the locale cannot read it
            (repo / ".github/CODEOWNERS").read_text(encoding=None)
        assert check_codeowners(loaded) == []
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
