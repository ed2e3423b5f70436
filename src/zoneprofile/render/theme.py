"""theme.yaml: colours, page size, font family and which sections show.

The built-in theme.yaml holds every default; a theme.yaml in the user's
templates folder overrides the keys it names. All problems are reported
together, naming the file, the key and the valid choices.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from zoneprofile.errors import ConfigError
from zoneprofile.read.yamlsafe import load_yaml, quote
from zoneprofile.render.context import Theme

PAGE_SIZES = ("A4", "A4 landscape", "A3", "A3 landscape", "Letter", "Letter landscape")
SECTIONS = ("glance", "charts", "dimensions", "vocabulary", "categories", "entities", "unattributed", "sources",
            "notes")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
KEYS = ("page_size", "font_family", "palette", "ink", "muted", "rule", "band", "sections")


def _read(path: Path) -> dict:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))[0] or {}  # no aliases (read/yamlsafe.py)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{path}: cannot read the theme ({exc})"]) from None
    if not isinstance(data, dict):
        raise ConfigError([f"{path}: expected a mapping of theme options: {', '.join(KEYS)}"])
    return data


def load_theme(paths: list[Path]) -> Theme:
    """Merge theme files, built-in first, then validate the result."""
    merged: dict = {}
    origin: dict[str, Path] = {}
    problems: list[str] = []
    for path in paths:
        data = _read(path)
        for key, value in data.items():
            if key not in KEYS:
                problems.append(f"{path}: unknown key '{key}'; keys are: {', '.join(KEYS)}")
                continue
            if key == "sections" and isinstance(value, dict) and isinstance(merged.get("sections"), dict):
                value = {**merged["sections"], **value}
            merged[key] = value
            origin[key] = path
    where = lambda key: origin.get(key, "theme")  # noqa: E731
    if merged.get("page_size") not in PAGE_SIZES:
        problems.append(f"{where('page_size')}: page_size {quote(merged.get('page_size'))} is not one of: "
                        f"{', '.join(PAGE_SIZES)}")
    if not isinstance(merged.get("font_family"), str) or not merged.get("font_family"):
        problems.append(f"{where('font_family')}: font_family must name a font family")
    palette = merged.get("palette")
    if not isinstance(palette, list) or not palette or not all(isinstance(c, str) and COLOR.match(c) for c in palette):
        problems.append(f"{where('palette')}: palette must be a list of colours written #rrggbb")
    for key in ("ink", "muted", "rule", "band"):
        if not isinstance(merged.get(key), str) or not COLOR.match(merged[key]):
            problems.append(f"{where(key)}: {key} must be a colour written #rrggbb, found {quote(merged.get(key))}")
    sections = merged.get("sections")
    if not isinstance(sections, dict):
        problems.append(f"{where('sections')}: sections must map section names to true/false")
        sections = {}
    for name, shown in sections.items():
        if name not in SECTIONS:
            problems.append(f"{where('sections')}: unknown section '{name}'; sections are: {', '.join(SECTIONS)}")
        elif not isinstance(shown, bool):
            problems.append(f"{where('sections')}: section '{name}' must be true or false, found {quote(shown)}")
    if problems:
        raise ConfigError(problems)
    return Theme(merged["page_size"], merged["font_family"], list(palette), merged["ink"], merged["muted"],
                 merged["rule"], merged["band"], {s: bool(sections.get(s, True)) for s in SECTIONS})
