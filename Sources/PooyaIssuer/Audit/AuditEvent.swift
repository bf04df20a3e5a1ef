public import PooyaProtocol

/// One thing that happened, as the audit trail keeps it: what, to which card and token, through which channel, why,
/// when, and who acted. It never holds a card number, code, seed or activation part.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// What happened.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case cardRegistered = "card_registered"
        case cardUpdated = "card_updated"
        case activationStarted = "activation_started"
        case activationSuperseded = "activation_superseded"
        case activationRejected = "activation_rejected"
        case tokenProvisioned = "token_provisioned"
        case tokenRevoked = "token_revoked"
        /// Written before the failure count became one per card and kind; read back from older logs only.
        case tokenLocked = "token_locked"
        case staticPINDisabled = "static_pin_disabled"
        case codeIssued = "code_issued"
        case codeRefused = "code_refused"
        /// Written before the failure count became one per card and kind; read back from older logs only.
        case codesLocked = "codes_locked"
        case pinLocked = "pin_locked"
        case pinUnlocked = "pin_unlocked"
        case mobileChanged = "mobile_changed"
        case activationConfirmed = "activation_confirmed"
        case cardSuspended = "card_suspended"
        case verificationApproved = "verification_approved"
        case verificationRejected = "verification_rejected"
        case staticPINAllowed = "static_pin_allowed"
        case receiptRedeemed = "receipt_redeemed"
        case receiptPresentedAgain = "receipt_presented_again"
        case secretsResealed = "secrets_resealed"
        case clientKeyCreated = "client_key_created"
        case clientKeyRevoked = "client_key_revoked"
        case recordsDeleted = "records_deleted"
        case staffCreated = "staff_created"
        case staffSignedIn = "staff_signed_in"
        case staffSignInRefused = "staff_sign_in_refused"
        case staffLocked = "staff_locked"
        case staffSignedOut = "staff_signed_out"
        case activationSMSResent = "activation_sms_resent"
    }

    /// What happened.
    public var action: Action
    /// The card's fingerprint, when a card is concerned.
    public var cardFingerprint: CardFingerprint?
    /// The token, when one is concerned.
    public var tokenID: String?
    /// The PIN kind, when one is concerned.
    public var kind: PINKind?
    /// The channel or client it came through.
    public var channel: AuditChannel?
    /// A rejection reason or other short, secret-free detail.
    public var reason: AuditReason?
    /// When (Unix seconds).
    public var time: Int64
    /// Who acted: the client key or the member of staff; `nil` in entries written before actors were named, and for
    /// the cardholder's own handshake.
    public var actor: AuditActor?

    /// Collects the fields.
    public init(
        _ action: Action,
        card: CardFingerprint?,
        token: String? = nil,
        kind: PINKind? = nil,
        channel: AuditChannel? = nil,
        reason: AuditReason? = nil,
        time: Int64,
        actor: AuditActor? = nil
    ) {
        self.actor = actor
        self.action = action
        self.cardFingerprint = card
        self.tokenID = token
        self.kind = kind
        self.channel = channel
        self.reason = reason
        self.time = time
    }
}
