"""A loading pass works out the shown path of its files once; it must equal display_path file by file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xyhf.source.discover import _display_prefix, _Pass, display_path


@pytest.mark.parametrize("where", ["cwd", "below", "above", "outside", "outside-relative", "inside-cwd-is-below-root"])
def test_pass_display_equals_display_path(tmp_path, monkeypatch, where):
    (tmp_path / "work" / "cat" / "records" / "h").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    cwd, root = {
        "cwd": (tmp_path / "work" / "cat", Path(".")),
        "below": (tmp_path / "work", Path("cat")),
        "above": (tmp_path / "work" / "cat", Path("..") / "cat"),
        "outside": (tmp_path / "elsewhere", tmp_path / "work" / "cat"),
        "outside-relative": (tmp_path / "elsewhere", Path("..") / "work" / "cat"),
        "inside-cwd-is-below-root": (tmp_path / "work" / "cat" / "records", tmp_path / "work" / "cat"),
    }[where]
    monkeypatch.chdir(cwd)
    shown = _Pass(root, False, None, _display_prefix(root))
    for rel in ("records/h/a.yaml", "codes.yaml", "records/h/" + os.fsdecode(b"\xff.yaml")):
        assert shown.display(rel) == display_path(root / rel)
