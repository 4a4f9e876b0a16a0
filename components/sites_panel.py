"""The panel's "Listed here": what the green-manufacturing lists and the 2018 zone catalogue hold for the
selected place (present/sites_view.py decides what; this module shows it).

Parks and zones are listed by name (zones with their leading industries); factories, supply-chain firms
and products are folded (built only when opened). Every entry names its batch; the sources are cited
under the lists. Site names are untrusted text: they go through ``escape_markdown``.
"""

from __future__ import annotations

import streamlit as st

from geo.filters import FilterSpec
from geo.places import Place
from geo.sites import Sites
from present.escaping import escape_markdown as md
from present.i18n import label, name_of, t
from present.sites_view import PlaceSites, counts_table, place_sites, site_detail, site_where

DIRECT_ZONES = 30  # zones listed in the panel itself; the rest in a fold
FOLDED = ("green_factory", "green_supply_chain", "green_product")


def _line(sites: Sites, row, lang: str, *, where: bool) -> str:
    name = f"**{md(row.name)}**"
    if row.list == "green_product" and row.company:
        name += f" — {md(row.company)}"
    parts = [site_detail(row, lang)]
    if where:
        parts.append(site_where(sites.places, row, lang))
    if row.place_level == "province":
        parts.append(label("site_method", "province_only", lang))
    return f"- {name} · {md(' · '.join(parts))}"


def _counts(ps: PlaceSites, lang: str) -> None:
    """One line per list: its total, then the number in each batch (a narrow panel has no room for a table)."""
    table = counts_table(ps, lang)
    if table.empty:
        return
    total = table.columns[-1]
    lines = []
    for name, row in table.iterrows():
        by_batch = [f"{md(col)}: {int(n)}" for col, n in row.drop(total).items() if n and col != "—"]
        lines.append(f"- **{md(name)}: {int(row[total])}**" + (f" — {' · '.join(by_batch)}" if by_batch else ""))
    st.markdown("\n".join(lines))


def _sources(sites: Sites, ps: PlaceSites, lang: str) -> None:
    cited = []
    for cid in sorted(set(ps.rows["citation"])):
        src = sites.citation(cid)
        url = src.get("notice_url") or src.get("pdf_url") or ""
        text = md(src.get("title") or cid)
        if src.get("published"):
            text += f" ({md(src['published'])})"
        if url.startswith("https://") and not any(c in url for c in "()<> \n"):
            text = f"[{text}]({url})"
        cited.append(text)
    if cited:
        st.caption(f"{md(t('sites_sources', lang))}: " + "; ".join(cited))


def _folded_list(sites: Sites, ps: PlaceSites, lst: str, lang: str, where: bool) -> None:
    rows = ps.of(lst)
    if rows.empty:
        return
    box = st.expander(f"{label('site_list', lst, lang)} ({len(rows)})", key=f"p_sites_{lst}", on_change="rerun")
    if box.open:
        with box:
            st.markdown("\n".join(_line(sites, r, lang, where=where) for r in rows.itertuples(index=False)))


def render(sites: Sites, place: Place, spec: FilterSpec, lang: str, site: str | None = None) -> None:
    """The "Listed here" section of the panel for ``place`` (the site clicked on the map first, if any)."""
    ps = place_sites(sites, place, spec)
    st.markdown(f"##### {md(t('sites_here', lang))} ({ps.total})")
    if not ps.total:
        st.caption(md(t("sites_none", lang)))
    else:
        where = place.level not in ("county", "area")
        if site is not None and site in set(ps.rows["id"]):
            row = next(ps.rows[ps.rows["id"] == site].itertuples(index=False))
            st.markdown(f"{md(t('sites_selected', lang))}:\n\n" + _line(sites, row, lang, where=where))
        _counts(ps, lang)
        for lst in ("green_park", "dev_zone"):
            rows = ps.of(lst)
            if rows.empty:
                continue
            st.markdown(f"**{md(label('site_list', lst, lang))} ({len(rows)})**")
            lines = [_line(sites, r, lang, where=where) for r in rows.head(DIRECT_ZONES).itertuples(index=False)]
            st.markdown("\n".join(lines))
            if len(rows) > DIRECT_ZONES:
                rest = ps.rows[ps.rows["list"] == lst].iloc[DIRECT_ZONES:]
                box = st.expander(t("sites_more", lang, n=len(rest)), key=f"p_sites_more_{lst}", on_change="rerun")
                if box.open:
                    with box:
                        st.markdown("\n".join(_line(sites, r, lang, where=where) for r in rest.itertuples(index=False)))
        for lst in FOLDED:
            _folded_list(sites, ps, lst, lang, where)
        province_only = int((ps.rows["place_level"] == "province").sum())
        if province_only and place.level == "province":
            st.caption(md(t("sites_province_only_here", lang, n=province_only)))
        _sources(sites, ps, lang)
    if ps.province_only_elsewhere:
        province = sites.places.get("province", place.province)
        st.caption(md(t("sites_province_only", lang, n=ps.province_only_elsewhere, province=name_of(province, lang))))


__all__ = ["render"]
