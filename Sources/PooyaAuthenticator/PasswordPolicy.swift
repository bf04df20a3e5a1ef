/// The banks' rule for an authenticator's password: at least 8 characters, with letters and digits (any script,
/// any digit set).
public enum PasswordPolicy {
    /// Why a password is refused.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// Fewer than 8 characters.
        case tooShort
        /// Letters only, or digits only.
        case needsLettersAndDigits

        /// The reason in English.
        public var description: String {
            switch self {
            case .tooShort: "a password needs at least 8 characters"
            case .needsLettersAndDigits: "a password needs both letters and digits"
            }
        }

        /// The reason in Persian.
        public var persianDescription: String {
            switch self {
            case .tooShort: "گذرواژه دست‌کم ۸ نویسه لازم دارد"
            case .needsLettersAndDigits: "گذرواژه هم حرف لازم دارد و هم رقم"
            }
        }
    }

    /// Why a password is refused, or `nil` when it is acceptable.
    public static func problem(with password: String) -> VaultError? {
        guard password.count >= 8 else { return .weakPassword(.tooShort) }
        guard password.contains(where: \.isLetter), password.contains(where: \.isNumber) else {
            return .weakPassword(.needsLettersAndDigits)
        }
        return nil
    }
}

/// The optional 8-digit PIN that must be typed to show a token's code (Parsian's "generation PIN").
public enum GenerationPIN {
    /// Why a generation PIN is refused.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// Not 8 digits (of any digit set).
        case notEightDigits
        /// A run like 12345678 or 87654321.
        case run
        /// One digit more than 4 times.
        case digitRepeated

        /// The reason in English.
        public var description: String {
            switch self {
            case .notEightDigits: "a generation PIN has 8 digits"
            case .run: "a run of digits like 12345678 is too easy"
            case .digitRepeated: "no digit may appear more than 4 times"
            }
        }

        /// The reason in Persian.
        public var persianDescription: String {
            switch self {
            case .notEightDigits: "رمز تولید ۸ رقم دارد"
            case .run: "رقم‌های پشت سر هم مانند ۱۲۳۴۵۶۷۸ بسیار آسان است"
            case .digitRepeated: "هیچ رقمی نباید بیش از ۴ بار بیاید"
            }
        }
    }

    /// The PIN in Latin digits, or why it is refused: not 8 digits, a run like 12345678 or 87654321 (wrapping
    /// through 0 counts), or a digit used more than 4 times.
    public static func validated(_ text: String) throws(VaultError) -> String {
        guard let digits = DecimalDigitsText.latin(text), digits.count == 8 else {
            throw .weakGenerationPIN(.notEightDigits)
        }
        let values = digits.utf8.map { Int($0) - 48 }
        let steps = Set(zip(values, values.dropFirst()).map { ($1 - $0 + 10) % 10 })
        guard steps != [1], steps != [9] else { throw .weakGenerationPIN(.run) }
        guard Dictionary(grouping: values, by: { $0 }).values.allSatisfy({ $0.count <= 4 }) else {
            throw .weakGenerationPIN(.digitRepeated)
        }
        return digits
    }
}
