"""Command line: validate a catalogue, list the measures that apply to a place, export a view.

python cli.py validate [PATH]
python cli.py measures --place ID [--json] [--measures PATH]
python cli.py sites (--place ID | --name NAME | --unresolved) [--json]
python cli.py export --format {png,svg,pdf,html,csv,xlsx,brief,sites-csv,all} --out PATH [filters] [--size ...]
    [--no-sites]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path

from exports.bundle import bundle_name
from exports.registry import BY_ID, FORMAT_IDS
from geo.catalogue import load_catalogue
from geo.dataset import DATA_DIR, load_dataset, measures_path
from geo.errors import GeoDataError, UnknownPlaceError
from geo.join import measures_for_place
from geo.places import load_places
from geo.settings import Settings
from present.dimensions import DIMENSIONS, TEXT_KEY


def _validate(args: argparse.Namespace) -> int:
    path = measures_path(args.path or args.measures)
    try:
        places = load_places(DATA_DIR)
        cat = load_catalogue(path, places, max_bytes=args.settings.catalogue_max_bytes)
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
        data = load_dataset(args.measures, max_bytes=args.settings.catalogue_max_bytes)
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


def _sites(args: argparse.Namespace) -> int:
    """List a place's sites, show how a named site was placed, or list the sites left at province level."""
    import pandas as pd

    from geo.sites import BATCHES, LISTS, load_sites
    from present.sites_view import site_record, site_text

    try:
        places = load_places(DATA_DIR)
        sites = load_sites(args.settings.sites or DATA_DIR, places)  # $YREB_SITES, as the app and export use
    except GeoDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    head: dict = {}
    if args.place:
        place = places.find(args.place)
        if place is None:
            hint = places.suggest(args.place)
            print(f"error: unknown place {args.place!r}" + (f"; did you mean {', '.join(hint)}?" if hint else ""),
                  file=sys.stderr)  # fmt: skip
            return 1
        rows = sites.for_place(place)
        head = {"place": {"id": place.id, "level": place.level, "name_en": place.name_en, "name_zh": place.name_zh}}
        empty = f"{place.name_en} {place.name_zh} ({place.level}, {place.id}): no listed site is placed here"
        title = f"{place.name_en} {place.name_zh} ({place.level}, {place.id}): {{n}} site(s)"
    elif args.name:
        found = [sites.by_name(name).assign(query=name) for name in args.name]
        rows = pd.concat(found) if found else sites.frame.iloc[0:0]
        head = {"name": args.name[0]} if len(args.name) == 1 else {"names": args.name}
        empty = (
            f"no site named {', '.join(map(repr, args.name))} (names match whole, then in part; try fewer characters)"
        )
        title = "{n} site(s) matching " + ", ".join(map(repr, args.name))
    else:
        rows = sites.unresolved()
        empty = "every site is placed at a county or prefecture"
        title = "{n} site(s) placed only at their province (listed in the province's panel, not drawn)"
    order, batch = {name: i for i, name in enumerate(LISTS)}, {b: i for i, b in enumerate(BATCHES)}
    rows = rows.assign(_o=rows["list"].map(order), _b=rows["batch"].map(batch))
    rows = rows.sort_values(["_o", "_b", "name"], kind="stable")
    records = [site_record(sites, r) for r in rows.itertuples(index=False)]
    if args.name:
        records = [{"query": q, **rec} for q, rec in zip(rows["query"], records, strict=True)]
    if args.json:
        json.dump({**head, "count": len(records), "sites": records}, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not records:
        print(empty)
        return 0
    print(title.format(n=len(records)))
    for r in rows.itertuples(index=False):
        print(site_text(sites, r))
    return 0


def _csv_values(text: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (text or "").split(",") if v.strip())


def _size(text: str) -> tuple[str, tuple[int, int, int] | None]:
    """A preset name, or WIDTHxHEIGHT[@DPI] for a custom size (checked against the renderer's limits)."""
    from exports.options import SIZES, SnapshotOptions

    if text in SIZES:
        return text, None
    match = re.fullmatch(r"(\d{1,6})x(\d{1,6})(?:@(\d{1,4}))?", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(SIZES)} or WIDTHxHEIGHT[@DPI], got {text!r}")
    custom = (int(match[1]), int(match[2]), int(match[3] or 150))
    try:
        _ = SnapshotOptions(size="custom", custom=custom).pixels  # the renderer's own limits
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}, got {text!r}") from None
    return "custom", custom


MIN_BBOX_DEGREES = 0.001  # about 100 m: below a millionth of a degree the map's text cannot be drawn at all


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if (
        len(values) != 4
        or not all(math.isfinite(v) for v in values)
        or not (-180 <= values[0] < values[2] <= 180 and -90 <= values[1] < values[3] <= 90)
    ):
        raise argparse.ArgumentTypeError(f"expected minlon,minlat,maxlon,maxlat (west < east, south < north), "
                                         f"got {text!r}")  # fmt: skip
    if values[2] - values[0] < MIN_BBOX_DEGREES or values[3] - values[1] < MIN_BBOX_DEGREES:
        raise argparse.ArgumentTypeError(f"the box must be at least {MIN_BBOX_DEGREES}° wide and tall (about 100 m), "
                                         f"got {text!r}")  # fmt: skip
    return values  # type: ignore[return-value]


def _filters(args: argparse.Namespace, data) -> tuple[object, str | None]:
    """The FilterSpec of the flags, or an error naming the unknown values (flags come from DIMENSIONS)."""
    from geo.filters import FilterSpec

    chosen = {}
    for dim in DIMENSIONS:
        values = _csv_values(getattr(args, dim.id))
        offered = dim.offered(data)
        unknown = sorted(values - set(offered))
        if unknown:
            return None, f"unknown --{dim.id} value(s) {', '.join(unknown)}; known: {', '.join(offered)}"
        chosen[dim.field] = values
    return FilterSpec(**chosen, text=getattr(args, TEXT_KEY) or ""), None


def _export_extras(args: argparse.Namespace, data) -> tuple[object, object]:
    """The facilities (``--facilities``) and the listed sites (``$YREB_SITES`` or the built-in lists; none with
    ``--no-sites``) an export includes. Raises GeoDataError for a file that is not valid."""
    settings = args.settings
    facilities = sites = None
    if args.facilities:
        from geo.facilities import load_facilities

        facilities = load_facilities(args.facilities, data.places, max_bytes=settings.facilities_max_bytes,
                                     max_rows=settings.facilities_max_rows)  # fmt: skip
    if not args.no_sites:
        from geo.sites import load_sites

        sites = load_sites(settings.sites or DATA_DIR, data.places)
    return facilities, sites


def _export(args: argparse.Namespace) -> int:
    from exports.options import SnapshotOptions
    from exports.registry import export
    from geo.basemap import generalise_for_web, load_basemap

    settings = args.settings
    try:
        data = load_dataset(args.measures, max_bytes=settings.catalogue_max_bytes)
        basemap = load_basemap(DATA_DIR)
    except GeoDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    spec, problem = _filters(args, data)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    selected = None
    if args.place:
        place = data.places.find(args.place)
        if place is None:
            print(f"error: {UnknownPlaceError(args.place, data.places.suggest(args.place))}", file=sys.stderr)
            return 1
        selected = (place.level, place.id)
    size, custom = args.size
    options = SnapshotOptions(size=size, custom=custom, framed=not args.map_only, title=args.title, lang=args.lang,
                              transparent=args.transparent, bbox=args.bbox, selected=selected)  # fmt: skip
    web = generalise_for_web(data.places, tolerance=0.02)
    try:
        facilities, sites = _export_extras(args, data)
    except GeoDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    problem = _output_problem(args.out, args.format)
    if problem:  # before the work, not after it
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        if args.format == "all":
            from exports.bundle import export_bundle

            payload, _, _ = export_bundle(data, basemap, web, spec, options, facilities=facilities, sites=sites)
        else:
            payload, _, _ = export(args.format, data, basemap, web, spec, options, facilities=facilities, sites=sites)
    except (GeoDataError, ValueError) as exc:  # bad options or data: the message says which
        print(f"error: the {args.format} export failed: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    try:
        _write_output(Path(args.out), payload)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}. Hint: free some space or choose another "
              "--out", file=sys.stderr)  # fmt: skip
        return 1
    print(f"{args.out}: {args.format}, {len(payload):,} bytes")
    return 0


def _output_problem(out: str, fmt: str) -> str | None:
    """Why ``--out`` cannot be written, said before the export is made (None when it looks writable)."""
    path = Path(out)
    if path.is_dir():
        name = BY_ID[fmt].file_name() if fmt in BY_ID else bundle_name()
        return f"--out {out} is a folder; give a file name in it, e.g. {path / name}"
    parent = path.parent
    if not parent.is_dir():
        return f"--out {out}: the folder {parent} does not exist. Hint: create it first"
    if not os.access(parent, os.W_OK) and not (path.exists() and os.access(path, os.W_OK)):
        return f"--out {out}: the folder {parent} is not writable"
    return None


def _write_output(path: Path, payload: bytes) -> None:
    """Write the file whole or not at all: a regular file through a temporary file and a rename, so a full disk
    never leaves half a file; a device or pipe (/dev/stdout) directly."""
    if path.exists() and not path.is_file():
        with open(path, "wb") as fh:
            fh.write(payload)
        return
    from present.assets import write_atomic

    write_atomic(path, payload, prefix=f".{path.name}.", suffix=".part")


def _settings(args: argparse.Namespace) -> int:
    from geo.settings import settings_table

    print(settings_table())
    return 0


def _prepare_fonts(args: argparse.Namespace) -> int:
    from exports.fonts import subset_font_path, web_font_path

    print(f"CJK fonts ready: {subset_font_path()} (exports), {web_font_path()} (page)")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line (the usage itself is one ``--help`` away)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    parser = _Parser(prog="cli.py", description="YREB green-manufacturing catalogue tools")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="check a catalogue and report every problem")
    v.add_argument("path", nargs="?", help="catalogue file (default: data/measures.yaml or $YREB_MEASURES)")
    v.add_argument("--measures", help="same as PATH")
    v.set_defaults(run=_validate)
    m = sub.add_parser("measures", help="list the measures that apply to a place")
    m.add_argument("--place", required=True, help="place id, e.g. wuxi (try a name such as 无锡 for suggestions)")
    m.add_argument("--json", action="store_true", help="print JSON")
    m.add_argument("--measures", help="catalogue file (default: data/measures.yaml or $YREB_MEASURES)")
    m.set_defaults(run=_measures)
    st = sub.add_parser("sites", help="a place's listed sites, or how a named site was placed ($YREB_SITES)")
    which = st.add_mutually_exclusive_group(required=True)
    which.add_argument("--place", help="place id (a prefecture includes its counties), e.g. suzhou-jiangsu")
    which.add_argument("--name", action="append", help="a site's name or part of it, e.g. 苏州工业园区 (repeatable)")
    which.add_argument("--unresolved", action="store_true", help="sites placed only at their province")
    st.add_argument("--json", action="store_true", help="print JSON")
    st.set_defaults(run=_sites)
    e = sub.add_parser(
        "export", help="export the view as png, svg, pdf, html, csv, xlsx, an A4 brief or a CSV of the listed sites"
    )
    e.add_argument("--format", required=True, choices=[*FORMAT_IDS, "all"], help="a format, or all of them in a zip")
    e.add_argument("--out", required=True, help="output file")
    for dim in DIMENSIONS:
        e.add_argument(f"--{dim.id}", help=f"comma-separated {dim.id} ids (as in the app's URL)")
    e.add_argument(f"--{TEXT_KEY}", help="free text over titles, summaries and quotes")
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
    e.add_argument("--no-sites", action="store_true",
                   help="leave out the listed sites (green lists and development zones; default: $YREB_SITES or the "
                        "built-in ones)")  # fmt: skip
    e.set_defaults(run=_export)
    s = sub.add_parser("settings", help="print every setting (environment variable, default, what it sets)")
    s.set_defaults(run=_settings)
    f = sub.add_parser("prepare-fonts", help="extract and subset the CJK font for exports (setup does this once)")
    f.set_defaults(run=_prepare_fonts)
    args = parser.parse_args(argv)
    try:
        args.settings = Settings.from_env(os.environ)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from exports import fonts

    fonts.configure(args.settings.cache_dir)
    if getattr(args, "measures", None) is None and getattr(args, "path", None) is None:
        args.measures = args.settings.measures
    if getattr(args, "facilities", None) is None and args.command == "export":
        args.facilities = args.settings.facilities
    return args.run(args)


def _main_piped() -> int:
    """``main``, quiet when the reader of its output goes away (``cli.py sites ... | head``)."""
    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Python would print a traceback, then another one flushing stdout at exit: point stdout at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell tool reports


if __name__ == "__main__":
    sys.exit(_main_piped())
