import OneTimePassword

/// The public number of an activation ticket: 9 random digits and a Damm check digit. Shown beside the receipt part
/// and carried in the QR payload, so support staff and the cardholder can name an activation; it is not a secret.
public struct TicketSerial: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number of digits, check digit included.
    public static let length = 10

    /// The 10 Latin digits.
    public let digits: String

    /// Reads a typed serial: any digit set, spaces and dashes ignored, check digit verified.
    public init(parsing text: some StringProtocol) throws(ActivationCodeError) {
        digits = try TypedDigits.checked(text, part: .serial, count: Self.length)
    }

    /// A new random serial.
    public static func random(using generator: inout some RandomNumberGenerator) -> TicketSerial {
        TicketSerial(unchecked: DammCheckDigit.randomChecked(count: length, using: &generator))
    }

    private init(unchecked digits: String) { self.digits = digits }

    /// The digits.
    public var description: String { digits }
}
