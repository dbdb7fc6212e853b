"""Rules for deals (signed 先用后付 contracts) that a schema cannot express. Pure: loaded sources in,
diagnostics out. Semantic rules run only on deals whose schema check passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from xyhf.domain.contracts import contract_key, contract_slug
from xyhf.domain.identifiers import uscc_check_char, uscc_is_valid
from xyhf.errors import Diagnostic
from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.base import diag, parse_day
from xyhf.validate.rules import EARLIEST_YEAR, checked_file

PAYING_KINDS = ("milestone_met", "paid", "waived")  # events that name a node of the plan
BINDING_KINDS = ("exclusive", "sole")  # licences that take a record off the market


def _codes(loaded: LoadedCatalog) -> dict[str, tuple[str, Source]]:
    """Record code → (holder id, record source)."""
    out = {}
    for rel, source in loaded.records.items():
        code = source.data.get("code")
        if isinstance(code, str):
            out[code] = (rel.split("/")[1], source)
    return out


def check_licensee(source: Source) -> Iterator[Diagnostic]:
    uscc = source.data["licensee"]["uscc"]
    if not uscc_is_valid(uscc):
        expected = uscc_check_char(uscc[:17])
        yield diag(
            source,
            ("licensee", "uscc"),
            f"承接方统一社会信用代码校验不通过：第 18 位应为 {expected}，而不是 {uscc[17]}。请对照营业执照逐位核对。",
            "deal.uscc",
        )


def check_deal_records(source: Source, holder_id: str, codes: dict, today: dt.date) -> Iterator[Diagnostic]:
    signed = parse_day(source.data["signed_on"])
    if signed and signed > today:
        yield diag(source, ("signed_on",), f"签订日期 {signed} 晚于今天（{today}），请核对。", "deal.dates")
    if signed and signed.year < EARLIEST_YEAR:
        yield diag(source, ("signed_on",), f"签订日期 {signed} 早于 {EARLIEST_YEAR} 年，请核对。", "deal.dates")
    for i, code in enumerate(source.data["records"]):
        if code not in codes:
            yield diag(source, ("records", i), f"成果库中没有编码为 {code} 的成果：请从成果页面复制统一编码。", "deal.record")
            continue
        owner, record = codes[code]
        if owner != holder_id:
            yield diag(
                source,
                ("records", i),
                f"成果 {code} 属于持有方 {owner}，不是 {holder_id}：合同文件请放在 deals/{owner}/ 下，或只列本单位的成果。",
                "deal.record",
            )
        listed = parse_day(record.data.get("listed_on"))
        if signed and listed and signed < listed:
            yield diag(
                source,
                ("signed_on",),
                f"签订日期 {signed} 早于成果 {code} 的入库日期 {listed}：先用后付合同须在成果入库后签订。",
                "deal.dates",
            )


def check_events(source: Source, today: dt.date) -> Iterator[Diagnostic]:
    data = source.data
    signed = parse_day(data["signed_on"])
    nodes = {m["node"] for m in data["payment"].get("milestones", [])}
    previous: dt.date | None = None
    for i, event in enumerate(data.get("events", [])):
        day = parse_day(event["date"])
        if day is None:
            continue
        if day > today:
            yield diag(source, ("events", i, "date"), f"履约记录日期 {day} 晚于今天：只记录已经发生的事。", "deal.events")
        if signed and day < signed:
            yield diag(source, ("events", i, "date"), f"履约记录日期 {day} 早于签订日期 {signed}，请核对。", "deal.events")
        if previous and day < previous:
            yield diag(
                source,
                ("events", i, "date"),
                f"履约记录须按日期先后排列：{day} 排在 {previous} 之后。新记录请加在末尾。",
                "deal.events",
            )
        previous = day
        if event["kind"] in PAYING_KINDS and data["payment"]["model"] == "milestone":
            node = event.get("node")
            if node is None:
                yield diag(source, ("events", i), f"{event['kind']} 记录要写明节点 node（合同约定的里程碑之一）。", "deal.events")
            elif node not in nodes:
                yield diag(
                    source,
                    ("events", i, "node"),
                    f"合同的付款约定里没有节点 {node}：可选 {'、'.join(sorted(nodes))}。",
                    "deal.events",
                )
        if event["kind"] == "paid" and "amount_cny" not in event:
            yield diag(source, ("events", i), "paid（已付款）记录要写明金额 amount_cny。", "deal.events")
        if event["kind"] == "amended" and not str(event.get("note", "")).strip():
            yield diag(
                source,
                ("events", i),
                "amended（更正）记录要在 note 里写明改了什么及依据（如补充协议编号）：合同编号、承接方和付款约定只能这样更改。",
                "deal.events",
            )


def check_contract_numbers(deals: dict[str, Source]) -> Iterator[Diagnostic]:
    """A contract is registered once: numbers are compared by their key (xyhf/domain/contracts.py), and
    two different numbers may not share a slug, or one's page and calendar would overwrite the other's."""
    first: dict[str, str] = {}
    slugs: dict[str, tuple[str, str]] = {}
    for rel, source in sorted(deals.items()):
        number = source.data.get("contract_no")
        if not isinstance(number, str):
            continue
        key, slug = contract_key(number), contract_slug(number)
        if key in first:
            yield diag(
                source,
                ("contract_no",),
                f"合同编号 {number} 已用于 {first[key]}：同一合同只登记一次（比较时不计全角半角、大小写、连字符、斜杠和空格），"
                "如是补充协议请在原文件追加 amended 记录。",
                "deal.contract_no",
            )
        elif slug in slugs:
            other, other_rel = slugs[slug]
            yield diag(
                source,
                ("contract_no",),
                f"合同编号 {number} 与 {other_rel} 的 {other} 只差标点，网页地址会相同（cases/{slug}/）："
                "请核对是否同一合同；如不是，请按合同原件写全编号（不要用“.”“_”等代替连字符）。",
                "deal.contract_slug",
            )
        first.setdefault(key, rel)
        slugs.setdefault(slug, (number, rel))


def check_binding_licences(loaded: LoadedCatalog, valid: dict[str, Source], codes: dict) -> Iterator[Diagnostic]:
    """A record transferred or under a signed exclusive/sole licence is no longer `available`."""
    for rel, source in sorted(valid.items()):
        data = source.data
        if any(e["kind"] == "terminated" for e in data.get("events", [])):
            continue
        binding = data["mode"] == "transfer" or data.get("license_kind") in BINDING_KINDS
        for code in data["records"] if binding else []:
            record = codes.get(code, (None, None))[1]
            if record is not None and record.data.get("status") == "available":
                what = (
                    "转让" if data["mode"] == "transfer" else {"exclusive": "排他许可", "sole": "独占许可"}[data["license_kind"]]
                )
                yield diag(
                    record,
                    ("status",),
                    f"本成果已以{what}签约（{rel}，合同 {data['contract_no']}），不能再是 available："
                    "请把 status 改为 licensed（已转化）。",
                    "deal.status",
                )


def validate_deals(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    codes = _codes(loaded)
    valid: dict[str, Source] = {}
    for rel, source in sorted(loaded.deals.items()):
        holder_id = rel.split("/")[1]
        found = checked_file(loaded, "deal", rel, source)
        if holder_id not in loaded.holders:
            found.append(
                diag(
                    source,
                    (),
                    f"没有持有方 {holder_id}：目录 deals/{holder_id}/ 须与 holders/{holder_id}.yaml 对应。",
                    "holder.missing",
                )
            )
        if not found:
            found = [*check_licensee(source), *check_deal_records(source, holder_id, codes, today), *check_events(source, today)]
            valid[rel] = source
        out.extend(found)
    out.extend(check_contract_numbers(loaded.deals))
    out.extend(check_binding_licences(loaded, valid, codes))
    return out
