"""Offer texts for synthetic and sample records, from a patent abstract and its keyphrases: keywords
that are words a firm would type (no single characters, no quantity or filler words, each found in
the text), and applications, advantages and licensee requirements taken from what the abstract says
(its "用于…" clause, its sentence of benefits), so no two records read as the same template."""

from __future__ import annotations

import re

from xyhf.search.tokens import FILLER, cjk_words

GENERIC = frozenset(
    ["方法", "装置", "系统", "设备", "结构", "用途", "应用", "组件", "及其", "一种", "专用", "扩展", "基于"]
    + [f"{verb}方法" for verb in ("制备", "制作", "控制", "施工", "处理", "生产", "使用", "检测", "加工")]
)
_USE = re.compile(r"(?:可|能够|能|可以|广泛)?(?:应用|适用|用)于([^。；;，,：:]{4,40})")
_GOOD = re.compile(
    r"[^。；;]*(?:具有|提高|降低|减少|节约|节省|延长|改善|增强|优异|优良|简便|简单|成本低|效率高|稳定性好)[^。；;]*"
)
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9-]{2,20}$")


def _usable(word: str) -> bool:
    return bool(_WORD.match(word)) and word not in FILLER and word not in GENERIC and not word.isdigit()


def offer_keywords(title: str, abstract: str, keyphrases: list[str], limit: int = 8) -> list[str]:
    """The corpus keyphrases that are words a firm would type (no single characters, quantity or
    filler words), topped up with the title's own content words to at least four."""
    text = title + abstract
    text_words = set(cjk_words(text))
    words: list[str] = []
    for k in (k.strip() for k in keyphrases):
        # Two characters inside a longer word of the text are a fragment (拟薄 of 拟薄水铝石).
        if _usable(k) and not (len(k) == 2 and k in text and k not in text_words):
            if not any(k in w or w in k for w in words):
                words.append(k)
    title_words = sorted(dict.fromkeys(cjk_words(title)), key=lambda w: (-len(w), title.find(w)))
    for w in title_words:
        if len(words) >= 4:
            break
        if _usable(w) and not any(w in x or x in w for x in words):
            words.append(w)
    return words[:limit] or ["新技术"]


def _sentence(match: str, limit: int = 110) -> str:
    text = re.sub(r"^(?:本发明|本实用新型|本申请|该发明)(?:所述的?)?", "该技术", match.strip(" ，,"))
    if len(text) > limit:  # cut at the last clause that fits, never inside a word
        cut = max(text.rfind(mark, 0, limit) for mark in "，,；")
        text = text[:cut] if cut > 20 else text[:limit]
    return text.rstrip("，,、") + "。"


def offer_texts(title: str, abstract: str, keywords: list[str], trl: int) -> dict[str, str]:
    """applications, advantages and licensee_requirements specific to one record."""
    in_title = [w for w in keywords if w in title] + [w for w in cjk_words(title) if _usable(w) and w not in keywords]
    lead = "、".join((in_title + keywords)[:2])
    use = _USE.search(abstract)
    if use and not use.group(1).startswith(("解决", "实现")):
        applications = f"可用于{use.group(1).strip()}；适合从事{lead}相关产品生产或服务的中小企业。"
    else:
        applications = f"适合从事{lead}相关产品生产、加工或服务的中小企业，用于新产品开发或现有产线升级。"
    sentences = [m.group(0) for m in _GOOD.finditer(abstract)]
    # 12 characters or more: the schema asks at least 10 of the sentence the benefit becomes
    benefit = next((s for s in sentences[1:] + sentences[:1] if len(s.strip()) >= 12), "")
    advantages = _sentence(benefit) if benefit else f"“{title}”方案完整，关键工艺参数明确，便于企业复现和导入。"
    stage = (
        "需具备小试或中试条件，与成果方共同完成中试验证"
        if trl <= 5
        else "需具备中试或小批量生产条件，能按里程碑推进样品和产品上市"
        if trl <= 7
        else "需具备规模化生产条件和销售渠道，能在一年内实现产品上市"
    )
    requirements = f"{stage}；有{keywords[0]}相关生产或研发经验、配备 2 名以上专业技术人员者优先。"
    return {"applications": applications, "advantages": advantages, "licensee_requirements": requirements}
