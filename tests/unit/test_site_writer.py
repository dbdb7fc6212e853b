"""The one writer (xyhf/write.py): writes in batches on threads, folders made as needed, a failed
write raised and the staging folder dropped, and the finished site swapped in only on commit."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from xyhf import write
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


def _built(out, text: str) -> None:
    with SiteWriter(out) as writer:
        writer.write("index.html", text)
        writer.write("records/R1/index.html", text)
        writer.commit()


def _leftovers(parent) -> list[str]:
    """What a rebuild left beside the site, once the detached remover is done (waits up to 10 s)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        names = sorted(p.name for p in parent.iterdir() if p.name != "site")
        if not names:
            break
        time.sleep(0.05)
    return names


def _children() -> set[int]:
    from pathlib import Path

    return {int(pid) for task in Path(f"/proc/{os.getpid()}/task").iterdir() for pid in (task / "children").read_text().split()}


def test_a_rebuild_swaps_the_new_site_in_and_the_old_one_goes_away(tmp_path):
    _built(tmp_path / "site", "旧")
    before = _children()
    _built(tmp_path / "site", "新")
    assert _children() <= before, "the remover is not our child: nothing is left for a caller to reap"
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "新"
    assert (tmp_path / "site/records/R1/index.html").read_text(encoding="utf-8") == "新"
    assert _leftovers(tmp_path) == []


def test_where_the_remover_cannot_start_the_old_site_is_removed_before_commit_returns(tmp_path, monkeypatch):
    _built(tmp_path / "site", "旧")
    monkeypatch.setattr(write, "REMOVER", [str(tmp_path / "no-such-program")])
    _built(tmp_path / "site", "新")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


REBUILD_WITH_A_SLOW_REMOVER = """
import sys
from pathlib import Path
import xyhf.write as write
out = Path(sys.argv[1])
for text in ("旧", "新"):
    with write.SiteWriter(out) as writer:
        writer.write("index.html", text)
        if text == "新":  # this commit's remover takes 20 s
            write.REMOVER = [sys.executable, "-c", "import os, time\\nif os.fork():\\n    os._exit(0)\\ntime.sleep(20)"]
        writer.commit()
print("已生成")
"""


def test_the_caller_reading_the_output_does_not_wait_for_the_old_sites_removal(tmp_path):
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", REBUILD_WITH_A_SLOW_REMOVER, str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=15,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "已生成"
    assert time.monotonic() - start < 10, "the remover kept the output pipe open"
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "新"


def test_an_old_site_an_interrupted_removal_left_behind_goes_too(tmp_path):
    _built(tmp_path / "site", "旧")
    left = tmp_path / ".site.old-99999999"
    (left / "records/R1").mkdir(parents=True)
    (left / "records/R1/index.html").write_text("残留", encoding="utf-8")
    _built(tmp_path / "site", "新")
    assert _leftovers(tmp_path) == []


def test_a_json_array_is_a_row_a_line():
    from xyhf.render.base.formats import json_array

    rows = [b'{"a":1}', '{"b":"甲"}'.encode(), b"{}"]
    assert json_array(rows) == b'[\n{"a":1},\n{"b":"\xe7\x94\xb2"},\n{}\n]\n'
    assert json_array([]) == b"[]\n"


def test_a_copy_of_a_scratch_file_is_taken_at_once_so_the_scratch_may_go(tmp_path):
    from xyhf.write import CopyOf

    scratch = tmp_path / "scratch.sqlite"
    scratch.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 100)
    expected = scratch.read_bytes()
    with SiteWriter(tmp_path / "site") as writer:
        writer.write("data/catalog.sqlite", CopyOf(scratch))
        scratch.unlink()  # what the scratch folder's end does as soon as the caller goes on
        writer.commit()
    assert (tmp_path / "site/data/catalog.sqlite").read_bytes() == expected
