"""Resolve what people write in a ``city`` column to a gazetteer place.

Offices write ``wuxi``, ``Wuxi``, ``无锡``, ``无锡市``, ``彭州``, ``江苏省苏州市`` or ``南京市鼓楼区``.
:func:`place_index` builds, once per gazetteer content, a dictionary from a folded name to the ids
it may mean; :func:`resolve` looks a text up and says which place it is, or which places it could
be. Lookups go by tiers so that a more exact form wins: the id itself, then the full Chinese or
English name, then the short Chinese name (``彭州``), then the short name with another suffix
(``阿坝州``). A prefecture beats its own counties of the same name (``长沙`` is the city, not
长沙县), which is how people use these names.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from geo.places import POINT_LEVELS, Places

_ZH_SUFFIXES = ("市", "县", "区", "州")
_EN_SUFFIXES = ("city", "county", "district", "prefecture")
_PROVINCE_SUFFIXES = ("省", "市", "自治区")
_MAX_COMPOUND = 24  # longer texts are not split into province + city (each split costs lookups)


@dataclass(frozen=True)
class PlaceInfo:
    """What resolution and locating need to know about one point place."""

    id: str
    level: str
    name_en: str
    name_zh: str
    province: str
    prefecture: str  # the place itself for a prefecture, else its parent
    x: float
    y: float


@dataclass(frozen=True)
class PlaceIndex:
    """Folded names → candidate ids, plus facts about every point place and province."""

    names: dict[str, tuple[str, ...]]
    province_names: dict[str, tuple[str, str]]  # province id → (English, Chinese)
    info: dict[str, PlaceInfo]
    # Folded leading words (江苏省, 南京市, jiangsu) → the province and prefecture ids they name.
    scopes: dict[str, frozenset[str]]


@dataclass(frozen=True)
class Resolution:
    """The place a text means (``place``), or the places it could mean (``candidates``), or neither."""

    place: str | None
    candidates: tuple[str, ...] = ()


def fold(text: str) -> str:
    """Compare names without case, width, spaces or punctuation (``Ｗｕ Xi`` ≈ ``wuxi``).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        NFKC-normalised, case-folded, letters and digits only.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _short_zh(name: str) -> str:
    """``彭州市`` → ``彭州`` (used when the gazetteer has no ``name_zh_short``)."""
    for suffix in _ZH_SUFFIXES:
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


def _text(value) -> str | None:
    """GeoJSON nulls arrive as None or NaN; only real text counts (NaN would also defeat the cache key)."""
    return value if isinstance(value, str) and value else None


def place_index(places: Places) -> PlaceIndex:
    """The name index of a gazetteer, built once per distinct content.

    Parameters
    ----------
    places : Places
        The gazetteer; only its point places (prefectures, counties, areas) and provinces are used.

    Returns
    -------
    PlaceIndex
        Shared between calls with equal content: treat it as read-only.

    Notes
    -----
    The cache key is the content itself (ids, names, parents, provinces, coordinates), so two
    gazetteers with equal content share one index and a changed gazetteer never gets a stale one;
    object identity (``id()``) is never used, since CPython reuses addresses.
    """
    cities = places.cities
    short = cities["name_zh_short"] if "name_zh_short" in cities else cities["name_zh"].map(_short_zh)
    rows = tuple(
        (pid, level, en, zh, _text(sh) or _short_zh(zh), _text(parent), province, float(geom.x), float(geom.y))
        for pid, level, en, zh, sh, parent, province, geom in zip(
            cities["id"], cities["level"], cities["name_en"], cities["name_zh"], short, cities["parent"],
            cities["province"], cities.geometry, strict=True,
        )
        if level in POINT_LEVELS
    )  # fmt: skip
    prov = places.provinces
    provinces = tuple(zip(prov["id"], prov["name_en"], prov["name_zh"], strict=True))
    return _build(rows, provinces)


@functools.lru_cache(maxsize=4)
def _build(rows: tuple[tuple, ...], provinces: tuple[tuple[str, str, str], ...]) -> PlaceIndex:
    """Build the index from plain, hashable content (the lru_cache key)."""
    info = {
        pid: PlaceInfo(pid, level, en, zh, province, parent if level != "prefecture" and parent else pid, x, y)
        for pid, level, en, zh, _short, parent, province, x, y in rows
    }
    tiers: list[list[tuple[str, str]]] = [[], [], [], []]
    for pid, _level, en, zh, short, *_ in rows:
        tiers[0].append((pid, pid))
        tiers[1] += [(zh, pid), (en, pid)]
        tiers[2].append((short, pid))
        tiers[3] += [(short + s, pid) for s in _ZH_SUFFIXES] + [(en + s, pid) for s in _EN_SUFFIXES]
    names: dict[str, tuple[str, ...]] = {}
    for tier in tiers:
        found: dict[str, set[str]] = defaultdict(set)
        for name, pid in tier:
            key = fold(name)
            if key and key not in names:
                found[key].add(pid)
        names.update((key, tuple(sorted(ids))) for key, ids in found.items())
    province_keys: dict[str, str] = {}
    for pid, en, zh in provinces:
        short = next((zh[: -len(s)] for s in _PROVINCE_SUFFIXES if zh.endswith(s) and len(zh) > len(s) + 1), zh)
        for name in (pid, en, zh, short):
            province_keys.setdefault(fold(name), pid)
    names_of = {pid: (en, zh) for pid, en, zh in provinces}
    scopes: dict[str, set[str]] = defaultdict(set)
    for key, pid in province_keys.items():
        scopes[key].add(pid)
    for key, ids in names.items():
        scopes[key].update(i for i in ids if info[i].level == "prefecture")
    frozen = {key: frozenset(ids) for key, ids in scopes.items() if ids}
    return PlaceIndex(names, names_of, info, frozen)


def _decide(index: PlaceIndex, ids: tuple[str, ...]) -> Resolution:
    """One place, or a prefecture over its own counties of the same name, else ambiguous."""
    if len(ids) == 1:
        return Resolution(ids[0])
    prefectures = [i for i in ids if index.info[i].level == "prefecture"]
    if len(prefectures) == 1 and all(index.info[i].prefecture == prefectures[0] for i in ids):
        return Resolution(prefectures[0])
    return Resolution(None, ids)


def _candidates(index: PlaceIndex, key: str, depth: int) -> tuple[str, ...]:
    """Ids a folded text may mean: a direct name, else ``province/prefecture + name`` split once per level."""
    direct = index.names.get(key)
    if direct or depth == 0 or len(key) > _MAX_COMPOUND:
        return direct or ()
    found: set[str] = set()
    for cut in range(1, len(key)):
        scope = index.scopes.get(key[:cut])
        if scope is None:
            continue  # the common case: a split costs one dictionary lookup
        for pid in _candidates(index, key[cut:], depth - 1):
            place = index.info[pid]
            if pid not in scope and (place.province in scope or place.prefecture in scope):
                found.add(pid)
    return tuple(sorted(found))


def resolve(index: PlaceIndex, text: str) -> Resolution:
    """Resolve one ``city`` cell.

    Parameters
    ----------
    index : PlaceIndex
        From :func:`place_index`.
    text : str
        What the file says: an id, a Chinese or English name, with or without 市/县/区/州, optionally
        preceded by its province or prefecture (``江苏省苏州市``, ``南京市鼓楼区``).

    Returns
    -------
    Resolution
        ``place`` set when exactly one place fits; else ``candidates`` (empty when nothing fits).
    """
    key = fold(text)
    if not key:
        return Resolution(None)
    return _decide(index, _candidates(index, key, depth=2))


def describe(index: PlaceIndex, pid: str, lang: str) -> str:
    """An id people can tell apart: ``suzhou-jiangsu (苏州市, Jiangsu)`` / ``suzhou-jiangsu（江苏省苏州市）``.

    Parameters
    ----------
    index : PlaceIndex
    pid : str
        A point place id of the index.
    lang : str
        ``"zh"`` for Chinese, else English.

    Returns
    -------
    str
    """
    place = index.info[pid]
    en, zh = index.province_names.get(place.province, (place.province, place.province))
    parent = index.info.get(place.prefecture) if place.prefecture != pid else None
    # Shanghai and Chongqing are both province and prefecture: name them once.
    if parent is not None and fold(parent.name_zh) == fold(zh):
        parent = None
    if lang == "zh":
        province = zh if fold(zh) != fold(place.name_zh) else ""
        return f"{pid}（{province}{parent.name_zh if parent else ''}{place.name_zh}）"
    where = f"{parent.name_en}, {en}" if parent else en
    return f"{pid} ({place.name_zh}, {where})"


__all__ = ["PlaceIndex", "PlaceInfo", "Resolution", "describe", "fold", "place_index", "resolve"]
