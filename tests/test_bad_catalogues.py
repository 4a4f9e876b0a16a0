"""Every bad catalogue is rejected fast, with file, line and key, and nothing executes."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.catalogue import load_catalogue
from geo.errors import CatalogueError

BAD = Path(__file__).resolve().parent / "data" / "bad_catalogues"
PWNED = Path("/tmp/yreb-pwned-by-yaml")

# file → (line, key path, fragment of the message or hint)
CASES = {
    "duplicate_key": (15, "measures[0].category", "duplicate key 'category'"),
    "alias_bomb": (1, "a", "anchors are not allowed"),
    "python_tag": (12, "measures[0].title", "tags are not allowed"),
    "wrong_type": (15, "measures[0].industries", "expected a list"),
    "missing_field": (11, "measures[0].source", "required field 'source' is missing"),
    "unknown_field": (19, "measures[0].colour", "unknown field 'colour'"),
    "unknown_place": (17, "measures[0].places[0].id", "did you mean wuxi"),
    "deeply_nested": (19, "measures[0].notes[0][0][0][0][…]", "nesting deeper than 20"),
    "oversize": (None, "", "the limit is 1,048,576"),
    "not_yaml": (1, "", "not valid YAML"),
    "yaml11_boolean": (14, "measures[0].category", "expected a known category, got 'NO'"),
    "tab_indent": (14, "", "indent with spaces, not tabs"),
    "unknown_source": (18, "measures[0].source.document", "cites unknown source 'articel'"),
    "non_utf8": (13, "", "not valid UTF-8"),
}


def test_every_file_has_an_expectation():
    assert {p.stem for p in BAD.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_catalogue_is_rejected_with_line_and_key(name, tiny_places):
    line, key, fragment = CASES[name]
    path = BAD / f"{name}.yaml"
    PWNED.unlink(missing_ok=True)
    # How long a rejection takes is measured in bench/hostile_timing.py, not asserted here: the caps that
    # bound the work (bytes, values, depth) are tested by the cases themselves.
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path, tiny_places)
    assert not PWNED.exists(), "a YAML tag executed code"
    problems = info.value.problems
    match = [p for p in problems if fragment in str(p)]
    assert match, f"no problem mentions {fragment!r}: {[str(p) for p in problems]}"
    problem = match[0]
    assert problem.path == str(path)
    assert problem.line == line
    assert problem.key == key
    assert str(problem).startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_all_problems_of_a_file_are_reported_together(tiny_places):
    text = (BAD / "unknown_field.yaml").read_text(encoding="utf-8")
    text = text.replace("category: ep_equipment", "category: nonsense").replace("id: wuxi,", "id: nowhere,")
    with pytest.raises(CatalogueError) as info:
        from geo.catalogue import parse_catalogue

        parse_catalogue(text.encode(), "many.yaml", tiny_places)
    keys = {p.key for p in info.value.problems}
    assert {"measures[0].category", "measures[0].colour"} <= keys
