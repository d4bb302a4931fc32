"""The staff's page in a real browser (Debian's Chromium, driven through Selenium) against a real
`sheets serve` process: search as you type, a sheet's previews and its download, the email form
sent to a real SMTP server, the language switch, user text shown as text, and an open page that
updates itself when the catalog changes."""

from __future__ import annotations

import email
import email.policy
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from support import EPOCH, bilingual, run_sheets, smtp_section, smtp_servers, write_shop_catalog

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
_missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
if _missing:
    pytest.skip(
        f"no browser to drive: {' and '.join(_missing)} missing (Debian's packages chromium and "
        "chromium-driver); Selenium is not let to download one",
        allow_module_level=True,
    )

WAIT = 20  # seconds the browser or the server is given to show what a test expects
SCRIPT_TITLE = "<script>alert(1)</script>"
SHEET = "7505634-la-liberation-de-paris.fr_FR.pdf"  # the founding product's French sheet
PASSWORD = "s3cret"


def with_a_script_for_a_title(data) -> None:
    """A bilingual catalog with a fourth product whose title is markup a page must not run."""
    bilingual(data)
    data["products"].append(
        {
            "reference": "7520002",
            "title": SCRIPT_TITLE,
            "category": "patrimoine",
            "price": "5,00",
            "images": [{"file": "images/7520002.jpg", "alt": "Une médaille"}],
            "description": "Un titre qui ressemble à du code.",
        }
    )


class Served:
    """A `sheets serve` process over a catalog in `folder`, and what it was started with."""

    def __init__(self, folder: Path, catalog: Path, env: dict[str, str]):
        self.folder, self.catalog, self.out = folder, catalog, folder / "out"
        self.said, self.complained = folder / "serve.out", folder / "serve.err"
        with self.said.open("wb") as said, self.complained.open("wb") as complained:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sheets", "serve", "catalog.yaml", "--port", "0"],
                cwd=folder,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=said,
                stderr=complained,
            )
        self.url = self._address()

    def _address(self) -> str:
        """The address the command printed (it chose a free port)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and self.process.poll() is None:
            if found := re.search(r" at (http://127\.0\.0\.1:\d+/)\n", self.said.read_text()):
                return found.group(1)
            time.sleep(0.05)
        self.process.kill()
        pytest.fail(f"`sheets serve` printed no address:\n{self.logs()}")

    def logs(self) -> str:
        return self.said.read_text() + self.complained.read_text()

    def get(self, path: str) -> str:
        """The page at `path`, whatever its status (503 while the first build runs)."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=WAIT) as answer:
                return answer.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.read().decode()

    def stop(self) -> int:
        """Ctrl-C, as the staff stop it; its exit status."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            pytest.fail(f"`sheets serve` did not stop on Ctrl-C:\n{self.logs()}")


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory):
    """A real SMTP server on localhost (STARTTLS and a login); its CA's certificate in `folder`:
    (folder, inbox, port)."""
    folder = tmp_path_factory.mktemp("shop")
    with smtp_servers(folder) as start:
        yield (folder, *start(PASSWORD.encode()))


@pytest.fixture(scope="module")
def served(mail_server):
    """`sheets serve` over the bilingual shop catalog that sends through `mail_server`, its first
    build done; stopped with Ctrl-C at the end, which must leave no temporary file behind."""
    folder, _, port = mail_server
    catalog = write_shop_catalog(folder, smtp_section(port), with_a_script_for_a_title)
    env = {**os.environ, **EPOCH, "SHEETS_SMTP_PASSWORD": PASSWORD}
    env.pop("SSL_CERT_FILE", None)  # the server trusts the test's CA through the catalog's ca_file
    server = Served(folder, catalog, env)
    try:
        _wait_for_previews(server)
        yield server
    finally:
        status = server.stop()
        logs = server.logs()
        assert status == 0, f"status {status}:\n{logs}"  # Ctrl-C is how a server stops
        assert "sheets serve: stopped" in logs
        assert "Traceback" not in logs and "ERROR" not in logs, logs
        left = [str(path) for path in server.out.rglob("*") if path.name.endswith(".tmp")]
        assert left == [], "temporary files left in the out folder"


def _wait_for_previews(server: Served) -> None:
    deadline = time.monotonic() + 2 * WAIT
    while "/page/1.png" not in server.get("/product/7505634"):
        if time.monotonic() > deadline or server.process.poll() is not None:
            pytest.fail(f"the first build did not show the sheet's pages:\n{server.logs()}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    """One headless Chromium for the module, saving downloads in `downloads` without asking."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    options.unhandled_prompt_behavior = "ignore"  # an alert stays open for a test to find
    # The driver given in full: Selenium Manager is never asked for (nor downloads) one.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)  # a page that hangs fails its test, not after 5 minutes
    yield driver
    driver.quit()


def wait(driver, condition, what: str, timeout: float = WAIT):
    """What `condition(driver)` returns once it is truthy; fails saying `what` was awaited."""
    # An element read while the search's results are replaced is read again.
    waiting = WebDriverWait(
        driver, timeout, poll_frequency=0.1, ignored_exceptions=[StaleElementReferenceException]
    )
    return waiting.until(condition, what)


def results_text(driver) -> str:
    return driver.find_element(By.ID, "results").text


def title(driver) -> str:
    return driver.find_element(By.ID, "title").text


def saved(driver, downloads: Path, pattern: str) -> Path:
    """The one file matching `pattern` that the browser finished saving in `downloads`."""

    def finished(_):
        found = list(downloads.glob(pattern))
        busy = list(downloads.glob("*.crdownload"))
        return found[0] if len(found) == 1 and not busy else None

    return wait(driver, finished, f"a download of {pattern} (in the folder: {_listing(downloads)})")


def _listing(folder: Path):
    return sorted(path.name for path in folder.iterdir())


def type_slowly(field, text: str) -> None:
    """Letter by letter, as a person types: every letter is an input event."""
    for letter in text:
        field.send_keys(letter)


# -- finding a product -----------------------------------------------------------------------


def test_search_as_you_type_finds_a_title_typed_without_accents(served, browser):
    browser.get(served.url)
    browser.execute_script("window.stillTheSamePage = true")
    type_slowly(browser.find_element(By.ID, "q"), "liberation")
    wait(browser, lambda d: "La Libération de Paris" in results_text(d), "the results")
    # Nothing was submitted: the page the search was typed into is still the one shown.
    assert browser.execute_script("return window.stillTheSamePage") is True
    # The address holds the query once the last letter's results are shown: a reload keeps it.
    wait(browser, lambda d: d.current_url == served.url + "?q=liberation&lang=fr_FR", "the query")


@pytest.mark.parametrize(
    ("typed", "found", "link"),
    [
        ("LIBÉRATION", "La Libération de Paris", "/product/7505634?lang=fr_FR"),
        ("0750", "Tour Eiffel", "/product/0750?lang=fr_FR"),
    ],
    ids=["capitals-and-accents", "reference-with-a-leading-zero"],
)
def test_search_as_you_type_with_capitals_accents_or_a_reference(
    served, browser, typed, found, link
):
    browser.get(served.url)
    type_slowly(browser.find_element(By.ID, "q"), typed)
    wait(browser, lambda d: found in results_text(d), f"{found!r} in the results")
    # The last letter's results, whichever answer came last: earlier letters' may be shown
    # first, never after.
    asked = "return new URLSearchParams(location.search).get('q')"
    wait(browser, lambda d: d.execute_script(asked) == typed, "the results of the whole query")
    hrefs = browser.execute_script(
        "return [...document.querySelectorAll('#results a')].map(a => a.href)"
    )
    assert served.url.rstrip("/") + link in hrefs


def test_pages_left_for_others_hold_no_connection_to_the_server(served, browser):
    """A browser opens 6 connections to one server; each page listens on one for updates, and
    pages left behind are kept for the Back button: they must let theirs go."""
    for visit in range(8):  # each a page of its own in the browser's history
        browser.get(served.url + f"category/histoire?visit={visit}")
    browser.get(served.url)
    type_slowly(browser.find_element(By.ID, "q"), "0750")
    wait(browser, lambda d: "Tour Eiffel" in results_text(d), "an answer from the server")


def test_a_found_product_shows_its_sheets_pages(served, browser):
    browser.get(served.url + "?q=liberation")  # the search without the page's script
    browser.find_element(By.PARTIAL_LINK_TEXT, "La Libération de Paris").click()
    wait(browser, lambda d: title(d) == "La Libération de Paris", "the product's page")
    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "7505634" in facts and "17,80 €" in facts  # (.text shows a no-break space as a space)
    images = browser.find_elements(By.CSS_SELECTOR, ".preview img")
    assert images, "the sheet's pages are shown"
    for image in images:  # pages after the first load when they come into view
        browser.execute_script("arguments[0].scrollIntoView()", image)
        wait(
            browser,
            lambda d, image=image: d.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth", image
            ),
            f"the image {image.get_attribute('src')}",
        )
        assert browser.execute_script("return arguments[0].naturalWidth", image) == 900


def test_the_downloaded_sheet_is_the_file_the_build_wrote(served, browser, downloads, tmp_path):
    browser.get(served.url + "product/7505634")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Télécharger la fiche").click()
    downloaded = saved(browser, downloads, "*.pdf").read_bytes()
    assert downloaded.startswith(b"%PDF-")
    assert downloaded == (served.out / "sheets" / SHEET).read_bytes(), "what the server built"
    result = run_sheets("build", served.catalog, "-o", tmp_path / "out", env=EPOCH)
    assert result.exit_code == 0, result.output
    assert downloaded == (tmp_path / "out" / "sheets" / SHEET).read_bytes(), "what a build makes"


# -- emailing it -----------------------------------------------------------------------------


def fill_the_email_form(driver, **fields: str) -> None:
    for name, value in fields.items():
        driver.find_element(By.ID, name).send_keys(value)


def test_the_email_form_sends_the_sheet_to_several_people(served, browser, mail_server):
    _, inbox, _ = mail_server
    browser.get(served.url + "product/7505634")
    fill_the_email_form(
        browser,
        to="anne@example.com, paul@example.com",
        cc="chef@example.fr",
        name="Madame Martin",
        note="Comme convenu au téléphone, voici la fiche.",
    )
    browser.find_element(By.CSS_SELECTOR, "button[value=send]").click()
    said = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".banner.ok"), "the answer")
    assert said[0].text == (
        "Envoyé à anne@example.com, paul@example.com, chef@example.fr par 127.0.0.1."
    )
    ((sender, recipients, content),) = inbox.messages
    assert sender == "boutique@example.fr"
    assert sorted(recipients) == ["anne@example.com", "chef@example.fr", "paul@example.com"]
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert message["To"] == "anne@example.com, paul@example.com"
    assert message["Cc"] == "chef@example.fr"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Bonjour Madame Martin,")
    assert "Comme convenu au téléphone, voici la fiche." in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_content() == (served.out / "sheets" / SHEET).read_bytes()


def test_the_draft_button_downloads_a_message_ready_to_send(served, browser, downloads):
    browser.get(served.url + "product/0750")
    fill_the_email_form(browser, to="client@example.com", name="Paul")
    browser.find_element(By.CSS_SELECTOR, "button[value=draft]").click()
    draft = saved(browser, downloads, "*.eml")
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "client@example.com"
    assert message.get_body(("plain",)).get_content().startswith("Bonjour Paul,")
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "0750-tour-eiffel.pdf"


# -- what the page shows ---------------------------------------------------------------------


def test_the_language_switch_shows_the_english_edition_with_the_shops_own_buttons(served, browser):
    browser.get(served.url + "product/7505634")
    browser.find_element(By.CSS_SELECTOR, "nav.languages a[hreflang='en-GB']").click()
    wait(browser, lambda d: title(d) == "The Liberation of Paris", "the English title")
    assert "lang=en_GB" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr-FR"
    assert browser.find_element(By.TAG_NAME, "h1").get_attribute("lang") == "en-GB"
    assert browser.find_element(By.CSS_SELECTOR, "button[value=draft]").text == (
        "Télécharger le message (.eml)"
    )


def test_a_title_made_of_markup_is_shown_as_text_and_never_run(served, browser):
    browser.get(served.url + "product/7520002")
    assert title(browser) == SCRIPT_TITLE
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 (reading it is the question)
    browser.get(served.url)
    type_slowly(browser.find_element(By.ID, "q"), "script")
    wait(browser, lambda d: SCRIPT_TITLE in results_text(d), "the title in the results")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018


def test_an_open_page_updates_itself_when_the_catalog_changes(served, browser):
    """Last in the module: it changes the catalog the server watches."""
    browser.get(served.url + "product/7510001")
    assert title(browser) == "Le sacre de Napoléon"
    text = served.catalog.read_text("utf-8")
    assert text.count("title: Le sacre de Napoléon\n") == 1
    served.catalog.write_text(
        text.replace("title: Le sacre de Napoléon\n", "title: Le sacre de l'Empereur\n"), "utf-8"
    )
    wait(browser, lambda d: title(d) == "Le sacre de l'Empereur", "the new title, unasked")
