"""Typed catalog objects. Built from schema-valid data only; the schema holds the rules."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str | None = None
    email: str | None = None

    @classmethod
    def from_dict(cls, d: dict | None) -> Contact | None:
        return cls(d["name"], d.get("phone"), d.get("email")) if d else None


@dataclass(frozen=True)
class Holder:
    id: str
    path: str
    name: str
    uscc: str
    kind: str
    city: str
    contact: Contact
    maintainers: tuple[str, ...]
    publish_contact: bool = False
    address: str | None = None
    legal_representative: str | None = None
    website: str | None = None
    office_phone: str | None = None
    office_email: str | None = None

    @classmethod
    def from_dict(cls, holder_id: str, path: str, d: dict) -> Holder:
        return cls(
            id=holder_id,
            path=path,
            name=d["name"],
            uscc=d["uscc"],
            kind=d["kind"],
            city=d["city"],
            contact=Contact(d["contact"]["name"], d["contact"].get("phone"), d["contact"].get("email")),
            maintainers=tuple(d["maintainers"]),
            publish_contact=d.get("publish_contact", False),
            address=d.get("address"),
            legal_representative=d.get("legal_representative"),
            website=d.get("website"),
            office_phone=d.get("office_phone"),
            office_email=d.get("office_email"),
        )


@dataclass(frozen=True)
class IP:
    owners: tuple[str, ...]
    number: str | None = None
    patent_kind: str | None = None
    filed_on: str | None = None
    granted_on: str | None = None
    expires_on: str | None = None
    legal_status: str | None = None  # WIPO ST.27 category (labels.LEGAL_STATUS_LABELS); None = not yet checked
    status_checked_on: str | None = None
    status_source: str | None = None


@dataclass(frozen=True)
class Listing:
    """The record's offer on a technology-trading platform (进场挂牌)."""

    platform: str
    id: str
    url: str
    listed_on: str


@dataclass(frozen=True)
class Appraisal:
    agency: str
    report_no: str
    date: str


@dataclass(frozen=True)
class Milestone:
    node: str
    condition: str
    amount_cny: int
    due: str


@dataclass(frozen=True)
class Payment:
    model: str
    milestones: tuple[Milestone, ...] = ()
    royalty_percent: float | None = None
    settlement: str | None = None
    after_months: int | None = None
    on_first_revenue: bool = False
    method: str | None = None
    total_cny: int | None = None
    lump_sum_due: str | None = None
    installment_count: int | None = None
    installment_amount_cny: int | None = None
    installment_schedule: str | None = None

    @classmethod
    def from_dict(cls, d: dict) -> Payment:
        start = d.get("start", {})
        inst = d.get("installments", {})
        return cls(
            model=d["model"],
            milestones=tuple(Milestone(**m) for m in d.get("milestones", ())),
            royalty_percent=d.get("royalty_percent"),
            settlement=d.get("settlement"),
            after_months=start.get("after_months"),
            on_first_revenue=start.get("on_first_revenue", False),
            method=d.get("method"),
            total_cny=d.get("total_cny"),
            lump_sum_due=d.get("lump_sum_due"),
            installment_count=inst.get("count"),
            installment_amount_cny=inst.get("amount_cny"),
            installment_schedule=inst.get("schedule"),
        )


@dataclass(frozen=True)
class Transfer:
    modes: tuple[str, ...]
    region: str
    license_kinds: tuple[str, ...] = ()
    term: str | None = None
    field_of_use: str | None = None  # the contract's 许可用途 field; blank when the record does not fix it


@dataclass(frozen=True)
class Funding:
    fiscal: bool
    project: str | None = None
    accepted_on: str | None = None


@dataclass(frozen=True)
class OpenLicense:
    """A 专利开放许可 declaration CNIPA has announced (validate/open_license.py holds its rules)."""

    announcement_no: str
    announced_on: str
    fee_mode: str  # lump_sum, royalty, entry_plus_royalty
    term_from: str
    term_to: str
    lump_sum_cny: int | None = None
    entry_fee_cny: int | None = None
    royalty_basis: str | None = None  # net_sales, profit
    royalty_percent: float | None = None
    report_number: str | None = None
    report_issued_on: str | None = None

    @classmethod
    def from_dict(cls, d: dict | None) -> OpenLicense | None:
        if not d:
            return None
        report = d.get("evaluation_report") or {}
        return cls(
            announcement_no=d["announcement_no"],
            announced_on=d["announced_on"],
            fee_mode=d["fee_mode"],
            term_from=d["term_from"],
            term_to=d["term_to"],
            lump_sum_cny=d.get("lump_sum_cny"),
            entry_fee_cny=d.get("entry_fee_cny"),
            royalty_basis=d.get("royalty_basis"),
            royalty_percent=d.get("royalty_percent"),
            report_number=report.get("number"),
            report_issued_on=report.get("issued_on"),
        )


@dataclass(frozen=True)
class Derived:
    """Everything the generator adds; never typed by hand."""

    holder: str
    city: str
    city_name: str
    tech_field: int | None
    tech_field_name: str | None
    sei_category: str | None
    trl_label: str
    expires_on: str | None
    expires_on_derived: bool
    ip_expired: bool
    fiscal_unconverted_5y: bool
    ip_expiring: bool = False  # protection ends within a year (law.expires_within_a_year)
    legal_status_stale: bool = False  # ip.status_checked_on more than 180 days ago (validate/legal.py)


@dataclass(frozen=True)
class Record:
    path: str  # relative to the catalog root: records/<holder>/<slug>.yaml
    slug: str
    code: str | None
    title: str
    type: str
    ip: IP
    trl: int
    summary: str
    applications: str
    advantages: str
    keywords: tuple[str, ...]
    transfer: Transfer
    payment: Payment
    status: str
    listed_on: str
    derived: Derived
    appraisal: Appraisal | None = None
    licensee_requirements: str | None = None
    ipc: tuple[str, ...] = ()
    industry: str | None = None
    funding: Funding | None = None
    inventors: tuple[str, ...] = ()
    contact: Contact | None = None
    publish_contact: bool = False
    status_since: str | None = None
    open_license: OpenLicense | None = None
    listings: tuple[Listing, ...] = ()

    @property
    def holder(self) -> str:
        return self.derived.holder

    @property
    def public(self) -> bool:
        """Published records: coded and not withdrawn (withdrawn ones keep their code and page)."""
        return self.code is not None


SHARED_UP_TO = 32  # characters: dates, codes, labels, names, keywords, phone numbers


def fresh_copy(value: Any) -> Any:
    """The parsed data with new strings, dicts and lists, made one record after another. The parsed
    files' strings lie among their dicts (garbage once the records are made), so a worker forked to
    read the records (the postings, the matcher), which writes a reference count into every page it
    reads, copied several pages a record; with each record's objects side by side it copied 80 MiB
    less at 25,000 records (17 µs a record).

    Short strings are then shared (sys.intern: one object per value, the first record's copy): the
    same dates, statuses, holder names, keywords and phone numbers recur across records, four in five
    of the records' strings at 25,000 records (44 MiB), in every process that holds the catalog."""
    if isinstance(value, str):
        copy = "".join((value, ""))  # a join of two parts always makes a new string
        return sys.intern(copy) if len(value) <= SHARED_UP_TO else copy
    if isinstance(value, dict):
        return {k: fresh_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fresh_copy(v) for v in value]
    return value


def record_from_dict(path: str, d: dict[str, Any], derived: Derived) -> Record:
    d = fresh_copy(d)
    ip = d["ip"]
    appraisal = d.get("appraisal")
    funding = d.get("funding")
    return Record(
        path=path,
        slug=path.rsplit("/", 1)[-1].removesuffix(".yaml"),
        code=d.get("code"),
        title=d["title"],
        type=d["type"],
        ip=IP(
            tuple(ip["owners"]),
            ip.get("number"),
            ip.get("patent_kind"),
            ip.get("filed_on"),
            ip.get("granted_on"),
            derived.expires_on,
            ip.get("legal_status"),
            ip.get("status_checked_on"),
            ip.get("status_source"),
        ),
        trl=d["trl"],
        summary=d["summary"],
        applications=d["applications"],
        advantages=d["advantages"],
        keywords=tuple(d["keywords"]),
        transfer=Transfer(
            tuple(d["transfer"]["modes"]),
            d["transfer"]["region"],
            tuple(d["transfer"].get("license_kinds", ())),
            d["transfer"].get("term"),
            d["transfer"].get("field_of_use"),
        ),
        payment=Payment.from_dict(d["payment"]),
        status=d["status"],
        listed_on=d["listed_on"],
        derived=derived,
        appraisal=Appraisal(**appraisal) if appraisal else None,
        licensee_requirements=d.get("licensee_requirements"),
        ipc=tuple(d.get("ipc", ())),
        industry=d.get("industry"),
        funding=Funding(funding["fiscal"], funding.get("project"), funding.get("accepted_on")) if funding else None,
        inventors=tuple(d.get("inventors", ())),
        contact=Contact.from_dict(d.get("contact")),
        publish_contact=d.get("publish_contact", False),
        status_since=d.get("status_since"),
        open_license=OpenLicense.from_dict(d.get("open_license")),
        listings=tuple(Listing(**entry) for entry in d.get("listings", ())),
    )


@dataclass(frozen=True)
class PromotionEntry:
    code: str
    reason: str


@dataclass(frozen=True)
class Promotion:
    year: int
    title: str
    published_on: str
    entries: tuple[PromotionEntry, ...]


def published_order(records: Iterable[Record]) -> list[Record]:
    """Records shown on the site (those with a code), newest first, then by code (a stable order)."""
    return sorted((r for r in records if r.code), key=lambda r: (r.listed_on, r.code or ""), reverse=True)


@dataclass(frozen=True)
class Catalog:
    holders: dict[str, Holder]
    records: tuple[Record, ...]  # sorted by path
    promotions: tuple[Promotion, ...]  # sorted by year
    sample_data: bool = False
    today: str = ""
    by_code: dict[str, Record] = field(default_factory=dict, compare=False)
    deals: tuple[Any, ...] = ()  # model/deals.py Deal, sorted by signing date then path
    needs: tuple[Any, ...] = ()  # model/needs.py Need with a code, newest first
    matches: tuple[Any, ...] = ()  # model/needs.py Match, by need then rank
    stations: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # city → (name, maintainers)
    events: tuple[Any, ...] = ()  # model/events.py Event, by date then file
    lexicon: Any = field(default=None, compare=False)  # search.tokens.Lexicon of catalog/synonyms.yaml
    repository: str = ""  # GitHub owner/name (catalog.yaml): where the site's submit and edit links go
    desks: tuple[Any, ...] = ()  # model/stations.py Desk: the office first, then the stations by city
    postings: Any = field(
        default=None, compare=False
    )  # search.postings.Postings of published(): built once, read by matcher and index
    listing_hosts: tuple[str, ...] = ()  # catalog.yaml listing_platforms: the hosts a listing URL may link to
    followups: tuple[Any, ...] = ()  # model.followups.FollowUp, by date then file and position

    def published(self) -> list[Record]:
        """Records shown on the site, newest first, then by code (a stable order)."""
        return list(self._published)

    @functools.cached_property
    def _published(self) -> tuple[Record, ...]:
        """Sorted once: a build asks for the published order a dozen times (a sort of 25,000 records each)."""
        return tuple(published_order(self.records))
