"""The one edit the generator makes to a submitted file: adding `code:` as its first key.

The line is placed where the file's first key stands, in the file's own style (block or flow,
indented or not, after `---`, CRLF or LF), so comments and layout survive. The result is parsed
again and accepted only if it reads as exactly the old data plus the code; otherwise the caller
gets None and must not write.
"""

from __future__ import annotations

from pathlib import Path

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
