"""The one label table: every enum value's Chinese name, for pages, data, documents and messages."""

from __future__ import annotations

TYPE_LABELS = {
    "patent": "专利",
    "software_copyright": "软件著作权",
    "ic_layout": "集成电路布图设计",
    "plant_variety": "植物新品种",
    "biomedical_variety": "生物医药新品种",
    "trade_secret": "技术秘密",
}
PATENT_KIND_LABELS = {"invention": "发明专利", "utility_model": "实用新型专利", "design": "外观设计专利"}
HOLDER_KIND_LABELS = {
    "university": "高等院校",
    "research_institute": "科研院所",
    "medical_institution": "医疗卫生机构",
    "new_rd_institution": "新型研发机构",
    "tech_transfer_agency": "技术转移机构",
    "enterprise": "企业",
}
STATUS_LABELS = {"available": "可转化", "negotiating": "洽谈中", "licensed": "已转化", "withdrawn": "已撤回"}
PAYMENT_MODEL_LABELS = {"milestone": "里程碑节点支付", "deferred_start": "延期启动支付"}
MODE_LABELS = {"transfer": "转让", "license": "许可"}
LICENSE_KIND_LABELS = {"open": "开放许可", "exclusive": "排他许可", "sole": "独占许可"}
# One line beside the licence-kind choice, in the order of LICENSE_KIND_LABELS (专利法第五十条、第五十一条;
# 独占 = only the licensee, not even the licensor; 排他 = licensee and licensor, no third party).
LICENSE_KIND_EXPLAINED = (
    "开放许可：专利权人按专利法第五十条公告许可条件，任何单位或个人书面通知并按公告条件付费即可实施；"
    "排他许可：只许可乙方，甲方自己仍可实施，但不再许可第三方；"
    "独占许可：只有乙方可以实施，甲方自己也不得实施。"
)
MILESTONE_LABELS = {
    "tech_validation": "技术验证通过",
    "sample_trial": "样品试制成功",
    "market_launch": "产品正式上市",
    "sales_target": "达成销售额",
    "qualification": "获得高新技术企业或科技型中小企业资质",
    "other": "其他",
}
SETTLEMENT_LABELS = {"half_year": "半年", "year": "年"}
METHOD_LABELS = {"lump_sum": "一次性总付", "installments": "分期支付"}

DEAL_STATUS_LABELS = {
    "on_time": "按期履约",
    "pending": "履约中",
    "overdue": "逾期",
    "terminated": "已终止",
    "default": "违约（有认定文书）",
}
DEAL_EVENT_LABELS = {
    "milestone_met": "节点达成",
    "paid": "已付款",
    "overdue": "逾期",
    "waived": "豁免",
    "amended": "更正",
    "terminated": "终止",
    "dispute_resolved": "争议已解决",
    "first_revenue": "首次产生收入",
}
NEED_STATUS_LABELS = {"open": "征集中", "matched": "已对接", "closed": "已解决", "withdrawn": "已撤回"}
SIZE_LABELS = {"micro": "微型企业", "small": "小型企业", "medium": "中型企业"}
# Enum values that mean different things in different files: labels by (file kind, field name).
EVENT_KIND_LABELS = {"matchmaking": "专场对接会", "roadshow": "成果路演"}
OPEN_FEE_MODE_LABELS = {"lump_sum": "一次性支付", "royalty": "提成支付", "entry_plus_royalty": "入门费加提成"}
ROYALTY_BASIS_LABELS = {"net_sales": "净销售额", "profit": "利润额"}
# WIPO ST.27 legal-status categories as CNIPA's registers word them (ip.legal_status).
LEGAL_STATUS_LABELS = {
    "pending": "审中",
    "in_force": "有效",
    "expired": "届满",
    "lapsed": "未缴年费终止",
    "revoked": "宣告无效",
    "abandoned": "放弃",
    "withdrawn": "撤回",
    "transferred": "已转让",
}
# Statuses under which the holder can still offer the IP: granted and in force, or (for an
# application) still under examination. `transferred` means the holder no longer holds the right.
LEGAL_STATUS_OFFERABLE = ("in_force", "pending")
FOLLOWUP_ACTION_LABELS = {"call": "电话", "visit": "走访", "event": "对接会", "recommend": "推荐成果", "signed": "签约"}

FIELD_LABELS = {
    ("followups", "action"): FOLLOWUP_ACTION_LABELS,
    ("need", "status"): NEED_STATUS_LABELS,
    ("record", "legal_status"): LEGAL_STATUS_LABELS,
    ("event", "kind"): EVENT_KIND_LABELS,
    ("record", "fee_mode"): OPEN_FEE_MODE_LABELS,
    ("record", "royalty_basis"): ROYALTY_BASIS_LABELS,
}

# Short names for templates (labels.TYPE[...]); the same dicts, not copies.
# How much of a need's weighted words a matched record has (search/match.py, Match.score).
RELEVANCE_BANDS = ((0.5, "高度相关"), (0.25, "相关"), (0.0, "部分相关"))


def relevance_label(share: float) -> str:
    return next(label for floor, label in RELEVANCE_BANDS if share >= floor)


TYPE = TYPE_LABELS
PATENT_KIND = PATENT_KIND_LABELS
HOLDER_KIND = HOLDER_KIND_LABELS
STATUS = STATUS_LABELS
PAYMENT_MODEL = PAYMENT_MODEL_LABELS
MODE = MODE_LABELS
LICENSE_KIND = LICENSE_KIND_LABELS
MILESTONE = MILESTONE_LABELS
SETTLEMENT = SETTLEMENT_LABELS
METHOD = METHOD_LABELS
EVENT_KIND = EVENT_KIND_LABELS
OPEN_FEE_MODE = OPEN_FEE_MODE_LABELS
ROYALTY_BASIS = ROYALTY_BASIS_LABELS
LEGAL_STATUS = LEGAL_STATUS_LABELS
FOLLOWUP_ACTION = FOLLOWUP_ACTION_LABELS


# The words of a record's change history (domain/changes.py): a field's key path → its name on the
# page, and how its value is said. "enum" names a table above; "long" and "private" say only that the
# field changed (long text would swamp the page; a contact's phone is published only with consent).
CHANGE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("status", "状态", "enum:STATUS"),
    ("code", "统一编码", "value"),
    ("title", "成果名称", "value"),
    ("payment.model", "付款方式", "enum:PAYMENT_MODEL"),
    ("payment.total_cny", "转化费用总额", "money"),
    ("payment.method", "支付形式", "enum:METHOD"),
    ("payment.start", "开始支付条件", "long"),
    ("payment.installments", "分期支付安排", "long"),
    ("payment.lump_sum_due", "一次性总付期限", "value"),
    ("payment.milestones", "里程碑节点", "long"),
    ("payment.royalty_percent", "提成比例", "percent"),
    ("payment.settlement", "提成结算周期", "enum:SETTLEMENT"),
    ("transfer.modes", "转化方式", "enum:MODE"),
    ("transfer.license_kinds", "许可类型", "enum:LICENSE_KIND"),
    ("transfer.region", "转化地域", "value"),
    ("transfer.term", "许可期限", "value"),
    ("transfer.field_of_use", "许可用途", "value"),
    ("trl", "技术成熟度", "trl"),
    ("ip.legal_status", "法律状态", "enum:LEGAL_STATUS"),
    ("ip.status_checked_on", "IP 状态核验", "checked"),
    ("ip.number", "登记/授权号", "value"),
    ("ip.patent_kind", "专利类型", "enum:PATENT_KIND"),
    ("ip.filed_on", "申请日", "value"),
    ("ip.granted_on", "授权/登记日", "value"),
    ("ip.expires_on", "有效期至", "value"),
    ("ip.owners", "权利人", "value"),
    ("open_license", "专利开放许可声明", "long"),
    ("listings", "进场挂牌", "long"),
    ("type", "类型", "enum:TYPE"),
    ("summary", "简要说明", "long"),
    ("applications", "应用领域与市场前景", "long"),
    ("advantages", "技术优势", "long"),
    ("licensee_requirements", "承接条件", "long"),
    ("keywords", "关键词", "value"),
    ("ipc", "IPC 分类号", "value"),
    ("industry", "国民经济行业分类", "value"),
    ("appraisal", "第三方评估", "long"),
    ("funding", "财政资金支持", "long"),
    ("inventors", "成果完成人", "long"),
    ("contact", "联系方式", "private"),
    ("publish_contact", "联系方式", "private"),
    ("listed_on", "入库日期", "value"),
)
# Keys that change only together with another (the date a status took effect; a check's source).
CHANGE_FIELDS_QUIET = ("status_since", "ip.status_source")
