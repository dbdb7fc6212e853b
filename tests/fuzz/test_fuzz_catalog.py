"""Fuzzing the loader, the validator and everything after them.

Every mutant of a valid record (byte flips, truncation, odd Unicode, tags, anchors, deep nesting,
huge numbers, impossible dates, markup) must end in a verdict: errors that are located and in
Chinese, or acceptance, and then everything `check` accepts must also go through enrichment,
rendering of every output kind and the code insertion of assign-codes without an exception.
The CLI must exit 0 or 1 (never a traceback, a signal or a hang) on the harshest inputs.

`make test` runs a bounded slice (XYHF_FUZZ_EXAMPLES, default 120); `make fuzz` a long run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
import pytest

from conftest import OFFICE, ROOT, TODAY, coded_catalog, valid_text, write_files
from xyhf.enrich import assemble_catalog
from xyhf.pipeline import check_catalog
from xyhf.render import prose, site
from xyhf.render.records import record_page
from xyhf.render.documents import contract, feeds
from xyhf.render.base.formats import render_xlsx
from xyhf.render.opendata import data, tables as open_tables
from xyhf.search import index as search_index
from xyhf.source.edit import insert_code

EXAMPLES = int(os.environ.get("XYHF_FUZZ_EXAMPLES", "120"))
SEEDS = [valid_text(name).encode() for name in ("patent.yaml", "deferred.yaml", "secret.yaml", "open_license.yaml")]
SEEDS += [p.read_bytes() for p in sorted((ROOT / "catalog/records").glob("*/*.yaml"))[:6]]
ODD = [
    "!!python/object:os.system {}",
    "!!int 'x'",
    "!!set {a: null}",
    "&a x",
    "*a",
    "<<: *a",
    "[" * 200,
    "{" * 3000,
    "9" * 5000,
    "2023-02-30",
    "0000-01-01",
    "1:20",
    "0x1F",
    "1_000",
    ".nan",
    "-.inf",
    "0731",
    "\ufffe",
    "\u202e",
    "\u200b",
    "\u3000",
    "：",
    "\t",
    "\x00",
    "\x1b[31m",
    "'",
    '"',
    "\\",
    "---",
    "...",
    "%YAML 1.1",
    "? ",
    "- - - - x",
    "<script>alert(1)</script>",
    "{: onfocus=alert(1) }",
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://x")',
    "\r\n",
    "\r",
    "\u0085",
    "\u2028",
    "🀄",
    "𠀀",
    "ℌ",
    "ＺＬ２０１７",
    "١٢٣",
    " #",
    ": ",
    "|",
    ">-",
    "@x",
    "`x`",
]


@st.composite
def mutants(draw, seeds: list[bytes] = SEEDS) -> bytes:
    text = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, max(len(text) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "line", "delete"]))
        if kind == "flip" and text:
            text[where] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del text[where:]
        elif kind == "insert":
            text[where:where] = draw(st.sampled_from(ODD)).encode("utf-8")
        elif kind == "line":
            lines = bytes(text).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            key = lines[i].split(b":")[0] if b":" in lines[i] else b"x"
            lines[i] = key + b": " + draw(st.sampled_from(ODD)).encode("utf-8")
            text = bytearray(b"\n".join(lines))
        elif kind == "delete":
            lines = bytes(text).split(b"\n")
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = bytearray(b"\n".join(lines))
    return bytes(text)


def assert_located_chinese(report) -> None:
    """Every finding names a file, a line and a column and says in Chinese what is wrong."""
    for d in report.diagnostics:
        assert d.file and d.line >= 1 and d.column >= 1
        assert any("\u4e00" <= ch <= "\u9fff" for ch in d.message), d.message
        assert "Traceback" not in d.message
    event("accepted" if report.ok else "refused")


def render_everything(catalog) -> None:
    """Every renderer a build runs, in process: what check accepts must not crash any of them."""
    records = catalog.published()
    for record in records:
        record_page.record_body(record, catalog, records[:2])
        record_page.record_jsonld(record, catalog, "https://xyhf.example.org/")
        texts = {
            "title": record.title,
            "summary": record.summary,
            "owners": "、".join(record.ip.owners),
            "m1_condition": record.advantages,
        }
        contract.render_contract_docx({**texts, "box:mode_license": True}, 0)
    tables = open_tables.build_tables(catalog, records)
    list(data.render_data(catalog, tables, "https://xyhf.example.org/", "2026-11-24"))
    list(data.record_files(catalog, records, "https://xyhf.example.org/", 0))
    render_xlsx([(n, t, c, tables.rows(n)) for n, t, c in open_tables.TABLES], 0)
    list(feeds.render_feeds(catalog, "https://xyhf.example.org/"))
    list(search_index.render_search_index(catalog, records))
    site.generated_pages(catalog)
    prose.prose_blocks(catalog, "2026-11-24")


HOLDER_SEEDS = [valid_text("holder.yaml").encode()] + [
    p.read_bytes() for p in sorted((ROOT / "catalog/holders").glob("*.yaml"))[:3]
]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(content=mutants(), holder=st.one_of(st.just(HOLDER_SEEDS[0]), mutants(HOLDER_SEEDS)))
def test_every_mutant_ends_in_a_located_verdict_and_accepted_ones_build(content, holder):
    """A mutated record, and sometimes a mutated holder file beside it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_files(
            Path(tmp) / "catalog",
            {"holders/xjlg.yaml": holder, "codes.yaml": "codes: []\n", "records/xjlg/case.yaml": content},
        )
        started = time.perf_counter()
        report, loaded = check_catalog(root, TODAY)
        assert time.perf_counter() - started < 20
        assert_located_chinese(report)
        if report.ok:
            text = (root / "records/xjlg/case.yaml").read_text(encoding="utf-8-sig")
            assert insert_code(text, "HNXY-2026-ZL-00001-0") is not None
            render_everything(assemble_catalog(loaded, TODAY))


CODED = "HNXY-2026-ZL-00001-0"  # the patent record of `coded_base`
_RECORDS = re.compile(rb"^records:(?:[^\n]*\n)(?:[ -][^\n]*\n)*", re.M)


def deal_seed(text: bytes) -> bytes:
    """A sample deal pointed at the fixture's patent record, so unmutated it is accepted: a seed the
    fixture refuses leaves the render half of the test unrun (it was, for every seed)."""
    return _RECORDS.sub(b"records: [" + CODED.encode() + b"]\n", text, count=1)


DEAL_SEEDS = [deal_seed(valid_text("deal.yaml").encode())] + [
    deal_seed(p.read_bytes()) for p in sorted((ROOT / "catalog/deals").glob("*/*.yaml"))[:4]
]


@pytest.fixture(scope="module")
def coded_base(tmp_path_factory) -> Path:
    """A holder with two coded records (the patent one licensed, without an open-licence declaration,
    which a signed exclusive licence would contradict), for deals to refer to."""
    root = tmp_path_factory.mktemp("deal-base") / "catalog"
    codes = coded_catalog(
        root,
        {
            "holders/xjlg.yaml": valid_text("holder.yaml"),
            "records/xjlg/coating.yaml": valid_text("patent.yaml").replace("status: available", "status: licensed"),
            "records/xjlg/remote-ops.yaml": valid_text("deferred.yaml"),
            "codes.yaml": "codes: []\n",
        },
    )
    assert CODED in codes
    return root


def render_deals(catalog) -> None:
    """Everything built from deals: pages, tables, calendars, reminders, statistics, open data."""
    from xyhf.maintain.reminders import reminders
    from xyhf.render.deals import deal_pages, outcomes
    from xyhf.render.documents import calendar
    from xyhf.render.deals.deal_tables import credit_archive, deal_rows

    deal_pages.deal_pages(catalog)
    deal_rows(catalog)
    credit_archive(catalog)
    list(calendar.render_calendars(catalog, "2026-11-24"))
    reminders(catalog, TODAY)
    list(outcomes.outcome_pages(catalog, TODAY))
    list(outcomes.institution_files(catalog, TODAY, 0))


@pytest.mark.parametrize("seed", range(len(DEAL_SEEDS)))
def test_every_deal_seed_is_accepted_by_the_fixture_and_renders(coded_base, seed, tmp_path):
    """The mutants start from deals the fixture accepts, so the render half below runs."""
    root = tmp_path / "catalog"
    shutil.copytree(coded_base, root)
    write_files(root, {"deals/xjlg/case.yaml": DEAL_SEEDS[seed]})
    report, loaded = check_catalog(root, TODAY)
    assert report.ok, report.render("text")
    render_deals(assemble_catalog(loaded, TODAY))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(content=mutants(DEAL_SEEDS))
def test_every_deal_mutant_ends_in_a_located_verdict_and_accepted_ones_render(coded_base, content):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalog"
        shutil.copytree(coded_base, root)
        write_files(root, {"deals/xjlg/case.yaml": content})
        report, loaded = check_catalog(root, TODAY)
        assert_located_chinese(report)
        if report.ok:
            render_deals(assemble_catalog(loaded, TODAY))


NEED_SEEDS = [valid_text("need.yaml").encode()] + [
    b"\n".join(line for line in p.read_bytes().splitlines() if not line.startswith(b"code:")) + b"\n"
    for p in sorted((ROOT / "catalog/needs").glob("*/*.yaml"))[:4]
]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(content=mutants(NEED_SEEDS))
def test_every_need_mutant_ends_in_a_located_verdict_and_accepted_ones_render(coded_base, content):
    from xyhf.render.documents import need_feeds
    from xyhf.render.needs import need_pages

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalog"
        shutil.copytree(coded_base, root)
        write_files(root, {"needs/430100/case.yaml": content})
        report, loaded = check_catalog(root, TODAY)
        assert_located_chinese(report)
        if report.ok:  # issue its code as main would, then build every need output
            from xyhf.maintain.assign import plan_codes, write_codes
            from xyhf.pipeline import load_valid_catalog

            new, edits, problems = plan_codes(loaded, TODAY)
            assert problems == []
            write_codes(loaded, new, edits)
            again, catalog = load_valid_catalog(root, TODAY)
            assert catalog is not None, again.render("text")
            need_pages.need_pages(catalog)
            list(need_pages.need_details(catalog))
            list(need_feeds.render_need_feeds(catalog, "https://xyhf.example.org/"))


HARSH = {
    "deep-flow.yaml": b"a: " + b"[" * 60000 + b"\n",
    "deep-block.yaml": b"".join(b" " * i + b"k%d:\n" % i for i in range(3000)),
    "huge-int.yaml": b"trl: " + b"9" * 5000 + b"\n",
    "binary.yaml": bytes(range(256)) * 64,
    "gbk.yaml": "title: 高熵合金\n".encode("gbk"),
    "bomb.yaml": b"a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b]\n",
}


EVENT_SEEDS = [
    valid_text("event.yaml").encode(),
    (ROOT / "catalog/events/2026-10-16-chenzhou-materials-roadshow.yaml").read_bytes(),
]
SYNONYM_SEEDS = [
    b"\n".join((ROOT / "catalog/synonyms.yaml").read_bytes().splitlines()[:40]) + b"\n",
    b"groups:\n  - [a1, b2]\nabbreviations: {PLA: \xe8\x81\x9a\xe4\xb9\xb3\xe9\x85\xb8}\n",
]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    event_file=st.sampled_from(EVENT_SEEDS[:1]) | mutants(EVENT_SEEDS),
    synonyms=st.sampled_from(SYNONYM_SEEDS) | mutants(SYNONYM_SEEDS),
)
def test_every_event_and_synonym_mutant_ends_in_a_located_verdict_and_accepted_ones_render(coded_base, event_file, synonyms):
    """An event file and a synonym table, both mutated: a located verdict, and when accepted the
    event pages, brochure and calendar render and the lexicon tokenizes."""
    from xyhf.render.events.event_pages import event_calendars, event_pages
    from xyhf.search.tokens import terms

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalog"
        shutil.copytree(coded_base, root)
        write_files(root, {"events/2026-12-18-changsha-materials.yaml": event_file, "synonyms.yaml": synonyms})
        started = time.perf_counter()
        report, loaded = check_catalog(root, TODAY)
        assert time.perf_counter() - started < 20
        assert_located_chinese(report)
        if report.ok:
            catalog = assemble_catalog(loaded, TODAY)
            event_pages(catalog, "https://xyhf.example.org/")
            list(event_calendars(catalog, "https://xyhf.example.org/", "2026-11-24"))
            terms("锂离子电池 PLA 光伏组件", catalog.lexicon)


def test_the_cli_exits_0_or_1_quickly_on_harsh_files(tmp_path):
    files = {"holders/xjlg.yaml": valid_text("holder.yaml"), "codes.yaml": "codes: []\n"}
    files.update({f"records/xjlg/{name}": content for name, content in HARSH.items()})
    root = write_files(tmp_path / "catalog", files)
    env = {**os.environ, "XYHF_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)}
    for command in (["check"], ["assign-codes"], ["build", "--out", str(tmp_path / "site")]):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "xyhf", *command, "--catalog", str(root)], env=env, capture_output=True, text=True, timeout=60
        )
        assert time.perf_counter() - started < 20, command
        assert result.returncode == 1, (command, result.returncode, result.stderr[-2000:])
        assert "Traceback" not in result.stdout + result.stderr
        output = result.stdout + result.stderr
        for name in HARSH:
            assert name in output or command != ["check"], name
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def followup_base(coded_base, tmp_path_factory) -> tuple[Path, bytes, bytes]:
    """The coded base with a coded need, a station with two brokers and a follow-up log that refers
    to both the need and a record: (catalog, the log's seed, the stations seed), all accepted."""
    from xyhf.maintain.assign import plan_codes, write_codes

    root = tmp_path_factory.mktemp("followup-base") / "catalog"
    shutil.copytree(coded_base, root)
    stations = valid_text("stations.yaml").encode()
    files = {"needs/430100/casting.yaml": valid_text("need.yaml"), "stations.yaml": stations.decode(), "catalog.yaml": OFFICE}
    write_files(root, files)
    report, loaded = check_catalog(root, TODAY)
    assert report.ok, report.render("text")
    new, edits, problems = plan_codes(loaded, TODAY)
    assert problems == [] and len(new) == 1
    write_codes(loaded, new, edits)
    log = valid_text("followups.yaml").replace("HNXQ-2026-00001-7", new[0].code).replace("HNXY-2026-ZL-00001-0", CODED)
    write_files(root, {"followups/430100/2026.yaml": log})
    report, _ = check_catalog(root, TODAY)
    assert report.ok, report.render("text")
    return root, log.encode(), stations


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_every_station_and_follow_up_mutant_ends_in_a_located_verdict_and_accepted_ones_render(followup_base, data):
    """A follow-up log and the stations file, mutated: a located verdict, and when accepted the
    stations pages, the need pages with their 对接人 and the follow-up reminders all run."""
    from xyhf.maintain.followup_reminders import followup_reminders
    from xyhf.render.needs import need_pages, stations

    base, log_seed, stations_seed = followup_base
    log = data.draw(st.just(log_seed) | mutants([log_seed]))
    desks = data.draw(st.just(stations_seed) | mutants([stations_seed]))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalog"
        shutil.copytree(base, root)
        write_files(root, {"followups/430100/2026.yaml": log, "stations.yaml": desks})
        report, loaded = check_catalog(root, TODAY)
        assert_located_chinese(report)
        if report.ok:
            catalog = assemble_catalog(loaded, TODAY)
            stations.stations_page(catalog)
            stations.station_pages(catalog)
            need_pages.need_pages(catalog)
            followup_reminders(catalog, TODAY)
