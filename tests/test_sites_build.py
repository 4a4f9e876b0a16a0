"""Tests of scripts/build_sites.py against the source folders and the committed data/sites.csv."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SCRIPTS = REPO / "scripts"
sys.path.insert(0, str(SCRIPTS))

import build_sites  # noqa: E402

BELT = {"上海", "江苏", "浙江", "安徽", "江西", "湖北", "湖南", "重庆", "四川", "贵州", "云南"}
BELT_ZONE_PROVINCES = {p + ("市" if p in ("上海", "重庆") else "省") for p in BELT}
GREEN_FILES = {
    "green_park": "绿色工业园区名单.csv",
    "green_factory": "绿色工厂名单.csv",
    "green_supply_chain": "绿色供应链管理示范企业名单.csv",
    "green_product": "绿色设计产品名单.csv",
}
ZONES = "china_development_zones_2018.csv"


def _folder(env: str, name: str, probe: str) -> Path:
    # CI has the read-only sources beside the repository (../shared), like tests/test_data_build.py.
    for candidate in (os.environ.get(env), REPO.parent / "shared" / name):
        if candidate and (Path(candidate) / probe).is_file():
            return Path(candidate)
    pytest.fail(f"source folder {name} not found: set {env} or provide <repo>/../shared/{name}")


@pytest.fixture(scope="module")
def greenlists() -> Path:
    return _folder("YREB_GREENLISTS", "greenlists", "节能与综合利用.csv")


@pytest.fixture(scope="module")
def devzones() -> Path:
    return _folder("YREB_DEVZONES", "devzones", ZONES)


def _rows(path: Path) -> list[dict]:
    """Rows with the physical line each record starts on (a quoted name may span lines)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows, start = [], 2
        for row in reader:
            rows.append({**row, "_line": start})
            start = reader.line_num + 1
    return rows


@pytest.fixture(scope="module")
def sites() -> list[dict]:
    return _rows(DATA / "sites.csv")


def _prefecture_shorts() -> dict[str, str]:
    """Short name -> belt province short name, for the pilot design products whose 地区 is a city."""
    doc = json.loads((DATA / "cities.geojson").read_text(encoding="utf-8"))
    prov = {
        "shanghai": "上海", "jiangsu": "江苏", "zhejiang": "浙江", "anhui": "安徽", "jiangxi": "江西", "hubei": "湖北",
        "hunan": "湖南", "chongqing": "重庆", "sichuan": "四川", "guizhou": "贵州", "yunnan": "云南",
    }  # fmt: skip
    return {
        f["properties"]["name_zh_short"]: prov[f["properties"]["province"]]
        for f in doc["features"]
        if f["properties"]["level"] == "prefecture"
    }


def _product_in_belt(row: dict, cities: dict[str, str]) -> bool:
    """Counted straight from the columns: a belt department (or 宁波's), else a belt 地区 for the pilot rows."""
    if not row["序号"].isdigit():
        return False  # a category heading or note spilled into the table
    unit = row["推荐单位"]
    if unit and not unit.startswith("绿色设计产品评价试点"):
        return unit[:2] in BELT or unit.startswith("宁波")
    return row["地区"] in BELT or row["地区"] == "宁波" or row["地区"] in cities


def _belt_source_rows(greenlists: Path, devzones: Path) -> dict[str, list[dict]]:
    cities = _prefecture_shorts()
    out = {}
    for lid, file in GREEN_FILES.items():
        rows = _rows(greenlists / file)
        if lid == "green_product":
            out[lid] = [r for r in rows if _product_in_belt(r, cities)]
        else:
            out[lid] = [r for r in rows if r["地区"] in BELT or r["地区"] == "宁波"]
    out["dev_zone"] = [r for r in _rows(devzones / ZONES) if r["省份"] in BELT_ZONE_PROVINCES]
    return out


def test_build_is_deterministic_and_matches_committed(tmp_path, greenlists, devzones):
    outs = [tmp_path / "a", tmp_path / "b"]
    summaries = []
    for out in outs:
        out.mkdir()
        shutil.copy(DATA / "cities.geojson", out / "cities.geojson")
        summaries.append(build_sites.build_sites(greenlists, devzones, out))
    assert summaries[0] == summaries[1]
    for name in ("sites.csv", "site_sources.csv"):
        a, b = ((out / name).read_bytes() for out in outs)
        assert a == b, f"{name} differs between two builds"
        assert a == (DATA / name).read_bytes(), (
            f"data/{name} is stale. Hint: python scripts/build_sites.py {greenlists} {devzones} --data data"
        )
        assert not a.startswith(b"\xef\xbb\xbf") and b"\r\n" not in a


def test_sites_csv_is_sorted_with_unique_ids(sites):
    ids = [s["id"] for s in sites]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    pattern = re.compile(
        r"^(park|factory|supply)-(1|2|3|4|5|2021)-\d+$|^product-(1|2|3|4|5|2021)-\d+-\d+$|^zone-[GS]\d{6}$"
    )
    assert [i for i in ids if not pattern.fullmatch(i)] == []


def test_every_belt_row_appears_once_or_is_excluded(sites, greenlists, devzones):
    """Counted from the source files directly: each belt row is one site, or one reviewed exclusion."""
    belt = _belt_source_rows(greenlists, devzones)
    exclusions = _rows(SCRIPTS / "site_exclusions.csv")
    placed = Counter()
    for s in sites:
        m = re.fullmatch(r"(.+?) line (\d+), (?:序号|代码) .+", s["source_row"])
        placed[(m[1], int(m[2]))] += 1
    assert [k for k, n in placed.items() if n > 1] == []
    for lid, rows in belt.items():
        file = GREEN_FILES.get(lid, ZONES)
        keys = {(file, r["_line"]) for r in rows}
        own = {k for k in placed if k[0] == file}
        assert own <= keys, f"{lid}: sites that are not belt rows: {sorted(own - keys)[:5]}"
        missing = [r for r in rows if (file, r["_line"]) not in own]
        excluded = [e for e in exclusions if e["source_file"] == file]
        name_col = {"green_park": "园区", "green_factory": "工厂名称", "green_supply_chain": "企业名称"}
        col = name_col.get(lid, "产品名称" if lid == "green_product" else "开发区名称")
        assert sorted((r.get("批次", ""), r[col]) for r in missing) == sorted(
            (e["batch"], e["name"]) for e in excluded
        ), f"{lid}: belt rows neither in sites.csv nor in scripts/site_exclusions.csv"


@pytest.mark.parametrize(
    ("lid", "rows", "excluded"),
    [("green_park", 110, 0), ("green_factory", 1134, 0), ("green_supply_chain", 128, 0), ("dev_zone", 1122, 0)],
)
def test_per_list_counts(sites, lid, rows, excluded):
    # The belt totals the two READMEs state (parks 110, factories 1,134, supply chain 128; zones 1,122).
    assert sum(s["list"] == lid for s in sites) == rows - excluded


def test_product_count_matches_the_source(sites, greenlists, devzones):
    belt = _belt_source_rows(greenlists, devzones)["green_product"]
    excluded = sum(e["source_file"] == GREEN_FILES["green_product"] for e in _rows(SCRIPTS / "site_exclusions.csv"))
    assert sum(s["list"] == "green_product" for s in sites) == len(belt) - excluded == 1353


def test_cumulative_counts(greenlists):
    counts = build_sites.cumulative_counts(greenlists)
    # README: batches 1-5 give the belt (with 宁波) 82 green parks and 868 green factories.
    assert counts["green_park"]["5"] == 82 and counts["green_factory"]["5"] == 868
    assert counts["green_park"]["2021"] == 110 and counts["green_factory"]["2021"] == 1134
    assert list(counts["green_park"].values()) == [10, 22, 38, 59, 82, 110]
    assert list(counts["green_factory"].values()) == [67, 170, 355, 581, 868, 1134]


def test_published_dates_and_citations_match_the_notices(sites, greenlists):
    notices = {}
    for n in _rows(greenlists / "节能与综合利用.csv"):
        y, m, d = re.fullmatch(r"(\d+)年(\d+)月(\d+)日", n["时间"]).groups()
        notices[(n["名称"] + ".csv", n["批次"])] = (f"{y}-{int(m):02d}-{int(d):02d}", n["名单"], n["网页"])
    sources = {r["id"]: r for r in _rows(DATA / "site_sources.csv")}
    for s in sites:
        src = sources[s["citation"]]
        if s["list"] == "dev_zone":
            assert (s["published"], s["batch"], src["list"]) == ("", "", "dev_zone"), s["id"]
            continue
        date, pdf, page = notices[(GREEN_FILES[s["list"]], s["batch"])]
        assert s["published"] == src["published"] == date, s["id"]
        assert (src["pdf_url"], src["notice_url"], src["list"], src["batch"]) == (pdf, page, s["list"], s["batch"])
    assert len(sources) == 4 * 6 + 1


def test_overrides_have_reasons_and_refer_to_sites(sites):
    by_id = {s["id"]: s for s in sites}
    by_name = {}
    for s in sites:
        by_name.setdefault(s["name"], []).append(s)
        by_name.setdefault(s["company"], []).append(s)
    for row in _rows(SCRIPTS / "site_overrides.csv"):
        assert row["reason"].strip(), row
        targets = [by_id[row["id"]]] if row["id"] else by_name.get(row["name"], [])
        assert targets, f"override matches no site: {row}"
        for s in targets:
            assert (s["place_id"], s["reason"]) == (row["place_id"], row["reason"]), s["id"]
            assert s["method"] in ("override", "province_only"), s["id"]


def test_aliases_and_exclusions_have_reasons(sites):
    ids = {f["id"] for f in json.loads((DATA / "cities.geojson").read_text(encoding="utf-8"))["features"]}
    aliases = _rows(SCRIPTS / "site_aliases.csv")
    for row in aliases:
        assert row["reason"].strip() and row["alias"] and row["place_id"] in ids, row
    reasons = {row["reason"] for row in aliases}
    assert all(s["reason"] in reasons for s in sites if s["method"] == "alias")
    for row in _rows(SCRIPTS / "site_exclusions.csv"):
        assert row["reason"].strip(), row


def test_province_only_rows_say_why(sites):
    for s in sites:
        if s["place_level"] == "province":
            assert s["place_id"] == s["province"] and s["reason"], s["id"]
        else:
            assert s["method"] != "province_only", s["id"]
