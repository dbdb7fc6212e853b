"""Classification lists and lookups. Tables live in generator/data/*.csv with their sources."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("xyhf").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))


@dataclass(frozen=True)
class TechField:
    id: int
    sector: str
    sector_zh: str
    name_en: str
    name_zh: str


@cache
def tech_fields() -> dict[int, TechField]:
    return {
        int(r["field"]): TechField(int(r["field"]), r["sector"], r["sector_zh"], r["name_en"], r["name_zh"])
        for r in _rows("wipo_fields.csv")
    }


@cache
def _ipc_rules() -> tuple[dict[str, int], list[tuple[str, int, int, int]]]:
    whole: dict[str, int] = {}
    ranges: list[tuple[str, int, int, int]] = []
    for r in _rows("ipc_technology.csv"):
        if r["group_from"]:
            ranges.append((r["subclass"], int(r["group_from"]), int(r["group_to"]), int(r["field"])))
        else:
            whole[r["subclass"]] = int(r["field"])
    return whole, ranges


_IPC_PARTS = re.compile(r"([A-H][0-9]{2}[A-Z])(?: ?([0-9]{1,4})/[0-9]{1,6})?", re.ASCII)


def split_ipc(symbol: str) -> tuple[str, int | None] | None:
    m = _IPC_PARTS.fullmatch(symbol.strip())
    if not m:
        return None
    return m.group(1), (int(m.group(2)) if m.group(2) else None)


def ipc_to_field(symbol: str) -> int | None:
    """WIPO technology field of an IPC symbol: a main-group range beats the whole subclass."""
    parts = split_ipc(symbol)
    if parts is None:
        return None
    subclass, group = parts
    whole, ranges = _ipc_rules()
    if group is not None:
        for sc, lo, hi, field in ranges:
            if sc == subclass and lo <= group <= hi:
                return field
    return whole.get(subclass)


# Types with no IPC of their own fall back to the field their subject matter belongs to.
TYPE_DEFAULT_FIELD = {"software_copyright": 6, "ic_layout": 8, "plant_variety": 18, "biomedical_variety": 16}


def classify_field(record_type: str, ipcs: list[str]) -> int | None:
    for symbol in ipcs:  # the first (main) symbol decides; later ones only if it is unmapped
        field = ipc_to_field(symbol)
        if field is not None:
            return field
    return TYPE_DEFAULT_FIELD.get(record_type)


@cache
def _sei_rules() -> tuple[list[tuple[str, str]], dict[int, str], list[tuple[str, str]]]:
    ipc, field, industry = [], {}, []
    for r in _rows("sei.csv"):
        if r["key_kind"] == "ipc":
            ipc.append((r["key"], r["category"]))
        elif r["key_kind"] == "field":
            field[int(r["key"])] = r["category"]
        else:
            industry.append((r["key"], r["category"]))
    ipc.sort(key=lambda kv: -len(kv[0]))  # longest prefix first
    industry.sort(key=lambda kv: -len(kv[0]))
    return ipc, field, industry


def _ipc_key_matches(key: str, parts: tuple[str, int | None]) -> bool:
    """Whether an IPC symbol, split (split_ipc), falls under a key: a subclass prefix or one main group."""
    subclass, group = parts
    if " " in key:
        key_subclass, key_group = key.split(" ")
        return subclass == key_subclass and group == int(key_group)
    return subclass.startswith(key)


SEI_CATEGORIES = [
    "新一代信息技术",
    "高端装备制造",
    "新材料",
    "生物",
    "新能源汽车",
    "新能源",
    "节能环保",
    "数字创意",
    "相关服务业",
]


def classify_sei(ipcs: list[str], field: int | None, industry: str | None) -> str | None:
    """Strategic-emerging-industry area (2018 list), inferred; None where nothing maps."""
    ipc_rules, field_rules, industry_rules = _sei_rules()
    parts = split_ipc(ipcs[0]) if ipcs else None  # the main symbol decides, split once (not once a rule)
    if parts is not None:
        for key, category in ipc_rules:
            if _ipc_key_matches(key, parts):
                return category
    if industry:
        for key, category in industry_rules:
            if industry.startswith(key):
                return category
    return field_rules.get(field) if field is not None else None


@cache
def trl_labels() -> dict[int, str]:
    return {int(r["level"]): r["label"] for r in _rows("trl.csv")}


@cache
def cities() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _rows("cities.csv")}
