"""The deals ledger cannot be hidden or rewritten (issue 24, class 6), with `xyhf check --base` in a
real git repository: a deal moved to a skipped name, out of deals/, renamed with a new number, or
with its number, licensee or payment terms edited after events exist (without an `amended` event)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import coded_catalog, git, init_repo, valid_text, write_files, xyhf_in_process

DEAL = valid_text("deal.yaml")
AMENDED = "  - date: 2026-11-01\n    kind: amended\n    note: 补充协议 XJLG-BC-01 更正承接方名称\n"


def check(repo: Path) -> tuple[int, list[dict]]:
    result = xyhf_in_process("check", "--catalog", "catalog", "--base", "main", "--format", "json", cwd=repo)
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout or "[]")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """main: a holder, two coded records (the patent one licensed) and one deal with two events."""
    monkeypatch.chdir(tmp_path)
    repo = tmp_path / "repo"
    coded_catalog(
        repo / "catalog",
        {
            "holders/xjlg.yaml": valid_text("holder.yaml"),
            "records/xjlg/coating.yaml": valid_text("patent.yaml").replace("status: available", "status: licensed"),
            "records/xjlg/remote-ops.yaml": valid_text("deferred.yaml"),
            "codes.yaml": "codes: []\n",
        },
    )
    write_files(repo / "catalog", {"deals/xjlg/deal-2026-001.yaml": DEAL})
    init_repo(repo, {})
    assert check(repo) == (0, [])
    return repo


@pytest.mark.parametrize(
    "target",
    ["deals/xjlg/README.md", "deals/xjlg/.gitkeep", "deals/xjlg/.deal.yaml", "deals/.hidden/deal.yaml", "deals/xjlg/.old/x.yaml"],
)
def test_a_deal_renamed_to_a_name_the_loader_used_to_skip_is_an_error(repo, target):
    (repo / "catalog" / target).parent.mkdir(parents=True, exist_ok=True)
    git(repo, "mv", "catalog/deals/xjlg/deal-2026-001.yaml", f"catalog/{target}")
    code, items = check(repo)
    assert code == 1
    named = [i for i in items if i["file"].endswith(target)]
    assert named and "合同" in named[0]["message"], items


@pytest.mark.parametrize("target", ["README.md", ".deal.yaml", ".hidden/deal.yaml", "records/xjlg/deal-2026-001.yaml"])
def test_a_deal_moved_out_of_deals_is_a_deletion(repo, target):
    (repo / "catalog" / target).parent.mkdir(parents=True, exist_ok=True)
    git(repo, "mv", "catalog/deals/xjlg/deal-2026-001.yaml", f"catalog/{target}")
    code, items = check(repo)
    deleted = [i for i in items if i["rule"] == "base.deal_deleted"]
    assert code == 1 and deleted and deleted[0]["file"].endswith("deals/xjlg/deal-2026-001.yaml"), items


def test_a_rename_keeps_the_contract_number(repo):
    git(repo, "mv", "catalog/deals/xjlg/deal-2026-001.yaml", "catalog/deals/xjlg/renamed.yaml")
    assert check(repo) == (0, [])
    write_files(repo / "catalog", {"deals/xjlg/renamed.yaml": DEAL.replace("XJLG-XYHF-2026-001", "XJLG-XYHF-2026-099") + AMENDED})
    code, items = check(repo)
    assert code == 1 and [i["rule"] for i in items] == ["base.deal_renamed"], items
    assert items[0]["field"] == "contract_no" and "XJLG-XYHF-2026-001" in items[0]["message"]


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("contract_no", "contract_no: XJLG-XYHF-2026-001", "contract_no: XJLG-XYHF-2026-002"),
        ("licensee", "长沙示例新材料有限公司", "长沙另一家新材料有限公司"),
        ("payment", "amount_cny: 100000", "amount_cny: 10000"),
        ("payment", "royalty_percent: 2", "royalty_percent: 1"),
    ],
)
def test_terms_of_a_deal_with_events_change_only_with_an_amended_event(repo, field, old, new):
    edited = DEAL.replace(old, new)
    assert edited != DEAL
    write_files(repo / "catalog", {"deals/xjlg/deal-2026-001.yaml": edited})
    code, items = check(repo)
    assert code == 1 and [(i["rule"], i["field"]) for i in items] == [("base.deal_terms", field)], items
    assert "amended" in items[0]["message"]
    write_files(repo / "catalog", {"deals/xjlg/deal-2026-001.yaml": edited + AMENDED})
    assert check(repo) == (0, [])


def test_an_amended_event_already_on_main_does_not_unlock_a_later_edit(repo):
    write_files(repo / "catalog", {"deals/xjlg/deal-2026-001.yaml": DEAL + AMENDED})
    git(repo, "commit", "-qam", "amended")
    write_files(
        repo / "catalog", {"deals/xjlg/deal-2026-001.yaml": (DEAL + AMENDED).replace("royalty_percent: 2", "royalty_percent: 5")}
    )
    code, items = check(repo)
    assert code == 1 and [i["rule"] for i in items] == ["base.deal_terms"], items


def test_a_deal_without_events_may_still_be_corrected(repo):
    no_events = DEAL[: DEAL.index("events:")]
    write_files(repo / "catalog", {"deals/xjlg/fresh.yaml": no_events.replace("2026-001", "2026-002")})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "fresh deal")
    write_files(repo / "catalog", {"deals/xjlg/fresh.yaml": no_events.replace("2026-001", "2026-003")})
    assert check(repo) == (0, [])
