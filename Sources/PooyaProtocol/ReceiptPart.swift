import OneTimePassword

/// The part of an activation code shown on the ATM receipt or the internet bank's screen: 7 random digits and a Damm
/// check digit, 8 digits in all, so a mistyped digit or two swapped ones are caught on the device before they cost
/// one of the ticket's attempts. Its 23 random bits and the SMS part's 83 make the pair's 106.
///
/// A secret while the activation is open: its `description` never shows the digits.
public struct ReceiptPart: Sendable, Hashable, CustomStringConvertible {
    /// The number of digits, check digit included.
    public static let length = 8

    /// The 8 Latin digits.
    public let digits: String

    /// Reads a typed receipt part: Persian, Arabic-Indic or Latin digits, spaces and dashes ignored.
    ///
    /// - Throws: ``ActivationCodeError/checkDigitMismatch(part:)`` when a digit was mistyped or two swapped.
    public init(parsing text: some StringProtocol) throws(ActivationCodeError) {
        digits = try TypedDigits.checked(text, part: .receipt, count: Self.length)
    }

    /// A new random receipt part.
    public static func random(using generator: inout some RandomNumberGenerator) -> ReceiptPart {
        ReceiptPart(unchecked: DammCheckDigit.randomChecked(count: length, using: &generator))
    }

    private init(unchecked digits: String) { self.digits = digits }

    /// Redacted.
    public var description: String { "ReceiptPart(••••••••)" }
}
