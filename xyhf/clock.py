"""The clock, read once at the edge. XYHF_TODAY (YYYY-MM-DD) pins it for tests and rebuilds."""

from __future__ import annotations

import datetime as dt
import os


def today_from_env() -> dt.date:
    pinned = os.environ.get("XYHF_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
