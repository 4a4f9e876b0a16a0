"""Every setting, declared once: environment variables, secrets and limits, with defaults and help.

Settings are read at the edge only — :func:`Settings.from_env` is called by ``app.py`` and ``cli.py``
with the process environment (and Streamlit's secrets) — and passed inward as values; no other module
reads the environment. The README's settings table is checked against :data:`SETTINGS` by a test
(datasette's ``SETTINGS`` and ``test_settings_are_documented`` are the model).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

MIB = 1024 * 1024


@dataclass(frozen=True)
class Setting:
    """One setting: its name, where it may come from, its default and what it is for."""

    name: str
    env: str
    default: object
    help: str
    kind: type = str
    secret: str | None = None  # key in .streamlit/secrets.toml, when the setting may live there

    def parse(self, raw: str) -> object:
        """The value of an environment variable or secret, as this setting's type."""
        if self.kind is int:
            value = int(raw.replace("_", ""))
            if value <= 0:
                raise ValueError(f"{self.env} must be a positive integer, got {raw!r}")
            return value
        if self.kind is Path:
            return Path(raw).expanduser()
        return raw


SETTINGS: tuple[Setting, ...] = (
    Setting("measures", "YREB_MEASURES", None, "Catalogue to use instead of the built-in data/measures.yaml "
            "(every session sees it; a broken file is reported and the last good one kept).", Path),
    Setting("facilities", "YREB_FACILITIES", None, "Facilities file (CSV or .xlsx) shown to every session.", Path),
    Setting("sites", "YREB_SITES", None, "Folder with a sites.csv and site_sources.csv to use instead of the "
            "built-in green lists and development zones in data/ (built by scripts/build_sites.py).", Path),
    Setting("tianditu_key", "TIANDITU_KEY", None, "Tianditu tile key; the Tianditu basemap is offered only "
            "with one (or `tianditu_key` in .streamlit/secrets.toml).", str, secret="tianditu_key"),
    Setting("catalogue_max_bytes", "YREB_CATALOGUE_MAX_BYTES", 1 * MIB, "Largest catalogue file or upload.", int),
    Setting("facilities_max_bytes", "YREB_FACILITIES_MAX_BYTES", 40 * MIB, "Largest facilities file or upload.",
            int),
    Setting("facilities_max_rows", "YREB_FACILITIES_MAX_ROWS", 200_000, "Most facilities in one file.", int),
    Setting("facilities_points_limit", "YREB_FACILITIES_POINTS", 20_000, "Up to this many facilities are drawn "
            "as points; more are counted per prefecture, with points once zoomed in.", int),
    Setting("cache_dir", "YREB_CACHE_DIR", None, "Folder for the prepared CJK font (default: "
            "$XDG_CACHE_HOME/yreb-green-map or ~/.cache/yreb-green-map).", Path),
)  # fmt: skip
BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The values in force (one attribute per :data:`SETTINGS` entry)."""

    measures: Path | None = None
    facilities: Path | None = None
    sites: Path | None = None
    tianditu_key: str | None = None
    catalogue_max_bytes: int = 1 * MIB
    facilities_max_bytes: int = 40 * MIB
    facilities_max_rows: int = 200_000
    facilities_points_limit: int = 20_000
    cache_dir: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str], secrets: Mapping[str, object] | None = None) -> Settings:
        """Read every setting from ``environ`` (then ``secrets``), falling back to its default.

        Raises
        ------
        ValueError
            Naming the variable, when a value cannot be read as the setting's type.
        """
        values: dict[str, object] = {}
        for setting in SETTINGS:
            raw = environ.get(setting.env, "").strip()
            if not raw and setting.secret and secrets:
                secret = secrets.get(setting.secret)
                raw = secret.strip() if isinstance(secret, str) else ""
            if raw:
                try:
                    values[setting.name] = setting.parse(raw)
                except ValueError as exc:
                    raise ValueError(f"{setting.env}: {exc}") from None
        if "cache_dir" not in values:
            base = environ.get("XDG_CACHE_HOME", "").strip()
            values["cache_dir"] = (Path(base) if base else Path.home() / ".cache") / "yreb-green-map"
        return cls(**values)

    def upload_mb(self, name: str) -> int:
        """A byte limit as whole megabytes, rounded up (what Streamlit's uploader takes)."""
        return -(-int(getattr(self, name)) // MIB)


def _default_text(setting: Setting) -> str:
    if setting.default is None:
        return "—"
    if setting.kind is int and isinstance(setting.default, int) and setting.default % MIB == 0:
        return f"{setting.default // MIB} MiB ({setting.default:,} bytes)"
    return f"{setting.default:,}" if isinstance(setting.default, int) else str(setting.default)


def settings_table() -> str:
    """The README's settings table (Markdown), generated from :data:`SETTINGS`."""
    rows = ["| environment variable | default | what it sets |", "|---|---|---|"]
    for setting in SETTINGS:
        where = f"`{setting.env}`" + (f" or secret `{setting.secret}`" if setting.secret else "")
        rows.append(f"| {where} | {_default_text(setting)} | {setting.help} |")
    return "\n".join(rows)


def _check_declarations() -> None:
    names = [f.name for f in fields(Settings)]
    if names != [s.name for s in SETTINGS]:
        raise AssertionError("Settings fields and SETTINGS entries differ")
    for setting in SETTINGS:
        if getattr(Settings(), setting.name) != setting.default:
            raise AssertionError(f"default of {setting.name} differs between Settings and SETTINGS")


_check_declarations()


__all__ = ["BY_NAME", "MIB", "SETTINGS", "Setting", "Settings", "settings_table"]
