import OneTimePassword

/// An Iranian mobile number in E.164 form (`+989121234567`), read from any form people write it in:
/// `09121234567`, `9121234567`, `+98 912 123 4567`, `00989121234567`, `989121234567`, with any digit set.
public struct MobileNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The operator a prefix was first assigned to. Numbers are portable, so this is a hint, not a fact.
    public enum Operator: String, Sendable, Hashable, Codable {
        /// Hamrah-e Aval (MCI).
        case mci
        /// Irancell.
        case irancell
        /// RighTel.
        case rightel
        /// Shatel Mobile.
        case shatel
    }

    /// `+98` and ten digits starting with 9.
    public let e164: String

    /// Reads a mobile number.
    ///
    /// - Throws: ``IssuerError/invalidMobile(_:)``.
    public init(parsing text: some StringProtocol) throws(IssuerError) {
        if text.utf8.count == 13, text.hasPrefix("+989"),
            text.utf8.dropFirst().allSatisfy({ (0x30...0x39).contains($0) })
        {
            e164 = String(text)  // already E.164, as stores keep it: the rest would give the same
            return
        }
        let plus = text.first == "+"
        let compact = String(text.dropFirst(plus ? 1 : 0).filter { !" -()".contains($0) })
        guard let digits = DecimalDigits.latin(compact) else {
            throw .invalidMobile("a mobile number holds only digits")
        }
        let national: Substring
        if digits.hasPrefix("0098") {
            national = digits.dropFirst(4)
        } else if digits.hasPrefix("98"), plus || digits.count == 12 {
            national = digits.dropFirst(2)
        } else if plus {
            throw .invalidMobile("not an Iranian number: the country code must be +98")
        } else {
            national = digits.hasPrefix("0") ? digits.dropFirst() : digits[...]
        }
        guard national.count == 10, national.first == "9" else {
            throw .invalidMobile("not an Iranian mobile number: expected 09XXXXXXXXX or +989XXXXXXXXX")
        }
        e164 = "+98\(national)"
    }

    /// The operator its prefix was assigned to, or `nil` for a prefix not in the table.
    public var `operator`: Operator? {
        let prefix = Int(e164.dropFirst(3).prefix(3)) ?? 0
        switch prefix {
        case 910...919, 990...996: return .mci
        case 900...905, 930, 933, 935...939, 941: return .irancell
        case 920...923: return .rightel
        case 998: return .shatel
        default: return nil
        }
    }

    /// The number with its middle hidden, for showing whom an SMS went to: `+98912***4567`.
    public var masked: String { "\(e164.prefix(6))***\(e164.suffix(4))" }

    /// The masked form.
    public var description: String { masked }
}
