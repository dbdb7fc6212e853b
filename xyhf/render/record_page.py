"""The body and head of one record page (/records/<code>/). Every value is escaped here."""

from __future__ import annotations

from xyhf.domain.classify import (METHOD_LABELS, MILESTONE_LABELS, SETTLEMENT_LABELS, cities)
from xyhf.model import Catalog, Record
from xyhf.views import public_contact
from xyhf.render.text import esc, json_for_script, markdown_subset, plain

UP = "../../"  # from records/<code>/ to the site root
CONTRACT_STATUSES = ("available", "negotiating")  # records still open to a licence get a prefilled contract


def money(amount: int | None) -> str:
    return "—" if amount is None else f"{amount:,} 元"


def badges(record: Record) -> str:
    d = record.derived
    out = [f'<span class="xyhf-badge xyhf-status-{esc(record.status)}">{esc(_status(record))}</span>']
    if d.expires_on:
        if d.ip_expired:
            out.append(f'<span class="xyhf-badge xyhf-warn">知识产权已于 {esc(d.expires_on)} 到期</span>')
        else:
            out.append(f'<span class="xyhf-badge xyhf-ok">知识产权有效至 {esc(d.expires_on)}</span>')
    if d.fiscal_unconverted_5y:
        out.append('<span class="xyhf-badge xyhf-warn" title="财政资金支持形成、验收满 5 年未转化的成果应开放许可">'
                   '财政资助满 5 年未转化</span>')
    return '<p class="xyhf-badges">' + "".join(out) + "</p>"


def _status(record: Record) -> str:
    from xyhf.domain.classify import STATUS_LABELS
    return STATUS_LABELS[record.status]


def _row(label: str, value_html: str) -> str:
    return f"<tr><th scope=\"row\">{esc(label)}</th><td>{value_html}</td></tr>"


def facts_table(record: Record, catalog: Catalog) -> str:
    from xyhf.domain.classify import HOLDER_KIND_LABELS, PATENT_KIND_LABELS, TYPE_LABELS
    d, ip = record.derived, record.ip
    holder = catalog.holders[record.holder]
    rows = [
        _row("统一编码", f"<code>{esc(record.code)}</code>"),
        _row("类型", esc(TYPE_LABELS[record.type] + (f"（{PATENT_KIND_LABELS[ip.patent_kind]}）" if ip.patent_kind else ""))),
        _row("持有方", f'<a href="{UP}holders/{esc(holder.id)}/">{esc(holder.name)}</a>（{esc(HOLDER_KIND_LABELS[holder.kind])}）'),
        _row("所在市州", f'<a href="{UP}catalog/?city={esc(d.city)}">{esc(d.city_name)}</a>'),
        _row("技术领域", f'<a href="{UP}catalog/?field={d.tech_field}">{esc(d.tech_field_name)}</a>' if d.tech_field else "未分类"),
    ]
    if d.sei_category:
        rows.append(_row("战略性新兴产业（推定）", esc(d.sei_category)))
    rows.append(_row("技术成熟度", f"TRL {record.trl}（{esc(d.trl_label)}）"))
    if ip.number:
        rows.append(_row("登记/授权号", f"<code>{esc(ip.number)}</code>"))
    rows.append(_row("权利人", esc("、".join(ip.owners))))
    for label, value in (("申请日", ip.filed_on), ("授权/登记日", ip.granted_on)):
        if value:
            rows.append(_row(label, esc(value)))
    if d.expires_on:
        note = "（按法定保护期推算）" if d.expires_on_derived else ""
        rows.append(_row("有效期至", esc(d.expires_on) + note))
    if record.appraisal:
        a = record.appraisal
        rows.append(_row("第三方评估", f"{esc(a.agency)}，报告编号 {esc(a.report_no)}，{esc(a.date)}"))
    if record.ipc:
        rows.append(_row("IPC 分类号", "、".join(f"<code>{esc(s)}</code>" for s in record.ipc)))
    if record.industry:
        rows.append(_row("国民经济行业分类", f"<code>{esc(record.industry)}</code>"))
    rows.append(_row("关键词", "、".join(f'<a href="{UP}catalog/?kw={esc(k)}">{esc(k)}</a>' for k in record.keywords)))
    if record.inventors:
        rows.append(_row("成果完成人", esc("、".join(record.inventors))))
    rows.append(_row("入库日期", esc(record.listed_on)))
    return '<table class="xyhf-facts">' + "".join(rows) + "</table>"


def transfer_html(record: Record) -> str:
    from xyhf.domain.classify import LICENSE_KIND_LABELS, MODE_LABELS
    t = record.transfer
    rows = [_row("转化方式", esc("、".join(MODE_LABELS[m] for m in t.modes)))]
    if t.license_kinds:
        rows.append(_row("许可类型", esc("、".join(LICENSE_KIND_LABELS[k] for k in t.license_kinds))))
    rows.append(_row("转化地域", esc(t.region)))
    if t.term:
        rows.append(_row("许可期限", esc(t.term)))
    return '<table class="xyhf-facts">' + "".join(rows) + "</table>"


def payment_html(record: Record) -> str:
    p = record.payment
    if p.model == "milestone":
        head = "<tr><th scope=\"col\">里程碑节点</th><th scope=\"col\">支付条件</th><th scope=\"col\">支付金额</th><th scope=\"col\">支付期限</th></tr>"
        body = "".join(
            f"<tr><td>{esc(MILESTONE_LABELS[m.node])}</td><td>{esc(m.condition)}</td><td>{money(m.amount_cny)}</td><td>{esc(m.due)}</td></tr>"
            for m in p.milestones)
        total = sum(m.amount_cny for m in p.milestones)
        out = (f"<p><strong>模式一：里程碑节点支付。</strong>乙方无需预先支付，按下列节点分期支付基础转化费用（合计 {money(total)}）。</p>"
               f'<table class="xyhf-milestones"><thead>{head}</thead><tbody>{body}</tbody></table>')
        if p.royalty_percent is not None:
            period = SETTLEMENT_LABELS.get(p.settlement or "", "")
            out += f"<p>提成费用：按实际销售收入的 {esc(p.royalty_percent)}% 支付提成" + (f"，每{esc(period)}结算一次" if period else "") + "。</p>"
        return out
    starts = []
    if p.after_months:
        starts.append(f"合同生效满 {p.after_months} 个月起")
    if p.on_first_revenue:
        starts.append("基于本成果开发的产品或服务产生市场化收入后")
    out = f"<p><strong>模式二：延期启动支付。</strong>乙方自{esc('，或'.join(starts))}开始支付转化费用。</p>"
    rows = [_row("支付形式", esc(METHOD_LABELS.get(p.method or "", ""))), _row("转化费用总额", money(p.total_cny))]
    if p.method == "lump_sum" and p.lump_sum_due:
        rows.append(_row("支付期限", esc(p.lump_sum_due)))
    if p.method == "installments":
        rows.append(_row("分期", f"共 {p.installment_count} 期，每期 {money(p.installment_amount_cny)}"))
        if p.installment_schedule:
            rows.append(_row("支付时间", esc(p.installment_schedule)))
    return out + '<table class="xyhf-facts">' + "".join(rows) + "</table>"


def contact_html(record: Record, catalog: Catalog) -> str:
    c = public_contact(record, catalog.holders[record.holder])
    rows = [_row("联系人", esc(c.get("name", ""))), _row("单位", esc(c["organization"]))]
    if c.get("phone"):
        rows.append(_row("电话", esc(c["phone"])))
    if c.get("email"):
        rows.append(_row("电子邮箱", f'<a href="mailto:{esc(c["email"])}">{esc(c["email"])}</a>'))
    return '<table class="xyhf-facts">' + "".join(rows) + "</table>"


def record_body(record: Record, catalog: Catalog, related: list[Record]) -> str:
    sections = [  # the theme prints the title as <h1> from the page template
        badges(record),
        facts_table(record, catalog),
        "<h2>简要说明</h2>" + markdown_subset(record.summary),
        "<h2>应用领域与市场前景</h2>" + markdown_subset(record.applications),
        "<h2>技术优势</h2>" + markdown_subset(record.advantages),
    ]
    if record.licensee_requirements:
        sections.append("<h2>承接条件</h2>" + markdown_subset(record.licensee_requirements))
    sections.append("<h2>转化方式与范围</h2>" + transfer_html(record))
    sections.append("<h2>转化费用支付方式</h2>" + payment_html(record))
    if record.funding and record.funding.fiscal:
        f = record.funding
        note = ("。按省方案，财政资金支持形成、验收后 5 年内未转化的成果应纳入成果库开放许可。"
                if record.derived.fiscal_unconverted_5y else "。")
        sections.append(f"<h2>财政资金支持</h2><p>{esc(f.project or '财政资金项目')}，验收日期 {esc(f.accepted_on)}{note}</p>")
    sections.append("<h2>联系方式</h2>" + contact_html(record, catalog))
    prefilled = (f'<li><a href="{UP}contract/{esc(record.code)}.docx" download>按本成果预填的合同示范文本（Word）</a></li>'
                 if record.status in CONTRACT_STATUSES else "")
    sections.append(
        "<h2>下载</h2><ul>"
        f'<li><a href="{UP}data/records/{esc(record.code)}.json" download>本成果数据（JSON）</a></li>'
        f'{prefilled}<li><a href="{UP}contract/">合同示范文本（网页版）</a></li></ul>')
    if related:
        items = "".join(f'<li><a href="{UP}records/{esc(r.code)}/">{esc(r.title)}</a>'
                        f'<span class="xyhf-meta">　{esc(catalog.holders[r.holder].name)}</span></li>' for r in related)
        sections.append(f'<h2>相关成果</h2><ul class="xyhf-related">{items}</ul>')
    return '<article class="xyhf-record">' + "".join(sections) + "</article>"


def record_jsonld(record: Record, catalog: Catalog, site_url: str) -> str:
    holder = catalog.holders[record.holder]
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "additionalType": record.type,
        "identifier": [record.code] + ([record.ip.number] if record.ip.number else []),
        "name": plain(record.title),
        "description": plain(record.summary)[:500],
        "keywords": ",".join(plain(k) for k in record.keywords),
        "datePublished": record.listed_on,
        "url": f"{site_url}records/{record.code}/",
        "inLanguage": "zh-CN",
        "provider": {"@type": "Organization", "name": plain(holder.name), "identifier": holder.uscc,
                     "address": {"@type": "PostalAddress", "addressRegion": "湖南省",
                                 "addressLocality": cities()[holder.city]}},
        "offers": {"@type": "Offer", "price": "0", "priceCurrency": "CNY",
                   "description": "先用后付：零门槛许可，按里程碑或延期启动支付转化费用",
                   "availability": "https://schema.org/InStock" if record.status == "available" else "https://schema.org/LimitedAvailability"},
    }
    return f'<script type="application/ld+json">{json_for_script(data)}</script>'
