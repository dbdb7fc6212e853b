"""load_valid_catalog (xyhf/pipeline.py): for a large catalog the cross-file rules judge it in a forked
process while this one types the records. The verdict and the typed catalog are the ones made one
after the other in this process; a catalog with errors that cannot even be typed is reported, never
raised; a typing failure of a good catalog is raised, never hidden."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import TODAY
from xyhf import pipeline

ROOT = Path(__file__).resolve().parents[2]


def _both_ways(root: Path, monkeypatch) -> tuple[tuple, tuple]:
    monkeypatch.setenv("XYHF_WORKERS", "2")
    monkeypatch.setattr(pipeline, "JUDGED_BESIDE_FROM", 10**9)
    here = pipeline.load_valid_catalog(root, TODAY)
    monkeypatch.setattr(pipeline, "JUDGED_BESIDE_FROM", 1)
    beside = pipeline.load_valid_catalog(root, TODAY)
    return here, beside


def test_judged_beside_the_typing_gives_the_same_report_and_catalog(monkeypatch):
    judged: list[int] = []
    real = pipeline.catalog_findings

    def spy(loaded, today):
        judged.append(os.getpid())
        return real(loaded, today)

    monkeypatch.setattr(pipeline, "catalog_findings", spy)
    (report, catalog), (report_beside, catalog_beside) = _both_ways(ROOT / "catalog", monkeypatch)
    assert report.ok and catalog is not None and catalog_beside is not None
    assert report_beside.sorted() == report.sorted()
    assert catalog_beside.records == catalog.records and catalog_beside.needs == catalog.needs
    assert catalog_beside.matches == catalog.matches
    assert judged == [os.getpid()], "judged here for the small-catalog way only: beside, in a forked process"


def test_a_catalog_that_cannot_be_typed_is_reported_not_raised(tmp_path, monkeypatch):
    root = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", root)
    record = sorted((root / "records").rglob("*.yaml"))[0]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\nip:\n", "\nip: 5\nold_ip:\n", 1), encoding="utf-8")  # typing reads ip["owners"]
    (report, catalog), (report_beside, catalog_beside) = _both_ways(root, monkeypatch)
    assert catalog is None and catalog_beside is None
    assert not report.ok and report_beside.sorted() == report.sorted()
    assert any(d.file.endswith(record.name) and d.field == "ip" for d in report_beside.errors)


def test_a_typing_failure_of_a_good_catalog_is_raised(monkeypatch):
    from xyhf import enrich

    def broken(loaded, today):
        raise RuntimeError("typing went wrong")

    monkeypatch.setattr(enrich, "typed_catalog", broken)
    monkeypatch.setenv("XYHF_WORKERS", "2")
    monkeypatch.setattr(pipeline, "JUDGED_BESIDE_FROM", 1)
    with pytest.raises(RuntimeError, match="typing went wrong"):
        pipeline.load_valid_catalog(ROOT / "catalog", TODAY)
