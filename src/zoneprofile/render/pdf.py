"""HTML to PDF with WeasyPrint: the CJK font check, one sandboxed URL fetcher for every resource, reproducible dates,
and a PDF rendered before written again without WeasyPrint.

The same HTML, with the same resources, fonts and renderer, gives the same PDF bytes (dates come
from SOURCE_DATE_EPOCH or the documents, never the clock; nothing random), so a rendered PDF is
kept (store/cache.py) under a key of what determines its bytes: the HTML and its base URL, the
folders resources may come from, the renderer (WeasyPrint and the Python packages it requires,
the versions of Pango, HarfBuzz and fontconfig, whether HarfBuzz-subset is found, this module's
code) and the fonts (fontconfig's list of every font: file, face, family, style and version, with
each file's size and time, and its configuration files). Every resource the fetcher was asked for
(a stylesheet, image or font under the template folders) is kept with the entry, with a digest of
its bytes, or as refused; the entry is used only while each resolves the same way.
Any change of corpus, profiles, templates, theme or stylesheet changes the HTML or a resource,
so the PDF is rendered again.
"""

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
def _allowed_file(url: str, roots: list[Path]) -> tuple[Path | None, str]:
    """The local file a `file:` URL may load (path, "") or why not (None, reason), for
    sandboxed_fetcher and for checking a kept PDF's resources alike."""
    parsed = urlparse(url)
    if parsed.scheme.lower() != "file":
        return None, "only files in the template folders and data: URLs are allowed"
    if parsed.netloc not in ("", "localhost"):
        return None, "a file on another host"
    try:
        path = Path(unquote(parsed.path)).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None, "no such file"
    if not any(path == r or r in path.parents for r in roots) or not path.is_file():
        return None, "outside the template folders"
    return path, ""


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).hexdigest()


def sandboxed_fetcher(allowed_roots: list[Path]):
    """A WeasyPrint URL fetcher that serves `data:` URLs and files under `allowed_roots`
    (the template folders, with the images, fonts and stylesheets in them) and refuses
    everything else: the network, every other local file (a symbolic link is followed
    to where it points before the check), and so any redirect. Each refusal is logged
    and kept in `refused`; every URL asked for but `data:` is kept in `resources` as
    (url, digest of the bytes served, or "" when refused): what the PDF depends on."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(r).resolve() for r in allowed_roots]

    class SandboxedFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.refused: list[str] = []
            self.resources: list[tuple[str, str]] = []

        def _refuse(self, url: str, why: str):
            self.refused.append(url)
            self.resources.append((url, ""))
            log.warning("refused to load %s: %s", url[:200], why)
            return ValueError(f"refused: {url[:200]} ({why})")

        def fetch(self, url, headers=None):
            if urlparse(url).scheme.lower() == "data":
                return super().fetch(url, headers)
            path, why = _allowed_file(url, roots)
            if path is None:
                raise self._refuse(url, why)
            data = path.read_bytes()
            self.resources.append((url, _digest(data)))
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime})

    return SandboxedFetcher()


def _resources_unchanged(about: list[tuple], roots: list[Path]) -> bool:
    """Whether each resource a kept PDF loaded (or was refused) resolves the same way now."""
    roots = [Path(r).resolve() for r in roots]
    for kind, url, digest, _ in about:
        if kind != "resource":
            continue
        path, _ = _allowed_file(url, roots)
        try:
            now = _digest(path.read_bytes()) if path is not None else ""
        except OSError:
            now = ""
        if now != digest:
            return False
    return True


# ---------------------------------------------------------------- what determines a PDF's bytes
# the names WeasyPrint loads these libraries by (weasyprint/text/ffi.py), and their version functions
_NATIVE_VERSIONS = (
    (("libpango-1.0.so.0", "libpango-1.0-0", "libpango-1.0.dylib", "libpango-1.0-0.dll"), "pango_version_string"),
    (("libharfbuzz.so.0", "libharfbuzz-0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"), "hb_version_string"),
    (("libfontconfig.so.1", "libfontconfig-1", "libfontconfig.1.dylib", "libfontconfig-1.dll"), "FcGetVersion"),
)


def _native_version(names: tuple[str, ...], function: str) -> str:
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        fn = getattr(lib, function)
        if function == "FcGetVersion":
            return str(fn())
        fn.restype = ctypes.c_char_p
        return fn().decode("ascii", "replace")
    return "?"


@lru_cache(maxsize=1)
def renderer_fingerprint() -> str:
    """WeasyPrint and what it requires, as installed: the Python packages' versions, the native
    libraries' versions, whether HarfBuzz-subset is found, and this module's code (it edits the
    document before writing). Read without importing WeasyPrint (~0.6 s)."""
    from importlib.metadata import PackageNotFoundError, requires, version

    parts = [Path(__file__).read_text(encoding="utf-8")]
    try:
        names = ["weasyprint"] + [re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0]
                                  for r in requires("weasyprint") or () if "extra ==" not in r]
        for name in names:
            try:
                parts.append(f"{name}={version(name)}")
            except PackageNotFoundError:
                parts.append(f"{name}=?")
    except PackageNotFoundError:
        parts.append("weasyprint=?")
    parts += [_native_version(names_, fn) for names_, fn in _NATIVE_VERSIONS]
    parts.append(f"subset={harfbuzz_subset_available()}")
    return _digest("\0".join(parts).encode("utf-8"))


@lru_cache(maxsize=1)
def fonts_fingerprint() -> str:
    """The fonts as fontconfig (and so Pango and WeasyPrint) sees them: every font's file, face
    index, family, style and version, each file's size and modification time, and the
    configuration files in use (fc-conflist) with theirs. Installing, removing or updating a
    font, or changing fontconfig's rules, changes it. Two short subprocesses, ~20 ms, once per
    process (as WeasyPrint's FontConfiguration)."""
    import os

    def run(args: list[str]) -> str:
        if not shutil.which(args[0]):
            return f"{args[0]}: missing"
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout

    listing = run(["fc-list", "--format", "%{file}\t%{index}\t%{family}\t%{style}\t%{fontversion}\n"])
    config = run(["fc-conflist"])
    files = sorted({line.split("\t", 1)[0] for line in listing.splitlines() if line})
    files += sorted({m.group(1) for m in re.finditer(r"^[+-] (.+?): ", config, re.M)})
    stats = []
    for f in files:
        try:
            st = os.stat(f)
            stats.append(f"{f}\t{st.st_size}\t{st.st_mtime_ns}")
        except OSError:
            stats.append(f"{f}\t-")
    env = [f"{k}={os.environ.get(k, '')}" for k in ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")]
    text = "\n".join([*sorted(listing.splitlines()), config, *stats, *env])
    return _digest(text.encode("utf-8", "surrogateescape"))


def pdf_key(html: str, base_url: str, roots: list[Path]) -> bytes:
    """The key of a rendered PDF: what determines its bytes, resources aside (see the module's doc)."""
    import hashlib

    h = hashlib.blake2b(b"zoneprofile pdf 1\0", digest_size=20)
    for part in (renderer_fingerprint(), fonts_fingerprint(), base_url, *sorted(str(Path(r).resolve()) for r in roots)):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(html.encode("utf-8", "surrogatepass"))
    return h.digest()


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
              inputs: tuple[Path, ...] = (), cache=None) -> Path:
    """HTML → PDF with WeasyPrint, written atomically. One FontConfiguration per process.

    cache: a store.cache.FactCache, or None. With it, a PDF rendered before from the same HTML,
    resources, fonts and renderer (pdf_key) is written again as it was, without WeasyPrint, and a
    new one is kept for next time."""
    check_fonts()
    base_url = base_dir.resolve().as_uri() + "/"
    key = None
    if cache is not None and cache.usable:
        key = pdf_key(html, base_url, allowed_roots)
        kept = cache.get_pdf(key)
        if kept is not None and _resources_unchanged(kept[1], allowed_roots):
            data, about = kept
            for kind, name, level, message in about:  # the rendering's warnings, as it gave them
                if kind == "log":
                    logging.getLogger(name).log(int(level), "%s", message)
            return atomic_write(target, lambda tmp: Path(tmp).write_bytes(data), inputs)
    from weasyprint import HTML

    from zoneprofile.render.templates import PDF_SECONDS, Budget, bounded

    font_config = _font_config()
    fetcher = sandboxed_fetcher(allowed_roots)
    warnings = _Warnings()
    logging.getLogger().addHandler(warnings)
    try:
        with bounded(Budget("HTML to PDF", PDF_SECONDS)):  # stopped past its time, or when superseded (serve)
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(font_config=font_config)
            _strip_attachments_and_local_links(document)
            data = document.write_pdf()
    finally:
        logging.getLogger().removeHandler(warnings)
    path = atomic_write(target, lambda tmp: Path(tmp).write_bytes(data), inputs)
    if key is not None:
        about = [("resource", url, digest, "") for url, digest in fetcher.resources]
        about += [("log", r.name, str(r.levelno), r.getMessage()) for r in warnings.records]
        cache.put_pdf(key, data, about)
    return path


class _Warnings(logging.Handler):
    """The warnings and errors logged while a PDF renders (WeasyPrint's, the fetcher's refusals):
    kept with the PDF, and given again when it is written from the cache."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

