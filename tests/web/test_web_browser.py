"""The dashboard in headless chromium (Debian's, via Playwright) against a real uvicorn server:
search → article → entity → back, on a desktop and a phone viewport; screenshots in artifacts/."""

from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("LAGEBILD_CHROMIUM", "/usr/bin/chromium")  # Debian's (scripts/browser-deps.sh)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM} (scripts/browser-deps.sh installs it)")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # a chromium that cannot start here
            pytest.skip(f"chromium does not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@contextmanager
def _serving(app):
    """``app`` under uvicorn on 127.0.0.1 and a free port, in a thread; its base URL."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def server(web_db):
    from lagebild.web import create_app
    from lagebild.web.security import LOOPBACK_NAMES

    with _serving(create_app(web_db[0], allowed_hosts=LOOPBACK_NAMES)) as base:
        yield base


def _page(browser, viewport):
    page = browser.new_page(viewport=viewport)
    problems: list[str] = []
    confirms: list[str] = []  # questions the test expects (and accepts); any other dialog is a problem

    def dialog(d) -> None:
        if d.type == "confirm" and confirms:
            confirms.pop()
            d.accept()
        else:
            problems.append(f"dialog: {d.message}")
            d.dismiss()

    page.on("dialog", dialog)
    page.confirms = confirms
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    return page, problems


@pytest.mark.parametrize("name, viewport", [("desktop", {"width": 1280, "height": 860}),
                                            ("phone", {"width": 390, "height": 844})])
def test_search_article_entity_back(browser, server, name, viewport):
    page, problems = _page(browser, viewport)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server + "/")
    assert page.title() == "Lage · lagebild"
    page.fill("#top-q", "Hochwasser Lagezentrum")
    page.press("#top-q", "Enter")
    page.wait_for_url("**/?q=Hochwasser+Lagezentrum")
    assert page.locator("#total").inner_text().startswith("1 Artikel")
    assert page.locator(".hit mark").count() >= 1
    page.screenshot(path=str(ARTIFACTS / f"web-{name}-search.png"), full_page=True)

    page.click("text=Oder-Hochwasser: Deutsch-polnisches Lagezentrum geplant")
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text().startswith("Oder-Hochwasser")
    assert page.locator(".story-text a.ent-PER").count() >= 2  # highlighted people in the text
    assert page.locator(".quote figcaption a").first.inner_text() == "Dietmar Wendland"
    page.screenshot(path=str(ARTIFACTS / f"web-{name}-article.png"), full_page=True)

    page.locator(".story-text a.ent", has_text="Anna Kowalska").first.click()
    page.wait_for_url("**/entities/PER:anna-kowalska")
    assert page.locator("h1").inner_text() == "Anna Kowalska"
    assert page.locator("svg.chart rect.bar").count() >= 1
    assert page.locator(".cooc a[href='/entities/LOC:oder']").count() == 1
    page.screenshot(path=str(ARTIFACTS / f"web-{name}-entity.png"), full_page=True)

    page.go_back()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text().startswith("Oder-Hochwasser")
    assert problems == []
    page.close()


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_no_page_is_wider_than_a_phone(browser, server, web_db):
    page, problems = _page(browser, {"width": 360, "height": 740})
    for path in ["/", "/?q=Oder&section=Politik", f"/articles/{web_db[1]['flood']}",
                 f"/articles/{web_db[1]['hostile']}", "/entities", "/entities/LOC:oder", "/alerts?q=Oder", "/login",
                 "/articles/99999"]:
        page.goto(server + path)
        assert _overflow(page) <= 0, path
    page.goto(server + "/")
    assert page.locator("details.filters").get_attribute("open") is None  # folded on a phone (app.js)
    page.screenshot(path=str(ARTIFACTS / "web-phone-home.png"), full_page=True)
    assert [p for p in problems if "status of 404" not in p] == []  # /articles/99999 is a 404 page
    page.close()


def test_facets_paging_and_hostile_article(browser, server, web_db):
    page, problems = _page(browser, {"width": 1280, "height": 860})
    page.goto(server + "/")
    page.click(".pager a[rel=next]")
    page.wait_for_url("**page=2")
    assert "Seite 2 von 2" in page.locator("#total").inner_text()
    page.goto(server + "/?q=Oder")
    page.click(".facet a:has-text('Politik')")
    page.wait_for_url("**section=Politik**")
    assert page.locator(".pill", has_text="Rubrik: Politik").count() == 1
    sections = page.locator(".hit .chip").all_inner_texts()
    assert sections and set(sections) == {"Politik"}

    page.goto(f"{server}/articles/{web_db[1]['hostile']}")
    page.hover(".story-text a.ent")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelectorAll('img, iframe, script:not([src])').length") == 0
    assert "Titel <script>" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "web-desktop-hostile.png"), full_page=True)
    assert problems == []  # no alert() ran, nothing broke the CSP
    page.close()


def test_alert_created_and_tried_in_the_browser(browser, fresh_db, tmp_path):
    """A write through the dashboard form (CSRF token and Origin as a real browser sends them)."""
    from lagebild.web import create_app

    with _serving(create_app(fresh_db[0])) as base:
        page, problems = _page(browser, {"width": 1280, "height": 860})
        page.goto(f"{base}/alerts?q=Zinsen")
        assert "1 Artikel im Archiv" in page.locator("#test-results").inner_text()
        page.fill("input[name=name]", "zinsen")
        page.fill("input[name=query]", "Zinsen OR rates")
        page.fill("input[name=target]", "zinsen")
        page.click("form.stack button[type=submit]")
        page.wait_for_url("**/alerts?test=zinsen")
        assert "2 Artikel im Archiv" in page.locator("#test-results").inner_text()
        page.screenshot(path=str(ARTIFACTS / "web-desktop-alerts.png"), full_page=True)
        page.confirms.append("Alert „zinsen“ löschen?")
        page.click(".al-actions button.danger")
        page.wait_for_url("**/alerts")
        assert page.locator(".alert-list li").count() == 0
        assert problems == []
        page.close()
