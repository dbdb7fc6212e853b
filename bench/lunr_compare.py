"""Would one prebuilt lunr index meet the search byte targets? Measured, not assumed.

Builds a lunr.py index over the same synthetic records with the same tokens as our sharded
index (CJK bigrams and unigrams, ASCII words) and prints its gzip size next to the bytes our
search fetches. lunr has to download its whole index before the first result.

    .venv/bin/python bench/lunr_compare.py bench/out/catalog-2500
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lunr import lunr  # noqa: E402

from xyhf.pipeline import load_valid_catalog  # noqa: E402
from xyhf.search.postings import index_tokens, weighted_fields  # noqa: E402


def main() -> None:
    root = Path(sys.argv[1])
    _, catalog = load_valid_catalog(root, dt.date(2026, 11, 24))
    docs = []
    for record in catalog.published():
        holder = catalog.holders[record.holder].name
        tokens = set()
        for _, texts in weighted_fields(record, holder):
            text = " ".join(texts)
            tokens |= index_tokens(text)
        docs.append({"id": record.code, "body": " ".join(sorted(tokens))})
    started = time.perf_counter()
    index = lunr(ref="id", fields=["body"], documents=docs)
    seconds = time.perf_counter() - started
    data = json.dumps(index.serialize(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    print(
        f"lunr.py  {len(docs)} records: index {len(data) / 2**20:.1f} MiB, "
        f"{len(gzip.compress(data, 6)) / 1024:.0f} KiB gzip, built in {seconds:.0f} s "
        f"(all of it is fetched before the first result)"
    )


if __name__ == "__main__":
    main()
