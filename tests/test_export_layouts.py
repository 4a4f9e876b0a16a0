"""Briefing-grade exports, measured: safe margins and type sizes per layout, labels without collisions, a legend of
exactly what is drawn, counts equal to the app's, basemap under every extent, symbols on their places, the briefs."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image
from pypdf import PdfReader

from exports import SnapshotOptions, export, render_snapshot
from exports.frame import SAFE_MARGIN
from exports.legend import legend_rows
from exports.painters import compose, visible_styles
from geo.filters import FilterSpec
from present.scene import filter_layers
from present.style import BACKGROUND, STYLES
from present.titles import counts_line

DAY = dt.date(2026, 11, 26)
WUXI = ("prefecture", "wuxi")


def texts(fig):
    """Every visible, non-empty text of a figure with its display box (after a draw: legends place their texts then)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for artist in fig.findobj(Text):
        if artist.get_visible() and artist.get_text().strip() and artist.figure is not None:
            out.append((artist, artist.get_window_extent(renderer)))
    return out


def render(real_data, real_basemap, size, spec=FilterSpec(), **opts):  # noqa: B008 - frozen
    return render_snapshot(real_data, real_basemap[0], spec, SnapshotOptions(size=size, date=DAY, **opts))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_slide_text_is_large_and_inside_the_safe_margin(real_data, real_basemap, lang):
    fig, drawn = render(real_data, real_basemap, "slide", lang=lang, selected=WUXI, title="Green manufacturing")
    width, height = fig.get_size_inches() * fig.dpi
    assert (round(width), round(height)) == (1920, 1080)
    mx, my = width * SAFE_MARGIN["slide"], height * SAFE_MARGIN["slide"]
    ax = fig.axes[0].get_window_extent()
    for artist, box in texts(fig):
        # 14 pt on a 13.33 in wide slide of 1920 px = 28 px
        assert artist.get_fontsize() * fig.dpi / 72 >= 28 - 1e-6, artist.get_text()
        assert box.x0 >= mx - 1 and box.x1 <= width - mx + 1, artist.get_text()
        assert box.y0 >= my - 1 and box.y1 <= height - my + 1, artist.get_text()
    legend = drawn.legend_box
    assert ax.x0 - 1 <= legend.x0 and legend.x1 <= ax.x1 + 1 and ax.y0 - 1 <= legend.y0 and legend.y1 <= ax.y1 + 1
    assert any(a.get_text() == "Green manufacturing" for a, _ in texts(fig)) or lang == "zh"


@pytest.mark.parametrize("size", ["16:9", "a4-portrait", "report-a4", "report-a5", "slide"])
def test_frames_keep_to_the_margin_and_scale_and_north_stay_off_the_map(real_data, real_basemap, size):
    fig, _ = render(real_data, real_basemap, size, selected=WUXI)
    width, height = fig.get_size_inches() * fig.dpi
    layout = SnapshotOptions(size=size).layout
    m = min(width, height) * SAFE_MARGIN[layout] if layout == "briefing" else None
    mx, my = (m, m) if m else (width * SAFE_MARGIN[layout], height * SAFE_MARGIN[layout])
    ax = fig.axes[0].get_window_extent()
    for artist, box in texts(fig):
        assert box.x0 >= mx - 1 and box.x1 <= width - mx + 1, (artist.get_text(), box)
        assert box.y0 >= my - 1 and box.y1 <= height - my + 1, (artist.get_text(), box)
    marks = [a for a in fig.findobj() if a.get_gid() in ("scale-bar", "north-arrow")]
    assert len(marks) >= 4
    renderer = fig.canvas.get_renderer()
    for mark in marks:
        box = mark.get_window_extent(renderer)
        assert box.y1 <= ax.y0 + 1 or box.x0 >= ax.x1 - 1, (mark, box, ax)  # in the margin, never over the map


def label_boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {a.get_gid(): a.get_window_extent(renderer) for a in fig.axes[0].texts
            if (a.get_gid() or "").startswith("label-") and not a.get_gid().startswith("label-halo")}  # fmt: skip


def overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize(("size", "lang"), [("16:9", "en"), ("16:9", "zh"), ("slide", "en"), ("slide", "zh"),
                                            ("report-a5", "zh"), ("a4-portrait", "en")])  # fmt: skip
def test_labels_never_overlap_and_stay_in_the_frame(real_data, real_basemap, size, lang):
    fig, drawn = render(real_data, real_basemap, size, lang=lang, selected=WUXI)
    boxes = label_boxes(fig)
    assert "label-wuxi" in boxes  # the selected place is always labelled
    assert {"label-chengdu", "label-wuhan", "label-chongqing"} <= set(boxes)  # provincial capitals
    frame = fig.axes[0].get_window_extent()
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not overlap(box_a, box_b), (a, b)
    for gid, box in boxes.items():
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, gid
        if drawn.legend_box is not None and size != "16:9":
            assert not overlap(box, drawn.legend_box), gid


def test_the_overlap_check_can_fail():
    from matplotlib.transforms import Bbox

    assert overlap(Bbox.from_extents(0, 0, 10, 10), Bbox.from_extents(5, 5, 15, 15))
    assert not overlap(Bbox.from_extents(0, 0, 10, 10), Bbox.from_extents(10, 0, 20, 10))


@pytest.mark.parametrize("size", ["16:9", "slide", "report-a4"])
def test_legend_lists_exactly_what_is_drawn(real_data, real_basemap, size):
    fig, _drawn = render(real_data, real_basemap, size, selected=WUXI, spec=FilterSpec())
    ax = fig.axes[0]
    drawn_styles = {a.get_gid() for a in ax.collections if a.get_gid() in STYLES}
    on_map = set(visible_styles(ax, sorted(drawn_styles)))
    legend = ax.get_legend() or fig.legends[0]
    shown = [t.get_text() for t in legend.get_texts()]
    expected = [row["label"] for row in legend_rows(on_map, "en")]
    assert shown == expected
    assert {"outline-restriction", "role-cluster", "role-scope", "selection", "river", "province"} <= on_map


def test_counts_are_the_apps(real_data, real_basemap):
    spec = FilterSpec(categories=frozenset({"solid_waste"}), reaches=frozenset({"upper"}))
    payload, _, _ = export("pdf", real_data, *real_basemap, spec, SnapshotOptions(size="16:9", date=DAY))
    text = " ".join(PdfReader(io.BytesIO(payload)).pages[0].extract_text().split())
    line = counts_line(real_data, spec, "en")
    assert line in text
    counts = filter_layers(real_data, spec, "en", "wgs84")["counts"]  # what the live map draws
    assert f"{counts['matching']} of the {counts['shown']} places shown" in line


def test_a_zoomed_export_is_covered_by_the_basemap(real_data, real_basemap):
    options = SnapshotOptions(size="16:9", date=DAY, bbox=(88.0, 24.0, 110.0, 34.0), framed=False)
    payload, _, _ = export("png", real_data, *real_basemap, FilterSpec(), options)
    pixels = np.asarray(Image.open(io.BytesIO(payload)).convert("RGB")).reshape(-1, 3)
    grey = np.array([int(BACKGROUND[i : i + 2], 16) for i in (1, 3, 5)])
    assert not (pixels == grey).all(axis=1).any()  # no empty slab in the container colour
    fig, drawn = render_snapshot(real_data, real_basemap[0], FilterSpec(), options)
    import shapely

    base = [c for c in fig.axes[0].collections if (c.get_gid() or "").startswith("basemap-") and "border" not in
            c.get_gid()]  # fmt: skip
    x0, x1, y0, y1 = drawn.extent
    cover = shapely.union_all([shapely.make_valid(shapely.Polygon(v)) for c in base for path in c.get_paths()
                               for v in path.to_polygons()])  # fmt: skip
    assert cover.buffer(1).covers(shapely.box(x0, y0, x1, y1))


def test_symbols_sit_on_their_places_and_the_selection_leaves_them_visible(real_data, real_basemap):
    one, _radius = compose(["cluster"], 10)
    assert one == [("cluster", 0.0, 0.0, 10)]
    several, outer = compose(["cluster", "restriction", "scope"], 10)
    shapes = [(dx, dy) for role, dx, dy, _ in several if role != "scope"]
    assert np.allclose(np.mean(shapes, axis=0), 0)  # the pattern is centred on the place
    ring = next(s for r, _, _, s in several if r == "scope")
    assert ring / 2 == pytest.approx(outer) and outer > max(np.hypot(dx, dy) for dx, dy in shapes)
    fig, drawn = render(real_data, real_basemap, "16:9", selected=WUXI)
    singles = [s for s in drawn.symbols if s[0] == "chengdu"]
    assert singles and all(dx == 0 and dy == 0 for _, _, dx, dy, _ in singles)
    ax = fig.axes[0]
    selection = next(c for c in ax.collections if c.get_gid() == "selection")
    roles = [c for c in ax.collections if (c.get_gid() or "").startswith("role-")]
    assert all(c.get_zorder() > selection.get_zorder() for c in roles)  # the symbol is drawn over the ring
    ring_radius = np.sqrt(selection.get_sizes()[0]) / 2
    assert ring_radius > max(s / 2 + np.hypot(dx, dy) for pid, _, dx, dy, s in drawn.symbols if pid == "wuxi")


def pdf(payload):
    reader = PdfReader(io.BytesIO(payload))
    return len(reader.pages), [" ".join(p.extract_text().split()) for p in reader.pages]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_city_brief_is_one_page_about_the_place(real_data, real_basemap, lang):
    payload, _, _ = export("brief", real_data, *real_basemap, FilterSpec(), SnapshotOptions(lang=lang, selected=WUXI,
                                                                                             date=DAY))  # fmt: skip
    pages, text = pdf(payload)
    assert pages == 1
    name = "Wuxi" if lang == "en" else "无锡"
    assert name in text[0][:60]  # the title names the place
    own = real_data.catalogue.measure("ep-equipment-clusters").title
    inherited = real_data.catalogue.measure("coal-city-energy-efficiency").title
    flat = text[0].replace(" ", "")
    assert flat.index(getattr(own, lang).replace(" ", "")) < flat.index(getattr(inherited, lang).replace(" ", ""))


@pytest.mark.parametrize("place", ["lingang", "shanghai", "chongqing", "chengdu", "wuhan", "pengzhou"])
def test_city_briefs_fit_one_page(real_data, real_basemap, place):
    found = real_data.places.find(place)
    payload, _, _ = export("brief", real_data, *real_basemap, FilterSpec(),
                           SnapshotOptions(lang="zh", selected=(found.level, found.id), date=DAY))  # fmt: skip
    assert pdf(payload)[0] == 1


def test_belt_brief_starts_with_a_summary_and_prints_notes_beside_weak_quotes(real_data, real_basemap):
    import yaml

    from geo.dataset import dataset_from_bytes
    from tests.conftest import ROOT

    doc = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))
    first, second = doc["measures"][0], doc["measures"][1]
    first["source"]["quote"] = "The comprehensive utilization of"
    first["notes"] = {
        "en": "Only the opening words of this paragraph could be retrieved.",
        "zh": "只检索到开头几个词。",
    }
    second["source"]["quote"] = "Cities along the river will"
    second.pop("notes", None)
    data = dataset_from_bytes(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode(), "m.yaml",
                              real_data.places)  # fmt: skip
    payload, _, _ = export("brief", data, *real_basemap, FilterSpec(), SnapshotOptions(date=DAY))
    pages, text = pdf(payload)
    assert pages >= 2 and "Summary of this view" in text[0] and "Measures in this view" in text[1]
    flat = " ".join(text)
    quote = flat.index("“The comprehensive utilization of”")  # a quote that stops mid-sentence…
    assert "Only the opening words of this paragraph could be retrieved" in flat[quote : quote + 200]  # …and why
    shortened = flat.index("“Cities along the river will”")  # without a note it is marked as shortened
    assert flat[shortened:].split("”", 1)[1].lstrip().startswith("(quote shortened)")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_brief_text_never_runs_off_the_page(real_data, real_basemap, lang):
    from exports.brief import brief_pages, summary_page
    from exports.city_brief import city_brief_page
    from exports.pages import MARGIN

    options = SnapshotOptions(lang=lang, date=DAY, selected=("area", "lingang"))
    figures = [city_brief_page(real_data, real_basemap[0], FilterSpec(), options),
               summary_page(real_data, real_basemap[0], FilterSpec(), options),
               *brief_pages(real_data, FilterSpec(), options)]  # fmt: skip
    for fig in figures:
        width = fig.get_size_inches()[0] * fig.dpi
        margin = MARGIN * fig.dpi / 72
        for artist, box in texts(fig):
            assert box.x0 >= margin - 2 and box.x1 <= width - margin + 2, artist.get_text()


def test_slabs_would_be_seen(real_data, real_basemap):
    """The coverage test can fail: without the aprons, a far-west extent shows the container colour."""
    import exports.painters as painters

    saved = dict(painters._PRINT_CACHE)
    try:
        painters._PRINT_CACHE.clear()
        base, polygons, aprons = painters.print_layers(real_basemap[0], real_data.places)
        key = next(iter(painters._PRINT_CACHE))
        painters._PRINT_CACHE[key] = (base, polygons, {k: [] for k in aprons})
        fig, _drawn = render_snapshot(real_data, real_basemap[0], FilterSpec(),
                                     SnapshotOptions(size="16:9", framed=False,
                                                     layers=frozenset({"cities"})))  # fmt: skip
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        pixels = np.asarray(Image.open(buf).convert("RGB")).reshape(-1, 3)
        grey = np.array([int(BACKGROUND[i : i + 2], 16) for i in (1, 3, 5)])
        assert (pixels == grey).all(axis=1).any()
    finally:
        painters._PRINT_CACHE.clear()
        painters._PRINT_CACHE.update(saved)
