"""专利开放许可 declarations on patent records (Patent Law arts. 50–52, in force 2021-06-01): who may
declare, what the fee standard must say and within which caps (xyhf/data/open_license.yaml cites
CNIPA's numbers), the term, the consent of every patentee, the 专利权评价报告 for utility models and
designs, and no exclusive or sole licence beside it. Messages name the field and say how to fix it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from importlib import resources

import yaml

from xyhf.domain.deal_state import deal_state
from xyhf.domain.labels import LICENSE_KIND_LABELS, OPEN_FEE_MODE_LABELS, ROYALTY_BASIS_LABELS, TYPE_LABELS
from xyhf.domain.law import legal_term_end
from xyhf.domain.schemas import load_schema
from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.base import Diagnostic, diag, parse_day
from xyhf.validate.schema import check_schema

BLOCK = "open_license"
NEEDS_REPORT = {"utility_model": "实用新型", "design": "外观设计"}


def _title(key: str) -> str:
    return str(load_schema("record")["properties"][BLOCK]["properties"][key]["title"])


@cache
def rules() -> dict:
    return yaml.safe_load(resources.files("xyhf").joinpath("data", "open_license.yaml").read_text(encoding="utf-8"))


def check_open_license(source: Source, today: dt.date) -> Iterator[Diagnostic]:
    """Per-record rules on a schema-valid record that declares an open licence."""
    d = source.data
    block = d.get(BLOCK)
    if not isinstance(block, dict):
        return
    if d["type"] != "patent":
        yield diag(
            source,
            (BLOCK,),
            f"只有专利可以声明开放许可（专利法第五十条），本成果是{TYPE_LABELS[d['type']]}：请删除 open_license。",
            "open_license.type",
        )
        return
    yield from _fee(source, block)
    yield from _dates(source, block, d.get("ip", {}), today)
    if block["all_patentees_consent"] is not True:
        yield diag(
            source,
            (BLOCK, "all_patentees_consent"),
            "开放许可声明须经全体专利权人同意（共有专利尤其如此）：取得同意后填 true，否则不能声明。",
            "open_license.consent",
        )
    kind = d.get("ip", {}).get("patent_kind")
    if kind in NEEDS_REPORT and "evaluation_report" not in block:
        yield diag(
            source,
            (BLOCK,),
            f"{NEEDS_REPORT[kind]}专利声明开放许可须提供专利权评价报告（专利法第五十条）：请填写 evaluation_report 的 number 和 issued_on。",
            "open_license.report",
        )
    exclusive = [k for k in d["transfer"].get("license_kinds", []) if k in ("exclusive", "sole")]
    if exclusive:
        names = "、".join(LICENSE_KIND_LABELS[k] for k in exclusive)
        yield diag(
            source,
            ("transfer", "license_kinds"),
            f"已声明开放许可的专利不得再给予独占或排他许可（专利法第五十一条）：请从许可类型中删除{names}，或撤回开放许可声明。",
            "open_license.exclusive",
        )


def _fee(source: Source, block: dict) -> Iterator[Diagnostic]:
    caps = rules()["caps"]
    mode = block["fee_mode"]
    needed = {"lump_sum": ["lump_sum_cny"], "royalty": ["royalty_basis", "royalty_percent"]}
    needed["entry_plus_royalty"] = ["entry_fee_cny", *needed["royalty"]]
    for key in needed[mode]:
        if key not in block:
            yield diag(
                source,
                (BLOCK,),
                f"使用费支付方式为“{OPEN_FEE_MODE_LABELS[mode]}”，须填写“{_title(key)}”（{key}），与公告的许可使用费标准一致。",
                "open_license.fee",
            )
    for key in ("lump_sum_cny", "entry_fee_cny"):
        if isinstance(block.get(key), int) and block[key] > caps["fixed_fee_cny"]:
            yield diag(
                source,
                (BLOCK, key),
                f"固定许可使用费一般不高于 {caps['fixed_fee_cny'] // 10000} 万元（{rules()['source']}），现为 {block[key] / 10000:.12g} 万元：请核对。",
                "open_license.cap",
            )
    basis, percent = block.get("royalty_basis"), block.get("royalty_percent")
    if basis in caps["royalty_percent"] and isinstance(percent, int | float) and percent > caps["royalty_percent"][basis]:
        what = ROYALTY_BASIS_LABELS[str(basis)]
        yield diag(
            source,
            (BLOCK, "royalty_percent"),
            f"以{what}提成的开放许可使用费一般不高于{what}的 {caps['royalty_percent'][basis]}%（{rules()['source']}），现为 {percent:g}%：请核对。",
            "open_license.cap",
        )


def _dates(source: Source, block: dict, ip: dict, today: dt.date) -> Iterator[Diagnostic]:
    announced, start, end = (parse_day(block[k]) for k in ("announced_on", "term_from", "term_to"))
    in_force = dt.date.fromisoformat(rules()["law_in_force"])
    if announced and announced < in_force:
        yield diag(
            source,
            (BLOCK, "announced_on"),
            f"开放许可制度自 {in_force} 起施行，公告日 {announced} 早于此日：请核对公告号和公告日。",
            "open_license.dates",
        )
    if announced and announced > today:
        yield diag(
            source,
            (BLOCK, "announced_on"),
            f"公告日 {announced} 晚于今天：请在国家知识产权局公告后再填写。",
            "open_license.dates",
        )
    if start and end and (end - start).days < rules()["min_term_days"]:
        yield diag(
            source,
            (BLOCK, "term_to"),
            f"开放许可期限应不少于一年，现为 {start} 至 {end}：请延长许可期限止日。",
            "open_license.term",
        )
    expiry = legal_term_end("patent", ip.get("patent_kind"), ip.get("filed_on")) if parse_day(ip.get("filed_on")) else None
    expiry = expiry or (ip.get("expires_on") if parse_day(ip.get("expires_on")) else None)
    if end and expiry and end > dt.date.fromisoformat(expiry):
        yield diag(
            source,
            (BLOCK, "term_to"),
            f"许可期限止日 {end} 晚于专利权届满日 {expiry}：开放许可不能超出专利有效期，请改为 {expiry} 或更早。",
            "open_license.term",
        )


def check_open_license_deals(loaded: LoadedCatalog, codes: dict[str, Source], today: dt.date) -> Iterator[Diagnostic]:
    """An open licence cannot stand beside an exclusive or sole licence in force (art. 51). Only a
    deal its own schema accepts is read (the deal's checks report the rest)."""
    for rel, deal in sorted(loaded.deals.items()):
        data = deal.data
        if not isinstance(data, dict) or data.get("license_kind") not in ("exclusive", "sole"):
            continue
        records = data.get("records")
        declared = [
            codes[code]
            for code in (records if isinstance(records, list) else [])
            if isinstance(code, str) and code in codes and isinstance(codes[code].data.get(BLOCK), dict)
        ]
        if not declared or list(check_schema("deal", deal)) or deal_state(data, today).terminated:
            continue
        kind = LICENSE_KIND_LABELS[data["license_kind"]]
        for source in declared:
            yield diag(
                source,
                (BLOCK,),
                f"本专利有仍在履行的{kind}合同（{rel}，{data['contract_no']}），不得声明开放许可（专利法第五十一条）：请撤回开放许可声明或先终止该合同。",
                "open_license.exclusive",
            )
