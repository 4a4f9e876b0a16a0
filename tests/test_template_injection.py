"""No data string is ever template source: every input path × every surface shows ``seven{{7*7}}`` literally
and never creates the marker folder (tests/ssti.py explains the payloads).

Input paths: a catalogue file (``--measures``, ``$YREB_MEASURES``) and upload, a facilities file
(``--facilities``, ``$YREB_FACILITIES``) and upload, URL parameters, the export title (``--title``).
Surfaces: the map page, panel and table (AppTest), and every export format. The live map and the HTML export
are also opened in a real browser (tests/browser/test_template_injection_browser.py).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

import cli
from exports import FORMAT_IDS, SnapshotOptions, export
from geo.dataset import dataset_from_bytes, load_dataset
from geo.facilities import load_facilities, parse_facilities
from geo.filters import FilterSpec
from tests.apptest_helpers import component_data, start, table_rows
from tests.ssti import EVALUATED, LITERAL, marker_path, ssti_catalogue, ssti_facilities

TEXT_FORMATS = ("html", "svg", "csv")


@pytest.fixture(scope="module")
def catalogue_path(tmp_path_factory):
    return ssti_catalogue(tmp_path_factory.mktemp("ssti") / "measures.yaml")


@pytest.fixture(scope="module")
def facilities_path(tmp_path_factory):
    return ssti_facilities(tmp_path_factory.mktemp("ssti") / "facilities.csv")


@pytest.fixture(scope="module")
def data(catalogue_path):
    return load_dataset(catalogue_path)


def text_of(fmt: str, payload: bytes) -> str:
    """The text a reader of the file sees (PDF: extracted text; XLSX: every cell; PNG: nothing to read)."""
    if fmt in ("pdf", "brief"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(payload)).active
        return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    if fmt == "png":
        return ""
    return payload.decode("utf-8-sig")


def assert_literal(text: str, where: str) -> None:
    assert EVALUATED not in text, f"{where}: a payload was evaluated"
    assert not marker_path().exists(), f"{where}: the marker payload ran"


@pytest.mark.parametrize("fmt", FORMAT_IDS)
def test_catalogue_facilities_and_title_in_every_export(fmt, data, facilities_path, real_basemap):
    facilities = load_facilities(facilities_path, data.places)
    options = SnapshotOptions(size="16:9", title=f"Title {LITERAL}", selected=("prefecture", "wuxi"))
    payload, _, _ = export(fmt, data, *real_basemap, FilterSpec(), options, facilities=facilities)
    text = text_of(fmt, payload)
    assert_literal(text, fmt)
    if fmt in (*TEXT_FORMATS, "xlsx", "pdf", "brief"):
        assert LITERAL in text, f"{fmt}: the literal payload is missing"


@pytest.mark.parametrize("fmt", ["html", "svg", "pdf", "png"])
def test_url_text_filter_reaches_titles_literally(fmt, data, real_basemap):
    options = SnapshotOptions(size="16:9")
    payload, _, _ = export(fmt, data, *real_basemap, FilterSpec(text=LITERAL), options)
    text = text_of(fmt, payload)
    assert_literal(text, fmt)
    if fmt != "png":
        assert LITERAL in text


def test_uploaded_bytes_take_the_same_path(catalogue_path, facilities_path, real_basemap):
    data = dataset_from_bytes(catalogue_path.read_bytes(), "upload.yaml", load_dataset().places)
    facilities = parse_facilities(facilities_path.read_bytes(), "upload.csv", data.places)
    payload, _, _ = export("html", data, *real_basemap, FilterSpec(), SnapshotOptions(), facilities=facilities)
    assert LITERAL in payload.decode() and EVALUATED not in payload.decode()
    assert not marker_path().exists()


@pytest.mark.parametrize("fmt", ["html", "csv", "svg", "brief"])
def test_cli_export(fmt, catalogue_path, facilities_path, tmp_path, capsys):
    out = tmp_path / f"out.{fmt}"
    code = cli.main(["export", "--format", fmt, "--out", str(out), "--measures", str(catalogue_path),
                     "--facilities", str(facilities_path), "--title", LITERAL, "--place", "wuxi"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert_literal(text_of(fmt, out.read_bytes()), f"cli {fmt}")


def test_csv_rows_parse_back(data):
    payload, _, _ = export("csv", data, None, None, FilterSpec(), SnapshotOptions())
    rows = list(csv.reader(io.StringIO(payload.decode("utf-8-sig"))))
    assert len(rows) == len(data.table) + 1
    assert any(LITERAL in cell for row in rows for cell in row)


def _app(monkeypatch, env: dict[str, str], query: dict[str, str] | None = None) -> AppTest:
    return start(query, env, monkeypatch, open_folds=("table", "upload", "facilities"))


def _page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [cell for row in table_rows(at) for cell in row["cells"].values()]
    parts += [json.dumps(component_data(at, "map"), ensure_ascii=False)]
    return "\n".join(parts)


def test_app_page_panel_and_table_from_files_and_url(monkeypatch, catalogue_path, facilities_path):
    at = _app(monkeypatch, {"YREB_MEASURES": str(catalogue_path), "YREB_FACILITIES": str(facilities_path)},
              {"place": "wuxi", "text": LITERAL})  # fmt: skip
    text = _page_text(at)
    assert_literal(text, "app")
    # The panel's markdown escapes braces with backslashes; the table has the raw text.
    assert LITERAL in text


def test_app_uploads(monkeypatch, catalogue_path, facilities_path):
    at = _app(monkeypatch, {}, {"place": "wuxi"})
    at.file_uploader(key="upload_file").upload("mine.yaml", catalogue_path.read_bytes(), "application/x-yaml").run()
    at.file_uploader(key="facilities_file").upload("f.csv", facilities_path.read_bytes(), "text/csv").run()
    assert not at.exception, at.exception
    text = _page_text(at)
    assert_literal(text, "uploads")
    assert LITERAL in text
