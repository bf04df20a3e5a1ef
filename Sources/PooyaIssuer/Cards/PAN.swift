import OneTimePassword
public import PooyaProtocol

/// A card number: 16 digits with a valid Luhn check digit. Typed with any digit set; spaces and dashes ignored.
///
/// Held only in memory while a request is handled: stores keep its ``CardFingerprint`` and ``masked`` form. Its
/// `description` is the masked form.
public struct PAN: Sendable, Hashable, CustomStringConvertible {
    /// The 16 Latin digits.
    public let digits: String

    /// Reads a card number.
    ///
    /// - Throws: ``IssuerError/invalidPAN(_:)`` saying whether the length or the check digit is wrong.
    public init(parsing text: some StringProtocol) throws(IssuerError) {
        let separated = text.utf8.contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }
        let compact = separated ? String(text.filter { $0 != " " && $0 != "-" }) : String(text)
        guard let digits = DecimalDigits.latin(compact) else { throw .invalidPAN("a card number holds only digits") }
        guard digits.count == 16 else { throw .invalidPAN("a card number has 16 digits, not \(digits.count)") }
        guard Self.luhnIsValid(digits) else { throw .invalidPAN("the card number's check digit is wrong") }
        self.digits = digits
    }

    /// The card number whose first 15 digits are `body` (Latin digits), with its Luhn check digit added: for
    /// issuing test and load-test populations.
    ///
    /// - Throws: ``IssuerError/invalidPAN(_:)`` unless `body` is 15 Latin digits.
    public init(completing body: String) throws(IssuerError) {
        guard body.count == 15, body.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .invalidPAN("a card number body has 15 digits")
        }
        let check = (0...9).first { Self.luhnIsValid(body + String($0)) } ?? 0
        self.digits = body + String(check)
    }

    /// The first six digits, which name the issuing bank.
    public var bin: String { String(digits.prefix(6)) }

    /// The bank that issued the card, from its BIN.
    public var bank: Bank { Bank(bin: bin) }

    /// First six and last four digits, the rest hidden: `610433******1234`.
    public var masked: String { "\(digits.prefix(6))******\(digits.suffix(4))" }

    /// The masked form; never the whole number.
    public var description: String { masked }

    static func luhnIsValid(_ digits: String) -> Bool {
        let sum = digits.utf8.reversed().enumerated().reduce(0) { sum, pair in
            let digit = Int(pair.element - UInt8(ascii: "0"))
            let doubled = pair.offset.isMultiple(of: 2) ? digit : digit * 2
            return sum + (doubled > 9 ? doubled - 9 : doubled)
        }
        return sum.isMultiple(of: 10)
    }
}

/// A card number's keyed fingerprint: HMAC-SHA-256 under the issuer's fingerprint key, in hex. Stores find a card
/// by it; without the key it reveals nothing about the number.
public struct CardFingerprint: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 64 hex digits.
    public let hex: String

    /// Wraps a fingerprint read from a store.
    public init(hex: String) { self.hex = hex }

    /// The first 16 hex digits, enough to tell cards apart in logs and audit listings.
    public var description: String { String(hex.prefix(16)) }
}
