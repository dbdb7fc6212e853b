"""What changed in a record between two versions of its file, in plain Chinese. Pure.

`describe(old, new)` takes the two parsed mappings and returns one short sentence per changed
field, in the order of labels.CHANGE_FIELDS (status and payment first: what a firm decides on):
"付款方式：延期启动支付 → 里程碑节点支付", "状态：可转化 → 洽谈中", "IP 状态核验：有效",
"简要说明：已修改". Values are data, not markup: whoever shows them escapes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xyhf.domain import labels

MAX_VALUE = 40  # characters of a value shown in a sentence; longer ones are cut with …
_MISSING = object()


@dataclass(frozen=True)
class Revision:
    """One commit's effect on one record file: first listed, or changed (with its sentences)."""

    date: str  # YYYY-MM-DD, the commit's own date
    commit: str  # full SHA
    added: bool  # the file first appeared in this commit
    words: tuple[str, ...] = ()
    seq: int = 0  # the commit's place in the history (oldest 0): orders changes made on one day


def _at(data: object, path: str) -> object:
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return _MISSING
        data = data[key]
    return data


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _say(value: object, how: str) -> str:
    """A value as a reader says it: enum labels, money in 元, lists joined with 、."""
    if value is _MISSING or value is None or value == [] or value == "":
        return "（无）"
    if isinstance(value, list):
        return _short("、".join(_say(v, how) for v in value))
    if how.startswith("enum:"):
        table = getattr(labels, how[5:] + "_LABELS", {})
        return table.get(value, str(value)) if isinstance(value, str) else str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if how == "money" and isinstance(value, int):
        return f"{value:,} 元"
    if how == "percent" and isinstance(value, int | float):
        return f"{value:g}%"
    if how == "trl":
        return f"TRL {value}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "已修改"
    return _short(str(value))


def _sentence(label: str, how: str, before: object, after: object, new: dict) -> str:
    if how == "checked":  # a (re)check of the IP's legal status: say its result
        status = _at(new, "ip.legal_status")
        result = labels.LEGAL_STATUS_LABELS.get(status, "已核验") if isinstance(status, str) else "已核验"
        return f"{label}：{result}"
    if how in ("long", "private"):
        if before is _MISSING:
            return f"{label}：已添加"
        if after is _MISSING:
            return f"{label}：已删除"
        return f"{label}：已修改"
    if before is _MISSING:
        return f"{label}：{_say(after, how)}"
    if after is _MISSING:
        return f"{label}：已删除（原为 {_say(before, how)}）"
    return f"{label}：{_say(before, how)} → {_say(after, how)}"


_KNOWN = {path.split(".")[0] for path, _, _ in labels.CHANGE_FIELDS} | {p.split(".")[0] for p in labels.CHANGE_FIELDS_QUIET}
_COVERED = {path for path, _, _ in labels.CHANGE_FIELDS} | set(labels.CHANGE_FIELDS_QUIET)


def describe(old: dict | None, new: dict | None) -> tuple[str, ...]:
    """The sentences of what changed from `old` to `new`; () when nothing a reader sees changed.
    A version that could not be read (None) is said as one sentence."""
    if old is None or new is None:
        return ("记录文件已修改",) if old != new else ()
    out: list[str] = []
    said: set[str] = set()
    model_changed = _at(old, "payment.model") != _at(new, "payment.model")
    # The first check of an IP's legal status is said as the check ("IP 状态核验：有效"); a later
    # change of status as the status ("法律状态：有效 → 未缴年费终止").
    first_check = _at(old, "ip.legal_status") is _MISSING and _at(new, "ip.legal_status") is not _MISSING
    legal_changed = not first_check and _at(old, "ip.legal_status") != _at(new, "ip.legal_status")
    for path, label, how in labels.CHANGE_FIELDS:
        top = path.split(".", 1)[0]
        if top not in old and top not in new:
            continue
        before, after = _at(old, path), _at(new, path)
        if before == after:
            continue
        if model_changed and path.startswith("payment.") and path != "payment.model":
            continue  # a new payment model brings its own details: the model's sentence says it
        if path == "ip.legal_status" and first_check:
            continue
        if how == "checked" and (legal_changed or after is _MISSING):
            continue  # the status's own sentence says the result; a removed check says nothing
        sentence = _sentence(label, how, before, after, new)
        if sentence not in said:
            said.add(sentence)
            out.append(sentence)
    other = any(old.get(k, _MISSING) != new.get(k, _MISSING) for k in (old.keys() | new.keys()) - _KNOWN)
    for top in ("ip", "payment", "transfer"):  # keys inside a described mapping that the table does not name
        o, n = old.get(top), new.get(top)
        if isinstance(o, dict) and isinstance(n, dict) and not (top == "payment" and model_changed):
            other |= any(o.get(k, _MISSING) != n.get(k, _MISSING) for k in (o.keys() | n.keys()) if f"{top}.{k}" not in _COVERED)
    if other:
        out.append("其他信息：已修改")
    return tuple(out)
