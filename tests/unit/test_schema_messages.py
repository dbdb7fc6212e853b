"""Every kind of JSON-Schema error a clerk can meet, with the exact Chinese words, the line and column it
points at, the field and the rule id: one hostile edit of a valid file per case, one finding expected.

The column matters: a finding about a value points at the value, one about a key that should not be
there (an unknown field, a field that does not apply) points at the key. The last group gives
`_message` errors from keyword forms the shipped schemas do not use yet (a list of types, a text
`const`, `exclusiveMaximum`, an untitled required field, an unknown keyword), so that a schema
change cannot meet an untested branch.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import valid_text
from xyhf.source.yaml_loader import parse_yaml
from xyhf.validate.schema import _message, check_schema, enum_labels

PATENT = "patent.yaml"  # a record in the milestone payment model
DEFERRED = "deferred.yaml"  # a software copyright in the deferred-start model


def edited(base: str, old: str, new: str) -> str:
    text = valid_text(base)
    assert old in text, f"{old!r} not in {base}"
    return text.replace(old, new, 1)


def findings(kind: str, text: str) -> list[str]:
    source, problems = parse_yaml(text, Path("case.yaml"), "case.yaml")
    assert source is not None, problems
    return [f"{d.as_text()} [{d.rule}]" for d in check_schema(kind, source)]


ALLOWED_RECORD_KEYS = (
    "code、title、type、ip、appraisal、trl、summary、applications、advantages、licensee_requirements、keywords、ipc、"
    "industry、transfer、payment、funding、inventors、contact、publish_contact、status、status_since、listed_on、"
    "open_license、listings"
)

CASES = {
    # type: the expected type in Chinese, the value as JSON with Chinese left readable
    "integer_given_text": (
        "record",
        edited(PATENT, "trl: 6", "trl: 六"),
        'case.yaml:11:6: 错误: trl：“技术成熟度”应为整数，现在是 "六"。 [schema.type]',
    ),
    "list_given_text": (
        "record",
        edited(PATENT, "keywords: [高熵合金, 涂层, 激光熔覆]", "keywords: 涂层"),
        'case.yaml:16:11: 错误: keywords：“关键词”应为列表（每项一行，以“- ”开头），现在是 "涂层"。 [schema.type]',
    ),
    "mapping_given_text": (
        "record",
        edited(
            PATENT,
            "transfer:\n  modes: [license]\n  license_kinds: [open, exclusive]\n  region: 湖南省\n  term: 5年\n",
            "transfer: 许可\n",
        ),
        'case.yaml:18:11: 错误: transfer：“转化方式与范围”应为“键: 值”映射，现在是 "许可"。 [schema.type]',
    ),
    # type string, but YAML read an unquoted scalar as something else: say what it became and how to quote it
    "text_read_as_null": (
        "record",
        edited(PATENT, "title: 高熵合金涂层及其制备方法", "title: ~"),
        "case.yaml:2:8: 错误: title：“成果名称”应是文本，但 YAML 把未加引号的 ~ 读成了空值（None），"
        '原样会丢失信息（前导零、小数点后的位数、no/yes 等）。请加引号写成 "~"。 [schema.type]',
    ),
    "text_read_as_boolean": (
        "record",
        edited(PATENT, "title: 高熵合金涂层及其制备方法", "title: no"),
        "case.yaml:2:8: 错误: title：“成果名称”应是文本，但 YAML 把未加引号的 no 读成了是/否值（False），"
        '原样会丢失信息（前导零、小数点后的位数、no/yes 等）。请加引号写成 "no"。 [schema.type]',
    ),
    "text_read_as_number": (
        "record",
        edited(PATENT, "title: 高熵合金涂层及其制备方法", "title: 1.50"),
        "case.yaml:2:8: 错误: title：“成果名称”应是文本，但 YAML 把未加引号的 1.50 读成了数字（1.5），"
        '原样会丢失信息（前导零、小数点后的位数、no/yes 等）。请加引号写成 "1.50"。 [schema.type]',
    ),
    # required: the missing key and its Chinese title; located at the object that lacks it
    "required_top_level": (
        "record",
        edited(PATENT, "trl: 6\n", ""),
        "case.yaml:2:1: 错误: trl：缺少必填字段 trl（技术成熟度），请补充。 [schema.required]",
    ),
    "required_nested": (
        "record",
        edited(PATENT, "  owners:\n    - 湘江理工大学\n", ""),
        "case.yaml:5:3: 错误: ip.owners：缺少必填字段 owners（权利人），请补充。 [schema.required]",
    ),
    # additionalProperties: the unknown key named, the allowed keys of that object listed, pointing at the key
    "unknown_key_top_level": (
        "record",
        edited(PATENT, "trl: 6", "trl: 6\ncolour: red"),
        f"case.yaml:12:1: 错误: colour：不认识的字段 colour：请检查拼写或删除。此处允许的字段有：{ALLOWED_RECORD_KEYS}。"
        " [schema.additionalProperties]",
    ),
    "unknown_key_nested": (
        "record",
        edited(PATENT, "  settlement: year", "  settlement: year\n  colour: red"),
        "case.yaml:32:3: 错误: payment.colour：不认识的字段 colour：请检查拼写或删除。此处允许的字段有："
        "model、milestones、royalty_percent、settlement、start、method、total_cny、lump_sum_due、installments。"
        " [schema.additionalProperties]",
    ),
    # enum: every allowed value with its Chinese label
    "enum_status": (
        "record",
        edited(PATENT, "status: available", "status: 可转化"),
        'case.yaml:32:9: 错误: status：“状态”的取值 "可转化" 不在允许范围内，可选：'
        "available（可转化）、negotiating（洽谈中）、licensed（已转化）、withdrawn（已撤回）。 [schema.enum]",
    ),
    "enum_settlement": (
        "record",
        edited(PATENT, "settlement: year", "settlement: 每年"),
        'case.yaml:31:15: 错误: payment.settlement：“提成结算周期”的取值 "每年" 不在允许范围内，可选：'
        "half_year（每半年）、year（每年）。 [schema.enum]",
    ),
    "enum_payment_method": (
        "record",
        edited(DEFERRED, "method: installments", "method: monthly"),
        'case.yaml:20:11: 错误: payment.method：“支付形式”的取值 "monthly" 不在允许范围内，可选：'
        "lump_sum（一次性总付）、installments（分期支付）。 [schema.enum]",
    ),
    # the same value means another thing in another field: withdrawn is 撤回 here, not the record status 已撤回
    "enum_labels_of_the_field": (
        "record",
        edited(PATENT, "  granted_on: 2020-03-10", "  granted_on: 2020-03-10\n  legal_status: 有效"),
        'case.yaml:9:17: 错误: ip.legal_status：“法律状态”的取值 "有效" 不在允许范围内，可选：pending（审中）、'
        "in_force（有效）、expired（届满）、lapsed（未缴年费终止）、revoked（宣告无效）、abandoned（放弃）、"
        "withdrawn（撤回）、transferred（已转让）。 [schema.enum]",
    ),
    "enum_holder_kind": (
        "holder",
        edited("holder.yaml", "kind: university", "kind: 高校"),
        'case.yaml:4:7: 错误: kind：“单位类型”的取值 "高校" 不在允许范围内，可选：university（高等院校）、'
        "research_institute（科研院所）、medical_institution（医疗卫生机构）、new_rd_institution（新型研发机构）、"
        "tech_transfer_agency（技术转移机构）、enterprise（企业）。 [schema.enum]",
    ),
    # const true: say the one value, point at the value
    "const_true": (
        "record",
        edited(DEFERRED, "start: {after_months: 6}", "start: {on_first_revenue: false}"),
        "case.yaml:19:29: 错误: payment.start.on_first_revenue：“产生市场化收入后”只能写 true，不需要时请删除此项。"
        " [schema.const]",
    ),
    # pattern: the value, and the explanation for that field
    "pattern_with_field_hint": (
        "record",
        edited(PATENT, "trl: 6", "trl: 6\nindustry: 制造业"),
        'case.yaml:12:11: 错误: industry：“国民经济行业分类”的格式不对："制造业"。'
        "国民经济行业分类代码（GB/T 4754-2017）为门类字母加 2–4 位数字，如 C3360、I65。 [schema.pattern]",
    ),
    "pattern_dollar_is_the_very_end": (
        "holder",
        edited("holder.yaml", "uscc: 12430100MB1234562J", 'uscc: "12430100MB1234562J\\n"'),
        'case.yaml:3:7: 错误: uscc：“统一社会信用代码”的格式不对："12430100MB1234562J\\n"。'
        "统一社会信用代码为 18 位数字或大写字母（不含 I、O、S、V、Z），请对照营业执照或事业单位法人证书填写。 [schema.pattern]",
    ),
    "pattern_hint_by_list_name": (
        "holder",
        edited("holder.yaml", '  - "@xjlg-ttc"', "  - xjlg-ttc"),
        'case.yaml:13:5: 错误: maintainers[0]：此项的格式不对："xjlg-ttc"。'
        "请写 GitHub 用户名或团队，以 @ 开头，如 @zhangsan 或 @hnu/ttc。 [schema.pattern]",
    ),
    "pattern_without_hint_deep": (
        "stations",
        edited("stations.yaml", "id: cs-zhang", "id: Zhang San"),
        'case.yaml:13:13: 错误: stations[0].brokers[0].id：“编号”的格式不对："Zhang San"。 [schema.pattern]',
    ),
    "pattern_synonym_in_a_group": (
        "synonyms",
        "groups:\n  - [石墨烯, graphene]\n  - [锂电池, '锂电,池']\n",
        'case.yaml:3:11: 错误: groups[1][1]：此项的格式不对："锂电,池"。同义词里不要有空格或标点：每个词单独写一项。'
        " [schema.pattern]",
    ),
    "pattern_of_a_key": (  # propertyNames: the bad key is the value shown; no hint for variants
        "synonyms",
        "groups:\n  - [石墨烯, graphene]\nvariants:\n  '石墨 稀': 石墨烯\n",
        'case.yaml:4:3: 错误: variants：“异体字与常见错别字”的格式不对："石墨 稀"。 [schema.pattern]',
    ),
    "pattern_of_a_free_key_value": (  # a value under a key the schema does not name: 此项, never a crash
        "synonyms",
        "groups:\n  - [石墨烯, graphene]\nabbreviations:\n  CMP: 化学 机械抛光\n",
        'case.yaml:4:8: 错误: abbreviations.CMP：此项的格式不对："化学 机械抛光"。 [schema.pattern]',
    ),
    # format
    "format_date": (
        "record",
        edited(PATENT, "listed_on: 2026-03-01", "listed_on: 2026/03/01"),
        "case.yaml:33:12: 错误: listed_on：“入库日期”应为日期，格式 YYYY-MM-DD（如 2025-06-30），现在是 '2026/03/01'。"
        " [schema.format]",
    ),
    "format_impossible_date": (
        "record",
        edited(PATENT, "listed_on: 2026-03-01", 'listed_on: "2026-02-30"'),
        "case.yaml:33:12: 错误: listed_on：“入库日期”应为日期，格式 YYYY-MM-DD（如 2025-06-30），现在是 '2026-02-30'。"
        " [schema.format]",
    ),
    "format_email": (
        "record",
        edited(PATENT, "trl: 6", "trl: 6\ncontact: {name: 张三, email: 张三@例子}"),
        "case.yaml:12:28: 错误: contact.email：“电子邮箱”不是有效的电子邮箱地址：张三@例子。"
        "邮箱应形如 name@example.com（@ 后写完整域名）。 [schema.format]",
    ),
    # lengths, in characters
    "min_length": (
        "record",
        edited(PATENT, "title: 高熵合金涂层及其制备方法", "title: 涂层"),
        "case.yaml:2:8: 错误: title：“成果名称”至少 4 个字，现在是 2 个。 [schema.minLength]",
    ),
    "max_length": (
        "record",
        edited(PATENT, "title: 高熵合金涂层及其制备方法", "title: " + "长" * 101),
        "case.yaml:2:8: 错误: title：“成果名称”最多 100 个字，现在是 101 个。 [schema.maxLength]",
    ),
    # numbers
    "trl_below_four": (
        "record",
        edited(PATENT, "trl: 6", "trl: 3"),
        "case.yaml:11:6: 错误: trl：技术成熟度须为 4–9 级（GB/T 22900-2022）。"
        "本成果库只收通过实验室环境验证（4 级）及以上的成果；现在是 3。 [schema.minimum]",
    ),
    "trl_min_of_a_need": (
        "need",
        edited("need.yaml", "trl_min: 6", "trl_min: 2"),
        "case.yaml:14:10: 错误: trl_min：“最低技术成熟度”须为 4–9 级："
        "入库要求 TRL 4 及以上（实验室环境验证），低于 4 级的成果不会入库；现在是 2。 [schema.minimum]",
    ),
    "maximum": (
        "record",
        edited(PATENT, "royalty_percent: 2", "royalty_percent: 51"),
        "case.yaml:30:20: 错误: payment.royalty_percent：“提成比例（%）”不能大于 50，现在是 51。 [schema.maximum]",
    ),
    "minimum_in_a_list_item": (
        "record",
        edited(PATENT, "amount_cny: 50000", "amount_cny: -1"),
        "case.yaml:28:19: 错误: payment.milestones[0].amount_cny：“支付金额（元）”不能小于 0，现在是 -1。 [schema.minimum]",
    ),
    "exclusive_minimum": (  # 0 is not below 0: the bound itself is refused, so say "greater than"
        "record",
        edited("open_license.yaml", "  lump_sum_cny: 100000", "  royalty_percent: 0"),
        "case.yaml:38:20: 错误: open_license.royalty_percent：“提成比例（%）”应大于 0，现在是 0。 [schema.exclusiveMinimum]",
    ),
    # lists
    "min_items_milestones": (
        "record",
        edited(
            PATENT,
            "  milestones:\n    - node: tech_validation\n      condition: 中试验证通过\n      amount_cny: 50000\n"
            "      due: 节点达成后 30 日内\n",
            "  milestones: []\n",
        ),
        "case.yaml:25:15: 错误: payment.milestones：里程碑支付模式至少要有一个里程碑节点（node、condition、amount_cny、due）。"
        " [schema.minItems]",
    ),
    "min_items": (
        "record",
        edited(PATENT, "keywords: [高熵合金, 涂层, 激光熔覆]", "keywords: []"),
        "case.yaml:16:11: 错误: keywords：“关键词”至少要有 1 项。 [schema.minItems]",
    ),
    "max_items": (
        "record",
        edited(PATENT, "keywords: [高熵合金, 涂层, 激光熔覆]", "keywords: [k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11]"),
        "case.yaml:16:11: 错误: keywords：“关键词”最多 10 项，现在有 11 项。 [schema.maxItems]",
    ),
    "unique_items": (
        "record",
        edited(PATENT, "keywords: [高熵合金, 涂层, 激光熔覆]", "keywords: [涂层, 涂层]"),
        "case.yaml:16:11: 错误: keywords：“关键词”中有重复项，请删除重复的一项。 [schema.uniqueItems]",
    ),
    "min_properties": (
        "record",
        edited(DEFERRED, "start: {after_months: 6}", "start: {}"),
        "case.yaml:19:10: 错误: payment.start：“开始支付”至少要填一项（如 after_months: 6 或 on_first_revenue: true）。"
        " [schema.minProperties]",
    ),
    # a `false` subschema: the key that does not apply here, pointed at (rule id schema.false: jsonschema names no keyword)
    "false_schema_through_a_ref": (
        "record",
        edited(PATENT, "  settlement: year", "  settlement: year\n  start: {after_months: 6}"),
        "case.yaml:32:3: 错误: payment.start：“开始支付”不适用于这种情况（如非专利不填 patent_kind，延期启动模式不填 milestones），"
        "请删除。 [schema.false]",
    ),
    "false_schema_in_else": (
        "record",
        edited(DEFERRED, "ip:\n", "ip:\n  patent_kind: invention\n"),
        "case.yaml:5:3: 错误: ip.patent_kind：“专利类型”不适用于这种情况（如非专利不填 patent_kind，延期启动模式不填 milestones），"
        "请删除。 [schema.false]",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_schema_error_is_worded_and_located(case):
    kind, text, expected = CASES[case]
    assert findings(kind, text) == [expected]


def test_the_bases_are_valid():
    for kind, base in (("record", PATENT), ("record", DEFERRED), ("record", "open_license.yaml"), ("holder", "holder.yaml")):
        assert findings(kind, valid_text(base)) == []
    assert findings("synonyms", "groups:\n  - [石墨烯, graphene]\n") == []


def test_enum_labels_without_a_field_are_the_shared_table():
    labels = enum_labels()
    assert [labels[k] for k in ("half_year", "year", "lump_sum", "installments", "withdrawn")] == [
        "每半年",
        "每年",
        "一次性总付",
        "分期支付",
        "已撤回",
    ]
    assert enum_labels("record", ("open_license", "fee_mode"))["lump_sum"] == "一次性支付"
    assert enum_labels("record", ("status",))["withdrawn"] == "已撤回"


def located(schema: dict, text: str, kind: str = "record") -> list[tuple]:
    """(path, message, points at key) for each error of `text` against `schema`, worded for `kind`."""
    source, problems = parse_yaml(text, Path("case.yaml"), "case.yaml")
    assert source is not None, problems
    return [_message(kind, e, source) for e in Draft202012Validator(schema).iter_errors(source.data)]


def test_a_list_of_types_names_the_first():
    schema = {"properties": {"title": {"type": ["string", "null"]}}}
    assert located(schema, "title: [a]\n") == [(("title",), '“成果名称”应为文本，现在是 ["a"]。', False)]
    schema = {"properties": {"title": {"type": ["integer", "string"]}}}
    assert located(schema, "title: [标题]\n") == [(("title",), '“成果名称”应为整数，现在是 ["标题"]。', False)]


def test_a_text_const_is_worded_as_its_one_allowed_value():
    schema = {"properties": {"status": {"const": "available"}}}
    assert located(schema, "status: 可转化\n") == [
        (("status",), '“状态”的取值 "可转化" 不在允许范围内，可选：available（可转化）。', False)
    ]


def test_exclusive_maximum_refuses_the_bound_itself():
    schema = {"properties": {"royalty_percent": {"exclusiveMaximum": 50}}}
    assert located(schema, "royalty_percent: 50\n") == [(("royalty_percent",), "此项应小于 50，现在是 50。", False)]


def test_a_required_field_without_a_title_is_named_by_its_key():
    assert located({"required": ["zzz"]}, "a: 1\n") == [(("zzz",), "缺少必填字段 zzz，请补充。", False)]


def test_an_unknown_key_where_no_key_is_allowed_is_named_and_pointed_at():
    [(path, message, at_key)] = located({"additionalProperties": False}, "colour: red\n")
    assert (path, at_key) == (("colour",), True)
    assert message.startswith("不认识的字段 colour：请检查拼写或删除。")


def test_a_keyword_without_its_own_words_still_names_the_field():
    schema = {"properties": {"trl": {"multipleOf": 2}}}
    assert located(schema, "trl: 5\n") == [(("trl",), "“技术成熟度”不符合要求：5 is not a multiple of 2", False)]


def test_any_list_named_milestones_gets_the_milestone_words():
    schema = {"properties": {"milestones": {"minItems": 1}}}
    assert located(schema, "milestones: []\n") == [
        (("milestones",), "里程碑支付模式至少要有一个里程碑节点（node、condition、amount_cny、due）。", False)
    ]


def test_a_false_subschema_the_kind_has_no_place_for_is_still_worded():
    """The forbidden key is looked up in the kind's schema; where that schema has no such place the
    message falls back to the object holding it, never a crash."""
    schema = {"properties": {"zz": {"properties": {"extra": False}}}}
    assert located(schema, "zz: {extra: {after_months: 6}}\n") == [
        (("zz",), "此项不适用于这种情况（如非专利不填 patent_kind，延期启动模式不填 milestones），请删除。", True)
    ]
