import OneTimePassword

/// Why typed or scanned activation details were refused on the device, before any network call.
public enum ActivationCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Something other than digits (any digit set), spaces and dashes.
    case notDigits(part: String)
    /// The wrong number of digits.
    case wrongLength(part: String, expected: Int, actual: Int)
    /// The check digit does not match: a digit was mistyped or two were swapped.
    case checkDigitMismatch(part: String)
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
}

/// Reads digits as a person types them: Latin, Persian or Arabic-Indic, with spaces and dashes ignored.
enum TypedDigits {
    static func latin(_ text: some StringProtocol, part: String, count: Int) throws(ActivationCodeError) -> String {
        let compact = String(text.filter { $0 != " " && $0 != "-" && $0 != "\u{200C}" })
        guard let digits = DecimalDigits.latin(compact) else { throw .notDigits(part: part) }
        guard digits.count == count else { throw .wrongLength(part: part, expected: count, actual: digits.count) }
        return digits
    }
}
