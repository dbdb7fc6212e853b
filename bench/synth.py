"""Synthetic, valid catalogs from real Chinese patent abstracts (shared/corpus, MIT licence).

Used for the committed sample catalog (`--sample`), test fixtures and the scale benchmark.
Every identifier carries a correct check character; holders and people are invented.
Deterministic: the same arguments give the same files.

    python bench/synth.py OUT_DIR --records 25000
    python bench/synth.py catalog --sample
"""

from __future__ import annotations

import argparse
import shutil
import datetime as dt
import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from offer_texts import offer_keywords, offer_texts  # noqa: E402
from xyhf.domain.classify import cities  # noqa: E402
from xyhf.domain.codes import issue_codes, render_ledger  # noqa: E402
from xyhf.domain.identifiers import USCC_ALPHABET, mod11_weighted_check, uscc_check_char  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "kppatent-zh" / "corpus.jsonl"
CORPUS_NOTE = "文本取自 KPPatent-ZH 专利摘要语料（MIT 许可，tanggongbo/KPPatent-ZH）"

HOLDERS = [  # invented institutions (示例数据), one per line: id, name, kind, city
    ("xjlg", "湘江理工大学", "university", "430100"),
    ("lsgy", "麓山工业技术研究院", "research_institute", "430100"),
    ("xcyk", "星城医科大学附属第一医院", "medical_institution", "430100"),
    ("zzgd", "株洲轨道交通装备研究院", "research_institute", "430200"),
    ("xtcl", "湘潭新材料科学研究所", "research_institute", "430300"),
    ("hydl", "衡阳电力学院", "university", "430400"),
    ("yysh", "岳阳石化工程技术研究中心", "new_rd_institution", "430600"),
    ("cdny", "常德农业科学研究院", "research_institute", "430700"),
    ("czys", "郴州有色金属研究所", "research_institute", "431000"),
    ("hhzy", "怀化中药资源研究所", "research_institute", "431200"),
    ("ldgt", "娄底钢铁技术转移中心", "tech_transfer_agency", "431300"),
    ("xxzy", "湘西民族医药研究院", "research_institute", "433100"),
]
CITIES = sorted(cities())  # the 14 市州 codes, from the generator's own code list
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华文斌颖辉健宇浩"

IPC_RULES = [  # keyword in text → a plausible main IPC symbol
    ("涂层", "C23C 4/06"),
    ("合金", "C22C 38/00"),
    ("电池", "H01M 10/0525"),
    ("图像", "G06T 7/00"),
    ("数据", "G06F 16/00"),
    ("算法", "G06N 3/08"),
    ("通信", "H04L 5/00"),
    ("信号", "H04B 1/00"),
    ("药", "A61K 36/00"),
    ("检测", "G01N 21/00"),
    ("测量", "G01B 11/00"),
    ("机器人", "B25J 9/16"),
    ("混凝土", "C04B 28/00"),
    ("建筑", "E04B 1/00"),
    ("电机", "H02K 1/00"),
    ("车辆", "B60L 53/00"),
    ("食品", "A23L 33/00"),
    ("种植", "A01G 22/00"),
    ("废水", "C02F 1/00"),
    ("污水", "C02F 3/00"),
    ("患者", "A61B 5/00"),
    ("医疗", "A61B 5/00"),
    ("催化", "B01J 23/00"),
    ("聚合", "C08F 2/00"),
    ("半导体", "H01L 21/00"),
    ("芯片", "H01L 23/00"),
    ("光", "G02B 6/00"),
    ("控制", "G05B 19/00"),
    ("矿", "E21C 41/00"),
    ("轨道", "B61L 23/00"),
    ("发动机", "F02B 37/00"),
    ("阀", "F16K 1/00"),
]
FALLBACK_IPC = ["F16H 1/00", "B23K 26/00", "G01M 13/00", "B65G 47/00", "F24F 11/00", "A47J 27/00"]


# Sample mode picks, for each type, corpus texts whose titles fit it (a layout design about
# chips, a plant variety about cultivation), so the sample reads like a real catalog.
TYPE_WORDS = {
    "software_copyright": ("系统", "软件", "数据", "控制方法", "显示", "服务器", "终端", "管理"),
    "ic_layout": ("芯片", "电路", "半导体", "晶片", "外延", "封装", "传感器"),
    "plant_variety": ("栽培", "种植", "育种", "品种", "食用菌", "作物", "育苗", "水稻", "茶"),
    "biomedical_variety": ("药", "医", "疫苗", "抗体", "菌株", "治疗", "中药", "提取物"),
    "trade_secret": ("工艺", "制备方法", "生产方法", "配方", "合金", "轧制"),
}


def sample_entries(entries: list[dict], types: list[str]) -> list[dict]:
    """One corpus entry per planned record, fitting its type where the corpus allows."""
    titled = [e for e in entries if e.get("title")]
    used: set[str] = set()
    out = []
    for rtype in types:
        words = TYPE_WORDS.get(rtype, ())
        pick = next((e for e in titled if e["id"] not in used and any(w in e["title"] for w in words)), None)
        pick = pick or next(e for e in titled if e["id"] not in used)
        used.add(pick["id"])
        out.append(pick)
    return out


def corpus(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def make_uscc(rng: random.Random, area: str) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2]))
    value = 11 - total % 11
    org_check = "X" if value == 10 else "0" if value == 11 else str(value)
    first17 = "12" + area + body + org_check
    assert all(c in USCC_ALPHABET for c in first17)
    return first17 + uscc_check_char(first17)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def holder_doc(rng: random.Random, name: str, kind: str, city: str, handle: str) -> dict:
    contact = {"name": person(rng), "phone": f"0731-8{rng.randrange(1000000, 9999999)}", "email": f"{handle}-ttc@example.edu.cn"}
    return {
        "name": name,
        "uscc": make_uscc(rng, city),
        "kind": kind,
        "city": city,
        "address": f"湖南省示例路 {rng.randrange(1, 999)} 号",
        "legal_representative": person(rng),
        "contact": contact,
        "office_phone": f"0731-8{rng.randrange(1000000, 9999999)}",
        "office_email": f"ttc@{handle}.example.edu.cn",
        "publish_contact": False,
        "maintainers": [f"@{handle}-ttc"],
    }


def pick_ipc(text: str, rng: random.Random) -> str:
    for word, symbol in IPC_RULES:
        if word in text:
            return symbol
    return rng.choice(FALLBACK_IPC)


def title_of(entry: dict) -> str:
    if entry.get("title"):
        title = entry["title"][:100]
        return title if len(title) >= 4 else f"一种{title}技术"
    first = entry["abstract"].split("，")[0].split("。")[0]
    for lead in ("本发明公开了", "本发明提供了", "本发明涉及", "本实用新型公开了", "本实用新型涉及", "本发明"):
        first = first.removeprefix(lead)
    first = first.strip("：:，, ")
    return (first if 4 <= len(first) <= 60 else "一种" + "与".join(entry["keyphrases"][:2]) + "技术")[:100]


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def ip_block(rng: random.Random, rtype: str, owner: str, listed: dt.date, serial: int) -> tuple[dict, dict | None]:
    """`serial` (unique per record) keeps IP numbers distinct at any catalog size."""
    filed = _date(rng, dt.date(2015, 1, 1), dt.date(2023, 6, 30))
    granted = min(filed + dt.timedelta(days=rng.randrange(200, 1000)), listed - dt.timedelta(days=1))
    ip: dict = {"owners": [owner]}
    appraisal = None
    if rtype == "patent":
        kind = rng.choices(["invention", "utility_model"], [8, 3])[0]
        if kind != "invention":
            filed = _date(rng, dt.date(2018, 1, 1), dt.date(2023, 6, 30))
            granted = min(filed + dt.timedelta(days=rng.randrange(150, 400)), listed - dt.timedelta(days=1))
        digit = {"invention": "1", "utility_model": "2", "design": "3"}[kind]
        digits = f"{filed.year}{digit}{1000000 + serial:07d}"
        ip.update(number=f"ZL{digits}.{mod11_weighted_check(digits)}", patent_kind=kind)
    elif rtype == "software_copyright":
        ip["number"] = f"{granted.year}SR{1000000 + serial:07d}"
    elif rtype == "ic_layout":
        pass  # numbered below, once its filing date is fixed
    elif rtype == "plant_variety":
        ip["number"] = f"CNA{filed.year}{1000000 + serial:07d}"
    elif rtype == "biomedical_variety":
        ip["number"] = f"湘药注字（{granted.year}）第{serial}号"
    else:
        appraisal = {
            "agency": "湖南省示例科技成果评价中心",
            "report_no": f"XPJ-{listed.year}-{rng.randrange(100, 999)}",
            "date": (listed - dt.timedelta(days=rng.randrange(10, 200))).isoformat(),
        }
    if rtype == "ic_layout":  # 10-year term: keep synthetic layouts in force
        filed = max(filed, dt.date(2018, 1, 1))
        granted = min(filed + dt.timedelta(days=rng.randrange(150, 400)), listed - dt.timedelta(days=1))
        digits = f"{filed.year % 100:02d}{serial % 10**6:06d}"
        ip["number"] = f"BS.{digits}{mod11_weighted_check(digits)}"
    if rtype in ("patent", "ic_layout"):
        ip["filed_on"] = filed.isoformat()
    if rtype != "trade_secret":
        ip["granted_on"] = granted.isoformat()
    return ip, appraisal


def payment_block(rng: random.Random, model: str) -> dict:
    if model == "milestone":
        nodes = ["tech_validation", "sample_trial", "market_launch", "sales_target", "qualification"]
        chosen = sorted(rng.sample(range(5), rng.randrange(1, 5)))
        conditions = {
            "tech_validation": "乙方完成中试验证并出具验证报告",
            "sample_trial": "样品经第三方检测合格",
            "market_launch": "产品取得销售许可并正式上市",
            "sales_target": "年销售额达到 500 万元",
            "qualification": "乙方获得高新技术企业资质",
        }
        milestones = [
            {
                "node": nodes[i],
                "condition": conditions[nodes[i]],
                "amount_cny": rng.randrange(2, 30) * 10000,
                "due": "节点达成后 30 日内",
            }
            for i in chosen
        ]
        out = {"model": "milestone", "milestones": milestones}
        if rng.random() < 0.7:
            out.update(royalty_percent=rng.choice([1, 1.5, 2, 3, 5]), settlement=rng.choice(["half_year", "year"]))
        return out
    start = {"after_months": rng.choice([3, 6, 12])} if rng.random() < 0.6 else {"on_first_revenue": True}
    total = rng.randrange(5, 80) * 10000
    if rng.random() < 0.5:
        return {
            "model": "deferred_start",
            "start": start,
            "method": "lump_sum",
            "total_cny": total,
            "lump_sum_due": "条件达成后 30 日内",
        }
    count = rng.choice([2, 3, 4, 6])
    return {
        "model": "deferred_start",
        "start": start,
        "method": "installments",
        "total_cny": total,
        "installments": {"count": count, "amount_cny": total // count, "schedule": "每年 6 月 30 日前"},
    }


def record_doc(rng: random.Random, entry: dict, rtype: str, owner: str, listed: dt.date, serial: int = 0) -> dict:
    abstract = entry["abstract"]
    title = title_of(entry)
    keywords = offer_keywords(title, abstract, entry["keyphrases"])
    ip, appraisal = ip_block(rng, rtype, owner, listed, serial)
    doc: dict = {"title": title, "type": rtype, "ip": ip}
    if appraisal:
        doc["appraisal"] = appraisal
    trl = rng.choices([4, 5, 6, 7, 8, 9], [3, 4, 5, 4, 2, 1])[0]
    doc.update(trl=trl, summary=abstract[:600], **offer_texts(title, abstract, keywords, trl), keywords=keywords)
    if rtype == "patent":
        doc["ipc"] = [pick_ipc(doc["title"] + abstract, rng)]
    license_kinds = rng.sample(["open", "exclusive", "sole"], rng.randrange(1, 3))
    modes = ["license"] if rng.random() < 0.8 else ["transfer", "license"]
    doc["transfer"] = {
        "modes": modes,
        "license_kinds": sorted(license_kinds),
        "region": rng.choice(["湖南省", "中国境内"]),
        "term": rng.choice(["3年", "5年", "至专利权届满"]),
    }
    doc["payment"] = payment_block(rng, rng.choice(["milestone", "deferred_start"]))
    if rng.random() < 0.3:
        accepted = _date(rng, dt.date(2016, 1, 1), dt.date(2024, 12, 31))
        doc["funding"] = {"fiscal": True, "project": "湖南省重点研发计划项目（示例）", "accepted_on": accepted.isoformat()}
    doc["inventors"] = sorted({person(rng) for _ in range(rng.randrange(1, 4))})
    doc["status"] = rng.choices(["available", "negotiating", "licensed", "withdrawn"], [14, 3, 2, 1])[0]
    doc["listed_on"] = listed.isoformat()
    return doc


def dump(doc: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


def deal_doc(rng: random.Random, doc: dict, code: str, serial: int, last: dt.date) -> dict | None:
    """A signed deal for one record: an open licence (or exclusive when the record is licensed),
    signed after listing, with its first node met and paid when time allows."""
    listed = dt.date.fromisoformat(doc["listed_on"])
    if doc["status"] == "withdrawn" or (last - listed).days < 20:
        return None
    signed = listed + dt.timedelta(days=rng.randrange(1, (last - listed).days - 10))
    city = rng.choice(CITIES)[0] if isinstance(CITIES[0], tuple) else rng.choice(CITIES)
    payment = doc["payment"]
    deal = {
        "records": [code],
        "contract_no": f"SYN-{serial:06d}",
        "licensee": {
            "name": f"示例承接企业第{serial + 1}号有限公司",
            "uscc": make_uscc(rng, city),
            "size": rng.choice(["micro", "small", "medium"]),
            "city": city,
        },
        "signed_on": signed.isoformat(),
        "mode": "license",
        "license_kind": "exclusive" if doc["status"] == "licensed" else "open",
        "payment": payment,
    }
    if rng.random() < 0.2:
        deal["amount_disclosed"] = False
    met = signed + dt.timedelta(days=rng.randrange(5, 60))
    if payment["model"] == "milestone" and met < last:
        node = payment["milestones"][0]["node"]
        events = [{"date": met.isoformat(), "kind": "milestone_met", "node": node}]
        paid = met + dt.timedelta(days=rng.randrange(5, 50))
        if paid < last:
            events.append(
                {"date": paid.isoformat(), "kind": "paid", "node": node, "amount_cny": payment["milestones"][0]["amount_cny"]}
            )
        deal["events"] = events
    return deal


def need_doc(rng: random.Random, doc: dict, serial: int, last: dt.date) -> tuple[str, dict]:
    """A specific, measurable need written from a record's keywords (so some needs match it)."""
    kws = [k for k in doc["keywords"] if len(k) >= 2][:3] or ["新材料", "工艺"]
    city = rng.choice(CITIES)
    listed = last - dt.timedelta(days=rng.randrange(0, 300))
    need = {
        "title": f"{kws[0]}相关产品工艺改进需求（{serial + 1}）"[:60],
        "problem": f"我们用传统方法生产{kws[0]}相关产品，{'、'.join(kws[1:]) or kws[0]}环节合格率只有 85% 左右，返工多。",
        "goal": f"合格率提高到 {rng.randrange(92, 99)}% 以上，单件成本增加不超过 {rng.randrange(2, 9)} 元。",
        "keywords": kws,
        "enterprise": {
            "name": f"示例需求企业第{serial + 1}号有限公司",
            "uscc": make_uscc(rng, city),
            "size": rng.choice(["micro", "small", "medium"]),
            "city": city,
        },
        "budget_cny": {"max": rng.randrange(5, 60) * 10000},
        "payment_models": rng.choice([["milestone"], ["deferred_start"], ["milestone", "deferred_start"]]),
        "trl_min": rng.randrange(4, 8),
        "status": "open",
        "listed_on": listed.isoformat(),
        "expires_on": (listed + dt.timedelta(days=365)).isoformat(),
    }
    return city, need


def generate(
    out: Path,
    n_records: int,
    seed: int = 2026,
    sample: bool = False,
    last_listed: dt.date = dt.date(2026, 11, 1),
    n_deals: int = 0,
    n_needs: int = 0,
) -> None:
    """Write a complete catalog (holders, records, codes, promotion) of `n_records` into `out`."""
    rng = random.Random(seed)
    entries = corpus()
    titled = [e for e in entries if e.get("title")] if sample else entries
    if sample:
        holders = HOLDERS
    else:
        n_holders = max(12, n_records // 200)
        holders = [
            (f"h{i:04d}", f"示例研究院第{i + 1}分院", "research_institute", CITIES[i % len(CITIES)]) for i in range(n_holders)
        ]
    (out / "holders").mkdir(parents=True, exist_ok=True)
    names = {}
    for hid, name, kind, city in holders:
        names[hid] = name
        (out / "holders" / f"{hid}.yaml").write_text(
            "# 示例数据：虚构的持有方\n" + dump(holder_doc(rng, name, kind, city, hid)), encoding="utf-8"
        )
    types = ["patent"] * 14 + ["software_copyright"] * 2 + ["ic_layout", "plant_variety", "biomedical_variety", "trade_secret"]
    first_listed = dt.date(2025, 12, 24)
    plan = []
    planned_types = [types[i % len(types)] if sample else rng.choice(types) for i in range(n_records)]
    picked = sample_entries(entries, planned_types) if sample else None
    for i in range(n_records):
        rtype = planned_types[i]
        hid = holders[i % len(holders)][0] if sample else rng.choice(holders)[0]
        entry = picked[i] if picked else titled[i % len(titled)]
        listed = _date(rng, first_listed, last_listed)
        doc = record_doc(rng, entry, rtype, names[hid], listed, serial=i)
        if i >= len(titled):  # the corpus is reused at scale: keep titles and IP numbers distinct
            doc["title"] = doc["title"][:88] + f"（第{i // len(titled) + 1}代）"
        rel = f"records/{hid}/r{i:06d}.yaml"
        plan.append((rel, doc))
    needs = []
    for i in range(n_needs):
        city, need = need_doc(rng, plan[(i * 7) % len(plan)][1], i, last_listed)
        needs.append((f"needs/{city}/n{i:06d}.yaml", need))
    requests = sorted((doc["listed_on"], rel, doc["type"]) for rel, doc in plan)
    requests += sorted((need["listed_on"], rel, "need") for rel, need in needs)
    ledger = issue_codes([], [(rel, t, int(l[:4])) for l, rel, t in requests], last_listed.isoformat())
    code_of = {e.path: e.code for e in ledger}
    for rel, doc in plan:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        header = f"# 示例数据：{CORPUS_NOTE}\n"
        path.write_text(header + dump({"code": code_of[rel], **doc}), encoding="utf-8")
    for rel, need in needs:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# 示例数据：虚构的企业需求\n" + dump({"code": code_of[rel], **need}), encoding="utf-8")
    (out / "codes.yaml").write_text(render_ledger(ledger), encoding="utf-8")
    written = 0
    for i, (rel, doc) in enumerate(plan):
        if written >= n_deals:
            break
        deal = deal_doc(rng, doc, code_of[rel], i, last_listed)
        if deal:
            path = out / "deals" / rel.split("/")[1] / f"d{i:06d}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("# 示例数据：虚构的合同\n" + dump(deal), encoding="utf-8")
            written += 1
    # The reviewed synonyms of the repository: the matcher and search read them at every scale.
    shutil.copyfile(Path(__file__).resolve().parent.parent / "catalog" / "synonyms.yaml", out / "synonyms.yaml")
    (out / "catalog.yaml").write_text(
        "# 成果库设置。sample_data: true 时网站每页都标注“示例数据”；reviewers 为成果库审核人（写入 CODEOWNERS）。\n"
        'sample_data: true\nreviewers:\n  - "@hunan-xyhf/reviewers"\n',
        encoding="utf-8",
    )
    promo_codes = [code_of[rel] for rel, doc in plan if doc["status"] == "available" and doc["trl"] >= 6][:12]
    promo = {
        "year": 2026,
        "title": "2026 年度“先用后付”重点科技成果推广目录（示例）",
        "published_on": "2026-11-01",
        "entries": [{"code": c, "reason": "技术成熟度高、产权清晰，适合中小微企业承接（示例）"} for c in promo_codes],
    }
    (out / "promotion").mkdir(exist_ok=True)
    (out / "promotion" / "2026.yaml").write_text(dump(promo), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="生成合成成果库（示例数据）")
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=72)
    parser.add_argument("--sample", action="store_true", help="生成仓库自带的示例成果库")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--deals", type=int, help="合同数（默认：成果数的五分之一；--sample 时为 0）")
    parser.add_argument("--needs", type=int, help="企业需求数（默认：成果数的五分之一；--sample 时为 0）")
    args = parser.parse_args()
    deals = args.deals if args.deals is not None else (0 if args.sample else args.records // 5)
    needs = args.needs if args.needs is not None else (0 if args.sample else args.records // 5)
    generate(args.out, args.records, args.seed, sample=args.sample, n_deals=deals, n_needs=needs)


if __name__ == "__main__":
    main()
