import OneTimePassword

/// A merchant's name as a gateway may have Pooya text it to a cardholder: letters of the Persian (Arabic) and Latin
/// alphabets, digits of any set, single spaces, the zero-width non-joiner Persian words need, and a few punctuation
/// marks (`. , ، - _ & ' ( ) /`), at most 30 characters (what the code's SMS has room for in two parts). Nothing else: no line
/// break that could start a fake instruction, no `@` or `#` that could forge the WebOTP line, no control or
/// direction-changing character that could reorder the amount, no emoji.
///
/// The amount, the code and the WebOTP line of the SMS are always Pooya's own; this is the one text a client
/// chooses.
public struct MerchantName: Sendable, Hashable, CustomStringConvertible {
    /// The longest name, in characters.
    public static let maximumLength = 30

    /// Why a name is refused; never the name itself, which a cardholder did not write.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// Empty, or spaces only.
        case empty
        /// More than ``MerchantName/maximumLength`` characters.
        case tooLong
        /// A character outside the allowed set, at this (1-based) position.
        case forbiddenCharacter(position: Int)

        /// The reason in English, naming the field.
        public var description: String {
            switch self {
            case .empty: "merchantName must not be empty"
            case .tooLong: "merchantName may have at most \(MerchantName.maximumLength) characters"
            case .forbiddenCharacter(let position):
                "merchantName may hold only Persian and Latin letters, digits, spaces and . , ، - _ & ' ( ) /; "
                    + "character \(position) is none of these"
            }
        }
    }

    /// The name, spaces at its ends trimmed.
    public let text: String

    /// Checks a name a client sent.
    ///
    /// - Throws: ``IssuerError/invalidMerchantName(_:)``.
    public init(_ text: String) throws(IssuerError) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw .invalidMerchantName(.empty) }
        guard trimmed.count <= Self.maximumLength else { throw .invalidMerchantName(.tooLong) }
        var previous: Unicode.Scalar?
        for (index, scalar) in trimmed.unicodeScalars.enumerated() {
            let doubleSpace = scalar == " " && previous == " "
            guard Self.allows(scalar), !doubleSpace else {
                throw .invalidMerchantName(.forbiddenCharacter(position: index + 1))
            }
            previous = scalar
        }
        self.text = trimmed
    }

    /// The name.
    public var description: String { text }

    private static func allows(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A: true  // Latin letters
        case 0x0621...0x063A, 0x0641...0x064A, 0x066E...0x06D3, 0x06D5: true  // Arabic-script letters, Persian's too
        case 0x200C: true  // zero-width non-joiner, inside Persian words
        default: DecimalDigits.value(of: scalar) != nil || punctuation.contains(scalar)
        }
    }

    private static let punctuation: Set<Unicode.Scalar> = [
        " ", ".", ",", "\u{060C}", "-", "_", "&", "'", "(", ")", "/",
    ]
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
