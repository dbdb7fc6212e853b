"""The edits the generator makes to a submitted file: adding `code:` as its first key, and setting
a few scalar keys in place (the legal-status importer: `ip.legal_status` and its date and source).

The line is placed where the file's first key stands, in the file's own style (block or flow,
indented or not, after `---`, CRLF or LF), so comments and layout survive. The result is parsed
again and accepted only if it reads as exactly the old data plus the code; otherwise the caller
gets None and must not write.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from xyhf.source.yaml_loader import parse_yaml


def _offset(text: str, line: int, column: int) -> int:
    """Character offset of a 1-based (line, column)."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def insert_code(text: str, code: str) -> str | None:
    """`text` with `code: <code>` as its first key, or None when that cannot be done safely."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    source, problems = parse_yaml(body, Path("edit.yaml"), "edit.yaml")
    if source is None or problems or "code" in source.data or not source.data:
        return None
    first_key = next(iter(source.data))
    line, column = source.key_position((first_key,))
    at = _offset(body, line, column)
    before = body[body.rfind("\n", 0, at) + 1 : at].rstrip(" ")
    if before.endswith(("{", ",")):  # flow mapping: {title: …, …}
        edited = body[:at] + f"code: {code}, " + body[at:]
    else:  # block mapping, possibly after "--- "
        newline = "\r\n" if "\r\n" in body else "\n"
        edited = body[:at] + f"code: {code}{newline}" + " " * (column - 1) + body[at:]
    again, problems = parse_yaml(edited, Path("edit.yaml"), "edit.yaml")
    if again is None or problems or again.data != {"code": code, **source.data}:
        return None
    return bom + edited


def _scalar_text(value: str) -> str:
    """A string as one YAML scalar: plain when that reads back as the same string, else quoted
    (dates are quoted, as the catalog writes them, so they stay text)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").removesuffix("...").rstrip("\n")


def _mapping_at(root: yaml.Node, parents: tuple[str, ...]) -> yaml.MappingNode | None:
    node: yaml.Node | None = root
    for key in parents:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    return node if isinstance(node, yaml.MappingNode) and not node.flow_style else None


def _one_edit(body: str, path: tuple[str, ...], value: str) -> str | None:
    """Set one scalar key (top level or one mapping down) by editing text only: replace the value
    where the key exists; else add a line after the last sibling whose value is a one-line scalar
    (or before the first key), indented like its siblings."""
    try:
        root = yaml.compose(body, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    mapping = _mapping_at(root, path[:-1]) if root is not None else None
    if mapping is None or not mapping.value:
        return None
    scalar = _scalar_text(value)
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == path[-1]:
            if not isinstance(value_node, yaml.ScalarNode) or value_node.start_mark.line != value_node.end_mark.line:
                return None
            return body[: value_node.start_mark.index] + scalar + body[value_node.end_mark.index :]
    newline = "\r\n" if "\r\n" in body else "\n"
    indent = " " * mapping.value[0][0].start_mark.column
    one_line = [
        v for k, v in mapping.value if isinstance(v, yaml.ScalarNode) and k.start_mark.line == v.end_mark.line and v.style != "|"
    ]
    if one_line:
        end = body.find("\n", one_line[-1].end_mark.index)
        at = len(body) if end < 0 else end + 1
        prefix = "" if end >= 0 else newline
        return body[:at] + prefix + f"{indent}{path[-1]}: {scalar}{newline}" + body[at:]
    first = mapping.value[0][0].start_mark
    at = first.index
    return body[:at] + f"{path[-1]}: {scalar}{newline}{indent}" + body[at:]


def set_scalars(text: str, changes: dict[tuple[str, ...], str]) -> str | None:
    """`text` with each key path set to its string value, comments and layout kept; None when the
    file's layout does not allow it (a flow mapping, a multi-line value) or the result would not
    read back as exactly the old data with these values set."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    source, problems = parse_yaml(body, Path("edit.yaml"), "edit.yaml")
    if source is None or problems or not isinstance(source.data, dict):
        return None
    expected = copy.deepcopy(source.data)
    edited: str | None = body
    for path, value in changes.items():
        node: Any = expected
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return None
        node[path[-1]] = value
        edited = _one_edit(edited, path, value) if edited is not None else None
    if edited is None:
        return None
    again, problems = parse_yaml(edited, Path("edit.yaml"), "edit.yaml")
    if again is None or problems or again.data != expected:
        return None
    return bom + edited
