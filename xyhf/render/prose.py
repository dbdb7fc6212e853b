"""Blocks filled into the prose pages (xyhf/theme/docs/*.md carry `<!-- xyhf:NAME -->` markers):
progress and newest on the home page, the downloads table, the guide's field reference and the
contract. Filled into the HTML after MkDocs has rendered the prose, never into Markdown."""

from __future__ import annotations

import json

from xyhf.domain.labels import SETTLEMENT_LABELS
from xyhf.model.records import Catalog
from xyhf.render import submit
from xyhf.render.documents import contract, feeds
from xyhf.render.base.formats import LICENSE
from xyhf.figures import TARGET
from xyhf.render.base.templating import render
from xyhf.domain.schemas import load_schema, resolve_ref
from xyhf.validate.schema import enum_labels

DOWNLOADS = [
    ("data/records.json", "全部公开成果，每项一个对象（含派生字段）", "JSON"),
    ("data/records.csv", "全部成果，一行一项", "CSV（UTF-8，带 BOM）"),
    ("data/milestones.csv", "里程碑支付节点，一行一个节点", "CSV"),
    ("data/holders.csv", "持有方", "CSV"),
    (
        "data/records.xlsx",
        "按市州汇总（含合计）、成果、里程碑节点、持有方、合同、企业需求、需求与成果匹配、履约记录八张表和说明，取值为中文",
        "Excel",
    ),
    ("data/deals.json", "已签“先用后付”合同与履约状态（未公开的金额不列出）", "JSON"),
    ("data/deals.csv", "合同，一行一份", "CSV"),
    ("data/deal_events.csv", "履约记录，一行一条", "CSV"),
    ("data/credit.json", "履约信用档案：按承接企业汇总（只有官方认定才标为违约）", "JSON"),
    ("stats/institutions.csv", "各单位“先用后付”工作情况", "CSV"),
    ("stats/institutions.xlsx", "各单位“先用后付”工作情况（含合计行）", "Excel"),
    ("data/catalog.sqlite", "与 records.xlsx 相同的七张数据表（英文字段名与代码），可用 Datasette 或数据库工具打开", "SQLite"),
    ("data/open-license.csv", "专利开放许可声明清单：已公告的声明，及财政资助满 5 年未转化、建议声明的专利（中文表头）", "CSV"),
    ("data/holders.json", "持有方（个人电话仅在同意公开时列出）", "JSON"),
    ("data/datapackage.json", "数据包描述：表结构与中文列名", "Frictionless Data Package"),
    ("data/catalog.jsonld", "数据目录", "DCAT（JSON-LD）"),
    ("schemas/record.schema.json", "成果记录的 JSON Schema", "JSON Schema"),
    (
        "schemas/listing.schema.json",
        "进场交易挂牌包的 JSON Schema：每项成果一份报价 data/listing/<统一编码>.json 按此校验",
        "JSON Schema",
    ),
    ("feeds/all.xml", "新入库成果订阅；另有按类型、技术领域、市州的订阅（见下）", "订阅（Atom）"),
    ("data/changes.csv", "成果的收录与修改历史（取自成果库的 git 提交），一行一项修改：日期、提交、统一编码、修改内容", "CSV"),
    ("feeds/changes.xml", "最近更新订阅：成果的新收录与修改", "订阅（Atom）"),
    ("contract/先用后付合同示范文本.docx", "合同示范文本", "Word"),
    ("data/import-template.xlsx", "成果批量导入模板（下拉选项、填写说明；用 xyhf import-xlsx 导入）", "Excel"),
]


def prose_blocks(catalog: Catalog, updated: str) -> dict[str, dict[str, str]]:
    """{HTML path of a prose page: {marker name: safe HTML}}."""
    return {
        "index.html": {"progress": progress_html(catalog), "newest": newest_html(catalog, "")},
        "downloads/index.html": {"downloads": downloads_html(catalog, updated)},
        "contract/index.html": {"contract": contract.render_contract_html(), "builder": contract_builder_html()},
        "guide/index.html": {"field-reference": field_reference(), "excel": excel_upload_html(catalog)},
        "feeds/index.html": {"feeds": feeds_page_html(catalog)},
        "submit/index.html": {"submit": submit.submit_html(catalog, "record", catalog.repository)},
        "submit/need/index.html": {"submit": submit.submit_html(catalog, "need", catalog.repository)},
    }


def excel_upload_html(catalog: Catalog) -> str:
    from xyhf.importers.xlsx import columns_for_browser

    holders = [(h.id, h.name) for h in sorted(catalog.holders.values(), key=lambda h: h.id)]
    columns = json.dumps(columns_for_browser(), ensure_ascii=False, sort_keys=True)
    return render("excel_upload.html", holders=holders, columns=columns)


def contract_builder_html() -> str:
    rows = next(b["rows"] for b in contract.contract_source()["blocks"] if b["kind"] == "milestone_table")
    return render(
        "contract_builder.html",
        slots=json.dumps(contract.slot_table(), ensure_ascii=False, sort_keys=True),
        settlement=json.dumps(SETTLEMENT_LABELS, ensure_ascii=False, sort_keys=True),
        rows=rows,
    )


def feeds_page_html(catalog: Catalog) -> str:
    """The 如何订阅 page's list: every record feed with its count, grouped, and the needs feed."""
    listed = feeds.feed_list(catalog)
    groups = [
        (
            heading,
            [
                (fid, title.removeprefix("新入库成果："), len(recs))
                for fid, title, recs in listed
                if fid.startswith(prefix) and recs
            ],
        )
        for heading, prefix in (("按成果类型", "type-"), ("按技术领域", "field-"), ("按市州", "city-"))
    ]
    needs = [n for n in catalog.needs if n.status in ("open", "matched")]
    return render("feeds_page.html", all_title=listed[0][1], all_n=len(listed[0][2]), groups=groups, needs_n=len(needs))


def progress_html(catalog: Catalog) -> str:
    from xyhf import figures

    n, withdrawn = figures.published_count(catalog), figures.withdrawn_count(catalog)
    return render("progress.html", n=n, withdrawn=withdrawn, target=TARGET, pct=min(100, round(100 * n / TARGET, 1)))


def newest_html(catalog: Catalog, up: str, n: int = 8) -> str:
    return render("newest.html", records=catalog.published()[:n], catalog=catalog, up=up)


def downloads_html(catalog: Catalog, updated: str) -> str:
    feed_rows = [(fid, title, len(recs)) for fid, title, recs in feeds.feed_list(catalog)[1:] if recs]
    counts: dict[str, int] = {}
    for record in catalog.published():
        counts[record.holder] = counts.get(record.holder, 0) + 1
    listing_books = [(h, catalog.holders[h].name, n) for h, n in sorted(counts.items())]
    return render(
        "downloads.html",
        updated=updated,
        license=LICENSE["title"],
        rows=DOWNLOADS,
        feeds=feed_rows,
        listing_books=listing_books,
    )


def field_reference() -> str:
    """提交指南's field reference, generated from the schemas so it cannot drift from the validator."""
    tables = []
    for kind, title in (
        ("holder", "持有方文件 holders/<编号>.yaml"),
        ("record", "成果文件 records/<持有方>/<文件名>.yaml"),
        ("promotion", "推广目录 promotion/<年份>.yaml"),
        ("deal", "合同文件 deals/<持有方>/<文件名>.yaml"),
        ("followups", "跟踪服务记录 followups/<工作站市州代码>/<年份>.yaml"),
    ):
        schema = load_schema(kind)
        rows: list = []
        _walk(schema, schema, "", set(schema.get("required", [])), rows, kind)
        tables.append((title, rows))
    return render("field_reference.html", tables=tables)


def _walk(node: dict, root: dict, prefix: str, required: set[str], rows: list, kind: str = "") -> None:
    for name, sub in node.get("properties", {}).items():
        sub_root = root
        if "$ref" in sub:
            target, sub_root = resolve_ref(sub["$ref"], root)  # also into another schema file
            sub = {**target, **{k: v for k, v in sub.items() if k != "$ref"}}
        path = f"{prefix}{name}"
        rows.append((path, sub.get("title", ""), name in required, _rule(sub, kind, tuple(path.replace("[]", "").split(".")))))
        if sub.get("type") == "object":
            _walk(sub, sub_root, path + ".", set(sub.get("required", [])), rows, kind)
        items, items_root = sub.get("items", {}), sub_root
        if "$ref" in items:
            items, items_root = resolve_ref(items["$ref"], sub_root)
        if isinstance(items, dict) and items.get("type") == "object":
            _walk(items, items_root, path + "[].", set(items.get("required", [])), rows, kind)


def _rule(sub: dict, kind: str = "", key: tuple = ()) -> str:
    parts = []
    types = {
        "string": "文字",
        "integer": "整数",
        "number": "数字",
        "boolean": "是（true）或否（false）",
        "array": "多项（每项一行，以“- ”开头）",
        "object": "一组字段（见下面几行）",
    }
    if sub.get("type") in types:
        parts.append(types[sub["type"]])
    labels = enum_labels(kind, key)
    items = sub.get("items", {})
    for values in (sub.get("enum"), items.get("enum") if isinstance(items, dict) else None):
        if values:
            parts.append("可选：" + "、".join(f"{labels.get(str(v), v)}（{v}）" if str(v) in labels else str(v) for v in values))
    if sub.get("format") == "date":
        parts.append("日期 YYYY-MM-DD")
    for limit, label in (
        ("minimum", "最小"),
        ("maximum", "最大"),
        ("minLength", "至少字数"),
        ("maxLength", "最多字数"),
        ("minItems", "至少项数"),
        ("maxItems", "最多项数"),
    ):
        if limit in sub:
            parts.append(f"{label} {sub[limit]}")
    if sub.get("description"):
        parts.append(sub["description"])
    return "；".join(parts)
