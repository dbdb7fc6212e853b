"""Typed enterprise needs and their matches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Enterprise:
    name: str
    uscc: str
    size: str
    city: str


@dataclass(frozen=True)
class Match:
    """One need ↔ record pairing with its score and the reasons, in Chinese, it was made."""

    need: str  # need code
    record: str  # record code
    score: float
    reasons: tuple[str, ...]
    available: bool


@dataclass(frozen=True)
class Need:
    path: str
    code: str | None
    title: str
    problem: str
    goal: str
    keywords: tuple[str, ...]
    enterprise: Enterprise
    payment_models: tuple[str, ...]
    status: str
    listed_on: str
    expires_on: str
    expired: bool
    industry: str | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    trl_min: int | None = None
    deadline: str | None = None
    contact: dict[str, Any] = field(default_factory=dict)
    publish_contact: bool = False
    via: str | None = None

    @property
    def city(self) -> str:
        return self.path.split("/")[1]


def need_from_dict(path: str, d: dict[str, Any], today_iso: str) -> Need:
    budget = d.get("budget_cny") or {}
    return Need(
        path=path,
        code=d.get("code"),
        title=d["title"],
        problem=d["problem"],
        goal=d["goal"],
        keywords=tuple(d["keywords"]),
        enterprise=Enterprise(**d["enterprise"]),
        payment_models=tuple(d["payment_models"]),
        status=d["status"],
        listed_on=d["listed_on"],
        expires_on=d["expires_on"],
        expired=d["status"] == "open" and d["expires_on"] < today_iso,
        industry=d.get("industry"),
        budget_min=budget.get("min"),
        budget_max=budget.get("max"),
        trl_min=d.get("trl_min"),
        deadline=d.get("deadline"),
        contact=dict(d.get("contact") or {}),
        publish_contact=d.get("publish_contact", False),
        via=d.get("via"),
    )
