"""Live preview for template authors: `zoneprofile serve`.

Serves, on 127.0.0.1 only, the HTML brief rendered with the same templates and
context as the PDF. A watcher polls the templates, theme, stylesheet, profiles
and corpus; a change bumps a version number, and a small script — injected only
into preview pages, never into PDFs or --html output — reloads the open page.
Extraction is cached and redone only when the corpus or the profiles change, so
a template change re-renders in a fraction of a second. A template error is a
page (file:line: message and the offending lines), never a dead server.
"""

from __future__ import annotations

import html
import logging
import re
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

from zoneprofile.errors import ConfigError, ZoneprofileError

log = logging.getLogger(__name__)

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
        self._data = None
        self._vocabulary: dict[tuple[str, ...], dict] = {}
        self._snapshot = self._scan()

    # -------------------------------------------------------------- watching
    def _watched(self) -> dict[str, list[Path]]:
        from zoneprofile.render.templates import template_dirs

        groups: dict[str, list[Path]] = {"data": [], "look": []}
        root = self.corpus
        if root.is_dir():
            groups["data"] += [p for p in root.rglob("*") if p.is_file() and
                               (p.suffix == ".txt" or p.name.startswith("manifest."))]
        elif root.is_file():
            groups["data"].append(root)
        if self.profiles_dir.is_dir():
            groups["data"] += sorted(self.profiles_dir.glob("*.y*ml"))
        try:
            for d in template_dirs(self.templates_dir):
                groups["look"] += [p for p in d.iterdir() if p.is_file()]
        except ZoneprofileError:
            pass
        if self.stylesheet:
            groups["look"].append(self.stylesheet)
        if self.templates_dir is not None and (self.templates_dir / "indicators.yaml").is_file():
            groups["data"].append(self.templates_dir / "indicators.yaml")  # the figures' indicators: extract again
        return groups

    def _scan(self) -> dict[str, dict[Path, tuple[int, int]]]:
        out = {}
        for group, paths in self._watched().items():
            stats = {}
            for p in paths:
                try:
                    st = p.stat()
                    stats[p] = (st.st_mtime_ns, st.st_size)
                except OSError:
                    continue
            out[group] = stats
        return out

    def poll(self) -> bool:
        """Look for changes; True if something changed."""
        snapshot = self._scan()
        with self.lock:
            if snapshot == self._snapshot:
                return False
            if snapshot["data"] != self._snapshot["data"]:
                self._data = None  # corpus or profiles changed: extract again
                self._vocabulary.clear()
            self._snapshot = snapshot
            self.version += 1
            return True

    def watch(self, stop: threading.Event, interval: float = 0.3) -> None:
        while not stop.wait(interval):
            try:
                if self.poll():
                    log.info("change seen, version %d", self.version)
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

    def context(self, zones: str | None):
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

    def html(self, zones: str | None) -> str:
        from zoneprofile.render.brief import render_brief

        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "preview.html"
            render_brief(self.context(zones), None, self.templates_dir, page, stylesheet=self.stylesheet)
            return page.read_text(encoding="utf-8")

    def pdf(self, zones: str | None) -> bytes:
        from zoneprofile.render.brief import render_brief

        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "preview.pdf"
            render_brief(self.context(zones), target, self.templates_dir, stylesheet=self.stylesheet)
            return target.read_bytes()

    def zones(self):
        _, _, profiles = self.data()
        return profiles


# ------------------------------------------------------------------ pages
def _page(title: str, body: str, version: int) -> str:
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<style>body{{font:14px "Noto Sans CJK SC",sans-serif;margin:24px;color:#1d2329}}'
            f'pre{{background:#f6f1e7;padding:10px;overflow:auto}} .bad{{background:#f8d7d3}}</style></head>'
            f"<body>{body}{RELOAD_SCRIPT.format(version=version)}</body></html>")


def error_page(exc: Exception, version: int) -> str:
    """file:line: message, and the offending lines when the message names them."""
    problems = exc.problems if isinstance(exc, ConfigError) else [str(exc)]
    parts = ['<h1 class="zp-error">无法生成预览</h1><p>修正文件后，本页会自动刷新。</p>']
    for problem in problems:
        parts.append(f'<pre class="zp-message">{html.escape(problem)}</pre>')
        m = re.match(r"^(.+?):(\d+): ", problem)
        if m and Path(m.group(1)).is_file():
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
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the http.server API)
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
                from zoneprofile.render.brief import context_json

                return self._send(200, context_json(preview.context(zones)).encode(), "application/json")
            return self._send(404, _page("404", "<h1>没有这个页面</h1>", version).encode(), "text/html; charset=utf-8")
        except ZoneprofileError as exc:
            return self._send(500, error_page(exc, version).encode(), "text/html; charset=utf-8")
        except OSError as exc:
            return self._send(500, error_page(exc, version).encode(), "text/html; charset=utf-8")
        except Exception as exc:  # never let one request take the server down
            log.exception("preview failed")
            return self._send(500, error_page(RuntimeError(f"unexpected {type(exc).__name__}: {exc}"),
                                              version).encode(), "text/html; charset=utf-8")


def make_server(preview: Preview, port: int = 8000) -> ThreadingHTTPServer:
    """A server on 127.0.0.1 only (port 0 picks a free one)."""
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def serve_forever(preview: Preview, port: int) -> None:
    server = make_server(preview, port)
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    host, real_port = server.server_address[:2]
    print(f"zoneprofile preview on http://{host}:{real_port}/  (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()

