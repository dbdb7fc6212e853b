"""What a deal's ledger says today: due dates, amounts due, paid and outstanding, overdue days,
the on-time rate, the deferred start. Pure: a deal's data and a date in, a DealState out.

Due dates come from the contract's `due` text where it is one of these forms (others stay unknown,
and are never counted as overdue):
- a date: 2026-12-31, 2026/12/31, 2026年12月31日;
- after the milestone is met: 节点达成后 30 日内 / 达成后30天内 / 达成后 2 个月内 (from its milestone_met event);
- after signing: 签约后 / 签订后 / 合同生效后 90 日内 (from signed_on).
Deferred start: signed_on + after_months, or the first_revenue event, whichever comes first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xyhf.domain.law import add_months

_DATE = re.compile(r"(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?", re.ASCII)
_AFTER = re.compile(r"(节点)?(达成|完成|验收|实现)后\s*(\d{1,4})\s*(日|天|个月|月)内?")
_SIGNED = re.compile(r"(签约|签订|合同生效)后\s*(\d{1,4})\s*(日|天|个月|月)内?")


@dataclass(frozen=True)
class MilestoneState:
    node: str
    amount_cny: int
    met_on: dt.date | None
    due_on: dt.date | None
    paid_cny: int
    paid_on: dt.date | None
    waived: bool

    def overdue_days(self, today: dt.date) -> int:
        if self.waived or self.due_on is None or self.paid_cny >= self.amount_cny:
            return 0
        return max(0, (today - self.due_on).days)

    def on_time(self) -> bool | None:
        """Paid in full by its due date; None while not yet settled or without a known due date."""
        if self.waived or self.due_on is None or self.paid_cny < self.amount_cny or self.paid_on is None:
            return None
        return self.paid_on <= self.due_on


@dataclass(frozen=True)
class DealState:
    milestones: tuple[MilestoneState, ...]
    start_on: dt.date | None  # deferred start: when paying begins
    due_cny: int  # amounts whose due date has come
    paid_cny: int
    outstanding_cny: int  # due and not paid
    overdue_days: int  # the oldest unpaid due amount
    on_time_rate: float | None  # share of settled nodes paid by their due date
    terminated: bool
    next_node: str | None
    next_due_on: dt.date | None

    @property
    def settled_on_time(self) -> list[bool]:
        """For each node settled with a known due date: paid on time or not."""
        return [flag for flag in (m.on_time() for m in self.milestones) if flag is not None]


def _shift(start: dt.date, n: int, unit: str) -> dt.date:
    return add_months(start, n) if "月" in unit else start + dt.timedelta(days=n)


def parse_due(text: str, signed_on: dt.date, met_on: dt.date | None) -> dt.date | None:
    """The due date a contract's `due` text fixes (see the module docstring), or None."""
    m = _DATE.search(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _AFTER.search(text)
    if m:
        return _shift(met_on, int(m.group(3)), m.group(4)) if met_on else None
    m = _SIGNED.search(text)
    if m:
        return _shift(signed_on, int(m.group(2)), m.group(3))
    return None


def _events(data: dict, kind: str) -> list[dict]:
    return [e for e in data.get("events", []) if e.get("kind") == kind]


def _milestones(data: dict, signed_on: dt.date) -> list[MilestoneState]:
    out = []
    for m in data["payment"].get("milestones", []):
        node = m["node"]
        met = min(
            (dt.date.fromisoformat(e["date"]) for e in _events(data, "milestone_met") if e.get("node") == node), default=None
        )
        payments = [e for e in _events(data, "paid") if e.get("node") == node]
        paid = sum(e.get("amount_cny", 0) for e in payments)
        paid_on = max((dt.date.fromisoformat(e["date"]) for e in payments), default=None)
        waived = any(e.get("node") == node for e in _events(data, "waived"))
        due = parse_due(m["due"], signed_on, met)
        out.append(MilestoneState(node, m["amount_cny"], met, due, paid, paid_on, waived))
    return out


def deferred_start(data: dict, signed_on: dt.date) -> dt.date | None:
    start = data["payment"].get("start", {})
    candidates = []
    if start.get("after_months"):
        candidates.append(add_months(signed_on, start["after_months"]))
    if start.get("on_first_revenue"):
        candidates += [dt.date.fromisoformat(e["date"]) for e in _events(data, "first_revenue")]
    return min(candidates, default=None)


def _deferred_as_milestone(data: dict, signed_on: dt.date) -> list[MilestoneState]:
    """A deferred-start deal as nodes: the lump sum due from the start (plus its term), or one node per
    installment, the first due at the start and the later ones on a schedule we do not parse (never
    counted overdue). Payments fill the nodes in order."""
    p = data["payment"]
    start = deferred_start(data, signed_on)
    if p.get("method") == "installments" and p.get("installments"):
        count, each = p["installments"]["count"], p["installments"]["amount_cny"]
        plan = [(f"installment-{k + 1}", each, start if k == 0 else None) for k in range(count)]
    else:
        due = start
        if start and p.get("lump_sum_due"):
            m = re.search(r"(\d{1,4})\s*(日|天|个月|月)", p["lump_sum_due"])
            due = _shift(start, int(m.group(1)), m.group(2)) if m else start
        plan = [("lump_sum", p.get("total_cny", 0), due)]
    payments = sorted((dt.date.fromisoformat(e["date"]), e.get("amount_cny", 0)) for e in _events(data, "paid"))
    waived = bool(_events(data, "waived"))
    out, pool, i = [], 0, 0
    paid_on = None  # of the latest payment taken: what a node gets from the one before is paid that day too
    for node, amount, due in plan:
        while pool < amount and i < len(payments):
            paid_on, value = payments[i]
            pool += value
            i += 1
        paid = min(pool, amount)
        pool -= paid
        out.append(MilestoneState(node, amount, start, due, paid, paid_on if paid else None, waived))
    return out


def deal_state(data: dict, today: dt.date) -> DealState:
    """The state of one schema-valid deal on `today`."""
    signed_on = dt.date.fromisoformat(data["signed_on"])
    milestone = data["payment"]["model"] == "milestone"
    nodes = _milestones(data, signed_on) if milestone else _deferred_as_milestone(data, signed_on)
    terminated = bool(_events(data, "terminated"))
    due = sum(n.amount_cny for n in nodes if not n.waived and n.due_on and n.due_on <= today)
    paid = sum(e.get("amount_cny", 0) for e in _events(data, "paid"))
    settled = [flag for flag in (n.on_time() for n in nodes) if flag is not None]  # = DealState.settled_on_time
    pending = [n for n in nodes if not n.waived and n.paid_cny < n.amount_cny]
    upcoming = sorted((n for n in pending if n.due_on), key=lambda n: n.due_on or today)
    return DealState(
        milestones=tuple(nodes),
        start_on=None if milestone else deferred_start(data, signed_on),
        due_cny=due,
        paid_cny=paid,
        outstanding_cny=sum(max(0, n.amount_cny - n.paid_cny) for n in pending if n.due_on and n.due_on <= today),
        overdue_days=max((n.overdue_days(today) for n in nodes), default=0),
        on_time_rate=(sum(settled) / len(settled)) if settled else None,
        terminated=terminated,
        next_node=None if terminated or not pending else (upcoming[0] if upcoming else pending[0]).node,
        next_due_on=None if terminated or not upcoming else upcoming[0].due_on,
    )
