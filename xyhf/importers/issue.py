"""The 成果提交 issue form (generated from the Excel template's columns, so both stay in step)
and the parser that turns a submitted issue's body into a record file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from xyhf.source.discover import valid_name, load_catalog
from xyhf.domain.labels import MILESTONE_LABELS
from xyhf.importers.xlsx import RECORD_COLS, Col, _Cell, _convert, _set, as_source, dump_record
from xyhf.render.base.gfm import cap_reply, escape_gfm

LONG = {"summary", "applications", "advantages", "licensee_requirements"}
REQUIRED = {
    "slug",
    "title",
    "type",
    "ip.owners[]",
    "trl",
    "summary",
    "applications",
    "advantages",
    "keywords[]",
    "transfer.modes[]",
    "transfer.region",
    "payment.model",
}
HOLDER_LABEL, MILESTONES_LABEL = "持有方编号", "里程碑节点"
PRIVATE_CONTACT = ("contact.phone", "contact.email")  # asked, kept and published only with consent
STATIONS_PAGE = "请改为发邮件给所在市州工作站或成果库办公室（邮箱见网站“工作站”页面 stations/）"
PUBLIC_NOTICE = (
    "**议题内容公开可见**：任何人都能看到本议题的全部内容和修改记录。电话和电子邮箱只在“{consent}”选“是”"
    "（同意在议题、成果库文件和网站上公开）时填写；选“否”时请不要填写，需要联系时" + STATIONS_PAGE + "。"
)


def _id(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def contact_group(consent_label: str, consent_items: list[dict]) -> list[dict]:
    """The form's contact group: what "public" means, then the consent choice, then the fields.
    Issue forms have no conditional fields, so the text says what to leave empty, and the converter
    drops phone and e-mail given without consent (drop_private_contact)."""
    notice = PUBLIC_NOTICE.format(consent=consent_label)
    return [{"type": "markdown", "attributes": {"value": f"**联系方式**\n\n{notice}"}}, *consent_items]


def private_help(consent_label: str) -> str:
    return f"只在“{consent_label}”选“是”时填写；选“否”时请留空（填了也不会写入文件）"


def _form_item(col: Col, default_no: bool = False) -> dict:
    attrs: dict = {"label": col.header}
    if col.key in PRIVATE_CONTACT:
        attrs["description"] = private_help("公开个人联系方式")
    elif col.key == "publish_contact":
        attrs["description"] = "是：同意在本议题、成果库文件和网站上公开下面的电话和邮箱；否：不公开，不要填写电话和邮箱"
    elif col.note:
        attrs["description"] = col.note
    if col.choices:
        attrs["options"] = list(col.choices)
        if col.key.endswith("[]"):
            attrs["multiple"] = True
        if default_no:
            attrs["default"] = list(col.choices).index("否")
        item = {"type": "dropdown", "id": _id(col.key), "attributes": attrs}
    else:
        item = {"type": "textarea" if col.key in LONG else "input", "id": _id(col.key), "attributes": attrs}
    item["validations"] = {"required": col.key in REQUIRED or default_no}
    return item


def drop_private_contact(data: dict, labels: dict[str, str]) -> list[str]:
    """Without `publish_contact: true`, the phone and e-mail given are not kept: the labels of
    what was dropped, for the reply."""
    if data.get("publish_contact") is True:
        return []
    contact = data.get("contact")
    if not isinstance(contact, dict):
        return []
    dropped = [labels[key] for key in PRIVATE_CONTACT if contact.pop(key.split(".")[1], None) not in (None, "")]
    if not contact:
        data.pop("contact")
    return dropped


def dropped_note(dropped: list[str], consent_label: str) -> str:
    if not dropped:
        return ""
    return (
        f"\n⚠️ 您没有在“{consent_label}”选“是”，所以填写的{'和'.join(dropped)}不会写入文件，也不会在网站上公开。"
        f"**议题内容公开可见**：请编辑本议题，删除{'和'.join(dropped)}。需要联系时{STATIONS_PAGE}。\n"
    )


def render_issue_form() -> str:
    body: list[dict] = [
        {
            "type": "markdown",
            "attributes": {
                "value": (
                    "请按提交指南填写。维护人审核后加上 `accepted` 标签，机器人会把本议题转成记录文件并开拉取请求，"
                    "再把检查结果回复在这里。号码、日期请照证书填写；不需要的可选项留空。\n\n"
                    + PUBLIC_NOTICE.format(consent="公开个人联系方式")
                    + "\n\n"
                    "_本表单由 `xyhf issue-form` 从 Excel 模板的同一份字段定义生成，请勿手工修改。_"
                )
            },
        },
        {
            "type": "input",
            "id": "holder",
            "attributes": {"label": HOLDER_LABEL, "description": "本单位在成果库中的编号，如 xjlg"},
            "validations": {"required": True},
        },
    ]
    consent = next(c for c in RECORD_COLS if c.key == "publish_contact")
    for col in RECORD_COLS:
        if col.key == "publish_contact":
            continue  # asked first in the contact group, below
        if col.key == "contact.name":
            body += contact_group(consent.header, [_form_item(consent, default_no=True)])
        body.append(_form_item(col))
    body.append(
        {
            "type": "textarea",
            "id": "milestones",
            "attributes": {
                "label": MILESTONES_LABEL,
                "description": "里程碑支付模式填写，每行一个节点：节点；支付条件；金额（元）；支付期限。节点可选："
                + "、".join(MILESTONE_LABELS.values()),
                "placeholder": "技术验证通过；乙方完成中试验证；50000；节点达成后30日内",
            },
            "validations": {"required": False},
        }
    )
    form = {
        "name": "成果提交",
        "description": "提交一项“先用后付”科技成果（审核通过后由机器人转成记录文件）",
        "title": "[成果提交] ",
        "labels": ["成果提交"],
        "body": body,
    }
    header = "# 由 xyhf issue-form 生成，请勿手工修改。Generated by `xyhf issue-form`; a test keeps it in step.\n"
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=1000)


def parse_issue_body(body: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    current = None
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.startswith("### "):
            current = line[4:].strip()
            sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return {k: v.strip() for k, v in sections.items() if v.strip() and v.strip() != "_No response_"}


_AMOUNT = re.compile(r"[0-9]{1,13}", re.ASCII)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_milestones(text: str) -> tuple[list[dict], list[str]]:
    """Lines "节点；条件；金额；期限" → milestone dicts, and a problem per line that does not fit.
    Full-width digits are read as digits; anything else must be plain ASCII digits: "5²" (which NFKC
    would silently turn into 52) or "１e9" fail with a message."""
    labels = {v: k for k, v in MILESTONE_LABELS.items()}
    out: list[dict] = []
    problems: list[str] = []
    for i, line in enumerate(text.splitlines()):
        parts = [p.strip() for p in re.split(r"[；;]", line) if p.strip()]
        if not parts:
            continue
        amount = parts[2].translate(_FULLWIDTH_DIGITS).replace(",", "").replace("，", "") if len(parts) == 4 else ""
        if len(parts) != 4 or parts[0] not in labels or not _AMOUNT.fullmatch(amount):
            problems.append(
                f"里程碑第 {i + 1} 行应为“节点；支付条件；金额；支付期限”，金额为不超过 13 位的整数（元），"
                f"节点可选：{'、'.join(labels)}。"
            )
            continue
        out.append({"node": labels[parts[0]], "condition": parts[1], "amount_cny": int(amount), "due": parts[3]})
    return out, problems


def problems_reply(problems: list[str], body_kind: str, note: str = "") -> str:
    """The reply listing what to fix: every problem may quote issue text, so each is escaped (no
    link, image, mention, reference or HTML under the bot's name). Whole: the log prints it all,
    and capped_reply cuts what is posted."""
    head = f"❌ 自动检查未通过，未生成{body_kind}。请按下面的说明修改议题（编辑后会重新检查）：\n" + note + "\n"
    return head + "\n".join(f"- {escape_gfm(p)}" for p in problems) + "\n"


REPLY_WHERE = "本次工作流运行日志（议题页面上方 Actions 里对应的运行）"


def capped_reply(report: str) -> str:
    """What is posted: below GitHub's comment limit, saying how many problems were left out and
    that the workflow's log (where the command printed the whole report) has them all."""
    return cap_reply(report, where=REPLY_WHERE)


def issue_to_record(body: str, root: Path, today: dt.date, write: bool = True) -> tuple[int, str]:
    """(exit code, Markdown report). Writes records/<holder>/<slug>.yaml only when it is valid;
    `write=False` only checks (the answer given as soon as an issue is opened or edited)."""
    from xyhf.importers.commit import discard, write_then_check
    from xyhf.validate.rules import check_record

    fields = parse_issue_body(body)
    holder_id = fields.get(HOLDER_LABEL, "")
    loaded = load_catalog(root)
    problems: list[str] = []
    if holder_id not in loaded.holders:
        problems.append(f"没有持有方编号“{holder_id}”，请填写已在成果库中的单位编号。")
    record: dict = {}
    positions: dict = {}
    by_label = {c.header: c for c in RECORD_COLS}
    cell_problems: list = []
    for label, text in fields.items():
        col: Col | None = by_label.get(label)
        if col is None:
            continue
        if col.choices and col.key.endswith("[]"):
            text = text.replace(", ", "；")
        value = _convert(col, text, _Cell("议题", 0, 0, label), cell_problems)
        if value not in (None, [], ""):
            _set(record, col.key, value, positions, _Cell("议题", 0, 0, label))
    problems += [f"“{where.header}”：{msg}" for where, msg in cell_problems]
    milestones, milestone_problems = parse_milestones(fields.get(MILESTONES_LABEL, ""))
    problems += milestone_problems
    if milestones:
        record.setdefault("payment", {})["milestones"] = milestones
    slug = record.pop("slug", "")
    note = dropped_note(drop_private_contact(record, {c.key: c.header for c in RECORD_COLS}), "公开个人联系方式")
    if not valid_name(slug):
        problems.append("“文件名”只能用小写英文字母、数字和连字符，如 high-entropy-coating。")
    record.setdefault("status", "available")
    record.setdefault("listed_on", today.isoformat())
    if holder_id in loaded.holders:
        record.setdefault("ip", {}).setdefault("owners", [loaded.holders[holder_id].data.get("name", holder_id)])
    source = as_source("议题", record, positions)
    for d in check_record(source, today, is_new=True):
        problems.append(f"{d.field or '记录'}：{d.message}")
    target = root / "records" / holder_id / f"{slug}.yaml"
    if not problems and target.exists():
        problems.append(f"records/{holder_id}/{slug}.yaml 已存在：请换一个文件名，或直接修改原记录。")
    if not problems:
        written, failed = write_then_check(root, {f"records/{holder_id}/{slug}.yaml": dump_record(record)}, today)
        if failed is not None:
            problems += [f"{d.field or d.file}：{d.message}" for d in failed.errors]
        elif not write:
            discard(root, written)
    if problems:
        return 1, problems_reply(problems, "记录文件", note)
    if not write:
        return 0, "✅ 自动检查通过。维护人审核后加上 `accepted` 标签，机器人将生成记录文件并开拉取请求。\n" + note
    return 0, f"✅ 检查通过，已生成 `catalog/records/{holder_id}/{slug}.yaml`，机器人将为它开拉取请求。\n" + note
