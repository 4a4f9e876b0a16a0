"""Find the gazetteer places a site name names, and decide which one the site is in.

Pure functions over plain data, used by ``build_sites.py``. Matching is on Chinese characters
only, always inside one province (or one prefecture for a nominating city), never on pinyin:
宿州/苏州, 阜阳/富阳 or 泰州/台州 share a romanisation but no characters, and the province guard
keeps 富阳 (Hangzhou) out of every Anhui name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Every provincial-level name, masked out of site names before searching so that a name's own
# province or another province's name cannot lend characters to a place: 浙江山鹰 must not read
# as 江山 (a Zhejiang county), 湖北京山 must keep 京山. Matched longest first.
PROVINCE_NAMES = [
    "内蒙古自治区", "广西壮族自治区", "宁夏回族自治区", "新疆维吾尔自治区", "西藏自治区", "新疆生产建设兵团",
    "黑龙江省", "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古", "黑龙江", "北京", "天津", "上海", "重庆", "河北",
    "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西",
    "海南", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门",
]  # fmt: skip
PROVINCE_RE = re.compile("|".join(sorted(PROVINCE_NAMES, key=len, reverse=True)))

# The belt provinces by their short Chinese name.
BELT_PROVINCES = {
    "上海": "shanghai", "江苏": "jiangsu", "浙江": "zhejiang", "安徽": "anhui", "江西": "jiangxi",
    "湖北": "hubei", "湖南": "hunan", "重庆": "chongqing", "四川": "sichuan", "贵州": "guizhou", "云南": "yunnan",
}  # fmt: skip
MUNICIPALITIES = ("shanghai", "chongqing")  # a province and a prefecture of the same name

# Stems that are also ordinary words, brands or parts of longer words: they name a place only when an
# administrative or development-zone suffix follows (安宁工业园区, not 安宁 "peace"; 安居区 of Suining, not
# 成都安居天下家具), or when they fill a bracket on their own (华新水泥（富民）). Those that occur in the
# sources were checked against every name they hit; the others are common words kept out on principle.
# 兴化 and 新化 straddle word boundaries in company names (华兴化工, 创新化工).
GUARDED_STEMS = frozenset([
    "安宁", "富民", "新建", "大方", "金沙", "公安", "通道", "石棉", "南部", "南岸", "安居", "白云", "西山", "东区",
    "西区", "郊区", "市中", "古城", "河口", "江汉", "青山", "凤凰", "莲花", "桃源", "嘉禾", "永定", "长寿", "江北",
    "金山", "宝山", "白玉", "玉龙", "九龙", "东海", "滨海", "钱塘", "朝天", "嘉陵", "万山", "东湖", "西湖", "南湖",
    "太湖", "徽州", "华容", "双峰", "长宁", "普陀", "鼓楼", "云龙", "新都", "永兴", "中方", "大安", "东坡", "前锋",
    "江东", "龙泉", "大通", "和平", "石门", "汇川", "天元", "雨湖", "平江", "宜秀", "大观", "八公山", "黄山", "凉山",
    "南华", "武陵", "南岳", "红塔", "兴化", "新化",
])  # fmt: skip
SUFFIXES = (
    "自治县", "县", "市", "区", "州", "镇", "乡", "经济", "开发", "高新", "工业", "产业", "园", "港", "保税",
    "出口加工", "新区", "循环", "科技", "生态", "化工", "特色", "临港", "边境", "国家", "现代", "绿色", "新材料", "第",
)  # fmt: skip
# Words that contain a place name without being about the place: 杭州湾 and 通州湾 are bays (the
# zones on them are not in Hangzhou or 通州区), 大冶湖 a lake between districts, 大理石 and 汉白玉 are
# marble, 普洱茶 a tea made all over southern Yunnan, 黄山头 a town in Hubei, 万年青 a cement brand.
NOT_PLACES = ("杭州湾", "通州湾", "大冶湖", "大理石", "汉白玉", "普洱茶", "黄山头", "万年青")
NOT_PLACES_RE = re.compile("|".join(NOT_PLACES))
BRACKETS = re.compile(r"\(([^()]*)\)")
# A bracket this short holds a place (（苏州）, （昆山市）), not another name of the company.
PLACE_BRACKET_MAX = 5
MASK = "□"


@dataclass(frozen=True)
class Place:
    """A gazetteer place, as matching needs it."""

    id: str
    level: str  # "county" or "prefecture"
    name_zh: str
    prefecture: str  # itself for a prefecture
    province: str


@dataclass(frozen=True)
class Form:
    """A way of writing a place: full name, short name or stem, or an alias with its reason."""

    text: str
    places: tuple[Place, ...]  # two for a stem shared by two counties of one province (鼓楼, 市中)
    kind: str  # "name" or "alias"
    reason: str = ""


@dataclass(frozen=True)
class Resolution:
    """Where a site is, and why: the columns ``place_id``, ``place_level``, ``method``, ``reason``."""

    place_id: str
    place_level: str
    method: str
    reason: str = ""


def normalise(text: str) -> str:
    """NFKC (full-width brackets become ASCII), without whitespace or line breaks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def mask_provinces(text: str, keep: str | None = None) -> str:
    """Replace every provincial-level name by MASK characters, except ``keep`` (上海/重庆 are cities too).

    Leftmost first, longest first at each position: 湖北京山 masks 湖北 and keeps 京山.
    """
    return PROVINCE_RE.sub(lambda m: m[0] if keep and m[0].startswith(keep) else MASK * len(m[0]), text)


def mask_words(text: str) -> str:
    """Mask words that contain a place name without naming the place (大理石 is marble)."""
    return NOT_PLACES_RE.sub(lambda m: MASK * len(m[0]), text)


def _county_forms(row: dict) -> list[str]:
    forms = [row["name_zh"], row["name_zh_short"]]
    if row["name_zh"].endswith("自治县"):  # 长阳土家族自治县 is also written 长阳县
        forms.append(row["name_zh_short"] + "县")
    return forms


def _prefecture_forms(row: dict) -> list[str]:
    forms = [row["name_zh"], row["name_zh_short"]]
    if row["name_zh"].endswith("自治州"):  # 恩施州, 黔东南州
        forms.append(row["name_zh_short"] + "州")
    return forms


def build_forms(cities: list[dict], aliases: list[dict]) -> dict[str, dict[str, Form]]:
    """Per province id: every written form of its prefectures, counties and aliases.

    A county stem equal to its province's prefecture name is left out, so 南昌 is the prefecture and
    only 南昌县 the county. A prefecture with a single county (仙桃, 潜江, 天门, 神农架) resolves to
    that county, the finer of two identical areas.
    """
    pref = {r["id"]: r for r in cities if r["level"] == "prefecture"}
    counties = [r for r in cities if r["level"] == "county"]
    only_county = {}
    for p in pref:
        own = [c for c in counties if c["parent"] == p]
        if len(own) == 1:
            only_county[p] = own[0]
    out: dict[str, dict[str, list[Place]]] = {}
    for r in pref.values():
        target = only_county.get(r["id"], r)
        place = Place(target["id"], target["level"], target["name_zh"], r["id"], r["province"])
        for text in _prefecture_forms(r):
            out.setdefault(r["province"], {}).setdefault(text, []).append(place)
    for r in counties:
        if r["parent"] in only_county:
            continue
        place = Place(r["id"], "county", r["name_zh"], r["parent"], r["province"])
        taken = out[r["province"]]
        for text in dict.fromkeys(_county_forms(r)):
            if any(p.level == "prefecture" for p in taken.get(text, ())):
                continue  # 南昌 stays the prefecture; the county is 南昌县
            taken.setdefault(text, []).append(place)
    forms = {prov: {t: Form(t, tuple(ps), "name") for t, ps in table.items()} for prov, table in out.items()}
    ids = {r["id"]: r for r in cities if r["level"] in ("county", "prefecture")}
    for a in aliases:
        r = ids[a["place_id"]]
        prefecture = r["id"] if r["level"] == "prefecture" else r["parent"]
        place = Place(r["id"], r["level"], r["name_zh"], prefecture, r["province"])
        forms[r["province"]][a["alias"]] = Form(a["alias"], (place,), "alias", a["reason"])
    return forms


def _passes_guards(text: str, start: int, form: str) -> bool:
    after = text[start + len(form) :]
    if form in GUARDED_STEMS and text != form:
        return any(after.startswith(s) for s in SUFFIXES)
    return True


def find_forms(text: str, forms: dict[str, Form]) -> list[Form]:
    """The forms found in ``text``, longest first, never overlapping, in reading order."""
    hits = []
    for form in forms:
        for m in re.finditer(re.escape(form), text):
            if _passes_guards(text, m.start(), form):
                hits.append((m.start(), m.end(), form))
    taken: list[tuple[int, int, str]] = []
    for start, end, form in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, form))
    return [forms[f] for _, _, f in sorted(taken)]


def _unplaced(reason: str) -> Resolution:
    return Resolution("", "province", "province_only", reason)


def _names(places) -> str:
    return "、".join(dict.fromkeys(p.name_zh for p in places))


def decide(found: list[Form]) -> Resolution | None:
    """The one place ``found`` points to; a province-only Resolution saying why not; None if nothing found.

    A county wins over its own prefecture (南京江宁 is 江宁区) and implies it (枝江 is in 宜昌). Two
    different places (宿州马鞍山, 江阴—靖江) are ambiguous: only an override can decide.
    """
    if not found:
        return None
    prefs = {p.id: (p, f) for f in found for p in f.places if p.level == "prefecture"}
    counties: dict[str, tuple[Place, Form]] = {}
    for f in found:
        cands = [p for p in f.places if p.level == "county"]
        if len(cands) > 1:  # 鼓楼 of 南京 or of 徐州: the prefecture named beside it decides
            cands = [p for p in cands if p.prefecture in prefs]
            if len(cands) != 1:
                return _unplaced(f"{f.text} names a county in more than one prefecture")
        if cands:
            counties.setdefault(cands[0].id, (cands[0], f))
    if counties:
        places = [p for p, _ in counties.values()]
        others = [prefs[i][0] for i in prefs if i not in {p.prefecture for p in places}]
        if len(places) > 1 or others:
            return _unplaced(f"names two places: {_names(places + others)}")
        return _resolution(*counties[places[0].id])
    if len(prefs) > 1:
        return _unplaced(f"names two places: {_names(p for p, _ in prefs.values())}")
    return _resolution(*next(iter(prefs.values()))) if prefs else None


def _resolution(place: Place, form: Form) -> Resolution:
    if form.kind == "alias":
        return Resolution(place.id, place.level, "alias", form.reason)
    return Resolution(place.id, place.level, f"{place.level}_in_name")


def resolve(name: str, province: str, forms: dict[str, dict[str, Form]], within: str | None = None) -> Resolution:
    """Place ``name`` inside ``province`` (and inside prefecture ``within`` when given).

    A short bracket (德尔福电子（苏州）有限公司) is searched first: it names the plant, the rest of the
    name often the parent company. A bracket starting with 原 ("formerly") is dropped: an old name says
    nothing about where the site is now.
    """
    table = forms[province]
    if within:
        table = {t: f for t, f in table.items() if all(p.prefecture == within for p in f.places)}
    keep = next((zh for zh, pid in BELT_PROVINCES.items() if pid == province and pid in MUNICIPALITIES), None)
    text = mask_words(mask_provinces(normalise(name), keep))
    short = [b for b in BRACKETS.findall(text) if len(b) <= PLACE_BRACKET_MAX and not b.startswith("原")]
    rest = BRACKETS.sub(lambda m: MASK if m[1] in short or m[1].startswith("原") else m[0], text)
    for part in [*short, rest]:
        found = decide(find_forms(part, table))
        if found is not None:
            return found
    return Resolution(province, "province", "province_only", "no county or prefecture of the province in the name")
