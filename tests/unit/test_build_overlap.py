"""The build reads the catalog's git history in this process while a child loads the catalog."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from xyhf import build
from xyhf.errors import Report
from xyhf.source.history import UNAVAILABLE, History


def test_the_history_is_read_here_while_the_child_still_loads(tmp_path: Path, monkeypatch) -> None:
    done = tmp_path / "loaded"
    seen: list[tuple[int, bool]] = []

    def slow_load(root: Path, today: dt.date):  # runs in the child
        time.sleep(1.0)
        done.write_text("1")
        return Report(), None  # as a catalog with errors: nothing is built

    def history_of(root: Path) -> History:
        seen.append((os.getpid(), done.exists()))
        return History(True)

    monkeypatch.setattr(build, "load_valid_catalog", slow_load)
    monkeypatch.setattr(build, "read_history", history_of)
    catalog, history = build.checked_catalog(tmp_path, tmp_path / "site", dt.date(2026, 11, 24))
    assert catalog is None and done.exists()
    assert seen == [(os.getpid(), False)], "read once, here, before the child had finished loading"
    assert history.available, "the history read meanwhile is the one returned"


def test_a_folder_outside_git_gives_no_history(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build, "load_valid_catalog", lambda root, today: (Report(), None))
    catalog, history = build.checked_catalog(tmp_path, tmp_path / "site", dt.date(2026, 11, 24))
    assert catalog is None and history is UNAVAILABLE
