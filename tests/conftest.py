"""Shared fixtures: the tiny hand-made places and catalogue under tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.catalogue import load_catalogue
from geo.join import join_measures_to_places
from geo.places import load_places

TESTS = Path(__file__).resolve().parent
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
