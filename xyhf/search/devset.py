"""The 2,500-record dev set of judged search queries and needs (shared/judged, vendored in
tests/data/judged-dev): unpacked, given the repository's reviewed vocabulary, its need files coded,
and scored. One implementation for the test floors (tests/unit/test_dev_set.py) and `make bench`.

The scoring is evaluate.py's: nDCG@10 with gain 2^g − 1, recall@10 of grade ≥ 1, the share of
queries with no result; per kind (keyword, need, hard) and overall (search.judged)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tarfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from xyhf.search.judged import JudgedQuery, evaluate

TODAY = dt.date(2026, 11, 24)  # the day the set was judged (evaluate.py's XYHF_TODAY)
# jieba + BM25 on the same set, from shared/judged/baseline.md (deterministic; evaluate.py --bm25).
BM25 = {"keyword": 0.902, "need": 0.566, "hard": 0.420, "all": 0.641}


@dataclass(frozen=True)
class DevSet:
    catalog: Path  # unpacked, with the need files and their codes
    queries: list[dict]  # queries.yaml's queries
    need_ids: dict[str, str]  # need code → query id (n01…n50)

    def judged(self) -> list[JudgedQuery]:
        return [JudgedQuery(q["kind"], q["text"], {j["code"]: j["grade"] for j in q["judged"]}) for q in self.queries]


def prepare(source: Path, work: Path, synonyms: Path) -> DevSet:
    """Unpack the set's catalog into `work`, put the repository's synonyms and the need files in,
    and issue the needs' codes as `xyhf assign-codes` does."""
    from xyhf.maintain.assign import plan_codes, write_codes
    from xyhf.pipeline import check_catalog

    shutil.rmtree(work / "catalog", ignore_errors=True)
    with tarfile.open(source / "catalog-2500-dev.tar.gz") as tar:
        tar.extractall(work, filter="data")
    catalog = work / "catalog"
    shutil.copyfile(synonyms, catalog / "synonyms.yaml")  # as bench/synth.py: the reviewed vocabulary ships with the code
    shutil.copytree(source / "needs", catalog / "needs", dirs_exist_ok=True)
    report, loaded = check_catalog(catalog, TODAY)
    if not report.ok:
        raise ValueError(report.render("text"))
    new, edits, problems = plan_codes(loaded, TODAY)
    if problems:
        raise ValueError("\n".join(d.as_text() for d in problems))
    write_codes(loaded, new, edits)
    need_ids = {e.code: m.group(1) for e in new if (m := re.search(r"dev-(n\d\d)\.yaml$", e.path))}
    queries = yaml.safe_load((source / "queries.yaml").read_text(encoding="utf-8"))["queries"]
    return DevSet(catalog, queries, need_ids)


def search_scores(dev: DevSet, search: Callable[[str], Sequence[str]]) -> dict[str, dict[str, float]]:
    return evaluate(dev.judged(), search)


def match_scores(dev: DevSet, ranked: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """The matcher over the 50 need queries: `ranked` is need code → record codes in rank order."""
    by_id = {qid: ranked.get(code, []) for code, qid in dev.need_ids.items()}
    queries = [q for q in dev.queries if q["kind"] == "need"]
    judged = [JudgedQuery("need", q["id"], {j["code"]: j["grade"] for j in q["judged"]}) for q in queries]
    return evaluate(judged, lambda qid: by_id.get(qid, []))
