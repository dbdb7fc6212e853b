"""`xyhf push`: the weekly targeted push, as entries the workflow turns into GitHub issues (the
audit's machinery: maintain/audit.plan_issue_sync). Pure: catalog and date in, entries out.

- one entry per holder: open needs that match its achievements, newest first, the ones listed in
  the last 7 days marked 新; it mentions the holder's maintainers;
- one entry per 工作站 (city): the city's open needs, each with its best matches, so the station
  can broker the first contact.
An entry with no findings closes its issue."""

from __future__ import annotations

import datetime as dt

from xyhf.domain.classify import cities
from xyhf.maintain.audit import _md, issue_body
from xyhf.render.base.gfm import mentions
from xyhf.model.records import Catalog

PUSH_LABEL = "需求推送"
NEW_DAYS = 7
BEST = 3


def _open_needs(catalog: Catalog) -> dict:
    return {n.code: n for n in catalog.needs if n.status == "open" and not n.expired and n.code}


def holder_entries(catalog: Catalog, today: dt.date, site_url: str) -> list[dict]:
    needs = _open_needs(catalog)
    by_holder: dict[str, list] = {}
    for m in catalog.matches:
        if m.need in needs:
            by_holder.setdefault(catalog.by_code[m.record].holder, []).append(m)
    new_since = (today - dt.timedelta(days=NEW_DAYS)).isoformat()
    out = []
    for holder_id in sorted(catalog.holders):
        holder = catalog.holders[holder_id]
        matches = sorted(by_holder.get(holder_id, []), key=lambda m: (needs[m.need].listed_on, m.need, m.record), reverse=True)
        findings = []
        for m in matches:
            need, record = needs[m.need], catalog.by_code[m.record]
            findings.append(
                {
                    "need": m.need,
                    "need_title": need.title,
                    "record": m.record,
                    "record_title": record.title,
                    "new": need.listed_on >= new_since,
                    "why": "；".join(m.reasons[:2]),
                }
            )
        body = [
            f"以下企业需求与 {_md(holder.name)} 的成果匹配（{today}，新发布的标“新”）。请看需求页面上的匹配理由，主动联系企业或所在市州工作站。",
            "",
            "| | 企业需求 | 匹配的成果 | 理由 |",
            "|---|---|---|---|",
        ]
        body += [
            f"| {'新' if f['new'] else ''} | [{_md(f['need_title'])}]({site_url}needs/{f['need']}/) "
            f"| [{_md(f['record_title'])}]({site_url}records/{f['record']}/) | {_md(f['why'])} |"
            for f in findings
        ]
        body += ["", f"维护人：{mentions(holder.maintainers)}", "", f"订阅：{site_url}feeds/holder/{holder_id}.xml"]
        title = f"[需求推送] {holder.name}（{holder_id}）"
        out.append(_entry(holder_id, holder.name, list(holder.maintainers), title, findings, body))
    return out


def station_entries(catalog: Catalog, today: dt.date, site_url: str) -> list[dict]:
    needs = _open_needs(catalog)
    best: dict[str, list] = {}
    for m in catalog.matches:
        if m.need in needs and len(best.setdefault(m.need, [])) < BEST:
            best[m.need].append(m)
    out = []
    for city in sorted({n.city for n in needs.values()} | set(catalog.stations)):
        name, maintainers = catalog.stations.get(city, (f"{cities()[city]}工作站", ()))
        mine = sorted((n for n in needs.values() if n.city == city), key=lambda n: (n.listed_on, n.code), reverse=True)
        findings = [
            {
                "need": n.code,
                "need_title": n.title,
                "matches": [{"record": m.record, "title": catalog.by_code[m.record].title} for m in best.get(n.code, [])],
            }
            for n in mine
        ]
        body = [f"{_md(name)}负责的在库企业需求及其最佳匹配成果（{today}）：", "", "| 企业需求 | 最佳匹配成果 |", "|---|---|"]
        for f in findings:
            links = "<br>".join(f"[{_md(m['title'])}]({site_url}records/{m['record']}/)" for m in f["matches"]) or "暂无匹配"
            body.append(f"| [{_md(f['need_title'])}]({site_url}needs/{f['need']}/) | {links} |")
        body += ["", f"维护人：{mentions(maintainers) or '（catalog/stations.yaml 中尚未登记）'}"]
        out.append(_entry(city, name, list(maintainers), f"[需求对接] {name}（{city}）", findings, body))
    return out


def _entry(key: str, name: str, maintainers: list[str], title: str, findings: list, body: list[str]) -> dict:
    return {
        "holder": key,
        "holder_name": name,
        "maintainers": maintainers,
        "title": title,
        "findings": findings,
        "body": issue_body(body, "xyhf push"),
    }


def push(catalog: Catalog, today: dt.date, site_url: str = "https://xyhf.example.org/") -> list[dict]:
    return holder_entries(catalog, today, site_url) + station_entries(catalog, today, site_url)
