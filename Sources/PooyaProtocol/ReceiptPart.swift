import OneTimePassword

/// The part of an activation code shown on the ATM receipt or the internet bank's screen: 8 digits.
///
/// A secret while the activation is open: its `description` never shows the digits.
public struct ReceiptPart: Sendable, Hashable, CustomStringConvertible {
    /// The number of digits.
    public static let length = 8

    /// The 8 Latin digits.
    public let digits: String

    /// Reads a typed receipt part: Persian, Arabic-Indic or Latin digits, spaces and dashes ignored.
    public init(parsing text: some StringProtocol) throws(ActivationCodeError) {
        digits = try TypedDigits.latin(text, part: "receipt code", count: Self.length)
    }

    /// A new random receipt part.
    public static func random(using generator: inout some RandomNumberGenerator) -> ReceiptPart {
        ReceiptPart(unchecked: DecimalDigits.random(count: length, using: &generator))
    }

    private init(unchecked digits: String) { self.digits = digits }

    /// Redacted.
    public var description: String { "ReceiptPart(••••••••)" }
}
