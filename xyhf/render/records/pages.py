"""The pages that list records: holders, browse (by type, field, city), promotion directories,
statistics. Pure: catalog in, Pages out (the blocks filled into prose pages are render/prose.py's).

Each page is a `Page`: its Markdown stub carries only placeholders, so no record text ever
passes through Markdown; the body from an autoescaped template is filled into the theme's
HTML afterwards (render/base/shell.py).
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from xyhf.domain.classify import cities, tech_fields
from xyhf.domain.labels import HOLDER_KIND_LABELS, PAYMENT_MODEL_LABELS, STATUS_LABELS, TYPE_LABELS
from xyhf.figures import TARGET
from xyhf.model.records import Catalog, Record
from xyhf.render.base.charts import bar_chart, city_tiles, progress_chart
from xyhf.render.documents import open_license
from xyhf.render.base.page import Page
from xyhf.render.base.templating import render
from xyhf.views import public_contact, terms_line

BROWSE_LIMIT = 200


def holder_pages(catalog: Catalog) -> list[Page]:
    by_holder: dict[str, list[Record]] = {h: [] for h in catalog.holders}
    for r in catalog.published():
        by_holder[r.holder].append(r)
    pages = []
    order = sorted(catalog.holders.values(), key=lambda h: (-len(by_holder[h.id]), h.id))
    for holder in order:
        rows = [
            ("持有方编号", holder.id),
            ("单位类型", HOLDER_KIND_LABELS[holder.kind]),
            ("所在市州", cities()[holder.city]),
            ("统一社会信用代码", holder.uscc),
        ]
        rows += [
            (label, value)
            for label, value in (("地址", holder.address), ("办公电话", holder.office_phone), ("办公邮箱", holder.office_email))
            if value
        ]
        body = render(
            "holder.html",
            holder=holder,
            rows=rows,
            records=by_holder[holder.id],
            catalog=catalog,
            open_declared=open_license.declared(by_holder[holder.id]),
            open_candidates=[
                (r, open_license.suggestion(r, catalog.today)) for r in open_license.candidates(by_holder[holder.id])
            ],
        )
        pages.append(Page(f"holders/{holder.id}.md", holder.name, body))
    index = render("holders_index.html", rows=[(h, len(by_holder[h.id])) for h in order])
    pages.append(Page("holders/index.md", "持有方", index))
    return pages


def browse_pages(catalog: Catalog) -> list[Page]:
    published = catalog.published()
    groups = {
        "type": ("按类型", dict(TYPE_LABELS), lambda r: r.type),
        "field": (
            "按技术领域",
            {str(f.id): f.name_zh for f in tech_fields().values()},
            lambda r: str(r.derived.tech_field or ""),
        ),
        "city": ("按市州", cities(), lambda r: r.derived.city),
    }
    pages, sections = [], []
    for kind, (title, names, key) in groups.items():
        members: dict[str, list[Record]] = {}
        for r in published:
            members.setdefault(key(r), []).append(r)
        items = []
        for k, label in names.items():
            recs = members.get(k, [])
            if recs:
                items.append((f"{kind}/{k}/", label, len(recs)))
                body = render(
                    "browse_group.html",
                    kind=kind,
                    key=k,
                    total=len(recs),
                    limit=BROWSE_LIMIT,
                    records=recs[:BROWSE_LIMIT],
                    catalog=catalog,
                )
                pages.append(Page(f"browse/{kind}/{k}.md", f"{title}：{label}", body))
        sections.append((title, items))
    from xyhf import figures

    tiles = Markup(city_tiles("各市州已发布成果数（示意图）", figures.per_city(catalog), cities(), "city/{code}/"))  # noqa: S704 - our own SVG
    pages.append(Page("browse/index.md", "分类浏览", render("browse_index.html", sections=sections, tiles=tiles)))
    return pages


def directory_rows(promo, catalog: Catalog) -> list[tuple]:
    """(entry, record, contact, terms in one line) of a promotion directory; withdrawn records show no contact."""
    rows = []
    for entry in promo.entries:
        record = catalog.by_code[entry.code]
        holder = catalog.holders[record.holder]
        contact = public_contact(record, holder) if record.status != "withdrawn" else {}
        rows.append((entry, record, contact, terms_line(record) if record.status != "withdrawn" else "已撤回"))
    return rows


def promotion_pages(catalog: Catalog) -> list[Page]:
    promotions = sorted(catalog.promotions, key=lambda p: -p.year)
    pages = [
        Page(
            f"promotion/{p.year}/index.md",
            p.title,
            render("promotion.html", promo=p, rows=directory_rows(p, catalog), catalog=catalog),
        )
        for p in promotions
    ]
    pages.append(Page("promotion/index.md", "年度推广目录", render("promotion_index.html", promotions=promotions)))
    return pages


def stats_page(catalog: Catalog) -> Page:
    from xyhf import figures

    published = figures.published(catalog)
    fields = tech_fields()

    def counted(key, names=None, top=None) -> list[tuple[str, int]]:
        rows = sorted(Counter(key(r) for r in published).items(), key=lambda kv: (-kv[1], str(kv[0])))
        return [((names or {}).get(k, str(k)), n) for k, n in rows[:top]]

    months: Counter = Counter(r.listed_on[:7] for r in published)
    running, points = 0, []
    for month in sorted(months):
        running += months[month]
        points.append((month, running))
    field_names = {f.id: f.name_zh for f in fields.values()} | {0: "未分类"}
    charts = [
        ("已发布成果累计数量与 2028 年目标", progress_chart("已发布成果累计数量与 2028 年目标", points, TARGET)),
        ("按类型", bar_chart("按类型统计", counted(lambda r: r.type, TYPE_LABELS))),
        (
            "按市州（示意图：每个方块一个市州，点击查看该市州的成果）",
            city_tiles("按市州统计（示意图）", figures.per_city(catalog), cities(), "../catalog/?city={code}"),
        ),
        ("按市州", bar_chart("按市州统计", counted(lambda r: r.derived.city, cities()))),
        ("按技术领域（前 15）", bar_chart("按技术领域统计", counted(lambda r: r.derived.tech_field or 0, field_names, 15))),
        (
            "按持有方（前 15）",
            bar_chart("按持有方统计", counted(lambda r: r.holder, {h: v.name for h, v in catalog.holders.items()}, 15)),
        ),
        ("按技术成熟度", bar_chart("按技术成熟度统计", sorted(counted(lambda r: r.trl, {n: f"TRL {n}" for n in range(4, 10)})))),
        ("按支付模式", bar_chart("按支付模式统计", counted(lambda r: r.payment.model, PAYMENT_MODEL_LABELS))),
        ("按状态", bar_chart("按状态统计", counted(lambda r: r.status, STATUS_LABELS))),
    ]
    # The SVG is built by charts.py from escaped values; it enters the template as markup.
    body = render(
        "stats.html",
        total=len(published),
        withdrawn=figures.withdrawn_count(catalog),
        definition=figures.PUBLISHED_DEFINITION,
        charts=[(t, Markup(svg)) for t, svg in charts],
    )  # noqa: S704
    return Page("stats.md", "统计", body)
