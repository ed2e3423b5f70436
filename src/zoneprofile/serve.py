"""Live preview for template authors: `zoneprofile serve`.

Serves, on 127.0.0.1 only, the HTML brief rendered with the same templates and
context as the PDF. A watcher (inotify through watchfiles; a slow poll where the
system cannot watch) follows the templates, theme, stylesheet, profiles and
corpus; a change bumps a version number, and a small script — injected only into
preview pages, never into PDFs or --html output — reloads the open page.
Extraction is cached and redone only when the corpus or the profiles change, so
a template change re-renders in a fraction of a second. A template error is a
page (file:line: message and the offending lines), never a dead server.

What the server promises (docs/promises.md):
- It answers only requests addressed to it by name (Host 127.0.0.1:PORT, localhost:PORT or
  [::1]:PORT): a page elsewhere that rebinds its own name to 127.0.0.1 gets 403, never the facts.
  Requests another site's page makes in the background (Sec-Fetch-Site: cross-site) get 403 too.
- One render at a time (WeasyPrint is not safe in parallel threads), in the main thread under the
  render bounds of render/templates.py; identical requests share one render, and a render for files
  that have changed since is stopped (RenderCancelled) and answered 503, as the page reloads anyway.
"""

from __future__ import annotations

import html
import logging
import re
import tempfile
import threading
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

from zoneprofile.errors import ConfigError, ZoneprofileError

log = logging.getLogger(__name__)

MAX_WAITING = 16  # distinct renders queued at once; more are answered 503 (busy)
KEEP_RESULTS = 8  # renders kept for the current files, for the next identical request

RELOAD_SCRIPT = """<script>/* zoneprofile preview: reload when a watched file changes */
(function () {{
  var seen = "{version}";
  setInterval(function () {{
    fetch("/__version", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (v) {{ if (v !== seen) {{ location.reload(); }} }}).catch(function () {{}});
  }}, 400);
}})();
</script>"""

TOOLBAR = """<div class="zp-preview-bar" style="position:sticky;top:0;z-index:9;background:#1d2329;color:#fff;
font:13px sans-serif;padding:6px 10px;display:flex;gap:14px">
<b>zoneprofile 预览</b><a style="color:#fff" href="/">首页</a>
<a style="color:#fff" id="zp-pdf" href="{pdf}" download>下载 PDF</a>
<a style="color:#fff" href="{json}">模板上下文 JSON</a><a style="color:#fff" href="/templates">模板查找顺序</a>
<span style="opacity:.7">v{version}</span></div>"""


class Job:
    """One render: what it is (key), for which files (version), how (fn); its result or error."""

    def __init__(self, key: tuple, version: int, fn):
        self.key, self.version, self.fn = key, version, fn
        self.done = threading.Event()
        self.cancel = threading.Event()
        self.result = None
        self.error: BaseException | None = None


class Busy(ZoneprofileError):
    """Too many different renders waiting."""


class Renderer:
    """Renders one at a time. serve_forever runs them in the main thread (run_forever), where the
    render bounds can interrupt anything; without that loop (a library caller, the tests' server)
    each request renders in its own thread, one at a time all the same. Identical requests share a
    render; the last few results are kept for the files they were made from."""

    def __init__(self):
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queue: list[Job] = []
        self._current: Job | None = None
        self._looping = False
        self._inline = threading.Lock()
        self._results: OrderedDict = OrderedDict()
        self.renders = 0  # renders done (tests read it)

    def do(self, key: tuple, version: int, fn):
        with self._lock:
            if (key, version) in self._results:
                return self._results[(key, version)]
            job = next((j for j in ([self._current] if self._current else []) + self._queue
                        if j.key == key and j.version == version and not j.cancel.is_set()), None)
            if job is None:
                if len(self._queue) >= MAX_WAITING:
                    raise Busy(f"{len(self._queue)} renders are waiting; try again in a moment")
                job = Job(key, version, fn)
                if self._looping:
                    self._queue.append(job)
                    self._wake.notify()
        if not self._looping and not job.done.is_set():
            with self._inline:  # no loop: here, one at a time
                if not job.done.is_set():
                    with self._lock:
                        cached = (key, version) in self._results
                    if cached:
                        return self._results[(key, version)]
                    self._run(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result

    def _run(self, job: Job) -> None:
        from zoneprofile.render.templates import RenderCancelled, stopping

        with self._lock:
            self._current = job
        try:
            if job.cancel.is_set():
                raise RenderCancelled("the files changed before it started")
            with stopping(job.cancel):
                job.result = job.fn()
            with self._lock:
                self.renders += 1
                self._results[(job.key, job.version)] = job.result
                while len(self._results) > KEEP_RESULTS:
                    self._results.popitem(last=False)
        except BaseException as exc:  # handed to the request that waits for it
            job.error = exc if isinstance(exc, Exception) else ZoneprofileError("the preview is stopping")
            if not isinstance(exc, Exception):
                raise
        finally:
            with self._lock:
                self._current = None
            job.done.set()

    def supersede(self, version: int) -> None:
        """Stop the renders made for files older than `version`; forget their results."""
        with self._lock:
            for job in ([self._current] if self._current else []) + self._queue:
                if job.version < version:
                    job.cancel.set()
            for k in [k for k in self._results if k[1] < version]:
                del self._results[k]

    def run_forever(self, stop: threading.Event) -> None:
        """Run the renders in this thread until `stop` is set."""
        with self._lock:
            self._looping = True
        try:
            while not stop.is_set():
                with self._lock:
                    if not self._queue:
                        self._wake.wait(0.2)
                        continue
                    job = self._queue.pop(0)
                self._run(job)
        finally:
            with self._lock:
                self._looping = False
                left, self._queue = self._queue, []
            for job in left:
                job.error = ZoneprofileError("the preview is stopping")
                job.done.set()


class Preview:
    """What the server shows, kept up to date with the files it watches."""

    def __init__(self, corpus: Path, profiles_dir: Path, templates_dir: Path | None = None,
                 stylesheet: Path | None = None):
        self.corpus, self.profiles_dir = Path(corpus), Path(profiles_dir)
        self.templates_dir = Path(templates_dir) if templates_dir else None
        self.stylesheet = Path(stylesheet) if stylesheet else None
        self.lock = threading.RLock()
        self.version = 1
        self.extractions = 0  # how many times the corpus was extracted (tests read it)
        self.renderer = Renderer()
        self._data = None
        self._vocabulary: dict[tuple[str, ...], dict] = {}
        self._snapshot: dict | None = None

    # -------------------------------------------------------------- watching
    def _roots(self) -> dict[str, list[Path]]:
        """The files and folders to watch, by what a change of them means: data (extract again) or look."""
        from zoneprofile.render.templates import template_dirs

        groups: dict[str, list[Path]] = {"data": [], "look": []}
        if self.corpus.is_dir():
            groups["data"].append(self.corpus)
        elif self.corpus.is_file():
            groups["data"].append(self.corpus)
        if self.profiles_dir.is_dir():
            groups["data"].append(self.profiles_dir)
        try:
            groups["look"] += template_dirs(self.templates_dir)
        except ZoneprofileError:
            pass
        if self.stylesheet and self.stylesheet.exists():
            groups["look"].append(self.stylesheet)
        return groups

    def _group_of(self, path: Path, roots: dict[str, list[Path]]) -> str | None:
        """data or look for a changed path, None for a file no page depends on."""
        name = path.name
        if name == "indicators.yaml" and self.templates_dir is not None \
                and path.parent == self.templates_dir.resolve():
            return "data"  # the indicator catalogue: the figures' indicators change, extract again
        for group in ("look", "data"):
            for root in roots[group]:
                root = root.resolve() if root.exists() else root
                if path == root or root in path.parents:
                    if group == "look":
                        return None if name.startswith(".") else "look"
                    if root == self.profiles_dir.resolve():
                        return "data" if path.suffix in (".yaml", ".yml") and path.parent == root else None
                    return "data" if path.suffix == ".txt" or name.startswith("manifest.") or path == root else None
        return None

    def changed(self, groups: set[str]) -> None:
        """Files of these groups changed: a new version; the data extracted again when it changed."""
        if not groups:
            return
        with self.lock:
            if "data" in groups:
                self._data = None  # corpus or profiles changed: extract again
                self._vocabulary.clear()
            self.version += 1
            version = self.version
        self.renderer.supersede(version)
        log.info("change seen, version %d", version)

    def _scan(self) -> dict[str, dict[Path, tuple[int, int]]]:
        """Every watched file's mtime and size (the fallback where the system cannot watch)."""
        from zoneprofile.read.files import Pattern, walk

        out = {}
        for group, roots in self._roots().items():
            stats = {}
            for root in roots:
                paths = walk(root, Pattern(["**", "*"], hidden=False), warn=False) if root.is_dir() else [root]
                for p in paths:
                    try:
                        st = p.stat()
                        stats[p] = (st.st_mtime_ns, st.st_size)
                    except OSError:
                        continue
            out[group] = stats
        return out

    def poll(self) -> bool:
        """Look for changes by scanning; True if something changed."""
        snapshot = self._scan()
        if self._snapshot is None:
            self._snapshot = snapshot
            return False
        groups = {g for g in snapshot if snapshot[g] != self._snapshot.get(g)}
        self._snapshot = snapshot
        self.changed(groups)
        return bool(groups)

    def watch(self, stop: threading.Event, interval: float = 0.3) -> None:
        """Follow the watched files until `stop`: with inotify (watchfiles), which costs nothing while
        nothing changes; where the system cannot watch, by a scan every POLL_SECONDS."""
        roots = self._roots()
        paths = [p for group in roots.values() for p in group if p.exists()]
        try:
            import watchfiles

            for changes in watchfiles.watch(*paths, stop_event=stop, debounce=int(interval * 1000) + 50,
                                            step=50, raise_interrupt=False, recursive=True, ignore_permission_denied=True):
                self.changed({g for _, path in changes if (g := self._group_of(Path(path), roots))})
            return
        except Exception as exc:  # no inotify (a watch limit, a file system that cannot be watched)
            if stop.is_set():
                return
            log.warning("cannot watch the files (%s); looking for changes every %g s instead", exc, POLL_SECONDS)
        self.poll()
        while not stop.wait(POLL_SECONDS):
            try:
                self.poll()
            except Exception:  # the watcher must outlive any one bad scan
                log.exception("watching failed once; trying again")

    # -------------------------------------------------------------- rendering
    def data(self):
        with self.lock:
            if self._data is None:
                from zoneprofile.pipeline import run_extract, use_catalogue

                use_catalogue(self.templates_dir)
                self._data = run_extract(self.corpus, self.profiles_dir)
                self.extractions += 1
            return self._data

    def _context(self, zones: str | None):
        from zoneprofile.render.brief import (
            build_context,
            distinctive_vocabulary,
            select_zones,
        )

        df, docs, profiles = self.data()
        zone_ids = select_zones(profiles, zones)
        key = tuple(zone_ids)
        with self.lock:
            if key not in self._vocabulary and len(zone_ids) > 1:
                self._vocabulary[key] = distinctive_vocabulary(docs, profiles, zone_ids)
            vocabulary = self._vocabulary.get(key, {})
        return build_context(df, profiles, docs, str(self.corpus), zone_ids, self.templates_dir,
                             vocabulary=vocabulary)

    def _html(self, zones: str | None) -> str:
        from zoneprofile.render.brief import render_brief

        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "preview.html"
            render_brief(self._context(zones), None, self.templates_dir, page, stylesheet=self.stylesheet)
            return page.read_text(encoding="utf-8")

    def _pdf(self, zones: str | None) -> bytes:
        from zoneprofile.render.brief import render_brief

        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "preview.pdf"
            render_brief(self._context(zones), target, self.templates_dir, stylesheet=self.stylesheet)
            return target.read_bytes()

    def _context_json(self, zones: str | None) -> str:
        from zoneprofile.render.brief import context_json

        return context_json(self._context(zones))

    def _render(self, kind: str, zones: str | None):
        fn = {"html": self._html, "pdf": self._pdf, "context": self._context_json}[kind]
        return self.renderer.do((kind, zones), self.version, lambda: fn(zones))

    def html(self, zones: str | None) -> str:
        return self._render("html", zones)

    def pdf(self, zones: str | None) -> bytes:
        return self._render("pdf", zones)

    def context_json(self, zones: str | None) -> str:
        return self._render("context", zones)

    def context(self, zones: str | None):
        return self._context(zones)

    def zones(self):
        _, _, profiles = self.data()
        return profiles


POLL_SECONDS = 2.0


# ------------------------------------------------------------------ pages
def _page(title: str, body: str, version: int) -> str:
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<style>body{{font:14px "Noto Sans CJK SC",sans-serif;margin:24px;color:#1d2329}}'
            f'pre{{background:#f6f1e7;padding:10px;overflow:auto}} .bad{{background:#f8d7d3}}</style></head>'
            f"<body>{body}{RELOAD_SCRIPT.format(version=version)}</body></html>")


def _may_show(path: Path, folders: list[Path]) -> bool:
    """A file whose lines an error page may quote: a regular file inside the preview's own folders."""
    from zoneprofile.read.files import is_regular

    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return is_regular(real) and real.stat().st_size < (1 << 22) and any(
        real == f or f in real.parents for f in (f.resolve() for f in folders if f.exists()))


def error_page(exc: Exception, version: int, folders: list[Path] = ()) -> str:
    """file:line: message, and the offending lines when the message names a file in `folders`."""
    problems = exc.problems if isinstance(exc, ConfigError) else [str(exc)]
    parts = ['<h1 class="zp-error">无法生成预览</h1><p>修正文件后，本页会自动刷新。</p>']
    for problem in problems:
        parts.append(f'<pre class="zp-message">{html.escape(problem)}</pre>')
        m = re.match(r"^(.+?):(\d+): ", problem)
        if m and _may_show(Path(m.group(1)), folders):
            lines = Path(m.group(1)).read_text(encoding="utf-8", errors="replace").splitlines()
            n = int(m.group(2))
            shown = []
            for i in range(max(1, n - 3), min(len(lines), n + 3) + 1):
                cls = ' class="bad"' if i == n else ""
                shown.append(f"<span{cls}>{i:>4}  {html.escape(lines[i - 1])}</span>")
            parts.append('<pre class="zp-source">' + "\n".join(shown) + "</pre>")
    return _page("模板错误", "".join(parts), version)


def index_page(preview: Preview) -> str:
    profiles = preview.zones()
    boxes = "".join(f'<label><input type="checkbox" name="z" value="{html.escape(p.id)}" checked> '
                    f"{html.escape(p.name)}（{html.escape(p.kind)}）</label><br>" for p in profiles)
    profiles_links = "".join(f'<li><a href="/profile/{quote(p.id)}">{html.escape(p.name)} 概况</a></li>'
                             for p in profiles)
    body = (f"<h1>zoneprofile 预览</h1><p>语料：{html.escape(str(preview.corpus))}</p>"
            f'<form action="/brief" method="get" onsubmit="this.zones.value=[...this.querySelectorAll(\'[name=z]:checked\')]'
            f'.map(e=>e.value).join(\',\')"><input type="hidden" name="zones">{boxes}'
            f'<button type="submit">对比所选开发区</button></form><h2>单区概况</h2><ul>{profiles_links}</ul>'
            f'<p><a href="/templates">模板查找顺序</a></p>')
    return _page("zoneprofile 预览", body, preview.version)


def templates_page(preview: Preview) -> str:
    from zoneprofile.render.templates import lookup, template_dirs

    dirs = template_dirs(preview.templates_dir)
    rows = "".join(f"<tr><td>{html.escape(n)}</td><td>{html.escape(str(w))}</td>"
                   f"<td>{html.escape(', '.join(map(str, h)))}</td></tr>" for n, w, h in lookup(preview.templates_dir))
    body = (f"<h1>模板查找顺序</h1><ol>{''.join(f'<li>{html.escape(str(d))}</li>' for d in dirs)}</ol>"
            f"<table border=1 cellpadding=4><tr><th>文件</th><th>使用</th><th>被覆盖</th></tr>{rows}</table>")
    return _page("模板查找顺序", body, preview.version)


def decorate(page: str, version: int, zones: str | None, profile: str | None = None) -> str:
    """The toolbar and the reload script: preview pages only."""
    query = f"?zones={quote(zones)}" if zones else ""
    pdf = f"/profile/{quote(profile)}.pdf" if profile else f"/brief.pdf{query}"
    json_url = f"/context.json?zones={quote(profile)}" if profile else f"/context.json{query}"
    bar = TOOLBAR.format(pdf=pdf, json=json_url, version=version)
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar, page, count=1)
    return page.replace("</body>", RELOAD_SCRIPT.format(version=version) + "</body>", 1)


class Handler(BaseHTTPRequestHandler):
    preview: Preview  # set on the subclass made by make_server

    def log_message(self, fmt, *args):  # requests go to the debug log, not the terminal
        log.debug("%s - " + fmt, self.address_string(), *args)

    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except ConnectionError:  # the browser went away (an aborted download): nothing to say
            self.close_connection = True

    def _foreign(self) -> str | None:
        """Why this request is not for us, or None: another Host, or another site's background request."""
        port = self.server.server_address[1]
        host = (self.headers.get("Host") or "").strip().lower()
        names = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        if port == 80:
            names |= {"127.0.0.1", "localhost", "[::1]"}
        if host not in names:
            return "this preview answers only requests for http://127.0.0.1:%d/" % port
        if self.headers.get("Sec-Fetch-Site") == "cross-site" and self.headers.get("Sec-Fetch-Mode") != "navigate":
            return "another site's page may not read the preview"
        return None

    def _folders(self) -> list[Path]:
        from zoneprofile.render.templates import template_dirs

        preview = self.preview
        try:
            dirs = template_dirs(preview.templates_dir)
        except ZoneprofileError:
            dirs = []
        return [*dirs, preview.profiles_dir, *([preview.corpus] if preview.corpus.is_dir() else [])]

    def do_GET(self):  # noqa: N802 (the http.server API)
        from zoneprofile.render.templates import RenderCancelled

        refused = self._foreign()
        if refused:
            return self._send(403, refused.encode(), "text/plain; charset=utf-8")
        url = urlparse(self.path)
        query = parse_qs(url.query)
        zones = (query.get("zones") or [None])[0] or None
        preview = self.preview
        version = preview.version
        try:
            if url.path == "/__version":
                return self._send(200, str(preview.version).encode(), "text/plain")
            if url.path == "/":
                return self._send(200, index_page(preview).encode(), "text/html; charset=utf-8")
            if url.path == "/templates":
                return self._send(200, templates_page(preview).encode(), "text/html; charset=utf-8")
            if url.path == "/brief":
                page = decorate(preview.html(zones), version, zones)
                return self._send(200, page.encode(), "text/html; charset=utf-8")
            if url.path == "/brief.pdf":
                return self._send(200, preview.pdf(zones), "application/pdf",
                                  {"Content-Disposition": 'attachment; filename="brief.pdf"'})
            if m := re.fullmatch(r"/profile/([\w-]+)\.pdf", url.path):
                return self._send(200, preview.pdf(m.group(1)), "application/pdf",
                                  {"Content-Disposition": f'attachment; filename="{m.group(1)}.pdf"'})
            if m := re.fullmatch(r"/profile/([\w-]+)", url.path):
                page = decorate(preview.html(m.group(1)), version, None, m.group(1))
                return self._send(200, page.encode(), "text/html; charset=utf-8")
            if url.path == "/context.json":
                return self._send(200, preview.context_json(zones).encode(), "application/json")
            return self._send(404, _page("404", "<h1>没有这个页面</h1>", version).encode(), "text/html; charset=utf-8")
        except (RenderCancelled, Busy) as exc:  # the page reloads (or is asked again) by itself
            return self._send(503, _page("稍候", f'<p class="zp-busy">{html.escape(str(exc))}</p>', preview.version)
                              .encode(), "text/html; charset=utf-8", {"Retry-After": "1"})
        except ConnectionError:
            return None
        except ZoneprofileError as exc:
            return self._send(500, error_page(exc, version, self._folders()).encode(), "text/html; charset=utf-8")
        except OSError as exc:
            return self._send(500, error_page(exc, version).encode(), "text/html; charset=utf-8")
        except Exception as exc:  # never let one request take the server down
            log.exception("preview failed")
            return self._send(500, error_page(RuntimeError(f"unexpected {type(exc).__name__}: {exc}"),
                                              version).encode(), "text/html; charset=utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):  # a browser that went away mid-answer
            log.debug("%s went away", client_address)
            return
        log.exception("a request to the preview failed")


def make_server(preview: Preview, port: int = 8000) -> ThreadingHTTPServer:
    """A server on 127.0.0.1 only (port 0 picks a free one)."""
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    return _Server(("127.0.0.1", port), handler)


def serve_forever(preview: Preview, port: int) -> None:
    """Serve until Ctrl-C (or SIGTERM): requests in threads, the watcher in one, the renders here,
    in the main thread, one at a time."""
    server = make_server(preview, port)
    stop = threading.Event()
    threads = [threading.Thread(target=preview.watch, args=(stop,), daemon=True),
               threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)]
    for t in threads:
        t.start()
    host, real_port = server.server_address[:2]
    print(f"zoneprofile preview on http://{host}:{real_port}/  (Ctrl-C to stop)", flush=True)
    try:
        preview.renderer.run_forever(stop)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
