"""Typed deals: a signed 先用后付 contract, its events and what the ledger says today."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xyhf.domain.deal_state import DealState
from xyhf.model.records import Payment


@dataclass(frozen=True)
class Licensee:
    name: str
    uscc: str
    size: str
    city: str


@dataclass(frozen=True)
class DealEvent:
    date: str
    kind: str
    node: str | None = None
    amount_cny: int | None = None
    note: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class Ruling:
    body: str
    number: str
    date: str
    url: str


@dataclass(frozen=True)
class Case:
    title: str
    story: str
    published_on: str


@dataclass(frozen=True)
class Insurance:
    product: str
    insurer: str
    policy_no: str | None = None
    subsidy: bool = False


@dataclass(frozen=True)
class Deal:
    path: str  # deals/<holder>/<slug>.yaml
    slug: str
    holder: str
    records: tuple[str, ...]
    contract_no: str
    licensee: Licensee
    signed_on: str
    mode: str
    payment: Payment
    state: DealState
    license_kind: str | None = None
    need: str | None = None
    registration_no: str | None = None
    amount_disclosed: bool = True
    events: tuple[DealEvent, ...] = ()
    ruling: Ruling | None = None
    case: Case | None = None
    insurance: Insurance | None = None

    @property
    def total_cny(self) -> int:
        """The fixed fee signed: milestone amounts, or the deferred total (royalties come on top)."""
        if self.payment.model == "milestone":
            return sum(m.amount_cny for m in self.payment.milestones)
        return self.payment.total_cny or 0

    @property
    def defaulted(self) -> bool:
        """Shown as 违约 only on an official determination, never from one party's events."""
        return self.ruling is not None


def deal_from_dict(path: str, d: dict[str, Any], state: DealState) -> Deal:
    parts = path.split("/")
    ruling, case, insurance = d.get("ruling"), d.get("case"), d.get("insurance")
    return Deal(
        path=path,
        slug=parts[2].removesuffix(".yaml"),
        holder=parts[1],
        records=tuple(d["records"]),
        contract_no=d["contract_no"],
        licensee=Licensee(**d["licensee"]),
        signed_on=d["signed_on"],
        mode=d["mode"],
        payment=Payment.from_dict(d["payment"]),
        state=state,
        license_kind=d.get("license_kind"),
        need=d.get("need"),
        registration_no=d.get("registration_no"),
        amount_disclosed=d.get("amount_disclosed", True),
        events=tuple(DealEvent(**e) for e in d.get("events", [])),
        ruling=Ruling(**ruling) if ruling else None,
        case=Case(**case) if case else None,
        insurance=Insurance(**insurance) if insurance else None,
    )
