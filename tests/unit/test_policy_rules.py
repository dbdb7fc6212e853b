"""The rules that compare a pull request with its git base, run in-process so that mutation testing
sees them (issue 24): the PR-author rule (owners.check_author), which holders a change touches, their
maintainers at the base, the append-only code ledger, and where a record's code is read at the base
and in the working tree. Every case runs against a real git repository; each passing case has its
breaking twin, asserting the whole diagnostic (file, line, column, field, Chinese message, rule, severity)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import TODAY, base_files, coded_catalog, git, init_repo, valid_text, write_files
from xyhf.domain.identifiers import uscc_check_char
from xyhf.errors import Diagnostic, Severity
from xyhf.pipeline import check_catalog
from xyhf.source.discover import LoadedCatalog, load_catalog
from xyhf.source.yaml_loader import parse_yaml
from xyhf.validate.owners import check_author
from xyhf.validate.policy import (
    Change,
    _code_at,
    changed_files,
    check_against_base,
    check_ledger_append_only,
    maintainers_at,
    touched_holders,
)

COATING, REMOTE = "HNXY-2026-ZL-00001-0", "HNXY-2026-RZ-00001-2"
REVIEWERS = "@hunan-xyhf/reviewers"


def holder_yaml(name: str, maintainers: list[str], org: str) -> str:
    """A valid holder file: the test holder renamed, its USCC built around organisation code `org`
    (8 characters) with both check characters right."""
    total = sum(int(c, 36) * w for c, w in zip(org, [3, 7, 9, 10, 5, 8, 4, 2]))
    body = "12430100" + org + "0123456789X"[(11 - total % 11) % 11]
    data = yaml.safe_load(valid_text("holder.yaml"))
    data.update(name=name, maintainers=maintainers, uscc=body + uscc_check_char(body))
    return yaml.safe_dump(data, allow_unicode=True)


LSGY = holder_yaml("麓山工业技术研究院", ["@lsgy-ttc"], "MA4L0000")
HNKD = holder_yaml("湖南科达新材料有限公司", ["@hnkd"], "MA4L0001")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """Branch main holds two holders (xjlg, lsgy), two coded xjlg records and the reviewers' settings;
    the working tree is the pull request. Returns the catalog root; paths show as catalog/…"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    root = tmp_path / "catalog"
    files = {
        **base_files(),
        "records/xjlg/coating.yaml": valid_text("patent.yaml"),
        "holders/lsgy.yaml": LSGY,
        "catalog.yaml": f'reviewers: ["{REVIEWERS}"]\n',
    }
    assert coded_catalog(root, files) == [COATING, REMOTE]
    init_repo(tmp_path, {})
    return root


def loaded(root: Path) -> LoadedCatalog:
    return load_catalog(root)


# --- check_author ---------------------------------------------------------------------------


def new_holder(holder_id: str, rel: str, handle: str) -> Diagnostic:
    message = f"持有方 {holder_id} 是本次新建的：请审核人核实 {handle} 代表该单位。"
    return Diagnostic(f"catalog/{rel}", 1, 1, "", message, rule="author.new_holder", severity=Severity.WARNING)


def team(holder_id: str, rel: str, handle: str, teams: str) -> Diagnostic:
    message = f"无法离线核实 {handle} 是否属于 {teams}：请审核人确认其有权修改持有方 {holder_id} 的记录。"
    return Diagnostic(f"catalog/{rel}", 1, 1, "", message, rule="author.team", severity=Severity.WARNING)


def foreign(holder_id: str, rel: str, handle: str, maintainers: str) -> Diagnostic:
    message = (
        f"{handle} 不是持有方 {holder_id} 的维护人（以基准版本为准），不能修改该单位的记录。"
        f"请由该单位维护人（{maintainers}）提交，或只修改本单位目录下的文件。"
    )
    return Diagnostic(f"catalog/{rel}", 1, 1, "", message, rule="author.foreign_holder")


@pytest.mark.parametrize("author", ["xjlg-ttc", "@xjlg-ttc", "XJLG-TTC", "@Xjlg-TTC"])
def test_a_maintainer_may_change_own_holder_with_or_without_at_in_any_case(repo, author):
    changed = {"xjlg": "records/xjlg/coating.yaml"}
    assert check_author(loaded(repo), changed, author, {"xjlg": ["@xjlg-ttc"]}) == []
    assert check_author(loaded(repo), changed, author, {"xjlg": ["@XJLG-ttc"]}) == []


def test_someone_else_changing_the_holder_is_named_with_its_maintainers(repo):
    changed = {"xjlg": "records/xjlg/coating.yaml"}
    got = check_author(loaded(repo), changed, "@xjlg-ttc2", {"xjlg": ["@xjlg-ttc", "@xjlg-office"]})
    assert got == [foreign("xjlg", "records/xjlg/coating.yaml", "@xjlg-ttc2", "@xjlg-ttc、@xjlg-office")]


def test_a_holder_without_maintainers_at_base_says_none(repo):
    got = check_author(loaded(repo), {"lsgy": "holders/lsgy.yaml"}, "lsgy-ttc", {"lsgy": []})
    assert got == [foreign("lsgy", "holders/lsgy.yaml", "@lsgy-ttc", "暂无")]


@pytest.mark.parametrize("author", [REVIEWERS, "Hunan-XYHF/Reviewers", "@HUNAN-xyhf/reviewers"])
def test_a_reviewer_may_change_any_holder_even_a_new_one(repo, author):
    changed = {"lsgy": "records/lsgy/a.yaml", "hnkd": "holders/hnkd.yaml", "zz": "records/zz/b.yaml"}
    maintainers = {"lsgy": ["@lsgy-ttc"], "hnkd": None, "zz": []}
    assert check_author(loaded(repo), changed, author, maintainers) == []


def test_a_new_holder_is_a_warning_and_the_holders_after_it_are_still_judged(repo):
    changed = {"zz": "records/zz/b.yaml", "xjlg": "records/xjlg/coating.yaml", "hnkd": "holders/hnkd.yaml"}
    maintainers = {"hnkd": None, "xjlg": ["@xjlg-ttc"], "zz": ["@zz-ttc"]}
    assert check_author(loaded(repo), changed, "xjlg-ttc", maintainers) == [
        new_holder("hnkd", "holders/hnkd.yaml", "@xjlg-ttc"),
        foreign("zz", "records/zz/b.yaml", "@xjlg-ttc", "@zz-ttc"),
    ]


def test_own_holder_first_then_a_foreign_one_is_still_judged(repo):
    changed = {"lsgy": "records/lsgy/a.yaml", "abc": "records/abc/a.yaml"}
    maintainers = {"abc": ["@abc-ttc"], "lsgy": ["@abc-ttc"]}
    assert check_author(loaded(repo), changed, "abc-ttc", maintainers) == []
    maintainers = {"abc": ["@abc-ttc"], "lsgy": ["@lsgy-ttc"]}
    assert check_author(loaded(repo), changed, "abc-ttc", maintainers) == [
        foreign("lsgy", "records/lsgy/a.yaml", "@abc-ttc", "@lsgy-ttc")
    ]


def test_team_handles_cannot_be_resolved_offline_so_reviewers_are_asked(repo):
    changed = {"lsgy": "records/lsgy/a.yaml"}
    maintainers = {"lsgy": ["@lsgy-ttc", "@hunan/lsgy-team", "@hunan/ttc-office"]}
    assert check_author(loaded(repo), changed, "xjlg-ttc", maintainers) == [
        team("lsgy", "records/lsgy/a.yaml", "@xjlg-ttc", "@hunan/lsgy-team、@hunan/ttc-office")
    ]
    assert check_author(loaded(repo), changed, "LSGY-ttc", maintainers) == []  # listed by name: no warning


def test_no_holder_changed_gives_an_empty_list(repo):
    assert check_author(loaded(repo), {}, "anyone", {}) == []


def test_pull_request_author_rule_through_check_catalog(repo):
    """The maintainers come from main: adding oneself to another holder's file in the PR does not help."""
    write_files(
        repo,
        {
            "records/lsgy/coating.yaml": valid_text("secret.yaml"),
            "holders/lsgy.yaml": LSGY.replace("- '@lsgy-ttc'", "- '@lsgy-ttc'\n- '@xjlg-ttc'"),
        },
    )
    assert "@xjlg-ttc" in (repo / "holders/lsgy.yaml").read_text()
    report, _ = check_catalog(repo, TODAY, base="main", author="xjlg-ttc")
    assert report.errors == [foreign("lsgy", "holders/lsgy.yaml", "@xjlg-ttc", "@lsgy-ttc")]
    report, _ = check_catalog(repo, TODAY, base="main", author="@lsgy-ttc")
    assert report.ok and report.warnings == [], report.render("text")


def test_a_new_holder_through_check_catalog_is_a_warning_only(repo):
    write_files(repo, {"holders/hnkd.yaml": HNKD, "records/hnkd/coating.yaml": valid_text("secret.yaml")})
    report, _ = check_catalog(repo, TODAY, base="main", author="hnkd")
    assert report.ok and report.warnings == [new_holder("hnkd", "holders/hnkd.yaml", "@hnkd")], report.render("text")


# --- touched_holders and maintainers_at -------------------------------------------------------


def test_touched_holders_maps_each_holder_to_its_first_changed_file():
    changes = [
        Change("M", "records/xjlg/coating.yaml", "records/xjlg/coating.yaml"),
        Change("A", None, "records/xjlg/magnet.yaml"),
        Change("A", None, "deals/hnkd/2026-001.yaml"),
        Change("M", "holders/lsgy.yaml", "holders/lsgy.yaml"),
        Change("D", "records/zzgy/old.yaml", None),
        Change("R", "records/abc/x.yaml", "records/def/x.yaml"),
        Change("R", "holders/gone.yaml", "attic/gone.yaml"),
        Change("R", "needs/430100/a.yaml", "deals/ndk/a.yaml"),
    ]
    assert touched_holders(changes) == {
        "xjlg": "records/xjlg/coating.yaml",
        "hnkd": "deals/hnkd/2026-001.yaml",
        "lsgy": "holders/lsgy.yaml",
        "zzgy": "records/zzgy/old.yaml",
        "abc": "records/abc/x.yaml",
        "def": "records/def/x.yaml",
        "gone": "holders/gone.yaml",
        "ndk": "deals/ndk/a.yaml",
    }


@pytest.mark.parametrize(
    "rel",
    [
        "codes.yaml",
        "catalog.yaml",
        "stations.yaml",
        "needs/430100/casting.yaml",
        "followups/430100/2026.yaml",
        "promotion/2026.yaml",
        "events/2026-10-01-expo.yaml",
        "records/README.md",
        "deals/README.md",
        "records/xjlg/old/coating.yaml",
        "holders/xjlg/notes.yaml",
    ],
)
def test_files_outside_a_holders_folders_touch_no_holder(rel):
    assert touched_holders([Change("A", None, rel)]) == {}
    assert touched_holders([Change("D", rel, None)]) == {}


def test_a_record_moved_between_holders_in_git_touches_both(repo):
    (repo / "records/lsgy").mkdir()
    git(repo.parent, "mv", "catalog/records/xjlg/coating.yaml", "catalog/records/lsgy/coating.yaml")
    assert touched_holders(changed_files(repo, "main")) == {
        "xjlg": "records/xjlg/coating.yaml",
        "lsgy": "records/lsgy/coating.yaml",
    }


def test_maintainers_are_read_at_the_base_not_from_the_pull_request(repo):
    write_files(repo, {"holders/lsgy.yaml": LSGY.replace("'@lsgy-ttc'", "'@xjlg-ttc'"), "holders/hnkd.yaml": HNKD})
    got = maintainers_at(repo, "main", ["hnkd", "lsgy", "xjlg"])
    assert got == {"hnkd": None, "lsgy": ["@lsgy-ttc"], "xjlg": ["@xjlg-ttc"]}


def test_maintainers_at_keeps_only_handles_and_knows_a_holder_without_them(tmp_path):
    files = {
        "holders/bare.yaml": "name: 无维护人\n",
        "holders/mixed.yaml": 'maintainers: ["@a", 7, "@hunan/b"]\n',
        "holders/scalar.yaml": 'maintainers: "@a"\n',
    }
    root = init_repo(tmp_path / "repo", files) / "catalog"
    got = maintainers_at(root, "main", ["bare", "mixed", "scalar", "ghost"])
    assert got == {"bare": [], "mixed": ["@a", "@hunan/b"], "scalar": [], "ghost": None}
    assert maintainers_at(root, "main", []) == {}


# --- check_ledger_append_only -----------------------------------------------------------------


def ledger(root: Path) -> list:
    """The current ledger entries as `xyhf assign-codes --base` passes them (the loader's data)."""
    source, _ = parse_yaml((root / "codes.yaml").read_text(encoding="utf-8"), root / "codes.yaml", "codes.yaml")
    assert source is not None
    return source.data["codes"]


def edited(i: int, code: object) -> Diagnostic:
    message = (
        f"统一编码台账被手工修改：main 中的第 {i + 1} 条（{code}）已不在原位或内容已变。台账只能追加，"
        "请恢复 codes.yaml 后再签发编码（git checkout <上一版本> -- catalog/codes.yaml）。"
    )
    return Diagnostic("catalog/codes.yaml", 1, 1, f"codes[{i}]", message, rule="ledger.edited")


def rewrite_ledger(root: Path, lines: list[str]) -> None:
    path = root / "codes.yaml"
    head = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("  - ")]
    path.write_text("\n".join(head + lines) + "\n", encoding="utf-8")


def entry_lines(root: Path) -> list[str]:
    return [line for line in (root / "codes.yaml").read_text(encoding="utf-8").splitlines() if line.startswith("  - ")]


def test_unchanged_and_appended_ledgers_pass(repo):
    assert check_ledger_append_only(repo, "main", ledger(repo)) == []
    assert coded_catalog(repo, {"records/xjlg/magnet.yaml": valid_text("secret.yaml")})[:2] == [COATING, REMOTE]
    assert len(ledger(repo)) == 3
    assert check_ledger_append_only(repo, "main", ledger(repo)) == []


def test_removing_the_last_entry_points_at_it(repo):
    first, _ = entry_lines(repo)
    rewrite_ledger(repo, [first])
    assert check_ledger_append_only(repo, "main", ledger(repo)) == [edited(1, REMOTE)]


def test_emptying_the_ledger_points_at_the_first_entry(repo):
    assert check_ledger_append_only(repo, "main", []) == [edited(0, COATING)]


def test_changing_a_code_in_place_is_caught(repo):
    first, second = entry_lines(repo)
    rewrite_ledger(repo, [first.replace(COATING, "HNXY-2026-ZL-00009-X"), second])
    assert check_ledger_append_only(repo, "main", ledger(repo)) == [edited(0, COATING)]
    rewrite_ledger(repo, [first, second.replace("2026-11-24", "2026-11-25")])
    assert check_ledger_append_only(repo, "main", ledger(repo)) == [edited(1, REMOTE)]


def test_reordering_or_inserting_before_existing_entries_is_caught(repo):
    first, second = entry_lines(repo)
    rewrite_ledger(repo, [second, first])
    assert check_ledger_append_only(repo, "main", ledger(repo)) == [edited(0, COATING)]
    rewrite_ledger(repo, [first, first.replace(COATING, "HNXY-2026-ZL-00002-8"), second])
    assert check_ledger_append_only(repo, "main", ledger(repo)) == [edited(1, REMOTE)]


def test_no_ledger_at_base_or_an_empty_one_binds_nothing(tmp_path):
    root = init_repo(tmp_path / "repo", {"holders/xjlg.yaml": valid_text("holder.yaml")}) / "catalog"
    assert check_ledger_append_only(root, "main", []) == []
    write_files(root, {"codes.yaml": "codes: []\n"})
    git(root.parent, "add", "-A")
    git(root.parent, "commit", "-qm", "empty ledger")
    assert check_ledger_append_only(root, "main", [{"code": COATING}]) == []


def test_a_ledger_of_bare_codes_at_base_is_named_by_the_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = init_repo(tmp_path, {"codes.yaml": f"codes: [{COATING}, {REMOTE}]\n"}) / "catalog"
    assert check_ledger_append_only(root, "main", [COATING, REMOTE, "HNXY-2026-ZL-00002-8"]) == []
    assert check_ledger_append_only(root, "main", [COATING]) == [edited(1, REMOTE)]


# --- _current and _code_at: a record's code at the base and in the pull request ------------------


def code_diag(rule: str, pos: tuple[int, int], message: str, rel: str = "records/xjlg/coating.yaml") -> Diagnostic:
    return Diagnostic(f"catalog/{rel}", pos[0], pos[1], "code", message, rule=rule)


def removed(pos: tuple[int, int]) -> Diagnostic:
    return code_diag("base.code_removed", pos, f"不能删除已签发的统一编码 {COATING}：编码永不改变。请恢复 code: {COATING}。")


def test_a_coded_record_edited_or_moved_keeping_its_code_passes(repo):
    path = repo / "records/xjlg/coating.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("trl: 6", "trl: 7"), encoding="utf-8")
    git(repo.parent, "mv", "catalog/records/xjlg/remote-ops.yaml", "catalog/records/xjlg/remote.yaml")
    assert check_against_base(repo, "main") == []


def test_a_changed_code_is_located_where_it_now_stands(repo):
    path = repo / "records/xjlg/coating.yaml"
    text = path.read_text(encoding="utf-8")
    moved = text.replace(f"code: {COATING}\n", "").replace("type: patent\n", "type: patent\ncode: HNXY-2026-ZL-00002-8\n")
    path.write_text(moved, encoding="utf-8")
    message = f"不能修改统一编码：原编码 {COATING} 永不改变，也不能换用别的编码。请改回 code: {COATING}。"
    assert check_against_base(repo, "main") == [code_diag("base.code_changed", (4, 7), message)]


def test_a_removed_code_is_caught(repo):
    path = repo / "records/xjlg/coating.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"code: {COATING}\n", ""), encoding="utf-8")
    assert check_against_base(repo, "main") == [removed((2, 1))]  # the mapping itself: its first key


def test_a_code_that_is_not_text_counts_as_removed(repo):
    path = repo / "records/xjlg/coating.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"code: {COATING}", "code: 12345"), encoding="utf-8")
    assert check_against_base(repo, "main") == [removed((2, 7))]


@pytest.mark.parametrize(
    "content", [b"\xff\xfe not utf-8\n", b"code: [unclosed\n", b"", b"- a list\n"], ids=["bytes", "syntax", "empty", "list"]
)
def test_an_unreadable_record_loses_its_code_at_the_first_line(repo, content):
    (repo / "records/xjlg/coating.yaml").write_bytes(content)
    assert check_against_base(repo, "main") == [removed((1, 1))]


def test_a_record_missing_from_the_working_tree_loses_its_code_at_the_first_line(repo):
    rel = "records/xjlg/coating.yaml"
    (repo / rel).unlink()
    assert check_against_base(repo, "main", [Change("M", rel, rel)]) == [removed((1, 1))]


def test_a_record_with_a_bom_is_read_like_any_other(repo):
    path = repo / "records/xjlg/coating.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(COATING.encode(), b"HNXY-2026-ZL-00002-8"))
    message = f"不能修改统一编码：原编码 {COATING} 永不改变，也不能换用别的编码。请改回 code: {COATING}。"
    assert check_against_base(repo, "main") == [code_diag("base.code_changed", (2, 7), message)]


def test_a_record_is_read_as_utf8_whatever_the_locale(repo, ascii_locale):
    path = repo / "records/xjlg/coating.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(COATING, "HNXY-2026-ZL-00002-8"), encoding="utf-8")
    with pytest.raises(UnicodeDecodeError):
        path.read_text(encoding=None)  # so the locale really is one that cannot read the record
    message = f"不能修改统一编码：原编码 {COATING} 永不改变，也不能换用别的编码。请改回 code: {COATING}。"
    assert check_against_base(repo, "main") == [code_diag("base.code_changed", (2, 7), message)]


def test_a_new_record_may_not_bring_a_code(repo):
    rel = "records/xjlg/magnet.yaml"
    write_files(repo, {rel: valid_text("secret.yaml").replace("title:", "code: HNXY-2026-JM-00009-X\ntitle:")})
    message = "提交中不能填写统一编码（HNXY-2026-JM-00009-X）：编码在合并后由主分支统一签发。请删除 code 这一行。"
    assert valid_text("secret.yaml").splitlines()[1].startswith("title:")  # so the code stands on line 2
    assert check_against_base(repo, "main") == [code_diag("base.code_set", (2, 7), message, rel)]


def test_a_code_that_was_not_text_at_base_is_no_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rel = "records/xjlg/coating.yaml"
    root = init_repo(tmp_path, {rel: "# 成果\ncode: 12345\ntitle: 旧\n"}) / "catalog"
    write_files(root, {rel: "# 成果\ncode: 12345\ntitle: 新\n"})
    assert check_against_base(root, "main") == []


def test_code_at_base_of_a_file_missing_there_or_unreadable_is_none(repo):
    assert _code_at(repo, "main", "records/xjlg/coating.yaml") == COATING
    assert _code_at(repo, "main", "records/xjlg/nowhere.yaml") is None
    write_files(repo, {"records/xjlg/broken.yaml": "code: [unclosed\n"})
    git(repo.parent, "add", "-A")
    git(repo.parent, "commit", "-qm", "broken")
    assert _code_at(repo, "main", "records/xjlg/broken.yaml") is None
