"""checked_file (xyhf/validate/rules.py): the schema and text findings of a deal file are the ones
the loader made where it made them, and made here where it did not (the bot's and the maintainer
commands load the catalog without the per-file check). A need's whole verdict (need_findings) is
kept the same way."""

from __future__ import annotations

from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import load_yaml
from xyhf.validate.rules import check_file, checked_file

from tests.conftest import valid_text

BAD_NEED = valid_text("need.yaml") + "unknown_field: 1\n"


def _source(tmp_path, text: str):
    path = tmp_path / "needs" / "x.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    source, problems = load_yaml(path, "needs/x.yaml")
    assert source is not None, problems
    return source


def test_without_the_loaders_findings_the_file_is_checked_here(tmp_path):
    source = _source(tmp_path, BAD_NEED)
    found = checked_file(LoadedCatalog(root=tmp_path), "need", "needs/x.yaml", source)
    assert found == check_file("need", source)
    assert [d.field for d in found] == ["unknown_field"], found
    assert "needs/x.yaml" in found[0].file


def test_the_loaders_findings_are_used_when_it_made_them(tmp_path):
    source = _source(tmp_path, BAD_NEED)
    loaded = LoadedCatalog(root=tmp_path)
    made = check_file("need", _source(tmp_path, valid_text("need.yaml") + "other_field: 1\n"))
    loaded.file_findings["needs/x.yaml"] = made
    found = checked_file(loaded, "need", "needs/x.yaml", source)
    assert found == made and found is not made, "a copy of what the loader made, not made again"
    assert checked_file(loaded, "need", "needs/y.yaml", source) == check_file("need", source), "kept by path"
    loaded.file_findings["needs/z.yaml"] = []
    assert checked_file(loaded, "need", "needs/z.yaml", source) == [], "none found while loading means none"


def test_deals_and_needs_loaded_without_the_per_file_check_are_checked_against_their_schemas(tmp_path):
    import datetime as dt

    from tests.conftest import base_files, write_files
    from xyhf.source.discover import load_catalog
    from xyhf.validate.deals import validate_deals
    from xyhf.validate.needs import validate_needs

    root = write_files(
        tmp_path / "catalog",
        {
            **base_files(),
            "deals/xjlg/licence.yaml": valid_text("deal.yaml") + "unknown_field: 1\n",
            "needs/430100/porosity.yaml": BAD_NEED,
        },
    )
    loaded = load_catalog(root)  # no per-file check: as the bot and the maintainer commands load
    assert loaded.diagnostics == [] and len(loaded.deals) == len(loaded.needs) == 1
    assert loaded.file_findings == {}
    today = dt.date(2026, 11, 24)
    assert "unknown_field" in [d.field for d in validate_deals(loaded, today)]
    assert "unknown_field" in [d.field for d in validate_needs(loaded, today)]


def test_the_ledgers_schema_is_judged_by_the_loaders_check_and_not_again(tmp_path):
    """The code ledger (30,000 entries at 25,000 records) has its schema checked in the loader's pass,
    in a worker for a large catalog; validate_catalog reports what that pass found, and checks the
    schema itself only for a catalog loaded without it."""
    import datetime as dt

    from tests.conftest import base_files, write_files
    from xyhf.source.discover import load_catalog
    from xyhf.validate.catalog import LEDGER_FILE, file_checker, validate_catalog

    today = dt.date(2026, 11, 24)
    entry = "  - {code: HNXY-2026-ZL-00001-0, path: records/xjlg/one.yaml, issued_on: '2026-11-01', by: me}\n"
    root = write_files(tmp_path / "catalog", {**base_files(), "codes.yaml": "codes:\n" + entry})
    checked = load_catalog(root, file_checker(today))
    made = checked.file_findings[LEDGER_FILE]
    assert [d.field for d in made] == ["codes[0].by"], made
    assert [d for d in validate_catalog(checked, today) if d.field == "codes[0].by"] == made
    checked.file_findings[LEDGER_FILE] = []  # what the loader found is what is reported
    assert not [d for d in validate_catalog(checked, today) if d.field == "codes[0].by"]
    plain = load_catalog(root)  # no per-file check: as the bot and the maintainer commands load
    assert LEDGER_FILE not in plain.file_findings
    assert [d.field for d in validate_catalog(plain, today) if d.field.endswith(".by")] == ["codes[0].by"]


def test_a_needs_own_rules_are_judged_in_the_loaders_pass_and_not_again(tmp_path, monkeypatch):
    import datetime as dt
    import re

    from tests.conftest import base_files, write_files
    from xyhf.source.discover import load_catalog
    from xyhf.validate import needs
    from xyhf.validate.catalog import file_checker

    today = dt.date(2026, 11, 24)
    future = re.sub(r"(?m)^listed_on: .*$", "listed_on: '2030-01-01'", valid_text("need.yaml"), count=1)
    root = write_files(tmp_path / "catalog", {**base_files(), "needs/430100/porosity.yaml": future})
    rel = "needs/430100/porosity.yaml"
    loaded = load_catalog(root, file_checker(today))
    made = loaded.file_findings[rel]
    assert made and {d.rule for d in made} == {"need.dates"}  # after today (and so after its expiry)

    def not_again(*args):
        raise AssertionError("check_need ran again after the loader's pass")

    monkeypatch.setattr(needs, "check_need", not_again)
    assert needs.validate_needs(loaded, today) == made
    monkeypatch.undo()
    unchecked = load_catalog(root)  # as the bot and the maintainer commands load: judged here instead
    assert unchecked.file_findings == {}
    assert needs.validate_needs(unchecked, today) == made
