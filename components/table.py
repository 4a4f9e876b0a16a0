"""The measures × places table: a small v2 component in the page (the map runtime draws it), opened on demand.

Rows are text; columns sort on a click; with a place selected it shows the rows that apply there (its own
and inherited measures, nearest first), or the whole view. A click on a row selects its place on the map at
once; the map then tells Python, exactly as for a click on the map (no second rerun).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exports.tables import table_frame
from geo.dataset import Dataset
from geo.join import VIA_ORDER
from present.assets import check_url, publish_json
from present.i18n import name_of, t
from present.scene import inline

KEY = "table"
COLUMNS = ("measure", "place", "level", "role", "category", "province", "reach", "source", "id", "place_id")
HTML = '<div class="yreb-table-root" role="region"></div>'
BRIDGE_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector('.yreb-table-root');
  if (!root || !data) { return; }
  root.__yrebPick = setTriggerValue;
  const start = () => {
    if (root.__yrebTable) { root.__yrebTable.update(data); return; }
    root.__yrebTable = window.YrebTable.create(root, data, { pick: (p) => root.__yrebPick('pick', p) });
  };
  if (window.YrebTable) { start(); return; }
  // The map loads the runtime (one script for both); wait for it.
  const wait = setInterval(() => { if (window.YrebTable) { clearInterval(wait); start(); } }, 25);
}
"""
_COMPONENT = st.components.v2.component("yreb_table", html=HTML, js=BRIDGE_JS, isolate_styles=False)


def table_rows(data: Dataset, table: pd.DataFrame, lang: str) -> list[dict]:
    """The rows as the table shows them: the same localised cells as the CSV/XLSX export, plus the ids a row
    needs (its place, its measure, the place the catalogue named, the role)."""
    frame = table_frame(data, table, lang)
    cells = frame.astype(str).to_numpy()
    named = (table["named_level"] + ":" + table["named_id"]).to_numpy()
    return [
        {"level": level, "place": pid, "measure": mid, "named": key, "role": role,
         "cells": dict(zip(COLUMNS, row, strict=True))}
        for level, pid, mid, key, role, row in zip(table["level"], table["place_id"], table["measure_id"], named,
                                                   table["role"], cells, strict=True)
    ]  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=64)
def _rows_url(_data: Dataset, data_key: str, _table: pd.DataFrame, spec, lang: str) -> str:
    return publish_json(table_rows(_data, _table, lang))


def render(data: Dataset, table: pd.DataFrame, lang: str, selected: tuple[str, str] | None, spec,
           shared: bool = True, on_pick=None) -> None:  # fmt: skip
    """Draw the table fold (built only when opened)."""
    box = st.expander(t("table", lang, n=f"{len(table):,}"), key="x_table_open", on_change="rerun")
    if not box.open:
        return
    with box:
        place = data.places.get(*selected) if selected else None
        pin = None
        if place is not None and st.toggle(t("table_place", lang, name=name_of(place, lang)), value=True,
                                           key="table_pin"):  # fmt: skip
            keys = [(0, place.level, place.id)] + [(VIA_ORDER.index(v), lv, pid) for v, lv, pid in
                                                  data.places.ancestors(place)]  # fmt: skip
            pin = {"keys": {f"{lv}:{pid}": i for i, lv, pid in keys}}
        st.caption(t("table_hint", lang))
        rows = ({"url": check_url(_rows_url(data, data.key, table, spec, lang))} if shared
                else inline(table_rows(data, table, lang)))  # fmt: skip
        frame_labels = list(table_frame(data, table.head(0), lang).columns)
        payload = {
            "rows": rows,
            "columns": [{"key": k, "label": label} for k, label in zip(COLUMNS, frame_labels, strict=True)],
            "pin": pin,
            "selected": f"{place.level}:{place.id}" if place else None,
            "text": {"via": t("col_via", lang), "vias": [t(f"via_{v}", lang) for v in VIA_ORDER],
                     "count": t("table_count", lang)},
        }  # fmt: skip
        _COMPONENT(key=KEY, data=payload, on_pick_change=on_pick, height="content")


__all__ = ["COLUMNS", "render", "table_rows"]
