"""The history pass (source/history.py) at catalog scale: `python bench/history_bench.py CATALOG WORK`.

The synthetic catalog has no git history, so this gives it one in WORK (once, kept while the
catalog is unchanged): every file in one commit, then three commits that edit 150 records each
(status, TRL, summary), as reviewers would over a quarter. Then it times `read_history` — the one
`git log` pass, the one `git cat-file` stream and the comparisons — and prints one line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EDITS = 150


def _commit(repo: Path, message: str, date: str) -> None:
    stamp = f"{date}T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    env |= {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "bench"}
    env["GIT_COMMITTER_EMAIL"] = "bench@example.org"
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=repo, check=True, env=env)


def _edit(files: list[Path], change) -> None:
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_repo(catalog: Path, work: Path) -> Path:
    stamp = work / ".source"
    source = (
        str(catalog.resolve()) + ":" + (catalog / ".synth-version").read_text() if (catalog / ".synth-version").exists() else ""
    )
    repo_catalog = work / "catalog"
    if stamp.exists() and stamp.read_text() == source and (work / ".git").is_dir():
        return repo_catalog
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(catalog, repo_catalog)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=work, check=True)
    _commit(work, "catalog", "2026-08-01")
    records = sorted((repo_catalog / "records").glob("*/*.yaml"))
    available = [p for p in records if "status: available" in p.read_text(encoding="utf-8")]
    _edit(available[:EDITS], lambda d: d.update(status="negotiating"))
    _commit(work, "negotiating", "2026-09-15")
    _edit(records[-EDITS:], lambda d: d.update(trl=min(9, d["trl"] + 1)))
    _commit(work, "trl", "2026-10-20")
    _edit(records[EDITS : 2 * EDITS], lambda d: d.update(summary=d["summary"] + "（已补充中试数据）"))
    _commit(work, "summaries", "2026-11-20")
    stamp.write_text(source)
    return repo_catalog


def main() -> None:
    catalog, work = Path(sys.argv[1]), Path(sys.argv[2])
    repo_catalog = make_repo(catalog, work)
    sys.path.insert(0, str(ROOT))
    from xyhf.source.history import read_history

    start = time.perf_counter()
    history = read_history(repo_catalog)
    seconds = time.perf_counter() - start
    records = len(list((repo_catalog / "records").glob("*/*.yaml")))
    revisions = sum(len(r) for r in history.by_path.values())
    changes = sum(1 for revs in history.by_path.values() for r in revs if not r.added)
    print(
        f"history {records:>7} records: one git log + one cat-file pass in {seconds:.2f} s "
        f"({revisions} revisions, {changes} changes in 4 commits; available={history.available})"
    )


if __name__ == "__main__":
    main()
