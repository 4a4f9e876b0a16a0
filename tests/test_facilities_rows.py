"""Facilities rows: cities by id or name, contradictions, control characters and precise line numbers."""

from __future__ import annotations

import dataclasses

import pytest

from geo.errors import GeoDataError
from geo.facilities import parse_facilities
from geo.name_index import place_index


def _parse(text: str, places):
    return parse_facilities(text.encode(), "f.csv", places)


def _problems(text: str, places) -> list[str]:
    with pytest.raises(GeoDataError) as info:
        _parse(text, places)
    return [str(p) for p in info.value.problems]


# ------------------------------------------------------------------ cities


@pytest.mark.parametrize(
    ("city", "prefecture"),
    [
        ("wuxi", "wuxi"),
        ("无锡", "wuxi"),
        ("无锡市", "wuxi"),
        ("Wuxi", "wuxi"),  # also the pinyin of 巫溪县: the id wins
        ("ＷＵＸＩ", "wuxi"),  # full-width, as an IME may type it
        ("宜昌市", "yichang"),
        ("彭州市", "chengdu"),  # a county: counted in its prefecture
        ("彭州", "chengdu"),
        ("长沙", "changsha"),  # the city, not 长沙县 (which is inside it)
        ("苏州", "suzhou-jiangsu"),  # 宿州 is written differently
        ("江苏省苏州市", "suzhou-jiangsu"),
        ("Jiangsu Suzhou", "suzhou-jiangsu"),
        ("南京市鼓楼区", "nanjing"),
        ("suzhou-anhui", "suzhou-anhui"),
    ],
)
def test_city_by_id_or_name(city, prefecture, real_data):
    frame = _parse(f"name,category,city\nA,b,{city}\n", real_data.places)
    assert list(frame["prefecture"]) == [prefecture]


@pytest.mark.parametrize(
    ("city", "candidates"),
    [
        ("Suzhou", ["suzhou-anhui (宿州市, Anhui)", "suzhou-jiangsu (苏州市, Jiangsu)"]),
        ("Taizhou", ["taizhou-jiangsu (泰州市, Jiangsu)", "taizhou-zhejiang (台州市, Zhejiang)"]),
        ("鼓楼区", ["gulou-nanjing (鼓楼区, Nanjing, Jiangsu)", "gulou-xuzhou (鼓楼区, Xuzhou, Jiangsu)"]),
    ],
)
def test_ambiguous_city_lists_the_candidates(city, candidates, real_data):
    (text,) = _problems(f"name,category,city\nA,b,wuxi\nB,b,{city}\n", real_data.places)
    assert text.startswith(f"f.csv:3: city: {city!r} could be any of {'; '.join(candidates)} Hint: write the place id")


def test_unknown_city_suggests_ids(real_data):
    (text,) = _problems("name,category,city\nA,b,wux\n", real_data.places)
    assert text.startswith("f.csv:2: city: unknown place id 'wux' Hint: did you mean wuxi")


def test_name_index_is_cached_by_content_not_identity(real_data):
    places = real_data.places
    assert place_index(places) is place_index(dataclasses.replace(places))  # equal content, one index
    cities = places.cities.copy()
    cities.loc[cities["id"] == "wuxi", "name_zh"] = "测试市"
    changed = dataclasses.replace(places, cities=cities)
    assert "测试市" in place_index(changed).names and "测试市" not in place_index(places).names
    assert list(parse_facilities("name,category,city\nA,b,测试市\n".encode(), "f.csv", changed)["prefecture"]) == [
        "wuxi"
    ]


# ------------------------------------------------------------------ coordinates against the city


def test_city_contradicting_coordinates_is_reported_on_its_line(real_data):
    text = "name,category,city,lon,lat\nA,b,wuxi,120.30,31.58\nB,b,wuxi,104.07,30.66\nC,b,彭州,104.07,30.66\n"
    (problem,) = _problems(text, real_data.places)
    assert problem.startswith("f.csv:3: lon,lat: city=wuxi but (104.07, 30.66) is in Chengdu Hint: wuxi is in Wuxi")
    frame = _parse(text.replace("B,b,wuxi,104.07,30.66\n", ""), real_data.places)
    assert list(frame["prefecture"]) == ["wuxi", "chengdu"]  # a county agrees with its parent prefecture


def test_city_with_point_outside_the_belt(real_data):
    (problem,) = _problems("name,category,city,lon,lat\nA,b,wuxi,10,10\n", real_data.places)
    assert problem == "f.csv:2: lon,lat: (10.0, 10.0) is outside the belt's prefectures"


# ------------------------------------------------------------------ headers


def test_chinese_headers_with_spaces_and_full_width(real_data):
    frame = _parse(" 名 称 ,类型,地市,ｌｏｎ,纬度,年份\n示例,绿色工厂,,120.30,31.58,2019年\n", real_data.places)
    assert list(frame["prefecture"]) == ["wuxi"] and list(frame["year"]) == [2019]


def test_duplicate_columns_after_aliasing(real_data):
    (text,) = _problems("name,category,名称,city\nA,b,c,wuxi\n", real_data.places)
    assert text == "f.csv:1: header: columns 'name' and '名称' both mean 'name' Hint: keep one of the two columns"


def test_unknown_columns_list_the_accepted_names(real_data):
    (text,) = _problems("name,category,city,colour\nA,b,wuxi,red\n", real_data.places)
    assert "unknown column(s) 'colour'" in text
    assert "name/名称/企业名称/工厂名称, category/类别/类型, city/城市/地市/所在地" in text


# ------------------------------------------------------------------ text cells


@pytest.mark.parametrize(
    ("cell", "column", "codepoint"),
    [
        ("A\u202eB", "name", "202E"),  # right-to-left override
        ("A\u2066B", "name", "2066"),  # left-to-right isolate
        ("A\x07B", "category", "0007"),
        ("A\u2028B", "category", "2028"),
        ("A\x85B", "name", "0085"),  # C1
    ],
)
def test_control_characters_are_reported_with_the_column(cell, column, codepoint, real_data):
    row = f"{cell},b,wuxi" if column == "name" else f"A,{cell},wuxi"
    (text,) = _problems(f"name,category,city\nA,b,wuxi\n{row}\n", real_data.places)
    assert text.startswith(f"f.csv:3: {column}: {column} contains the control character U+{codepoint}")


def test_tab_inside_a_name_is_fine(real_data):
    assert list(_parse("name,category,city\nA\tB,b,wuxi\n", real_data.places)["name"]) == ["A\tB"]


@pytest.mark.parametrize(("year", "ok"), [("2019年", 2019), ("２０２０", 2020), ("2019-05-01", 2019), ("2019.0", 2019),
                                          ("2019.5", None), ("1800", None), ("2019年5", None)])  # fmt: skip
def test_years(year, ok, real_data):
    text = f"name,category,city,year\nA,b,wuxi,{year}\n"
    if ok is None:
        assert _problems(text, real_data.places) == [f"f.csv:2: year: expected a year such as 2019, got {year!r}"
                                                     " Hint: a whole year from 1949 to 2100"]  # fmt: skip
    else:
        assert list(_parse(text, real_data.places)["year"]) == [ok]


# ------------------------------------------------------------------ physical lines


def test_line_numbers_are_physical_lines(real_data):
    # Record 1 starts on line 2 and spans two lines (an Alt+Enter at the end of the cell, stripped).
    text = 'name,category,city\n"Plant A\n",b,wuxi\nB,b,nowhere\n"C\nD",b,wuxi\nE,,wuxi\n'
    problems = _problems(text, real_data.places)
    assert problems[0].startswith("f.csv:4: city: unknown place id 'nowhere'")
    assert problems[1].startswith("f.csv:5: name: name contains the control character U+000A")
    assert problems[2] == "f.csv:7: category: category is empty"
    frame = _parse(text.split("B,b,nowhere")[0], real_data.places)
    assert list(frame["line"]) == [2] and list(frame["name"]) == ["Plant A"]


def test_field_over_128_kib_points_at_the_unbalanced_quote(real_data):
    text = 'name,category,city\nA,b,wuxi\nB,b,wuxi\n"C,b,wuxi\n' + "D,b,wuxi\n" * 20_000
    (problem,) = _problems(text, real_data.places)
    assert problem.startswith(
        "f.csv:4: (file): a field is over 128 KiB, probably an unbalanced quote starting at line 4"
    )


def test_short_unbalanced_quote_names_the_lines(real_data):
    (problem,) = _problems('name,category,city\nA,b,wuxi\n"B,b,wuxi\nC,b,wuxi\n', real_data.places)
    assert problem == ("f.csv:3: row: expected 3 fields, got 1 Hint: this row runs on to line 4: a quote is"
                       " probably unbalanced")  # fmt: skip


def test_problems_are_capped_and_counted(real_data):
    problems = _problems("name,category,city\n" + "A,,wux\n" * 1000, real_data.places)
    assert len(problems) == 201
    assert problems[-1] == "f.csv: (file): 1,800 more problems are not listed Hint: fix these and load the file again"
    assert problems[:2] == ["f.csv:2: category: category is empty",
                            "f.csv:2: city: unknown place id 'wux' Hint: did you mean wuxi, wuxi-chongqing, wuxing,"
                            " wuxue?"]  # fmt: skip
