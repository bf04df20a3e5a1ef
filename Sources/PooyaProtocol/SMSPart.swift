import OneTimePassword

/// The part of an activation code sent by SMS to the card's registered mobile: 25 random digits (83 bits, so the
/// pair with the receipt part cannot be guessed offline) and a Damm check digit, 26 digits in all.
///
/// Shown in groups of four (`1234-5678-…-12`); typed with any digit set, spaces and dashes ignored. A secret while
/// the activation is open: its `description` never shows the digits.
public struct SMSPart: Sendable, Hashable, CustomStringConvertible {
    /// The number of random digits; the check digit comes after them.
    public static let randomLength = 25

    /// The 26 Latin digits, check digit last.
    public let digits: String

    /// Reads a typed or pasted SMS part.
    ///
    /// - Throws: ``ActivationCodeError/checkDigitMismatch(part:)`` when a digit was mistyped or two swapped.
    public init(parsing text: some StringProtocol) throws(ActivationCodeError) {
        digits = try TypedDigits.checked(text, part: .sms, count: Self.randomLength + 1)
    }

    /// A new random SMS part.
    public static func random(using generator: inout some RandomNumberGenerator) -> SMSPart {
        SMSPart(unchecked: DammCheckDigit.randomChecked(count: randomLength + 1, using: &generator))
    }

    private init(unchecked digits: String) { self.digits = digits }

    /// The digits in groups of four separated by dashes, as the SMS shows them.
    public var grouped: String {
        stride(from: 0, to: digits.count, by: 4).map { start in
            String(digits.dropFirst(start).prefix(4))
        }.joined(separator: "-")
    }

    /// Redacted.
    public var description: String { "SMSPart(••••)" }
}
