"""Helpers for AppTest flows: start the app, open the folds built on demand, read the components' data."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

FOLDS = {"table": "x_table_open", "export": "x_export_open", "upload": "x_upload_open",
         "facilities": "x_facilities_open"}  # fmt: skip


def start(query=None, env=None, monkeypatch=None, open_folds=("table",)) -> AppTest:
    """Run the app (with a link's query, environment variables, and the named folds open)."""
    if env and monkeypatch:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for fold in open_folds:
        at.session_state[FOLDS[fold]] = True
    at.run()
    assert not at.exception, at.exception
    return at


def component_data(at: AppTest, key: str) -> dict | None:
    """The data a v2 component (``map``, ``table``) was mounted with in the last run."""
    for element in at.get("bidi_component") or []:
        if element.key == key:
            return json.loads(element.proto.json)
    for element in _unknown(at):
        if getattr(element, "key", None) == key:
            return json.loads(element.proto.bidi_component.json)
    return None


def _unknown(at: AppTest):
    stack = [at._tree]
    while stack:
        node = stack.pop()
        if type(node).__name__ == "UnknownElement":
            yield node
        stack.extend(getattr(node, "children", {}).values())


def source_data(src: dict):
    """A scene source's data: inline, or read from the published file it names."""
    if "data" in src:
        return src["data"]
    return json.loads((ROOT / "static" / src["url"][len("app/static/") :]).read_text(encoding="utf-8"))


def table_rows(at: AppTest) -> list[dict]:
    """The measures × places table's rows as shown (the table fold must be open)."""
    data = component_data(at, "table")
    assert data is not None, "the table fold is not open"
    rows = source_data(data["rows"])
    if data["pin"]:
        keys = data["pin"]["keys"]
        rows = [r for r in rows if r["named"] in keys]
    return rows


def table_column(at: AppTest, column: str) -> set[str]:
    """The values of one column of the table (``measure``, ``place``, ``id`` …)."""
    return {r["cells"][column] for r in table_rows(at)}


__all__ = ["FOLDS", "component_data", "source_data", "start", "table_column", "table_rows"]


def exported(at: AppTest) -> tuple[bytes, str, str]:
    """(payload, mime, file name) of the export this session was last offered (made in the export pool)."""
    from components.export_jobs import POOL

    entry = at.session_state["x_result"]
    assert entry, "no export was requested"
    job = POOL.get(entry[1])
    assert job is not None and job.done and job.result is not None, job and (job.error, job.failure_ref)
    return job.result
