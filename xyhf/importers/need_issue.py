"""The 需求提交 issue form (a firm or a 工作站 posts a need with a GitHub account) and the parser
that turns a submitted issue into catalog/needs/<city>/<slug>.yaml, checked like any need file.
Labels and help texts come from schemas/need.schema.json, the one contract for needs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from xyhf.domain.classify import cities
from xyhf.domain.labels import PAYMENT_MODEL_LABELS, SIZE_LABELS
from xyhf.domain.law import add_years
from xyhf.domain.schemas import load_schema
from xyhf.importers.issue import (
    PUBLIC_NOTICE,
    _id,
    contact_group,
    drop_private_contact,
    dropped_note,
    parse_issue_body,
    private_help,
    problems_reply,
)
from xyhf.source.discover import valid_name

NEED_LABEL = "需求提交"
YES, NO = "是", "否"
CONSENT_LABEL = "公开联系方式"  # the schema's title of publish_contact, the form's label


@dataclass(frozen=True)
class Field:
    key: str  # dotted key path in the need file
    label: str
    help: str
    required: bool = False
    long: bool = False
    choices: tuple[str, ...] = ()  # Chinese choices shown; `read` maps them back
    multiple: bool = False


def _schema_text(path: str) -> tuple[str, str]:
    node = load_schema("need")
    for part in path.split("."):
        node = node["properties"][part]
    return node.get("title", path), node.get("description", "")


def _field(key: str, required: bool = False, **kw) -> Field:
    title, description = _schema_text(key)
    return Field(key, title, kw.pop("help", description), required, **kw)


FIELDS = (
    Field("slug", "文件名", "小写英文字母、数字和连字符，如 foundry-porosity（成为 needs/<市州代码>/<文件名>.yaml）", True),
    _field("title", True),
    _field("problem", True, long=True),
    _field("goal", True, long=True),
    Field("keywords", "关键词", "3–8 个，用顿号或逗号分开，如：铸造、气孔、灰铸铁", True),
    _field("industry"),
    _field("enterprise.name", True),
    _field("enterprise.uscc", True, help="18 位，照营业执照填写"),
    _field("enterprise.size", True, choices=tuple(SIZE_LABELS.values())),
    _field("enterprise.city", True, choices=tuple(cities().values())),
    Field("budget_cny.min", "可承受费用下限（元）", "整数，如 50000；可留空"),
    Field("budget_cny.max", "可承受费用上限（元）", "整数，如 300000；可留空"),
    _field("payment_models", True, choices=tuple(PAYMENT_MODEL_LABELS.values()), multiple=True),
    _field("trl_min", choices=tuple(str(n) for n in range(4, 10))),
    _field("deadline", help="日期 YYYY-MM-DD，如 2027-06-30；可留空"),
    _field(
        "publish_contact",
        True,
        choices=(NO, YES),
        help="是：同意在本议题、需求文件和网站上公开下面的电话和邮箱；否：不公开，不要填写电话和邮箱",
    ),
    Field("contact.name", "联系人", "姓名或称呼，如 李工；可留空"),
    Field("contact.phone", "联系电话", "如 0731-88888888 或手机号。" + private_help("公开联系方式")),
    Field("contact.email", "电子邮箱", private_help("公开联系方式")),
    _field("via"),
)


def render_need_issue_form() -> str:
    body: list[dict] = [
        {
            "type": "markdown",
            "attributes": {
                "value": (
                    "企业或工作站发布一项技术需求。请写具体：现在用什么材料、工艺做什么产品，哪里出了问题，希望达到什么数字。"
                    "提交后机器人会立即检查并回复；通过后维护人加上 `accepted` 标签即转成需求文件并开拉取请求。\n\n"
                    + PUBLIC_NOTICE.format(consent=CONSENT_LABEL)
                    + "\n\n"
                    "_本表单由 `xyhf issue-form --kind need` 从 schemas/need.schema.json 生成，请勿手工修改。_"
                )
            },
        }
    ]
    for f in FIELDS:
        attrs: dict = {"label": f.label, "description": f.help} if f.help else {"label": f.label}
        if f.choices:
            attrs["options"] = list(f.choices)
            if f.multiple:
                attrs["multiple"] = True
            if f.key == "publish_contact":
                attrs["default"] = f.choices.index(NO)
            item = {"type": "dropdown", "id": _id(f.key), "attributes": attrs}
        else:
            item = {"type": "textarea" if f.long else "input", "id": _id(f.key), "attributes": attrs}
        item["validations"] = {"required": f.required}
        body += contact_group(CONSENT_LABEL, [item]) if f.key == "publish_contact" else [item]
    form = {
        "name": "企业需求提交",
        "description": "发布一项企业技术需求，供成果匹配与定向推送",
        "title": "[需求提交] ",
        "labels": [NEED_LABEL],
        "body": body,
    }
    header = "# 由 xyhf issue-form --kind need 生成，请勿手工修改。Generated; a test keeps it in step.\n"
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=1000)


_INT = re.compile(r"[0-9]{1,13}", re.ASCII)
_SPLIT = re.compile(r"[、，,；;\s]+")


def _readers() -> dict[str, Callable[[str], object]]:
    by_label = {v: k for k, v in SIZE_LABELS.items()}
    city_code = {v: k for k, v in cities().items()}
    models = {v: k for k, v in PAYMENT_MODEL_LABELS.items()}

    def integer(text: str) -> int:
        digits = text.replace(",", "").replace("，", "").strip()
        if not _INT.fullmatch(digits):
            raise ValueError("应为不超过 13 位的整数（元），不要写“万”或小数点")
        return int(digits)

    def pick(table: dict) -> Callable[[str], object]:
        def read(text: str) -> object:
            if text not in table:
                raise ValueError(f"请从选项中选择：{'、'.join(table)}")
            return table[text]

        return read

    return {
        "keywords": lambda t: [w for w in _SPLIT.split(t) if w],
        "enterprise.size": pick(by_label),
        "enterprise.city": pick(city_code),
        "budget_cny.min": integer,
        "budget_cny.max": integer,
        "payment_models": lambda t: [pick(models)(w) for w in re.split(r"[,，、]\s*", t) if w],
        "trl_min": lambda t: integer(t),
        "publish_contact": lambda t: t == YES,
    }


def issue_to_need_data(body: str, today: dt.date) -> tuple[dict, str, list[str]]:
    """(need data, slug, problems) from an issue body; the data is not checked here."""
    fields = parse_issue_body(body)
    readers = _readers()
    need: dict = {}
    problems: list[str] = []
    for f in FIELDS:
        text = fields.get(f.label, "").strip()
        if not text:
            continue
        try:
            value = readers.get(f.key, str)(text)
        except ValueError as exc:
            problems.append(f"“{f.label}”：{exc}。")
            continue
        node = need
        *parents, last = f.key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    slug = str(need.pop("slug", ""))
    if not valid_name(slug):
        problems.append("“文件名”只能用小写英文字母、数字和连字符，长度 2–64，如 foundry-porosity。")
    need.setdefault("status", "open")
    need.setdefault("listed_on", today.isoformat())
    need.setdefault("expires_on", add_years(today, 1).isoformat())
    return need, slug, problems


def issue_to_need(body: str, root: Path, today: dt.date, write: bool = True) -> tuple[int, str]:
    """(exit code, Markdown report). Writes needs/<city>/<slug>.yaml only when the whole catalog
    still passes with it; `write=False` only checks (the answer given when an issue is opened)."""
    from xyhf.importers.commit import discard, write_then_check

    need, slug, problems = issue_to_need_data(body, today)
    note = dropped_note(drop_private_contact(need, {f.key: f.label for f in FIELDS}), CONSENT_LABEL)
    city = need.get("enterprise", {}).get("city", "")
    rel = f"needs/{city}/{slug}.yaml"
    if not problems and (root / rel).exists():
        problems.append(f"{rel} 已存在：请换一个文件名。")
    if not problems:
        text = "# 由“需求提交”议题生成\n" + yaml.safe_dump(need, allow_unicode=True, sort_keys=False, width=200)
        written, failed = write_then_check(root, {rel: text}, today)
        if failed is not None:
            label_of = {f.key: f.label for f in FIELDS}
            problems += [f"“{label_of.get(d.field, d.field or '需求')}”：{d.message}" for d in failed.errors]
        elif not write:
            discard(root, written)
    if problems:
        return 1, problems_reply(problems, "需求文件", note)
    if not write:
        return 0, "✅ 自动检查通过。维护人审核后加上 `accepted` 标签，机器人将生成需求文件并开拉取请求。\n" + note
    return 0, f"✅ 检查通过，已生成 `catalog/{rel}`，机器人将为它开拉取请求。\n" + note
