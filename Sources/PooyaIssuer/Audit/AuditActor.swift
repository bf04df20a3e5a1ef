/// Who made a change: the client key a bank system called with, or a member of the bank's staff at `pooya admin`.
/// Chained into the audit entry it names; a key's id, never its secret.
public enum AuditActor: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A bank system (the switch, the ATM host, the internet bank, the SMS gateway) calling with this client key.
    case clientKey(id: String)
    /// A member of staff, by the name they work under (`pooya admin`: the login name, the one behind `sudo` first).
    case staff(name: String)
    /// The service itself, by the part that acted (`retention`).
    case service(name: String)

    /// The actor of the changes this task makes: set by the HTTP service for each request with a client key, and by
    /// `pooya admin` for its staff member. `nil` (no actor named) for what the cardholder's authenticator asks
    /// without a key, the provisioning handshake.
    @TaskLocal public static var current: AuditActor?

    /// The stored, chained form: `key:key_…`, `staff:NAME` or `service:NAME`.
    public var rawValue: String {
        switch self {
        case .clientKey(let id): "key:\(id)"
        case .staff(let name): "staff:\(name)"
        case .service(let name): "service:\(name)"
        }
    }

    /// Reads the stored form back; `nil` for anything else.
    public init?(rawValue: String) {
        if rawValue.hasPrefix("key:") {
            self = .clientKey(id: String(rawValue.dropFirst(4)))
        } else if rawValue.hasPrefix("staff:") {
            self = .staff(name: String(rawValue.dropFirst(6)))
        } else if rawValue.hasPrefix("service:") {
            self = .service(name: String(rawValue.dropFirst(8)))
        } else {
            return nil
        }
    }

    /// A member of staff, their name cut to 64 characters of letters, digits and `._-@` so that no name can forge
    /// another field of an entry or a line of a log.
    public static func staffMember(_ name: String) -> AuditActor {
        let kept = name.unicodeScalars.filter {
            $0.properties.isAlphabetic || "0123456789._-@".unicodeScalars.contains($0)
        }
        let cleaned = String(String.UnicodeScalarView(kept).prefix(64))
        return .staff(name: cleaned.isEmpty ? "unknown" : cleaned)
    }

    /// The stored form.
    public var description: String { rawValue }
}
