"""Exports treat data as data: Matplotlib never reads "$...$" as math, spreadsheets never see a formula or a
row break inside a cell."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from exports import SnapshotOptions, export
from exports.tables import formula_safe, to_csv, to_xlsx
from geo.dataset import dataset_from_bytes
from geo.filters import FilterSpec
from tests.conftest import ROOT

MATH = [
    "$x^2$ costs $5 and $$ more$",
    "$" + "\\sqrt{" * 60 + "x" + "}" * 60 + "$",
    "$" + "\\frac{1}{" * 40 + "2" + "}" * 40 + "$",
    "$\\mathcal{Q}\\unknowncommand{x}$ and $\\x",
    "$" * 300,
]


@pytest.fixture(scope="module")
def math_data(real_data):
    doc = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))
    for i, measure in enumerate(doc["measures"]):
        text = MATH[i % len(MATH)]
        measure["title"]["en"] = text[:300]
        measure["title"]["zh"] = text[:300]
        measure["source"]["quote"] = text[:600]
    raw = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()
    return dataset_from_bytes(raw, "math.yaml", real_data.places)


@pytest.mark.parametrize("fmt", ["brief", "png", "svg", "pdf"])
def test_dollar_signs_are_text(fmt, math_data, real_basemap):
    options = SnapshotOptions(size="16:9", title=MATH[0], selected=("prefecture", "wuxi"))
    payload, _, _ = export(fmt, math_data, *real_basemap, FilterSpec(text="$"), options)
    assert payload
    if fmt == "svg":
        root = ET.fromstring(payload)
        texts = " ".join(t for el in root.iter() if el.tag.endswith(("text", "tspan")) for t in el.itertext())
        assert "$x^2$ costs $5" in texts


ROWS = [
    "Harmless title\r=HYPERLINK(A1)",
    "line one\nline two",
    "\r=1+1",
    " \t=SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(1)",
    "＝1+1",
    'a,b;c"quoted"',
    "\tleading tab",
    "plain 中文",
]


def test_csv_cells_survive_a_round_trip_and_never_start_a_formula():
    frame = pd.DataFrame({"title": ROWS, "n": range(len(ROWS))})
    text = to_csv(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(ROWS) + 1, rows
    cells = [r[0] for r in rows[1:]]
    assert cells == [formula_safe(v) for v in ROWS]
    for cell in cells:
        assert cell.lstrip(" \t\r\n\u3000")[:1] not in "=+-@＝" or cell.startswith("'")
    # Every cell is quoted, so a CR or LF inside one is never a row break for a spreadsheet either.
    assert all(line.startswith('"') for line in text.split("\r\n") if line)


def test_formula_guard():
    assert formula_safe("=1") == "'=1"
    assert formula_safe("  =1") == "'  =1"
    assert formula_safe("\r\n=1") == "'\r\n=1"
    assert formula_safe("\tx") == "'\tx"
    assert formula_safe("a=1") == "a=1"
    assert formula_safe(3) == 3


def test_xlsx_cells_are_strings_never_formulas():
    frame = pd.DataFrame({"title": ROWS})
    book = load_workbook(io.BytesIO(to_xlsx(frame)))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    # XML folds a CR into LF when the file is read back; the text is otherwise identical.
    assert [c.value for c in cells[1:]] == [formula_safe(v).replace("\r\n", "\n").replace("\r", "\n") for v in ROWS]


def test_xlsx_never_writes_a_formula_even_unguarded(monkeypatch):
    import exports.tables as tables

    monkeypatch.setattr(tables, "formula_safe", lambda v: v)
    book = load_workbook(io.BytesIO(tables.to_xlsx(pd.DataFrame({"title": ["=1+1", "=HYPERLINK(A1)"]}))))
    assert [c.data_type for row in book.active.iter_rows(min_row=2) for c in row] == ["s", "s"]


def test_users_never_see_tracebacks():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
