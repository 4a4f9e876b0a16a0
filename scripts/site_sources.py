"""Read the MIIT green-manufacturing lists and the 2018 development-zone catalogue into site rows.

Pure reading and selection, used by ``build_sites.py``: which source rows are in the belt, what their
stable ids are, which notice each one cites. Nothing here places a site.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import site_match as match

ZONES_FILE = "china_development_zones_2018.csv"
NOTICES_FILE = "节能与综合利用.csv"
# list id -> (source file, id prefix, name column)
GREEN_LISTS = {
    "green_park": ("绿色工业园区名单.csv", "park", "园区"),
    "green_factory": ("绿色工厂名单.csv", "factory", "工厂名称"),
    "green_supply_chain": ("绿色供应链管理示范企业名单.csv", "supply", "企业名称"),
    "green_product": ("绿色设计产品名单.csv", "product", "产品名称"),
}
LISTS = (*GREEN_LISTS, "dev_zone")
BATCHES = ("1", "2", "3", "4", "5", "2021")  # in publication order
COLUMNS = (
    "id", "list", "name", "company", "batch", "published", "approval_level", "zone_type", "approved", "area_ha",
    "industries", "province_given", "province", "place_id", "place_level", "method", "reason", "citation",
    "source_row",
)  # fmt: skip
SOURCE_COLUMNS = ("id", "list", "batch", "published", "title", "pdf_url", "notice_url")
ZONE_SOURCE_ID = "ndrc-2018-4"
# The README of the zone folder names the catalogue and the announcement; it gives no date or address,
# so the citation has none rather than an unchecked one.
ZONE_SOURCE_TITLE = (
    "中国开发区审核公告目录（2018年版）, 公告2018年第4号 (China Development Zone Audit Announcement Catalogue, "
    "2018 edition; NDRC, MOST, MLR, MOHURD, MOFCOM and GAC)"
)
APPROVAL = {"国务院": "national", "省政府": "provincial"}
# Cities with independent planning status that MIIT lists apart from their province; only 宁波 is in the belt.
NOMINATING_CITIES = {"宁波": ("zhejiang", "ningbo")}
ZONE_PROVINCES = {
    f"{zh}{'市' if pid in match.MUNICIPALITIES else '省'}": pid for zh, pid in match.BELT_PROVINCES.items()
}


class SourceError(RuntimeError):
    """A source file is not what the build expects; the message names the file and line."""


def read_rows(path: Path) -> list[dict]:
    """CSV rows as dicts, each with ``_line``: the physical line where the record starts."""
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    rows, start = [], 2
    for row in reader:
        row["_line"] = start
        start = reader.line_num + 1
        rows.append(row)
    return rows


def iso_date(text: str) -> str:
    """``2017年8月23日`` -> ``2017-08-23``."""
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text.strip())
    if not m:
        raise SourceError(f"{NOTICES_FILE}: cannot read the date {text!r}")
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"


def read_notices(greenlists: Path) -> dict[tuple[str, str], dict]:
    """(list id, batch) -> the notice row of ``节能与综合利用.csv`` plus its ISO ``published`` date."""
    by_title = {spec[0].removesuffix(".csv"): lid for lid, spec in GREEN_LISTS.items()}
    out = {}
    for row in read_rows(greenlists / NOTICES_FILE):
        lid = by_title.get(row["名称"])
        if lid is None:
            raise SourceError(f"{NOTICES_FILE}:{row['_line']}: unknown list {row['名称']!r}")
        out[(lid, row["批次"])] = {**row, "published": iso_date(row["时间"])}
    if missing := [(lid, b) for lid in GREEN_LISTS for b in BATCHES if (lid, b) not in out]:
        raise SourceError(f"{NOTICES_FILE}: no notice for {missing}")
    return out


def belt_province(region: str) -> tuple[str, str | None] | None:
    """(province id, nominating prefecture or None) for a ``地区`` value; None outside the belt."""
    if region in match.BELT_PROVINCES:
        return match.BELT_PROVINCES[region], None
    return NOMINATING_CITIES.get(region)


def product_province(row: dict, prefectures: dict[str, str]) -> tuple[str, str | None] | None:
    """Province of a design product: its recommending department (``推荐单位``), else ``地区``.

    ``地区`` is only the first two characters of ``推荐单位`` (黑龙, 内蒙) or, for the pilot rows that have
    no department, of the company name (合肥, 海信, 蒙娜): a belt prefecture there gives its province.
    """
    unit = row["推荐单位"]
    for name, pid in match.BELT_PROVINCES.items():
        if unit.startswith(name):
            return pid, None
    for name, where in NOMINATING_CITIES.items():
        if unit.startswith(name):
            return where
    if unit and not unit.startswith("绿色设计产品评价试点"):
        return None  # a department outside the belt
    if row["地区"] in prefectures:
        return prefectures[row["地区"]], None
    return belt_province(row["地区"])


def product_sections(rows: list[dict]) -> list[int | None]:
    """Section of each design-product row within its batch, counted from the restarts of ``序号``.

    ``序号`` restarts at 1 in every product category, so (batch, section, 序号) is a row's identity. The
    ``种类`` column cannot serve: in batch 3 it lags behind the rows after three category headings that
    spilled into the table. Those spilled rows (``序号`` not a number) get None.
    """
    out: list[int | None] = []
    batch, last, section = None, 0, 0
    for row in rows:
        if not row["序号"].isdigit():
            out.append(None)
            continue
        if row["批次"] != batch:
            batch, section, last = row["批次"], 0, 0
        n = int(row["序号"])
        if n <= last or section == 0:
            section += 1
        last = n
        out.append(section)
    return out


def source_id(list_id: str, batch: str) -> str:
    """Citation id of one list's notice in one batch, e.g. ``miit-factory-1``."""
    return f"miit-{GREEN_LISTS[list_id][1]}-{batch}"


def blank_site(**values) -> dict:
    return {**dict.fromkeys(COLUMNS, ""), **values}


def green_sites(greenlists: Path, notices: dict, prefectures: dict[str, str]) -> list[tuple[dict, str | None]]:
    """(site, nominating prefecture or None) for every belt row of the four green lists, in source order."""
    out = []
    for lid, (file, prefix, name_col) in GREEN_LISTS.items():
        rows = read_rows(greenlists / file)
        sections = product_sections(rows) if lid == "green_product" else [0] * len(rows)
        for row, section in zip(rows, sections, strict=True):
            if lid == "green_product":
                where = product_province(row, prefectures) if section is not None else None
                key = f"{section}-{row['序号']}"
            else:
                where, key = belt_province(row["地区"]), row["序号"]
            if where is None:
                continue
            site = blank_site(
                id=f"{prefix}-{row['批次']}-{key}",
                list=lid,
                name=row[name_col],
                company=row["企业名称"] if lid == "green_product" else "",
                batch=row["批次"],
                published=notices[(lid, row["批次"])]["published"],
                industries=row.get("行业", ""),
                province_given=row["地区"],
                province=where[0],
                citation=source_id(lid, row["批次"]),
                source_row=f"{file} line {row['_line']}, 序号 {row['序号']}",
            )
            out.append((site, where[1]))
    return out


def zone_sites(devzones: Path) -> list[dict]:
    """Every zone of the 2018 catalogue in a belt province."""
    out = []
    for row in read_rows(devzones / ZONES_FILE):
        if row["省份"] not in ZONE_PROVINCES:
            continue
        out.append(
            blank_site(
                id=f"zone-{row['代码']}",
                list="dev_zone",
                name=row["开发区名称"],
                approval_level=APPROVAL[row["批准级别"]],
                zone_type=row["开发区类型"],
                approved=row["批准时间"],
                area_ha=row["核准面积_公顷"],
                industries=row["主导产业"],
                province_given=row["省份"],
                province=ZONE_PROVINCES[row["省份"]],
                citation=ZONE_SOURCE_ID,
                source_row=f"{ZONES_FILE} line {row['_line']}, 代码 {row['代码']}",
            )
        )
    return out


def source_rows(notices: dict) -> list[dict]:
    """One citation per (list, batch) notice, plus the 2018 zone catalogue; sorted by id."""
    rows = []
    for (lid, batch), n in notices.items():
        label = "2021" if batch == "2021" else f"batch {batch}"
        title = f"MIIT green manufacturing list, {label} ({n['名称']})"
        rows.append(
            dict(
                zip(
                    SOURCE_COLUMNS,
                    (source_id(lid, batch), lid, batch, n["published"], title, n["名单"], n["网页"]),
                    strict=True,
                )
            )
        )
    zone = dict.fromkeys(SOURCE_COLUMNS, "")
    rows.append({**zone, "id": ZONE_SOURCE_ID, "list": "dev_zone", "title": ZONE_SOURCE_TITLE})
    return sorted(rows, key=lambda r: r["id"])


def cumulative_counts(greenlists_dir: Path) -> dict[str, dict[str, int]]:
    """Belt green parks and factories (11 provinces plus 宁波), cumulative by batch, from the source CSVs."""
    out = {}
    for lid in ("green_park", "green_factory"):
        rows = read_rows(Path(greenlists_dir) / GREEN_LISTS[lid][0])
        per_batch = Counter(r["批次"] for r in rows if belt_province(r["地区"]))
        total, out[lid] = 0, {}
        for batch in BATCHES:
            total += per_batch[batch]
            out[lid][batch] = total
    return out


def broken_name(text: str) -> str | None:
    """Why a company, park or zone name looks damaged by the PDF extraction, or None."""
    if re.search(r"[\r\n]", text):
        return "line break inside the name"
    if text.count("（") + text.count("(") != text.count("）") + text.count(")"):
        return "unbalanced brackets (cut or garbled)"
    if re.search(r"[\u4e00-\u9fff（）()]\s+[\u4e00-\u9fff（）()]", text):
        return "white space between Chinese characters"
    return None
