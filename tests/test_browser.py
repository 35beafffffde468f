"""A real browser (headless Chromium) on the web UI over the seeds: threads list -> thread
dossier -> an article. Screenshots are saved under artifacts/ (git-ignored).

Selenium Manager must never download anything: the driver and the browser are the
system's (/usr/bin/chromedriver, /usr/bin/chromium)."""
from pathlib import Path

import pytest

from conftest import live_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() or not CHROMEDRIVER.exists(),
                                reason="no /usr/bin/chromium or /usr/bin/chromedriver")


@pytest.fixture(scope="module")
def server(seeds_db_path):
    from storyledger.web.app import create_app

    with live_server(create_app(seeds_db_path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1600",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # to read CSP reports
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


def test_thread_page_and_click_through_to_an_article(server, browser):
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(server + "/")
    link = browser.find_element(By.CSS_SELECTOR, "a.thread-link")
    link.click()
    assert browser.current_url.endswith("/threads/t1")
    title = browser.find_element(By.ID, "title").text
    assert title
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.timeline circle")) >= 2
    assert browser.find_elements(By.CSS_SELECTOR, "svg.sources g.report")
    assert browser.find_elements(By.CSS_SELECTOR, "table.claims tr[id^='c']")
    browser.save_screenshot(str(ARTIFACTS / "thread_t1.png"))

    evidence = browser.find_element(By.CSS_SELECTOR, "table.claims a[href*='/articles/']")
    evidence.click()
    assert "/articles/" in browser.current_url
    text = browser.find_element(By.ID, "article-text")
    assert text.text.strip()
    assert text.find_elements(By.CSS_SELECTOR, ".focus")  # the evidence sentence is marked
    assert text.find_elements(By.CSS_SELECTOR, ".claim") and text.find_elements(By.CSS_SELECTOR, "mark.time")
    browser.save_screenshot(str(ARTIFACTS / "article.png"))

    entity = text.find_element(By.CSS_SELECTOR, "a.ent")
    browser.get(entity.get_attribute("href"))
    assert browser.find_element(By.ID, "entity-name").text
    browser.save_screenshot(str(ARTIFACTS / "entity.png"))
    assert (ARTIFACTS / "thread_t1.png").stat().st_size > 10_000


def test_missing_page_in_the_browser(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/threads/t404")
    assert "Not found" in browser.find_element(By.TAG_NAME, "h1").text


def test_pages_work_under_the_content_security_policy(server, browser):
    """The server sends a strict CSP (no scripts, styles only from /static): every page must
    still be styled, with no violation in the browser's console."""
    from selenium.webdriver.common.by import By

    browser.get_log("browser")  # start from an empty console
    for page in ("/", "/events", "/threads/t1", "/search?q=Osechkin"):
        browser.get(server + page)
        assert browser.find_element(By.TAG_NAME, "body").value_of_css_property("font-family")
    browser.get(server + "/threads/t1")
    status = browser.find_element(By.CSS_SELECTOR, "table.claims span.status")
    assert status.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    violations = [entry["message"] for entry in browser.get_log("browser")
                  if "Content Security Policy" in entry["message"]]
    assert violations == []


@pytest.mark.parametrize("width", [1280, 400])
def test_thread_page_reads_first_and_fits_the_screen(server, browser, width, tmp_path_factory):
    """The summary comes first, no table makes the page wider than a 400 px phone (on a narrow
    screen tables become cards), one font family. The screenshots are saved under a temp dir
    (their paths are printed: look at them)."""
    from selenium.webdriver.common.by import By

    shots = tmp_path_factory.mktemp("screenshots")
    browser.set_window_size(width, 1600)
    try:
        browser.get(server + "/threads/t1")
        summary = browser.find_element(By.ID, "summary")
        assert "2022-09-12" in summary.text
        assert summary.location["y"] < browser.find_element(By.ID, "events").location["y"]
        page = browser.execute_script("return document.scrollingElement.scrollWidth")
        screen = browser.execute_script("return window.innerWidth")
        assert page <= screen, f"the page is {page} px wide in a {screen} px window"
        for table in browser.find_elements(By.CSS_SELECTOR, ".table-wrap"):
            if table.is_displayed():  # nothing scrolls sideways inside the page either, on a phone
                inner, outer = browser.execute_script("return [arguments[0].scrollWidth, arguments[0].clientWidth]",
                                                      table)
                assert width > 600 or inner <= outer, f"a table is {inner} px wide in {outer} px"
        fonts = {browser.find_element(By.TAG_NAME, tag).value_of_css_property("font-family")
                 for tag in ("body", "table", "h1")}
        assert len(fonts) == 1 and "sans" in fonts.pop()
        shot = shots / f"thread_t1_{width}.png"
        browser.save_screenshot(str(shot))
        print(f"screenshot: {shot}")
    finally:
        browser.set_window_size(1280, 1600)
    assert shot.stat().st_size > 10_000
