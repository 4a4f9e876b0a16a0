"""Command line: validate a catalogue, list the measures that apply to a place.

python cli.py validate [PATH]
python cli.py measures --place ID [--json] [--measures PATH]
"""

from __future__ import annotations

import argparse
import json
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
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
