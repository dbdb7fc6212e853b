"""History outputs (DATA-MODEL: changes/, feeds/changes.xml, data/changes.csv, and each record
page's 修改历史). Pure: a source.history.History and the catalog in, HTML, XML and CSV out.

One list of rows feeds all three site-wide outputs, so the page, the feed and the CSV cannot
disagree. The "last 90 days" window ends at the newest commit's date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from xyhf.domain.changes import Revision
from xyhf.model.records import Catalog, Record
from xyhf.render.base.formats import render_csv
from xyhf.render.opendata.tables import CHANGE_COLUMNS
from xyhf.render.documents.feeds import FEED_SIZE, atom
from xyhf.render.base.page import Page
from xyhf.render.base.templating import render, safe_url
from xyhf.render.base.text import xml_text
from xyhf.source.history import History

WINDOW_DAYS = 90
PAGE_LIMIT = 300  # changes listed on 最近更新 (one commit may list thousands of records); the CSV has all
ON_PAGE = 5  # changes listed on a record page (each at most 6 sentences, record_body.html); the rest in data/changes.csv
LISTED = "首次收录"


@dataclass(frozen=True)
class Row:
    """One commit's effect on one published record."""

    date: str
    commit: str
    record: Record
    added: bool
    words: tuple[str, ...]
    commit_url: str | None

    @property
    def text(self) -> str:
        return LISTED if self.added else "；".join(self.words)


def commit_url(repository: str, commit: str) -> str | None:
    """GitHub's page of a commit, through the link allow-list; None without a repository."""
    return safe_url(f"https://github.com/{repository}/commit/{commit}", "https") if repository and "/" in repository else None


def _row(revision: Revision, record: Record, repository: str) -> Row:
    return Row(revision.date, revision.commit, record, revision.added, revision.words, commit_url(repository, revision.commit))


def rows(history: History, catalog: Catalog) -> list[Row]:
    """Every published record's revisions, newest first (then by code; a record's own order kept)."""
    keyed = []
    for record in catalog.records:
        if record.code:
            for revision in history.of(record.path):
                keyed.append(((revision.date, revision.seq, record.code), _row(revision, record, catalog.repository)))
    return [row for _, row in sorted(keyed, key=lambda kv: kv[0], reverse=True)]


def record_history(history: History, record: Record, repository: str) -> tuple[list[Row], int]:
    """A record page's history, newest first: its latest changes and its first listing; and how
    many changes in between are left to data/changes.csv."""
    revisions = [_row(r, record, repository) for r in history.of(record.path)]
    if not revisions:
        return [], 0
    first, later = revisions[0], revisions[1:]
    shown = later[-ON_PAGE:][::-1]
    return shown + [first], len(later) - len(shown)


def _window_start(all_rows: list[Row]) -> str:
    """The first day of the window: WINDOW_DAYS up to the newest change, never the clock."""
    return (dt.date.fromisoformat(all_rows[0].date) - dt.timedelta(days=WINDOW_DAYS - 1)).isoformat() if all_rows else ""


def _week_title(day: str) -> str:
    date = dt.date.fromisoformat(day)
    year, week, weekday = date.isocalendar()
    monday = date - dt.timedelta(days=weekday - 1)
    sunday = monday + dt.timedelta(days=6)
    return f"{year} 年第 {week} 周（{monday.month} 月 {monday.day} 日至 {sunday.month} 月 {sunday.day} 日）"


def changes_page(history: History, catalog: Catalog, all_rows: list[Row]) -> Page:
    since = _window_start(all_rows)
    recent = [row for row in all_rows if row.date >= since]
    left_off = max(0, len(recent) - PAGE_LIMIT)
    recent = recent[:PAGE_LIMIT]
    weeks: list[tuple[str, list[Row]]] = []
    for row in recent:
        title = _week_title(row.date)
        if not weeks or weeks[-1][0] != title:
            weeks.append((title, []))
        weeks[-1][1].append(row)
    body = render(
        "changes.html",
        available=history.available,
        weeks=weeks,
        since=since,
        until=recent[0].date if recent else "",
        days=WINDOW_DAYS,
        total=len(all_rows),
        left_off=left_off,
        shown=len(recent),
    )
    return Page("changes/index.md", "最近更新", body)


def _entry(row: Row, site_url: str) -> str:
    record = row.record
    url = f"{site_url}records/{record.code}/"
    stamp = f"{row.date}T00:00:00+08:00"
    return (
        f"<entry><id>urn:xyhf:change:{row.commit}:{record.code}</id><title>{xml_text(record.title)}：{xml_text(row.text)}</title>"
        f'<link rel="alternate" type="text/html" href="{xml_text(url)}"/>'
        f"<published>{stamp}</published><updated>{stamp}</updated>"
        f'<category term="{LISTED if row.added else "修改"}"/>'
        f"<summary>{xml_text(record.code)} · {xml_text(row.text)}</summary></entry>"
    )


def changes_feed(all_rows: list[Row], site_url: str) -> bytes:
    newest = all_rows[:FEED_SIZE]
    updated = f"{newest[0].date}T00:00:00+08:00" if newest else "2025-12-24T00:00:00+08:00"
    return atom("changes", "“先用后付”成果库最近更新", updated, [_entry(r, site_url) for r in newest], site_url, "changes/")


def csv_rows(all_rows: list[Row], site_url: str) -> list[dict]:
    """One line per sentence: a commit that changed three fields of a record gives three lines."""
    out = []
    for row in all_rows:
        base = {
            "date": row.date,
            "commit": row.commit,
            "code": row.record.code,
            "title": row.record.title,
            "kind": LISTED if row.added else "修改",
            "url": f"{site_url}records/{row.record.code}/",
        }
        out += [{**base, "change": text} for text in ((LISTED,) if row.added else row.words)]
    return out


def history_files(all_rows: list[Row], site_url: str) -> Iterator[tuple[str, bytes]]:
    yield "feeds/changes.xml", changes_feed(all_rows, site_url)
    yield "data/changes.csv", render_csv(csv_rows(all_rows, site_url), CHANGE_COLUMNS)
