"""Where the built-in templates are: the one folder both extraction (the indicator catalogue,
templates/indicators.yaml) and rendering (the brief's templates) read from."""

from __future__ import annotations

from pathlib import Path

from zoneprofile.errors import RenderError


def builtin_templates_dir() -> Path:
    """templates/ inside the installed package (wheel), else the checkout's top-level templates/."""
    here = Path(__file__).resolve().parents[1]  # the package
    for candidate in (here / "templates", here.parents[1] / "templates"):
        if (candidate / "brief.html").is_file():
            return candidate
    raise RenderError(f"built-in templates not found (looked in {here / 'templates'} and {here.parents[1] / 'templates'})")
