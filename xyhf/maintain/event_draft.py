"""`xyhf event-draft`: propose the records and needs of a matchmaking event from the matches.

Needs come from the event's city (open, not expired); records are the available ones that match
them, in the requested technology fields if any, ranked by how many of those needs they serve and
then by score. The output is a YAML draft for the organiser to edit. Pure."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from xyhf.domain.classify import cities
from xyhf.model.records import Catalog

MAX_RECORDS = 12


def propose(catalog: Catalog, city: str, fields: list[int], limit: int = MAX_RECORDS) -> tuple[list[str], list[str]]:
    needs = {n.code for n in catalog.needs if n.city == city and n.status == "open" and not n.expired}
    served: dict[str, list[float]] = {}
    for m in catalog.matches:
        record = catalog.by_code[m.record]
        if m.need in needs and m.available and (not fields or record.derived.tech_field in fields):
            served.setdefault(m.record, []).append(m.score)
    ranked = sorted(served, key=lambda code: (-len(served[code]), -max(served[code]), code))[:limit]
    chosen = set(ranked)
    used = sorted({m.need for m in catalog.matches if m.need in needs and m.record in chosen})
    return ranked, used


def render_draft(catalog: Catalog, city: str, fields: list[int], day: dt.date) -> str:
    records, needs = propose(catalog, city, fields)
    name = cities()[city]
    doc = {
        "title": f"{name.removesuffix('市').removesuffix('州')}“先用后付”专场对接会",
        "date": day.isoformat(),
        "start": "09:30",
        "end": "12:00",
        "kind": "matchmaking",
        "city": city,
        "venue": f"{name}（请填写具体地点）",
        "host": f"{name}科学技术局（请核对）",
        **({"fields": fields} if fields else {}),
        "records": records,
        "needs": needs,
        "signup": "请填写报名方式",
    }
    head = [
        "# 对接会草稿（xyhf event-draft 生成）：成果按匹配本市州企业需求的数量和匹配度排序。",
        f"# 请核对名称、地点、主办单位和名单后，保存为 catalog/events/{day.isoformat()}-<英文短名>.yaml 提交。",
    ]
    if not records:
        head.append("# 注意：没有找到与本市州在库需求匹配的可转化成果，请放宽技术领域或手工挑选。")
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)
    body = re.sub(r"^(start|end): '?([0-9]{2}:[0-9]{2})'?$", r'\1: "\2"', body, flags=re.M)  # times always quoted
    titles = {**{r.code: r.title for r in catalog.records if r.code}, **{n.code: n.title for n in catalog.needs if n.code}}
    body = re.sub(r"^- (HNX[YQ]-[0-9A-Z-]+)$", lambda m: f"- {m[1]}  # {_comment(titles.get(m[1], ''))}", body, flags=re.M)
    return "\n".join(head) + "\n" + body.replace("records: []", "records: []  # 至少 1 项")


def _comment(text: str) -> str:
    return " ".join(text.split())[:40]
