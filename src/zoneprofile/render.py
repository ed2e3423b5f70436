"""Step 6: render. Jinja2 templates → HTML → WeasyPrint → PDF.

Template lookup, in one place: the user's folder (--templates) first, the
built-in templates last; `default:NAME` always reaches the built-in NAME, so an
override can `{% extends "default:brief.html" %}` and call `{{ super() }}`.

All resource loading goes through SandboxedFetcher: files under the template
folders and `data:` URLs only; no network, no other local file. No file is embedded
in the PDF (attachments are dropped), and its dates come from the documents or
SOURCE_DATE_EPOCH, never from the clock.
"""

from __future__ import annotations

import ctypes.util
import glob
import logging
import re
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

    class AnyEncodingLoader(jinja2.FileSystemLoader):
        """Templates saved as UTF-8, GBK, Big5 … alike (the corpus's decoder); a file that is
        not text is an error naming it."""

        def __init__(self, searchpath):
            super().__init__(searchpath, encoding="latin-1")  # bytes in, decoded below

        def get_source(self, environment, template):
            from zoneprofile.corpus import decode_bytes

            contents, filename, uptodate = super().get_source(environment, template)
            try:
                decoded = decode_bytes(contents.encode("latin-1"))
            except ValueError as exc:
                raise RenderError(f"{filename}: not a template ({exc})") from None
            if decoded.replaced:
                raise RenderError(f"{filename}: {decoded.replaced} byte(s) are not valid {decoded.encoding}; "
                                  "save it as UTF-8")
            return decoded.text, filename, uptodate

    dirs = template_dirs(user_dir)
    used: list[tuple[str, str]] = []

    class RecordingLoader(AnyEncodingLoader):
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
    from jinja2.sandbox import SandboxedEnvironment

    # Sandboxed: a template copied from elsewhere can show data, not run Python.
    env = SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["template_dirs"] = [str(d) for d in dirs]
    env.filters["number"] = format_number
    env.filters["yuan"] = lambda value: format_value(value, "元", "money")
    env.templates_used = used
    return env


# Filters the templates may use, with their documentation (docs/templates.md is generated from it).
FILTERS_DOC = {
    "number": "A number with thousands separators, decimals trimmed: `{{ 1234567 | number }}` → 1,234,567.",
    "yuan": "A sum of money in 亿元/万元: `{{ 1930000000 | yuan }}` → 19.3亿元.",
}


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
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
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
    """A WeasyPrint URL fetcher that serves `data:` URLs and files under `allowed_roots`
    (the template folders, with the images, fonts and stylesheets in them) and refuses
    everything else: the network, every other local file (a symbolic link is followed
    to where it points before the check), and so any redirect. Each refusal is logged
    and kept in `refused`."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(r).resolve() for r in allowed_roots]

    class SandboxedFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.refused: list[str] = []

        def _refuse(self, url: str, why: str):
            self.refused.append(url)
            log.warning("refused to load %s: %s", url[:200], why)
            return ValueError(f"refused: {url[:200]} ({why})")

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            scheme = parsed.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise self._refuse(url, "only files in the template folders and data: URLs are allowed")
            if parsed.netloc not in ("", "localhost"):
                raise self._refuse(url, "a file on another host")
            try:
                path = Path(unquote(parsed.path)).resolve(strict=True)
            except (OSError, RuntimeError, ValueError):
                raise self._refuse(url, "no such file") from None
            if not any(path == r or r in path.parents for r in roots) or not path.is_file():
                raise self._refuse(url, "outside the template folders")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    return SandboxedFetcher()


def source_epoch():
    """SOURCE_DATE_EPOCH as a UTC datetime, or None when unset (the one place that reads it)."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise RenderError(f"SOURCE_DATE_EPOCH={epoch!r}: expected seconds since 1970-01-01") from None


def source_date(dates: list[str | None] = ()) -> str | None:
    """The date a brief carries (W3C format for the PDF's CreationDate): SOURCE_DATE_EPOCH
    when set, else the latest of the documents' dates, else none; never the clock, so the
    same inputs give the same bytes."""
    when = source_epoch()
    if when is not None:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    found = []
    for d in dates:
        m = re.match(r"^((?:19|20)\d{2})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$", str(d or "").strip())
        if m:
            found.append("-".join(f"{int(x):02d}" for x in m.groups() if x))
    return max(found, key=lambda d: (d + "-01-01")[:10]) if found else None


_SAFE_LINK_SCHEMES = ("http", "https", "mailto")


def _strip_attachments_and_local_links(document) -> None:
    """No file is ever embedded in a brief (<link rel=attachment>, <a rel=attachment>), and
    no link points to a local file: only in-document links and web or mail links remain."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links
                         if link[0] == "internal"
                         or (link[0] == "external" and urlparse(str(link[1])).scheme.lower() in _SAFE_LINK_SCHEMES)]


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
    document = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher).render(
        font_config=font_config)
    _strip_attachments_and_local_links(document)
    return atomic_write(target, lambda tmp: document.write_pdf(tmp), inputs)
