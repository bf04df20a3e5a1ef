import HTTPTypes
import PooyaIssuer
import PooyaProtocol

extension Problem {
    /// The problem an issuer error is answered with: its status, its code, and messages in both languages.
    init(_ error: IssuerError) {
        if case .keyVault(.unavailable) = error {
            self = .keyVaultUnavailable
            return
        }
        let (status, title, persian): (HTTPResponseStatus, (String, String), String) =
            switch error {
            case .invalidPAN:
                (
                    .unprocessableContent, ("Invalid card number", "شمارهٔ کارت نادرست"),
                    "شمارهٔ کارت باید ۱۶ رقم با رقم کنترل درست باشد"
                )
            case .invalidMobile:
                (
                    .unprocessableContent, ("Invalid mobile number", "شمارهٔ همراه نادرست"),
                    "شمارهٔ همراه باید به شکل ۰۹xxxxxxxxx باشد"
                )
            case .unknownCard:
                (
                    .notFound, ("Unknown card", "کارت ناشناخته"),
                    "این کارت برای رمز پویا ثبت نشده است"
                )
            case .mobileMismatch:
                (
                    .conflict, ("Mobile does not match", "شمارهٔ همراه مطابقت ندارد"),
                    "این شماره، شمارهٔ ثبت‌شدهٔ کارت نیست؛ برای اصلاح به شعبه مراجعه کنید"
                )
            case .cardBlocked: (.conflict, ("Card blocked", "کارت مسدود است"), "کارت مسدود شده است")
            case .activationNotFound:
                (
                    .notFound, ("Activation code not right", "کد فعال‌سازی درست نیست"),
                    "کد فعال‌سازی درست نیست؛ هر دو بخش را دوباره نگاه کنید، یا از خودپرداز، اینترنت‌بانک یا شعبه دوباره فعال کنید"
                )
            case .activationExpired:
                (
                    .gone, ("Activation expired", "فعال‌سازی منقضی شده"),
                    "مهلت فعال‌سازی گذشته است؛ دوباره از خودپرداز، اینترنت‌بانک یا شعبه اقدام کنید"
                )
            case .activationClosed:
                (
                    .gone, ("Activation closed", "فعال‌سازی بسته شده"),
                    "این فعال‌سازی پیش‌تر استفاده، جایگزین یا تمام شده است"
                )
            case .activationCodeMismatch(let left):
                (
                    .forbidden, ("Activation code mismatch", "کد فعال‌سازی نادرست"),
                    "کد فعال‌سازی مطابقت ندارد؛ \(left) بار دیگر می‌توانید تلاش کنید"
                )
            case .malformedHandshake:
                (
                    .badRequest, ("Malformed handshake", "پیام نادرست"),
                    "پیام فعال‌سازی نرم‌افزار نادرست است"
                )
            case .transactionIDReused:
                (
                    .conflict, ("Transaction id reused", "شناسهٔ تراکنش تکراری"),
                    "این شناسهٔ تراکنش پیش‌تر برای درخواست دیگری به کار رفته است"
                )
            case .unknownToken: (.notFound, ("Unknown token", "توکن ناشناخته"), "چنین توکنی وجود ندارد")
            case .unsafePolicy, .keyVault:
                (
                    .internalServerError, ("Internal error", "خطای داخلی"),
                    "خطایی در سرویس رخ داد و ثبت شد"
                )
            case .invalidMerchantName(let problem):
                (
                    .unprocessableContent, ("Invalid merchant name", "نام پذیرنده نادرست"),
                    Self.persian(problem)
                )
            case .malformedCode(let kind):
                (
                    .unprocessableContent, ("Malformed code", "رمز نادرست"),
                    "code: رمز \(kind == .second ? "دوم" : "اول") پویا \(IssuerPolicy.safeDigits(for: kind).lowerBound) تا "
                        + "\(IssuerPolicy.safeDigits(for: kind).upperBound) رقم دارد (رمز با سقف مبلغ \(CappedCode.length) رقم)"
                )
            case .invalidRequest:
                (
                    .unprocessableContent, ("Invalid request", "درخواست نادرست"),
                    "مقادیر درخواست معتبر نیست"
                )
            case .codesNotOffered:
                (
                    .conflict, ("Codes not offered", "رمز از این راه ارائه نمی‌شود"),
                    "بانک برای این کارت رمز پویا از این راه ارائه نمی‌کند"
                )
            case .codesLocked:
                (
                    .conflict, ("Dynamic PIN locked", "رمز پویا قفل شده"),
                    "به دلیل رمزهای نادرست پیاپی، رمز پویا قفل شده است؛ دوباره فعال کنید"
                )
            case .notActivated:
                (
                    .conflict, ("Dynamic PIN not activated", "رمز پویا فعال نشده"),
                    "رمز دوم پویای این کارت هنوز فعال نشده است؛ نخست آن را فعال کنید"
                )
            case .cardSuspended:
                (
                    .conflict, ("Dynamic PIN suspended", "رمز پویا غیرفعال شده"),
                    "رمز پویای این کارت به درخواست دارنده غیرفعال شده است؛ دوباره فعال کنید"
                )
            case .appRequired:
                (
                    .unprocessableContent, ("App required", "نرم‌افزار لازم است"),
                    "رمز اول پویا تنها با نرم‌افزار رمزساز فعال می‌شود"
                )
            case .pinBlock(let fault): (.unprocessableContent, Self.title(fault), Self.persian(fault))
            case .tooManyCodes(let seconds):
                (
                    .tooManyRequests, ("Too many codes", "درخواست رمز بیش از حد"),
                    "برای این کارت رمز زیادی درخواست شده؛ \(seconds) ثانیهٔ دیگر تلاش کنید"
                )
            case .pageNotFound:
                (.notFound, ("Page not found", "صفحه پیدا نشد"), "صفحه‌ای با این نشانی وجود ندارد")
            case .pageExpired:
                (.gone, ("Page expired", "زمان صفحه گذشته است"), "زمان این صفحه گذشته است؛ نشانی تازه بخواهید")
            }
        let attemptsLeft: Int? = if case .activationCodeMismatch(let left) = error { left } else { nil }
        let englishDetail =
            switch error {
            case .unsafePolicy, .keyVault: "the service failed; the error was logged"
            default: error.description
            }
        let retryAfter: Int? = if case .tooManyCodes(let seconds) = error { Int(seconds) } else { nil }
        self.init(
            status,
            code: error.code,
            title: title,
            detail: (englishDetail, persian),
            attemptsLeft: attemptsLeft,
            retryAfter: retryAfter
        )
    }
}

extension Problem {
    /// A PIN block problem's title, in English and Persian.
    fileprivate static func title(_ fault: PINBlockFault) -> (String, String) {
        switch fault {
        case .malformed: ("Malformed PIN block", "بلوک رمز نادرست")
        case .unknownZoneKey: ("Unknown zone key", "کلید ناحیه ناشناخته")
        case .undecipherable: ("PIN block undecipherable", "بلوک رمز گشوده نشد")
        case .panMismatch: ("PIN block for another card", "بلوک رمز برای کارت دیگری است")
        }
    }

    /// What a switch should look at when a PIN block cannot be read, in Persian.
    fileprivate static func persian(_ fault: PINBlockFault) -> String {
        switch fault {
        case .malformed: "pinBlock: بلوک رمز باید ۱۶ رقم هگز (iso0، iso3) یا ۳۲ رقم هگز (iso4) باشد"
        case .unknownZoneKey: "zoneKeyId: کلید رمز ناحیه‌ای با این شناسه برای رمزنگاری این قالب وجود ندارد"
        case .undecipherable: "بلوک رمز با کلید ناحیهٔ آن به بلوک رمزی از این قالب گشوده نمی‌شود"
        case .panMismatch: "بلوک رمز برای شمارهٔ کارت دیگری ساخته شده است"
        }
    }

    /// Why a merchant name was refused, in Persian, naming the field.
    fileprivate static func persian(_ problem: MerchantName.Problem) -> String {
        switch problem {
        case .empty: "merchantName: نام پذیرنده خالی است"
        case .tooLong: "merchantName: نام پذیرنده حداکثر \(MerchantName.maximumLength) نویسه دارد"
        case .forbiddenCharacter(let position):
            "merchantName: نام پذیرنده فقط حرف فارسی و لاتین، رقم، فاصله و . , ، - _ & ' ( ) / دارد؛ "
                + "نویسهٔ \(position) هیچ‌کدام نیست"
        }
    }
}

typealias HTTPResponseStatus = HTTPTypes.HTTPResponse.Status
