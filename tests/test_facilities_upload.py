"""Facilities files as Excel offices send them, through the page (AppTest) and the command line.

The same files: GB18030 CSV (Excel's "CSV" on Chinese Windows), UTF-8 with a BOM and CRLF line ends, an
.xlsx workbook, Chinese headers and cities written as names (无锡市). A rejected file's error disappears
when a good file replaces it.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from tests.apptest_helpers import start
from tests.conftest import ROOT, TEST_DATA

FAC = TEST_DATA / "facilities"
NAMES = ["示例工厂甲", "示例再制造基地", "示例化工园区"]


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    rows = [["企业名称", "类别", "城市", "年份"], ["示例工厂甲", "绿色工厂", "无锡市", 2019],
            ["示例再制造基地", "绿色工厂", "彭州市", 2020], ["示例化工园区", "绿色园区", "宜昌", None]]  # fmt: skip
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bom_crlf() -> bytes:
    rows = ["名称,类别,城市,年份", "示例工厂甲,绿色工厂,无锡市,2019", "示例再制造基地,绿色工厂,Pengzhou,2020",
            "示例化工园区,绿色园区,宜昌市,"]  # fmt: skip
    return "\ufeff".encode() + "".join(row + "\r\n" for row in rows).encode("utf-8")


OFFICE_FILES = {
    "gb18030.csv": (lambda: (FAC / "zh_gb18030.csv").read_bytes(), "GB18030", 4),
    "bom-crlf.csv": (_bom_crlf, "UTF-8", 3),
    "名单.xlsx": (_xlsx, "XLSX", 3),
}


@pytest.fixture(scope="module")
def office_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    for name, (make, _, _) in OFFICE_FILES.items():
        (folder / name).write_bytes(make())
    return folder


def _facilities_text(at) -> str:
    text = " ".join(c.value for c in at.caption) + " " + " ".join(e.value for e in at.error)
    return text.replace("\\", "")  # Markdown escapes in captions (名单\\.xlsx)


@pytest.mark.parametrize("name", list(OFFICE_FILES))
def test_office_files_are_accepted_through_the_page(name, office_files):
    _, read_as, n = OFFICE_FILES[name]
    at = start(open_folds=("facilities",))
    at.file_uploader(key="facilities_file").upload(name, (office_files / name).read_bytes(), "text/csv").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert f"{n} facilities from {name} (read as {read_as})" in _facilities_text(at)


def test_the_error_of_a_replaced_file_disappears(office_files):
    at = start(open_folds=("facilities",))
    at.file_uploader(key="facilities_file").upload("invalid.csv", (FAC / "invalid.csv").read_bytes(), "text/csv").run()
    assert any("The facilities file was rejected" in e.value for e in at.error)
    assert any("did you mean wuxi" in c.value for c in at.code)
    at.file_uploader(key="facilities_file").upload("名单.xlsx", (office_files / "名单.xlsx").read_bytes(),
                                                   "application/octet-stream").run()  # fmt: skip
    assert not at.exception
    assert not at.error, "the rejected file's error is still on the page"
    assert not [c for c in at.code if "did you mean" in c.value]
    assert "3 facilities from 名单.xlsx (read as XLSX)" in _facilities_text(at)


def test_an_old_xls_reaches_the_app_and_gets_advice_not_a_raw_mime_error():
    at = start(open_folds=("facilities",))
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    at.file_uploader(key="facilities_file").upload("old.xls", xls, "application/vnd.ms-excel").run()
    assert not at.exception
    assert any(".xls workbook" in c.value and ".xlsx" in c.value for c in at.code), [c.value for c in at.code]


@pytest.mark.parametrize("name", list(OFFICE_FILES))
def test_the_same_files_work_with_cli_export(name, office_files, tmp_path):
    out = tmp_path / "map.html"
    res = subprocess.run([sys.executable, "cli.py", "export", "--format", "html", "--out", str(out), "--facilities",
                          str(office_files / name)], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    html = out.read_text(encoding="utf-8")
    for facility in NAMES:
        assert facility in html, facility
