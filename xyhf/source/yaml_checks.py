"""What the strict loader refuses before and while it builds data, each with a Chinese message.

- before libyaml sees the text: files over 1 MiB, nesting deeper than the loader can walk
  (deep flow brackets or indentation would exhaust the C stack or Python's recursion);
- while building: explicit tags, YAML 1.1 numbers that change meaning (octal 0731, base-60
  1:20, hex, underscores, .nan/.inf), integers too long to be amounts, impossible dates;
- after a syntax error: full-width colons and spaces used as YAML syntax, named as such.
"""

from __future__ import annotations

import math
import re

import yaml

MAX_BYTES = 1 << 20  # a record is a few KiB; a larger file is a mistake or an attack
LEDGER_MAX_BYTES = 1 << 28  # the code ledger grows by ~100 bytes a record, written only by the tool
MAX_FLOW_DEPTH = 40  # [ and { nesting
MAX_INDENT = 160  # columns of block indentation (bounds block nesting)
MAX_DIGITS = 15  # amounts are capped at 10^12 yuan; longer numbers are never amounts

_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)", re.ASCII)
# An int number_problem accepts: a plain decimal of at most MAX_DIGITS digits, which int() reads as
# PyYAML's constructor does (the loaders' shortcut, yaml_fast.typed_plain).
PLAIN_DECIMAL = re.compile(rf"[-+]?(?:0|[1-9][0-9]{{0,{MAX_DIGITS - 1}}})", re.ASCII)
_FLOAT_RE = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", re.ASCII)
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
COLLECTION_TAGS: dict[type, str] = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}


def too_large_message(max_bytes: int) -> str:
    return f"文件超过 {max_bytes >> 20} MB：一条记录只需几千字。请检查是否粘贴了大段无关内容或二进制数据。"


def prescan(text: str, max_bytes: int = MAX_BYTES) -> tuple[int, str] | None:
    """(line, message) when the text must not reach the parser, else None."""
    if len(text) > max_bytes // 4 and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return 1, too_large_message(max_bytes)
    if text.count("[") + text.count("{") > MAX_FLOW_DEPTH:  # only then is the walk worth it
        depth = deepest = deepest_at = 0
        for found in _FLOW.finditer(text):  # only brackets change the walk
            if found.group() in "[{":
                depth += 1
                if depth > deepest:
                    deepest, deepest_at = depth, found.start()
            else:
                depth = max(0, depth - 1)
        deepest_line = text.count("\n", 0, deepest_at) + 1
        if deepest > MAX_FLOW_DEPTH:
            return deepest_line, f"方括号或花括号嵌套超过 {MAX_FLOW_DEPTH} 层，无法读取。记录只需要两三层，请检查括号。"
    deep = _DEEP_INDENT.search(text)
    if deep:
        line = text.count("\n", 0, deep.start()) + 1
        return line, f"缩进超过 {MAX_INDENT} 列（嵌套过深），无法读取。记录只需要两三层缩进，请检查。"
    return None


_FLOW = re.compile(r"[\[\]{}]")
# Block nesting shows as indentation; compact nested lists ("- - - x") as runs of "- ".
_DEEP_INDENT = re.compile(rf"^[ ?-]{{{MAX_INDENT},}}", re.M)


def explicit_tag(node: yaml.Node) -> str | None:
    """The tag written in the file (`!!int`, `!!set`, `!custom`…), or None when YAML inferred it."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:  # text, inferred or written as !!str: nothing is read differently
            return None
        expected = _STR if node.style else _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))
    else:
        expected = COLLECTION_TAGS.get(type(node), "")
    return node.tag if node.tag != expected else None


def tag_message(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return f"不支持 YAML 标签 {short}：请删除标签直接写值；需要原样保留的文字请加引号。"


def number_problem(tag: str, text: str) -> str | None:
    """Why a plain scalar YAML reads as a number must be refused, or None when it is a plain decimal."""
    if tag == "tag:yaml.org,2002:int":
        if PLAIN_DECIMAL.fullmatch(text):
            return None
        if _INT_RE.fullmatch(text):
            return f'数字 {text[:20]}… 超过 {MAX_DIGITS} 位，不可能是金额或数量。如果是号码，请加引号写成 "{text[:20]}…"。'
        return _reinterpreted(text)
    if tag == "tag:yaml.org,2002:float":
        if _FLOAT_RE.fullmatch(text):
            if len(text) > 30:
                return f"数字 {text[:20]}… 太长。如果是号码，请加引号。"
            if math.isinf(float(text)):  # 1.0e+400 reads as infinity, like .inf
                return (
                    f"{text} 超出了数字能表示的范围，会被读成“无穷大”（非数字），不能作为金额或比例。请写普通数字，如 3 或 2.5。"
                )
            return None
        if text.lower().lstrip("+-") in (".nan", ".inf"):
            return f"{text} 在 YAML 中表示“非数字”或“无穷大”，不能作为金额或比例。请写普通数字，如 3 或 2.5。"
        return _reinterpreted(text)
    return None


def _reinterpreted(text: str) -> str:
    what = (
        "六十进制（如 1:20 会被读成 80）"
        if ":" in text
        else "带下划线的数字"
        if "_" in text
        else "十六进制"
        if text.lower().lstrip("+-").startswith("0x")
        else "八进制（如 0731 会被读成 473）"
    )
    return (
        f"{text} 会被 YAML 按{what}读成另一个数，原样的信息会丢失。"
        f'如果是号码或文字，请加引号写成 "{text}"；如果是数量，请写成普通十进制数字。'
    )


def date_message(text: str) -> str:
    return f'日期 {text} 不存在或无法读取（如 2 月 30 日、0000 年）。请改成实际日期，格式 YYYY-MM-DD，并加引号，如 "2023-02-28"。'


_FULLWIDTH_COLON = re.compile(r"^[ \u3000]*[A-Za-z_][A-Za-z0-9_]*[ \u3000]*：")
_FULLWIDTH_INDENT = re.compile(r"^ *\u3000")
_AFTER_COLON_FULLWIDTH_SPACE = re.compile(r"^[ \u3000]*-?[ ]*[A-Za-z_][A-Za-z0-9_]*:\u3000")


def fullwidth_syntax(text: str) -> tuple[int, int, str] | None:
    """(line, column, message) for full-width punctuation used as YAML syntax, the usual cause of a
    syntax error in files typed with a Chinese input method."""
    for number, row in enumerate(text.split("\n"), 1):
        if _FULLWIDTH_COLON.match(row):
            return number, row.index("：") + 1, "键名后面用了全角冒号“：”。YAML 要用半角冒号加空格，如 trl: 6。"
        if _AFTER_COLON_FULLWIDTH_SPACE.match(row):
            return number, row.index(":\u3000") + 2, "冒号后面是全角空格。请改成半角空格，如 trl: 6。"
        if _FULLWIDTH_INDENT.match(row):
            return number, row.index("\u3000") + 1, "缩进里有全角空格“　”。YAML 只认半角空格，请把它换成两个半角空格。"
    return None


_PROBLEMS = [
    ("could not find expected ':'", "缺少“: ”（键和值之间要有半角冒号加空格）"),
    ("mapping values are not allowed", "这里不能出现“键: 值”（值里含有“: ”时请给整个值加引号）"),
    ("cannot start any token", "有不能作为值开头的字符（如 Tab、@、`、%；以它们开头的值请加引号）"),
    ("did not find expected key", "缩进不一致，找不到下一个键"),
    ("did not find expected '-' indicator", "列表缩进不一致（每项以“- ”开头，对齐）"),
    ("did not find expected node content", "缺少值"),
    ("found unexpected end of stream", "文件在引号或括号未闭合时就结束了"),
    ("found unknown escape character", "双引号里有无效的反斜杠转义（请用单引号，或把 \\ 写成 \\\\）"),
    ("found a tab character", "缩进里有 Tab（请只用空格）"),
    ("expected <block end>", "缩进不一致"),
    ("found undefined tag handle", "有无法识别的 ! 标签"),
    ("expected alphabetic or numeric character", "锚点或别名写法不对（& 与 * 不能使用）"),
    ("found unexpected ':'", "冒号位置不对"),
    ("while scanning a quoted scalar", "引号没有闭合"),
]


def syntax_problem(problem: str) -> str:
    for needle, zh in _PROBLEMS:
        if needle in problem:
            return zh
    return "格式无法识别"
