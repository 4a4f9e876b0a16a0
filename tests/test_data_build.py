"""Tests of the committed data/*.geojson files and of scripts/build_data.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
sys.path.insert(0, str(REPO / "scripts"))

import build_data  # noqa: E402
import place_names  # noqa: E402

LAYERS = ("cities", "prefectures", "provinces", "reaches", "neighbours", "rivers", "lakes", "land", "ocean")
BOX = shapely.box(96.0, 20.5, 123.5, 35.5)  # the Natural Earth clip box around the belt
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _load(name: str) -> dict:
    return json.loads((DATA / f"{name}.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def layers() -> dict[str, dict]:
    return {name: _load(name) for name in LAYERS}


@pytest.fixture(scope="module")
def cities(layers) -> dict[str, dict]:
    return {f["id"]: f for f in layers["cities"]["features"]}


@pytest.fixture(scope="module")
def prefecture_polygons(layers) -> dict:
    return {f["id"]: shape(f["geometry"]) for f in layers["prefectures"]["features"]}


def _by_name_zh(cities: dict, name_zh: str) -> dict:
    hits = [f for f in cities.values() if f["properties"]["name_zh"] == name_zh]
    assert len(hits) == 1, f"expected one city named {name_zh}, found {len(hits)}"
    return hits[0]


# --- structure ------------------------------------------------------------------------


def test_prefectures_complete(layers):
    feats = layers["prefectures"]["features"]
    assert len(feats) == 130
    assert len({f["id"] for f in feats}) == 130
    adcodes = [f["properties"]["adcode"] for f in feats]
    assert len(set(adcodes)) == 130
    assert all(isinstance(a, str) and re.fullmatch(r"\d{6}", a) for a in adcodes)


@pytest.mark.parametrize(
    ("province", "reach"),
    [
        ("shanghai", "lower"), ("jiangsu", "lower"), ("zhejiang", "lower"), ("anhui", "lower"),
        ("jiangxi", "middle"), ("hubei", "middle"), ("hunan", "middle"),
        ("chongqing", "upper"), ("sichuan", "upper"), ("guizhou", "upper"), ("yunnan", "upper"),
    ],
)  # fmt: skip
def test_province_reach(layers, province, reach):
    feats = {f["id"]: f["properties"] for f in layers["provinces"]["features"]}
    assert len(feats) == 11
    assert feats[province]["reach"] == reach
    assert re.fullmatch(r"\d{2}0000", feats[province]["adcode"])


def test_reaches(layers):
    feats = {f["id"]: f["properties"] for f in layers["reaches"]["features"]}
    assert set(feats) == {"upper", "middle", "lower"}
    assert sorted(feats["middle"]["provinces"]) == ["hubei", "hunan", "jiangxi"]
    assert feats["upper"]["name_zh"] == "上游"


def test_every_layer_is_rfc7946(layers):
    for name, doc in layers.items():
        assert doc["type"] == "FeatureCollection"
        assert "crs" not in doc, name
        ids = [f["id"] for f in doc["features"]]
        assert ids == sorted(ids), f"{name}: features not sorted by id"
        assert len(set(ids)) == len(ids), f"{name}: duplicate ids"
        for f in doc["features"]:
            assert isinstance(f["id"], str) and f["id"] == f["properties"]["id"], (name, f["id"])


def test_city_ids_unique_and_slugs(layers):
    ids = [f["id"] for f in layers["cities"]["features"]]
    assert len(ids) == len(set(ids)) == 130 + 1068 + 1
    assert all(SLUG.fullmatch(i) for i in ids), [i for i in ids if not SLUG.fullmatch(i)]


def test_city_properties(cities):
    expected = {"id", "name_en", "name_zh", "name_zh_short", "level", "adcode", "province", "reach", "parent"}
    for fid, f in cities.items():
        props = f["properties"]
        extra = {"district"} if props["level"] == "area" else set()
        assert set(props) == expected | {"riverside"} | extra, fid
        assert isinstance(props["riverside"], bool)
        if props["level"] == "prefecture":
            assert props["parent"] is None
        else:
            parent = cities[props["parent"]]["properties"]
            assert parent["level"] == "prefecture"
            assert props["riverside"] == parent["riverside"], fid


def test_all_geometries_valid_and_in_box(layers):
    for name, doc in layers.items():
        for f in doc["features"]:
            geom = shape(f["geometry"])
            assert not geom.is_empty and geom.is_valid, (name, f["id"], shapely.is_valid_reason(geom))
            assert BOX.contains(geom), (name, f["id"], geom.bounds)


# --- places ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fid", "level", "parent"),
    [
        ("wuxi", "prefecture", None), ("chengdu", "prefecture", None), ("chongqing", "prefecture", None),
        ("shanghai", "prefecture", None), ("yibin", "prefecture", None), ("luzhou", "prefecture", None),
        ("yichang", "prefecture", None), ("hefei", "prefecture", None), ("changsha", "prefecture", None),
        ("hangzhou", "prefecture", None), ("pengzhou", "county", "chengdu"), ("renhuai", "county", "zunyi"),
        ("pudong", "county", "shanghai"), ("lingang", "area", "shanghai"),
        ("suzhou-jiangsu", "prefecture", None), ("suzhou-anhui", "prefecture", None),
        ("taizhou-jiangsu", "prefecture", None), ("taizhou-zhejiang", "prefecture", None),
        ("xihu-hangzhou", "county", "hangzhou"), ("xihu-nanchang", "county", "nanchang"),
        ("jian-jian", "county", "jian"),
    ],
)  # fmt: skip
def test_required_places(cities, fid, level, parent):
    props = cities[fid]["properties"]
    assert (props["level"], props["parent"]) == (level, parent)


def test_lingang(cities, prefecture_polygons):
    props = cities["lingang"]["properties"]
    assert props["adcode"] is None and props["district"] == "pudong"
    assert prefecture_polygons["shanghai"].contains(shape(cities["lingang"]["geometry"]))


def test_prefecture_points_inside_own_polygon(cities, prefecture_polygons):
    outside = [
        fid
        for fid, f in cities.items()
        if f["properties"]["level"] == "prefecture" and not prefecture_polygons[fid].contains(shape(f["geometry"]))
    ]
    assert outside == []


def test_county_points_inside_parent_polygon(cities, prefecture_polygons):
    outside = {
        fid
        for fid, f in cities.items()
        if f["properties"]["level"] != "prefecture"
        and not prefecture_polygons[f["properties"]["parent"]].contains(shape(f["geometry"]))
    }
    assert outside <= place_names.COUNTY_POINTS_OUTSIDE_PARENT


@pytest.mark.parametrize(
    ("prefecture", "seat_county"),
    [
        ("shanghai", "huangpu"), ("chongqing", "yuzhong"), ("honghe", "mengzi"), ("dehong", "mangshi"),
        ("kunming", "chenggong"), ("changsha", "yuelu"), ("nanjing", "xuanwu"), ("wuhan", "jiangan-wuhan"),
        ("enshi", "enshi-enshi"), ("aba", "maerkang"),
    ],
)  # fmt: skip
def test_prefecture_point_is_seat_county_point(cities, prefecture, seat_county):
    assert cities[prefecture]["geometry"] == cities[seat_county]["geometry"]
    assert cities[seat_county]["properties"]["parent"] == prefecture


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name_zh", "name_en"),
    [
        ("重庆市", "Chongqing"), ("长沙市", "Changsha"), ("六安市", "Lu'an"), ("蚌埠市", "Bengbu"),
        ("丽水市", "Lishui"), ("乐山市", "Leshan"), ("亳州市", "Bozhou"), ("台州市", "Taizhou"),
        ("宿州市", "Suzhou"), ("宿迁市", "Suqian"), ("都匀市", "Duyun"), ("长宁县", "Changning"),
        ("长宁区", "Changning"), ("乐清市", "Yueqing"), ("句容市", "Jurong"), ("铅山县", "Yanshan"),
        ("歙县", "Shexian"), ("珙县", "Gongxian"), ("高县", "Gaoxian"), ("理县", "Lixian"), ("茂县", "Maoxian"),
        ("六合区", "Luhe"), ("会理市", "Huili"), ("澄江市", "Chengjiang"), ("个旧市", "Gejiu"),
        ("朝天区", "Chaotian"), ("荥经县", "Yingjing"), ("犍为县", "Qianwei"), ("筠连县", "Junlian"),
        ("郫都区", "Pidu"), ("大足区", "Dazu"), ("长寿区", "Changshou"), ("石阡县", "Shiqian"),
        ("漾濞彝族自治县", "Yangbi"), ("牟定县", "Mouding"), ("什邡市", "Shifang"), ("婺源县", "Wuyuan"),
        ("汨罗市", "Miluo"), ("耒阳市", "Leiyang"), ("溆浦县", "Xupu"), ("监利市", "Jianli"),
        ("郧阳区", "Yunyang"), ("秭归县", "Zigui"), ("蕲春县", "Qichun"), ("黄陂区", "Huangpi"),
        ("硚口区", "Qiaokou"), ("大冶市", "Daye"), ("枞阳县", "Zongyang"), ("盱眙县", "Xuyi"),
        ("邗江区", "Hanjiang"), ("溧阳市", "Liyang"), ("鄞州区", "Yinzhou"), ("嵊州市", "Shengzhou"),
        ("天台县", "Tiantai"), ("阆中市", "Langzhong"), ("涪陵区", "Fuling"), ("綦江区", "Qijiang"),
        ("邛崃市", "Qionglai"), ("会东县", "Huidong"), ("会泽县", "Huize"), ("宁蒗彝族自治县", "Ninglang"),
        ("弥勒市", "Mile"), ("曾都区", "Zengdu"), ("长阳土家族自治县", "Changyang"), ("长顺县", "Changshun"),
        ("乐至县", "Lezhi"), ("夹江县", "Jiajiang"), ("吉安市", "Ji'an"), ("浦东新区", "Pudong"),
        ("六枝特区", "Liuzhi"), ("彭州市", "Pengzhou"), ("闵行区", "Minhang"), ("涡阳县", "Guoyang"),
        ("恩施土家族苗族自治州", "Enshi"), ("阿坝藏族羌族自治州", "Aba"), ("马尔康市", "Ma'erkang"),
    ],
)  # fmt: skip
def test_pinyin(cities, name_zh, name_en):
    assert _by_name_zh(cities, name_zh)["properties"]["name_en"] == name_en


@pytest.mark.parametrize(
    ("hanzi", "expected"),
    [("六安", "Lu'an"), ("西安", "Xi'an"), ("绿春", "Lüchun"), ("长宁", "Changning"), ("歙县", "Shexian")],
)
def test_romanise(hanzi, expected):
    assert build_data.romanise(hanzi) == expected


@pytest.mark.parametrize(
    ("short_name", "stem"),
    [("彭州市", "彭州"), ("浦东新区", "浦东"), ("六枝特区", "六枝"), ("神农架林区", "神农架"), ("歙县", "歙县"),
     ("芒市", "芒市"), ("津市市", "津市"), ("长阳县", "长阳")],
)  # fmt: skip
def test_county_stem(short_name, stem):
    assert build_data.county_stem(short_name) == stem


def test_slugify_rejects_non_ascii():
    assert build_data.slugify("Lüchun") == "luchun"
    with pytest.raises(build_data.BuildError, match="cannot make an id"):
        build_data.slugify("无锡")


# --- riverside ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fid", "riverside"),
    [
        ("wuhan", True), ("yichang", True), ("chongqing", True), ("yibin", True), ("jiujiang", True),
        ("anqing", True), ("wuhu", True), ("maanshan", True), ("tongling", True), ("chizhou", True),
        ("yueyang", True), ("jingzhou", True), ("ezhou", True), ("huanggang", True), ("xianning", True),
        ("huangshi", True), ("luzhou", True), ("panzhihua", True), ("nanjing", True), ("zhenjiang", True),
        ("yangzhou", True), ("taizhou-jiangsu", True), ("changzhou", True), ("wuxi", True),
        ("suzhou-jiangsu", True), ("nantong", True), ("shanghai", True),
        ("hangzhou", False), ("changsha", False), ("guiyang", False), ("hefei", False), ("ningbo", False),
        ("jiaxing", False), ("yancheng", False), ("zhoushan", False), ("chengdu", False), ("nanchang", False),
    ],
)  # fmt: skip
def test_riverside(cities, layers, fid, riverside):
    assert cities[fid]["properties"]["riverside"] is riverside
    prefs = {f["id"]: f["properties"] for f in layers["prefectures"]["features"]}
    assert prefs[fid]["riverside"] is riverside


def test_main_stem(layers):
    main = [f["id"] for f in layers["rivers"]["features"] if f["properties"]["main"]]
    assert main == ["yangtze"]


# --- determinism ----------------------------------------------------------------------


def _geodata() -> Path:
    candidates = [os.environ.get("YREB_GEODATA"), REPO.parent / "shared" / "geodata"]
    for c in candidates:
        if c and (Path(c) / "tianditu_yreb_counties.csv").is_file():
            return Path(c)
    pytest.skip("source geodata not found: set YREB_GEODATA or provide <repo>/../shared/geodata (CI has it)")


def test_build_is_deterministic_and_matches_committed(tmp_path):
    src = _geodata()
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        cmd = [sys.executable, str(REPO / "scripts" / "build_data.py"), str(src), "--out", str(out)]
        subprocess.run(cmd, check=True, capture_output=True, cwd=REPO, timeout=120)
    for name in LAYERS:
        a, b = ((out / f"{name}.geojson").read_bytes() for out in outs)
        assert a == b, f"{name}.geojson differs between two builds"
        assert a == (DATA / f"{name}.geojson").read_bytes(), (
            f"data/{name}.geojson is stale. Hint: python scripts/build_data.py {src} --out data"
        )


def test_points_outside_reports_ids():
    points = [("a", {"parent": None}, shapely.Point(5, 5)), ("b", {"parent": "a"}, shapely.Point(0.5, 0.5))]
    assert build_data.points_outside(points, {"a": shapely.box(0, 0, 1, 1)}) == ["a"]


def test_build_fails_on_a_seat_outside_its_prefecture(tmp_path, monkeypatch):
    src = _geodata()
    monkeypatch.setitem(place_names.SEAT_OVERRIDES, "320200", "320102")  # Wuxi -> a Nanjing district
    with pytest.raises(build_data.BuildError, match="seat 320102 of prefecture 320200"):
        build_data.build(src, tmp_path)
