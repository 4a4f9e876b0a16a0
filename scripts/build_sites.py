"""Build ``data/sites.csv`` and ``data/site_sources.csv``: the MIIT green-manufacturing lists and the 2018
development-zone catalogue, each belt site placed at the most precise place its name supports.

Usage::

    python scripts/build_sites.py ../shared/greenlists ../shared/devzones [--data data]

The gazetteer ``data/cities.geojson`` is the authority for names and codes. Reviewed tables beside this
script: ``site_aliases.csv`` (old and renamed places), ``site_overrides.csv`` (sites the rules cannot
place, or would place wrongly) and ``site_exclusions.csv`` (belt rows deliberately left out). Reading is
in ``site_sources.py``, matching in ``site_match.py``. The output is deterministic: rows sorted by id, no
timestamps. See data/SOURCES.md for the rules, the coverage and the findings.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_match as match
import site_sources as src
from site_sources import LISTS, SourceError, cumulative_counts, read_rows

HERE = Path(__file__).resolve().parent
EXCLUSION_KEY = "key"  # 序号 (products: <section>-<序号>, as in the id) or 代码


class SiteBuildError(RuntimeError):
    """A source or reviewed table is inconsistent; the message names the file and row."""


def read_gazetteer(data_dir: Path) -> list[dict]:
    """The point features of ``cities.geojson`` as property dicts."""
    doc = json.loads((data_dir / "cities.geojson").read_text(encoding="utf-8"))
    return [f["properties"] for f in doc["features"]]


def read_table(name: str, required: tuple[str, ...], folder: Path = HERE) -> list[dict]:
    """A reviewed table beside this script; every row needs every ``required`` cell."""
    rows = read_rows(folder / name)
    for row in rows:
        if empty := [c for c in required if not (row.get(c) or "").strip()]:
            raise SiteBuildError(f"scripts/{name}:{row['_line']}: empty {', '.join(empty)}")
    return rows


def place_levels(cities: list[dict]) -> dict[str, str]:
    """id -> level for override targets: counties and prefectures first (``shanghai`` is the city), then provinces."""
    levels = {pid: "province" for pid in match.BELT_PROVINCES.values()}
    levels.update({r["id"]: r["level"] for r in cities if r["level"] in ("county", "prefecture")})
    return levels


def read_overrides(levels: dict[str, str], folder: Path = HERE) -> dict[str, dict]:
    """``site_overrides.csv`` keyed by site id or exact name."""
    out = {}
    for row in read_table("site_overrides.csv", ("place_id", "reason"), folder):
        key = row["id"] or row["name"]
        if not key or row["place_id"] not in levels:
            raise SiteBuildError(
                f"scripts/site_overrides.csv:{row['_line']}: needs an id or a name, and a known place_id"
            )
        out[key] = row
    return out


def read_exclusions(folder: Path = HERE) -> dict[tuple[str, str], dict]:
    """``site_exclusions.csv`` keyed by (the id the row would have, its name as given)."""
    prefix = {spec[0]: spec[1] for spec in src.GREEN_LISTS.values()}
    out = {}
    for row in read_table("site_exclusions.csv", ("source_file", EXCLUSION_KEY, "name", "reason"), folder):
        file, key = row["source_file"], row[EXCLUSION_KEY]
        sid = f"zone-{key}" if file == src.ZONES_FILE else f"{prefix[file]}-{row['batch']}-{key}"
        out[(sid, row["name"])] = row
    return out


def place_site(site: dict, forms: dict, within: str | None, overrides: dict, levels: dict) -> match.Resolution:
    """An override (by id, then exact name) if there is one, else the rules of ``site_match.resolve``.

    A site nominated by 宁波 is searched for inside 宁波 only and, when its name names no place there, is
    placed at 宁波 itself (``nominated_by_city``): MIIT lists 宁波's nominations apart from Zhejiang's.
    """
    rule = overrides.get(site["id"]) or overrides.get(site["name"]) or overrides.get(site["company"])
    if rule is not None:
        level = levels[rule["place_id"]]
        method = "province_only" if level == "province" else "override"
        return match.Resolution(rule["place_id"], level, method, rule["reason"])
    res = match.resolve(site["company"] or site["name"], site["province"], forms, within)
    if res.method != "province_only":
        return res
    if within:
        reason = f"nominated by {site['province_given']} (listed by MIIT apart from its province); no county named"
        return match.Resolution(within, "prefecture", "nominated_by_city", reason)
    return match.Resolution(site["province"], "province", "province_only", res.reason)


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    """UTF-8 without BOM, LF line ends, minimal quoting."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows([row[c] for c in columns] for row in rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def collect_sites(greenlists_dir: Path, devzones_dir: Path, cities: list[dict], notices: dict):
    """Every belt row of both sources as (site, nominating prefecture); ids must be unique."""
    prefectures = {r["name_zh_short"]: r["province"] for r in cities if r["level"] == "prefecture"}
    candidates = [
        *src.green_sites(greenlists_dir, notices, prefectures),
        *((zone, None) for zone in src.zone_sites(devzones_dir)),
    ]
    ids = Counter(site["id"] for site, _ in candidates)
    if dup := sorted(i for i, n in ids.items() if n > 1):
        raise SiteBuildError(f"duplicate site ids {dup[:10]}")
    return candidates


def build_sites(greenlists_dir: Path, devzones_dir: Path, data_dir: Path) -> dict:
    """Write ``sites.csv`` and ``site_sources.csv`` into ``data_dir``; return a summary.

    Reads both source folders and ``data_dir/cities.geojson``. Raises SiteBuildError when a reviewed
    table refers to nothing (a stale override or exclusion) or when ids collide.
    """
    greenlists_dir, devzones_dir, data_dir = Path(greenlists_dir), Path(devzones_dir), Path(data_dir)
    cities = read_gazetteer(data_dir)
    forms = match.build_forms(cities, read_table("site_aliases.csv", ("alias", "place_id", "reason")))
    levels = place_levels(cities)
    overrides, excluded = read_overrides(levels), read_exclusions()
    try:
        notices = src.read_notices(greenlists_dir)
        candidates = collect_sites(greenlists_dir, devzones_dir, cities, notices)
    except SourceError as exc:
        raise SiteBuildError(str(exc)) from None
    sites, dropped = [], []
    for site, within in candidates:
        if (site["id"], site["name"]) in excluded:
            dropped.append(site)
            continue
        res = place_site(site, forms, within, overrides, levels)
        site.update(place_id=res.place_id, place_level=res.place_level, method=res.method, reason=res.reason)
        sites.append(site)
    if unused := sorted(set(excluded) - {(s["id"], s["name"]) for s in dropped}):
        raise SiteBuildError(f"scripts/site_exclusions.csv: rows that match no belt source row: {unused}")
    used = {s["id"] for s in sites} | {s["name"] for s in sites} | {s["company"] for s in sites}
    if stale := sorted(set(overrides) - used):
        raise SiteBuildError(f"scripts/site_overrides.csv: rows that match no site: {stale}")
    sites.sort(key=lambda s: s["id"])
    data_dir.mkdir(parents=True, exist_ok=True)
    write_csv(data_dir / "sites.csv", src.COLUMNS, sites)
    write_csv(data_dir / "site_sources.csv", src.SOURCE_COLUMNS, src.source_rows(notices))
    return summarise(sites, dropped, greenlists_dir)


def coverage(sites: list[dict], dropped: list[dict]) -> dict[str, dict[str, int]]:
    """Per list: belt rows, placed at county, at prefecture, province only, excluded."""
    out = {}
    for lid in LISTS:
        levels = Counter(s["place_level"] for s in sites if s["list"] == lid)
        excluded = sum(d["list"] == lid for d in dropped)
        out[lid] = {
            "belt rows": levels.total() + excluded,
            "county": levels["county"],
            "prefecture": levels["prefecture"],
            "province only": levels["province"],
            "excluded": excluded,
        }
    return out


def summarise(sites: list[dict], dropped: list[dict], greenlists_dir: Path) -> dict:
    """Coverage, methods, names that look broken, and the cumulative belt counts."""
    broken = []
    for s in sites:
        text = s["company"] if s["list"] == "green_product" else s["name"]
        if why := src.broken_name(text):
            broken.append((s["id"], text, why))
    return {
        "coverage": coverage(sites, dropped),
        "methods": dict(sorted(Counter(s["method"] for s in sites).items())),
        "broken names": broken,
        "cumulative belt counts": cumulative_counts(greenlists_dir),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("greenlists", type=Path, help="the MIIT lists folder, e.g. ../shared/greenlists")
    parser.add_argument("devzones", type=Path, help="the zone catalogue folder, e.g. ../shared/devzones")
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    args = parser.parse_args(argv)
    try:
        summary = build_sites(args.greenlists, args.devzones, args.data)
    except SiteBuildError as exc:
        print(f"build_sites: error: {exc}", file=sys.stderr)
        return 1
    for key, value in summary.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
