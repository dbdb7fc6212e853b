"""Open data: JSON, CSV (UTF-8 with BOM), XLSX, SQLite, per-record JSON, Data Package, DCAT."""

from __future__ import annotations

import functools
import sqlite3
import tempfile
from pathlib import Path
from collections.abc import Iterator
from contextlib import contextmanager

from xyhf.model.records import Catalog, Record
from xyhf.render.base.columns import Column
from xyhf.render.base.formats import LICENSE, JsonArray, json_bytes, json_line, render_csv, render_xlsx, write_csv
from xyhf.render.documents.open_license import DECLARATION_COLUMNS, OPEN_LICENSE_FILE, declaration_rows
from xyhf.render.deals.deal_tables import credit_archive
from xyhf.render.opendata.listing import Listings
from xyhf.render.opendata.tables import CHANGE_COLUMNS, FOREIGN_KEYS, PRIMARY_KEYS, TABLES, Tables
from xyhf.write import Content, CopyOf, made_in_scratch
from xyhf.views import matches_by_need, public_deal, public_holder, public_need, public_record

_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT", "string": "TEXT"}


# Tables of short rows keyed by two columns are stored in their key's b-tree, not beside a second
# index of it (SQLite's advice: WITHOUT ROWID suits rows well under a twentieth of a page).
_SMALL_ROWS = frozenset({"milestones", "matches", "deal_events"})


@contextmanager
def sqlite_file(tables: Tables) -> Iterator[Path]:
    """The tables in one SQLite database, in a scratch file that is there until the block ends. It is
    copied into the site from there: read back into memory it was 67 MB at 25,000 records (in memory
    the pages, VACUUM's copy and the serialized bytes were three copies, 200 MB)."""
    with tempfile.TemporaryDirectory(prefix="xyhf-sqlite-") as scratch:
        path = Path(scratch) / "catalog.sqlite"
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to roll back to
            con.execute("PRAGMA synchronous = OFF")
            # Long text rows overflow 4 KiB pages; 16 KiB measured smallest at 2,500 (-7 %).
            con.execute("PRAGMA page_size = 16384")
            for name, _, columns in TABLES:
                cols = ", ".join(f'"{c.name}" {_SQL_TYPES[c.type]}' for c in columns)
                pk = ", PRIMARY KEY (" + ", ".join(PRIMARY_KEYS[name]) + ")"
                rowid = " WITHOUT ROWID" if name in _SMALL_ROWS else ""
                con.execute(f'CREATE TABLE "{name}" ({cols}{pk}){rowid}')
                marks = ", ".join("?" for _ in columns)
                rows = tables.rows(name)
                assert rows.names == tuple(c.name for c in columns), f"{name}: the rows' columns are the table's"
                con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows.tuples)
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
        yield path


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


def render_data(catalog: Catalog, tables: Tables, site_url: str, updated: str) -> Iterator[tuple[str, Content]]:
    """Every open-data file made from the tables (and the workbooks, rendered in workers from the same
    tables, see jobs.py); each record's own files come from record_files."""
    yield "data/holders.json", json_bytes([public_holder(catalog.holders[row["id"]], row["records"]) for row in tables.holders])
    yield "data/deals.json", json_bytes([public_deal(deal, catalog) for deal in catalog.deals])
    yield "data/credit.json", json_bytes(credit_archive(catalog))
    grouped = matches_by_need(catalog)
    yield "data/needs.json", json_bytes([public_need(need, catalog, grouped.get(need.code, [])) for need in catalog.needs])
    for name, _, columns in TABLES:
        yield from made_in_scratch(f"data/{name}.csv", functools.partial(write_csv, tables.rows(name), columns))
    with sqlite_file(tables) as database:
        yield "data/catalog.sqlite", CopyOf(database)  # the writer copies it before this block ends
    yield OPEN_LICENSE_FILE, render_csv(declaration_rows(catalog, site_url), DECLARATION_COLUMNS, people=True)
    yield "data/datapackage.json", json_bytes(datapackage(updated))
    yield "data/catalog.jsonld", json_bytes(dcat_catalog(site_url, updated))


def record_files(catalog: Catalog, records: list[Record], site_url: str, epoch: int) -> Iterator[tuple[str, Content]]:
    """Each published record's own files from one public view, made and let go a record at a time:
    data/records/<code>.json, its listing offer, and its line of data/records.json, which gathers in a
    scratch file (held in memory, the lines were 70 MB at 25,000 records); the holders' listing
    workbooks at the end."""
    listings = Listings(catalog, epoch, site_url)
    with tempfile.TemporaryDirectory(prefix="xyhf-records-") as scratch:
        path = Path(scratch) / "records.json"
        with path.open("wb") as stream:
            array = JsonArray(stream)
            for record in records:
                pub = public_record(record, catalog)
                row = json_line(pub)
                array.add(row)
                yield f"data/records/{pub['code']}.json", row
                yield listings.offer_file(pub, record)
            array.close()
        yield "data/records.json", CopyOf(path)  # the writer copies it before this block ends
    yield from listings.workbooks()


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
