"""Renderers: (Catalog) → artifacts. Pure: they return text or bytes, the writer writes."""
