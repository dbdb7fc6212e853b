"""The one writer (xyhf/write.py): writes in batches on threads, folders made as needed, a failed
write raised and the staging folder dropped, and the finished site swapped in only on commit."""

from __future__ import annotations

import pytest

from xyhf.write import SiteWriter


def test_every_file_lands_in_its_folder_with_its_bytes(tmp_path):
    out = tmp_path / "site"
    with SiteWriter(out) as writer:
        for i in range(SiteWriter.BATCH * 3 + 5):  # several batches and a partial one
            writer.write(f"records/R{i:04d}/index.html", f"第 {i} 页")
        writer.write("data/catalog.sqlite", b"\x00\x01")
        writer.write("a/b/c/d.txt", "深")
        assert writer.read("records/R0000/index.html") == "第 0 页", "read waits for the queued writes"
        writer.commit()
    assert (out / "records/R0196/index.html").read_text(encoding="utf-8") == "第 196 页"
    assert (out / "data/catalog.sqlite").read_bytes() == b"\x00\x01"
    assert (out / "a/b/c/d.txt").read_text(encoding="utf-8") == "深"
    assert len(list((out / "records").iterdir())) == SiteWriter.BATCH * 3 + 5
    assert not (tmp_path / ".site.staging").exists()


def test_a_failed_write_is_raised_and_the_published_site_is_kept(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("已发布", encoding="utf-8")
    with pytest.raises(OSError), SiteWriter(out) as writer:
        writer.write("blocked", "一个文件")
        writer.write("blocked/index.html", "不能写在文件下面")  # its folder is a file
        writer.commit()
    assert (out / "index.html").read_text(encoding="utf-8") == "已发布"
    assert not (tmp_path / ".site.staging").exists()
