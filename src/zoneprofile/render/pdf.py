"""HTML to PDF with WeasyPrint: the CJK font check, one sandboxed URL fetcher for every resource, reproducible dates."""

from __future__ import annotations

import ctypes.util
import glob
import logging
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from zoneprofile.errors import RenderError
from zoneprofile.store.outputs import atomic_write

log = logging.getLogger(__name__)

CJK_INSTALL_HINT = (
    "no CJK font is installed, so Chinese would print as empty boxes; install one, "
    "e.g. on Debian/Ubuntu: sudo apt-get install fonts-noto-cjk"
)


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

    from zoneprofile.render.templates import PDF_SECONDS, Budget, bounded

    font_config = _font_config()
    fetcher = sandboxed_fetcher(allowed_roots)
    with bounded(Budget("HTML to PDF", PDF_SECONDS)):  # stopped past its time, or when superseded (serve)
        document = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher).render(
            font_config=font_config)
        _strip_attachments_and_local_links(document)
        return atomic_write(target, lambda tmp: document.write_pdf(tmp), inputs)

