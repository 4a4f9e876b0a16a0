"""The strict YAML reader: YAML 1.2 scalars, refusals, line map."""

from __future__ import annotations

import pytest

from geo.errors import CatalogueError
from geo.strict_yaml import MAX_BYTES, format_path, read_strict_yaml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: NO", "NO"),
        ("v: yes", "yes"),
        ("v: on", "on"),
        ("v: true", True),
        ("v: false", False),
        ("v: 012", 12),
        ("v: 0o12", 10),
        ("v: 0x1f", 31),
        ("v: 1.5", 1.5),
        ("v: ~", None),
        ("v:", None),
        ("v: '012'", "012"),
        ("v: 2017-06-30", "2017-06-30"),
        ("v: 无锡", "无锡"),
        ('v: "${alert(1)}"', "${alert(1)}"),
    ],
)
def test_scalars_follow_yaml_1_2(text, expected):
    data, _ = read_strict_yaml(text.encode(), "t.yaml")
    assert data["v"] == expected
    assert type(data["v"]) is type(expected)


def test_lines_are_recorded_per_key_path():
    data, lines = read_strict_yaml(b"a:\n  b:\n    - x\n    - y: 1\n", "t.yaml")
    assert data == {"a": {"b": ["x", {"y": 1}]}}
    assert lines[("a", "b", 1, "y")] == 4
    assert lines[("a",)] == 1


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"a: &x 1\nb: *x\n", "anchors are not allowed"),
        (b"a: !!str 1\n", "tags are not allowed"),
        (b"a: !custom 1\n", "tags are not allowed"),
        (b"a: 1\na: 2\n", "duplicate key"),
        (b"? [1]\n: 2\n", "mapping key must be plain text"),
        (b"a: 1\n---\nb: 2\n", "not valid YAML"),
        (b"", "empty"),
        (b"a: [" * 30 + b"]" * 30, "nesting deeper"),
    ],
)
def test_refusals(raw, fragment):
    with pytest.raises(CatalogueError, match=fragment):
        read_strict_yaml(raw, "t.yaml")


def test_size_cap_is_checked_before_parsing():
    with pytest.raises(CatalogueError, match="limit"):
        read_strict_yaml(b"#" * (MAX_BYTES + 1), "t.yaml")


def test_bom_is_accepted():
    data, _ = read_strict_yaml("\ufeffa: 1\n".encode(), "t.yaml")
    assert data == {"a": 1}


def test_format_path():
    assert format_path(("measures", 3, "places", 0, "id")) == "measures[3].places[0].id"
    assert format_path(("a", *([0] * 10))) == "a[0][0][0][0][…]"
