"""The arrows between packages point one way: app/cli → components → exports → present → geo.

Every import in every module (including imports inside functions) is read with ``ast`` and checked
against the layer order, and against the third-party libraries each layer may use: ``geo`` and
``present`` are pure (no Streamlit, folium, branca, Matplotlib), ``exports`` never imports Streamlit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYERS = {"geo": 0, "present": 1, "exports": 2, "components": 3, "app": 4, "cli": 4}
FORBIDDEN = {
    "geo": {"streamlit", "folium", "branca", "matplotlib", "jinja2", "streamlit_folium", "present", "exports"},
    "present": {"streamlit", "folium", "branca", "matplotlib", "streamlit_folium"},
    "exports": {"streamlit", "streamlit_folium"},
}


def _modules() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "cli.py"]
    for package in ("geo", "present", "exports", "components"):
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def _layer(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every import statement in the file, wherever it is."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module.split(".")[0]))
    return out


def violations(path: Path, root: Path = ROOT) -> list[str]:
    """Imports of ``path`` that point up the layer order or reach a library its layer must not use."""
    layer = _layer(path, root)
    rank = LAYERS[layer]
    bad = []
    for line, module in imports_of(path):
        if module in LAYERS and LAYERS[module] > rank:
            bad.append(f"{path.relative_to(root)}:{line}: {layer} imports {module} (arrows point {module} → {layer})")
        if module in FORBIDDEN.get(layer, ()):
            bad.append(f"{path.relative_to(root)}:{line}: {layer} must not import {module}")
    return bad


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down_the_layers(path):
    assert violations(path) == []


def test_a_back_import_is_caught(tmp_path):
    """The check itself can fail: a present module that imports exports, or geo that imports Streamlit."""
    for layer, source in (("present", "from exports.formats import export\n"),
                          ("geo", "def f():\n    import streamlit\n"),
                          ("exports", "from components import data\n")):  # fmt: skip
        probe = tmp_path / layer / "probe.py"
        probe.parent.mkdir(exist_ok=True)
        probe.write_text(source, encoding="utf-8")
        assert violations(probe, tmp_path), layer
    ok = tmp_path / "exports" / "fine.py"
    ok.write_text("from present.style import WATER\nimport matplotlib\n", encoding="utf-8")
    assert violations(ok, tmp_path) == []


def test_a_table_export_loads_no_map_or_plot_library(tmp_path):
    """The export registry imports each renderer on use: a CSV from the command line never loads folium or
    Matplotlib."""
    import subprocess
    import sys

    out = tmp_path / "view.csv"
    heavy = "('matplotlib', 'folium', 'branca', 'streamlit')"
    code = (f"import sys, cli; assert cli.main(['export', '--format', 'csv', '--out', {str(out)!r}]) == 0; "
            f"print(sorted(m for m in {heavy} if m in sys.modules))")  # fmt: skip
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "[]"
