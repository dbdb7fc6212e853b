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
from xyhf.source.yaml_loader import parse_yaml


class GitError(Exception):
    pass


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D or R
    old: str | None  # path relative to the catalog root
    new: str | None


def changed_files(root: Path, base: str) -> list[Change]:
    """Catalog files changed between `base` and the working tree, renames detected."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    out = _git(top, "diff", "--name-status", "-M", base, "--", prefix or ".")
    changes = []
    for line in out.splitlines():
        parts = line.split("\t")
        status = parts[0][0]
        paths = [p[len(prefix) :] if p.startswith(prefix) else p for p in parts[1:]]
        if status == "R":
            changes.append(Change("R", paths[0], paths[1]))
        elif status == "D":
            changes.append(Change("D", paths[0], None))
        elif status in "AMT":
            changes.append(Change("A" if status == "A" else "M", None if status == "A" else paths[0], paths[0]))
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "--", prefix or ".")
    for path in untracked.splitlines():
        changes.append(Change("A", None, path[len(prefix) :]))
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


def check_against_base(root: Path, base: str, changes: list[Change] | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def diag(rel: str, pos: tuple[int, int], message: str, rule: str, field: str = "code") -> None:
        out.append(Diagnostic(display_path(root / rel), pos[0], pos[1], field, message, rule=rule))

    for change in changes if changes is not None else changed_files(root, base):
        rel = change.new or change.old or ""
        if rel == "codes.yaml":
            diag(
                rel,
                (1, 1),
                "统一编码台账 codes.yaml 只能由主分支上的 xyhf assign-codes 修改。请撤销对它的改动"
                "（git checkout <基准分支> -- catalog/codes.yaml）。",
                "base.ledger",
                "",
            )
            continue
        if rel.startswith("deals/"):
            out.extend(_deal_change(root, base, change))
            continue
        if not rel.startswith(("records/", "needs/")):
            continue
        if change.status == "D" or change.new is None:
            diag(
                rel,
                (1, 1),
                "不能删除已提交的成果记录：编码和历史记录要保留。请恢复此文件，如不再推广，把 status 改为 withdrawn（撤回）。",
                "base.deleted",
                "",
            )
            continue
        old_code = _code_at(root, base, change.old) if change.old else None
        new_code, pos = _current(root, change.new)
        rel = change.new
        if old_code is None and new_code is not None:
            diag(
                rel,
                pos,
                f"提交中不能填写统一编码（{new_code}）：编码在合并后由主分支统一签发。请删除 code 这一行。",
                "base.code_set",
            )
        elif old_code is not None and new_code is None:
            diag(rel, pos, f"不能删除已签发的统一编码 {old_code}：编码永不改变。请恢复 code: {old_code}。", "base.code_removed")
        elif old_code is not None and new_code != old_code:
            diag(
                rel,
                pos,
                f"不能修改统一编码：原编码 {old_code} 永不改变，也不能换用别的编码。请改回 code: {old_code}。",
                "base.code_changed",
            )
    return out


def maintainers_at(root: Path, base: str, holder_ids: list[str]) -> dict[str, list[str] | None]:
    """Each holder's maintainers as of `base` (None: the holder file did not exist there)."""
    out: dict[str, list[str] | None] = {}
    for holder_id in holder_ids:
        data = data_at(root, base, f"holders/{holder_id}.yaml")
        value = data.get("maintainers") if data else None
        out[holder_id] = [m for m in value if isinstance(m, str)] if isinstance(value, list) else (None if data is None else [])
    return out


def _deal_change(root: Path, base: str, change: Change) -> list[Diagnostic]:
    """Deals are a ledger too: never deleted, and their events only appended."""
    if change.status == "D" or change.new is None:
        return [
            Diagnostic(
                display_path(root / (change.old or "")),
                1,
                1,
                "",
                "不能删除已登记的合同：履约记录要保留。合同终止请追加一条 kind: terminated 的履约记录。",
                rule="base.deal_deleted",
            )
        ]
    before = data_at(root, base, change.old) if change.old else None
    old_events = before.get("events") if isinstance(before, dict) else None
    if not isinstance(old_events, list) or not old_events:
        return []
    path = root / change.new
    try:
        source, _ = parse_yaml(path.read_text(encoding="utf-8-sig"), path, change.new)
    except (OSError, UnicodeDecodeError):
        return []
    new_events = source.data.get("events") if source else None
    if not isinstance(new_events, list):
        new_events = []
    for i, event in enumerate(old_events):
        if i >= len(new_events) or new_events[i] != event:
            line, col = source.position(("events", i)) if source else (1, 1)
            return [
                Diagnostic(
                    display_path(path),
                    line,
                    col,
                    f"events[{i}]",
                    f"已有的履约记录（第 {i + 1} 条，{event.get('date') if isinstance(event, dict) else ''}）"
                    "不能修改或删除：记录只能追加。要更正，请在末尾追加一条 kind: amended 的记录并在 note 里说明。",
                    rule="base.deal_events",
                )
            ]
    return []
