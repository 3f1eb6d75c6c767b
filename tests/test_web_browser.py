"""The page in a real browser: headless Chromium (Debian's package) driven by Selenium through the system
chromedriver. Types a topic, sees the outline, downloads the Word draft and reads its headings back.
Skipped when Chromium, its driver or Selenium is missing."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from drafter.structure.parser import parse_file
from drafter.web.banks import Banks
from drafter.web.routes import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402  (after the skip)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                                reason="Chromium and chromium-driver are not installed")


@contextmanager
def serving(home: Path):
    """The page served by waitress on a free loopback port, in this process; yields its URL."""
    from waitress.server import create_server

    server = create_server(create_app(Banks(home)), host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"
    finally:
        time.sleep(0.2)  # let waitress finish its last response before it is closed
        server.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("banks")) as url:
        yield url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    """One browser for the module (starting Chromium is the slow part)."""
    driver = open_browser(downloads)
    yield driver
    driver.quit()


@pytest.fixture
def page(server, browser, downloads):
    """The page freshly loaded, with no earlier download lying around."""
    for old in downloads.iterdir():
        old.unlink()
    browser.get(server)
    return browser


def downloaded(downloads: Path) -> Path:
    """The .docx the browser saved, once it is complete."""
    return wait_for(lambda: [p for p in downloads.glob("*.docx") if p.stat().st_size and not list(downloads.glob("*.crdownload"))])[0]


def open_browser(downloads: Path, width: int = 1200, height: int = 900):
    """Headless Chromium through /usr/bin/chromedriver (never a downloaded driver), saving into `downloads`."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN",
                     f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def wait_for(condition, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def part_headings(browser, view: str = "#outline") -> list[str] | None:
    """The part headings shown in `view`, or None while it is being redrawn."""
    try:
        return [e.text for e in browser.find_elements(By.CSS_SELECTOR, f"{view} > .part > .heading > .text")]
    except StaleElementReferenceException:
        return None


def choose_variant(browser, part: int, variant: str) -> bool:
    """Pick another variant for one part; False when the outline was redrawn under the click."""
    try:
        Select(browser.find_elements(By.CSS_SELECTOR, "select.part-variant")[part]).select_by_value(variant)
        return True
    except StaleElementReferenceException:
        return False


def test_draft_in_the_browser(page, downloads):
    page.find_element(By.ID, "topic").send_keys("安全生产")
    shown = wait_for(lambda: part_headings(page))
    assert len(shown) == 3
    assert page.find_element(By.CSS_SELECTOR, "#outline .heading").get_attribute("title").startswith("出处：")
    assert "分钟" in page.find_element(By.ID, "length").text
    page.find_element(By.ID, "download-draft").click()
    assert [f"{b.number}{b.heading}" for b in parse_file(downloaded(downloads)).parts] == shown
    assert not page.find_element(By.ID, "error").is_displayed()


def test_one_part_changes_its_variant(page):
    page.find_element(By.ID, "topic").send_keys("安全生产")
    before = wait_for(lambda: part_headings(page))
    wait_for(lambda: choose_variant(page, part=1, variant="1"))
    after = wait_for(lambda: (now := part_headings(page)) != before and now)
    assert after[0] == before[0] and after[2] == before[2] and after[1] != before[1]


def test_errors_show_as_one_sentence(page):
    page.find_element(By.ID, "topic").send_keys("安")
    error = page.find_element(By.ID, "error")
    wait_for(error.is_displayed)
    assert "2 到 30 个汉字" in error.text and "\n" not in error.text


def test_lookup_tab(page):
    page.find_element(By.CSS_SELECTOR, "nav button[data-tab=phrase]").click()
    page.find_element(By.ID, "q").send_keys("落实")
    rows = wait_for(lambda: page.find_elements(By.CSS_SELECTOR, "#phrases tbody tr"))
    assert "落实" in rows[0].find_element(By.CLASS_NAME, "text").text and "第" in rows[0].text


def test_format_tab(page, downloads):
    page.find_element(By.CSS_SELECTOR, "nav button[data-tab=format]").click()
    page.find_element(By.ID, "speech-text").send_keys("同志们：\n一、提高认识\n要高度重视。\n二、狠抓落实\n要真抓实干。\n")
    assert wait_for(lambda: part_headings(page, "#structure")) == ["一、提高认识", "二、狠抓落实"]
    page.find_element(By.ID, "download-export").click()
    assert [b.heading for b in parse_file(downloaded(downloads)).parts] == ["提高认识", "狠抓落实"]


def test_archive_tab_mines_a_folder(page):  # last: the server then works from the mined bank
    from drafter.resources import bundled

    page.find_element(By.CSS_SELECTOR, "nav button[data-tab=bank]").click()
    page.find_element(By.ID, "corpus-files").send_keys(str(bundled("corpus")))
    page.find_element(By.ID, "mine").click()
    status = page.find_element(By.ID, "mine-status")
    wait_for(lambda: "提炼完成" in status.text, timeout=120)
    assert page.find_element(By.ID, "bank-folder").text.endswith("bank")
    assert not page.find_element(By.ID, "error").is_displayed()


def screenshot(path: Path) -> None:
    """The README's picture of the drafting page (`python tests/test_web_browser.py docs/serve.png`)."""
    with tempfile.TemporaryDirectory() as home, serving(Path(home)) as url:
        browser = open_browser(Path(home), width=1200, height=860)
        try:
            browser.get(url)
            for field, value in (("topic", "安全生产"), ("date", "2022年6月8日"), ("speaker", "市委书记 张三"), ("minutes", "20")):
                browser.find_element(By.ID, field).send_keys(value)
            wait_for(lambda: part_headings(browser))
            time.sleep(1)
            browser.save_screenshot(str(path))
        finally:
            browser.quit()


if __name__ == "__main__":
    screenshot(Path(sys.argv[1]))
