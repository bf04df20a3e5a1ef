"""The bank staff's console in a real browser: sign-in with a password and a TOTP code (enrolled from the page's QR
code, codes made by oathtool), a card found and unlocked, roles kept apart, and a form without its anti-forgery
token refused."""

import os
import subprocess
import tempfile

from selenium.webdriver.common.by import By

from conftest import POOYA, check_page, click_and_wait, latin, persian


def staff(service, name, role):
    """A new staff account and its first password."""
    return subprocess.run(
        [POOYA, "admin", "users", "create", name, "--role", role, "--data", service.data],
        check=True, capture_output=True, text=True,
    ).stdout.strip()


def sign_in(service, browser, name, password, screenshots=False):
    browser.delete_all_cookies()
    browser.get(service.url + "/admin")
    assert browser.current_url.endswith("/admin/sign-in")
    if screenshots:
        check_page(browser, service, "console-sign-in")
    browser.find_element(By.ID, "name").send_keys(name)
    browser.find_element(By.ID, "password").send_keys(password)
    click_and_wait(browser, browser.find_element(By.ID, "sign-in"))
    assert browser.find_elements(By.CSS_SELECTOR, "#enrollment-qr svg"), "no enrollment QR code"
    if screenshots:
        check_page(browser, service, "console-enrollment")
    secret = browser.find_element(By.ID, "totp-secret").text
    if screenshots:
        # The QR code a phone scans names this account and carries the key shown beside it.
        with tempfile.TemporaryDirectory() as folder:
            image = os.path.join(folder, "enrollment.png")
            browser.find_element(By.CSS_SELECTOR, "#enrollment-qr svg").screenshot(image)
            uri = subprocess.run(["zbarimg", "--raw", "-q", image], check=True, capture_output=True, text=True)
        assert uri.stdout.strip().startswith(f"otpauth://totp/Pooya:{name}?"), uri.stdout
        assert f"secret={secret}" in uri.stdout
    code = subprocess.run(["oathtool", "--totp", "-b", secret], check=True, capture_output=True, text=True)
    browser.find_element(By.ID, "code").send_keys(persian(code.stdout.strip()))
    click_and_wait(browser, browser.find_element(By.ID, "continue"))
    assert browser.current_url.endswith("/admin"), browser.current_url


def locked_card(service):
    """A card whose dynamic second PIN three wrong codes locked."""
    pan, mobile = service.card()
    service.activate_without_app(pan, mobile)
    status, _ = service.api(
        "POST", "/v1/challenges",
        {"pan": pan, "amount": 1000, "merchantId": "m", "merchantName": "فروشگاه", "transactionId": "lock-" + pan},
    )
    assert status == 202
    for code in ("1111111", "2222222", "3333333"):
        status, decision = service.api(
            "POST", "/v1/verifications",
            {"pan": pan, "code": code, "kind": "second", "amount": 1000, "merchantId": "m",
             "transactionId": "lock-" + pan},
        )
        assert status == 200 and decision["decision"] == "rejected"
    return pan


def test_a_helpdesk_member_signs_in_with_totp_finds_a_locked_card_and_unlocks_it(service, browser):
    pan = locked_card(service)
    sign_in(service, browser, "sara", staff(service, "sara", "helpdesk"), screenshots=True)
    check_page(browser, service, "console-home")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "یافتن کارت"))
    browser.find_element(By.ID, "pan").send_keys(persian(pan))
    click_and_wait(browser, browser.find_element(By.ID, "find"))
    assert latin(browser.find_element(By.ID, "second-lock").text) == "قفل"
    assert pan not in browser.page_source
    check_page(browser, service, "console-card")
    click_and_wait(browser, browser.find_element(By.ID, "unlock"))
    assert browser.find_element(By.ID, "notice").text == "انجام شد."
    assert "قفل" != browser.find_element(By.ID, "second-lock").text
    check_page(browser, service, "console-card-unlocked")
    status, card = service.api("POST", "/v1/cards/lookup", {"pan": pan})
    status, trail = service.api("GET", f"/v1/audit?cardId={card['cardId']}")
    assert any(entry["action"] == "pin_unlocked" and entry.get("actor") == "staff:sara" for entry in trail["entries"])


def test_a_helpdesk_account_cannot_reach_the_operators_pages(service, browser):
    sign_in(service, browser, "hamid", staff(service, "hamid", "helpdesk"))
    for page in ("/admin/keys", "/admin/sms", "/admin/health", "/admin/audit"):
        browser.get(service.url + page)
        assert browser.find_element(By.TAG_NAME, "h1").text == "دسترسی ندارید", page
    check_page(browser, service, "console-forbidden")


def test_a_form_posted_without_its_csrf_token_is_refused(service, browser):
    sign_in(service, browser, "omid", staff(service, "omid", "operator"))
    browser.get(service.url + "/admin/keys")
    check_page(browser, service, "console-keys")
    browser.find_element(By.ID, "key-name").send_keys("forged")
    browser.find_element(By.ID, "scope-verify").click()
    browser.execute_script("document.querySelector('form[action=\"/admin/keys\"] input[name=csrf]').remove()")
    click_and_wait(browser, browser.find_element(By.ID, "create-key"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "دسترسی ندارید"
    browser.get(service.url + "/admin/keys")
    assert "forged" not in browser.page_source
