"""Open data: the tables (JSON, CSV, SQLite, workbook, Data Package, DCAT) and the trading-platform listing package."""
