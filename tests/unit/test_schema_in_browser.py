"""The browser validates with @cfworker/json-schema (vendored), the checker with Python's jsonschema:
on the same schema they must agree, on every sample record and need and on mutants of them, or a clerk
would see a form pass that CI refuses (or the reverse)."""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT
from xyhf.validate.schema import is_valid

BUNDLE = ROOT / "xyhf/theme/assets/vendor/cfworker-json-schema/json-schema.min.js"


def documents(kind: str) -> list[dict]:
    folder = "records" if kind == "record" else "needs"
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "catalog" / folder).glob("*/*.yaml"))]
    return [json.loads(json.dumps(d, default=str)) for d in docs]


def mutants(docs: list[dict], seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for doc in docs:
        for _ in range(6):
            d = copy.deepcopy(doc)
            key = rng.choice(sorted(d))
            action = rng.randrange(5)
            if action == 0:
                del d[key]
            elif action == 1:
                d[key] = rng.choice([None, 3, "x", [], {}, True, "9" * 300])
            elif action == 2:
                d["unknown_field"] = 1
            elif action == 3 and isinstance(d.get("payment"), dict):
                d["payment"]["model"] = rng.choice(["milestone", "deferred_start", "other"])
            elif action == 4 and isinstance(d.get(key), str):
                d[key] = d[key][:1]
            out.append(d)
    return out


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")
@pytest.mark.parametrize("kind", ["record", "need"])
def test_the_browser_validator_agrees_with_the_checker(kind):
    docs = documents(kind)
    cases = docs + mutants(docs, 3)
    schema = json.loads((ROOT / f"xyhf/schemas/{kind}.schema.json").read_text(encoding="utf-8"))
    script = f"""
global.self = global;
eval(require('fs').readFileSync({json.dumps(str(BUNDLE))}, 'utf8'));
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const v = new xyhfJsonSchema.Validator(input.schema, '2020-12', false);
console.log(JSON.stringify(input.cases.map(c => v.validate(c).valid)));
"""
    out = subprocess.run(
        ["node", "-e", script], input=json.dumps({"schema": schema, "cases": cases}), capture_output=True, text=True, check=True
    )
    browser = json.loads(out.stdout)
    checker = [is_valid(kind, case) for case in cases]
    differ = [(i, cases[i].get("title"), browser[i], checker[i]) for i in range(len(cases)) if browser[i] != checker[i]]
    assert differ == []
    assert sum(checker) >= len(docs) and not all(checker)  # valid and invalid both exercised


def shipped_patterns() -> list[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "xyhf/schemas").glob("*.schema.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return sorted(found)


BASES = [
    "https://www.example.com/a",
    "石墨烯",
    "graphene oxide",
    "12430100MB1234562J",
    "0731-88880001",
    "@xjlg-ttc",
    "C3360",
    "HNXY-2026-ZL-00042-4",
    "HNXQ-2026-00001-7",
    "09:30",
    "430100",
    "cs-zhang",
    "records/xjlg/a-b.yaml",
    "www.example.org",
    "hunan-xyhf/catalog",
]
ODD = ["\u3000", "\u00a0", "\ufeff", "\u2028", "\u1680", "\x1c", "\x85", "\t", "\n", " ", "３", "٣", "Ａ"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")
def test_every_shipped_pattern_means_in_python_what_it_means_in_the_browser():
    """Each schema pattern against valid-looking values with odd characters put in, at the end and
    inside: ECMA's \\s takes U+3000 and U+00A0 but not \\x1c; \\d is ASCII; `$` is the very end."""
    from xyhf.validate.schema import _ecma_pattern

    values = BASES + [b + c for b in BASES for c in ODD] + [b[:3] + c + b[3:] for b in BASES for c in ODD]
    patterns = shipped_patterns()
    script = """
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(input.patterns.map(p => input.values.map(v => new RegExp(p, 'u').test(v)))));
"""
    out = subprocess.run(
        ["node", "-e", script],
        input=json.dumps({"patterns": patterns, "values": values}),
        capture_output=True,
        text=True,
        check=True,
    )
    browser = json.loads(out.stdout)
    checker = [[_ecma_pattern(p).search(v) is not None for v in values] for p in patterns]
    differ = [(p, v) for i, p in enumerate(patterns) for j, v in enumerate(values) if browser[i][j] != checker[i][j]]
    assert differ == []
    assert len(patterns) >= 15 and sum(map(sum, checker)) >= len(BASES)
