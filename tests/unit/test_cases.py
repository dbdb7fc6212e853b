"""Every invalid case file has an expected report, and every expected report a case file.

A case is a valid base file with text edits, written in its header:
    # base: patent.yaml                      (a file in cases/valid/)
    # target: records/xjlg/case.yaml         (where it goes in the catalog; this is the default)
    # replace: trl: 6 => trl: 3              ("\\n" stands for a line break; several lines allowed)
    # append: x: 1
    # delete: licensee_requirements          (drops lines starting with this text, after indent)
    # extra: patent.yaml -> records/xjlg/first.yaml
    # encode: gbk
The expected report is the text output of the checker (UPDATE_GOLDEN=1 rewrites them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import CASES, TODAY, valid_text
from xyhf.pipeline import check_catalog

INVALID = CASES / "invalid"
CASE_FILES = sorted(INVALID.glob("*.case"))


def build_case(case: Path) -> dict[str, str | bytes]:
    header = [line[2:] for line in case.read_text(encoding="utf-8").splitlines() if line.startswith("# ")]
    opts: dict[str, list[str]] = {}
    for line in header:
        key, _, value = line.partition(": ")
        opts.setdefault(key, []).append(value)
    text = valid_text(opts["base"][0]) if "base" in opts else ""
    for spec in opts.get("replace", []):
        old, new = (part.replace("\\n", "\n").replace("\\t", "\t") for part in spec.split(" => "))
        assert old in text, f"{case.name}: {old!r} not in base"
        text = text.replace(old, new, 1)
    for prefix in opts.get("delete", []):
        text = "".join(l for l in text.splitlines(True) if not l.strip().startswith(prefix))
    for extra in opts.get("append", []):
        text += extra.replace("\\n", "\n") + "\n"
    content: str | bytes = text.encode(opts["encode"][0]) if "encode" in opts else text
    files: dict[str, str | bytes] = {opts.get("target", ["records/xjlg/case.yaml"])[0]: content}
    for spec in opts.get("extra", []):
        name, target = spec.split(" -> ")
        files[target] = valid_text(name)
    return files


def assert_golden(report, case: Path) -> None:
    """An invalid case fails, and its text report equals the .expected file beside it
    (UPDATE_GOLDEN=1 rewrites the file: read the diff). The last line names each finding's rule id
    in the report's order: the text a clerk reads leaves them out, JSON and annotations carry them."""
    assert not report.ok, "an invalid case must fail"
    text = report.render("text") + "\n# rules: " + " ".join(d.rule for d in report.sorted()) + "\n"
    golden = case.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_every_case_has_an_expectation_and_back():
    cases = {p.stem for p in CASE_FILES}
    expected = {p.stem for p in INVALID.glob("*.expected")}
    assert cases, "no invalid cases found"
    assert cases == expected


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_invalid_case_report(case, make_catalog):
    root = make_catalog(build_case(case))
    report, _ = check_catalog(root, TODAY)
    assert_golden(report, case)


def test_valid_bases_pass(make_catalog):
    """The bases the cases edit are valid together (deferred.yaml is in the base catalog)."""
    root = make_catalog(
        {"records/xjlg/coating.yaml": valid_text("patent.yaml"), "records/xjlg/magnet.yaml": valid_text("secret.yaml")}
    )
    report, _ = check_catalog(root, TODAY)
    assert report.ok, report.render("text")
    assert report.warnings == []


def test_all_errors_of_a_run_are_reported(make_catalog):
    """Several bad files: every one is reported, not only the first."""
    files = {}
    for case in CASE_FILES[:6]:
        for rel, content in build_case(case).items():
            files[rel.replace("case", f"case-{case.stem.replace('_', '-')}")] = content
    root = make_catalog(files)
    report, _ = check_catalog(root, TODAY)
    reported = {d.file for d in report.errors}
    assert len(reported) >= 5
