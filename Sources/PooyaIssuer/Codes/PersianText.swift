import OneTimePassword
import PooyaProtocol

/// The SMS the issuer sends, and the numbers, money and times in them as a cardholder in Iran reads them: Persian
/// digits, rials grouped by thousands with the Persian separator (U+066C), Tehran's clock. Each text fits the parts
/// its test gives it (``SMSLength``): a part costs the bank.
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

    /// Until when a code may be used, on Tehran's clock in Persian digits: `تا ۱۴:۰۲` (a code lives two minutes, so
    /// the time alone says it).
    static func until(_ expiresAt: Int64) -> String {
        "تا " + DecimalDigits.persian(TehranTime.clock(expiresAt))
    }

    /// The line every SMS carrying a secret ends its own text with.
    static let doNotShare = "به کسی ندهید"

    /// A gateway's code, in two SMS parts at most (a 30-character merchant name, an amount of tens of billions of
    /// rials and a 20-character WebOTP host): the type and the payee, the amount, the code and until when, the advice
    /// not to share it, and the WebOTP line last, as browsers expect it.
    static func challenge(
        type: TransactionType,
        merchant: MerchantName,
        amount: Int64,
        code: String,
        until expiresAt: Int64,
        webOTP: WebOTPLine?
    ) -> String {
        let lines = [
            "\(type.persianName): \(merchant.text)", rials(amount), "رمز: \(code) \(until(expiresAt))", doNotShare,
        ]
        return (lines + (webOTP.map { [$0.text(code: code)] } ?? [])).joined(separator: "\n")
    }

    /// A code the cardholder asked for by SMS, in one SMS part (the sender's name says the bank).
    static func requestedCode(lastFour: String, code: String, until expiresAt: Int64) -> String {
        """
        رمز دوم پویا کارت \(DecimalDigits.persian(lastFour)): \(code)
        \(until(expiresAt))؛ \(doNotShare)
        """
    }

    /// The one answer to an inbound SMS that matched nothing: the same whatever went wrong, in one SMS part.
    static let neutralInboundAnswer = "اگر ۴ رقم آخر کارتِ این شماره را فرستاده باشید، رمز پیامک می‌شود."

    /// The confirmation of a suspension, with the way back, in one SMS part (the sender's name says the bank).
    static func suspended(lastFour: String) -> String {
        """
        رمز پویای کارت \(DecimalDigits.persian(lastFour)) غیرفعال شد
        فعال‌سازی: خودپرداز، اینترنت‌بانک، شعبه
        """
    }
}
