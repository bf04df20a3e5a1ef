public import OneTimePassword
public import PooyaProtocol

/// A provisioned token: the seed an authenticator shares with the issuer for one card and PIN kind.
public struct Token: Sendable, Hashable, Codable {
    /// The token's id (`tok_` and 32 hex digits).
    public var id: String
    /// The card.
    public var cardID: String
    /// Which PIN it replaces.
    public var kind: PINKind
    /// The seed, sealed under the master key with context `token:<id>`.
    public var sealedSeed: SealedSecret
    /// The HMAC hash.
    public var algorithm: OTPAlgorithm
    /// Digits per code.
    public var digits: Int
    /// Seconds per step.
    public var period: Int64
    /// When it was made (Unix seconds).
    public var createdAt: Int64
    /// The latest time step whose code was accepted; no code of that step or before is accepted again.
    public var lastAcceptedStep: UInt64?
    /// Minutes of amount-capped codes already accepted, with the Unix time each stops mattering.
    public var usedCappedMinutes: [UInt64: Int64]
    /// Wrong codes in a row since the last accepted one.
    public var consecutiveFailures: Int
    /// When the token was locked by too many failures; only a new activation replaces it.
    public var lockedAt: Int64?
    /// When it was revoked (replaced by a newer token, or by an administrator); `nil` while active.
    public var revokedAt: Int64?

    /// Whether codes of this token can still be accepted.
    public var isActive: Bool { revokedAt == nil && lockedAt == nil }
}
