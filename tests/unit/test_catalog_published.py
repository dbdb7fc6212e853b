"""Catalog.published() sorts once and hands every caller a list of its own: the published order
(newest first, then by code; records without a code left out), unchanged by what a caller does to
the list it was given."""

from __future__ import annotations

import dataclasses
import datetime as dt

from xyhf.model.records import published_order
from xyhf.pipeline import load_valid_catalog


def test_published_is_the_published_order_and_each_caller_gets_its_own_list(sample_catalog, monkeypatch):
    from xyhf.model import records as model

    _, catalog = load_valid_catalog(sample_catalog, dt.date(2026, 11, 24))
    assert catalog is not None
    fresh = dataclasses.replace(catalog)
    sorts = []
    monkeypatch.setattr(model, "published_order", lambda records: sorts.append(1) or published_order(records))
    assert fresh.published() == fresh.published() == fresh.published() and len(sorts) == 1, "sorted once"
    first = catalog.published()
    assert first == published_order(catalog.records) and all(r.code for r in first)
    assert [(r.listed_on, r.code) for r in first] == sorted(((r.listed_on, r.code) for r in first), reverse=True)
    first.reverse()
    first.pop()
    assert catalog.published() == published_order(catalog.records), "a caller's changes stay in its own list"
    fewer = dataclasses.replace(catalog, records=catalog.records[:3])
    assert fewer.published() == published_order(catalog.records[:3]), "a new catalog sorts its own records"
