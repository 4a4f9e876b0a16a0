"""The view state, one typed value: filters, selected place, language, basemap and the followed map extent.

It has one way in and out of a link (:meth:`ViewState.from_query` / :meth:`ViewState.to_query`) and
one way in and out of the session (:meth:`ViewState.from_session` / :meth:`ViewState.to_session`);
the filter keys come from :data:`present.dimensions.DIMENSIONS`.

Link values are untrusted: every value is looked up in what the view can show (the values each filter
offers, known places, languages, basemaps); anything else is dropped and counted per key, so the app
can say which *keys* had problems without repeating what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from geo.dataset import Dataset
from geo.filters import MAX_TEXT, FilterSpec
from geo.places import Places
from present.dimensions import DIMENSIONS, TEXT_KEY

MAX_VALUE_CHARS = 2000
MAX_ITEMS = 50
LANGS = ("en", "zh")
KEYS = (*(d.id for d in DIMENSIONS), TEXT_KEY, "place", "lang", "basemap")
# Session-state keys of the parts of the view that are not filter widgets.
SESSION_KEYS = {"lang": "lang", "basemap": "basemap", "place": "place", "extent": "view_extent"}
TEXT_SESSION_KEY = f"f_{TEXT_KEY}"

Extent = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


@dataclass(frozen=True)
class Known:
    """The values each link key may take: per filter dimension id, plus basemaps and languages."""

    values: Mapping[str, frozenset[str]]
    basemaps: frozenset[str] = frozenset({"vector"})
    langs: frozenset[str] = frozenset(LANGS)

    @classmethod
    def for_data(cls, data: Dataset, basemaps) -> Known:
        """What a link may select for this catalogue: exactly what the filters offer."""
        return cls({d.id: frozenset(d.offered(data)) for d in DIMENSIONS}, frozenset(basemaps))

    @classmethod
    def of(cls, basemaps=("vector",), **values) -> Known:
        """``Known.of(reach={"upper"}, ...)``: dimensions not named allow nothing."""
        return cls({d.id: frozenset(values.get(d.id, ())) for d in DIMENSIONS}, frozenset(basemaps))


@dataclass(frozen=True)
class ViewState:
    """Everything a link or a session restores."""

    spec: FilterSpec = field(default_factory=FilterSpec)
    place: tuple[str, str] | None = None  # (level, id)
    lang: str = "en"
    basemap: str = "vector"
    extent: Extent | None = None  # the map's reported view, when exports follow it (session only)

    # --- links -------------------------------------------------------------------------------------

    @classmethod
    def from_query(cls, params: Mapping[str, object], known: Known, places: Places) -> tuple[ViewState, dict]:
        """Parse query parameters (untrusted) into a view.

        Parameters
        ----------
        params : mapping
            Key → str or list of str, as ``st.query_params.to_dict()`` gives.
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

        for key in params:
            if key not in KEYS:
                bad("other")
        chosen = {}
        for dim in DIMENSIONS:
            values = _values(params.get(dim.id, []))
            allowed = known.values.get(dim.id, frozenset())
            good = [v for v in values if v in allowed]
            if len(good) < len(values):
                bad(dim.id, len(values) - len(good))
            chosen[dim.field] = frozenset(good)
        text = _text(params.get(TEXT_KEY), bad)
        lang = _one(params, "lang", known.langs, "en", bad)
        basemap = _one(params, "basemap", known.basemaps, "vector", bad)
        place = None
        for value in _values(params.get("place", []))[:1]:
            place = resolve_place(places, value)
            if place is None:
                bad("place")
        return cls(FilterSpec(**chosen, text=text), place, lang, basemap), ignored

    def to_query(self, places: Places) -> dict[str, str]:
        """The query parameters of this view (defaults omitted, values sorted for stable links)."""
        out: dict[str, str] = {}
        for dim in DIMENSIONS:
            values = getattr(self.spec, dim.field)
            if values:
                out[dim.id] = ",".join(sorted(values))
        if self.spec.text:
            out[TEXT_KEY] = self.spec.text
        if self.place:
            out["place"] = place_param(places, *self.place)
        if self.lang != "en":
            out["lang"] = self.lang
        if self.basemap != "vector":
            out["basemap"] = self.basemap
        return out

    # --- session -----------------------------------------------------------------------------------

    @classmethod
    def from_session(cls, session: Mapping[str, object]) -> ViewState:
        """The view the session's widgets and selection describe (missing keys: defaults)."""
        chosen = {d.field: frozenset(session.get(d.session_key) or ()) for d in DIMENSIONS}
        place = session.get(SESSION_KEYS["place"])
        extent = session.get(SESSION_KEYS["extent"])
        return cls(
            FilterSpec(**chosen, text=str(session.get(TEXT_SESSION_KEY) or "")),
            tuple(place) if place else None,  # type: ignore[arg-type]
            str(session.get(SESSION_KEYS["lang"]) or "en"),
            str(session.get(SESSION_KEYS["basemap"]) or "vector"),
            tuple(extent) if extent else None,  # type: ignore[arg-type]
        )

    def to_session(self) -> dict[str, object]:
        """Session-state values that restore this view (widget keys included)."""
        out: dict[str, object] = {d.session_key: sorted(getattr(self.spec, d.field)) for d in DIMENSIONS}
        out[TEXT_SESSION_KEY] = self.spec.text
        out[SESSION_KEYS["place"]] = self.place
        out[SESSION_KEYS["lang"]] = self.lang
        out[SESSION_KEYS["basemap"]] = self.basemap
        out[SESSION_KEYS["extent"]] = self.extent
        return out

    def widget_session(self) -> dict[str, object]:
        """The values of the widgets that show their choices as labels: the filters and the basemap (what a
        language switch must carry over, and set again so that they are shown in the new language)."""
        keys = {d.session_key for d in DIMENSIONS} | {TEXT_SESSION_KEY, SESSION_KEYS["basemap"]}
        return {k: v for k, v in self.to_session().items() if k in keys}


def _values(raw: object) -> list[str]:
    """Split a query value (str or list of str) on commas; non-strings yield nothing."""
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.extend(part.strip() for part in item[:MAX_VALUE_CHARS].split(","))
    return [v for v in out if v][:MAX_ITEMS]


def _text(raw: object, bad) -> str:
    if raw is None:
        return ""
    first = raw[0] if isinstance(raw, list) and raw else raw
    if isinstance(first, str) and len(first) <= MAX_TEXT and first.isprintable():
        return first
    bad(TEXT_KEY)
    return ""


def _one(params: Mapping[str, object], key: str, allowed: frozenset[str], default: str, bad) -> str:
    for value in _values(params.get(key, []))[:1]:
        if value in allowed:
            return value
        bad(key)
    return default


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


def parse_query(params: Mapping[str, object], known: Known, places: Places) -> tuple[ViewState, dict]:
    """Same as :meth:`ViewState.from_query`."""
    return ViewState.from_query(params, known, places)


def to_query(state: ViewState, places: Places) -> dict[str, str]:
    """Same as :meth:`ViewState.to_query`."""
    return state.to_query(places)


__all__ = ["KEYS", "LANGS", "SESSION_KEYS", "Known", "ViewState", "parse_query", "place_param", "resolve_place",
           "to_query"]  # fmt: skip
