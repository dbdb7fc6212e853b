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


def test_large_files_go_out_without_waiting_for_a_full_batch(tmp_path):
    with SiteWriter(tmp_path / "site") as writer:
        writer.write("data/big.sqlite", b"x" * SiteWriter.BATCH_BYTES)
        assert writer._batch == [] and len(writer._pending) == 1, "handed to a thread at once"
        writer.write("small.txt", "小")
        assert len(writer._batch) == 1
        writer.commit()
    assert (tmp_path / "site/data/big.sqlite").stat().st_size == SiteWriter.BATCH_BYTES


def test_the_first_failure_is_the_one_raised(tmp_path):
    (tmp_path / "site").mkdir()
    with pytest.raises(ValueError, match="页面生成失败"), SiteWriter(tmp_path / "site") as writer:
        writer.write("a.txt", "排队中的文件")
        raise ValueError("页面生成失败")
    assert not (tmp_path / ".site.staging").exists() and not (tmp_path / "site/a.txt").exists()


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
