"""End to end in a real browser: Debian's Chromium, driven by Playwright, against `copydesk serve`'s app.

Pastes the seed article, submits, and reads the annotated report; then the same without
JavaScript, and the offline API docs. Screenshots go to test-artifacts/ (and to
docs/screenshot.png when COPYDESK_DOCS_SCREENSHOT=1, to refresh the README's picture).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server_url():
    """The real app under uvicorn on a loopback port, as `copydesk serve` runs it."""
    import uvicorn

    from copydesk.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # start-up loads the pipeline
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the copydesk server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, *, javascript: bool = True, width: int = 1400):
    context = browser.new_context(viewport={"width": width, "height": 1000}, java_script_enabled=javascript)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    return page, problems


def save_screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    if os.environ.get("COPYDESK_DOCS_SCREENSHOT") == "1" and name == "report-in-browser.png":
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"), full_page=False)


def test_pasting_the_seed_shows_the_annotated_report_in_place(browser, server_url, seed_text):
    page, problems = open_page(browser)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server_url + "/")
    page.fill("#text", seed_text)
    page.click("#submit")
    page.wait_for_selector(".cd-report", timeout=60_000)
    assert page.url == server_url + "/"  # shown in place: the script submitted, no navigation
    report = page.locator(".cd-report")
    assert report.locator("h1").inner_text().startswith("Amid Intense Backlash")
    assert report.locator(".cd-para").count() == 14
    assert "Corey Booker" in report.locator(".cd-text").inner_text()
    assert page.locator("#text").input_value() == seed_text
    # The seed's central error: Biden is "President" in ¶4 and "Vice President" in ¶11.
    tag = page.locator("a.cd-tag", has_text="TITLE_CONFLICT").first
    assert tag.is_visible() and "cd-error" in tag.get_attribute("class")
    highlight = page.locator("#p11 mark.cd-error", has_text="Vice President Biden")
    assert highlight.count() == 1 and highlight.is_visible()
    highlight.click()  # a highlight leads to its finding, and the finding back to the text
    card = page.locator(".cd-finding:target")
    assert card.locator(".cd-code").inner_text() == "TITLE_CONFLICT" and card.is_visible()
    assert "Vice President" in card.locator(".cd-message").inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    save_screenshot(page, "report-in-browser.png")
    assert all(url.startswith(server_url) for url in requests), requests  # nothing fetched elsewhere
    assert problems == []


def test_the_form_works_without_javascript(browser, server_url, seed_text):
    page, problems = open_page(browser, javascript=False, width=420)
    page.goto(server_url + "/")
    page.fill("#text", seed_text)
    with page.expect_navigation():
        page.click("#submit")
    assert page.locator(".cd-report h1").inner_text().startswith("Amid Intense Backlash")
    save_screenshot(page, "report-without-javascript-phone.png")
    assert problems == []


def test_the_standalone_report_downloads(browser, server_url, seed_text, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(server_url + "/")
    page.fill("#text", seed_text)
    with page.expect_download(timeout=60_000) as download:
        page.click("button[name=download][value=html]")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "copydesk-report.html"
    assert '<article class="cd-report">' in saved.read_text(encoding="utf-8")
    assert page.locator(".cd-report").count() == 0  # the page itself stayed as it was
    context.close()


def test_errors_show_on_the_page(browser, server_url):
    page, _ = open_page(browser)
    page.goto(server_url + "/")
    page.fill("#url", "http://169.254.169.254/latest/meta-data/")
    page.click("#submit")
    page.wait_for_selector(".app-error")
    assert "cloud metadata address" in page.locator(".app-error").inner_text()


def test_api_docs_render_offline(browser, server_url):
    page, problems = open_page(browser)
    page.goto(server_url + "/docs")
    page.wait_for_selector(".docs-op")
    assert "/v1/check" in page.locator("#docs").inner_text()
    page.click("#try-send")
    page.wait_for_selector("#try-out:has-text('copydesk.report/1')", timeout=60_000)
    save_screenshot(page, "api-docs.png")
    assert problems == []
