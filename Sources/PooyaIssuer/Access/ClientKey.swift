/// What a client key lets its holder do.
public enum ClientScope: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Register, update and look up cards (the bank's card system).
    case cards
    /// Start activations (the ATM host, the internet bank, the branch system).
    case activate
    /// Verify PINs (the payment switch or gateway).
    case verify
    /// Administer: card status, revoke tokens, read and check the audit trail.
    case admin
    /// Deliver inbound SMS and USSD callbacks (the operator's gateway).
    case channels

    /// Alphabetical, for stable listings.
    public static func < (lhs: ClientScope, rhs: ClientScope) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A system allowed to call the issuer's API, as stored: never the key itself, only its keyed digest.
public struct ClientKey: Sendable, Hashable {
    /// The key's public id (`key_` and 16 hex digits), for listings and revocation.
    public var id: String
    /// Who holds it, such as `atm-host`.
    public var name: String
    /// What it may do.
    public var scopes: Set<ClientScope>
    /// The keyed digest of the secret (HMAC-SHA-256 under the vault's digest key).
    public var secretDigest: String
    /// When it was made (Unix seconds).
    public var createdAt: Int64
    /// When it was revoked; `nil` while valid.
    public var revokedAt: Int64?
    /// The payment pages' hosts this key's gateway may have named in the WebOTP line of its code SMS.
    public var webOTPHosts: Set<WebOTPHost>

    /// Collects the fields, as the issuer makes a key and a store reads one back.
    public init(
        id: String,
        name: String,
        scopes: Set<ClientScope>,
        secretDigest: String,
        createdAt: Int64,
        revokedAt: Int64?,
        webOTPHosts: Set<WebOTPHost> = []
    ) {
        self.webOTPHosts = webOTPHosts
        self.id = id
        self.name = name
        self.scopes = scopes
        self.secretDigest = secretDigest
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Where client keys are kept.
public protocol ClientKeyStore: Sendable {
    /// Adds a key, with its audit event, atomically.
    func insert(_ key: ClientKey, event: AuditEvent) async throws
    /// The key with this secret digest, revoked or not.
    func clientKey(secretDigest: String) async throws -> ClientKey?
    /// Every key, oldest first.
    func clientKeys() async throws -> [ClientKey]
    /// Marks a key revoked, with its audit event; `false` when no valid key has this id.
    func revokeClientKey(id: String, at time: Int64, event: AuditEvent) async throws -> Bool
}
