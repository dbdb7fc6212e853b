"""The build reads the catalog's git history in this process while a child loads the catalog."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from xyhf import build, forked
from xyhf.errors import Report
from xyhf.source.history import History

TODAY = dt.date(2026, 11, 24)


def _broken_history(root: Path) -> History:
    raise ValueError("坏的历史")


def _no_catalog(root: Path, today: dt.date) -> tuple[Report, None]:
    return Report(), None  # as a catalog with errors: nothing is built


def test_the_history_is_read_here_while_the_child_still_loads(tmp_path: Path, monkeypatch) -> None:
    read = tmp_path / "history-read"
    waited: list[bool] = []

    def slow_load(root: Path, today: dt.date) -> tuple[Report, object]:  # in the child: done once the history is read
        deadline = time.monotonic() + 30
        while not read.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        return Report(), "一个成果库"

    def history_of(root: Path) -> History:
        waited.append(os.getpid() == here)
        read.write_text("1")
        return History(True)

    here = os.getpid()
    monkeypatch.setattr(build, "_warm_up", lambda: None)
    monkeypatch.setattr(build, "load_valid_catalog", slow_load)
    monkeypatch.setattr(build, "read_history", history_of)
    started = time.monotonic()
    catalog, history = build.checked_catalog(tmp_path / "catalog", tmp_path / "site", TODAY)
    assert catalog == "一个成果库" and history.available, "the history read meanwhile comes back with the catalog"
    assert waited == [True], "read once, in this process"
    assert time.monotonic() - started < 25, "the child finished because the history was read while it waited"


def test_without_a_scratch_file_the_history_is_still_read_once(tmp_path: Path, monkeypatch) -> None:
    calls: list[int] = []

    def no_scratch(*args, **kwargs):
        raise OSError("no space")

    monkeypatch.setattr(forked.tempfile, "TemporaryFile", no_scratch)
    monkeypatch.setattr(build, "load_valid_catalog", lambda root, today: (Report(), "一个成果库"))
    monkeypatch.setattr(build, "read_history", lambda root: calls.append(os.getpid()) or History(True))
    _, history = build.checked_catalog(tmp_path / "catalog", tmp_path / "site", TODAY)
    assert history.available and calls == [os.getpid()]


def test_a_failing_history_read_never_hides_the_catalogs_errors(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(build, "load_valid_catalog", _no_catalog)
    monkeypatch.setattr(build, "read_history", _broken_history)
    catalog, _ = build.checked_catalog(tmp_path / "catalog", tmp_path / "site", TODAY)
    assert catalog is None
    assert "成果库有错误" in capsys.readouterr().err


def test_a_failing_history_read_fails_a_build_whose_catalog_is_good(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build, "load_valid_catalog", lambda root, today: (Report(), "一个成果库"))
    monkeypatch.setattr(build, "read_history", _broken_history)
    with pytest.raises(ValueError, match="坏的历史"):
        build.checked_catalog(tmp_path / "catalog", tmp_path / "site", TODAY)


def test_a_refused_output_folder_reads_no_history(tmp_path: Path, monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(build, "load_valid_catalog", lambda root, today: (Report(), "一个成果库"))
    monkeypatch.setattr(build, "read_history", lambda root: calls.append(1) or History(True))
    (tmp_path / "site").write_text("一个文件，不是目录")
    catalog, _ = build.checked_catalog(tmp_path / "catalog", tmp_path / "site", TODAY)
    assert catalog is None and calls == []


def test_an_output_folder_that_cannot_be_looked_at_never_hides_the_catalogs_errors(tmp_path: Path, monkeypatch, capsys) -> None:
    def unreadable(out: Path, protected: dict) -> str | None:
        raise PermissionError(13, "Permission denied", str(out))

    monkeypatch.setattr(build, "out_problem", unreadable)
    monkeypatch.setattr(build, "load_valid_catalog", _no_catalog)
    catalog, _ = build.checked_catalog(tmp_path / "catalog", tmp_path / "site", TODAY)
    assert catalog is None
    assert "成果库有错误" in capsys.readouterr().err
