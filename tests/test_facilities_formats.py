"""Facilities files as offices send them: encodings, Excel workbooks, separators, caps and messages."""

from __future__ import annotations

import datetime as dt
import io
import string
import struct
import zipfile

import pytest

from geo.catalogue import parse_catalogue
from geo.decoding import DecodedText, UndecodableText, decode_text
from geo.errors import GeoDataError, Problem
from geo.facilities import load_facilities, parse_facilities
from geo.messages import TEMPLATES, problem, problem_text
from tests.conftest import TEST_DATA

FAC = TEST_DATA / "facilities"


def _problems(raw: bytes, places, **options) -> list[str]:
    with pytest.raises(GeoDataError) as info:
        parse_facilities(raw, "f.csv", places, **options)
    return [str(p) for p in info.value.problems]


def _workbook(rows_by_sheet: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in rows_by_sheet.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(raw: bytes, member: str, change) -> bytes:
    """The same zip with one member's bytes passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data) if info.filename == member else data)
    return out.getvalue()


# ------------------------------------------------------------------ encodings


def test_gb18030_csv_from_excel_on_chinese_windows(real_data):
    raw = (FAC / "zh_gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the sample really exercises the fallback
    frame = load_facilities(FAC / "zh_gb18030.csv", real_data.places)
    assert frame.attrs["encoding"] == "GB18030" and frame.attrs["format"] == "csv"
    assert list(frame["name"]) == ["示例工厂甲", "示例再制造基地", "示例供应链，有限公司, 成都", "示例化工园区"]
    assert list(frame["prefecture"]) == ["wuxi", "chengdu", "chengdu", "yichang"]
    assert list(frame["line"]) == [2, 3, 4, 5]
    assert frame["year"].tolist()[:3] == [2019, 2020, 2018] and frame["year"].isna().tolist()[3]


def test_decoding_reports_the_encoding_and_drops_the_bom():
    assert decode_text("\ufeff名称".encode()) == DecodedText("名称", "UTF-8", bom=True)
    assert decode_text("名称".encode("gb18030")) == DecodedText("名称", "GB18030")
    with pytest.raises(UndecodableText) as info:
        decode_text(b"a\nb\n\xff")
    assert (info.value.kind, info.value.line, info.value.byte) == ("unknown", 3, 0xFF)


def test_utf8_with_bom_and_crlf(real_data):
    raw = "\ufeffname,category,city,year\r\nA,绿色工厂,wuxi,2019\r\n\r\nB,b,无锡市,2020\r\n".encode()
    frame = parse_facilities(raw, "f.csv", real_data.places)
    assert frame.attrs["encoding"] == "UTF-8"
    assert list(frame["line"]) == [2, 4]  # the blank line 3 is skipped but still counted
    assert list(frame["category"]) == ["绿色工厂", "b"]


@pytest.mark.parametrize(
    ("raw", "fragments"),
    [
        ("name,category,city\nA,b,wuxi\n".encode("utf-16"), ["UTF-16", "CSV UTF-8"]),
        (b"name,category,city\nA,b,\xff\n", ["f.csv:2: ", "not valid UTF-8", "not GB18030", "CSV UTF-8"]),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), [".xls workbook", ".xlsx, or as CSV UTF-8"]),
        (b"name,category,city\nA\x00,b,wuxi\n", ["f.csv:2: ", "NUL bytes"]),
    ],
)
def test_undecodable_files_name_the_file_and_say_what_to_save(raw, fragments, real_data):
    (text,) = _problems(raw, real_data.places)
    assert text.startswith("f.csv")
    for fragment in fragments:
        assert fragment in text


def test_gb18030_catalogue_is_accepted(tiny_places):
    text = (TEST_DATA / "catalogue_valid.yaml").read_text(encoding="utf-8")
    raw = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert parse_catalogue(raw, "c.yaml", tiny_places) == parse_catalogue(text.encode(), "c.yaml", tiny_places)


# ------------------------------------------------------------------ xlsx


def test_xlsx_first_sheet_with_numbers_and_dates(real_data):
    raw = _workbook({
        "名单": [
            ["企业名称", "类别", "所在地", "年度", None],  # a trailing empty header cell is formatting
            ["示例甲", "绿色工厂", "无锡市", 2019.0],
            [None],
            ["示例乙", "绿色工厂", "彭州", dt.datetime(2020, 5, 1)],
            ["示例丙", "绿色园区", "宜昌", 2021],
            [12345.0, "绿色园区", "宜昌", 2022],  # a number typed as a name is still its digits
        ],
        "other": [["colour"], ["red"]],
    })  # fmt: skip
    # openpyxl writes 2019.0 as <v>2019</v>; other writers keep the ".0", which reads back as a float.
    raw = _rewrite(raw, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"<v>12345</v>", b"<v>12345.0</v>"))
    frame = parse_facilities(raw, "f.xlsx", real_data.places)
    assert frame.attrs == {"format": "xlsx", "encoding": None, "sheet": "名单"}
    assert list(frame["year"]) == [2019, 2020, 2021, 2022]
    assert list(frame["line"]) == [2, 4, 5, 6]  # sheet rows, the empty row 3 counted
    assert list(frame["prefecture"]) == ["wuxi", "chengdu", "yichang", "yichang"]
    assert frame["name"].iloc[3] == "12345"


def test_xlsx_formulas_are_never_evaluated(real_data):
    # openpyxl stores no cached result, so data_only reads None: the formula is not run, and the
    # row is reported like any other empty cell rather than filled in.
    raw = _workbook({"s": [["name", "category", "city"], ["=1+1", "b", "wuxi"], ["B", "b", "=A2"]]})
    problems = _problems(raw, real_data.places)
    assert problems == ["f.csv:2: name: name is empty", "f.csv:3: city: neither city nor lon/lat given"]


def test_xlsx_named_sheet_and_row_numbers_in_problems(real_data):
    raw = _workbook({"说明": [["notes"]], "facilities": [["name", "category", "city"], [], ["A", "b", "Suzhou"]]})
    problems = _problems(raw, real_data.places, sheet="facilities")
    assert problems[0].startswith("f.csv:3: city: 'Suzhou' could be any of")
    assert "no sheet named 'nope'; the workbook has '说明', 'facilities'" in _problems(raw, real_data.places,
                                                                                        sheet="nope")[0]  # fmt: skip
    assert "unknown column(s) 'notes'" in _problems(raw, real_data.places)[0]  # the first sheet by default


def _claim_size(raw: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the zip's central directory declares for ``member``."""
    name = member.encode()
    at = raw.index(b"PK\x01\x02")
    while raw[at + 46 : at + 46 + len(name)] != name:
        at = raw.index(b"PK\x01\x02", at + 4)
    return raw[: at + 24] + struct.pack("<I", size) + raw[at + 28 :]


def test_xlsx_zip_bomb_is_refused_before_unpacking(real_data):
    raw = _workbook({"s": [["name", "category", "city"], ["A", "b", "wuxi"]]})
    assert len(parse_facilities(raw, "f.xlsx", real_data.places)) == 1
    member = next(n for n in zipfile.ZipFile(io.BytesIO(raw)).namelist() if n.startswith("xl/worksheets/"))
    bomb = _claim_size(raw, member, 0xFFFF0000)
    (text,) = _problems(bomb, real_data.places)
    assert "the workbook unpacks to" in text and "the limit is 268,435,456" in text
    (text,) = _problems(raw, real_data.places, max_unzipped=1_000)
    assert "the workbook unpacks to" in text and "the limit is 1,000" in text


def test_broken_xlsx_is_a_problem_not_a_crash(real_data):
    (text,) = _problems(b"PK\x03\x04" + bytes(100), real_data.places)
    assert "not a readable .xlsx workbook" in text


# ------------------------------------------------------------------ headers, separators, caps


@pytest.mark.parametrize(("line", "kind"), [("name;category;city", "semicolon"), ("name\tcategory\tcity", "tab")])
def test_other_separators_get_a_hint(line, kind, real_data):
    (text,) = _problems(f"{line}\nA;b;wuxi\n".encode(), real_data.places)
    assert f"this looks {kind}-separated; save as comma-separated CSV" in text


def test_a_million_rows_are_refused_by_count(real_data):
    raw = b"name,category,city\n" + b"A,b,wuxi\n" * 1_000_000
    (text,) = _problems(raw, real_data.places)
    assert text == "f.csv:200002: (file): more than 200,000 facilities Hint: split the file"
    (text,) = _problems(b"name,category,city\n" + b"A,b,wuxi\n" * 11, real_data.places, max_rows=10)
    assert "more than 10 facilities" in text


def test_byte_cap_is_a_parameter(real_data):
    (text,) = _problems(b"name,category,city\nA,b,wuxi\n", real_data.places, max_bytes=10)
    assert "the limit is 10" in text


# ------------------------------------------------------------------ messages


def test_problem_stays_backwards_compatible():
    plain = Problem("f.csv", 3, "city", "unknown place id 'x'", "did you mean y?")
    coded = problem("f.csv", 3, "city", "facilities.city_unknown", city="x", suggestions="y")
    assert str(plain) == str(coded) == "f.csv:3: city: unknown place id 'x' Hint: did you mean y?"
    assert plain == coded and hash(plain) == hash(coded)
    assert coded.code == "facilities.city_unknown" and coded.args == {"city": "x", "suggestions": "y"}
    assert problem_text(coded, "en") == str(coded)
    assert problem_text(coded, "zh") == "f.csv:3：city：未知地点 'x' 提示：是否为 y？"
    assert problem_text(plain, "zh") == str(plain)  # no code: English rather than nothing
    with pytest.raises(TypeError):
        Problem("f", 1, "k", "m", args={"x": object()})


def test_every_template_formats_in_both_languages():
    names = {n for t in TEMPLATES.values() for s in t if s for _, n, _, _ in string.Formatter().parse(s) if n}
    args = {n: 1234 for n in names} | {"city": "{0.__class__}"}
    for code in TEMPLATES:
        item = problem("f.csv", 2, "k", code, **args)
        assert "{" not in item.message.replace("{0.__class__}", ""), code
        zh = problem_text(item, "zh")
        assert zh != str(item) and "{" not in zh.replace("{0.__class__}", ""), code


def test_data_is_never_template_source(real_data):
    (text,) = _problems(b"name,category,city\nA,b,{0.__class__.__mro__}\n", real_data.places)
    assert "unknown place id '{0.__class__.__mro__}'" in text


def test_load_facilities_reads_an_xlsx_path(tmp_path, real_data):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(_workbook({"s": [["名称", "类别", "城市"], ["示例", "绿色工厂", "无锡"]]}))
    frame = load_facilities(path, real_data.places)
    assert list(frame["prefecture"]) == ["wuxi"] and frame.attrs["format"] == "xlsx"


def test_xlsx_rows_are_sheet_rows_when_the_table_starts_lower_and_further_right(real_data):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"], sheet["E3"] = "name", "category", "city"
    sheet["C4"], sheet["D4"], sheet["E4"] = "A", "b", "wuxi"
    sheet["C6"], sheet["D6"], sheet["E6"] = "B", "b", "Suzhou"  # ambiguous: reported on its sheet row
    out = io.BytesIO()
    book.save(out)
    (text,) = _problems(out.getvalue(), real_data.places)
    assert text.startswith("f.csv:6: city: 'Suzhou' could be any of"), text
    sheet.delete_rows(6)
    out = io.BytesIO()
    book.save(out)
    frame = parse_facilities(out.getvalue(), "f.xlsx", real_data.places)
    assert list(frame["line"]) == [4] and list(frame["prefecture"]) == ["wuxi"]
