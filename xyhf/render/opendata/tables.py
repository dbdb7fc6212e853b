"""The open-data tables: their columns, keys and rows, built once per site from the public views."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from xyhf.domain.labels import MILESTONE_LABELS
from xyhf.model.records import Catalog, Record
from xyhf.render.base.columns import Column
from xyhf.render.deals.deal_tables import DEAL_COLUMNS, EVENT_COLUMNS, MATCH_COLUMNS, NEED_COLUMNS, deal_rows, need_rows
from xyhf.views import public_holder, public_record

RECORD_COLUMNS = [
    Column("code", "统一编码", description="HNXY-年份-类型代码-序号-校验位"),
    Column("title", "成果名称"),
    Column("type", "类型代码"),
    Column("type_label", "类型"),
    Column("holder", "持有方编号"),
    Column("holder_name", "持有方"),
    Column("city", "市州代码"),
    Column("city_name", "市州"),
    Column("tech_field", "技术领域编号", "integer", "WIPO IPC-技术领域对照表的 35 个领域"),
    Column("tech_field_name", "技术领域"),
    Column("sei_category", "战略性新兴产业（推定）"),
    Column("trl", "技术成熟度", "integer"),
    Column("trl_label", "技术成熟度说明"),
    Column("ip_number", "登记/授权号"),
    Column("patent_kind", "专利类型"),
    Column("ip_filed_on", "申请日", "date"),
    Column("ip_granted_on", "授权/登记日", "date"),
    Column("ip_expires_on", "有效期至", "date"),
    Column("ip_owners", "权利人", description="多个以“；”分隔"),
    Column("ipc", "IPC 分类号", description="多个以“；”分隔"),
    Column("industry", "国民经济行业分类"),
    Column("keywords", "关键词", description="多个以“；”分隔"),
    Column("summary", "简要说明"),
    Column("applications", "应用领域与市场前景"),
    Column("advantages", "技术优势"),
    Column("licensee_requirements", "承接条件"),
    Column("transfer_modes", "转化方式"),
    Column("license_kinds", "许可类型"),
    Column("transfer_region", "转化地域"),
    Column("transfer_term", "许可期限"),
    Column("payment_model", "支付模式"),
    Column("milestone_total_cny", "里程碑金额合计（元）", "integer"),
    Column("royalty_percent", "提成比例（%）", "number"),
    Column("settlement", "提成结算周期"),
    Column("deferred_after_months", "合同生效满（月）后开始支付", "integer"),
    Column("deferred_on_first_revenue", "产生市场化收入后开始支付", "boolean"),
    Column("deferred_method", "延期支付形式"),
    Column("total_cny", "转化费用总额（元）", "integer"),
    Column("fiscal", "财政资金支持", "boolean"),
    Column("fiscal_accepted_on", "验收日期", "date"),
    Column("ip_expired", "知识产权已到期", "boolean"),
    Column("fiscal_unconverted_5y", "财政资助验收满 5 年未转化", "boolean"),
    Column("status", "状态"),
    Column("listed_on", "入库日期", "date"),
    Column("contact_name", "联系人"),
    Column("contact_phone", "联系电话"),
    Column("contact_email", "联系邮箱"),
    Column("url", "成果页面"),
    # Added with issue 22 at the end, so existing column positions stay where readers expect them.
    Column(
        "ip_legal_status",
        "法律状态",
        description="WIPO ST.27 分类：pending 审中、in_force 有效、expired 届满、lapsed 未缴年费终止、revoked 宣告无效、abandoned 放弃、withdrawn 撤回、transferred 已转让；空 = 尚未核验",
    ),
    Column("ip_status_checked_on", "法律状态核验日期", "date"),
    Column("ip_status_source", "法律状态核验来源"),
    Column("listings", "进场挂牌", description="交易平台：挂牌编号，多个以“；”分隔"),
]
MILESTONE_COLUMNS = [
    Column("code", "统一编码"),
    Column("seq", "序号", "integer"),
    Column("node", "节点代码"),
    Column("node_label", "里程碑节点"),
    Column("condition", "支付条件"),
    Column("amount_cny", "支付金额（元）", "integer"),
    Column("due", "支付期限"),
]
HOLDER_COLUMNS = [
    Column("id", "持有方编号"),
    Column("name", "单位名称"),
    Column("uscc", "统一社会信用代码"),
    Column("kind", "单位类型"),
    Column("city", "市州代码"),
    Column("address", "地址"),
    Column("office_phone", "办公电话"),
    Column("office_email", "办公邮箱"),
    Column("contact_name", "联系人"),
    Column("records", "成果数", "integer"),
]
TABLES = [
    ("records", "成果", RECORD_COLUMNS),
    ("milestones", "里程碑节点", MILESTONE_COLUMNS),
    ("holders", "持有方", HOLDER_COLUMNS),
    ("deals", "先用后付合同", DEAL_COLUMNS),
    ("needs", "企业技术需求", NEED_COLUMNS),
    ("matches", "需求与成果匹配", MATCH_COLUMNS),
    ("deal_events", "履约记录", EVENT_COLUMNS),
]
# data/changes.csv (render/records/history.py): one line per change a commit made to a published record.
CHANGE_COLUMNS = [
    Column("date", "日期", "date", "提交日期（git 提交者日期）"),
    Column("commit", "提交", "string", "git 提交编号（SHA-1）"),
    Column("code", "统一编码"),
    Column("title", "成果名称", "string", "成果现在的名称"),
    Column("kind", "类别", "string", "首次收录 或 修改"),
    Column("change", "修改内容", "string", "一行一项，如“状态：可转化 → 洽谈中”；长文本只说“已修改”"),
    Column("url", "成果页面"),
]
PRIMARY_KEYS = {
    "records": ["code"],
    "milestones": ["code", "seq"],
    "holders": ["id"],
    "deals": ["contract_no"],
    "needs": ["code"],
    "matches": ["need", "record"],
    "deal_events": ["contract_no", "seq"],
}
FOREIGN_KEYS = {
    "milestones": ("code", "records", "code"),
    "records": ("holder", "holders", "id"),
    "deals": ("holder", "holders", "id"),
    "deal_events": ("contract_no", "deals", "contract_no"),
}


CITY_COLUMNS = [
    Column("city_name", "市州"),
    Column("city", "市州代码"),
    Column("published", "已发布成果", "integer", "已签发统一编码、未撤回的成果（可转化、洽谈中和已许可）"),
    Column("available", "其中可转化", "integer"),
    Column("needs_open", "在库企业需求（征集中）", "integer"),
    Column("deals", "先用后付合同（承接方在本市州）", "integer"),
]


def _join(values) -> str:
    return "；".join(str(v) for v in values)


def record_row(pub: dict, record: Record) -> dict:
    p, ip = record.payment, pub["ip"]
    return {
        "code": pub["code"],
        "title": pub["title"],
        "type": pub["type"],
        "type_label": pub["type_label"],
        "holder": pub["holder"],
        "holder_name": pub["holder_name"],
        "city": pub["city"],
        "city_name": pub["city_name"],
        "tech_field": pub["tech_field"],
        "tech_field_name": pub["tech_field_name"],
        "sei_category": pub["sei_category"],
        "trl": pub["trl"],
        "trl_label": pub["trl_label"],
        "ip_number": ip.get("number"),
        "patent_kind": ip.get("patent_kind"),
        "ip_filed_on": ip.get("filed_on"),
        "ip_granted_on": ip.get("granted_on"),
        "ip_expires_on": ip.get("expires_on"),
        "ip_owners": _join(ip.get("owners", [])),
        "ipc": _join(pub["ipc"]),
        "industry": pub.get("industry"),
        "keywords": _join(pub["keywords"]),
        "summary": pub["summary"],
        "applications": pub["applications"],
        "advantages": pub["advantages"],
        "licensee_requirements": pub.get("licensee_requirements"),
        "transfer_modes": _join(record.transfer.modes),
        "license_kinds": _join(record.transfer.license_kinds),
        "transfer_region": record.transfer.region,
        "transfer_term": record.transfer.term,
        "payment_model": p.model,
        "milestone_total_cny": sum(m.amount_cny for m in p.milestones) if p.milestones else None,
        "royalty_percent": p.royalty_percent,
        "settlement": p.settlement,
        "deferred_after_months": p.after_months,
        "deferred_on_first_revenue": p.on_first_revenue if p.model == "deferred_start" else None,
        "deferred_method": p.method,
        "total_cny": p.total_cny,
        "fiscal": record.funding.fiscal if record.funding else None,
        "fiscal_accepted_on": record.funding.accepted_on if record.funding else None,
        "ip_expired": pub["ip_expired"],
        "fiscal_unconverted_5y": pub["fiscal_unconverted_5y"],
        "status": pub["status"],
        "listed_on": pub["listed_on"],
        "contact_name": pub["contact"].get("name"),
        "contact_phone": pub["contact"].get("phone"),
        "contact_email": pub["contact"].get("email"),
        "url": pub["url"],
        "ip_legal_status": ip.get("legal_status"),
        "ip_status_checked_on": ip.get("status_checked_on"),
        "ip_status_source": ip.get("status_source"),
        "listings": _join(f"{x['platform']}：{x['id']}" for x in pub.get("listings", [])) or None,
    }


class Rows(Sequence[dict]):
    """A table's rows, kept as tuples in its columns' order and read as dicts, one at a time: a dict
    a row cost four times the memory (43 against 11 MiB for the records at 25,000)."""

    def __init__(self, columns: list[Column], rows: Iterable[dict]) -> None:
        self.names = tuple(c.name for c in columns)
        self.tuples = [tuple(row.get(name) for name in self.names) for row in rows]

    def __len__(self) -> int:
        return len(self.tuples)

    @overload
    def __getitem__(self, at: int) -> dict: ...
    @overload
    def __getitem__(self, at: slice) -> list[dict]: ...
    def __getitem__(self, at: int | slice) -> dict | list[dict]:
        if isinstance(at, slice):
            return [dict(zip(self.names, row)) for row in self.tuples[at]]
        return dict(zip(self.names, self.tuples[at]))

    def __iter__(self) -> Iterator[dict]:
        names = self.names
        return (dict(zip(names, row)) for row in self.tuples)


@dataclass
class Tables:
    records: Rows
    milestones: Rows
    holders: Rows
    deals: Rows
    deal_events: Rows
    needs: Rows
    matches: Rows

    def rows(self, name: str) -> Rows:
        return getattr(self, name)


def build_tables(catalog: Catalog, records: list[Record]) -> Tables:
    """The tables' rows. Each record's public view is made for its row and let go: kept, the views
    were 73 MiB at 25,000 records (data/records.json makes them again, one at a time)."""
    rows = Rows(RECORD_COLUMNS, (record_row(public_record(r, catalog), r) for r in records))
    milestones = (
        {
            "code": r.code,
            "seq": i,
            "node": m.node,
            "node_label": MILESTONE_LABELS[m.node],
            "condition": m.condition,
            "amount_cny": m.amount_cny,
            "due": m.due,
        }
        for r in records
        for i, m in enumerate(r.payment.milestones, 1)
    )
    counts: dict[str, int] = {}
    for r in records:
        counts[r.holder] = counts.get(r.holder, 0) + 1
    holders = []
    for hid, h in sorted(catalog.holders.items()):
        pub = public_holder(h, counts.get(hid, 0))
        holders.append(
            {
                "id": hid,
                "name": h.name,
                "uscc": h.uscc,
                "kind": h.kind,
                "city": h.city,
                "address": h.address,
                "office_phone": h.office_phone,
                "office_email": h.office_email,
                "contact_name": pub["contact"]["name"],
                "records": counts.get(hid, 0),
            }
        )
    deals, events = deal_rows(catalog)
    needs, matches = need_rows(catalog)
    return Tables(
        rows,
        Rows(MILESTONE_COLUMNS, milestones),
        Rows(HOLDER_COLUMNS, holders),
        Rows(DEAL_COLUMNS, deals),
        Rows(EVENT_COLUMNS, events),
        Rows(NEED_COLUMNS, needs),
        Rows(MATCH_COLUMNS, matches),
    )
