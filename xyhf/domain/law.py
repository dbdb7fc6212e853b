"""What the law fixes: IP terms from filing, and the programme's fiscal five-year rule. Pure."""

from __future__ import annotations

import datetime as dt

DESIGN_15_YEARS_FROM = dt.date(2021, 6, 1)  # amended Patent Law, in force 2021-06-01


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


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


def expires_within_a_year(expires_on: str | None, today: dt.date) -> bool:
    """Protection still running but ending within a year: a firm licensing it gets less than a year,
    and the yearly promotion directory leaves it out."""
    if not expires_on:
        return False
    end = dt.date.fromisoformat(expires_on)
    return today <= end < add_years(today, 1)


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
