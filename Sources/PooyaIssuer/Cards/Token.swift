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
    /// When it was revoked (replaced by a newer token, or by an administrator); `nil` while active.
    public var revokedAt: Int64?
    /// How many steps the authenticator's clock is ahead (negative: behind), learnt from two codes in a row that
    /// matched at the same offset (``ClockDrift``); its codes are checked against the window shifted by it.
    public var stepOffset: Int64
    /// The offset of the last code refused for clock drift, waiting for a second at the same offset.
    public var pendingDrift: Int64?

    /// Whether the token is the card's current one of its kind (its codes may still be accepted, unless the card's
    /// ``PINLock`` of this kind is locked).
    public var isActive: Bool { revokedAt == nil }

    /// Collects the fields, as the issuer makes a token and a store reads one back.
    public init(
        id: String,
        cardID: String,
        kind: PINKind,
        sealedSeed: SealedSecret,
        algorithm: OTPAlgorithm,
        digits: Int,
        period: Int64,
        createdAt: Int64,
        lastAcceptedStep: UInt64?,
        usedCappedMinutes: [UInt64: Int64],
        revokedAt: Int64?,
        stepOffset: Int64 = 0,
        pendingDrift: Int64? = nil
    ) {
        self.stepOffset = stepOffset
        self.pendingDrift = pendingDrift
        self.id = id
        self.cardID = cardID
        self.kind = kind
        self.sealedSeed = sealedSeed
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.createdAt = createdAt
        self.lastAcceptedStep = lastAcceptedStep
        self.usedCappedMinutes = usedCappedMinutes
        self.revokedAt = revokedAt
    }
}
