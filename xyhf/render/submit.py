"""The submission pages (submit/ for a record, submit/need/ for a need): a form generated at build
time from the same JSON Schema the checker uses, so a field added to the schema appears in the form.

Every input's name is the field's key path (title, ip.number, payment.milestones[0].amount_cny;
DATA-MODEL.md); lists of words are one box (one entry per line or separated by 、), lists of choices
are checkboxes, repeatable objects a fixed number of rows. The browser side (assets/xyhf/submit.js)
turns the inputs into the YAML file, checks it with the schema, and ends the clerk's task: download the
file (named after the title), then e-mail it to the station of the holder's or firm's city (or the
office); GitHub's new-file page stays as the route for people with an account."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from xyhf.domain.schemas import load_schema, resolve_ref
from xyhf.importers.xlsx import LIST_SEPARATORS
from xyhf.model.records import Catalog
from xyhf.render.base.templating import render
from xyhf.validate.schema import enum_labels

ROWS = 5  # repeatable objects (milestones): rows shown; empty rows are left out of the file
LONG = 120  # strings allowed longer than this get a text area
NEVER = {"code"}  # issued by the maintainers' command, never typed (DATA-MODEL: code is never editable)
KINDS = {
    "record": ("records/{holder}/{slug}.yaml", "成果"),
    "need": ("needs/{holder}/{slug}.yaml", "需求"),
}


@dataclass
class Field:
    name: str  # key path
    label: str
    widget: str  # text, textarea, date, number, select, checks, list, bool
    help: str = ""
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    data_type: str = "string"  # string, integer, number, boolean, array, list


@dataclass
class Group:
    legend: str
    path: str
    fields: list = field(default_factory=list)  # Field or Group
    required: bool = False


def form_groups(kind: str) -> Group:
    schema = load_schema(kind)
    root = Group(schema.get("title", kind), "")
    _walk(schema, schema, "", set(schema.get("required", [])), root, kind)
    return root


def _resolve(sub: dict, root: dict) -> tuple[dict, dict]:
    if "$ref" in sub:
        target, sub_root = resolve_ref(sub["$ref"], root)
        return {**target, **{k: v for k, v in sub.items() if k != "$ref"}}, sub_root
    return sub, root


def _walk(node: dict, root: dict, prefix: str, required: set[str], group: Group, kind: str) -> None:
    for name, raw in node.get("properties", {}).items():
        if not isinstance(raw, dict) or (not prefix and name in NEVER):
            continue
        sub, sub_root = _resolve(raw, root)
        path = f"{prefix}{name}"
        if sub.get("type") == "object":
            inner = Group(sub.get("title", name), path, required=name in required)
            _walk(sub, sub_root, path + ".", set(sub.get("required", [])), inner, kind)
            group.fields.append(inner)
            continue
        items, items_root = _resolve(sub.get("items", {}), sub_root) if sub.get("type") == "array" else ({}, sub_root)
        if items.get("type") == "object":
            for i in range(ROWS):
                row = Group(f"{sub.get('title', name)} {i + 1}", f"{path}[{i}]", required=name in required and i == 0)
                _walk(items, items_root, f"{path}[{i}].", set(items.get("required", [])), row, kind)
                group.fields.append(row)
            continue
        group.fields.append(_leaf(sub, items, path, name in required, kind))


def _leaf(sub: dict, items: dict, path: str, required: bool, kind: str) -> Field:
    label, help_text = sub.get("title", path), sub.get("description", "")
    key = tuple(path.replace("]", "").replace("[", ".").split("."))
    if sub.get("type") == "array":
        if "enum" in items:
            return Field(path, label, "checks", help_text, required, _options(items["enum"], kind, key), "array")
        return Field(path, label, "list", help_text or "每行一项，或用“、”分隔", required, data_type="list")
    if "enum" in sub:
        return Field(path, label, "select", help_text, required, _options(sub["enum"], kind, key))
    kind_of = sub.get("type", "string")
    if kind_of == "boolean":
        return Field(path, label, "bool", help_text, required, [("true", "是"), ("false", "否")], "boolean")
    if kind_of in ("integer", "number"):
        return Field(path, label, "number", help_text, required, data_type=kind_of)
    if sub.get("format") == "date":
        return Field(path, label, "date", help_text, required)
    wide = sub.get("maxLength", 0) > LONG or path in ("summary", "problem", "goal")
    return Field(path, label, "textarea" if wide else "text", help_text, required)


def _options(values: list, kind: str, key: tuple) -> list[tuple[str, str]]:
    labels = enum_labels(kind, key)
    return [(str(v), labels.get(str(v), str(v))) for v in values]


def conditional_rules(kind: str) -> list[dict]:
    """Parts of the form that do not apply, read from the schema's own if/then/else: where a choice
    (type, payment model) makes a field `false`, the form hides it while that choice is made."""
    schema = load_schema(kind)
    rules: list[dict] = []
    _rules_of(schema, schema, "", rules)
    return rules


def _rules_of(node: dict, root: dict, prefix: str, rules: list[dict]) -> None:
    for case in node.get("allOf", []):
        condition = case.get("if", {}).get("properties", {})
        if len(condition) != 1 or "const" not in next(iter(condition.values())):
            continue
        name, test = next(iter(condition.items()))
        for branch, negate in (("then", False), ("else", True)):
            hidden = _false_paths(case.get(branch, {}), prefix)
            if hidden:
                rules.append({"field": prefix + name, "value": str(test["const"]), "negate": negate, "hide": hidden})
    for name, raw in node.get("properties", {}).items():
        if isinstance(raw, dict):
            sub, sub_root = _resolve(raw, root)
            if sub.get("type") == "object":
                _rules_of(sub, sub_root, f"{prefix}{name}.", rules)


def _false_paths(branch: dict, prefix: str) -> list[str]:
    out = []
    for name, sub in branch.get("properties", {}).items():
        if sub is False:
            out.append(prefix + name)
        elif isinstance(sub, dict):
            out += _false_paths(sub, f"{prefix}{name}.")
    return out


def desks_by_city(catalog: Catalog) -> dict[str, dict[str, str]]:
    """City code → the desk its holders and firms e-mail (station, else the office): name, email, phone."""
    from xyhf.domain.classify import cities
    from xyhf.model.stations import desk_for
    from xyhf.render.base.templating import safe_url

    out = {}
    for city in cities():
        desk = desk_for(catalog.desks, city)
        if desk is not None and safe_url(desk.email, "mailto"):
            out[city] = {"name": desk.name, "email": desk.email, "phone": desk.phone}
    return out


def submit_html(catalog: Catalog, kind: str, repository: str) -> str:
    """The form block of submit/ (kind record) or submit/need/ (kind need)."""
    from urllib.parse import quote

    from xyhf.domain.classify import cities
    from xyhf.model.stations import OFFICE
    from xyhf.render.base.templating import safe_url

    path_pattern, noun = KINDS[kind]
    if kind == "record":
        places = [(h.id, f"{h.name}（{h.id}）") for h in sorted(catalog.holders.values(), key=lambda h: h.id)]
    else:
        places = [(code, f"{name}（{code}）") for code, name in cities().items()]
    office = next((d for d in catalog.desks if d.city == OFFICE and safe_url(d.email, "mailto")), None)
    subject = quote(f"提交{noun}", safe="")
    mail_href = f"{safe_url(office.email, 'mailto')}?subject={subject}" if office else ""
    who = "持有方所在市州" if kind == "record" else "企业所在市州"
    return render(
        "submit_form.html",
        kind=kind,
        noun=noun,
        root=form_groups(kind),
        places=places,
        place_label="持有方（您的单位）" if kind == "record" else "所在市州",
        path_pattern=path_pattern,
        repository=repository,
        mail_href=mail_href,
        desk_line=(
            f"{who}的工作站（选择后显示）；未选择时发给{office.name} {office.email}"
            if office
            else f"{who}的工作站（选择后显示）"
            if catalog.desks
            else "成果库尚未登记收件邮箱：请用下面的“在线提交”，或把文件交给成果库维护人"
        ),
        after_mail=(
            "工作站核对后，成果经本单位维护人和成果库审核通过即获得统一编码并在网站公布；有问题会回复您的邮件。"
            if kind == "record"
            else "工作站核对后在网站公布需求，并把匹配的成果推送给持有方；有问题会回复您的邮件。"
        ),
        schema_url=f"schemas/{kind}.schema.json",
        config=json.dumps(
            {
                "kind": kind,
                "path": path_pattern,
                "repository": repository,
                "rules": conditional_rules(kind),
                "separators": LIST_SEPARATORS,  # as the Excel and issue importers split lists
                "desks": desks_by_city(catalog),
                "office": {"name": office.name, "email": office.email, "phone": office.phone} if office else None,
                "holders": {h.id: {"name": h.name, "city": h.city} for h in catalog.holders.values()},
                "cities": cities(),
            },
            ensure_ascii=False,
        ),
    )
