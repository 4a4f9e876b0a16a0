"""Problem messages in English and Chinese, made from a code and plain values.

Every problem the facilities reader (and the shared text decoder) reports is built here from a
``code`` and ``args``. The English text becomes ``Problem.message``/``hint`` (what ``str(problem)``
shows, as before); :func:`problem_text` renders the same problem in the user's language.

Safety: the templates below are ours and only ours. Data (file names, cell values, place names)
arrives only through ``args``, which :class:`~geo.errors.Problem` restricts to plain ``str`` and
``int``; ``str.format`` inserts them as values and never parses them, so a cell holding ``{0.__class__}``
prints as itself. Never build a template from data, and never pass objects with attributes as args.
"""

from __future__ import annotations

from typing import NamedTuple

from geo.errors import Problem


class Template(NamedTuple):
    """English and Chinese message, with optional hints; ``{name}`` fields are filled from args."""

    en: str
    zh: str
    hint_en: str | None = None
    hint_zh: str | None = None


_SAVE_CSV = "save it as “CSV UTF-8 (comma delimited)” (Excel: File › Save As)"
_SAVE_CSV_ZH = "请另存为“CSV UTF-8（逗号分隔）”（Excel：文件 › 另存为）"

TEMPLATES: dict[str, Template] = {
    # Shared by every upload decoded with geo.decoding (catalogue YAML and facilities CSV).
    "text.undecodable": Template(
        "byte 0x{byte} is not valid UTF-8, and the file is not GB18030 either",
        "字节 0x{byte} 不是有效的 UTF-8，文件也不是 GB18030 编码",
        "save the file as UTF-8", "请将文件保存为 UTF-8 编码"),
    "text.utf16": Template(
        "the file is UTF-16 text; expected UTF-8 or GB18030", "文件是 UTF-16 编码；应为 UTF-8 或 GB18030",
        "save the file as UTF-8", "请将文件保存为 UTF-8 编码"),
    "facilities.undecodable": Template(
        "byte 0x{byte} is not valid UTF-8, and the file is not GB18030 either",
        "字节 0x{byte} 不是有效的 UTF-8，文件也不是 GB18030 编码", _SAVE_CSV, _SAVE_CSV_ZH),
    "facilities.utf16": Template(
        "the file is UTF-16 text (Excel's “Unicode Text”); expected UTF-8 or GB18030",
        "文件是 UTF-16 编码（Excel 的“Unicode 文本”）；应为 UTF-8 或 GB18030", _SAVE_CSV, _SAVE_CSV_ZH),
    "facilities.binary": Template(
        "the file contains NUL bytes: it is not CSV text", "文件含有 NUL 字节，不是 CSV 文本", _SAVE_CSV, _SAVE_CSV_ZH),
    "facilities.xls": Template(
        "an Excel 97–2003 .xls workbook cannot be read", "无法读取 Excel 97–2003 .xls 工作簿",
        "save it as .xlsx, or as CSV UTF-8", "请另存为 .xlsx 或 CSV UTF-8"),
    "facilities.too_big": Template(
        "file is {size:,} bytes; the limit is {limit:,}", "文件大小为 {size:,} 字节，上限为 {limit:,}",
        "split the file", "请拆分文件"),
    "facilities.unreadable": Template("cannot read the file: {reason}", "无法读取文件：{reason}"),
    "facilities.empty": Template(
        "the file is empty", "文件为空",
        "the first line names the columns: {columns}", "第一行应为列名：{columns}"),
    "facilities.separator": Template(
        "the first line is separated by {separator} instead of commas", "第一行以{separator_zh}而非逗号分隔",
        "this looks {kind}-separated; save as comma-separated CSV (CSV UTF-8)",
        "文件似乎以{separator_zh}分隔；请另存为逗号分隔的 CSV（CSV UTF-8）"),
    "facilities.header_unknown": Template(
        "expected columns {expected}; got unknown column(s) {unknown}",
        "应有列 {expected}；发现未知列 {unknown}",
        "accepted column names: {accepted}", "可用列名：{accepted}"),
    "facilities.header_missing": Template(
        "expected columns {expected}; missing {missing}", "应有列 {expected}；缺少 {missing}",
        "name and category are required, with city or lon and lat", "名称、类别为必填，另需城市或经度与纬度"),
    "facilities.header_duplicate": Template(
        "columns {first!r} and {second!r} both mean {column!r}", "列 {first!r} 与 {second!r} 都表示 {column!r}",
        "keep one of the two columns", "请只保留其中一列"),
    "facilities.header_blank": Template(
        "column {number} has no name", "第 {number} 列没有列名",
        "name it or delete the column", "请填写列名或删除该列"),
    "facilities.too_many_rows": Template(
        "more than {limit:,} facilities", "设施超过 {limit:,} 个", "split the file", "请拆分文件"),
    "facilities.field_count": Template(
        "expected {expected} fields, got {got}", "应有 {expected} 个字段，实际 {got} 个",
        "quote fields that contain commas", "含逗号的字段请加引号"),
    "facilities.field_count_quote": Template(
        "expected {expected} fields, got {got}", "应有 {expected} 个字段，实际 {got} 个",
        "this row runs on to line {end}: a quote is probably unbalanced",
        "该行一直延续到第 {end} 行：可能有未配对的引号"),
    "facilities.field_count_sheet": Template(
        "expected {expected} cells, got {got}", "应有 {expected} 个单元格，实际 {got} 个",
        "a value lies right of the last named column: delete it or give its column a header",
        "有数值位于最后一个列名的右侧：请删除该值或为该列填写列名"),
    "facilities.runaway_field": Template(
        "a field is over 128 KiB, probably an unbalanced quote starting at line {line}",
        "某字段超过 128 KiB，可能是从第 {line} 行开始的引号未配对",
        "close the quote (\"…\") or remove it", "请补全或删除该引号"),
    "facilities.csv_error": Template("cannot read the CSV: {error}", "无法读取 CSV：{error}"),
    "facilities.empty_value": Template("{column} is empty", "{column} 为空"),
    "facilities.too_long": Template(
        "{column} is {length:,} characters; at most {limit:,}", "{column} 长 {length:,} 个字符，上限 {limit:,}"),
    "facilities.control": Template(
        "{column} contains the control character U+{codepoint}", "{column} 含有控制字符 U+{codepoint}",
        "delete it: it is invisible or reorders the text", "请删除：该字符不可见或会打乱文字顺序"),
    "facilities.year": Template(
        "expected a year such as 2019, got {value!r}", "年份应为 2019 这样的整数，实际为 {value!r}",
        "a whole year from 1949 to 2100", "1949–2100 之间的整年"),
    "facilities.swapped": Template(
        "({lon}, {lat}) looks like latitude, longitude", "({lon}, {lat}) 看起来是纬度、经度",
        "swap the two columns", "请交换两列"),
    "facilities.coordinates": Template(
        "expected decimal degrees (longitude, latitude), got ({lon!r}, {lat!r})",
        "经纬度应为十进制度数（经度，纬度），实际为 ({lon!r}, {lat!r})"),
    "facilities.city_unknown": Template(
        "unknown place id {city!r}", "未知地点 {city!r}", "did you mean {suggestions}?", "是否为 {suggestions}？"),
    "facilities.city_unknown_plain": Template(
        "unknown place id {city!r}", "未知地点 {city!r}",
        "write a place id (wuxi) or a city or county name (无锡市, 彭州)",
        "请填写地点 id（wuxi）或地市、区县名称（无锡市、彭州）"),
    "facilities.city_ambiguous": Template(
        "{city!r} could be any of {candidates}", "{city!r} 可能指 {candidates_zh}",
        "write the place id, or add the province or prefecture (江苏省苏州市)",
        "请填写地点 id，或加上省份或地市（江苏省苏州市）"),
    "facilities.no_location": Template("neither city nor lon/lat given", "既没有城市，也没有经纬度"),
    "facilities.outside": Template(
        "({lon}, {lat}) is outside the belt's prefectures", "({lon}, {lat}) 不在长江经济带的地市范围内"),
    "facilities.contradiction": Template(
        "city={city} but ({lon}, {lat}) is in {found}", "城市为 {city}，但 ({lon}, {lat}) 位于{found_zh}",
        "{city} is in {expected}; correct the city or the coordinates, or leave one of them empty",
        "{city} 属于{expected_zh}；请改正城市或经纬度，或只填其一"),
    "facilities.no_rows": Template("no facilities in the file", "文件中没有设施"),
    "facilities.xlsx_unreadable": Template(
        "not a readable .xlsx workbook: {error}", "无法读取 .xlsx 工作簿：{error}",
        "open it in Excel and save it again, or save it as CSV UTF-8", "请用 Excel 打开后重新保存，或另存为 CSV UTF-8"),
    "facilities.xlsx_too_big": Template(
        "the workbook unpacks to {size:,} bytes; the limit is {limit:,}",
        "工作簿解压后为 {size:,} 字节，上限为 {limit:,}",
        "keep only the facilities sheet, or save it as CSV UTF-8", "请只保留设施工作表，或另存为 CSV UTF-8"),
    "facilities.xlsx_no_sheet": Template(
        "no sheet named {sheet!r}; the workbook has {sheets}", "没有名为 {sheet!r} 的工作表；现有工作表：{sheets}"),
    "facilities.more_problems": Template(
        "{count:,} more problems are not listed", "另有 {count:,} 处问题未列出",
        "fix these and load the file again", "请先修正以上问题后重新加载"),
}  # fmt: skip


def problem(path: str, line: int | None, key: str, code: str, /, **args: str | int) -> Problem:
    """Build a :class:`Problem` whose English message and hint come from ``TEMPLATES[code]``.

    Parameters
    ----------
    path, line, key : str, int or None, str
        Where the problem is, as in :class:`~geo.errors.Problem`.
    code : str
        A key of :data:`TEMPLATES`.
    **args : str or int
        The values the templates name; plain ``str``/``int`` only (data, never template text).

    Returns
    -------
    Problem
    """
    template = TEMPLATES[code]
    hint = template.hint_en.format(**args) if template.hint_en else None
    return Problem(path, line, key, template.en.format(**args), hint, code=code, args=args)


def problem_text(item: Problem, lang: str = "en") -> str:
    """Render a problem in ``lang`` (``"en"`` or ``"zh"``).

    Parameters
    ----------
    item : Problem
        Any problem; one without a known ``code`` is shown as ``str(item)``.
    lang : str
        ``"zh"`` for Chinese; anything else gives English, exactly ``str(item)``.

    Returns
    -------
    str
        ``path:line: key: message 提示：hint`` in the chosen language.
    """
    template = TEMPLATES.get(item.code or "")
    if lang != "zh" or template is None:
        return str(item)
    try:
        message = template.zh.format(**item.args)
        hint = template.hint_zh.format(**item.args) if template.hint_zh else None
    except (KeyError, IndexError, ValueError):
        # Args that do not fit the template (a problem built by hand): English is better than nothing.
        return str(item)
    where = f"{item.path}:{item.line}" if item.line is not None else item.path
    text = f"{where}：{item.key or '（文件）'}：{message}"
    return f"{text} 提示：{hint}" if hint else text


__all__ = ["TEMPLATES", "Template", "problem", "problem_text"]
