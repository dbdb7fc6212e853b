"""The strict loader: positions, BOM, quoting hints, no silent loss."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

from xyhf.source.yaml_loader import decode_utf8, parse_yaml


def parse(text: str):
    return parse_yaml(text, Path("x.yaml"), "x.yaml")


def test_positions_of_nested_values():
    source, problems = parse("a: 1\nb:\n  c:\n    - x\n    - y\n")
    assert problems == []
    assert source.position(("b", "c", 1)) == (5, 7)
    assert source.position(("b", "missing")) == (3, 3)  # nearest existing ancestor
    assert source.key_position(("b",)) == (2, 1)


def test_bom_is_tolerated():
    text, problems = decode_utf8("\ufefftitle: 测试\n".encode("utf-8"), "x.yaml")
    assert problems == [] and text == "title: 测试\n"


def test_plain_scalars_remember_their_text():
    source, _ = parse("flag: no\nn: 13800138000\nd: 2024-01-02\nq: '12'\n")
    assert source.data == {"flag": False, "n": 13800138000, "d": "2024-01-02", "q": "12"}
    assert source.plain_text[("flag",)] == "no"
    assert ("q",) not in source.plain_text


def test_yaml_11_octal_is_refused_with_the_text_as_typed():
    # YAML 1.1 reads 0731 as octal 473: the area code would be silently destroyed.
    source, problems = parse("phone: 0731\n")
    assert source is None
    assert "0731" in problems[0].message and "473" in problems[0].message and "加引号" in problems[0].message


def test_billion_laughs_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    )
    source, problems = parse(bomb)
    assert source is None and "锚点" in problems[0].message


def test_non_string_keys_are_refused():
    source, problems = parse("2024: x\n")
    assert source is None and "不是文本" in problems[0].message


@given(st.text(alphabet="0123456789.-+ eEnoyfalstrun", min_size=1, max_size=12))
def test_schema_string_fields_never_accept_yaml_coercions(value):
    """Whatever YAML makes of an unquoted value, a text field either gets text or an error that says why."""
    source, problems = parse(f"name: {value}\n")
    if source is None:
        return
    got = source.data.get("name")
    if not isinstance(got, str):
        assert ("name",) in source.plain_text


def test_read_ahead_asks_for_regular_files_only(tmp_path, monkeypatch):
    """The read-ahead thread must never open a pipe (it would wait for a writer forever), a device
    or a link's target: only regular files are advised, and a missing one is passed over."""
    import os
    import threading

    from xyhf.source.discover import _read_ahead

    regular = tmp_path / "a.yaml"
    regular.write_text("x: 1\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "link.yaml").symlink_to(regular)
    advised: list[tuple[str, int]] = []
    done = threading.Event()

    def fadvise(fd: int, offset: int, length: int, advice: int) -> None:
        advised.append((os.readlink(f"/proc/self/fd/{fd}"), advice))
        done.set()

    monkeypatch.setattr(os, "posix_fadvise", fadvise)
    monkeypatch.setattr("xyhf.source.discover._in_page_cache", lambda root, paths: False)  # as on a cold disk
    with _read_ahead(tmp_path, ["pipe.yaml", "link.yaml", "gone.yaml", "a.yaml"]):
        assert done.wait(10)
    assert advised == [(str(regular), os.POSIX_FADV_WILLNEED)]


def _file_system_of(path) -> str:
    """The type of the file system `path` lies on, from /proc/mounts (the longest mount point above it)."""
    best, kind = "", ""
    for line in Path("/proc/mounts").read_text(encoding="utf-8").splitlines():
        point, fs = line.split()[1:3]
        if str(path).startswith(point.rstrip("/") + "/") and len(point) > len(best):
            best, kind = point, fs
    return kind


def test_no_read_ahead_for_files_already_in_the_page_cache(tmp_path, monkeypatch):
    """Files just written are in the page cache: no thread, no advice. Dropped from the cache (written
    out first), one of them is enough for the read-ahead to run."""
    import os

    from xyhf.source.discover import _in_page_cache, _read_ahead

    names = [f"{i}.yaml" for i in range(100)]
    for name in names:
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    advised: list[int] = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, offset, length, advice: advised.append(fd))
    assert _in_page_cache(tmp_path, names)
    with _read_ahead(tmp_path, names):
        pass
    assert advised == []
    assert not _in_page_cache(tmp_path, [])  # nothing to judge by: read ahead as before
    assert not _in_page_cache(tmp_path, ["gone.yaml", "also-gone.yaml"])  # none could be looked at: the same
    if _file_system_of(tmp_path) in ("tmpfs", "ramfs"):
        return  # their pages are the files themselves: nothing can be dropped to test the cold side
    monkeypatch.undo()
    fd = os.open(tmp_path / names[0], os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    assert not _in_page_cache(tmp_path, names)


def test_reading_a_file_stops_at_the_limit_and_refuses_what_is_not_a_file(tmp_path):
    from xyhf.source.yaml_loader import _read_regular_file

    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"a" * 1000)
    assert _read_regular_file(exact, 1000) == (b"a" * 1000, "")
    raw, why = _read_regular_file(exact, 999)
    assert raw is None and "文件超过" in why
    raw, why = _read_regular_file(Path("/dev/zero"), 1000)  # a device: never opened, never read
    assert raw is None and "不是普通文件" in why
    raw, why = _read_regular_file(tmp_path / "missing.yaml", 1000)
    assert raw is None and "无法读取" in why


def test_a_workers_chunk_comes_back_equal_through_marshal():
    import dataclasses
    import datetime as dt
    import os
    import pickle

    from xyhf.errors import Diagnostic, Severity
    from xyhf.source import discover
    from xyhf.source.yaml_loader import Source

    shared = ["共用", 1]  # one list under two keys stays one list, as pickle would keep it
    data = {"title": "高熵合金涂层", "trl": 6, "ok": True, "rate": 0.5, "none": None, "a": shared, "b": shared}
    odd_path = Path("/tmp/cat/records/h\udce9/x.yaml")  # a file name that is not UTF-8
    warning = Diagnostic("x.yaml", 3, 1, "trl", "提示", "rule", Severity.WARNING)
    chunk = [
        (Source(Path("/tmp/cat/records/h/x.yaml"), "records/h/x.yaml", data, None, {("trl",): "6"}), [], []),
        (Source(odd_path, "records/h\\xe9/x.yaml", {"t": "乙"}, {("t",): (1, 4), ("<key>", "t"): (1, 1)}, {}), [], None),
        (None, [Diagnostic("bad.yaml", 1, 1, "", "语法错误", "yaml")], None),
        (Source(Path("/tmp/y.yaml"), "y.yaml", {"t": "丙"}, None, {}), [], [warning]),
    ]
    sent = discover._sent(chunk)
    back = discover._received(pickle.loads(pickle.dumps(sent)))
    assert isinstance(sent, discover._Marshalled)
    assert back == chunk
    assert back[0][0].data["a"] is back[0][0].data["b"]
    assert back[1][0].fs_path == os.fspath(odd_path) and back[1][0].path == odd_path
    assert tuple(f.name for f in dataclasses.fields(Source)) == discover.SOURCE_FIELDS  # what _sent sends, in order

    dated = [(Source(Path("/tmp/z.yaml"), "z.yaml", {"day": dt.date(2026, 1, 1)}, None, {}), [], [])]
    assert discover._sent(dated) is dated  # marshal cannot write a date: pickled as it is
    assert discover._received(dated) is dated


PART = st.text(alphabet="ab1-._A中 ", min_size=0, max_size=5)


@given(
    st.sampled_from(["records", "deals", "needs", "holders", "Records"]),
    st.sampled_from(["hnu", "430100", "430200", "x", ".hidden", "999999", "hnu-2"]) | PART,
    PART,
    st.sampled_from([".yaml", ".yml", "", ".yaml.bak"]),
)
def test_the_usual_path_shortcut_accepts_only_what_the_name_rules_accept(top, folder, name, ending):
    """discover accepts most paths with one match (_USUAL); every path it so accepts, the rules that
    judge all others (_name_problem) accept too."""
    from xyhf.source import discover

    rel = f"{top}/{folder}/{name}{ending}"
    if discover._USUAL.fullmatch(rel):
        assert discover._name_problem(rel) is None, rel
    assert discover._path_problem(rel) == discover._name_problem(rel)


def test_the_usual_path_shortcut_is_taken_for_records_deals_and_needs():
    from xyhf.source import discover

    for rel in ("records/hnu/high-entropy-coating.yaml", "deals/hnu/cdny-2026-014.yaml", "needs/430100/porosity.yaml"):
        assert discover._USUAL.fullmatch(rel), rel
    assert not discover._USUAL.fullmatch("needs/999999/porosity.yaml")
    assert not discover._USUAL.fullmatch("records/HNU/x.yaml")
