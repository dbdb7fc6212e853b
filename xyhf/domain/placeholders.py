"""The example values of the `xyhf new` template. One list: the scaffold writes them, the
checker refuses any record that still holds one, so an unedited template is never published."""

from __future__ import annotations

TEMPLATE_TITLE = "（请填写成果名称）高熵合金耐磨涂层及其激光熔覆制备方法"
TEMPLATE_NUMBER = "ZL202012345678.1"  # well formed on purpose, so only this rule stops it
TEMPLATE_TEXTS = {
    "summary": "用两三句话说明成果是什么、解决什么问题。",
    "applications": "适用的行业、产品和市场前景。",
    "advantages": "与企业现在用的技术相比，好在哪里（成本、性能、效率），尽量给出数字。",
    "licensee_requirements": "承接方需要的场地、设备、人员和大致投入。",
}
TEMPLATE_KEYWORDS = ("关键词一", "关键词二")
TEMPLATE_CONDITION = "乙方完成中试验证（请改成本成果的实际条件）"

FIELD_LABELS = {
    "title": "成果名称",
    "ip.number": "登记/授权号",
    "summary": "简要说明",
    "applications": "应用领域与市场前景",
    "advantages": "技术优势",
    "licensee_requirements": "承接条件",
    "keywords": "关键词",
    "payment.milestones.condition": "里程碑支付条件",
}


def _same(value: object, template: str) -> bool:
    return isinstance(value, str) and (value.strip() == template or template in value)


def placeholder_fields(data: dict) -> list[tuple[tuple, str]]:
    """(field path, label) of every field that still holds the template's example text."""
    found: list[tuple[tuple, str]] = []
    if _same(data.get("title"), TEMPLATE_TITLE) or "（请填写" in str(data.get("title", "")):
        found.append((("title",), FIELD_LABELS["title"]))
    ip: dict = data["ip"] if isinstance(data.get("ip"), dict) else {}
    if isinstance(ip.get("number"), str) and ip["number"].strip().upper() == TEMPLATE_NUMBER:
        found.append((("ip", "number"), FIELD_LABELS["ip.number"]))
    for key, template in TEMPLATE_TEXTS.items():
        if _same(data.get(key), template):
            found.append(((key,), FIELD_LABELS[key]))
    for i, keyword in enumerate(data.get("keywords") or []):
        if isinstance(keyword, str) and keyword.strip() in TEMPLATE_KEYWORDS:
            found.append((("keywords", i), FIELD_LABELS["keywords"]))
    payment: dict = data["payment"] if isinstance(data.get("payment"), dict) else {}
    for i, milestone in enumerate(payment.get("milestones") or []):
        if isinstance(milestone, dict) and _same(milestone.get("condition"), TEMPLATE_CONDITION):
            found.append((("payment", "milestones", i, "condition"), FIELD_LABELS["payment.milestones.condition"]))
    return found
