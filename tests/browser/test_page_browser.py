"""The page around the map (issues 12 and 13): a language switch that keeps the view, the panel's summary of Wuxi,
Chinese glyphs on a machine with no Chinese system font, and a city marker reached and chosen with the keyboard.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from geo.join import measures_for_place
from present.i18n import t
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Guarded
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CONTROLLER = "document.querySelector('.yreb-map-root').__yrebMap"
WEB_FONT = "YREB Noto Sans CJK SC"  # the family .streamlit/config.toml serves from the app's static files


def drawn_ids(page) -> list[str]:
    return sorted(page.evaluate(f"() => Object.keys({CONTROLLER}.cities)"))


# What each select box and multiselect of the sidebar shows, by its label: the chosen values, else the placeholder.
WIDGETS_SHOWN = """() => Object.fromEntries([...document.querySelectorAll(
    '[data-testid="stSidebar"] :is([data-testid="stSelectbox"], [data-testid="stMultiSelect"])')].map((w) => {
  const input = w.querySelector('.react-aria-ComboBox input[role="combobox"]');
  const tags = [...w.querySelectorAll('.react-aria-ComboBox [data-tag]')].map((t) => t.getAttribute('aria-label'));
  return [input.getAttribute('aria-label'), tags.length ? tags.join(', ') : input.value || input.placeholder];
}))"""


def settled_widgets(page, lang: str) -> dict[str, str]:
    """The widgets once every label is in ``lang`` (the sidebar is sent after the map; its values are not waited
    for: they are what the test checks)."""
    check = f"Object.keys(s).every((k) => /^[\\x00-\\x7f]*$/.test(k) === {str(lang == 'en').lower()})"
    page.wait_for_function(f"() => {{ const s = ({WIDGETS_SHOWN})(); return Object.keys(s).length >= 8 && {check}; }}")
    return page.evaluate(WIDGETS_SHOWN)


def switch_language(page, to: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(to, exact=True).click()


def test_language_switch_keeps_the_filter_and_the_drawn_places(guarded, app_server):
    page = guarded.open(app_server.url + "?reach=upper").page
    page.wait_for_function(f"() => Object.keys({CONTROLLER}.cities).length < 100")  # the filtered cities
    upper = drawn_ids(page)
    assert "chengdu" in upper and "wuxi" not in upper

    switch_language(page, "中文")
    page.get_by_text("筛选", exact=True).wait_for(timeout=30_000)
    page.wait_for_url("**lang=zh**")
    assert "reach=upper" in page.url
    page.wait_for_function(f"() => {CONTROLLER}.cities.chengdu.props.name === '成都市'")  # redrawn in Chinese
    assert drawn_ids(page) == upper
    # Every widget speaks Chinese: the chosen reach, the basemap, the placeholders (no English left behind).
    shown = settled_widgets(page, "zh")
    assert shown["流域分段"] == "上游" and shown["底图"] == "离线底图（内置）" and shown["省（市）"] == "请选择", shown
    assert len(shown) >= 8 and all(text and not text.isascii() for text in shown.values()), shown

    switch_language(page, "English")
    page.get_by_text("Filters", exact=True).wait_for(timeout=30_000)
    page.wait_for_function(f"() => {CONTROLLER}.cities.chengdu.props.name === 'Chengdu'")
    assert "reach=upper" in page.url and "lang=zh" not in page.url
    assert drawn_ids(page) == upper
    shown = settled_widgets(page, "en")
    assert shown["Reach"] == "Upper reach" and shown["Basemap"] == "Offline map (built in)", shown
    assert all(text.isascii() for text in shown.values()), shown
    assert guarded.blocked == [] and guarded.dialogs == []


def panel_order(page, lang: str, title: str, other_title: str) -> list[tuple[int, str]]:
    """Where the panel's parts start in its text, in the order they are shown."""
    text = page.locator(".st-key-yreb_panel").inner_text()
    headline = t("summary_named_one", lang, titles=title)
    parts = {
        "headline": headline,
        "own heading": t("via_place", lang) + " (1)",
        "own card": f"{title}\n{other_title}",
        "listed": t("sites_here", lang),
        "inherited": t("also_applies", lang),
    }
    missing = [name for name, part in parts.items() if part not in text]
    assert not missing, (missing, text[:600])
    return sorted((text.index(part), name) for name, part in parts.items())


def test_wuxi_summary_names_its_own_measure_first(guarded, app_server, real_data):
    rows = measures_for_place(real_data.table, real_data.places, "wuxi")
    own = rows[rows.via == "place"]
    assert len(own) == 1 and len(rows) > 5  # its own measure, and many it inherits
    title_en, title_zh = own.title_en.iloc[0], own.title_zh.iloc[0]
    first = ["headline", "own heading", "own card", "listed", "inherited"]

    g = guarded.open(app_server.url, wait_city="wuxi")
    g.click_place("wuxi")
    panel = g.page.locator(".st-key-yreb_panel")
    panel.get_by_role("heading", name="Wuxi · 无锡市").wait_for(timeout=30_000)
    panel.get_by_text(t("also_applies", "en")).wait_for(timeout=30_000)  # the panel's last part has arrived
    # The summary opens with the measure named for Wuxi; its card comes next, before the sites and what it inherits.
    assert [name for _, name in panel_order(g.page, "en", title_en, title_zh)] == first
    paragraphs = panel.locator('[data-testid="stMarkdownContainer"] p').all_inner_texts()
    headline = [p for p in paragraphs if "Named in 1 measure" in p]
    assert len(headline) == 1 and headline[0].startswith(f"Named in 1 measure ({title_en}); plus "), headline

    # The same in Chinese.
    g.page.goto(app_server.url + "?lang=zh&place=wuxi")
    panel.get_by_role("heading", name="Wuxi · 无锡市").wait_for(timeout=30_000)
    panel.get_by_text(t("also_applies", "zh")).wait_for(timeout=30_000)
    assert [name for _, name in panel_order(g.page, "zh", title_zh, title_en)] == first
    assert g.blocked == [] and g.dialogs == []


def test_tab_reaches_a_city_and_enter_selects_it(guarded, app_server, real_data):
    page = guarded.open(app_server.url).page
    page.wait_for_timeout(500)  # the page settles; then a keyboard user starts at the top
    page.locator("body").focus()
    focused = None
    for _ in range(60):  # the sidebar's widgets, the header, the map, then its first marker
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const a = document.activeElement; return a && a.classList.contains('yreb-city') ? "
            "{place: a.dataset.place, name: a.getAttribute('aria-label'), role: a.getAttribute('role')} : null; }"
        )
        if focused:
            break
    assert focused, "Tab never reached a city marker"
    level, pid = focused["place"].split(":")
    place = real_data.places.get(level, pid)
    assert focused["role"] == "button" and focused["name"] == place.name_en  # an accessible name, in English

    page.keyboard.press("Enter")
    page.get_by_role("heading", name=f"{place.name_en} · {place.name_zh}").wait_for(timeout=30_000)
    page.wait_for_url(f"**place={pid}**")
    # The marker keeps the focus through the rerun; the next one is a Tab away, and Space chooses it too.
    page.keyboard.press("Tab")
    after = page.evaluate("() => document.activeElement.dataset.place")
    assert after and after != focused["place"], after
    level, pid = after.split(":")
    place = real_data.places.get(level, pid)
    page.keyboard.press(" ")
    page.get_by_role("heading", name=f"{place.name_en} · {place.name_zh}").wait_for(timeout=30_000)
    page.wait_for_url(f"**place={pid}**")
    # The ring follows when the rerun's selection reaches the map (after the panel and the address): wait for it.
    marker = page.locator(f'.yreb-city[data-place="{after}"]')
    page.wait_for_function("(m) => m.classList.contains('yreb-selected')", arg=marker.element_handle(), timeout=10_000)
    assert marker.get_attribute("class").count("yreb-selected") == 1
    assert guarded.blocked == [] and guarded.dialogs == []


# --- a Chromium that cannot use any Chinese system font ----------------------------------------------------

# Two different characters drawn on a canvas in a font: identical pixels mean both are the same
# missing-glyph box (tofu), different pixels mean real glyphs.
DISTINCT_GLYPHS = """(font) => {
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 40; c.height = 40;
    const x = c.getContext('2d'); x.font = font; x.fillStyle = '#000'; x.textBaseline = 'top';
    x.fillText(ch, 4, 4);
    return Array.from(x.getImageData(0, 0, 40, 40).data).join(',');
  };
  return draw('长') !== draw('江');
}"""

WEB_FONT_LOADED = f"""() => document.fonts.check('16px "{WEB_FONT}"', '长江') &&
  [...document.fonts].some((f) => f.family.replace(/["']/g, '') === '{WEB_FONT}' && f.status === 'loaded')"""


@pytest.fixture(scope="module")
def browser_without_cjk(browser, tmp_path_factory):
    """Chromium with fontconfig limited to Matplotlib's DejaVu faces: no Chinese system font, whatever the
    machine has installed."""
    import matplotlib

    latin = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    home = tmp_path_factory.mktemp("fontconfig")
    conf = home / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{latin}</dir><cachedir>{home / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "XDG_CONFIG_HOME": str(home), "XDG_CACHE_HOME": str(home)}
    if shutil.which("fc-list"):  # the same configuration lists no face with Chinese
        listed = subprocess.run(["fc-list", ":lang=zh"], env=env, capture_output=True, text=True, check=True)
        assert listed.stdout.strip() == "", listed.stdout
    # (from the session's Playwright: a second one cannot run in the same thread)
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
    yield b
    b.close()


def test_chinese_page_shows_chinese_glyphs_without_a_chinese_system_font(browser_without_cjk, app_server):
    g = Guarded(browser_without_cjk, app_server.url)
    try:
        page = g.open(app_server.url + "?lang=zh", wait_city="wuxi").page
        page.get_by_text("长江经济带工业绿色发展").first.wait_for(timeout=30_000)
        # This browser has no Chinese face of its own: the system's sans-serif draws every character as one box.
        assert not page.evaluate(DISTINCT_GLYPHS, "16px sans-serif")
        page.wait_for_function(WEB_FONT_LOADED, timeout=30_000)
        assert page.evaluate(DISTINCT_GLYPHS, f'16px "{WEB_FONT}"')
        # The page, the map's labels and the panel are set in it.
        title_font = page.get_by_text("长江经济带工业绿色发展").first.evaluate("(e) => getComputedStyle(e).fontFamily")
        assert WEB_FONT in title_font, title_font
        label_font = page.locator(".yreb-label-text").first.evaluate("(e) => getComputedStyle(e).fontFamily")
        assert WEB_FONT in label_font, label_font
        g.click_place("wuxi")
        heading = page.locator(".st-key-yreb_panel").get_by_role("heading", name="Wuxi · 无锡市")
        heading.wait_for(timeout=30_000)
        assert WEB_FONT in heading.evaluate("(e) => getComputedStyle(e).fontFamily")
        assert g.blocked == [] and g.dialogs == []
        if os.environ.get("YREB_UPDATE_SCREENSHOT"):
            page.wait_for_timeout(1500)
            page.screenshot(path=str(ROOT / "docs" / "screenshot-zh.png"))
    finally:
        g.close()
