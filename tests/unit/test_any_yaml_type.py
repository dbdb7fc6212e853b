"""Any top-level value of any file kind, replaced by a nested mapping or a list of mappings, ends in a
located Chinese error, never a traceback (issue 24, class 11: `code: {a: {b: c}}` ended `xyhf
check` in a TypeError, because a code was used as a set member before its type was checked)."""

from __future__ import annotations

import re

import pytest

from conftest import TODAY, coded_catalog, valid_text, write_files
from xyhf.pipeline import check_catalog

FILES = {
    "records/xjlg/coating.yaml": valid_text("patent.yaml"),
    "needs/430100/casting.yaml": valid_text("need.yaml"),
    "deals/xjlg/deal-2026-001.yaml": valid_text("deal.yaml"),
    "events/2026-12-18-changsha-materials.yaml": valid_text("event.yaml"),
    "holders/xjlg.yaml": valid_text("holder.yaml"),
}
ODD = ["{a: {b: c}}", "[{a: 1}, [2]]"]
KEYED = {"records/xjlg/coating.yaml": ["code"], "needs/430100/casting.yaml": ["code"], "deals/xjlg/deal-2026-001.yaml": ["need"]}
CASES = [
    (rel, key, odd)
    for rel, text in FILES.items()
    for key in dict.fromkeys(re.findall(r"^([a-z_]+):", text, re.M) + KEYED.get(rel, []))
    for odd in ODD
]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("any-type") / "catalog"
    coded_catalog(
        root,
        {
            "holders/xjlg.yaml": valid_text("holder.yaml"),
            "records/xjlg/coating.yaml": valid_text("patent.yaml").replace("status: available", "status: licensed"),
            "records/xjlg/remote-ops.yaml": valid_text("deferred.yaml"),
            "codes.yaml": "codes: []\n",
        },
    )
    return root


def replaced(text: str, key: str, odd: str) -> str:
    """`key: odd` in place of the key's value, block continuation lines dropped."""
    lines, out, skipping = text.splitlines(), [], False
    for line in lines:
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = line.startswith(f"{key}:")
        out.append(f"{key}: {odd}" if skipping else line)
    if not any(line.startswith(f"{key}:") for line in lines):
        out.append(f"{key}: {odd}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(("rel", "key", "odd"), CASES, ids=lambda v: str(v)[:24])
def test_any_value_of_any_type_is_a_located_error(base, tmp_path, rel, key, odd):
    import shutil

    root = tmp_path / "catalog"
    shutil.copytree(base, root)
    text = FILES[rel]
    if rel == "records/xjlg/coating.yaml":
        text = (root / rel).read_text(encoding="utf-8")  # the coded record: its code is in the ledger
    write_files(root, {rel: replaced(text, key, odd)})
    report, _ = check_catalog(root, TODAY)
    assert not report.ok
    for d in report.errors:
        assert d.file and d.line >= 1 and d.column >= 1 and any("\u4e00" <= ch <= "\u9fff" for ch in d.message)
    assert any(d.file.endswith(rel) for d in report.errors), report.render("text")
