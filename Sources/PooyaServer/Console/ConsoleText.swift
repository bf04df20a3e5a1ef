/// Every sentence the console shows, in Persian and in English, by name (`{{t.name}}` in ``ConsoleTemplates``).
enum ConsoleText {
    /// The sentences in `language`.
    static func strings(_ language: Language) -> [String: String] {
        language == .persian ? persian : english
    }

    private static let persian: [String: String] = [
        "console": "میز کار کارکنان", "signInTitle": "ورود کارکنان", "name": "نام کاربری", "password": "گذرواژه",
        "signIn": "ورود", "signOut": "خروج", "codeTitle": "رمز یک‌بار مصرف", "totpCode": "رمز ۶ رقمی نرم‌افزار",
        "enrollHelp": "این نخستین ورود شماست: این کد QR را با نرم‌افزار رمزساز (مانند Google Authenticator) بخوانید "
            + "یا کلید زیر را در آن وارد کنید، سپس رمز ۶ رقمی آن را بنویسید.",
        "secret": "کلید", "codeHelp": "رمز ۶ رقمی نرم‌افزار رمزساز خود را بنویسید.", "continue": "ادامه",
        "refused": "نام کاربری یا گذرواژه نادرست است.", "codeRefused": "رمز نادرست است یا پیش‌تر به کار رفته است.",
        "locked": "به دلیل چند ورود نادرست، ورود تا %s بسته است.", "expired": "زمان این مرحله گذشت؛ دوباره وارد شوید.",
        "formExpired": "این فرم کهنه است؛ صفحه را دوباره باز کنید.", "forbiddenTitle": "دسترسی ندارید",
        "forbidden": "این بخش برای نقش شما نیست.", "home": "خانه", "role": "نقش",
        "helpdesk": "پشتیبانی", "auditor": "حسابرسی", "operator": "راهبری",
        "findCard": "یافتن کارت", "cardNumber": "شمارهٔ کارت", "mobile": "شمارهٔ همراه", "lastFour": "۴ رقم آخر کارت",
        "find": "یافتن", "orByMobile": "یا با شمارهٔ همراه و ۴ رقم آخر کارت", "notFound": "کارتی پیدا نشد.",
        "cardTitle": "کارت", "bank": "بانک", "registeredMobile": "همراه ثبت‌شده", "blocked": "مسدود",
        "suspended": "غیرفعال به درخواست دارنده", "staticPin": "رمز دوم ثابت", "staticOff": "خاموش",
        "staticOn": "روشن", "smsActivated": "فعال‌سازی بدون نرم‌افزار", "yes": "بله", "no": "خیر",
        "tokens": "توکن‌ها", "kind": "نوع", "since": "از", "lock": "قفل", "failures": "خطای پیاپی",
        "firstPin": "رمز اول", "secondPin": "رمز دوم", "lockedState": "قفل", "open": "باز",
        "openActivations": "فعال‌سازی‌های باز", "serial": "پیگیری", "channel": "درگاه", "until": "تا",
        "decisions": "تصمیم‌های اخیر", "time": "زمان", "action": "رویداد", "reason": "علت", "actor": "کننده",
        "sms": "پیامک‌ها", "purpose": "موضوع", "status": "وضعیت", "tries": "تلاش", "delivery": "تحویل",
        "unlock": "باز کردن قفل", "suspend": "غیرفعال کردن رمز پویا", "resend": "فرستادن دوبارهٔ پیامک فعال‌سازی",
        "done": "انجام شد.", "none": "هیچ",
        "audit": "ردپای حسابرسی", "filter": "پالایش", "cardId": "شناسهٔ کارت", "from": "از تاریخ",
        "to": "تا تاریخ", "datePlaceholder": "۱۴۰۵/۰۹/۱۶", "verifyChain": "بررسی زنجیره",
        "chainIntact": "زنجیره‌های حسابرسی سالم است", "chainBroken": "زنجیرهٔ حسابرسی شکسته است",
        "entries": "مدخل", "all": "همه",
        "keys": "کلیدهای دسترسی", "keyName": "نام", "scopes": "دسترسی‌ها", "created": "ساخته‌شده",
        "revoked": "باطل‌شده", "createKey": "ساختن کلید", "revoke": "ابطال",
        "keyShownOnce": "این کلید تنها همین یک بار نشان داده می‌شود؛ آن را اکنون در جای امن بگذارید.",
        "outbox": "صف پیامک", "health": "سلامت سرویس", "database": "پایگاه داده", "reachable": "در دسترس",
        "unreachable": "در دسترس نیست", "chains": "زنجیره‌های حسابرسی", "head": "آخرین مدخل",
        "badDate": "تاریخ را به شکل ۱۴۰۵/۰۹/۱۶ بنویسید.",
    ]

    private static let english: [String: String] = [
        "console": "Staff console", "signInTitle": "Staff sign-in", "name": "User name", "password": "Password",
        "signIn": "Sign in", "signOut": "Sign out", "codeTitle": "One-time code", "totpCode": "6-digit app code",
        "enrollHelp": "This is your first sign-in: scan this QR code with an authenticator app (such as Google "
            + "Authenticator) or type the key below into it, then type its 6-digit code.",
        "secret": "Key", "codeHelp": "Type the 6-digit code of your authenticator app.", "continue": "Continue",
        "refused": "The user name or password is wrong.", "codeRefused": "The code is wrong or was used before.",
        "locked": "Too many failed sign-ins: signing in is closed until %s.",
        "expired": "This step timed out; sign in again.", "formExpired": "This form is stale; open the page again.",
        "forbiddenTitle": "No access", "forbidden": "This part is not for your role.", "home": "Home", "role": "Role",
        "helpdesk": "Helpdesk", "auditor": "Auditor", "operator": "Operator",
        "findCard": "Find a card", "cardNumber": "Card number", "mobile": "Mobile number",
        "lastFour": "Card's last four digits", "find": "Find", "orByMobile": "or by mobile and the card's last four",
        "notFound": "No card found.", "cardTitle": "Card", "bank": "Bank", "registeredMobile": "Registered mobile",
        "blocked": "Blocked", "suspended": "Suspended by the cardholder", "staticPin": "Static second PIN",
        "staticOff": "off", "staticOn": "on", "smsActivated": "Activated without the app", "yes": "yes", "no": "no",
        "tokens": "Tokens", "kind": "Kind", "since": "Since", "lock": "Lock", "failures": "Failures in a row",
        "firstPin": "first PIN", "secondPin": "second PIN", "lockedState": "locked", "open": "open",
        "openActivations": "Open activations", "serial": "Serial", "channel": "Channel", "until": "Until",
        "decisions": "Recent decisions", "time": "Time", "action": "Event", "reason": "Reason", "actor": "By",
        "sms": "SMS", "purpose": "Purpose", "status": "Status", "tries": "Tries", "delivery": "Delivery",
        "unlock": "Unlock", "suspend": "Suspend the dynamic PIN", "resend": "Send the activation SMS again",
        "done": "Done.", "none": "none",
        "audit": "Audit trail", "filter": "Filter", "cardId": "Card id", "from": "From", "to": "To",
        "datePlaceholder": "1405/09/16", "verifyChain": "Check the chains",
        "chainIntact": "The audit chains are intact", "chainBroken": "The audit chain is broken", "entries": "entries",
        "all": "all",
        "keys": "Client keys", "keyName": "Name", "scopes": "Scopes", "created": "Created", "revoked": "Revoked",
        "createKey": "Make a key", "revoke": "Revoke",
        "keyShownOnce": "This key is shown only now; put it somewhere safe now.",
        "outbox": "SMS outbox", "health": "Service health", "database": "Database", "reachable": "reachable",
        "unreachable": "unreachable", "chains": "Audit chains", "head": "Last entry",
        "badDate": "Write the date as 1405/09/16.",
    ]
}
