/// Why an audited event happened, or a short secret-free detail of it (a ticket's serial, a client key's id). The
/// issuer makes reasons only through the typed constructors below; the raw value is what stores keep and chain.
public struct AuditReason: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stored text.
    public let rawValue: String

    /// A reason read back from a store.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The verification's rejection reason.
    public static func rejection(_ reason: RejectionReason) -> AuditReason { AuditReason(rawValue: reason.rawValue) }
    /// The error a request was refused with (its stable code).
    public static func refusal(_ error: IssuerError) -> AuditReason { AuditReason(rawValue: error.code) }
    /// The activation ticket concerned, by its public serial.
    public static func ticket(_ serial: String) -> AuditReason { AuditReason(rawValue: serial) }
    /// The member of staff concerned, by name, and their role.
    public static func staffMember(_ name: String, role: StaffRole) -> AuditReason {
        AuditReason(rawValue: "\(name) (\(role.rawValue))")
    }
    /// The client key concerned, by its id.
    public static func clientKey(_ id: String) -> AuditReason { AuditReason(rawValue: id) }
    /// How many wrong codes in a row locked a PIN.
    public static func consecutiveFailures(_ count: Int) -> AuditReason {
        AuditReason(rawValue: "\(count) consecutive failures")
    }
    /// A handshake named no open activation: the first from `source` (an IP address) in its interval.
    public static func unknownActivation(from source: String) -> AuditReason {
        AuditReason(rawValue: "\(IssuerError.activationNotFound.code) from \(source)")
    }
    /// How many records retention deleted, and the cutoff they were older than (Unix seconds).
    public static func deleted(_ count: Int, before cutoff: Int64) -> AuditReason {
        AuditReason(rawValue: "\(count) records before \(cutoff)")
    }
    /// The verification receipt concerned, by the digest of its claims (``ReceiptClaims/digest``): `receipt:` and 22
    /// base64url characters.
    public static func receipt(_ digest: String) -> AuditReason { AuditReason(rawValue: "receipt:" + digest) }
    /// How many stored secrets a batch sealed again, and under which master key.
    public static func resealed(_ count: Int, underKey keyID: UInt32) -> AuditReason {
        AuditReason(rawValue: "\(count) secrets under master key \(keyID)")
    }
    /// Why a token was revoked.
    public static func revocation(_ why: TokenRevocation) -> AuditReason { AuditReason(rawValue: why.rawValue) }

    /// The stored text.
    public var description: String { rawValue }
}

/// Why a token stopped being the card's current one.
public enum TokenRevocation: String, Sendable, Hashable, Codable {
    /// A new activation of the same kind made a newer token.
    case replaced
    /// Bank staff revoked it.
    case revoked
    /// The cardholder suspended the card's dynamic PINs.
    case suspended
}
