"""The internet bank's activation page in a real browser: its QR code decodes to the activation payload and
provisions a token whose code is approved; the SMS-only form completes an activation; a used address says so."""

import json
import os
import subprocess
import tempfile
import urllib.request

from selenium.webdriver.common.by import By

from conftest import POOYA, Pooya, check_page, click_and_wait, latin, persian


def start_internet_bank_activation(service):
    pan, mobile = service.card()
    status, activation = service.api(
        "POST", "/v1/activations", {"pan": pan, "mobile": mobile, "kind": "second", "channel": "internetBank"}
    )
    assert status == 201 and activation["pageUrl"].startswith(service.url + "/pages/activation/")
    return pan, mobile, activation


def test_the_qr_code_decodes_to_the_payload_and_provisions_a_token_whose_code_is_approved(service, browser):
    pan, mobile, activation = start_internet_bank_activation(service)
    browser.get(activation["pageUrl"])
    assert browser.find_element(By.TAG_NAME, "h1").text == "فعال‌سازی رمز دوم پویا"
    assert latin(browser.find_element(By.ID, "screen-part").text) == activation["receiptCode"]
    assert persian(pan[-4:]) in browser.page_source and pan not in browser.page_source
    check_page(browser, service, "activation-page")

    qr = browser.find_element(By.CSS_SELECTOR, "img.qr")
    with tempfile.TemporaryDirectory() as folder:
        image = os.path.join(folder, "qr.png")
        qr.screenshot(image)
        decoded = subprocess.run(["zbarimg", "--raw", "-q", image], capture_output=True, text=True, check=True)
        assert decoded.stdout.strip() == activation["qrPayload"]

        with urllib.request.urlopen(qr.get_attribute("src")) as answer:
            assert answer.headers["Cache-Control"] == "no-store"
            assert answer.headers["Content-Type"] == "image/svg+xml"

        sms_part = service.sms(mobile, r"[0-9]{4}(-[0-9]{1,4}){6}")
        vault = ["--vault", os.path.join(folder, "vault")]
        environment = dict(os.environ, POOYA_VAULT_PASSWORD="browser test vault 1405", HOME=folder)
        subprocess.run(
            [POOYA, "token", "add", "--server", service.url, "--qr", decoded.stdout.strip(), "--sms", sms_part, *vault],
            check=True, capture_output=True, env=environment,
        )
        code = json.loads(
            subprocess.run(
                [POOYA, "token", "code", pan[-4:], "--json", *vault],
                check=True, capture_output=True, text=True, env=environment,
            ).stdout
        )["code"]
    status, decision = service.api(
        "POST", "/v1/verifications",
        {"pan": pan, "code": code, "kind": "second", "amount": 10000, "merchantId": "m-1", "transactionId": "qr-1"},
    )
    assert status == 200 and decision["decision"] == "approved"

    browser.get(activation["pageUrl"])
    assert browser.find_element(By.TAG_NAME, "h1").text == "این فعال‌سازی به پایان رسیده است"
    check_page(browser, service, "activation-used")


def test_the_sms_part_typed_in_persian_digits_completes_an_activation_without_the_app(service, browser):
    pan, mobile, activation = start_internet_bank_activation(service)
    browser.get(activation["pageUrl"])
    sms_part = service.sms(mobile, r"[0-9]{4}(-[0-9]{1,4}){6}")

    wrong = sms_part[:-1] + str((int(sms_part[-1]) + 1) % 10)
    browser.find_element(By.ID, "sms-part").send_keys(persian(wrong))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert browser.find_element(By.CSS_SELECTOR, "[role=alert]").text != ""
    check_page(browser, service, "activation-mistyped")

    browser.find_element(By.ID, "sms-part").send_keys(persian(sms_part))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "رمز دوم پویا فعال شد"
    check_page(browser, service, "activation-confirmed")
    status, card = service.api("POST", "/v1/cards/lookup", {"pan": pan})
    assert status == 200


def test_an_address_past_its_time_says_so_on_any_node(service, merchant, browser):
    _, _, activation = start_internet_bank_activation(service)
    # A second node on the same data and keys, its clock 20 minutes on: the address (15 minutes) has expired there.
    later = Pooya(service.folder, merchant, clock_offset="+20m", name="serve-later")
    try:
        browser.get(activation["pageUrl"].replace(service.url, later.url))
        assert browser.find_element(By.TAG_NAME, "h1").text == "زمان این صفحه گذشته است"
        check_page(browser, later, "activation-expired")
    finally:
        later.stop()


def test_an_address_that_was_never_made_answers_a_page_not_a_problem(service, browser):
    browser.get(service.url + "/pages/activation/AAAAAQ" + "x" * 80)
    assert browser.find_element(By.TAG_NAME, "h1").text == "صفحه پیدا نشد"
    check_page(browser, service, "activation-unknown")


def test_the_page_is_english_on_request(service, browser):
    _, _, activation = start_internet_bank_activation(service)
    browser.get(activation["pageUrl"] + "?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Activate your dynamic second PIN"
    check_page(browser, service, "activation-page-en", direction="ltr")
