"""Loading your own catalogue: validated in memory, used by this session only, one click from the built-in one."""

from __future__ import annotations

from tests.apptest_helpers import start, table_column
from tests.conftest import TEST_DATA

VALID = (TEST_DATA / "catalogue_valid.yaml").read_bytes()
BROKEN = (TEST_DATA / "bad_catalogues" / "unknown_place.yaml").read_bytes()


def session():
    return start(open_folds=("table", "upload", "export"))


def measures_in_table(at):
    return table_column(at, "id")


def markdown(at):
    return " ".join(m.value for m in at.markdown)


def test_valid_upload_is_used_for_this_session_only():
    a, b = session(), session()
    builtin = measures_in_table(a)
    a.file_uploader(key="upload_file").upload("mine.yaml", VALID, "application/x-yaml").run()
    assert not a.exception and not a.error
    assert measures_in_table(a) == {"ep-clusters", "reman", "smart", "rnd", "river-water", "upgrade"}
    assert "mine\\.yaml" in markdown(a) and "test\\.1" in markdown(a)
    assert a.get("download_button")
    # Session B, in the same process, still sees the built-in catalogue.
    b.run()
    assert measures_in_table(b) == builtin
    # One click back to the built-in catalogue.
    a.button(key="upload_builtin").click().run()
    assert measures_in_table(a) == builtin


def test_rejected_upload_lists_every_problem_and_keeps_the_catalogue():
    at = session()
    builtin = measures_in_table(at)
    at.file_uploader(key="upload_file").upload("bad.yaml", BROKEN, "application/x-yaml").run()
    assert not at.exception
    assert any("rejected" in e.value for e in at.error)
    report = " ".join(c.value for c in at.code)
    assert "bad.yaml:17: measures[0].places[0].id" in report and "did you mean wuxi" in report
    assert measures_in_table(at) == builtin


def test_oversize_and_hostile_names_are_handled():
    at = session()
    at.file_uploader(key="upload_file").upload("<img src=x onerror=alert(1)>.yaml", b"#" * (1024 * 1024 + 1),
                                               "application/x-yaml").run()  # fmt: skip
    assert not at.exception
    report = " ".join(c.value for c in at.code)
    assert "the limit is 1,048,576" in report
    assert not any("<img" in m.value for m in at.markdown)


def _x_download(at):
    return [b for b in at.get("download_button") if b.proto.id.endswith("x_download") or "x_download" in b.proto.id]


def test_reupload_with_the_same_name_never_offers_the_old_export():
    at = session()
    at.file_uploader(key="upload_file").upload("mine.yaml", VALID, "application/x-yaml").run()
    at.selectbox(key="x_format").set_value("csv").run()
    at.button(key="x_go").click().run()
    assert not at.exception
    assert _x_download(at), "the first export is offered"
    fixed = VALID.replace(b"test.1", b"test.2")
    at.file_uploader(key="upload_file").upload("mine.yaml", fixed, "application/x-yaml").run()
    assert not at.exception
    assert "test\\.2" in markdown(at)
    assert not _x_download(at), "an export of the previous upload is still offered"
