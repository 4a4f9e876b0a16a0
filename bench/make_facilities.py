"""Synthetic facilities for benchmarks only: never shipped or shown as real data.

    python bench/make_facilities.py 10000 --out /tmp/facilities-10k.csv [--seed 1]

Points are scattered around prefecture seats (most by lon/lat, some by city id), with made-up
names ("Synthetic facility 123") and categories, so the file exercises both location forms.
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


def make(n: int, out: Path, seed: int = 1) -> Path:
    """Write ``n`` synthetic facilities to ``out``."""
    rng = random.Random(seed)
    places = load_places(DATA_DIR)
    pref = places.prefectures
    cities = places.cities[places.cities["level"] == "prefecture"]
    seats = [(row.id, row.geometry.x, row.geometry.y) for row in cities.itertuples()]
    picks = [rng.choice(seats) for _ in range(n)]
    xs = np.array([x for _, x, _ in picks]) + np.array([rng.gauss(0, 0.12) for _ in range(n)])
    ys = np.array([y for _, _, y in picks]) + np.array([rng.gauss(0, 0.12) for _ in range(n)])
    # Keep each point inside its own prefecture (else fall back to the seat itself).
    inside = np.zeros(n, dtype=bool)
    for pid in {p for p, _, _ in picks}:
        idx = np.array([i for i, (p, _, _) in enumerate(picks) if p == pid])
        inside[idx] = shapely.contains_xy(pref.geometry[pid], xs[idx], ys[idx])
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "category", "city", "lon", "lat", "year"])
        for i, (pid, x, y) in enumerate(picks):
            year = rng.randrange(2017, 2025)
            if i % 10 == 0:
                writer.writerow([f"Synthetic facility {i}", rng.choice(CATEGORIES), pid, "", "", year])
                continue
            px, py = (xs[i], ys[i]) if inside[i] else (x, y)
            writer.writerow([f"Synthetic facility {i}", rng.choice(CATEGORIES), "", f"{px:.5f}", f"{py:.5f}", year])
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(make(args.n, args.out, args.seed))
