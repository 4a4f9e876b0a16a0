"""The fold "2020 targets against the green lists": the catalogue's demonstration targets against the belt's
cumulative counts on MIIT's lists, by batch, and per province; the counting rules next to the chart.

The fold is built only when opened (Altair and its chart code load then, not with every page).
"""

from __future__ import annotations

import streamlit as st

from geo.dataset import Dataset
from geo.sites import Sites
from present.escaping import escape_markdown as md
from present.i18n import label, name_of, t
from present.style import TARGET_COLOURS
from present.targets import BY_2020, by_province, catalogue_targets, cumulative

KEY = "x_targets_open"


def _short(batch: str, lang: str) -> str:
    """Axis label of a batch: 1 … 5, 2021 (the full name with its year is in the tooltip)."""
    return batch


def _chart(sites: Sites, targets, lang: str):
    import altair as alt

    counts = cumulative(sites, [x.list for x in targets])
    counts["batch_label"] = [_short(b, lang) for b in counts["batch"]]
    counts["batch_name"] = [label("batch", b, lang) for b in counts["batch"]]
    counts["by_2020"] = counts["batch"].isin(BY_2020)
    counts["list_label"] = [label("site_list", lst, lang) for lst in counts["list"]]
    order = [_short(b, lang) for b in ("1", "2", "3", "4", "5", "2021")]
    charts = []
    by_2020, after = TARGET_COLOURS["by_2020"], TARGET_COLOURS["after"]
    for n, target in enumerate(targets):
        part = counts[counts["list"] == target.list]
        base = alt.Chart(part).encode(
            x=alt.X("batch_label:N", sort=order, title=t("batch", lang), axis=alt.Axis(labelAngle=0)),
        )
        bars = base.mark_bar().encode(
            y=alt.Y("cumulative:Q", title=t("targets_listed", lang) if n == 0 else None),
            color=alt.condition("datum.by_2020", alt.value(by_2020), alt.value(after)),
            tooltip=[
                alt.Tooltip("batch_label:N", title=t("batch", lang)),
                alt.Tooltip("listed:Q"),
                alt.Tooltip("cumulative:Q"),
            ],
        )
        text = f"{t('targets_target', lang)}: {target.value:,.0f}"
        rule = alt.Chart({"values": [{"v": target.value, "t": text}]}).mark_rule(color=TARGET_COLOURS["target"],
                                                                                 strokeDash=[5, 3])  # fmt: skip
        rule = rule.encode(y="v:Q")
        note = rule.mark_text(align="left", dx=2, dy=-6, color=TARGET_COLOURS["target"]).encode(x=alt.value(0),
                                                                                             text="t:N")  # fmt: skip
        title = label("site_list", target.list, lang)
        charts.append((bars + rule + note).properties(title=title, width=125, height=170))
    return alt.hconcat(*charts).resolve_scale(y="independent")


def _province_table(sites: Sites, targets, lang: str) -> None:
    table = by_province(sites, lists=[x.list for x in targets])
    head = f"| {md(t('col_province', lang))} | " + " | ".join(md(label("site_list", c, lang)) for c in table.columns)
    lines = [head + " |", "|---" * (len(table.columns) + 1) + "|"]
    for pid, row in table.iterrows():
        name = name_of(sites.places.get("province", pid), lang)
        lines.append(f"| {md(name)} | " + " | ".join(f"{int(v):,}" for v in row) + " |")
    totals = " | ".join(f"**{int(v):,}**" for v in table.sum())
    lines.append(f"| **{md(t('sites_total', lang))}** | {totals} |")
    st.markdown("\n".join(lines))


def render(data: Dataset, sites: Sites, lang: str) -> None:
    """The targets fold (nothing when the catalogue in use has no count targets for the lists)."""
    targets = catalogue_targets(data.catalogue)
    if not targets:
        return
    box = st.expander(t("targets", lang), key=KEY, on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption(t("targets_caption", lang))
        st.altair_chart(_chart(sites, targets, lang), use_container_width=False)
        st.caption(md(t("targets_rules", lang)))
        st.markdown(f"**{md(t('targets_by_province', lang))}**")
        _province_table(sites, targets, lang)
        lists = "; ".join(sorted({sites.citation(c)["title"] for c in sites.frame["citation"].unique()
                                  if c.startswith(("miit-park", "miit-factory", "miit-product"))}))  # fmt: skip
        measures = ", ".join(sorted({x.measure for x in targets}))
        st.caption(md(t("targets_source", lang, measure=measures, lists=lists)))


__all__ = ["KEY", "render"]
