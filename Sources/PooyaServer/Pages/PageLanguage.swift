import Foundation
import Hummingbird
import OneTimePassword
import PooyaIssuer
import PooyaProtocol

extension Language {
    /// The language a page is shown in: `?lang=en` or `?lang=fa` when the address names one, else English only when
    /// the browser prefers it (`Accept-Language`), else Persian.
    init(page request: Request) {
        switch request.uri.queryParameters["lang"] {
        case "en": self = .english
        case "fa": self = .persian
        default: self = Language(acceptLanguage: request.headers[.acceptLanguage])
        }
    }

    /// The HTML `lang` code.
    var code: String { self == .persian ? "fa" : "en" }

    /// The HTML `dir`: right-to-left for Persian.
    var direction: String { self == .persian ? "rtl" : "ltr" }

    /// The query a page's own links and forms carry to keep an English page English; none for Persian, the default.
    var query: String { self == .persian ? "" : "?lang=en" }

    /// `text` with its digits as a reader of this language reads them: Persian digits in Persian.
    func digits(_ text: String) -> String {
        self == .persian ? DecimalDigits.persian(text) : text
    }

    /// `amount` grouped by thousands (with the Persian separator in Persian) and followed by the unit ``PageText``
    /// names `unit`: `۲٬۵۰۰٬۰۰۰ ریال`, `2,500,000 rials`.
    func amount(_ amount: Int64, unit: String) -> String {
        digits(PersianText.grouped(amount, separator: self == .persian ? "\u{066C}" : ","))
            + " " + PageText.text(unit, self)
    }

    /// A time as a cardholder reads it: the Jalali date and Tehran's clock.
    func time(_ unixTime: Int64) -> String {
        digits(TehranTime.dateAndTime(unixTime)) + (self == .persian ? " (به وقت تهران)" : " (Tehran time)")
    }

    /// Seconds left as a countdown, `h:mm:ss` or `m:ss`.
    func countdown(_ seconds: Int64) -> String {
        let seconds = max(0, seconds)
        let (hours, minutes, rest) = (seconds / 3600, seconds % 3600 / 60, seconds % 60)
        let two = { (value: Int64) in value < 10 ? "0\(value)" : "\(value)" }
        return digits(hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))")
    }

    /// A sentence of ``PageText`` with its `%d` replaced by `number`.
    func text(_ name: String, _ number: Int) -> String {
        PageText.text(name, self).replacingOccurrences(of: "%d", with: digits(String(number)))
    }
}

/// A Unix time as RFC 3339, for a `<time datetime>`.
func isoTime(_ unixTime: Int64) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(unixTime)))
}
