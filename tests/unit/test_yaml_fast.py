"""The loader's fast path (large catalogs, no positions kept) gives the strict builder's result exactly:
the same data (types included), the same plain-scalar texts, and the same located Chinese diagnostics,
because anything it cannot vouch for goes back to the strict builder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from xyhf.source.yaml_fast import fast_build, implicit_tag
from xyhf.source.yaml_loader import _Loader, parse_yaml

ROOT = Path(__file__).resolve().parents[2]

SNIPPETS = [
    "a: 1\nb: [x, 2.5, no, ~, 2024-01-02]\nc: {d: e}\n",
    "phone: 0731\n",
    "t: 1:20\n",
    "h: 0x1F\n",
    "u: 1_000\n",
    "n: .nan\n",
    "i: -.inf\n",
    "big: 1234567890123456789\n",
    "f: 1.5e3\n",
    "d: 2023-02-30\n",
    "d: 2024-01-02 10:00:00\n",
    "d: 0000-01-01\n",
    "q: '12'\nr: \"yes\"\n",
    "x: !!int 5\n",
    "x: !!str 5\n",
    "x: !!int '5'\n",
    "x: !!float 5\n",
    "x: !custom a\n",
    "x: !!set {a, b}\n",
    "x: !!binary aGk=\n",
    "x: !!map {a: 1}\n",
    "x: !!seq [1]\n",
    "x: !!omap [a: 1]\n",
    "a: &a [1, 2]\nb: *a\n",
    "a: &a x\n",
    "base: &b {k: 1}\nother:\n  <<: *b\n",
    "<<: {k: 1}\n",
    "2024: x\n",
    "true: x\n",
    "~: x\n",
    "[a]: x\n",
    "? {a: 1}\n: x\n",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: 2\n",
    "- a\n- b\n",
    "just text\n",
    "a:\nb: ''\nc: ~\nd: null\ne: Null\n",
    "a: [[[1, [2]], {b: [c, {d: 0o17}]}]]\n",
    "a: 0o17\nb: +12\nc: -0\nd: 012\ne: 0.\nf: .5\n",
    "a: Yes\nb: OFF\nc: y\nd: n\n",
    "a: |\n  多行\n  文字\nb: >\n  折叠\n",
    "键: 值\n",
    "a: b: c\n",
    "",
    "# only a comment\n",
    "a: 1\n---\nb: 2\n",
]

YAML_FILES = sorted(p for d in ("tests", "catalog", "examples") if (ROOT / d).is_dir() for p in (ROOT / d).rglob("*.yaml"))


def same(text: str) -> None:
    strict, strict_problems = parse_yaml(text, Path("x.yaml"), "x.yaml", keep_positions=True)
    fast, fast_problems = parse_yaml(text, Path("x.yaml"), "x.yaml", keep_positions=False)
    assert fast_problems == strict_problems
    assert (fast is None) == (strict is None)
    if strict is not None and fast is not None:
        assert repr(fast.data) == repr(strict.data)  # repr: True and 1, 1.0 and 1 differ
        assert fast.plain_text == strict.plain_text


@pytest.mark.parametrize("text", SNIPPETS)
def test_fast_path_matches_the_strict_builder(text):
    same(text)


def test_fast_path_matches_on_every_yaml_file_of_the_repository():
    assert YAML_FILES
    for path in YAML_FILES:
        same(path.read_text(encoding="utf-8", errors="replace"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab:- \n[]{},'\"&*!<>?~#|.01279eExo_+:年", max_size=40))
def test_fast_path_matches_on_arbitrary_text(text):
    same(text)


def test_fast_path_declines_what_the_strict_builder_must_word():
    for text in ("a: &a [1]\nb: *a\n", "a: 1\na: 2\n", "x: !!float 5\n", "p: 0731\n", "- a\n"):
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        assert fast_build(node, text) is None


def test_resolver_gives_pyyaml_tags():
    import yaml

    resolver = yaml.resolver.Resolver()
    for value in ("", "1", "0731", "1:20", "yes", "~", "null", "2024-01-02", ".inf", "1.5", "abc", "年", "=", "<<"):
        for implicit in ((True, False), (False, True), (False, False)):
            assert implicit_tag(yaml.ScalarNode, value, implicit) == resolver.resolve(yaml.ScalarNode, value, implicit)
    for kind in (yaml.MappingNode, yaml.SequenceNode):
        assert implicit_tag(kind, None, (True, False)) == resolver.resolve(kind, None, (True, False))
