"""The hostile-input corpus (tests/data/hostile/cases.yaml): every case is rejected with file, line and key,
or accepted and shown as literal text everywhere (CLI, upload, map HTML, exports, panel). How long each takes
is measured by bench/hostile_timing.py (the promise: rejected within a second), not asserted here.

Nothing in a case may execute: /tmp/yreb-pwned-by-yaml must never appear.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

import cli
from components import panel
from exports import SnapshotOptions, export
from exports.html import export_scene
from exports.web_map import scene_block
from geo.basemap import generalise_for_web, load_basemap
from geo.dataset import Dataset, dataset_from_bytes
from geo.errors import CatalogueError, GeoDataError, LayerError
from geo.filters import FilterSpec
from geo.layers import parse_layer
from geo.places import load_places
from present.scene import MapView
from tests.conftest import ROOT, TEST_DATA

HOSTILE = TEST_DATA / "hostile"
MANIFEST = HOSTILE / "cases.yaml"
PWNED = Path("/tmp/yreb-pwned-by-yaml")
DEFAULT_GEOMETRY = ("Polygon", "MultiPolygon")
REQUIRED = ("name_en",)
WUXI = ("prefecture", "wuxi")

# The manifest is our own trusted file: a plain loader is fine here.
CASES: list[dict] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))

# Markup or script that must not reach map HTML from the catalogue: each occurs no more often than it does
# in the map of the shipped catalogue (Leaflet's own attribution has an "<a href", for example). Escaped text
# such as "&lt;img src=x onerror=alert(1)&gt;" is harmless and expected.
DANGEROUS = ("<img", "<script>alert", "</script><script>", "<svg", "<iframe", "${alert", "`;alert", "<a href",
             "<b onclick", "<i>", "<u>")  # fmt: skip
JS_HREF = re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _param(case: dict):
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(case, id=case["file"], marks=marks)


def _cases(kind: str, outcome: str | None = None) -> list:
    return [_param(c) for c in CASES if c["kind"] == kind and (outcome is None or c["outcome"] == outcome)]


def materialise(case: dict, tmp_path: Path) -> Path:
    """The file to feed in: the committed file, or the input built from its seed (``generate``)."""
    path = HOSTILE / case["file"]
    generate = case.get("generate")
    if not generate:
        return path
    raw = path.read_bytes()
    if "pad_to" in generate:
        line = b"# " + b"padding " * 12 + b"\n"
        raw += line * ((generate["pad_to"] - len(raw)) // len(line) + 1)
        assert len(raw) >= generate["pad_to"]
    if "flood_items" in generate:
        raw += b"  - 1\n" * generate["flood_items"]
    out = tmp_path / case["file"]
    out.write_bytes(raw)
    return out


def expected_prefix(name: str, case: dict) -> str:
    """How ``Problem.__str__`` starts for this case: ``PATH:LINE: key.path: `` (``(file)`` for no key)."""
    where = name if case["line"] is None else f"{name}:{case['line']}"
    return f"{where}: {case['key'] or '(file)'}: "


def assert_problem_named(problems, name: str, case: dict) -> None:
    """Some problem names the file, the line and the key, and mentions the fragment."""
    matching = [p for p in problems if case["fragment"] in str(p)]
    assert matching, f"no problem mentions {case['fragment']!r}: {[str(p) for p in problems]}"
    named = [p for p in matching if p.path == name and p.line == case["line"] and p.key == case["key"]]
    assert named, f"expected {expected_prefix(name, case)!r}…, got {[str(p) for p in matching]}"
    assert str(named[0]).startswith(expected_prefix(name, case))


def fields_with(catalogue, fragment: str) -> set[str]:
    """Dotted paths (indices dropped) of every catalogue text that contains ``fragment``."""
    found: set[str] = set()

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for item in node:
                walk(item, path)
        elif isinstance(node, str) and fragment in node:
            found.add(".".join(path))

    walk(catalogue.model_dump(), ())
    return found


def unescape_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.fixture(autouse=True)
def nothing_executes():
    PWNED.unlink(missing_ok=True)
    yield
    assert not PWNED.exists(), "a hostile input executed a command"


@pytest.fixture(scope="module")
def places():
    return load_places(ROOT / "data")


@pytest.fixture(scope="module")
def maps(places):
    """Basemap and web polygons; the catalogue-independent base layers are built once for the module.

    The export scene recomputes the simplified basemap layers on every call (about 0.3 s); they do not depend
    on the catalogue, so memoising them keeps this file's runtime down without changing what is tested.
    """
    from exports import html as map_builder

    basemap, web = load_basemap(ROOT / "data"), generalise_for_web(places, tolerance=0.02)
    original, memo = map_builder.base_collections, {}

    def base_collections(b, w, lang, crs):
        key = (id(b), id(w), lang, crs)
        if key not in memo:
            memo[key] = original(b, w, lang, crs)
        return memo[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(map_builder, "base_collections", base_collections)
        yield basemap, web


# ------------------------------------------------------------------------------------------- the manifest


def test_manifest_matches_the_folder():
    files = {p.name for p in HOSTILE.iterdir()} - {MANIFEST.name}
    listed = [c["file"] for c in CASES]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert set(listed) == files
    assert len(CASES) >= 40
    kinds = {(c["kind"], c["outcome"]) for c in CASES}
    assert kinds == {("catalogue", "accept"), ("catalogue", "reject"), ("geojson", "accept"), ("geojson", "reject")}
    for c in CASES:
        assert set(c) <= {"file", "kind", "outcome", "line", "key", "fragment", "generate", "geometry_types", "xfail"}
        assert isinstance(c["fragment"], str) and c["fragment"]
        if c["outcome"] == "accept":
            assert c["line"] is None and c["key"] is None
        else:
            assert isinstance(c["key"], str) and (c["line"] is None or isinstance(c["line"], int))


# ------------------------------------------------------------------------------------------- catalogues


@pytest.fixture(scope="module")
def warm_cli():
    """One untimed run first: the first call in a process pays one-off imports (pyogrio, pydantic schemas)."""
    cli.main(["validate", str(HOSTILE / "accept_kitchen_sink.yaml")])


@pytest.mark.parametrize("case", _cases("catalogue"))
def test_cli_validate(case, tmp_path, capsys, warm_cli):
    path = materialise(case, tmp_path)
    code = cli.main(["validate", str(path)])
    out, err = capsys.readouterr()
    if case["outcome"] == "accept":
        assert code == 0, err
        assert f"{path}: OK" in out
    else:
        assert code == 1, out
        prefix = expected_prefix(str(path), case)
        lines = err.splitlines()
        assert any(line.startswith(prefix) and case["fragment"] in line for line in lines), (prefix, err[:3000])
        assert lines[-1].endswith("problem(s)")


@pytest.mark.parametrize("case", _cases("catalogue"))
def test_upload_path(case, tmp_path, places):
    path = materialise(case, tmp_path)
    raw, name = path.read_bytes(), f"upload/{case['file']}"
    try:
        data = dataset_from_bytes(raw, name, places)
    except CatalogueError as exc:
        assert case["outcome"] == "reject", f"rejected a valid catalogue: {exc}"
        assert_problem_named(exc.problems, name, case)
    else:
        assert case["outcome"] == "accept", "accepted a bad catalogue"
        assert isinstance(data, Dataset)
        assert fields_with(data.catalogue, case["fragment"]), "the hostile text was altered on the way in"
        assert (data.table["place_id"] == "wuxi").any()


class _RecordingStreamlit:
    """Stands in for ``streamlit`` in the panel module: records the Markdown it would render."""

    def __init__(self):
        self.texts: list[str] = []
        self.code_texts: list[str] = []

    def _record(self, text, *args, **kwargs):
        self.texts.append(str(text))

    markdown = caption = subheader = info = _record

    def code(self, text, *args, **kwargs):
        """st.code shows text as it is (no Markdown): kept apart, checked for the literal text only."""
        self.code_texts.append(str(text))

    def container(self, *args, **kwargs):
        import contextlib

        return contextlib.nullcontext()

    def expander(self, label, *args, **kwargs):
        """Every fold open: everything the panel can show is recorded (its label too)."""
        self.texts.append(str(label))
        return _OpenFold()

    popover = expander


class _OpenFold:
    open = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture(scope="module")
def baseline(places, maps):
    """How often each dangerous fragment occurs in the map and standalone HTML of the shipped catalogue."""
    data = dataset_from_bytes((ROOT / "data" / "measures.yaml").read_bytes(), "measures.yaml", places)
    html = scene_block(export_scene(data, *maps, FilterSpec(), MapView(selected=WUXI)))
    page = export("html", data, *maps, FilterSpec(), SnapshotOptions(selected=WUXI))[0].decode("utf-8")
    return {"map": {bad: html.count(bad) for bad in DANGEROUS}, "page": {bad: page.count(bad) for bad in DANGEROUS}}


def assert_no_markup_added(html: str, expected: dict[str, int], where: str) -> None:
    """No markup anywhere; no template-literal breakout outside the scene's JSON data block (which is parsed with
    JSON.parse, never run: ``${`` and backticks are inert there, ``<`` is escaped as ``\\u003c``)."""
    code = re.sub(r'<script type="application/json" id="yreb-scene">.*?</script>', "", html, flags=re.S)
    for bad in DANGEROUS:
        text = html if bad.startswith("<") else code
        assert text.count(bad) <= expected[bad], f"{bad!r} reached the {where} unescaped"
    assert not JS_HREF.search(html), f"a javascript: link in the {where}"


@pytest.fixture(scope="module")
def accepted(places):
    """Datasets of the accepted catalogue cases, loaded once."""
    out = {}
    for c in CASES:
        if c["kind"] == "catalogue" and c["outcome"] == "accept":
            path = HOSTILE / c["file"]
            out[c["file"]] = dataset_from_bytes(path.read_bytes(), str(path), places)
    return out


@pytest.mark.parametrize("case", _cases("catalogue", "accept"))
def test_accepted_text_stays_text_in_map_and_exports(case, accepted, maps, baseline):
    data, fragment = accepted[case["file"]], case["fragment"]
    basemap, web = maps
    fields = fields_with(data.catalogue, fragment)
    scene = export_scene(data, basemap, web, FilterSpec(), MapView(selected=WUXI))
    html = scene_block(scene)
    assert_no_markup_added(html, baseline["map"], "map scene")
    if "measures.title.en" in fields:
        # The title is in the Wuxi role tooltip as plain text (the runtime shows it with textContent), and
        # the scene block in the page escapes what could close the script or start markup.
        tips = [f["properties"]["tip"] for src in scene["layers"] if src["key"].startswith("role-")
                for f in src["src"]["data"]["features"]]  # fmt: skip
        assert any(fragment in tip for tip in tips)
        assert json.loads(html.split(">", 1)[1].rsplit("<", 1)[0]) == json.loads(json.dumps(scene))

    if "measures.title.en" in fields:
        # Only titles reach the map, so only then can the standalone file (the same map, inlined) differ.
        standalone, mime, _ = export("html", data, basemap, web, FilterSpec(), SnapshotOptions(selected=WUXI))
        assert mime == "text/html"
        assert_no_markup_added(standalone.decode("utf-8"), baseline["page"], "standalone HTML")

    table, _, _ = export("csv", data, basemap, web, FilterSpec(), SnapshotOptions())
    rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    if fields & {"measures.title.en", "measures.source.section"}:
        assert any(fragment in cell for cell in cells), "the CSV does not carry the literal text"


# PNG rendering is the slow part (about 1 s each): a few representative cases are enough.
PNG_CASES = ("accept_kitchen_sink.yaml", "accept_title_max_300.yaml", "accept_rtl_zero_width.yaml",
             "accept_title_streamlit_directives.yaml")  # fmt: skip


@pytest.mark.parametrize("name", PNG_CASES)
def test_accepted_png_export(name, accepted, maps):
    options = SnapshotOptions(size="custom", custom=(400, 300, 100), selected=WUXI)
    png, mime, _ = export("png", accepted[name], *maps, FilterSpec(), options)
    assert mime == "image/png" and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 1000


@pytest.mark.parametrize("case", _cases("catalogue", "accept"))
def test_accepted_text_is_literal_in_the_panel(case, accepted, monkeypatch):
    """The panel's Markdown, with its backslash escapes removed, shows the text exactly."""
    data, fragment = accepted[case["file"]], case["fragment"]
    fake = _RecordingStreamlit()
    monkeypatch.setattr(panel, "st", fake)
    panel.render(data, data.table, WUXI, "en", filtered=False)
    shown = [unescape_markdown(text) for text in fake.texts] + fake.code_texts
    # The panel shows every measure and source text except the source's issuer (not displayed anywhere).
    if not fields_with(data.catalogue, fragment) <= {"sources.issuer.en"}:
        assert any(fragment in text for text in shown), shown
    for text in fake.texts:
        # Every Markdown-active character coming from the catalogue is escaped: with the escape pairs
        # removed, no HTML, link, directive, LaTeX or code span is left.
        live = re.sub(r"\\.", "", text)
        assert not re.search(r"[<\[\]$`]", live), text


APPTEST_CASES = ("accept_kitchen_sink.yaml", "accept_title_backslash_backtick.yaml")


@pytest.mark.parametrize("name", APPTEST_CASES)
def test_app_panel_shows_the_text_literally(name, monkeypatch):
    from streamlit.testing.v1 import AppTest

    case = next(c for c in CASES if c["file"] == name)
    monkeypatch.setenv("YREB_MEASURES", str(HOSTILE / name))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["place"] = "wuxi"
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    markdown = [unescape_markdown(m.value) for m in at.markdown]
    assert any(case["fragment"] in text for text in markdown), markdown
    assert [s.value for s in at.subheader] == ["Wuxi · 无锡市"]


# ------------------------------------------------------------------------------------------- GeoJSON layers


@pytest.mark.parametrize("case", _cases("geojson"))
def test_layer(case):
    path = HOSTILE / case["file"]
    types = tuple(case.get("geometry_types") or DEFAULT_GEOMETRY)
    try:
        layer = parse_layer(path.read_bytes(), str(path), geometry_types=types, required=REQUIRED)
    except LayerError as exc:
        assert case["outcome"] == "reject", f"rejected a valid layer: {exc}"
        assert_problem_named(exc.problems, str(path), case)
    except GeoDataError:  # pragma: no cover - the wrong error class
        raise
    else:
        assert case["outcome"] == "accept", "accepted a bad layer"
        assert case["fragment"] in set(layer["name_en"])
        assert json.loads(layer.to_json())  # the text survives a round trip unchanged
