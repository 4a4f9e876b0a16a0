"""URL fuzzing: random, overlong and malformed query values never raise; each gets a notice, never an echo."""

from __future__ import annotations

import random
import string

import pytest
from streamlit.testing.v1 import AppTest

from geo.vocab import CATEGORIES, INDUSTRIES, REACHES, ROLES
from present.view import KEYS, Known, _values, parse_query, resolve_place
from tests.conftest import ROOT
from tests.payloads import PAYLOADS

ALPHABET = string.printable + "无锡中文\u202e\u200b\x00\ufffd𝕏"


def random_value(rng: random.Random) -> str | list[str]:
    kind = rng.randrange(6)
    if kind == 0:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 40)))
    if kind == 1:
        return rng.choice(PAYLOADS)
    if kind == 2:
        return "x" * rng.choice([500, 2000, 10000])
    if kind == 3:
        return ",".join(rng.choice(["upper", "zz", "", " ", ",,", "%00"]) for _ in range(rng.randrange(1, 200)))
    if kind == 4:
        return [rng.choice(PAYLOADS), "upper"]
    return rng.choice(["", " ", "%", "%%", "&", "=", "?", "#", "\\", "../../etc/passwd"])


@pytest.fixture(scope="module")
def known(real_data):
    return Known.of(reach=REACHES, province=real_data.places.provinces["id"], category=CATEGORIES,
                    industry=INDUSTRIES, role=ROLES, basemaps={"vector", "osm", "light", "amap"})  # fmt: skip


def test_random_queries_never_raise_and_every_bad_value_is_counted(known, real_data):
    rng = random.Random(20261126)
    checked = 0
    for _ in range(3000):
        params = {rng.choice([*KEYS, "junk", "REACH", ""]): random_value(rng) for _ in range(rng.randrange(1, 6))}
        state, ignored = parse_query(params, known, real_data.places)
        assert state.spec.reaches <= known.values["reach"]
        assert state.lang in ("en", "zh") and state.basemap in known.basemaps
        assert len(state.spec.text) <= 200
        if state.place is not None:
            assert real_data.places.get(*state.place) is not None
        assert all(isinstance(n, int) and n > 0 for n in ignored.values())
        for key, value in params.items():
            if _is_bad(key, value, known, real_data.places):
                counted = ignored.get(key if key in KEYS else "other", 0)
                assert counted > 0, (key, value, ignored)
                checked += 1
    assert checked > 1000  # the oracle found bad values to check: this test cannot pass by counting nothing


def _is_bad(key: str, value, known, places) -> bool:
    """An oracle independent of the parser's bookkeeping: does ``value`` hold something ``key`` cannot take?"""
    if key not in KEYS:
        return True
    tokens = _values(value)
    if key in known.values:
        return any(token not in known.values[key] for token in tokens)
    if key in ("lang", "basemap"):
        allowed = known.langs if key == "lang" else known.basemaps
        return bool(tokens) and tokens[0] not in allowed
    if key == "place":
        return bool(tokens) and resolve_place(places, tokens[0]) is None
    first = value[0] if isinstance(value, list) and value else value
    return not (isinstance(first, str) and len(first) <= 200 and first.isprintable())


@pytest.mark.parametrize("seed", range(6))
def test_app_survives_random_links_with_a_notice(seed, known, real_data):
    rng = random.Random(seed)
    params = {key: random_value(rng) for key in rng.sample([*KEYS, "junk"], 3)}
    params = {k: (v if isinstance(v, str) else v[0]) for k, v in params.items()}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (params, at.exception)
    _, ignored = parse_query(params, known, real_data.places)
    assert bool(at.warning) == bool(ignored), (params, ignored)
    notices = " ".join(w.value for w in at.warning)
    for value in params.values():
        if len(value.strip()) > 3 and value not in ("upper", "lower", "middle", "zh", "en"):
            assert value not in notices
    assert "<" not in notices
