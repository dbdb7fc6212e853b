"""What a publish changes, decided without I/O.

Remote state is what a listing shows (key → ETag) plus what we know of each object's version
(our content hash and header tag). The manifest written after every successful publish records
(version, ETag) per key; a listed object whose ETag still equals the recorded one is that
version. Anything else that is listed (uploaded by a run that was interrupted before it wrote
the manifest, or changed by hand) is checked one by one from its metadata (`to_verify`), so a
rerun neither trusts a stale manifest nor uploads again what already arrived.

Keys here are relative to the prefix; the store adds and strips it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

MANIFEST_FORMAT = "xyhf-publish-manifest/1"

Manifest = dict[str, tuple[str, str]]  # key → (version, ETag)


@dataclass(frozen=True)
class Plan:
    first: tuple[str, ...]  # uploads that are not pages: assets, data, feeds, the search index
    pages: tuple[str, ...]  # HTML uploads, after every other upload has succeeded
    deletions: tuple[str, ...]  # listed objects the folder no longer has, after every upload
    added: frozenset[str]  # uploads with no object under that key yet
    unchanged: int

    @property
    def uploads(self) -> tuple[str, ...]:
        return self.first + self.pages

    @property
    def empty(self) -> bool:
        return not self.uploads and not self.deletions


def is_page(key: str) -> bool:
    return key.lower().endswith((".html", ".htm"))


def trusted_versions(listed: Mapping[str, str], manifest: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Versions the manifest vouches for: only where the object's ETag is still the recorded one."""
    return {key: version for key, (version, etag) in manifest.items() if key in listed and listed[key] == etag}


def to_verify(local: Mapping[str, str], listed: Mapping[str, str], trusted: Mapping[str, str]) -> list[str]:
    """Listed keys the folder also has whose version is unknown: read from their metadata."""
    return sorted(key for key in local if key in listed and key not in trusted)


def plan(local: Mapping[str, str], listed: Mapping[str, str], known: Mapping[str, str]) -> Plan:
    """`local`: key → version of every file; `listed`: key → ETag of every object under the
    prefix; `known`: key → version of the listed objects whose version is known."""
    uploads = [key for key in sorted(local) if known.get(key) != local[key] or key not in listed]
    return Plan(
        first=tuple(k for k in uploads if not is_page(k)),
        pages=tuple(k for k in uploads if is_page(k)),
        deletions=tuple(sorted(k for k in listed if k not in local)),
        added=frozenset(k for k in uploads if k not in listed),
        unchanged=len(local) - len(uploads),
    )


def next_manifest(local: Mapping[str, str], listed: Mapping[str, str], uploaded: Mapping[str, str]) -> Manifest:
    """The manifest after a successful publish: every local key with its version and the ETag
    its object has now (from the upload, else from the listing)."""
    return {key: (version, uploaded[key] if key in uploaded else listed[key]) for key, version in sorted(local.items())}


def encode_manifest(manifest: Manifest) -> bytes:
    body = {"format": MANIFEST_FORMAT, "objects": {k: list(v) for k, v in sorted(manifest.items())}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_manifest(data: bytes | None) -> Manifest:
    """The manifest's entries; an absent, foreign or damaged manifest is empty (every listed
    object is then verified from its metadata), never an error."""
    try:
        body = json.loads(data or b"null")
        objects = body["objects"] if body.get("format") == MANIFEST_FORMAT else {}
        return {
            k: (v[0], v[1])
            for k, v in objects.items()
            if isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}
