"""The scene the web runtime (present/web/yreb-map.js) draws: layer specs, sources, legend, strings, view.

:func:`web_scene` is a pure function of what :mod:`present.scene` computed plus where each layer's data
comes from: a URL the browser fetches (files the app publishes for catalogues every session shares) or
the data itself (an upload's layers, the standalone export). The live component and the HTML export call
it the same way, so the two drawings cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from present.i18n import label, t
from present.scene import MapView
from present.sites_view import COUNT_STYLES, POINT_STYLES, SHOWN_BY_DEFAULT, shown_site_styles
from present.style import (
    BELT_BOUNDS,
    MAP_OPTIONS,
    PANES,
    ROLE_SYMBOLS,
    SHAPES,
    STYLES,
    TILES,
    count_bin_label,
    legend_group,
)

BASE_KEYS = ("ocean", "land", "neighbours")
FONT_FAMILY = (
    "'Source Sans', 'YREB Noto Sans CJK SC', 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', "
    "sans-serif"
)
# Which layer draws each style: the legend shows a row only while its layer is on the map.
_STYLE_LAYER = (
    ("reach-", "reaches"),
    ("province", "provinces"),
    ("river", "rivers"),
    ("lake", "lakes"),
    ("city", "cities"),
    ("selection", "selection"),
    ("outline-", "outlines"),
    ("count-", "prefectures"),
    ("facility", "facilities"),
)


def style_layer(style: str) -> str:
    """The layer key that draws a style (``role-cluster`` and ``site-park`` are layers of their own)."""
    if style.startswith(("role-", "site-")):
        return style
    for prefix, layer in _STYLE_LAYER:
        if style.startswith(prefix):
            return layer
    raise KeyError(style)


def style_label(style: str, lang: str) -> str:
    """The legend text of a style."""
    if style.startswith("reach-"):
        return label("reach", style[6:], lang)
    if style.startswith("role-"):
        return label("role", style[5:], lang)
    if style.startswith("outline-"):
        return t("legend_outline", lang, role=label("role", style[8:], lang))
    if style.startswith("count-"):
        return count_bin_label(int(style[6:]))
    return t(f"legend_{style.replace('-', '_')}", lang)


def legend_entries(styles: Iterable[str], lang: str) -> list[dict]:
    """Legend rows for exactly these styles, in the style table's order, grouped."""
    wanted = set(styles)
    rows = []
    for style, spec in STYLES.items():
        if style in wanted:
            rows.append(
                {
                    "style": style,
                    "layer": style_layer(style),
                    "group": t(legend_group(style), lang),
                    "label": style_label(style, lang),
                    **spec,
                }
            )
    unknown = wanted - set(STYLES)
    if unknown:
        raise KeyError(f"styles without a legend entry: {sorted(unknown)}")
    return rows


def feature_styles(fc: Mapping | None) -> set[str]:
    """The style keys a FeatureCollection draws."""
    if not fc:
        return set()
    return {f["properties"]["style"] for f in fc.get("features", []) if f.get("properties", {}).get("style")}


def _layer(
    key: str,
    pane: str,
    src: dict,
    *,
    control: str | None = None,
    kind: str | None = None,
    interactive: bool = False,
    canvas: bool = True,
    show: bool = True,
    sticky: bool = False,
) -> dict:
    return {
        "key": key,
        "pane": pane,
        "src": src,
        "control": control,
        "kind": kind,
        "interactive": interactive,
        "canvas": canvas,
        "show": show,
        "sticky": sticky,
    }


def layer_specs(
    view: MapView, sources: Mapping[str, dict], roles: Iterable[str], shown: Iterable[str] = SHOWN_BY_DEFAULT
) -> list[dict]:
    """The data layers in drawing order (cities are drawn apart, as markers you can click and tab to); of the
    site layers, those in ``shown`` are on when the page opens."""
    shown = set(shown)
    lang = view.lang
    specs = []
    if view.basemap == "vector" or view.basemap not in TILES or (view.basemap == "tianditu" and not view.tianditu_key):
        specs += [_layer(k, "basemap", sources[k]) for k in BASE_KEYS]
    specs += [
        _layer(
            "reaches",
            "reaches",
            sources["reaches"],
            control=t("layer_reaches", lang),
            kind="reach",
            interactive=True,
            sticky=True,
        ),
        _layer(
            "provinces",
            "provinces",
            sources["provinces"],
            control=t("layer_provinces", lang),
            kind="province",
            interactive=True,
            sticky=True,
        ),
        _layer(
            "prefectures",
            "prefectures",
            sources["prefectures"],
            control=t("layer_prefectures", lang),
            kind="prefecture",
            interactive=True,
            sticky=True,
            show=False,
        ),
        _layer("lakes", "water", sources["lakes"], control=t("layer_lakes", lang)),
        _layer("rivers", "water", sources["rivers"], control=t("layer_rivers", lang)),
        _layer("outlines", "outlines", sources["outlines"], control=t("layer_outlines", lang)),
    ]
    # Counts per prefecture first (drawn lowest), then provincial zones, national zones and parks on top.
    site_styles = [(style, "prefecture") for style in COUNT_STYLES] + [(s, "site") for s in reversed(POINT_STYLES)]
    for style, kind in site_styles:
        if style in sources:
            park = style == "site-park"  # a marker; the canvas circles of zones are hit-tested by the runtime
            extra = {"interactive": park, "canvas": not park} if kind == "site" else {}
            name = t(f"layer_{style.replace('-', '_')}", lang)
            specs.append(_layer(style, "sites", sources[style], control=name, kind=kind, show=style in shown, **extra))
    for role in ROLE_SYMBOLS:
        if role in roles:
            specs.append(
                _layer(
                    f"role-{role}",
                    "roles",
                    sources[f"role-{role}"],
                    control=label("role", role, lang),
                    kind="role",
                    interactive=True,
                    canvas=False,
                )
            )
    return specs


def tiles_for(view: MapView) -> dict | None:
    """The tile layer of an online basemap, or None for the built-in vector one."""
    if view.basemap not in TILES or (view.basemap == "tianditu" and not view.tianditu_key):
        return None
    url, attribution, subdomains = TILES[view.basemap]
    url = url.replace("{lang}", "zh_cn" if view.lang == "zh" else "en").replace("{key}", view.tianditu_key or "")
    return {"url": url, "attribution": attribution, "subdomains": subdomains or "abc", "maxZoom": 18}


def web_scene(
    view: MapView,
    sources: Mapping[str, dict],
    layers: Mapping,
    *,
    base_styles: Iterable[str],
    selection: dict | None = None,
    focus: dict | None = None,
    report_view: bool = False,
    search: dict | None = None,
    facilities: dict | None = None,
    fit_key: str = "",
    site_styles: Iterable[str] = (),
    all_zones: bool = False,
) -> dict:
    """Everything the runtime needs to draw a view.

    Parameters
    ----------
    view : MapView
        Language, basemap, selection, Tianditu key.
    sources : mapping
        Layer key → ``{"url": ...}`` or ``{"data": ..., "sig": ...}`` for every base and filter layer
        (``ocean`` … ``rivers``, ``cities``, ``outlines``, ``role-<role>``).
    layers : mapping
        The output of :func:`present.scene.filter_layers` (for its styles, choropleth, fit and counts).
    base_styles : iterable of str
        The styles the base layers draw (reach colours, borders, water).
    selection, focus : dict, optional
        The selected place (:func:`present.scene.selection`) and a place to fly to once (``key`` changes).
    report_view : bool
        Send the map's extent back after every move (only while exports follow the view).
    search : dict, optional
        The source of the find-a-place index.
    facilities : dict, optional
        The facilities spec (see present/facilities_view.py).
    fit_key : str
        Changes when the filter changes: the map then fits ``layers["fit"]`` once.
    site_styles : iterable of str
        The site layers that have features in this view (their sources are in ``sources`` under the same
        keys, see present/sites_view.py).
    all_zones : bool
        Show provincial zones from the start too (a zone-industry filter is on: they are what was asked for).
    """
    lang = view.lang
    roles = set(layers["roles"])
    styles = set(base_styles) | feature_styles(layers["cities"]) | set(layers["choropleth"]["styles"])
    styles |= {f"role-{r}" for r in roles} | feature_styles(layers["outlines"])
    styles |= set(site_styles)
    if selection:
        styles.add("selection")
    if facilities:
        styles.add("facility-count" if facilities["mode"] == "aggregate" else "facility")
    return {
        "v": 1,
        "lang": lang,
        "options": dict(MAP_OPTIONS),
        "belt": BELT_BOUNDS,
        "panes": PANES,
        "shapes": SHAPES,
        "fontFamily": FONT_FAMILY,
        "labelFont": 12,
        "attribution": t("attribution_vector", lang),
        "text": {
            key: t(f"map_{key}", lang) for key in ("legend", "layers", "whole_belt", "which", "search", "no_match")
        },
        "basemap": {"tiles": tiles_for(view)},
        "layers": layer_specs(view, sources, roles, shown_site_styles(all_zones)),
        "cities": {
            "src": sources["cities"],
            "dim": any(
                f["properties"].get("style") in ("city-match", "city-dim") for f in layers["cities"]["features"]
            ),
        },
        "choropleth": {k: v for k, v in layers["choropleth"].items() if k != "styles"},
        "selection": selection,
        "selectionStyle": {"color": STYLES["selection"]["stroke"], "weight": 3},
        "legend": legend_entries(styles, lang),
        "view": {"fit": layers["fit"], "fitKey": fit_key, "focus": focus, "report": report_view},
        "search": search,
        "facilities": facilities,
        "hit": {"radius": 20, "tie": 4},
    }


__all__ = ["FONT_FAMILY", "feature_styles", "layer_specs", "legend_entries", "style_label", "tiles_for", "web_scene"]
