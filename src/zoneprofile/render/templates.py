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

import logging
import shutil
import traceback
from pathlib import Path

from zoneprofile.errors import RenderError

log = logging.getLogger(__name__)



def builtin_templates_dir() -> Path:
    """templates/ inside the installed package (wheel), else the checkout's top-level templates/."""
    here = Path(__file__).resolve().parents[1]  # the package
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


# The environment's options. Compiled templates are kept per this set of options (and Jinja2's
# version, which its bytecode carries), never shared with an environment compiling otherwise.
ENVIRONMENT_OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}


_IN_MEMORY = None  # compiled templates kept in this process when there is no cache folder


def bytecode_cache(cache_dir: str | Path | None):
    """Jinja2's cache of compiled templates: in `cache_dir` (beside the extraction cache), or, with
    none (--no-cache), in this process's memory only. A template is compiled again whenever its
    source changes (Jinja2 keys it by name and file and checks a hash of its source), so an edited
    template never renders from stale code; compiling brief.html and its macros takes ~0.2 s,
    loading them ~5 ms."""
    global _IN_MEMORY
    import jinja2

    if cache_dir is None:
        if _IN_MEMORY is None:
            class InMemory(jinja2.BytecodeCache):
                def __init__(self):
                    self.kept: dict[str, bytes] = {}

                def load_bytecode(self, bucket):
                    if bucket.key in self.kept:
                        bucket.bytecode_from_string(self.kept[bucket.key])

                def dump_bytecode(self, bucket):
                    self.kept[bucket.key] = bucket.bytecode_to_string()

            _IN_MEMORY = InMemory()
        return _IN_MEMORY
    import hashlib

    options = repr(sorted(ENVIRONMENT_OPTIONS.items())) + "sandboxed StrictUndefined"
    folder = Path(cache_dir) / f"templates-{hashlib.blake2b(options.encode(), digest_size=6).hexdigest()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.debug("no cache of compiled templates at %s: %s", folder, exc)
        return bytecode_cache(None)
    return jinja2.FileSystemBytecodeCache(str(folder))


def precompile(user_dir: str | Path | None = None, cache_dir: str | Path | None = None) -> None:
    """Compile every HTML template of the lookup into the bytecode cache, ahead of the render (the
    brief does it while its worker extracts). A template that does not compile is left for the
    render to report."""
    import jinja2

    env = make_environment(user_dir, cache_dir)
    for d in reversed(template_dirs(user_dir)):
        prefix = "default:" if d == builtin_templates_dir() else ""
        for path in sorted(d.glob("*.html")):
            for name in {path.name, prefix + path.name}:
                try:
                    env.get_template(name)
                except (jinja2.TemplateError, RenderError, OSError, ValueError):
                    continue


def make_environment(user_dir: str | Path | None = None, cache_dir: str | Path | None = None):
    """The sandboxed Jinja2 environment over the template folders; with cache_dir, compiled
    templates are kept there (bytecode_cache)."""
    import jinja2

    from zoneprofile.compare.comparison import format_number, format_value

    class AnyEncodingLoader(jinja2.FileSystemLoader):
        """Templates saved as UTF-8, GBK, Big5 … alike (the corpus's decoder); a file that is
        not text is an error naming it."""

        def __init__(self, searchpath):
            super().__init__(searchpath, encoding="latin-1")  # bytes in, decoded below

        def get_source(self, environment, template):
            from zoneprofile.read.corpus import decode_bytes

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
        undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache(cache_dir),
        **ENVIRONMENT_OPTIONS,
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


def render_html(template: str, context: dict, user_dir: str | Path | None = None,
                cache_dir: str | Path | None = None) -> str:
    """The template rendered with `context`; cache_dir: where compiled templates are kept, or None."""
    import jinja2

    env = make_environment(user_dir, cache_dir)
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


























