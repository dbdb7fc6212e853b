"""The model contract (合同示范文本) as Word and HTML.

python-docx builds the document once from xyhf/data/contract.yaml, with every slot as its own run
holding a marker (⟦slot⟧). The site ships that template; the contract builder (contract/) fills its
document.xml in the browser by the same rules as _fill_xml here (assets/xyhf/contract-core.js,
tested equal) and zips it again, so a firm gets a contract with its own choices and details.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from importlib import resources
from collections.abc import Iterator

import yaml

from xyhf.render.base.text import esc, plain, xml_text
from xyhf.render.base.zipfix import Entry, assemble_zip, deflate_entry

SLOT = re.compile(r"\{(box:)?([a-z0-9_]+)\}")
MARK = re.compile(r"⟦(box:)?([a-z0-9_]+)⟧")
BLANK = "\u3000" * 6
BOX_ON, BOX_OFF = "☑", "□"


@cache
def contract_source() -> dict:
    text = resources.files("xyhf").joinpath("data", "contract.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _has(fill: dict, slot: str) -> bool:
    return slot in fill and plain(fill[slot]) != ""


def _value(slot: str, fill: dict, box: bool, hints: bool = True) -> tuple[str, bool]:
    """(text, filled) for one slot. The seed's bracketed defaults ([3], [0.05]) are shown as hints on
    the web page only (hints=False for Word): a signed contract gets a blank to write on instead."""
    if box:
        return (BOX_ON if fill.get(f"box:{slot}") else BOX_OFF), True
    if _has(fill, slot):
        return plain(fill[slot]), True
    if slot.endswith("_note"):
        return "", True
    hint = contract_source().get("hints", {}).get(slot) if hints else None
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
            label = "已勾选" if value == BOX_ON else "未勾选"
            out.append(f'<span class="xyhf-box" role="img" aria-label="{label}">{value}</span>')
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
            parts.append(f"<h3>{_html_text(block['text'], fill)}</h3>")
        elif kind == "milestone_table":
            head = "".join(f'<th scope="col">{esc(h)}</th>' for h in block["header"])
            rows = []
            for label, slot in block["rows"]:
                cells = []
                for key, placeholder in _cell_texts(slot):
                    cells.append(f"<td>{esc(fill[key]) if _has(fill, key) else esc(placeholder)}</td>")
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
            _add_marked(doc.add_paragraph(style="Heading 2"), block["text"])
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


@cache
def _milestone_cells() -> frozenset[str]:
    return frozenset(
        key
        for block in contract_source()["blocks"]
        if block["kind"] == "milestone_table"
        for _, slot in block["rows"]
        for key, _ in _cell_texts(slot)
    )


ROW = re.compile(r"<w:tr>.*?</w:tr>", re.S)
TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)


def _prune_milestones(document: str, fill: dict) -> str:
    """Once a payment model is ticked, the milestone rows the fill leaves empty are dropped, and the
    table with them when none is left; the blank contract keeps every row to fill in by hand."""
    if not any(key.startswith("box:model_") and value for key, value in fill.items()):
        return document
    cells = _milestone_cells()

    def table(m: re.Match) -> str:
        rows = kept = 0

        def row(r: re.Match) -> str:
            nonlocal rows, kept
            slots = [s for s in re.findall(r"⟦([a-z0-9_]+)⟧", r.group(0)) if s in cells]
            if not slots:
                return r.group(0)
            rows += 1
            if any(_has(fill, s) for s in slots):
                kept += 1
                return r.group(0)
            return ""

        out = ROW.sub(row, m.group(0))
        return "" if rows and not kept else out

    return TABLE.sub(table, document)


def _fill_xml(document: str, fill: dict) -> str:
    """The Word twin of contract-core.js's fillXml: no template bracket reaches the file (an unfilled
    slot is a blank line, an unfilled milestone cell is empty)."""
    cells = _milestone_cells()

    def sub(m: re.Match) -> str:
        box, slot = bool(m.group(1)), m.group(2)
        if slot in cells:
            return xml_text(plain(fill[slot])) if _has(fill, slot) else ""
        return xml_text(_value(slot, fill, box, hints=False)[0])

    return MARK.sub(sub, _prune_milestones(document, fill))


def render_contract_docx(fill: dict, epoch: int) -> bytes:
    document, others = _template_parts()
    entries = [deflate_entry("word/document.xml", _fill_xml(document, fill).encode("utf-8"), level=1)] + others
    order = {e.name: i for i, e in enumerate(entries)}
    entries.sort(key=lambda e: (e.name != b"[Content_Types].xml", order[e.name]))
    return assemble_zip(entries, epoch)


def slot_table() -> dict:
    """What the browser's builder needs to fill the template as _fill_xml does (search-core's twin
    rule: contract-core.js is tested equal on the same fills)."""
    return {"cells": {key: "" for key in sorted(_milestone_cells())}, "blank": BLANK}


def template_docx(epoch: int) -> bytes:
    """The contract with its ⟦slot⟧ markers: the builder fills document.xml in the browser."""
    document, others = _template_parts()
    entries = [deflate_entry("word/document.xml", document.encode("utf-8"), level=1)] + others
    entries.sort(key=lambda e: e.name != b"[Content_Types].xml")
    return assemble_zip(entries, epoch)


def render_contracts(epoch: int) -> Iterator[tuple[str, bytes]]:
    """The blank model contract and the builder's template (per-record contracts are built in the
    browser from the record's open data: at 25,000 records they were 274 MiB of the site)."""
    yield "contract/先用后付合同示范文本.docx", render_contract_docx({}, epoch)
    yield "contract/template.docx", template_docx(epoch)
