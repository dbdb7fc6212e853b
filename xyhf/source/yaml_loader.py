"""Strict YAML loading: nothing silently lost or guessed.

We compose the YAML node tree ourselves (libyaml when present) and build plain Python data
from it, so that we can
- refuse duplicate keys (PyYAML keeps the last one and drops data without a word),
- refuse anchors/aliases (a shared node visited twice; expansion bombs never expand),
- remember, for each value, its line and column, and for plain scalars that YAML turned into
  numbers, booleans or null, the text as typed (so validation can say "加引号"),
- tell a GBK/GB18030 file (saved by Windows Excel or Notepad) from a broken one,
- never raise or crash: limits, tags and number forms are checked in yaml_checks.py.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from xyhf.errors import Diagnostic
from xyhf.source import yaml_checks as checks
from xyhf.source.yaml_fast import CONSTRUCT as _CONSTRUCT, FastLoader as _Loader, fast_build
from xyhf.source.yaml_lines import line_build

PathKey = tuple  # JSON path: tuple of str (mapping keys) and int (list indexes)

_STR = "tag:yaml.org,2002:str"


@dataclass
class Source:
    """One loaded YAML file: data plus where each value stood."""

    # The file as the operating system names it. Kept as text, and made a Path only when asked for:
    # few are (a file re-read for a finding), and a Path costs a loading worker's file about 2 µs.
    fs_path: str | os.PathLike[str]
    display: str
    data: Any
    # None when loaded without positions (large catalogs): re-read on the first diagnostic only.
    positions_: dict[PathKey, tuple[int, int]] | None = field(default_factory=dict)
    plain_text: dict[PathKey, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.fs_path = os.fspath(self.fs_path)

    @property
    def path(self) -> Path:
        return Path(self.fs_path)

    @property
    def positions(self) -> dict[PathKey, tuple[int, int]]:
        if self.positions_ is None:
            again, _ = load_yaml(self.path, self.display)
            self.positions_ = again.positions if again else {}
        return self.positions_

    def position(self, path: PathKey) -> tuple[int, int]:
        """Line and column (1-based) of `path`, or of its nearest ancestor that exists."""
        positions = self.positions
        path = tuple(path)
        while path not in positions and path:
            path = path[:-1]
        return positions.get(path, (1, 1))

    def key_position(self, path: PathKey) -> tuple[int, int]:
        return self.positions.get(("<key>",) + tuple(path), self.position(path))


def field_name(path: PathKey) -> str:
    """`("payment", "milestones", 0, "amount_cny")` → `payment.milestones[0].amount_cny`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _LoadError(Exception):
    def __init__(self, line: int, column: int, message: str, field_path: PathKey = ()):
        super().__init__(message)
        self.line, self.column, self.message, self.field_path = line, column, message, field_path


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _NoPositions(dict):
    def __setitem__(self, key, value) -> None:  # positions not kept: nothing to store
        pass


class _Builder:
    def __init__(self, keep_positions: bool = True) -> None:
        self.positions: dict[PathKey, tuple[int, int]] = {} if keep_positions else _NoPositions()
        self.plain_text: dict[PathKey, str] = {}
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        line, col = _mark(node)
        if id(node) in self.seen:
            raise _LoadError(line, col, "不支持 YAML 锚点与别名（& 与 *）：请把内容直接写出来。", path)
        self.seen.add(id(node))
        tag = checks.explicit_tag(node)
        if tag is not None:
            raise _LoadError(line, col, checks.tag_message(tag), path)
        self.positions[path] = (line, col)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = _mark(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _LoadError(line, col, "不支持 YAML 合并键（<<）：请把内容直接写出来。", path)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "（列表或映射）"
                raise _LoadError(line, col, f"键 {shown} 不是文本：键名请用英文小写字母和下划线。", path)
            key = key_node.value
            if key in out:
                raise _LoadError(
                    line,
                    col,
                    f"键 {key} 重复出现（第 {first_line[key]} 行已有）。YAML 只会保留最后一个，前面的内容会丢失；请合并为一个。",
                    path + (key,),
                )
            first_line[key] = line
            self.positions[("<key>",) + path + (key,)] = (line, col)
            out[key] = self.build(value_node, path + (key,))
        return out

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        tag = node.tag
        if tag not in checks.SCALAR_TAGS:
            line, col = _mark(node)
            raise _LoadError(line, col, checks.tag_message(tag), path)
        if tag == _STR:
            return node.value
        # A plain scalar YAML turned into something else: keep the text for "请加引号" messages.
        self.plain_text[path] = node.value
        problem = checks.number_problem(tag, node.value)
        if problem:
            raise _LoadError(*_mark(node), problem, path)
        try:
            value = _CONSTRUCT[tag](node)
        except Exception:  # noqa: BLE001 - any constructor failure is the file's fault, reported in place
            line, col = _mark(node)
            raise _LoadError(
                line,
                col,
                checks.date_message(node.value)
                if tag.endswith("timestamp")
                else f"无法读取值 {node.value[:40]}：请改正，或加引号作为文字。",
                path,
            ) from None
        # Dates are text in the schema (format: date); a time of day is not expected anywhere.
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def decode_utf8(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode strictly; a GBK file gets a message that names the encoding and how to re-save."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
            hint = (
                "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 的 Excel、记事本常用）。"
                "请用 UTF-8 重新保存：记事本“另存为”选“UTF-8”，VS Code 右下角点编码选“通过编码保存 → UTF-8”。"
            )
        except UnicodeDecodeError:
            hint = "文件不是有效的 UTF-8 文本（可能已损坏或是二进制文件）。请用 UTF-8 编码重新保存。"
        return None, [Diagnostic(display, line, column, "", hint, rule="encoding")]


def _syntax_error(text: str, display: str, exc: yaml.YAMLError) -> Diagnostic:
    fullwidth = checks.fullwidth_syntax(text)
    if fullwidth:
        line, col, msg = fullwidth
        return Diagnostic(display, line, col, "", msg, rule="yaml.fullwidth")
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return Diagnostic(
            display,
            line,
            column,
            "",
            f"文件含有不可打印的字符 U+{exc.character:04X}：请删除它（常见于从网页或 PDF 复制的文字）。"
            if isinstance(exc.character, int)
            else "文件含有不可打印的字符，请删除。",
            rule="yaml",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(getattr(exc, "problem", None) or exc)
    if "single document" in problem or "expected a single document" in str(exc):
        msg = "文件里有多个 YAML 文档（---）：每个文件只写一条记录，请删除多余的 --- 分隔线。"
    else:
        msg = (
            f"YAML 格式错误：{checks.syntax_problem(problem)}。常见原因：缩进不一致（只用空格，不用 Tab）、"
            "冒号后缺空格、值里含有“: ”或“ #”却没有加引号、用了全角冒号或全角空格。"
        )
    return Diagnostic(display, line, col, "", msg, rule="yaml")


def parse_yaml(
    text: str, path: Path | str, display: str, keep_positions: bool = True, max_bytes: int = checks.MAX_BYTES
) -> tuple[Source | None, list[Diagnostic]]:
    """Text → Source, or None and located diagnostics. Total: no input raises or crashes."""
    refused = checks.prescan(text, max_bytes)
    if refused:
        return None, [Diagnostic(display, refused[0], 1, "", refused[1], rule="yaml.limits")]
    if not keep_positions:
        quick = line_build(text)
        if quick is not None:  # the block YAML forms and tools write, read without libyaml
            return Source(path, display, quick[0], None, quick[1]), []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        return None, [_syntax_error(text, display, exc)]
    finally:
        loader.dispose()
    if node is None:
        return None, [Diagnostic(display, 1, 1, "", "文件是空的：请按模板填写（可用 xyhf new 生成）。", rule="yaml")]
    fast = None if keep_positions else fast_build(node, text)
    if fast is not None:  # the strict builder would accept it and build the same data
        return Source(path, display, fast[0], None, fast[1]), []
    builder = _Builder(keep_positions)
    try:
        data = builder.build(node, ())
    except _LoadError as exc:
        return None, [Diagnostic(display, exc.line, exc.column, field_name(exc.field_path), exc.message, rule="yaml")]
    if not isinstance(data, dict):
        line, col = _mark(node)
        return None, [Diagnostic(display, line, col, "", "文件顶层必须是“键: 值”的映射，而不是列表或单个值。", rule="yaml")]
    positions = builder.positions if keep_positions else None
    return Source(path, display, data, positions, builder.plain_text), []


_NOT_REGULAR = "这不是普通文件（可能是管道、设备或目录），成果库里只能放 .yaml 文本文件。"


def _read_regular_file(path: Path | str, limit: int) -> tuple[bytes | None, str]:
    """The file's bytes, or None and why not: never blocks on a pipe or device, never reads a huge file.
    Plain os calls: pathlib's stat and read_bytes cost four times as much, once a file of 100,000."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # judged before opening: a device is never opened
            return None, _NOT_REGULAR
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # swapped for a pipe meanwhile: no wait
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return None, _NOT_REGULAR
            if info.st_size > limit:
                return None, checks.too_large_message(limit)
            return _read_all(fd, info.st_size, limit)
        finally:
            os.close(fd)
    except OSError:
        return None, "无法读取文件：请检查文件是否存在、是否有读取权限后重试。"


def _read_all(fd: int, size: int, limit: int) -> tuple[bytes | None, str]:
    """Everything up to end of file, even if the file grew after fstat; never more than the limit."""
    chunks = [os.read(fd, size + 1)]
    total = len(chunks[0])
    while chunks[-1] and total <= limit:
        chunks.append(os.read(fd, max(size, 65536)))
        total += len(chunks[-1])
    if total > limit:
        return None, checks.too_large_message(limit)
    return b"".join(chunks), ""


def load_yaml(
    path: Path | str, display: str | None = None, keep_positions: bool = True
) -> tuple[Source | None, list[Diagnostic]]:
    """Read one file: (Source, []) or (None, diagnostics). Never raises on bad content. The loader's
    workers pass the path as text: a Path a file cost them more than reading it did."""
    display = display or Path(path).as_posix()
    limit = checks.LEDGER_MAX_BYTES if os.path.basename(path) == "codes.yaml" else checks.MAX_BYTES
    raw, problem = _read_regular_file(path, limit)
    if raw is None:
        return None, [Diagnostic(display, 1, 1, "", problem, rule="file")]
    text, diagnostics = decode_utf8(raw, display)
    if text is None:
        return None, diagnostics
    return parse_yaml(text, path, display, keep_positions, limit)
