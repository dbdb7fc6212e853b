"""The only module that writes the site: a staging folder, MkDocs into it, the artifacts, then an
atomic swap. Everything before this returns values; the build's job worker writes its files into the
same staging folder through a SiteWriter of its own (`join`).

On any error before the swap, the staging folder is removed and --out is left as it was.
`--out` is refused when it is, or contains, the repository, the catalog or the working
directory, or when it exists and was not written by a previous build (no marker file).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from xyhf.paths import PACKAGE_DIR

MARKER = ".xyhf-site"  # written into every built site; an existing --out without it is not ours


def _contains(outer: Path, inner: Path) -> bool:
    return outer == inner or outer in inner.parents


def out_problem(out: Path, protected: dict[str, Path]) -> str | None:
    """Why `out` must not be (re)written, in Chinese, or None. `protected` names folders that must
    survive (the repository, the catalog, the working directory)."""
    target = out.resolve()
    for name, folder in protected.items():
        folder = folder.resolve()
        if _contains(target, folder):
            return f"输出目录 {out} 是{name}或包含{name}（{folder}）：生成网站会替换整个输出目录。请换一个目录，如 site/。"
        if _contains(folder, target) and name == "成果库目录":
            return f"输出目录 {out} 在成果库目录里面：请放到成果库之外，如 site/。"
    if target.exists() and not target.is_dir():
        return f"输出目录 {out} 是一个文件，不是目录。"
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        return (
            f"输出目录 {out} 已存在且不是本工具生成的网站（没有 {MARKER} 标记文件）：为免误删，请换一个新目录，或先自行删除它。"
        )
    return None


def protected_folders(catalog_root: Path) -> dict[str, Path]:
    """Folders `--out` must never be: the catalog, the working directory, the repository around them."""
    folders = {"成果库目录": catalog_root, "当前工作目录": Path.cwd()}
    for start in (catalog_root.resolve(), Path.cwd().resolve(), PACKAGE_DIR):
        repo = next((p for p in (start, *start.parents) if (p / ".git").exists()), None)
        if repo is not None:
            folders.setdefault(f"代码仓库 {repo.name}", repo)
    return folders


class CopyOf:
    """A file's content is another file's, copied by the kernel into place (a 67 MB database at
    25,000 records is never read into memory). Copied at once, in write(): the source may be a
    scratch file that is gone as soon as the caller goes on."""

    def __init__(self, path: Path) -> None:
        self.path = path


Content = bytes | str | CopyOf  # what a file is written from


def made_in_scratch(rel: str, write: Callable[[IO[bytes]], object]) -> Iterator[tuple[str, CopyOf]]:
    """(rel, CopyOf) of the file `write` writes into a stream as it makes it, in a scratch folder that
    is there until the writer has copied it: a large output (the catalog's workbook, its CSVs) is
    never held whole in memory."""
    with tempfile.TemporaryDirectory(prefix="xyhf-scratch-") as scratch:
        path = Path(scratch) / "file"
        with path.open("wb") as stream:
            write(stream)
        yield rel, CopyOf(path)


def _write_files(batch: list[tuple[Path, bytes]]) -> None:
    """In a writer thread: most files are the first in their folder (records/<code>/index.html), so
    the folder is made when the write finds it missing, off the main thread like the write."""
    for path, payload in batch:
        try:
            path.write_bytes(payload)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(payload)


@contextlib.contextmanager
def _mkdocs_clock(epoch: int) -> Iterator[None]:
    """MkDocs reads its build date in one function (mkdocs.utils.get_build_datetime, also behind page
    update dates and the sitemap); answer it with `epoch` while the build runs, then restore it."""
    import mkdocs.utils

    original = mkdocs.utils.get_build_datetime
    mkdocs.utils.get_build_datetime = lambda: dt.datetime.fromtimestamp(epoch, dt.UTC)
    try:
        yield
    finally:
        mkdocs.utils.get_build_datetime = original


class SiteWriter:
    """Writes go through a few threads in batches (opening and writing a file releases the GIL, and
    creating 75,000 files and 30,000 folders is most of a large build's I/O)."""

    IN_FLIGHT = 16  # batches queued before the caller waits
    BATCH = 64  # files per thread task: one task per small file cost more in locks than the write
    BATCH_BYTES = 4 << 20  # a batch goes out sooner when large files fill it (a 70 MB table is not held)

    def __init__(self, out: Path, join: bool = False):
        """`join`: write into the staging folder another writer made for `out` (a forked worker's
        writer), neither emptying it first nor removing it on failure: its maker does both."""
        self.out = out.resolve()
        self.root = self.out.parent / f".{self.out.name}.staging"
        self._join = join
        self._threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="xyhf-write")
        self._pending: deque[Future] = deque()
        self._batch: list[tuple[Path, bytes]] = []
        self._batch_bytes = 0

    def __enter__(self) -> SiteWriter:
        if self._join:
            if not self.root.is_dir():
                raise FileNotFoundError(f"no staging folder to join: {self.root}")
            return self
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:  # the build failed: what is queued is dropped, not written, and the
            self._batch = []  # first failure stays the one raised
            self._threads.shutdown(wait=True, cancel_futures=True)
            if not self._join:
                shutil.rmtree(self.root, ignore_errors=True)
            return
        try:
            self.flush()
        finally:
            self._threads.shutdown(wait=True)

    def flush(self) -> None:
        """Wait for every queued write; re-raise the first failure."""
        self._submit()
        while self._pending:
            self._pending.popleft().result()

    def run_mkdocs(
        self,
        config_file: Path,
        prose: Path,
        assets: Path,
        generated: dict[str, str],
        site_url: str,
        extra: dict,
        epoch: int,
    ) -> None:
        """Prose pages, theme assets and generated stubs into a scratch docs folder; MkDocs into staging,
        with its build clock set to `epoch` for this run only (never through os.environ, which would
        outlive the build and give a second build in the same process the first one's dates)."""
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        with tempfile.TemporaryDirectory(prefix="xyhf-docs-") as scratch:
            docs = Path(scratch) / "docs"
            shutil.copytree(prose, docs)
            shutil.copytree(assets, docs / "assets")
            for rel, text in generated.items():
                path = docs / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(self.root), site_url=site_url)
            config.extra.update(extra)
            with _mkdocs_clock(epoch):
                mkdocs_build(config)

    def read(self, rel: str) -> str:
        self.flush()
        return (self.root / rel).read_text(encoding="utf-8")

    def remove(self, rel: str) -> None:
        self.flush()
        target = self.root / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()

    def write(self, rel: str, data: Content) -> None:
        path = self.root / rel
        if isinstance(data, CopyOf):
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(data.path, path)
            return
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self._batch.append((path, payload))
        self._batch_bytes += len(payload)
        if len(self._batch) >= self.BATCH or self._batch_bytes >= self.BATCH_BYTES:
            self._submit()

    def _submit(self) -> None:
        if self._batch:
            self._pending.append(self._threads.submit(_write_files, self._batch))
            self._batch, self._batch_bytes = [], 0
        if len(self._pending) > self.IN_FLIGHT:
            self._pending.popleft().result()

    def write_all(self, artifacts: Iterable[tuple[str, Content]]) -> int:
        n = 0
        for rel, data in artifacts:
            self.write(rel, data)
            n += 1
        return n

    def html_files(self) -> list[str]:
        self.flush()
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def commit(self) -> None:
        """Swap the finished build in: two renames; the old site is removed afterwards, in a process of
        its own, with any an interrupted removal left behind."""
        self.write(MARKER, "xyhf build\n")
        self.flush()
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        if old.exists():  # left by an earlier process of the same number
            shutil.rmtree(old, ignore_errors=True)
        if not self.out.exists():
            os.replace(self.root, self.out)
            return
        os.replace(self.out, old)
        os.replace(self.root, self.out)
        remove_detached(sorted(self.out.parent.glob(f".{self.out.name}.old-*")))


# The remover is a small fresh process, not a fork of this one (a fork would hold a copy of this
# process's memory, a GiB at 25,000 records, until it finished). It forks itself and returns at
# once, so it is never our child: a long-lived caller that reaps children (a test runner, mutmut)
# never meets a process it did not start.
REMOVER = [
    sys.executable,
    "-c",
    "import os, shutil, sys\nif hasattr(os, 'fork') and os.fork():\n    os._exit(0)\n"
    "for folder in sys.argv[1:]:\n    shutil.rmtree(folder, ignore_errors=True)",
]


def remove_detached(folders: list[Path]) -> None:
    """Remove `folders` (previous sites, already swapped out) in a process of its own: unlinking the
    100,000 files of a 25,000-record site takes about 10 s, and nobody reads them any more. It holds
    none of our files open, so a caller reading our output is not kept waiting; where it cannot
    start, the folders are removed here."""
    try:
        subprocess.run(
            [*REMOVER, *map(str, folders)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
