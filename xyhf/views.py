"""The public view of a record: what the site, the data files and the search show.

Personal data rule: an individual's phone and e-mail appear only where the record (or, for
the holder's contact, the holder) sets `publish_contact: true`; otherwise the institution's
office phone and e-mail stand in for them.
"""

from __future__ import annotations

from typing import Any

from xyhf.domain import labels
from xyhf.domain.labels import (
    HOLDER_KIND_LABELS,
    LEGAL_STATUS_LABELS,
    NEED_STATUS_LABELS,
    LICENSE_KIND_LABELS,
    MODE_LABELS,
    OPEN_FEE_MODE_LABELS,
    PATENT_KIND_LABELS,
    PAYMENT_MODEL_LABELS,
    ROYALTY_BASIS_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
)
from xyhf.model.records import Catalog, Contact, Holder, OpenLicense, Record
from xyhf.model.stations import Broker, Desk


def reachable_contact(person: Contact, allowed: bool, holder: Holder) -> dict[str, str]:
    """The one privacy rule: a person's phone and e-mail only with consent, else the office's."""
    out: dict[str, str | None] = {"name": person.name, "organization": holder.name}
    if allowed:
        out.update(phone=person.phone, email=person.email)
    else:
        out.update(phone=holder.office_phone, email=holder.office_email)
    return {k: v for k, v in out.items() if v}


def public_contact(record: Record, holder: Holder) -> dict[str, str]:
    """Who a firm contacts about a record: its own contact, else the holder's."""
    if record.contact:
        return reachable_contact(record.contact, record.publish_contact, holder)
    return reachable_contact(holder.contact, holder.publish_contact, holder)


def payment_dict(record: Record) -> dict:
    p = record.payment
    out: dict = {"model": p.model, "model_label": PAYMENT_MODEL_LABELS[p.model]}
    if p.model == "milestone":
        out["milestones"] = [
            {"node": m.node, "condition": m.condition, "amount_cny": m.amount_cny, "due": m.due} for m in p.milestones
        ]
        if p.royalty_percent is not None:
            out["royalty_percent"] = p.royalty_percent
        if p.settlement:
            out["settlement"] = p.settlement
    else:
        out["start"] = {
            k: v for k, v in {"after_months": p.after_months, "on_first_revenue": p.on_first_revenue or None}.items() if v
        }
        out.update(method=p.method, total_cny=p.total_cny)
        if p.lump_sum_due:
            out["lump_sum_due"] = p.lump_sum_due
        if p.installment_count:
            out["installments"] = {
                k: v
                for k, v in {
                    "count": p.installment_count,
                    "amount_cny": p.installment_amount_cny,
                    "schedule": p.installment_schedule,
                }.items()
                if v is not None
            }
    return out


def record_url(code: str) -> str:
    return f"records/{code}/"


def public_record(record: Record, catalog: Catalog) -> dict:
    """One record as published (data/records/<code>.json and the row of every table)."""
    holder = catalog.holders[record.holder]
    d = record.derived
    ip: dict[str, Any] = {
        k: v
        for k, v in {
            "number": record.ip.number,
            "patent_kind": record.ip.patent_kind,
            "filed_on": record.ip.filed_on,
            "granted_on": record.ip.granted_on,
            "owners": list(record.ip.owners),
            "expires_on": d.expires_on,
        }.items()
        if v
    }
    if record.ip.legal_status:
        ip.update(
            legal_status=record.ip.legal_status,
            legal_status_label=LEGAL_STATUS_LABELS[record.ip.legal_status],
            status_checked_on=record.ip.status_checked_on,
            status_source=record.ip.status_source,
            status_stale=d.legal_status_stale,
        )
    out: dict[str, Any] = {
        "code": record.code,
        "title": record.title,
        "type": record.type,
        "type_label": TYPE_LABELS[record.type],
        "holder": record.holder,
        "holder_name": holder.name,
        "holder_kind_label": HOLDER_KIND_LABELS[holder.kind],
        "city": d.city,
        "city_name": d.city_name,
        "ip": ip,
        "trl": record.trl,
        "trl_label": d.trl_label,
        "summary": record.summary,
        "applications": record.applications,
        "advantages": record.advantages,
        "keywords": list(record.keywords),
        "ipc": list(record.ipc),
        "tech_field": d.tech_field,
        "tech_field_name": d.tech_field_name,
        "sei_category": d.sei_category,
        "transfer": {
            "modes": list(record.transfer.modes),
            "license_kinds": list(record.transfer.license_kinds),
            "region": record.transfer.region,
            **({"term": record.transfer.term} if record.transfer.term else {}),
            **({"field_of_use": record.transfer.field_of_use} if record.transfer.field_of_use else {}),
        },
        "payment": payment_dict(record),
        "terms": terms_line(record),
        "base_fee_cny": base_fee(record),
        "contact": public_contact(record, holder),
        "status": record.status,
        "status_label": STATUS_LABELS[record.status],
        "listed_on": record.listed_on,
        "ip_expired": d.ip_expired,
        "fiscal_unconverted_5y": d.fiscal_unconverted_5y,
        "url": record_url(record.code or ""),
        "source_file": f"catalog/{record.path}",
    }
    if record.ip.patent_kind:
        out["patent_kind_label"] = PATENT_KIND_LABELS[record.ip.patent_kind]
    if record.appraisal:
        out["appraisal"] = {
            "agency": record.appraisal.agency,
            "report_no": record.appraisal.report_no,
            "date": record.appraisal.date,
        }
    if record.licensee_requirements:
        out["licensee_requirements"] = record.licensee_requirements
    if record.industry:
        out["industry"] = record.industry
    if record.funding:
        out["funding"] = {
            k: v
            for k, v in {
                "fiscal": record.funding.fiscal,
                "project": record.funding.project,
                "accepted_on": record.funding.accepted_on,
            }.items()
            if v is not None
        }
    if record.inventors:
        out["inventors"] = list(record.inventors)
    if record.listings:
        out["listings"] = [{"platform": x.platform, "id": x.id, "url": x.url, "listed_on": x.listed_on} for x in record.listings]
    if record.open_license and record.status != "withdrawn":
        out["open_license"] = public_open_license(record.open_license)
    out["transfer"]["modes_label"] = "、".join(MODE_LABELS[m] for m in record.transfer.modes)
    out["transfer"]["license_kinds_label"] = "、".join(LICENSE_KIND_LABELS[k] for k in record.transfer.license_kinds)
    return out


def public_holder(holder: Holder, n_records: int) -> dict:
    # The office phone and e-mail are listed as their own keys; the person's only with consent.
    contact = {
        k: v
        for k, v in reachable_contact(holder.contact, holder.publish_contact, holder).items()
        if k == "name" or holder.publish_contact and k in ("phone", "email")
    }
    out = {
        "id": holder.id,
        "name": holder.name,
        "uscc": holder.uscc,
        "kind": holder.kind,
        "city": holder.city,
        "address": holder.address,
        "legal_representative": holder.legal_representative,
        "website": holder.website,
        "office_phone": holder.office_phone,
        "office_email": holder.office_email,
        "contact": contact,
        "records": n_records,
    }
    return {k: v for k, v in out.items() if v is not None}


DEAL_STATUS = labels.DEAL_STATUS_LABELS


def deal_status(deal) -> str:
    """One word for a deal's standing. 违约 only with an official ruling, never from one party's events."""
    if deal.ruling is not None:
        return "default"
    if deal.state.terminated:
        return "terminated"
    if deal.state.overdue_days > 0:
        return "overdue"
    return "on_time" if deal.state.on_time_rate == 1.0 and deal.state.next_node is None else "pending"


def public_deal(deal, catalog: Catalog) -> dict[str, Any]:
    """A deal as published. Undisclosed amounts are left out here (they count only in totals)."""
    holder = catalog.holders[deal.holder]
    shown = deal.amount_disclosed
    out: dict[str, Any] = {
        "contract_no": deal.contract_no,
        "holder": deal.holder,
        "holder_name": holder.name,
        "records": list(deal.records),
        "record_titles": [catalog.by_code[c].title for c in deal.records if c in catalog.by_code],
        "licensee": {
            "name": deal.licensee.name,
            "uscc": deal.licensee.uscc,
            "size": deal.licensee.size,
            "city": deal.licensee.city,
        },
        "signed_on": deal.signed_on,
        "mode": deal.mode,
        "mode_label": MODE_LABELS[deal.mode],
        "license_kind": deal.license_kind,
        "license_kind_label": LICENSE_KIND_LABELS.get(deal.license_kind or "", ""),
        "payment_model": deal.payment.model,
        "payment_model_label": PAYMENT_MODEL_LABELS[deal.payment.model],
        "amount_disclosed": shown,
        "status": deal_status(deal),
        "status_label": DEAL_STATUS[deal_status(deal)],
        "overdue_days": deal.state.overdue_days,
        "next_node": deal.state.next_node,
        "milestones_met": sum(1 for m in deal.state.milestones if m.met_on) if deal.payment.model == "milestone" else None,
        "milestones_total": len(deal.payment.milestones) if deal.payment.model == "milestone" else None,
        "next_due_on": deal.state.next_due_on.isoformat() if deal.state.next_due_on else None,
        "events": [
            {
                k: v
                for k, v in {
                    "date": e.date,
                    "kind": e.kind,
                    "node": e.node,
                    "amount_cny": e.amount_cny if shown else None,
                }.items()
                if v is not None
            }
            for e in deal.events
        ],
    }
    if shown:
        out.update(total_cny=deal.total_cny, paid_cny=deal.state.paid_cny, outstanding_cny=deal.state.outstanding_cny)
        if deal.payment.royalty_percent is not None:
            out["royalty_percent"] = deal.payment.royalty_percent
    if deal.registration_no:
        out["registration_no"] = deal.registration_no
    if deal.ruling:
        out["ruling"] = {"body": deal.ruling.body, "number": deal.ruling.number, "date": deal.ruling.date, "url": deal.ruling.url}
    if deal.case:
        out["case"] = {"title": deal.case.title, "published_on": deal.case.published_on}
    if deal.insurance:
        out["insurance"] = {
            "product": deal.insurance.product,
            "insurer": deal.insurance.insurer,
            "subsidy": deal.insurance.subsidy,
        }
    return {k: v for k, v in out.items() if v is not None}


NEED_STATUS = NEED_STATUS_LABELS  # the one label table (domain/labels.py)


def matches_by_need(catalog: Catalog) -> dict[str, list]:
    """Need code → its matches in rank order (one pass, not one scan per need)."""
    out: dict[str, list] = {}
    for match in catalog.matches:
        out.setdefault(match.need, []).append(match)
    return out


def public_need(need, catalog: Catalog, matches=None) -> dict[str, Any]:
    """A need as published: the contact person (name, phone, e-mail) only with publish_contact; without
    it, firms and holders reach the need through the station of its city (issue 24: a name is
    personal data like the phone and the e-mail)."""
    # Callers pass the need's matches (matches_by_need): a scan per call was 2 ms a need at 25,000 records.
    ranked = matches if matches is not None else [m for m in catalog.matches if m.need == need.code]
    contact: dict[str, Any] = {}
    if need.publish_contact and need.contact:
        contact = {k: need.contact[k] for k in ("name", "phone", "email") if need.contact.get(k)}
    out: dict[str, Any] = {
        "code": need.code,
        "title": need.title,
        "problem": need.problem,
        "goal": need.goal,
        "keywords": list(need.keywords),
        "industry": need.industry,
        "enterprise": {"name": need.enterprise.name, "size": need.enterprise.size, "city": need.enterprise.city},
        "budget_cny": {k: v for k, v in {"min": need.budget_min, "max": need.budget_max}.items() if v is not None} or None,
        "payment_models": list(need.payment_models),
        "trl_min": need.trl_min,
        "deadline": need.deadline,
        "contact": contact or None,
        "via": need.via,
        "status": need.status,
        "status_label": "已过期" if need.expired else NEED_STATUS[need.status],
        "listed_on": need.listed_on,
        "expires_on": need.expires_on,
        "matches": [{"record": m.record, "score": m.score, "reasons": list(m.reasons)} for m in ranked],
    }
    return {k: v for k, v in out.items() if v is not None}


def _wan(amount: int) -> str:
    return f"{amount / 10000:g} 万元" if amount >= 10000 else f"{amount:,} 元"


def terms_line(record: Record) -> str:
    """The offer in one line, as a firm reads it: "零首付 · 里程碑 3 期共 22 万元 + 销售额 3% 提成"."""
    p = record.payment
    parts = ["零首付"]
    if p.model == "milestone":
        total = sum(m.amount_cny for m in p.milestones)
        parts.append(f"里程碑 {len(p.milestones)} 期共 {_wan(total)}")
        if p.royalty_percent is not None:
            parts[-1] += f" + 销售额 {p.royalty_percent:g}% 提成"
    else:
        start = f"{p.after_months} 个月后" if p.after_months else ""
        if p.on_first_revenue:
            start = (start + "或" if start else "") + "首笔收入后"
        how = "分期支付共 " if p.method == "installments" else "一次性支付 "
        parts.append(f"{start}{how}{_wan(p.total_cny) if p.total_cny else '金额面议'}")
    return " · ".join(parts)


def open_license_terms(ol: OpenLicense) -> str:
    """The announced fee standard in words: "一次性支付 10 万元", "入门费 5 万元 + 净销售额的 3% 提成"."""
    royalty = (
        f"{ROYALTY_BASIS_LABELS[ol.royalty_basis]}的 {ol.royalty_percent:g}% 提成"
        if ol.royalty_basis and ol.royalty_percent
        else ""
    )
    if ol.fee_mode == "lump_sum":
        return f"一次性支付 {_wan(ol.lump_sum_cny)}" if ol.lump_sum_cny is not None else "一次性支付"
    if ol.fee_mode == "royalty":
        return royalty or "按提成支付"
    entry = f"入门费 {_wan(ol.entry_fee_cny)}" if ol.entry_fee_cny is not None else "入门费"
    return f"{entry} + {royalty}" if royalty else entry


def public_open_license(ol: OpenLicense) -> dict:
    out = {
        "announcement_no": ol.announcement_no,
        "announced_on": ol.announced_on,
        "fee_mode": ol.fee_mode,
        "fee_mode_label": OPEN_FEE_MODE_LABELS[ol.fee_mode],
        "fee_standard": open_license_terms(ol),
        "term_from": ol.term_from,
        "term_to": ol.term_to,
        "lump_sum_cny": ol.lump_sum_cny,
        "entry_fee_cny": ol.entry_fee_cny,
        "royalty_basis": ol.royalty_basis,
        "royalty_percent": ol.royalty_percent,
        "evaluation_report": {"number": ol.report_number, "issued_on": ol.report_issued_on} if ol.report_number else None,
    }
    return {k: v for k, v in out.items() if v is not None}


def base_fee(record: Record) -> int | None:
    """The fixed fee of the offer in yuan (milestones summed, or the deferred total); royalties apart."""
    p = record.payment
    return sum(m.amount_cny for m in p.milestones) if p.model == "milestone" else p.total_cny


def broker_placeholder(desk: Desk | None) -> str:
    """The neutral name of a broker who has not consented to being named."""
    from xyhf.domain.classify import cities

    if desk is None or desk.is_office:
        return "成果库办公室技术经理人"
    return f"{cities().get(desk.city, desk.city)}工作站技术经理人"


def public_broker(broker: Broker, desk: Desk | None) -> dict[str, str]:
    """A 技术经理人 as published: name, phone and e-mail only with publish_contact; otherwise a neutral
    “<市州>工作站技术经理人” and no personal contact (the station's own phone and e-mail stand in). The
    职称 and the fields served are professional facts and stay."""
    out: dict[str, str | None] = {"title": broker.title}
    if broker.publish_contact:
        out.update(name=broker.name, phone=broker.phone, email=broker.email)
    else:
        out["name"] = broker_placeholder(desk)
    return {k: v for k, v in out.items() if v}
