"""The standalone interactive HTML export: every script, style and layer inlined, opens offline from a file.

The page is folium's (exports/web_map.py) and the drawing is the app's own runtime with the same scene
the live map gets, except that every layer travels in the file instead of being fetched.
"""

from __future__ import annotations

import base64
import re

from exports.registry import ExportJob
from exports.web_map import build_map, scene_block
from geo.basemap import Basemap, WebPolygons
from geo.dataset import Dataset
from geo.filters import FilterSpec
from present.assets import LEAFLET_DIR, leaflet_inline, runtime_inline
from present.escaping import escape_html
from present.facilities_view import POINTS_LIMIT, facilities_points, facilities_spec
from present.i18n import label
from present.scene import MapView, base_collections, filter_layers, inline, selection
from present.search import search_index
from present.sites_view import site_layers
from present.summary import place_summaries, summarise_place, summary_index
from present.web_scene import feature_styles, web_scene


def _inline_css(css: str) -> str:
    """Leaflet's CSS with its images as data URIs, for a file that must open offline."""

    def data_uri(match: re.Match) -> str:
        path = LEAFLET_DIR / match.group(1)
        if not path.is_file():
            return match.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[a-z0-9\-]+\.png)\)", data_uri, css)


def export_scene(
    data: Dataset,
    basemap: Basemap,
    web: WebPolygons,
    spec: FilterSpec,
    view: MapView,
    facilities=None,
    points_limit: int = POINTS_LIMIT,
    sites=None,
) -> dict:
    """The scene of the view with every layer inline (what :func:`standalone_html` embeds); with ``sites``, the
    site layers of the live map (the same specs, those the live map opens with shown) and sites in find-a-place."""
    lang, crs = view.lang, view.crs
    base = base_collections(basemap, web, lang, crs)
    layers = filter_layers(data, spec, lang, crs)
    sources = {key: inline(fc) for key, fc in base.items()}
    sources.update({"cities": inline(layers["cities"]), "outlines": inline(layers["outlines"])})
    sources.update({f"role-{role}": inline(fc) for role, fc in layers["roles"].items()})
    site_styles: set[str] = set()
    if sites is not None:
        for style, fc in site_layers(sites, spec, lang, crs).items():
            sources[style] = inline(fc)
            if fc["features"]:
                site_styles.add(style)
    fac = None
    if facilities is not None and len(facilities):
        fac = facilities_spec(
            facilities, data.places, lang, crs, inline(facilities_points(facilities, crs)), "export", points_limit
        )
    base_styles = set().union(*(feature_styles(fc) for fc in base.values()))
    scene = web_scene(
        view,
        sources,
        layers,
        base_styles=base_styles,
        selection=selection(data, view),
        search={"src": inline(search_index(data.places, lang, crs, sites))},
        facilities=fac,
        fit_key="export",
        site_styles=site_styles,
        all_zones=bool(spec.zone_industries),
    )
    cities = [f["properties"] for f in layers["cities"]["features"]]
    scene["summaries"] = place_summaries(data, layers["table"], cities, lang)
    add_cards(scene, data, layers["table"], cities, lang)
    return scene


def add_cards(scene: dict, data: Dataset, table, cities: list[dict], lang: str) -> None:
    """What a click on a city shows in the export, as the app's panel does: for each place the (measure id, roles,
    named place) of its own and inherited measures, and once per measure its text (``scene["measures"]``)."""
    index = summary_index(data, table, lang)
    used: set[str] = set()
    for props in cities:
        place = data.places.get(props["level"], props["id"])
        entry = scene["summaries"].get(f"{props['level']}:{props['id']}")
        if place is None or entry is None:
            continue
        s = summarise_place(data, table, place, lang, index)
        entry["cards"] = {
            "own": [[m.id, ", ".join(m.roles), m.named] for m in s.own],
            "groups": [[[m.id, ", ".join(m.roles), m.named] for m in ms] for _, _, ms in s.groups],
        }
        used |= {m.id for m in s.own} | {m.id for _, _, ms in s.groups for m in ms}
    measures = {}
    for mid in sorted(used):
        measure = data.catalogue.measure(mid)
        _title, source, quote, note = index.info[mid]
        category = label("category", measure.category, lang)
        measures[mid] = {"summary": getattr(measure.summary, lang), "category": category, "source": source,
                         "quote": quote, "note": note}  # fmt: skip
    scene["measures"] = measures


def standalone_html(
    data: Dataset,
    basemap: Basemap,
    web: WebPolygons,
    spec: FilterSpec,
    view: MapView,
    title: str,
    facilities=None,
    sites=None,
) -> str:
    """One self-contained HTML file of the interactive view: every script, style and layer inlined."""
    html = build_map().get_root().render()
    leaflet, runtime = leaflet_inline(), runtime_inline()
    img_src = "data:" + (" https:" if scene_tiles(view) else "")
    csp = (
        f"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src {img_src}; "
        "font-src data:; connect-src 'none'"
    )
    scene = export_scene(data, basemap, web, spec, view, facilities, sites=sites)
    head = (
        f'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{csp}">'
        f"<title>{escape_html(title)}</title><style>{_inline_css(leaflet['css'])}</style>"
        f"<style>{runtime['css']} html, body {{ height: 100%; margin: 0; }}</style>"
        f"<script>{leaflet['js']}</script><script>{runtime['js']}</script>{scene_block(scene)}"
    )
    return html.replace("<head>", "<head>" + head, 1)


def scene_tiles(view: MapView) -> bool:
    """Whether the export uses online tiles (then its CSP lets images load over https)."""
    from present.web_scene import tiles_for

    return tiles_for(view) is not None


def html_export(job: ExportJob) -> bytes:
    """The view as one self-contained HTML file."""
    html = standalone_html(job.data, job.basemap, job.web, job.spec, job.view, job.title, job.facilities, job.sites)
    return html.encode("utf-8")


__all__ = ["export_scene", "html_export", "standalone_html"]
