"""Server-side template injection payloads and the inputs that carry them (catalogue, facilities, title, URL).

Two kinds of payload, both free of quotes and of the characters the HTML escaper changes, so escaping
cannot stop them if any layer ever treats data as template source:

- ``LITERAL`` must come out exactly as typed; a template engine would print ``seven49``.
- ``MARKER`` would create the folder named by ``$YREB_SSTI_MARKER`` if evaluated by Jinja
  (``lipsum.__globals__`` reaches the ``os`` module, the route of the reported remote code execution).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import yaml

MARKER_ENV = "YREB_SSTI_MARKER"
LITERAL = "seven{{7*7}}"
EVALUATED = "seven49"
MARKER = "{{lipsum.__globals__.os.mkdir(lipsum.__globals__.os.environ." + MARKER_ENV + ")}}"
# Statement, comment and unbalanced forms: a template engine would run, swallow or choke on them.
OTHERS = ["{%print(7*7)%}", "{#swallowed", "{{", "%(name)s {0} {name}", "{% raw %}raw{% endraw %}"]
PAYLOADS = [LITERAL, MARKER, *OTHERS]

ROOT = Path(__file__).resolve().parent.parent


def marker_path() -> Path:
    """Where an evaluated MARKER payload would create a folder (set per test session)."""
    return Path(os.environ[MARKER_ENV])


def ssti_catalogue(path: Path) -> Path:
    """The shipped catalogue with every title, summary, quote and note carrying the payloads."""
    data = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))
    out = copy.deepcopy(data)
    counter = iter(range(10**6))

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("en", "zh", "quote", "section", "document_number") and isinstance(value, str):
                    node[key] = f"{PAYLOADS[next(counter) % len(PAYLOADS)]} {value[:40]}"
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(out)
    # Every measure's English title starts with the literal payload, so every surface that shows a title has it.
    for measure in out["measures"]:
        measure["title"]["en"] = f"{LITERAL} {MARKER} {measure['title']['en'][:60]}"
    path.write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def ssti_facilities(path: Path) -> Path:
    """A facilities CSV whose names and categories are the payloads."""
    rows = ["name,category,city,year"]
    for i, payload in enumerate(PAYLOADS):
        rows.append(f'"{payload} {i}","{LITERAL} cat",{("wuxi", "chengdu", "hefei")[i % 3]},2019')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
