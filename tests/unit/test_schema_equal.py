"""The compiled schema (fastjsonschema) and jsonschema give the same verdict on every case.

The compiled one decides quickly that a file is valid; jsonschema explains errors. They may
never disagree: shown here on every valid and invalid case file, and on structured mutations
of valid data (values of every JSON type at every path, keys removed and added, the strings
that broke the old fast path: year 0, full-width digits, a@b, trailing newlines). `make fuzz`
runs the property with many more examples (XYHF_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASES, valid_text
from test_cases import CASE_FILES, build_case
from xyhf.domain.schemas import SCHEMA_FILES, load_schema
from xyhf.source.yaml_loader import parse_yaml
from xyhf.validate.schema import is_valid, validator

EXAMPLES = int(os.environ.get("XYHF_FUZZ_EXAMPLES", "300"))


def strict(name: str) -> dict:
    source, problems = parse_yaml(valid_text(name), Path(name), name)
    assert source is not None, problems
    return source.data


BASES = {
    "record": [strict(n) for n in ("patent.yaml", "deferred.yaml", "secret.yaml")],
    "holder": [strict("holder.yaml")],
    "deal": [strict("deal.yaml")],
    "need": [strict("need.yaml")],
}
TRICKY = [
    "0000-01-01",
    "２０２６-03-01",
    "٢٠٢٦-03-01",
    "2026-02-30",
    "2026-3-1",
    "2026-03-01\n",
    "a@b",
    "a@b.c",
    "ttc@example.edu.cn\n",
    "ｔ@example.cn",
    "12430100MB1234562J\n",
    "12430100MB1234562J",
    "@xjlg-ttc\n",
    "0731-88880001\n",
    "C23C 4/06",
    "HNXY-2026-ZL-00001-0\n",
    "430100",
    "",
    " ",
    "\u3000",
    "x" * 101,
    "patent",
    "milestone",
    "license",
    "open",
    "tech_validation",
    "half_year",
    "https://x.example.org/",
]


def same_verdict(kind: str, data: object) -> None:
    slow = not any(True for _ in validator(kind).iter_errors(data))
    assert is_valid(kind, data) == slow, (kind, data)


def test_every_case_file_gets_the_same_verdict_from_both():
    checked = 0
    for case in [*CASE_FILES, *(c for d in ("deals", "needs", "events") for c in sorted((CASES / d).glob("*.case")))]:
        for rel, content in build_case(case).items():
            if isinstance(content, bytes):
                continue
            source, _ = parse_yaml(content, Path(rel), rel)
            if source is not None:
                kinds = {"holders": "holder", "promotion": "promotion", "catalog.yaml": "settings", "codes.yaml": "codes"}
                kinds.update(
                    {"deals": "deal", "needs": "need", "events": "event", "synonyms.yaml": "synonyms", "followups": "followups"}
                )
                kind = kinds.get(rel.split("/")[0], "record")
                same_verdict(kind, source.data)
                checked += 1
    for path in sorted((CASES / "valid").glob("*.yaml")):
        source, _ = parse_yaml(path.read_text(encoding="utf-8"), path, path.name)
        kind = {
            "holder.yaml": "holder",
            "settings.yaml": "settings",
            "deal.yaml": "deal",
            "need.yaml": "need",
            "event.yaml": "event",
            "followups.yaml": "followups",
            "stations.yaml": "stations",
        }.get(path.name, "record")
        same_verdict(kind, source.data)
        assert is_valid(kind, source.data)
        checked += 1
    assert checked >= 35


def test_patterns_use_dollar_only_as_the_end():
    def patterns(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern":
                    yield value
                else:
                    yield from patterns(value)
        elif isinstance(node, list):
            for value in node:
                yield from patterns(value)

    for kind in SCHEMA_FILES:
        for pattern in patterns(load_schema(kind)):
            assert "$" not in pattern[:-1] and pattern.startswith("^"), pattern


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**13), 10**13)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(TRICKY)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["node", "amount_cny", "x", "name"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, prefix + (i,))


@st.composite
def mutated(draw):
    kind = draw(st.sampled_from(sorted(BASES)))
    data = copy.deepcopy(draw(st.sampled_from(BASES[kind])))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in paths(data) if p]))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["set", "set", "delete", "add"]))
        if action == "set":
            parent[path[-1]] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["code", "extra", "start", "method", "milestones", "patent_kind"]))] = draw(json_values)
        if not isinstance(data, dict):
            break
    return kind, data


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(mutated())
def test_structured_mutations_get_the_same_verdict_from_both(case):
    kind, data = case
    same_verdict(kind, data)


def test_jsonschema_is_imported_only_for_a_file_the_compiled_schema_refuses(tmp_path):
    """A valid catalog is judged by the compiled schemas alone: jsonschema's import (a twentieth of
    a second) is paid only where a message has to be written."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    catalog = tmp_path / "catalog"
    shutil.copytree(root / "catalog", catalog)
    probe = (
        "import datetime as dt, sys; from pathlib import Path; from xyhf.pipeline import check_catalog; "
        "report, _ = check_catalog(Path(sys.argv[1]), dt.date(2026, 11, 24)); "
        "print(report.ok, 'jsonschema' in sys.modules)"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe, str(catalog)], capture_output=True, text=True, check=True)
        return done.stdout.strip()

    assert run() == "True False"
    record = sorted((catalog / "records").rglob("*.yaml"))[0]
    record.write_text(record.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    assert run() == "False True"
