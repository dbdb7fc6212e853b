"""The model contract (合同示范文本) as Word and HTML, blank or prefilled from a record.

python-docx builds the document once from generator/data/contract.yaml, with every slot as
its own run holding a marker (⟦slot⟧). Prefilled copies only substitute escaped values into
that document.xml and re-zip it with the shared parts compressed once, so 25,000 contracts
cost milliseconds each instead of a python-docx build each.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from importlib import resources
from collections.abc import Iterator

import yaml

from xyhf.domain.labels import LICENSE_KIND_LABELS, SETTLEMENT_LABELS, TYPE_LABELS
from xyhf.model import Catalog, Record
from xyhf.views import reachable_contact
from xyhf.render.text import esc, plain, xml_text
from xyhf.render.zipfix import Entry, assemble_zip, deflate_entry

SLOT = re.compile(r"\{(box:)?([a-z0-9_]+)\}")
MARK = re.compile(r"⟦(box:)?([a-z0-9_]+)⟧")
BLANK = "\u3000" * 6
BOX_ON, BOX_OFF = "☑", "□"
MILESTONE_ROWS = {
    "tech_validation": "m1",
    "sample_trial": "m2",
    "market_launch": "m3",
    "sales_target": "m4",
    "qualification": "m5",
    "other": "m5",
}


@cache
def contract_source() -> dict:
    text = resources.files("xyhf").joinpath("data", "contract.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def record_fill(record: Record, catalog: Catalog) -> dict[str, object]:
    """Slot values a record fixes; everything else stays a blank for the parties."""
    holder = catalog.holders[record.holder]
    contact = reachable_contact(holder.contact, holder.publish_contact, holder)
    fill: dict[str, object] = {
        "a_name": holder.name,
        "a_address": holder.address,
        "a_legal": holder.legal_representative,
        "a_contact": contact.get("name"),
        "a_phone": contact.get("phone"),
        "a_email": contact.get("email"),
        "title": record.title,
        "ip_number": record.ip.number,
        "owners": "、".join(record.ip.owners),
        "field": record.derived.tech_field_name,
        "trl": str(record.trl),
        "summary": plain(record.summary),
        "region": record.transfer.region,
        "contract_no": None,
    }
    for t in TYPE_LABELS:
        fill[f"box:type_{t}"] = record.type == t
    fill["box:mode_transfer"] = "transfer" in record.transfer.modes
    fill["box:mode_license"] = "license" in record.transfer.modes
    for k in LICENSE_KIND_LABELS:
        fill[f"box:lic_{k}"] = k in record.transfer.license_kinds
    if record.transfer.term:
        fill["term_note"] = f"（成果方建议期限：{record.transfer.term}）"
    if record.ipc:
        fill["use_field"] = record.derived.tech_field_name
    p = record.payment
    if p.model == "milestone":
        for m in p.milestones:
            row = MILESTONE_ROWS[m.node]
            condition = m.condition if m.node != "qualification" else f"获得高新技术企业或科技型中小企业资质：{m.condition}"
            fill[f"{row}_condition"] = condition
            fill[f"{row}_amount"] = f"{m.amount_cny:,} 元"
            fill[f"{row}_due"] = m.due
        if p.royalty_percent is not None:
            fill["royalty"] = f"{p.royalty_percent:g}"
        if p.settlement:
            fill["settlement"] = SETTLEMENT_LABELS[p.settlement]
    else:
        if p.after_months:
            fill["after_months"] = str(p.after_months)
        fill["box:method_lump_sum"] = p.method == "lump_sum"
        fill["box:method_installments"] = p.method == "installments"
        if p.method == "lump_sum":
            fill["lump_amount"] = f"{p.total_cny:,}" if p.total_cny is not None else None
            fill["lump_due"] = p.lump_sum_due
        else:
            fill["inst_count"] = str(p.installment_count) if p.installment_count else None
            fill["inst_amount"] = f"{p.installment_amount_cny:,}" if p.installment_amount_cny is not None else None
            fill["inst_schedule"] = p.installment_schedule
    return {k: v for k, v in fill.items() if v not in (None, "")}


def _value(slot: str, fill: dict, box: bool) -> tuple[str, bool]:
    """(text, filled) for one slot."""
    if box:
        return (BOX_ON if fill.get(f"box:{slot}") else BOX_OFF), True
    if slot in fill:
        return plain(fill[slot]), True
    if slot.endswith("_note"):
        return "", True
    hint = contract_source().get("hints", {}).get(slot)
    return (f"[{hint}]" if hint else BLANK), False


def _cell_texts(slot: str) -> list[tuple[str, str]]:
    return [(f"{slot}_condition", "[具体条件]"), (f"{slot}_amount", "[金额]"), (f"{slot}_due", "[期限]")]


# --- HTML ---------------------------------------------------------------------------------


def _html_text(text: str, fill: dict) -> str:
    out, pos = [], 0
    for m in SLOT.finditer(text):
        out.append(esc(text[pos : m.start()]))
        value, filled = _value(m.group(2), fill, bool(m.group(1)))
        if m.group(1):
            out.append(f'<span class="xyhf-box" aria-label="{"已勾选" if value == BOX_ON else "未勾选"}">{value}</span>')
        elif value:
            cls = "xyhf-fill" if filled else "xyhf-blank"
            out.append(f'<span class="{cls}">{esc(value) if value.strip() else "&emsp;" * 6}</span>')
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def render_contract_html(fill: dict | None = None) -> str:
    fill = fill or {}
    src = contract_source()
    parts = [f"<h1>{esc(src['title'])}</h1>"]
    for block in src["blocks"]:
        kind = block["kind"]
        if kind == "heading":
            parts.append(f"<h2>{esc(block['text'])}</h2>")
        elif kind == "subheading":
            parts.append(f"<h3>{esc(block['text'])}</h3>")
        elif kind == "milestone_table":
            head = "".join(f'<th scope="col">{esc(h)}</th>' for h in block["header"])
            rows = []
            for label, slot in block["rows"]:
                cells = []
                for key, placeholder in _cell_texts(slot):
                    cells.append(f"<td>{esc(plain(fill[key])) if key in fill else esc(placeholder)}</td>")
                rows.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
            parts.append(f'<table class="xyhf-milestones"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
        else:
            cls = {"meta": "xyhf-contract-meta", "signature": "xyhf-contract-sign"}.get(kind, "")
            parts.append(
                f'<p class="{cls}">{_html_text(block["text"], fill)}</p>' if cls else f"<p>{_html_text(block['text'], fill)}</p>"
            )
    return '<div class="xyhf-contract">' + "".join(parts) + "</div>"


# --- Word ---------------------------------------------------------------------------------


def _set_font(run_or_style, name: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = name
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)
    if size_pt:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold


def _add_marked(paragraph, text: str) -> None:
    pos = 0
    for m in SLOT.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos : m.start()])
        run = paragraph.add_run(f"⟦{m.group(1) or ''}{m.group(2)}⟧")
        if not m.group(1):
            run.underline = True
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _page_number_footer(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("第 ")
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    p.add_run(" 页")


@cache
def docx_template() -> bytes:
    """The contract as .docx with ⟦slot⟧ markers. Built once per process."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    src = contract_source()
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(28)
    section.top_margin = section.bottom_margin = Mm(25)
    normal = doc.styles["Normal"]
    _set_font(normal, "宋体", 12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    for style_name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[style_name]
        _set_font(style, "黑体", size, bold=True)
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(4)
    _page_number_footer(section)
    title = doc.add_paragraph(src["title"], style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in src["blocks"]:
        kind = block["kind"]
        if kind == "heading":
            doc.add_paragraph(block["text"], style="Heading 1")
        elif kind == "subheading":
            doc.add_paragraph(block["text"], style="Heading 2")
        elif kind == "milestone_table":
            table = doc.add_table(rows=1 + len(block["rows"]), cols=4)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, h in enumerate(block["header"]):
                cell = table.rows[0].cells[i]
                cell.paragraphs[0].add_run(h).bold = True
            for r, (label, slot) in enumerate(block["rows"], 1):
                table.rows[r].cells[0].paragraphs[0].add_run(label)
                for c, (key, _) in enumerate(_cell_texts(slot), 1):
                    table.rows[r].cells[c].paragraphs[0].add_run(f"⟦{key}⟧")
        else:
            p = doc.add_paragraph()
            if kind == "signature":
                p.paragraph_format.space_before = Pt(6)
            _add_marked(p, block["text"])
    _prune(doc)
    buf = io.BytesIO()
    doc.core_properties.title = src["title"]
    doc.core_properties.author = "湖南省科技成果“先用后付”成果库"
    import datetime as dt

    fixed = dt.datetime(2025, 12, 24)
    doc.core_properties.created = doc.core_properties.modified = fixed
    doc.core_properties.last_modified_by = "xyhf"
    doc.core_properties.revision = 1
    doc.save(buf)
    return buf.getvalue()


def _prune(doc) -> None:
    """Drop what python-docx's default template carries but this document never uses (~800 KB of
    latent and unused styles, a thumbnail, customXml): each prefilled contract shrinks ~5x."""
    from docx.oxml.ns import qn

    used = {
        "Normal",
        "Title",
        "Heading1",
        "Heading2",
        "TableGrid",
        "TableNormal",
        "DefaultParagraphFont",
        "NoList",
        "Footer",
        "Header",
        "TitleChar",
        "Heading1Char",
        "Heading2Char",
        "FooterChar",
        "HeaderChar",
    }
    styles = doc.styles.element
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in used:
            styles.remove(style)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.drop_rel(rel_id)
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]


@cache
def _template_parts() -> tuple[str, list[Entry]]:
    """(document.xml text, every other part pre-compressed)."""
    z = zipfile.ZipFile(io.BytesIO(docx_template()))
    document = z.read("word/document.xml").decode("utf-8").replace("<w:t>", '<w:t xml:space="preserve">')
    others = [deflate_entry(name, z.read(name)) for name in sorted(z.namelist()) if name != "word/document.xml"]
    return document, others


def _fill_xml(document: str, fill: dict) -> str:
    src_cells = {}
    for block in contract_source()["blocks"]:
        if block["kind"] == "milestone_table":
            for _, slot in block["rows"]:
                src_cells.update(dict(_cell_texts(slot)))

    def sub(m: re.Match) -> str:
        box, slot = bool(m.group(1)), m.group(2)
        if slot in src_cells:  # milestone table cell: value or the seed's bracketed placeholder
            return xml_text(plain(fill[slot])) if slot in fill else xml_text(src_cells[slot])
        return xml_text(_value(slot, fill, box)[0])

    return MARK.sub(sub, document)


def render_contract_docx(fill: dict, epoch: int) -> bytes:
    document, others = _template_parts()
    entries = [deflate_entry("word/document.xml", _fill_xml(document, fill).encode("utf-8"), level=1)] + others
    order = {e.name: i for i, e in enumerate(entries)}
    entries.sort(key=lambda e: (e.name != b"[Content_Types].xml", order[e.name]))
    return assemble_zip(entries, epoch)


def render_contracts(catalog: Catalog, records: list[Record], epoch: int, blank: bool = True) -> Iterator[tuple[str, bytes]]:
    if blank:
        yield "contract/先用后付合同示范文本.docx", render_contract_docx({}, epoch)
    from xyhf.render.record_page import CONTRACT_STATUSES

    for record in records:
        if record.status in CONTRACT_STATUSES:
            yield f"contract/{record.code}.docx", render_contract_docx(record_fill(record, catalog), epoch)
