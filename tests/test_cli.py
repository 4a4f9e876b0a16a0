"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, TEST_DATA


def run(*args, env=None):
    return subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_validate_default_catalogue():
    res = run("validate")
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("\n") == 1 and ": OK: catalogue " in res.stdout


def test_validate_bad_catalogue_lists_every_problem_with_path_and_line():
    path = TEST_DATA / "bad_catalogues" / "unknown_place.yaml"
    res = run("validate", str(path))
    assert res.returncode == 1
    assert f"{path}:17: measures[0].places[0].id: measure 'ep-clusters' names unknown prefecture 'wux'" in res.stderr
    assert "Hint: did you mean wuxi" in res.stderr


def test_measures_for_wuxi_json():
    res = run("measures", "--place", "wuxi", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["place"]["name_zh"] == "无锡市"
    got = {(m["id"], m["via"]) for m in out["measures"]}
    assert ("ep-equipment-clusters", "place") in got
    assert ("intelligent-service-manufacturing", "reach") in got
    assert ("targets-2020", "belt") in got
    for m in out["measures"]:
        assert m["source"]["section"] and m["quote"] and m["title_zh"] and m["level"]


def test_measures_for_pengzhou():
    res = run("measures", "--place", "pengzhou")
    assert res.returncode == 0, res.stderr
    assert "mechanical-electrical-remanufacturing" in res.stdout


@pytest.mark.parametrize("query", ["无锡", "Wuxi", "wuxl"])
def test_unknown_place_suggests(query):
    res = run("measures", "--place", query)
    assert res.returncode == 1
    assert "did you mean wuxi" in res.stderr


def test_measures_option_uses_another_catalogue():
    res = run("validate", "--measures", str(TEST_DATA / "bad_catalogues" / "python_tag.yaml"))
    assert res.returncode == 1 and "tags are not allowed" in res.stderr


# ------------------------------------------------------------------ export errors: one line, no traceback


def _one_line_error(res, code, *fragments):
    assert res.returncode == code, (res.returncode, res.stdout[-500:], res.stderr[-2000:])
    assert "Traceback" not in res.stderr and res.stderr.count("\n") == 1, res.stderr
    for fragment in fragments:
        assert fragment in res.stderr, res.stderr


def test_export_to_a_folder_names_it_and_suggests_a_file_name(tmp_path):
    res = run("export", "--format", "csv", "--out", str(tmp_path))
    _one_line_error(res, 2, f"--out {tmp_path} is a folder", f"{tmp_path}/yreb-measures-")
    assert list(tmp_path.iterdir()) == []


def test_export_into_a_missing_folder(tmp_path):
    res = run("export", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"))
    _one_line_error(res, 2, f"the folder {tmp_path / 'no'} does not exist")


def test_export_to_a_full_disk():
    # /dev/full answers every write with ENOSPC, as a full disk does.
    res = run("export", "--format", "csv", "--out", "/dev/full")
    _one_line_error(res, 1, "cannot write /dev/full: No space left on device", "Hint:")


def test_a_full_disk_leaves_no_half_written_file(tmp_path, monkeypatch):
    import errno

    import cli

    class FullDisk:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    real_fdopen = cli.os.fdopen
    monkeypatch.setattr(cli.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    target = tmp_path / "m.csv"
    target.write_bytes(b"the previous export")
    assert cli.main(["export", "--format", "csv", "--out", str(target)]) == 1
    assert target.read_bytes() == b"the previous export"  # untouched, and no temporary file left beside it
    assert [p.name for p in tmp_path.iterdir()] == ["m.csv"]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--size", "0x0"], ["argument --size: custom size must be 100–10000 px per side", "'0x0'"]),
        (["--size", "20000x100@72"], ["argument --size: custom size must be"]),
        (["--size", "big"], ["argument --size: expected one of 16:9"]),
        (["--bbox", "110,30,110.0000001,30.0000001"], ["argument --bbox: the box must be at least 0.001°"]),
        (["--bbox", "110,30,109,31"], ["argument --bbox: expected minlon,minlat,maxlon,maxlat"]),
        (["--bbox", "nan,30,111,31"], ["argument --bbox: expected minlon,minlat,maxlon,maxlat"]),
    ],
)
def test_bad_size_or_bbox_is_one_line(args, fragments, tmp_path):
    res = run("export", "--format", "png", "--out", str(tmp_path / "x.png"), *args)
    _one_line_error(res, 2, *fragments)
    assert not (tmp_path / "x.png").exists()


def test_smallest_allowed_bbox_and_size_still_export(tmp_path):
    out = tmp_path / "x.png"
    res = run("export", "--format", "png", "--out", str(out), "--bbox", "110,30,110.001,30.001", "--size", "100x100@50")
    assert res.returncode == 0, res.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


def test_output_cut_short_by_its_reader_is_quiet():
    """``cli.py sites ... | head -1``: the reader leaves early; no traceback, the exit code of a broken pipe."""
    # 335 kB of JSON: far more than a pipe holds, so the writer is still writing when the reader leaves.
    proc = subprocess.Popen([sys.executable, "cli.py", "sites", "--name", "园区", "--json"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    first = proc.stdout.readline()
    proc.stdout.close()  # as head does after its line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert first.startswith(b"{") and err == ""
