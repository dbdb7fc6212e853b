"""Two builds in one process each take their dates from their own data: the build passes its
SOURCE_DATE_EPOCH as a value and never writes it into os.environ (issue 24, class 13)."""

from __future__ import annotations

import gzip
import os
import zipfile

from conftest import TODAY, base_files, valid_text, write_files
from xyhf.build import build_site


def _stamps(site) -> tuple[str, tuple[int, ...]]:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = sitemap.split("<lastmod>")[1].split("</lastmod>")[0]
    with zipfile.ZipFile(site / "contract/template.docx") as docx:
        return lastmod, docx.infolist()[0].date_time[:3]


def test_a_second_build_in_the_same_process_uses_its_own_dates(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(tmp_path)
    first = write_files(tmp_path / "a", base_files())  # latest listing 2026-04-01
    later = valid_text("patent.yaml").replace("listed_on: 2026-03-01", "listed_on: 2026-09-15")
    second = write_files(tmp_path / "b", {**base_files(), "records/xjlg/coating.yaml": later})
    assert build_site(first, tmp_path / "site-a", TODAY, quiet=True) == 0
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert build_site(second, tmp_path / "site-b", TODAY, quiet=True) == 0
    assert _stamps(tmp_path / "site-a") == ("2026-04-01", (2026, 4, 1))
    assert _stamps(tmp_path / "site-b") == ("2026-09-15", (2026, 9, 15))
    assert gzip.decompress((tmp_path / "site-b/sitemap.xml.gz").read_bytes())
