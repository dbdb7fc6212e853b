"""Records: each record's page and its history, and the pages that list records (holders, browse, promotion, statistics)."""
