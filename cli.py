"""Command line: validate a catalogue, list the measures that apply to a place, export a view.

python cli.py validate [PATH]
python cli.py measures --place ID [--json] [--measures PATH]
python cli.py export --format {png,svg,pdf,html,csv,xlsx,brief} --out PATH [filters] [--size ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter

from geo.catalogue import load_catalogue
from geo.dataset import DATA_DIR, load_dataset, measures_path
from geo.errors import GeoDataError, UnknownPlaceError
from geo.join import measures_for_place
from geo.places import load_places


def _validate(args: argparse.Namespace) -> int:
    path = measures_path(args.path or args.measures)
    try:
        places = load_places(DATA_DIR)
        cat = load_catalogue(path, places)
    except GeoDataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{path}: {len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    levels = Counter(ref.level for m in cat.measures for ref in m.places)
    shown = ", ".join(f"{n} {level}" for level, n in sorted(levels.items()))
    print(
        f"{path}: OK: catalogue {cat.version} (schema {cat.schema_version}), {len(cat.measures)} measures, "
        f"{len(cat.sources)} sources, {sum(levels.values())} place references ({shown})"
    )
    return 0


def _measures(args: argparse.Namespace) -> int:
    try:
        data = load_dataset(args.measures)
        rows = measures_for_place(data.table, data.places, args.place)
    except UnknownPlaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except GeoDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    place = data.places.find(args.place)
    items = []
    for row in rows.itertuples(index=False):
        source = data.catalogue.source(row.source_document)
        items.append({
            "id": row.measure_id, "title_en": row.title_en, "title_zh": row.title_zh,
            "category": row.category, "role": row.role, "level": row.named_level, "named": row.named_id,
            "via": row.via, "source": {"document": source.id, "title_en": source.title.en,
                                       "document_number": source.document_number, "section": row.source_section,
                                       "date": row.source_date, "url": source.url},
            "quote": row.quote,
        })  # fmt: skip
    if args.json:
        out = {"place": {"id": place.id, "level": place.level, "name_en": place.name_en, "name_zh": place.name_zh,
                         "province": place.province, "reach": place.reach, "parent": place.parent},
               "catalogue": data.measures_name, "measures": items}  # fmt: skip
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{place.name_en} {place.name_zh} ({place.level}, {place.id}): {len(items)} measure(s)")
    for item in items:
        print(
            f"- [{item['via']}: {item['level']} {item['named']}] {item['id']} ({item['role']}): "
            f"{item['title_en']} / {item['title_zh']}"
        )
        print(f"    source: {item['source']['title_en']}, {item['source']['section']}, {item['source']['date']}")
        print(f"    quote: {item['quote']}")
    return 0


def _csv_values(text: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (text or "").split(",") if v.strip())


def _size(text: str) -> tuple[str, tuple[int, int, int] | None]:
    """A preset name, or WIDTHxHEIGHT[@DPI] for a custom size."""
    from exports.snapshot import SIZES

    if text in SIZES:
        return text, None
    match = re.fullmatch(r"(\d+)x(\d+)(?:@(\d+))?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(SIZES)} or WIDTHxHEIGHT[@DPI], got {text!r}")
    return "custom", (int(match[1]), int(match[2]), int(match[3] or 150))


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4 or not (-180 <= values[0] < values[2] <= 180 and -90 <= values[1] < values[3] <= 90):
        raise argparse.ArgumentTypeError(f"expected minlon,minlat,maxlon,maxlat (west < east, south < north), "
                                         f"got {text!r}")  # fmt: skip
    return values  # type: ignore[return-value]


def _export(args: argparse.Namespace) -> int:
    from exports.formats import export
    from exports.snapshot import SnapshotOptions
    from geo.basemap import generalise_for_web, load_basemap
    from geo.filters import FilterSpec
    from geo.vocab import CATEGORIES, INDUSTRIES, REACHES, ROLES

    try:
        data = load_dataset(args.measures)
        basemap = load_basemap(DATA_DIR)
    except GeoDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    known = {"reach": set(REACHES), "province": set(data.places.provinces["id"]), "category": set(CATEGORIES),
             "industry": set(INDUSTRIES), "role": set(ROLES)}  # fmt: skip
    chosen = {key: _csv_values(getattr(args, key)) for key in known}
    for key, values in chosen.items():
        unknown = sorted(values - known[key])
        if unknown:
            print(f"error: unknown --{key} value(s) {', '.join(unknown)}; known: {', '.join(sorted(known[key]))}",
                  file=sys.stderr)  # fmt: skip
            return 2
    selected = None
    if args.place:
        place = data.places.find(args.place)
        if place is None:
            print(f"error: {UnknownPlaceError(args.place, data.places.suggest(args.place))}", file=sys.stderr)
            return 1
        selected = (place.level, place.id)
    spec = FilterSpec(reaches=chosen["reach"], provinces=chosen["province"], categories=chosen["category"],
                      industries=chosen["industry"], roles=chosen["role"], text=args.text or "")  # fmt: skip
    size, custom = args.size
    options = SnapshotOptions(size=size, custom=custom, framed=not args.map_only, title=args.title, lang=args.lang,
                              transparent=args.transparent, bbox=args.bbox, selected=selected)  # fmt: skip
    web = generalise_for_web(data.places, tolerance=0.02)
    facilities = None
    if args.facilities:
        from geo.facilities import load_facilities

        try:
            facilities = load_facilities(args.facilities, data.places)
        except GeoDataError as exc:
            print(exc, file=sys.stderr)
            return 1
    payload, _, _ = export(args.format, data, basemap, web, spec, options, facilities=facilities)
    with open(args.out, "wb") as fh:
        fh.write(payload)
    print(f"{args.out}: {args.format}, {len(payload):,} bytes")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    parser = argparse.ArgumentParser(prog="cli.py", description="YREB green-manufacturing catalogue tools")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a catalogue and report every problem")
    v.add_argument("path", nargs="?", help="catalogue file (default: data/measures.yaml or $YREB_MEASURES)")
    v.add_argument("--measures", help="same as PATH")
    v.set_defaults(run=_validate)
    m = sub.add_parser("measures", help="list the measures that apply to a place")
    m.add_argument("--place", required=True, help="place id, e.g. wuxi (try a name such as 无锡 for suggestions)")
    m.add_argument("--json", action="store_true", help="print JSON")
    m.add_argument("--measures", help="catalogue file (default: data/measures.yaml or $YREB_MEASURES)")
    m.set_defaults(run=_measures)
    e = sub.add_parser("export", help="export the view as png, svg, pdf, html, csv, xlsx or an A4 brief")
    e.add_argument("--format", required=True, choices=("png", "svg", "pdf", "html", "csv", "xlsx", "brief"))
    e.add_argument("--out", required=True, help="output file")
    for key in ("reach", "province", "category", "industry", "role"):
        e.add_argument(f"--{key}", help=f"comma-separated {key} ids (as in the app's URL)")
    e.add_argument("--text", help="free text over titles, summaries and quotes")
    e.add_argument("--place", help="place to highlight, e.g. wuxi")
    e.add_argument("--size", type=_size, default=("a4-landscape", None),
                   help="16:9, 4:3, a4-landscape (default), a4-portrait, or WIDTHxHEIGHT[@DPI]")  # fmt: skip
    e.add_argument("--lang", choices=("en", "zh"), default="en")
    e.add_argument("--title", help="title (default: a sentence built from the filters)")
    e.add_argument("--bbox", type=_bbox, help="minlon,minlat,maxlon,maxlat (default: the filtered area or the belt)")
    e.add_argument("--map-only", action="store_true", help="no frame (title, legend, scale bar, sources)")
    e.add_argument("--transparent", action="store_true", help="transparent background (PNG)")
    e.add_argument("--measures", help="catalogue file (default: data/measures.yaml or $YREB_MEASURES)")
    e.add_argument("--facilities", help="facilities CSV (name, category, city or lon/lat, year) to include")
    e.set_defaults(run=_export)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
