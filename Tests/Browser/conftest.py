"""What the browser tests share: a real `pooya serve` on loopback with payment pages on, a merchant's return page on
loopback, headless Chromium driven by chromedriver, and checks every page must pass.

scripts/browser-test runs these with the built binary in BROWSER_TEST_POOYA; screenshots go to SCREENSHOTS.
"""

import http.server
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

POOYA = os.environ.get("BROWSER_TEST_POOYA", ".build/debug/pooya")
SCREENSHOTS = os.environ.get("SCREENSHOTS", ".build/browser-screenshots")
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def persian(text):
    return "".join(PERSIAN_DIGITS[int(c)] if c.isdigit() and c.isascii() else c for c in text)


def latin(text):
    return "".join(str(PERSIAN_DIGITS.index(c)) if c in PERSIAN_DIGITS else c for c in text)


def new_pan():
    """A Mellat card number (BIN 610433) with a right Luhn digit, different in each test."""
    body = "610433" + "".join(random.choice("0123456789") for _ in range(9))
    total = 0
    for index, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


class Merchant:
    """The merchant's return page: records each request's query."""

    def __init__(self):
        self.visits = []
        merchant = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                address = urllib.parse.urlsplit(self.path)
                if address.path == "/return":
                    merchant.visits.append(urllib.parse.parse_qs(address.query))
                body = b'<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>merchant</title>'
                body += b"<p>back at the merchant</p></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/return"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Pooya:
    """A running `pooya serve` with its data folder, a client key, and its development SMS outbox."""

    def __init__(self, folder, merchant, clock_offset=None, name="serve"):
        """Starts a node on `folder`'s data; with `clock_offset` (faketime's `+20m`), one whose clock is that far
        ahead, beside the first on the same data folder (SQLite in WAL takes both)."""
        self.folder = folder
        self.merchant = merchant
        self.data = os.path.join(folder, "data")
        environment = dict(
            os.environ,
            POOYA_PAGES_PAYMENT_ENABLED="true",
            POOYA_PAGES_PAYMENT_RETURN_URLS=merchant.url,
            HOME=folder,
        )
        self.output = open(os.path.join(folder, name + ".out"), "w+")
        later = ["faketime", "-f", clock_offset] if clock_offset else []
        self.process = subprocess.Popen(
            later + [POOYA, "serve", "--data", self.data, "--port", "0", "--management-port", "0"],
            stdout=self.output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=environment,
            # Its own process group: faketime runs `pooya serve` as its child and does not pass signals on, so
            # stop() signals the whole group.
            start_new_session=True,
        )
        for _ in range(300):
            self.output.seek(0)
            found = re.search(r"Pooya is listening on (http://127\.0\.0\.1:\d+)", self.output.read())
            if found:
                self.url = found.group(1)
                break
            time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError("pooya serve did not start")
        self.key = subprocess.run(
            [POOYA, "admin", "keys", "create", "--data", self.data, "--name", "bank", "--scope", "cards",
             "--scope", "activate", "--scope", "verify", "--scope", "admin"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()

    def stop(self):
        """Stops the node (and faketime before it, when there is one) and waits until every process of it is gone."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        self.process.wait(timeout=20)
        for _ in range(200):
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        os.killpg(self.process.pid, signal.SIGKILL)

    def api(self, method, path, body=None):
        """The answer's status and JSON body."""
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": "Bearer " + self.key, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def card(self):
        """A newly registered card and its mobile."""
        pan, mobile = new_pan(), "0912" + "".join(random.choice("0123456789") for _ in range(7))
        status, _ = self.api("POST", "/v1/cards", {"pan": pan, "mobile": mobile})
        assert status in (200, 201)
        return pan, mobile

    def sms(self, mobile, containing, timeout=15):
        """The text of the newest SMS to `mobile` matching the regular expression `containing`, once dispatched."""
        international = "+98" + mobile[1:]
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with open(os.path.join(self.data, "sms-outbox.jsonl"), encoding="utf-8") as outbox:
                    texts = [m["text"] for m in map(json.loads, outbox) if m["to"] == international]
            except FileNotFoundError:
                texts = []
            for text in reversed(texts):
                found = re.search(containing, latin(text))
                if found:
                    return found.group(0)
            time.sleep(0.2)
        raise AssertionError(f"no SMS to {mobile} matching {containing}")

    def activate_without_app(self, pan, mobile):
        """Turns the card's dynamic second PIN on by SMS-only activation (through the API)."""
        status, started = self.api(
            "POST", "/v1/activations", {"pan": pan, "mobile": mobile, "kind": "second", "channel": "atm"}
        )
        assert status == 201
        part = self.sms(mobile, r"[0-9]{4}(-[0-9]{1,4}){6}")
        status, _ = self.api("POST", f"/v1/activations/{started['serial']}/confirm", {"smsPart": part})
        assert status == 200


@pytest.fixture(scope="session")
def merchant():
    merchant = Merchant()
    yield merchant
    merchant.server.shutdown()


@pytest.fixture(scope="session")
def service(merchant):
    folder = tempfile.mkdtemp(prefix="pooya-browser-")
    service = Pooya(folder, merchant)
    yield service
    service.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=900,1400",
                     "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--lang=fa"):
        options.add_argument(argument)
    # A cardholder's browser in Iran: Persian first.
    options.add_experimental_option("prefs", {"intl.accept_languages": "fa-IR,fa"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(
        service=ChromeService(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options
    )
    yield driver
    driver.quit()


def click_and_wait(driver, element):
    """Clicks `element` and waits until the page it leads to has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    try:
        element.click()
    except WebDriverException:
        # Chromium now and then answers a click that started a navigation with "node does not belong to the
        # document": the wait below tells a click that went through from one that did not.
        pass
    # While the page's WebOTP request is pending, Chromium's inspector now and then fails a query mid-navigation with
    # the same error; the waits ask again.
    wait = WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,))
    wait.until(expected_conditions.staleness_of(page))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def check_page(driver, service, name, direction="rtl"):
    """What every page of Pooya must be: right-to-left (Persian first), no console error, no request to any host but
    the service, a label for every input. Saves a screenshot as NAME.png."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == direction
    # The browser reports a page answered with an error status (410 for a used activation) as a failed load of that
    # document; that is the page's status, not an error on it. Anything else is.
    errors = [
        entry["message"] for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "the server responded with a status of" not in entry["message"]
    ]
    assert errors == [], errors
    # The merchant's return page is the one other host a page sends the cardholder to (after a payment).
    hosts = {urllib.parse.urlsplit(service.url).netloc, urllib.parse.urlsplit(service.merchant.url).netloc}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                assert urllib.parse.urlsplit(url).netloc in hosts, url
    for field in driver.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select, textarea"):
        identifier = field.get_attribute("id")
        labelled = identifier and driver.find_elements(By.CSS_SELECTOR, f"label[for='{identifier}']")
        assert labelled or field.get_attribute("aria-label"), f"an input without a label on {name}"

