import OneTimePassword

/// What a cardholder's SMS to the bank's inbound number asks for: a code for the card ending with four digits, or
/// the kill switch (`قفل` or `LOCK`, then the four digits) for it. Digits in any set, spaces anywhere; the word in
/// any case.
public enum InboundSMS: Sendable, Hashable {
    /// A code for the card whose number ends with these Latin digits.
    case code(lastFour: String)
    /// Suspend the dynamic PINs of the card whose number ends with these Latin digits.
    case lock(lastFour: String)
    /// Anything else.
    case other

    /// What the issuer did with an inbound SMS.
    public enum Answer: Sendable, Hashable {
        /// A code went to the sender by SMS.
        case codeSent
        /// The card's dynamic PINs were suspended (or already were), and the sender told so.
        case suspended
        /// The neutral answer went back; nothing changed.
        case neutral
    }

    /// Reads an SMS's text.
    public init(text: String) {
        let compact = text.filter { !$0.isWhitespace && $0 != "\u{200C}" }
        for word in ["قفل", "lock"] where compact.lowercased().hasPrefix(word) {
            self = Self.lastFour(compact.dropFirst(word.count)).map { .lock(lastFour: $0) } ?? .other
            return
        }
        self = Self.lastFour(Substring(compact)).map { .code(lastFour: $0) } ?? .other
    }

    /// The four digits asked about, if any.
    public var lastFour: String? {
        switch self {
        case .code(let digits), .lock(let digits): digits
        case .other: nil
        }
    }

    private static func lastFour(_ text: Substring) -> String? {
        guard let digits = DecimalDigits.latin(text), digits.count == 4 else { return nil }
        return digits
    }
}
