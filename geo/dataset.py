"""Everything the app, the CLI and the exports need, loaded and joined once."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.catalogue import Catalogue, load_catalogue, parse_catalogue
from geo.join import join_measures_to_places
from geo.places import Places, load_places

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
    """The catalogue to use: an explicit path, else ``$YREB_MEASURES``, else the built-in one."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("YREB_MEASURES")
    return Path(env) if env else DEFAULT_MEASURES


def load_dataset(measures: str | os.PathLike | None = None, data_dir: str | os.PathLike = DATA_DIR) -> Dataset:
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
    places = load_places(data_dir)
    path = measures_path(measures)
    catalogue = load_catalogue(path, places)
    return Dataset(places, catalogue, join_measures_to_places(catalogue, places, str(path)), str(path),
                   dataset_key(catalogue_bytes(path), places))  # fmt: skip


def catalogue_bytes(path: str | os.PathLike) -> bytes:
    """The catalogue file's bytes (for its content key); an unreadable file was already reported by the loader."""
    return Path(path).read_bytes()


def dataset_key(raw: bytes, places: Places) -> str:
    """The content key of a catalogue joined to places."""
    return hashlib.sha256(raw + b"\0" + places.key.encode("ascii")).hexdigest()


def dataset_from_bytes(raw: bytes, name: str, places: Places) -> Dataset:
    """Validate and join an uploaded catalogue against already loaded places."""
    catalogue = parse_catalogue(raw, name, places)
    return Dataset(places, catalogue, join_measures_to_places(catalogue, places, name), name, dataset_key(raw, places))


__all__ = [
    "DATA_DIR",
    "DEFAULT_MEASURES",
    "Dataset",
    "catalogue_bytes",
    "dataset_from_bytes",
    "dataset_key",
    "load_dataset",
    "measures_path",
]
