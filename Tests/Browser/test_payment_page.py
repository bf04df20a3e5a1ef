"""The payment page in a real browser: card, the «درخواست رمز پویا» button, the code from the SMS, approval, and the
merchant's return URL with a signed receipt; wrong codes say how many attempts are left, and the third locks."""

import urllib.parse

from selenium.webdriver.common.by import By

from conftest import check_page, click_and_wait, latin, persian


def open_payment_page(service, merchant, browser, transaction):
    pan, mobile = service.card()
    service.activate_without_app(pan, mobile)
    status, page = service.api(
        "POST", "/v1/payments",
        {"merchantId": "shop-1", "merchantName": "فروشگاه نمونه", "amount": 2500000, "transactionId": transaction,
         "returnUrl": merchant.url},
    )
    assert status == 201
    browser.get(page["pageUrl"])
    assert browser.find_element(By.ID, "merchant").text == "فروشگاه نمونه"
    assert "۲٬۵۰۰٬۰۰۰ ریال" in browser.find_element(By.ID, "amount").text
    assert "۲۵۰٬۰۰۰ تومان" in browser.find_element(By.ID, "amount").text
    return pan, mobile


def ask_for_a_code(service, browser, pan, mobile):
    spaced = " ".join(pan[i:i + 4] for i in range(0, 16, 4))
    browser.find_element(By.ID, "pan").send_keys(persian(spaced))
    click_and_wait(browser, browser.find_element(By.ID, "request-code"))
    assert latin(browser.find_element(By.ID, "masked-pan").text) == pan[:6] + "******" + pan[-4:]
    assert browser.find_element(By.ID, "code").get_attribute("autocomplete") == "one-time-code"
    assert browser.find_element(By.ID, "request-again").get_attribute("disabled") is not None
    return service.sms(mobile, r"(?<![0-9])[0-9]{7,8}(?![0-9])")


def type_code(browser, code):
    field = browser.find_element(By.ID, "code")
    field.clear()
    field.send_keys(code)
    click_and_wait(browser, browser.find_element(By.ID, "pay"))


def test_a_code_asked_on_the_page_is_approved_and_the_merchant_gets_a_signed_receipt(service, merchant, browser):
    pan, mobile = open_payment_page(service, merchant, browser, "page-tx-1")
    check_page(browser, service, "payment-page")
    code = ask_for_a_code(service, browser, pan, mobile)
    check_page(browser, service, "payment-code")

    type_code(browser, persian(code))
    assert browser.find_element(By.TAG_NAME, "h1").text == "پرداخت تأیید شد"
    check_page(browser, service, "payment-approved")

    click_and_wait(browser, browser.find_element(By.ID, "continue"))
    result = merchant.visits[-1]
    assert result["status"] == ["approved"] and result["transactionId"] == ["page-tx-1"]
    status, redemption = service.api("POST", "/v1/receipts/verify", {"receipt": result["receipt"][0]})
    assert status == 200 and redemption["valid"] is True and redemption["status"] == "redeemed"


def test_wrong_codes_say_the_attempts_left_and_the_third_locks(service, merchant, browser):
    pan, mobile = open_payment_page(service, merchant, browser, "page-tx-2")
    code = ask_for_a_code(service, browser, pan, mobile)
    # Three different wrong codes: the same request sent again is answered as it was (a retry), not counted again.
    wrong = [str((int(code) + step) % 10 ** len(code)).zfill(len(code)) for step in (1, 2, 3)]

    type_code(browser, wrong[0])
    assert "۲ بار دیگر" in browser.find_element(By.ID, "message").text
    check_page(browser, service, "payment-wrong-code")
    type_code(browser, wrong[1])
    assert "۱ بار دیگر" in browser.find_element(By.ID, "message").text
    type_code(browser, wrong[2])
    assert browser.find_element(By.TAG_NAME, "h1").text == "پرداخت انجام نشد"
    assert "قفل" in browser.find_element(By.ID, "message").text
    check_page(browser, service, "payment-locked")

    click_and_wait(browser, browser.find_element(By.ID, "continue"))
    assert merchant.visits[-1]["status"] == ["refused"]
    assert "receipt" not in merchant.visits[-1]


def test_a_card_number_with_a_wrong_check_digit_is_refused_with_a_persian_sentence(service, merchant, browser):
    pan, _ = open_payment_page(service, merchant, browser, "page-tx-3")
    wrong = pan[:-1] + str((int(pan[-1]) + 1) % 10)
    field = browser.find_element(By.ID, "pan")
    field.send_keys(wrong)
    # The browser's own check (Luhn, in the page's script) stops the form; the server checks again without it.
    assert browser.execute_script("return arguments[0].validity.valid", field) is False
    browser.execute_script("arguments[0].form.noValidate = true", field)
    click_and_wait(browser, browser.find_element(By.ID, "request-code"))
    assert "شمارهٔ کارت" in browser.find_element(By.ID, "message").text
    check_page(browser, service, "payment-bad-card")
