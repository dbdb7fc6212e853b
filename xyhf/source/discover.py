"""Find and load every file of a catalog directory. Reads files; judges only their names."""

from __future__ import annotations

import marshal
import operator
import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from xyhf.domain.classify import cities
from xyhf.errors import Diagnostic
from xyhf.source.yaml_loader import Source, load_yaml

NAME_RE = re.compile(r"[a-z0-9-]{2,64}", re.ASCII)
YEAR_RE = re.compile(r"[0-9]{4}", re.ASCII)
EVENT_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]{2,48}", re.ASCII)
CITY_CODES = frozenset(cities())  # the 14 市州 of the one code list (xyhf/data/cities.csv)
LEDGER_FILE = "codes.yaml"  # the code ledger, loaded as LoadedCatalog.ledger


def valid_name(name: object) -> bool:
    """A holder id, slug or folder name: lowercase ASCII letters, digits and -, 2 to 64 characters."""
    return isinstance(name, str) and NAME_RE.fullmatch(name) is not None


_IGNORED = {"README.md", ".gitkeep", ".DS_Store"}


@dataclass
class LoadedCatalog:
    root: Path
    holders: dict[str, Source] = field(default_factory=dict)  # holder id → source
    records: dict[str, Source] = field(default_factory=dict)  # "records/<h>/<slug>.yaml" → source
    promotions: dict[str, Source] = field(default_factory=dict)  # "2026" → source
    deals: dict[str, Source] = field(default_factory=dict)  # "deals/<h>/<slug>.yaml" → source
    needs: dict[str, Source] = field(default_factory=dict)  # "needs/<city>/<slug>.yaml" → source
    events: dict[str, Source] = field(default_factory=dict)  # "events/<yyyy-mm-dd>-<slug>.yaml" → source
    followups: dict[str, Source] = field(default_factory=dict)  # "followups/<city>/<yyyy>.yaml" → source
    stations: Source | None = None
    synonyms: Source | None = None
    ledger: Source | None = None
    settings: Source | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    record_findings: dict[str, list[Diagnostic]] = field(default_factory=dict)  # checked while loading
    # Other files' checks made while loading (a need's: need_findings).
    file_findings: dict[str, list[Diagnostic]] = field(default_factory=dict)


def display_path(path: Path) -> str:
    """Path as people and GitHub annotations want it: relative to the working directory if inside.
    Bytes that are not UTF-8 in a file name are shown escaped, so printing never fails."""
    absolute = Path(os.path.abspath(path))  # not resolve(): a symlink is shown as itself, never its target
    try:
        text = absolute.relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        text = path.as_posix()
    return os.fsencode(text).decode("utf-8", "backslashreplace")


_DEAL_NAME = (
    "deals/ 下的每个文件都是一份合同，只能是 deals/<持有方编号>/<文件名>.yaml：不能改名为 README.md、.gitkeep、"
    "以点开头的名字或放进以点开头的目录（那样合同会从网站上消失）。请把文件改回原名。"
)


def _name_problem(rel: str) -> str | None:
    parts = rel.split("/")
    if rel.endswith(".yml"):
        return "扩展名请用 .yaml（不是 .yml），请重命名文件。"
    if parts[0] == "deals" and (len(parts) != 3 or not rel.endswith(".yaml") or any(p.startswith(".") for p in parts)):
        return _DEAL_NAME
    if not rel.endswith(".yaml"):
        return "成果库目录里只能放 .yaml 文件。"
    if parts[0] == "holders" and len(parts) == 2:
        stem = parts[1][:-5]
        ok = valid_name(stem)
        what = "持有方编号（文件名）"
    elif parts[0] in ("records", "deals") and len(parts) == 3:
        ok = valid_name(parts[1]) and valid_name(parts[2][:-5])
        what = "持有方目录名和记录文件名" if parts[0] == "records" else "持有方目录名和合同文件名"
    elif parts[0] == "needs" and len(parts) == 3:
        if parts[1] not in CITY_CODES:
            return f"需求按企业所在市州存放：needs/<市州代码>/<文件名>.yaml，市州代码为 {'、'.join(sorted(CITY_CODES))} 之一。"
        ok = valid_name(parts[2][:-5])
        what = "需求文件名"
    elif parts[0] == "promotion" and len(parts) == 2:
        ok = YEAR_RE.fullmatch(parts[1][:-5]) is not None
        what = "推广目录文件名"
        if not ok:
            return "推广目录文件名应为四位年份，如 promotion/2026.yaml。"
    elif parts[0] == "followups" and len(parts) == 3:
        if parts[1] not in CITY_CODES or YEAR_RE.fullmatch(parts[2][:-5]) is None:
            return (
                "跟踪服务记录按工作站和年份存放：followups/<工作站市州代码>/<年份>.yaml，"
                "如 followups/430100/2026.yaml。请移动或重命名文件。"
            )
        return None
    elif parts[0] == "events" and len(parts) == 2:
        if not EVENT_RE.fullmatch(parts[1][:-5]):
            return "对接会文件名应为 events/<日期>-<英文短名>.yaml，如 events/2026-12-18-changsha-materials.yaml。"
        return None
    elif rel in (LEDGER_FILE, "catalog.yaml", "stations.yaml", "synonyms.yaml"):
        return None
    else:
        return (
            "文件位置不对：持有方放在 holders/<编号>.yaml，成果放在 records/<持有方编号>/<文件名>.yaml，"
            "合同放在 deals/<持有方编号>/<文件名>.yaml，企业需求放在 needs/<市州代码>/<文件名>.yaml，"
            "推广目录放在 promotion/<年份>.yaml，对接会放在 events/<日期>-<英文短名>.yaml，"
            "跟踪服务记录放在 followups/<工作站市州代码>/<年份>.yaml。"
        )
    if not ok:
        return (
            f"{what}只能用小写英文字母、数字和连字符 -，长度 2–64，"
            "如 records/hnu/high-entropy-coating.yaml；请重命名（不要用中文、空格或大写）。"
        )
    return None


# Most paths of a catalog, accepted by one match: records and deals under a holder, needs under a
# city, each named by NAME_RE. Built from the same name rule and city list as _name_problem, which
# judges every other path (and says what is wrong).
_USUAL = re.compile(
    rf"(?:(?:records|deals)/{NAME_RE.pattern}|needs/(?:{'|'.join(sorted(CITY_CODES))}))/{NAME_RE.pattern}\.yaml",
    re.ASCII,
)


def _path_problem(rel: str) -> str | None:
    return None if _USUAL.fullmatch(rel) else _name_problem(rel)


# A link in a pull request could make the check read (and echo) a file outside the catalog.
_LINK = "成果库里不能有符号链接：请把链接换成文件本身（符号链接可能指向成果库以外的文件）。"


def _skipped(rel_dir: str, name: str) -> bool:
    """Names the loader passes over: dot-names and README.md, .gitkeep, .DS_Store. Never under deals/:
    the deals are a ledger, and a deal renamed to README.md or .x.yaml would vanish from the site."""
    if rel_dir == "deals" or rel_dir.startswith("deals/"):
        return False
    return name in _IGNORED or name.startswith(".")


def _entries(dirpath: str) -> tuple[list[os.DirEntry], list[os.DirEntry]]:
    """(directories, other names) of one directory as os.walk sorts them: a link to a directory counts
    as a directory; an unreadable directory has nothing (os.walk's default)."""
    try:
        with os.scandir(dirpath) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return [], []
    dirs: list[os.DirEntry] = []
    files: list[os.DirEntry] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append(entry)
    return dirs, files


def discover(root: Path) -> tuple[list[str], list[Diagnostic]]:
    """Relative paths of the catalog's YAML files (sorted), and diagnostics for misplaced names.
    Walks top-down like os.walk, with one directory listing each and no extra stat per file."""
    found: list[str] = []
    problems: list[Diagnostic] = []
    pending = [(os.fspath(root), ".")]
    while pending:
        dirpath, rel_dir = pending.pop()
        dirs, files = _entries(dirpath)
        for entry in dirs:
            if entry.is_symlink():
                problems.append(Diagnostic(display_path(Path(dirpath) / entry.name), 1, 1, "", _LINK, rule="filename.link"))
        below = [e.name for e in dirs if not e.is_symlink() and not _skipped(rel_dir if rel_dir != "." else e.name, e.name)]
        for entry in files:
            name = entry.name
            if _skipped(rel_dir, name):
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            problem = _LINK if entry.is_symlink() else _path_problem(rel)
            if problem:
                problems.append(Diagnostic(display_path(Path(dirpath) / name), 1, 1, "", problem, rule="filename"))
            else:
                found.append(rel)
        pending.extend((os.path.join(dirpath, d), d if rel_dir == "." else f"{rel_dir}/{d}") for d in reversed(below))
    return sorted(found), problems


PARALLEL_FROM = 2000  # below this, starting worker processes costs more than it saves
FileCheck = Callable[[str, Source], list[Diagnostic] | None]  # (relative path, source) → findings, or None: none made


@dataclass
class _Pass:
    """What every file of one loading pass shares; set before forking, so workers inherit it and
    each chunk of work is just its bounds in the list of paths (nothing else is pickled per file)."""

    root: Path
    keep_positions: bool
    check: FileCheck | None
    prefix: str | None  # what display_path puts before every relative path of the pass, if the same for all

    def display(self, rel: str) -> str:
        if self.prefix is None:
            return display_path(self.root / rel)
        return os.fsencode(self.prefix + rel).decode("utf-8", "backslashreplace")


def _display_prefix(root: Path) -> str | None:
    """The text display_path puts before a relative path under `root`, worked out once a pass."""
    try:
        absolute, cwd = Path(os.path.abspath(root)), Path.cwd().resolve()
    except OSError:
        return None
    if absolute.is_relative_to(cwd):
        inside = absolute.relative_to(cwd).as_posix()
        return "" if inside == "." else inside + "/"
    if cwd.is_relative_to(absolute):  # some files may lie under the working directory: one by one
        return None
    return (root / "x").as_posix()[:-1]  # none can: display_path shows them as joined


_PASS: _Pass | None = None


_Loaded = tuple[Source | None, list[Diagnostic], list[Diagnostic] | None]  # source, its problems, the check's findings


def _load_one(rel: str) -> _Loaded:
    assert _PASS is not None
    source, problems = load_yaml(os.path.join(_PASS.root, rel), _PASS.display(rel), _PASS.keep_positions)
    findings = _PASS.check(rel, source) if _PASS.check is not None and source is not None else None
    return source, problems, findings


def _load_all(root: Path, paths: list[str], check: FileCheck | None, only_receive: bool = False):
    global _PASS
    from xyhf import chunked, forked

    workers = forked.default_workers()  # the cores this process may use; XYHF_WORKERS=1 turns the workers off
    large = len(paths) >= PARALLEL_FROM
    # Large catalogs keep no positions in memory; a file is re-read for them if it has a finding.
    _PASS = _Pass(root, not large, check, _display_prefix(root))
    try:
        if not large or workers < 2:
            return [_load_one(rel) for rel in paths]

        def ahead(order: list[tuple[int, int]]) -> AbstractContextManager[None]:
            return _read_ahead(root, [paths[i] for start, end in order for i in range(start, end)])

        parts = chunked.in_chunks(
            paths,
            _load_chunk,
            len(paths),
            CHUNK,
            workers,
            beside=ahead,
            here=not only_receive,
            wire=chunked.Wire(_sent, _received),
        )
        return [one for part in parts for one in part]
    finally:
        _PASS = None


CHUNK = 256  # files a worker takes at a time: about 70 ms of work


def _load_chunk(paths: list[str], start: int, end: int) -> list[_Loaded]:
    return [_load_one(rel) for rel in paths[start:end]]


class _Marshalled(NamedTuple):
    """A worker's chunk on its way here: the sources' fields as one marshal string, the diagnostics
    (few, and objects marshal cannot write) pickled beside them."""

    sources: bytes
    diagnostics: list[tuple[list[Diagnostic], list[Diagnostic] | None]]


SOURCE_FIELDS = ("fs_path", "display", "data", "positions_", "plain_text")  # Source's, in order (a test holds them so)
_FIELDS = operator.attrgetter(*SOURCE_FIELDS)


def _sent(chunk: list[_Loaded]) -> _Marshalled | list[_Loaded]:
    """For chunked.in_chunks' Wire. Read back, a record's marshalled fields take two thirds of the time
    of a pickled Source (14 against 22 µs, the collector off as in the loader), and this process
    reads every file a worker parsed. The loader's data holds only dicts, lists, text, numbers,
    booleans and None, which marshal gives back equal; a value it cannot write (a date, a subclass
    of dict) raises ValueError, and that chunk goes pickled, as before."""
    fields = [None if s is None else _FIELDS(s) for s, _, _ in chunk]
    try:
        sources = marshal.dumps(fields)
    except ValueError:
        return chunk
    return _Marshalled(sources, [(problems, findings) for _, problems, findings in chunk])


def _received(sent: _Marshalled | list[_Loaded]) -> list[_Loaded]:
    if not isinstance(sent, _Marshalled):
        return sent
    fields = marshal.loads(sent.sources)
    return [
        (None if f is None else Source(*f), problems, findings)
        for f, (problems, findings) in zip(fields, sent.diagnostics, strict=True)
    ]


@contextmanager
def _read_ahead(root: Path, paths: list[str]) -> Iterator[None]:
    """Ask the kernel to read the files in the background, ahead of the workers. On a cold page
    cache each worker otherwise waits for the disk once a file: 12.4 s instead of 8.1 s for
    `xyhf check` at 25,000 records. Started after the workers are forked (a thread must not be
    running when a process forks); regular files only, so no pipe or device is ever opened."""
    if not hasattr(os, "posix_fadvise") or _in_page_cache(root, paths):
        yield
        return
    stop = threading.Event()

    def run() -> None:
        for rel in paths:
            if stop.is_set():
                return
            fd = _opened_regular(os.path.join(root, rel))
            if fd is None:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
            except OSError:
                pass
            finally:
                os.close(fd)

    reader = threading.Thread(target=run, name="read-ahead", daemon=True)
    reader.start()
    try:
        yield
    finally:
        stop.set()
        reader.join(timeout=5)  # a daemon: one stuck on a hung file system is left behind, never waited on


def _opened_regular(path: str) -> int | None:
    """A descriptor of `path` if it is a regular file (never a pipe, a device or a link's target), else None."""
    try:
        if not stat.S_ISREG(os.stat(path, follow_symlinks=False).st_mode):
            return None
        return os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None


PROBES = 32  # files looked at to judge whether the catalog is in the page cache


def _in_page_cache(root: Path, paths: list[str]) -> bool:
    """Whether the files seem to be in the page cache already (a checkout just made, a catalog read
    before): then the read-ahead is four system calls a file for nothing, and its thread takes the
    interpreter's lock from the parser between them (49,000 lock waits in `xyhf check` at 25,000
    records). Judged on PROBES files spread over the list: the first byte of each, read with
    RWF_NOWAIT, which fails instead of waiting for the disk. Where that cannot be asked, or a file
    is not cached, the read-ahead runs as before: a wrong guess costs time, never a file."""
    if not paths or not hasattr(os, "preadv") or not hasattr(os, "RWF_NOWAIT"):
        return False
    probed = 0
    for rel in paths[:: max(1, len(paths) // PROBES)][:PROBES]:
        fd = _opened_regular(os.path.join(root, rel))
        if fd is None:
            continue
        try:
            os.preadv(fd, [bytearray(1)], 0, os.RWF_NOWAIT)
        except OSError:  # BlockingIOError: on the disk only; any other: the flag unsupported here
            return False
        finally:
            os.close(fd)
        probed += 1
    return probed > 0  # none could be looked at: read ahead, as before


def _file(loaded: LoadedCatalog, rel: str, source: Source) -> None:
    parts = rel.split("/")
    if parts[0] == "holders":
        loaded.holders[parts[1][:-5]] = source
    elif parts[0] == "records":
        loaded.records[rel] = source
    elif parts[0] == "promotion":
        loaded.promotions[parts[1][:-5]] = source
    elif parts[0] == "deals":
        loaded.deals[rel] = source
    elif parts[0] == "needs":
        loaded.needs[rel] = source
    elif parts[0] == "events":
        loaded.events[rel] = source
    elif parts[0] == "followups":
        loaded.followups[rel] = source
    elif rel == "stations.yaml":
        loaded.stations = source
    elif rel == "synonyms.yaml":
        loaded.synonyms = source
    elif rel == LEDGER_FILE:
        loaded.ledger = source
    else:
        loaded.settings = source


def load_catalog(root: Path, check: FileCheck | None = None, only_receive: bool = False) -> LoadedCatalog:
    """Load every file in one pass; bad files become diagnostics, good ones sources. Never raises on
    content. `check`, given a file's relative path and source, judges it in the same pass (in worker
    processes for a large catalog), so each file is parsed and judged once; its findings, where it
    made any, are kept by path: in `record_findings` for records, `file_findings` for the others.
    `only_receive`: for a large catalog this process parses nothing itself (chunked.in_chunks' `here`),
    for a caller that forks workers of its own afterwards (the build).
    """
    loaded = LoadedCatalog(root=root)
    if not root.is_dir():
        loaded.diagnostics.append(
            Diagnostic(display_path(root), 1, 1, "", "找不到成果库目录，请用 --catalog 指定。", rule="catalog")
        )
        return loaded
    paths, problems = discover(root)
    loaded.diagnostics.extend(problems)
    for rel, (source, diagnostics, findings) in zip(paths, _load_all(root, paths, check, only_receive), strict=True):
        loaded.diagnostics.extend(diagnostics)
        if source is not None:
            _file(loaded, rel, source)
            if findings is not None:
                (loaded.record_findings if rel.startswith("records/") else loaded.file_findings)[rel] = findings
    return loaded
