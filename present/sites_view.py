"""Sites on the map and in the panel: the green-manufacturing lists and the development zones of geo/sites.py.

Parks and zones are points at their county (or prefecture) point, spread on a sunflower spiral in screen
pixels so that every site of one county stays clickable at any zoom. Factories, supply-chain firms and
products are counts per prefecture (proportional circles). A site placed only at its province is never
drawn at a guessed point: it is counted and listed in the province's panel.

Everything here is plain text; the runtime shows it with ``textContent``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby

import numpy as np
import pandas as pd

from geo.filters import FilterSpec
from geo.gcj02 import to_gcj02
from geo.places import Place, Places
from geo.sites import LISTS, Sites
from present.i18n import label, name_of, t
from present.style import SITE_COUNT_SCALE, STYLES

POINT_LISTS = ("green_park", "dev_zone")
COUNT_LISTS = ("green_factory", "green_supply_chain", "green_product")
POINT_STYLES = ("site-park", "site-zone-national", "site-zone-provincial")
COUNT_STYLES = tuple(f"site-count-{lst}" for lst in COUNT_LISTS)
SITE_STYLES = POINT_STYLES + COUNT_STYLES
# Shown when the page opens; provincial zones (858 dots) join when a zone-industry filter narrows them.
SHOWN_BY_DEFAULT = {"site-park", "site-zone-national", "site-count-green_factory"}
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPIRAL_START, SPIRAL_STEP = 11.0, 5.0  # pixels: the first site clears a city marker; then ~5 px apart


def spiral(n: int) -> list[tuple[float, float]]:
    """Pixel offsets (dx, dy) of ``n`` sites around one point: a sunflower spiral, the first 11 px out."""
    out = []
    for k in range(n):
        r = math.sqrt(SPIRAL_START**2 + SPIRAL_STEP**2 * k * 1.6)
        a = k * GOLDEN_ANGLE - math.pi / 2
        out.append((round(r * math.cos(a), 1), round(r * math.sin(a), 1)))
    return out


def site_style(row) -> str:
    """The style key of a park or zone row."""
    if row.list == "green_park":
        return "site-park"
    return "site-zone-national" if row.approval_level == "national" else "site-zone-provincial"


def click_place(places: Places, row) -> tuple[str, str]:
    """The place a click on a site selects: its prefecture (the panel of a prefecture lists its counties' sites)."""
    if row.place_level == "county":
        county = places.get("county", row.place_id)
        return ("prefecture", county.parent) if county and county.parent else ("county", row.place_id)
    return (row.place_level, row.place_id)


def site_where(places: Places, row, lang: str) -> str:
    place = places.get(row.place_level, row.place_id)
    parts = [name_of(place, lang)] if place else []
    if place is not None and place.level == "county" and place.parent:
        parts.append(name_of(places.get("prefecture", place.parent), lang))
    province = places.get("province", row.province)
    if place is not None and place.level != "province" and name_of(province, lang) not in parts:
        parts.append(name_of(province, lang))
    return ("，" if lang == "zh" else ", ").join(parts)


def site_detail(row, lang: str) -> str:
    """One line about a site: a zone's level, type, approval, area and leading industries; a list site's batch."""
    if row.list == "dev_zone":
        return t(
            "site_zone_line",
            lang,
            level=label("zone_level", row.approval_level, lang),
            type=row.zone_type,
            approved=row.approved or "?",
            area=row.area_ha or "?",
            industries=row.industries or "—",
        )
    return label("batch", row.batch, lang)


def site_tip(places: Places, row, lang: str) -> str:
    """The tooltip of a drawn site: name, list, detail, where."""
    head = f"{row.name} · {t('legend_' + site_style(row).replace('-', '_'), lang)}"
    return "\n".join([head, site_detail(row, lang), site_where(places, row, lang)])


def _point_of(places: Places, level: str, pid: str):
    if level in ("county", "prefecture", "area") and pid in places.cities.index:
        return places.cities.geometry[pid]
    return None


def _style_props(style: str) -> dict:
    s = STYLES[style]
    return {
        "radius": s.get("radius", 4),
        "fillColor": s["fill"],
        "color": s["stroke"],
        "weight": s.get("width", 1),
        "fillOpacity": s.get("opacity", 1),
        "opacity": 1,
    }


def _collection(items: list[tuple], crs: str) -> dict:
    if not items:
        return {"type": "FeatureCollection", "features": []}
    geoms = np.asarray([g for g, _ in items])
    if crs == "gcj02":
        geoms = to_gcj02(geoms)
    feats = []
    for geom, (_, props) in zip(geoms, items, strict=True):
        coords = [round(float(geom.x), 5), round(float(geom.y), 5)]
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": coords}, "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def spread_sites(sites: Sites, frame: pd.DataFrame) -> list[tuple[str, object, float, float, object]]:
    """The parks and zones of ``frame`` that have a point, as drawn: (style, lon/lat point, dx px, dy px, row),
    each spread around its county or prefecture point, grouped by place and in drawing order within a place.

    The live map (:func:`site_points`) and the static exports draw from this one list.
    """
    places = sites.places
    rows = frame[frame["list"].isin(POINT_LISTS) & (frame["place_level"] != "province")]
    order = {s: i for i, s in enumerate(POINT_STYLES)}
    rows = rows.assign(sstyle=[site_style(r) for r in rows.itertuples(index=False)])
    rows = rows.assign(sorder=rows["sstyle"].map(order)).sort_values(["place_level", "place_id", "sorder", "id"])
    out = []
    # One pass over the sorted rows (itertuples per group costs a pandas lookup per cell: seconds for the belt).
    for (level, pid), group in groupby(rows.itertuples(index=False), key=lambda r: (r.place_level, r.place_id)):
        point = _point_of(places, level, pid)
        if point is None:
            continue
        group = list(group)
        for row, (dx, dy) in zip(group, spiral(len(group)), strict=True):
            out.append((row.sstyle, point, dx, dy, row))
    return out


def site_points(sites: Sites, frame: pd.DataFrame, lang: str, crs: str) -> dict[str, dict]:
    """Parks and zones as FeatureCollections per style, each site spread around its county/prefecture point."""
    places = sites.places
    out: dict[str, list] = {s: [] for s in POINT_STYLES}
    for style, point, dx, dy, row in spread_sites(sites, frame):
        click_level, click_id = click_place(places, row)
        props = {
            "id": row.id,
            "level": click_level,
            "place": click_id,
            "style": style,
            "tip": site_tip(places, row, lang),
            "dx": dx,
            "dy": dy,
        }
        if style == "site-park":
            spec = STYLES["site-park"]
            props.update({"symbol": spec["symbol"], "fill": spec["fill"], "stroke": spec["stroke"],
                          "width": spec["width"], "size": spec["size"], "cls": "yreb-site"})  # fmt: skip
        else:
            props["_style"] = _style_props(style)
        out[style].append((point, props))
    return {style: _collection(items, crs) for style, items in out.items()}


def prefecture_counts(sites: Sites, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows: prefecture id; columns: the count lists; the number of sites of ``frame`` in each prefecture
    (its own and its counties'; for Shanghai and Chongqing also those placed only at the province)."""
    places = sites.places
    prefecture = []
    sole = {}
    for pid in places.provinces.index:
        prefs = places.prefectures.index[places.prefectures["province"] == pid]
        if len(prefs) == 1:
            sole[pid] = prefs[0]
    for row in frame.itertuples(index=False):
        if row.place_level == "county":
            prefecture.append(places.get("county", row.place_id).parent or "")
        elif row.place_level == "prefecture":
            prefecture.append(row.place_id)
        else:
            prefecture.append(sole.get(row.province, ""))
    counted = frame.assign(_pref=prefecture)
    counted = counted[(counted["_pref"] != "") & counted["list"].isin(COUNT_LISTS)]
    table = counted.groupby(["_pref", "list"]).size().unstack(fill_value=0)
    return table.reindex(columns=list(COUNT_LISTS), fill_value=0)


def count_circles(sites: Sites, frame: pd.DataFrame) -> list[tuple[str, str, int, object]]:
    """Factories, supply-chain firms and products of ``frame`` per prefecture, as drawn: (style, prefecture id,
    number, lon/lat point), one list after another and the biggest circle first in each (small ones on top)."""
    places = sites.places
    table = prefecture_counts(sites, frame)
    out = []
    for lst in COUNT_LISTS:
        for pid, n in sorted(table[lst].items(), key=lambda kv: -kv[1]):
            if n > 0 and pid in places.cities.index:
                out.append((f"site-count-{lst}", pid, int(n), places.cities.geometry[pid]))
    return out


def count_radius(n: int) -> float:
    """Radius in pixels of the circle of ``n`` sites (its area is proportional to the number)."""
    return round(SITE_COUNT_SCALE * math.sqrt(n), 1)


def site_counts(sites: Sites, frame: pd.DataFrame, lang: str, crs: str) -> dict[str, dict]:
    """Factories, supply-chain firms and products per prefecture as proportional circles (area ∝ number)."""
    places = sites.places
    items: dict[str, list] = {f"site-count-{lst}": [] for lst in COUNT_LISTS}
    for style, pid, n, point in count_circles(sites, frame):
        lst = style.removeprefix("site-count-")
        place = places.get("prefecture", pid)
        what = label("site_list", lst, lang).lower() if lang == "en" else label("site_list", lst, lang)
        props = {
            "id": pid,
            "level": "prefecture",
            "style": style,
            "n": n,
            "tip": t("tip_site_count", lang, name=name_of(place, lang), n=n, what=what),
            "_style": {**_style_props(style), "radius": count_radius(n)},
        }
        items[style].append((point, props))
    return {style: _collection(found, crs) for style, found in items.items()}


def shown_site_styles(zone_filter: bool) -> set[str]:
    """The site layers on when a map opens: parks, national zones and factory counts; provincial zones too
    when a zone-industry filter is on (they are then what was asked for)."""
    return set(SHOWN_BY_DEFAULT) | ({"site-zone-provincial"} if zone_filter else set())


def site_layers(sites: Sites, spec: FilterSpec, lang: str, crs: str) -> dict[str, dict]:
    """Every site layer of a view (style key → FeatureCollection), after the view's site filters."""
    frame = sites.filtered(spec)
    return {**site_points(sites, frame, lang, crs), **site_counts(sites, frame, lang, crs)}


def site_spec_key(spec: FilterSpec) -> tuple:
    """The parts of a filter that change the sites (a cache key: measure filters do not)."""
    return tuple(tuple(sorted(getattr(spec, f))) for f in ("reaches", "provinces", "zone_industries", "batches"))


# --- the panel: what is listed in a place ---------------------------------------------------------------


@dataclass(frozen=True)
class PlaceSites:
    """What the lists hold for one place (after the view's site filters)."""

    place: Place
    rows: pd.DataFrame  # the place's sites, in list then batch then name order
    counts: pd.DataFrame  # list x batch
    province_only_elsewhere: int  # sites of the place's province placed only there (for a city's panel)

    @property
    def total(self) -> int:
        """Number of sites."""
        return len(self.rows)

    def of(self, lst: str) -> pd.DataFrame:
        """The place's sites of one list."""
        return self.rows[self.rows["list"] == lst]


def ordered_sites(rows: pd.DataFrame) -> pd.DataFrame:
    """Sites in list order (:data:`geo.sites.LISTS`), then batch in publication order, zone level and name."""
    order = {name: i for i, name in enumerate(LISTS)}
    batch_order = {b: i for i, b in enumerate(("1", "2", "3", "4", "5", "2021", ""))}
    rows = rows.assign(_l=rows["list"].map(order), _b=rows["batch"].map(batch_order))
    return rows.sort_values(["_l", "_b", "approval_level", "name"]).drop(columns=["_l", "_b"])


def place_sites(sites: Sites, place: Place, spec: FilterSpec) -> PlaceSites:
    """The sites in ``place`` (its counties' included) that the filter keeps, with counts by list and batch."""
    rows = ordered_sites(sites.filtered(spec, sites.for_place(place)))
    counts = rows.groupby(["list", "batch"], sort=False).size().unstack(fill_value=0) if len(rows) else pd.DataFrame()
    elsewhere = 0
    if place.level in ("prefecture", "county", "area") and place.province:
        prov = sites.places.get("province", place.province)
        prov_rows = sites.filtered(spec, sites.for_place(prov))
        elsewhere = int((prov_rows["place_level"] == "province").sum())
        if len(sites.places.prefectures.index[sites.places.prefectures["province"] == place.province]) == 1:
            elsewhere = 0  # Shanghai and Chongqing: the province's sites are the city's
    return PlaceSites(place, rows, counts, elsewhere)


def _batch_short(batch: str, lang: str) -> str:
    """``batch 1`` / ``第一批``: the batch without its year (the panel lists years in the entries)."""
    full = label("batch", batch, lang)
    return full.split("（")[0] if lang == "zh" else full.split(" (")[0].replace("Batch", "batch")


def counts_table(ps: PlaceSites, lang: str) -> pd.DataFrame:
    """Counts by list (rows) and batch (columns, zones under "—"), with totals, labelled in ``lang``."""
    if ps.counts.empty:
        return pd.DataFrame()
    batches = [b for b in ("1", "2", "3", "4", "5", "2021", "") if b in ps.counts.columns]
    table = ps.counts.reindex(columns=batches, fill_value=0)
    table = table.reindex([lst for lst in LISTS if lst in table.index])
    table[t("sites_total", lang)] = table.sum(axis=1)
    table.index = [label("site_list", lst, lang) for lst in table.index]
    table.columns = [_batch_short(b, lang) if b else "—" for b in table.columns[:-1]] + [table.columns[-1]]
    return table


def site_record(sites: Sites, row) -> dict:
    """A site as the command line's JSON gives it: list, name, batch or approval, where it was placed and how."""
    place = sites.places.get(row.place_level, row.place_id)
    rec = {
        "id": row.id,
        "list": row.list,
        "name": row.name,
        "place_id": row.place_id,
        "place_level": row.place_level,
        "place_name_zh": place.name_zh if place else "",
        "place_name_en": place.name_en if place else "",
        "province": row.province,
        "province_given": row.province_given,
        "method": row.method,
        "reason": row.reason,
        "citation": {"id": row.citation, **sites.citation(row.citation)},
        "source_row": row.source_row,
    }
    if row.list == "dev_zone":
        rec.update(approved=row.approved, approval_level=row.approval_level, zone_type=row.zone_type,
                   area_ha=row.area_ha, industries=row.industries,
                   industry_families=sorted(sites.families.get(row.id, ())))  # fmt: skip
    else:
        rec.update(batch=row.batch, published=row.published)
        if row.company:
            rec["company"] = row.company
    return rec


def site_text(sites: Sites, row) -> str:
    """A site as one line of the command line's text output."""
    rec = site_record(sites, row)
    when = f"approved {rec['approved']}, {rec['approval_level']}" if row.list == "dev_zone" else f"batch {row.batch}"
    where = f"{rec['place_level']} {rec['place_id']} ({rec['place_name_zh']})"
    how = rec["method"] + (f": {rec['reason']}" if rec["reason"] else "")
    extra = f" [{row.industries}]" if row.list == "dev_zone" and row.industries else ""
    return f"- {row.list} {row.id}: {row.name}{extra} · {when} · {where} · {how}"


__all__ = [
    "COUNT_LISTS",
    "COUNT_STYLES",
    "POINT_LISTS",
    "POINT_STYLES",
    "SHOWN_BY_DEFAULT",
    "SITE_STYLES",
    "PlaceSites",
    "click_place",
    "count_circles",
    "count_radius",
    "counts_table",
    "ordered_sites",
    "place_sites",
    "prefecture_counts",
    "shown_site_styles",
    "site_counts",
    "site_detail",
    "site_layers",
    "site_points",
    "site_record",
    "site_spec_key",
    "site_style",
    "site_text",
    "site_tip",
    "site_where",
    "spiral",
    "spread_sites",
]
