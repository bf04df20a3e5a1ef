import OneTimePassword

/// Why typed or scanned activation details were refused on the device, before any network call.
public enum ActivationCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which part of the activation details a cardholder typed or scanned.
    public enum Part: String, Sendable, Hashable, CustomStringConvertible {
        /// The part on the ATM receipt or the internet bank's screen.
        case receipt
        /// The part that came by SMS.
        case sms
        /// The ticket serial shown with the screen part.
        case serial

        /// The part's name in English: `receipt code`, `SMS code`, `serial`.
        public var description: String {
            switch self {
            case .receipt: "receipt code"
            case .sms: "SMS code"
            case .serial: "serial"
            }
        }

        /// The part's name in Persian, as the cardholder's screen or receipt names it.
        public var persianName: String {
            switch self {
            case .receipt: "کد رسید یا صفحه"
            case .sms: "کد پیامک"
            case .serial: "شمارهٔ سریال"
            }
        }
    }

    /// Something other than digits (any digit set), spaces and dashes.
    case notDigits(part: Part)
    /// The wrong number of digits.
    case wrongLength(part: Part, expected: Int, actual: Int)
    /// The check digit does not match: a digit was mistyped or two were swapped.
    case checkDigitMismatch(part: Part)
    /// A QR payload that is not a Pooya activation payload, or misses a field.
    case malformedPayload(String)

    /// A message naming the part; never the digits themselves.
    public var description: String {
        switch self {
        case .notDigits(let part): "the \(part) may hold only digits"
        case .wrongLength(let part, let expected, let actual): "the \(part) has \(actual) digits; it needs \(expected)"
        case .checkDigitMismatch(let part): "the \(part) has a typo: a digit is wrong or two are swapped"
        case .malformedPayload(let reason): "not a Pooya activation code: \(reason)"
        }
    }

    /// The same message in Persian (Latin digits; a Persian screen writes them as Persian digits).
    public var persianDescription: String {
        switch self {
        case .notDigits(let part): "\(part.persianName) فقط رقم دارد"
        case .wrongLength(let part, let expected, let actual):
            "\(part.persianName) \(actual) رقم دارد؛ باید \(expected) رقم باشد"
        case .checkDigitMismatch(let part):
            "\(part.persianName) اشتباه تایپ شده است: رقمی نادرست است یا دو رقم جابه‌جا شده‌اند"
        case .malformedPayload: "این کد فعال‌سازی رمز پویا نیست"
        }
    }
}

/// Reads digits as a person types them: Latin, Persian or Arabic-Indic, with spaces and dashes ignored, and a Damm
/// check digit last.
enum TypedDigits {
    static func checked(
        _ text: some StringProtocol,
        part: ActivationCodeError.Part,
        count: Int
    ) throws(ActivationCodeError) -> String {
        let compact = String(text.filter { $0 != " " && $0 != "-" && $0 != "\u{200C}" })
        guard let digits = DecimalDigits.latin(compact) else { throw .notDigits(part: part) }
        guard digits.count == count else { throw .wrongLength(part: part, expected: count, actual: digits.count) }
        guard DammCheckDigit.isValid(digits) else { throw .checkDigitMismatch(part: part) }
        return digits
    }
}
