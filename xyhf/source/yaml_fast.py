"""The fast path of the strict loader, for large catalogs (no positions kept).

Two things cost most when 25,000 records are read: libyaml calling back into PyYAML's general
resolver for every node, and the strict builder's bookkeeping (marks, paths, alias set) for
every value. Here
- `FastLoader` is libyaml with a resolver that gives the same tags as PyYAML's (SafeLoader has no
  path resolvers, so the per-node descend/ascend calls do nothing and are skipped);
- `fast_build` builds the same data and plain-text map as the strict builder for a file that the
  strict builder accepts, and returns None at the first thing it would refuse or cannot vouch for
  (aliases, tags, odd keys, duplicate keys, numbers and dates to refuse). The caller then runs the
  strict builder on the same node tree, so every message and location stays the strict one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from xyhf.source import yaml_checks as checks

try:  # libyaml is ~10x faster; the pure-Python loader gives the same nodes
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

_STR = STR_TAG = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_INT = "tag:yaml.org,2002:int"
_SEQ = "tag:yaml.org,2002:seq"
_constructor = yaml.SafeLoader("")  # only its construct_yaml_* helpers are used

CONSTRUCT = {
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _constructor.construct_yaml_timestamp,
}

IMPLICIT = {first: list(pairs) for first, pairs in _Base.yaml_implicit_resolvers.items()}
assert None not in IMPLICIT and not _Base.yaml_path_resolvers  # what makes the shortcuts below exact


def implicit_tag(kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """PyYAML's BaseResolver.resolve for a resolver without path or wildcard resolvers."""
    if kind is yaml.ScalarNode:
        return implicit_tag_of_plain(value) if implicit[0] else _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


def implicit_tag_of_plain(value: str) -> str:
    """The tag YAML gives an unquoted scalar written as `value`."""
    for tag, regexp in IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR


class FastLoader(_Base):
    """libyaml with the resolver callbacks made cheap; the nodes are the same."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:  # implicit_tag, inlined: once a node
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class Refuse(Exception):
    """Something the strict builder must judge (and word)."""


def fast_build(node: yaml.Node, text: str) -> tuple[dict, dict] | None:
    """(data, plain_text) exactly as the strict builder makes them, or None to let it decide."""
    if "&" in text:  # without an anchor there can be no alias: each node is visited once
        return None
    plain_text: dict[tuple, str] = {}
    try:
        data = _value(node, (), plain_text)
    except Refuse:
        return None
    return (data, plain_text) if isinstance(data, dict) else None


def _value(node: Any, path: tuple, plain_text: dict) -> Any:
    cls = node.__class__
    if cls is yaml.ScalarNode:
        return node.value if node.tag == _STR else _scalar(node, path, plain_text)
    if cls is yaml.MappingNode:
        return _mapping(node, path, plain_text)
    if cls is yaml.SequenceNode and node.tag == _SEQ:
        return [_value(child, path + (i,), plain_text) for i, child in enumerate(node.value)]
    raise Refuse


def _mapping(node: yaml.MappingNode, path: tuple, plain_text: dict) -> dict:
    if node.tag != _MAP:
        raise Refuse
    out: dict[str, Any] = {}
    scalar = yaml.ScalarNode
    for key_node, value_node in node.value:
        if key_node.__class__ is not scalar or key_node.tag != _STR:
            raise Refuse
        key = key_node.value
        if key in out:
            raise Refuse
        if value_node.__class__ is scalar and value_node.tag == _STR:
            out[key] = value_node.value
        else:
            out[key] = _value(value_node, path + (key,), plain_text)
    return out


def _scalar(node: yaml.ScalarNode, path: tuple, plain_text: dict) -> Any:
    tag, text = node.tag, node.value
    if node.style or tag != implicit_tag(yaml.ScalarNode, text, (True, False)):
        raise Refuse  # quoted yet not text, or a tag written in the file
    return typed_plain(tag, text, path, plain_text)


def typed_plain(tag: str, text: str, path: tuple, plain_text: dict) -> Any:
    """An unquoted scalar YAML reads as `tag` (not text), as the strict builder makes it; its
    written form is kept in `plain_text`. Raises Refuse for what the strict builder would refuse."""
    if tag == _INT and checks.PLAIN_DECIMAL.fullmatch(text):  # most numbers (TRL, amounts): int() reads them as PyYAML does
        plain_text[path] = text
        return int(text)
    if tag not in CONSTRUCT or checks.number_problem(tag, text):
        raise Refuse
    plain_text[path] = text
    try:
        value = CONSTRUCT[tag](yaml.ScalarNode(tag, text))
    except Exception:  # noqa: BLE001 - the strict builder words the failure
        raise Refuse from None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
