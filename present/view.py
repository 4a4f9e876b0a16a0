"""The view as a URL query string: parse untrusted values against known ids, never echo them.

``?reach=upper,middle&place=wuxi&lang=zh`` restores a view. Every value is looked up in the
known vocabularies and places; an unknown or malformed value is dropped and counted per key, so
the app can say which *keys* had problems without repeating what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from geo.filters import MAX_TEXT, FilterSpec
from geo.places import Places

MAX_VALUE_CHARS = 2000
MAX_ITEMS = 50
KEYS = ("reach", "province", "category", "industry", "role", "text", "place", "lang", "basemap")


@dataclass(frozen=True)
class ViewState:
    """Everything a link restores."""

    spec: FilterSpec = field(default_factory=FilterSpec)
    place: tuple[str, str] | None = None  # (level, id)
    lang: str = "en"
    basemap: str = "vector"


@dataclass(frozen=True)
class Known:
    """The values each query key may take."""

    reaches: frozenset[str]
    provinces: frozenset[str]
    categories: frozenset[str]
    industries: frozenset[str]
    roles: frozenset[str]
    basemaps: frozenset[str]
    langs: frozenset[str] = field(default=frozenset({"en", "zh"}))


def _values(raw: object) -> list[str]:
    """Split a query value (str or list of str) on commas; non-strings yield nothing."""
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.extend(part.strip() for part in item[:MAX_VALUE_CHARS].split(","))
    return [v for v in out if v][:MAX_ITEMS]


def resolve_place(places: Places, value: str) -> tuple[str, str] | None:
    """``wuxi`` or ``province:shanghai`` → (level, id); None if unknown."""
    if ":" in value:
        level, _, pid = value.partition(":")
        place = places.get(level, pid)
    else:
        place = places.find(value)
    return (place.level, place.id) if place is not None and place.level != "group" else None


def place_param(places: Places, level: str, pid: str) -> str:
    """The shortest URL value that resolves back to (level, id)."""
    found = places.find(pid)
    return pid if found is not None and found.level == level else f"{level}:{pid}"


def parse_query(params: Mapping[str, object], known: Known, places: Places) -> tuple[ViewState, dict[str, int]]:
    """Parse query parameters into a view.

    Parameters
    ----------
    params : mapping
        Key → str or list of str, as ``st.query_params.to_dict()`` gives (untrusted).
    known : Known
        Allowed values per key.
    places : Places
        For ``place``.

    Returns
    -------
    (ViewState, dict)
        The view, and for each key the number of values that were ignored (unknown keys count
        under ``"other"``).
    """
    ignored: dict[str, int] = {}

    def bad(key: str, n: int = 1) -> None:
        ignored[key] = ignored.get(key, 0) + n

    def pick(key: str, allowed: frozenset[str]) -> frozenset[str]:
        values = _values(params.get(key, []))
        good = frozenset(v for v in values if v in allowed)
        if len(values) - len([v for v in values if v in allowed]):
            bad(key, len(values) - len([v for v in values if v in allowed]))
        return good

    for key in params:
        if key not in KEYS:
            bad("other")
    spec_kwargs = {
        "reaches": pick("reach", known.reaches),
        "provinces": pick("province", known.provinces),
        "categories": pick("category", known.categories),
        "industries": pick("industry", known.industries),
        "roles": pick("role", known.roles),
    }
    text = ""
    raw_text = params.get("text")
    if raw_text is not None:
        first = raw_text[0] if isinstance(raw_text, list) and raw_text else raw_text
        if isinstance(first, str) and len(first) <= MAX_TEXT and first.isprintable():
            text = first
        else:
            bad("text")
    lang = "en"
    for value in _values(params.get("lang", []))[:1]:
        if value in known.langs:
            lang = value
        else:
            bad("lang")
    basemap = "vector"
    for value in _values(params.get("basemap", []))[:1]:
        if value in known.basemaps:
            basemap = value
        else:
            bad("basemap")
    place = None
    for value in _values(params.get("place", []))[:1]:
        place = resolve_place(places, value)
        if place is None:
            bad("place")
    return ViewState(FilterSpec(**spec_kwargs, text=text), place, lang, basemap), ignored


def to_query(state: ViewState, places: Places) -> dict[str, str]:
    """The query parameters of a view (defaults omitted, values sorted for stable links)."""
    spec = state.spec
    out: dict[str, str] = {}
    for key, values in (("reach", spec.reaches), ("province", spec.provinces), ("category", spec.categories),
                        ("industry", spec.industries), ("role", spec.roles)):  # fmt: skip
        if values:
            out[key] = ",".join(sorted(values))
    if spec.text:
        out["text"] = spec.text
    if state.place:
        out["place"] = place_param(places, *state.place)
    if state.lang != "en":
        out["lang"] = state.lang
    if state.basemap != "vector":
        out["basemap"] = state.basemap
    return out


__all__ = ["KEYS", "Known", "ViewState", "parse_query", "place_param", "resolve_place", "to_query"]
