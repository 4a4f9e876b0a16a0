"""Pure geospatial core: load → validate → join → filter. No streamlit or folium here."""

from geo.catalogue import Catalogue, Measure, load_catalogue, parse_catalogue
from geo.errors import CatalogueError, GeoDataError, LayerError, Problem, UnknownPlaceError
from geo.filters import FilterSpec, apply_filter
from geo.join import join_measures_to_places, measure_counts, measures_for_place
from geo.layers import load_layer, parse_layer
from geo.places import Place, Places, load_places

__all__ = [
    "Catalogue",
    "CatalogueError",
    "FilterSpec",
    "GeoDataError",
    "LayerError",
    "Measure",
    "Place",
    "Places",
    "Problem",
    "UnknownPlaceError",
    "apply_filter",
    "join_measures_to_places",
    "load_catalogue",
    "load_layer",
    "load_places",
    "measure_counts",
    "measures_for_place",
    "parse_catalogue",
    "parse_layer",
]
