"""The one way importers change a catalog: write the planned files, check the whole catalog
again, and remove what was written if that check fails. Nothing half-imported stays behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xyhf.errors import Report
from xyhf.pipeline import check_catalog


def write_then_check(root: Path, planned: dict[str, str], today: dt.date) -> tuple[list[Path], Report | None]:
    """(files written, None) on success; ([], the failing report) after rolling back."""
    written: list[Path] = []
    try:
        for rel, text in planned.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as f:  # never overwrite an existing file
                f.write(text)
            written.append(path)
        report, _ = check_catalog(root, today)
    except OSError:
        discard(root, written)
        raise
    if not report.ok:
        discard(root, written)
        return [], report
    return written, None


def discard(root: Path, paths: list[Path]) -> None:
    """Remove written files and the folders that writing them created (now empty), up to `root`."""
    for path in paths:
        path.unlink(missing_ok=True)
        parent = path.parent
        while parent != root and root in parent.parents:
            try:
                parent.rmdir()  # only succeeds when empty
            except OSError:
                break
            parent = parent.parent


def rewrite_then_check(root: Path, planned: dict[str, tuple[str, str]], today: dt.date) -> tuple[list[Path], Report | None]:
    """Edit existing files in place: `planned` maps a catalog path to (the text it was planned
    from, the new text). A file changed since planning stops the run before anything is written;
    a failing check afterwards puts every file back byte for byte."""
    originals: dict[Path, bytes] = {}
    for rel, (old, _new) in planned.items():
        path = root / rel
        raw = path.read_bytes()
        if raw.decode("utf-8") != old:
            raise OSError(f"{rel} 在导入期间被修改，请重新运行")
        originals[path] = raw
    written: list[Path] = []
    try:
        for rel, (_old, new) in planned.items():
            path = root / rel
            path.write_bytes(new.encode("utf-8"))
            written.append(path)
        report, _ = check_catalog(root, today)
    except BaseException:
        restore(originals)
        raise
    if not report.ok:
        restore(originals)
        return [], report
    return written, None


def restore(originals: dict[Path, bytes]) -> None:
    for path, raw in originals.items():
        path.write_bytes(raw)
