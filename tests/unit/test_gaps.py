"""Doc gaps as text (search/gaps.py) and the page's decode (search-core.js): every gap round-trips,
in Python and in the browser's code, and no character needs escaping in JSON."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from xyhf.search import gaps

CORE_JS = ROOT / "xyhf/theme/assets/xyhf/search-core.js"
lists = st.lists(st.integers(0, (1 << 30) - 1) | st.integers(0, 40), max_size=60)


@settings(max_examples=300, deadline=None)
@given(lists)
def test_every_gap_list_round_trips_and_its_characters_stay_themselves_in_json(values):
    text, starts = gaps.encode(np.array(values, dtype=np.int64))
    assert gaps.decode(text).tolist() == values
    assert starts.tolist() == [len(gaps.encode(np.array(values[:i], dtype=np.int64))[0]) for i in range(len(values))]
    assert json.dumps(text, ensure_ascii=False) == f'"{text}"'


def test_a_slice_at_a_list_start_decodes_alone():
    values = np.array([0, 31, 32, 1023, 1024, 25000, 5, 1 << 29], dtype=np.int64)
    text, starts = gaps.encode(values)
    assert gaps.decode(text[starts[3] : starts[6]]).tolist() == [1023, 1024, 25000]
    assert text[:4] == "0O^0"  # 0 and 31 are one terminal digit each; 32 = 1·32 + 0: "^" (1) then "0"
    with pytest.raises(ValueError):
        gaps.encode(np.array([-1]))


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")
def test_the_page_decodes_what_python_encodes():
    rng = np.random.default_rng(7)
    cases = [rng.integers(0, 1 << rng.integers(1, 26), size=rng.integers(0, 50)).tolist() for _ in range(200)]
    entries = [[gaps.encode(np.array(c, dtype=np.int64))[0], "1" * len(c)] for c in cases]
    entries.append([[3, 1, 4], "111"])  # an older index's list of numbers
    script = f"""
const core = require({json.dumps(str(CORE_JS))});
const entries = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(entries.map(e => Array.from(core.decode(e).docs))));
"""
    out = subprocess.run(["node", "-e", script], input=json.dumps(entries), capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [np.cumsum(c).tolist() for c in cases] + [[3, 4, 8]]


posting_lists = st.lists(st.lists(st.integers(0, 5000), max_size=12, unique=True).map(sorted), max_size=30)


@settings(max_examples=300, deadline=None)
@given(posting_lists, st.integers(1, 9))
def test_lists_encoded_a_chunk_at_a_time_equal_the_whole_encoding(lists, chunk):
    docs = np.array([d for one in lists for d in one], dtype=np.int32)
    starts = np.cumsum([0] + [len(one) for one in lists])
    text, at = gaps.encode_lists(docs, starts, chunk)
    whole = [g for one in lists for g in np.diff(np.array(one, dtype=np.int64), prepend=0).tolist()]
    expected_text, firsts = gaps.encode(np.array(whole, dtype=np.int64))
    assert text == expected_text
    assert at == np.append(firsts, len(expected_text))[starts].tolist()
    for k, one in enumerate(lists):  # each list's slice decodes alone, back to its docs
        assert np.cumsum(gaps.decode(text[at[k] : at[k + 1]])).tolist() == one
