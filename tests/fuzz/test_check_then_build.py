"""Whatever `check` accepts, `build` builds (issue 24, class 7; DATA-MODEL.md, Safety rules).

Generated catalogs hold several deals whose contract numbers are drawn to collide: the same
number with other separators (-, /, U+2010, the minus sign, full-width), other punctuation, case,
or another Chinese prefix (湘科/湘农合同2026第18号), some with a case story. A catalog `check`
accepts must then build with exit 0, one case page and one calendar per deal, none overwritten.

`make test` runs a few examples (each is a real build); `make fuzz` runs more.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import TODAY, coded_catalog, valid_text, write_files
from xyhf.build import build_site
from xyhf.domain.contracts import contract_slug
from xyhf.pipeline import check_catalog

EXAMPLES = max(4, int(os.environ.get("XYHF_FUZZ_EXAMPLES", "120")) // 15)
DEAL = valid_text("deal.yaml")
CASE = "case:\n  title: 先用后付典型案例\n  story: 企业先用成果、达成节点后再付款，一年内新产品上市，双方按约结算。\n  published_on: 2026-10-01\n"

numbers = st.builds(
    lambda prefix, a, year, b, seq, suffix: f"{prefix}{a}{year}{b}{seq}{suffix}",
    st.sampled_from(["CDNY", "cdny", "ＣＤＮＹ", "湘科合同", "湘农合同", "XJLG"]),
    st.sampled_from(["-", "/", ".", "_", " ", "\u2010", "\u2212", "－", ""]),
    st.sampled_from(["2026", "２０２６"]),
    st.sampled_from(["-", "/", "第", "\u2013", ""]),
    st.sampled_from(["014", "18", "018"]),
    st.sampled_from(["", "号"]),
)


@pytest.fixture(scope="module")
def coded_base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("check-build") / "catalog"
    coded_catalog(
        root,
        {
            "holders/xjlg.yaml": valid_text("holder.yaml"),
            "records/xjlg/coating.yaml": valid_text("patent.yaml").replace("status: available", "status: licensed"),
            "codes.yaml": "codes: []\n",
        },
    )
    return root


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(deals=st.lists(st.tuples(numbers, st.booleans()), min_size=2, max_size=3))
def test_whatever_check_accepts_build_builds(coded_base, deals):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalog"
        shutil.copytree(coded_base, root)
        for i, (number, story) in enumerate(deals):
            text = DEAL.replace("contract_no: XJLG-XYHF-2026-001", f'contract_no: "{number}"') + (CASE if story else "")
            write_files(root, {f"deals/xjlg/deal-{i}.yaml": text})
        report, _ = check_catalog(root, TODAY)
        event("accepted" if report.ok else "refused")
        if not report.ok:
            assert {d.rule for d in report.errors} <= {"deal.contract_no", "deal.contract_slug"}, report.render("text")
            return
        out = Path(tmp) / "site"
        assert build_site(root, out, TODAY, quiet=True) == 0
        slugs = {contract_slug(number) for number, _ in deals}
        assert len(slugs) == len(deals)
        assert {p.stem for p in (out / "calendar/deal").glob("*.ics")} == slugs
        assert {p.parent.name for p in (out / "cases").glob("*/index.html")} == {contract_slug(n) for n, story in deals if story}


def test_two_case_stories_with_numbers_differing_in_their_chinese_part_build(coded_base, tmp_path):
    """The example from the issue: 湘科 and 湘农 contracts no. 18 shared a slug and build exited 2."""
    root = tmp_path / "catalog"
    shutil.copytree(coded_base, root)
    for i, number in enumerate(["湘科合同2026第18号", "湘农合同2026第18号"]):
        write_files(root, {f"deals/xjlg/deal-{i}.yaml": DEAL.replace("XJLG-XYHF-2026-001", number) + CASE})
    report, _ = check_catalog(root, TODAY)
    assert report.ok, report.render("text")
    assert build_site(root, tmp_path / "site", TODAY, quiet=True) == 0
    assert len(list((tmp_path / "site/cases").glob("*/index.html"))) == 2
