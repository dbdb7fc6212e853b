"""Validation: the JSON Schemas, then the rules a schema cannot express. Returns diagnostics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from xyhf.source.discover import LoadedCatalog
from xyhf.domain.codes import code_problem, code_type
from xyhf.enrich import legal_term_end
from xyhf.errors import Diagnostic, Severity
from xyhf.domain.identifiers import (normalize_ip_number, org_code_is_valid, patent_number_problem,
                          registration_number_problem, uscc_check_char, uscc_is_valid, ipc_is_valid)
from xyhf.source.yaml_loader import PathKey, Source, field_name
from xyhf.validate.schema import check_schema

Rule = Callable[..., Iterable[Diagnostic]]


def _diag(source: Source, path: PathKey, message: str, rule: str,
          severity: Severity = Severity.ERROR) -> Diagnostic:
    line, col = source.position(path)
    return Diagnostic(source.display, line, col, field_name(path), message, rule=rule, severity=severity)


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check_holder(holder_id: str, source: Source) -> Iterator[Diagnostic]:
    uscc = source.data.get("uscc")
    if isinstance(uscc, str) and len(uscc) == 18 and not uscc_is_valid(uscc):
        try:
            expected = uscc_check_char(uscc[:17])
            hint = f"按 GB 32100-2015 计算，第 18 位应为 {expected}，而不是 {uscc[17]}"
        except ValueError:
            hint = "含有统一社会信用代码不使用的字母（I、O、S、V、Z）"
        yield _diag(source, ("uscc",), f"统一社会信用代码校验不通过：{hint}。请对照法人证书逐位核对（常见是抄错一位）。", "uscc")
    elif isinstance(uscc, str) and uscc_is_valid(uscc) and not org_code_is_valid(uscc[8:17]):
        yield _diag(source, ("uscc",), "统一社会信用代码第 9–17 位（组织机构代码）的校验位不符，请核对（仅作提示）。",
                    "uscc.org", Severity.WARNING)


def check_record_dates(source: Source, today: dt.date) -> Iterator[Diagnostic]:
    d = source.data
    dated: list[tuple[PathKey, dt.date]] = []
    for path in [("ip", "filed_on"), ("ip", "granted_on"), ("appraisal", "date"), ("funding", "accepted_on"),
                 ("listed_on",), ("status_since",)]:
        node = d
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        day = _date(node)
        if day:
            dated.append((path, day))
            if day > today:
                yield _diag(source, path, f"日期 {day} 晚于今天（{today}），不能是将来的日期，请核对。", "dates.future")
    days = dict(dated)
    filed, granted, listed = days.get(("ip", "filed_on")), days.get(("ip", "granted_on")), days.get(("listed_on",))
    if filed and granted and granted < filed:
        yield _diag(source, ("ip", "granted_on"), f"授权/登记日 {granted} 早于申请日 {filed}，请核对两个日期。", "dates.order")
    if granted and listed and listed < granted:
        yield _diag(source, ("listed_on",), f"入库日期 {listed} 早于授权/登记日 {granted}：成果须已授权才能入库，请核对。", "dates.order")
    if filed and filed.year < 1985:
        yield _diag(source, ("ip", "filed_on"), "申请日早于 1985 年（我国专利制度施行之前），请核对。", "dates.range")


def check_record_ip(source: Source) -> Iterator[Diagnostic]:
    d = source.data
    ip = d.get("ip") if isinstance(d.get("ip"), dict) else {}
    number, rtype = ip.get("number"), d.get("type")
    if isinstance(number, str):
        if rtype == "patent":
            filed = _date(ip.get("filed_on"))
            problem = patent_number_problem(number, ip.get("patent_kind"), filed.year if filed else None)
            if problem:
                yield _diag(source, ("ip", "number"), problem, "ip.patent_number")
        elif isinstance(rtype, str):
            found = registration_number_problem(rtype, number)
            if found:
                severity = Severity.ERROR if found[0] == "error" else Severity.WARNING
                yield _diag(source, ("ip", "number"), found[1], "ip.number_format", severity)
    for i, symbol in enumerate(d.get("ipc") or []):
        if isinstance(symbol, str) and not ipc_is_valid(symbol):
            yield _diag(source, ("ipc", i),
                        f"IPC 分类号格式不对：{symbol}。应为“部类+两位数字+小类字母 大组/小组”，如 C23C 4/06 或 G06F 16/33。",
                        "ipc.format")


def check_record_expiry(source: Source, today: dt.date, is_new: bool) -> Iterator[Diagnostic]:
    d = source.data
    ip = d.get("ip") if isinstance(d.get("ip"), dict) else {}
    end = legal_term_end(d.get("type", ""), ip.get("patent_kind"), ip.get("filed_on")) if _date(ip.get("filed_on")) else None
    end = end or (ip.get("expires_on") if _date(ip.get("expires_on")) else None)
    if end and dt.date.fromisoformat(end) < today:
        if is_new:
            yield _diag(source, ("ip",), f"知识产权已于 {end} 到期，不再受保护，不能作为新成果入库。", "ip.expired")
        elif d.get("status") not in ("withdrawn", "licensed"):
            yield _diag(source, ("ip",), f"知识产权已于 {end} 到期，请将状态改为 withdrawn（撤回）。",
                        "ip.expired", Severity.WARNING)


def check_ip_duplicates(records: dict[str, Source]) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for rel, source in sorted(records.items()):
        ip = source.data.get("ip")
        number = ip.get("number") if isinstance(ip, dict) else None
        if not isinstance(number, str):
            continue
        key = normalize_ip_number(number)
        if key in first:
            yield _diag(source, ("ip", "number"),
                        f"同一知识产权 {number} 已登记在 {first[key]}，同一成果只能入库一次；如是更新，请修改原记录。",
                        "ip.duplicate")
        else:
            first[key] = rel


def _ledger_entries(loaded: LoadedCatalog) -> list[dict]:
    if loaded.ledger is None:
        return []
    codes = loaded.ledger.data.get("codes")
    return [e for e in codes if isinstance(e, dict)] if isinstance(codes, list) else []


def check_codes(loaded: LoadedCatalog) -> Iterator[Diagnostic]:
    ledger = loaded.ledger
    entries = _ledger_entries(loaded)
    issued: dict[str, dict] = {}
    for i, entry in enumerate(entries):
        code = entry.get("code")
        if not isinstance(code, str):
            continue
        problem = code_problem(code)
        if problem and ledger:
            yield _diag(ledger, ("codes", i, "code"), problem + " 台账只能由 xyhf assign-codes 写入。", "codes.ledger")
        if code in issued and ledger:
            yield _diag(ledger, ("codes", i, "code"), f"台账中编码 {code} 重复。台账只能由 xyhf assign-codes 写入。", "codes.ledger")
        issued[code] = entry
    seen: dict[str, str] = {}
    for rel, source in sorted(loaded.records.items()):
        code = source.data.get("code")
        if not isinstance(code, str):
            continue
        problem = code_problem(code)
        if problem:
            yield _diag(source, ("code",), problem, "codes.form")
            continue
        if code not in issued:
            yield _diag(source, ("code",),
                        f"编码 {code} 不在台账 codes.yaml 中：编码只能由主分支上的 xyhf assign-codes 签发。请删除 code 这一行。",
                        "codes.unissued")
        if code in seen:
            yield _diag(source, ("code",), f"编码 {code} 已被 {seen[code]} 使用：一个编码只属于一项成果。请删除本文件的 code 行。",
                        "codes.duplicate")
        seen[code] = rel
        rtype = source.data.get("type")
        if isinstance(rtype, str) and code_type(code) != rtype:
            yield _diag(source, ("type",),
                        f"类型与统一编码 {code} 不符：编码签发后不能改类型。请撤回本记录（status: withdrawn），另提交一条新记录。",
                        "codes.type")
    if ledger:
        for i, entry in enumerate(entries):
            code = entry.get("code")
            if isinstance(code, str) and code not in seen and not code_problem(code):
                yield _diag(ledger, ("codes", i),
                            f"已签发编码 {code} 的记录（{entry.get('path')}）不见了：已入库记录不能删除。"
                            "请恢复该文件；如不再推广，把 status 改为 withdrawn。", "codes.deleted")


def check_promotions(loaded: LoadedCatalog, today: dt.date) -> Iterator[Diagnostic]:
    by_code = {s.data.get("code"): s for s in loaded.records.values() if isinstance(s.data.get("code"), str)}
    for year, source in sorted(loaded.promotions.items()):
        d = source.data
        if isinstance(d.get("year"), int) and str(d["year"]) != year:
            yield _diag(source, ("year",), f"年度 {d['year']} 与文件名 {year}.yaml 不一致，请改成一致。", "promotion.year")
        seen: set[str] = set()
        for i, entry in enumerate(d.get("entries") or []):
            code = entry.get("code") if isinstance(entry, dict) else None
            if not isinstance(code, str):
                continue
            if code in seen:
                yield _diag(source, ("entries", i, "code"), f"编码 {code} 在目录中重复出现。", "promotion.duplicate")
            seen.add(code)
            record = by_code.get(code)
            if record is None:
                yield _diag(source, ("entries", i, "code"), f"成果库中没有编码为 {code} 的成果，请从成果页面复制编码。",
                            "promotion.unknown")
                continue
            status = record.data.get("status")
            if status not in ("available", "negotiating"):
                current = isinstance(d.get("year"), int) and d["year"] >= today.year
                yield _diag(source, ("entries", i, "code"),
                            f"成果 {code} 的状态是 {status}：入选推广目录的成果须为 available（可转化）或 negotiating（洽谈中）。",
                            "promotion.status", Severity.ERROR if current else Severity.WARNING)


def check_record(source: Source, today: dt.date, is_new: bool) -> list[Diagnostic]:
    """Every per-record check: the schema, then the rules it cannot express. Also used by the
    Excel and issue importers, whose records are new by definition."""
    return (list(check_schema("record", source)) + _safe(check_record_dates, source, today)
            + _safe(check_record_ip, source) + _safe(check_record_expiry, source, today, is_new))


def validate_catalog(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    """Every diagnostic of the catalog; nothing is raised, nothing is written."""
    out: list[Diagnostic] = list(loaded.diagnostics)
    issued_codes = {e.get("code") for e in _ledger_entries(loaded)}
    for holder_id, source in loaded.holders.items():
        out.extend(check_schema("holder", source))
        out.extend(check_holder(holder_id, source))
    for rel, source in loaded.records.items():
        holder_id = rel.split("/")[1]
        if holder_id not in loaded.holders:
            out.append(_diag(source, (), f"没有持有方 {holder_id}：目录 records/{holder_id}/ 须与 holders/{holder_id}.yaml 对应。"
                                         "请先提交持有方文件，或把记录放到本单位的目录下。", "holder.missing"))
        out.extend(check_record(source, today, is_new=source.data.get("code") not in issued_codes))
    for source in loaded.promotions.values():
        out.extend(check_schema("promotion", source))
    if loaded.ledger is not None:
        out.extend(check_schema("codes", loaded.ledger))
    if loaded.settings is not None:
        out.extend(check_schema("settings", loaded.settings))
    out.extend(check_ip_duplicates(loaded.records))
    out.extend(_uscc_duplicates(loaded))
    out.extend(check_codes(loaded))
    out.extend(check_promotions(loaded, today))
    return out


def _uscc_duplicates(loaded: LoadedCatalog) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for holder_id, source in sorted(loaded.holders.items()):
        uscc = source.data.get("uscc")
        if isinstance(uscc, str):
            if uscc in first:
                yield _diag(source, ("uscc",), f"统一社会信用代码与持有方 {first[uscc]} 相同：一个单位只建一个持有方文件。", "uscc.duplicate")
            first.setdefault(uscc, holder_id)


def _safe(rule: Rule, *args) -> list[Diagnostic]:
    """Semantic rules also run on records with schema errors; a shape they cannot read is skipped,
    since the schema check has already reported it."""
    try:
        return list(rule(*args))
    except (TypeError, ValueError, AttributeError, KeyError):
        return []
