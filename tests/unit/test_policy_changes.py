"""What a pull request changed, read from git, and the ledger rules judged on it (issue 24): every
`git diff --name-status` status, renames, file and folder names git would quote (space, Chinese,
quotes, a leading dash), a catalog at the repository root, a base that does not exist; then deleted,
moved, edited, appended, removed and reordered deals and follow-up logs. Real git repositories, run
in-process from a directory outside them; every finding is compared whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, git, init_repo, valid_text, write_files
from xyhf.errors import Diagnostic
from xyhf.pipeline import check_catalog
from xyhf.validate.policy import Change, GitError, _git, changed_files, check_against_base, check_ledger_append_only

COATING, REMOTE, NEED = "HNXY-2026-ZL-00001-0", "HNXY-2026-RZ-00001-2", "HNXQ-2026-00001-7"
DEAL_REL, LOG_REL = "deals/xjlg/deal-2026-001.yaml", "followups/430100/2026.yaml"
DEAL, LOG = valid_text("deal.yaml"), valid_text("followups.yaml")
AMENDED = "  - date: 2026-11-01\n    kind: amended\n    note: 补充协议 XJLG-BC-01 更正承接方名称\n"
PAID = "  - date: 2026-11-01\n    kind: paid\n    node: market_launch\n    amount_cny: 100000\n"
ENTRY = "  - date: 2026-11-20\n    broker: cs-li\n    need: HNXQ-2026-00001-7\n    action: call\n    outcome: 更正。\n"
MISSING_BASE = "找不到这个提交，请先 git fetch 取回它，或检查 --base 的写法（分支名、标签或提交号）。"

FILES = {
    "codes.yaml": "codes: []\n",
    "holders/xjlg.yaml": "name: 湘江理工大学\n",
    "records/xjlg/coating.yaml": f"# 成果\ncode: {COATING}\ntitle: 涂层\n",
    "records/xjlg/remote-ops.yaml": f"title: 远程运维\ncode: {REMOTE}\n",
    "needs/430100/casting.yaml": f"code: {NEED}\ntitle: 铸件气孔\n",
    DEAL_REL: DEAL,
    LOG_REL: LOG,
}


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """The process works in a directory outside every repository: git must be run in the catalog's."""
    out = tmp_path / "elsewhere"
    out.mkdir()
    monkeypatch.chdir(out)
    return out


@pytest.fixture
def repo(tmp_path, elsewhere) -> Path:
    """main holds FILES under catalog/; the working tree is the pull request. Returns the catalog root."""
    return init_repo(tmp_path / "repo", FILES) / "catalog"


def shown(root: Path, rel: str) -> str:
    """Outside the working directory a finding names the file by its full path."""
    return (root / rel).as_posix()


def diag(root: Path, rel: str, pos: tuple[int, int], field: str, message: str, rule: str) -> Diagnostic:
    return Diagnostic(shown(root, rel), pos[0], pos[1], field, message, rule=rule)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- changed_files ------------------------------------------------------------------------------


def test_every_status_is_read_whatever_the_users_rename_setting(repo):
    top = repo.parent
    git(top, "config", "diff.renames", "false")  # -M, not the user's setting, finds renames
    write_files(top, {".gitignore": "*.bak\n", "README.md": "说明\n"})
    git(top, "add", "-A")
    git(top, "commit", "-qm", "outside files")
    edit(repo, "records/xjlg/coating.yaml", "涂层", "高熵涂层")  # M
    git(top, "rm", "-q", "catalog/records/xjlg/remote-ops.yaml")  # D
    git(top, "mv", "catalog/needs/430100/casting.yaml", "catalog/needs/430100/cast.yaml")  # R100
    (repo / "holders/xjlg.yaml").unlink()
    (repo / "holders/xjlg.yaml").symlink_to("../codes.yaml")  # T: a file became a link
    write_files(repo, {"records/xjlg/staged.yaml": "title: 新\n", "records/xjlg/loose.yaml": "title: 未跟踪\n"})
    write_files(repo, {"records/zzgy/loose.yaml": "title: 又一个\n"})
    git(top, "add", "catalog/records/xjlg/staged.yaml")  # A
    write_files(repo, {"records/xjlg/old.bak": "x\n"})  # ignored: not a change
    write_files(top, {"README.md": "改了\n", "notes.txt": "x\n", "docs/a.yaml": "x: 1\n"})  # outside the catalog
    assert changed_files(repo, "main") == [
        Change("M", "holders/xjlg.yaml", "holders/xjlg.yaml"),
        Change("R", "needs/430100/casting.yaml", "needs/430100/cast.yaml"),
        Change("M", "records/xjlg/coating.yaml", "records/xjlg/coating.yaml"),
        Change("D", "records/xjlg/remote-ops.yaml", None),
        Change("A", None, "records/xjlg/staged.yaml"),
        Change("A", None, "records/xjlg/loose.yaml"),
        Change("A", None, "records/zzgy/loose.yaml"),
    ]


def test_a_rename_with_edits_carries_a_score_and_is_still_a_rename(repo):
    git(repo.parent, "mv", "catalog/" + DEAL_REL, "catalog/deals/xjlg/renamed.yaml")
    edit(repo, "deals/xjlg/renamed.yaml", "中试报告 XJLG-ZS-01", "中试报告 XJLG-ZS-02")
    out = git(repo.parent, "diff", "--name-status", "-M", "main")
    assert out.startswith("R0") and not out.startswith("R100")  # a similarity score below 100
    assert changed_files(repo, "main") == [Change("R", DEAL_REL, "deals/xjlg/renamed.yaml")]


ODD = ["records/xjlg/a b.yaml", "records/xjlg/涂层.yaml", 'records/xjlg/q"t.yaml', "records/xjlg/-dash.yaml"]


def test_names_git_would_quote_are_read_as_they_are(tmp_path, elsewhere):
    """A folder named in Chinese with a space, files with a space, Chinese, a double quote, a leading dash."""
    top = tmp_path / "repo"
    init_repo(top, {"x.yaml": "x: 1\n"})
    root = top / "成果 库"
    write_files(root, {rel: f"code: {COATING}\n" for rel in ODD})
    git(top, "add", "-A")
    git(top, "commit", "-qm", "odd names")
    edit(root, ODD[0], COATING, REMOTE)
    git(top, "rm", "-q", "成果 库/" + ODD[1])
    git(top, "mv", "成果 库/" + ODD[2], "成果 库/records/xjlg/-新 名.yaml")
    write_files(root, {'records/xjlg/新 "记录".yaml': "title: 新\n"})
    assert changed_files(root, "main") == [
        Change("R", ODD[2], "records/xjlg/-新 名.yaml"),
        Change("M", ODD[0], ODD[0]),
        Change("D", ODD[1], None),
        Change("A", None, 'records/xjlg/新 "记录".yaml'),
    ]
    changed = f"不能修改统一编码：原编码 {COATING} 永不改变，也不能换用别的编码。请改回 code: {REMOTE}。"
    changed = changed.replace(f"请改回 code: {REMOTE}", f"请改回 code: {COATING}")
    deleted = "不能删除已提交的成果记录：编码和历史记录要保留。请恢复此文件，如不再推广，把 status 改为 withdrawn（撤回）。"
    assert check_against_base(root, "main") == [
        diag(root, ODD[0], (1, 7), "code", changed, "base.code_changed"),
        diag(root, ODD[1], (1, 1), "", deleted, "base.deleted"),
    ]


def test_a_catalog_at_the_root_of_its_repository(tmp_path, elsewhere):
    top = init_repo(tmp_path / "repo", {"x.yaml": "x: 1\n"})
    write_files(top, FILES)
    git(top, "add", "-A")
    git(top, "commit", "-qm", "catalog at the root")
    edit(top, "records/xjlg/coating.yaml", COATING, "HNXY-2026-ZL-00002-8")
    (top / "records/xjlg/remote-ops.yaml").unlink()
    write_files(top, {"records/xjlg/new.yaml": "title: 新\n"})
    assert changed_files(top, "main") == [
        Change("M", "records/xjlg/coating.yaml", "records/xjlg/coating.yaml"),
        Change("D", "records/xjlg/remote-ops.yaml", None),
        Change("A", None, "records/xjlg/new.yaml"),
    ]
    message = f"不能修改统一编码：原编码 {COATING} 永不改变，也不能换用别的编码。请改回 code: {COATING}。"
    deleted = "不能删除已提交的成果记录：编码和历史记录要保留。请恢复此文件，如不再推广，把 status 改为 withdrawn（撤回）。"
    assert check_against_base(top, "main") == [
        diag(top, "records/xjlg/coating.yaml", (2, 7), "code", message, "base.code_changed"),
        diag(top, "records/xjlg/remote-ops.yaml", (1, 1), "", deleted, "base.deleted"),
    ]


def test_no_change_is_an_empty_list(repo):
    assert changed_files(repo, "main") == []
    assert check_against_base(repo, "main") == []


@pytest.mark.parametrize("base", ["no-such-rev", "main..main", "main:catalog", "main~1"])
def test_a_base_that_is_not_one_commit_is_refused_in_chinese(repo, base):
    with pytest.raises(GitError) as caught:
        changed_files(repo, base)
    assert str(caught.value) == MISSING_BASE


def test_a_missing_base_through_check_catalog_is_one_located_finding(repo):
    report, _ = check_catalog(repo, TODAY, base="no-such-rev")
    found = [d for d in report.errors if d.rule == "base.git"]
    assert found == [Diagnostic(str(repo), 1, 1, "", f"无法与基准版本 no-such-rev 比较：{MISSING_BASE}", rule="base.git")]


def test_a_folder_outside_any_repository_says_what_git_said(tmp_path, elsewhere):
    with pytest.raises(GitError) as caught:
        changed_files(tmp_path / "elsewhere", "main")
    assert str(caught.value) == "fatal: not a git repository (or any of the parent directories): .git"


def test_a_git_failure_without_a_word_of_its_own_is_named_in_chinese(repo):
    with pytest.raises(GitError) as caught:
        _git(repo, "rev-parse", "--verify", "--quiet", "nope")
    assert str(caught.value) == "git rev-parse --verify --quiet nope 出错，未说明原因（退出码 1）"


def test_a_ledger_over_the_record_size_limit_is_still_read_at_the_base(tmp_path, elsewhere):
    """The ledger may pass 1 MiB (the limit for a record); at the base it is read up to 256 MiB."""
    lines = [
        f"  - code: HNXY-2026-ZL-{i:05d}-0\n    path: records/holder-{i:05d}/a-long-record-name-{i:05d}.yaml\n"
        for i in range(14000)
    ]
    text = "codes:\n" + "".join(lines)
    assert len(text.encode()) > 1 << 20
    root = init_repo(tmp_path / "repo", {"codes.yaml": text}) / "catalog"
    message = (
        "统一编码台账被手工修改：main 中的第 14000 条（HNXY-2026-ZL-13999-0）已不在原位或内容已变。台账只能追加，"
        "请恢复 codes.yaml 后再签发编码（git checkout <上一版本> -- catalog/codes.yaml）。"
    )
    current = [
        {"code": f"HNXY-2026-ZL-{i:05d}-0", "path": f"records/holder-{i:05d}/a-long-record-name-{i:05d}.yaml"}
        for i in range(13999)
    ]
    assert check_ledger_append_only(root, "main", current) == [
        Diagnostic(shown(root, "codes.yaml"), 1, 1, "codes[13999]", message, rule="ledger.edited")
    ]


# --- check_against_base: which rule judges which change ---------------------------------------------

LEDGER = (
    "统一编码台账 codes.yaml 只能由主分支上的 xyhf assign-codes 修改。请撤销对它的改动"
    "（git checkout <基准分支> -- catalog/codes.yaml）。"
)
DELETED = "不能删除已提交的成果记录：编码和历史记录要保留。请恢复此文件，如不再推广，把 status 改为 withdrawn（撤回）。"


def deal_events(i: int, day: str) -> str:
    return (
        f"已有的履约记录（第 {i + 1} 条，{day}）"
        "不能修改或删除：记录只能追加。要更正，请在末尾追加一条 kind: amended 的记录并在 note 里说明。"
    )


def entry_edited(i: int, day: str) -> str:
    return (
        f"已有的跟踪记录（第 {i + 1} 条，{day}）不能修改或删除：记录只能追加。"
        "要更正，请在末尾追加一条新记录，在 outcome 里写明更正了什么。"
    )


def followup_deleted(where: str = "") -> str:
    return f"不能删除或移动已有的跟踪服务记录文件{where}：记录要保留。写错了请在末尾追加一条更正的记录。"


def deal_deleted(where: str = "") -> str:
    return f"不能删除或移出已登记的合同{where}：履约记录要保留。合同终止请追加一条 kind: terminated 的履约记录。"


def test_each_kind_of_change_is_judged_and_the_ones_after_it_too(repo):
    """In path order: the ledger, a deal, a follow-up log, a holder (no rule), a deleted need, a record."""
    edit(repo, "codes.yaml", "codes: []", "codes: [] # 手工")
    edit(repo, DEAL_REL, "中试报告 XJLG-ZS-01", "中试报告 XJLG-ZS-02")
    edit(repo, LOG_REL, "取回三个铸件样品", "取回两个铸件样品")
    edit(repo, "holders/xjlg.yaml", "湘江", "湘江新")
    (repo / "needs/430100/casting.yaml").unlink()
    edit(repo, "records/xjlg/coating.yaml", f"code: {COATING}\n", "")
    removed = f"不能删除已签发的统一编码 {COATING}：编码永不改变。请恢复 code: {COATING}。"
    assert check_against_base(repo, "main") == [
        diag(repo, "codes.yaml", (1, 1), "", LEDGER, "base.ledger"),
        diag(repo, DEAL_REL, (27, 5), "events[0]", deal_events(0, "2026-07-01"), "base.deal_events"),
        diag(repo, LOG_REL, (16, 5), "entries[2]", entry_edited(2, "2026-11-05"), "base.followup_edited"),
        diag(repo, "needs/430100/casting.yaml", (1, 1), "", DELETED, "base.deleted"),
        diag(repo, "records/xjlg/coating.yaml", (2, 1), "code", removed, "base.code_removed"),
    ]


def test_a_deleted_or_renamed_ledger_is_the_ledger_rule(repo):
    git(repo.parent, "rm", "-q", "catalog/codes.yaml")
    assert check_against_base(repo, "main") == [diag(repo, "codes.yaml", (1, 1), "", LEDGER, "base.ledger")]
    git(repo.parent, "checkout", "-q", "main", "--", "catalog/codes.yaml")
    git(repo.parent, "mv", "catalog/codes.yaml", "catalog/codes-old.yaml")
    assert check_against_base(repo, "main") == [diag(repo, "codes.yaml", (1, 1), "", LEDGER, "base.ledger")]


def test_a_record_moved_out_of_records_is_a_deletion_wherever_it_went(repo):
    """Before: a record moved into deals/ or holders/ was judged by the folder it went to and passed here."""
    git(repo.parent, "mv", "catalog/records/xjlg/coating.yaml", "catalog/deals/xjlg/coating.yaml")
    git(repo.parent, "mv", "catalog/records/xjlg/remote-ops.yaml", "catalog/holders/remote-ops.yaml")
    git(repo.parent, "mv", "catalog/needs/430100/casting.yaml", "catalog/holders/casting.yaml")
    assert check_against_base(repo, "main") == [  # in the order of the paths they went to
        diag(repo, "records/xjlg/coating.yaml", (1, 1), "", DELETED, "base.deleted"),
        diag(repo, "needs/430100/casting.yaml", (1, 1), "", DELETED, "base.deleted"),
        diag(repo, "records/xjlg/remote-ops.yaml", (1, 1), "", DELETED, "base.deleted"),
    ]


def test_a_record_moved_in_from_a_folder_without_rules_may_not_bring_a_code(repo):
    body = "".join(f"note{i}: 第 {i} 行说明文字\n" for i in range(12))
    write_files(repo, {"promotion/old.yaml": body})
    git(repo.parent, "add", "-A")
    git(repo.parent, "commit", "-qm", "a misplaced file")
    git(repo.parent, "mv", "catalog/promotion/old.yaml", "catalog/records/xjlg/old.yaml")
    write_files(repo, {"records/xjlg/old.yaml": f"code: {REMOTE}\n" + body})
    assert changed_files(repo, "main") == [Change("R", "promotion/old.yaml", "records/xjlg/old.yaml")]
    message = f"提交中不能填写统一编码（{REMOTE}）：编码在合并后由主分支统一签发。请删除 code 这一行。"
    assert check_against_base(repo, "main") == [diag(repo, "records/xjlg/old.yaml", (1, 7), "code", message, "base.code_set")]


def test_a_record_unreadable_at_the_base_had_no_code_there(repo):
    write_files(repo, {"records/xjlg/broken.yaml": "code: [unclosed\n"})
    git(repo.parent, "add", "-A")
    git(repo.parent, "commit", "-qm", "broken record")
    write_files(repo, {"records/xjlg/broken.yaml": f"code: {COATING}\n"})
    message = f"提交中不能填写统一编码（{COATING}）：编码在合并后由主分支统一签发。请删除 code 这一行。"
    assert check_against_base(repo, "main") == [diag(repo, "records/xjlg/broken.yaml", (1, 7), "code", message, "base.code_set")]


# --- deals ---------------------------------------------------------------------------------------


def test_a_deleted_deal_is_named_at_its_old_path(repo):
    git(repo.parent, "rm", "-q", "catalog/" + DEAL_REL)
    assert check_against_base(repo, "main") == [diag(repo, DEAL_REL, (1, 1), "", deal_deleted(), "base.deal_deleted")]


def test_a_deal_moved_out_of_deals_says_where_it_went(repo):
    git(repo.parent, "mv", "catalog/" + DEAL_REL, "catalog/records/xjlg/deal.yaml")
    where = "（改名为 records/xjlg/deal.yaml，网站会看不到它）"
    assert check_against_base(repo, "main") == [diag(repo, DEAL_REL, (1, 1), "", deal_deleted(where), "base.deal_deleted")]


def test_a_deal_renamed_within_deals_keeps_its_number(repo):
    new = "deals/xjlg/renamed.yaml"
    git(repo.parent, "mv", "catalog/" + DEAL_REL, "catalog/" + new)
    assert check_against_base(repo, "main") == []
    edit(repo, new, "contract_no: XJLG-XYHF-2026-001", "contract_no: XJLG-XYHF-2026-099")
    write_files(repo, {new: (repo / new).read_text(encoding="utf-8") + AMENDED})
    message = (
        f"合同文件从 {DEAL_REL} 改名为 {new}，合同编号也从 XJLG-XYHF-2026-001 变成了 XJLG-XYHF-2026-099："
        "改名时合同编号不能变。请改回原编号；如编号确有错误，请先在原文件追加 kind: amended 的记录并说明，再单独更正。"
    )
    assert check_against_base(repo, "main") == [diag(repo, new, (3, 14), "contract_no", message, "base.deal_renamed")]


def test_a_file_moved_into_deals_from_a_folder_without_rules_is_a_new_deal(repo):
    write_files(repo, {"promotion/2026.yaml": "contract_no: XJLG-XYHF-2026-050\nevents: [{date: 2026-01-01}]\n"})
    git(repo.parent, "add", "-A")
    git(repo.parent, "commit", "-qm", "misplaced")
    git(repo.parent, "mv", "catalog/promotion/2026.yaml", "catalog/deals/xjlg/deal-2026-050.yaml")
    edit(repo, "deals/xjlg/deal-2026-050.yaml", "2026-050", "2026-051")
    assert check_against_base(repo, "main") == []


def test_events_appended_pass_and_an_amended_one_unlocks_the_terms(repo):
    write_files(repo, {DEAL_REL: DEAL + PAID})
    assert check_against_base(repo, "main") == []
    write_files(repo, {DEAL_REL: DEAL.replace("长沙示例新材料有限公司", "长沙另一家新材料有限公司") + AMENDED})
    assert check_against_base(repo, "main") == []


@pytest.mark.parametrize(
    ("key", "old", "new", "pos"),
    [
        ("contract_no", "XJLG-XYHF-2026-001", "XJLG-XYHF-2026-002", (3, 14)),
        ("licensee", "长沙示例新材料有限公司", "长沙另一家新材料有限公司", (6, 3)),
        ("payment", "royalty_percent: 2", "royalty_percent: 1", (14, 3)),
    ],
)
def test_an_appended_event_that_is_not_amended_does_not_unlock_the_terms(repo, key, old, new, pos):
    write_files(repo, {DEAL_REL: DEAL.replace(old, new) + PAID})
    label = {"contract_no": "合同编号", "licensee": "承接方", "payment": "付款约定"}[key]
    message = (
        f"合同已有履约记录，{label}（{key}）不能直接修改：如签了补充协议或要更正，"
        "请同时在 events 末尾追加一条 kind: amended 的记录，在 note 里写明改了什么及依据（如补充协议编号）。"
    )
    assert check_against_base(repo, "main") == [diag(repo, DEAL_REL, pos, key, message, "base.deal_terms")]


def test_a_deal_with_an_empty_events_list_may_still_be_corrected(repo):
    rel = "deals/xjlg/fresh.yaml"
    write_files(repo, {rel: DEAL[: DEAL.index("events:")] + "events: []\n"})
    git(repo.parent, "add", "-A")
    git(repo.parent, "commit", "-qm", "fresh deal")
    edit(repo, rel, "长沙示例新材料有限公司", "长沙另一家新材料有限公司")
    assert check_against_base(repo, "main") == []


def last_event_removed() -> str:
    return DEAL[: DEAL.index("  - date: 2026-07-20")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            DEAL.replace("node: tech_validation\n    amount_cny: 50000", "node: tech_validation\n    amount_cny: 5000"),
            ("events[1]", "2026-07-20", (31, 5)),
        ),
        (last_event_removed(), ("events[1]", "2026-07-20", (27, 3))),  # the list itself
        (DEAL[: DEAL.index("events:")], ("events[0]", "2026-07-01", (2, 1))),  # the mapping: its first key
        (
            DEAL[: DEAL.index("  - date: 2026-07-01")]
            + DEAL[DEAL.index("  - date: 2026-07-20") :]
            + DEAL[DEAL.index("  - date: 2026-07-01") : DEAL.index("  - date: 2026-07-20")],
            ("events[0]", "2026-07-01", (27, 5)),
        ),
    ],
    ids=["edited", "last-removed", "all-removed", "reordered"],
)
def test_events_edited_removed_or_reordered_are_named(repo, text, expected):
    field, day, pos = expected
    i = int(field[-2])
    write_files(repo, {DEAL_REL: text})
    assert check_against_base(repo, "main") == [diag(repo, DEAL_REL, pos, field, deal_events(i, day), "base.deal_events")]


def test_an_event_that_was_not_a_mapping_is_named_without_a_date(repo):
    rel = "deals/xjlg/odd.yaml"
    write_files(repo, {rel: "contract_no: X-1\nevents:\n  - 只是一句话\n"})
    git(repo.parent, "add", "-A")
    git(repo.parent, "commit", "-qm", "odd deal")
    write_files(repo, {rel: "contract_no: X-1\nevents:\n  - 改了一句话\n"})
    assert check_against_base(repo, "main") == [diag(repo, rel, (3, 5), "events[0]", deal_events(0, ""), "base.deal_events")]


@pytest.mark.parametrize("content", ["contract_no: [unclosed\n", "- a list\n", ""], ids=["syntax", "list", "empty"])
def test_an_unreadable_deal_is_left_to_the_loader(repo, content):
    write_files(repo, {DEAL_REL: content})
    assert check_against_base(repo, "main") == []


def test_deals_and_logs_are_read_as_utf8_whatever_the_locale(repo, ascii_locale):
    write_files(
        repo, {DEAL_REL: DEAL.replace("长沙示例新材料有限公司", "长沙另一家新材料有限公司"), LOG_REL: LOG.replace("三个", "两个")}
    )
    with pytest.raises(UnicodeDecodeError):
        (repo / DEAL_REL).read_text(encoding=None)
    message = (
        "合同已有履约记录，承接方（licensee）不能直接修改：如签了补充协议或要更正，"
        "请同时在 events 末尾追加一条 kind: amended 的记录，在 note 里写明改了什么及依据（如补充协议编号）。"
    )
    assert check_against_base(repo, "main") == [
        diag(repo, DEAL_REL, (6, 3), "licensee", message, "base.deal_terms"),
        diag(repo, LOG_REL, (16, 5), "entries[2]", entry_edited(2, "2026-11-05"), "base.followup_edited"),
    ]


# --- follow-up logs ---------------------------------------------------------------------------------


def test_a_log_with_entries_appended_or_a_new_log_passes(repo):
    write_files(repo, {LOG_REL: LOG + ENTRY, "followups/430100/2027.yaml": ENTRY.join(["entries:\n", ""])})
    assert check_against_base(repo, "main") == []


def test_a_deleted_log_is_named_at_its_path(repo):
    (repo / LOG_REL).unlink()
    assert check_against_base(repo, "main") == [diag(repo, LOG_REL, (1, 1), "", followup_deleted(), "base.followup_deleted")]


@pytest.mark.parametrize("target", ["followups/430100/2025.yaml", "followups/430200/2026.yaml", "deals/xjlg/2026.yaml"])
def test_a_moved_log_says_where_it_went(repo, target):
    """Into deals/ too: before, the deals rule judged that move and let it pass."""
    (repo / target).parent.mkdir(parents=True, exist_ok=True)
    git(repo.parent, "mv", "catalog/" + LOG_REL, "catalog/" + target)
    message = followup_deleted(f"（改名为 {target}）")
    assert check_against_base(repo, "main") == [diag(repo, LOG_REL, (1, 1), "", message, "base.followup_deleted")]


def test_a_log_unreadable_at_the_base_binds_nothing(repo):
    write_files(repo, {"followups/430200/2026.yaml": "entries: [unclosed\n"})
    git(repo.parent, "add", "-A")
    git(repo.parent, "commit", "-qm", "broken log")
    write_files(repo, {"followups/430200/2026.yaml": ENTRY.join(["entries:\n", ""])})
    assert check_against_base(repo, "main") == []


@pytest.mark.parametrize(
    "content",
    ["entries: [unclosed\n", "- a list\n", "entries: 都删了\n", "note: 没有 entries\n"],
    ids=["syntax", "list", "scalar", "absent"],
)
def test_a_log_the_schema_will_refuse_is_left_to_it(repo, content):
    write_files(repo, {LOG_REL: content})
    assert check_against_base(repo, "main") == []


def entries_removed(keep: int) -> str:
    starts = [i for i in range(len(LOG)) if LOG.startswith("  - date:", i)]
    return LOG[: starts[keep]] if keep else "entries: []\n"


@pytest.mark.parametrize(
    ("text", "field", "day", "pos"),
    [
        (LOG.replace("电话了解", "电话询问"), "entries[0]", "2026-10-10", (3, 5)),
        (entries_removed(2) + ENTRY, "entries[2]", "2026-11-05", (16, 5)),
        (entries_removed(2), "entries[2]", "2026-11-05", (11, 5)),
        (entries_removed(0), "entries[0]", "2026-10-10", (1, 1)),
    ],
    ids=["edited", "last-replaced", "last-removed", "all-removed"],
)
def test_log_entries_edited_or_removed_are_named(repo, text, field, day, pos):
    write_files(repo, {LOG_REL: text})
    i = int(field[-2])
    assert check_against_base(repo, "main") == [diag(repo, LOG_REL, pos, field, entry_edited(i, day), "base.followup_edited")]


def test_reordered_log_entries_are_named_at_the_first_moved(repo):
    starts = [i for i in range(len(LOG)) if LOG.startswith("  - date:", i)]
    head, first, second, third = LOG[: starts[0]], LOG[starts[0] : starts[1]], LOG[starts[1] : starts[2]], LOG[starts[2] :]
    write_files(repo, {LOG_REL: head + first + third + second})
    assert check_against_base(repo, "main") == [
        diag(repo, LOG_REL, (11, 5), "entries[1]", entry_edited(1, "2026-10-20"), "base.followup_edited")
    ]


def test_an_entry_that_was_not_a_mapping_is_named_without_a_date(repo):
    rel = "followups/430200/2026.yaml"
    write_files(repo, {rel: "entries:\n  - 只是一句话\n"})
    git(repo.parent, "add", "-A")
    git(repo.parent, "commit", "-qm", "odd log")
    write_files(repo, {rel: "entries:\n  - 改了一句话\n"})
    assert check_against_base(repo, "main") == [
        diag(repo, rel, (2, 5), "entries[0]", entry_edited(0, ""), "base.followup_edited")
    ]


def test_a_need_moved_to_another_city_keeping_its_code_passes(repo):
    (repo / "needs/430200").mkdir()
    git(repo.parent, "mv", "catalog/needs/430100/casting.yaml", "catalog/needs/430200/casting.yaml")
    assert changed_files(repo, "main") == [Change("R", "needs/430100/casting.yaml", "needs/430200/casting.yaml")]
    assert check_against_base(repo, "main") == []
