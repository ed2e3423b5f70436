"""Step 6: render. Jinja2 templates → HTML → WeasyPrint → PDF.

Template lookup, in one place: the user's folder (--templates) first, the
built-in templates last; `default:NAME` always reaches the built-in NAME, so an
override can `{% extends "default:brief.html" %}` and call `{{ super() }}`.

All resource loading goes through SandboxedFetcher: files under the template
folders and `data:` URLs only; no network, no other local file. No file is embedded
in the PDF (attachments are dropped), and its dates come from the documents or
SOURCE_DATE_EPOCH, never from the clock.

Templates are confined the same way (ConfinedLoader): a template, an include, theme.yaml and
categories.yaml are read only from inside the template folders, links resolved first; a link that
leads out (leak.html -> /etc/passwd, a linked folder, brief.html itself a link) is an error naming
it, and so is a named pipe or a device. `templates init` never writes through a link.

A render is bounded (docs/promises.md): the template may take RENDER_OPS operations (loop steps,
calls, attribute lookups, output pieces) and RENDER_SECONDS seconds, write RENDER_OUTPUT characters,
and `*`/`**` may not build a string, list or number past MAX_SEQUENCE; HTML to PDF may take
PDF_SECONDS. Past a bound the render stops with one error saying which (RenderStopped). A render
can be stopped from another thread (serve stops a superseded one): `stopping(event)`. In the main
thread a timer also interrupts what no operation counts (an empty loop over the data, WeasyPrint's
layout); elsewhere the operations are the bound.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from zoneprofile.errors import RenderError
from zoneprofile.read.builtin import builtin_templates_dir  # noqa: F401  (also this module's API)

log = logging.getLogger(__name__)

RENDER_OPS = 2_000_000  # the seeds' brief takes ~7,500; a 100,000-document brief's sources list ~1 million
RENDER_SECONDS = 20.0
RENDER_OUTPUT = 64 * 1024 * 1024
MAX_SEQUENCE = 1_000_000
PDF_SECONDS = 300.0
MAX_TEMPLATE_BYTES = 16 * 1024 * 1024


class RenderStopped(RenderError):
    """A render stopped at one of its bounds, or because it was superseded."""


class RenderCancelled(RenderStopped):
    """A render stopped from outside (serve: the files changed while it ran)."""


_LOCAL = threading.local()  # the event that stops the renders of this thread (stopping())


@contextmanager
def stopping(event: threading.Event):
    """Renders in this thread stop (RenderCancelled) soon after `event` is set."""
    before = getattr(_LOCAL, "cancel", None)
    _LOCAL.cancel = event
    try:
        yield
    finally:
        _LOCAL.cancel = before


class Budget:
    """What a render may still spend; check() raises RenderStopped past it."""

    def __init__(self, what: str, seconds: float, ops: int | None = None):
        self.what, self.seconds, self.limit = what, seconds, ops
        self.deadline = time.monotonic() + seconds
        self.ops = 0
        self.cancel: threading.Event | None = getattr(_LOCAL, "cancel", None)

    def tick(self, n: int = 1) -> None:
        self.ops += n
        if self.limit is not None and self.ops > self.limit:
            raise RenderStopped(f"{self.what} stopped: it took more than {self.limit:,} operations "
                                "(a loop that never ends?)")
        if not self.ops & 1023:
            self.check()

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise RenderCancelled(f"{self.what} stopped: the files changed while it ran")
        if time.monotonic() > self.deadline:
            raise RenderStopped(f"{self.what} stopped: it ran for more than {self.seconds:g} s")


@contextmanager
def bounded(budget: Budget):
    """Run a block under `budget`: in the main thread (POSIX) a timer checks it every 0.1 s, so
    even code that counts no operation stops; elsewhere only the operations check it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield budget
        return

    def on_alarm(signum, frame):
        import gc

        if frame is not None and (frame.f_code.co_name == "__del__" or any(
                getattr(cb, "__code__", None) is frame.f_code for cb in gc.callbacks)):
            return  # an exception there would be swallowed ("Exception ignored"): the next tick stops it
        budget.check()

    try:
        old = signal.signal(signal.SIGALRM, on_alarm)
    except ValueError:  # not the main interpreter
        yield budget
        return
    signal.siginterrupt(signal.SIGALRM, False)  # system calls resume after the timer
    previous = signal.setitimer(signal.ITIMER_REAL, 0.1, 0.1)
    try:
        yield budget
    finally:
        signal.setitimer(signal.ITIMER_REAL, *previous)
        signal.signal(signal.SIGALRM, old)



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


BUILTIN_FILES = ("brief.html", "profile.html", "macros.html", "brief.css", "theme.yaml", "categories.yaml",
                 "indicators.yaml")


def confined(name: str, dirs: list[Path]) -> Path | None:
    """The file `name` in the first template folder that has it, resolved, and only if it stays
    inside the template folders and is a regular file; None when no folder has it. A link that
    leads out, or a pipe or device, is a RenderError naming it."""
    from zoneprofile.read.files import is_regular

    pieces = [p for p in str(name).replace("\\", "/").split("/") if p and p != "."]
    if not pieces or ".." in pieces:
        return None
    roots = [Path(d).resolve() for d in dirs]
    for d in dirs:
        candidate = Path(d).joinpath(*pieces)
        if not os.path.lexists(candidate):
            continue
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            raise RenderError(f"{candidate}: a broken link (or a loop of links); templates are read only "
                              "from inside the template folders") from None
        if not any(real == r or r in real.parents for r in roots):
            raise RenderError(f"{candidate}: a link to a file outside the template folders; "
                              "templates are read only from inside them")
        if not is_regular(real):
            if real.is_dir():
                continue
            raise RenderError(f"{candidate}: not a regular file (a named pipe or a device?); refused")
        return candidate
    return None


def find_template_file(name: str, dirs: list[Path]) -> Path:
    """The file `name` in lookup order (theme.yaml and categories.yaml are found like templates)."""
    found = confined(name, dirs)
    if found is None:
        raise RenderError(f"{name} not found in: {', '.join(map(str, dirs))}")
    return found


def template_files(name: str, dirs: list[Path]) -> list[Path]:
    """Every folder's `name`, in lookup order, each confined as find_template_file's (theme.yaml)."""
    return [found for d in dirs if (found := confined(name, [d])) is not None]


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
    """Copy the built-in templates into `target` to start from; existing files are kept unless `force`.
    Written atomically (a temporary file, then a rename): a link at a file's place is replaced by the
    file, never written through, and a pipe or device there is refused."""
    from zoneprofile.store.outputs import atomic_write

    builtin = builtin_templates_dir()
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise RenderError(f"{target}: not a folder; give a folder for the templates")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUILTIN_FILES:
        dest = target / name
        if os.path.lexists(dest) and not force:
            log.warning("%s exists, kept (use --force to replace it)", dest)
            continue
        data = (builtin / name).read_bytes()
        atomic_write(dest, lambda tmp, data=data: Path(tmp).write_bytes(data))
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

    dirs = template_dirs(user_dir)
    used: list[tuple[str, str]] = []

    class ConfinedLoader(jinja2.BaseLoader):
        """Templates from inside the template folders only (see confined()), saved as UTF-8, GBK,
        Big5 … alike (the corpus's decoder); a file that is not text is an error naming it.
        Remembers which file each template came from, for the HTML's record."""

        def __init__(self, searchpath: list[Path], prefix: str = ""):
            self.searchpath, self.prefix = list(searchpath), prefix

        def get_source(self, environment, template):
            from zoneprofile.read.corpus import decode_bytes
            from zoneprofile.read.files import read_regular

            path = confined(template, self.searchpath)
            if path is None:
                raise jinja2.TemplateNotFound(template)
            try:
                data = read_regular(path, MAX_TEMPLATE_BYTES)
                mtime = os.stat(path).st_mtime_ns
            except OSError as exc:
                raise RenderError(f"{path}: cannot read the template ({exc.strerror or exc})") from None
            try:
                decoded = decode_bytes(data)
            except ValueError as exc:
                raise RenderError(f"{path}: not a template ({exc})") from None
            if decoded.replaced:
                raise RenderError(f"{path}: {decoded.replaced} byte(s) are not valid {decoded.encoding}; "
                                  "save it as UTF-8")
            used.append((self.prefix + template, str(path)))

            def uptodate():
                try:
                    return os.stat(path).st_mtime_ns == mtime
                except OSError:
                    return False

            return decoded.text, str(path), uptodate

    loader = jinja2.ChoiceLoader([
        ConfinedLoader(dirs),
        jinja2.PrefixLoader({"default": ConfinedLoader([dirs[-1]], "default:")}, delimiter=":"),
    ])
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedEnvironment(SandboxedEnvironment):
        """The sandbox, counting what a template does against the render's Budget."""

        intercepted_binops = frozenset({"*", "**"})
        budget: Budget | None = None

        def _tick(self):
            if self.budget is not None:
                self.budget.tick()

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
            __self._tick()
            return super().call(__context, __obj, *args, **kwargs)

        def getattr(self, obj, attribute):
            self._tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj, argument):
            self._tick()
            return super().getitem(obj, argument)

        def call_binop(self, context, operator, left, right):
            self._tick()
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                            and len(seq) * times > MAX_SEQUENCE:
                        raise RenderStopped(f"the template stopped: it built a sequence of more than "
                                            f"{MAX_SEQUENCE:,} items")
            if operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)):
                if abs(right) > 256 and abs(left) > 1:
                    raise RenderStopped("the template stopped: a power too large to compute")
            return super().call_binop(context, operator, left, right)

    def bounded_range(*args):
        from jinja2.sandbox import safe_range

        return _Range(safe_range(*args), env)

    # Sandboxed: a template copied from elsewhere can show data, not run Python.
    env = BoundedEnvironment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache(cache_dir),
        **ENVIRONMENT_OPTIONS,
    )
    env.globals["range"] = bounded_range
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


def _template_error(exc: Exception, dirs: list[Path], fallback: str = "<template>") -> RenderError:
    """'file:line: message' for a template problem, from the frames Jinja rewrote."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or "<template>"
        return RenderError(f"{where}:{exc.lineno}: {exc.message}")
    where = _where(exc, dirs, fallback)
    if isinstance(exc, (jinja2.TemplateError, RenderError, TypeError, ValueError, KeyError, AttributeError,
                        RecursionError)):
        message = str(exc)
    else:  # what Python raised for the template (format_map, a bad index …): say what it is
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    message = " ".join(message.split())
    if len(message) > 300:
        message = message[:300] + "…"
    return (type(exc) if isinstance(exc, RenderStopped) else RenderError)(f"{where}: {message}")


def _where(exc: BaseException, dirs: list[Path], fallback: str = "<template>") -> str:
    """file:line of the innermost template frame of a traceback (else `fallback`)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename and any(str(f.filename).startswith(str(d)) for d in dirs)]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else fallback


class _Range:
    """range() for templates: the sandbox's, with each step counted against the render's Budget."""

    def __init__(self, r: range, env):
        self.r, self.env = r, env

    def __iter__(self):
        for i in self.r:
            self.env._tick()
            yield i

    def __len__(self):
        return len(self.r)

    def __getitem__(self, i):
        return self.r[i]

    def __reversed__(self):
        for i in reversed(self.r):
            self.env._tick()
            yield i

    def __contains__(self, x):
        return x in self.r


def render_html(template: str, context: dict, user_dir: str | Path | None = None,
                cache_dir: str | Path | None = None) -> str:
    """The template rendered with `context`; cache_dir: where compiled templates are kept, or None."""
    import jinja2

    env = make_environment(user_dir, cache_dir)
    dirs = [Path(d) for d in env.globals["template_dirs"]]
    budget = env.budget = Budget("the template", RENDER_SECONDS, RENDER_OPS)
    main = "<template>"
    try:
        with bounded(budget):
            pieces, size = [], 0
            compiled = env.get_template(template)
            main = compiled.filename or template
            for piece in compiled.generate(**context):
                budget.tick()
                size += len(piece)
                if size > RENDER_OUTPUT:
                    raise RenderStopped(f"the template stopped: it wrote more than {RENDER_OUTPUT >> 20} MB of HTML")
                pieces.append(piece)
            html = "".join(pieces)
            del pieces
        record = "\n".join(f"  {name} ← {path}" for name, path in dict.fromkeys(env.templates_used))
        lookup_order = " → ".join(str(d) for d in dirs)
        return html.replace("</html>", f"<!-- zoneprofile templates, lookup order: {lookup_order}\n"
                                       f"templates used:\n{record}\n-->\n</html>", 1)
    except RenderStopped as exc:
        raise _template_error(exc, dirs, main) from None
    except RenderError:
        raise
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template {exc.name!r} not found in: {', '.join(map(str, dirs))}") from None
    except MemoryError:
        raise RenderError("the template stopped: it needed more memory than there is") from None
    except Exception as exc:  # whatever a template makes Python raise is the template's error
        raise _template_error(exc, dirs, main) from None
