"""One settings table: documented in the README, read only at the edges, limits in step with the server."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from geo.settings import SETTINGS, Settings, settings_table
from tests.conftest import ROOT


def test_settings_are_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- settings table:.*?-->\n(.*?)\n<!-- end of settings table -->", readme, re.S)
    assert match, "README has no generated settings table"
    assert match.group(1).strip() == settings_table(), "README's settings table is stale: run `python cli.py settings`"
    for setting in SETTINGS:
        assert f"`{setting.env}`" in match.group(1)


def test_from_env_reads_each_setting_and_rejects_bad_values():
    env = {s.env: str(i + 7) if s.kind is int else f"/tmp/x{i}" for i, s in enumerate(SETTINGS)}
    settings = Settings.from_env(env)
    for i, s in enumerate(SETTINGS):
        value = getattr(settings, s.name)
        assert value == (i + 7 if s.kind is int else (Path(f"/tmp/x{i}") if s.kind is Path else f"/tmp/x{i}"))
    assert Settings.from_env({}) == Settings(cache_dir=Settings.from_env({}).cache_dir)
    assert Settings.from_env({}, {"tianditu_key": "k"}).tianditu_key == "k"
    with pytest.raises(ValueError, match="YREB_FACILITIES_MAX_ROWS"):
        Settings.from_env({"YREB_FACILITIES_MAX_ROWS": "many"})
    with pytest.raises(ValueError, match="positive"):
        Settings.from_env({"YREB_CATALOGUE_MAX_BYTES": "0"})


def test_cache_dir_follows_xdg():
    assert Settings.from_env({"XDG_CACHE_HOME": "/c"}).cache_dir == Path("/c/yreb-green-map")
    assert Settings.from_env({"YREB_CACHE_DIR": "/d", "XDG_CACHE_HOME": "/c"}).cache_dir == Path("/d")


def test_only_the_edges_read_the_environment():
    """app.py and cli.py read settings; no other module of the app touches os.environ or os.getenv."""
    readers = []
    for package in ("geo", "present", "exports", "components"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv"):
                    readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == []


def test_server_upload_cap_covers_every_upload_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    defaults = Settings()
    assert config["server"]["maxUploadSize"] >= defaults.upload_mb("facilities_max_bytes")
    assert config["server"]["maxUploadSize"] >= defaults.upload_mb("catalogue_max_bytes")
