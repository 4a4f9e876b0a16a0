"""The find-a-place index: every place of the gazetteer (and listed site) under each name people type.

Keys are folded the way the web runtime folds a query (NFKC, lower case, no spaces, apostrophes, dots or
brackets); Chinese names are indexed with and without their suffix (无锡市 and 无锡), English names and
pinyin ids as written. The runtime ranks exact, then prefix, then substring matches.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from geo.gcj02 import to_gcj02
from geo.places import Places
from geo.sites import Sites
from present.i18n import label, t
from present.sites_view import click_place, site_where

_DROP = re.compile(r"[\s'’·\-()（）]")
SUFFIXES = ("自治州", "自治县", "特区", "林区", "新区", "地区", "市", "县", "州", "区", "盟", "省")
RANK = {"province": 0, "prefecture": 1, "area": 2, "county": 3, "reach": 4}
ZOOM = {"province": 6.5, "prefecture": 8, "area": 9.5, "county": 9.5, "reach": 5.5}


def fold(text: str) -> str:
    """The folded form of a name or query (must match ``fold`` in present/web/yreb-map.js)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", str(text)).lower())


def strip_suffix(text: str) -> str:
    """无锡市 → 无锡, 恩施土家族苗族自治州 → 恩施土家族苗族 (the runtime strips a query the same way)."""
    for suffix in SUFFIXES:
        if len(text) > len(suffix) + 1 and text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _keys(*names: str) -> list[str]:
    out: list[str] = []
    for name in names:
        if not name:
            continue
        for key in (fold(name), strip_suffix(fold(name))):
            if key and key not in out:
                out.append(key)
    return out


def search_index(places: Places, lang: str, crs: str, sites: Sites | None = None) -> dict:
    """Every prefecture, county, area, province and reach, with its names, where it is and how far to zoom;
    with ``sites``, also every park, zone, green factory and supply-chain firm (choosing one selects its place)."""
    cities = places.cities
    points = to_gcj02(cities.geometry.values) if crs == "gcj02" else cities.geometry.values
    where = {pid: [round(float(p.y), 5), round(float(p.x), 5)] for pid, p in zip(cities["id"], points, strict=True)}
    provinces = places.provinces
    items = []
    for row in cities.itertuples(index=False):
        place = places.get(row.level, row.id)
        province = places.get("province", place.province)
        parent = places.get("prefecture", place.parent) if place.parent else None
        inside = [x for x in (parent, province) if x is not None and x.id != place.id]
        detail = t(f"level_{place.level}", lang)
        if inside:
            detail += " · " + ("，" if lang == "zh" else ", ").join(
                x.name_zh if lang == "zh" else x.name_en for x in inside
            )
        items.append(
            {
                "id": place.id,
                "level": place.level,
                "rank": RANK[place.level],
                "zoom": ZOOM[place.level],
                "title": f"{place.name_zh} {place.name_en}" if lang == "zh" else f"{place.name_en} {place.name_zh}",
                "detail": detail,
                "latlng": where[place.id],
                "keys": _keys(place.name_zh, getattr(row, "name_zh_short", ""), place.name_en, place.id),
            }
        )
    for row in provinces.itertuples(index=False):
        centre = row.geometry.representative_point()
        if crs == "gcj02":
            centre = to_gcj02(np.asarray([centre]))[0]
        lat, lon = float(centre.y), float(centre.x)
        items.append(
            {
                "id": row.id,
                "level": "province",
                "rank": 0,
                "zoom": ZOOM["province"],
                "title": f"{row.name_zh} {row.name_en}" if lang == "zh" else f"{row.name_en} {row.name_zh}",
                "detail": t("level_province", lang),
                "latlng": [round(lat, 5), round(lon, 5)],
                "keys": _keys(row.name_zh, row.name_en, row.id),
            }
        )
    for row in places.reaches.itertuples(index=False):
        centre = row.geometry.representative_point()
        items.append(
            {
                "id": row.id,
                "level": "reach",
                "rank": RANK["reach"],
                "zoom": ZOOM["reach"],
                "title": label("reach", row.id, lang),
                "detail": t("level_reach", lang),
                "latlng": [round(float(centre.y), 5), round(float(centre.x), 5)],
                "keys": _keys(label("reach", row.id, "zh"), label("reach", row.id, "en"), row.id),
            }
        )
    if sites is not None:
        items += sites_search_items(sites, lang, crs)
    return {"v": 1, "items": items}


def sites_search_items(sites: Sites, lang: str, crs: str) -> list[dict]:
    """Find-a-place entries for parks, zones, factories and supply-chain firms: choosing one selects its place."""
    places = sites.places
    frame = sites.frame[sites.frame["list"].isin(("green_park", "dev_zone", "green_factory", "green_supply_chain"))]
    items = []
    for row in frame.itertuples(index=False):
        level, pid = click_place(places, row)
        place = places.get(level, pid)
        if place is None:
            continue
        point = places.cities.geometry[pid] if pid in places.cities.index else None
        if point is None:
            point = places.provinces.geometry[pid].representative_point()
        if crs == "gcj02":
            point = to_gcj02(np.asarray([point]))[0]
        items.append(
            {
                "id": pid,
                "level": level,
                "site": row.id,
                "rank": 6,
                "zoom": 9 if level != "province" else 6.5,
                "title": row.name,
                "detail": f"{label('site_list', row.list, lang)} · {site_where(places, row, lang)}",
                "latlng": [round(float(point.y), 5), round(float(point.x), 5)],
                "keys": [fold(row.name)],
            }
        )
    return items


__all__ = ["fold", "search_index", "sites_search_items", "strip_suffix"]
