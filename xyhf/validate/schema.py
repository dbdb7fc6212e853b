"""JSON Schema validation with messages a technology-transfer office can act on.

The schemas in schemas/ are the single contract; this module only translates jsonschema's
errors into Simplified Chinese, locates them in the YAML, and adds the fix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any
from collections.abc import Callable, Iterator

from xyhf.domain.schemas import SCHEMA_FILES, load_schema, resolve_ref, schema_by_uri
import fastjsonschema

from xyhf.errors import Diagnostic
from xyhf.source.yaml_loader import PathKey, Source, field_name

if TYPE_CHECKING:  # imported where used: a valid catalog never needs jsonschema (see validator)
    from jsonschema.exceptions import ValidationError
    from referencing import Registry


_TYPE_ZH = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "是/否（true 或 false）",
    "array": "列表（每项一行，以“- ”开头）",
    "object": "“键: 值”映射",
    "null": "空值",
}

PHONE_HINT = "电话请写成“区号-号码”（如 0731-88888888）或 11 位手机号（如 13800000000），只用数字和连字符。"
# Guidance for pattern failures, by the last key of the field path.
_PATTERN_HINTS = {
    "uscc": "统一社会信用代码为 18 位数字或大写字母（不含 I、O、S、V、Z），请对照营业执照或事业单位法人证书填写。",
    "code": "统一编码由主分支签发，提交者不要填写；如需引用，请从成果库网站复制，格式如 HNXY-2026-ZL-00042-4。",
    "industry": "国民经济行业分类代码（GB/T 4754-2017）为门类字母加 2–4 位数字，如 C3360、I65。",
    "phone": PHONE_HINT,
    "office_phone": PHONE_HINT,
    "website": "网址以 http:// 或 https:// 开头。",
    "url": "挂牌网址须以 https:// 开头、不含空格：请从交易平台复制挂牌页面的地址。",
    "path": "台账路径形如 records/<持有方>/<文件名>.yaml；台账只由 xyhf assign-codes 写入。",
    "abbreviations": "缩写只用英文字母、数字和连字符（最长 12 个，不要空格），如 CMP: 化学机械抛光。",
    "start": "时间写成 24 小时制的“时:分”，如 09:30（加引号）。",
    "end": "时间写成 24 小时制的“时:分”，如 12:00（加引号）。",
}
# An exclusive bound refuses the bound itself: "不能小于 0，现在是 0" would contradict itself.
_BOUND_ZH = {"minimum": "不能小于", "maximum": "不能大于", "exclusiveMinimum": "应大于", "exclusiveMaximum": "应小于"}
_LIST_PATTERN_HINTS = {  # for items of a list: keyed by the list's name
    "maintainers": "请写 GitHub 用户名或团队，以 @ 开头，如 @zhangsan 或 @hnu/ttc。",
    "reviewers": "请写 GitHub 用户名或团队，以 @ 开头，如 @zhangsan 或 @hnu/ttc。",
    "records": "成果统一编码形如 HNXY-2026-ZL-00042-4，请从成果页面复制。",
    "needs": "需求编码形如 HNXQ-2026-00001-7，请从需求页面复制。",
}


# ECMA-262's \s (WhiteSpace and LineTerminator), as the browser matches it. Python's differs both ways:
# under re.ASCII it misses U+3000 and U+00A0; without re.ASCII it also takes \x1c-\x1f and U+0085.
_ECMA_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ESCAPE_OR_BRACKET = re.compile(r"\\.|\[|\]", re.DOTALL)


def _ecma_source(pattern: str) -> str:
    """A schema pattern rewritten so that Python's re, with re.ASCII, reads it as ECMA-262 does:
    `$` at the end is the very end (Python's `$` also matches before a final newline, so "…L\\n"
    passed); \\s is ECMA's whitespace; \\d and \\w stay ASCII (without re.ASCII Python's would also
    match full-width and Arabic-Indic digits)."""
    out, in_class, start = [], False, 0
    for token in _ESCAPE_OR_BRACKET.finditer(pattern):
        text = token.group()
        if text == "\\s":
            text = _ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]"
        elif text == "\\S" and not in_class:
            text = f"[^{_ECMA_SPACE}]"
        elif text == "\\S":
            raise ValueError(f"模式 {pattern!r} 的字符类里用了 \\S：无法照 ECMA-262 的含义读它，请改写。")
        elif text in ("[", "]"):
            in_class = text == "["
        out += [pattern[start : token.start()], text]
        start = token.end()
    out.append(pattern[start:])
    return re.sub(r"(?<!\\)\$$", r"\\Z", "".join(out))


def _ecma_pattern(pattern: str) -> re.Pattern:
    """A schema pattern compiled with the meaning it has in JSON Schema (ECMA-262) and in the browser."""
    return re.compile(_ecma_source(pattern), re.ASCII)


_PATTERNS: dict[str, re.Pattern] = {}


def _pattern_keyword(validator, pattern: str, instance, schema):
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "string"):
        return
    compiled = _PATTERNS.get(pattern) or _PATTERNS.setdefault(pattern, _ecma_pattern(pattern))
    if not compiled.search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _is_email(value: object) -> bool:
    """A deliverable-looking address: a@b, trailing newlines and full-width characters fail."""
    return not isinstance(value, str) or bool(_EMAIL.fullmatch(value))


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    dt.date.fromisoformat(value)  # ValueError for 2023-02-30 and year 0000
    return True


# The formats both validators check, and what a check may raise for a value that fails it.
FORMATS: dict[str, tuple[Callable[[object], bool], type[Exception] | tuple[()]]] = {
    "email": (_is_email, ()),
    "date": (_is_date, ValueError),
}


@cache
def validator(kind: str):
    """The one authority for a schema verdict: jsonschema, with ECMA pattern semantics and strict formats.
    jsonschema is imported here, on the first file the compiled schema refuses: a valid catalog never
    needs it, and its import cost every command a twentieth of a second."""
    from jsonschema import Draft202012Validator, FormatChecker, validators

    checker = FormatChecker(formats=())
    for name, (check, raises) in FORMATS.items():
        checker.checks(name, raises=raises)(check)
    schema = load_schema(kind)
    Draft202012Validator.check_schema(schema)
    extended = validators.extend(Draft202012Validator, {"pattern": _pattern_keyword})
    return extended(schema, format_checker=checker, registry=_registry())


@cache
def _registry() -> Registry:
    """Every schema by its $id, so a `$ref` to another file (a deal's payment is a record's) resolves
    from the package and is never fetched."""
    from referencing import Registry, Resource

    return Registry().with_resources(
        (load_schema(kind)["$id"], Resource.from_contents(load_schema(kind))) for kind in SCHEMA_FILES
    )


def _follow(node: Any, root: dict) -> tuple[Any, dict]:
    while isinstance(node, dict) and "$ref" in node:
        target, root = resolve_ref(node["$ref"], root)
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, root


def _subschema(schema: dict, root: dict, path: PathKey) -> dict | None:
    node: Any = schema
    for part in path:
        node, root = _follow(node, root)
        if not isinstance(node, dict):
            return None
        node = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
    node, root = _follow(node, root)
    return node if isinstance(node, dict) else None


def field_label(kind: str, path: PathKey) -> str:
    """Chinese title of a field from the schema, e.g. ip.number → 登记/授权号."""
    root = load_schema(kind)
    node = _subschema(root, root, path)
    return node.get("title", "") if node else ""


def _describe(kind: str, path: PathKey) -> str:
    label = field_label(kind, path)
    return f"“{label}”" if label else "此项"


def enum_labels(kind: str = "", path: PathKey = ()) -> dict[str, str]:
    """Chinese names of enum values (one table for messages, forms and the guide)."""
    from xyhf.domain.classify import cities
    from xyhf.domain.labels import (
        HOLDER_KIND_LABELS,
        LICENSE_KIND_LABELS,
        MILESTONE_LABELS,
        MODE_LABELS,
        PAYMENT_MODEL_LABELS,
        PATENT_KIND_LABELS,
        STATUS_LABELS,
        TYPE_LABELS,
    )

    labels = {
        **TYPE_LABELS,
        **PATENT_KIND_LABELS,
        **HOLDER_KIND_LABELS,
        **STATUS_LABELS,
        **PAYMENT_MODEL_LABELS,
        **MODE_LABELS,
        **LICENSE_KIND_LABELS,
        **MILESTONE_LABELS,
        **cities(),
        "half_year": "每半年",
        "year": "每年",
        "lump_sum": "一次性总付",
        "installments": "分期支付",
    }
    from xyhf.domain.labels import FIELD_LABELS, SIZE_LABELS

    labels.update(SIZE_LABELS)
    labels.update(FIELD_LABELS.get((kind, str(path[-1]) if path else ""), {}))
    return labels


def _enum_labels(values: list, kind: str = "", path: PathKey = ()) -> str:
    labels = enum_labels(kind, path)
    return "、".join(f"{v}（{labels[v]}）" if v in labels else str(v) for v in values)


def _value_at(data: Any, path: PathKey) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _message(kind: str, error: ValidationError, source: Source) -> tuple[PathKey, str, bool]:
    """(field path, message, point at key) for one schema error."""
    path: PathKey = tuple(error.absolute_path)
    v, value, instance = error.validator, error.validator_value, error.instance
    what = _describe(kind, path)
    if v == "required":
        m = re.search(r"'(.+?)' is a required property", error.message)
        missing = m.group(1) if m else "?"
        label = field_label(kind, path + (missing,))
        return path + (missing,), f"缺少必填字段 {missing}{f'（{label}）' if label else ''}，请补充。", False
    if v == "additionalProperties":
        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        allowed = "、".join(error.schema.get("properties", {}))
        name = extra[0] if extra else "?"
        return path + (name,), f"不认识的字段 {name}：请检查拼写或删除。此处允许的字段有：{allowed}。", True
    if v == "type":
        wanted = value if isinstance(value, str) else value[0]
        text = source.plain_text.get(path)
        if wanted == "string" and text is not None:
            kind_zh = {bool: "是/否值", int: "数字", float: "数字", type(None): "空值"}.get(type(instance), "非文本值")
            return (
                path,
                (
                    f"{what}应是文本，但 YAML 把未加引号的 {text} 读成了{kind_zh}（{instance!r}），"
                    f'原样会丢失信息（前导零、小数点后的位数、no/yes 等）。请加引号写成 "{text}"。'
                ),
                False,
            )
        return path, f"{what}应为{_TYPE_ZH.get(wanted, wanted)}，现在是 {json.dumps(instance, ensure_ascii=False)}。", False
    if v == "enum" or (v == "const" and not isinstance(value, bool)):
        options = value if v == "enum" else [value]
        return (
            path,
            f"{what}的取值 {json.dumps(instance, ensure_ascii=False)} 不在允许范围内，可选：{_enum_labels(options, kind, path)}。",
            False,
        )
    if v == "const":
        return path, f"{what}只能写 {json.dumps(value)}，不需要时请删除此项。", False
    if v == "pattern":
        hint = _PATTERN_HINTS.get(str(path[-1]) if path else "", "")
        if not hint and len(path) >= 2:
            hint = _LIST_PATTERN_HINTS.get(str(path[-2]), "")
        if not hint and len(path) >= 3 and path[-3] == "groups":
            hint = "同义词里不要有空格或标点：每个词单独写一项。"
        return path, f"{what}的格式不对：{json.dumps(instance, ensure_ascii=False)}。{hint}", False
    if v == "format":
        if value == "date":
            return path, f"{what}应为日期，格式 YYYY-MM-DD（如 2025-06-30），现在是 {instance!r}。", False
        return path, f"{what}不是有效的电子邮箱地址：{instance}。邮箱应形如 name@example.com（@ 后写完整域名）。", False
    if v in ("minLength", "maxLength"):
        bound = "至少" if v == "minLength" else "最多"
        return path, f"{what}{bound} {value} 个字，现在是 {len(instance)} 个。", False
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if path == ("trl",):
            return (
                path,
                (
                    "技术成熟度须为 4–9 级（GB/T 22900-2022）。本成果库只收通过实验室环境验证（4 级）及以上的成果；"
                    f"现在是 {instance}。"
                ),
                False,
            )
        if path == ("trl_min",):
            return (
                path,
                f"“最低技术成熟度”须为 4–9 级：入库要求 TRL 4 及以上（实验室环境验证），低于 4 级的成果不会入库；现在是 {instance}。",
                False,
            )
        bound = _BOUND_ZH[v]
        return path, f"{what}{bound} {value}，现在是 {instance}。", False
    if v == "minItems":
        if path[-1:] == ("milestones",):
            return path, "里程碑支付模式至少要有一个里程碑节点（node、condition、amount_cny、due）。", False
        return path, f"{what}至少要有 {value} 项。", False
    if v == "maxItems":
        return path, f"{what}最多 {value} 项，现在有 {len(instance)} 项。", False
    if v == "uniqueItems":
        return path, f"{what}中有重复项，请删除重复的一项。", False
    if v == "minProperties":
        return path, f"{what}至少要填一项（如 after_months: 6 或 on_first_revenue: true）。", False
    if v is None or v is False or "False schema" in error.message:
        # jsonschema leaves the key off `false`-subschema errors: find the forbidden key present here.
        node: Any = load_schema(kind)
        root = node
        for part in error.schema_path:
            if isinstance(node, dict) and "$ref" in node and part not in node:  # jsonschema's path skips the $ref
                node, root = resolve_ref(node["$ref"], root)
            if part == "$ref":
                continue
            node = node[part] if isinstance(node, (dict, list)) and (isinstance(node, list) or part in node) else None
        parent = _value_at(source.data, path)
        if isinstance(node, dict) and isinstance(parent, dict):
            forbidden = [k for k, sub in node.items() if sub is False and k in parent]
            if forbidden:
                path = path + (forbidden[0],)
        what = _describe(kind, path)
        return path, f"{what}不适用于这种情况（如非专利不填 patent_kind，延期启动模式不填 milestones），请删除。", True
    return path, f"{what}不符合要求：{error.message}", False


def _with_python_patterns(node: Any) -> Any:
    """The schema with each pattern in the form _ecma_pattern compiles it to: ASCII classes, ECMA's
    whitespace for \\s, `$` as the very end."""
    if isinstance(node, dict):
        return {
            k: ("(?a)" + _ecma_source(v) if k == "pattern" and isinstance(v, str) else _with_python_patterns(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_with_python_patterns(v) for v in node]
    return node


def _total(check) -> Any:
    def checked(value: object) -> bool:
        try:
            return bool(check(value))
        except ValueError:
            return False

    return checked


@cache
def compiled(kind: str):
    """The schema compiled to Python (fastjsonschema) with the same pattern and format semantics as
    `validator`. It decides quickly that a file is valid; tests/unit/test_schema_equal.py shows it
    agrees with `validator` on every case the suite and the fuzzer know."""
    formats = {name: _total(check) for name, (check, _) in FORMATS.items()}
    handlers = {"https": lambda uri: _with_python_patterns(schema_by_uri(uri))}  # refs between our files, read locally
    return fastjsonschema.compile(_with_python_patterns(load_schema(kind)), formats=formats, handlers=handlers)


def is_valid(kind: str, data: object) -> bool:
    try:
        compiled(kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_schema(kind: str, source: Source) -> Iterator[Diagnostic]:
    """Schema findings for one file. A file the compiled schema accepts has none (jsonschema, with
    equal semantics, would find none either); otherwise jsonschema explains every error. Should the
    two ever disagree about a rejection, the file is still rejected, never silently accepted."""
    if is_valid(kind, source.data):
        return
    found = False
    for error in validator(kind).iter_errors(source.data):
        found = True
        path, message, at_key = _message(kind, error, source)
        line, col = source.key_position(path) if at_key else source.position(path)
        yield Diagnostic(source.display, line, col, field_name(path), message, rule=f"schema.{error.validator or 'false'}")
    if not found:
        yield Diagnostic(
            source.display,
            1,
            1,
            "",
            "文件不符合格式要求，但无法定位到具体字段（校验器内部不一致）。请把本文件发给成果库维护人。",
            rule="schema.disagree",
        )
