"""History on every record (issue 22): a git repository whose record is edited three times, built
with the real CLI; its shallow clone and a copy outside git build too and say once that there is
no history."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, base_files, coded_catalog
from xyhf.source.history import NO_HISTORY

RECORD = "catalog/records/xjlg/remote-ops.yaml"
ATOM = "{http://www.w3.org/2005/Atom}"
MILESTONE = """payment:
  model: milestone
  milestones:
    - node: tech_validation
      condition: 中试验证通过
      amount_cny: 50000
      due: 节点达成后 30 日内
"""


def commit(repo: Path, message: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{date}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{date}T10:00:00+08:00"}
    env |= {"GIT_AUTHOR_NAME": "dev", "GIT_AUTHOR_EMAIL": "dev@example.org", "GIT_COMMITTER_NAME": "dev"}
    env["GIT_COMMITTER_EMAIL"] = "dev@example.org"
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=repo, check=True, env=env)


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / RECORD
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def build(catalog: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XYHF_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [sys.executable, "-m", "xyhf", "build", "--catalog", str(catalog), "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("history") / "repo"
    files = {**base_files(), "catalog.yaml": "sample_data: true\nrepository: hunan-xyhf/xyhf-catalog\n"}
    coded_catalog(repo / "catalog", files)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    commit(repo, "list", "2026-04-01")
    text = (repo / RECORD).read_text(encoding="utf-8")
    payment = text[text.index("payment:") : text.index("status:")]
    edit(repo, payment, MILESTONE)
    commit(repo, "milestones", "2026-05-02")
    edit(repo, "status: available", "status: negotiating")
    commit(repo, "negotiating", "2026-05-20")
    edit(repo, "支持故障预警", "支持<b>故障</b>预警")
    commit(repo, "summary", "2026-06-03")
    return repo


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("history-site") / "site"
    result = build(repo / "catalog", out)
    return out, result.stderr


def code_of(site: Path) -> str:
    (page,) = (site / "records").glob("*/index.html")
    return page.parent.name


def test_the_record_page_lists_its_three_changes_in_words(site):
    out, stderr = site
    assert NO_HISTORY not in stderr
    html = (out / "records" / code_of(out) / "index.html").read_text(encoding="utf-8")
    block = html[html.index('<h2 id="history">修改历史</h2>') :]
    block = block[: block.index("</ul>")]
    items = re.findall(r"<li>(.*?)</li>", block)
    assert len(items) == 4  # three changes, newest first, then the first listing
    said = [re.sub(r"<[^>]+>", "", item) for item in items]
    assert said[0].startswith("2026-06-03") and said[0].endswith("简要说明：已修改")
    assert said[1].startswith("2026-05-20") and said[1].endswith("状态：可转化 → 洽谈中")
    assert said[2].startswith("2026-05-02") and said[2].endswith("付款方式：延期启动支付 → 里程碑节点支付")
    assert said[3].startswith("2026-04-01") and said[3].endswith("首次收录")
    assert 'href="https://github.com/hunan-xyhf/xyhf-catalog/commit/' in block
    assert "<b>" not in html and "&lt;b&gt;" not in block  # the text change is named, not dumped


def test_the_feed_the_csv_and_the_page_agree(site):
    out, _ = site
    code = code_of(out)
    raw = (out / "data/changes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    feed = ET.fromstring((out / "feeds/changes.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert [r["change"] for r in rows] == [
        "简要说明：已修改",
        "状态：可转化 → 洽谈中",
        "付款方式：延期启动支付 → 里程碑节点支付",
        "首次收录",
    ]
    assert {r["code"] for r in rows} == {code}
    from_feed = [(e.find(f"{ATOM}id").text, e.find(f"{ATOM}updated").text[:10]) for e in entries]  # type: ignore[union-attr]
    from_csv = [(f"urn:xyhf:change:{r['commit']}:{r['code']}", r["date"]) for r in rows]
    assert from_feed == from_csv
    for entry, row in zip(entries, rows, strict=True):
        assert entry.find(f"{ATOM}title").text.endswith(row["change"])  # type: ignore[union-attr]
    page = (out / "changes/index.html").read_text(encoding="utf-8")
    assert "2026 年第 23 周（6 月 1 日至 6 月 7 日）" in page
    assert all(r["change"] in page for r in rows)
    assert page.count(f'href="../records/{code}/"') == 4


def test_the_same_repository_builds_the_same_history(repo, site, tmp_path):
    out, _ = site
    again = tmp_path / "again"
    build(repo / "catalog", again)
    for rel in ("data/changes.csv", "feeds/changes.xml", "changes/index.html", f"records/{code_of(out)}/index.html"):
        assert (again / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_a_shallow_clone_builds_without_history_and_says_so_once(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    result = build(clone / "catalog", tmp_path / "site")
    assert result.stderr.count(NO_HISTORY) == 1
    html = next((tmp_path / "site/records").glob("*/index.html")).read_text(encoding="utf-8")
    assert "修改历史" not in html
    assert "没有读取到成果库的修改历史" in (tmp_path / "site/changes/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site/data/changes.csv").read_bytes().count(b"\n") == 1  # the header only


def test_a_catalog_outside_git_builds_and_says_so_once(repo, tmp_path):
    plain = shutil.copytree(repo / "catalog", tmp_path / "plain" / "catalog")
    result = build(plain, tmp_path / "site")
    assert result.stderr.count(NO_HISTORY) == 1
    assert ET.fromstring((tmp_path / "site/feeds/changes.xml").read_bytes()).find(f"{ATOM}entry") is None
