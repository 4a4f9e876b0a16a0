"""Everything the app, the CLI and the exports need, loaded and joined once."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.catalogue import Catalogue, parse_catalogue, read_catalogue_bytes
from geo.join import join_measures_to_places
from geo.places import Places, load_places
from geo.strict_yaml import MAX_BYTES

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_MEASURES = DATA_DIR / "measures.yaml"


@dataclass(frozen=True)
class Dataset:
    """A validated catalogue joined to the places it names."""

    places: Places
    catalogue: Catalogue
    table: gpd.GeoDataFrame
    measures_name: str
    key: str  # hash of the catalogue's bytes and the places' content: what caches and export signatures key on


def measures_path(explicit: str | os.PathLike | None = None) -> Path:
    """The catalogue to use: an explicit path (the ``measures`` setting or ``--measures``), else the built-in one."""
    return Path(explicit) if explicit else DEFAULT_MEASURES


def load_dataset(measures: str | os.PathLike | None = None, data_dir: str | os.PathLike = DATA_DIR,
                 max_bytes: int = MAX_BYTES) -> Dataset:  # fmt: skip
    """Load the places and a catalogue, validate both and join them.

    Parameters
    ----------
    measures : path, optional
        Catalogue file; defaults to :func:`measures_path`.
    data_dir : path
        Folder of the place layers.

    Returns
    -------
    Dataset

    Raises
    ------
    GeoDataError
        If any input is invalid; every problem is listed.
    """
    return load_dataset_with(load_places(data_dir), measures_path(measures), max_bytes)


def load_dataset_with(places: Places, path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> Dataset:
    """Read, validate and join a catalogue file against already loaded places (see :func:`load_dataset`)."""
    raw = read_catalogue_bytes(path, max_bytes)
    return dataset_from_bytes(raw, str(path), places, max_bytes)


def dataset_key(raw: bytes, places: Places) -> str:
    """The content key of a catalogue joined to places."""
    return hashlib.sha256(raw + b"\0" + places.key.encode("ascii")).hexdigest()


def dataset_from_bytes(raw: bytes, name: str, places: Places, max_bytes: int = MAX_BYTES) -> Dataset:
    """Validate and join catalogue bytes (an upload, a file) against already loaded places."""
    catalogue = parse_catalogue(raw, name, places, max_bytes=max_bytes)
    return Dataset(places, catalogue, join_measures_to_places(catalogue, places, name), name, dataset_key(raw, places))


__all__ = [
    "DATA_DIR",
    "DEFAULT_MEASURES",
    "Dataset",
    "dataset_from_bytes",
    "dataset_key",
    "load_dataset",
    "load_dataset_with",
    "measures_path",
]
