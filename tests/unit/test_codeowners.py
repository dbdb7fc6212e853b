"""CODEOWNERS exactly as `xyhf codeowners` writes it: who approves each holder's files and each city's
needs. The file is read by GitHub, not by people, so every space, slash and line counts: a wrong
separator or a lost reviewer silently lets the wrong person approve a holder's records."""

from __future__ import annotations

from pathlib import Path

from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.owners import HEADER, render_codeowners, reviewers


def source(name: str, data: dict) -> Source:
    return Source(Path(name), name, data)


def catalog(holders: dict[str, dict] | None = None, settings: dict | None = None, stations: dict | None = None) -> LoadedCatalog:
    return LoadedCatalog(
        root=Path("catalog"),
        holders={h: source(f"holders/{h}.yaml", data) for h, data in (holders or {}).items()},
        settings=source("catalog.yaml", settings) if settings is not None else None,
        stations=source("stations.yaml", stations) if stations is not None else None,
    )


HOLDERS = {
    "xjlg": {"name": "湘江理工大学", "maintainers": ["@xjlg-ttc", "@zhang-san"]},
    "hnkf": {"name": "湖南可发研究院", "maintainers": ["@hnkf/ttc"]},
}
STATIONS = {
    "stations": [
        {"city": "430100", "name": "长沙市工作站", "maintainers": ["@cs-station", "@cs-li"]},
        {"city": "430200", "name": "株洲市工作站", "maintainers": ["@zz-station"]},
    ]
}


def test_reviewers_are_the_settings_reviewers_in_order():
    settings = {"reviewers": ["@hunan-xyhf/reviewers", "@wang-wu"]}
    assert reviewers(catalog(settings=settings)) == ["@hunan-xyhf/reviewers", "@wang-wu"]


def test_reviewers_without_settings_or_without_the_key_are_none():
    assert reviewers(catalog()) == []
    assert reviewers(catalog(settings={"sample_data": True})) == []
    assert reviewers(catalog(settings={"reviewers": None})) == []


def test_reviewers_skip_entries_that_are_not_handles():
    """The schema refuses them; the CODEOWNERS writer must still never write `3` or `None` as an owner."""
    settings = {"reviewers": ["@a", 3, None, ["@b"], "@c"]}
    assert reviewers(catalog(settings=settings)) == ["@a", "@c"]


def test_codeowners_with_reviewers_holders_and_stations():
    loaded = catalog(HOLDERS, {"reviewers": ["@hunan-xyhf/reviewers", "@wang-wu"]}, STATIONS)
    review = "@hunan-xyhf/reviewers @wang-wu"
    assert render_codeowners(loaded) == (
        HEADER
        + "\n"
        + f"*  {review}\n"
        + f"/catalog/codes.yaml  {review}\n"
        + f"/catalog/promotion/  {review}\n"
        # holders sorted by id: hnkf before xjlg, whatever order they were loaded in
        + f"/catalog/holders/hnkf.yaml  @hnkf/ttc {review}\n"
        + f"/catalog/records/hnkf/  @hnkf/ttc {review}\n"
        + f"/catalog/deals/hnkf/  @hnkf/ttc {review}\n"
        + f"/catalog/holders/xjlg.yaml  @xjlg-ttc @zhang-san {review}\n"
        + f"/catalog/records/xjlg/  @xjlg-ttc @zhang-san {review}\n"
        + f"/catalog/deals/xjlg/  @xjlg-ttc @zhang-san {review}\n"
        # stations in file order
        + f"/catalog/needs/430100/  @cs-station @cs-li {review}\n"
        + f"/catalog/needs/430200/  @zz-station {review}\n"
    )


def test_codeowners_without_reviewers_names_only_the_maintainers():
    """No catch-all `*` line, no ledger or promotion line (nobody would own them), no trailing space."""
    loaded = catalog(HOLDERS, {"sample_data": True}, STATIONS)
    assert render_codeowners(loaded, "data") == (
        HEADER
        + "\n"
        + "/data/holders/hnkf.yaml  @hnkf/ttc\n"
        + "/data/records/hnkf/  @hnkf/ttc\n"
        + "/data/deals/hnkf/  @hnkf/ttc\n"
        + "/data/holders/xjlg.yaml  @xjlg-ttc @zhang-san\n"
        + "/data/records/xjlg/  @xjlg-ttc @zhang-san\n"
        + "/data/deals/xjlg/  @xjlg-ttc @zhang-san\n"
        + "/data/needs/430100/  @cs-station @cs-li\n"
        + "/data/needs/430200/  @zz-station\n"
    )


def test_codeowners_of_an_empty_catalog_is_the_header_alone():
    assert render_codeowners(catalog()) == HEADER + "\n"


def test_a_holder_without_maintainers_is_owned_by_the_reviewers_alone():
    holders = {"xjlg": {"name": "湘江理工大学"}, "hnkf": {"name": "湖南可发研究院", "maintainers": None}}
    loaded = catalog(holders, {"reviewers": ["@rev"]})
    assert render_codeowners(loaded).splitlines()[-6:] == [
        "/catalog/holders/hnkf.yaml  @rev",
        "/catalog/records/hnkf/  @rev",
        "/catalog/deals/hnkf/  @rev",
        "/catalog/holders/xjlg.yaml  @rev",
        "/catalog/records/xjlg/  @rev",
        "/catalog/deals/xjlg/  @rev",
    ]


def test_maintainers_that_are_not_handles_are_left_out():
    holders = {"xjlg": {"maintainers": ["@xjlg-ttc", 7, None, {"a": 1}, "@li-si"]}}
    assert render_codeowners(catalog(holders)).splitlines()[-3:] == [
        "/catalog/holders/xjlg.yaml  @xjlg-ttc @li-si",
        "/catalog/records/xjlg/  @xjlg-ttc @li-si",
        "/catalog/deals/xjlg/  @xjlg-ttc @li-si",
    ]


def test_malformed_stations_give_no_needs_line_and_never_crash():
    """A stations file the schema will refuse must not break CODEOWNERS: only a station with a text city
    and a list of maintainers gets a line; non-text handles in that list are skipped."""
    stations = {
        "stations": [
            "430100",
            {"city": 430300, "maintainers": ["@xt"]},
            {"city": "430400", "maintainers": "@hy"},
            {"maintainers": ["@nobody"]},
            {"city": "430500"},
            {"city": "430600", "maintainers": ["@sy", 5, None]},
        ]
    }
    loaded = catalog(stations=stations, settings={"reviewers": ["@rev"]})
    assert render_codeowners(loaded).splitlines()[-1:] == ["/catalog/needs/430600/  @sy @rev"]
    for broken in ({"stations": None}, {"stations": {"city": "430100"}}, {}):
        assert render_codeowners(catalog(stations=broken)) == HEADER + "\n"
