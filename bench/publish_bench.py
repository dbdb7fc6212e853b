"""`xyhf publish` at scale against a local SeaweedFS (tests/s3_server.py): the first publish of the
built site, a rerun with nothing changed, then one record's text changed, rebuilt and published
again, with the share of objects that upload (issue 21 target: ≤ 1 % at 25,000 records).

Opt-in from `make bench` with BENCH_PUBLISH=1 (the changed catalog is built a second time);
alone: `.venv/bin/python bench/publish_bench.py 25000` reuses bench/out/site-25000 if built.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
XYHF = str(ROOT / ".venv" / "bin" / "xyhf")
SUMMARY = re.compile(r"上传 (\d+) 个对象（新增 (\d+)，更新 (\d+)），删除 (\d+) 个，不变 (\d+) 个")


def changed_copy(catalog: Path, dest: Path) -> Path:
    """A copy of the catalog with one record's `applications` text extended (a one-record edit)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(catalog, dest)
    record = sorted((dest / "records").glob("*/*.yaml"))[len(list((dest / "records").glob("*/*.yaml"))) // 2]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\napplications: ", "\napplications: 也可用于教学演示；", 1), encoding="utf-8")
    return dest


def publish(site: Path, server, env: dict) -> tuple[float, dict[str, int]]:
    start = time.perf_counter()
    proc = subprocess.run(
        [XYHF, "publish", str(site), "--bucket", "bench", "--prefix", "site", "--endpoint", server.endpoint, "--quiet"],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    found = SUMMARY.search(proc.stdout)
    if proc.returncode or not found:
        raise RuntimeError(f"publish failed ({proc.returncode}): {proc.stderr[-1000:]}")
    names = ("uploaded", "added", "changed", "deleted", "unchanged")
    return seconds, dict(zip(names, map(int, found.groups()), strict=True))


def measure(size: int, catalog: Path, site: Path, env: dict) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from s3_server import WeedServer

    work = OUT / f"publish-{size}"
    shutil.rmtree(work, ignore_errors=True)
    server = WeedServer(work / "weed", volume_limit_mb=1024).start()
    try:
        server.client().create_bucket(Bucket="bench")
        env = {**env, **server.env()}
        megabytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
        first, counts = publish(site, server, env)
        total = counts["uploaded"]
        lines = [f"publish {size:>7} records: first publish {total} objects ({megabytes:.0f} MB) in {first:.1f} s"]
        again, counts = publish(site, server, env)
        lines.append(f"publish {size:>7} records: rerun with nothing changed: {counts['uploaded']} uploaded in {again:.1f} s")
        changed = OUT / f"site-{size}-changed"
        build = subprocess.run(
            [XYHF, "build", "--catalog", str(changed_copy(catalog, work / "catalog")), "--out", str(changed), "--quiet"],
            env=env,
            capture_output=True,
            text=True,
        )
        if build.returncode:
            return [*lines, f"publish {size:>7} records: changed catalog did not build: {build.stderr[-500:]}"]
        seconds, counts = publish(changed, server, env)
        share = counts["uploaded"] / total
        lines.append(
            f"publish {size:>7} records: one record changed → {counts['uploaded']} of {total} objects uploaded "
            f"({share:.2%}), {counts['deleted']} deleted, in {seconds:.1f} s  (target ≤ 1 %)"
        )
        return lines
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(OUT / f"site-{size}-changed", ignore_errors=True)


if __name__ == "__main__":
    import os

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 25000
    site = OUT / f"site-{size}"
    if not (site / ".xyhf-site").is_file():
        sys.exit(f"{site} is not built: run `BUILD_SIZES={size} make bench` (or xyhf build) first")
    for line in measure(size, OUT / f"catalog-{size}", site, {**os.environ, "XYHF_TODAY": "2026-11-24"}):
        print(line)
