"""Shared fixtures: the tiny hand-made places and catalogue under tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.catalogue import load_catalogue
from geo.join import join_measures_to_places
from geo.places import load_places

TESTS = Path(__file__).resolve().parent


def pytest_configure(config):
    """Tests never read the developer's settings: every variable of geo.settings is removed for the session
    (a test that needs one sets it itself), so a YREB_MEASURES in the shell changes no result."""
    import os

    from geo.settings import SETTINGS

    for setting in SETTINGS:
        os.environ.pop(setting.env, None)


ROOT = TESTS.parent
TEST_DATA = TESTS / "data"


@pytest.fixture(scope="session")
def tiny_places():
    return load_places(TEST_DATA / "places")


@pytest.fixture(scope="session")
def tiny_catalogue(tiny_places):
    return load_catalogue(TEST_DATA / "catalogue_valid.yaml", tiny_places)


@pytest.fixture(scope="session")
def tiny_table(tiny_catalogue, tiny_places):
    return join_measures_to_places(tiny_catalogue, tiny_places)


@pytest.fixture(scope="session")
def real_data():
    from geo.dataset import load_dataset

    return load_dataset()


@pytest.fixture(scope="session")
def real_basemap():
    from geo.basemap import generalise_for_web, load_basemap
    from geo.places import load_places

    places = load_places(ROOT / "data")
    return load_basemap(ROOT / "data"), generalise_for_web(places, tolerance=0.02)


@pytest.fixture(scope="session")
def hostile_catalogue_path(tmp_path_factory):
    """The shipped catalogue with every free-text field replaced by an injection payload."""
    import yaml

    from tests.payloads import hostilise

    data = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("hostile") / "measures.yaml"
    path.write_text(yaml.safe_dump(hostilise(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session", autouse=True)
def ssti_marker(tmp_path_factory):
    """Where an evaluated template-injection payload would create a folder; it must never exist."""
    import os

    from tests.ssti import MARKER_ENV

    path = tmp_path_factory.mktemp("ssti-marker") / "created-by-template-injection"
    os.environ[MARKER_ENV] = str(path)
    yield path
    assert not path.exists(), f"a template-injection payload was evaluated: {path} exists"
