"""The office and the stations as data (DATA-MODEL "Office and stations"): contacts checked with
located Chinese messages, every 市州 served, and each holder's or firm's city sent to one desk."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT, TODAY, write_files, OFFICE
from xyhf.pipeline import check_catalog, load_valid_catalog

CHANGSHA = (
    "stations:\n"
    '  - city: "430100"\n'
    "    name: 长沙市工作站\n"
    '    maintainers: ["@cs-station"]\n'
    "    contact:\n"
    '      phone: "0731-85550101"\n'
    "      email: cs@example.org\n"
    "    serves:\n"
    '      cities: ["430100"]\n'
)


def errors(root) -> list:
    return check_catalog(root, TODAY)[0].errors


def test_a_station_and_the_office_that_serve_every_city_pass(make_catalog):
    root = make_catalog({"stations.yaml": CHANGSHA, "catalog.yaml": OFFICE})
    assert not errors(root)


def test_a_city_served_by_nobody_is_named_with_the_fix(make_catalog):
    root = make_catalog({"stations.yaml": CHANGSHA, "catalog.yaml": OFFICE.replace('"433100"', '"430100"')})
    [found] = errors(root)
    assert found.file.endswith("catalog.yaml") and found.field == "office.serves.cities" and found.line == 8
    assert "湘西土家族苗族自治州（433100）" in found.message and "office.serves.cities" in found.message


def test_two_stations_for_one_city_are_refused(make_catalog):
    twice = CHANGSHA + CHANGSHA.removeprefix("stations:\n").replace("长沙市工作站", "另一个长沙工作站")
    root = make_catalog({"stations.yaml": twice, "catalog.yaml": OFFICE})
    [found] = errors(root)
    assert found.field == "stations[1].city" and "至多一个工作站" in found.message


def test_a_phone_of_the_wrong_shape_gets_the_shape_and_an_example(make_catalog):
    root = make_catalog({"stations.yaml": CHANGSHA.replace("0731-85550101", "12345"), "catalog.yaml": OFFICE})
    [found] = errors(root)
    assert found.field == "stations[0].contact.phone" and found.line == 6
    assert "区号-号码" in found.message and "0731-88888888" in found.message and "13800000000" in found.message


def test_an_e_mail_without_a_domain_is_told_so_not_called_a_date(make_catalog):
    root = make_catalog({"stations.yaml": CHANGSHA, "catalog.yaml": OFFICE.replace("office@example.org", "abc@")})
    [found] = errors(root)
    assert found.field == "office.contact.email" and "电子邮箱" in found.message and "name@example.com" in found.message
    assert "日期" not in found.message


def test_a_station_without_contacts_is_refused(make_catalog):
    bare = 'stations:\n  - {city: "430100", name: 长沙市工作站, maintainers: ["@cs-station"]}\n'
    root = make_catalog({"stations.yaml": bare, "catalog.yaml": OFFICE})
    messages = [e.message for e in errors(root)]
    assert any("contact" in m and "公开联系方式" in m for m in messages)


def test_every_city_goes_to_its_station_or_the_office():
    from xyhf.domain.classify import cities
    from xyhf.model.stations import desk_for

    _, catalog = load_valid_catalog(ROOT / "catalog", dt.date(2026, 11, 24))
    assert catalog.desks[0].is_office and len(catalog.desks) == 12
    for city in cities():
        desk = desk_for(catalog.desks, city)
        assert desk is not None and desk.email and desk.phone
        assert city in desk.cities
    assert desk_for(catalog.desks, "430100").name.startswith("潇湘科技要素大市场长沙工作站")
    assert desk_for(catalog.desks, "430500").is_office  # 邵阳 has no station


def test_the_sample_catalog_covers_all_fourteen_cities(tmp_path):
    files = {p.relative_to(ROOT / "catalog").as_posix(): p.read_bytes() for p in (ROOT / "catalog").rglob("*.yaml")}
    root = write_files(tmp_path / "catalog", files)
    assert check_catalog(root, TODAY)[0].ok


def test_a_city_kit_renders_needs_without_any_contact():
    """A need may carry no contact at all (the schema allows it): the kit says nothing, never fails.
    A build of the 2,500-record dev catalog, whose needs have none, stopped here once."""
    import dataclasses

    from xyhf.render.needs.city_kit import kit_pages

    _, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    assert catalog is not None
    bare = tuple(dataclasses.replace(n, contact={}, publish_contact=False) for n in catalog.needs)
    pages = kit_pages(dataclasses.replace(catalog, needs=bare))
    assert pages and not any("联系人：" in p.body for p in pages if "xyhf-kit-need" in p.body)


def test_a_second_station_for_a_city_is_named_with_the_first_ones_place_and_its_rule(make_catalog):
    other = CHANGSHA.removeprefix("stations:\n").replace("长沙市工作站", "另一个长沙工作站")
    root = make_catalog({"stations.yaml": CHANGSHA + other + other, "catalog.yaml": OFFICE})
    found = errors(root)
    assert [(d.field, d.rule) for d in found] == [
        ("stations[1].city", "stations.duplicate"),
        ("stations[2].city", "stations.duplicate"),
    ]
    assert found[0].message == "长沙市（430100）已有工作站（第 1 个）：每个市州至多一个工作站，请合并为一项。"


def test_a_city_the_schema_refuses_leaves_the_other_stations_checked_without_a_traceback(make_catalog):
    unknown = CHANGSHA.replace('city: "430100"', 'city: "439999"').removeprefix("stations:\n")
    twice = CHANGSHA.removeprefix("stations:\n").replace("长沙市工作站", "另一个长沙工作站")
    root = make_catalog(
        {
            "stations.yaml": "stations:\n" + unknown + unknown + CHANGSHA.removeprefix("stations:\n") + twice,
            "catalog.yaml": OFFICE,
        }
    )
    found = errors(root)
    assert ("stations[3].city", "stations.duplicate") in [(d.field, d.rule) for d in found], found
    assert {d.field for d in found if d.rule != "stations.duplicate"} == {"stations[0].city", "stations[1].city"}, found


def test_an_office_without_stations_must_serve_every_city(make_catalog):
    root = make_catalog({"catalog.yaml": OFFICE})  # no stations.yaml: 长沙 is served by nobody
    [found] = errors(root)
    assert found.file.endswith("catalog.yaml") and found.rule == "stations.cover" and "长沙市（430100）" in found.message


def test_an_office_that_is_not_a_mapping_counts_as_no_office_without_a_traceback(make_catalog):
    root = make_catalog({"stations.yaml": CHANGSHA, "catalog.yaml": "office: 成果库办公室\n"})
    found = errors(root)
    assert [(d.file.split("/")[-1], d.field) for d in found] == [("catalog.yaml", "office"), ("stations.yaml", "stations")]
    assert "应为“键: 值”映射" in found[0].message and "成果库没有登记办公室" in found[1].message


def test_an_office_that_lists_no_cities_is_named_at_the_office(make_catalog):
    office = OFFICE[: OFFICE.index("  serves:\n")]
    found = [d for d in errors(make_catalog({"stations.yaml": CHANGSHA, "catalog.yaml": office})) if d.rule == "stations.cover"]
    assert [(d.file.split("/")[-1], d.field) for d in found] == [("catalog.yaml", "office")], found
    assert "株洲市（430200）" in found[0].message and "长沙市" not in found[0].message
