"""Controlled vocabularies of the catalogue, with English and Chinese labels.

The catalogue schema accepts only these keys, so a typo in a hand-edited catalogue is
reported (with the list of known keys as a hint) instead of silently creating a new
category that no filter or legend knows about.
"""

from __future__ import annotations

REACHES: dict[str, dict[str, str]] = {
    "upper": {"en": "Upper reach", "zh": "上游"},
    "middle": {"en": "Middle reach", "zh": "中游"},
    "lower": {"en": "Lower reach", "zh": "下游"},
}

BELT_ID = "yreb"
BELT_LABEL = {"en": "Yangtze River Economic Belt", "zh": "长江经济带"}

# The capital (a prefecture id) of each province; Shanghai and Chongqing are their own.
PROVINCIAL_CAPITALS: dict[str, str] = {
    "shanghai": "shanghai", "jiangsu": "nanjing", "zhejiang": "hangzhou", "anhui": "hefei",
    "jiangxi": "nanchang", "hubei": "wuhan", "hunan": "changsha", "chongqing": "chongqing",
    "sichuan": "chengdu", "guizhou": "guiyang", "yunnan": "kunming",
}  # fmt: skip

# Named groups of places that the build computes (see scripts/build_data.py).
GROUPS: dict[str, dict[str, str]] = {
    "riverside": {
        "en": "Prefectures along the Yangtze main stem and estuary",
        "zh": "长江干流及河口沿线地市",
    },
}

# Levels a catalogue entry can name a place at, from the most specific to the least.
PLACE_LEVELS: tuple[str, ...] = ("area", "county", "prefecture", "group", "province", "reach", "belt")

ROLES: dict[str, dict[str, str]] = {
    "cluster": {"en": "Industry cluster", "zh": "产业集聚区"},
    "base": {"en": "Utilisation base", "zh": "利用基地"},
    "demonstration": {"en": "Demonstration area", "zh": "示范区"},
    "rnd_focus": {"en": "R&D focus", "zh": "研发重点"},
    "restriction": {"en": "Restriction", "zh": "限制管控"},
    "lead": {"en": "Leads", "zh": "率先发展"},
    "catch_up": {"en": "Supported to catch up", "zh": "支持追赶"},
    "scope": {"en": "Applies here", "zh": "适用范围"},
}

CATEGORIES: dict[str, dict[str, str]] = {
    "targets": {"en": "Targets", "zh": "发展目标"},
    "industrial_upgrading": {"en": "Industrial upgrading", "zh": "传统产业改造升级"},
    "intelligent_manufacturing": {"en": "Intelligent manufacturing", "zh": "智能制造"},
    "ep_equipment": {"en": "EP equipment cluster", "zh": "节能环保装备集聚"},
    "rnd_services": {"en": "R&D and services", "zh": "研发与服务"},
    "remanufacturing": {"en": "Remanufacturing", "zh": "再制造"},
    "cleaner_production": {"en": "Cleaner production", "zh": "清洁生产"},
    "energy_efficiency": {"en": "Energy efficiency", "zh": "能效提升"},
    "solid_waste": {"en": "Solid-waste utilisation", "zh": "固体废物综合利用"},
    "green_demonstration": {"en": "Green demonstration", "zh": "绿色示范"},
    "layout_control": {"en": "Layout control", "zh": "布局管控"},
    "water_saving": {"en": "Water saving", "zh": "工业节水"},
}

INDUSTRIES: dict[str, dict[str, str]] = {
    "all_industry": {"en": "All industry", "zh": "工业整体"},
    "ep_equipment": {"en": "Energy-saving and EP equipment", "zh": "节能环保装备"},
    "ep_services": {"en": "Energy-saving and EP services", "zh": "节能环保服务"},
    "intelligent_manufacturing": {"en": "Intelligent manufacturing", "zh": "智能制造"},
    "service_manufacturing": {"en": "Service-oriented manufacturing", "zh": "服务型制造"},
    "mechanical_electrical": {"en": "Mechanical and electrical products", "zh": "机电产品"},
    "paper": {"en": "Paper-making", "zh": "造纸"},
    "food_fermentation": {"en": "Food fermentation", "zh": "食品发酵"},
    "baijiu": {"en": "Baijiu distilling", "zh": "白酒酿造"},
    "phosphate_chemicals": {"en": "Phosphate chemicals", "zh": "磷化工"},
    "phosphate_fertiliser": {"en": "Phosphate fertiliser", "zh": "磷肥"},
    "coal_power": {"en": "Coal-fired power", "zh": "燃煤发电"},
    "coal_intensive": {"en": "Coal-intensive industry", "zh": "高耗煤行业"},
    "chemicals": {"en": "Chemical raw materials and products", "zh": "化学原料和化学制品"},
    "chemical_fibres": {"en": "Chemical fibres", "zh": "化学纤维"},
    "printing_dyeing": {"en": "Printing and dyeing", "zh": "印染"},
    "petroleum": {"en": "Petroleum processing", "zh": "石油加工"},
    "pharmaceuticals": {"en": "Pharmaceuticals", "zh": "医药"},
    "nonferrous": {"en": "Non-ferrous metals", "zh": "有色金属"},
    "steel": {"en": "Steel", "zh": "钢铁"},
    "cement": {"en": "Cement", "zh": "水泥"},
    "aluminium": {"en": "Electrolytic aluminium", "zh": "电解铝"},
    "shipbuilding": {"en": "Shipbuilding", "zh": "船舶"},
    "hazardous_chemicals": {"en": "Hazardous chemicals", "zh": "危险化学品"},
    "water_intensive": {"en": "Water-intensive industry", "zh": "高耗水行业"},
}

# Families of development-zone leading industries (主导产业): a zone belongs to a family when its leading
# industries or its name contain one of the family's words. Words are official Chinese terms as the 2018
# catalogue writes them; a zone may belong to several families.
ZONE_INDUSTRY_FAMILIES: dict[str, dict] = {
    "chemicals": {"en": "Chemicals and petrochemicals", "zh": "化工、石化", "words": ("化工", "石化", "化学")},
    "ep_equipment": {
        "en": "Energy-saving and EP equipment",
        "zh": "节能环保装备",
        "words": ("节能环保", "环保装备", "环保"),
    },
    "new_materials": {"en": "New materials", "zh": "新材料", "words": ("新材料", "材料")},
    "equipment": {"en": "Equipment manufacturing", "zh": "装备制造", "words": ("装备", "机械", "机电")},
    "electronics": {"en": "Electronics and IT", "zh": "电子信息", "words": ("电子", "信息", "集成电路", "软件")},
    "automotive": {"en": "Automotive", "zh": "汽车", "words": ("汽车",)},
    "biomedicine": {"en": "Biomedicine", "zh": "生物医药", "words": ("医药", "生物", "医疗")},
    "metals": {
        "en": "Metallurgy, steel and non-ferrous",
        "zh": "冶金、钢铁、有色",
        "words": ("冶金", "钢铁", "有色", "金属"),
    },
    "building_materials": {"en": "Building materials", "zh": "建材", "words": ("建材", "建筑材料", "水泥", "陶瓷")},
    "textiles": {"en": "Textiles and clothing", "zh": "纺织服装", "words": ("纺织", "服装", "丝绸", "化纤")},
    "food": {
        "en": "Food and agricultural processing",
        "zh": "食品、农产品加工",
        "words": ("食品", "农产品", "农副产品", "酒"),
    },
    "energy": {"en": "Energy and new energy", "zh": "能源、新能源", "words": ("能源", "电力", "光伏")},
    "logistics": {"en": "Logistics and trade", "zh": "物流、商贸", "words": ("物流", "商贸", "贸易", "保税")},
}

# The green-manufacturing list batches, in publication order, with the year each was published.
LIST_BATCHES: dict[str, dict[str, str]] = {
    "1": {"en": "Batch 1 (2017)", "zh": "第一批（2017年）"},
    "2": {"en": "Batch 2 (2018)", "zh": "第二批（2018年）"},
    "3": {"en": "Batch 3 (2018)", "zh": "第三批（2018年）"},
    "4": {"en": "Batch 4 (2019)", "zh": "第四批（2019年）"},
    "5": {"en": "Batch 5 (2020)", "zh": "第五批（2020年）"},
    "2021": {"en": "2021 list (2022)", "zh": "2021年度（2022年）"},
}

__all__ = [
    "BELT_ID",
    "BELT_LABEL",
    "CATEGORIES",
    "GROUPS",
    "INDUSTRIES",
    "LIST_BATCHES",
    "PLACE_LEVELS",
    "PROVINCIAL_CAPITALS",
    "REACHES",
    "ROLES",
    "ZONE_INDUSTRY_FAMILIES",
]
