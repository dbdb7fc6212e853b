"""Renderers: (Catalog) → artifacts, one subpackage a subject (records, needs, deals, events, opendata,
documents) over base/ (the page shell and shared helpers); site.py assembles them into the site.
Pure: they return text or bytes, the writer writes."""
