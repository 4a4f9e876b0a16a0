"""Two sessions, two uploads: B never sees A's catalogue, and uploaded facilities never land in static files.

A uploads a catalogue and leaves; B uploads another. B's map tooltips, panel, table and CSV export show only
B's titles. Then B uploads more than 20,000 facilities (the size above which the shared facilities file is
published for the browser to fetch): no file under the static folder may contain their names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import Guarded, choose_export_format
from tests.browser.test_hostile_browser import hover_every_role
from tests.browser.test_upload_browser import upload
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def _catalogue(path: Path, word: str) -> Path:
    doc = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))
    for measure in doc["measures"]:
        measure["title"]["en"] = f"{word} {measure['id']}"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _facilities(path: Path, n: int) -> Path:
    lines = ["name,category,city"] + [f"Gamma-secret-facility-{i},green factory,wuxi" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _export_csv(page) -> str:
    choose_export_format(page, "CSV")
    page.get_by_role("button", name="Prepare export").click()
    button = page.get_by_role("button", name="Download yreb-measures")
    button.wait_for(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    return Path(info.value.path()).read_text(encoding="utf-8-sig")


def test_a_leaves_b_uploads_and_sees_only_its_own(browser, app_server, tmp_path):
    alpha, beta = _catalogue(tmp_path / "alpha.yaml", "Alpha-secret"), _catalogue(tmp_path / "beta.yaml", "Beta")
    a = Guarded(browser, app_server.url)
    try:
        page = a.open(app_server.url + "?place=wuxi").page
        upload(page, alpha)
        page.get_by_text("In use: alpha.yaml").wait_for(timeout=30_000)
        a.click_place("wuxi")
        page.get_by_text("Alpha-secret").filter(visible=True).first.wait_for(timeout=30_000)
    finally:
        a.close()
    b = Guarded(browser, app_server.url)
    try:
        page = b.open(app_server.url).page
        upload(page, beta)
        page.get_by_text("In use: beta.yaml").wait_for(timeout=30_000)
        b.click_place("wuxi")
        page.get_by_text("Wuxi · 无锡市").first.wait_for(timeout=30_000)
        page.get_by_text("Beta").filter(visible=True).first.wait_for(timeout=30_000)
        tooltips = " ".join(hover_every_role(b.page))
        body = page.locator("body").inner_text()
        exported = _export_csv(page)
        for text, where in ((tooltips, "map"), (body, "page"), (exported, "csv")):
            assert "Beta" in text, where
            assert "Alpha-secret" not in text, where
        assert b.dialogs == [] and b.blocked == []
    finally:
        b.close()


def test_uploaded_facilities_are_never_written_to_static_files(browser, app_server, tmp_path):
    path = _facilities(tmp_path / "facilities.csv", 20_050)
    g = Guarded(browser, app_server.url)
    try:
        page = g.open(app_server.url).page
        expander = page.locator('[data-testid="stExpander"]', has_text="Facilities")
        expander.locator("summary").click()
        expander.locator('input[type="file"]').set_input_files(str(path))
        page.get_by_text("20,050 facilities from facilities.csv").wait_for(timeout=90_000)
        page.wait_for_timeout(2000)
        static = ROOT / "static"
        leaked = [p for p in static.rglob("*") if p.is_file() and b"Gamma-secret" in p.read_bytes()]
        assert leaked == [], leaked
        assert g.dialogs == [] and g.blocked == []
    finally:
        g.close()
