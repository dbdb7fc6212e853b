"""The publish plan and headers, without a server: what changes, in what order, with which headers.

A simulated bucket (a dict of key → (version, ETag)) stands in for the listing, the manifest and
the metadata, so interruption at any point can be replayed; tests/cli/test_publish_s3.py runs
the same against a real S3 server.
"""

from __future__ import annotations

import hashlib

from botocore.exceptions import ClientError, EndpointConnectionError
from hypothesis import given, settings
from hypothesis import strategies as st

from xyhf.publish.headers import LONG_CACHE, SHORT_CACHE, cache_control, content_type, is_fingerprinted
from xyhf.publish.plan import decode_manifest, encode_manifest, is_page, next_manifest, plan, to_verify, trusted_versions
from xyhf.publish.store import Target, addressing_style, explain


class Bucket:
    """Objects as an S3 server keeps them: key → (metadata version, ETag), plus the manifest."""

    def __init__(self) -> None:
        self.objects: dict[str, tuple[str, str]] = {}
        self.manifest: bytes | None = None
        self.puts = 0

    def put(self, key: str, version: str) -> str:
        self.puts += 1
        etag = hashlib.md5(f"{key}{version}{self.puts}".encode()).hexdigest()  # a new ETag per upload
        self.objects[key] = (version, etag)
        return etag

    def listed(self) -> dict[str, str]:
        return {key: etag for key, (_, etag) in self.objects.items()}


def publish(bucket: Bucket, local: dict[str, str], stop_after: int | None = None) -> tuple[int, int]:
    """run.publish's steps against the simulated bucket; (uploads done, metadata reads).
    `stop_after` uploads, the run breaks off as if the network had gone."""
    listed = bucket.listed()
    known = trusted_versions(listed, decode_manifest(bucket.manifest))
    verify = to_verify(local, listed, known)
    known.update({key: bucket.objects[key][0] for key in verify})
    todo = plan(local, listed, known)
    etags: dict[str, str] = {}
    for key in todo.uploads:
        if stop_after is not None and len(etags) == stop_after:
            return len(etags), len(verify)
        etags[key] = bucket.put(key, local[key])
    bucket.manifest = encode_manifest(next_manifest(local, listed, etags))
    for key in todo.deletions:
        del bucket.objects[key]
    return len(etags), len(verify)


SITE = {
    "index.html": "v1",
    "records/a/index.html": "v1",
    "assets/javascripts/bundle.a5f9d56c.min.js": "v1",
    "data/records.json": "v1",
    "search-index/s/ab.json": "v1",
}


def test_first_publish_uploads_everything_assets_before_pages():
    todo = plan(SITE, {}, {})
    assert set(todo.uploads) == set(SITE) and todo.added == set(SITE) and not todo.deletions
    assert not any(is_page(k) for k in todo.first) and all(is_page(k) for k in todo.pages)
    assert todo.uploads.index("data/records.json") < todo.uploads.index("index.html")


def test_second_publish_changes_nothing_and_one_change_uploads_one_object():
    bucket = Bucket()
    assert publish(bucket, SITE) == (5, 0)
    manifest = bucket.manifest
    assert publish(bucket, SITE) == (0, 0) and bucket.manifest == manifest
    changed = {**SITE, "records/a/index.html": "v2"}
    assert publish(bucket, changed) == (1, 0)
    assert {k: v for k, (v, _) in bucket.objects.items()} == changed


def test_a_removed_file_is_deleted_after_uploads_and_only_listed_keys_are_deleted():
    bucket = Bucket()
    publish(bucket, SITE)
    smaller = {k: v for k, v in SITE.items() if k != "records/a/index.html"}
    todo = plan(smaller, bucket.listed(), trusted_versions(bucket.listed(), decode_manifest(bucket.manifest)))
    assert todo.deletions == ("records/a/index.html",) and not todo.uploads
    publish(bucket, smaller)
    assert set(bucket.objects) == set(smaller)


def test_an_object_changed_behind_the_manifests_back_is_checked_not_trusted():
    bucket = Bucket()
    publish(bucket, SITE)
    bucket.put("data/records.json", "by hand")  # new ETag: the manifest no longer vouches for it
    listed = bucket.listed()
    trusted = trusted_versions(listed, decode_manifest(bucket.manifest))
    assert "data/records.json" not in trusted
    assert to_verify(SITE, listed, trusted) == ["data/records.json"]
    assert publish(bucket, SITE) == (1, 1) and bucket.objects["data/records.json"][0] == "v1"


def test_an_interrupted_publish_is_finished_by_a_rerun_without_uploading_twice():
    bucket = Bucket()
    publish(bucket, SITE)
    new = {k: "v2" for k in SITE} | {"records/b/index.html": "v1"}
    assert publish(bucket, new, stop_after=3) == (3, 0)
    assert not any(is_page(k) and v == "v2" for k, (v, _) in bucket.objects.items())  # no new page before its assets
    uploaded, verified = publish(bucket, new)
    assert uploaded == len(new) - 3 and verified == 3  # the three that arrived are read back, not sent again
    assert {k: v for k, (v, _) in bucket.objects.items()} == new


@settings(max_examples=200, deadline=None)
@given(
    before=st.dictionaries(st.sampled_from(sorted(SITE) + ["x.css", "y/index.html"]), st.sampled_from("abc")),
    after=st.dictionaries(st.sampled_from(sorted(SITE) + ["x.css", "y/index.html"]), st.sampled_from("abc")),
    stops=st.lists(st.integers(0, 7), max_size=3),
)
def test_any_sequence_of_interruptions_ends_with_the_bucket_equal_to_the_site(before, after, stops):
    bucket = Bucket()
    publish(bucket, before)
    changed = sum(1 for k, v in after.items() if before.get(k) != v)
    total = 0
    for stop in stops:
        total += publish(bucket, after, stop_after=stop)[0]
        pages_new = [k for k, (v, _) in bucket.objects.items() if is_page(k) and after.get(k) == v and before.get(k) != v]
        if pages_new:  # a new page is only there once every other changed file is
            assert all(bucket.objects.get(k, ("",))[0] == v for k, v in after.items() if not is_page(k))
    total += publish(bucket, after)[0]
    assert {k: v for k, (v, _) in bucket.objects.items()} == after
    assert total == changed  # every changed file sent exactly once across all the runs
    assert publish(bucket, after) == (0, 0)


def test_manifest_round_trips_and_a_damaged_one_is_empty():
    manifest = next_manifest({"a.html": "v1", "b.css": "v2"}, {"a.html": "e1", "b.css": "old"}, {"b.css": "e2"})
    assert manifest == {"a.html": ("v1", "e1"), "b.css": ("v2", "e2")}
    assert decode_manifest(encode_manifest(manifest)) == manifest
    for damaged in (None, b"", b"{", b"[]", b'{"format": "other", "objects": {}}', b'{"format": "xyhf-publish-manifest/1"}'):
        assert decode_manifest(damaged) == {}


def test_content_types_say_utf8_for_text_and_are_exact_for_binaries():
    assert content_type("records/a/index.html", b"") == "text/html; charset=utf-8"
    assert content_type("data/records.csv", b"") == "text/csv; charset=utf-8"
    assert content_type("calendar/a.ics", b"") == "text/calendar; charset=utf-8"
    assert content_type("assets/xyhf/logo.svg", b"") == "image/svg+xml; charset=utf-8"
    assert content_type("data/catalog.jsonld", b"") == "application/ld+json; charset=utf-8"
    assert content_type("data/records.xlsx", b"").endswith("spreadsheetml.sheet")
    assert content_type("contract/blank.docx", b"").endswith("wordprocessingml.document")
    assert content_type("data/catalog.sqlite", b"") == "application/vnd.sqlite3"
    assert content_type("assets/images/favicon.png", b"") == "image/png"
    assert content_type("fonts/a.woff2", b"") == "font/woff2"
    assert content_type("sitemap.xml.gz", b"") == "application/gzip"
    assert content_type("assets/vendor/x/LICENSE", "MIT 许可".encode()) == "text/plain; charset=utf-8"
    assert content_type("blob", b"\xff\xfe\x00") == "application/octet-stream"


def test_only_fingerprinted_names_are_cached_for_a_year():
    for key in (
        "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/javascripts/bundle.a5f9d56c.min.js.map",
        "assets/stylesheets/main.57a0d79d.min.css",
        "assets/javascripts/workers/search.a7633da7.min.js",
    ):
        assert is_fingerprinted(key) and cache_control(key) == LONG_CACHE
    for key in (
        "index.html",
        "assets/xyhf/search.js",
        "data/records/HNXY-2026-BT-00001-4.json",
        "feeds/city-430100.xml",
        "search-index/meta.json",
        "assets/javascripts/lunr/min/lunr.zh.min.js",
        "data/20261124.12345678.csv",  # digits only: a date or a number, not a hash
        "a.deadbeefcafe.js",  # letters only
    ):
        assert not is_fingerprinted(key) and cache_control(key) == SHORT_CACHE


def test_prefix_is_a_folder_so_nothing_outside_it_matches():
    assert Target.of("https://s3.example/", "b", "xyhf").prefix == "xyhf/"
    assert Target.of("https://s3.example", "b", "/a/b/").prefix == "a/b/"
    assert Target.of("https://s3.example", "b", "").prefix == ""
    assert Target.of("https://s3.example/", "b", "xyhf").endpoint == "https://s3.example"


def client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "m"}}, "ListObjectsV2")


def test_failures_are_one_chinese_sentence_and_network_ones_say_rerun():
    target = Target.of("https://s3.example", "bucket")
    assert explain(client_error("InvalidAccessKeyId"), target).message.startswith("凭据错误")
    assert explain(client_error("SignatureDoesNotMatch"), target).message.startswith("凭据错误")
    assert "AWS_SECRET_ACCESS_KEY" in explain(client_error("SignatureDoesNotMatch"), target).message
    assert explain(client_error("NoSuchBucket"), target).message.startswith("存储桶不存在")
    assert explain(client_error("AccessDenied"), target).message.startswith("权限不足")
    busy = explain(client_error("InternalError"), target)
    assert busy.resumable and "重新运行同一命令即可继续" in busy.message
    network = explain(EndpointConnectionError(endpoint_url="https://s3.example"), target)
    assert network.resumable and network.message.startswith("网络中断") and "重新运行" in network.message


def test_cloud_endpoints_get_the_bucket_in_the_host_name_and_custom_ones_path_style():
    assert addressing_style("https://oss-cn-hangzhou.aliyuncs.com") == "virtual"
    assert addressing_style("https://cos.ap-guangzhou.myqcloud.com") == "virtual"
    assert addressing_style("https://obs.cn-south-1.myhuaweicloud.com") == "virtual"
    assert addressing_style("http://127.0.0.1:9000") == "auto"
    assert addressing_style("https://minio.example.org") == "auto"
    assert addressing_style("https://evilaliyuncs.com") == "auto"
    assert addressing_style("https://oss-cn-hangzhou.aliyuncs.com", "path") == "path"


def test_local_files_skip_the_marker_and_a_new_cache_policy_uploads_again(tmp_path):
    from xyhf.publish.files import describe, keys_in

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/app.js").write_text("x")
    (tmp_path / "assets/app.0a1b2c3d.js").write_text("x")
    (tmp_path / ".xyhf-site").write_text("xyhf build\n")
    assert keys_in(tmp_path, {".xyhf-site"}) == ["assets/app.0a1b2c3d.js", "assets/app.js"]
    plain, hashed = describe(tmp_path, "assets/app.js"), describe(tmp_path, "assets/app.0a1b2c3d.js")
    assert plain.sha256 == hashed.sha256 == hashlib.sha256(b"x").hexdigest()
    assert plain.version != hashed.version  # same bytes, other headers: not the same object
