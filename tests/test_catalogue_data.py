"""The shipped catalogue: valid, complete against the reference, every measure sourced."""

from __future__ import annotations

import pytest

from geo.dataset import load_dataset
from geo.join import measures_for_place


@pytest.fixture(scope="module")
def data():
    return load_dataset()


# Every measure of ../shared/reference/yreb-green-manufacturing-2017.md → (measure id, places it must name).
REFERENCE = {
    "2020 targets": ("targets-2020", {("belt", "yreb")}),
    "1 upgrade traditional industries": ("upgrade-traditional-industries", {("belt", "yreb")}),
    "2 intelligent / service manufacturing": (
        "intelligent-service-manufacturing",
        {("reach", "middle"), ("reach", "lower"), ("reach", "upper")},
    ),
    "3 EP equipment clusters": (
        "ep-equipment-clusters",
        {("prefecture", p) for p in ("chongqing", "wuxi", "chengdu", "changsha", "hangzhou")},
    ),
    "4 EP R&D and services": ("ep-rnd-services", {("province", p) for p in ("jiangsu", "shanghai", "chongqing")}),
    "5 M&E remanufacturing": (
        "mechanical-electrical-remanufacturing",
        {("area", "lingang"), ("prefecture", "hefei"), ("county", "pengzhou")},
    ),
    "6 water-intensive cleaner production": ("water-intensive-cleaner-production", {("group", "riverside")}),
    "7 coal-city energy efficiency": ("coal-city-energy-efficiency", {("group", "riverside")}),
    "8 solid-waste utilisation": ("solid-waste-utilisation", set()),
    "9 green demonstration areas": ("green-demonstration-areas", set()),
    "layout: chemical risk, safety distance": ("chemical-layout-risk-control", set()),
    "layout: chemical park clean-up": ("chemical-park-cleanup", set()),
    "layout: relocate polluting enterprises": ("relocate-polluting-enterprises", {("group", "riverside")}),
    "layout: cross-regional transfer control": ("cross-regional-transfer-control", set()),
    "layout: riverside risk industries": ("riverside-risk-industries", set()),
    "layout: no new over-capacity": ("no-new-overcapacity", set()),
    "layout: phosphate fertiliser cap": ("phosphate-fertiliser-cap", {("reach", "middle"), ("reach", "upper")}),
}


@pytest.mark.parametrize("item", sorted(REFERENCE))
def test_reference_measure_present_with_source(item, data):
    measure_id, places = REFERENCE[item]
    m = data.catalogue.measure(measure_id)
    named = {(p.level, p.id) for p in m.places}
    assert places <= named
    source = data.catalogue.source(m.source.document)
    assert source.url and source.url.startswith(("https://", "http://"))
    assert m.source.quote.strip() and m.source.section.strip()
    assert m.title.en and m.title.zh and m.summary.en and m.summary.zh


def test_targets_are_structured(data):
    targets = {(t.label.en, t.change, t.value) for t in data.catalogue.measure("targets-2020").targets}
    values = {v for _, _, v in targets}
    assert {18, 20, 25, 500, 50, 5000, 5} <= values


def test_the_guidance_is_a_source_with_its_document_number(data):
    numbers = {s.document_number for s in data.catalogue.sources}
    assert "工信部联节〔2017〕178号" in numbers


def test_remanufacturing_is_not_plain_manufacturing(data):
    m = data.catalogue.measure("mechanical-electrical-remanufacturing")
    assert m.category == "remanufacturing"
    assert "remanufactur" in m.title.en.lower() and "再制造" in m.title.zh


def _applies(data, place):
    rows = measures_for_place(data.table, data.places, place)
    return set(zip(rows.measure_id, rows.via, strict=True))


def test_wuxi(data):
    got = _applies(data, "wuxi")
    assert ("ep-equipment-clusters", "place") in got
    assert ("intelligent-service-manufacturing", "reach") in got
    assert ("targets-2020", "belt") in got and ("upgrade-traditional-industries", "belt") in got
    assert ("ep-rnd-services", "province") in got  # Jiangsu is an R&D focus


def test_pengzhou(data):
    got = _applies(data, "pengzhou")
    assert ("mechanical-electrical-remanufacturing", "place") in got
    assert ("ep-equipment-clusters", "parent") in got  # Chengdu
    assert not any(via == "riverside" for _, via in got)


def test_lingang_inherits_from_shanghai(data):
    got = _applies(data, "lingang")
    assert ("mechanical-electrical-remanufacturing", "place") in got
    assert ("ep-rnd-services", "province") in got


def test_join_drops_nothing(data):
    assert set(data.table.measure_id) == {m.id for m in data.catalogue.measures}
    for m in data.catalogue.measures:
        rows = data.table[data.table.measure_id == m.id]
        assert {(r.named_level, r.named_id, r.role) for r in rows.itertuples()} == {
            (p.level, p.id, p.role) for p in m.places
        }


def test_worked_example_in_the_docs_validates(data):
    """docs/catalogue.md's example, pasted into the catalogue as it says, must pass."""
    import re

    from geo.catalogue import parse_catalogue
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    example = doc[doc.index("## Worked example") :]
    source_block, measure_block = re.findall(r"```yaml\n(.*?)```", example, flags=re.S)[:2]
    text = (ROOT / "data" / "measures.yaml").read_text(encoding="utf-8")
    indent = lambda block: "".join(line[3:] + "\n" for line in block.splitlines())  # noqa: E731
    text = text.replace("\nmeasures:\n", "\n" + indent(source_block) + "\nmeasures:\n", 1) + indent(measure_block)
    cat = parse_catalogue(text.encode(), "example.yaml", data.places)
    assert cat.measure("water-recycling-high-use-industries").places[0].id == "yreb"


def _reference_page2():
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for candidate in (os.environ.get("YREB_REFERENCE"), root.parent / "shared" / "reference"):
        path = Path(candidate or "") / "seed-chinadaily-2017-06-30-page2.txt"
        if candidate and path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.fail("../shared/reference/seed-chinadaily-2017-06-30-page2.txt not found (set YREB_REFERENCE)")


def test_page2_quotes_are_whole_verbatim_sentences(data):
    """Every quote from page 2 of the English article is in its full text, word for word, and is whole
    sentences of the paragraph its section names (the solid-waste quote was once a 4-word fragment)."""
    text = _reference_page2()
    paragraphs = [p.strip() for p in text.split("\n\n")]
    body = paragraphs[paragraphs.index(next(p for p in paragraphs if p.startswith("It is also giving"))) :]
    quoted = [m for m in data.catalogue.measures if m.source.document == "chinadaily-2017-06-30"]
    assert len(quoted) >= 8
    for m in quoted:
        number = int(m.source.section.rsplit(" ", 1)[-1])
        paragraph = body[number - 1]
        quote = m.source.quote
        assert quote in paragraph, (m.id, m.source.section, quote)
        start = paragraph.index(quote)
        assert start == 0 or paragraph[start - 2 : start] == ". ", (m.id, "does not start a sentence")
        assert quote.endswith("."), (m.id, "does not end a sentence")
