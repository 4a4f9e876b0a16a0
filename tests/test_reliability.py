"""Reliability: temporary files left by a killed process, the export worker pool, the all-formats bundle."""

from __future__ import annotations

import subprocess
import sys
import time

from tests.conftest import ROOT


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def test_temporary_font_files_of_dead_processes_are_removed_at_start(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    dead, alive = _dead_pid(), subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (fonts / f"NotoSansCJKsc-Regular-1.tmp{dead}").write_bytes(b"x" * 1000)  # killed mid-save
        (fonts / f"NotoSansCJKsc-Subset-1-abc.tmp{alive.pid}").write_bytes(b"y")  # another server, still saving
        (fonts / "NotoSansCJKsc-Regular-1.otf").write_bytes(b"z")  # a finished face
        code = f"from pathlib import Path; from exports import fonts; fonts.configure(Path({str(tmp_path)!r}))"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
        left = sorted(p.name for p in fonts.iterdir())
        assert left == ["NotoSansCJKsc-Regular-1.otf", f"NotoSansCJKsc-Subset-1-abc.tmp{alive.pid}"]
    finally:
        alive.kill()
        alive.wait()


# ------------------------------------------------------------------ exports survive a stopped run


def test_an_export_survives_the_page_run_that_asked_for_it_being_stopped(monkeypatch):
    """The page's script is stopped while the export renders (as a rerun stops it); the next run offers the file."""
    import threading

    import pytest

    from exports import tables
    from tests.apptest_helpers import exported, start

    at = start({"reach": "upper"}, open_folds=("export",))
    at.selectbox(key="x_format").set_value("csv").run()
    gate, real = threading.Event(), tables.csv_export
    monkeypatch.setattr(tables, "csv_export", lambda job: (gate.wait(40), real(job))[1])
    at.button(key="x_go").click()
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="timed out"):
        at.run(timeout=4)  # AppTest stops the script run at its timeout: StopException in the page's thread
    # The page's thread only waited for the export (stopped at once); it was not rendering it.
    assert time.monotonic() - started < 20
    gate.set()  # the export was not stopped with it: it finishes in its worker
    at.run()
    assert not at.exception and not at.error
    payload, mime, name = exported(at)
    assert name.endswith(".csv") and mime == "text/csv" and payload.startswith(b"\xef\xbb\xbf")
    assert [d for d in at.get("download_button") if d.key == "x_download"]


# ------------------------------------------------------------------ the export pool's bounds


def _blocking(gate, payload=b"x"):
    def render(progress):
        gate.wait(30)
        return payload, "text/plain", "f.txt"

    return render


def _settle(job, timeout=30):
    deadline = time.monotonic() + timeout
    while not job.done and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.done


def test_pool_runs_two_at_a_time_queues_the_rest_in_order_and_refuses_past_its_bound():
    import threading

    from components.export_jobs import ExportPool

    pool, gate = ExportPool(workers=2, max_queued=4), threading.Event()
    jobs = [pool.submit(("s", i), "csv", _blocking(gate)) for i in range(4)]
    deadline = time.monotonic() + 10
    while sum(j.started is not None for j in jobs) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    assert [j.started is not None for j in jobs] == [True, True, False, False]
    assert [pool.ahead(j) for j in jobs] == [0, 0, 0, 1]
    assert pool.submit(("s", 5), "csv", _blocking(gate)) is None  # full: refused, not queued without bound
    gate.set()
    for job in jobs:
        _settle(job)
    assert all(job.result == (b"x", "text/plain", "f.txt") for job in jobs)


def test_pool_same_request_twice_makes_one_file_and_a_new_one_cancels_the_queued_old_one():
    import threading

    from components.export_jobs import ExportPool

    pool, gate = ExportPool(workers=1), threading.Event()
    running = pool.submit(("other",), "csv", _blocking(gate))
    first = pool.submit(("a",), "csv", _blocking(gate))
    assert pool.submit(("a",), "csv", _blocking(gate), replaces=first.id) is first
    second = pool.submit(("b",), "csv", _blocking(gate), replaces=first.id)
    assert second is not first and pool.get(first.id) is None and first.future.cancelled()
    gate.set()
    _settle(second)
    _settle(running)


def test_pool_keeps_finished_files_only_for_their_download_and_within_its_byte_bound():
    import threading

    from components.export_jobs import ExportPool

    gate = threading.Event()
    gate.set()
    pool = ExportPool(workers=1, max_bytes=2500, ttl=60, downloaded_ttl=0.3)
    jobs = []
    for i in range(3):
        jobs.append(pool.submit(("s", i), "png", _blocking(gate, bytes(1000))))
        _settle(jobs[-1])
    # 3,000 bytes would be over the bound: the oldest file went first.
    assert pool.get(jobs[0].id) is None and pool.held_bytes() == 2000
    assert pool.payload(jobs[1].id) == bytes(1000)  # downloaded: kept a short while for a second click
    time.sleep(0.5)
    assert pool.get(jobs[1].id) is None and pool.get(jobs[2].id) is not None
    pool.ttl = 0.1
    time.sleep(0.2)
    assert pool.get(jobs[2].id) is None and pool.held_bytes() == 0
    import pytest

    with pytest.raises(LookupError, match="prepare it again"):
        pool.payload(jobs[2].id)


def test_pool_reports_failures_with_a_message_or_a_logged_reference(caplog):
    from components.export_jobs import ExportPool

    def bad_options(progress):
        raise ValueError("custom size must be 100–10000 px per side\nmore")

    def bug(progress):
        raise KeyError("oops")

    pool = ExportPool(workers=1)
    told, failed = pool.submit(("a",), "png", bad_options), pool.submit(("b",), "png", bug)
    _settle(told)
    _settle(failed)
    assert told.error == "custom size must be 100–10000 px per side" and told.result is None
    assert failed.error is None and len(failed.failure_ref) == 8
    assert f"ref {failed.failure_ref}" in caplog.text and "KeyError" in caplog.text


# ------------------------------------------------------------------ every format in one zip


def test_bundle_holds_every_format_of_the_view(real_data, real_basemap):
    import io
    import zipfile

    from exports.bundle import export_bundle
    from exports.options import SnapshotOptions
    from exports.registry import FORMATS, export
    from geo.filters import FilterSpec

    layers, web = real_basemap
    spec, options = FilterSpec(reaches=frozenset({"upper"})), SnapshotOptions(size="16:9")
    steps = []
    payload, mime, name = export_bundle(real_data, layers, web, spec, options,
                                        progress=lambda *a: steps.append(a))  # fmt: skip
    assert mime == "application/zip" and name.startswith("yreb-export-") and name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        assert zf.testzip() is None
        members = {n: zf.read(n) for n in zf.namelist()}
    assert len(members) == len(FORMATS) == len({f.file_name() for f in FORMATS})
    magic = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF", "html": b"<!DOCTYPE html>", "csv": b"\xef\xbb\xbf",
             "xlsx": b"PK\x03\x04", "brief": b"%PDF", "sites-csv": b"\xef\xbb\xbf"}  # fmt: skip
    for form in FORMATS:
        assert members[form.file_name()].startswith(magic[form.id]), form.id
    csv_name = next(f.file_name() for f in FORMATS if f.id == "csv")
    assert members[csv_name] == export("csv", real_data, layers, web, spec, options)[0]
    assert steps == [(i, len(FORMATS), f.id) for i, f in enumerate(FORMATS)] + [(len(FORMATS), len(FORMATS), "")]


def test_export_panel_offers_all_formats_in_one_click_and_caps_custom_sizes():
    import io
    import zipfile

    from exports.registry import FORMATS
    from tests.apptest_helpers import exported, start

    at = start({"reach": "upper"}, open_folds=("export",))
    at.selectbox(key="x_size").set_value("16:9").run()
    at.button(key="x_go_all").click().run()
    assert not at.exception and not at.error
    payload, mime, name = exported(at)
    assert mime == "application/zip" and name.endswith(".zip")
    assert len(zipfile.ZipFile(io.BytesIO(payload)).namelist()) == len(FORMATS)
    offered = [d for d in at.get("download_button") if d.key == "x_download"]
    assert offered and name in offered[0].proto.label
    # A custom size over the cap is refused in the panel, with the reason, before anything renders.
    at.selectbox(key="x_size").set_value("custom").run()
    at.number_input(key="x_w").set_value(10000).run()
    at.number_input(key="x_h").set_value(10000).run()
    assert any("10000 × 10000 px is 100.0 megapixels; the limit is 25" in w.value for w in at.warning)
    assert at.button(key="x_go").disabled and at.button(key="x_go_all").disabled
    assert any("up to 25 megapixels" in c.value for c in at.caption)


def test_published_files_are_readable_by_a_web_server_in_front_of_the_app(tmp_path):
    import stat

    from present.assets import PUBLISHED, publish_bytes

    url = publish_bytes(b'{"a":1}', "json", tmp_path)
    path = tmp_path / url.split("app/static/", 1)[1]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's private 0600: nginx reads it as another user
    # A file an older version wrote private is made readable when it is next checked, without a rewrite.
    other = tmp_path / "gen" / "old.json"
    other.write_bytes(b"[1]")
    other.chmod(0o600)
    rewrites = PUBLISHED.rewrites
    PUBLISHED.ensure(other, b"[1]")
    assert stat.S_IMODE(other.stat().st_mode) == 0o644 and PUBLISHED.rewrites == rewrites
