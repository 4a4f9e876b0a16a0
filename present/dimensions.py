"""The filter dimensions, declared once.

Everything that lists filters is generated from :data:`DIMENSIONS`: the sidebar widgets, the URL keys,
the CLI flags, the titles and filter lines of the exports, the view-state round trip. Adding a
dimension here (and a field to :class:`geo.filters.FilterSpec`) is all a new filter needs (datasette's
``Filters._filters`` is the model).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from geo.dataset import Dataset
from geo.vocab import CATEGORIES, INDUSTRIES, LIST_BATCHES, REACHES, ROLES, ZONE_INDUSTRY_FAMILIES
from present.i18n import label


def _reaches(data: Dataset) -> list[str]:
    return list(REACHES)


def _provinces(data: Dataset) -> list[str]:
    return list(data.places.provinces.sort_values(["reach", "adcode"])["id"])


def _categories(data: Dataset) -> list[str]:
    used = {m.category for m in data.catalogue.measures}
    return [c for c in CATEGORIES if c in used]


def _industries(data: Dataset) -> list[str]:
    used = {i for m in data.catalogue.measures for i in m.industries}
    return [i for i in INDUSTRIES if i in used]


def _roles(data: Dataset) -> list[str]:
    used = {p.role for m in data.catalogue.measures for p in m.places}
    return [r for r in ROLES if r in used]


def _zone_industries(data: Dataset) -> list[str]:
    return list(ZONE_INDUSTRY_FAMILIES)


def _batches(data: Dataset) -> list[str]:
    return list(LIST_BATCHES)


def _province_label(data: Dataset, value: str, lang: str) -> str:
    provinces = data.places.provinces
    if value not in provinces.index:
        return value
    return str(provinces.loc[value, "name_zh" if lang == "zh" else "name_en"])


@dataclass(frozen=True)
class Dimension:
    """One filter: its id (URL key, CLI flag, i18n label key), the FilterSpec field it sets, its values.

    Attributes
    ----------
    id : str
        ``reach``: the URL key (``?reach=upper``), the CLI flag (``--reach``), the widget's session key
        (``f_reach``) and the i18n key of its label.
    field : str
        The :class:`geo.filters.FilterSpec` field (a frozenset of ids).
    vocabulary : str or None
        The i18n vocabulary of its values' labels; None for provinces (named from the places).
    offered : callable
        ``offered(data)``: the values the filter offers for a catalogue, in display order. A link or a
        CLI flag may only use these; anything else is ignored with a notice.
    """

    id: str
    field: str
    vocabulary: str | None
    offered: Callable[[Dataset], list[str]]

    @property
    def session_key(self) -> str:
        """The sidebar widget's key in Streamlit's session state."""
        return f"f_{self.id}"

    def value_label(self, data: Dataset, value: str, lang: str) -> str:
        """The label of one value in the UI language."""
        if self.vocabulary is None:
            return _province_label(data, value, lang)
        return label(self.vocabulary, value, lang)


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("reach", "reaches", "reach", _reaches),
    Dimension("province", "provinces", None, _provinces),
    Dimension("category", "categories", "category", _categories),
    Dimension("industry", "industries", "industry", _industries),
    Dimension("role", "roles", "role", _roles),
    Dimension("zone_industry", "zone_industries", "zone_industry", _zone_industries),
    Dimension("batch", "batches", "batch", _batches),
)
BY_ID: dict[str, Dimension] = {d.id: d for d in DIMENSIONS}
TEXT_KEY = "text"  # the free-text filter: URL key, CLI flag, session key f_text


__all__ = ["BY_ID", "DIMENSIONS", "TEXT_KEY", "Dimension"]
