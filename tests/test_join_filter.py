"""The join keeps every measure and place; inheritance says `via`; filters are a pure value."""

from __future__ import annotations

import pytest

from geo.errors import CatalogueError, UnknownPlaceError
from geo.filters import FilterSpec, apply_filter
from geo.join import join_measures_to_places, measure_counts, measures_for_place


def test_join_drops_nothing(tiny_catalogue, tiny_table):
    assert set(tiny_table["measure_id"]) == {m.id for m in tiny_catalogue.measures}
    named = {(m.id, p.level, p.id, p.role) for m in tiny_catalogue.measures for p in p_list(m)}
    got = set(zip(tiny_table.measure_id, tiny_table.named_level, tiny_table.named_id, tiny_table.role, strict=True))
    assert named == got


def p_list(measure):
    return measure.places


def test_group_is_expanded_to_its_member_prefectures(tiny_table):
    rows = tiny_table[tiny_table["measure_id"] == "river-water"]
    assert sorted(rows["place_id"]) == ["wuhan", "wuxi"]
    assert set(rows["named_id"]) == {"riverside"}
    assert set(rows["level"]) == {"prefecture"}


def test_geometry_province_reach_columns(tiny_table):
    row = tiny_table[(tiny_table.measure_id == "ep-clusters") & (tiny_table.place_id == "wuxi")].iloc[0]
    assert row.geometry.geom_type == "Point"
    assert (row.province, row.reach) == ("jiangsu", "lower")
    reach = tiny_table[(tiny_table.named_level == "reach") & (tiny_table.place_id == "upper")].iloc[0]
    assert reach.geometry.geom_type == "Polygon"
    belt = tiny_table[tiny_table.named_level == "belt"].iloc[0]
    assert set(belt.reaches_covered) == {"lower", "middle", "upper"}


def test_unknown_place_is_an_error_naming_the_measure(tiny_catalogue, tiny_places):
    bad = tiny_catalogue.model_copy(deep=True)
    ref = bad.measures[0].places[0].model_copy(update={"id": "atlantis"})
    measure = bad.measures[0].model_copy(update={"places": [ref]})
    bad = bad.model_copy(update={"measures": [measure, *bad.measures[1:]]})
    with pytest.raises(CatalogueError, match="measure 'ep-clusters' names unknown prefecture 'atlantis'"):
        join_measures_to_places(bad, tiny_places)


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (
            "wuxi",
            {("ep-clusters", "place"), ("river-water", "riverside"), ("rnd", "province"), ("smart", "reach"),
             ("upgrade", "belt")},
        ),
        ("binhu", {("river-water", "riverside"), ("ep-clusters", "parent"), ("rnd", "province"), ("smart", "reach"),
                   ("upgrade", "belt")}),
        ("pengzhou", {("reman", "place"), ("ep-clusters", "parent"), ("smart", "reach"), ("upgrade", "belt")}),
        ("chengdu", {("ep-clusters", "place"), ("smart", "reach"), ("upgrade", "belt")}),
        ("jiangsu", {("rnd", "place"), ("smart", "reach"), ("upgrade", "belt")}),
        ("upper", {("smart", "place"), ("upgrade", "belt")}),
        ("yreb", {("upgrade", "place")}),
    ],
)  # fmt: skip
def test_measures_for_place_with_via(place, expected, tiny_table, tiny_places):
    rows = measures_for_place(tiny_table, tiny_places, place)
    assert set(zip(rows.measure_id, rows.via, strict=True)) == expected
    assert list(rows.via) == sorted(rows.via, key=["place", "district", "parent", "riverside", "province", "reach",
                                                    "belt"].index)  # fmt: skip


def test_middle_reach_keeps_both_roles(tiny_table, tiny_places):
    rows = measures_for_place(tiny_table, tiny_places, "wuhan")
    assert set(rows[rows.measure_id == "smart"].role) == {"lead", "catch_up"}


@pytest.mark.parametrize(
    ("query", "first"), [("无锡", "wuxi"), ("Wuxi", "wuxi"), ("wuxj", "wuxi"), ("彭州", "pengzhou")]
)
def test_unknown_place_suggests_close_ids(query, first, tiny_table, tiny_places):
    with pytest.raises(UnknownPlaceError) as info:
        measures_for_place(tiny_table, tiny_places, query)
    assert info.value.suggestions[0] == first


def test_measure_counts_include_inherited_and_children(tiny_table, tiny_places):
    counts = measure_counts(tiny_table, tiny_places)
    assert counts["chengdu"] == 4  # ep-clusters, smart, upgrade, and reman named in Pengzhou
    assert counts["wuxi"] == 5


E = frozenset


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (FilterSpec(), {"ep-clusters", "reman", "smart", "rnd", "river-water", "upgrade"}),
        (FilterSpec(reaches=E({"upper"})), {"ep-clusters:chengdu", "reman", "smart:upper", "upgrade"}),
        (FilterSpec(reaches=E({"lower"})), {"ep-clusters:wuxi", "smart:lower", "rnd", "river-water:wuxi", "upgrade"}),
        (FilterSpec(provinces=E({"hubei"})), {"smart:middle", "river-water:wuhan", "upgrade"}),
        (FilterSpec(categories=E({"remanufacturing"})), {"reman"}),
        (FilterSpec(industries=E({"paper"})), {"river-water"}),
        (FilterSpec(roles=E({"catch_up"})), {"smart:middle", "smart:upper"}),
        (FilterSpec(measures=E({"rnd"})), {"rnd"}),
        (FilterSpec(text="PENGZHOU"), {"reman"}),
        (FilterSpec(text="彭州"), {"reman"}),
        (FilterSpec(text="national average"), {"upgrade"}),
        (FilterSpec(text="no such words"), set()),
        (FilterSpec(reaches=E({"upper"}), roles=E({"cluster"})), {"ep-clusters:chengdu"}),
    ],
)
def test_apply_filter(spec, expected, tiny_table):
    rows = apply_filter(tiny_table, spec)
    got = set(rows.measure_id + ":" + rows.place_id)
    # Expected entries are "measure" (all of its rows) or "measure:place" (that row only).
    want = set()
    for item in expected:
        m, _, p = item.partition(":")
        sub = tiny_table[tiny_table.measure_id == m]
        want |= {f"{m}:{pid}" for pid in sub.place_id if not p or pid == p}
    assert got == want


def test_filter_spec_is_frozen_and_normalised():
    spec = FilterSpec(reaches={"upper"}, text="  x" * 200)
    assert isinstance(spec.reaches, frozenset)
    assert len(spec.text) <= 200
    with pytest.raises(AttributeError):
        spec.text = "y"  # type: ignore[misc]
    assert FilterSpec().is_empty
