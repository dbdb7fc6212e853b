"""A large catalog is loaded in worker processes on the loader's fast path, without positions; a small
one in this process by the strict builder, with them. Both must give the same report, message for
message, with the same file:line:column, for good files and bad ones alike."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import TODAY
from xyhf.pipeline import check_catalog

ROOT = Path(__file__).resolve().parents[2]

BROKEN = {
    "duplicate-key.yaml": "title: 甲\ntitle: 乙\n",
    "octal.yaml": "trl: 0731\n",
    "alias.yaml": "a: &x [1]\nb: *x\n",
    "tagged.yaml": "trl: !!float 6\n",
    "syntax.yaml": "title: [\n",
    "list.yaml": "- a\n- b\n",
}


def report_of(root: Path, monkeypatch, parallel_from: int) -> list:
    monkeypatch.setattr("xyhf.source.discover.PARALLEL_FROM", parallel_from)
    monkeypatch.setenv("XYHF_WORKERS", "2")
    monkeypatch.setattr("xyhf.source.discover.CHUNK", 8)  # several chunks: the forked worker takes some
    report, _ = check_catalog(root, TODAY)
    return report.sorted()


def test_large_catalog_path_reports_exactly_what_the_small_one_does(tmp_path, monkeypatch):
    root = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", root)
    holder = sorted(p.name for p in (root / "records").iterdir())[0]
    records = sorted((root / "records" / holder).glob("*.yaml"))
    for name, text in BROKEN.items():
        (root / "records" / holder / name).write_text(text, encoding="utf-8")
    # A schema error and a text error deep in otherwise good files: located by re-reading the file.
    first, second = records[0], records[1]
    first.write_text(first.read_text(encoding="utf-8").replace("trl: ", "trl: 99 #", 1), encoding="utf-8")
    second.write_text(second.read_text(encoding="utf-8").replace("summary: ", "summary: 有\u200b零宽空格", 1), encoding="utf-8")
    # Deals and needs are judged in the loader's pass as well.
    deal = sorted((root / "deals").rglob("*.yaml"))[0]
    deal.write_text(deal.read_text(encoding="utf-8").replace("contract_no: ", "contract_no: 12345 #", 1), encoding="utf-8")
    need, other_need = sorted((root / "needs").rglob("*.yaml"))[:2]
    need.write_text(need.read_text(encoding="utf-8").replace("title: ", "title: 有\u200b", 1), encoding="utf-8")
    # A need's own rules beyond its schema (need_findings), also made in the loader's pass: a date
    # after today, and a file whose folder is not its enterprise's city.
    text = re.sub(r"(?m)^listed_on: .*$", "listed_on: '2030-01-01'", other_need.read_text(encoding="utf-8"), count=1)
    moved = root / "needs" / "430200" / other_need.name
    moved.parent.mkdir(exist_ok=True)
    other_need.unlink()
    moved.write_text(text, encoding="utf-8")
    # The code ledger's schema too: an entry with a field it does not know.
    ledger = root / "codes.yaml"
    ledger.write_text(
        ledger.read_text(encoding="utf-8")
        + "  - {code: HNXY-2026-ZL-09999-1, path: records/x/y.yaml, issued_on: '2026-11-01', by: me}\n",
        encoding="utf-8",
    )
    small = report_of(root, monkeypatch, 10**9)
    large = report_of(root, monkeypatch, 0)
    assert len(small) >= len(BROKEN) + 2
    assert large == small
    rules = {d.rule for d in small}
    assert {"yaml", "schema.maximum", "schema.type", "text"} <= rules
    assert {d.file.split("/")[-3] for d in small if d.rule == "text"} >= {"records", "needs"}
    assert {d.rule for d in small if d.file.endswith(moved.name)} == {"need.dates", "need.city"}
    in_ledger = [d for d in small if d.file.endswith("codes.yaml") and d.field.endswith(".by")]
    assert [d.rule for d in in_ledger] == ["schema.additionalProperties"], in_ledger  # once, whichever process read it


def test_the_build_leaves_the_parsing_to_workers_and_check_takes_a_share(monkeypatch):
    """`xyhf check` parses in this process too (less to pickle); the build's loading process only
    receives, so that the workers it forks later copy fewer of its pages (chunked.in_chunks)."""
    import os

    from xyhf import chunked
    from xyhf.pipeline import load_valid_catalog
    from xyhf.source import discover

    asked: list[bool] = []
    real_chunks, real_load = chunked.in_chunks, discover._load_chunk
    parsed_here: list[int] = []

    def spy_chunks(*args, **kwargs):
        asked.append(kwargs.get("here", True))
        return real_chunks(*args, **kwargs)

    def spy_load(paths, start, end):
        if os.getpid() == here:
            parsed_here.append(end - start)
        return real_load(paths, start, end)

    here = os.getpid()
    monkeypatch.setattr(chunked, "in_chunks", spy_chunks)
    monkeypatch.setattr(discover, "_load_chunk", spy_load)
    monkeypatch.setattr(discover, "PARALLEL_FROM", 1)
    monkeypatch.setattr(discover, "CHUNK", 8)
    monkeypatch.setenv("XYHF_WORKERS", "2")
    report, _ = check_catalog(ROOT / "catalog", TODAY)
    assert asked == [True] and parsed_here, "check: this process took chunks too"
    parsed_here.clear()
    built_report, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    assert asked == [True, False] and parsed_here == [], "the build: the workers parsed every file"
    assert report.ok and built_report.ok and catalog is not None and len(catalog.records) == 72
