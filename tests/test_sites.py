"""Where each site is placed (hand-checked names), and the ``geo.sites`` loader."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from geo.places import load_places
from geo.sites import LISTS, SitesError, load_sites

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
sys.path.insert(0, str(REPO / "scripts"))

import build_sites  # noqa: E402
import site_match as match  # noqa: E402
import site_sources as src  # noqa: E402

# (site id, name as given, expected place id, level, method). Every expectation was read off the name
# by hand (and, for overrides and aliases, off the fact in the reason), not copied from the build.
PLACED = [
    # green parks
    ("park-1-7", "苏州工业园区", "suzhou-jiangsu", "prefecture", "prefecture_in_name"),
    ("park-5-17", "宿州马鞍山现代产业园区", "suzhou-anhui", "prefecture", "override"),  # two places
    ("park-5-27", "湖北枝江经济开发区姚家港化工园", "zhijiang-yichang", "county", "county_in_name"),
    ("park-5-28", "宜都高新技术产业园区湖北宜都化工园", "yidu", "county", "county_in_name"),
    ("park-5-10", "上海杭州湾经济技术开发区", "shanghai", "prefecture", "prefecture_in_name"),  # not Hangzhou
    ("park-5-16", "杭州湾上虞经济技术开发区", "shangyu", "county", "county_in_name"),
    ("park-2-9", "安徽阜阳界首高新区田营产业园", "jieshou", "county", "county_in_name"),
    ("park-2021-18", "安徽阜南经济开发区", "funan", "county", "county_in_name"),
    ("park-2021-25", "宜春丰城高新技术产业开发区", "fengcheng", "county", "county_in_name"),
    ("park-2-4", "江苏省泰兴经济开发区", "taixing", "county", "county_in_name"),
    ("park-2021-17", "浙江省温岭经济开发区", "wenling", "county", "county_in_name"),
    ("park-5-41", "安宁工业园区", "anning", "county", "county_in_name"),  # guarded stem + suffix
    ("park-5-40", "楚雄高新区", "chuxiong", "prefecture", "prefecture_in_name"),  # not 楚雄市
    ("park-4-30", "大理经济技术开发区", "dali", "prefecture", "prefecture_in_name"),
    ("park-5-51", "浙江慈溪滨海经济开发区", "cixi", "county", "county_in_name"),  # 滨海 is in Jiangsu
    ("park-4-38", "宁波大榭开发区", "ningbo", "prefecture", "prefecture_in_name"),
    ("park-5-13", "江苏省中关村高新技术产业开发区", "liyang", "county", "override"),
    ("park-4-28", "红果经济开发区", "panzhou", "county", "override"),
    ("park-2021-33", "长沙高新技术产业开发区", "changsha", "prefecture", "prefecture_in_name"),  # not 长沙县
    ("park-2021-35", "湘潭经济技术开发区", "xiangtan", "prefecture", "prefecture_in_name"),
    ("park-4-4", "上海金山第二工业园区", "jinshan", "county", "county_in_name"),
    ("park-2021-39", "重庆两江新区鱼复工业开发区", "chongqing", "prefecture", "prefecture_in_name"),
    ("park-2021-43", "成都青白江经济开发区", "qingbaijiang", "county", "county_in_name"),
    # green factories
    ("factory-2-57", "江苏永钢集团有限公司", "jiangsu", "province", "province_only"),
    ("factory-4-234", "安徽黄山胶囊股份有限公司", "anhui", "province", "province_only"),  # 黄山 the brand
    ("factory-4-240", "昌辉汽车电器（黄山）股份公司", "huangshan", "prefecture", "prefecture_in_name"),
    (
        "factory-5-424",
        "宝武集团鄂城钢铁有限公司（原武汉钢铁集团鄂城钢铁有限责任公司）",
        "echeng",
        "county",
        "county_in_name",
    ),
    ("factory-5-551", "华新水泥（富民）有限公司", "fumin", "county", "county_in_name"),
    ("factory-2021-500", "华润水泥（金沙）有限公司", "jinsha", "county", "county_in_name"),
    ("factory-1-81", "江西于都南方万年青水泥有限公司", "yudu", "county", "county_in_name"),  # not 万年县
    ("factory-3-341", "沧源南华勐省糖业有限公司", "cangyuan", "county", "county_in_name"),  # not 南华县
    ("factory-5-528", "成都安居天下家具有限公司", "chengdu", "prefecture", "prefecture_in_name"),  # not 安居区
    ("factory-4-212", "浙江山鹰纸业有限公司", "zhejiang", "province", "province_only"),  # not 江山
    ("factory-1-82", "中国石油化工股份有限公司九江分公司", "jiujiang", "prefecture", "prefecture_in_name"),
    ("factory-2021-370", "青岛啤酒（随州）有限公司", "suizhou", "prefecture", "prefecture_in_name"),
    ("factory-5-421", "湖北省当阳豪山建材有限公司", "dangyang", "county", "county_in_name"),
    ("factory-4-159", "苏州电瓷厂（宿迁）有限公司", "suqian", "prefecture", "prefecture_in_name"),  # bracket wins
    ("factory-2021-625", "浙江吉利汽车有限公司余姚工厂", "yuyao", "county", "county_in_name"),
    ("factory-2-205", "得力集团有限公司", "ningbo", "prefecture", "nominated_by_city"),
    ("factory-4-510", "四川省丹丹郫县豆瓣集团股份有限公司", "pidu", "county", "alias"),
    ("factory-1-153", "重庆万盛福耀玻璃有限公司", "qijiang", "county", "alias"),
    ("factory-5-191", "上汽大众汽车有限公司", "shanghai", "province", "province_only"),
    ("factory-2-40", "泰州中来光电科技有限公司", "taizhou-jiangsu", "prefecture", "prefecture_in_name"),
    ("factory-3-272", "湖南华菱湘潭钢铁有限公司", "xiangtan", "prefecture", "prefecture_in_name"),
    ("factory-2-179", "鑫联环保科技股份有限公司个旧分公司", "gejiu", "county", "county_in_name"),
    ("factory-5-554", "大理州祥云大宇包装有限公司", "xiangyun", "county", "county_in_name"),
    ("factory-5-527", "日立电梯 （ 成都 ） 有限公司", "chengdu", "prefecture", "prefecture_in_name"),
    ("factory-4-228", "安徽东至广信农化有限公司", "dongzhi", "county", "county_in_name"),
    # green supply-chain enterprises
    ("supply-1-2", "德尔福电子（苏州）有限公司", "suzhou-jiangsu", "prefecture", "prefecture_in_name"),
    ("supply-1-4", "宁波拓普集团股份有限公司", "ningbo", "prefecture", "prefecture_in_name"),
    ("supply-1-1", "通用电气（中国）有限公司", "shanghai", "province", "province_only"),
    ("supply-2021-48", "亚欧汽车制造（台州）有限公司", "taizhou-zhejiang", "prefecture", "prefecture_in_name"),
    ("supply-4-17", "泰州中来光电科技有限公司", "taizhou-jiangsu", "prefecture", "prefecture_in_name"),
    ("supply-5-31", "苏州汇川技术有限公司", "suzhou-jiangsu", "prefecture", "prefecture_in_name"),
    ("supply-2021-66", "界首市南都华宇电源有限公司", "jieshou", "county", "county_in_name"),
    ("supply-4-44", "大姚县彩印有限责任公司", "dayao", "county", "county_in_name"),
    ("supply-5-87", "沧源南华勐省糖业有限公司", "cangyuan", "county", "county_in_name"),
    ("supply-4-36", "东风（十堰）林泓汽车配套件有限公司", "shiyan", "prefecture", "prefecture_in_name"),
    # green design products (name, company): the company name is what places them
    ("product-1-6-1", "冷藏冷冻箱", "hefei", "prefecture", "prefecture_in_name"),  # 合肥美菱
    ("product-1-5-19", "滚筒洗衣干衣机", "wuxi", "prefecture", "prefecture_in_name"),  # 无锡小天鹅
    ("product-1-6-75", "电冰箱", "suzhou-jiangsu", "prefecture", "prefecture_in_name"),  # 苏州三星电子
    ("product-1-2-10", "PSM生物降解塑料", "wuhan", "prefecture", "prefecture_in_name"),  # 武汉华丽环保
    ("product-5-50-66", "蒸压加气混凝土砌块", "jishou", "county", "county_in_name"),  # 吉首武陵江山
    ("product-2021-107-1", "管线钢", "jiangsu", "province", "province_only"),  # 江苏沙钢集团
    ("product-2021-2-10", "银黑全生物降解地膜", "xuanwei", "county", "county_in_name"),  # 宣威市中博塑料
    ("product-5-50-63", "烧结页岩多孔砖", "changsha-changsha", "county", "county_in_name"),  # 长沙县高旺
    ("product-5-39-2", "涤纶短纤维", "jiangyin", "county", "county_in_name"),  # 江阴市华宏化纤
    ("product-5-20-1", "黑白激光多功能一体机", "ningbo", "prefecture", "nominated_by_city"),  # 得力, 宁波
    ("product-2021-36-12", "N型单晶高效双面双玻组件", "taizhou-jiangsu", "prefecture", "prefecture_in_name"),
    # development zones
    ("zone-S327013", "江苏无锡惠山经济开发区", "huishan", "county", "county_in_name"),
    ("zone-G321014", "南京经济技术开发区", "nanjing", "prefecture", "prefecture_in_name"),
    ("zone-G321090", "苏州工业园区", "suzhou-jiangsu", "prefecture", "prefecture_in_name"),
    ("zone-S427032", "湖北京山经济开发区", "jingshan", "county", "county_in_name"),  # not 北京
    ("zone-S347053", "安徽居巢经济开发区", "chaohu", "county", "alias"),
    ("zone-G535010", "畹町边境经济合作区", "ruili", "county", "alias"),
    ("zone-S319020", "上海南汇工业园区", "pudong", "county", "alias"),
    ("zone-S509011", "重庆双桥工业园区", "dazu", "county", "alias"),
    ("zone-S518098", "四川宜宾县高新技术产业园区", "xuzhou-yibin", "county", "alias"),  # not 宜宾市
    ("zone-S329100", "江苏江阴—靖江工业园区", "jingjiang", "county", "override"),
    ("zone-S369015", "江西庐山工业园区", "jiujiang", "prefecture", "override"),  # 庐山区 or 庐山市
    ("zone-S519043", "成都—阿坝工业园区", "sichuan", "province", "province_only"),
    ("zone-G523123", "贵安综合保税区", "guizhou", "province", "province_only"),
    ("zone-S519122", "四川宝兴汉白玉特色产业园区", "baoxing", "county", "county_in_name"),  # not 白玉县
    ("zone-G331111", "宁波杭州湾经济技术开发区", "ningbo", "prefecture", "prefecture_in_name"),
    ("zone-S327124", "江苏南通通州湾经济开发区", "nantong", "prefecture", "prefecture_in_name"),
    ("zone-S527031", "贵州大方经济开发区", "dafang", "county", "county_in_name"),
    ("zone-S518051", "四川攀枝花东区高新技术产业园区", "dongqu", "county", "county_in_name"),
    # pinyin twins, each in its own province
    ("zone-S347015", "安徽宿州经济开发区", "suzhou-anhui", "prefecture", "prefecture_in_name"),
    ("zone-G331108", "富阳经济技术开发区", "fuyang-hangzhou", "county", "county_in_name"),
    ("zone-S347025", "安徽阜阳经济开发区", "fuyang", "prefecture", "prefecture_in_name"),
    ("zone-G361148", "宜春经济技术开发区", "yichun", "prefecture", "prefecture_in_name"),
    ("zone-G322081", "泰州医药高新技术产业开发区", "taizhou-jiangsu", "prefecture", "prefecture_in_name"),
    ("zone-S337083", "浙江台州经济开发区", "taizhou-zhejiang", "prefecture", "prefecture_in_name"),
]


@pytest.fixture(scope="module")
def committed() -> dict[str, dict]:
    with (DATA / "sites.csv").open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def rules():
    """Everything ``place_site`` needs, from the committed gazetteer and the reviewed tables."""
    cities = build_sites.read_gazetteer(DATA)
    forms = match.build_forms(cities, build_sites.read_table("site_aliases.csv", ("alias", "place_id", "reason")))
    levels = build_sites.place_levels(cities)
    return forms, levels, build_sites.read_overrides(levels)


def place(rules, site: dict) -> tuple[str, str, str]:
    forms, levels, overrides = rules
    within = None if site["list"] == "dev_zone" else src.NOMINATING_CITIES.get(site["province_given"], (0, None))[1]
    res = build_sites.place_site(site, forms, within, overrides, levels)
    return res.place_id, res.place_level, res.method


def test_the_table_covers_every_list():
    lists = {sid.split("-")[0] for sid, *_ in PLACED}
    assert lists == {"park", "factory", "supply", "product", "zone"}
    assert len(PLACED) >= 60


@pytest.mark.parametrize(("sid", "name", "place_id", "level", "method"), PLACED)
def test_site_is_placed(committed, rules, sid, name, place_id, level, method):
    row = committed[sid]
    assert row["name"] == name  # the table was read against this exact name
    assert (row["place_id"], row["place_level"], row["method"]) == (place_id, level, method)
    assert place(rules, row) == (place_id, level, method)  # the code, not only the committed file
    if method in ("override", "alias", "province_only", "nominated_by_city"):
        assert row["reason"], sid


def _site(name: str, province_given: str, lst: str = "green_factory") -> dict:
    province = src.ZONE_PROVINCES.get(province_given) or src.belt_province(province_given)[0]
    return src.blank_site(id="test", list=lst, name=name, province=province, province_given=province_given)


@pytest.mark.parametrize(
    ("name", "province_given", "expected"),
    [
        # The same name nominated by the other province must not find the twin: matching is on
        # characters within the site's province, never on pinyin.
        ("苏州华兴电子有限公司", "安徽", ("anhui", "province", "province_only")),
        ("宿州华兴电子有限公司", "江苏", ("jiangsu", "province", "province_only")),
        ("宿州华兴电子有限公司", "安徽", ("suzhou-anhui", "prefecture", "prefecture_in_name")),
        ("富阳华兴纸业有限公司", "安徽", ("anhui", "province", "province_only")),
        ("阜阳华兴纸业有限公司", "浙江", ("zhejiang", "province", "province_only")),
        ("伊春华兴林业有限公司", "江西", ("jiangxi", "province", "province_only")),
        ("台州恒远化工有限公司", "江苏", ("jiangsu", "province", "province_only")),
        ("泰州恒远化工有限公司", "浙江", ("zhejiang", "province", "province_only")),
        ("台州恒远化工有限公司", "浙江", ("taizhou-zhejiang", "prefecture", "prefecture_in_name")),
        # a stem must not straddle two words: 华兴|化工 is not 兴化 (Taizhou, Jiangsu); 兴化市 is
        ("江苏华兴化工有限公司", "江苏", ("jiangsu", "province", "province_only")),
        ("兴化市华兴化工有限公司", "江苏", ("xinghua", "county", "county_in_name")),
        ("苏州华兴电子有限公司", "江苏", ("suzhou-jiangsu", "prefecture", "prefecture_in_name")),
        # an old name (襄樊 is 襄阳 since 2010) through the alias table
        ("湖北襄樊华兴机械有限公司", "湖北", ("xiangyang", "prefecture", "alias")),
        # a county of another prefecture implies its own prefecture, and wins over a prefecture it is in
        ("南京江宁华兴机械有限公司", "江苏", ("jiangning", "county", "county_in_name")),
        ("南京昆山华兴机械有限公司", "江苏", ("jiangsu", "province", "province_only")),
        # a stem shared by two counties of one province is decided by the prefecture beside it
        ("徐州鼓楼区华兴机械有限公司", "江苏", ("gulou-xuzhou", "county", "county_in_name")),
        ("鼓楼区华兴机械有限公司", "江苏", ("jiangsu", "province", "province_only")),
        # a nominating city searches only inside itself
        ("杭州华兴机械有限公司", "宁波", ("ningbo", "prefecture", "nominated_by_city")),
    ],
)
def test_province_guard_and_rules(rules, name, province_given, expected):
    assert place(rules, _site(name, province_given)) == expected


def test_no_place_matches_across_provinces(committed):
    cities = build_sites.read_gazetteer(DATA)
    province_of = {r["id"]: r["province"] for r in cities}
    wrong = [
        r["id"]
        for r in committed.values()
        if r["place_level"] != "province" and province_of[r["place_id"]] != r["province"]
    ]
    assert wrong == []


# --- the loader ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def places():
    return load_places(DATA)


@pytest.fixture(scope="module")
def sites(places):
    return load_sites(DATA, places)


def test_suzhou_lists_its_industrial_park(sites, places):
    rows = sites.for_place(places.get("prefecture", "suzhou-jiangsu"))
    parks = rows[rows["list"] == "green_park"]
    assert "苏州工业园区" in set(parks["name"])
    assert "苏州工业园区" in set(rows.loc[rows["list"] == "dev_zone", "name"])
    assert not rows["province"].ne("jiangsu").any()


def test_yichang_lists_the_yaojiagang_park_through_its_county(sites, places):
    rows = sites.for_place(places.get("prefecture", "yichang"))
    assert "湖北枝江经济开发区姚家港化工园" in set(rows["name"])
    county = sites.for_place(places.get("county", "zhijiang-yichang"))
    assert "湖北枝江经济开发区姚家港化工园" in set(county["name"])
    assert set(county["place_id"]) == {"zhijiang-yichang"}


def test_levels_nest(sites, places):
    province = sites.for_place(places.get("province", "hubei"))
    assert len(province) == (sites.frame["province"] == "hubei").sum()
    assert set(sites.unresolved().loc[lambda f: f["province"] == "hubei", "id"]) <= set(province["id"])
    reach = sites.for_place(places.get("reach", "middle"))
    assert set(province["id"]) < set(reach["id"])
    assert len(sites.for_place(places.get("belt", "yreb"))) == len(sites.frame)
    riverside = sites.for_place(places.get("group", "riverside"))
    assert set(sites.for_place(places.get("prefecture", "yichang"))["id"]) <= set(riverside["id"])


def test_shanghai_city_includes_its_province_only_sites(sites, places):
    city = sites.for_place(places.get("prefecture", "shanghai"))
    assert "上汽大众汽车有限公司" in set(city["name"])  # placed only at the province
    assert len(city) == len(sites.for_place(places.get("province", "shanghai")))


def test_place_without_sites_is_empty(sites, places):
    for level, pid in (("county", "shiqu"), ("area", "lingang")):
        rows = sites.for_place(places.get(level, pid))
        assert rows.empty and list(rows.columns) == list(sites.frame.columns)


def test_by_name_counts_and_unresolved(sites, places):
    assert set(sites.by_name("苏州工业园区")["id"]) == {"park-1-7", "zone-G321090"}
    assert set(sites.by_name("江苏沙钢集团有限公司")["list"]) == {"green_product"}  # the company column
    assert {"factory-1-81", "factory-2021-289"} <= set(sites.by_name("万年青")["id"])  # contains
    assert sites.by_name("no such site").empty
    assert set(sites.unresolved()["place_level"]) == {"province"}
    counts = sites.counts(places.get("prefecture", "suzhou-jiangsu"))
    assert list(counts.columns) == ["list", "batch", "sites"]
    assert counts["sites"].sum() == len(sites.for_place(places.get("prefecture", "suzhou-jiangsu")))
    assert counts["list"].map(LISTS.index).is_monotonic_increasing
    park_batches = list(counts.loc[counts["list"] == "green_park", "batch"])
    assert park_batches == sorted(park_batches, key=src.BATCHES.index)


# --- bad files are rejected with line and column -------------------------------------------


def _write(tmp_path: Path, header: list[str], rows: list[dict]) -> Path:
    with (tmp_path / "sites.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    # A data folder holds the sources the sites cite beside them.
    (tmp_path / "site_sources.csv").write_bytes((DATA / "site_sources.csv").read_bytes())
    return tmp_path


def _good_rows(committed) -> list[dict]:
    return [dict(committed[i]) for i in ("park-1-7", "park-5-27", "factory-2-57")]


@pytest.mark.parametrize(
    ("column", "value", "line", "message"),
    [
        ("list", "green_village", 3, r"sites\.csv:3: list: expected one of green_park"),
        ("place_id", "atlantis", 3, r"sites\.csv:3: place_id: no county 'atlantis'"),
        ("place_id", "wuxi", 3, r"sites\.csv:3: place_id: 'wuxi' is in 'jiangsu', not in the site's province 'hubei'"),
        ("place_level", "city", 2, r"sites\.csv:2: place_level: expected one of county"),
        ("method", "guess", 2, r"sites\.csv:2: method: expected one of"),
    ],
)
def test_bad_rows_are_rejected(tmp_path, committed, places, column, value, line, message):
    rows = _good_rows(committed)
    if column == "place_id" and value == "wuxi":
        rows[line - 2]["place_level"] = "prefecture"
    rows[line - 2][column] = value
    with pytest.raises(SitesError, match=message):
        load_sites(_write(tmp_path, list(src.COLUMNS), rows), places)


def test_missing_column_is_rejected(tmp_path, committed, places):
    header = [c for c in src.COLUMNS if c != "place_level"]
    with pytest.raises(SitesError, match=r"sites\.csv:1: header: missing column\(s\) place_level"):
        load_sites(_write(tmp_path, header, _good_rows(committed)), places)


def test_every_problem_is_listed(tmp_path, committed, places):
    rows = _good_rows(committed)
    rows[0]["list"], rows[2]["place_id"] = "x", "nowhere"
    with pytest.raises(SitesError) as err:
        load_sites(_write(tmp_path, list(src.COLUMNS), rows), places)
    assert [(p.line, p.key) for p in err.value.problems] == [(2, "list"), (4, "place_id")]


def test_a_citation_without_a_source_is_rejected(tmp_path, committed, places):
    rows = _good_rows(committed)
    rows[1] = {**rows[1], "citation": "miit-park-9"}
    folder = _write(tmp_path, list(src.COLUMNS), rows)
    with pytest.raises(SitesError, match=r"no source for citation.*miit-park-9"):
        load_sites(folder, places)


def test_a_good_small_file_loads(tmp_path, committed, places):
    loaded = load_sites(_write(tmp_path, list(src.COLUMNS), _good_rows(committed)), places)
    assert list(loaded.frame["id"]) == ["park-1-7", "park-5-27", "factory-2-57"]
    assert list(loaded.for_place(places.get("county", "zhijiang-yichang"))["id"]) == ["park-5-27"]
