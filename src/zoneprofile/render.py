"""Step 6: render. Jinja2 templates → HTML → WeasyPrint → PDF.

Template lookup, in one place: the user's folder (--templates) first, the
built-in templates last; `default:NAME` always reaches the built-in NAME, so an
override can `{% extends "default:brief.html" %}` and call `{{ super() }}`.

All resource loading goes through SandboxedFetcher: files under the template
folders and `data:` URLs only; no network, no other local file.
"""

from __future__ import annotations

import ctypes.util
import glob
import logging
import shutil
import subprocess
import traceback
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from zoneprofile.errors import RenderError
from zoneprofile.outputs import atomic_write

log = logging.getLogger(__name__)

CJK_INSTALL_HINT = (
    "no CJK font is installed, so Chinese would print as empty boxes; install one, "
    "e.g. on Debian/Ubuntu: sudo apt-get install fonts-noto-cjk"
)


def builtin_templates_dir() -> Path:
    """templates/ inside the installed package (wheel), else the checkout's top-level templates/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parents[1] / "templates"):
        if (candidate / "brief.html").is_file():
            return candidate
    raise RenderError(f"built-in templates not found (looked in {here / 'templates'} and {here.parents[1] / 'templates'})")


def template_dirs(user_dir: str | Path | None) -> list[Path]:
    """The lookup order: the user's folder (if any), then the built-ins."""
    builtin = builtin_templates_dir()
    dirs = []
    if user_dir is not None:
        user = Path(user_dir)
        if not user.is_dir():
            raise RenderError(f"{user}: templates folder not found")
        if user.resolve() != builtin.resolve():
            dirs.append(user.resolve())
    dirs.append(builtin)
    return dirs


BUILTIN_FILES = ("brief.html", "profile.html", "macros.html", "brief.css", "theme.yaml", "categories.yaml")


def find_template_file(name: str, dirs: list[Path]) -> Path:
    """The file `name` in lookup order (theme.yaml and categories.yaml are found like templates)."""
    for d in dirs:
        if (d / name).is_file():
            return d / name
    raise RenderError(f"{name} not found in: {', '.join(map(str, dirs))}")


def lookup(user_dir: str | Path | None = None) -> list[tuple[str, Path, list[Path]]]:
    """For every file in the template folders: (name, the file that wins, the files it hides)."""
    dirs = template_dirs(user_dir)
    names = sorted({p.name for d in dirs for p in d.iterdir() if p.is_file() and not p.name.startswith(".")})
    out = []
    for name in names:
        found = [d / name for d in dirs if (d / name).is_file()]
        out.append((name, found[0], found[1:]))
    return out


def init_templates(target: str | Path, force: bool = False) -> list[Path]:
    """Copy the built-in templates into `target` to start from; existing files are kept unless `force`."""
    builtin = builtin_templates_dir()
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUILTIN_FILES:
        dest = target / name
        if dest.exists() and not force:
            log.warning("%s exists, kept (use --force to replace it)", dest)
            continue
        shutil.copyfile(builtin / name, dest)
        written.append(dest)
    return written


def make_environment(user_dir: str | Path | None = None):
    import jinja2

    from zoneprofile.compare import format_number, format_value

    dirs = template_dirs(user_dir)
    used: list[tuple[str, str]] = []

    class RecordingLoader(jinja2.FileSystemLoader):
        """Remembers which file each template came from, for the HTML's record."""

        def __init__(self, searchpath, prefix=""):
            super().__init__(searchpath)
            self.prefix = prefix

        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            used.append((self.prefix + template, filename))
            return source, filename, uptodate

    loader = jinja2.ChoiceLoader([
        RecordingLoader([str(d) for d in dirs]),
        jinja2.PrefixLoader({"default": RecordingLoader(str(dirs[-1]), "default:")}, delimiter=":"),
    ])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["template_dirs"] = [str(d) for d in dirs]
    env.filters.update(FILTERS)
    env.filters["number"] = format_number
    env.filters["yuan"] = lambda value: format_value(value, "元", "money")
    env.templates_used = used
    return env


# Filters the templates may use, with their documentation (docs/templates.md is generated from it).
FILTERS_DOC = {
    "number": "A number with thousands separators, decimals trimmed: `{{ 1234567 | number }}` → 1,234,567.",
    "yuan": "A sum of money in 亿元/万元: `{{ 1930000000 | yuan }}` → 19.3亿元.",
}
FILTERS: dict = {}


def _template_error(exc: Exception, dirs: list[Path]) -> RenderError:
    """'file:line: message' for a template problem, from the frames Jinja rewrote."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or "<template>"
        return RenderError(f"{where}:{exc.lineno}: {exc.message}")
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename and any(str(f.filename).startswith(str(d)) for d in dirs)]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "<template>"
    return RenderError(f"{where}: {exc}")


def render_html(template: str, context: dict, user_dir: str | Path | None = None) -> str:
    import jinja2

    env = make_environment(user_dir)
    dirs = [Path(d) for d in env.globals["template_dirs"]]
    try:
        html = env.get_template(template).render(**context)
        record = "\n".join(f"  {name} ← {path}" for name, path in dict.fromkeys(env.templates_used))
        lookup_order = " → ".join(str(d) for d in dirs)
        return html.replace("</html>", f"<!-- zoneprofile templates, lookup order: {lookup_order}\n"
                                       f"templates used:\n{record}\n-->\n</html>", 1)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template {exc.name!r} not found in: {', '.join(map(str, dirs))}") from None
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise _template_error(exc, dirs) from None


# ---------------------------------------------------------------- fonts
@lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """Families of the installed fonts that cover Chinese."""
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
        return tuple(sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()}))
    found = []
    for pattern in ("/usr/share/fonts/**/*CJK*", "/usr/share/fonts/**/wqy*", "/usr/share/fonts/**/*Han*"):
        found += glob.glob(pattern, recursive=True)
    return tuple(sorted({Path(f).stem for f in found}))


def check_fonts() -> None:
    if not cjk_fonts():
        raise RenderError(CJK_INSTALL_HINT)
    if ctypes.util.find_library("harfbuzz-subset") is None:
        log.warning("the system library HarfBuzz-subset is missing: PDFs will be slow to write "
                    "(sudo apt-get install libharfbuzz-subset0)")


# ---------------------------------------------------------------- fetching
def sandboxed_fetcher(allowed_roots: list[Path]):
    """A WeasyPrint URL fetcher that serves data: URLs and files under `allowed_roots` only."""
    from weasyprint.urls import URLFetcher

    roots = [Path(r).resolve() for r in allowed_roots]

    class SandboxedFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not any(path == r or r in path.parents for r in roots):
                    self.refused.append(url)
                    raise ValueError(f"refused: {url} is outside the template folders")
            elif parsed.scheme != "data":
                self.refused.append(url)
                raise ValueError(f"refused: {url} (only files under the template folders and data: URLs)")
            return super().fetch(url, headers)

    return SandboxedFetcher()


_FONT_CONFIG = None


def write_pdf(html: str, target: str | Path, base_dir: Path, allowed_roots: list[Path],
              inputs: tuple[Path, ...] = ()) -> Path:
    """HTML → PDF with WeasyPrint, written atomically. One FontConfiguration per process."""
    global _FONT_CONFIG
    check_fonts()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    fetcher = sandboxed_fetcher(allowed_roots)
    document = HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher)
    return atomic_write(target, lambda tmp: document.write_pdf(tmp, font_config=_FONT_CONFIG), inputs)
