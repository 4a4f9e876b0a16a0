"""Synthetic facilities for benchmarks only: never shipped or shown as real data.

    python bench/make_facilities.py 10000 --out /tmp/facilities-10k.csv [--seed 1]
    python bench/make_facilities.py 200000 --out /tmp/f.csv --by-city 1 --lang zh --encoding gb18030
    python bench/make_facilities.py 200000 --out /tmp/f.xlsx --by-city 1

Points are scattered around prefecture seats (most by lon/lat, some by city id), with made-up
names ("Synthetic facility 123") and categories, so the file exercises both location forms.
``--by-city`` sets the share of rows located by city (0.1 by default); ``--lang zh`` writes the
Chinese headers, names and city names (无锡市) an office would send; ``--encoding gb18030`` is what
Excel's plain "CSV" saves on Chinese Windows; an ``.xlsx`` output is written with openpyxl.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import shapely

from geo.dataset import DATA_DIR
from geo.places import load_places

CATEGORIES = ("green factory", "green park", "green supply chain", "green product")
CATEGORIES_ZH = ("绿色工厂", "绿色园区", "绿色供应链", "绿色设计产品")
HEADER = {
    "en": ["name", "category", "city", "lon", "lat", "year"],
    "zh": ["企业名称", "类别", "城市", "经度", "纬度", "年份"],
}


def rows(n: int, seed: int = 1, by_city: float = 0.1, lang: str = "en"):
    """Yield the header, then ``n`` synthetic rows (a share ``by_city`` located by city, the rest by lon/lat)."""
    rng = random.Random(seed)
    places = load_places(DATA_DIR)
    pref = places.prefectures
    cities = places.cities[places.cities["level"] == "prefecture"]
    seats = [(row.id, row.name_zh, row.geometry.x, row.geometry.y) for row in cities.itertuples()]
    picks = [rng.choice(seats) for _ in range(n)]
    xs = np.array([x for *_, x, _ in picks]) + np.array([rng.gauss(0, 0.12) for _ in range(n)])
    ys = np.array([y for *_, y in picks]) + np.array([rng.gauss(0, 0.12) for _ in range(n)])
    # Keep each point inside its own prefecture (else fall back to the seat itself).
    inside = np.zeros(n, dtype=bool)
    for pid in {p[0] for p in picks}:
        idx = np.array([i for i, p in enumerate(picks) if p[0] == pid])
        inside[idx] = shapely.contains_xy(pref.geometry[pid], xs[idx], ys[idx])
    categories = CATEGORIES_ZH if lang == "zh" else CATEGORIES
    label = "合成设施 {}" if lang == "zh" else "Synthetic facility {}"
    yield HEADER[lang]
    city_every = round(1 / by_city) if by_city > 0 else 0
    for i, (pid, name_zh, x, y) in enumerate(picks):
        year = rng.randrange(2017, 2025)
        name, category = label.format(i), rng.choice(categories)
        if city_every and i % city_every == 0:
            yield [name, category, name_zh if lang == "zh" else pid, "", "", year]
            continue
        px, py = (xs[i], ys[i]) if inside[i] else (x, y)
        yield [name, category, "", f"{px:.5f}", f"{py:.5f}", year]


def make(n: int, out: Path, seed: int = 1, by_city: float = 0.1, lang: str = "en", encoding: str = "utf-8") -> Path:
    """Write ``n`` synthetic facilities to ``out`` (CSV in ``encoding``, or .xlsx by suffix)."""
    out = Path(out)
    if out.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("facilities")
        for row in rows(n, seed, by_city, lang):
            sheet.append(row)
        book.save(out)
        return out
    with out.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows(n, seed, by_city, lang))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--by-city", type=float, default=0.1, help="share of rows located by city (0–1)")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--encoding", default="utf-8", help="CSV encoding, e.g. utf-8, utf-8-sig, gb18030")
    args = parser.parse_args()
    print(make(args.n, args.out, args.seed, args.by_city, args.lang, args.encoding))
