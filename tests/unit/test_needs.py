"""Enterprise needs: the vagueness rule calibrated on good and vague examples, the rules with located
messages, need codes issued on main in the same ledger."""

from __future__ import annotations

import pytest
import yaml

from conftest import CASES, TODAY, valid_text, write_files
from xyhf.cli import main
from xyhf.domain.codes import make_need_code, need_code_problem
from xyhf.pipeline import check_catalog
from xyhf.validate.needs import vague_goal, vague_problem

NEED = valid_text("need.yaml")

# Written as firms and 工作站 clerks write them; the rule must accept every good one and refuse every vague one.
GOOD_PROBLEMS = [
    "现有工艺铸件气孔率约 8%，返修率高",
    "我厂用冲天炉熔炼灰铸铁，生产工程机械配重块，铸件气孔多",
    "柑橘采后贮藏 30 天腐烂率超过 15%，冷库能耗高",
    "锂电池正极浆料分散不均，涂布后极片厚度偏差大",
    "猪场污水氨氮浓度高，现有厌氧工艺处理后仍超标",
    "注塑件表面有缩痕和熔接线，客户投诉多",
    "茶叶杀青温度靠人工经验控制，批次之间香气差别大",
    "PLC 控制的包装线换型要停机 2 小时",
]
VAGUE_PROBLEMS = [
    "希望提高产品质量",
    "需要新技术降低成本",
    "寻求合作，解决技术难题",
    "我们公司目前生产效率比较低，希望进一步提升",
    "想要一些先进技术帮助企业转型升级",
    "技术水平不够，需要研发支持",
]
GOOD_GOALS = [
    "气孔率降到 2% 以下，单件成本增加不超过 3 元",
    "腐烂率降到 5% 以内",
    "达到 GB/T 9439 的 HT250",
    "换型时间缩短到半小时",
    "能耗降低三成",
    "通过 ISO 13485 认证",
]
VAGUE_GOALS = ["提高质量", "降低成本，提升效率", "达到国内先进水平", "更好地满足客户需求"]


@pytest.mark.parametrize("text", GOOD_PROBLEMS)
def test_specific_problems_pass(text):
    assert not vague_problem(text)


@pytest.mark.parametrize("text", VAGUE_PROBLEMS)
def test_vague_problems_are_refused(text):
    assert vague_problem(text)


@pytest.mark.parametrize("text", GOOD_GOALS)
def test_measurable_goals_pass(text):
    assert not vague_goal(text)


@pytest.mark.parametrize("text", VAGUE_GOALS)
def test_unmeasurable_goals_are_refused(text):
    assert vague_goal(text)


def test_need_codes_carry_a_check_character():
    code = make_need_code(2026, 7)
    assert code == "HNXQ-2026-00007-6" and need_code_problem(code) is None
    assert "校验位" in need_code_problem("HNXQ-2026-00007-5") and "格式" in need_code_problem("HNXY-2026-00007-6")


def test_the_valid_need_passes_and_gets_a_need_code(make_catalog, capsys):
    root = make_catalog({"needs/430100/foundry-porosity.yaml": NEED})
    assert main(["check", "--catalog", str(root)]) == 0, capsys.readouterr().out
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    data = yaml.safe_load((root / "needs/430100/foundry-porosity.yaml").read_text(encoding="utf-8"))
    assert need_code_problem(data["code"]) is None and data["code"].startswith("HNXQ-2026-00001-")
    assert main(["check", "--catalog", str(root)]) == 0
    ledger = yaml.safe_load((root / "codes.yaml").read_text())["codes"]
    assert {e["path"] for e in ledger} >= {"needs/430100/foundry-porosity.yaml"}


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            "problem: 我厂用冲天炉熔炼灰铸铁，生产工程机械配重块，铸件气孔率约 8%，返修多、交货慢。",
            "problem: 我们公司目前产品质量比较差，希望进一步提高。",
            "problem",
            ["太笼统", "气孔率约 8%"],
        ),
        (
            "goal: 气孔率降到 2% 以下，单件成本增加不超过 3 元，达到 GB/T 9439 的 HT250。",
            "goal: 希望产品质量明显提高，满足客户需求。",
            "goal",
            ["能衡量"],
        ),
        ("uscc: 91430100MA4L16JQ9D", "uscc: 91430100MA4L16JQ9B", "enterprise.uscc", ["第 18 位应为 D"]),
        ('  city: "430100"', '  city: "430200"', "enterprise.city", ["needs/430100/"]),
        ("expires_on: 2027-10-14", "expires_on: 2026-10-01", "expires_on", ["早于发布日期"]),
        ("budget_cny: {min: 50000, max: 300000}", "budget_cny: {min: 500000, max: 300000}", "budget_cny.min", ["高于最高费用"]),
        ("status: open", "status: solved", "status", ["open"]),
    ],
)
def test_invalid_needs_are_refused_with_located_messages(make_catalog, old, new, field, words):
    assert old in NEED
    root = make_catalog({"needs/430100/case.yaml": NEED.replace(old, new)})
    report, _ = check_catalog(root, TODAY)
    found = [d for d in report.errors if d.field == field]
    assert found and found[0].file.endswith("needs/430100/case.yaml") and found[0].line > 1, report.render("text")
    for word in words:
        assert word in found[0].message


def test_needs_live_under_a_city_code(make_catalog):
    report, _ = check_catalog(make_catalog({"needs/changsha/case.yaml": NEED}), TODAY)
    assert any("市州代码" in d.message for d in report.errors)


def test_stations_route_a_citys_needs_in_codeowners(make_catalog):
    from xyhf.source.discover import load_catalog
    from xyhf.validate.owners import render_codeowners

    from test_stations import CHANGSHA, OFFICE

    root = make_catalog({"stations.yaml": CHANGSHA, "catalog.yaml": OFFICE})
    assert "/catalog/needs/430100/  @cs-station" in render_codeowners(load_catalog(root))
    assert check_catalog(root, TODAY)[0].ok
    write_files(root, {"stations.yaml": 'stations:\n  - {city: "999999", name: 某工作站, maintainers: ["@x"]}\n'})
    assert not check_catalog(root, TODAY)[0].ok


def test_matching_explains_each_match_with_words_the_record_really_has():
    import datetime as dt
    import re
    from pathlib import Path

    from xyhf.pipeline import load_valid_catalog
    from xyhf.search.tokens import normalize

    _, catalog = load_valid_catalog(Path(__file__).resolve().parents[2] / "catalog", dt.date(2026, 11, 24))
    by_need: dict = {}
    for m in catalog.matches:
        by_need.setdefault(m.need, []).append(m)
    assert by_need, "the sample needs find matches"
    labels = {"标题": "title", "关键词": "keywords", "应用": "applications", "摘要": "summary"}
    for matches in by_need.values():
        assert len(matches) <= 10 and len({m.record for m in matches}) == len(matches)
        for m in matches:
            record = catalog.by_code[m.record]
            assert m.reasons[-1].startswith("成果状态：") and 0 < m.score <= 1
            words = next((r.split("：", 1)[1].split("、") for r in m.reasons if r.startswith("匹配词语：")), [])
            for said in words:
                word, field = re.fullmatch(r"(.+)（(标题|关键词|应用|摘要)）", said).groups()
                text = getattr(record, labels[field])
                text = " ".join(text) if isinstance(text, tuple) else text
                assert normalize(word.split(" ≈ ")[-1]) in normalize(text), (m.record, said)


def test_audit_lists_expired_open_needs_for_the_citys_station(make_catalog):
    import datetime as dt

    from xyhf.maintain.audit import audit
    from xyhf.pipeline import load_valid_catalog
    from test_stations import CHANGSHA, OFFICE

    coded = NEED.replace("title:", "code: HNXQ-2026-00001-7\ntitle:", 1)
    root = make_catalog(
        {
            "needs/430100/old.yaml": coded,
            "codes.yaml": "codes:\n  - {code: HNXQ-2026-00001-7, path: needs/430100/old.yaml, issued_on: '2026-10-15'}\n",
            "stations.yaml": CHANGSHA,
            "catalog.yaml": OFFICE,
        }
    )
    later = dt.date(2027, 11, 1)
    report, catalog = load_valid_catalog(root, later)
    assert catalog is not None, report.render("text")
    [entry] = [e for e in audit(catalog, later) if e["title"].startswith("[需求巡检]")]
    assert entry["findings"][0]["code"] == "HNXQ-2026-00001-7" and "@cs-station" in entry["body"]


def test_a_need_with_only_the_required_fields_renders_everywhere(make_catalog):
    """Whatever check accepts, the build handles: no optional field is assumed."""
    from xyhf.pipeline import load_valid_catalog
    from xyhf.render.documents import need_feeds
    from xyhf.render.needs import need_pages
    from xyhf.render.opendata import data, tables as open_tables

    minimal = (
        "title: 铸件气孔率高，需要改进熔炼工艺\n"
        "problem: 我厂用冲天炉熔炼灰铸铁，生产工程机械配重块，铸件气孔率约 8%。\n"
        "goal: 气孔率降到 2% 以下。\n"
        "keywords: [铸造]\n"
        'enterprise: {name: 长沙示例铸造有限公司, uscc: 91430100MA4L16JQ9D, size: small, city: "430100"}\n'
        "payment_models: [milestone]\nstatus: open\nlisted_on: 2026-10-15\nexpires_on: 2027-10-14\n"
    )
    coded = minimal.replace("title:", "code: HNXQ-2026-00001-7\ntitle:", 1)
    root = make_catalog(
        {
            "needs/430100/minimal.yaml": coded,
            "codes.yaml": "codes:\n  - {code: HNXQ-2026-00001-7, path: needs/430100/minimal.yaml, issued_on: '2026-10-15'}\n",
        }
    )
    report, catalog = load_valid_catalog(root, TODAY)
    assert catalog is not None and len(catalog.needs) == 1, report.render("text")
    assert [p.path for p in need_pages.need_pages(catalog)] == ["needs/index.md"]
    assert [code for code, _, _ in need_pages.need_details(catalog)] == ["HNXQ-2026-00001-7"]
    list(need_feeds.render_need_feeds(catalog, "https://xyhf.example.org/"))
    tables = open_tables.build_tables(catalog, catalog.published())
    list(data.render_data(catalog, tables, "https://xyhf.example.org/", "2026-11-24"))
    list(data.record_files(catalog, catalog.published(), "https://xyhf.example.org/", 0))


NEED_CASES = sorted((CASES / "needs").glob("*.case"))


def test_every_need_case_has_an_expectation_and_back():
    assert NEED_CASES and {p.stem for p in NEED_CASES} == {p.stem for p in (CASES / "needs").glob("*.expected")}


@pytest.mark.parametrize("case", NEED_CASES, ids=lambda p: p.stem)
def test_invalid_need_report(make_catalog, case):
    from test_cases import assert_golden, build_case

    report, _ = check_catalog(make_catalog(build_case(case)), TODAY)
    assert_golden(report, case)


def test_relevance_bands_name_the_share_of_a_needs_weighted_words_a_record_has():
    from xyhf.domain.labels import relevance_label

    shares = [1.0, 0.5, 0.49, 0.25, 0.24, 0.0]
    assert [relevance_label(s) for s in shares] == ["高度相关", "高度相关", "相关", "相关", "部分相关", "部分相关"]


# --- boundaries (issue 24: each rule's passing edge beside its breaking twin) -------------------


@pytest.mark.parametrize(
    ("text", "count", "vague"),
    [
        ("铸件气孔率高", 6, False),  # six characters of substance: the least that passes
        ("希望解决铸件气孔率高的问题", 6, False),  # the filler words around them do not count
        ("铸件气孔多", 5, True),
        ("冲天炉铸件", 5, True),
    ],
)
def test_a_problem_needs_six_characters_of_substance(text, count, vague):
    from xyhf.validate.needs import substance

    assert (substance(text), vague_problem(text)) == (count, vague)


def listed(make_catalog, listed_on: str, expires_on: str):
    text = NEED.replace("listed_on: 2026-10-15", f"listed_on: {listed_on}").replace(
        "expires_on: 2027-10-14", f"expires_on: {expires_on}"
    )
    report, _ = check_catalog(make_catalog({"needs/430100/case.yaml": text}), TODAY)
    return report.diagnostics


def test_a_need_listed_today_or_in_the_earliest_year_passes(make_catalog):
    assert listed(make_catalog, TODAY.isoformat(), "2027-10-14") == []
    assert listed(make_catalog, "1985-01-01", "1985-12-31") == []


def test_a_need_listed_the_year_before_the_earliest_is_refused_at_listed_on(make_catalog):
    from xyhf.errors import Diagnostic

    message = "发布日期 1984-12-31 不能晚于今天（2026-11-24），也不能早于 1985 年。"
    expected = Diagnostic("catalog/needs/430100/case.yaml", 22, 12, "listed_on", message, rule="need.dates")
    assert listed(make_catalog, "1984-12-31", "1985-12-31") == [expected]


def test_a_need_may_end_on_its_listing_day_and_run_three_years_of_366_days(make_catalog):
    assert listed(make_catalog, "2026-01-01", "2026-01-01") == []
    assert listed(make_catalog, "2024-01-01", "2027-01-03") == []  # 1,098 days: 3 × 366
    assert [d.rule for d in listed(make_catalog, "2024-01-01", "2027-01-04")] == ["need.dates"]
    assert [d.rule for d in listed(make_catalog, "2026-01-02", "2026-01-01")] == ["need.dates"]


def test_a_budget_may_be_one_figure(make_catalog):
    text = NEED.replace("budget_cny: {min: 50000, max: 300000}", "budget_cny: {min: 300000, max: 300000}")
    report, _ = check_catalog(make_catalog({"needs/430100/case.yaml": text}), TODAY)
    assert report.diagnostics == []


def test_latin_terms_count_as_substance():
    from xyhf.validate.needs import substance

    assert substance("PLA 薄膜") == substance("薄膜") + 3
