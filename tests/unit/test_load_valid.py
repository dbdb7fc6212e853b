"""load_valid_catalog (xyhf/pipeline.py): for a large catalog whose files are all well formed, the
cross-file rules judge it in a forked process while this one types the records. The verdict and the
typed catalog are the ones made one after the other in this process; a catalog with a cross-file
error that cannot be typed is reported, never raised; a typing failure of a good catalog is raised;
and a catalog with a file that breaks its schema is judged before anything types it (typing assumes
the schema: a deal's instalments are counted out one by one)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import TODAY
from xyhf import enrich, pipeline

ROOT = Path(__file__).resolve().parents[2]


def _both_ways(root: Path, monkeypatch) -> tuple[tuple, tuple]:
    monkeypatch.setenv("XYHF_WORKERS", "2")
    monkeypatch.setattr(pipeline, "JUDGED_BESIDE_FROM", 10**9)
    here = pipeline.load_valid_catalog(root, TODAY)
    monkeypatch.setattr(pipeline, "JUDGED_BESIDE_FROM", 1)
    beside = pipeline.load_valid_catalog(root, TODAY)
    return here, beside


def _spied(monkeypatch, name: str, module=pipeline) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def spy(*args):
        calls.append(os.getpid())
        return real(*args)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_judged_beside_the_typing_gives_the_same_report_and_catalog(monkeypatch):
    judged = _spied(monkeypatch, "catalog_findings")
    (report, catalog), (report_beside, catalog_beside) = _both_ways(ROOT / "catalog", monkeypatch)
    assert report.ok and catalog is not None and catalog_beside is not None
    assert report_beside.sorted() == report.sorted()
    assert catalog_beside.records == catalog.records and catalog_beside.needs == catalog.needs
    assert catalog_beside.matches == catalog.matches
    assert judged == [os.getpid()], "judged here for the small-catalog way only: beside, in a forked process"


def test_a_cross_file_error_that_stops_the_typing_is_reported_not_raised(tmp_path, monkeypatch):
    root = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", root)
    record = sorted((root / "records").rglob("*.yaml"))[0]
    orphan = root / "records" / "no-such-holder" / record.name  # a well-formed file whose holder is missing
    orphan.parent.mkdir()
    shutil.copyfile(record, orphan)  # and a code and an IP number already used: cross-file errors all
    typed = _spied(monkeypatch, "typed_catalog", enrich)
    (report, catalog), (report_beside, catalog_beside) = _both_ways(root, monkeypatch)
    assert catalog is None and catalog_beside is None
    assert not report.ok and report_beside.sorted() == report.sorted()
    assert "holder.missing" in {d.rule for d in report_beside.errors}
    assert typed == [os.getpid()], "typed beside the judging (and not at all the small-catalog way)"


def test_a_file_that_breaks_its_schema_is_judged_before_anything_types(tmp_path, monkeypatch):
    root = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", root)
    deal = root / "deals" / "xjlg" / "deal-2026-004.yaml"
    deal.write_text(deal.read_text(encoding="utf-8").replace("count: 3", "count: 100000", 1), encoding="utf-8")

    typed = _spied(monkeypatch, "typed_catalog", enrich)
    (report, catalog), (report_beside, catalog_beside) = _both_ways(root, monkeypatch)
    assert typed == [], "typed a catalog with a file that breaks its schema"
    assert catalog is None and catalog_beside is None
    assert report_beside.sorted() == report.sorted()
    assert any(d.file.endswith("deal-2026-004.yaml") and d.rule == "schema.maximum" for d in report.errors)


def test_a_typing_failure_of_a_good_catalog_is_raised(monkeypatch):
    def broken(loaded, today):
        raise RuntimeError("typing went wrong")

    monkeypatch.setattr(enrich, "typed_catalog", broken)
    monkeypatch.setenv("XYHF_WORKERS", "2")
    monkeypatch.setattr(pipeline, "JUDGED_BESIDE_FROM", 1)
    with pytest.raises(RuntimeError, match="typing went wrong"):
        pipeline.load_valid_catalog(ROOT / "catalog", TODAY)


def test_well_formed_needs_every_file_judged_and_clean(tmp_path):
    from xyhf.source.discover import load_catalog
    from xyhf.validate.catalog import file_checker, well_formed

    root = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", root)
    assert well_formed(load_catalog(root, file_checker(TODAY)))
    assert not well_formed(load_catalog(root)), "not judged while loading: not known to be well formed"
    holder = sorted((root / "holders").glob("*.yaml"))[0]  # a file the loader's pass does not judge
    holder.write_text(holder.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    assert not well_formed(load_catalog(root, file_checker(TODAY)))
