"""The open data made a record at a time and kept compact (issue 21): the tables' rows as tuples read
as dicts, each record's files from one public view, records.json from a scratch file; the catalog
typed before it is indexed, so the parsed files can go first; the feeds grouped in one pass."""

from __future__ import annotations

import json

import pytest

from xyhf.render.base.columns import Column
from xyhf.render.opendata import data, tables as open_tables
from xyhf.views import public_record


@pytest.fixture(scope="module")
def catalog():
    from conftest import ROOT, TODAY
    from xyhf.pipeline import load_valid_catalog

    loaded = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    assert loaded is not None
    return loaded


def test_rows_keep_tuples_in_column_order_and_read_as_dicts():
    columns = [Column("code", "编码"), Column("trl", "成熟度", "integer"), Column("note", "备注")]
    rows = open_tables.Rows(columns, iter([{"trl": 5, "code": "A", "extra": "x"}, {"code": "B", "trl": 7, "note": "n"}]))
    assert rows.tuples == [("A", 5, None), ("B", 7, "n")], "missing columns are None, unknown keys dropped"
    assert len(rows) == 2 and rows[1] == {"code": "B", "trl": 7, "note": "n"} and rows[-1]["code"] == "B"
    assert list(rows) == [{"code": "A", "trl": 5, "note": None}, {"code": "B", "trl": 7, "note": "n"}]
    assert rows[:1] == [{"code": "A", "trl": 5, "note": None}]
    assert list(open_tables.Rows(columns, [])) == [] and len(open_tables.Rows(columns, [])) == 0


def test_the_tables_rows_are_what_the_public_views_say(catalog):
    records = catalog.published()
    tables = open_tables.build_tables(catalog, records)
    assert [row["code"] for row in tables.records] == [r.code for r in records]
    for record, row in zip(records, tables.records, strict=True):
        assert row == open_tables.record_row(public_record(record, catalog), record)
    assert tables.rows("milestones").names == tuple(c.name for c in open_tables.MILESTONE_COLUMNS)


def test_each_record_file_and_records_json_come_from_the_same_public_view(catalog):
    records = catalog.published()
    own: dict[str, bytes] = {}
    listings: list[str] = []
    gathered = None
    for path, content in data.record_files(catalog, records, "https://example.org/", 0):
        if path == "data/records.json":
            gathered = content.path.read_bytes()  # a scratch file: read before the generator goes on
        elif path.startswith("data/records/"):
            own[path] = content
        elif path.endswith(".json"):
            listings.append(path)
    assert gathered is not None and gathered.startswith(b"[\n") and gathered.endswith(b"\n]\n")
    assert json.loads(gathered) == [json.loads(own[f"data/records/{r.code}.json"]) for r in records]
    assert gathered == b"[\n" + b",\n".join(own[f"data/records/{r.code}.json"] for r in records) + b"\n]\n"
    assert sorted(listings) == sorted(f"data/listing/{r.code}.json" for r in records)
    assert json.loads(own[f"data/records/{records[0].code}.json"]) == public_record(records[0], catalog)


def test_no_records_make_an_empty_array(catalog):
    made = [(path, content.path.read_bytes()) for path, content in data.record_files(catalog, [], "", 0)]
    assert made == [("data/records.json", b"[]\n")]


def test_the_catalog_is_typed_first_then_indexed_and_matched(catalog):
    from conftest import ROOT, TODAY
    from xyhf.enrich import assemble_catalog, indexed, typed_catalog
    from xyhf.pipeline import check_catalog

    loaded = check_catalog(ROOT / "catalog", TODAY)[1]
    typed = typed_catalog(loaded, TODAY)
    assert typed.matches == () and typed.postings is None
    whole = indexed(typed)
    assert whole.matches and whole.postings is not None
    assert whole == assemble_catalog(loaded, TODAY) == catalog
    assert whole.matches == catalog.matches


def test_feeds_group_the_live_records_in_one_pass_as_one_filter_a_feed_would(catalog):
    from xyhf.domain.classify import cities, tech_fields
    from xyhf.render.documents.feeds import feed_list

    live = [r for r in catalog.published() if r.status != "withdrawn"]
    feeds = {feed_id: records for feed_id, _, records in feed_list(catalog)}
    assert feeds["all"] == live
    for f in tech_fields().values():
        assert feeds[f"field-{f.id}"] == [r for r in live if r.derived.tech_field == f.id]
    for code in cities():
        assert feeds[f"city-{code}"] == [r for r in live if r.derived.city == code]
    types = {feed_id.removeprefix("type-") for feed_id in feeds if feed_id.startswith("type-")}
    for kind in types:
        assert feeds[f"type-{kind}"] == [r for r in live if r.type == kind]
    assert sum(len(feeds[f"type-{kind}"]) for kind in types) == len(live)
