"""URL state: known values restore the view, anything else is ignored and counted per key."""

from __future__ import annotations

import pytest

from geo.filters import FilterSpec
from geo.vocab import CATEGORIES, INDUSTRIES, REACHES, ROLES
from present.view import Known, ViewState, parse_query, to_query

KNOWN = Known.of(reach=REACHES, province={"jiangsu", "sichuan", "hubei"}, category=CATEGORIES, industry=INDUSTRIES,
                 role=ROLES, basemaps={"vector", "osm"})  # fmt: skip


@pytest.mark.parametrize(
    ("params", "spec", "place", "lang", "ignored"),
    [
        ({}, FilterSpec(), None, "en", {}),
        ({"reach": "upper"}, FilterSpec(reaches={"upper"}), None, "en", {}),
        ({"reach": "upper,middle"}, FilterSpec(reaches={"upper", "middle"}), None, "en", {}),
        ({"reach": ["upper", "lower"]}, FilterSpec(reaches={"upper", "lower"}), None, "en", {}),
        ({"reach": "upper,<script>"}, FilterSpec(reaches={"upper"}), None, "en", {"reach": 1}),
        ({"place": "wuxi", "lang": "zh"}, FilterSpec(), ("prefecture", "wuxi"), "zh", {}),
        ({"place": "pengzhou"}, FilterSpec(), ("county", "pengzhou"), "en", {}),
        ({"place": "jiangsu"}, FilterSpec(), ("province", "jiangsu"), "en", {}),
        ({"place": "nowhere"}, FilterSpec(), None, "en", {"place": 1}),
        ({"place": "riverside"}, FilterSpec(), None, "en", {"place": 1}),
        ({"lang": "fr"}, FilterSpec(), None, "en", {"lang": 1}),
        ({"basemap": "evil.example"}, FilterSpec(), None, "en", {"basemap": 1}),
        ({"text": "彭州"}, FilterSpec(text="彭州"), None, "en", {}),
        ({"text": "x" * 5000}, FilterSpec(), None, "en", {"text": 1}),
        ({"text": "a\x00b"}, FilterSpec(), None, "en", {"text": 1}),
        ({"role": "cluster", "category": "nope"}, FilterSpec(roles={"cluster"}), None, "en", {"category": 1}),
        ({"utm_source": "x"}, FilterSpec(), None, "en", {"other": 1}),
        ({"reach": ",".join(["upper"] * 500)}, FilterSpec(reaches={"upper"}), None, "en", {}),
        ({"reach": 42}, FilterSpec(), None, "en", {}),
    ],
)  # fmt: skip
def test_parse_query(params, spec, place, lang, ignored, tiny_places):
    state, bad = parse_query(params, KNOWN, tiny_places)
    assert state.spec == spec
    assert state.place == place
    assert state.lang == lang
    assert bad == ignored


def test_round_trip(tiny_places):
    state = ViewState(FilterSpec(reaches={"upper", "lower"}, roles={"cluster"}, text="EP"), ("county", "pengzhou"),
                      "zh", "osm")  # fmt: skip
    query = to_query(state, tiny_places)
    assert query == {"reach": "lower,upper", "role": "cluster", "text": "EP", "place": "pengzhou", "lang": "zh",
                     "basemap": "osm"}  # fmt: skip
    assert parse_query(query, KNOWN, tiny_places) == (state, {})


def test_default_view_has_an_empty_query(tiny_places):
    assert to_query(ViewState(), tiny_places) == {}
