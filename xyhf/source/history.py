"""The catalog's git history, read once at build time: which commit listed or changed each record.

Two git processes whatever the catalog's size: one `git log --raw -z` over `records/` (per commit:
its date and the files it touched, with the blob ids before and after), then one `git cat-file
--batch` that streams every blob a change needs. Each blob is parsed with the project's strict YAML
loader and the two versions compared by domain/changes.py. No per-file git calls.

A catalog outside git, a shallow clone (its oldest commit would claim to list every record), or
no git at all gives `History(available=False)`: the site is built without history and says so.
Dates are the commits' own (committer date), never the clock: the same repository gives the same
history on any build day.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from xyhf.domain.changes import Revision, describe
from xyhf.source.yaml_loader import decode_utf8, parse_yaml

NO_HISTORY = "未读取到成果库的 git 历史（成果库不在 git 仓库中、尚未提交，或是浅克隆），本次网站不含修改历史。"
_ZERO = "0" * 40


@dataclass(frozen=True)
class History:
    available: bool
    by_path: dict[str, tuple[Revision, ...]] = field(default_factory=dict)  # record path → oldest first

    def of(self, path: str) -> tuple[Revision, ...]:
        return self.by_path.get(path, ())


UNAVAILABLE = History(False)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, timeout=600)
    except (OSError, subprocess.SubprocessError):
        return None


def _touches(log: bytes) -> list[tuple[str, str, list[tuple[str, str, str, str, str]]]]:
    """`git log -z --raw` output → [(commit, date, [(status, old blob, new blob, path, old path)])]."""
    commits = []
    for chunk in log.split(b"\x01")[1:]:
        tokens = chunk.decode("utf-8", "surrogateescape").split("\0")
        commit, date = tokens[0], tokens[1][:10]
        files = []
        i = 2
        while i < len(tokens):
            meta = tokens[i].lstrip("\n")
            i += 1
            if not meta.startswith(":"):
                continue
            _, _, old_blob, new_blob, status = meta[1:].split(" ")
            if status[0] in "RC":
                old_path, path = tokens[i], tokens[i + 1]
                i += 2
            else:
                old_path = path = tokens[i]
                i += 1
            files.append((status[0], old_blob, new_blob, path, old_path))
        commits.append((commit, date, files))
    return commits


def _read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Every blob through one `git cat-file --batch`, fed by a thread so neither pipe can stall."""
    if not blobs:
        return {}
    proc = subprocess.Popen(["git", "-C", str(root), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None

    def feed() -> None:
        try:
            proc.stdin.write("".join(f"{b}\n" for b in blobs).encode())  # type: ignore[union-attr]
        finally:
            proc.stdin.close()  # type: ignore[union-attr]

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out: dict[str, bytes] = {}
    for _ in blobs:
        header = proc.stdout.readline().split()
        if len(header) == 3:
            out[header[0].decode()] = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)  # the newline after the content
    writer.join()
    proc.wait()
    return out


def _parse(raw: bytes | None, path: str) -> dict | None:
    if raw is None:
        return None
    text, _ = decode_utf8(raw, path)
    if text is None:
        return None
    source, _ = parse_yaml(text, Path(path), path, keep_positions=False)
    return source.data if source else None


_TOP_KEY = re.compile(r"[a-z_]+:(?: |$)")


def _top_level_words(old: bytes | None, new: bytes | None, path: str) -> tuple[str, ...] | None:
    """The words of a change confined to whole top-level `key: value` lines (a code issued, a
    status moved, a comment added), read from those lines alone; None when the change reaches
    further and both files must be parsed. Issuing codes touches every record once: this keeps
    that commit from costing two full parses per record."""
    if old is None or new is None:
        return None
    old_text, _ = decode_utf8(old, path)
    new_text, _ = decode_utf8(new, path)
    if old_text is None or new_text is None:
        return None
    sides = []
    for mine, theirs in ((old_text, new_text), (new_text, old_text)):
        lines = mine.split("\n")
        gone = Counter(lines) - Counter(theirs.split("\n"))
        kept = []
        for i, line in enumerate(lines):
            if gone.get(line, 0) <= 0:
                continue
            gone[line] -= 1
            if line.startswith("#"):
                continue  # a comment at the margin: never part of a value (block text is indented)
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if not _TOP_KEY.match(line) or following[:1] in (" ", "\t") or line.rstrip().endswith((":", "|", ">", "|-", ">-")):
                return None
            kept.append(line)
        source, _ = parse_yaml("\n".join(kept), Path(path), path, keep_positions=False) if kept else (None, [])
        if kept and source is None:
            return None
        sides.append(source.data if source else {})
    return describe(sides[0], sides[1]) if sides[0] or sides[1] else ()


def read_history(root: Path) -> History:
    """The history of every file under `records/` of the catalog at `root`."""
    if shutil.which("git") is None:
        return UNAVAILABLE
    inside = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    if inside is None or inside.returncode != 0 or inside.stdout.split() != [b"true", b"false"]:
        return UNAVAILABLE
    log = _git(
        root,
        "-c",
        "core.quotePath=false",
        "log",
        "-z",
        "--reverse",
        "--no-merges",
        "--raw",
        "--no-abbrev",
        "-M",
        "--relative",
        "--format=%x01%H%x00%cI",
        "--",
        "records",
    )
    if log is None or log.returncode != 0:
        return UNAVAILABLE
    commits = _touches(log.stdout)
    if not commits:
        return UNAVAILABLE  # the catalog is in a repository but was never committed
    wanted = sorted(
        {b for _, _, files in commits for status, old, new, _, _ in files if status in "MRC" for b in (old, new) if b != _ZERO}
    )
    blobs = _read_blobs(root, wanted)
    parsed: dict[str, dict | None] = {}

    def data(blob: str, path: str) -> dict | None:
        if blob not in parsed:
            parsed[blob] = _parse(blobs.get(blob), path)
        return parsed[blob]

    by_path: dict[str, list[Revision]] = {}
    for seq, (commit, date, files) in enumerate(commits):
        for status, old, new, path, old_path in files:
            if not path.endswith(".yaml"):
                continue
            if status == "D":
                by_path.pop(path, None)  # a deleted file's history leaves with it
                continue
            if status in "RC":
                kept = by_path.pop(old_path, []) if status == "R" else list(by_path.get(old_path, []))
                by_path[path] = kept
            if status == "A" or (status in "RC" and not by_path[path]):
                by_path[path] = [Revision(date, commit, True, seq=seq)]
                continue
            if old == new:
                continue
            quick = _top_level_words(blobs.get(old), blobs.get(new), path)
            words = quick if quick is not None else describe(data(old, old_path), data(new, path))
            if words:
                by_path.setdefault(path, []).append(Revision(date, commit, False, words, seq))
    return History(True, {path: tuple(revs) for path, revs in by_path.items()})
