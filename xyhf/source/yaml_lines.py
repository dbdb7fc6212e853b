"""The quickest path of the loader: the block YAML that the form, the Excel importer, PyYAML's
dumper and the code ledger's writer produce, read line by line without libyaml.

libyaml makes a Python event and two marks for every node, which is most of what reading 25,000
records costs. The files people and tools write use a small part of YAML:
- block mappings with plain keys and block lists (indented or not);
- one-line scalars: plain, single-quoted, double-quoted without escapes;
- one-line flow mappings of plain words and quoted texts (the code ledger's entries);
- whole-line comments.
`line_build` reads exactly that part and returns the same data and plain-text map as
`yaml_fast.fast_build`. At the first line outside it (other flow brackets, a block scalar, an
anchor or tag, a comment after a value, a scalar running onto the next line, a tab, an odd indent,
a repeated key) it returns None and the caller parses the file with libyaml as before, so every
refusal and message stays the strict loader's own."""

from __future__ import annotations

import re
from typing import Any

from xyhf.source.yaml_fast import IMPLICIT, STR_TAG, Refuse, implicit_tag_of_plain, typed_plain

# Any character libyaml refuses or reads as a line break or byte-order mark other than "\n",
# and the tab (which YAML treats differently in indentation and in values): left to libyaml.
_OUTSIDE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,127}):(?: +(.*)|$)", re.S)  # the key, and its value's text if any
# A line: its indent, its body, and when the body is a key line, the key and the value's text after
# ": " (empty for "key:"). One C pass over the file instead of a split, an lstrip and a match a line.
_LINE = re.compile(r"^( *)((?:([A-Za-z_][A-Za-z0-9_]{0,127}):(?: +|$))?(.*))$", re.M)
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`")  # a plain scalar cannot start with these (or they need libyaml)
_NOT_TEXT_FIRST = _NOT_FIRST | frozenset(IMPLICIT)  # nor, to be text for sure, with what a resolver starts


def _plain_item(written: str) -> bool:
    """Whether a list item's text (trailing spaces removed) is one that _item would hand to _scalar
    and _scalar return as written: no leading space, a first character that no indicator or resolver
    starts, nothing that could make a key or a comment. The read loop appends such items itself,
    without _block_for, _item, the key match and _scalar (most items: keywords, owners, IPC)."""
    lead = written[:1]
    return (
        lead not in _NOT_FIRST
        and lead not in IMPLICIT
        and lead not in ("", " ")
        and ": " not in written
        and " #" not in written
        and written[-1] != ":"
    )


def _scalar(written: str, parent: tuple, name: str | int, plain_text: dict) -> Any:
    """The value of a one-line scalar (trailing spaces already removed) at `parent` + (name,)."""
    first = written[0]
    if (
        (first not in _NOT_FIRST or (first in "-?:" and written[1:2] not in ("", " ")))
        and ": " not in written
        and " #" not in written
        and written[-1] != ":"
    ):
        if first not in IMPLICIT:  # no resolver starts with it (Chinese text, most words): text
            return written
        tag = implicit_tag_of_plain(written)
        return written if tag == STR_TAG else typed_plain(tag, written, parent + (name,), plain_text)
    if first == "'":
        found = _SINGLE.fullmatch(written)
        if found is None:
            raise Refuse
        return found.group(1).replace("''", "'")
    if first == '"':
        found = _DOUBLE.fullmatch(written)
        if found is None:
            raise Refuse
        return found.group(1)
    if first == "{":
        return _flow_mapping(written, parent + (name,), plain_text)
    raise Refuse


# One entry of a one-line flow mapping as the code ledger writes it: a plain key, then a quoted text
# or a plain word of letters, digits and "_./-" (a code, a path), which no flow rule can cut short.
_FLOW_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,127}): ('(?:[^']|'')*'|[A-Za-z0-9][A-Za-z0-9_./-]*)(, |\}$)")


def _flow_mapping(written: str, path: tuple, plain_text: dict) -> dict[str, Any]:
    """`{key: value, key: value}` on one line (the code ledger's entries), or Refuse."""
    mapping: dict[str, Any] = {}
    at, end = 1, len(written)
    while at < end:
        found = _FLOW_ENTRY.match(written, at)
        if found is None:
            raise Refuse
        key, value = found.group(1), found.group(2)
        if key in mapping or (key not in _TEXT_KEYS and not _text_key(key)):
            raise Refuse
        mapping[key] = _scalar(value, path, key, plain_text)
        at = found.end()
    if not mapping:
        raise Refuse  # "{}" and the like: libyaml's
    return mapping


_TEXT_KEYS: set[str] = set()  # keys seen to read as text (few distinct: the schemas' field names)


def _text_key(key: str) -> bool:
    if implicit_tag_of_plain(key) != STR_TAG:
        return False
    if len(_TEXT_KEYS) < 4096:
        _TEXT_KEYS.add(key)
    return True


class _Block:
    """An open block mapping or list: the column its keys or dashes start at."""

    __slots__ = ("column", "items", "path", "is_list")

    def __init__(self, column: int, items: Any, path: tuple) -> None:
        self.column, self.items, self.path = column, items, path
        self.is_list = isinstance(items, list)


class _Reader:
    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.plain_text: dict[tuple, str] = {}
        self.open = [_Block(0, self.root, ())]
        self.pending: tuple[dict, str, int, tuple] | None = None  # a key whose value starts below it

    def read(self, text: str) -> tuple[dict, dict]:
        """Every line in turn; a key line of the open mapping (most lines) takes the shortest way."""
        open_blocks = self.open
        first = True
        for indent, body, key, rest in _LINE.findall(text):
            if not body or body[0] == "#":
                continue
            column = len(indent)
            if first and column:
                raise Refuse  # the first key indented: libyaml's
            first = False
            if body[-1] == " ":
                body, rest = body.rstrip(" "), rest.rstrip(" ")
            if self.pending is not None:
                self._settle(column, body)
            block = open_blocks[-1]
            if block.is_list and block.column == column and body[:2] == "- " and _plain_item(body[2:]):
                block.items.append(body[2:])  # what _item makes of an item of plain text, the usual kind
                continue
            if block.column != column or block.is_list:
                owner = self._block_for(column, body)
                if owner is None:
                    continue  # a list item, read by _block_for
                block = owner
            self._put(block, column, key, rest)
        return self._finish()

    def _block_for(self, column: int, body: str) -> _Block | None:
        """The open mapping a key line at `column` belongs to; None when the line was a list item."""
        open_blocks = self.open
        while open_blocks[-1].column > column:
            open_blocks.pop()
        block = open_blocks[-1]
        if block.column != column:
            raise Refuse  # an indent no open block has
        if block.is_list:
            if body[:2] == "- ":
                self._item(block, column, body)
                return None
            open_blocks.pop()  # a key after a list written at its key's column ends that list
            block = open_blocks[-1]
            if block.column != column or block.is_list:
                raise Refuse
        return block

    def _settle(self, column: int, body: str) -> None:
        """The value of the key left open, decided by the line after it."""
        assert self.pending is not None
        owner, key, key_column, path = self.pending
        self.pending = None
        is_item = body[:2] == "- "
        if column > key_column or (column == key_column and is_item):
            value: Any = [] if is_item else {}
            owner[key] = value
            self.open.append(_Block(column, value, path))
        else:
            owner[key] = self._empty(path)

    def _empty(self, path: tuple) -> Any:
        return typed_plain(implicit_tag_of_plain(""), "", path, self.plain_text)

    def _item(self, block: _Block, column: int, body: str) -> None:
        content = body[2:].lstrip(" ")
        if not content or content[:2] == "- " or content == "-":
            raise Refuse  # an empty item or a list in a list: libyaml's
        items = block.items
        found = _KEY.match(content)
        if found is None:
            items.append(_scalar(content, block.path, len(items), self.plain_text))
            return
        mapping: dict[str, Any] = {}
        inner = column + len(body) - len(content)
        self.open.append(_Block(inner, mapping, block.path + (len(items),)))
        items.append(mapping)
        key, rest = found.groups()
        self._put(self.open[-1], inner, key, rest or "")

    def _put(self, block: _Block, column: int, key: str, rest: str) -> None:
        """A key line's key and value text (empty when the value starts on the lines below) into the
        mapping of `block`."""
        mapping = block.items
        if not key or key in mapping or (key not in _TEXT_KEYS and not _text_key(key)):
            raise Refuse  # not a key line; a repeated key, or one YAML reads as true, null…
        if not rest:
            self.pending = (mapping, key, column, block.path + (key,))
        elif rest[0] not in _NOT_TEXT_FIRST and ": " not in rest and " #" not in rest and rest[-1] != ":":
            mapping[key] = rest  # plain text (_scalar's first case, most values), without the call
        else:
            mapping[key] = _scalar(rest, block.path, key, self.plain_text)

    def _finish(self) -> tuple[dict, dict]:
        if self.pending is not None:
            owner, key, _, path = self.pending
            owner[key] = self._empty(path)
        if not self.root:
            raise Refuse  # an empty file: libyaml's message
        return self.root, self.plain_text


def line_build(text: str) -> tuple[dict, dict] | None:
    """(data, plain_text) exactly as the strict builder makes them, or None to let libyaml read it.
    For text that yaml_checks.prescan has passed (size, bracket and indent limits), as parse_yaml
    calls it: those limits are the strict loader's, judged before either reader runs."""
    if _OUTSIDE.search(text):
        return None
    try:
        return _Reader().read(text)
    except Refuse:
        return None
