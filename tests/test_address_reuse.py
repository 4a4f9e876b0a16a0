"""Caches shared between sessions are keyed by content, never by an object's address (``id()``).

An uploaded catalogue's Dataset is freed when its session switches back or closes, and CPython hands its
address to the next object of that size: a cache keyed by ``id(data)`` then gives another session's upload the
earlier catalogue's layers (measure titles in tooltips included). These tests free and re-create datasets until
an address repeats, then check that what comes back belongs to the new one.
"""

from __future__ import annotations

import yaml

from components import data as cache
from geo.dataset import Dataset, dataset_from_bytes
from geo.filters import FilterSpec
from tests.conftest import ROOT


def _catalogue(title: str) -> bytes:
    doc = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))
    for measure in doc["measures"]:
        measure["title"]["en"] = f"{title} {measure['id']}"
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def _titles(layers: dict) -> str:
    return " ".join(f["properties"].get("tip", "") for fc in layers["roles"].values() for f in fc["features"])


def _same_address_twice(first: Dataset, second: Dataset, cycles: int = 200, batch: int = 200):
    """Wrap ``first`` in a fresh Dataset, use it, free it, then wrap ``second`` until one lands at that address.

    A cycle frees one dataset of ``first`` and at once makes datasets of ``second`` (the first one made, then a
    batch, as a busy server does); those that missed stay alive, so the next cycle frees and searches other
    blocks. One freed block can be taken at once by another object and stay taken (in the full suite 200
    batches after one free found nothing), so the search frees a new one each cycle rather than waiting on one.
    """
    alive = []
    layers_a = None
    for cycle in range(cycles):
        a = Dataset(first.places, first.catalogue, first.table, "a.yaml", first.key)
        layers_a = cache.filter_layers_for(a, FilterSpec(), "en", "wgs84")
        address = id(a)
        del a
        made = [Dataset(second.places, second.catalogue, second.table, "b.yaml", second.key) for _ in range(batch)]
        hit = [b for b in made if id(b) == address]
        if hit:
            return layers_a, hit[0], cycle
        alive.append(made)
    raise AssertionError(f"no address reuse in {cycles} cycles of {batch}")


def test_filter_layers_of_a_dataset_at_a_reused_address(real_data):
    first = dataset_from_bytes(_catalogue("Catalogue-A"), "a.yaml", real_data.places)
    second = dataset_from_bytes(_catalogue("Catalogue-B"), "b.yaml", real_data.places)
    layers_a, b, _ = _same_address_twice(first, second)
    assert "Catalogue-A" in _titles(layers_a)
    layers_b = cache.filter_layers_for(b, FilterSpec(), "en", "wgs84")
    assert "Catalogue-B" in _titles(layers_b)
    assert "Catalogue-A" not in _titles(layers_b)


def test_content_keys_differ_for_different_bytes_and_agree_for_equal_bytes(real_data):
    raw = _catalogue("Same")
    one = dataset_from_bytes(raw, "one.yaml", real_data.places)
    two = dataset_from_bytes(raw, "two.yaml", real_data.places)
    other = dataset_from_bytes(_catalogue("Other"), "one.yaml", real_data.places)
    assert one.key == two.key != other.key
    assert real_data.places.key and real_data.places.key == real_data.places.key
