"""The catalogue's 2020 demonstration targets against what MIIT's green-manufacturing lists show for the belt.

Counting rules (stated next to the chart and in the brief, see ``targets_rules`` in present/i18n.py):
a listed site counts for the belt when the region that nominated it is one of the 11 belt provinces, 宁波
(counted in Zhejiang) or, for design products, a belt city (the list sometimes names one); batches 1–5
(published by 2020-10-16) count toward the 2020 target, the 2021 list is shown after it. Green design
products are counted as listed rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.catalogue import Catalogue
from geo.sites import Sites

BATCH_ORDER = ("1", "2", "3", "4", "5", "2021")
BY_2020 = ("1", "2", "3", "4", "5")
TARGET_LISTS = ("green_factory", "green_park", "green_product")
# Which structured target of the catalogue each list answers: a word of the target's English label.
_LABEL_WORDS = {"green_factory": "factor", "green_park": "park", "green_product": "product"}


@dataclass(frozen=True)
class Target:
    """One structured count target of the catalogue, and the list it is measured against."""

    list: str
    value: float
    year: int
    measure: str
    label_en: str
    label_zh: str


def catalogue_targets(catalogue: Catalogue) -> list[Target]:
    """The catalogue's count targets for green factories, parks and products (none if the catalogue has none)."""
    out = []
    for m in catalogue.measures:
        for target in m.targets:
            if target.unit != "count" or target.value is None:
                continue
            for lst, word in _LABEL_WORDS.items():
                if word in target.label.en.lower() and all(x.list != lst for x in out):
                    out.append(Target(lst, float(target.value), int(target.year), m.id, target.label.en,
                                      target.label.zh))  # fmt: skip
    return sorted(out, key=lambda x: TARGET_LISTS.index(x.list))


def cumulative(sites: Sites, lists=TARGET_LISTS) -> pd.DataFrame:
    """Belt sites of each list by batch: ``list``, ``batch``, ``listed`` (that batch) and ``cumulative``."""
    frame = sites.frame[sites.frame["list"].isin(lists)]
    rows = []
    for lst in lists:
        per = frame[frame["list"] == lst]["batch"].value_counts()
        total = 0
        for batch in BATCH_ORDER:
            n = int(per.get(batch, 0))
            total += n
            rows.append({"list": lst, "batch": batch, "listed": n, "cumulative": total})
    return pd.DataFrame(rows, columns=["list", "batch", "listed", "cumulative"])


def by_province(sites: Sites, batches=BY_2020, lists=TARGET_LISTS) -> pd.DataFrame:
    """Sites of ``batches`` per province (rows, in the gazetteer's reach order) and list (columns)."""
    frame = sites.frame[sites.frame["list"].isin(lists) & sites.frame["batch"].isin(batches)]
    table = frame.groupby(["province", "list"]).size().unstack(fill_value=0)
    order = list(sites.places.provinces.sort_values(["reach", "adcode"])["id"])
    return table.reindex(index=order, columns=list(lists), fill_value=0)


def progress(sites: Sites, targets: list[Target]) -> list[dict]:
    """For each target: the value, what batches 1–5 reached, and the share of the target."""
    counts = cumulative(sites)
    out = []
    for target in targets:
        reached = int(counts[(counts["list"] == target.list) & (counts["batch"] == BY_2020[-1])]["cumulative"].iloc[0])
        out.append({"list": target.list, "target": target.value, "year": target.year, "by_2020": reached,
                    "share": reached / target.value if target.value else 0.0, "measure": target.measure})  # fmt: skip
    return out


__all__ = ["BATCH_ORDER", "BY_2020", "TARGET_LISTS", "Target", "by_province", "catalogue_targets", "cumulative",
           "progress"]  # fmt: skip
