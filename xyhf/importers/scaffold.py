"""`xyhf new`: a record file with every field commented in Chinese, generated from the schema."""

from __future__ import annotations

import datetime as dt
import json

from xyhf.domain.placeholders import TEMPLATE_CONDITION, TEMPLATE_KEYWORDS, TEMPLATE_NUMBER, TEMPLATE_TEXTS, TEMPLATE_TITLE
from xyhf.domain.schemas import load_schema

EXAMPLES = {
    "title": TEMPLATE_TITLE,
    "type": "patent",
    "ip": {
        "number": TEMPLATE_NUMBER,
        "patent_kind": "invention",
        "filed_on": "2020-08-01",
        "granted_on": "2022-03-10",
        "owners": ["{holder_name}"],
    },
    "trl": 6,
    **{key: TEMPLATE_TEXTS[key] for key in ("summary", "applications", "advantages", "licensee_requirements")},
    "keywords": list(TEMPLATE_KEYWORDS),
    "ipc": ["C23C 4/06"],
    "transfer": {"modes": ["license"], "license_kinds": ["open"], "region": "湖南省", "term": "5年"},
    "payment": {
        "model": "milestone",
        "milestones": [
            {"node": "tech_validation", "condition": TEMPLATE_CONDITION, "amount_cny": 50000, "due": "节点达成后 30 日内"}
        ],
        "royalty_percent": 2,
        "settlement": "year",
    },
    "status": "available",
    "listed_on": "{today}",
}


def _comment(schema: dict, root: dict, key: str) -> str:
    node = schema.get("properties", {}).get(key, {})
    if "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    parts = [node.get("title", "")]
    if key in schema.get("required", []):
        parts.append("必填")
    if "enum" in node:
        parts.append("可选：" + " / ".join(node["enum"]))
    items = node.get("items", {})
    if isinstance(items, dict) and "enum" in items:
        parts.append("可选：" + " / ".join(items["enum"]))
    if node.get("description"):
        parts.append(node["description"])
    return "，".join(p for p in parts if p)


def _scalar(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # always quoted: no YAML type surprises
    return json.dumps(value)


def _emit(value, schema: dict, root: dict, indent: int, lines: list[str], key: str | None = None) -> None:
    pad = "  " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            note = _comment(schema, root, k)
            sub = schema.get("properties", {}).get(k, {})
            if "$ref" in sub:
                sub = root["$defs"][sub["$ref"].rsplit("/", 1)[-1]]
            if isinstance(v, (dict, list)):
                lines.append(f"{pad}{k}:  # {note}" if note else f"{pad}{k}:")
                _emit(v, sub, root, indent + 1, lines, k)
            else:
                lines.append(f"{pad}{k}: {_scalar(v)}" + (f"  # {note}" if note else ""))
    elif isinstance(value, list):
        items = schema.get("items", {})
        if "$ref" in items:
            items = root["$defs"][items["$ref"].rsplit("/", 1)[-1]]
        for item in value:
            if isinstance(item, dict):
                first = True
                for k, v in item.items():
                    note = _comment(items, root, k)
                    prefix = f"{pad}- " if first else f"{pad}  "
                    lines.append(f"{prefix}{k}: {_scalar(v)}" + (f"  # {note}" if note else ""))
                    first = False
            else:
                lines.append(f"{pad}- {_scalar(item)}")


def new_record_text(holder_name: str, today: dt.date) -> str:
    root = load_schema("record")
    lines = [
        "# 新成果记录（由 xyhf new 生成）。按注释修改每一项；不需要的可选项可以删除。",
        "# 不要填写 code（统一编码）：合并后由主分支签发。文字请保留引号，尤其是号码和日期。",
        '# 其他类型的写法：software_copyright 的 number 如 "2019SR0322683"；trade_secret 不填 number，',
        "#   但要有 appraisal: {agency, report_no, date}；延期启动支付见提交指南。",
    ]
    example = json.loads(json.dumps(EXAMPLES).replace("{holder_name}", holder_name).replace("{today}", today.isoformat()))
    _emit(example, root, root, 0, lines)
    return "\n".join(lines) + "\n"
