/// The banks' rule for an authenticator's password: at least 8 characters, with letters and digits (any script,
/// any digit set).
public enum PasswordPolicy {
    /// Why a password is refused, or `nil` when it is acceptable.
    public static func problem(with password: String) -> VaultError? {
        guard password.count >= 8 else { return .weakPassword("a password needs at least 8 characters") }
        guard password.contains(where: \.isLetter), password.contains(where: \.isNumber) else {
            return .weakPassword("a password needs both letters and digits")
        }
        return nil
    }
}

/// The optional 8-digit PIN that must be typed to show a token's code (Parsian's "generation PIN").
public enum GenerationPIN {
    /// The PIN in Latin digits, or why it is refused: not 8 digits, a run like 12345678 or 87654321 (wrapping
    /// through 0 counts), or a digit used more than 4 times.
    public static func validated(_ text: String) throws(VaultError) -> String {
        guard let digits = DecimalDigitsText.latin(text), digits.count == 8 else {
            throw .weakGenerationPIN("a generation PIN has 8 digits")
        }
        let values = digits.utf8.map { Int($0) - 48 }
        let steps = Set(zip(values, values.dropFirst()).map { ($1 - $0 + 10) % 10 })
        guard steps != [1], steps != [9] else { throw .weakGenerationPIN("a run of digits like 12345678 is too easy") }
        guard Dictionary(grouping: values, by: { $0 }).values.allSatisfy({ $0.count <= 4 }) else {
            throw .weakGenerationPIN("no digit may appear more than 4 times")
        }
        return digits
    }
}
