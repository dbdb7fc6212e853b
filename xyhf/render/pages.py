"""Generated Markdown pages (holders, browse, promotion, statistics, field reference, home blocks).

MkDocs renders them with the theme. Their bodies are raw HTML built from escaped values,
each block on one line so Markdown passes it through untouched.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from xyhf.domain.classify import (HOLDER_KIND_LABELS, PAYMENT_MODEL_LABELS, STATUS_LABELS, TYPE_LABELS, cities,
                        tech_fields)
from xyhf.model import Catalog, Record
from xyhf.validate.schema import load_schema
from xyhf.render.charts import bar_chart, progress_chart
from xyhf.render.text import esc

TARGET = 2500  # 2028 target of the provincial plan
BROWSE_LIMIT = 200


def front_matter(title: str, search: bool = False, hide_toc: bool = True) -> str:
    # The theme prints page.title without escaping (MkDocs templates do not autoescape), and
    # titles here come from records: escape them before they reach the theme.
    lines = ["---", f"title: {json.dumps(esc(title), ensure_ascii=False)}"]
    if not search:
        lines += ["search:", "  exclude: true"]
    if hide_toc:
        lines += ["hide:", "  - toc"]
    return "\n".join(lines + ["---", ""]) + "\n"


def records_table(records: list[Record], catalog: Catalog, up: str, show_holder: bool = True) -> str:
    head = "<tr><th scope=\"col\">统一编码</th><th scope=\"col\">成果名称</th>" + \
           ("<th scope=\"col\">持有方</th>" if show_holder else "") + \
           "<th scope=\"col\">类型</th><th scope=\"col\">TRL</th><th scope=\"col\">状态</th><th scope=\"col\">入库日期</th></tr>"
    rows = []
    for r in records:
        holder = f"<td>{esc(catalog.holders[r.holder].name)}</td>" if show_holder else ""
        rows.append(f"<tr><td><code>{esc(r.code)}</code></td><td><a href=\"{up}records/{esc(r.code)}/\">{esc(r.title)}</a></td>"
                    f"{holder}<td>{esc(TYPE_LABELS[r.type])}</td><td>{r.trl}</td><td>{esc(STATUS_LABELS[r.status])}</td>"
                    f"<td>{esc(r.listed_on)}</td></tr>")
    return f'<div class="xyhf-table-wrap"><table class="xyhf-list"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>'


def newest_html(catalog: Catalog, up: str, n: int = 8) -> str:
    items = "".join(
        f'<li><a href="{up}records/{esc(r.code)}/">{esc(r.title)}</a><span class="xyhf-meta">　{esc(catalog.holders[r.holder].name)} · '
        f"{esc(r.listed_on)}</span></li>" for r in catalog.published()[:n])
    return f'<ul class="xyhf-newest">{items}</ul>'


def progress_html(catalog: Catalog) -> str:
    n = len([r for r in catalog.published() if r.status != "withdrawn"])
    pct = min(100, round(100 * n / TARGET, 1))
    return (f'<div class="xyhf-progress"><p>已发布 <strong>{n}</strong> 项“先用后付”成果，'
            f'距 2028 年目标 {TARGET} 项完成 {pct}%。</p>'
            f'<div class="xyhf-bar" role="progressbar" aria-label="目标完成进度" aria-valuemin="0" aria-valuemax="{TARGET}" '
            f'aria-valuenow="{n}"><span style="width:{pct}%"></span></div></div>')


def holder_pages(catalog: Catalog) -> dict[str, str]:
    by_holder: dict[str, list[Record]] = {h: [] for h in catalog.holders}
    for r in catalog.published():
        by_holder[r.holder].append(r)
    pages = {}
    index_rows = []
    for hid, holder in sorted(catalog.holders.items(), key=lambda kv: (-len(by_holder[kv[0]]), kv[0])):
        recs = by_holder[hid]
        index_rows.append(f'<tr><td><a href="{esc(hid)}/">{esc(holder.name)}</a></td><td>{esc(HOLDER_KIND_LABELS[holder.kind])}</td>'
                          f"<td>{esc(cities()[holder.city])}</td><td>{len(recs)}</td></tr>")
        facts = [("单位类型", HOLDER_KIND_LABELS[holder.kind]), ("所在市州", cities()[holder.city]),
                 ("统一社会信用代码", holder.uscc)]
        if holder.address:
            facts.append(("地址", holder.address))
        if holder.office_phone:
            facts.append(("办公电话", holder.office_phone))
        if holder.office_email:
            facts.append(("办公邮箱", holder.office_email))
        table = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in facts)
        body = (f'<table class="xyhf-facts">{table}</table>\n\n'
                f'<p><a href="../../catalog/?holder={esc(hid)}">在成果检索中筛选本单位的成果</a> · 共 {len(recs)} 项</p>\n\n'
                + records_table(recs, catalog, "../../", show_holder=False) + "\n")
        pages[f"holders/{hid}.md"] = front_matter(holder.name) + f"# {esc(holder.name)}\n\n" + body
    pages["holders/index.md"] = front_matter("持有方") + "# 持有方\n\n提供“先用后付”成果的高校、科研院所、医疗卫生机构等单位。\n\n" + (
        '<div class="xyhf-table-wrap"><table class="xyhf-list"><thead><tr><th scope="col">单位</th><th scope="col">类型</th>'
        f'<th scope="col">市州</th><th scope="col">成果数</th></tr></thead><tbody>{"".join(index_rows)}</tbody></table></div>\n')
    return pages


def browse_pages(catalog: Catalog) -> dict[str, str]:
    published = catalog.published()
    groups = {
        "type": ("按类型", {t: TYPE_LABELS[t] for t in TYPE_LABELS}, lambda r: r.type),
        "field": ("按技术领域", {str(f.id): f.name_zh for f in tech_fields().values()}, lambda r: str(r.derived.tech_field or "")),
        "city": ("按市州", cities(), lambda r: r.derived.city),
    }
    pages, sections = {}, []
    for kind, (title, labels, key) in groups.items():
        members: dict[str, list[Record]] = {}
        for r in published:
            members.setdefault(key(r), []).append(r)
        items = []
        for k, label in labels.items():
            recs = members.get(k, [])
            if not recs:
                continue
            items.append(f'<li><a href="{kind}/{esc(k)}/">{esc(label)}</a>（{len(recs)}）</li>')
            more = (f'<p>本页列出最新的 {BROWSE_LIMIT} 项，<a href="../../../catalog/?{kind}={esc(k)}">在成果检索中查看全部 {len(recs)} 项</a>。</p>\n\n'
                    if len(recs) > BROWSE_LIMIT else
                    f'<p><a href="../../../catalog/?{kind}={esc(k)}">在成果检索中按此条件继续筛选</a> · 共 {len(recs)} 项</p>\n\n')
            pages[f"browse/{kind}/{k}.md"] = (front_matter(f"{title}：{label}") + f"# {esc(label)}\n\n" + more +
                                             records_table(recs[:BROWSE_LIMIT], catalog, "../../../") + "\n")
        sections.append(f"## {title}\n\n" + f'<ul class="xyhf-columns">{"".join(items)}</ul>\n')
    pages["browse/index.md"] = front_matter("分类浏览") + "# 分类浏览\n\n" + "\n".join(sections)
    return pages


def promotion_pages(catalog: Catalog) -> dict[str, str]:
    pages = {}
    links = []
    for promo in sorted(catalog.promotions, key=lambda p: -p.year):
        rows = []
        for i, entry in enumerate(promo.entries, 1):
            r = catalog.by_code[entry.code]
            rows.append(f"<tr><td>{i}</td><td><code>{esc(r.code)}</code></td><td><a href=\"../../records/{esc(r.code)}/\">{esc(r.title)}</a></td>"
                        f"<td>{esc(catalog.holders[r.holder].name)}</td><td>{esc(TYPE_LABELS[r.type])}</td><td>{r.trl}</td>"
                        f"<td>{esc(entry.reason)}</td></tr>")
        head = ("<tr><th scope=\"col\">序号</th><th scope=\"col\">统一编码</th><th scope=\"col\">成果名称</th><th scope=\"col\">持有方</th>"
                "<th scope=\"col\">类型</th><th scope=\"col\">TRL</th><th scope=\"col\">推荐理由</th></tr>")
        body = (f"<p>发布日期：{esc(promo.published_on)} · 共 {len(promo.entries)} 项 · "
                f'下载：<a href="promotion-{promo.year}.xlsx" download>Excel</a> · <a href="promotion-{promo.year}.csv" download>CSV</a> · '
                '<a href="javascript:window.print()">打印</a></p>\n\n'
                f'<div class="xyhf-table-wrap"><table class="xyhf-list xyhf-print"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>\n')
        pages[f"promotion/{promo.year}/index.md"] = front_matter(promo.title) + f"# {esc(promo.title)}\n\n" + body
        links.append(f'<li><a href="{promo.year}/">{esc(promo.title)}</a>（{len(promo.entries)} 项，{esc(promo.published_on)} 发布）</li>')
    pages["promotion/index.md"] = (front_matter("年度推广目录") + "# 年度推广目录\n\n"
                                   "每年从成果库中遴选技术成熟度高、产权清晰、适合中小微企业承接的成果，编制“先用后付”重点科技成果推广目录。\n\n"
                                   + (f'<ul>{"".join(links)}</ul>\n' if links else "暂无已发布的目录。\n"))
    return pages


def stats_page(catalog: Catalog) -> str:
    published = [r for r in catalog.published()]
    fields = tech_fields()

    def counted(key, labels=None, top=None) -> list[tuple[str, int]]:
        c = Counter(key(r) for r in published)
        rows = sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))
        if top:
            rows = rows[:top]
        return [((labels or {}).get(k, str(k)), n) for k, n in rows]

    months: Counter = Counter(r.listed_on[:7] for r in published)
    running, points = 0, []
    for month in sorted(months):
        running += months[month]
        points.append((month, running))
    charts = [
        ("入库成果累计数量与 2028 年目标", progress_chart("入库成果累计数量与 2028 年目标", points, TARGET)),
        ("按类型", bar_chart("按类型统计", counted(lambda r: r.type, TYPE_LABELS))),
        ("按市州", bar_chart("按市州统计", counted(lambda r: r.derived.city, cities()))),
        ("按技术领域（前 15）", bar_chart("按技术领域统计", counted(lambda r: r.derived.tech_field or 0,
                                                        {f.id: f.name_zh for f in fields.values()} | {0: "未分类"}, 15))),
        ("按持有方（前 15）", bar_chart("按持有方统计", counted(lambda r: r.holder, {h: v.name for h, v in catalog.holders.items()}, 15))),
        ("按技术成熟度", bar_chart("按技术成熟度统计", sorted(counted(lambda r: r.trl, {n: f"TRL {n}" for n in range(4, 10)})))),
        ("按支付模式", bar_chart("按支付模式统计", counted(lambda r: r.payment.model, PAYMENT_MODEL_LABELS))),
        ("按状态", bar_chart("按状态统计", counted(lambda r: r.status, STATUS_LABELS))),
    ]
    body = "".join(f"\n## {title}\n\n<figure class=\"xyhf-figure\">{svg}</figure>\n" for title, svg in charts)
    return front_matter("统计") + f"# 统计\n\n共发布成果 {len(published)} 项（含已撤回的记录，撤回后编码与页面保留）。\n" + body


def field_reference(schema_dir: Path | None = None) -> str:
    """提交指南's field reference, generated from the schemas so it cannot drift from the validator."""
    out = []
    for kind, title in (("holder", "持有方文件 holders/&lt;编号&gt;.yaml"), ("record", "成果文件 records/&lt;持有方&gt;/&lt;文件名&gt;.yaml"),
                        ("promotion", "推广目录 promotion/&lt;年份&gt;.yaml")):
        schema = load_schema(kind)
        rows = []
        _walk(schema, schema, "", set(schema.get("required", [])), rows)
        table = "".join(f"<tr><td><code>{esc(p)}</code></td><td>{esc(t)}</td><td>{'是' if req else ''}</td><td>{esc(rule)}</td></tr>"
                        for p, t, req, rule in rows)
        out.append(f"### {title}\n\n" + '<div class="xyhf-table-wrap"><table class="xyhf-list"><thead><tr><th scope="col">字段</th>'
                   '<th scope="col">名称</th><th scope="col">必填</th><th scope="col">要求</th></tr></thead>'
                   f"<tbody>{table}</tbody></table></div>\n")
    return "\n".join(out)


def _walk(node: dict, root: dict, prefix: str, required: set[str], rows: list) -> None:
    for name, sub in node.get("properties", {}).items():
        if "$ref" in sub:
            sub = {**root["$defs"][sub["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in sub.items() if k != "$ref"}}
        path = f"{prefix}{name}"
        rows.append((path, sub.get("title", ""), name in required, _rule(sub)))
        if sub.get("type") == "object":
            _walk(sub, root, path + ".", set(sub.get("required", [])), rows)
        items = sub.get("items", {})
        if "$ref" in items:
            items = root["$defs"][items["$ref"].rsplit("/", 1)[-1]]
        if isinstance(items, dict) and items.get("type") == "object":
            _walk(items, root, path + "[].", set(items.get("required", [])), rows)


def _rule(sub: dict) -> str:
    parts = []
    kind = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "true/false", "array": "列表", "object": "映射"}
    if sub.get("type") in kind:
        parts.append(kind[sub["type"]])
    if "enum" in sub:
        parts.append("取值：" + " / ".join(map(str, sub["enum"])))
    items = sub.get("items", {})
    if isinstance(items, dict) and "enum" in items:
        parts.append("取值：" + " / ".join(items["enum"]))
    if sub.get("format") == "date":
        parts.append("日期 YYYY-MM-DD")
    for key, label in (("minimum", "最小"), ("maximum", "最大"), ("minLength", "至少字数"), ("maxLength", "最多字数"),
                       ("minItems", "至少项数"), ("maxItems", "最多项数")):
        if key in sub:
            parts.append(f"{label} {sub[key]}")
    if sub.get("description"):
        parts.append(sub["description"])
    return "；".join(parts)
