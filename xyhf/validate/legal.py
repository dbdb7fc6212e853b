"""IP legal status (产权清晰): `ip.legal_status` in WIPO ST.27's categories, with the date and the
source of the check. Rules a schema cannot express: the three keys go together, and a record whose
IP is not in force (or, for an application, pending) cannot be offered. Staleness is the audit's
business (xyhf/maintain/audit.py), not the checker's: time passing must not break a build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import urlsplit

from xyhf.domain.labels import LEGAL_STATUS_LABELS, LEGAL_STATUS_OFFERABLE, STATUS_LABELS
from xyhf.errors import Severity
from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.base import Diagnostic, diag

STALE_DAYS = 180  # a status checked longer ago than this is flagged by the audit and on the page
KEYS = ("legal_status", "status_checked_on", "status_source")
KEY_LABELS = {"legal_status": "法律状态", "status_checked_on": "核验日期", "status_source": "核验来源"}


def is_stale(checked_on: str | None, today: dt.date) -> bool:
    return bool(checked_on) and (today - dt.date.fromisoformat(str(checked_on))).days > STALE_DAYS


def offerable(legal_status: str | None) -> bool:
    """Absent (not yet checked) keeps today's behaviour; otherwise only in force or pending."""
    return legal_status is None or legal_status in LEGAL_STATUS_OFFERABLE


def check_legal_status(source: Source) -> Iterator[Diagnostic]:
    """Per-record rules on a schema-valid record."""
    d = source.data
    ip = d["ip"]
    present = [k for k in KEYS if k in ip]
    if present and len(present) < len(KEYS):
        missing = [k for k in KEYS if k not in ip]
        names = "、".join(f"{k}（{KEY_LABELS[k]}）" for k in missing)
        yield diag(
            source,
            ("ip", present[0]),
            f"法律状态、核验日期、核验来源须一起填写：请补上 {names}"
            "（核验来源写检索系统名称或导入的文件名，如 国家知识产权局专利检索及分析系统）。",
            "ip.legal_status.together",
        )
    status = ip.get("legal_status")
    if status is not None and not offerable(status) and d["status"] in ("available", "negotiating"):
        reason = "权利已转移，持有方已不再持有" if status == "transferred" else "已不受保护"
        yield diag(
            source,
            ("status",),
            f"知识产权的法律状态是“{LEGAL_STATUS_LABELS[status]}”（{reason}），成果不能是"
            f"“{STATUS_LABELS[d['status']]}”：请把 status 改为 withdrawn（已撤回）；"
            "如法律状态有误，请按国家知识产权局的最新登记更正 ip.legal_status 和核验日期。",
            "ip.legal_status.offer",
        )


def listing_hosts_of(settings: dict | None) -> set[str]:
    platforms = (settings or {}).get("listing_platforms")
    if not isinstance(platforms, list):
        return set()
    return {str(p["host"]).lower() for p in platforms if isinstance(p, dict) and isinstance(p.get("host"), str)}


def check_listing_hosts(loaded: LoadedCatalog) -> Iterator[Diagnostic]:
    """A listing links out only to a platform the office has reviewed (catalog.yaml listing_platforms);
    any other host is shown as plain text. A warning, so a holder is never blocked by the office."""
    hosts = listing_hosts_of(loaded.settings.data if loaded.settings and isinstance(loaded.settings.data, dict) else None)
    for _rel, source in sorted(loaded.records.items()):
        listings = source.data.get("listings") if isinstance(source.data, dict) else None
        for i, entry in enumerate(listings if isinstance(listings, list) else []):
            url = entry.get("url") if isinstance(entry, dict) else None
            if not isinstance(url, str) or not url.startswith("https://"):
                continue  # the schema reports anything else
            try:
                host = (urlsplit(url).hostname or "").lower()
            except ValueError:
                continue
            if host and host not in hosts:
                yield diag(
                    source,
                    ("listings", i, "url"),
                    f"挂牌网址的域名 {host} 不在 catalog.yaml 的 listing_platforms（交易平台白名单）中，"
                    "成果页只显示挂牌编号、不显示链接：请核对网址，或请成果库办公室把该平台加入白名单。",
                    "listings.host",
                    Severity.WARNING,
                )
