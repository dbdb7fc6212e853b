"""The browser's contract rules against Python's: contract-core.js fills the Word template's
document.xml exactly as render/documents/contract.py does for the same fill (hostile text included), and
checks.js gives the same USCC verdicts and messages as domain/identifiers.py."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest

from conftest import ROOT
from xyhf.domain.identifiers import USCC_ALPHABET, uscc_check_char, uscc_problem
from xyhf.render.documents import contract

ASSETS = ROOT / "xyhf/theme/assets/xyhf"
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")


def run_node(script: str, data: object) -> object:
    out = subprocess.run(["node", "-e", script], input=json.dumps(data), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def fills() -> list[dict]:
    hostile = ["<w:t>&amp;</w:t>", "甲\x00乙\x1f丙", "  前后空白\t\n中间\u3000全角  ", "\x85下一行\ufeff", "⟦title⟧", "]]>", ""]
    hostile += ["甲\ufffe乙\uffff丙\ufdd0丁\U0010fffe戊\U0001ffff己\ud800庚\U0001f600辛"]  # XML-invalid, noncharacters
    out: list[dict] = [{}, {"box:mode_license": True, "box:lic_sole": True, "box:model_milestone": True}]
    out += [  # milestone rows: kept when any cell is filled, the table dropped when none is
        {"box:model_milestone": True, "m2_amount": "50,000 元", "m4_due": " ", "m5_condition": "验收"},
        {"box:model_deferred_start": True, "box:method_lump_sum": True},
        {"box:model_milestone": False, "m1_due": "一年内"},
    ]
    slots = ["title", "summary", "b_name", "m1_condition", "m3_amount", "royalty", "term_note", "after_months"]
    for i, text in enumerate(hostile):
        out.append({slot: text for slot in slots[i % 3 :]} | {"box:type_patent": bool(i % 2)})
    return out


@needs_node
def test_the_browser_fills_the_template_as_python_does():
    document, _ = contract._template_parts()
    script = f"""
const core = require({json.dumps(str(ASSETS / "contract-core.js"))});
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(input.fills.map(f => core.fillXml(input.xml, f, input.slots))));
"""
    cases = fills()
    got = run_node(script, {"xml": document, "fills": cases, "slots": contract.slot_table()})
    for fill, js in zip(cases, got, strict=True):
        assert js == contract._fill_xml(document, fill), fill
        ElementTree.fromstring(js.encode("utf-8"))  # well-formed XML whatever was pasted


def uscc_inputs() -> list[str]:
    rng = random.Random(7)
    out = ["", "   ", "91430100MA4L7Q2B8X", "91430100ma4l7q2b8", "9143010OMA4L7Q2B8X", "１２３", "91430100MA4L7Q2B8" + "Z"]
    for _ in range(150):
        body = rng.choice("159") + rng.choice("123") + "".join(rng.choice("0123456789") for _ in range(6))
        body += "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
        good = body + uscc_check_char(body)
        out += [good, good[:17] + rng.choice(USCC_ALPHABET), " " + good.lower() + "\u3000", good[:-1], good + "1"]
    return out


@needs_node
def test_the_browser_checks_a_uscc_as_python_does():
    script = f"""
const checks = require({json.dumps(str(ASSETS / "checks.js"))});
console.log(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8')).map(checks.usccProblem)));
"""
    inputs = uscc_inputs()
    got = run_node(script, inputs)
    assert got == [uscc_problem(text) for text in inputs]
    assert sum(g is None for g in got) > 100 and sum(g is not None for g in got) > 300  # both verdicts exercised


def test_the_template_keeps_one_marker_per_slot_and_box_of_the_seed():
    document, _ = contract._template_parts()
    for slot in (
        "box:mode_transfer",
        "box:mode_license",
        "box:lic_sole",
        "box:model_milestone",
        "box:model_deferred_start",
        "b_uscc",
    ):
        assert document.count(f"⟦{slot}⟧") == 1, slot
    filled = contract._fill_xml(document, {})
    assert "⟦" not in filled and "☑" not in filled  # the blank contract ticks nothing


def patent_inputs() -> list[tuple[str, str | None, int | None]]:
    from xyhf.domain.identifiers import mod11_weighted_check

    rng = random.Random(11)
    out: list[tuple[str, str | None, int | None]] = [
        ("", None, None),
        ("ZL95115608.X", None, None),
        ("zl201710601862.3", "invention", 2017),
    ]
    for _ in range(150):
        year = rng.randrange(1986, 2026)
        kind_digit = rng.choice("12389")
        digits = (
            f"{year}{kind_digit}{rng.randrange(10**7):07d}"
            if year >= 2003
            else f"{year % 100:02d}{kind_digit}{rng.randrange(10**5):05d}"
        )
        good = digits + "." + mod11_weighted_check(digits)
        kind = rng.choice([None, "invention", "utility_model", "design"])
        filed = rng.choice([None, year, year + 1])
        out += [
            ("ZL" + good, kind, filed),
            ("CN " + good, kind, filed),
            (digits, kind, filed),
            ("ZL" + digits + ".0", kind, filed),
        ]
        out += [("ZL2001" + digits[4:] + ".1", kind, None), (good + "7", None, None)]
    return out


@needs_node
def test_the_browser_checks_a_patent_number_as_python_does():
    from xyhf.domain.identifiers import patent_number_problem

    script = f"""
const checks = require({json.dumps(str(ASSETS / "checks.js"))});
console.log(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8')).map(a => checks.patentProblem(a[0], a[1], a[2]))));
"""
    inputs = patent_inputs()
    got = run_node(script, inputs)
    assert got == [patent_number_problem(text, kind, filed) for text, kind, filed in inputs]
    assert sum(g is None for g in got) > 100 and len({g[:8] for g in got if g}) >= 5  # every kind of verdict


def word_text(fill: dict) -> tuple[str, list[list[str]]]:
    import io

    import docx

    d = docx.Document(io.BytesIO(contract.render_contract_docx(fill, 0)))
    rows = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    return "\n".join(p.text for p in d.paragraphs) + "\n" + "\n".join("|".join(r) for r in rows), rows


def test_no_template_bracket_reaches_the_word_file():
    """Issue 23 item 9: [具体条件], [双方协商/侵权方], [3] and the like are hints on the web page only."""
    text, rows = word_text({})
    assert not re.search(r"\[[^\]]*\]", text), re.findall(r"\[[^\]]*\]", text)
    assert len(rows) == 6 and all(cell == "" for row in rows[1:] for cell in row[1:])  # the blank form keeps its rows
    html = contract.render_contract_html()
    assert "[具体条件]" in html and "[双方协商/侵权方]" in html  # the web text still shows the seed's hints


def test_unused_milestone_rows_never_reach_the_word_file():
    fill = {"box:model_milestone": True, "m2_condition": "样品通过检测", "m2_amount": "50,000 元", "m4_due": " "}
    text, rows = word_text(fill)
    assert [row[0] for row in rows] == ["里程碑节点", "样品试制成功"]
    assert rows[1][1:] == ["样品通过检测", "50,000 元", ""]
    _, rows = word_text({"box:model_deferred_start": True, "box:method_lump_sum": True})
    assert rows == []  # mode two chosen: no milestone table at all
    assert not re.search(r"\[[^\]]*\]", text)
