"""The local side: every file of a folder with its key, content hash and headers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from xyhf.publish.headers import cache_control, content_type


@dataclass(frozen=True)
class LocalFile:
    key: str  # the path under the folder, with "/" (the object key without the prefix)
    path: Path
    size: int
    sha256: str
    content_type: str
    cache_control: str

    @property
    def version(self) -> str:
        """What a remote object must match to count as unchanged: the bytes and the headers (a
        changed cache policy uploads again), as kept in object metadata and the manifest."""
        headers = hashlib.sha256(f"{self.content_type}\n{self.cache_control}".encode()).hexdigest()[:12]
        return f"{self.sha256}/{headers}"


def describe(folder: Path, key: str) -> LocalFile:
    path = folder / key
    data = path.read_bytes()
    return LocalFile(
        key=key,
        path=path,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=content_type(key, data),
        cache_control=cache_control(key),
    )


def keys_in(folder: Path, skip: Iterable[str] = ()) -> list[str]:
    """Every regular file under `folder` as a key, sorted; `skip` names keys left out."""
    left_out = set(skip)
    keys = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return sorted(k for k in keys if k not in left_out)
