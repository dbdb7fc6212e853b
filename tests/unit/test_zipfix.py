"""Deterministic zips (xyhf/render/base/zipfix.py): an openpyxl workbook normalised gives the very
bytes a plain-zipfile rewrite with fixed times, modes and core dates gives, with every entry dated
from the epoch and the save time nowhere in it."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook, load_workbook

from xyhf.render.base.zipfix import normalize_zip

EPOCH = 1_796_500_000  # 2026-12-05 19:46:40 UTC


def _workbook(write_only: bool) -> Workbook:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("成果") if write_only else wb.active
    for i in range(500):  # enough rows for the sheet to stream from openpyxl's temporary file
        ws.append([f"成果 {i}", i, "高熵合金耐磨涂层" * 3])
    return wb


def _rewritten(data: bytes) -> bytes:
    """The archive rewritten entry by entry with plain zipfile, times, mode and core dates fixed: a
    reference made without the module's own writer."""
    stamp = b"2026-12-05T19:46:40Z"
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 12, 5, 19, 46, 40))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    content,
                )
            dst.writestr(fixed, content)
    return out.getvalue()


def _saved(write_only: bool) -> bytes:
    saved = io.BytesIO()
    _workbook(write_only).save(saved)
    return saved.getvalue()


def test_a_normalised_workbook_equals_a_plain_rewrite_with_fixed_times():
    for write_only in (True, False):
        saved = _saved(write_only)
        assert normalize_zip(saved, EPOCH) == _rewritten(saved), write_only


def test_every_entry_is_dated_from_the_epoch_and_the_workbook_reads_back():
    data = normalize_zip(_saved(True), EPOCH)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {info.date_time for info in archive.infolist()} == {(2026, 12, 5, 19, 46, 40)}
    assert {info.external_attr >> 16 for info in archive.infolist()} == {0o644}
    core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2026-12-05T19:46:40Z") == 2, core
    sheet = load_workbook(io.BytesIO(data), read_only=True)["成果"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 500 and rows[499][:2] == ("成果 499", 499)
