/// Why the vault refused something. The messages name no secret.
public enum VaultError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The password does not open the vault.
    case wrongPassword
    /// The file is damaged: its checksum does not match (a bad disk, a partial copy).
    case damaged
    /// The file was altered by someone who also recomputed its checksum: its contents fail authentication.
    case tampered
    /// The file is of a version this library does not know.
    case unsupportedVersion(Int)
    /// The password breaks the policy.
    case weakPassword(String)
    /// The generation PIN is refused.
    case weakGenerationPIN(String)
    /// A token for this card and kind exists; remove it or ask to replace it.
    case tokenExists(maskedPAN: String)
    /// No token matches.
    case noSuchToken(String)
    /// The token's generation PIN was not given or is wrong.
    case generationPINRequired
    /// The file could not be read or written.
    case storage(String)

    /// A message in English.
    public var description: String {
        switch self {
        case .wrongPassword: "the password is wrong"
        case .damaged: "the vault file is damaged"
        case .tampered: "the vault file was tampered with"
        case .unsupportedVersion(let version): "the vault file has version \(version), which this version cannot read"
        case .weakPassword(let reason), .weakGenerationPIN(let reason): reason
        case .tokenExists(let card):
            "a token for \(card) exists already, and nothing was changed at the bank: replace it, or remove it first"
        case .noSuchToken(let card): "no token matches \(card)"
        case .generationPINRequired: "this token's generation PIN is needed to show its code"
        case .storage(let reason): reason
        }
    }
}
