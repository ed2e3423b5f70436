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
