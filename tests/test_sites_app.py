"""Sites in the app: the command line, the filters, the map layers, the panel, find-a-place and the targets."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import cli
from geo.dataset import load_dataset
from geo.filters import FilterSpec
from geo.sites import load_sites
from geo.vocab import ZONE_INDUSTRY_FAMILIES
from present.search import search_index
from present.sites_view import (
    COUNT_STYLES,
    POINT_STYLES,
    click_place,
    place_sites,
    prefecture_counts,
    site_layers,
    spiral,
)
from present.targets import by_province, catalogue_targets, cumulative, progress
from present.web_scene import legend_entries
from tests.conftest import ROOT
from tests.test_sites import PLACED

BELT = {"上海", "江苏", "浙江", "安徽", "江西", "湖北", "湖南", "重庆", "四川", "贵州", "云南", "宁波"}


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def sites(data):
    return load_sites(ROOT / "data", data.places)


def _cli_json(capsys, *args) -> dict:
    assert cli.main(["sites", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


# --- the command line ------------------------------------------------------------------------------------


def test_cli_suzhou_lists_its_industrial_park():
    res = subprocess.run([sys.executable, "cli.py", "sites", "--place", "suzhou-jiangsu", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    parks = [s for s in out["sites"] if s["list"] == "green_park"]
    assert "苏州工业园区" in {s["name"] for s in parks}
    for record in out["sites"]:
        assert {"list", "name", "place_id", "place_level", "method"} <= set(record)
        assert ("approved" in record) == (record["list"] == "dev_zone")
        assert ("batch" in record) == (record["list"] != "dev_zone")


def test_cli_sites_reads_the_sites_setting(capsys, monkeypatch, tmp_path):
    """``YREB_SITES`` replaces the built-in lists for ``cli.py sites`` as it does for the app and the exports."""
    rows = list(csv.DictReader((ROOT / "data" / "sites.csv").open(encoding="utf-8", newline="")))
    for row in rows:
        if row["name"] == "苏州工业园区":
            row["name"] = "苏州工业园区（另一份名单）"
    with (tmp_path / "sites.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (tmp_path / "site_sources.csv").write_bytes((ROOT / "data" / "site_sources.csv").read_bytes())
    monkeypatch.setenv("YREB_SITES", str(tmp_path))
    names = {s["name"] for s in _cli_json(capsys, "--place", "suzhou-jiangsu")["sites"]}
    assert "苏州工业园区（另一份名单）" in names and "苏州工业园区" not in names


def test_cli_yichang_lists_the_yaojiagang_chemical_park(capsys):
    out = _cli_json(capsys, "--place", "yichang")
    names = [s["name"] for s in out["sites"] if s["list"] == "green_park"]
    assert any("姚家港化工园" in n for n in names), names


def test_cli_place_without_sites_says_so(capsys):
    assert cli.main(["sites", "--place", "baiyu"]) == 0
    assert "no listed site is placed here" in capsys.readouterr().out
    assert _cli_json(capsys, "--place", "baiyu")["sites"] == []


def test_cli_unknown_place_suggests(capsys):
    assert cli.main(["sites", "--place", "suzhou"]) == 1
    assert "did you mean" in capsys.readouterr().err


def test_cli_name_agrees_with_the_hand_checked_table(capsys):
    """``cli.py sites --name`` reports, for every hand-checked name, the place, level and method of the table."""
    args = [x for _, name, *_ in PLACED for x in ("--name", name)]
    out = _cli_json(capsys, *args)
    for sid, name, place_id, level, method in PLACED:
        record = next((s for s in out["sites"] if s["id"] == sid and s["query"] == name), None)
        assert record is not None, (sid, name, [s["id"] for s in out["sites"]])
        assert (record["place_id"], record["place_level"], record["method"]) == (place_id, level, method), name


def test_cli_unresolved_are_the_province_level_sites(capsys, sites):
    out = _cli_json(capsys, "--unresolved")
    assert out["count"] == len(sites.unresolved()) > 0
    assert {s["place_level"] for s in out["sites"]} == {"province"}
    assert all(s["reason"] for s in out["sites"])


# --- filters ---------------------------------------------------------------------------------------------


def test_chemicals_keeps_only_zones_whose_industries_or_names_say_so(sites):
    kept = sites.filtered(FilterSpec(zone_industries={"chemicals"}))
    zones = kept[kept["list"] == "dev_zone"]
    words = ZONE_INDUSTRY_FAMILIES["chemicals"]["words"]
    assert len(zones) > 100
    for row in zones.itertuples(index=False):
        assert any(w in row.industries or w in row.name for w in words), row.name
    every = sites.frame[sites.frame["list"] == "dev_zone"]
    expected = sum(any(w in r.industries or w in r.name for w in words) for r in every.itertuples(index=False))
    assert len(zones) == expected
    # the 148 zones whose industries or names say 化工 are all among them
    say_huagong = every[every["industries"].str.contains("化工") | every["name"].str.contains("化工")]
    assert set(say_huagong["id"]) <= set(zones["id"])
    # other lists are not narrowed by a zone filter
    assert (kept["list"] != "dev_zone").sum() == (sites.frame["list"] != "dev_zone").sum()


def test_batch_filter_keeps_list_sites_of_those_batches_and_every_zone(sites):
    kept = sites.filtered(FilterSpec(batches={"1", "2021"}))
    assert set(kept.loc[kept["list"] != "dev_zone", "batch"]) == {"1", "2021"}
    assert (kept["list"] == "dev_zone").sum() == (sites.frame["list"] == "dev_zone").sum()


def test_reach_and_province_filters_apply_to_sites(sites, data):
    upper = sites.filtered(FilterSpec(reaches={"upper"}))
    assert set(upper["province"]) == {"chongqing", "sichuan", "guizhou", "yunnan"}
    hubei = sites.filtered(FilterSpec(provinces={"hubei"}))
    assert set(hubei["province"]) == {"hubei"}


# --- the map layers -----------------------------------------------------------------------------------------


def test_every_placed_park_and_zone_is_drawn_once_and_no_province_only_site_is(sites):
    layers = site_layers(sites, FilterSpec(), "en", "wgs84")
    drawn = Counter(f["properties"]["id"] for style in POINT_STYLES for f in layers[style]["features"])
    points = sites.frame[sites.frame["list"].isin(("green_park", "dev_zone"))]
    placed = points[points["place_level"] != "province"]
    assert set(drawn) == set(placed["id"]) and max(drawn.values()) == 1
    assert not set(drawn) & set(sites.unresolved()["id"])


def test_sites_of_one_county_are_spread_apart_and_clear_of_the_city_marker():
    offsets = spiral(25)
    assert min((dx * dx + dy * dy) ** 0.5 for dx, dy in offsets) >= 10.5  # outside a 15 px city marker
    for i, (x0, y0) in enumerate(offsets):
        for x1, y1 in offsets[i + 1 :]:
            assert ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5 >= 7, "two sites of one place overlap"


def test_a_click_on_a_site_selects_its_prefecture(sites):
    layers = site_layers(sites, FilterSpec(), "en", "wgs84")
    for f in layers["site-park"]["features"]:
        p = f["properties"]
        row = next(sites.frame[sites.frame["id"] == p["id"]].itertuples(index=False))
        assert (p["level"], p["place"]) == click_place(sites.places, row)
        assert p["level"] == "prefecture"


def test_count_layers_match_the_lists_per_prefecture(sites):
    layers = site_layers(sites, FilterSpec(), "en", "wgs84")
    table = prefecture_counts(sites, sites.frame)
    suzhou = sites.places.get("prefecture", "suzhou-jiangsu")
    own = sites.for_place(suzhou)
    assert table.loc["suzhou-jiangsu", "green_factory"] == (own["list"] == "green_factory").sum()
    for style in COUNT_STYLES:
        lst = style.removeprefix("site-count-")
        drawn = {f["properties"]["id"]: f["properties"]["n"] for f in layers[style]["features"]}
        assert drawn == {k: int(v) for k, v in table[lst].items() if v}


def test_site_styles_have_legend_entries_in_both_languages():
    for lang in ("en", "zh"):
        rows = legend_entries(POINT_STYLES + COUNT_STYLES, lang)
        assert [r["style"] for r in rows] and all(r["label"] and r["layer"] == r["style"] for r in rows)


def test_hostile_site_names_stay_data(sites):
    """Names reach the page as JSON data only (the runtime shows them with textContent)."""
    layers = site_layers(sites, FilterSpec(), "en", "wgs84")
    text = json.dumps(layers, ensure_ascii=False)
    assert "<script" not in text.lower()
    tips = [f["properties"]["tip"] for f in layers["site-park"]["features"]]
    assert all(isinstance(t, str) and t for t in tips)


# --- panel and find-a-place ----------------------------------------------------------------------------------


def test_panel_data_for_suzhou_counts_by_list_and_batch(sites):
    ps = place_sites(sites, sites.places.get("prefecture", "suzhou-jiangsu"), FilterSpec())
    assert "苏州工业园区" in set(ps.of("green_park")["name"])
    assert int(ps.counts.to_numpy().sum()) == ps.total == len(sites.for_place(ps.place))
    assert ps.province_only_elsewhere == (sites.for_place(sites.places.get("province", "jiangsu"))["place_level"]
                                          == "province").sum()  # fmt: skip


def test_search_finds_parks_and_zones_and_selects_their_place(sites, data):
    index = search_index(data.places, "en", "wgs84", sites)
    items = [it for it in index["items"] if it.get("site")]
    park = next(it for it in items if it["title"] == "苏州工业园区")
    assert (park["level"], park["id"]) == ("prefecture", "suzhou-jiangsu")
    zone_ids = set(sites.frame.loc[sites.frame["list"] == "dev_zone", "id"])
    assert zone_ids <= {it["site"] for it in items}


# --- targets against the lists ----------------------------------------------------------------------------------


def _greenlists() -> Path:
    for candidate in (os.environ.get("YREB_GREENLISTS"), ROOT.parent / "shared" / "greenlists"):
        if candidate and (Path(candidate) / "绿色工厂名单.csv").is_file():
            return Path(candidate)
    pytest.fail("source folder greenlists not found: set YREB_GREENLISTS or provide <repo>/../shared/greenlists")


def _source_cumulative(file: str) -> dict[str, int]:
    """Belt rows (地区 one of the 11 provinces or 宁波) per batch, cumulative, counted from the source file."""
    with (_greenlists() / file).open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["地区"].strip() in BELT]
    per = Counter(r["批次"].strip() for r in rows)
    out, total = {}, 0
    for batch in ("1", "2", "3", "4", "5", "2021"):
        total += per.get(batch, 0)
        out[batch] = total
    return out


def test_targets_chart_numbers_match_the_source_files(sites, data):
    counts = cumulative(sites)
    for lst, file in (("green_factory", "绿色工厂名单.csv"), ("green_park", "绿色工业园区名单.csv")):
        got = dict(counts[counts["list"] == lst][["batch", "cumulative"]].itertuples(index=False))
        assert got == _source_cumulative(file), lst
    assert {t.list: t.value for t in catalogue_targets(data.catalogue)} == {
        "green_factory": 500, "green_park": 50, "green_product": 5000,
    }  # fmt: skip
    reached = {p["list"]: p["by_2020"] for p in progress(sites, catalogue_targets(data.catalogue))}
    assert reached["green_factory"] == 868 and reached["green_park"] == 82  # data/SOURCES.md, greenlists README


def test_targets_per_province_add_up_to_the_belt(sites):
    table = by_province(sites)
    counts = cumulative(sites)
    for lst in table.columns:
        by5 = counts[(counts["list"] == lst) & (counts["batch"] == "5")]["cumulative"].iloc[0]
        assert table[lst].sum() == by5
    assert table.loc["zhejiang", "green_factory"] > 0  # 宁波's entries count in Zhejiang
