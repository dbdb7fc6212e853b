"""The event brochure builder's pure part (assets/xyhf/event-core.js) run in node: the QR code the
browser draws decodes (tests/qr_decode.py, Reed-Solomon words checked) to the address the Python
brochure encodes, at the same version and level; the form's checks say what is wrong in Chinese; the
YAML draft passes the strict loader and schemas/event.schema.json with every text kept exactly."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import segno

from conftest import ROOT
from qr_decode import NotAQrCode, decode, segno_matrix
from xyhf.source.yaml_loader import parse_yaml
from xyhf.validate.schema import check_schema

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")

ASSETS = ROOT / "xyhf/theme/assets"
CITIES = {"430100": "长沙市", "430200": "株洲市"}
GOOD = {
    "title": "株洲“先用后付”专场对接会",
    "date": "2027-01-15",
    "start": "09:30",
    "end": "12:00",
    "kind": "matchmaking",
    "city": "430200",
    "venue": "株洲市天元区示例路 1 号",
    "host": "株洲市科学技术局",
    "signup": "",
    "records": ["HNXY-2026-ZL-00023-X"],
}


def run_core(calls: list[list]) -> list:
    """[[function name, *args], ...] → results; the qrcode factory is passed where "QR" stands."""
    script = f"""
const qrcode = require({json.dumps(str(ASSETS / "vendor/qrcode-generator/qrcode.js"))});
const core = require({json.dumps(str(ASSETS / "xyhf/event-core.js"))});
const calls = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(calls.map(([name, ...args]) => core[name](...args.map(a => a === 'QR' ? qrcode : a)))));
"""
    done = subprocess.run(["node", "-e", script], input=json.dumps(calls), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


ADDRESSES = [
    "https://xyhf.example.org/records/HNXY-2026-ZL-00023-X/",  # the configured site_url
    "/records/HNXY-2026-RZ-00001-4/",  # no site_url: what events.py encodes then
    "https://hunan-kjcg.github.io/xianyong-houfu-catalog/records/HNXY-2026-ZW-00012-7/",  # a project site
    "https://xyhf.example.org/" + "deep/" * 60 + "records/HNXY-2026-ZL-00023-X/",  # version ≥ 10: 16-bit count, version info
]


def test_the_browser_qr_code_decodes_to_the_address_of_the_python_brochure():
    results = run_core([["qrMatrix", "QR", url] for url in ADDRESSES])
    for url, got in zip(ADDRESSES, results):
        text, version, level = decode(got["rows"])
        assert text == url
        python = segno.make(url, error="m", micro=False)
        assert (version, level) == (python.version, python.error) == (got["version"], got["level"])
        assert decode(segno_matrix(url))[0] == url  # the decoder reads the Python brochure's code too


def test_a_damaged_code_does_not_decode():
    rows = run_core([["qrMatrix", "QR", ADDRESSES[0]]])[0]["rows"]
    rows[20][20] = not rows[20][20]  # one data module
    with pytest.raises(NotAQrCode):
        decode(rows)


def test_the_qr_path_draws_each_dark_run_once():
    path = run_core([["qrPath", [[True, True, False, True], [False, False, False, False]], 2]])[0]
    assert path == "M2 2.5h2M5 2.5h1"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": "对接会"}, "title", "活动名称应为 6–80 个字（现在 3 个字）。"),
        ({"title": ""}, "title", "请填写活动名称。"),
        ({"date": ""}, "date", "请选择活动日期。"),
        ({"date": "2027-02-30"}, "date", "日期应为 年-月-日，如 2026-12-18。"),
        ({"end": "09:00"}, "end", "结束时间应晚于开始时间 09:30。"),
        ({"start": "9点半"}, "start", "开始时间应为 24 小时制，如 09:30。"),
        ({"start": ""}, "start", "填了结束时间，也请填写开始时间。"),
        ({"city": ""}, "city", "请选择举办活动的市州。"),
        ({"city": "439999"}, "city", "请选择举办活动的市州。"),
        ({"kind": "party"}, "kind", "请选择活动类型。"),
        ({"venue": "会场"}, "venue", "活动地点应为 4–100 个字（现在 2 个字）。"),
        ({"host": ""}, "host", "请填写主办单位。"),
        ({"signup": "电话"}, "signup", "报名方式应为 4–200 个字（现在 2 个字）。"),
        ({"records": []}, "records", "请至少选一项成果：从收藏、检索或统一编码加入。"),
        ({"records": ["HNXY-2026-ZL-00023-X"] * 61}, "records", "一场活动最多展示 60 项成果（现在 61 项）。"),
    ],
)
def test_each_wrong_field_gets_its_own_message(change, field, message):
    good, bad = run_core([["check", GOOD, CITIES], ["check", {**GOOD, **change}, CITIES]])
    assert good == {}
    assert bad == {field: message}


def test_codes_are_checked_for_form_and_check_digit():
    got = run_core([["codeProblem", c] for c in ("hnxy-2026-zl-00023-x ", "HNXY-2026-ZL-00023-1", "HNXY-2026-ZL-23")])
    assert got == [
        "",
        "统一编码的校验位不对：请从成果页面复制统一编码。",
        "统一编码的格式应为 HNXY-年份-类型-五位序号-校验位，如 HNXY-2026-ZL-00023-X。",
    ]


def test_a_withdrawn_or_repeated_record_is_refused():
    got = run_core(
        [
            ["recordProblem", {"code": "HNXY-2026-ZL-00023-X", "status": "withdrawn"}, []],
            ["recordProblem", {"code": "HNXY-2026-ZL-00023-X", "status": "available"}, ["HNXY-2026-ZL-00023-X"]],
            ["recordProblem", {"code": "HNXY-2026-ZL-00023-X", "status": "available"}, []],
        ]
    )
    assert got == ["成果 HNXY-2026-ZL-00023-X 已撤回，不能在对接会上展示。", "成果 HNXY-2026-ZL-00023-X 已在名单中。", ""]


HOSTILE = '<script>alert(1)</script> {{ config }} **粗** # 注释 "引号" : - null'


def test_the_draft_loads_strictly_and_passes_the_schema_with_texts_kept(tmp_path: Path):
    ev = {
        **GOOD,
        "title": "株洲对接会 " + HOSTILE,
        "venue": "会场: " + HOSTILE,
        "host": "@主办 & *单位",
        "signup": "- 报名 | 电话 '0731'",
    }
    ev["records"] = ["HNXY-2026-ZL-00023-X", "HNXY-2026-RZ-00001-4"]
    titles = {"HNXY-2026-ZL-00023-X": "标题\n换行 # 井号", "HNXY-2026-RZ-00001-4": HOSTILE}
    text, name = run_core([["draft", ev, titles], ["fileName", ev]])
    assert name == "2027-01-15-matchmaking.yaml"
    source, problems = parse_yaml(text, tmp_path / name, f"events/{name}")
    assert problems == [] and source is not None
    assert list(check_schema("event", source)) == []
    data = dict(source.data)
    assert {k: data[k] for k in ("title", "venue", "host", "signup")} == {k: ev[k] for k in ("title", "venue", "host", "signup")}
    assert data["records"] == ev["records"] and data["city"] == "430200" and data["start"] == "09:30"
    assert "  - HNXY-2026-ZL-00023-X  # 标题 换行 ＃ 井号\n" in text  # a title stays inside its comment
