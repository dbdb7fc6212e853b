"""Open data: JSON, CSV (UTF-8 with BOM), XLSX, SQLite, per-record JSON, Data Package, DCAT."""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import sqlite3
from dataclasses import dataclass
from collections.abc import Iterator

from xyhf.domain.labels import MILESTONE_LABELS
from xyhf.model import Catalog, Record
from xyhf.render.base.columns import Column
from xyhf.render.open_license import DECLARATION_COLUMNS, OPEN_LICENSE_FILE, declaration_rows
from xyhf.render.deal_tables import DEAL_COLUMNS, EVENT_COLUMNS, MATCH_COLUMNS, NEED_COLUMNS, credit_archive, deal_rows, need_rows
from xyhf.views import matches_by_need, public_deal, public_holder, public_need, public_record
from xyhf.render.base.zipfix import normalize_zip

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "知识共享署名 4.0 国际许可协议（CC BY 4.0）",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


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
# data/changes.csv (render/history.py): one line per change a commit made to a published record.
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


@dataclass
class Tables:
    records: list[dict]
    milestones: list[dict]
    holders: list[dict]
    public: list[dict]  # full public records (data/records.json)
    deals: list[dict]
    deal_events: list[dict]
    needs: list[dict]
    matches: list[dict]

    def rows(self, name: str) -> list[dict]:
        return getattr(self, name)


def build_tables(catalog: Catalog, records: list[Record]) -> Tables:
    public = [public_record(r, catalog) for r in records]
    rows = [record_row(pub, r) for pub, r in zip(public, records)]
    milestones = [
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
    ]
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
    return Tables(rows, milestones, holders, public, deals, events, needs, matches)


def _json(data: object) -> bytes:
    """Small descriptive files indented; tables as an array of one compact object per line, which
    diffs and greps by row and is an eighth smaller than indented (10 MB of records.json at 25,000)."""
    if not isinstance(data, list):
        return (json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
    rows = (json.dumps(row, ensure_ascii=False, separators=(",", ":"), allow_nan=False) for row in data)
    return ("[\n" + ",\n".join(rows) + "\n]\n" if data else "[]\n").encode("utf-8")


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A spreadsheet cell that could start a formula gets a leading apostrophe (OWASP CSV injection
    guidance): `=HYPERLINK(…)`, `+1`, `-2`, `@SUM`, and the same after leading spaces."""
    if isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or value.lstrip(" \u3000").startswith(FORMULA_TRIGGERS)):
        return "'" + value
    return value


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else neutralise(value)


def render_csv(rows: list[dict], columns: list[Column], people: bool = False) -> bytes:
    """`people`: Chinese column titles as the header (a file a clerk fills in), not the stable keys."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.title if people else c.name for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c.name)) for c in columns])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")  # BOM: Excel on Windows then reads UTF-8


def _xlsx_safe(value: object) -> object:
    """Cells never start a formula (see neutralise); characters XML cannot hold are dropped."""
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)
    return neutralise(value)


@functools.cache
def _value_labels(table: str = "") -> dict[str, dict[str, str]]:
    """Chinese names of coded values, by column (and by table where one column name means different
    things: a need's status, a deal's status, a deal event's kind): a workbook is read by people."""
    from xyhf.domain import labels as L

    own = {
        "needs": {"status": L.NEED_STATUS_LABELS, "payment_models": L.PAYMENT_MODEL_LABELS},
        "deals": {"status": L.DEAL_STATUS_LABELS},
        "deal_events": {"kind": L.DEAL_EVENT_LABELS},
    }.get(table, {})
    return {
        "type": L.TYPE_LABELS,
        "status": L.STATUS_LABELS,
        "payment_model": L.PAYMENT_MODEL_LABELS,
        "transfer_modes": L.MODE_LABELS,
        "mode": L.MODE_LABELS,
        "license_kinds": L.LICENSE_KIND_LABELS,
        "license_kind": L.LICENSE_KIND_LABELS,
        "settlement": L.SETTLEMENT_LABELS,
        "patent_kind": L.PATENT_KIND_LABELS,
        "deferred_method": L.METHOD_LABELS,
        "kind": L.HOLDER_KIND_LABELS,
        "node": L.MILESTONE_LABELS,
        "size": L.SIZE_LABELS,
        "licensee_size": L.SIZE_LABELS,
        "enterprise_size": L.SIZE_LABELS,
        "payment_models": L.PAYMENT_MODEL_LABELS,
        "ip_legal_status": L.LEGAL_STATUS_LABELS,
        **own,
    }


def is_code_column(column: Column) -> bool:
    """A column that keeps the codes on purpose, beside its Chinese twin (titled …代码)."""
    return column.title.endswith("代码")


def people_value(column: Column, value: object, site_url: str = "", table: str = "") -> object:
    """A cell as people read it: Chinese names for codes, 是/否, real dates, absolute links."""
    if value is None or value == "":
        return None
    if column.type == "date" and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if column.type == "boolean" and isinstance(value, bool):
        return "是" if value else "否"
    labels = None if is_code_column(column) else _value_labels(table).get(column.name)
    if labels and isinstance(value, str):
        return "；".join(labels.get(part, part) for part in value.split("；"))
    if labels and isinstance(value, list):
        return "；".join(labels.get(str(part), str(part)) for part in value)
    if column.name == "url" and isinstance(value, str) and site_url and not value.startswith("https://"):
        return site_url + value
    return value


def render_xlsx(tables: list[tuple[str, str, list[Column], list[dict]]], epoch: int, site_url: str = "") -> bytes:
    """One sheet per table for people: one Chinese header row (frozen, with filters), Chinese values,
    dates as dates, absolute links. The English keys and codes stay in the CSV and JSON files."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    import datetime as dt

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF7")
    for table, sheet_title, given, rows in tables:
        columns, rows = _with_city_names(given, rows)
        ws = wb.create_sheet(sheet_title)
        ws.freeze_panes = "B2"
        last = get_column_letter(max(1, len(columns)))
        total = bool(rows) and bool(rows[-1].get("_total"))  # a 合计 row stays below the filtered rows
        ws.auto_filter.ref = f"A1:{last}{len(rows) + 1 - total}"
        for i, c in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = _width(c)
        header = []
        for c in columns:
            cell = WriteOnlyCell(ws, value=c.title)
            cell.font, cell.fill = bold, fill
            header.append(cell)
        ws.append(header)
        named = _value_labels(table)
        plain_cols = [c.type not in ("date", "boolean") and c.name not in named and c.name != "url" for c in columns]
        for row in rows:
            cells = [
                _xlsx_safe(row.get(c.name)) if simple else _people_cell(ws, c, row.get(c.name), site_url, table)
                for c, simple in zip(columns, plain_cols, strict=True)
            ]
            if row.get("_total"):
                cells = [_bold(ws, value, bold) for value in cells]
            ws.append(cells)
    notes = wb.create_sheet("说明")
    notes.append(["本工作簿由湖南省科技成果“先用后付”成果库生成，供人阅读：每张表第 1 行为中文列名，已开启筛选。"])
    notes.append(["程序使用请下载同名 CSV 或 JSON 文件：字段名和取值代码保持稳定（见 datapackage.json）。"])
    notes.append([f"许可：{LICENSE['title']}。个人电话和邮箱仅在本人同意公开时列出，否则为单位办公联系方式。"])
    notes.append(
        [
            "口径：“已发布成果”指已签发统一编码、未撤回的成果（可转化、洽谈中和已许可），与网站首页和统计页相同；已撤回的成果仍列在“成果”表中，状态为“已撤回”。"
        ]
    )
    notes.append(["列名以“代码”结尾的列保留程序使用的英文代码或行政区划代码，旁边一列是对应的中文。"])
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "xyhf"
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_zip(buf.getvalue(), epoch)


def _with_city_names(columns: list[Column], rows: list[dict]) -> tuple[list[Column], list[dict]]:
    """A workbook is read by people: beside each 市州代码 column without its Chinese twin, the city's
    name (the CSV and JSON keep the code only)."""
    from xyhf.domain.classify import cities

    names = cities()
    out: list[Column] = []
    added: list[tuple[str, str]] = []
    for c in columns:
        out.append(c)
        twin = c.title.removesuffix("代码")
        if c.title.endswith("市州代码") and not any(other.title == twin for other in columns):
            out.append(Column(f"{c.name}__name", twin))
            added.append((c.name, f"{c.name}__name"))
    if not added:
        return columns, rows
    return out, [{**row, **{name: names.get(str(row.get(code)), row.get(code)) for code, name in added}} for row in rows]


def _bold(ws, value: object, font) -> object:
    from openpyxl.cell import WriteOnlyCell

    if hasattr(value, "font"):
        value.font = font
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    return cell


CITY_COLUMNS = [
    Column("city_name", "市州"),
    Column("city", "市州代码"),
    Column("published", "已发布成果", "integer", "已签发统一编码、未撤回的成果（可转化、洽谈中和已许可）"),
    Column("available", "其中可转化", "integer"),
    Column("needs_open", "在库企业需求（征集中）", "integer"),
    Column("deals", "先用后付合同（承接方在本市州）", "integer"),
]


def _width(c: Column) -> int:
    if c.name in ("summary", "applications", "advantages", "licensee_requirements"):
        return 48
    return 30 if c.name in ("title", "holder_name", "condition", "name", "address", "url") else 14


def _people_cell(ws, column: Column, value: object, site_url: str, table: str = "") -> object:
    from openpyxl.cell import WriteOnlyCell

    shown = _xlsx_safe(people_value(column, value, site_url, table))
    if column.type == "date" and shown is not None and not isinstance(shown, str):
        cell = WriteOnlyCell(ws, value=shown)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return shown


_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT", "string": "TEXT"}


# Tables of short rows keyed by two columns are stored in their key's b-tree, not beside a second
# index of it (SQLite's advice: WITHOUT ROWID suits rows well under a twentieth of a page).
_SMALL_ROWS = frozenset({"milestones", "matches", "deal_events"})


def render_sqlite(tables: Tables) -> bytes:
    """The tables in one SQLite database, built in memory and serialized: no temporary file."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("PRAGMA page_size = 16384")  # long text rows overflow 4 KiB pages; 16 KiB measured smallest at 2,500 (-7 %)
        for name, _, columns in TABLES:
            cols = ", ".join(f'"{c.name}" {_SQL_TYPES[c.type]}' for c in columns)
            pk = ", PRIMARY KEY (" + ", ".join(PRIMARY_KEYS[name]) + ")"
            rowid = " WITHOUT ROWID" if name in _SMALL_ROWS else ""
            con.execute(f'CREATE TABLE "{name}" ({cols}{pk}){rowid}')
            marks = ", ".join("?" for _ in columns)
            con.executemany(
                f'INSERT INTO "{name}" VALUES ({marks})', [[row.get(c.name) for c in columns] for row in tables.rows(name)]
            )
        con.commit()
        con.execute("VACUUM")
        return con.serialize()
    finally:
        con.close()


def _fields(columns: list[Column]) -> list[dict]:
    return [
        {"name": c.name, "title": c.title, "type": c.type, **({"description": c.description} if c.description else {})}
        for c in columns
    ]


def datapackage(updated: str) -> dict:
    resources = []
    for name, title, columns in TABLES:
        schema: dict = {"fields": _fields(columns)}
        schema["primaryKey"] = PRIMARY_KEYS[name]
        if name in FOREIGN_KEYS:
            field, resource, target = FOREIGN_KEYS[name]
            schema["foreignKeys"] = [{"fields": field, "reference": {"resource": resource, "fields": target}}]
        resources.append(
            {
                "name": name,
                "title": title,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": schema,
            }
        )
    resources.append(
        {
            "name": "changes",
            "title": "成果修改历史",
            "path": "changes.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": {
                "fields": _fields(CHANGE_COLUMNS),
                "primaryKey": ["commit", "code", "change"],
            },
        }
    )
    return {
        "profile": "tabular-data-package",
        "name": "hunan-xianyong-houfu-catalog",
        "title": "湖南省科技成果“先用后付”成果库",
        "description": "通过省级平台发布的“先用后付”科技成果：成果、里程碑支付节点、持有方，以及已签合同与履约记录。",
        "licenses": [LICENSE],
        "created": f"{updated}T00:00:00Z",
        "resources": resources,
    }


DCAT_FILES = [
    ("records.json", "application/json", "全部成果（JSON）"),
    ("records.csv", "text/csv", "全部成果（CSV）"),
    ("records.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "全部表（Excel）"),
    ("catalog.sqlite", "application/vnd.sqlite3", "全部表（SQLite）"),
    ("holders.json", "application/json", "持有方（JSON）"),
    ("deals.json", "application/json", "先用后付合同与履约状态（JSON）"),
    ("deals.csv", "text/csv", "先用后付合同（CSV）"),
    ("deal_events.csv", "text/csv", "履约记录（CSV）"),
    ("credit.json", "application/json", "履约信用档案（按承接企业，JSON）"),
    ("needs.json", "application/json", "企业技术需求与匹配（JSON）"),
    ("needs.csv", "text/csv", "企业技术需求（CSV）"),
    ("matches.csv", "text/csv", "需求与成果匹配及理由（CSV）"),
    ("changes.csv", "text/csv", "成果收录与修改历史（CSV）"),
    ("datapackage.json", "application/json", "数据包描述（Frictionless Data Package）"),
]
EU_LANGUAGE_ZH = "http://publications.europa.eu/resource/authority/language/ZHO"
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"


def _date(value: str) -> dict:
    return {"@value": value, "@type": "xsd:date"}


def _distribution(url: str, media: str, title: str, updated: str) -> dict:
    """DCAT-AP 3.0: accessURL is mandatory; media types and the licence are IRIs, dates typed."""
    return {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": IANA_MEDIA + media, "@type": "dct:MediaType"},
        "dct:license": {"@id": LICENSE["path"], "@type": "dct:LicenseDocument"},
        "dct:modified": _date(updated),
    }


def dcat_catalog(site_url: str, updated: str) -> dict:
    """The open data as a DCAT catalog that conforms to DCAT-AP 3.0 (tested with the SEMIC shapes)."""
    publisher = {"@id": f"{site_url}#publisher", "@type": "foaf:Agent", "foaf:name": "湖南省科学技术厅（成果库运营方）"}
    dists = [_distribution(f"{site_url}data/{name}", media, title, updated) for name, media, title in DCAT_FILES]
    dists.append(_distribution(f"{site_url}feeds/all.xml", "application/atom+xml", "新入库成果订阅（Atom）", updated))
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": f"{site_url}data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": "湖南省科技成果“先用后付”成果库开放数据",
        "dct:description": "通过省级平台发布的“先用后付”科技成果、持有方、已签合同与履约记录的开放数据。",
        "dct:publisher": publisher,
        "dct:language": {"@id": EU_LANGUAGE_ZH, "@type": "dct:LinguisticSystem"},
        "dct:modified": _date(updated),
        "foaf:homepage": {"@id": site_url, "@type": "foaf:Document"},
        "dct:license": {"@id": LICENSE["path"], "@type": "dct:LicenseDocument"},
        "dcat:dataset": [
            {
                "@id": f"{site_url}data/#records",
                "@type": "dcat:Dataset",
                "dct:title": "“先用后付”科技成果与成交台账",
                "dct:description": "湖南省高校、科研院所、医疗卫生机构等以“先用后付”方式许可给中小微企业的科技成果，及其合同与履约记录。",
                "dct:publisher": publisher,
                "dct:modified": _date(updated),
                "dcat:keyword": ["先用后付", "科技成果转化", "专利许可", "开放许可"],
                "dcat:distribution": dists,
                "dct:conformsTo": [
                    {"@id": f"{site_url}schemas/record.schema.json", "@type": "dct:Standard"},
                    {"@id": f"{site_url}schemas/deal.schema.json", "@type": "dct:Standard"},
                ],
            }
        ],
    }


def render_data(catalog: Catalog, tables: Tables, site_url: str, updated: str) -> Iterator[tuple[str, bytes]]:
    """Every open-data file but the workbooks (rendered in workers from the same tables, see jobs.py)."""
    yield "data/records.json", _json(tables.public)
    for pub in tables.public:
        yield f"data/records/{pub['code']}.json", json.dumps(pub, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    yield "data/holders.json", _json([public_holder(catalog.holders[row["id"]], row["records"]) for row in tables.holders])
    yield "data/deals.json", _json([public_deal(deal, catalog) for deal in catalog.deals])
    yield "data/credit.json", _json(credit_archive(catalog))
    grouped = matches_by_need(catalog)
    yield "data/needs.json", _json([public_need(need, catalog, grouped.get(need.code, [])) for need in catalog.needs])
    for name, _, columns in TABLES:
        yield f"data/{name}.csv", render_csv(tables.rows(name), columns)
    yield "data/catalog.sqlite", render_sqlite(tables)
    yield OPEN_LICENSE_FILE, render_csv(declaration_rows(catalog, site_url), DECLARATION_COLUMNS, people=True)
    yield "data/datapackage.json", _json(datapackage(updated))
    yield "data/catalog.jsonld", _json(dcat_catalog(site_url, updated))


def render_promotion_files(catalog: Catalog, epoch: int) -> Iterator[tuple[str, bytes]]:
    columns = [
        Column("seq", "序号", "integer"),
        Column("code", "统一编码"),
        Column("title", "成果名称"),
        Column("holder_name", "持有方"),
        Column("type_label", "类型"),
        Column("trl", "技术成熟度", "integer"),
        Column("tech_field_name", "技术领域"),
        Column("reason", "推荐理由"),
        Column("url", "成果页面"),
    ]
    for promo in catalog.promotions:
        rows = []
        for i, entry in enumerate(promo.entries, 1):
            pub = public_record(catalog.by_code[entry.code], catalog)
            rows.append(
                {
                    "seq": i,
                    "code": entry.code,
                    "title": pub["title"],
                    "holder_name": pub["holder_name"],
                    "type_label": pub["type_label"],
                    "trl": pub["trl"],
                    "tech_field_name": pub["tech_field_name"],
                    "reason": entry.reason,
                    "url": pub["url"],
                }
            )
        base = f"promotion/{promo.year}/promotion-{promo.year}"
        yield base + ".csv", render_csv(rows, columns)
        yield base + ".xlsx", render_xlsx([("promotion", f"{promo.year}年推广目录", columns, rows)], epoch)
