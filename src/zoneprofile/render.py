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


def make_environment(user_dir: str | Path | None = None):
    import jinja2

    dirs = template_dirs(user_dir)
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(d) for d in dirs]),
        jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(dirs[-1]))}, delimiter=":"),
    ])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["template_dirs"] = [str(d) for d in dirs]
    return env


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
        return env.get_template(template).render(**context)
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


# the names WeasyPrint itself tries (weasyprint/text/ffi.py)
HARFBUZZ_SUBSET_NAMES = ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll",
                         "libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0")


@lru_cache(maxsize=1)
def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint will find HarfBuzz-subset: without it, it subsets fonts with fontTools,
    and writing a PDF with a CJK font takes seconds instead of a tenth of one."""
    for name in HARFBUZZ_SUBSET_NAMES:  # dlopen by name first: ~1 ms, where find_library takes ~60
        try:
            ctypes.CDLL(name)
            return True
        except OSError:
            continue
    return ctypes.util.find_library("harfbuzz-subset") is not None


def check_fonts() -> None:
    if not cjk_fonts():
        raise RenderError(CJK_INSTALL_HINT)
    if not harfbuzz_subset_available():
        log.warning("the system library HarfBuzz-subset is missing, so writing each PDF takes seconds "
                    "instead of ~0.3 s; install it (Debian/Ubuntu: sudo apt-get install libharfbuzz-subset0)")


def warm_up() -> None:
    """Import WeasyPrint and Jinja2 and set up the fonts: what write_pdf needs, done ahead of it
    (the CLI calls this while worker processes extract)."""
    import jinja2  # noqa: F401

    _font_config()


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


def _font_config():
    """One WeasyPrint FontConfiguration per process."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        import weasyprint  # noqa: F401
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def write_pdf(html: str, target: str | Path, base_dir: Path, allowed_roots: list[Path],
              inputs: tuple[Path, ...] = ()) -> Path:
    """HTML → PDF with WeasyPrint, written atomically. One FontConfiguration per process."""
    check_fonts()
    from weasyprint import HTML

    font_config = _font_config()
    fetcher = sandboxed_fetcher(allowed_roots)
    document = HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher)
    return atomic_write(target, lambda tmp: document.write_pdf(tmp, font_config=font_config), inputs)
