import OneTimePassword
import PooyaProtocol

/// Numbers, money and times as a cardholder in Iran reads them in an SMS (``SMSTemplates``): Persian digits, rials
/// grouped by thousands with the Persian separator (U+066C), Tehran's clock. Pages show amounts the same way.
public enum PersianText {
    /// `2500000` → `۲٬۵۰۰٬۰۰۰ ریال`.
    static func rials(_ amount: Int64) -> String {
        DecimalDigits.persian(grouped(amount, separator: "\u{066C}")) + " ریال"
    }

    /// `amount` in Latin digits grouped by thousands with `separator`: `2500000` → `2,500,000` with `","`.
    public static func grouped(_ amount: Int64, separator: String) -> String {
        var groups: [String] = []
        var rest = amount.magnitude
        repeat {
            let group = String(rest % 1000)
            rest /= 1000
            groups.insert(rest > 0 ? String(repeating: "0", count: 3 - group.count) + group : group, at: 0)
        } while rest > 0
        return (amount < 0 ? "-" : "") + groups.joined(separator: separator)
    }

    /// Until when a code may be used, on Tehran's clock in Persian digits: `تا ۱۴:۰۲` (a code lives two minutes, so
    /// the time alone says it).
    static func until(_ expiresAt: Int64) -> String {
        "تا " + DecimalDigits.persian(TehranTime.clock(expiresAt))
    }
}
