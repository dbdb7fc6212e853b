"""The rules a schema cannot express, one function each. Pure: they read loaded sources and return diagnostics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from xyhf.source.discover import LoadedCatalog
from xyhf.domain.codes import code_problem, code_type, is_need_code, need_code_problem
from xyhf.domain.law import legal_term_end
from xyhf.domain.placeholders import placeholder_fields
from xyhf.source.edit import insert_code
from xyhf.errors import Diagnostic, Severity
from xyhf.domain.identifiers import (
    normalize_ip_number,
    org_code_is_valid,
    patent_number_problem,
    registration_number_problem,
    uscc_check_char,
    uscc_is_valid,
    ipc_is_valid,
)
from xyhf.source.yaml_loader import PathKey, Source
from xyhf.validate.base import diag, parse_day
from xyhf.validate.legal import check_legal_status
from xyhf.validate.open_license import check_open_license
from xyhf.validate.schema import check_schema
from xyhf.validate.text import all_ordinary, text_problems

EARLIEST_YEAR = 1985  # the Patent Law took effect on 1985-04-01; no admitted IP is older
PROBE_CODE = "HNXY-2026-ZL-00001-0"  # any well-formed code: only the file's layout is being tested


def check_holder(holder_id: str, source: Source) -> Iterator[Diagnostic]:
    uscc = source.data.get("uscc")
    if isinstance(uscc, str) and len(uscc) == 18 and not uscc_is_valid(uscc):
        try:
            expected = uscc_check_char(uscc[:17])
            hint = f"按 GB 32100-2015 计算，第 18 位应为 {expected}，而不是 {uscc[17]}"
        except ValueError:
            hint = "含有统一社会信用代码不使用的字母（I、O、S、V、Z）"
        yield diag(source, ("uscc",), f"统一社会信用代码校验不通过：{hint}。请对照法人证书逐位核对（常见是抄错一位）。", "uscc")
    elif isinstance(uscc, str) and uscc_is_valid(uscc) and not org_code_is_valid(uscc[8:17]):
        yield diag(
            source,
            ("uscc",),
            "统一社会信用代码第 9–17 位（组织机构代码）的校验位不符，请核对（仅作提示）。",
            "uscc.org",
            Severity.WARNING,
        )


_PAST_DATES = [
    ("ip", "filed_on"),
    ("ip", "granted_on"),
    ("appraisal", "date"),
    ("funding", "accepted_on"),
    ("listed_on",),
    ("status_since",),
    ("ip", "status_checked_on"),
]


def _value(data: dict, path: PathKey) -> object:
    node: object = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def check_record_dates(source: Source, today: dt.date) -> Iterator[Diagnostic]:
    days: dict[PathKey, dt.date] = {}
    for path in _PAST_DATES + [("ip", "expires_on")]:
        day = parse_day(_value(source.data, path))
        if day is None:
            continue
        days[path] = day
        if day.year < EARLIEST_YEAR:
            yield diag(
                source,
                path,
                f"日期 {day} 早于 {EARLIEST_YEAR} 年（我国专利法施行之前），不可能是本成果的日期，请核对。",
                "dates.range",
            )
        elif path != ("ip", "expires_on") and day > today:
            yield diag(source, path, f"日期 {day} 晚于今天（{today}），不能是将来的日期，请核对。", "dates.future")
        elif day.year > today.year + 50:
            yield diag(source, path, f"有效期至 {day} 超过 50 年，任何知识产权都没有这么长的保护期，请核对。", "dates.range")
    filed, granted, listed = days.get(("ip", "filed_on")), days.get(("ip", "granted_on")), days.get(("listed_on",))
    if filed and granted and granted < filed:
        yield diag(source, ("ip", "granted_on"), f"授权/登记日 {granted} 早于申请日 {filed}，请核对两个日期。", "dates.order")
    if granted and listed and listed < granted:
        yield diag(
            source, ("listed_on",), f"入库日期 {listed} 早于授权/登记日 {granted}：成果须已授权才能入库，请核对。", "dates.order"
        )


def check_placeholders(source: Source) -> Iterator[Diagnostic]:
    for path, label in placeholder_fields(source.data):
        yield diag(source, path, f"“{label}”还是 xyhf new 模板里的示例内容：请改成本成果的实际情况后再提交。", "template")


def check_code_insertable(source: Source) -> Iterator[Diagnostic]:
    """A record without a code will get one on main; make sure its layout lets that happen cleanly."""
    if "code" in source.data or source.path.suffix != ".yaml":
        return
    try:
        text = source.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # the loader has already reported an unreadable file
    if insert_code(text, PROBE_CODE) is None:
        yield diag(
            source,
            (),
            "本文件的写法无法自动写入统一编码：请用块格式书写，每行一个“键: 值”，"
            "顶层的键顶格对齐（可参考 xyhf new 生成的模板）。",
            "layout",
        )


def check_text(source: Source) -> Iterator[Diagnostic]:
    if all_ordinary(source.data):
        return
    for path, message in text_problems(source.data):
        yield diag(source, path, message, "text")


def check_record_ip(source: Source) -> Iterator[Diagnostic]:
    d = source.data
    ip = d.get("ip") if isinstance(d.get("ip"), dict) else {}
    number, rtype = ip.get("number"), d.get("type")
    if isinstance(number, str):
        if rtype == "patent":
            filed = parse_day(ip.get("filed_on"))
            problem = patent_number_problem(number, ip.get("patent_kind"), filed.year if filed else None)
            if problem:
                yield diag(source, ("ip", "number"), problem, "ip.patent_number")
        elif isinstance(rtype, str):
            found = registration_number_problem(rtype, number)
            if found:
                severity = Severity.ERROR if found[0] == "error" else Severity.WARNING
                yield diag(source, ("ip", "number"), found[1], "ip.number_format", severity)
    for i, symbol in enumerate(d.get("ipc") or []):
        if isinstance(symbol, str) and not ipc_is_valid(symbol):
            yield diag(
                source,
                ("ipc", i),
                f"IPC 分类号格式不对：{symbol}。应为“部类+两位数字+小类字母 大组/小组”，如 C23C 4/06 或 G06F 16/33。",
                "ipc.format",
            )


def check_record_expiry(source: Source, today: dt.date, is_new: bool) -> Iterator[Diagnostic]:
    d = source.data
    ip = d.get("ip") if isinstance(d.get("ip"), dict) else {}
    end = legal_term_end(d.get("type", ""), ip.get("patent_kind"), ip.get("filed_on")) if parse_day(ip.get("filed_on")) else None
    end = end or (ip.get("expires_on") if parse_day(ip.get("expires_on")) else None)
    if end and dt.date.fromisoformat(end) < today:
        if is_new:
            yield diag(source, ("ip",), f"知识产权已于 {end} 到期，不再受保护，不能作为新成果入库。", "ip.expired")
        elif d.get("status") not in ("withdrawn", "licensed"):
            yield diag(
                source, ("ip",), f"知识产权已于 {end} 到期，请将状态改为 withdrawn（撤回）。", "ip.expired", Severity.WARNING
            )


def check_ip_duplicates(records: dict[str, Source]) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for rel, source in sorted(records.items()):
        ip = source.data.get("ip")
        number = ip.get("number") if isinstance(ip, dict) else None
        if not isinstance(number, str):
            continue
        key = normalize_ip_number(number)
        if key in first:
            yield diag(
                source,
                ("ip", "number"),
                f"同一知识产权 {number} 已登记在 {first[key]}，同一成果只能入库一次；如是更新，请修改原记录。",
                "ip.duplicate",
            )
        else:
            first[key] = rel


def ledger_entries(loaded: LoadedCatalog) -> list[dict]:
    if loaded.ledger is None:
        return []
    codes = loaded.ledger.data.get("codes")
    return [e for e in codes if isinstance(e, dict)] if isinstance(codes, list) else []


def any_code_problem(code: str) -> str | None:
    """A record code (HNXY-…) or a need code (HNXQ-…), each checked by its own form."""
    return need_code_problem(code) if is_need_code(code) else code_problem(code)


def check_codes(loaded: LoadedCatalog) -> Iterator[Diagnostic]:
    ledger = loaded.ledger
    entries = ledger_entries(loaded)
    issued: dict[str, dict] = {}
    well_formed: set[str] = set()  # ledger codes any_code_problem accepts: not judged again below
    for i, entry in enumerate(entries):
        code = entry.get("code")
        if not isinstance(code, str):
            continue
        problem = any_code_problem(code)
        if not problem:
            well_formed.add(code)
        if problem and ledger:
            yield diag(ledger, ("codes", i, "code"), problem + " 台账只能由 xyhf assign-codes 写入。", "codes.ledger")
        if code in issued and ledger:
            yield diag(
                ledger, ("codes", i, "code"), f"台账中编码 {code} 重复。台账只能由 xyhf assign-codes 写入。", "codes.ledger"
            )
        issued[code] = entry
    seen: dict[str, str] = {}
    for rel, source in sorted({**loaded.records, **loaded.needs}.items()):
        code = source.data.get("code")
        if not isinstance(code, str):
            continue
        as_need = rel.startswith("needs/")
        if code in well_formed and as_need == is_need_code(code):  # the same check, already passed
            problem = None
        else:
            problem = need_code_problem(code) if as_need else code_problem(code)
        if problem:
            yield diag(source, ("code",), problem, "codes.form")
            continue
        if code not in issued:
            yield diag(
                source,
                ("code",),
                f"编码 {code} 不在台账 codes.yaml 中：编码只能由主分支上的 xyhf assign-codes 签发。请删除 code 这一行。",
                "codes.unissued",
            )
        if code in seen:
            yield diag(
                source,
                ("code",),
                f"编码 {code} 已被 {seen[code]} 使用：一个编码只属于一项成果。请删除本文件的 code 行。",
                "codes.duplicate",
            )
        seen[code] = rel
        rtype = source.data.get("type")
        if rel.startswith("records/") and isinstance(rtype, str) and code_type(code) != rtype:
            yield diag(
                source,
                ("type",),
                f"类型与统一编码 {code} 不符：编码签发后不能改类型。请撤回本记录（status: withdrawn），另提交一条新记录。",
                "codes.type",
            )
    if ledger:
        for i, entry in enumerate(entries):
            code = entry.get("code")
            if isinstance(code, str) and code not in seen and code in well_formed:
                yield diag(
                    ledger,
                    ("codes", i),
                    f"已签发编码 {code} 的记录（{entry.get('path')}）不见了：已入库记录不能删除。"
                    "请恢复该文件；如不再推广，把 status 改为 withdrawn。",
                    "codes.deleted",
                )


def check_promotions(loaded: LoadedCatalog, today: dt.date) -> Iterator[Diagnostic]:
    by_code = {s.data.get("code"): s for s in loaded.records.values() if isinstance(s.data.get("code"), str)}
    for year, source in sorted(loaded.promotions.items()):
        d = source.data
        if isinstance(d.get("year"), int) and str(d["year"]) != year:
            yield diag(source, ("year",), f"年度 {d['year']} 与文件名 {year}.yaml 不一致，请改成一致。", "promotion.year")
        seen: set[str] = set()
        for i, entry in enumerate(d.get("entries") or []):
            code = entry.get("code") if isinstance(entry, dict) else None
            if not isinstance(code, str):
                continue
            if code in seen:
                yield diag(source, ("entries", i, "code"), f"编码 {code} 在目录中重复出现。", "promotion.duplicate")
            seen.add(code)
            record = by_code.get(code)
            if record is None:
                yield diag(
                    source,
                    ("entries", i, "code"),
                    f"成果库中没有编码为 {code} 的成果，请从成果页面复制编码。",
                    "promotion.unknown",
                )
                continue
            status = record.data.get("status")
            if status not in ("available", "negotiating"):
                current = isinstance(d.get("year"), int) and d["year"] >= today.year
                yield diag(
                    source,
                    ("entries", i, "code"),
                    f"成果 {code} 的状态是 {status}：入选推广目录的成果须为 available（可转化）或 negotiating（洽谈中）。",
                    "promotion.status",
                    Severity.ERROR if current else Severity.WARNING,
                )


def check_record(source: Source, today: dt.date, is_new: bool) -> list[Diagnostic]:
    """Every per-record check: the schema and the text rules, then (on schema-valid data only, so
    no rule meets a shape it cannot read) the rules a schema cannot express. Also used by the
    Excel and issue importers, whose records are new by definition."""
    found = list(check_schema("record", source)) + list(check_text(source))
    if found:
        return found
    return [
        *check_record_dates(source, today),
        *check_record_ip(source),
        *check_record_expiry(source, today, is_new),
        *check_open_license(source, today),
        *check_legal_status(source),
        *check_placeholders(source),
        *check_code_insertable(source),
    ]


def check_file(kind: str, source: Source) -> list[Diagnostic]:
    """Schema and text rules for the files that have no rules of their own beyond those."""
    return list(check_schema(kind, source)) + list(check_text(source))


def checked_file(loaded: LoadedCatalog, kind: str, rel: str, source: Source) -> list[Diagnostic]:
    """check_file's findings for a file of the catalog: made while loading where the loader did."""
    found = loaded.file_findings.get(rel)
    return list(found) if found is not None else check_file(kind, source)


def check_uscc_duplicates(loaded: LoadedCatalog) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for holder_id, source in sorted(loaded.holders.items()):
        uscc = source.data.get("uscc")
        if isinstance(uscc, str):
            if uscc in first:
                yield diag(
                    source,
                    ("uscc",),
                    f"统一社会信用代码与持有方 {first[uscc]} 相同：一个单位只建一个持有方文件。",
                    "uscc.duplicate",
                )
            first.setdefault(uscc, holder_id)
