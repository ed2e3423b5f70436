"""`zoneprofile serve`: the preview reloads on change, shows template errors as pages,
recovers, and offers the PDF. Browser tests drive the system Chromium with Playwright."""

import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROFILES, ROOT, SEEDS

from zoneprofile.serve import Preview, make_server

HEADER = ('{% extends "default:brief.html" %}\n{% block header %}\n<p id="marker">MARK</p>\n{{ super() }}\n'
          '{% endblock %}\n')


@pytest.fixture
def workspace(tmp_path):
    templates = tmp_path / "mytemplates"
    templates.mkdir()
    (templates / "brief.html").write_text(HEADER.replace("MARK", "版本一"), encoding="utf-8")
    profiles = tmp_path / "profiles"
    shutil.copytree(PROFILES, profiles)
    return templates, profiles


@pytest.fixture
def server(workspace):
    templates, profiles = workspace
    preview = Preview(SEEDS, profiles, templates)
    httpd = make_server(preview, 0)
    stop = threading.Event()
    threads = [threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True),
               threading.Thread(target=preview.watch, args=(stop, 0.1), daemon=True)]
    for t in threads:
        t.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host}:{port}", preview, templates, profiles
    stop.set()
    httpd.shutdown()
    httpd.server_close()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def touch_write(path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    t = time.time() + 1
    os.utime(path, (t, t))  # a new mtime even within one clock tick


def wait_for(condition, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_binds_to_loopback_only(server):
    url, *_ = server
    assert url.startswith("http://127.0.0.1:")


def test_template_change_rerenders_without_extracting_again(server):
    url, preview, templates, _ = server
    status, body = get(url + "/brief")
    assert status == 200 and "版本一".encode() in body and b"/__version" in body
    touch_write(templates / "brief.html", HEADER.replace("MARK", "版本二"))
    assert wait_for(lambda: "版本二".encode() in get(url + "/brief")[1])
    assert preview.extractions == 1


def test_profile_change_extracts_again(server):
    url, preview, _, profiles = server
    get(url + "/brief")
    path = profiles / "zhenjiang-hi-tech-zone.yaml"
    touch_write(path, path.read_text(encoding="utf-8").replace("city: 镇江", "city: 测试城"))
    assert wait_for(lambda: "测试城".encode() in get(url + "/brief")[1])
    assert preview.extractions == 2


def test_template_error_is_a_page_and_the_server_recovers(server):
    url, _, templates, _ = server
    touch_write(templates / "brief.html", HEADER.replace("MARK", "{{ no_such_name }}"))
    assert wait_for(lambda: get(url + "/brief")[0] == 500)
    status, body = get(url + "/brief")
    page = body.decode()
    assert f"{templates / 'brief.html'}:3:" in page and "no_such_name" in page and 'class="bad"' in page
    touch_write(templates / "brief.html", HEADER.replace("MARK", "修好了"))
    assert wait_for(lambda: "修好了".encode() in get(url + "/brief")[1])


def test_pages_pdf_json_and_lookup(server):
    url, *_ = server
    assert get(url + "/")[0] == 200
    status, pdf = get(url + "/brief.pdf?zones=zhenjiang-new-area,zhenjiang-hi-tech-zone")
    assert status == 200 and pdf.startswith(b"%PDF") and b"/__version" not in pdf
    status, body = get(url + "/profile/zhenjiang-new-area")
    assert status == 200 and "开发区概况".encode() in body
    status, body = get(url + "/context.json?zones=zhenjiang-new-area")
    assert status == 200 and b'"mode": "profile"' in body
    status, body = get(url + "/templates")
    assert status == 200 and b"brief.html" in body
    assert get(url + "/nope")[0] == 404
    status, body = get(url + "/brief?zones=nowhere")
    assert status == 500 and "zhenjiang-new-area".encode() in body  # the error names the choices


# ------------------------------------------------------------------ in a real browser
def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if not chromium or sync_playwright is None:
        reason = "needs Debian's chromium and the playwright package (scripts/test.sh installs both)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return chromium, sync_playwright


@pytest.fixture
def page(server):
    chromium, sync_playwright = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
        yield context.new_page(), server
        browser.close()


def test_browser_sees_a_template_change_and_recovers_from_an_error(page):
    tab, (url, _, templates, _) = page
    tab.goto(url + "/brief")
    tab.wait_for_selector("#marker:has-text('版本一')")
    assert tab.locator("h1").first.inner_text().replace(" ", "").startswith("镇江")
    shot = ROOT / "output" / "serve-preview.png"
    shot.parent.mkdir(exist_ok=True)
    tab.screenshot(path=str(shot))

    touch_write(templates / "brief.html", HEADER.replace("MARK", "版本二"))
    tab.wait_for_selector("#marker:has-text('版本二')", timeout=15000)  # reloaded by itself

    touch_write(templates / "brief.html", HEADER.replace("MARK", "{{ no_such_name }}"))
    tab.wait_for_selector(".zp-error", timeout=15000)
    assert "no_such_name" in tab.locator(".zp-message").inner_text()
    assert "brief.html:3:" in tab.locator(".zp-message").inner_text()

    touch_write(templates / "brief.html", HEADER.replace("MARK", "版本三"))
    tab.wait_for_selector("#marker:has-text('版本三')", timeout=15000)  # the error page recovered


def test_browser_downloads_the_pdf(page):
    tab, (url, *_) = page
    tab.goto(url + "/brief")
    with tab.expect_download(timeout=60000) as download:
        tab.click("#zp-pdf")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10000


# ------------------------------------------------------------------ issue 16: attacks on the preview
import http.client  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from attacks_common import small_corpus  # noqa: E402

SECRET = "ZONEPROFILE-SECRET-77aa"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`zoneprofile serve` in its own process, as a user runs it (its renders in its main thread)."""
    base = tmp_path_factory.mktemp("served")
    templates = base / "templates"
    templates.mkdir()
    (templates / "brief.html").write_text(HEADER.replace("MARK", "版本一"), encoding="utf-8")
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    corpus = small_corpus(base / "corpus")
    log = open(base / "stderr.txt", "w")
    proc = subprocess.Popen([sys.executable, "-m", "zoneprofile", "serve", corpus, "--profiles", PROFILES,
                             "--templates", templates, "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=log, text=True)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        yield f"http://127.0.0.1:{port}", port, templates, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def raw_get(port: int, path: str, headers: dict | None = None, timeout: float = 120):
    """A GET sent as written (no normalisation of the path), with these headers: (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        for k, v in {"Host": f"127.0.0.1:{port}", **(headers or {})}.items():
            conn.putheader(k, v)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io:{port}", "", "0.0.0.0:{port}"])
def test_item06_a_foreign_host_header_reads_nothing(served, host):
    _, port, _, _ = served
    for path in ("/context.json", "/brief.pdf", "/templates", "/", "/brief"):
        status, body = raw_get(port, path, {"Host": host.format(port=port)})
        assert status == 403 and b"zhenjiang" not in body and b"%PDF" not in body, (path, status)
    status, body = raw_get(port, "/context.json", {"Host": f"localhost:{port}"})
    assert status == 200 and b"zhenjiang" in body


def test_item06_another_sites_background_request_is_refused(served):
    _, port, _, _ = served
    status, _ = raw_get(port, "/context.json", {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"})
    assert status == 403
    status, _ = raw_get(port, "/", {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"})
    assert status == 200  # following a link to the preview still works


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "//secret.txt", "/templates/../../secret.txt",
    "/profile/..%2f..%2f..%2fsecret.txt", "/profile/../../secret.txt", "/profile/%2e%2e.pdf",
    "/brief?zones=../../secret.txt", "/context.json?zones=..%2f..%2fsecret.txt", "/brief.pdf?zones=/etc/passwd",
    "/__version/../secret.txt", "/%00/etc/passwd", "/..\\..\\secret.txt", "/profile/zhenjiang-new-area/../../secret.txt",
])
def test_held_no_path_reaches_a_file_outside(served, path):
    _, port, _, _ = served
    status, body = raw_get(port, path)
    assert SECRET.encode() not in body and b"root:x:" not in body and status in (404, 500), (status, body[:200])


def test_item20_parallel_pdf_requests_render_once_at_a_time_and_share(served):
    import concurrent.futures

    url, _, _, base = served
    before = (base / "stderr.txt").read_text(encoding="utf-8")
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda _: get(url + "/brief.pdf?zones=zhenjiang-new-area,zhenjiang-hi-tech-zone"),
                                range(20)))
    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1 and answers[0][1].startswith(b"%PDF")
    after = (base / "stderr.txt").read_text(encoding="utf-8")[len(before):]
    assert "corrupted" not in after and "Traceback" not in after and "CRITICAL" not in after, after


def test_item22_an_aborted_pdf_download_prints_nothing(served):
    url, port, _, base = served
    before = (base / "stderr.txt").read_text(encoding="utf-8")
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"GET /profile/zhenjiang-hi-tech-zone.pdf HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert get(url + "/profile/zhenjiang-hi-tech-zone.pdf")[0] == 200  # the same render, then answered
    time.sleep(0.5)
    assert (base / "stderr.txt").read_text(encoding="utf-8")[len(before):] == ""


def test_item13_a_superseded_render_stops_and_the_fixed_page_follows(served):
    """A template whose loops count no operation runs until its clock (20 s); fixing it stops it."""
    url, _, templates, _ = served
    endless = ('{% extends "default:brief.html" %}{% block header %}{% set l = sources * 100000 %}'
               "{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}{% endblock %}")
    touch_write(templates / "brief.html", endless)
    time.sleep(1.0)  # seen by the watcher
    answer = {}
    waiting = threading.Thread(target=lambda: answer.update(r=get(url + "/brief?zones=zhenjiang-new-area,"
                                                                       "zhenjiang-hi-tech-zone")))
    started = time.time()
    waiting.start()
    time.sleep(1.5)  # the render is under way
    touch_write(templates / "brief.html", HEADER.replace("MARK", "修好了"))
    waiting.join(timeout=60)
    assert answer["r"][0] == 503 and time.time() - started < 12  # stopped, not run to its 20 s clock
    assert wait_for(lambda: "修好了".encode() in get(url + "/brief")[1], timeout=20)
    touch_write(templates / "brief.html", HEADER.replace("MARK", "版本一"))


def test_item21_watching_costs_no_scan_while_nothing_changes(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(500):
        (corpus / f"{i:04d}.txt").write_text("镇江新区新增企业20家。\n", encoding="utf-8")
    preview = Preview(corpus, PROFILES)
    calls = []
    watcher = None
    for name in ("scandir", "stat", "lstat", "listdir"):
        real = getattr(os, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            if threading.current_thread() is watcher:
                calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, spy)
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop, 0.1), daemon=True)
    watcher.start()
    try:
        time.sleep(1.0)
        settled = len(calls)  # setting up the watch may look once
        time.sleep(1.0)  # the poll this replaced scanned every file every 0.3 s
        assert len(calls) == settled, f"{len(calls) - settled} file system calls while idle"
        version = preview.version
        touch_write(corpus / "0001.txt", "镇江新区新增企业21家。\n")
        assert wait_for(lambda: preview.version > version, timeout=10)
    finally:
        stop.set()
        watcher.join(timeout=10)


def test_a_change_of_the_indicator_catalogue_extracts_again(tmp_path):
    """The catalogue decides each figure's indicator during extraction: saving indicators.yaml in the
    templates folder extracts again (a template change only re-renders)."""
    templates = tmp_path / "t"
    templates.mkdir()
    preview = Preview(SEEDS, PROFILES, templates)
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop, 0.1), daemon=True)
    watcher.start()
    try:
        preview.data()
        before = preview.extractions
        time.sleep(0.5)
        touch_write(templates / "brief.css", "body { color: #111; }")
        assert wait_for(lambda: preview.version > 0, timeout=10)
        preview.data()
        assert preview.extractions == before  # the look changed, not the data
        touch_write(templates / "indicators.yaml", "extends: default\nremove: [grid_workers]\n")
        version = preview.version
        assert wait_for(lambda: preview.version > version, timeout=10)
        df, _, _ = preview.data()
        assert preview.extractions == before + 1 and "grid_workers" not in set(df["indicator"].dropna())
    finally:
        stop.set()
        watcher.join(timeout=10)
