"""Rules that compare the catalog with a git revision (`xyhf check --base REV`).

A pull request may add and edit records, but codes are issued on main only, the ledger is
written only by `xyhf assign-codes`, and a listed record is never deleted (withdraw it).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from xyhf.source.discover import display_path
from xyhf.errors import Diagnostic
from xyhf.source.yaml_checks import LEDGER_MAX_BYTES
from xyhf.source.yaml_loader import Source, parse_yaml


class GitError(Exception):
    pass


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {' '.join(args)} 出错，未说明原因（退出码 {result.returncode}）")
    return result.stdout


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D or R
    old: str | None  # path relative to the catalog root
    new: str | None


def changed_files(root: Path, base: str) -> list[Change]:
    """Catalog files changed between `base` and the working tree, renames detected. Paths are read
    NUL-separated (-z): git otherwise quotes and escapes a name with non-ASCII bytes, quotes or
    backslashes, and a catalog folder named in Chinese would then match no rule at all."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    try:
        _git(root, "rev-parse", "--verify", f"{base}^{{commit}}")
    except GitError:
        raise GitError("找不到这个提交，请先 git fetch 取回它，或检查 --base 的写法（分支名、标签或提交号）。") from None
    out = _git(top, "diff", "--name-status", "-z", "-M", base, "--", prefix or ".")
    changes = _name_status(out, prefix)
    untracked = _git(top, "ls-files", "-z", "--others", "--exclude-standard", "--", prefix or ".")
    for path in untracked.split("\0")[:-1]:
        changes.append(Change("A", None, path[len(prefix) :]))
    return changes


def _name_status(out: str, prefix: str) -> list[Change]:
    """`git diff --name-status -z -M`: a status field (a rename carries its score, R087), then one path, two for R."""
    fields = out.split("\0")[:-1]
    changes = []
    i = 0
    while i < len(fields):
        status = fields[i][0]
        count = 2 if status == "R" else 1
        paths = [p[len(prefix) :] for p in fields[i + 1 : i + 1 + count]]  # all under the pathspec `prefix`
        i += 1 + count
        if status == "R":
            changes.append(Change("R", paths[0], paths[1]))
        elif status == "D":
            changes.append(Change("D", paths[0], None))
        elif status in "AMT":
            changes.append(Change("A" if status == "A" else "M", None if status == "A" else paths[0], paths[0]))
    return changes


def data_at(root: Path, base: str, rel: str) -> dict | None:
    """A catalog file's data as it was at `base` (None if absent there or unreadable)."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    spec = f"{base}:{rel}" if prefix == "." else f"{base}:{prefix}/{rel}"
    try:
        text = _git(top, "show", spec)
    except GitError:
        return None
    source, _ = parse_yaml(text, Path(rel), rel, max_bytes=LEDGER_MAX_BYTES)
    return source.data if source else None


def _code_at(root: Path, base: str, rel: str) -> str | None:
    data = data_at(root, base, rel)
    code = data.get("code") if data else None
    return code if isinstance(code, str) else None


def check_ledger_append_only(root: Path, base: str, current: list[dict]) -> list[Diagnostic]:
    """The ledger at `base` must be an unchanged prefix of the current one. Run by the publish job
    before it issues codes, so a hand edit on main (say, removing the last entry so that code
    would be issued again) stops the job instead of corrupting the sequence."""
    before = data_at(root, base, "codes.yaml") or {}
    entries: list = before["codes"] if isinstance(before.get("codes"), list) else []
    display = display_path(root / "codes.yaml")
    for i, entry in enumerate(entries):
        if i >= len(current) or current[i] != entry:
            code = entry.get("code") if isinstance(entry, dict) else entry
            return [
                Diagnostic(
                    display,
                    1,
                    1,
                    f"codes[{i}]",
                    f"统一编码台账被手工修改：{base} 中的第 {i + 1} 条（{code}）"
                    "已不在原位或内容已变。台账只能追加，请恢复 codes.yaml 后再签发编码"
                    "（git checkout <上一版本> -- catalog/codes.yaml）。",
                    rule="ledger.edited",
                )
            ]
    return []


def _current(root: Path, rel: str) -> tuple[str | None, tuple[int, int]]:
    path = root / rel
    try:
        source, _ = parse_yaml(path.read_text(encoding="utf-8-sig"), path, rel)
    except (OSError, UnicodeDecodeError):
        return None, (1, 1)
    if source is None:
        return None, (1, 1)
    code = source.data.get("code")
    return (code if isinstance(code, str) else None), source.position(("code",))


def touched_holders(changes: list[Change]) -> dict[str, str]:
    """Holder id → one changed file of that holder (its records folder or its holder file)."""
    touched: dict[str, str] = {}
    for change in changes:
        for rel in (change.old or "", change.new or ""):
            parts = rel.split("/")
            if parts[0] in ("records", "deals") and len(parts) == 3:
                touched.setdefault(parts[1], rel)
            elif parts[0] == "holders" and len(parts) == 2:
                touched.setdefault(parts[1].removesuffix(".yaml"), rel)
    return touched


_LEDGER = (
    "统一编码台账 codes.yaml 只能由主分支上的 xyhf assign-codes 修改。请撤销对它的改动"
    "（git checkout <基准分支> -- catalog/codes.yaml）。"
)
_DELETED = "不能删除已提交的成果记录：编码和历史记录要保留。请恢复此文件，如不再推广，把 status 改为 withdrawn（撤回）。"
_JUDGED = ("deals", "followups", "records", "needs")  # the folders whose files a pull request may not drop


def check_against_base(root: Path, base: str, changes: list[Change] | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for change in changes if changes is not None else changed_files(root, base):
        out.extend(_judge(root, base, change))
    return out


def _judge(root: Path, base: str, change: Change) -> list[Diagnostic]:
    if "codes.yaml" in (change.old, change.new):
        return [_deal_diag(root, "codes.yaml", (1, 1), "", _LEDGER, "base.ledger")]
    rel = change.new or change.old or ""
    home = (change.old or rel).split("/")[0]  # a moved file is judged by the folder it left,
    if home not in _JUDGED:
        home = rel.split("/")[0]  # or, coming from a folder without such rules, by where it went
    if home == "deals":
        return _deal_change(root, base, change)
    if home == "followups":
        return _followup_change(root, base, change)
    if home in ("records", "needs"):
        return _record_change(root, base, change)
    return []


def _record_change(root: Path, base: str, change: Change) -> list[Diagnostic]:
    """A record or need is never deleted nor moved out of records/ and needs/, and its code is issued on main only."""
    if change.status == "D" or change.new is None or not change.new.startswith(("records/", "needs/")):
        return [_deal_diag(root, change.old or "", (1, 1), "", _DELETED, "base.deleted")]
    old_code = _code_at(root, base, change.old) if change.old else None
    new_code, pos = _current(root, change.new)
    if old_code is None and new_code is not None:
        message = f"提交中不能填写统一编码（{new_code}）：编码在合并后由主分支统一签发。请删除 code 这一行。"
        return [_deal_diag(root, change.new, pos, "code", message, "base.code_set")]
    if old_code is not None and new_code is None:
        message = f"不能删除已签发的统一编码 {old_code}：编码永不改变。请恢复 code: {old_code}。"
        return [_deal_diag(root, change.new, pos, "code", message, "base.code_removed")]
    if old_code is not None and new_code != old_code:
        message = f"不能修改统一编码：原编码 {old_code} 永不改变，也不能换用别的编码。请改回 code: {old_code}。"
        return [_deal_diag(root, change.new, pos, "code", message, "base.code_changed")]
    return []


def maintainers_at(root: Path, base: str, holder_ids: list[str]) -> dict[str, list[str] | None]:
    """Each holder's maintainers as of `base` (None: the holder file did not exist there)."""
    out: dict[str, list[str] | None] = {}
    for holder_id in holder_ids:
        data = data_at(root, base, f"holders/{holder_id}.yaml")
        value = data.get("maintainers") if data else None
        out[holder_id] = [m for m in value if isinstance(m, str)] if isinstance(value, list) else (None if data is None else [])
    return out


_TERMS = {"contract_no": "合同编号", "licensee": "承接方", "payment": "付款约定"}  # fixed once events exist


def _deal_diag(root: Path, rel: str, pos: tuple[int, int], field: str, message: str, rule: str) -> Diagnostic:
    return Diagnostic(display_path(root / rel), pos[0], pos[1], field, message, rule=rule)


def _deal_change(root: Path, base: str, change: Change) -> list[Diagnostic]:
    """Deals are a ledger too: never deleted nor moved out of deals/, a rename keeps the contract
    number, events are only appended, and once a deal has events its number, licensee and payment
    terms change only together with a newly appended `amended` event."""
    if change.status == "D" or change.new is None or not change.new.startswith("deals/"):
        where = f"（改名为 {change.new}，网站会看不到它）" if change.new else ""
        message = f"不能删除或移出已登记的合同{where}：履约记录要保留。合同终止请追加一条 kind: terminated 的履约记录。"
        return [_deal_diag(root, change.old or "", (1, 1), "", message, "base.deal_deleted")]
    before = data_at(root, base, change.old) if change.old and change.old.startswith("deals/") else None
    if not isinstance(before, dict):
        return []  # a new deal (or a file moved in from elsewhere, judged where it came from)
    path = root / change.new
    try:
        source, _ = parse_yaml(path.read_text(encoding="utf-8-sig"), path, change.new)
    except (OSError, UnicodeDecodeError):
        return []
    if source is None or not isinstance(source.data, dict):
        return []
    rel = change.new
    return (
        _renamed_number(root, change, before, source)
        or _events_appended(root, rel, before, source)
        or _terms_kept(root, rel, before, source)
    )


def _renamed_number(root: Path, change: Change, before: dict, source: Source) -> list[Diagnostic]:
    old, new = before.get("contract_no"), source.data.get("contract_no")
    if change.status != "R" or new == old:
        return []
    message = (
        f"合同文件从 {change.old} 改名为 {change.new}，合同编号也从 {old} 变成了 {new}：改名时合同编号不能变。"
        "请改回原编号；如编号确有错误，请先在原文件追加 kind: amended 的记录并说明，再单独更正。"
    )
    return [_deal_diag(root, change.new or "", source.position(("contract_no",)), "contract_no", message, "base.deal_renamed")]


def _events_appended(root: Path, rel: str, before: dict, source: Source) -> list[Diagnostic]:
    old_events = before.get("events")
    if not isinstance(old_events, list):
        old_events = []
    new_events = source.data.get("events")
    if not isinstance(new_events, list):
        new_events = []
    for i, event in enumerate(old_events):
        if i >= len(new_events) or new_events[i] != event:
            message = (
                f"已有的履约记录（第 {i + 1} 条，{event.get('date') if isinstance(event, dict) else ''}）"
                "不能修改或删除：记录只能追加。要更正，请在末尾追加一条 kind: amended 的记录并在 note 里说明。"
            )
            return [_deal_diag(root, rel, source.position(("events", i)), f"events[{i}]", message, "base.deal_events")]
    return []


def _terms_kept(root: Path, rel: str, before: dict, source: Source) -> list[Diagnostic]:
    old_events = before.get("events")
    if not isinstance(old_events, list) or not old_events:
        return []  # no performance recorded yet: the registration itself may still be corrected
    new_events = source.data.get("events")
    appended = new_events[len(old_events) :] if isinstance(new_events, list) else []
    if any(isinstance(e, dict) and e.get("kind") == "amended" for e in appended):
        return []
    out = []
    for key, label in _TERMS.items():
        if source.data.get(key) != before.get(key):
            message = (
                f"合同已有履约记录，{label}（{key}）不能直接修改：如签了补充协议或要更正，"
                "请同时在 events 末尾追加一条 kind: amended 的记录，在 note 里写明改了什么及依据（如补充协议编号）。"
            )
            out.append(_deal_diag(root, rel, source.position((key,)), key, message, "base.deal_terms"))
    return out


def _followup_change(root: Path, base: str, change: Change) -> list[Diagnostic]:
    """The follow-up log is a ledger like deal events: a file is never deleted or moved, and the
    entries at `base` stay, unchanged and in place, at the head of the file; corrections are new entries."""
    if change.status == "D" or change.new is None or change.new != change.old and change.old is not None:
        where = f"（改名为 {change.new}）" if change.new else ""
        message = f"不能删除或移动已有的跟踪服务记录文件{where}：记录要保留。写错了请在末尾追加一条更正的记录。"
        return [_deal_diag(root, change.old or "", (1, 1), "", message, "base.followup_deleted")]
    before = data_at(root, base, change.old) if change.old else None
    old_entries = before.get("entries") if isinstance(before, dict) else None
    if not isinstance(old_entries, list):
        return []  # a new file
    path = root / change.new
    try:
        source, _ = parse_yaml(path.read_text(encoding="utf-8-sig"), path, change.new)
    except (OSError, UnicodeDecodeError):
        return []
    new_entries = source.data.get("entries") if source is not None and isinstance(source.data, dict) else None
    if source is None or not isinstance(new_entries, list):
        return []  # the schema reports it
    for i, entry in enumerate(old_entries):
        if i >= len(new_entries) or new_entries[i] != entry:
            day = entry.get("date") if isinstance(entry, dict) else ""
            message = (
                f"已有的跟踪记录（第 {i + 1} 条，{day}）不能修改或删除：记录只能追加。"
                "要更正，请在末尾追加一条新记录，在 outcome 里写明更正了什么。"
            )
            at = source.position(("entries", min(i, len(new_entries) - 1))) if new_entries else (1, 1)
            return [_deal_diag(root, change.new, at, f"entries[{i}]", message, "base.followup_edited")]
    return []
