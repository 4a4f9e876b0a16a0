"""Hand-kept tables for ``build_data.py``: names, romanisation overrides, seat overrides.

Everything here is a fact someone can check against an official list; each override
carries a one-line reason so a reviewer can verify it without rerunning the build.
"""

from __future__ import annotations

# The 11 YREB provinces, by the first two adcode digits: (id, English name, reach).
PROVINCES: dict[str, tuple[str, str, str]] = {
    "31": ("shanghai", "Shanghai", "lower"),
    "32": ("jiangsu", "Jiangsu", "lower"),
    "33": ("zhejiang", "Zhejiang", "lower"),
    "34": ("anhui", "Anhui", "lower"),
    "36": ("jiangxi", "Jiangxi", "middle"),
    "42": ("hubei", "Hubei", "middle"),
    "43": ("hunan", "Hunan", "middle"),
    "50": ("chongqing", "Chongqing", "upper"),
    "51": ("sichuan", "Sichuan", "upper"),
    "52": ("guizhou", "Guizhou", "upper"),
    "53": ("yunnan", "Yunnan", "upper"),
}

# Administrative suffixes stripped from county names before romanising, longest first.
# A one-character stem keeps its suffix (歙县 Shexian, 芒市 Mangshi, 郊区 Jiaoqu).
COUNTY_SUFFIXES: tuple[str, ...] = ("自治县", "新区", "特区", "林区", "区", "县", "市")

# Place-name readings that pypinyin (0.55, phrase matching) gets wrong, keyed by the
# name stem (suffix already stripped). Value: syllables, without tones.
PINYIN_OVERRIDES: dict[str, tuple[str, ...]] = {
    "长宁": ("chang", "ning"),  # 长 is chang in place names; pypinyin reads zhang
    "长丰": ("chang", "feng"),
    "长阳": ("chang", "yang"),
    "长顺": ("chang", "shun"),
    "天长": ("tian", "chang"),
    "闵行": ("min", "hang"),  # Minhang, not Minxing
    "盐都": ("yan", "du"),  # 都 is du in place names; pypinyin reads dou
    "莲都": ("lian", "du"),
    "宜都": ("yi", "du"),
    "都昌": ("du", "chang"),
    "宁都": ("ning", "du"),
    "于都": ("yu", "du"),
    "丰都": ("feng", "du"),
    "新都": ("xin", "du"),
    "郫都": ("pi", "du"),
    "三都": ("san", "du"),
    "曾都": ("zeng", "du"),  # Zengdu: both characters misread (ceng, dou)
    "都匀": ("du", "yun"),
    "六合": ("lu", "he"),  # Luhe (Nanjing); 六 is lu in old place names
    "蚌山": ("beng", "shan"),  # as in 蚌埠 Bengbu
    "什邡": ("shi", "fang"),
    "荥经": ("ying", "jing"),
    "筠连": ("jun", "lian"),
    "涡阳": ("guo", "yang"),  # Guoyang: 涡 is guo for the Guo River
}

# Prefecture seat = the county-level division hosting the prefecture government.
# Rule (see build_data.choose_seat): the 区 with the lowest adcode; with no 区, the
# county-level 市 with the lowest adcode. These are the known exceptions:
# prefecture adcode -> seat county adcode.
SEAT_OVERRIDES: dict[str, str] = {
    "500000": "500103",  # Chongqing: 渝中区, not 万州区 (lowest code)
    # Wuxi: the government sits in 滨湖区 (观山路), but the county table gives area centroids, and
    # 滨湖区 takes in much of Taihu: its centroid lies at the lakeshore, ~10 km from the city proper.
    # 梁溪区 (the old city, rule would give 锡山区) has its centroid in the city proper.
    "320200": "320213",
    "320400": "320411",  # Changzhou: 新北区 (administrative centre, 龙城大道), not 天宁区
    "320500": "320508",  # Suzhou: 姑苏区 (old city, 三香路), not 虎丘区
    "320600": "320613",  # Nantong: 崇川区, not 通州区 (崇川 re-coded in 2020 merger)
    "320700": "320706",  # Lianyungang: 海州区 (former 新浦), not the port district 连云区
    "320800": "320812",  # Huai'an: 清江浦区 (former 清河区), not 淮安区 (old Chuzhou)
    "330200": "330212",  # Ningbo: 鄞州区 (Eastern New Town, 宁穿路), not 海曙区
    "340100": "340104",  # Hefei: 蜀山区 (government district, 东流路), not 瑶海区
    "340400": "340403",  # Huainan: 田家庵区, not 大通区
    "340600": "340603",  # Huaibei: 相山区, not 杜集区
    "360100": "360113",  # Nanchang: 红谷滩区, not 东湖区
    "420700": "420704",  # Ezhou: 鄂城区, not the rural 梁子湖区
    "430100": "430104",  # Changsha: 岳麓区 (since 2006), not 芙蓉区
    "430200": "430211",  # Zhuzhou: 天元区, not 荷塘区
    "430900": "430903",  # Yiyang: 赫山区, not 资阳区
    "431100": "431103",  # Yongzhou: 冷水滩区, not 零陵区
    "520100": "520115",  # Guiyang: 观山湖区 (former 金阳新区), not 南明区
    "530100": "530114",  # Kunming: 呈贡区 (since 2011), not 五华区
    "532500": "532503",  # Honghe: 蒙自市 (since 2003), not 个旧市
    "533100": "533103",  # Dehong: 芒市, not 瑞丽市
}

# The area feature: a named area with no administrative unit of its own.
LINGANG = {
    "id": "lingang",
    "name_en": "Lingang",
    "name_zh": "临港新片区",
    "name_zh_short": "临港",
    "lon": 121.90,
    "lat": 30.90,
    "prefecture_adcode": "310000",
    "district_adcode": "310115",  # 浦东新区
}

# Natural Earth river names kept as Yangtze tributaries -> Chinese name.
RIVER_NAMES_ZH: dict[str, str] = {
    "Yangtze": "长江",
    "Tongtian": "通天河",  # the Yangtze's headwater course above the Jinsha (Qinghai)
    "Yalong": "雅砻江",
    "Dadu": "大渡河",
    "Min": "岷江",
    "Jialing": "嘉陵江",
    "Wu": "乌江",
    "Han": "汉江",
    "Xiang": "湘江",
    "Yuan": "沅江",
    "Gan": "赣江",
}

# Natural Earth names the lower Huai "Hudi"; its line reaches the Yangtze through the
# Huai-into-Yangtze waterway, but it belongs to the Huai basin, so it is not kept.
RIVERS_EXCLUDED: frozenset[str] = frozenset({"Hudi", "Huai"})

# Natural Earth lake names -> Chinese name (only those we are sure of).
LAKE_NAMES_ZH: dict[str, str] = {
    "Tai Hu": "太湖",
    "Hongze Hu": "洪泽湖",
    "Poyang Hu": "鄱阳湖",
    "Gaoyou Hu": "高邮湖",
    "Chao Hu": "巢湖",
    "Danjiangkou Shuiku": "丹江口水库",
    "Dongting Hu": "洞庭湖",
    "Xinanjiang Shuiku": "新安江水库",
    "Liangzi Hu": "梁子湖",
    "Long Hu": "龙感湖",
    "Shijiu Hu": "石臼湖",
    "Hong Hu": "洪湖",
    "Daguan Hu": "大官湖",
    "Po Hu": "泊湖",
    "Ge Hu": "滆湖",
    "Wuchang Hu": "武昌湖",
    "Luoma Hu": "骆马湖",
    "Weishan Hu": "微山湖",
}

# County points (source lon/lat) known to fall outside their parent prefecture polygon,
# kept as the source has them. The build fails on any point outside that is not listed.
COUNTY_POINTS_OUTSIDE_PARENT: frozenset[str] = frozenset()
