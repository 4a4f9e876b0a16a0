"""Exports: exact sizes, real vector text with embedded CJK font, frame content, filtered data, tables."""

from __future__ import annotations

import datetime as dt
import io
import logging
import warnings
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from exports import SnapshotOptions, export, render_snapshot, table_frame
from exports.frame import nice_length
from geo.filters import FilterSpec, apply_filter

UPPER_WASTE = FilterSpec(reaches=frozenset({"upper"}), categories=frozenset({"solid_waste"}))
CLUSTERS = FilterSpec(roles=frozenset({"cluster"}))
DAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def kit(real_data, real_basemap):
    layers, web = real_basemap
    return real_data, layers, web


def run(kit, fmt, spec=FilterSpec(), **opts):  # noqa: B008 - FilterSpec is frozen
    data, layers, web = kit
    font_log = _FontLog()
    logging.getLogger("matplotlib").addHandler(font_log)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            payload, mime, name = export(fmt, data, layers, web, spec, SnapshotOptions(date=DAY, **opts))
    finally:
        logging.getLogger("matplotlib").removeHandler(font_log)
    glyphs = [str(w.message) for w in caught if "glyph" in str(w.message).lower() or "font" in str(w.message).lower()]
    assert not glyphs, glyphs
    assert not font_log.messages, font_log.messages  # e.g. "findfont: Failed to find font", missing glyphs
    return payload, mime, name


class _FontLog(logging.Handler):
    """Collects Matplotlib's font warnings (it logs them rather than raising warnings)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.mark.parametrize(
    ("size", "custom", "expected"),
    [
        ("16:9", None, (1920, 1080)),
        ("4:3", None, (1600, 1200)),
        ("a4-landscape", None, (3508, 2480)),
        ("a4-portrait", None, (2480, 3508)),
        ("custom", (800, 600, 100), (800, 600)),
    ],
)
def test_png_has_exactly_the_requested_pixel_size(kit, size, custom, expected):
    payload, mime, name = run(kit, "png", size=size, custom=custom)
    assert mime == "image/png" and name.endswith(".png")
    assert Image.open(io.BytesIO(payload)).size == expected


def test_transparent_png(kit):
    payload, _, _ = run(kit, "png", size="custom", custom=(600, 400, 100), transparent=True)
    image = Image.open(io.BytesIO(payload)).convert("RGBA")
    assert image.getpixel((2, 2))[3] == 0


def pdf_text(payload: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(payload))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_is_vector_with_title_source_note_and_chinese(kit):
    payload, mime, _ = run(kit, "pdf", CLUSTERS, lang="zh", title="测试标题 Test title")
    pages, text = pdf_text(payload)
    assert pages == 1 and mime == "application/pdf"
    assert "测试标题 Test title" in text
    assert "无锡市" in text and "成都市" in text  # labels of the places the measures name
    assert "Natural Earth" in text and "工信部联节〔2017〕178号" in text
    assert "2026-11-26" in text
    assert b"/FontFile3" in payload or b"/FontFile2" in payload  # the font is embedded


def test_default_title_names_the_filters(kit):
    payload, _, _ = run(kit, "pdf", UPPER_WASTE)
    _, text = pdf_text(payload)
    flat = " ".join(text.split())
    assert "Upper reach" in flat and "Solid-waste utilisation" in flat
    assert "Reach: Upper reach" in flat


def test_brief_has_map_then_measures_with_page_numbers(kit):
    data = kit[0]
    payload, mime, name = run(kit, "brief", UPPER_WASTE, lang="en")
    pages, text = pdf_text(payload)
    assert name.startswith("yreb-brief") and mime == "application/pdf"
    assert pages >= 2
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Measures in this view" in text
    flat = " ".join(text.split())
    in_view = set(apply_filter(data.table, UPPER_WASTE)["measure_id"])
    for measure_id in in_view:
        assert data.catalogue.measure(measure_id).title.en in flat
    assert "工信部联节〔2017〕178号" in flat


def test_brief_in_chinese(kit):
    payload, _, _ = run(kit, "brief", CLUSTERS, lang="zh")
    _, text = pdf_text(payload)
    assert "本视图中的措施" in text and "无锡市" in text and "第 1 页" in text


def test_svg_parses_and_keeps_legend_text_with_an_embedded_font(kit):
    payload, mime, _ = run(kit, "svg", CLUSTERS, size="16:9")
    root = ET.fromstring(payload)
    text = " ".join(t for el in root.iter() if el.tag.endswith("text") for t in el.itertext())
    assert "Legend" in text and "Industry cluster" in text and "Upper reach" in text
    assert b"@font-face" in payload and b"data:font/woff;base64," in payload
    assert mime == "image/svg+xml"


def test_snapshot_draws_only_the_filtered_places(real_data, real_basemap):
    _, drawn = render_snapshot(real_data, real_basemap[0], UPPER_WASTE, SnapshotOptions(size="16:9"))
    upper = {p.id for p in real_data.places.by_key.values() if p.level == "prefecture" and p.reach == "upper"}
    assert upper <= set(drawn.cities)
    assert all(real_data.places.find(pid).reach == "upper" for pid in drawn.cities)
    assert "wuxi" not in drawn.cities
    assert drawn.measures == ["solid-waste-utilisation"]
    assert drawn.roles == {}  # the measure is belt-wide: no point symbols
    _, clusters = render_snapshot(real_data, real_basemap[0], CLUSTERS, SnapshotOptions(size="16:9"))
    assert set(clusters.roles) == {"cluster"}
    assert {"wuxi", "pengzhou", "lingang"} <= set(clusters.roles["cluster"])


def test_scale_bar_lengths_are_round():
    assert [nice_length(x) for x in (3, 17, 240, 999)] == [2, 10, 200, 500]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_is_utf8_with_bom_and_equals_the_table(kit, lang):
    data = kit[0]
    payload, mime, _ = run(kit, "csv", UPPER_WASTE, lang=lang)
    assert payload.startswith(b"\xef\xbb\xbf") and mime == "text/csv"
    frame = pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", keep_default_na=False)
    expected = table_frame(data, apply_filter(data.table, UPPER_WASTE), lang)
    assert frame.astype(str).values.tolist() == expected.astype(str).values.tolist()
    assert list(frame.columns) == list(expected.columns)
    if lang == "zh":
        assert "长江经济带" in payload.decode("utf-8-sig")


def test_xlsx_equals_the_table(kit):
    data = kit[0]
    payload, _, _ = run(kit, "xlsx", CLUSTERS, lang="zh")
    frame = pd.read_excel(io.BytesIO(payload), keep_default_na=False)
    expected = table_frame(data, apply_filter(data.table, CLUSTERS), "zh")
    assert frame.astype(str).values.tolist() == expected.astype(str).values.tolist()


def test_spreadsheet_formulas_are_neutralised():
    from exports.tables import to_csv

    out = to_csv(pd.DataFrame({"a": ['=HYPERLINK("x")', "ok", "+1", "@cmd"]})).decode("utf-8-sig")
    assert "'=HYPERLINK" in out and "'+1" in out and "'@cmd" in out and '\r\n"ok"\r\n' in out


def test_html_is_standalone(kit):
    payload, mime, _ = run(kit, "html", CLUSTERS)
    html = payload.decode("utf-8")
    assert mime == "text/html"
    assert "<script src=" not in html and '<link rel="stylesheet"' not in html
    assert "L.Map" in html or "L.map" in html  # Leaflet itself is inlined
    assert "Content-Security-Policy" in html and "connect-src 'none'" in html
    assert '"id":"wuxi"' in html and "YrebMap.attach" in html


def test_cli_export(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = tmp_path / "brief.pdf"
    res = subprocess.run([sys.executable, "cli.py", "export", "--format", "brief", "--out", str(out), "--reach",
                          "upper", "--category", "solid_waste", "--lang", "zh"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    pages, text = pdf_text(out.read_bytes())
    assert pages >= 2 and "上游" in text
    bad = subprocess.run([sys.executable, "cli.py", "export", "--format", "png", "--out", str(tmp_path / "x.png"),
                          "--role", "nonsense"], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert bad.returncode == 2 and "unknown --role value(s) nonsense" in bad.stderr
