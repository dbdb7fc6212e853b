"""How `xyhf assign-codes` writes (maintain/assign.py, issue 24): each record and the ledger replaced
whole, as UTF-8 whatever the locale, keeping each file's permissions; nothing else left in the
folders, after success and after a failure while writing (then the files are as they were); the
system's temporary folder is not used (a rename across filesystems is not atomic)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from conftest import TODAY, valid_text
from xyhf.cli import main
from xyhf.domain.codes import LedgerEntry, render_ledger
from xyhf.maintain.assign import plan_codes, write_codes
from xyhf.pipeline import check_catalog

COATING, REMOTE = "HNXY-2026-ZL-00001-0", "HNXY-2026-RZ-00001-2"
PATENT, DEFERRED = valid_text("patent.yaml"), valid_text("deferred.yaml")


def coded(text: str, code: str) -> bytes:
    """`text` with its code where assign-codes puts it: after the leading comment, before the title."""
    return text.replace("\ntitle:", f"\ncode: {code}\ntitle:", 1).encode("utf-8")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def catalog(make_catalog) -> Path:
    """Two uncoded records (coating listed first) and an empty ledger, each with its own permissions."""
    root = make_catalog({"records/xjlg/coating.yaml": PATENT})
    os.chmod(root / "records/xjlg/coating.yaml", 0o640)
    os.chmod(root / "records/xjlg/remote-ops.yaml", 0o604)
    os.chmod(root / "codes.yaml", 0o664)
    return root


def expected_after(root: Path) -> dict[str, bytes]:
    ledger = [
        LedgerEntry(COATING, "records/xjlg/coating.yaml", TODAY.isoformat()),
        LedgerEntry(REMOTE, "records/xjlg/remote-ops.yaml", TODAY.isoformat()),
    ]
    return {
        **tree(root),
        "codes.yaml": render_ledger(ledger).encode("utf-8"),
        "records/xjlg/coating.yaml": coded(PATENT, COATING),
        "records/xjlg/remote-ops.yaml": coded(DEFERRED, REMOTE),
    }


def test_each_file_is_replaced_whole_keeping_its_permissions(catalog, capsys):
    expected = expected_after(catalog)
    assert main(["assign-codes", "--catalog", str(catalog)]) == 0
    assert tree(catalog) == expected  # exact bytes, and no other file (no temporary file) in any folder
    assert (mode(catalog / "records/xjlg/coating.yaml"), mode(catalog / "records/xjlg/remote-ops.yaml")) == (0o640, 0o604)
    assert mode(catalog / "codes.yaml") == 0o664
    assert capsys.readouterr().out.endswith("签发 2 个编码。\n")


def test_files_are_read_and_written_as_utf8_whatever_the_locale(catalog, ascii_locale):
    expected = expected_after(catalog)
    report, loaded = check_catalog(catalog, TODAY)
    assert report.ok, report.render("text")
    new, edits, problems = plan_codes(loaded, TODAY)
    assert problems == []
    write_codes(loaded, new, edits)
    assert tree(catalog) == expected


def test_a_first_ledger_is_created(make_catalog):
    root = make_catalog({"records/xjlg/remote-ops.yaml": DEFERRED})
    (root / "codes.yaml").unlink()
    old_mask = os.umask(0o022)
    try:
        assert main(["assign-codes", "--catalog", str(root)]) == 0
    finally:
        os.umask(old_mask)
    assert mode(root / "codes.yaml") == 0o644, "a new ledger is readable like any new file, not 0600"
    assert (root / "codes.yaml").read_text(encoding="utf-8") == render_ledger(
        [LedgerEntry(REMOTE, "records/xjlg/remote-ops.yaml", TODAY.isoformat())]
    )


def test_the_systems_temporary_folder_is_not_used(catalog, monkeypatch):
    """The temporary file is made beside the file it replaces: the system's temporary folder may be on
    another filesystem (where a rename is a copy, not atomic) or, as here, unusable."""
    monkeypatch.setattr(tempfile, "tempdir", str(catalog.parent / "no-such-folder"))
    expected = expected_after(catalog)
    assert main(["assign-codes", "--catalog", str(catalog)]) == 0
    assert tree(catalog) == expected


def test_a_failure_while_writing_leaves_the_file_as_it_was_and_nothing_beside_it(catalog):
    before = tree(catalog)
    report, loaded = check_catalog(catalog, TODAY)
    with pytest.raises(UnicodeEncodeError):  # text UTF-8 cannot hold: the write fails half-way
        write_codes(loaded, [], {"records/xjlg/coating.yaml": "code: x\n\ud800\n"})
    assert tree(catalog) == before


def test_a_failure_to_replace_leaves_nothing_beside_it(catalog):
    (catalog / "records/xjlg/coating.yaml").unlink()
    (catalog / "records/xjlg/coating.yaml").mkdir()  # a folder where the file should go: the rename fails
    before = tree(catalog)
    report, loaded = check_catalog(catalog, TODAY)
    with pytest.raises(IsADirectoryError):
        write_codes(loaded, [], {"records/xjlg/coating.yaml": "code: x\n"})
    assert tree(catalog) == before and (catalog / "records/xjlg/coating.yaml").is_dir()


def test_a_killed_assign_codes_leaves_nothing_the_next_check_refuses(catalog):
    """Killed between writing a file and renaming it (kill -9, a power cut), assign-codes cannot tidy up:
    the temporary file stays. Its name starts with a dot, which the loader passes over, so the next
    check passes and the next assign-codes issues the same codes; any other name would be refused (only
    .yaml files). (The parent's own run is also what lets mutation testing link this test to the writer.)"""
    before = tree(catalog)
    report, loaded = check_catalog(catalog, TODAY)
    new, edits, problems = plan_codes(loaded, TODAY)
    assert report.ok and problems == []
    pid = os.fork()
    if pid == 0:  # the child dies at its first rename, as a killed process would
        try:
            os.replace = lambda src, dst: os._exit(0)  # type: ignore[assignment,misc]
            write_codes(loaded, new, edits)
        finally:
            os._exit(1)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    after = tree(catalog)
    assert len(after) == len(before) + 1 and {k: after[k] for k in before} == before  # one file more, the rest untouched
    report, _ = check_catalog(catalog, TODAY)
    assert report.diagnostics == []
    expected = expected_after(catalog)  # with the stray file, which is in the tree now
    assert main(["assign-codes", "--catalog", str(catalog)]) == 0  # the run again issues the same codes
    assert tree(catalog) == expected
