"""One AppTest flow per user task: filter, select from the table, switch language, restore from a link."""

from __future__ import annotations

import pytest

from components.map_view import chosen_place
from tests.apptest_helpers import component_data, exported, start, table_column, table_rows
from tests.conftest import TEST_DATA


def places_in_table(at):
    return table_column(at, "place")


def captions(at):
    return [c.value for c in at.caption]


def all_measures_caption(real_data) -> str:
    n = len(real_data.catalogue.measures)
    return f"{n} of {n} measures"


def test_filter_by_reach_role_and_text(real_data):
    at = start()
    assert all_measures_caption(real_data) in " ".join(captions(at))
    at.sidebar.multiselect(key="f_reach").set_value(["upper"]).run()
    shown = places_in_table(at)
    assert "Chengdu" in shown and "Wuxi" not in shown
    assert at.query_params["reach"] == "upper"
    at.sidebar.multiselect(key="f_role").set_value(["cluster"]).run()
    assert places_in_table(at) == {"Chongqing", "Chengdu", "Pengzhou"}
    at.sidebar.text_input(key="f_text").set_value("no such words anywhere").run()
    assert any("No measure matches" in i.value for i in at.info)
    assert table_rows(at) == []
    at.sidebar.button(key="clear_filters").click().run()
    assert all_measures_caption(real_data) in " ".join(captions(at))
    assert "reach" not in at.query_params


def test_select_a_place_from_the_table(real_data):
    """A row names its place; picking it selects that place (in the browser the map takes the pick, see
    tests/browser/test_interaction_browser.py); the panel, the link and the pinned table follow."""
    at = start()
    row = next(r for r in table_rows(at) if r["cells"]["place"] == "Pengzhou")
    place = chosen_place({"level": row["level"], "id": row["place"], "source": "table"}, real_data.places)
    assert place == ("county", "pengzhou")
    at.session_state["place"] = place
    at.run()
    assert [s.value for s in at.subheader] == ["Pengzhou · 彭州市"]
    text = " ".join(m.value for m in at.markdown)
    assert "Remanufactur" in text or "remanufactur" in text
    assert at.query_params["place"] == "pengzhou"
    assert component_data(at, "map")["scene"]["selection"]["id"] == "pengzhou"
    pinned = table_rows(at)  # the table shows Pengzhou's own and inherited rows
    assert pinned and {r["named"] for r in pinned} <= {"county:pengzhou", "prefecture:chengdu", "province:sichuan",
                                                        "reach:upper", "belt:yreb", "group:riverside"}  # fmt: skip


def test_panel_groups_by_via_and_says_when_nothing_names_the_place():
    at = start({"place": "nanjing"})
    assert [s.value for s in at.subheader] == ["Nanjing · 南京市"]
    text = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert "No measure names Nanjing itself; plus 4 riverside" in text and "belt-wide measures" in text
    folds = [e.label for e in at.expander]
    assert "Belt-wide (8)" in folds and "As a city along the Yangtze (4)" in folds


def test_language_switch():
    at = start()
    at.sidebar.segmented_control(key="lang").set_value("zh").run()
    assert "### 长江经济带工业绿色发展" in [m.value for m in at.markdown]
    assert at.sidebar.header[0].value == "筛选"
    assert "措施" in [c["label"] for c in component_data(at, "table")["columns"]]
    assert at.query_params["lang"] == "zh"


def test_link_restores_the_view():
    at = start({"reach": "upper", "place": "chengdu", "lang": "zh", "role": "cluster"})
    assert at.session_state["f_reach"] == ["upper"] and at.session_state["f_role"] == ["cluster"]
    assert [s.value for s in at.subheader] == ["Chengdu · 成都市"]
    assert "### 长江经济带工业绿色发展" in [m.value for m in at.markdown]
    assert not at.warning


@pytest.mark.parametrize(
    "query",
    [
        {"reach": "upper,<script>alert(1)</script>"},
        {"place": "javascript:alert(1)"},
        {"lang": "xx", "basemap": "http://evil.example/{z}"},
        {"text": "\x00" * 10},
        {"unknown": "zzz-unknown-value"},
    ],
)
def test_bad_link_values_are_ignored_with_a_notice_not_echoed(query):
    at = start(query)
    assert at.warning, "expected a notice"
    notice = at.warning[0].value
    for value in query.values():
        assert value not in notice
    assert "<script>" not in notice and "javascript" not in notice


def test_broken_catalogue_shows_its_errors_and_the_app_stays_up(monkeypatch):
    bad = TEST_DATA / "bad_catalogues" / "unknown_place.yaml"
    at = start(env={"YREB_MEASURES": str(bad)}, monkeypatch=monkeypatch)
    assert at.error
    shown = " ".join(c.value for c in at.code)
    assert f"{bad}:17: measures[0].places[0].id" in shown and "did you mean wuxi" in shown


def test_export_panel_renders_and_offers_the_download():
    at = start({"reach": "upper", "category": "solid_waste"}, open_folds=("export",))
    at.selectbox(key="x_format").set_value("csv").run()
    at.button(key="x_go").click().run()
    assert not at.exception and not at.error
    payload, mime, name = exported(at)
    assert name.endswith(".csv") and mime == "text/csv" and payload.startswith(b"\xef\xbb\xbf")
    downloads = [d for d in at.get("download_button") if d.key == "x_download"]
    assert downloads and name in downloads[0].proto.label
    at.selectbox(key="x_format").set_value("brief").run()
    # The offered file no longer matches the options, so it is not offered.
    assert not [d for d in at.get("download_button") if d.key == "x_download"]
    at.button(key="x_go").click().run()
    assert exported(at)[2].startswith("yreb-brief")
