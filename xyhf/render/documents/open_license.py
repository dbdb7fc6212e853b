"""专利开放许可 for holders: the fields a holder files with CNIPA for each declaration
(data/open-license.csv: declarations already announced, and the state-funded patents unconverted for
five years that the province wants declared, with suggested values from the record's own offer), and
the list of those candidates on each holder's page."""

from __future__ import annotations

import datetime as dt

from xyhf.domain.labels import OPEN_FEE_MODE_LABELS, PATENT_KIND_LABELS
from xyhf.model.records import Catalog, Record
from xyhf.render.base.columns import Column
from xyhf.views import base_fee, open_license_terms

OPEN_LICENSE_FILE = "data/open-license.csv"
DECLARATION_COLUMNS = [
    Column("code", "统一编码"),
    Column("patent_number", "专利号"),
    Column("title", "专利名称"),
    Column("patent_kind", "专利类型"),
    Column("patentees", "专利权人"),
    Column("holder_name", "持有方"),
    Column("state", "状态"),
    Column("announcement_no", "开放许可公告号"),
    Column("announced_on", "公告日", "date"),
    Column("fee_mode", "许可使用费支付方式"),
    Column("fee_standard", "许可使用费标准"),
    Column("term_from", "许可期限起", "date"),
    Column("term_to", "许可期限止", "date"),
    Column("evaluation_report", "专利权评价报告（实用新型、外观设计须提供）"),
    Column("url", "成果页面"),
]
CANDIDATE = "待声明：财政资助满 5 年未转化（以下为按本成果条件给出的建议值）"


def candidates(records: list[Record]) -> list[Record]:
    """Patents the province wants declared: state-funded, unconverted five years, no declaration yet."""
    return [
        r
        for r in records
        if r.type == "patent" and r.status != "withdrawn" and r.derived.fiscal_unconverted_5y and r.open_license is None
    ]


def declared(records: list[Record]) -> list[Record]:
    return [r for r in records if r.open_license and r.status != "withdrawn"]


def suggestion(record: Record, today: str) -> dict[str, str]:
    """Fee mode, standard and term a holder could declare, taken from the record's own offer."""
    p = record.payment
    if p.model == "milestone" and p.royalty_percent:
        mode, standard = "royalty", f"净销售额的 {p.royalty_percent:g}% 提成"
    else:
        fee = base_fee(record)
        mode, standard = "lump_sum", (f"一次性支付 {fee / 10000:g} 万元" if fee else "")
    out = {"fee_mode": OPEN_FEE_MODE_LABELS[mode], "fee_standard": standard, "term_from": today}
    end = record.derived.expires_on
    if end and (dt.date.fromisoformat(end) - dt.date.fromisoformat(today)).days >= 365:
        out["term_to"] = end
    return out


def declaration_rows(catalog: Catalog, site_url: str) -> list[dict]:
    rows = []
    published = catalog.published()
    for record in declared(published) + candidates(published):
        row = {
            "code": record.code,
            "patent_number": record.ip.number,
            "title": record.title,
            "patent_kind": PATENT_KIND_LABELS.get(record.ip.patent_kind or "", ""),
            "patentees": "、".join(record.ip.owners),
            "holder_name": catalog.holders[record.holder].name,
            "url": f"{site_url}records/{record.code}/",
        }
        ol = record.open_license
        if ol is None:
            row.update(state=CANDIDATE, **suggestion(record, catalog.today))
        else:
            row.update(
                state="已公告",
                announcement_no=ol.announcement_no,
                announced_on=ol.announced_on,
                fee_mode=OPEN_FEE_MODE_LABELS[ol.fee_mode],
                fee_standard=open_license_terms(ol),
                term_from=ol.term_from,
                term_to=ol.term_to,
                evaluation_report=f"{ol.report_number}（{ol.report_issued_on}）" if ol.report_number else "",
            )
        rows.append(row)
    return rows
