"""The listed sites in the exports: the snapshot draws the site layers the live map opens with (filtered the same
way, legend = drawn), the standalone HTML carries them as data, the tables list them, the city brief says what is
listed there and the belt brief sets the 2020 targets against the lists."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import cli
from exports import SnapshotOptions, export, render_snapshot
from exports.city_brief import city_brief_page
from exports.legend import legend_rows
from exports.pages import PAGE_H, Column
from exports.painters import visible_styles
from geo.filters import FilterSpec
from geo.sites import load_sites
from present.sites_view import SHOWN_BY_DEFAULT, SITE_STYLES, place_sites, site_counts, site_points
from present.style import STYLES
from present.targets import catalogue_targets, progress
from tests.conftest import ROOT

DAY = dt.date(2026, 11, 27)
SUZHOU = ("prefecture", "suzhou-jiangsu")
CHEMICALS = FilterSpec(zone_industries=frozenset({"chemicals"}))
# The hostile park of tests/browser/test_sites_browser.py, and a name that a spreadsheet would run as a formula.
HOSTILE_PARK = "<img src=x onerror=alert('park')>苏州工业园区{{7*7}} [x](javascript:alert(1)) $x^2$"
FORMULA_PARK = '=HYPERLINK("http://x","苏州")'


@pytest.fixture(scope="module")
def sites(real_data):
    return load_sites(ROOT / "data", real_data.places)


@pytest.fixture(scope="module")
def hostile_sites(real_data, tmp_path_factory):
    """The built-in sites with two parks of Suzhou renamed: an injection payload and a spreadsheet formula."""
    folder = tmp_path_factory.mktemp("hostile-sites")
    rows = list(csv.DictReader((ROOT / "data" / "sites.csv").open(encoding="utf-8", newline="")))
    names = {"park-1-7": HOSTILE_PARK, "park-1-9": FORMULA_PARK}
    for row in rows:
        row["name"] = names.get(row["id"], row["name"])
    with (folder / "sites.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(ROOT / "data" / "site_sources.csv", folder / "site_sources.csv")
    return load_sites(folder, real_data.places)


def drawn_counts(fig) -> dict[str, int]:
    """Symbols drawn per site style (one offset per park, zone or count circle)."""
    out: dict[str, int] = {}
    for artist in fig.axes[0].collections:
        if artist.get_gid() in SITE_STYLES:
            out[artist.get_gid()] = out.get(artist.get_gid(), 0) + len(artist.get_offsets())
    return out


def legend_texts(fig) -> list[str]:
    legend = fig.axes[0].get_legend() or fig.legends[0]
    return [t.get_text() for t in legend.get_texts()]


def features(layers: dict, style: str) -> int:
    return len(layers[style]["features"])


# --- the snapshot ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["16:9", "report-a5"])
def test_snapshot_draws_the_site_layers_the_live_map_opens_with(real_data, real_basemap, sites, size):
    fig, drawn = render_snapshot(real_data, real_basemap[0], FilterSpec(), SnapshotOptions(size=size, date=DAY),
                                 sites=sites)  # fmt: skip
    frame = sites.filtered(FilterSpec())
    points, counts = site_points(sites, frame, "en", "wgs84"), site_counts(sites, frame, "en", "wgs84")
    expected = {s: features(points, s) for s in ("site-park", "site-zone-national")}
    expected["site-count-green_factory"] = features(counts, "site-count-green_factory")
    assert drawn_counts(fig) == expected == drawn.sites  # every park and zone of the live map, nothing more
    assert set(expected) == SHOWN_BY_DEFAULT
    # the legend lists exactly what is drawn, site entries included
    ax = fig.axes[0]
    on_map = visible_styles(ax, sorted({a.get_gid() for a in ax.collections if a.get_gid() in STYLES}))
    assert legend_texts(fig) == [row["label"] for row in legend_rows(on_map, "en")]
    assert {"Green industrial park", "National development zone",
            "Green factories per city (area ∝ number)"} <= set(legend_texts(fig))  # fmt: skip
    # the sites never bury a city: drawn under the city dots, the role symbols and the labels
    cities = min(a.get_zorder() for a in ax.collections if (a.get_gid() or "").startswith("city"))
    assert max(a.get_zorder() for a in ax.collections if a.get_gid() in SITE_STYLES) < cities


def test_the_zone_industry_filter_draws_only_its_zones_provincial_ones_too(real_data, real_basemap, sites):
    options = SnapshotOptions(size="16:9", date=DAY)
    fig, _ = render_snapshot(real_data, real_basemap[0], CHEMICALS, options, sites=sites)
    everything = drawn_counts(render_snapshot(real_data, real_basemap[0], FilterSpec(), options, sites=sites)[0])
    chemical = drawn_counts(fig)
    points = site_points(sites, sites.filtered(CHEMICALS), "en", "wgs84")
    assert chemical["site-zone-national"] == features(points, "site-zone-national") < everything["site-zone-national"]
    assert chemical["site-zone-provincial"] == features(points, "site-zone-provincial") > 0  # shown under the filter
    assert "site-zone-provincial" not in everything
    assert chemical["site-park"] == everything["site-park"]  # the filter narrows zones only
    assert "Provincial development zone" in legend_texts(fig)


def test_sites_are_a_layer_that_can_be_left_out(real_data, real_basemap, sites):
    layers = SnapshotOptions().layers - {"sites"}
    fig, drawn = render_snapshot(real_data, real_basemap[0], FilterSpec(), SnapshotOptions(size="16:9", layers=layers),
                                 sites=sites)  # fmt: skip
    assert drawn_counts(fig) == {} and not drawn.sites
    assert not any(style in SITE_STYLES for style in drawn.styles)


# --- the standalone HTML ----------------------------------------------------------------------------------------


def scene_of(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="yreb-scene">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_html_export_carries_the_site_layers_and_a_hostile_park_stays_text(real_data, real_basemap, hostile_sites):
    payload, _, _ = export("html", real_data, *real_basemap, FilterSpec(), SnapshotOptions(date=DAY),
                           sites=hostile_sites)  # fmt: skip
    html = payload.decode("utf-8")
    scene = scene_of(html)
    layers = {layer["key"]: layer for layer in scene["layers"]}
    assert set(SITE_STYLES) <= set(layers)
    assert {k for k in SITE_STYLES if layers[k]["show"]} == SHOWN_BY_DEFAULT  # as the live map opens
    expected = site_points(hostile_sites, hostile_sites.filtered(FilterSpec()), "en", "wgs84")
    assert layers["site-park"]["src"]["data"] == expected["site-park"]  # the live map's features, inlined
    assert {"site-park", "site-zone-national"} <= {row["style"] for row in scene["legend"]}
    tips = [f["properties"]["tip"] for f in layers["site-park"]["src"]["data"]["features"]]
    assert any(tip.startswith(HOSTILE_PARK + " · ") for tip in tips)  # the name as data…
    assert "<img src=x onerror" not in html and "\\u003cimg src=x onerror" in html  # …that no parser reads as markup
    assert "苏州工业园区{{7*7}}" in html and "苏州工业园区49" not in html  # never template source
    assert "connect-src 'none'" in html and "<script src=" not in html  # still offline, under its CSP
    found = [item for item in scene["search"]["src"]["data"]["items"] if item.get("site") == "park-1-7"]
    assert [item["title"] for item in found] == [HOSTILE_PARK]  # find-a-place finds it, as text


# --- tables -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sites_csv_of_suzhou_lists_its_industrial_park(real_data, sites, lang):
    payload, mime, name = export("sites-csv", real_data, None, None, FilterSpec(),
                                 SnapshotOptions(selected=SUZHOU, lang=lang, date=DAY), sites=sites)  # fmt: skip
    assert mime == "text/csv" and name == "yreb-sites-2026-11-27.csv" and payload.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", keep_default_na=False, dtype=str)
    place = real_data.places.get(*SUZHOU)
    assert len(frame) == place_sites(sites, place, FilterSpec()).total  # its counties' sites included
    name, lists, cited = ("Name", "List", "Citation") if lang == "en" else ("名称", "名单", "出处")
    park = frame[frame[name] == "苏州工业园区"]
    assert list(park[lists]) == (["Green industrial parks", "Development zones"] if lang == "en" else
                                 ["绿色园区", "开发区"])  # fmt: skip
    assert "batch 1" in park[cited].iloc[0] and "(2017-08-23)" in park[cited].iloc[0]  # the MIIT notice it is on


def test_the_view_without_a_place_lists_every_site_the_filters_keep(real_data, sites):
    payload, _, _ = export("sites-csv", real_data, None, None, CHEMICALS, SnapshotOptions(), sites=sites)
    frame = pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert len(frame) == len(sites.filtered(CHEMICALS)) < len(sites.frame)
    empty, _, _ = export("sites-csv", real_data, None, None, FilterSpec(), SnapshotOptions())  # no sites given
    assert pd.read_csv(io.BytesIO(empty), encoding="utf-8-sig").empty


def test_xlsx_has_the_sites_on_a_second_sheet_and_cells_stay_text(real_data, hostile_sites):
    payload, _, _ = export("xlsx", real_data, None, None, FilterSpec(), SnapshotOptions(selected=SUZHOU),
                           sites=hostile_sites)  # fmt: skip
    book = load_workbook(io.BytesIO(payload))
    assert book.sheetnames == ["measures", "sites"]
    sheet = book["sites"]
    names = [row[3].value for row in sheet.iter_rows(min_row=2)]
    assert HOSTILE_PARK in names and "苏州工业园区" in names
    assert "'" + FORMULA_PARK in names  # neutralised: never a formula
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    csv_payload, _, _ = export("sites-csv", real_data, None, None, FilterSpec(), SnapshotOptions(selected=SUZHOU),
                               sites=hostile_sites)  # fmt: skip
    assert "\"'" + FORMULA_PARK.replace('"', '""') + '"' in csv_payload.decode("utf-8-sig")


def test_cli_exports_the_sites_of_a_place(tmp_path, capsys):
    out = tmp_path / "suzhou-sites.csv"
    assert cli.main(["export", "--format", "sites-csv", "--out", str(out), "--place", "suzhou-jiangsu"]) == 0
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert "苏州工业园区" in set(frame["Name"])
    assert cli.main(["export", "--format", "sites-csv", "--out", str(out), "--no-sites"]) == 0
    assert pd.read_csv(out, encoding="utf-8-sig").empty


# --- the briefs -------------------------------------------------------------------------------------------------


def pdf_pages(payload: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(payload)).pages]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_city_brief_of_suzhou_is_one_page_listing_its_parks(real_data, real_basemap, sites, lang):
    payload, _, _ = export("brief", real_data, *real_basemap, FilterSpec(),
                           SnapshotOptions(lang=lang, selected=SUZHOU, date=DAY), sites=sites)  # fmt: skip
    pages = pdf_pages(payload)
    assert len(pages) == 1
    text = pages[0]
    listed = text.index("Listed here" if lang == "en" else "名单中的园区和企业")
    assert "苏州工业园区" in text[listed:]  # by name, in the section
    total = place_sites(sites, real_data.places.get(*SUZHOU), FilterSpec()).total
    assert f"({total})" in text[listed : listed + 40] or f"（{total}）" in text[listed : listed + 40]
    assert ("more" if lang == "en" else "另有") in text[listed:]  # 26 zones do not fit on one line: counted
    assert "MIIT green-manufacturing lists" in text or "工信部绿色制造名单" in text  # the source is cited
    # and no line is pushed under the bottom margin to make room for it
    page = city_brief_page(real_data, real_basemap[0], FilterSpec(), SnapshotOptions(lang=lang, selected=SUZHOU),
                           sites)  # fmt: skip
    lowest = min(t.get_position()[1] * PAGE_H for t in page.texts if (t.get_gid() or "").startswith("text-"))
    assert lowest >= Column(top=PAGE_H).bottom - 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_belt_brief_sets_the_2020_targets_against_the_lists(real_data, real_basemap, sites, lang):
    payload, _, _ = export("brief", real_data, *real_basemap, FilterSpec(), SnapshotOptions(lang=lang, date=DAY),
                           sites=sites)  # fmt: skip
    pages = pdf_pages(payload)
    assert len(pages) >= 2 and ("Measures in this view" if lang == "en" else "本视图中的措施") in pages[1]
    first = pages[0]
    section = first.index("2020 targets against the green lists" if lang == "en" else "2020年目标与绿色制造名单对照")
    rows = progress(sites, catalogue_targets(real_data.catalogue))
    assert {r["list"] for r in rows} == {"green_factory", "green_park", "green_product"}
    for row in rows:
        assert f"{row['by_2020']:,}" in first[section:] and f"{row['target']:,.0f}" in first[section:]
        assert f"{row['share']:.0%}" in first[section:]
    assert ("Counting rules" if lang == "en" else "统计口径") in first[section:]  # the rules of present/i18n.py
    assert "宁波" in first[section:]
    without, _, _ = export("brief", real_data, *real_basemap, FilterSpec(), SnapshotOptions(lang=lang, date=DAY))
    assert "Counting rules" not in pdf_pages(without)[0] and "统计口径" not in pdf_pages(without)[0]
