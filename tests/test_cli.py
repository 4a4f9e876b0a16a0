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
