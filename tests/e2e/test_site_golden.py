"""The whole site of a small catalog against golden files (the pelican habit).

`tests/golden/whole-site/MANIFEST.txt` lists every file of the built site with its SHA-256, so any
change anywhere shows; the readable parts sit beside it: the content of every HTML page (one
element a line), the data files and the feeds. UPDATE_GOLDEN=1 rewrites them; read the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site, coded_catalog, valid_text, write_files

GOLDEN = ROOT / "tests/golden/whole-site"  # not golden/site: .gitignore keeps site/ out
TEXT_FILES = [
    "data/records.json",
    "data/records.csv",
    "data/holders.json",
    "data/milestones.csv",
    "feeds/all.xml",
    "data/datapackage.json",
    "data/catalog.jsonld",
    "sitemap.xml",
    "search-index/meta.json",
]


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:

    root = tmp_path_factory.mktemp("small") / "catalog"
    files = {
        "holders/xjlg.yaml": valid_text("holder.yaml"),
        "records/xjlg/coating.yaml": valid_text("patent.yaml"),
        "records/xjlg/remote-ops.yaml": valid_text("deferred.yaml"),
        "records/xjlg/magnet.yaml": valid_text("secret.yaml"),
        "codes.yaml": "codes: []\n",
        "catalog.yaml": "sample_data: true\n",
    }
    codes = coded_catalog(root, files)
    promo = {
        "year": 2026,
        "title": "2026 年度推广目录",
        "published_on": "2026-06-01",
        "entries": [{"code": codes[0], "reason": "技术成熟度高，适合中小企业承接"}],
    }
    write_files(root, {"promotion/2026.yaml": yaml.safe_dump(promo, allow_unicode=True)})
    out = root.parent / "site"
    build_site(root, out)
    return out


def pretty(text: str) -> str:
    return re.sub(r"(</(?:tr|p|li|table|ul|h1|h2|h3|div|entry|article|figure|details)>)", "\\1\n", text)


def article(html: str) -> str:
    m = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>\s*</div>', html, re.S)
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    body = re.sub(r"\n\s*\n+", "\n", m.group(1).strip()) if m else "(no article)"
    return f"<title>{title}</title>\n{pretty(body)}"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{name}: run with UPDATE_GOLDEN=1 once"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_every_file_of_the_site_matches_the_manifest(small_site):
    lines = []
    for path in sorted(p for p in small_site.rglob("*") if p.is_file()):
        rel = path.relative_to(small_site).as_posix()
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}")
    golden("MANIFEST.txt", "\n".join(lines) + "\n")


def test_every_page_reads_as_its_golden(small_site):
    pages = sorted(p for p in small_site.rglob("*.html") if not p.relative_to(small_site).as_posix().startswith("assets/"))
    text = "".join(f"===== {p.relative_to(small_site).as_posix()}\n{article(p.read_text(encoding='utf-8'))}\n" for p in pages)
    golden("pages.txt", text)


@pytest.mark.parametrize("rel", TEXT_FILES)
def test_data_files_read_as_their_golden(small_site, rel):
    text = (small_site / rel).read_text(encoding="utf-8-sig")
    if rel.endswith(".xml"):
        text = pretty(text)
    elif rel.endswith((".json", ".jsonld")):  # the site writes tables one compact row a line; goldens read indented
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    golden(rel.replace("/", "__") + ".txt", text)
