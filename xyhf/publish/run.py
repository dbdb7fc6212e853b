"""A publish, in the order that never serves a page whose assets are missing: compare, upload
everything but pages, upload pages, write the manifest, then delete what the site no longer has.
An interrupted run leaves every served page whole; the next run compares against what really
arrived (see plan.py) and carries on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from xyhf.progress import Progress
from xyhf.publish.files import LocalFile, describe, keys_in
from xyhf.publish.plan import Plan, decode_manifest, encode_manifest, next_manifest, plan, to_verify, trusted_versions
from xyhf.publish.store import PublishError, Store, Target

R = TypeVar("R")
WORKERS = 8  # requests in flight: uploads wait on the network, not on the CPU


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    verified: int  # objects whose version was read from their metadata (the manifest could not vouch)
    uploaded: int
    deleted: int
    dry_run: bool


def publish(site: Path, target: Target, *, dry_run: bool = False, quiet: bool = False, skip: Iterable[str] = ()) -> Outcome:
    """Make the objects under `target` equal to the files of `site` (but `skip`); raises PublishError."""
    progress = Progress(quiet)
    local = describe_all(site, keys_in(site, skip), progress)
    versions = {key: file.version for key, file in local.items()}
    store = Store(target, connections=2 * WORKERS)
    listed = store.listed()
    old_manifest = store.read_manifest()
    known = trusted_versions(listed, decode_manifest(old_manifest))
    unknown = to_verify(versions, listed, known)
    found: dict[str, str | None] = {}
    in_parallel(store.version_of, unknown, found, progress, "核对")
    known.update({key: version for key, version in found.items() if version})
    todo = plan(versions, listed, known)
    if dry_run:
        return Outcome(todo, len(unknown), 0, 0, dry_run=True)
    etags = upload(store, local, todo, progress)
    manifest = encode_manifest(next_manifest(versions, listed, etags))
    if manifest != old_manifest:
        store.put_manifest(manifest)
    store.delete(todo.deletions)
    progress.stage("删除")
    return Outcome(todo, len(unknown), len(etags), len(todo.deletions), dry_run=False)


def describe_all(site: Path, keys: list[str], progress: Progress) -> dict[str, LocalFile]:
    """Hash every file (a few threads: reading and hashing release the GIL)."""
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="xyhf-hash") as pool:
        files = pool.map(lambda key: describe(site, key), keys)
        return {file.key: file for file in progress.counted("计算哈希", files, len(keys))}


def upload(store: Store, local: Mapping[str, LocalFile], todo: Plan, progress: Progress) -> dict[str, str]:
    """Everything but pages, then pages; key → new ETag. On failure, says how far it got."""
    etags: dict[str, str] = {}
    try:
        in_parallel(lambda key: store.put(local[key]), todo.first, etags, progress, "上传文件与数据")
        in_parallel(lambda key: store.put(local[key]), todo.pages, etags, progress, "上传页面")
    except PublishError as exc:
        done = f"已上传 {len(etags)}/{len(todo.uploads)} 个对象，旧对象一个也没有删除。"
        raise PublishError(f"{exc.message}\n{done}", exc.resumable) from exc
    return etags


def in_parallel(work: Callable[[str], R], keys: Iterable[str], into: dict[str, R], progress: Progress, name: str) -> None:
    """`work(key)` for every key on a few threads, results into `into` as they finish. The first
    failure cancels what has not started, waits for what has, and is raised."""
    keys = list(keys)
    if not keys:
        return
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="xyhf-publish")
    try:
        futures: dict[Future[R], str] = {pool.submit(work, key): key for key in keys}
        for future in progress.counted(name, as_completed(futures), len(keys)):
            into[futures[future]] = future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
