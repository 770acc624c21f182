"""The analyst's walk in headless chromium against a real server, on a desktop and a 360 px phone:
home → the volume chart (a bar sets the range) → stories → a story → an article → an entity → its
network → quotes, and back. Screenshots go to a temporary artifacts directory the test prints
(``$LAGEBILD_ARTIFACTS`` to choose another), never into the repository."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from test_web_browser import _overflow, _page, _serving, browser  # noqa: F401 - the fixture is shared

pytestmark = pytest.mark.browser
ARTIFACTS = Path(os.environ.get("LAGEBILD_ARTIFACTS") or Path(tempfile.gettempdir()) / "lagebild-artifacts")


@pytest.fixture(scope="module")
def story_server(story_db):
    from lagebild.web import create_app
    from lagebild.web.security import LOOPBACK_NAMES

    with _serving(create_app(story_db[0], allowed_hosts=LOOPBACK_NAMES)) as base:
        yield base


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"analysis-{name}.png"), full_page=True)


@pytest.mark.parametrize("name, viewport", [("desktop", {"width": 1280, "height": 860}),
                                            ("phone", {"width": 360, "height": 740})])
def test_home_trend_story_article_entity_network_quotes_and_back(browser, story_server, name, viewport):  # noqa: F811
    print(f"screenshots in {ARTIFACTS}")
    page, problems = _page(browser, viewport)
    page.goto(story_server + "/")
    assert page.locator("svg.chart.trend a[data-since]").count() >= 10
    page.locator('svg.chart.trend a[data-since="2026-09-14"]').click()  # a bar is the search over its day
    page.wait_for_url("**since=2026-09-14**")
    assert "until=2026-09-14" in page.url
    assert page.locator("#total").inner_text().startswith("2 Artikel")  # the report and the second outlet's copy
    assert page.locator("svg.chart.trend rect.slot.sel").count() == 1
    _shot(page, f"{name}-1-home-range")
    assert _overflow(page) <= 0

    page.click("#trend a:has-text('Stories')")
    page.wait_for_url("**/stories?**")
    page.click(".story-card a:has-text('Oder-Hochwasser')")
    page.wait_for_url("**/stories/*")
    assert page.locator("details.copies summary").inner_text() == "auch veröffentlicht von 1 Medium (1 Kopie)"
    assert page.locator("svg.chart.trend").count() == 1 and page.locator(".quote").count() >= 1
    _shot(page, f"{name}-2-story")
    assert _overflow(page) <= 0

    page.click(".timeline .tl-item > a")
    page.wait_for_url("**/articles/*")
    assert page.locator(".in-story a").first.inner_text().startswith("Oder-Hochwasser")
    assert "Auch veröffentlicht von 1 Medium" in page.locator(".in-story").inner_text()
    _shot(page, f"{name}-3-article")

    page.locator(".story-text a.ent", has_text="Dietmar Wendland").first.click()
    page.wait_for_url("**/entities/PER:dietmar-wendland")
    page.click("a:has-text('Netzwerk ›')")
    page.wait_for_url("**/network?entity=**")
    assert page.locator("svg.chart.network circle").count() >= 4
    assert page.locator("svg.chart.network a[href='/entities/LOC:oder']").count() == 1
    _shot(page, f"{name}-4-network")
    assert _overflow(page) <= 0

    page.goto(story_server + "/quotes")
    page.fill("input[name=speaker]", "Wendland")
    page.press("input[name=speaker]", "Enter")
    page.wait_for_url("**speaker=Wendland**")
    assert page.locator(".quote").count() == 2
    page.locator(".quote a.speaker").first.click()
    page.wait_for_url("**/entities/PER:dietmar-wendland")
    _shot(page, f"{name}-5-quotes-speaker")

    page.go_back()
    page.wait_for_url("**/quotes?**")
    assert page.locator(".quote").count() == 2
    page.go_back()
    page.go_back()
    page.wait_for_url("**/network?**")
    assert page.locator("svg.chart.network circle").count() >= 4
    assert problems == []
    page.close()


def test_dragging_across_the_chart_sets_a_range(browser, story_server):  # noqa: F811
    page, problems = _page(browser, {"width": 1280, "height": 860})
    page.goto(story_server + "/trends?q=Oder&q=Zinsen&unit=day")
    assert page.locator("svg.chart.trend polyline.line").count() == 2
    first = page.locator('svg.chart.trend a[data-since="2026-09-14"] rect.slot').bounding_box()
    last = page.locator('svg.chart.trend a[data-since="2026-09-17"] rect.slot').bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + 20)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + 20, steps=8)
    page.mouse.up()
    page.wait_for_url("**until=2026-09-17**")
    assert "since=2026-09-14" in page.url and page.url.count("q=") == 2  # both queries kept
    assert page.locator("svg.chart.trend rect.slot.sel").count() == 4
    _shot(page, "desktop-6-trends-brushed")
    assert problems == []
    page.close()


def test_new_pages_fit_a_phone(browser, story_server, story_db):  # noqa: F811
    page, problems = _page(browser, {"width": 360, "height": 740})
    for path in ["/stories", "/stories?window=all&sort=size", "/trends?q=Oder&q=EZB", "/quotes", "/network?q=Oder",
                 f"/articles/{story_db[1]['hostile']}", "/quotes?text=Zitat", "/network?q=Titel"]:
        page.goto(story_server + path)
        assert _overflow(page) <= 0, path
    _shot(page, "phone-7-network-hostile")
    assert page.evaluate("document.querySelectorAll('img, iframe, script:not([src])').length") == 0
    assert problems == []
    page.close()


def test_network_labels_readable_on_a_phone(browser, story_server):  # noqa: F811
    """On 360 px the labels shown are large enough to read and none overlaps another (the rest stay in
    the list of ties below the graph and in each node's tooltip)."""
    page, problems = _page(browser, {"width": 360, "height": 740})
    page.goto(story_server + "/network?nodes=40")
    shown = page.evaluate("""[...document.querySelectorAll('svg.chart.network text.label')]
        .filter(t => getComputedStyle(t).display !== 'none')
        .map(t => { const r = t.getBoundingClientRect();
                    return [r.left, r.top, r.right, r.bottom, parseFloat(getComputedStyle(t).fontSize) *
                            t.getScreenCTM().a]; })""")
    assert len(shown) >= 3
    assert min(s[4] for s in shown) >= 10  # px on the screen
    for i, a in enumerate(shown):
        for b in shown[:i]:
            assert a[2] <= b[0] + 1 or b[2] <= a[0] + 1 or a[3] <= b[1] + 1 or b[3] <= a[1] + 1, (a, b)
    _shot(page, "phone-8-network-labels")
    assert problems == []
    page.close()
