"""The measures × places table as a plain DataFrame (what the app shows and CSV/XLSX export), and the table of
the listed sites of the view (the ``sites-csv`` format, and the XLSX's second sheet)."""

from __future__ import annotations

import csv
import io

import pandas as pd

from geo.dataset import Dataset
from geo.filters import apply_filter
from present.i18n import label, t


def table_frame(data: Dataset, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per measure and place, localised headers and labels, no geometry."""
    provinces = data.places.provinces
    zh = lang == "zh"

    def province_name(pid):
        return "" if not isinstance(pid, str) else provinces.loc[pid, "name_zh" if zh else "name_en"]

    return pd.DataFrame(
        {
            t("col_measure", lang): table["title_zh" if zh else "title_en"].to_numpy(),
            t("col_place", lang): table["name_zh" if zh else "name_en"].to_numpy(),
            t("col_level", lang): [t(f"level_{v}", lang) for v in table["level"]],
            t("col_role", lang): [label("role", v, lang) for v in table["role"]],
            t("col_category", lang): [label("category", v, lang) for v in table["category"]],
            t("col_province", lang): [province_name(v) for v in table["province"]],
            t("col_reach", lang): [label("reach", v, lang) if isinstance(v, str) else "" for v in table["reach"]],
            t("col_source", lang): (table["source_document"] + ", " + table["source_section"]).to_numpy(),
            t("col_id", lang): table["measure_id"].to_numpy(),
            t("col_place_id", lang): table["place_id"].to_numpy(),
        }
    )


# What starts a formula in Excel, LibreOffice or Google Sheets, also in full width (Excel folds ＝ to =).
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
# Spreadsheets skip these before looking for a formula start ("\r=1" and " =1" are formulas too).
_LEADING = " \t\r\n\u3000\u00a0"


def formula_safe(value: object) -> object:
    """A cell value no spreadsheet runs as a formula: text whose first visible character (after any leading
    whitespace, tab, CR or LF) starts a formula, or which starts with a tab or CR, gets a leading apostrophe."""
    if not isinstance(value, str) or not value:
        return value
    stripped = value.lstrip(_LEADING)
    if value[0] in "\t\r" or stripped[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(formula_safe)


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads the Chinese text correctly), every cell quoted and
    CRLF line ends, so a CR, LF, comma or quote inside a cell can never start a new row or cell."""
    text = _spreadsheet_safe(frame).to_csv(index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "measures", more: dict[str, pd.DataFrame] | None = None) -> bytes:
    """An XLSX workbook of the table, and of ``more`` tables on further sheets (sheet name → table); text cells
    are stored as text, never formulas."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, table in {sheet: frame, **(more or {})}.items():
            _spreadsheet_safe(table).to_excel(writer, index=False, sheet_name=name)
            ws = writer.sheets[name]
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # openpyxl reads any text starting with "=" as a formula
                        cell.data_type = "s"
            for column in ws.columns:
                width = max(len(str(c.value or "")) for c in column[:200])
                ws.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    return buf.getvalue()


def place_frame(data: Dataset, table: pd.DataFrame, level: str, pid: str, lang: str) -> pd.DataFrame:
    """The measures of ``table`` that apply to one place, own first then inherited: one row per measure, named
    place and role, with how it applies (``col_via``) and what the catalogue names (``f_named``)."""
    from geo.join import measures_for_place
    from present.i18n import name_of

    place = data.places.get(level, pid)
    rows = measures_for_place(table, data.places, pid, level)
    frame = table_frame(data, rows.assign(level=place.level, province=place.province, reach=place.reach), lang)
    frame[t("col_place", lang)] = name_of(place, lang)
    frame[t("col_place_id", lang)] = place.id
    named = []
    for named_level, named_id in zip(rows["named_level"], rows["named_id"], strict=True):
        hit = None if named_level in ("belt", "group", "reach") else data.places.get(named_level, named_id)
        named.append(name_of(hit, lang) if hit else label(named_level, named_id, lang))
    frame.insert(1, t("col_via", lang), [t(f"via_{v}", lang) for v in rows["via"]])
    frame.insert(3, t("f_named", lang), named)
    return frame


def view_table(job) -> pd.DataFrame:
    """What a table export holds: the selected place's measures when a place is selected (unless the whole view
    is asked for), else the view's measures × places."""
    table = apply_filter(job.data.table, job.spec)
    selected = job.options.selected
    if selected and not getattr(job.options, "whole_view", False) and job.data.places.get(*selected) is not None:
        return place_frame(job.data, table, *selected, job.options.lang)
    return table_frame(job.data, table, job.options.lang)


def sites_frame(sites, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per listed site: its list, batch (or a zone's level and approval), name, company, leading
    industries, where it was placed (place, level, province), how, and its citation; localised headers."""
    from present.sites_view import site_where

    def zone(row) -> str:
        if row.list != "dev_zone":
            return ""
        level = label("zone_level", row.approval_level, lang) if row.approval_level else ""
        return " · ".join(x for x in (level, row.zone_type, row.approved) if x)

    def cited(row) -> tuple[str, str]:
        src = sites.citation(row.citation)
        title = f"{src['title']} ({src['published']})" if src.get("published") else src["title"]
        return title, src.get("notice_url") or src.get("pdf_url") or ""

    records = list(rows.itertuples(index=False))
    citations = [cited(r) for r in records]
    places = sites.places if sites is not None else None
    return pd.DataFrame(
        {
            t("col_site_list", lang): [label("site_list", r.list, lang) for r in records],
            t("col_batch", lang): [label("batch", r.batch, lang) if r.batch else "" for r in records],
            t("col_zone", lang): [zone(r) for r in records],
            t("col_site_name", lang): [r.name for r in records],
            t("col_company", lang): [r.company for r in records],
            t("col_industries", lang): [r.industries for r in records],
            t("col_place", lang): [site_where(places, r, lang) for r in records],
            t("col_level", lang): [t(f"level_{r.place_level}", lang) for r in records],
            t("col_method", lang): [label("site_method", r.method, lang) for r in records],
            t("col_citation", lang): [c[0] for c in citations],
            t("col_citation_url", lang): [c[1] for c in citations],
            t("col_site_id", lang): [r.id for r in records],
            t("col_place_id", lang): [r.place_id for r in records],
        }
    )


def view_sites(job) -> pd.DataFrame:
    """What a sites table holds: the sites in the selected place (its counties' included) when a place is selected
    (unless the whole view is asked for), else every site the view's filters keep; none without sites."""
    from geo.sites import COLUMNS
    from present.sites_view import ordered_sites, place_sites

    sites = job.sites
    if sites is None:
        return sites_frame(None, pd.DataFrame(columns=list(COLUMNS), dtype=str), job.options.lang)
    selected = job.options.selected
    place = sites.places.get(*selected) if selected else None
    if place is not None and not getattr(job.options, "whole_view", False):
        rows = place_sites(sites, place, job.spec).rows
    else:
        rows = ordered_sites(sites.filtered(job.spec))
    return sites_frame(sites, rows, job.options.lang)


def csv_export(job) -> bytes:
    """The view's table (or the selected place's) as CSV."""
    return to_csv(view_table(job))


def sites_csv_export(job) -> bytes:
    """The view's listed sites (or the selected place's) as CSV."""
    return to_csv(view_sites(job))


def xlsx_export(job) -> bytes:
    """The view's table (or the selected place's) as XLSX; its listed sites on a second sheet, ``sites``."""
    more = {"sites": view_sites(job)} if job.sites is not None else None
    return to_xlsx(view_table(job), more=more)


__all__ = [
    "FORMULA_STARTS",
    "csv_export",
    "formula_safe",
    "place_frame",
    "sites_csv_export",
    "sites_frame",
    "table_frame",
    "to_csv",
    "to_xlsx",
    "view_sites",
    "view_table",
    "xlsx_export",
]
