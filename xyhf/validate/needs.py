"""Rules for enterprise needs (企业技术需求) that a schema cannot express, and the vagueness rule.

A need too vague to match is refused with help (Jiangsu found a quarter of posted needs too vague):
- `problem` must say what the firm does and what goes wrong: after the filler words are taken out
  (希望, 需要, 提高, 解决, 问题, 技术…), at least 6 characters of substance (a material, process,
  product or part) must remain;
- `goal` must be measurable: a number (8%, 3 元, 2 小时, 三成), a standard (GB/T 1234, ISO 9001) or a
  comparison with a figure.
Calibrated on the good and vague examples in tests/unit/test_needs.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from xyhf.domain.identifiers import uscc_check_char, uscc_is_valid
from xyhf.errors import Diagnostic
from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.base import diag, parse_day
from xyhf.validate.rules import EARLIEST_YEAR, check_code_insertable, check_file

GOOD_EXAMPLE = "现有工艺铸件气孔率约 8%，希望降到 2% 以下，单件成本增加不超过 3 元"
_FILLER = re.compile(
    "希望|想要|需要|急需|寻求|寻找|提高|提升|降低|减少|改善|改进|优化|解决|突破|实现|达到|问题|难题|技术|方法|方案|产品|质量|效率|"
    "成本|性能|水平|能力|我们|我司|本公司|公司|企业|目前|现在|现有|一些|一种|比较|很|非常|更|进一步|相关|方面|等等|等|合作|帮助|"
    "支持|研发|开发|创新|升级|转型|发展|生产|工作|情况|存在|不足|不够|较差|不好|较低|较高|较大|的|了|和|与|及|在|是|有|能|可以|"
    "对|把|将|为|使|让|进行|一下|一个|这个|那个|我们的"
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ASCII_TERM = re.compile(r"[A-Za-z]{2,}[A-Za-z0-9-]*")
_MEASURE = re.compile(
    r"[0-9０-９]|[一二三四五六七八九十百千万两半]+\s*(成|倍|%|％|个|元|万|吨|天|小时|分钟|年|月|次|件|台|米|度|级)"
    r"|(GB|GB/T|ISO|IEC|ASTM|HJ|JB|YY|QB)\s*/?\s*T?\s*[0-9]",
    re.IGNORECASE,
)


def substance(text: str) -> int:
    """How many characters of substance remain once the filler words are taken out."""
    rest = _FILLER.sub("", text)
    return len(_CJK.findall(rest)) + sum(len(m) for m in _ASCII_TERM.findall(rest))


def vague_problem(text: str) -> bool:
    return substance(text) < 6


def vague_goal(text: str) -> bool:
    return _MEASURE.search(text) is None


def check_vagueness(source: Source) -> Iterator[Diagnostic]:
    data = source.data
    if vague_problem(data["problem"]):
        yield diag(
            source,
            ("problem",),
            "“现状与问题”太笼统，无法匹配成果：请写清楚现在用什么材料、工艺或设备做什么产品，"
            f"哪里出了问题、差多少。好的写法如：“{GOOD_EXAMPLE}”。",
            "need.vague",
        )
    if vague_goal(data["goal"]):
        yield diag(
            source,
            ("goal",),
            "“期望指标”要能衡量：请写出数字、标准或成本，如“气孔率降到 2% 以下”“达到 GB/T 9439 的 HT250”。"
            f"参考：“{GOOD_EXAMPLE}”。",
            "need.vague",
        )


def check_need(source: Source, city: str, today: dt.date) -> Iterator[Diagnostic]:
    data = source.data
    yield from check_vagueness(source)
    yield from check_code_insertable(source)
    uscc = data["enterprise"]["uscc"]
    if not uscc_is_valid(uscc):
        yield diag(
            source,
            ("enterprise", "uscc"),
            f"企业统一社会信用代码校验不通过：第 18 位应为 {uscc_check_char(uscc[:17])}，"
            f"而不是 {uscc[17]}。请对照营业执照逐位核对。",
            "need.uscc",
        )
    if data["enterprise"]["city"] != city:
        yield diag(
            source,
            ("enterprise", "city"),
            f"企业所在市州 {data['enterprise']['city']} 与目录 needs/{city}/ 不一致："
            "需求按企业所在市州存放，请移动文件或改正市州。",
            "need.city",
        )
    listed, expires = parse_day(data["listed_on"]), parse_day(data["expires_on"])
    if listed and (listed > today or listed.year < EARLIEST_YEAR):
        yield diag(
            source, ("listed_on",), f"发布日期 {listed} 不能晚于今天（{today}），也不能早于 {EARLIEST_YEAR} 年。", "need.dates"
        )
    if listed and expires and expires < listed:
        yield diag(source, ("expires_on",), f"有效期至 {expires} 早于发布日期 {listed}，请核对。", "need.dates")
    if listed and expires and (expires - listed).days > 3 * 366:
        yield diag(source, ("expires_on",), "需求有效期最长 3 年：到期后如仍需要，请更新有效期。", "need.dates")
    budget = data.get("budget_cny") or {}
    if "min" in budget and "max" in budget and budget["min"] > budget["max"]:
        yield diag(
            source,
            ("budget_cny", "min"),
            f"最低费用 {budget['min']:,} 元高于最高费用 {budget['max']:,} 元，请核对。",
            "need.budget",
        )


def need_findings(source: Source, rel: str, today: dt.date) -> list[Diagnostic]:
    """All that one need file says about itself: its schema and text findings, else check_need's.
    Nothing in it looks at another file, so a large catalog's are made in the loader's workers
    (validate/catalog.file_checker) and only collected here."""
    return check_file("need", source) or list(check_need(source, rel.split("/")[1], today))


def validate_needs(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rel, source in sorted(loaded.needs.items()):
        found = loaded.file_findings.get(rel)  # need_findings', where the loader made them
        out.extend(found if found is not None else need_findings(source, rel, today))
    if loaded.stations is not None:
        out.extend(check_file("stations", loaded.stations))
    return out
