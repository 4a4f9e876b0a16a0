"""Build the project's committed ``data/*.geojson`` files from the read-only source folder.

Usage::

    python scripts/build_data.py ../shared/geodata [--out data] [--greenlists DIR] [--devzones DIR]

When the green lists and the zone catalogue are present (by default beside the geodata folder), the
sites are built after the layers by ``build_sites.py`` into ``sites.csv`` and ``site_sources.csv``.
The output is deterministic: features sorted by id, coordinates rounded to 5 decimals,
properties serialised with sorted keys, one feature per line, no timestamps. Rerunning
the script on the same sources reproduces every file byte for byte. See data/SOURCES.md
for the processing rules. The build raises ``BuildError`` when a check fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pypinyin import Style, lazy_pinyin
from pyproj import Transformer

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
import build_sites
import place_names as names

from geo.vocab import BELT_ID, GROUPS, REACHES  # a pure module: no UI imports

# Ids a county may not take besides prefecture and province ids: every other place id.
RESERVED_IDS = {*REACHES, BELT_ID, *GROUPS, names.LINGANG["id"]}

# Generalisation tolerance for the polygon coverage, in degrees (~500 m). The source is
# already generalised (mean segment ~0.019 deg), so this removes only ~10 % of vertices.
COVERAGE_TOLERANCE = 0.005
BASEMAP_TOLERANCE = 0.005  # land / ocean
LINE_TOLERANCE = 0.002  # rivers, lakes
# Riverside: buffer around the main stem and estuary, in metres, in an Albers projection
# for China (scale error under ~3 % in 21-35 N, i.e. well under 100 m on 2 km).
RIVERSIDE_BUFFER_M = 2000.0
ALBERS_CHINA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m"
# Part of the Natural Earth ocean polygon treated as the Yangtze estuary (lon/lat box):
# from Zhenjiang, where the NE main stem ends, to the mouth; south edge 31.0 N keeps
# Hangzhou Bay out, north edge 32.2 N keeps the Yellow Sea coast of Yancheng out.
ESTUARY_BOX = (119.5, 31.0, 122.3, 32.2)
CONTEXT_BOX = (96.0, 20.5, 123.5, 35.5)  # the Natural Earth clip box
MIN_LAKE_KM2 = 100.0
MAX_RIVER_SCALERANK = 7
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class BuildError(RuntimeError):
    """A source or output check failed; the message says which feature and why."""


# --- names ----------------------------------------------------------------------------


def romanise(hanzi: str) -> str:
    """Hanyu Pinyin without tones, capitalised, apostrophe before a/o/e syllables."""
    syllables = names.PINYIN_OVERRIDES.get(hanzi) or lazy_pinyin(hanzi, style=Style.NORMAL, v_to_u=True)
    for s in syllables:
        if not re.fullmatch(r"[a-zü]+", s):
            raise BuildError(f"no pinyin for {s!r} in {hanzi!r}. Hint: add it to PINYIN_OVERRIDES")
    text = syllables[0] + "".join("'" + s if s[0] in "aoe" else s for s in syllables[1:])
    return text[0].upper() + text[1:]


def slugify(name_en: str) -> str:
    slug = name_en.lower().replace("'", "").replace("ü", "u").replace(" ", "-")
    if not SLUG_RE.fullmatch(slug):
        raise BuildError(f"cannot make an id from {name_en!r}: got {slug!r}")
    return slug


def county_stem(short_name: str) -> str:
    """Name without its administrative suffix; a one-character stem keeps the suffix."""
    for suffix in names.COUNTY_SUFFIXES:
        if short_name.endswith(suffix) and len(short_name) - len(suffix) >= 2:
            return short_name[: -len(suffix)]
    return short_name


def assign_prefecture_ids(pref: pd.DataFrame) -> pd.Series:
    counts = Counter(pref["slug"])
    return pd.Series(
        [s if counts[s] == 1 else f"{s}-{p}" for s, p in zip(pref["slug"], pref["province"], strict=True)],
        index=pref.index,
    )


def assign_county_ids(counties: pd.DataFrame, reserved: set[str]) -> pd.Series:
    counts = Counter(counties["slug"])
    ids: list[str] = []
    for slug, parent, adcode in zip(counties["slug"], counties["parent"], counties["adcode"], strict=True):
        cid = slug if counts[slug] == 1 and slug not in reserved else f"{slug}-{parent}"
        if cid in ids or cid in reserved:
            cid = f"{cid}-{adcode}"
        ids.append(cid)
    return pd.Series(ids, index=counties.index)


# --- loading --------------------------------------------------------------------------


def load_sources(src: Path) -> dict:
    """Read every source file and check CRS, counts and validity."""
    out = {}
    for key in ("china_provinces", "yreb_prefectures"):
        out[key] = gpd.read_file(src / f"tianditu_{key}.geojson")
    for key in ("rivers", "lakes", "land", "ocean"):
        out[key] = gpd.read_file(src / f"naturalearth_yreb_{key}.geojson")
    for key, gdf in out.items():
        if gdf.crs is None or gdf.crs.to_epsg() != 4326:
            raise BuildError(f"{key}: expected EPSG:4326, got {gdf.crs}")
        if not shapely.is_valid(gdf.geometry.values).all():
            raise BuildError(f"{key}: source has invalid geometries")
    out["counties"] = pd.read_csv(src / "tianditu_yreb_counties.csv", dtype=str)
    expect = {"china_provinces": 34, "yreb_prefectures": 130, "counties": 1068}
    for key, n in expect.items():
        if len(out[key]) != n:
            raise BuildError(f"{key}: expected {n} rows, got {len(out[key])}")
    return out


# --- places ---------------------------------------------------------------------------


def build_prefectures(src_pref: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    pref = src_pref.copy()
    pref["adcode"] = pref["city_adcode"].astype(str)
    pcode = pref["adcode"].str[:2]
    pref["province"] = pcode.map(lambda c: names.PROVINCES[c][0])
    pref["reach"] = pcode.map(lambda c: names.PROVINCES[c][2])
    pref["name_zh"] = pref["city_name"]
    pref["name_zh_short"] = pref["short_name"]
    pref["name_en"] = pref["short_name"].map(romanise)
    pref["slug"] = pref["name_en"].map(slugify)
    pref["id"] = assign_prefecture_ids(pref)
    return pref


def build_counties(src: pd.DataFrame, pref: gpd.GeoDataFrame) -> pd.DataFrame:
    pref_id = dict(zip(pref["adcode"], pref["id"], strict=True))
    c = pd.DataFrame({"adcode": src["district_adcode"], "name_zh": src["district_name"]})
    c["name_zh_short"] = src["short_name"].map(county_stem)
    c["name_en"] = c["name_zh_short"].map(romanise)
    c["slug"] = c["name_en"].map(slugify)
    c["parent"] = src["city_adcode"].map(pref_id)
    c["province"] = src["province_adcode"].str[:2].map(lambda p: names.PROVINCES[p][0])
    c["lon"], c["lat"] = src["lon"].astype(float), src["lat"].astype(float)
    c = c.sort_values("adcode").reset_index(drop=True)
    province_ids = {v[0] for v in names.PROVINCES.values()}
    c["id"] = assign_county_ids(c, set(pref["id"]) | province_ids | RESERVED_IDS)
    return c


def choose_seat(pref_adcode: str, counties: pd.DataFrame) -> str:
    """Adcode of the county-level division hosting the prefecture government."""
    if pref_adcode in names.SEAT_OVERRIDES:
        return names.SEAT_OVERRIDES[pref_adcode]
    own = counties[counties["parent_adcode"] == pref_adcode].sort_values("adcode")
    for suffix in ("区", "市"):
        hits = own[own["name_zh"].str.endswith(suffix)]
        if len(hits):
            return hits["adcode"].iloc[0]
    raise BuildError(f"prefecture {pref_adcode}: no 区 or 市 to take as seat. Hint: add a SEAT_OVERRIDES entry")


def riverside_flags(pref: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame, ocean: gpd.GeoDataFrame) -> pd.Series:
    """True where the full-detail prefecture polygon comes within the buffer of the main stem or estuary."""
    main = shapely.union_all(rivers.loc[rivers["name_en"] == "Yangtze"].geometry.values)
    estuary = shapely.intersection(shapely.union_all(ocean.geometry.values), shapely.box(*ESTUARY_BOX))
    zone = shapely.buffer(to_albers(shapely.union(main, estuary)), RIVERSIDE_BUFFER_M)
    polys = pref.to_crs(ALBERS_CHINA).geometry.values
    return pd.Series(shapely.intersects(polys, zone), index=pref.index)


# --- geometry -------------------------------------------------------------------------


def to_albers(geom):
    """Project a lon/lat geometry to ALBERS_CHINA (metres)."""
    tr = Transformer.from_crs("EPSG:4326", ALBERS_CHINA, always_xy=True)
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def generalise(pref: gpd.GeoDataFrame, neighbours: gpd.GeoDataFrame) -> tuple[list, list]:
    """Coverage-simplify prefectures and neighbours together, so shared borders still meet."""
    geoms = list(pref.geometry.values) + list(neighbours.geometry.values)
    if not shapely.coverage_is_valid(geoms):
        raise BuildError("prefecture + neighbour polygons do not form a valid coverage")
    simple = shapely.coverage_simplify(geoms, COVERAGE_TOLERANCE)
    return list(simple[: len(pref)]), list(simple[len(pref) :])


def check_geometry(layer: str, fid: str, geom) -> None:
    if geom is None or geom.is_empty or not geom.is_valid:
        reason = shapely.is_valid_reason(geom) if geom is not None else "missing"
        raise BuildError(f"{layer}: feature {fid!r} has an empty or invalid geometry ({reason})")


def _num(x: float) -> str:
    s = f"{x:.5f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _coords(obj) -> str:
    if isinstance(obj[0], (int, float)):
        return "[" + ",".join(_num(v) for v in obj) + "]"
    return "[" + ",".join(_coords(o) for o in obj) + "]"


def geometry_json(geom) -> str:
    geom = shapely.orient_polygons(geom) if geom.geom_type.endswith("Polygon") else geom
    mapping = shapely.geometry.mapping(geom)
    return f'{{"type":"{mapping["type"]}","coordinates":{_coords(mapping["coordinates"])}}}'


def write_layer(path: Path, features: list[tuple[str, dict, object]]) -> None:
    """Write (id, properties, geometry) tuples as an RFC 7946 FeatureCollection, one feature a line."""
    ids = [f[0] for f in features]
    if len(set(ids)) != len(ids):
        raise BuildError(f"{path.name}: duplicate ids {[i for i, n in Counter(ids).items() if n > 1]}")
    lines = []
    for fid, props, geom in sorted(features, key=lambda f: f[0]):
        check_geometry(path.name, fid, geom)
        props = {"id": fid, **props}
        props_json = json.dumps(props, ensure_ascii=False, sort_keys=True)
        lines.append(
            f'{{"type":"Feature","id":{json.dumps(fid)},"properties":{props_json},"geometry":{geometry_json(geom)}}}'
        )
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8", newline="\n")


def points_outside(points: list, polys: dict[str, object]) -> list[str]:
    """Ids of city features whose point is outside the polygon of their prefecture."""
    return [fid for fid, p, g in points if not polys[p["parent"] or fid].contains(g)]


# --- layers ---------------------------------------------------------------------------


def city_features(pref, counties, seats, riverside) -> list:
    by_adcode = counties.set_index("adcode")
    pudong = by_adcode.loc[names.LINGANG["district_adcode"], "id"]
    feats = []
    for row in pref.itertuples():
        seat = by_adcode.loc[seats[row.adcode]]
        props = {
            "name_en": row.name_en, "name_zh": row.name_zh, "name_zh_short": row.name_zh_short,
            "level": "prefecture", "adcode": row.adcode, "province": row.province, "reach": row.reach,
            "parent": None, "riverside": bool(riverside[row.id]),
        }  # fmt: skip
        feats.append((row.id, props, shapely.Point(seat["lon"], seat["lat"])))
    reach_of = dict(zip(pref["id"], pref["reach"], strict=True))
    for row in counties.itertuples():
        props = {
            "name_en": row.name_en, "name_zh": row.name_zh, "name_zh_short": row.name_zh_short,
            "level": "county", "adcode": row.adcode, "province": row.province, "reach": reach_of[row.parent],
            "parent": row.parent, "riverside": bool(riverside[row.parent]),
        }  # fmt: skip
        feats.append((row.id, props, shapely.Point(row.lon, row.lat)))
    lg = names.LINGANG
    parent = pref.loc[pref["adcode"] == lg["prefecture_adcode"], "id"].iloc[0]
    props = {
        "name_en": lg["name_en"], "name_zh": lg["name_zh"], "name_zh_short": lg["name_zh_short"],
        "level": "area", "adcode": None, "province": "shanghai", "reach": reach_of[parent],
        "parent": parent, "riverside": bool(riverside[parent]), "district": pudong,
    }  # fmt: skip
    feats.append((lg["id"], props, shapely.Point(lg["lon"], lg["lat"])))
    return feats


def river_features(rivers: gpd.GeoDataFrame) -> tuple[list, list[str]]:
    """The main stem plus tributaries (scalerank <= 7) connected to it, found iteratively."""
    main = rivers["name_en"] == "Yangtze"
    network = to_albers(shapely.union_all(rivers.loc[main].geometry.values))
    cand = rivers[~main & (rivers["scalerank"] <= MAX_RIVER_SCALERANK) & rivers["name"].notna()]
    cand = cand[~cand["name"].isin(names.RIVERS_EXCLUDED)]
    cand_m = {i: to_albers(g) for i, g in cand.geometry.items()}
    kept: set = set()
    grew = True
    while grew:
        near = shapely.buffer(network, RIVERSIDE_BUFFER_M)
        new = [i for i, g in cand_m.items() if i not in kept and g.intersects(near)]
        kept.update(new)
        network = shapely.union_all([network, *(cand_m[i] for i in new)])
        grew = bool(new)
    feats = [("yangtze", {"name_en": "Yangtze", "name_zh": "长江", "main": True},
              shapely.union_all(rivers.loc[main].geometry.values))]  # fmt: skip
    for name, group in cand.loc[sorted(kept)].groupby("name"):
        if name not in names.RIVER_NAMES_ZH:
            raise BuildError(f"river {name!r} joins the Yangtze network but has no Chinese name in RIVER_NAMES_ZH")
        geom = shapely.union_all(group.geometry.values)
        feats.append((slugify(name), {"name_en": name, "name_zh": names.RIVER_NAMES_ZH[name], "main": False}, geom))
    # Some Natural Earth lines reach beyond the box (Tongtian to 93 E): clip them.
    box = shapely.box(*CONTEXT_BOX)
    feats = [(i, p, shapely.simplify(shapely.intersection(g, box), LINE_TOLERANCE)) for i, p, g in feats]
    return feats, sorted(f[1]["name_en"] for f in feats[1:])


def lake_features(lakes: gpd.GeoDataFrame, belt) -> list:
    """Lakes and reservoirs of at least MIN_LAKE_KM2 whose representative point is in the belt."""
    area_km2 = lakes.to_crs(ALBERS_CHINA).area / 1e6
    feats = []
    for idx, row in lakes.iterrows():
        pt = row.geometry.representative_point()
        if area_km2[idx] < MIN_LAKE_KM2 or not belt.contains(pt):
            continue
        name = row["name"] if isinstance(row["name"], str) else None
        fid = slugify(name) if name else f"lake-{round(pt.x * 100)}-{round(pt.y * 100)}"
        props = {"name_en": name, "name_zh": names.LAKE_NAMES_ZH.get(name) if name else None}
        geom = shapely.intersection(row.geometry, shapely.box(*CONTEXT_BOX))
        feats.append((fid, props, shapely.simplify(geom, LINE_TOLERANCE)))
    return feats


def basemap_features(land: gpd.GeoDataFrame, ocean: gpd.GeoDataFrame) -> tuple[list, list]:
    geoms = [*land.geometry.values, shapely.union_all(ocean.geometry.values)]
    simple = shapely.coverage_simplify(geoms, BASEMAP_TOLERANCE)
    land_geom = shapely.make_valid(shapely.coverage_union_all(simple[:-1]))
    return [("land", {}, land_geom)], [("ocean", {}, simple[-1])]


def polygon_features(pref: gpd.GeoDataFrame, pref_simple: list, riverside: dict, prov_src) -> tuple:
    """Prefecture polygons, and provinces and reaches dissolved from them (shared borders stay exact)."""
    prefs, provinces, reaches = [], [], []
    for row, geom in zip(pref.itertuples(), pref_simple, strict=True):
        props = {"name_en": row.name_en, "name_zh": row.name_zh, "adcode": row.adcode,
                 "province": row.province, "reach": row.reach, "riverside": bool(riverside[row.id])}  # fmt: skip
        prefs.append((row.id, props, geom))
    members: dict[str, list] = {}
    for code, (pid, name_en, reach) in names.PROVINCES.items():
        parts = [g for g, a in zip(pref_simple, pref["adcode"], strict=True) if a[:2] == code]
        name_zh = prov_src.loc[prov_src["adcode"].astype(str) == f"{code}0000", "name_zh"].iloc[0]
        props = {"name_en": name_en, "name_zh": name_zh, "adcode": f"{code}0000", "reach": reach}
        provinces.append((pid, props, shapely.coverage_union_all(parts)))
        members.setdefault(reach, []).append((pid, provinces[-1][2]))
    for rid, group in members.items():
        props = {"name_en": REACHES[rid]["en"], "name_zh": REACHES[rid]["zh"], "provinces": [m[0] for m in group]}
        reaches.append((rid, props, shapely.coverage_union_all([m[1] for m in group])))
    return prefs, provinces, reaches


def neighbour_features(nb: gpd.GeoDataFrame, nb_simple: list) -> list:
    """Other provincial-level divisions, clipped to the Natural Earth box, polygons only."""
    box = shapely.box(*CONTEXT_BOX)
    feats = []
    for row, geom in zip(nb.itertuples(), nb_simple, strict=True):
        parts = [
            p for p in shapely.get_parts(shapely.intersection(geom, box)) if p.geom_type == "Polygon" and not p.is_empty
        ]
        if parts:
            feats.append((str(row.adcode), {"name_zh": row.name_zh}, shapely.MultiPolygon(parts)))
    return feats


# --- main -----------------------------------------------------------------------------


def build(src: Path, out: Path) -> dict:
    """Build every layer from ``src`` into ``out``; returns a summary for printing."""
    s = load_sources(src)
    pref = build_prefectures(s["yreb_prefectures"]).sort_values("id").reset_index(drop=True)
    counties = build_counties(s["counties"], pref)
    counties["parent_adcode"] = counties["parent"].map(dict(zip(pref["id"], pref["adcode"], strict=True)))
    seats = {code: choose_seat(code, counties) for code in pref["adcode"]}
    for code, seat in seats.items():
        if seat not in set(counties.loc[counties["parent_adcode"] == code, "adcode"]):
            raise BuildError(f"seat {seat} of prefecture {code} is not one of its counties")
    riverside = dict(zip(pref["id"], riverside_flags(pref, s["rivers"], s["ocean"]), strict=True))

    prov_src = s["china_provinces"]
    nb = prov_src[~prov_src["adcode"].astype(str).str[:2].isin(names.PROVINCES)].copy()
    belt = shapely.coverage_union_all(pref.geometry.values)
    # Tianditu's Shandong overlaps Lianyungang by ~0.27 km2 (119.89 E, 35.0-35.14 N): the belt wins.
    overlap_km2 = float(to_albers(shapely.intersection(shapely.union_all(nb.geometry.values), belt)).area / 1e6)
    nb["geometry"] = shapely.difference(nb.geometry.values, belt)
    pref_simple, nb_simple = generalise(pref, nb)

    cities = city_features(pref, counties, seats, riverside)
    outside = {}
    for kind, geoms in (("full", pref.geometry.values), ("simplified", pref_simple)):
        outside[kind] = points_outside(cities, dict(zip(pref["id"], geoms, strict=True)))
        bad = sorted(set(outside[kind]) - names.COUNTY_POINTS_OUTSIDE_PARENT)
        if bad:
            raise BuildError(
                f"points outside their prefecture polygon ({kind} detail): {bad}. Hint: check the seat "
                "table, or list a source error in place_names.COUNTY_POINTS_OUTSIDE_PARENT"
            )

    prefs, provinces, reaches = polygon_features(pref, pref_simple, riverside, prov_src)
    rivers, tributaries = river_features(s["rivers"])
    lakes = lake_features(s["lakes"], belt)
    land, ocean = basemap_features(s["land"], s["ocean"])
    layers = {
        "cities": cities, "prefectures": prefs, "provinces": provinces, "reaches": reaches,
        "neighbours": neighbour_features(nb, nb_simple), "rivers": rivers, "lakes": lakes,
        "land": land, "ocean": ocean,
    }  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    for name, feats in layers.items():
        write_layer(out / f"{name}.geojson", feats)
    verify_outputs(out, layers)

    def vertices(geoms) -> int:
        return int(sum(shapely.get_num_coordinates(g) for g in geoms))

    return {
        "riverside": sorted(i for i, v in riverside.items() if v),
        "seat overrides": {
            p: seats[a] for p, a in zip(pref["id"], pref["adcode"], strict=True) if a in names.SEAT_OVERRIDES
        },
        "points outside": outside,
        "tributaries": tributaries,
        "lakes": sorted(f[0] for f in lakes),
        "vertices prefectures (source, written)": (vertices(pref.geometry.values), vertices(pref_simple)),
        "vertices neighbours (source, simplified before clip)": (vertices(nb.geometry.values), vertices(nb_simple)),
        "vertices provinces, reaches": (vertices(f[2] for f in provinces), vertices(f[2] for f in reaches)),
        "Shandong/Lianyungang overlap km2": round(overlap_km2, 3),
        "bytes": {p.name: p.stat().st_size for p in sorted(out.glob("*.geojson"))},
    }


def verify_outputs(out: Path, layers: dict) -> None:
    """Read back what was written: ids, validity after rounding, prefecture points in polygons."""
    written = {}
    for name in layers:
        doc = json.loads((out / f"{name}.geojson").read_text(encoding="utf-8"))
        for f in doc["features"]:
            if f["id"] != f["properties"]["id"]:
                raise BuildError(f"{name}.geojson: feature id {f['id']!r} != properties.id")
            check_geometry(f"{name}.geojson", f["id"], shapely.geometry.shape(f["geometry"]))
        written[name] = [(f["id"], f["properties"], shapely.geometry.shape(f["geometry"])) for f in doc["features"]]
    polys = {fid: g for fid, _, g in written["prefectures"]}
    prefecture_points = [c for c in written["cities"] if c[1]["level"] == "prefecture"]
    if bad := points_outside(prefecture_points, polys):
        raise BuildError(f"cities.geojson: prefecture points outside their written polygon: {bad}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="source folder, e.g. ../shared/geodata")
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder (default: data)")
    parser.add_argument("--greenlists", type=Path, help="MIIT green lists folder (default: <source>/../greenlists)")
    parser.add_argument("--devzones", type=Path, help="zone catalogue folder (default: <source>/../devzones)")
    args = parser.parse_args(argv)
    try:
        summary = build(args.source, args.out)
    except BuildError as exc:
        print(f"build_data: error: {exc}", file=sys.stderr)
        return 1
    # The sites are placed with the gazetteer just written, so they are built after the layers; the
    # default folders are optional (a geodata-only checkout still builds), named ones are required.
    sibling = args.source.resolve().parent
    greenlists, devzones = args.greenlists or sibling / "greenlists", args.devzones or sibling / "devzones"
    if args.greenlists or args.devzones or (greenlists.is_dir() and devzones.is_dir()):
        try:
            summary["sites"] = build_sites.build_sites(greenlists, devzones, args.out)
        except (build_sites.SiteBuildError, OSError) as exc:
            print(f"build_data: error: sites: {exc}", file=sys.stderr)
            return 1
    for key, value in summary.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
