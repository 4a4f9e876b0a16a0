"""Facilities files from Excel offices, uploaded in a real browser: accepted, rejected with advice, a replaced
file's error gone, and a 30 MB file accepted (the page promises 40 MB)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Guarded
from tests.conftest import TEST_DATA
from tests.test_facilities_upload import OFFICE_FILES

pytestmark = pytest.mark.browser

FAC = TEST_DATA / "facilities"


def _upload(page, path) -> None:
    page.locator('[data-testid="stExpander"]', has_text="Facilities").locator('input[type="file"]').set_input_files(
        str(path)
    )


def _open_facilities(page):
    expander = page.locator('[data-testid="stExpander"]', has_text="Facilities")
    expander.locator("summary").click()
    expander.locator('input[type="file"]').wait_for(state="attached")
    return expander


def test_office_files_replace_a_rejected_one_and_its_error_goes(browser, app_server, tmp_path):
    g = Guarded(browser, app_server.url)
    try:
        page = g.open(app_server.url).page
        expander = _open_facilities(page)
        rejected = expander.get_by_text("The facilities file was rejected")
        _upload(page, FAC / "invalid.csv")
        rejected.wait_for(timeout=30_000)
        for name, (make, read_as, n) in OFFICE_FILES.items():
            path = tmp_path / name
            path.write_bytes(make())
            _upload(page, path)
            expander.get_by_text(f"{n} facilities from {name} (read as {read_as})").wait_for(timeout=30_000)
            assert rejected.count() == 0, f"the rejected file's error is still shown after {name}"
        # An Excel 97-2003 workbook reaches the app (no raw MIME refusal) and gets advice.
        old = tmp_path / "old.xls"
        old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
        _upload(page, old)
        expander.locator("code", has_text=".xls workbook").wait_for(timeout=30_000)
        assert g.blocked == [] and g.dialogs == []
    finally:
        g.close()


def test_a_30_mb_csv_is_accepted_through_the_page(browser, app_server, tmp_path):
    cities = ["wuxi", "chengdu", "yichang", "hefei", "nanjing", "wuhan", "changsha", "kunming"]
    pad = "x" * 170
    lines = ["name,category,city,year"]
    lines += [f"Synthetic facility {i} {pad},green factory,{cities[i % len(cities)]},2019" for i in range(150_000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert 30e6 <= path.stat().st_size <= 40 * 2**20
    g = Guarded(browser, app_server.url)
    try:
        page = g.open(app_server.url).page
        expander = _open_facilities(page)
        _upload(page, path)
        expander.get_by_text("150,000 facilities from big.csv (read as UTF-8)").wait_for(timeout=180_000)
        assert expander.get_by_text("rejected").count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        assert g.blocked == [] and g.dialogs == []
    finally:
        g.close()
