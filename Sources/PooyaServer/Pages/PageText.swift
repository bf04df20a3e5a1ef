/// Every sentence the pages show, in Persian and in English, by name: the templates (``PageTemplates``) name them
/// as `{{t.name}}`.
enum PageText {
    /// The sentences in `language`.
    static func strings(_ language: Language) -> [String: String] {
        language == .persian ? persian : english
    }

    /// A sentence by name in `language`.
    static func text(_ name: String, _ language: Language) -> String {
        strings(language)[name] ?? name
    }

    private static let persian: [String: String] = [
        "brand": "رمز پویا", "otherLanguage": "English", "otherLanguageCode": "en",
        "activationTitle": "فعال‌سازی رمز دوم پویا", "card": "کارت",
        "screenPart": "کد فعال‌سازی این صفحه",
        "qrAlt": "کد QR فعال‌سازی؛ آن را با نرم‌افزار رمزساز بانک بخوانید",
        "qrHelp": "در نرم‌افزار رمزساز «افزودن کارت» را بزنید و این کد را بخوانید، یا کد بالا را وارد کنید؛ "
            + "بخش دوم کد را با پیامک دریافت می‌کنید.",
        "smsSentTo": "بخش دوم کد فعال‌سازی به این شمارهٔ همراه پیامک شد:",
        "activationExpires": "این فعال‌سازی تا این زمان معتبر است:", "remaining": "زمان باقی‌مانده:",
        "pageExpires": "این صفحه تا این زمان باز است:",
        "withoutApp": "نرم‌افزار رمزساز ندارید؟",
        "withoutAppHelp": "کد پیامک‌شده را این‌جا وارد کنید تا رمز دوم پویا با پیامک برایتان فعال شود.",
        "smsPartLabel": "کد فعال‌سازی پیامک‌شده", "confirm": "فعال‌سازی بدون نرم‌افزار",
        "confirmedTitle": "رمز دوم پویا فعال شد",
        "confirmedText": "از این پس در پرداخت اینترنتی، دکمهٔ «درخواست رمز پویا» را بزنید؛ رمز را پیامک می‌کنیم. "
            + "رمز دوم ثابت این کارت دیگر پذیرفته نمی‌شود.",
        "closedTitle": "این فعال‌سازی به پایان رسیده است",
        "closedText": "این فعال‌سازی پیش‌تر انجام شده، با درخواستی تازه‌تر جایگزین شده یا دفعات مجاز آن تمام شده است. "
            + "برای فعال‌سازی دوباره، از اینترنت‌بانک، خودپرداز یا شعبه درخواست تازه بدهید.",
        "expiredTitle": "زمان این صفحه گذشته است",
        "expiredText": "برای فعال‌سازی، از اینترنت‌بانک، خودپرداز یا شعبه درخواست تازه بدهید.",
        "paymentTitle": "پرداخت با رمز دوم پویا", "merchant": "پذیرنده", "amount": "مبلغ",
        "rials": "ریال", "tomanSuffix": "تومان", "panLabel": "شمارهٔ کارت", "requestCode": "درخواست رمز پویا",
        "requestAgain": "درخواست دوبارهٔ رمز", "codeLabel": "رمز دوم پویا", "pay": "پرداخت",
        "codeSentTo": "رمز پویا برای این پرداخت به این شمارهٔ همراه پیامک شد:",
        "codeValid": "رمز تا این زمان معتبر است:", "cancel": "انصراف و بازگشت به پذیرنده",
        "approvedTitle": "پرداخت تأیید شد", "approvedText": "رمز دوم پویا درست بود؛ به پذیرنده بازگردید.",
        "back": "بازگشت به پذیرنده", "refusedTitle": "پرداخت انجام نشد",
        "invalidCode": "رمز نادرست است؛ %d بار دیگر می‌توانید تلاش کنید. رمز را از آخرین پیامک وارد کنید.",
        "locked": "به دلیل چند بار ورود رمز نادرست، رمز دوم پویای این کارت قفل شد. "
            + "برای باز شدن آن، از خودپرداز، اینترنت‌بانک یا شعبه دوباره فعال‌سازی کنید.",
        "codeExpired": "زمان این رمز گذشته است؛ رمز تازه درخواست کنید.",
        "replayed": "این رمز پیش‌تر به کار رفته است؛ رمز تازه درخواست کنید.",
        "otherPayment": "این رمز برای پرداخت دیگری فرستاده شده است؛ برای این پرداخت رمز تازه درخواست کنید.",
        "refusedOther": "پرداخت با این کارت پذیرفته نشد. با بانک صادرکنندهٔ کارت تماس بگیرید.",
        "clockDrift": "ساعت گوشی شما درست نیست؛ آن را روی تنظیم خودکار بگذارید و دوباره تلاش کنید. "
            + "%d بار دیگر می‌توانید تلاش کنید.",
        "errorTitle": "درخواست انجام نشد", "notFoundTitle": "صفحه پیدا نشد",
        "tooMany": "درخواست‌ها بیش از حد بود؛ %d ثانیهٔ دیگر دوباره تلاش کنید.",
    ]

    private static let english: [String: String] = [
        "brand": "Dynamic PIN", "otherLanguage": "فارسی", "otherLanguageCode": "fa",
        "activationTitle": "Activate your dynamic second PIN", "card": "Card",
        "screenPart": "This page's activation code",
        "qrAlt": "Activation QR code: scan it with the bank's authenticator app",
        "qrHelp": "In the authenticator app, tap \"Add card\" and scan this code, or type the code above; the other "
            + "part of the code comes by SMS.",
        "smsSentTo": "The other part of the activation code was texted to:",
        "activationExpires": "This activation is valid until:", "remaining": "Time left:",
        "pageExpires": "This page is open until:",
        "withoutApp": "No authenticator app?",
        "withoutAppHelp": "Type the code you received by SMS here to get your dynamic second PIN by SMS instead.",
        "smsPartLabel": "Activation code from the SMS", "confirm": "Activate without the app",
        "confirmedTitle": "Your dynamic second PIN is on",
        "confirmedText": "From now on, press \"Get dynamic PIN\" on payment pages and we will text you a code. "
            + "This card's static second PIN is no longer accepted.",
        "closedTitle": "This activation has ended",
        "closedText": "It was already completed, replaced by a newer one, or ran out of attempts. To activate "
            + "again, start a new activation in the internet bank, at an ATM or at a branch.",
        "expiredTitle": "This page has expired",
        "expiredText": "To activate, start a new activation in the internet bank, at an ATM or at a branch.",
        "paymentTitle": "Pay with your dynamic second PIN", "merchant": "Merchant", "amount": "Amount",
        "rials": "rials", "tomanSuffix": "toman", "panLabel": "Card number", "requestCode": "Get dynamic PIN",
        "requestAgain": "Send the code again", "codeLabel": "Dynamic second PIN", "pay": "Pay",
        "codeSentTo": "The code for this payment was texted to:", "codeValid": "The code is valid until:",
        "cancel": "Cancel and return to the merchant",
        "approvedTitle": "Payment approved", "approvedText": "The dynamic PIN was right; return to the merchant.",
        "back": "Return to the merchant", "refusedTitle": "Payment not completed",
        "invalidCode": "The code is wrong; %d attempts left. Type the code from the latest SMS.",
        "locked": "Too many wrong codes locked this card's dynamic second PIN. To unlock it, activate it again at "
            + "an ATM, in the internet bank or at a branch.",
        "codeExpired": "This code has expired; ask for a new one.",
        "replayed": "This code was already used; ask for a new one.",
        "otherPayment": "This code was sent for another payment; ask for a new code for this one.",
        "refusedOther": "This card cannot pay this way. Contact the bank that issued it.",
        "clockDrift": "Your phone's clock is off; set it to automatic and try again. %d attempts left.",
        "errorTitle": "The request failed", "notFoundTitle": "Page not found",
        "tooMany": "Too many requests; try again in %d seconds.",
    ]
}
