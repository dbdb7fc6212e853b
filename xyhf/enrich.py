"""Derived fields: classification, TRL label, legal IP term, review flags. Pure functions."""

from __future__ import annotations

import datetime as dt

from xyhf.domain.classify import cities, classify_field, classify_sei, tech_fields, trl_labels
from xyhf.model import Derived

DESIGN_15_YEARS_FROM = dt.date(2021, 6, 1)  # amended Patent Law, in force 2021-06-01


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def legal_term_end(record_type: str, patent_kind: str | None, filed_on: str | None) -> str | None:
    """Last day of protection where the law fixes the term from filing, else None.

    Patents (专利法 §42): invention 20 years, utility model 10, design 10 (15 for filings from
    2021-06-01), counted from the filing date. IC layout designs (集成电路布图设计保护条例 §12):
    10 years from the registration filing date or first commercial use, whichever is earlier —
    we only know the filing date, so this is the latest possible end.
    """
    if not filed_on:
        return None
    filed = dt.date.fromisoformat(filed_on)
    if record_type == "patent":
        years = {"invention": 20, "utility_model": 10}.get(patent_kind or "")
        if patent_kind == "design":
            years = 15 if filed >= DESIGN_15_YEARS_FROM else 10
        if years is None:
            return None
    elif record_type == "ic_layout":
        years = 10
    else:
        return None
    return (add_years(filed, years) - dt.timedelta(days=1)).isoformat()


def fiscal_unconverted(data: dict, today: dt.date) -> bool:
    """财政资金支持形成、验收后满 5 年未转化且未开放许可: the policy wants these under open license."""
    funding = data.get("funding") or {}
    if not funding.get("fiscal") or not funding.get("accepted_on"):
        return False
    accepted = dt.date.fromisoformat(funding["accepted_on"])
    if add_years(accepted, 5) > today:
        return False
    if data.get("status") == "licensed":
        return False
    return "open" not in (data.get("transfer") or {}).get("license_kinds", [])


def derive(data: dict, holder_id: str, holder_city: str, today: dt.date) -> Derived:
    ip = data.get("ip") or {}
    ipcs = list(data.get("ipc") or [])
    field = classify_field(data["type"], ipcs)
    legal_end = legal_term_end(data["type"], ip.get("patent_kind"), ip.get("filed_on"))
    expires_on = legal_end or ip.get("expires_on")
    return Derived(
        holder=holder_id,
        city=holder_city,
        city_name=cities().get(holder_city, holder_city),
        tech_field=field,
        tech_field_name=tech_fields()[field].name_zh if field else None,
        sei_category=classify_sei(ipcs, field, data.get("industry")),
        trl_label=trl_labels()[data["trl"]],
        expires_on=expires_on,
        expires_on_derived=legal_end is not None,
        ip_expired=bool(expires_on) and dt.date.fromisoformat(expires_on) < today,
        fiscal_unconverted_5y=fiscal_unconverted(data, today),
    )
