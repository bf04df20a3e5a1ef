import OneTimePassword
import PooyaProtocol

/// Numbers, money and times as a cardholder in Iran reads them in an SMS or on a USSD screen: Persian digits, rials
/// grouped by thousands with the Persian separator (U+066C), and Tehran's Jalali date and clock.
enum PersianText {
    /// `2500000` → `۲٬۵۰۰٬۰۰۰ ریال`.
    static func rials(_ amount: Int64) -> String {
        var groups: [String] = []
        var rest = amount.magnitude
        repeat {
            let group = String(rest % 1000)
            rest /= 1000
            groups.insert(rest > 0 ? String(repeating: "0", count: 3 - group.count) + group : group, at: 0)
        } while rest > 0
        return DecimalDigits.persian((amount < 0 ? "-" : "") + groups.joined(separator: "\u{066C}")) + " ریال"
    }

    /// The Jalali date and time in Tehran of a Unix time, in Persian digits: `۱۴۰۵/۰۹/۰۴ ۱۴:۰۲`.
    static func dateAndTime(_ unixTime: Int64) -> String {
        DecimalDigits.persian(TehranTime.dateAndTime(unixTime))
    }

    /// The two closing lines of an SMS carrying a code: how long it lasts and until when, and not to share it.
    static func validity(_ lifetime: Int64, until expiresAt: Int64) -> String {
        "اعتبار: \(duration(lifetime))، تا \(dateAndTime(expiresAt))\nاین رمز را به هیچ‌کس ندهید."
    }

    /// `120` → `۲ دقیقه`; `90` → `۹۰ ثانیه`.
    static func duration(_ seconds: Int64) -> String {
        seconds % 60 == 0
            ? DecimalDigits.persian(String(seconds / 60)) + " دقیقه" : DecimalDigits.persian(String(seconds)) + " ثانیه"
    }

    /// The one answer to an inbound SMS that matched nothing: the same whatever went wrong.
    static let neutralInboundAnswer =
        "درخواست رمز پویا دریافت شد. اگر چهار رقم آخر کارتِ ثبت‌شده برای این شماره را فرستاده باشید، رمز برایتان پیامک می‌شود."

    /// The confirmation of a suspension, with the way back.
    static func suspended(bank: String, lastFour: String) -> String {
        """
        \(bank)
        رمز پویای کارت \(DecimalDigits.persian(lastFour)) به درخواست شما غیرفعال شد.
        برای فعال‌سازی دوباره به خودپرداز، اینترنت‌بانک یا شعبه بروید.
        """
    }
}
